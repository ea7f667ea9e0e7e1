/*
 * Shared by the dw_* workloads: built -O2 -fomit-frame-pointer, as
 * distributions build, so only DWARF unwinding recovers their stacks.
 */
#ifndef DW_COMMON_H
#define DW_COMMON_H

#include <time.h>

/* Keeps a function a frame of its own under -O2: no inlining, no cloning
 * (no ".constprop" names), no interprocedural shortcuts. */
#if defined(__GNUC__) && !defined(__clang__)
#define FRAME __attribute__((noipa))
#else
#define FRAME __attribute__((noinline))
#endif

static inline double dw_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of the process or of the calling thread: workloads that run for
 * CPU seconds take the same number of samples however busy the machine is. */
static inline double dw_clock(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
#define dw_cpu() dw_clock(CLOCK_PROCESS_CPUTIME_ID)
#define dw_thread_cpu() dw_clock(CLOCK_THREAD_CPUTIME_ID)

#endif
