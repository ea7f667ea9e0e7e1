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

#endif
