/* Traces as a pprof profile (report/export.h), packed by protobuf-c, gzipped by zlib. */
#include "config.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lib/util.h"
#include "report/export.h"
#include "report/pprof.pb-c.h"
#include "report/trace_profile.h"
#include "sym/symbols.h"
#include "trace/format.h"

typedef Perftools__Profiles__Profile PProfile;
typedef Perftools__Profiles__ValueType PValueType;
typedef Perftools__Profiles__Sample PSample;
typedef Perftools__Profiles__Label PLabel;
typedef Perftools__Profiles__Mapping PMapping;
typedef Perftools__Profiles__Location PLocation;
typedef Perftools__Profiles__Line PLine;
typedef Perftools__Profiles__Function PFunction;

/* A key of up to three parts, checked on a hash hit (hashes may collide). */
struct key3 {
	uint64_t a, b, c;
};

struct keyed {
	struct hashmap index;		/* hash -> position in keys */
	ARRAY(struct key3) keys;
};

/* The position of k, added at the end when new (*added says so). */
static size_t keyed_get(struct keyed *m, struct key3 k, bool *added)
{
	uint64_t h = hash_combine(hash_combine(k.a, k.b), k.c), pos;
	for (;; h++) {
		if (!hashmap_get(&m->index, h, &pos)) {
			hashmap_put(&m->index, h, m->keys.n);
			array_push(&m->keys, k);
			*added = true;
			return m->keys.n - 1;
		}
		const struct key3 *o = &m->keys.v[pos];
		if (o->a == k.a && o->b == k.b && o->c == k.c) {
			*added = false;
			return pos;
		}
	}
}

static void keyed_release(struct keyed *m)
{
	hashmap_release(&m->index);
	array_free(&m->keys);
}

struct pbuild {
	const struct trace_profile_opts *o;
	struct strtab strs;
	struct keyed map_keys, loc_keys, func_keys, sample_keys;
	ARRAY(PMapping *) maps;
	ARRAY(PLocation *) locs;
	ARRAY(PFunction *) funcs;
	ARRAY(PSample *) samples;
	ARRAY(uint64_t) stack;		/* scratch: location ids, leaf first */
	struct symbolizer *sym;		/* for traces without a symbol table */
	int64_t lbl_pid, lbl_tid, lbl_comm;
};

static int64_t str(struct pbuild *b, const char *s)
{
	return strtab_intern_str(&b->strs, s ? s : "");
}

const char *export_event_unit(const struct trace *t, int ev)
{
	const struct trace_event *e = &t->header.events.v[ev];
	bool clock = e->type == PERF_TYPE_SOFTWARE && (e->config == PERF_COUNT_SW_CPU_CLOCK ||
						     e->config == PERF_COUNT_SW_TASK_CLOCK);
	return clock ? "nanoseconds" : "count";
}

static char *build_id_hex(const struct trace_map *m)
{
	char *s = xmalloc(2 * m->build_id_len + 1);
	for (size_t i = 0; i < m->build_id_len; i++)
		sprintf(s + 2 * i, "%02x", m->build_id[i]);
	s[2 * m->build_id_len] = '\0';
	return s;
}

/* The mapping of a trace's map (or of the kernel, map NULL). */
static uint64_t mapping_id(struct pbuild *b, size_t ti, const struct trace *t,
			   const struct trace_map *m)
{
	bool added;
	uint64_t mi = m ? (uint64_t)(m - t->maps.v) : UINT64_MAX;
	size_t pos = keyed_get(&b->map_keys, (struct key3){ ti, mi, 0 }, &added);
	if (!added)
		return pos + 1;
	PMapping *pm = xmalloc(sizeof(*pm));
	*pm = (PMapping)PERFTOOLS__PROFILES__MAPPING__INIT;
	pm->id = pos + 1;
	if (m) {
		char *hex = build_id_hex(m);
		pm->memory_start = m->start;
		pm->memory_limit = m->start + m->len;
		pm->file_offset = m->pgoff;
		pm->filename = str(b, trace_str(t, m->path));
		pm->build_id = str(b, hex);
		free(hex);
	} else {
		/* Kernel addresses are the upper half of the address space. */
		pm->memory_start = UINT64_C(1) << 63;
		pm->memory_limit = UINT64_MAX;
		pm->filename = str(b, "[kernel.kallsyms]");
	}
	/* Names come from cprof, so pprof must not look for the binaries. */
	pm->has_functions = pm->has_filenames = pm->has_line_numbers = true;
	pm->has_inline_frames = !b->o->no_inline;
	array_push(&b->maps, pm);
	return pm->id;
}

