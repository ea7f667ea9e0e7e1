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

/* Options for turning a trace into a profile (what `fold` and the views take). */
struct trace_profile_opts {
	const char *event;	/* NULL: the first event */
	bool pid_root;		/* root frame "comm-PID" */
	bool tid_root;		/* root frame "comm-PID/TID" */
	bool period;		/* weight by period instead of counting samples */
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
void trace_free(struct trace *t);
/* A one-line complaint about damage ("truncated after 1234 bytes: kept 56
 * samples"), or NULL when the file is whole. */
const char *trace_damage(const struct trace *t);
/* Builds a profile; NULL with err_msg() set on failure (unknown event…). */
struct profile *trace_profile(struct trace *t, const struct trace_profile_opts *o);

#endif
