/*
 * Burns CPU in spin_forever() until killed, or for the seconds of CPU time
 * given (CPU time, so a busy machine does not change how much it samples).
 * With a second argument "ignore-int" it ignores SIGINT (for signal tests);
 * it prints "ready" once running so a test can wait for it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile unsigned long sink;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((noinline)) void tick(void)
{
	sink++;
}

__attribute__((noinline)) void spin_forever(double secs)
{
	double end = secs > 0 ? now() + secs : 0;
	for (unsigned long i = 0;; i++) {
		sink += i;
		if ((i & 0xfffff) == 0) {
			tick();
			if (end && now() > end)
				return;
		}
	}
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 0;
	if (argc > 2 && strcmp(argv[2], "ignore-int") == 0)
		signal(SIGINT, SIG_IGN);
	printf("ready\n");
	fflush(stdout);
	spin_forever(secs);
	return 0;
}
