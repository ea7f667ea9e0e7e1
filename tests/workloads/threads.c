#define _GNU_SOURCE
/*
 * Known profile: two named threads, "alpha" burning in alpha_work() and
 * "beta" in beta_work(), about equally; main only waits.  Argument: seconds of CPU time each
 * thread uses.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;
static double seconds = 1.0;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((noinline)) void tick(void)
{
	sink++;
}

__attribute__((noinline)) static void burn(void)
{
	for (unsigned long i = 0; i < 100000; i++) {
		sink += i;
		if ((i & 0xffff) == 0)
			tick();
	}
}

__attribute__((noinline)) void alpha_work(void)
{
	burn();
}

__attribute__((noinline)) void beta_work(void)
{
	burn();
}

static void *run(void *arg)
{
	void (*fn)(void) = arg;
	double end = now() + seconds;
	while (now() < end)
		fn();
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t a, b;
	if (argc > 1)
		seconds = atof(argv[1]);
	pthread_create(&a, NULL, run, (void *)alpha_work);
	pthread_setname_np(a, "alpha");
	pthread_create(&b, NULL, run, (void *)beta_work);
	pthread_setname_np(b, "beta");
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	return 0;
}
