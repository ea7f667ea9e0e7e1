/* Why stacks stop short, in words: shared by record's summary and info. */
#ifndef CPROF_TRACE_TRUNC_H
#define CPROF_TRACE_TRUNC_H

#include <stddef.h>
#include <stdint.h>

#include "trace/format.h"

/*
 * What a reason for a stack cut short means to a user, with the option that
 * would avoid it ("hit the 8192-byte stack copy; try --call-graph
 * dwarf,32768"); call_graph as in the trace header ("fp", "dwarf,8192").
 */
const char *trunc_text(enum trunc_reason why, const char *call_graph, char *buf,
		       size_t len);

/* Where a frame-pointer chain broke: "broke in gzip, which has no frame
 * pointers; try --call-graph dwarf" (module: a path or a file name). */
const char *trunc_broken_text(const char *module, char *buf, size_t len);

/* A share of the stacks as summaries print it: "96.0% of stacks", and
 * under 0.1% the count itself, "1 stack" (total > 0). */
const char *trunc_share(uint64_t n, uint64_t total, char *buf, size_t len);

#endif
