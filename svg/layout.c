#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "svg/layout.h"

void layout_free(struct layout *l)
{
	if (!l)
		return;
	array_free(&l->f);
	free(l);
}

static uint32_t add_frame(struct layout *l, uint32_t frame, uint32_t parent,
			  uint32_t row, double x, double w)
{
	struct lframe *f = array_add(&l->f);
	f->frame = frame;
	f->parent = parent;
	f->row = row;
	f->x = x;
	f->w = w;
	if (row + 1 > l->rows)
		l->rows = row + 1;
	return l->f.n - 1;
}

/* The exact totals of node id: from profile_exact_totals, or from the doubles. */
static void exact_totals(struct pcount out[2], const struct pnode *n, const struct pcount *exact,
			 uint32_t id)
{
	for (unsigned c = 0; c < 2; c++)
		out[c] = exact ? exact[id * 2 + c] : pcount_from_double(n->total[c]);
}

static void copy_weights(struct lframe *f, const struct pnode *n, const struct pcount *exact,
			 uint32_t id)
{
	memcpy(f->value, n->total, sizeof(f->value));
	memcpy(f->self, n->self, sizeof(f->self));
	exact_totals(f->exact, n, exact, id);
	memcpy(f->exact_self, n->count, sizeof(f->exact_self));
}

static double min_width(const struct layout_opts *o, double span)
{
	if (o->minwidth_pct)
		return o->minwidth / 100 * span;
	return o->width_px > 0 ? o->minwidth / o->width_px * span : 0;
}

struct pending {
	uint32_t node, lf;
};

struct pending_list {
	struct pending *v;
	size_t n, cap;
};

/* Lays out the children of one drawn frame; wide ones go on the work list. */
static void place_children(struct layout *l, const struct profile *p,
			   const struct layout_opts *o, const struct pcount *exact,
			   struct pending at, double minw, struct pending_list *work)
{
	uint32_t *kids;
	size_t n = profile_children(p, at.node, o->order, &kids);
	struct lframe narrow = { .frame = LAYOUT_NARROW };
	double x = l->f.v[at.lf].x;
	uint32_t row = l->f.v[at.lf].row + 1;

	for (size_t i = 0; i < n; i++) {
		const struct pnode *c = &p->nodes.v[kids[i]];
		double w = c->total[o->col];
		if (w <= 0)
			continue;
		if (w < minw) {
			narrow.count++;
			narrow.w += w;
			struct pcount e[2];
			exact_totals(e, c, exact, kids[i]);
			for (int k = 0; k < 2; k++) {
				narrow.value[k] += c->total[k];
				pcount_add_sat(&narrow.exact[k], e[k]);
			}
			continue;
		}
		uint32_t id = add_frame(l, c->frame, at.lf, row, x, w);
		copy_weights(&l->f.v[id], c, exact, kids[i]);
		array_push(work, ((struct pending){ kids[i], id }));
		x += w;
	}
	if (narrow.count) {
		uint32_t id = add_frame(l, LAYOUT_NARROW, at.lf, row, x, narrow.w);
		struct lframe *f = &l->f.v[id];
		f->count = narrow.count;
		memcpy(f->value, narrow.value, sizeof(f->value));
		memcpy(f->exact, narrow.exact, sizeof(f->exact));
		l->narrow += narrow.count;
	}
	free(kids);
}

static void layout_graph(struct layout *l, const struct profile *p, const struct layout_opts *o)
{
	struct pending_list work = { 0 };
	double minw = min_width(o, l->span);
	uint32_t root = add_frame(l, LAYOUT_ROOT, LAYOUT_NONE, 0, 0, p->nodes.v[0].total[o->col]);

	struct pcount *exact = profile_exact_totals(p);

	copy_weights(&l->f.v[root], &p->nodes.v[0], exact, 0);
	array_push(&work, ((struct pending){ 0, root }));
	while (work.n) {
		struct pending at = work.v[--work.n];
		place_children(l, p, o, exact, at, minw, &work);
	}
	array_free(&work);
	free(exact);
}

