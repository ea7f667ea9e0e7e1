/*
 * Reading pprof profiles (perftools.profiles.Profile, gzipped or not: what
 * Go's runtime/pprof, `go tool pprof` and `cprof export` write) into the
 * profile model.
 *
 * A pprof sample becomes a stack: its locations from the outermost, each
 * location's lines from its caller to the innermost inlined function
 * (those are FRAME_INLINE), under a root frame naming the thread: the
 * `comm` label (with `pid` and `tid` as the options ask), or else the base
 * name of the first mapping (the main program), as collapsers put the
 * process first.  A location without lines is named "module+0xOFFSET"
 * after its mapping, or "[unknown]"; one in "[kernel...]" or at a kernel
 * address is FRAME_KERNEL.
 *
 * The weight is one value of each sample, chosen as `go tool pprof
 * -sample_index` does: by type name or number, by default the profile's
 * default_sample_type, else its last type.  Negative values (a pprof diff)
 * are left out.
 *
 * References to ids that do not exist, strings out of range and stacks
 * deeper than PPROF_MAX_DEPTH are tolerated (the frame is "[unknown]", the
 * stack cut at the root) and counted.
 */
#ifndef CPROF_PPROF_H
#define CPROF_PPROF_H

#include <stdbool.h>
#include <stddef.h>

#include "report/profile.h"
#include "report/trace_profile.h"

#define PPROF_MAX_DEPTH 4096		/* locations a stack */
#define PPROF_MAX_SIZE (1ull << 30)	/* bytes, after gunzip */

/*
 * True when the first n bytes of a file are gzip, or fields of a Profile
 * message with their wire types (text fails this within a few bytes).
 * whole: the n bytes are the whole file, so nothing may run past them.
 */
bool pprof_sniff(const void *p, size_t n, bool whole);

struct pprof_opts {
	const char *sample_index;	/* NULL: pprof's default */
	/* pid_root, tid_root, pids, tids, comms (on the labels), no_inline,
	 * srcline, lines, times (sample order) as for a trace */
	const struct trace_profile_opts *select;
};

struct pprof_stats {
	size_t samples;		/* samples added */
	size_t bad_refs;	/* ids or strings that name nothing */
	size_t cut;		/* stacks cut at PPROF_MAX_DEPTH */
	char type[128];		/* the sample type used, "cpu/nanoseconds" */
};

/*
 * Adds the samples of the profile in data to column 0 of p.  name is for
 * messages.  0, or -errno with err_msg() set (not pprof, damaged, no such
 * sample type); p is unchanged then.
 */
int pprof_read(struct profile *p, const void *data, size_t n, const char *name,
	       const struct pprof_opts *o, struct pprof_stats *st);

#endif
