/*
 * Known profile for clang builds: lto_outer() calls lto_leaf() from
 * another file in a loop.  Built with -flto -O2 -g the leaf is inlined
 * across files, and its DWARF origin lives in the other file's unit.
 * Usage: lto [SECONDS] (default 1).
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

uint64_t lto_leaf(uint64_t x);
uint64_t lto_outer(uint64_t x, long n);

__attribute__((noinline)) uint64_t lto_outer(uint64_t x, long n)
{
	for (long i = 0; i < n; i++)
		x = lto_leaf(x) + (uint64_t)i;
	return x;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1;
	struct timespec t0, t;
	volatile uint64_t x = 88172645463325252ull;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		x = lto_outer(x, 100000);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 < secs);
	return x == 42;	/* uses x; 0 in practice */
}
