/*
 * The recording benchmark's workload: a fixed amount of work spread over
 * many distinct call stacks, like an interpreter or a parser.  Forty
 * functions call each other to a depth of 6 to 12, each choosing one of
 * three callees from a pseudo-random sequence, so a run meets thousands of
 * different stacks sharing their outer frames.  The amount of work is fixed
 * (not the time), so a profiler's cost shows as a longer run.
 *
 * Usage: record-work ROUNDS.  Prints its own wall and CPU time, measured
 * from the first instruction of main to the last, so a profiler's start and
 * finish are not counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NFUNCS 40

typedef unsigned long (*step_fn)(unsigned long, int);
static step_fn funcs[NFUNCS];
static volatile unsigned long sink;

static unsigned long next_rand(unsigned long x)
{
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

/* The CPU time a frame burns itself; uneven, so some frames are hot. */
__attribute__((noinline)) static unsigned long burn(unsigned long x, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		x = x * 6364136223846793005ul + 1442695040888963407ul;
	sink += x;
	return x;
}

static unsigned long call_next(unsigned id, unsigned long x, int depth)
{
	static const unsigned mult[3] = { 7, 13, 3 }, add[3] = { 1, 5, 11 };
	unsigned pick = (x >> 33) % 3;
	return funcs[(id * mult[pick] + add[pick]) % NFUNCS](next_rand(x), depth - 1);
}

/* Work is done after the call too, so no call becomes a jump and every
 * function stays a frame. */
#define STEP(id)							\
	__attribute__((noinline)) static unsigned long f##id(unsigned long x, int depth) \
	{								\
		x = burn(x, 200 + (id % 7) * 150);			\
		if (depth > 0)						\
			x ^= call_next(id, x, depth);			\
		return burn(x, 50 + id);				\
	}

STEP(0) STEP(1) STEP(2) STEP(3) STEP(4) STEP(5) STEP(6) STEP(7) STEP(8) STEP(9)
STEP(10) STEP(11) STEP(12) STEP(13) STEP(14) STEP(15) STEP(16) STEP(17) STEP(18) STEP(19)
STEP(20) STEP(21) STEP(22) STEP(23) STEP(24) STEP(25) STEP(26) STEP(27) STEP(28) STEP(29)
STEP(30) STEP(31) STEP(32) STEP(33) STEP(34) STEP(35) STEP(36) STEP(37) STEP(38) STEP(39)

static step_fn funcs[NFUNCS] = {
	f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13,
	f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27,
	f28, f29, f30, f31, f32, f33, f34, f35, f36, f37, f38, f39,
};

static double seconds(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 20000;
	double wall0 = seconds(CLOCK_MONOTONIC), cpu0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
	unsigned long x = 88172645463325252ul;
	for (long r = 0; r < rounds; r++) {
		x = next_rand(x);
		x ^= funcs[x % NFUNCS](x, 6 + (int)((x >> 20) % 7));
	}
	sink += x;
	printf("record-work: wall %.6f cpu %.6f\n", seconds(CLOCK_MONOTONIC) - wall0,
	       seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0);
	return 0;
}
