/*
 * `cprof report`: entries (combinations of the sort keys) with their Self
 * and Children weights, computed over the profile's stack tree rather than
 * over samples, so the cost follows the number of distinct stack prefixes.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "trace/format.h"
#include "report/report_internal.h"

static const char *const key_names[KEY_N] = {
	[KEY_COMM] = "comm", [KEY_PID] = "pid", [KEY_TID] = "tid",
	[KEY_DSO] = "dso", [KEY_SYM] = "sym", [KEY_SRCLINE] = "srcline",
};

const char *report_key_name(enum report_key k)
{
	return key_names[k];
}

int report_parse_keys(struct report_opts *o, const char *list)
{
	o->nkeys = 0;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		int k = -1;
		for (int i = 0; i < KEY_N; i++)
			if (strlen(key_names[i]) == n && strncmp(p, key_names[i], n) == 0)
				k = i;
		if (k < 0)
			return err_set(EINVAL, "unknown sort key '%.*s' (comm, pid, tid, dso, sym, "
				       "srcline)", (int)n, p);
		for (size_t i = 0; i < o->nkeys; i++)
			if (o->keys[i] == (enum report_key)k)
				return err_set(EINVAL, "sort key '%s' given twice", key_names[k]);
		o->keys[o->nkeys++] = k;
		p += n + (p[n] == ',');
	}
	if (!o->nkeys)
		return err_set(EINVAL, "no sort key given");
	return 0;
}

/* Seconds ("1.5"), with an optional unit: s, ms, us, ns. */
static bool parse_time_ns(const char *s, size_t n, uint64_t *out)
{
	static const struct { const char *unit; double scale; } units[] = {
		{ "ms", 1e6 }, { "us", 1e3 }, { "ns", 1 }, { "s", 1e9 },
	};
	char *txt = xstrndup(s, n);
	double scale = 1e9, v;
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		size_t ul = strlen(units[i].unit), tl = strlen(txt);
		if (tl > ul && strcmp(txt + tl - ul, units[i].unit) == 0) {
			txt[tl - ul] = '\0';
			scale = units[i].scale;
			break;
		}
	}
	bool ok = parse_double(txt, &v) && v >= 0 && v * scale < 1.8e19;
	free(txt);
	if (ok)
		*out = (uint64_t)llround(v * scale);
	return ok;
}

int report_parse_time(struct report_opts *o, const char *arg)
{
	const char *comma = strchr(arg, ',');
	size_t n1 = comma ? (size_t)(comma - arg) : strlen(arg);
	uint64_t start = 0, end = 0;
	if ((n1 && !parse_time_ns(arg, n1, &start)) ||
	    (comma && comma[1] && !parse_time_ns(comma + 1, strlen(comma + 1), &end)) ||
	    (end && end <= start) || !comma)
		return err_set(EINVAL, "bad time window '%s' (START,END in seconds from the "
			       "recording's start, e.g. 1.5,3 or 2, or ,500ms)", arg);
	o->select.time_start = start;
	o->select.time_end = end;
	return 0;
}

/* The thread of a root frame; a root its source did not describe is a
 * thread named as the frame, with no numbers. */
static struct pthread thread_of(const struct profile *p, uint32_t frame)
{
	const struct pthread *th = profile_thread(p, frame);
	return th ? *th : (struct pthread){ .comm = p->frames.v[frame].name };
}

static uint32_t entry_of(struct rmodel *m, const uint64_t *key)
{
	uint64_t h = hash_bytes(key, KEY_N * sizeof(*key));
	for (;; h++) {
		bool found;
		uint64_t *slot = hashmap_slot(&m->entry_index, h, &found);
		if (!found) {
			*slot = m->entries.n;
			struct rentry *e = array_add(&m->entries);
			memcpy(e->key, key, sizeof(e->key));
			return *slot;
		}
		if (memcmp(m->entries.v[*slot].key, key, KEY_N * sizeof(*key)) == 0)
			return *slot;
	}
}

