#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"
#include "lib/strtab.h"
#include "lib/util.h"
#include "sym/kallsyms.h"

struct ksym {
	uint64_t addr;
	uint32_t name;		/* strtab ids */
	uint32_t module;	/* UINT32_MAX: kernel image */
	uint8_t rank;		/* among aliases at one address, the highest wins */
};

struct kallsyms {
	struct strtab strs;
	ARRAY(struct ksym) syms;
};

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* Aliases at one address: the best name sorts last, where the
	 * binary search lands. */
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/* Only code matters for sampled addresses; data symbols would steal ranges. */
static bool is_text_type(char t)
{
	return t == 't' || t == 'T' || t == 'w' || t == 'W';
}

/* "ffffffff81000000 T _stext" or "ffffffffc0a01000 t foo\t[ext4]". */
static void parse_line(struct kallsyms *k, char *line, bool *nonzero)
{
	char *end, *name, *mod;
	uint64_t addr = strtoull(line, &end, 16);

	if (end == line || *end != ' ' || !is_text_type(end[1]) || end[2] != ' ')
		return;
	name = end + 3;
	name[strcspn(name, "\n")] = '\0';
	mod = strchr(name, '\t');
	if (mod)
		*mod++ = '\0';
	if (addr)
		*nonzero = true;
	struct ksym *s = array_add(&k->syms);
	s->addr = addr;
	s->name = strtab_intern_str(&k->strs, name);
	s->module = UINT32_MAX;
	/* Users know global names better than local ones, and "_stext"-like
	 * markers least of all. */
	s->rank = (end[1] == 'T' ? 4 : end[1] == 't' ? 2 : 0) + (name[0] != '_');
	if (mod && mod[0] == '[') {
		size_t n = strcspn(mod + 1, "]");
		s->module = strtab_intern(&k->strs, mod + 1, n);
	}
}

int kallsyms_load(const char *path, struct kallsyms **out)
{
	FILE *f = fopen(path, "re");
	*out = NULL;
	if (!f)
		return err_errno(errno, "cannot open '%s'", path);
	struct kallsyms *k = xcalloc(1, sizeof(*k));
	strtab_init(&k->strs);
	char *line = NULL;
	size_t cap = 0;
	bool nonzero = false;
	while (getline(&line, &cap, f) > 0)
		parse_line(k, line, &nonzero);
	free(line);
	fclose(f);
	if (!nonzero) {
		kallsyms_free(k);
		return err_set(EPERM, "kernel symbol addresses in '%s' are hidden "
			       "(kernel.kptr_restrict; run as root or set it to 0): "
			       "no kernel names", path);
	}
	if (k->syms.n > 1)
		qsort(k->syms.v, k->syms.n, sizeof(*k->syms.v), ksym_cmp);
	*out = k;
	return 0;
}

void kallsyms_free(struct kallsyms *k)
{
	if (!k)
		return;
	strtab_release(&k->strs);
	array_free(&k->syms);
	free(k);
}

size_t kallsyms_count(const struct kallsyms *k)
{
	return k->syms.n;
}

bool kallsyms_lookup(const struct kallsyms *k, uint64_t addr, struct ksym_hit *hit)
{
	size_t lo = 0, hi = k->syms.n;

	/* Last symbol whose address is <= addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->syms.v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return false;
	const struct ksym *s = &k->syms.v[lo - 1];
	if (s->addr == 0)
		return false;
	hit->name = strtab_get(&k->strs, s->name);
	hit->module = s->module == UINT32_MAX ? NULL : strtab_get(&k->strs, s->module);
	hit->start = s->addr;
	return true;
}
