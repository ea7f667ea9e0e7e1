/* From a trace's samples and symbols to the profile model. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "report/trace_profile.h"
#include "sym/symbols.h"
#include "trace/format.h"

/* Frames of one stack in the profile, inlined ones included. */
#define PROFILE_MAX_FRAMES (2 * TRACE_MAX_DEPTH)

/* Per (proc, address): the profile frames it expands to, root first. */
struct addr_entry {
	uint32_t proc;
	uint64_t addr;
	uint32_t first, n;
};

struct builder {
	struct trace *t;
	const struct trace_profile_opts *o;
	struct profile *p;
	ARRAY(struct addr_entry) addrs;
	ARRAY(uint32_t) addr_frames;
	struct hashmap addr_index;
	struct memo_slot { uint32_t thread, pnode; } *memo_first;	/* by trace node */
	struct hashmap memo;		/* node << 32 | thread -> profile node, the rest */
	ARRAY(uint32_t) path;		/* stack_node's scratch */
	struct hashmap thread_root;	/* thread -> profile node of its root frame */
	struct symbolizer *sym;		/* only when the trace has no symbol table */
};

static uint32_t named_frame(struct builder *b, const char *name, enum frame_kind kind,
			    const char *module, const char *file, uint32_t line)
{
	/* A frame with no name would print as nothing between two ';'. */
	if (!*name)
		name = "[unknown]";
	/* A frame is its function: lines only tell frames apart when asked for. */
	if (b->o->srcline && file && line) {
		char *s = xasprintf("%s:%s:%u", name, path_base(file), line);
		uint32_t f = profile_frame(b->p, s, strlen(s), kind, module, file, line);
		free(s);
		return f;
	}
	if (b->o->lines)
		return profile_frame(b->p, name, strlen(name), kind, module, file, line);
	return profile_frame(b->p, name, strlen(name), kind, module, NULL, 0);
}

static uint32_t offset_frame(struct builder *b, const char *module, uint64_t offset,
			     enum frame_kind kind)
{
	char name[512];
	snprintf(name, sizeof(name), "%s+0x%llx", path_base(module), (unsigned long long)offset);
	return profile_frame(b->p, name, strlen(name), kind, module, NULL, 0);
}

/* Frames from a symbol: the real function first, then what was inlined into it. */
static void push_chain(struct builder *b, const struct sym_result *r, enum frame_kind kind)
{
	for (size_t i = r->nframes; i-- > 0;) {
		const struct sym_frame *f = &r->frames[i];
		array_push(&b->addr_frames,
			   named_frame(b, f->func ? f->func : "[unknown]",
				       i + 1 == r->nframes ? kind : FRAME_INLINE, r->module,
				       f->file, f->line));
		if (b->o->no_inline)
			break;
	}
}

/* A lookup in the binaries themselves (the kernel's symbols for proc 0). */
static int live_lookup(struct trace *t, struct symbolizer *sym, uint32_t proc, uint64_t addr,
		       struct sym_result *r)
{
	if (proc == TRACE_KERNEL_PROC)
		return symbolizer_kernel(sym, addr, r);
	const struct trace_map *m = trace_map_find(t, proc, addr);
	if (!m) {
		memset(r, 0, sizeof(*r));
		return 0;
	}
	struct sym_mapping sm = {
		.path = trace_str(t, m->path), .start = m->start,
		.end = m->start + m->len, .pgoff = m->pgoff,
		.build_id = m->build_id_len ? m->build_id : NULL,
		.build_id_len = m->build_id_len,
	};
	/* proc comes from a thread the reader checked, and is defined. */
	uint32_t pid = proc < t->procs.n ? t->procs.v[proc].pid : 0;
	return symbolizer_user(sym, pid, &sm, addr, r);
}

