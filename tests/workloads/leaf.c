/*
 * Known profile: main calls work_a, which calls spin, a leaf.  Built with
 * frame pointers everywhere but in leaf functions (gcc's default with
 * -fno-omit-frame-pointer on x86-64), so spin has no frame of its own and
 * the kernel's frame-pointer walk skips work_a.  Argument: seconds to run
 * (default 1).
 */
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

__attribute__((noinline)) void spin(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		sink += i * i;
}

__attribute__((noinline)) void work_a(void)
{
	spin(1000000);
	sink++;		/* work_a returns here: no tail call */
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1;
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		work_a();
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 < secs);
	return 0;
}
