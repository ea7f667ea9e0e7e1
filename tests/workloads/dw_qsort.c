/*
 * Calls through a library without frame pointers: main() sorts arrays
 * with libc's qsort(), whose comparison callback does the work, so the
 * stacks run main -> sort_all -> qsort (libc) -> ... -> compare.
 * Argument: seconds (default 2).
 */
#include <stdlib.h>

#include "dw_common.h"

#define N 20000

volatile unsigned long dw_sink;

FRAME int compare(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	/* Make the callback the costly part, not libc's merging. */
	for (int i = 0; i < 40; i++) {
		x = x * 1103515245u + 12345u;
		y = y * 1103515245u + 12345u;
	}
	return (x > y) - (x < y);
}

FRAME void sort_all(unsigned *v, unsigned seed)
{
	for (size_t i = 0; i < N; i++) {
		seed = seed * 1664525u + 1013904223u;
		v[i] = seed;
	}
	qsort(v, N, sizeof(*v), compare);
	dw_sink += v[0];
}

int main(int argc, char **argv)
{
	double end = dw_cpu() + (argc > 1 ? atof(argv[1]) : 2.0);
	unsigned *v = malloc(N * sizeof(*v));
	for (unsigned seed = 1; v && dw_cpu() < end; seed++)
		sort_all(v, seed);
	free(v);
	return 0;
}
