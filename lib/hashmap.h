/* Open-addressing hash map from 64-bit keys to 64-bit values. */
#ifndef CPROF_HASHMAP_H
#define CPROF_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hashmap {
	uint64_t *keys;
	uint64_t *vals;
	uint8_t *used;
	size_t cap;	/* power of two */
	size_t n;
};

void hashmap_init(struct hashmap *m);
void hashmap_release(struct hashmap *m);
/* Returns a pointer to the value slot; *found says whether it existed. */
uint64_t *hashmap_slot(struct hashmap *m, uint64_t key, bool *found);
bool hashmap_get(const struct hashmap *m, uint64_t key, uint64_t *val);
void hashmap_put(struct hashmap *m, uint64_t key, uint64_t val);
bool hashmap_del(struct hashmap *m, uint64_t key);

/* Iterate: for (size_t i = 0; hashmap_next(m, &i, &k, &v); ) */
bool hashmap_next(const struct hashmap *m, size_t *i, uint64_t *key, uint64_t *val);

uint64_t hash_u64(uint64_t x);
uint64_t hash_bytes(const void *p, size_t n);
uint64_t hash_combine(uint64_t a, uint64_t b);

#endif