static uint64_t function_id(struct pbuild *b, const char *name, const char *file)
{
	bool added;
	int64_t n = str(b, name), fn = str(b, file);
	size_t pos = keyed_get(&b->func_keys, (struct key3){ n, fn, 0 }, &added);
	if (added) {
		PFunction *pf = xmalloc(sizeof(*pf));
		*pf = (PFunction)PERFTOOLS__PROFILES__FUNCTION__INIT;
		pf->id = pos + 1;
		pf->name = pf->system_name = n;
		pf->filename = fn;
		array_push(&b->funcs, pf);
	}
	return pos + 1;
}

static void add_line(PLocation *pl, uint64_t func, uint32_t line)
{
	PLine *l = xmalloc(sizeof(*l));
	*l = (PLine)PERFTOOLS__PROFILES__LINE__INIT;
	l->function_id = func;
	l->line = line;
	pl->line = xrealloc(pl->line, (pl->n_line + 1) * sizeof(*pl->line));
	pl->line[pl->n_line++] = l;
}

/* The lines of one address: its inline chain innermost first, or the name
 * the other views give an address without symbol ("libc.so.6+0x2a1c0"). */
static void location_lines(struct pbuild *b, struct trace *t, uint32_t proc, uint64_t addr,
			   const struct trace_map *m, PLocation *pl)
{
	struct sym_result r;
	trace_addr_symbolize(t, &b->sym, proc, addr, &r);
	size_t first = b->o->no_inline && r.nframes ? r.nframes - 1 : 0;
	for (size_t i = first; i < r.nframes; i++) {
		const struct sym_frame *f = &r.frames[i];
		add_line(pl, function_id(b, f->func && *f->func ? f->func : "[unknown]", f->file),
			 f->line);
	}
	if (!r.nframes) {
		char *name;
		if (r.module || !m)
			name = sym_fallback_name(&r);
		else
			name = xasprintf("%s+0x%llx", path_base(trace_str(t, m->path)),
					 (unsigned long long)(addr - m->start + m->pgoff));
		add_line(pl, function_id(b, name, NULL), 0);
		free(name);
	}
	sym_result_release(&r);
}

static uint64_t location_id(struct pbuild *b, size_t ti, struct trace *t, uint32_t proc,
			    uint64_t addr)
{
	if (trace_addr_is_kernel(addr))
		proc = TRACE_KERNEL_PROC;
	bool added;
	size_t pos = keyed_get(&b->loc_keys, (struct key3){ ti, proc, addr }, &added);
	if (!added)
		return pos + 1;
	const struct trace_map *m = proc != TRACE_KERNEL_PROC ? trace_map_find(t, proc, addr) : NULL;
	PLocation *pl = xmalloc(sizeof(*pl));
	*pl = (PLocation)PERFTOOLS__PROFILES__LOCATION__INIT;
	pl->id = pos + 1;
	pl->address = addr;
	if (m || proc == TRACE_KERNEL_PROC)
		pl->mapping_id = mapping_id(b, ti, t, m);
	location_lines(b, t, proc, addr, m, pl);
	array_push(&b->locs, pl);
	return pl->id;
}

static PLabel *label(int64_t key, int64_t s, int64_t num)
{
	PLabel *l = xmalloc(sizeof(*l));
	*l = (PLabel)PERFTOOLS__PROFILES__LABEL__INIT;
	l->key = key;
	l->str = s;
	l->num = num;
	return l;
}

static PSample *new_sample(struct pbuild *b, struct trace *t, size_t ti,
			   const struct trace_sample *s)
{
	const struct trace_thread *th = &t->threads.v[s->thread];
	uint32_t pid = th->proc < t->procs.n ? t->procs.v[th->proc].pid : 0;
	b->stack.n = 0;
	for (uint32_t n = s->node; n && n < t->nodes.n && t->nodes.v[n].valid;
	     n = t->nodes.v[n].parent)
		array_push(&b->stack, location_id(b, ti, t, th->proc, t->nodes.v[n].addr));
	PSample *ps = xmalloc(sizeof(*ps));
	*ps = (PSample)PERFTOOLS__PROFILES__SAMPLE__INIT;
	ps->n_location_id = b->stack.n;
	ps->location_id = xmalloc((b->stack.n + 1) * sizeof(*ps->location_id));
	memcpy(ps->location_id, b->stack.v, b->stack.n * sizeof(*ps->location_id));
	ps->n_value = 2;
	ps->value = xcalloc(2, sizeof(*ps->value));
	ps->n_label = 3;
	ps->label = xmalloc(3 * sizeof(*ps->label));
	ps->label[0] = label(b->lbl_pid, 0, pid);
	ps->label[1] = label(b->lbl_tid, 0, th->tid);
	ps->label[2] = label(b->lbl_comm, str(b, trace_str(t, th->comm)), 0);
	array_push(&b->samples, ps);
	return ps;
}