int trace_addr_symbolize(struct trace *t, struct symbolizer **sym, uint32_t proc, uint64_t addr,
			 struct sym_result *out)
{
	if (trace_addr_is_kernel(addr))
		proc = TRACE_KERNEL_PROC;
	memset(out, 0, sizeof(*out));
	const struct trace_symbol *s = trace_symbol_get(t, proc, addr);
	if (!s && !t->have_symbols) {
		if (!*sym) {
			struct sym_options so = { 0 };
			if (!(*sym = symbolizer_new(&so)))
				return -ENOMEM;
		}
		return live_lookup(t, *sym, proc, addr, out);
	}
	out->kind = proc == TRACE_KERNEL_PROC ? SYM_KERNEL : SYM_USER;
	if (!s) {
		const struct trace_map *m = proc ? trace_map_find(t, proc, addr) : NULL;
		if (m) {
			out->module = xstrdup(trace_str(t, m->path));
			out->offset = addr - m->start + m->pgoff;
		}
		return 0;
	}
	out->kind = s->kind == TSYM_KERNEL ? SYM_KERNEL : s->kind == TSYM_JIT ? SYM_JIT : SYM_USER;
	out->module = s->module ? xstrdup(trace_str(t, s->module - 1)) : NULL;
	out->offset = s->offset;
	if (!s->nframes || s->first_frame + s->nframes > t->sym_frames.n)
		return 0;
	out->nframes = s->nframes;
	out->frames = xcalloc(s->nframes, sizeof(*out->frames));
	for (size_t i = 0; i < s->nframes; i++) {
		const struct trace_sym_frame *f = &t->sym_frames.v[s->first_frame + i];
		out->frames[i].func = f->func ? xstrdup(trace_str(t, f->func - 1)) : NULL;
		out->frames[i].file = f->file ? xstrdup(trace_str(t, f->file - 1)) : NULL;
		out->frames[i].line = f->line;
	}
	return 0;
}

/* One address's frames, from the stored symbol table, else from the
 * binaries, else from the mapping it falls in. */
static void resolve(struct builder *b, uint32_t proc, uint64_t addr)
{
	struct sym_result r;
	trace_addr_symbolize(b->t, &b->sym, proc, addr, &r);
	enum frame_kind kind = proc == TRACE_KERNEL_PROC || r.kind == SYM_KERNEL ? FRAME_KERNEL :
			       r.kind == SYM_JIT ? FRAME_JIT : FRAME_USER;
	const struct trace_map *m;
	if (r.nframes)
		push_chain(b, &r, kind);
	else if (r.module)
		array_push(&b->addr_frames, offset_frame(b, r.module, r.offset, kind));
	else if (proc != TRACE_KERNEL_PROC && (m = trace_map_find(b->t, proc, addr)))
		array_push(&b->addr_frames, offset_frame(b, trace_str(b->t, m->path),
							 addr - m->start + m->pgoff, kind));
	else
		array_push(&b->addr_frames, named_frame(b, "[unknown]", kind, NULL, NULL, 0));
	sym_result_release(&r);
}

static const struct addr_entry *addr_frames(struct builder *b, uint32_t proc, uint64_t addr)
{
	if (trace_addr_is_kernel(addr))
		proc = TRACE_KERNEL_PROC;
	uint64_t h = hash_combine(proc, addr), idx;
	for (; hashmap_get(&b->addr_index, h, &idx); h++) {
		const struct addr_entry *e = &b->addrs.v[idx];
		if (e->proc == proc && e->addr == addr)
			return e;
	}
	uint32_t first = b->addr_frames.n;
	resolve(b, proc, addr);
	hashmap_put(&b->addr_index, h, b->addrs.n);
	array_push(&b->addrs, ((struct addr_entry){ proc, addr, first, b->addr_frames.n - first }));
	return &b->addrs.v[b->addrs.n - 1];
}

/* A thread with no name (or whose name was lost) goes by its process id:
 * an empty root frame would make folded lines that start with ';'. */
static char *thread_name(const struct trace *t, const struct trace_thread *th, uint32_t pid)
{
	const char *comm = th->comm < t->strs.n ? t->strs.v[th->comm] : NULL;
	return comm && *comm ? xstrdup(comm) : xasprintf("[pid %u]", pid);
}

static uint32_t thread_root(struct builder *b, uint32_t thread)
{
	uint64_t node;
	if (hashmap_get(&b->thread_root, thread, &node))
		return node;
	const struct trace_thread *th = &b->t->threads.v[thread];
	const struct trace_proc *pr = th->proc < b->t->procs.n ? &b->t->procs.v[th->proc] : NULL;
	uint32_t pid = pr ? pr->pid : 0;
	char *comm = thread_name(b->t, th, pid);
	char *name;
	if (b->o->tid_root)
		name = xasprintf("%s-%u/%u", comm, pid, th->tid);
	else if (b->o->pid_root)
		name = xasprintf("%s-%u", comm, pid);
	else
		name = xstrdup(comm);
	uint32_t f = profile_frame(b->p, name, strlen(name), FRAME_USER, NULL, NULL, 0);
	if (b->o->tid_root || b->o->pid_root)
		profile_set_thread(b->p, f, comm, strlen(comm), pid, b->o->tid_root ? th->tid : 0);
	free(comm);
	free(name);
	node = profile_child(b->p, 0, f);
	hashmap_put(&b->thread_root, thread, node);
	return node;
}

/*
 * The memo of stack_node: most stack nodes are only ever seen from one
 * thread, so each has a slot for its first thread; the others go to a map.
 */
