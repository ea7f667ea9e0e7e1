/*
 * A thread that switches off the CPU RATE times a second: two threads pass a
 * byte back and forth through pipes, each blocking in read() once a round,
 * and after each round the first waits (spinning, without a switch) for the
 * next round's time.  Prints what it achieved and its own CPU time:
 *   switch-work: rounds N wall S cpu S rate R
 * Usage: switch-work [SECONDS [RATE]]   (defaults 3 s, 50000 a second)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static int ping[2], pong[2];

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((noinline)) static void *echo(void *arg)
{
	char c;
	(void)arg;
	while (read(ping[0], &c, 1) == 1 && c)
		if (write(pong[1], &c, 1) != 1)
			break;
	return NULL;
}

__attribute__((noinline)) static void round_trip(void)
{
	char c = 1;
	if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
		abort();
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3, rate = argc > 2 ? atof(argv[2]) : 50000;
	pthread_t t;
	if (pipe(ping) || pipe(pong) || pthread_create(&t, NULL, echo, NULL))
		return 1;
	double start = now(), end = start + secs;
	unsigned long rounds = 0;
	for (double next = start; next < end; next += 1 / rate) {
		while (now() < next)
			;
		round_trip();
		rounds++;
	}
	char z = 0;
	if (write(ping[1], &z, 1) != 1)
		return 1;
	pthread_join(t, NULL);
	double wall = now() - start;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
		     ru.ru_stime.tv_usec / 1e6;
	printf("switch-work: rounds %lu wall %.3f cpu %.3f rate %.0f\n", rounds, wall, cpu,
	       rounds / wall);
	return 0;
}
