/* Annotate's listings: instructions with their shares and source lines,
 * the source alone, or the recorded addresses when the binary is gone. */
#include "config.h"

#include <capstone/capstone.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hashmap.h"
#include "lib/term.h"
#include "lib/util.h"
#include "report/annotate_internal.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define HOT "\033[1;31m"
#define RESET "\033[m"
#define PREFIX 12	/* "  45.23% >  " */

/* ---- source files ------------------------------------------------------ */

struct srcfile {
	char *path;
	char *text;
	ARRAY(const char *) lines;	/* line 1 is lines.v[0] */
};

struct sources {
	ARRAY(struct srcfile) files;
};

static struct srcfile *source(struct sources *s, const char *path)
{
	for (size_t i = 0; i < s->files.n; i++)
		if (strcmp(s->files.v[i].path, path) == 0)
			return &s->files.v[i];
	struct srcfile *sf = array_add(&s->files);
	sf->path = xstrdup(path);
	FILE *in = fopen(path, "r");
	if (!in)
		return sf;
	size_t cap = 0;
	char *line = NULL;
	ssize_t n;
	struct { char *v; size_t n; } all = { NULL, 0 };
	while ((n = getline(&line, &cap, in)) > 0) {
		all.v = xrealloc(all.v, all.n + n + 1);
		memcpy(all.v + all.n, line, n);
		all.n += n;
	}
	free(line);
	fclose(in);
	if (!all.v)
		return sf;
	all.v[all.n] = '\0';
	sf->text = all.v;
	for (char *p = all.v; *p;) {
		array_push(&sf->lines, p);
		char *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return sf;
}

static const char *source_line(struct sources *s, const char *path, uint32_t line)
{
	if (!path || !line)
		return NULL;
	struct srcfile *sf = source(s, path);
	return line <= sf->lines.n ? sf->lines.v[line - 1] : NULL;
}

static void sources_release(struct sources *s)
{
	for (size_t i = 0; i < s->files.n; i++) {
		free(s->files.v[i].path);
		free(s->files.v[i].text);
		array_free(&s->files.v[i].lines);
	}
	array_free(&s->files);
}

/* Tabs become spaces so cut lines keep their columns. */
static char *expand_tabs(const char *s, bool strip)
{
	struct { char *v; size_t n, cap; } o = { 0 };
	size_t col = 0;
	if (strip)
		s += strspn(s, " \t");
	for (; *s; s++) {
		size_t n = *s == '\t' ? 8 - col % 8 : 1;
		array_reserve(&o, o.n + n + 1);
		for (size_t i = 0; i < n; i++)
			o.v[o.n++] = *s == '\t' ? ' ' : *s;
		col += n;
	}
	array_reserve(&o, o.n + 1);
	o.v[o.n] = '\0';
	return o.v;
}

/* ---- common pieces ----------------------------------------------------- */

static void put_share(const struct annotation *a, FILE *f, double count, double total, bool hot)
{
	if (count <= 0) {
		fprintf(f, "%*s", PREFIX, "");
		return;
	}
	double p = total > 0 ? 100.0 * count / total : 0;
	const char *c = !a->o->color ? "" : hot ? HOT : p >= 5 ? RED : p >= 0.5 ? GREEN : "";
	fprintf(f, "%s%8.2f%%%s %c ", c, p, *c ? RESET : "", hot ? '>' : ' ');
}

static void put_rest(const struct annotation *a, FILE *f, const char *s)
{
	term_put_cut(f, s, a->o->width ? (a->o->width > PREFIX ? a->o->width - PREFIX : 1) : 0);
	fputc('\n', f);
}

static void header(const struct annotation *a, FILE *f, const char *where, double in_fn)
{
	const struct cand *c = &a->cands.v[a->chosen];
	int ev = trace_event_index(a->t, a->o->event);
	const struct trace_header *h = &a->t->header;
	fprintf(f, "# cprof annotate of %s in %s (event %s)\n", c->func, where,
		ev >= 0 && (size_t)ev < h->events.n ? h->events.v[ev].name : "?");
	if (c->via_inline)
		fprintf(f, "# '%s' is inlined: this is the function it was inlined into\n",
			a->o->symbol);
	fprintf(f, "# %.0f of %.0f samples (%.2f%%) are in %s\n", in_fn, a->total,
		a->total > 0 ? 100.0 * in_fn / a->total : 0.0, c->func);
}

/* ---- disassembly ------------------------------------------------------- */

struct listing {
	struct annotation *a;
	cs_insn *insn;
	size_t n;
	double *count;		/* per instruction */
	struct sym_result *where;	/* per instruction: its inline chain and lines */
	size_t hot;
	struct sources src;
};

static size_t insn_at(const struct listing *l, uint64_t vaddr)
{
	size_t lo = 0, hi = l->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (l->insn[mid].address <= vaddr)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static void count_insns(struct listing *l)
{
	struct annotation *a = l->a;
	l->count = xcalloc(l->n + 1, sizeof(*l->count));
	for (size_t i = 0; i < a->hits.n; i++)
		if (a->hits.v[i].placed && l->n)
			l->count[insn_at(l, a->hits.v[i].vaddr)] += a->hits.v[i].count;
	for (size_t i = 0; i < l->n; i++)
		if (l->count[i] > l->count[l->hot])
			l->hot = i;
}

/* Lines from the binary's DWARF, through the symbolizer's reading of it. */
static void locate_insns(struct listing *l)
{
	struct annotation *a = l->a;
	l->where = xcalloc(l->n + 1, sizeof(*l->where));
	for (size_t i = 0; i < l->n; i++)
		symbolizer_vaddr(a->elf, l->insn[i].address, &l->where[i]);
}

static bool same_place(const struct sym_frame *x, const struct sym_frame *y)
{
	return x->line == y->line && !x->file == !y->file && (!x->file || strcmp(x->file, y->file) == 0);
}

/* Source lines where the chain of instruction i departs from the one before:
 * the outermost function's line first, then each inlined function's. */
static void mixed_source(struct listing *l, size_t i, FILE *f)
{
	const struct sym_result *r = &l->where[i], *p = i ? &l->where[i - 1] : NULL;
	size_t depth = 0;
	if (p)
		while (depth < r->nframes && depth < p->nframes &&
		       same_place(&r->frames[r->nframes - 1 - depth], &p->frames[p->nframes - 1 - depth]))
			depth++;
	if (p && depth == r->nframes && depth == p->nframes)
		return;
	for (; depth < r->nframes; depth++) {
		const struct sym_frame *fr = &r->frames[r->nframes - 1 - depth];
		if (!fr->file || !fr->line)
			continue;
		const char *text = source_line(&l->src, fr->file, fr->line);
		char *t = expand_tabs(text ? text : "", true);
		char *s = xasprintf("%*s%s:%u  %s%s%s%s", (int)(2 * depth), "", path_base(fr->file),
				    fr->line, t, depth ? "    [inlined: " : "",
				    depth ? (fr->func ? fr->func : "?") : "", depth ? "]" : "");
		for (size_t e = strlen(s); e && s[e - 1] == ' ';)
			s[--e] = '\0';
		fprintf(f, "%*s", PREFIX, "");
		put_rest(l->a, f, s);
		free(s);
		free(t);
	}
}

static void print_insns(struct listing *l, FILE *f)
{
	struct annotation *a = l->a;
	bool mixed = a->o->view == VIEW_MIXED;
	fprintf(f, "#  Percent    Address  %s\n#\n", mixed ? "Instruction, with its source lines above it"
							: "Instruction");
	for (size_t i = 0; i < l->n; i++) {
		if (mixed)
			mixed_source(l, i, f);
		const cs_insn *in = &l->insn[i];
		char *s = xasprintf("%8llx:  %-7s %s", (unsigned long long)in->address, in->mnemonic,
				    in->op_str);
		for (size_t e = strlen(s); e && s[e - 1] == ' ';)
			s[--e] = '\0';
		put_share(a, f, l->count[i], a->fn_total, i == l->hot && l->count[i] > 0);
		put_rest(a, f, s);
		free(s);
	}
}

/* --source-only: the shares summed by source line, per file. */
static void print_source(struct listing *l, FILE *f)
{
	struct annotation *a = l->a;
	ARRAY(const char *) files = { 0 };
	struct hashmap counts = { 0 }, seen = { 0 };	/* (file index, line) -> count */
	double best = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct sym_result *r = &l->where[i];
		if (!r->nframes || !r->frames[0].file || !r->frames[0].line)
			continue;
		size_t fi = 0;
		while (fi < files.n && strcmp(files.v[fi], r->frames[0].file) != 0)
			fi++;
		if (fi == files.n)
			array_push(&files, r->frames[0].file);
		uint64_t key = (uint64_t)fi << 32 | r->frames[0].line, c = 0;
		hashmap_get(&counts, key, &c);
		c += (uint64_t)l->count[i];
		hashmap_put(&counts, key, c);
		hashmap_put(&seen, key, 1);
		best = MAX(best, (double)c);
	}
	for (size_t fi = 0; fi < files.n; fi++) {
		uint32_t lo = UINT32_MAX, hi = 0;
		uint64_t key, v;
		for (size_t it = 0; hashmap_next(&seen, &it, &key, &v);)
			if (key >> 32 == fi) {
				lo = MIN(lo, (uint32_t)key);
				hi = MAX(hi, (uint32_t)key);
			}
		bool have = source_line(&l->src, files.v[fi], lo) != NULL;
		fprintf(f, "#  Percent    Line  %s%s\n#\n", files.v[fi], have ? "" : " (source not found)");
		for (uint32_t ln = lo; ln <= hi; ln++) {
			uint64_t c = 0;
			bool touched = hashmap_get(&seen, (uint64_t)fi << 32 | ln, &v);
			hashmap_get(&counts, (uint64_t)fi << 32 | ln, &c);
			/* Long spans (code inlined from far apart) show only their lines. */
			if (!touched && (hi - lo > 400 || !have))
				continue;
			const char *text = source_line(&l->src, files.v[fi], ln);
			char *t = expand_tabs(text ? text : "", false);
			char *s = xasprintf("%6u  %s", ln, t);
			put_share(a, f, (double)c, a->fn_total, c > 0 && (double)c == best);
			put_rest(a, f, s);
			free(s);
			free(t);
		}
		fputc('\n', f);
	}
	array_free(&files);
	hashmap_release(&counts);
	hashmap_release(&seen);
}

int annotate_listing(struct annotation *a, FILE *f)
{
	struct listing l = { .a = a };
	csh cs;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
		return err_set(EINVAL, "cannot start the disassembler");
	cs_option(cs, CS_OPT_SYNTAX, a->o->intel ? CS_OPT_SYNTAX_INTEL : CS_OPT_SYNTAX_ATT);
	l.n = cs_disasm(cs, a->code, a->size, a->start, 0, &l.insn);
	count_insns(&l);
	if (a->o->view != VIEW_ASM)
		locate_insns(&l);

	char *where = xasprintf("%s%s%s", a->bin_path, strcmp(a->bin_path, a->rec_path) ? " for " : "",
				strcmp(a->bin_path, a->rec_path) ? a->rec_path : "");
	header(a, f, where, a->fn_total);
	free(where);
	fprintf(f, "# 0x%llx..0x%llx (%llu bytes, %zu instructions), %s syntax\n",
		(unsigned long long)a->start, (unsigned long long)(a->start + a->size),
		(unsigned long long)a->size, l.n, a->o->intel ? "Intel" : "AT&T");
	if (l.n && l.count[l.hot] > 0)
		fprintf(f, "# hottest instruction: 0x%llx, %.2f%% of the function's samples (marked >)\n",
			(unsigned long long)l.insn[l.hot].address,
			100.0 * l.count[l.hot] / a->fn_total);
	fprintf(f, "#\n");
	if (a->o->view == VIEW_SOURCE)
		print_source(&l, f);
	else
		print_insns(&l, f);

	for (size_t i = 0; l.where && i < l.n; i++)
		sym_result_release(&l.where[i]);
	free(l.where);
	free(l.count);
	sources_release(&l.src);
	if (l.n)
		cs_free(l.insn, l.n);
	cs_close(&cs);
	return 0;
}

/* ---- without the binary ------------------------------------------------ */

static int by_offset(const void *x, const void *y)
{
	const struct hit *a = *(const struct hit *const *)x, *b = *(const struct hit *const *)y;
	return a->sym.offset < b->sym.offset ? -1 : a->sym.offset > b->sym.offset;
}

int annotate_recorded(struct annotation *a, FILE *f)
{
	const struct cand *c = &a->cands.v[a->chosen];
	ARRAY(const struct hit *) hs = { 0 };
	const struct hit *hot = NULL;
	for (size_t i = 0; i < a->hits.n; i++) {
		const struct hit *h = &a->hits.v[i];
		if (h->cand != a->chosen)
			continue;
		array_push(&hs, h);
		if (!hot || h->count > hot->count)
			hot = h;
	}
	if (hs.n)
		if (hs.n > 1)
			qsort(hs.v, hs.n, sizeof(*hs.v), by_offset);
	char *where = xasprintf("%s, from the recorded addresses", a->rec_path ? a->rec_path : c->module);
	header(a, f, where, c->count);
	free(where);
	fprintf(f, "#\n#  Percent    Address  Source line (innermost function)\n#\n");
	for (size_t i = 0; i < hs.n; i++) {
		const struct sym_result *r = &hs.v[i]->sym;
		const struct sym_frame *in = r->nframes ? &r->frames[0] : NULL;
		char *s = xasprintf("%8llx:  %s:%u  (%s)", (unsigned long long)r->offset,
				    in && in->file ? path_base(in->file) : "??", in ? in->line : 0,
				    in && in->func ? in->func : "?");
		put_share(a, f, hs.v[i]->count, c->count, hs.v[i] == hot);
		put_rest(a, f, s);
		free(s);
	}
	array_free(&hs);
	return 0;
}