static bool has_key(const struct report_opts *o, enum report_key k)
{
	for (size_t i = 0; i < o->nkeys; i++)
		if (o->keys[i] == k)
			return true;
	return false;
}

/* Keeps only the max frames nearest each leaf, as if the stacks had been
 * recorded that deep: Children then counts only what those frames saw. */
static struct profile *cut_stacks(const struct profile *p, unsigned max)
{
	struct profile *q = profile_new();
	q->event = p->event ? xstrdup(p->event) : NULL;
	q->unit = p->unit ? xstrdup(p->unit) : NULL;
	uint32_t *map = xmalloc(p->frames.n * sizeof(*map));
	ARRAY(uint32_t) path = { 0 };
	for (size_t i = 0; i < p->frames.n; i++) {
		const struct frame *f = &p->frames.v[i];
		const char *mod = f->module == PROFILE_NONE ? NULL : strtab_get(&p->strs, f->module);
		const char *file = f->file == PROFILE_NONE ? NULL : strtab_get(&p->strs, f->file);
		const char *name = strtab_get(&p->strs, f->name);
		map[i] = profile_frame(q, name, strlen(name), f->kind, mod, file, f->line);
		const struct pthread *th = profile_thread(p, i);
		if (th) {
			const char *comm = strtab_get(&p->strs, th->comm);
			profile_set_thread(q, map[i], comm, strlen(comm), th->pid, th->tid);
		}
	}
	for (size_t n = 1; n < p->nodes.n; n++) {
		const struct pnode *pn = &p->nodes.v[n];
		if (pn->self[0] == 0)
			continue;
		path.n = 0;
		for (uint32_t a = n; a; a = p->nodes.v[a].parent)
			array_push(&path, map[p->nodes.v[a].frame]);
		/* path is leaf first and ends with the thread's root frame. */
		size_t keep = MIN((size_t)max, path.n - 1);
		uint32_t node = profile_child(q, 0, path.v[path.n - 1]);
		for (size_t i = keep; i-- > 0;)
			node = profile_child(q, node, path.v[i]);
		profile_add(q, node, 0, pn->self[0]);
	}
	array_free(&path);
	free(map);
	return q;
}

static void frame_keys(struct rmodel *m, uint32_t node, uint64_t *key)
{
	const struct frame *f = &m->p->frames.v[m->p->nodes.v[node].frame];
	const struct pthread *th = &m->threads.v[m->node_thread[node]];
	memset(key, 0, KEY_N * sizeof(*key));
	for (size_t i = 0; i < m->o->nkeys; i++) {
		switch (m->o->keys[i]) {
		case KEY_COMM: key[KEY_COMM] = th->comm; break;
		case KEY_PID: key[KEY_PID] = th->pid; break;
		case KEY_TID: key[KEY_TID] = th->tid; break;
		case KEY_DSO: key[KEY_DSO] = f->module; break;
		case KEY_SYM: key[KEY_SYM] = (uint64_t)f->kind << 32 | f->name; break;
		case KEY_SRCLINE: key[KEY_SRCLINE] = (uint64_t)f->file << 32 | f->line; break;
		case KEY_N: break;
		}
	}
}

/* Frames that print the same in a call graph: the same name and kind. */
static void canon_frames(struct rmodel *m)
{
	struct hashmap seen = { 0 };
	m->canon = xmalloc((m->p->frames.n + 1) * sizeof(*m->canon));
	for (size_t i = 0; i < m->p->frames.n; i++) {
		const struct frame *f = &m->p->frames.v[i];
		uint64_t k = (uint64_t)f->kind << 32 | f->name, v;
		if (!hashmap_get(&seen, k, &v)) {
			v = i;
			hashmap_put(&seen, k, v);
		}
		m->canon[i] = v;
	}
	hashmap_release(&seen);
}

