/*
 * Many traces read as one: the rotated files of a recording (given one by
 * one, or as the directory that holds them), put in the order they were
 * recorded, and times given as users write them (--from/--to).
 */
#ifndef CPROF_MULTI_H
#define CPROF_MULTI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace/trace.h"

struct trace_set {
	struct trace **v;	/* by start time */
	size_t n;
	size_t skipped;		/* files of a directory that are not traces */
};

/*
 * Opens each path, a trace or a directory of traces (its files that are
 * not traces are skipped and counted), and sorts them by start time.
 * 0, or -errno with err_msg() set; a directory without a trace fails.
 */
int trace_set_open(struct trace_set *set, const char *const *paths, size_t n);
void trace_set_release(struct trace_set *set);

/*
 * One trace holding every trace of the set: times count from the start of
 * the first, processes stay apart (one entry per file), counters add up.
 * Takes the set's traces (the set is left empty).  NULL with err_msg()
 * set when they were recorded with different events.
 */
struct trace *trace_set_merge(struct trace_set *set);

/* trace_set_open and trace_set_merge; NULL with err_msg() set. */
struct trace *trace_open_many(const char *const *paths, size_t n);

/* Whether path is a directory (where a trace set is expected). */
bool trace_path_is_dir(const char *path);

/* The ns from the start to the trace's last sample or process end (the
 * recorder's duration when it has neither). */
uint64_t trace_span_ns(const struct trace *t);

/*
 * A point in time of trace t, in ns after its start: "+5s" or "5" after
 * the start, "-30s" before the end, or a local time "HH:MM:SS[.frac]"
 * (the day of the start) or "YYYY-mm-ddTHH:MM:SS[.frac]".  Units: ms, s,
 * m, h (default s).  Times outside the trace are clamped to it.
 * 0, or -EINVAL with err_msg() set.
 */
int trace_parse_when(const struct trace *t, const char *arg, uint64_t *ns);

#endif
