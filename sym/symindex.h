/*
 * A module's symbol table, sorted once so that a lookup is a binary search
 * (internal to sym/symelf.c).  Names come from it exactly as
 * dwfl_module_addrinfo() would give them, but that function reads the
 * whole table for every address; its preferences (which depend on the
 * order it meets candidates in) are replayed here on the few candidates.
 * Addresses are the module's (libdwfl's: the ELF's own plus its bias).
 */
#ifndef CPROF_SYMINDEX_H
#define CPROF_SYMINDEX_H

#include <elfutils/libdwfl.h>
#include <stdbool.h>
#include <stdint.h>

struct symindex;

/* Reads mod's symbol table (mod must outlive the index). */
struct symindex *symindex_new(Dwfl_Module *mod);
void symindex_free(struct symindex *x);

/* What dwfl_module_addrinfo() names at module address addr, or NULL; the
 * string lives as long as the module. */
const char *symindex_name(struct symindex *x, uint64_t addr);
/*
 * The sized symbol symindex_name() takes its name from, with its start
 * (a module address) and size; false when no sized symbol names addr.
 */
bool symindex_holder(struct symindex *x, uint64_t addr, uint64_t *start, uint64_t *size);

#endif
