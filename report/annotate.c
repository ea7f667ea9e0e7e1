/*
 * `cprof annotate`: which function the user means (from the sampled
 * addresses' symbols), where its binary is (found by the symbolizer: the
 * recorded path, under the process's root for containers, checked by
 * build-id), the function's extent (the symbol report names it by), and the counts of
 * the samples whose innermost address falls in it.  The listing itself is
 * in annotate_out.c.
 */
#include "config.h"

#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "report/annotate_internal.h"
#include "report/trace_profile.h"
#include "trace/format.h"

/* Every distinct (process, innermost address) of the event, with its count. */
static void collect_hits(struct annotation *a)
{
	struct trace *t = a->t;
	struct hashmap index = { 0 };
	int event = trace_event_index(t, a->o->event);
	for (size_t i = 0; i < t->samples.n; i++) {
		const struct trace_sample *s = &t->samples.v[i];
		if ((int)(s->flags >> SAMPLE_TRUNC_BITS) != event || !s->node ||
		    s->node >= t->nodes.n || s->thread >= t->threads.n)
			continue;
		a->total++;
		uint64_t addr = t->nodes.v[s->node].addr;
		uint32_t proc = trace_addr_is_kernel(addr) ? TRACE_KERNEL_PROC
							  : t->threads.v[s->thread].proc;
		uint64_t h = hash_combine(proc, addr), idx;
		for (; hashmap_get(&index, h, &idx); h++)
			if (a->hits.v[idx].proc == proc && a->hits.v[idx].addr == addr)
				break;
		if (!hashmap_get(&index, h, &idx)) {
			idx = a->hits.n;
			hashmap_put(&index, h, idx);
			struct hit *n = array_add(&a->hits);
			n->proc = proc;
			n->addr = addr;
			n->cand = UINT32_MAX;
		}
		a->hits.v[idx].count++;
	}
	hashmap_release(&index);
}

static bool dso_matches(const char *want, const char *module)
{
	return !want || (module && (strcmp(want, module) == 0 ||
				    strcmp(want, path_base(module)) == 0));
}

/* exact: the name itself; else a part of it.  A function inlined into
 * another leads to the function it was inlined into. */
static bool hit_matches(const struct annotate_opts *o, const struct sym_result *r, bool exact,
			bool *via_inline)
{
	if (!r->nframes || !dso_matches(o->dso, r->module))
		return false;
	for (size_t i = r->nframes; i-- > 0;) {
		const char *f = r->frames[i].func;
		if (f && (exact ? strcmp(f, o->symbol) == 0 : strstr(f, o->symbol) != NULL)) {
			*via_inline = i + 1 < r->nframes;
			return true;
		}
	}
	return false;
}

static uint32_t cand_of(struct annotation *a, const struct sym_result *r, bool via_inline)
{
	const char *func = r->frames[r->nframes - 1].func;
	const char *mod = r->module ? r->module : "[unknown]";
	for (size_t i = 0; i < a->cands.n; i++)
		if (strcmp(a->cands.v[i].func, func) == 0 && strcmp(a->cands.v[i].module, mod) == 0)
			return i;
	struct cand *c = array_add(&a->cands);
	c->func = xstrdup(func);
	c->module = xstrdup(mod);
	c->kernel = r->kind == SYM_KERNEL;
	c->via_inline = via_inline;
	return a->cands.n - 1;
}

static int find_candidates(struct annotation *a)
{
	for (size_t i = 0; i < a->hits.n; i++) {
		struct hit *h = &a->hits.v[i];
		if (trace_addr_symbolize(a->t, &a->sym, h->proc, h->addr, &h->sym) < 0 &&
		    !h->sym.module)
			memset(&h->sym, 0, sizeof(h->sym));
	}
	for (int exact = 1; exact >= 0 && !a->cands.n; exact--) {
		for (size_t i = 0; i < a->hits.n; i++) {
			struct hit *h = &a->hits.v[i];
			bool via_inline = false;
			if (!hit_matches(a->o, &h->sym, exact, &via_inline))
				continue;
			h->cand = cand_of(a, &h->sym, via_inline);
			a->cands.v[h->cand].count += h->count;
		}
	}
	return 0;
}