/* pprof takes the first mapping for the main binary: the first one the
 * process of the first sample mapped, which exec made. */
static void main_mapping(struct pbuild *b, const struct trace *t, size_t ti,
			 const struct trace_sample *s)
{
	uint32_t proc = t->threads.v[s->thread].proc;
	for (size_t i = 0; i < t->maps.n; i++)
		if (t->maps.v[i].proc == proc) {
			mapping_id(b, ti, t, &t->maps.v[i]);
			return;
		}
}

/* Every selected sample of trace number ti; the same stack of the same
 * thread adds to one pprof sample. */
static void add_trace(struct pbuild *b, struct trace *t, size_t ti, int ev)
{
	const struct trace_profile_opts *o = b->o;
	bool *keep = xcalloc(t->threads.n + 1, sizeof(*keep));
	for (size_t i = 0; i < t->threads.n; i++)
		keep[i] = t->threads.v[i].valid && trace_thread_wanted(t, &t->threads.v[i], o);
	for (size_t i = 0; i < t->samples.n; i++) {
		const struct trace_sample *s = &t->samples.v[i];
		if ((int)(s->flags >> SAMPLE_TRUNC_BITS) != ev)
			continue;
		if (s->thread >= t->threads.n || !keep[s->thread])
			continue;
		if (s->time < o->time_start || (o->time_end && s->time >= o->time_end))
			continue;
		if (!b->maps.n)
			main_mapping(b, t, ti, s);
		bool added;
		size_t pos = keyed_get(&b->sample_keys, (struct key3){ ti, s->node, s->thread },
				       &added);
		PSample *ps = added ? new_sample(b, t, ti, s) : b->samples.v[pos];
		ps->value[0]++;
		ps->value[1] += (int64_t)s->period;
	}
	free(keep);
}

/* The event of every trace, which must be the same; its index in t[0]. */
static int common_event(struct trace **t, size_t n, const char *name, int *evs)
{
	for (size_t i = 0; i < n; i++) {
		evs[i] = trace_event_index(t[i], name);
		if (evs[i] < 0 || (size_t)evs[i] >= t[i]->header.events.n)
			return err_set(ENOENT, "no event '%s' in '%s'", name ? name : "",
				       t[i]->path);
		const char *e0 = t[0]->header.events.v[evs[0]].name;
		const char *ei = t[i]->header.events.v[evs[i]].name;
		if (strcmp(e0, ei) != 0)
			return err_set(EINVAL, "'%s' samples %s but '%s' samples %s: export one "
				       "event (--event)", t[0]->path, e0, t[i]->path, ei);
	}
	return 0;
}

/* Start and length of what the traces cover, after the time window. */
static void time_span(struct trace **t, size_t n, const struct trace_profile_opts *o,
		      PProfile *pp)
{
	uint64_t start = UINT64_MAX, end = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t dur = t[i]->stats.duration_ns;
		if (!t[i]->have_stats && t[i]->samples.n)
			dur = t[i]->samples.v[t[i]->samples.n - 1].time;
		if (o->time_end && o->time_end < dur)
			dur = o->time_end;
		uint64_t from = MIN(o->time_start, dur);
		start = MIN(start, t[i]->header.start_realtime_ns + from);
		end = MAX(end, t[i]->header.start_realtime_ns + dur);
	}
	pp->time_nanos = start;
	pp->duration_nanos = end - start;
}

static PValueType *value_type(struct pbuild *b, const char *type, const char *unit)
{
	PValueType *v = xmalloc(sizeof(*v));
	*v = (PValueType)PERFTOOLS__PROFILES__VALUE_TYPE__INIT;
	v->type = str(b, type);
	v->unit = str(b, unit);
	return v;
}

static void header(struct pbuild *b, struct trace **t, size_t n, int ev, PProfile *pp)
{
	const struct trace_event *e = &t[0]->header.events.v[ev];
	const char *unit = export_event_unit(t[0], ev);
	bool ns = strcmp(unit, "nanoseconds") == 0;
	pp->n_sample_type = 2;
	pp->sample_type = xmalloc(2 * sizeof(*pp->sample_type));
	pp->sample_type[0] = value_type(b, "samples", "count");
	pp->sample_type[1] = value_type(b, ns ? "cpu" : e->name, unit);
	pp->period_type = value_type(b, ns ? "cpu" : e->name, unit);
	/* A frequency is samples a second: its period is the mean interval. */
	if (!e->freq)
		pp->period = e->value;
	else if (ns && e->value)
		pp->period = 1000000000 / e->value;
	pp->default_sample_type = pp->sample_type[1]->type;
	time_span(t, n, b->o, pp);
	pp->comment = xmalloc(n * sizeof(*pp->comment));
	for (size_t i = 0; i < n; i++) {
		const struct trace_header *h = &t[i]->header;
		char *cmd = xstrdup(h->argv.n ? h->argv.v[0] : "");
		for (size_t k = 1; k < h->argv.n; k++) {
			char *c2 = xasprintf("%s %s", cmd, h->argv.v[k]);
			free(cmd);
			cmd = c2;
		}
		if (h->argv.n)
			pp->comment[pp->n_comment++] = str(b, cmd);
		free(cmd);
	}
}

