/*
 * Two busy threads without frame pointers: "alpha" in alpha_work() and
 * "beta" in beta_work(), the same work each; main() only waits.
 * Arguments: seconds (default 2); or 0 and ROUNDS for a fixed amount of
 * work, each thread doing ROUNDS calls, after which the program prints its
 * own wall and CPU time (for benchmarks: a profiler's start and end are not
 * counted).
 */
#define _GNU_SOURCE	/* pthread_setname_np */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "dw_common.h"

volatile unsigned long dw_sink;
static double seconds = 2.0;
static long rounds;

FRAME unsigned long burn(unsigned long n)
{
	unsigned long s = 0;
	for (unsigned long i = 0; i < n; i++)
		s += (i * i) ^ (s >> 3);
	return s;
}

FRAME unsigned long alpha_work(void)
{
	return burn(500000) + 1;
}

FRAME unsigned long beta_work(void)
{
	return burn(500000) + 2;
}

static void *run(void *arg)
{
	unsigned long (*fn)(void) = (unsigned long (*)(void))arg;
	double end = dw_thread_cpu() + seconds;
	if (rounds)
		for (long i = 0; i < rounds; i++)
			dw_sink += fn();
	else
		while (dw_thread_cpu() < end)
			dw_sink += fn();
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t a, b;
	if (argc > 1)
		seconds = atof(argv[1]);
	if (argc > 2)
		rounds = atol(argv[2]);
	double start = dw_now();
	pthread_create(&a, NULL, run, (void *)alpha_work);
	pthread_setname_np(a, "alpha");
	pthread_create(&b, NULL, run, (void *)beta_work);
	pthread_setname_np(b, "beta");
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	if (rounds)
		printf("dw_threads: wall %.3f cpu %.3f\n", dw_now() - start,
		       (double)clock() / CLOCKS_PER_SEC);
	return 0;
}
