/*
 * Lookups in the tables of a read trace: symbols by (process, address),
 * the mapping that holds an address, events by name.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "trace/trace.h"

static uint64_t sym_key(uint32_t proc, uint64_t addr)
{
	return hash_combine(proc, addr);
}

void trace_symbol_put(struct trace *t, const struct trace_symbol *s)
{
	for (uint64_t h = sym_key(s->proc, s->addr);; h++) {
		bool found;
		uint64_t *slot = hashmap_slot(&t->sym_index, h, &found);
		if (!found) {
			*slot = t->symbols.n;
			array_push(&t->symbols, *s);
			return;
		}
		struct trace_symbol *old = &t->symbols.v[*slot];
		if (old->proc == s->proc && old->addr == s->addr) {
			*old = *s;
			return;
		}
	}
}

const struct trace_symbol *trace_symbol_get(const struct trace *t, uint32_t proc, uint64_t addr)
{
	uint64_t idx;
	for (uint64_t h = sym_key(proc, addr); hashmap_get(&t->sym_index, h, &idx); h++) {
		const struct trace_symbol *s = &t->symbols.v[idx];
		if (s->proc == proc && s->addr == addr)
			return s;
	}
	return NULL;
}

static int by_proc(const void *a, const void *b, void *ctx)
{
	const struct trace_map *maps = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	if (maps[x].proc != maps[y].proc)
		return maps[x].proc < maps[y].proc ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The maps grouped by process, each group in recording order. */
static void index_maps(struct trace *t)
{
	t->map_order = xmalloc((t->maps.n + 1) * sizeof(*t->map_order));
	for (uint32_t i = 0; i < t->maps.n; i++)
		t->map_order[i] = i;
	qsort_r(t->map_order, t->maps.n, sizeof(*t->map_order), by_proc, t->maps.v);
}

const struct trace_map *trace_map_find(const struct trace *t, uint32_t proc, uint64_t addr)
{
	if (!t->map_order)
		index_maps((struct trace *)t);
	/* The last map of proc: the first index whose proc is greater, minus one. */
	size_t lo = 0, hi = t->maps.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->maps.v[t->map_order[mid]].proc <= proc)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Later mappings replace earlier ones at the same place (dlopen after
	 * dlclose), so search from the latest. */
	for (size_t i = lo; i-- > 0;) {
		const struct trace_map *m = &t->maps.v[t->map_order[i]];
		if (m->proc != proc)
			break;
		if (addr >= m->start && addr - m->start < m->len)
			return m;
	}
	return NULL;
}

int trace_event_index(const struct trace *t, const char *name)
{
	if (!name)
		return 0;
	for (size_t i = 0; i < t->header.events.n; i++) {
		const struct trace_event *e = &t->header.events.v[i];
		if (strcmp(e->name, name) == 0 || (e->requested && strcmp(e->requested, name) == 0))
			return i;
	}
	return -1;
}