/* --dso and --symbol: frames elsewhere belong to no entry. */
static bool frame_wanted(const struct rmodel *m, const struct frame *f)
{
	const struct strtab *st = &m->p->strs;
	if (m->o->dsos) {
		const char *full = f->module == PROFILE_NONE ? "[unknown]" : strtab_get(st, f->module);
		if (!list_has(m->o->dsos, full) && !list_has(m->o->dsos, path_base(full)))
			return false;
	}
	return !m->o->symbols || list_has(m->o->symbols, strtab_get(st, f->name));
}

/* Every node's thread and entry; parents are created before their
 * children, so one pass in node order sees each parent first. */
static void assign_entries(struct rmodel *m)
{
	size_t n = m->p->nodes.n;
	m->node_thread = xcalloc(n, sizeof(*m->node_thread));
	m->node_entry = xmalloc(n * sizeof(*m->node_entry));
	m->node_entry[0] = RNONE;
	array_add(&m->threads);
	for (size_t i = 1; i < n; i++) {
		const struct pnode *pn = &m->p->nodes.v[i];
		if (pn->depth == 1) {
			m->node_thread[i] = m->threads.n;
			array_push(&m->threads, thread_of(m->p, pn->frame));
			m->node_entry[i] = RNONE;
			continue;
		}
		m->node_thread[i] = m->node_thread[pn->parent];
		uint64_t key[KEY_N];
		if (!frame_wanted(m, &m->p->frames.v[pn->frame])) {
			m->node_entry[i] = RNONE;
			continue;
		}
		frame_keys(m, i, key);
		uint32_t e = entry_of(m, key);
		m->node_entry[i] = e;
		m->entries.v[e].self += pn->self[0];
	}
}

/* Children: a sample counts once for an entry however often the entry
 * appears in its stack, so only the outermost occurrence on each path adds
 * its total.  A walk of the tree keeps how many ancestors are in each entry. */
static void count_children(struct rmodel *m)
{
	const struct pnode *v = m->p->nodes.v;
	uint32_t *active = xcalloc(m->entries.n + 1, sizeof(*active));
	m->outermost = xcalloc(m->p->nodes.n, sizeof(*m->outermost));
	uint32_t n = v[0].first_child;
	while (n) {
		uint32_t e = m->node_entry[n];
		if (e != RNONE) {
			if (!active[e]) {
				m->outermost[n] = true;
				m->entries.v[e].children += v[n].total[0];
			}
			active[e]++;
		}
		if (v[n].first_child) {
			n = v[n].first_child;
			continue;
		}
		while (n) {
			if (m->node_entry[n] != RNONE)
				active[m->node_entry[n]]--;
			if (v[n].next_sibling) {
				n = v[n].next_sibling;
				break;
			}
			n = v[n].parent;
		}
	}
	free(active);
}

static double primary(const struct rmodel *m, const struct rentry *e)
{
	return m->o->no_children ? e->self : e->children;
}

static bool entry_wanted(const struct rmodel *m, const struct rentry *e)
{
	double w = primary(m, e);
	return w > 0 && !(m->total > 0 && 100.0 * w / m->total < m->o->percent_limit);
}

static int by_weight(const void *a, const void *b, void *ctx)
{
	const struct rmodel *m = ctx;
	const struct rentry *x = &m->entries.v[*(const uint32_t *)a];
	const struct rentry *y = &m->entries.v[*(const uint32_t *)b];
	double px = primary(m, x), py = primary(m, y);
	if (px != py)
		return px > py ? -1 : 1;
	if (x->self != y->self)
		return x->self > y->self ? -1 : 1;
	char bx[256], by[256];
	for (size_t i = 0; i < m->o->nkeys; i++) {
		int c = strcmp(report_key_text(m, x, m->o->keys[i], bx, sizeof(bx)),
			       report_key_text(m, y, m->o->keys[i], by, sizeof(by)));
		if (c)
			return c;
	}
	return 0;
}

