/*
 * A known hot loop for `cprof annotate`: hot_sum() spends nearly all of
 * its time in the loop marked HOT-LOOP (its header) and HOT-LINE (its body);
 * hot_scale() gets about a tenth as much.  Built -O2 -g.  Usage: hotloop [SECONDS].
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N 4096

static double data[N];

__attribute__((noinline)) double hot_sum(const double *v, long n, int rounds)
{
	double s = 0;
	for (int r = 0; r < rounds; r++)
		for (long i = 0; i < n; i++) /* HOT-LOOP */
			s += v[i] * (v[i] + r); /* HOT-LINE */
	return s;
}

__attribute__((noinline)) void hot_scale(double *v, long n, double k)
{
	for (long i = 0; i < n; i++)
		v[i] = v[i] * k + 1e-9;
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
	double end = now() + secs, total = 0;
	for (long i = 0; i < N; i++)
		data[i] = (double)(i % 97) / 97.0;
	do {
		total += hot_sum(data, N, 10);
		hot_scale(data, N, 0.999999);
	} while (now() < end);
	/* Printed so the work cannot be optimized away. */
	printf("%g\n", total > 0 ? 1.0 : 0.0);
	return 0;
}
