#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"
#include "trace/format.h"
#include "trace/multi.h"
#include "trace/trace.h"

bool trace_path_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool looks_like_trace(const char *path)
{
	char head[TRACE_MAGIC_LEN];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	struct stat st;
	bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		  read(fd, head, sizeof(head)) == (ssize_t)sizeof(head) &&
		  trace_sniff(head, sizeof(head));
	close(fd);
	return ok;
}

static int by_start(const void *a, const void *b)
{
	const struct trace *x = *(struct trace *const *)a, *y = *(struct trace *const *)b;
	uint64_t p = x->header.start_realtime_ns, q = y->header.start_realtime_ns;
	return p < q ? -1 : p > q ? 1 : strcmp(x->path, y->path);
}

static int add_path(struct trace_set *set, const char *path)
{
	struct trace *t = trace_open(path);
	if (!t)
		return -EINVAL;
	set->v = xrealloc(set->v, (set->n + 1) * sizeof(*set->v));
	set->v[set->n++] = t;
	return 0;
}

static int add_dir(struct trace_set *set, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return err_errno(errno, "cannot read directory '%s'", dir);
	size_t before = set->n;
	struct dirent *de;
	int rc = 0;
	while (rc == 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;	/* ., .., and files being written (.NAME.XXXXXX) */
		char *path = xasprintf("%s/%s", dir, de->d_name);
		if (looks_like_trace(path))
			rc = add_path(set, path);
		else
			set->skipped++;
		free(path);
	}
	closedir(d);
	if (rc == 0 && set->n == before)
		return err_set(ENOENT, "no cprof trace in directory '%s'", dir);
	return rc;
}

int trace_set_open(struct trace_set *set, const char *const *paths, size_t n)
{
	memset(set, 0, sizeof(*set));
	for (size_t i = 0; i < n; i++) {
		int rc = trace_path_is_dir(paths[i]) ? add_dir(set, paths[i]) : add_path(set, paths[i]);
		if (rc < 0) {
			trace_set_release(set);
			return rc;
		}
	}
	if (set->n > 1)
		qsort(set->v, set->n, sizeof(*set->v), by_start);
	return 0;
}