static bool memo_get(struct builder *b, uint32_t node, uint32_t thread, uint64_t *pnode)
{
	const struct memo_slot *m = &b->memo_first[node];
	if (m->thread == thread) {
		*pnode = m->pnode;
		return true;
	}
	return m->thread && hashmap_get(&b->memo, (uint64_t)node << 32 | thread, pnode);
}

static void memo_put(struct builder *b, uint32_t node, uint32_t thread, uint32_t pnode)
{
	struct memo_slot *m = &b->memo_first[node];
	if (!m->thread)
		*m = (struct memo_slot){ thread, pnode };
	else
		hashmap_put(&b->memo, (uint64_t)node << 32 | thread, pnode);
}

/* The profile node of a trace stack node as seen from one thread, memoized
 * so every stack prefix is resolved once per thread. */
static uint32_t stack_node(struct builder *b, uint32_t tnode, uint32_t thread)
{
	/* The walk's scratch array lives in the builder: one allocation, not one per stack. */
	b->path.n = 0;
	uint64_t base = 0;
	uint32_t n = tnode;
	bool damaged = false;

	while (n) {
		if (n >= b->t->nodes.n || !b->t->nodes.v[n].valid) {
			damaged = true;
			break;
		}
		if (memo_get(b, n, thread, &base))
			break;
		array_push(&b->path, n);
		n = b->t->nodes.v[n].parent;
	}
	if (!n || damaged) {
		base = thread_root(b, thread);
		if (damaged) {
			static const char lost[] = "[stack lost in damaged file]";
			base = profile_child(b->p, base, profile_frame(b->p, lost, sizeof(lost) - 1,
								     FRAME_USER, NULL, NULL, 0));
		}
	}
	uint32_t proc = b->t->threads.v[thread].proc;
	for (size_t i = b->path.n; i-- > 0;) {
		const struct addr_entry *e = addr_frames(b, proc, b->t->nodes.v[b->path.v[i]].addr);
		/* Inline chains multiply a stack's depth: past the limit the rest
		 * of the stack is cut rather than costing memory in its product. */
		for (uint32_t k = 0; k < e->n && b->p->nodes.v[base].depth < PROFILE_MAX_FRAMES; k++)
			base = profile_child(b->p, base, b->addr_frames.v[e->first + k]);
		memo_put(b, b->path.v[i], thread, base);
	}
	return base;
}

/* No list means everything. */
static bool in_list(const char *list, const char *value)
{
	return !list || list_has(list, value);
}

bool trace_thread_wanted(const struct trace *t, const struct trace_thread *th,
			 const struct trace_profile_opts *o)
{
	char num[16];
	const struct trace_proc *pr = th->proc < t->procs.n ? &t->procs.v[th->proc] : NULL;
	snprintf(num, sizeof(num), "%u", pr ? pr->pid : 0);
	if (!in_list(o->pids, num))
		return false;
	snprintf(num, sizeof(num), "%u", th->tid);
	if (!in_list(o->tids, num))
		return false;
	return in_list(o->comms, trace_str(t, th->comm));
}

/* The CPU clocks: their samples are counted; every other event is weighed. */
static bool event_counts_samples(const struct trace_event *e)
{
	return !strcmp(e->name, "cpu-clock") || !strcmp(e->name, "task-clock");
}

/*
 * The samples a profile takes: one event, or for "wall" the CPU clock's
 * samples and the off-CPU intervals together, both in nanoseconds.  A trace
 * holding both is drawn as wall time unless an event is named.
 */
struct selection {
	int event, off;		/* event indexes; off -1 unless wall */
	bool by_period;
	const char *name, *unit;
};

static bool select_wall(const struct trace *t, const struct trace_profile_opts *o,
			struct selection *sel)
{
	if (o->event && strcmp(o->event, "wall"))
		return false;
	int on = trace_event_index(t, "cpu-clock"), off = trace_event_index(t, "off-cpu");
	if (on < 0)
		on = trace_event_index(t, "task-clock");
	if (on < 0 || off < 0 || (size_t)off >= t->header.events.n)
		return false;
	/* by default only when the clock comes first, as --wall records it */
	if (!o->event && on != 0)
		return false;
	*sel = (struct selection){ on, off, o->weight != WEIGHT_SAMPLES, "wall", "ns" };
	if (!sel->by_period)
		sel->unit = "samples";
	return true;
}

