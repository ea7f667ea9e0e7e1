/*
 * A CPU-bound program whose hot code is inlined twice over:
 * inl_outer() (never inlined) -> inl_middle() -> inl_leaf() (always inlined),
 * so a profile shows inl_leaf and inl_middle as _[i] frames inside inl_outer.
 * Usage: inline [SECONDS] (default 1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline __attribute__((always_inline)) uint64_t inl_leaf(uint64_t x)
{
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

static inline __attribute__((always_inline)) uint64_t inl_middle(uint64_t x, int n)
{
	for (int i = 0; i < n; i++)
		x = inl_leaf(x) + (uint64_t)i;
	return x;
}

__attribute__((noinline)) uint64_t inl_outer(uint64_t seed, long iters);
__attribute__((noinline)) uint64_t inl_outer(uint64_t seed, long iters)
{
	uint64_t x = seed;
	for (long i = 0; i < iters; i++)
		x = inl_middle(x, 64);
	return x;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	double end = now() + secs;
	uint64_t x = 88172645463325252ull;

	do
		x = inl_outer(x, 2000);
	while (now() < end);
	/* Printed so the work cannot be optimized away. */
	printf("%llu\n", (unsigned long long)(x & 0xff));
	return 0;
}
