/*
 * Known change: a knob moves CPU time between two functions.  With knob P,
 * alpha() does P% of the work and beta() the rest, so two recordings with
 * different knobs differ by exactly that many points.  Built with frame
 * pointers and without inlining so each function is a frame.
 * Arguments: CPU seconds to run (default 2), P (default 50).  CPU time, not
 * wall time, so a busy machine does not shrink the number of samples.
 */
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

__attribute__((noinline)) void tick(void)
{
	sink++;
}

/* Not a leaf, so a frame-pointer walk sees its caller (see split.c). */
__attribute__((noinline)) static void spin(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		sink += i * i;
		if ((i & 0xfffff) == 0)
			tick();
	}
}

__attribute__((noinline)) void alpha(unsigned long units)
{
	spin(units * 20000);
}

__attribute__((noinline)) void beta(unsigned long units)
{
	spin(units * 20000);
}

static double cpu_time(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 2.0;
	long knob = argc > 2 ? atol(argv[2]) : 50;
	if (knob < 0 || knob > 100)
		return 2;
	double end = cpu_time() + secs;
	while (cpu_time() < end) {
		alpha(knob);
		beta(100 - knob);
	}
	return 0;
}
