/* Why stacks stop short, in words, with the option that would help. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "trace/trunc.h"

#define KERNEL_MAX_STACK_COPY 65528u

const char *trunc_text(enum trunc_reason why, const char *call_graph, char *buf, size_t len)
{
	bool dwarf = call_graph && strncmp(call_graph, "dwarf", 5) == 0;
	unsigned size = dwarf && call_graph[5] == ',' ? (unsigned)atoi(call_graph + 6) : 0;
	switch (why) {
	case TRUNC_MAX_DEPTH:
		if (dwarf)
			snprintf(buf, len, "reached the limit of %d frames", UNWIND_MAX_FRAMES);
		else
			snprintf(buf, len, "reached the kernel's frame limit; raise "
				 "/proc/sys/kernel/perf_event_max_stack");
		break;
	case TRUNC_STACK_SIZE:
		if (size && size < KERNEL_MAX_STACK_COPY)
			snprintf(buf, len, "hit the %u-byte stack copy; try --call-graph dwarf,%u",
				 size, MIN(size * 4, KERNEL_MAX_STACK_COPY));
		else
			snprintf(buf, len, "hit the %u-byte stack copy, the kernel's largest", size);
		break;
	case TRUNC_NO_UNWIND:
		snprintf(buf, len, dwarf ? "met code with neither unwind information nor a frame "
			 "pointer (JIT or hand-written code)" :
			 "met code without frame pointers; try --call-graph dwarf");
		break;
	case TRUNC_BAD_READ:
		snprintf(buf, len, "needed memory outside the stack copy and the mapped files");
		break;
	default:
		snprintf(buf, len, "led to an address outside every mapping (a damaged stack)");
		break;
	}
	return buf;
}

const char *trunc_broken_text(const char *module, char *buf, size_t len)
{
	snprintf(buf, len, "broke in %s, which has no frame pointers; try --call-graph dwarf",
		 path_base(module));
	return buf;
}

const char *trunc_share(uint64_t n, uint64_t total, char *buf, size_t len)
{
	/* 1 stack in 20000 would read "0.0%", as if there were none. */
	if (n * 1000 < total)
		snprintf(buf, len, "%llu stack%s", (unsigned long long)n, n == 1 ? "" : "s");
	else
		snprintf(buf, len, "%.1f%% of stacks", 100.0 * n / total);
	return buf;
}
