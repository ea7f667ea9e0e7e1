/*
 * Known profile: main calls labs() through the PLT in a tight loop, so a
 * good share of samples land in the stub itself.  Built with -fno-builtin
 * so the call stays a call.  Argument: seconds to run (default 1).
 */
#include <stdlib.h>
#include <time.h>

static volatile long sink;

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1;
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0;; i++) {
		sink += labs(i - 5000);
		if ((i & 0xfffff) != 0)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 >= secs)
			break;
	}
	return 0;
}