static void choose_entries(struct rmodel *m)
{
	for (size_t i = 0; i < m->entries.n; i++)
		if (entry_wanted(m, &m->entries.v[i]))
			array_push(&m->shown, (uint32_t)i);
	if (m->shown.n)
		if (m->shown.n > 1)
			qsort_r(m->shown.v, m->shown.n, sizeof(*m->shown.v), by_weight, m);
}

static uint32_t graph_child(struct rgraph *g, uint32_t parent, uint32_t frame)
{
	bool found;
	uint64_t *slot = hashmap_slot(&g->index, (uint64_t)parent << 32 | frame, &found);
	if (found)
		return *slot;
	uint32_t id = g->nodes.n;
	*slot = id;
	struct gnode *n = array_add(&g->nodes);
	n->frame = frame;
	n->parent = parent;
	n->next_sibling = g->nodes.v[parent].first_child;
	g->nodes.v[parent].first_child = id;
	return id;
}

/* The frames from node n up to its outermost frame: in caller order the
 * path reads from that outermost frame down to n, in callee order upward. */
static void graph_ancestry(struct rmodel *m, struct rgraph *g, uint32_t n, double w, void *pathp)
{
	ARRAY(uint32_t) *path = pathp;
	const struct pnode *v = m->p->nodes.v;
	path->n = 0;
	for (uint32_t a = n; a && v[a].depth > 1; a = v[a].parent)
		array_push(path, m->canon[v[a].frame]);
	bool caller = m->o->graph == GRAPH_CALLER;
	uint32_t node = 0;
	g->nodes.v[0].weight += w;
	for (size_t i = 0; i < path->n; i++) {
		node = graph_child(g, node, path->v[caller ? path->n - 1 - i : i]);
		g->nodes.v[node].weight += w;
	}
}

/* Everything called below profile node pn, under graph node gparent. */
static void graph_merge(struct rmodel *m, struct rgraph *g, uint32_t gparent, uint32_t pn)
{
	const struct pnode *v = m->p->nodes.v;
	for (uint32_t c = v[pn].first_child; c; c = v[c].next_sibling) {
		uint32_t gc = graph_child(g, gparent, m->canon[v[c].frame]);
		g->nodes.v[gc].weight += v[c].total[0];
		graph_merge(m, g, gc, c);
	}
}

/*
 * Without Children, an entry's graph holds the stacks that end in it.  With
 * Children (like perf), it holds each sample once: in caller order, the
 * stacks that end in the entry from their outermost frame down, and below
 * the entry what it called; in callee order, the callers above the entry.
 */
static void build_graphs(struct rmodel *m)
{
	if (m->o->graph == GRAPH_NONE)
		return;
	ARRAY(uint32_t) path = { 0 };
	bool *want = xcalloc(m->entries.n + 1, sizeof(*want));
	for (size_t i = 0; i < m->shown.n; i++) {
		struct rgraph *g = &m->entries.v[m->shown.v[i]].graph;
		want[m->shown.v[i]] = true;
		array_add(&g->nodes);
	}
	for (size_t n = 1; n < m->p->nodes.n; n++) {
		uint32_t e = m->node_entry[n];
		if (e == RNONE || !want[e])
			continue;
		struct rgraph *g = &m->entries.v[e].graph;
		const struct pnode *pn = &m->p->nodes.v[n];
		double below = pn->total[0] - pn->self[0];
		if (m->o->no_children) {
			if (pn->self[0] > 0)
				graph_ancestry(m, g, n, pn->self[0], &path);
		} else if (m->outermost[n] && m->o->graph == GRAPH_CALLEE) {
			graph_ancestry(m, g, n, pn->total[0], &path);
		} else if (m->outermost[n]) {
			if (pn->self[0] > 0)
				graph_ancestry(m, g, n, pn->self[0], &path);
			if (below > 0) {
				uint32_t gn = graph_child(g, 0, m->canon[pn->frame]);
				g->nodes.v[gn].weight += below;
				g->nodes.v[0].weight += below;
				graph_merge(m, g, gn, n);
			}
		}
	}
	free(want);
	array_free(&path);
}

