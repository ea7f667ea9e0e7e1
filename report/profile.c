#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "report/profile.h"

static const char *const suffixes[FRAME_NKINDS] = {
	[FRAME_USER] = "", [FRAME_KERNEL] = "_[k]", [FRAME_JIT] = "_[j]",
	[FRAME_INLINE] = "_[i]", [FRAME_WAKER] = "_[w]",
};

const char *frame_kind_suffix(enum frame_kind kind)
{
	return kind < FRAME_NKINDS ? suffixes[kind] : "";
}

enum frame_kind frame_kind_from_suffix(const char *name, size_t *len)
{
	/* "_[k]" alone is a name, not a kernel frame without one */
	if (*len < 5 || name[*len - 4] != '_' || name[*len - 3] != '[' || name[*len - 1] != ']')
		return FRAME_USER;
	for (int k = FRAME_KERNEL; k < FRAME_NKINDS; k++) {
		if (name[*len - 2] == suffixes[k][2]) {
			*len -= 4;
			return k;
		}
	}
	return FRAME_USER;
}

/* ---- exact counts ---- */

struct pcount pcount_from_double(double v)
{
	if (!(v > 0))
		return (struct pcount){ 0, 0 };
	if (v >= 18446744073709551616.0)	/* 2^64 */
		return (struct pcount){ UINT64_MAX, 0 };
	uint64_t n = (uint64_t)v;
	return (struct pcount){ n, v - (double)n };
}

bool pcount_add(struct pcount *a, struct pcount b)
{
	uint64_t n;
	double frac = a->frac + b.frac;
	if (__builtin_add_overflow(a->n, b.n, &n))
		return false;
	if (frac >= 1) {
		if (n == UINT64_MAX)
			return false;
		n++;
		frac -= 1;
	}
	*a = (struct pcount){ n, frac };
	return true;
}

void pcount_add_sat(struct pcount *a, struct pcount b)
{
	if (!pcount_add(a, b))
		*a = (struct pcount){ UINT64_MAX, 0 };
}

/*
 * The fraction as ".ddd" in the fewest digits that strtod reads back as
 * the same double: printf's %g would switch to an exponent, which folded
 * readers (ours included) do not take.
 */
static size_t format_fraction(char *buf, size_t len, double frac)
{
	char tmp[PCOUNT_BUF];
	int zeros = frac < 0.1 ? (int)-floor(log10(frac)) - 1 : 0;
	for (int prec = zeros + 1; prec < (int)sizeof(tmp) - 3; prec++) {
		int n = snprintf(tmp, sizeof(tmp), "%.*f", prec, frac);
		if (n < 0 || (size_t)n >= sizeof(tmp))
			break;
		if (tmp[0] == '0' && strtod(tmp, NULL) == frac) {
			while (n > 3 && tmp[n - 1] == '0')
				n--;
			if ((size_t)n > len)
				break;
			memcpy(buf, tmp + 1, n - 1);
			return n - 1;
		}
	}
	return 0;
}

size_t pcount_format(char *buf, size_t len, struct pcount c)
{
	/* whole counts are nearly every line of folded output: no printf for them */
	char digits[24], *d = digits + sizeof(digits);
	uint64_t u = c.n;
	do
		*--d = '0' + u % 10;
	while (u /= 10);
	size_t n = digits + sizeof(digits) - d;
	if (n >= len)
		return 0;
	memcpy(buf, d, n);
	if (c.frac > 0)
		n += format_fraction(buf + n, len - n - 1, c.frac);
	buf[n] = '\0';
	return n;
}

int pcount_parse(const char *s, size_t n, struct pcount *out)
{
	uint64_t v = 0;
	size_t i = 0, digits = 0;
	bool overflow = false;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		overflow |= __builtin_mul_overflow(v, 10, &v) ||
			    __builtin_add_overflow(v, (uint64_t)(s[i] - '0'), &v);
	size_t dot = i;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (i != n || !digits || n - dot >= PCOUNT_BUF - 1)
		return -EINVAL;
	if (overflow)
		return -ERANGE;
	struct pcount c = { v, 0 };
	if (n - dot > 1) {
		char tmp[PCOUNT_BUF] = "0";
		memcpy(tmp + 1, s + dot, n - dot);
		tmp[n - dot + 1] = '\0';
		/* "0.99999999999999999999" reads as 1 */
		if (!pcount_add(&c, pcount_from_double(strtod(tmp, NULL))))
			return -ERANGE;
	}
	*out = c;
	return 0;
}

