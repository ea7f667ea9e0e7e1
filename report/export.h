/*
 * `cprof export`: traces in the formats other tools read.
 *
 * pprof (perftools.profiles.Profile, gzipped): what `go tool pprof`,
 * Pyroscope, Parca and Google Cloud Profiler take.  Every selected sample
 * of the event becomes a pprof sample with two values, samples/count and
 * the event's weight in its unit (cpu/nanoseconds for the clock events,
 * EVENT/count for the others), labelled with pid, tid and comm; identical
 * (stack, thread) pairs are merged.  A location is one address of one
 * process, in the mapping it was recorded in (file, offset, build-id);
 * its lines are the inline chain, innermost first, as the format wants.
 *
 * speedscope (its JSON file format): one sampled profile per thread, in
 * time order, weighted by the event's period (nanoseconds for the clock
 * events), over one shared frame table.
 *
 * Several traces make one output; they must sample the same event (for
 * folded stacks, whose counts have no unit, any events).
 */
#ifndef CPROF_EXPORT_H
#define CPROF_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "report/trace_profile.h"

/*
 * o selects the samples as in the other views: event, --pid/--tid/--comm
 * lists, time window, no_inline.  0, or -errno with err_msg() set.
 */
int export_pprof(struct trace **t, size_t n, const struct trace_profile_opts *o, FILE *f);
int export_speedscope(struct trace **t, size_t n, const struct trace_profile_opts *o,
		      FILE *f);
/* Folded stacks of all the traces together, as `cprof fold` prints one. */
int export_folded(struct trace **t, size_t n, const struct trace_profile_opts *o, FILE *f);
/* The unit of event number ev's weight: "nanoseconds" or "count". */
const char *export_event_unit(const struct trace *t, int ev);

#endif