/* ---- flame charts: samples in time order, one lane per top frame ---- */

struct csample {
	uint32_t lane;		/* the frame of the stack's first node */
	double t, dur, weight;
	double lane_weight;	/* the weight of the whole lane: the busiest lane comes first */
	uint32_t node;
};

static int by_lane_time(const void *a, const void *b)
{
	const struct csample *x = a, *y = b;
	if (x->lane_weight != y->lane_weight)
		return x->lane_weight > y->lane_weight ? -1 : 1;
	if (x->lane != y->lane)
		return x->lane < y->lane ? -1 : 1;
	return x->t < y->t ? -1 : x->t > y->t;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static uint32_t top_node(const struct profile *p, uint32_t node)
{
	while (node && p->nodes.v[node].parent)
		node = p->nodes.v[node].parent;
	return node;
}

/*
 * Trace samples are instants: each lasts until the thread's next sample,
 * but no longer than the usual sampling interval (the thread slept).
 */
static void sample_durations(struct csample *s, size_t n, bool by_weight)
{
	if (by_weight) {
		double t = 0;
		for (size_t i = 0; i < n; i++) {
			s[i].t = t;
			s[i].dur = s[i].weight;
			t += s[i].weight;
		}
		return;
	}
	double *gaps = xmalloc((n + 1) * sizeof(*gaps));
	size_t ng = 0;
	for (size_t i = 1; i < n; i++)
		if (s[i].lane == s[i - 1].lane && s[i].t > s[i - 1].t)
			gaps[ng++] = s[i].t - s[i - 1].t;
	qsort(gaps, ng, sizeof(*gaps), by_double);
	double cap = ng ? gaps[ng / 2] : 1;
	free(gaps);
	for (size_t i = 0; i < n; i++) {
		double next = i + 1 < n && s[i + 1].lane == s[i].lane ? s[i + 1].t - s[i].t : cap;
		/* sampling jitters: only a long pause is a gap */
		s[i].dur = next > 0 && next <= 3 * cap ? next : cap;
	}
}

struct run {
	uint32_t node, lf;
};

struct chart {
	struct layout *l;
	const struct profile *p;
	ARRAY(struct run) open;
	ARRAY(uint32_t) path;
	uint32_t base;		/* first row of the current lane */
	double end;		/* end of the previous sample */
	bool folded;		/* the current lane is a small one */
};

static void close_runs(struct chart *c, size_t keep)
{
	while (c->open.n > keep) {
		struct lframe *f = &c->l->f.v[c->open.v[--c->open.n].lf];
		f->w = c->end - f->x;
	}
}

static void chart_sample(struct chart *c, const struct csample *s)
{
	c->path.n = 0;
	for (uint32_t n = s->node; n; n = c->p->nodes.v[n].parent)
		array_push(&c->path, n);
	/* path is leaf first; open runs are root first */
	size_t depth = c->path.n, same = 0;
	if (s->t > c->end * (1 + 1e-9) + 1e-9)
		close_runs(c, MIN(c->open.n, 1));	/* a gap: the thread slept */
	while (same < c->open.n && same < depth &&
	       c->open.v[same].node == c->path.v[depth - 1 - same])
		same++;
	close_runs(c, same);
	for (size_t d = same; d < depth; d++) {
		uint32_t node = c->path.v[depth - 1 - d];
		uint32_t parent = d ? c->open.v[d - 1].lf : LAYOUT_NONE;
		uint32_t id = add_frame(c->l, c->p->nodes.v[node].frame, parent,
					c->base + d, s->t, 0);
		c->l->f.v[id].folded = c->folded;
		array_push(&c->open, ((struct run){ node, id }));
	}
	for (size_t d = 0; d < c->open.n; d++) {
		struct lframe *f = &c->l->f.v[c->open.v[d].lf];
		f->value[0] += s->weight;
		if (d + 1 == c->open.n)
			f->self[0] += s->weight;
	}
	c->end = s->t + s->dur;
}

/* Keeps what is wide enough; narrow runs next to each other become one. */
static void prune_chart(struct layout *l, double minw)
{
	uint32_t *map = xmalloc(l->f.n * sizeof(*map));
	uint32_t *last = xmalloc(l->f.n * sizeof(*last));
	size_t out = 0;

	for (size_t i = 0; i < l->f.n; i++) {
		struct lframe f = l->f.v[i];
		uint32_t par = f.parent == LAYOUT_NONE ? LAYOUT_NONE : map[f.parent];
		map[i] = LAYOUT_NONE;
		if (f.parent != LAYOUT_NONE && (par == LAYOUT_NONE || l->f.v[par].frame == LAYOUT_NARROW))
			continue;	/* inside something not drawn */
		if (f.w >= minw || f.parent == LAYOUT_NONE) {
			f.parent = par;
			l->f.v[out] = f;
			map[i] = out;
		} else if (last[par] != LAYOUT_NONE && l->f.v[last[par]].frame == LAYOUT_NARROW) {
			struct lframe *g = &l->f.v[last[par]];
			g->w = f.x + f.w - g->x;
			g->value[0] += f.value[0];
			g->count++;
			l->narrow++;
			map[i] = last[par];
			continue;
		} else {
			f = (struct lframe){ .frame = LAYOUT_NARROW, .parent = par, .row = f.row,
					     .count = 1, .x = f.x, .w = f.w, .value = { f.value[0] },
					     .folded = f.folded };
			l->f.v[out] = f;
			map[i] = out;
			l->narrow++;
		}
		if (par != LAYOUT_NONE)
			last[par] = out;
		last[out] = LAYOUT_NONE;
		out++;
	}
	l->f.n = out;
	free(map);
	free(last);
}

static struct csample *chart_samples(const struct profile *p, bool by_weight, size_t *n)
{
	struct csample *s = xmalloc((p->samples.n + 1) * sizeof(*s));
	size_t k = 0;
	for (size_t i = 0; i < p->samples.n; i++) {
		const struct psample *ps = &p->samples.v[i];
		if (!ps->node || ps->node >= p->nodes.n)
			continue;
		s[k++] = (struct csample){ .lane = p->nodes.v[top_node(p, ps->node)].frame,
					   .t = ps->time, .weight = ps->weight, .node = ps->node };
	}
	if (by_weight)
		sample_durations(s, k, true);	/* time runs across lanes */
	double *lw = xcalloc(p->frames.n + 1, sizeof(*lw));
	for (size_t i = 0; i < k; i++)
		lw[s[i].lane] += s[i].weight;
	for (size_t i = 0; i < k; i++)
		s[i].lane_weight = lw[s[i].lane];
	free(lw);
	qsort(s, k, sizeof(*s), by_lane_time);
	if (!by_weight)
		sample_durations(s, k, false);
	*n = k;
	return s;
}

struct run_span {
	double x, end, value;
};

static int by_run_x(const void *a, const void *b)
{
	const struct run_span *x = a, *y = b;
	return x->x < y->x ? -1 : x->x > y->x;
}

/*
 * The others lane: one frame wherever a folded lane runs, its runs merged
 * where they overlap or where the gap between them is too thin to see.
 */
static void others_lane(struct layout *l, uint32_t row, uint32_t nlanes, double minw)
{
	ARRAY(struct run_span) runs = { 0 };
	for (size_t i = 0; i < l->f.n; i++) {
		const struct lframe *f = &l->f.v[i];
		if (f->folded && f->parent == LAYOUT_NONE)
			array_push(&runs, ((struct run_span){ f->x, f->x + f->w, f->value[0] }));
	}
	qsort(runs.v, runs.n, sizeof(*runs.v), by_run_x);
	for (size_t i = 0; i < runs.n;) {
		struct run_span r = runs.v[i++];
		while (i < runs.n && runs.v[i].x <= r.end + minw) {
			r.end = MAX(r.end, runs.v[i].end);
			r.value += runs.v[i++].value;
		}
		uint32_t id = add_frame(l, LAYOUT_OTHERS, LAYOUT_NONE, row, r.x, r.end - r.x);
		l->f.v[id].count = nlanes;
		l->f.v[id].value[0] = r.value;
	}
	array_free(&runs);
}

/*
 * Lanes come busiest first, so the small ones are the last samples: from
 * the first of them (never the first lane), and how many there are.
 */
static size_t small_lanes(const struct csample *s, size_t n, uint32_t *count)
{
	double all = 0;
	for (size_t i = 0; i < n; i++)
		all += s[i].weight;
	size_t first = n;
	*count = 0;
	for (size_t i = n; i-- > 0 && s[i].lane_weight < LAYOUT_SMALL_LANE * all;) {
		if (i + 1 == n || s[i].lane != s[i + 1].lane)
			++*count;
		first = i;
	}
	if (first == 0 || *count < 2) {
		*count = 0;
		return n;
	}
	return first;
}

static int layout_chart(struct layout *l, const struct profile *p, const struct layout_opts *o)
{
	size_t n;
	struct csample *s = chart_samples(p, o->chart_by_weight, &n);
	if (!n) {
		free(s);
		return err_set(EINVAL, "no timed samples for a flame chart");
	}
	double t0 = s[0].t, t1 = 0;
	for (size_t i = 0; i < n; i++) {
		t0 = MIN(t0, s[i].t);
		t1 = MAX(t1, s[i].t + s[i].dur);
	}
	uint32_t nsmall;
	size_t first_small = small_lanes(s, n, &nsmall);
	uint32_t others_row = 0;
	struct chart c = { .l = l, .p = p };
	for (size_t i = 0; i < n; i++) {
		s[i].t -= t0;
		if (i == 0 || s[i].lane != s[i - 1].lane) {
			close_runs(&c, 0);
			c.base = i ? l->rows + 1 : 0;
			if (i == first_small) {
				/* the others lane, a blank row, then the small lanes */
				others_row = c.base;
				c.base += 2;
				c.folded = true;
			}
		}
		chart_sample(&c, &s[i]);
		l->total[0] += s[i].weight;
	}
	close_runs(&c, 0);
	array_free(&c.open);
	array_free(&c.path);
	free(s);
	l->span = t1 - t0;
	l->t0 = t0;
	double minw = min_width(o, l->span);
	prune_chart(l, minw);
	if (nsmall) {
		others_lane(l, others_row, nsmall, minw);
		l->shown_rows = others_row + 1;
		l->folded_lanes = nsmall;
	}
	return 0;
}

struct layout *layout_new(const struct profile *p, const struct layout_opts *o)
{
	struct layout *l = xcalloc(1, sizeof(*l));
	l->ncols = p->ncols;
	if (o->chart) {
		if (layout_chart(l, p, o) < 0) {
			layout_free(l);
			return NULL;
		}
	} else {
		memcpy(l->total, p->total, sizeof(l->total));
		l->span = p->nodes.v[0].total[o->col];
		if (o->total > l->span)
			l->span = o->total;
		layout_graph(l, p, o);
	}
	if (!l->folded_lanes)
		l->shown_rows = l->rows;
	if (o->total > 0)
		l->total[0] = l->total[1] = o->total;
	if (l->span <= 0 || !l->f.n) {
		layout_free(l);
		err_set(EINVAL, "no samples to draw");
		return NULL;
	}
	return l;
}

/* ---- views that rebuild the profile ---- */

struct remap {
	struct profile *to;
	uint32_t *frame;	/* old frame id -> new, PROFILE_NONE until seen */
};

static uint32_t remap_frame(struct remap *m, const struct profile *from, uint32_t id)
{
	if (m->frame[id] != PROFILE_NONE)
		return m->frame[id];
	const struct frame *f = &from->frames.v[id];
	const char *name = strtab_get(&from->strs, f->name);
	m->frame[id] = profile_frame(m->to, name, strlen(name), f->kind,
				     strtab_get(&from->strs, f->module),
				     strtab_get(&from->strs, f->file), f->line);
	return m->frame[id];
}

static struct remap remap_new(const struct profile *from)
{
	struct remap m = { .to = profile_new() };
	m.frame = xmalloc((from->frames.n + 1) * sizeof(*m.frame));
	for (size_t i = 0; i < from->frames.n; i++)
		m.frame[i] = PROFILE_NONE;
	m.to->ncols = from->ncols;
	return m;
}

/* Adds the stack path[from..n) (root first) with node's self weights. */
static void add_path(struct remap *m, const struct profile *p, const uint32_t *path,
		     size_t n, const struct pnode *leaf)
{
	uint32_t node = 0;
	for (size_t i = 0; i < n; i++)
		node = profile_child(m->to, node, remap_frame(m, p, p->nodes.v[path[i]].frame));
	/* re-rooted stacks are a part of p: their totals fit where p's did */
	for (unsigned c = 0; c < p->ncols; c++)
		if ((leaf->count[c].n || leaf->count[c].frac > 0) &&
		    !profile_add_count(m->to, node, c, leaf->count[c]))
			profile_add(m->to, node, c, leaf->self[c]);
}

/* Calls fn with every stack that has weight, as node ids root first. */
static void each_stack(const struct profile *p, struct remap *m,
		       void (*fn)(struct remap *, const struct profile *, uint32_t *, size_t,
				  const struct pnode *, const void *),
		       const void *arg)
{
	ARRAY(uint32_t) path = { 0 };
	for (uint32_t i = 1; i < p->nodes.n; i++) {
		const struct pnode *n = &p->nodes.v[i];
		if (n->self[0] == 0 && n->self[1] == 0)
			continue;
		path.n = 0;
		for (uint32_t k = i; k; k = p->nodes.v[k].parent)
			array_push(&path, k);
		for (size_t a = 0, b = path.n - 1; a < b; a++, b--) {
			uint32_t t = path.v[a];
			path.v[a] = path.v[b];
			path.v[b] = t;
		}
		fn(m, p, path.v, path.n, n, arg);
	}
	array_free(&path);
}

static void add_reversed(struct remap *m, const struct profile *p, uint32_t *path,
			 size_t n, const struct pnode *leaf, const void *arg)
{
	(void)arg;
	for (size_t a = 0, b = n - 1; a < b; a++, b--) {
		uint32_t t = path[a];
		path[a] = path[b];
		path[b] = t;
	}
	add_path(m, p, path, n, leaf);
}

struct profile *layout_reverse(const struct profile *p)
{
	struct remap m = remap_new(p);
	each_stack(p, &m, add_reversed, NULL);
	free(m.frame);
	return m.to;
}

static void add_rebased(struct remap *m, const struct profile *p, uint32_t *path,
			size_t n, const struct pnode *leaf, const void *arg)
{
	uint32_t name = *(const uint32_t *)arg;
	for (size_t i = 0; i < n; i++) {
		if (p->frames.v[p->nodes.v[path[i]].frame].name == name) {
			add_path(m, p, path + i, n - i, leaf);
			return;
		}
	}
}

struct profile *layout_rebase(const struct profile *p, const char *func)
{
	uint32_t name = strtab_find(&p->strs, func, strlen(func));
	if (name == UINT32_MAX) {
		err_set(ENOENT, "no frame named '%s'", func);
		return NULL;
	}
	struct remap m = remap_new(p);
	each_stack(p, &m, add_rebased, &name);
	free(m.frame);
	return m.to;
}