/* ---- the profile ---- */

struct profile *profile_new(void)
{
	struct profile *p = xcalloc(1, sizeof(*p));
	strtab_init(&p->strs);
	hashmap_init(&p->frame_index);
	array_add(&p->nodes);	/* the root */
	p->ncols = 1;
	return p;
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	strtab_release(&p->strs);
	array_free(&p->frames);
	hashmap_release(&p->frame_index);
	array_free(&p->nodes);
	free(p->child_slots);
	array_free(&p->samples);
	free(p->notice);
	free(p->event);
	free(p->unit);
	array_free(&p->rss);
	array_free(&p->threads);
	hashmap_release(&p->thread_index);
	free(p);
}

void profile_set_thread(struct profile *p, uint32_t frame, const char *comm, size_t len,
			uint64_t pid, uint64_t tid)
{
	bool found;
	uint64_t *slot = hashmap_slot(&p->thread_index, frame, &found);
	if (found)
		return;
	*slot = p->threads.n;
	array_push(&p->threads, ((struct pthread){
		.comm = strtab_intern(&p->strs, comm, len), .pid = pid, .tid = tid }));
}

const struct pthread *profile_thread(const struct profile *p, uint32_t frame)
{
	uint64_t i;
	return hashmap_get(&p->thread_index, frame, &i) ? &p->threads.v[i] : NULL;
}

static uint32_t opt_str(struct profile *p, const char *s)
{
	return s ? strtab_intern_str(&p->strs, s) : PROFILE_NONE;
}

/*
 * Frames are interned by all their fields: the frame index maps a hash to
 * the first candidate; collisions are resolved by probing hash + 1, + 2, …
 */
uint32_t profile_frame(struct profile *p, const char *name, size_t len,
		       enum frame_kind kind, const char *module,
		       const char *file, uint32_t line)
{
	struct frame f = {
		.name = strtab_intern(&p->strs, name, len),
		.module = opt_str(p, module),
		.file = opt_str(p, file),
		.line = line,
		.kind = kind,
	};
	uint64_t h = hash_combine(hash_combine(f.name, f.module),
				  hash_combine(hash_combine(f.file, f.line), f.kind));
	for (;; h++) {
		bool found;
		uint64_t *slot = hashmap_slot(&p->frame_index, h, &found);
		if (!found) {
			*slot = p->frames.n;
			array_push(&p->frames, f);
			return *slot;
		}
		const struct frame *g = &p->frames.v[*slot];
		if (g->name == f.name && g->module == f.module && g->file == f.file &&
		    g->line == f.line && g->kind == f.kind)
			return *slot;
	}
}

static uint32_t *child_slot(const struct profile *p, uint32_t parent, uint32_t frame)
{
	size_t mask = p->nchild_slots - 1;
	for (size_t i = hash_u64((uint64_t)parent << 32 | frame) & mask;; i = (i + 1) & mask) {
		uint32_t id = p->child_slots[i];
		if (!id || (p->nodes.v[id].parent == parent && p->nodes.v[id].frame == frame))
			return &p->child_slots[i];
	}
}

static void grow_children(struct profile *p)
{
	free(p->child_slots);
	p->nchild_slots = p->nchild_slots ? p->nchild_slots * 2 : 1024;
	p->child_slots = xcalloc(p->nchild_slots, sizeof(*p->child_slots));
	for (uint32_t id = 1; id < p->nodes.n; id++)
		*child_slot(p, p->nodes.v[id].parent, p->nodes.v[id].frame) = id;
}

uint32_t profile_child(struct profile *p, uint32_t parent, uint32_t frame)
{
	if ((p->nodes.n + 1) * 2 > p->nchild_slots)
		grow_children(p);
	uint32_t *slot = child_slot(p, parent, frame);
	if (*slot)
		return *slot;
	uint32_t id = p->nodes.n;
	*slot = id;
	struct pnode *n = array_add(&p->nodes);
	struct pnode *par = &p->nodes.v[parent];
	n->parent = parent;
	n->frame = frame;
	n->depth = par->depth + 1;
	n->next_sibling = par->first_child;
	par->first_child = id;
	return id;
}