void trace_set_release(struct trace_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		trace_free(set->v[i]);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

/* The last sample or end: the recorder's duration also counts the time it
 * took to symbolize when the recording was over, which held no samples. */
uint64_t trace_span_ns(const struct trace *t)
{
	uint64_t end = 0;
	if (t->samples.n)
		end = t->samples.v[t->samples.n - 1].time;
	for (size_t i = 0; i < t->ends.n; i++)
		end = MAX(end, t->ends.v[i].time);
	return end || !t->have_stats ? end : t->stats.duration_ns;
}

static bool same_events(const struct trace *a, const struct trace *b)
{
	if (a->header.events.n != b->header.events.n)
		return false;
	for (size_t i = 0; i < a->header.events.n; i++)
		if (strcmp(a->header.events.v[i].name, b->header.events.v[i].name) != 0)
			return false;
	return true;
}

/* Moves the tables of src to the end of dst's, ids shifted past dst's own
 * and times by shift ns. */
static void append(struct trace *dst, struct trace *src, uint64_t shift)
{
	uint32_t str0 = dst->strs.n, proc0 = dst->procs.n ? dst->procs.n - 1 : 0;
	uint32_t thr0 = dst->threads.n ? dst->threads.n - 1 : 0;
	uint32_t node0 = dst->nodes.n ? dst->nodes.n - 1 : 0;
	uint32_t frame0 = dst->sym_frames.n;
	/* Id 0 means none in these tables: slot 0 is kept once. */
	if (!dst->procs.n) array_add(&dst->procs);
	if (!dst->threads.n) array_add(&dst->threads);
	if (!dst->nodes.n) array_add(&dst->nodes);

	for (size_t i = 0; i < src->strs.n; i++) {
		array_push(&dst->strs, src->strs.v[i]);
		src->strs.v[i] = NULL;
	}
	for (size_t i = 1; i < src->procs.n; i++) {
		struct trace_proc p = src->procs.v[i];
		p.comm += str0;
		array_push(&dst->procs, p);
	}
	for (size_t i = 1; i < src->threads.n; i++) {
		struct trace_thread th = src->threads.v[i];
		th.comm += str0;
		th.proc += proc0;
		array_push(&dst->threads, th);
	}
	for (size_t i = 0; i < src->maps.n; i++) {
		struct trace_map m = src->maps.v[i];
		m.proc += proc0;
		m.path += str0;
		array_push(&dst->maps, m);
	}
	for (size_t i = 1; i < src->nodes.n; i++) {
		struct trace_node nd = src->nodes.v[i];
		if (nd.parent)
			nd.parent += node0;
		array_push(&dst->nodes, nd);
	}
	for (size_t i = 0; i < src->samples.n; i++) {
		struct trace_sample s = src->samples.v[i];
		s.time += shift;
		s.thread += thr0;
		if (s.node)
			s.node += node0;
		array_push(&dst->samples, s);
	}
	for (size_t i = 0; i < src->sym_frames.n; i++) {
		struct trace_sym_frame f = src->sym_frames.v[i];
		if (f.func)
			f.func += str0;
		if (f.file)
			f.file += str0;
		array_push(&dst->sym_frames, f);
	}
	for (size_t i = 0; i < src->symbols.n; i++) {
		struct trace_symbol s = src->symbols.v[i];
		if (s.proc != TRACE_KERNEL_PROC)
			s.proc += proc0;
		if (s.module)
			s.module += str0;
		s.first_frame += frame0;
		trace_symbol_put(dst, &s);
	}
	for (size_t i = 0; i < src->ends.n; i++) {
		struct trace_end e = src->ends.v[i];
		e.proc += proc0;
		e.time += shift;
		array_push(&dst->ends, e);
	}
	dst->size += src->size;
	dst->orphan_samples += src->orphan_samples;
	dst->bad_entries += src->bad_entries;
	dst->bad_chunks += src->bad_chunks;
	dst->unknown_chunks += src->unknown_chunks;
	dst->have_symbols = dst->have_symbols && src->have_symbols;
	dst->complete = dst->complete && src->complete;
	struct trace_stats *a = &dst->stats;
	const struct trace_stats *b = &src->stats;
	a->samples += b->samples;
	a->lost += b->lost;
	a->throttled += b->throttled;
	a->records += b->records;
	for (size_t i = 0; i < ARRAY_SIZE(a->truncated); i++)
		a->truncated[i] += b->truncated[i];
	a->duration_ns = MAX(a->duration_ns, shift + trace_span_ns(src));
	a->exit_status = b->exit_status;
	if (!dst->damage_what && src->damage_what) {
		dst->damage_what = src->damage_what;
		dst->damage_offset = src->damage_offset;
		dst->skipped_bytes = src->skipped_bytes;
	}
}

struct trace *trace_set_merge(struct trace_set *set)
{
	if (!set->n) {
		err_set(ENOENT, "no trace to read");
		return NULL;
	}
	struct trace *t = set->v[0];
	for (size_t i = 1; i < set->n; i++) {
		if (!same_events(t, set->v[i])) {
			err_set(EINVAL, "'%s' and '%s' were recorded with different events: they "
				"cannot be read as one", t->path, set->v[i]->path);
			return NULL;
		}
	}
	if (set->n > 1) {
		char *name = xasprintf("%s and %zu more", t->path, set->n - 1);
		free(t->path);
		t->path = name;
		/* The merged trace's symbols are rebuilt in append(). */
		free(t->map_order);
		t->map_order = NULL;
	}
	for (size_t i = 1; i < set->n; i++) {
		struct trace *src = set->v[i];
		uint64_t a = t->header.start_realtime_ns, b = src->header.start_realtime_ns;
		append(t, src, b > a ? b - a : 0);
		trace_free(src);
	}
	free(set->v);
	memset(set, 0, sizeof(*set));
	return t;
}

struct trace *trace_open_many(const char *const *paths, size_t n)
{
	struct trace_set set;
	if (trace_set_open(&set, paths, n) < 0)
		return NULL;
	struct trace *t = trace_set_merge(&set);
	trace_set_release(&set);
	return t;
}

/* "5", "2.5s", "300ms", "10m", "1h": ns; false on junk. */
static bool parse_duration(const char *s, uint64_t *ns)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || errno || !(v >= 0) || v > 1e9 || (*s < '0' || *s > '9'))
		return false;
	double unit = 1e9;
	if (strcmp(end, "ms") == 0)
		unit = 1e6;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		unit = 60e9;
	else if (strcmp(end, "h") == 0)
		unit = 3600e9;
	else if (*end && strcmp(end, "s") != 0)
		return false;
	*ns = (uint64_t)(v * unit);
	return true;
}

/* A local time of day, or a date and time, as ns of the realtime clock. */
static bool parse_clock(const struct trace *t, const char *s, uint64_t *real_ns)
{
	struct tm tm;
	time_t start = t->header.start_realtime_ns / 1000000000ull;
	localtime_r(&start, &tm);
	const char *rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!rest) {
		localtime_r(&start, &tm);
		rest = strptime(s, "%H:%M:%S", &tm);
	}
	if (!rest)
		return false;
	double frac = 0;
	if (*rest == '.') {
		char *end;
		frac = strtod(rest, &end);
		if (end == rest + 1)
			return false;
		rest = end;
	}
	if (*rest)
		return false;
	tm.tm_isdst = -1;
	time_t sec = mktime(&tm);
	if (sec == (time_t)-1 || sec < 0)
		return false;
	*real_ns = (uint64_t)sec * 1000000000ull + (uint64_t)(frac * 1e9);
	return true;
}

int trace_parse_when(const struct trace *t, const char *arg, uint64_t *ns)
{
	uint64_t span = trace_span_ns(t), d, real;
	if (arg[0] == '-' && parse_duration(arg + 1, &d)) {
		*ns = d < span ? span - d : 0;
		return 0;
	}
	if ((arg[0] == '+' && parse_duration(arg + 1, &d)) ||
	    (strchr(arg, ':') == NULL && parse_duration(arg, &d))) {
		*ns = MIN(d, span);
		return 0;
	}
	if (parse_clock(t, arg, &real)) {
		uint64_t start = t->header.start_realtime_ns;
		*ns = real <= start ? 0 : MIN(real - start, span);
		return 0;
	}
	return err_set(EINVAL, "bad time '%s': give +5s (after the start), -30s (before the "
		       "end), 12:00:05 or 2026-01-31T12:00:05", arg);
}
