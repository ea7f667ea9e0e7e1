/* Kernel symbols from /proc/kallsyms: read once, sorted, binary search. */
#ifndef CPROF_KALLSYMS_H
#define CPROF_KALLSYMS_H

#include <stdbool.h>
#include <stdint.h>

struct kallsyms;

/*
 * Reads a kallsyms file (normally "/proc/kallsyms") into *out.  Returns 0,
 * or -errno with err_msg() set when it cannot be read, or -EPERM when every
 * address is 0 (kptr_restrict hides them from this user).
 */
int kallsyms_load(const char *path, struct kallsyms **out);
void kallsyms_free(struct kallsyms *k);

struct ksym_hit {
	const char *name;
	const char *module;	/* "ext4"; NULL for the kernel image itself */
	uint64_t start;		/* the symbol's address */
};

/* The text symbol addr falls in (up to the next symbol); false if none. */
bool kallsyms_lookup(const struct kallsyms *k, uint64_t addr, struct ksym_hit *hit);
/* Number of text symbols kept. */
size_t kallsyms_count(const struct kallsyms *k);

#endif