static void add_weight(struct profile *p, uint32_t node, unsigned col, double weight)
{
	p->nodes.v[node].self[col] += weight;
	p->total[col] += weight;
	for (;;) {
		p->nodes.v[node].total[col] += weight;
		if (!node)
			break;
		node = p->nodes.v[node].parent;
	}
}

/* The exact counts of node and of the column. */
static void add_counts(struct profile *p, uint32_t node, unsigned col, struct pcount c)
{
	pcount_add_sat(&p->count[col], c);
	pcount_add_sat(&p->nodes.v[node].count[col], c);
}

struct pcount *profile_exact_totals(const struct profile *p)
{
	/* the common case, and no array for it: big profiles are big */
	if (p->count[0].n < (1ull << 53) && p->count[1].n < (1ull << 53))
		return NULL;
	struct pcount *t = xmalloc(p->nodes.n * 2 * sizeof(*t));
	for (size_t i = 0; i < p->nodes.n; i++)
		memcpy(&t[i * 2], p->nodes.v[i].count, 2 * sizeof(*t));
	/* a parent's id is always smaller than its children's */
	for (size_t i = p->nodes.n; i-- > 1;) {
		uint32_t parent = p->nodes.v[i].parent;
		for (unsigned c = 0; c < 2; c++)
			pcount_add_sat(&t[parent * 2 + c], t[i * 2 + c]);
	}
	return t;
}

void profile_add(struct profile *p, uint32_t node, unsigned col, double weight)
{
	/* past 2^64 the exact counts saturate; the doubles still draw the view */
	add_counts(p, node, col, pcount_from_double(weight));
	add_weight(p, node, col, weight);
}

bool profile_add_count(struct profile *p, uint32_t node, unsigned col, struct pcount c)
{
	struct pcount sum = p->count[col];
	if (!pcount_add(&sum, c))
		return false;
	/* below the column's total, no node's sum can overflow */
	add_counts(p, node, col, c);
	add_weight(p, node, col, pcount_value(c));
	return true;
}

uint32_t profile_add_stack(struct profile *p, const uint32_t *frames, size_t n,
			   unsigned col, double weight)
{
	uint32_t node = 0;
	for (size_t i = 0; i < n; i++)
		node = profile_child(p, node, frames[i]);
	profile_add(p, node, col, weight);
	return node;
}

static int by_name(const void *a, const void *b, void *ctx)
{
	const struct profile *p = ctx;
	const struct pnode *x = &p->nodes.v[*(const uint32_t *)a];
	const struct pnode *y = &p->nodes.v[*(const uint32_t *)b];
	int c = strcmp(profile_frame_name(p, x->frame), profile_frame_name(p, y->frame));
	if (c)
		return c;
	return (int)p->frames.v[x->frame].kind - (int)p->frames.v[y->frame].kind;
}

static int by_weight(const void *a, const void *b, void *ctx)
{
	const struct profile *p = ctx;
	const struct pnode *x = &p->nodes.v[*(const uint32_t *)a];
	const struct pnode *y = &p->nodes.v[*(const uint32_t *)b];
	double wx = x->total[0] + x->total[1], wy = y->total[0] + y->total[1];
	if (wx != wy)
		return wx > wy ? -1 : 1;
	return by_name(a, b, ctx);
}

void profile_sort(const struct profile *p, uint32_t *nodes, size_t n, enum profile_order order)
{
	if (n < 2)
		return;	/* nodes may be NULL then, which qsort_r must not be given */
	qsort_r(nodes, n, sizeof(*nodes), order == ORDER_WEIGHT ? by_weight : by_name, (void *)p);
}

size_t profile_children(const struct profile *p, uint32_t node,
			enum profile_order order, uint32_t **out)
{
	size_t n = 0;
	for (uint32_t c = p->nodes.v[node].first_child; c; c = p->nodes.v[c].next_sibling)
		n++;
	uint32_t *v = xmalloc(n * sizeof(*v));
	size_t i = 0;
	for (uint32_t c = p->nodes.v[node].first_child; c; c = p->nodes.v[c].next_sibling)
		v[i++] = c;
	profile_sort(p, v, n, order);
	*out = v;
	return n;
}