/* Every sampled address of the chosen function, also those the name of an
 * inlined function did not match. */
static void claim_function(struct annotation *a)
{
	struct cand *c = &a->cands.v[a->chosen];
	for (size_t i = 0; i < a->hits.n; i++) {
		struct hit *h = &a->hits.v[i];
		const struct sym_result *r = &h->sym;
		if (h->cand == UINT32_MAX && r->nframes && r->frames[r->nframes - 1].func &&
		    strcmp(r->frames[r->nframes - 1].func, c->func) == 0 &&
		    strcmp(r->module ? r->module : "[unknown]", c->module) == 0) {
			h->cand = a->chosen;
			c->count += h->count;
		}
	}
}

static int no_single_candidate(struct annotation *a)
{
	if (!a->cands.n)
		return err_set(ENOENT, "no samples in a function named '%s'%s%s%s (see 'cprof report "
			       "--sort sym' for the sampled functions)", a->o->symbol,
			       a->o->dso ? " in '" : "", a->o->dso ? a->o->dso : "",
			       a->o->dso ? "'" : "");
	char *list = xstrdup("");
	for (size_t i = 0; i < a->cands.n; i++) {
		const struct cand *c = &a->cands.v[i];
		char *more = xasprintf("%s\n  %-30s %-24s %6.0f samples", list, c->func,
				       path_base(c->module), c->count);
		free(list);
		list = more;
	}
	int rc = err_set(EINVAL, "'%s' matches %zu functions; name one (and its module with "
			 "--dso when the name repeats):%s", a->o->symbol, a->cands.n, list);
	free(list);
	return rc;
}

/* ---- the binary -------------------------------------------------------- */

static enum bin_status bin_status_of(enum binfile_status st)
{
	switch (st) {
	case BINFILE_OK: return BIN_OK;
	case BINFILE_MISSING: return BIN_MISSING;
	case BINFILE_NOT_REGULAR: return BIN_NOT_REGULAR;
	case BINFILE_NOT_ELF: return BIN_NOT_ELF;
	case BINFILE_CHANGED: return BIN_CHANGED;
	}
	return BIN_MISSING;
}

/* The binary is found by the symbolizer, as report finds it: under the
 * process's root, opened safely, checked by build-id. */
static void open_binary(struct annotation *a, const struct hit *hot)
{
	a->bin_status = BIN_MISSING;
	if (hot->proc == TRACE_KERNEL_PROC) {
		a->bin_status = BIN_KERNEL;
		return;
	}
	const struct trace_map *m = trace_map_find(a->t, hot->proc, hot->addr);
	if (!m)
		return;
	a->map = m;
	char *path = xstrdup(trace_str(a->t, m->path));
	size_t len = strlen(path);
	if (len > 10 && strcmp(path + len - 10, " (deleted)") == 0)
		path[len - 10] = '\0';
	a->rec_path = path;
	if (!a->sym) {
		struct sym_options so = { 0 };
		if (!(a->sym = symbolizer_new(&so)))
			return;
	}
	struct sym_mapping sm = {
		.path = trace_str(a->t, m->path), .start = m->start,
		.end = m->start + m->len, .pgoff = m->pgoff,
		.build_id = m->build_id_len ? m->build_id : NULL,
		.build_id_len = m->build_id_len,
	};
	struct sym_binary b;
	symbolizer_binary(a->sym, (int)a->t->procs.v[hot->proc].pid, &sm, &b);
	a->bin_status = bin_status_of(b.status);
	if (b.status != BINFILE_OK)
		return;
	a->elf = b.elf;
	a->bin = symbolizer_binfile(b.elf);
	a->bin_path = b.shown;
}

/* The function that covers vaddr: the symbol report names it by. */
static bool find_function(struct annotation *a, uint64_t vaddr)
{
	return symbolizer_function(a->elf, vaddr, &a->start, &a->size);
}

