/*
 * Reading cprof.data (man/cprof-data.5) into memory, and turning it into a
 * profile.  The reader keeps every good chunk of a truncated or corrupt file
 * and says once where it stopped.
 */
#ifndef CPROF_TRACE_H
#define CPROF_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/profile.h"

/* True when the bytes start like a cprof trace (the magic). */
bool trace_sniff(const void *p, size_t n);

struct trace;

/*
 * What a sample weighs.  By default, as perf report does, a sample of a
 * counting event (page-faults, context-switches, off-CPU time, bytes) stands
 * for its period: at -F 99 the kernel adjusts the period, so counting samples
 * of page faults puts 100 MB against 10 MB at 35:7, not 10:1.  Samples of the
 * CPU clocks keep weighing 1, as folded-stack users expect.
 */
enum trace_weight {
	WEIGHT_AUTO = 0,	/* period, except for cpu-clock and task-clock */
	WEIGHT_PERIOD,
	WEIGHT_SAMPLES,
};

/* Options for turning a trace into a profile (what `fold` and the views take). */
struct trace_profile_opts {
	const char *event;	/* NULL: the first event */
	bool pid_root;		/* root frame "comm-PID" */
	bool tid_root;		/* root frame "comm-PID/TID" */
	enum trace_weight weight;	/* what one sample weighs (see below) */
	bool no_inline;		/* fold inlined frames into their caller */
	bool srcline;		/* frame names "func:file:line" */
	bool lines;		/* keep each frame's file and line (names unchanged) */
	bool times;		/* fill profile->samples (time-ordered views) */
	const char *pids, *tids, *comms;	/* comma lists; NULL = all */
	/* Only samples taken in [time_start, time_end) ns after the recording
	 * started; time_end 0 means to the end. */
	uint64_t time_start, time_end;
};

/* NULL with err_msg() set on failure (not a trace, unreadable). */
struct trace *trace_open(const char *path);
/* The same of an open file named name in messages; fd is closed. */
struct trace *trace_open_fd(int fd, const char *name);
void trace_free(struct trace *t);
/* A one-line complaint about damage ("truncated after 1234 bytes: kept 56
 * samples"), or NULL when the file is whole. */
const char *trace_damage(const struct trace *t);
/*
 * What the weights of o's event count, for labels: "samples", or the
 * event's unit ("page-faults", "ns", "bytes").
 */
const char *trace_weight_unit(const struct trace *t, const struct trace_profile_opts *o);
/* Builds a profile; NULL with err_msg() set on failure (unknown event…). */
struct profile *trace_profile(struct trace *t, const struct trace_profile_opts *o);

#endif