const char *report_key_text(const struct rmodel *m, const struct rentry *e,
			    enum report_key k, char *buf, size_t len)
{
	const struct strtab *st = &m->p->strs;
	uint64_t v = e->key[k];
	switch (k) {
	case KEY_COMM:
		return strtab_get(st, v);
	case KEY_PID:
	case KEY_TID:
		snprintf(buf, len, "%llu", (unsigned long long)v);
		return buf;
	case KEY_DSO:
		return v == PROFILE_NONE ? "[unknown]" : path_base(strtab_get(st, v));
	case KEY_SYM:
		return strtab_get(st, (uint32_t)v);
	case KEY_SRCLINE:
		if ((uint32_t)(v >> 32) == PROFILE_NONE || !(uint32_t)v)
			return "[unknown]";
		snprintf(buf, len, "%s:%u", path_base(strtab_get(st, v >> 32)), (unsigned)(uint32_t)v);
		return buf;
	case KEY_N:
		break;
	}
	return "";
}

const char *report_kind_name(enum frame_kind k)
{
	static const char *const names[FRAME_NKINDS] = {
		[FRAME_USER] = "user", [FRAME_KERNEL] = "kernel", [FRAME_JIT] = "jit",
		[FRAME_INLINE] = "inline", [FRAME_WAKER] = "waker",
	};
	return k < FRAME_NKINDS ? names[k] : "user";
}

/* The header's counts: every sample of the event, before any filter. */
static void count_event(struct rmodel *m)
{
	int event = trace_event_index(m->t, m->o->select.event);
	for (size_t i = 0; i < m->t->samples.n; i++) {
		uint32_t flags = m->t->samples.v[i].flags;
		if ((int)(flags >> SAMPLE_TRUNC_BITS) != event)
			continue;
		m->event_samples++;
		if (flags & ((1u << SAMPLE_TRUNC_BITS) - 1))
			m->truncated++;
	}
}

static void model_release(struct rmodel *m)
{
	for (size_t i = 0; i < m->entries.n; i++) {
		array_free(&m->entries.v[i].graph.nodes);
		hashmap_release(&m->entries.v[i].graph.index);
	}
	array_free(&m->entries);
	hashmap_release(&m->entry_index);
	array_free(&m->shown);
	array_free(&m->threads);
	free(m->node_thread);
	free(m->node_entry);
	free(m->outermost);
	free(m->canon);
	profile_free(m->p);
}

/* Entries, graphs and output of a model whose profile is built; frees it. */
static int write_model(struct rmodel *m, FILE *f)
{
	if (m->o->max_stack) {
		struct profile *q = cut_stacks(m->p, m->o->max_stack);
		profile_free(m->p);
		m->p = q;
	}
	m->total = m->p->total[0];
	canon_frames(m);
	assign_entries(m);
	count_children(m);
	choose_entries(m);
	build_graphs(m);
	enum report_format fmt = m->o->format;
	int rc = fmt == REPORT_CSV ? report_write_csv(m, f) :
		 fmt == REPORT_JSON ? report_write_json(m, f) : report_write_text(m, f);
	model_release(m);
	if (rc == 0 && (fflush(f) != 0 || ferror(f)))
		rc = err_errno(errno ? errno : EIO, "cannot write the report");
	return rc;
}

int report_write(struct trace *t, const struct report_opts *o, FILE *f)
{
	struct trace_profile_opts po = o->select;
	po.tid_root = true;
	po.pid_root = po.srcline = po.times = false;
	po.lines = has_key(o, KEY_SRCLINE);
	struct profile *p = trace_profile(t, &po);
	if (!p)
		return -EINVAL;
	struct rmodel m = { .o = o, .t = t, .p = p };
	count_event(&m);
	return write_model(&m, f);
}

int report_write_profile(struct profile *p, const char *name, const char *type,
			 const struct report_opts *o, FILE *f)
{
	struct rmodel m = { .o = o, .name = name, .type = type, .p = p };
	return write_model(&m, f);
}