/* The function's bytes, from the section that holds them. */
static bool function_bytes(struct annotation *a)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(binfile_elf(a->bin), scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    a->start < sh.sh_addr || a->start + a->size > sh.sh_addr + sh.sh_size)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf || a->start - sh.sh_addr + a->size > d->d_size)
			return false;
		a->code = (const uint8_t *)d->d_buf + (a->start - sh.sh_addr);
		return true;
	}
	return false;
}

/* Each hit of the function at its ELF address, through its own mapping. */
static void place_hits(struct annotation *a)
{
	for (size_t i = 0; i < a->hits.n; i++) {
		struct hit *h = &a->hits.v[i];
		const struct trace_map *m = h->cand == a->chosen ?
			trace_map_find(a->t, h->proc, h->addr) : NULL;
		uint64_t v;
		if (m && strcmp(trace_str(a->t, m->path), trace_str(a->t, a->map->path)) == 0 &&
		    binfile_offset_to_vaddr(a->bin, h->addr - m->start + m->pgoff, &v) &&
		    v >= a->start && v - a->start < a->size) {
			h->vaddr = v;
			h->placed = true;
			a->fn_total += h->count;
		}
	}
}

static const char *const status_text[] = {
	[BIN_OK] = "",
	[BIN_MISSING] = "is missing",
	[BIN_CHANGED] = "has changed since the recording (its build-id differs)",
	[BIN_NOT_ELF] = "is not an ELF file",
	[BIN_NOT_REGULAR] = "is not a regular file",
	[BIN_KERNEL] = "",
	[BIN_NO_SYMBOL] = "has no symbol for the function",
};

static void release(struct annotation *a)
{
	for (size_t i = 0; i < a->hits.n; i++)
		sym_result_release(&a->hits.v[i].sym);
	array_free(&a->hits);
	for (size_t i = 0; i < a->cands.n; i++) {
		free(a->cands.v[i].func);
		free(a->cands.v[i].module);
	}
	array_free(&a->cands);
	symbolizer_free(a->sym);
	free(a->bin_path);
	free(a->rec_path);
}

int annotate_write(struct trace *t, const struct annotate_opts *o, FILE *f, char **notice)
{
	struct annotation a = { .t = t, .o = o };
	*notice = NULL;
	if (trace_event_index(t, o->event) < 0)
		return err_set(ENOENT, "no event '%s' in '%s'", o->event, t->path);
	collect_hits(&a);
	find_candidates(&a);
	if (a.cands.n != 1) {
		int rc = no_single_candidate(&a);
		release(&a);
		return rc;
	}
	a.chosen = 0;
	claim_function(&a);
	const struct hit *hot = NULL;
	for (size_t i = 0; i < a.hits.n; i++)
		if (a.hits.v[i].cand == 0 && (!hot || a.hits.v[i].count > hot->count))
			hot = &a.hits.v[i];
	open_binary(&a, hot);
	uint64_t v;
	if (a.bin_status == BIN_OK) {
		if (!binfile_offset_to_vaddr(a.bin, hot->addr - a.map->start + a.map->pgoff, &v) ||
		    !find_function(&a, v) || !function_bytes(&a))
			a.bin_status = BIN_NO_SYMBOL;
	}
	int rc;
	if (a.bin_status == BIN_OK) {
		place_hits(&a);
		rc = annotate_listing(&a, f);
	} else {
		const struct cand *c = &a.cands.v[0];
		if (a.bin_status == BIN_KERNEL)
			*notice = xasprintf("'%s' is kernel code: no binary to disassemble; the "
					    "recorded addresses and counts follow", c->func);
		else
			*notice = xasprintf("cannot disassemble '%s': '%s' %s; the recorded "
					    "addresses and counts follow", c->func,
					    a.rec_path ? a.rec_path : c->module,
					    status_text[a.bin_status]);
		rc = annotate_recorded(&a, f);
	}
	release(&a);
	return rc;
}