static bool select_events(const struct trace *t, const struct trace_profile_opts *o,
			  struct selection *sel)
{
	if (select_wall(t, o, sel))
		return true;
	int event = trace_event_index(t, o->event);
	if (event < 0)
		return false;
	*sel = (struct selection){ event, -1, false, NULL, "samples" };
	if ((size_t)event >= t->header.events.n) {
		sel->by_period = o->weight == WEIGHT_PERIOD;
		sel->unit = sel->by_period ? "events" : "samples";
		return true;
	}
	const struct trace_event *e = &t->header.events.v[event];
	sel->name = e->name;
	sel->by_period = o->weight == WEIGHT_AUTO ? !event_counts_samples(e) :
			 o->weight == WEIGHT_PERIOD;
	/* Periods of the CPU clocks and of off-CPU intervals are nanoseconds */
	if (sel->by_period)
		sel->unit = event_counts_samples(e) || !strcmp(e->name, "off-cpu") ? "ns" :
			    !strcmp(e->name, "malloc") || !strcmp(e->name, "leaks") ? "bytes" : e->name;
	return true;
}

const char *trace_weight_unit(const struct trace *t, const struct trace_profile_opts *o)
{
	struct selection sel;
	return select_events(t, o, &sel) ? sel.unit : "samples";
}

/* In a wall profile the time off CPU ends in this frame. */
static uint32_t offcpu_leaf(struct builder *b, uint32_t node)
{
	static const char name[] = "[off-cpu]";
	return profile_child(b->p, node, profile_frame(b->p, name, sizeof(name) - 1,
						       FRAME_USER, NULL, NULL, 0));
}

/* The readings of one round (one time) add up: every process's memory. */
static void rss_series(const struct trace *t, struct profile *p)
{
	for (size_t i = 0; i < t->memory.n; i++) {
		const struct trace_memory *m = &t->memory.v[i];
		if (m->proc == TRACE_MACHINE_PROC)
			continue;
		if (p->rss.n && p->rss.v[p->rss.n - 1].time == m->time)
			p->rss.v[p->rss.n - 1].kib += m->rss_kib;
		else if (!p->rss.n || p->rss.v[p->rss.n - 1].time < m->time)
			array_push(&p->rss, ((struct prss){ m->time, m->rss_kib }));
	}
}

struct profile *trace_profile(struct trace *t, const struct trace_profile_opts *o)
{
	struct selection sel;
	if (!select_events(t, o, &sel)) {
		err_set(ENOENT, "no event '%s' in '%s'", o->event, t->path);
		return NULL;
	}
	struct builder b = { .t = t, .o = o, .p = profile_new() };
	if (sel.name)
		b.p->event = xstrdup(sel.name);
	b.p->unit = xstrdup(sel.unit);
	rss_series(t, b.p);
	/* About one profile node per stack node: grown once, not copied at every doubling. */
	array_reserve(&b.p->nodes, t->nodes.n + t->threads.n + 16);
	b.memo_first = xcalloc(t->nodes.n + 1, sizeof(*b.memo_first));
	bool *keep = xcalloc(t->threads.n + 1, sizeof(*keep));
	for (size_t i = 0; i < t->threads.n; i++)
		keep[i] = t->threads.v[i].valid && trace_thread_wanted(t, &t->threads.v[i], o);

	for (size_t i = 0; i < t->samples.n; i++) {
		const struct trace_sample *s = &t->samples.v[i];
		int ev = (int)(s->flags >> SAMPLE_TRUNC_BITS);
		if (ev != sel.event && ev != sel.off)
			continue;
		if (s->thread >= t->threads.n || !keep[s->thread])
			continue;
		if (s->time < o->time_start || (o->time_end && s->time >= o->time_end))
			continue;
		uint32_t node = stack_node(&b, s->node, s->thread);
		if (ev == sel.off)
			node = offcpu_leaf(&b, node);
		double w = sel.by_period ? (double)s->period : 1.0;
		profile_add(b.p, node, 0, w);
		if (o->times)
			array_push(&b.p->samples, ((struct psample){ s->time, t->threads.v[s->thread].tid,
								    node, w }));
	}
	free(keep);
	array_free(&b.addrs);
	array_free(&b.addr_frames);
	hashmap_release(&b.addr_index);
	hashmap_release(&b.memo);
	free(b.memo_first);
	array_free(&b.path);
	hashmap_release(&b.thread_root);
	/* Files the symbolizer would not read (not regular, not trusted):
	 * the command says so once. */
	for (size_t i = 0; b.sym && symbolizer_notice(b.sym, i); i++) {
		char *n = xasprintf("%s%s%s", b.p->notice ? b.p->notice : "",
				    b.p->notice ? "\n" : "", symbolizer_notice(b.sym, i));
		free(b.p->notice);
		b.p->notice = n;
	}
	symbolizer_free(b.sym);
	return b.p;
}