/* gzip of the packed bytes, written to f. */
static int write_gzip(const uint8_t *data, size_t n, FILE *f)
{
	z_stream z = { 0 };
	/* 15 window bits + 16: a gzip header and trailer, not zlib's. */
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return err_set(ENOMEM, "cannot start gzip compression");
	uint8_t out[1 << 16];
	z.next_in = (uint8_t *)data;
	z.avail_in = n;
	int zr, ret = 0;
	do {
		z.next_out = out;
		z.avail_out = sizeof(out);
		zr = deflate(&z, Z_FINISH);
		size_t got = sizeof(out) - z.avail_out;
		if (got && fwrite(out, 1, got, f) != got) {
			ret = err_errno(errno ? errno : EIO, "cannot write the profile");
			break;
		}
	} while (zr == Z_OK);
	if (!ret && zr != Z_STREAM_END)
		ret = err_set(EIO, "gzip compression failed (zlib error %d)", zr);
	deflateEnd(&z);
	return ret;
}

static void pbuild_release(struct pbuild *b, PProfile *pp)
{
	for (size_t i = 0; i < b->samples.n; i++) {
		PSample *s = b->samples.v[i];
		for (size_t k = 0; k < s->n_label; k++)
			free(s->label[k]);
		free(s->label);
		free(s->value);
		free(s->location_id);
		free(s);
	}
	for (size_t i = 0; i < b->locs.n; i++) {
		for (size_t k = 0; k < b->locs.v[i]->n_line; k++)
			free(b->locs.v[i]->line[k]);
		free(b->locs.v[i]->line);
		free(b->locs.v[i]);
	}
	for (size_t i = 0; i < b->maps.n; i++)
		free(b->maps.v[i]);
	for (size_t i = 0; i < b->funcs.n; i++)
		free(b->funcs.v[i]);
	for (size_t i = 0; i < pp->n_sample_type; i++)
		free(pp->sample_type[i]);
	free(pp->sample_type);
	free(pp->period_type);
	free(pp->comment);
	array_free(&b->samples);
	array_free(&b->locs);
	array_free(&b->maps);
	array_free(&b->funcs);
	array_free(&b->stack);
	keyed_release(&b->map_keys);
	keyed_release(&b->loc_keys);
	keyed_release(&b->func_keys);
	keyed_release(&b->sample_keys);
	strtab_release(&b->strs);
	symbolizer_free(b->sym);
}

int export_pprof(struct trace **t, size_t n, const struct trace_profile_opts *o, FILE *f)
{
	int *evs = xcalloc(n + 1, sizeof(*evs));
	int ret = common_event(t, n, o->event, evs);
	if (ret < 0) {
		free(evs);
		return ret;
	}
	struct pbuild b = { .o = o };
	PProfile pp = PERFTOOLS__PROFILES__PROFILE__INIT;
	strtab_init(&b.strs);
	str(&b, "");	/* string 0 must be the empty string */
	b.lbl_pid = str(&b, "pid");
	b.lbl_tid = str(&b, "tid");
	b.lbl_comm = str(&b, "comm");
	header(&b, t, n, evs[0], &pp);
	for (size_t i = 0; i < n; i++)
		add_trace(&b, t[i], i, evs[i]);
	free(evs);

	pp.n_sample = b.samples.n;
	pp.sample = b.samples.v;
	pp.n_mapping = b.maps.n;
	pp.mapping = b.maps.v;
	pp.n_location = b.locs.n;
	pp.location = b.locs.v;
	pp.n_function = b.funcs.n;
	pp.function = b.funcs.v;
	pp.n_string_table = b.strs.n;
	pp.string_table = b.strs.strs;
	size_t len = perftools__profiles__profile__get_packed_size(&pp);
	uint8_t *buf = xmalloc(len + 1);
	perftools__profiles__profile__pack(&pp, buf);
	ret = write_gzip(buf, len, f);
	free(buf);
	pbuild_release(&b, &pp);
	return ret;
}
