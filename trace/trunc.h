/* Why stacks stop short, in words: shared by record's summary and info. */
#ifndef CPROF_TRACE_TRUNC_H
#define CPROF_TRACE_TRUNC_H

#include <stddef.h>

#include "trace/format.h"

/*
 * What a reason for a stack cut short means to a user, with the option that
 * would avoid it ("hit the 8192-byte stack copy; try --call-graph
 * dwarf,32768"); call_graph as in the trace header ("fp", "dwarf,8192").
 */
const char *trunc_text(enum trunc_reason why, const char *call_graph, char *buf,
		       size_t len);

#endif
