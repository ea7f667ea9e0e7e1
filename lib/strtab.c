#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/hashmap.h"
#include "lib/strtab.h"
#include "lib/util.h"

void strtab_init(struct strtab *t)
{
	memset(t, 0, sizeof(*t));
}

void strtab_release(struct strtab *t)
{
	for (uint32_t i = 0; i < t->n; i++)
		free(t->strs[i]);
	free(t->strs);
	free(t->lens);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static uint32_t *find_slot(const struct strtab *t, const char *s, size_t len, uint64_t h)
{
	uint32_t mask = t->nslots - 1, i = h & mask;
	for (;; i = (i + 1) & mask) {
		uint32_t id = t->slots[i];
		if (!id)
			return &t->slots[i];
		id--;
		if (t->lens[id] == len && memcmp(t->strs[id], s, len) == 0)
			return &t->slots[i];
	}
}

static void rehash(struct strtab *t)
{
	free(t->slots);
	t->nslots = t->nslots ? t->nslots * 2 : 64;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
	for (uint32_t id = 0; id < t->n; id++) {
		uint64_t h = hash_bytes(t->strs[id], t->lens[id]);
		*find_slot(t, t->strs[id], t->lens[id], h) = id + 1;
	}
}

uint32_t strtab_find(const struct strtab *t, const char *s, size_t len)
{
	if (!t->nslots)
		return UINT32_MAX;
	uint32_t slot = *find_slot(t, s, len, hash_bytes(s, len));
	return slot ? slot - 1 : UINT32_MAX;
}

uint32_t strtab_intern(struct strtab *t, const char *s, size_t len)
{
	if ((t->n + 1) * 2 > t->nslots)
		rehash(t);
	uint32_t *slot = find_slot(t, s, len, hash_bytes(s, len));
	if (*slot)
		return *slot - 1;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->strs = xrealloc(t->strs, t->cap * sizeof(*t->strs));
		t->lens = xrealloc(t->lens, t->cap * sizeof(*t->lens));
	}
	t->strs[t->n] = xstrndup(s, len);
	t->lens[t->n] = len;
	*slot = ++t->n;
	return t->n - 1;
}

uint32_t strtab_intern_str(struct strtab *t, const char *s)
{
	return strtab_intern(t, s, strlen(s));
}
