#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/hashmap.h"
#include "lib/util.h"

uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

uint64_t hash_combine(uint64_t a, uint64_t b)
{
	return hash_u64(a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2)));
}

uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ull;

	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x100000001b3ull;
		h ^= h >> 29;
		s += 8;
		n -= 8;
	}
	while (n--)
		h = (h ^ *s++) * 0x100000001b3ull;
	return hash_u64(h);
}

void hashmap_init(struct hashmap *m)
{
	memset(m, 0, sizeof(*m));
}

void hashmap_release(struct hashmap *m)
{
	free(m->keys);
	free(m->vals);
	free(m->used);
	memset(m, 0, sizeof(*m));
}

static size_t probe(const struct hashmap *m, uint64_t key)
{
	size_t mask = m->cap - 1, i = hash_u64(key) & mask;
	while (m->used[i] && m->keys[i] != key)
		i = (i + 1) & mask;
	return i;
}

static void grow(struct hashmap *m)
{
	struct hashmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 16;
	m->keys = xmalloc(m->cap * sizeof(*m->keys));
	m->vals = xmalloc(m->cap * sizeof(*m->vals));
	m->used = xcalloc(m->cap, 1);
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.used[i])
			continue;
		size_t j = probe(m, old.keys[i]);
		m->used[j] = 1;
		m->keys[j] = old.keys[i];
		m->vals[j] = old.vals[i];
	}
	free(old.keys);
	free(old.vals);
	free(old.used);
}

uint64_t *hashmap_slot(struct hashmap *m, uint64_t key, bool *found)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	size_t i = probe(m, key);
	*found = m->used[i];
	if (!m->used[i]) {
		m->used[i] = 1;
		m->keys[i] = key;
		m->vals[i] = 0;
		m->n++;
	}
	return &m->vals[i];
}

bool hashmap_get(const struct hashmap *m, uint64_t key, uint64_t *val)
{
	if (!m->cap)
		return false;
	size_t i = probe(m, key);
	if (!m->used[i])
		return false;
	if (val)
		*val = m->vals[i];
	return true;
}

void hashmap_put(struct hashmap *m, uint64_t key, uint64_t val)
{
	bool found;
	*hashmap_slot(m, key, &found) = val;
}

bool hashmap_del(struct hashmap *m, uint64_t key)
{
	if (!m->cap)
		return false;
	size_t mask = m->cap - 1, i = probe(m, key);
	if (!m->used[i])
		return false;
	m->used[i] = 0;
	m->n--;
	/* Re-seat the rest of the cluster so later probes still find it. */
	for (size_t j = (i + 1) & mask; m->used[j]; j = (j + 1) & mask) {
		uint64_t k = m->keys[j], v = m->vals[j];
		m->used[j] = 0;
		size_t t = probe(m, k);
		m->used[t] = 1;
		m->keys[t] = k;
		m->vals[t] = v;
	}
	return true;
}

bool hashmap_next(const struct hashmap *m, size_t *i, uint64_t *key, uint64_t *val)
{
	for (; *i < m->cap; (*i)++) {
		if (m->used[*i]) {
			*key = m->keys[*i];
			*val = m->vals[*i];
			(*i)++;
			return true;
		}
	}
	return false;
}
