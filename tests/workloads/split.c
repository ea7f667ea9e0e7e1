/*
 * Known profile: two call paths from main, a() and b(), burn CPU in the
 * ratio 2:1.  Built with frame pointers and without inlining so each
 * function is a frame.  Argument: seconds to run (default 2).
 */
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

__attribute__((noinline)) void tick(void)
{
	sink++;
}

/* Not a leaf: compilers skip the frame-pointer setup in leaf functions,
 * which would hide the caller from a frame-pointer walk. */
__attribute__((noinline)) static void spin(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		sink += i * i;
		if ((i & 0xfffff) == 0)
			tick();
	}
}

__attribute__((noinline)) void work_a(void)
{
	spin(2000000);
}

__attribute__((noinline)) void work_b(void)
{
	spin(1000000);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 2.0;
	double end = now() + secs;
	while (now() < end) {
		work_a();
		work_b();
	}
	return 0;
}
