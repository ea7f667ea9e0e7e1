/*
 * From a trace (trace/trace.h) to the profile model: which samples, what
 * they weigh, how their threads and frames are named; and what an address
 * of a trace is, from its symbol table or, when it has none, from the
 * binaries (sym/).
 */
#ifndef CPROF_TRACE_PROFILE_H
#define CPROF_TRACE_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "report/profile.h"
#include "trace/trace.h"

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
	enum trace_weight weight;	/* what one sample weighs (see above) */
	bool no_inline;		/* fold inlined frames into their caller */
	bool srcline;		/* frame names "func:file:line" */
	bool lines;		/* keep each frame's file and line (names unchanged) */
	bool times;		/* fill profile->samples (time-ordered views) */
	const char *pids, *tids, *comms;	/* comma lists; NULL = all */
	/* Only samples taken in [time_start, time_end) ns after the recording
	 * started; time_end 0 means to the end. */
	uint64_t time_start, time_end;
};

/*
 * What the weights of o's event count, for labels: "samples", or the
 * event's unit ("page-faults", "ns", "bytes").
 */
const char *trace_weight_unit(const struct trace *t, const struct trace_profile_opts *o);
/* Builds a profile; NULL with err_msg() set on failure (unknown event…). */
struct profile *trace_profile(struct trace *t, const struct trace_profile_opts *o);
/* Whether thread th passes o's --pid, --tid and --comm lists. */
bool trace_thread_wanted(const struct trace *t, const struct trace_thread *th,
			 const struct trace_profile_opts *o);

struct symbolizer;
struct sym_result;
/*
 * What (proc, addr) is, as sym/symbols.h describes it: from the trace's
 * symbol table, or when the trace has none, from the binaries through *sym
 * (created on first use, the caller frees it).  0 or -errno with err_msg()
 * set; out must be released with sym_result_release().
 */
int trace_addr_symbolize(struct trace *t, struct symbolizer **sym, uint32_t proc, uint64_t addr,
			 struct sym_result *out);

#endif
