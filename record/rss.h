/*
 * Resident memory over time: the recorder reads each live process's RSS
 * every RSS_INTERVAL_NS and keeps it in the trace (a MEMORY chunk).
 */
#ifndef CPROF_RSS_H
#define CPROF_RSS_H

#include <stdbool.h>
#include <stdint.h>

#include "record/procs.h"

#define RSS_INTERVAL_NS 100000000ull	/* 100 ms, as the timeline draws it */

struct trace_writer;

/*
 * Writes the RSS of every process of ps still alive, at time_ns (trace
 * time).  With machine (-a), the machine's memory in use as process
 * TRACE_MACHINE_PROC, and only the processes sampled in this file: a
 * machine's hundreds of processes read ten times a second cost more than
 * the sampling, and most have no stacks in the file to go with a curve.
 */
void rss_sample(struct procs *ps, struct trace_writer *w, uint64_t time_ns, bool machine);

#endif
