/* The description of a trace that `cprof info` prints. */
#ifndef CPROF_INFO_H
#define CPROF_INFO_H

#include <stdio.h>

#include "trace/trace.h"

int trace_write_info(const struct trace *t, FILE *f);
/*
 * The resident memory the recorder saw, a line per process (the largest
 * first, at most max lines): "PREFIXapp-4711: min 1.2 MiB, max 112.0 MiB,
 * growth +110.0 MiB (31 readings)".  Nothing when the trace has none.
 */
void trace_write_rss(const struct trace *t, FILE *f, const char *prefix, size_t max);

struct trace_set;
/*
 * The summary of several traces (a directory of rotated files): each file,
 * the span they cover, their samples and losses, and the gaps between one
 * file's end and the next one's start.
 */
int trace_write_set_info(const struct trace_set *set, const char *name, FILE *f);

struct trace_end;
/* How a process ended, in words ("killed by the OOM killer (SIGKILL)"). */
const char *trace_end_text(const struct trace_end *e, char *buf, size_t n);
/*
 * The ends of the trace's processes, one line each after prefix, up to max
 * lines: those that did not exit with status 0 first (the ones a reader is
 * looking for), then a count of the rest.  Nothing when the trace has none.
 */
void trace_write_ends(const struct trace *t, FILE *f, const char *first_prefix,
		      const char *prefix, size_t max);

#endif
