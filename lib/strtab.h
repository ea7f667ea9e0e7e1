/* String interning: each distinct string gets a small id, stable for its life. */
#ifndef CPROF_STRTAB_H
#define CPROF_STRTAB_H

#include <stddef.h>
#include <stdint.h>

struct strtab {
	char **strs;		/* id -> string */
	uint32_t *lens;
	uint32_t n, cap;
	uint32_t *slots;	/* open addressing over ids + 1; 0 is empty */
	uint32_t nslots;
};

void strtab_init(struct strtab *t);
void strtab_release(struct strtab *t);
/* Returns the id of s (length len), adding it if new. */
uint32_t strtab_intern(struct strtab *t, const char *s, size_t len);
uint32_t strtab_intern_str(struct strtab *t, const char *s);
/* Returns UINT32_MAX when absent. */
uint32_t strtab_find(const struct strtab *t, const char *s, size_t len);
static inline const char *strtab_get(const struct strtab *t, uint32_t id)
{
	return id < t->n ? t->strs[id] : NULL;
}

#endif
