/*
 * Known shares of memory and of waiting, for the page-fault, off-CPU and
 * RSS tests.  One mode a run:
 *   touch     allocates and touches 100 MB in big() and 10 MB in small()
 *             (10:1 in page faults and bytes), then holds them 0.3 s so
 *             the RSS samples see the peak
 *   wait      sleeps 1 s in wait_here() and burns 1 s of CPU in burn(), then
 *             prints the wall time of each in ms
 *   leak      allocates 5 MB in leak() that it never frees, and 50 MB in
 *             churn() that it frees
 *   heap      allocates 100 MB in heap_big() and 10 MB in heap_small() with
 *             malloc, in blocks of 64 KiB, and frees them (10:1 in bytes)
 * It prints "ready" before the work so a test can attach.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MB (1024 * 1024)

static volatile unsigned long sink;
static void *volatile keep;

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Maps and touches every page, so each one faults once, here: no huge
 * pages (one fault for 2 MB) and no allocator header faulting elsewhere.
 */
__attribute__((noinline)) static char *touch(size_t bytes)
{
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		abort();
	madvise(p, bytes, MADV_NOHUGEPAGE);
	for (size_t i = 0; i < bytes; i += 4096)
		p[i] = 1;
	return p;
}

__attribute__((noinline)) void big(void)
{
	keep = touch(100 * MB);
}

__attribute__((noinline)) void small(void)
{
	keep = touch(10 * MB);
}

/* Heap blocks of 64 KiB, touched, for the allocation tests. */
__attribute__((noinline)) static char *block(void)
{
	char *p = malloc(64 * 1024);
	if (!p)
		abort();
	memset(p, 1, 64 * 1024);
	return p;
}

static double wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The system call is made here, not in the C library, whose functions keep
 * no frame pointer: a frame-pointer stack taken in the kernel then starts
 * in wait_here() instead of skipping it.
 */
__attribute__((noinline)) void wait_here(double secs)
{
	struct timespec ts = { (time_t)secs, (long)((secs - (time_t)secs) * 1e9) };
#if defined(__x86_64__)
	long ret;
	do {
		__asm__ volatile("syscall" : "=a"(ret) : "0"(35L /* nanosleep */), "D"(&ts), "S"(&ts)
				 : "rcx", "r11", "memory");
	} while (ret != 0);
#else
	while (nanosleep(&ts, &ts) != 0)
		;
#endif
}

__attribute__((noinline)) void burn(double secs)
{
	double end = cpu_now() + secs;
	for (unsigned long i = 0;; i++) {
		sink += i;
		if ((i & 0xffff) == 0 && cpu_now() > end)
			return;
	}
}

/* n blocks allocated (held, so that the allocator cannot hand the same one
 * back), then freed */
static void heap_blocks(int n)
{
	char **held = calloc(n, sizeof(*held));
	if (!held)
		abort();
	for (int i = 0; i < n; i++)
		held[i] = block();
	for (int i = 0; i < n; i++)
		free(held[i]);
	free(held);
}

__attribute__((noinline)) void heap_big(void)
{
	heap_blocks(100 * 16);
}

__attribute__((noinline)) void heap_small(void)
{
	heap_blocks(10 * 16);
}

__attribute__((noinline)) void leak(void)
{
	for (int i = 0; i < 5 * 16; i++)
		keep = block();
}

__attribute__((noinline)) void churn(void)
{
	for (int i = 0; i < 50 * 16; i++)
		free(block());
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "touch";
	double delay = argc > 2 ? atof(argv[2]) : 0;
	printf("ready\n");
	fflush(stdout);
	if (delay > 0)
		usleep((useconds_t)(delay * 1e6));	/* time for a test to attach */
	if (!strcmp(mode, "touch")) {
		big();
		small();
		usleep(300 * 1000);
	} else if (!strcmp(mode, "wait")) {
		/* burn() takes longer than its CPU second on a busy machine: the
		 * test compares the graph with these wall times */
		double t0 = wall_now();
		wait_here(1.0);
		double t1 = wall_now();
		burn(1.0);
		printf("wait_here %.0f burn %.0f\n", (t1 - t0) * 1e3, (wall_now() - t1) * 1e3);
	} else if (!strcmp(mode, "heap")) {
		heap_big();
		heap_small();
	} else if (!strcmp(mode, "leak")) {
		leak();
		churn();
	} else {
		fprintf(stderr, "memwork: unknown mode '%s'\n", mode);
		return 2;
	}
	return 0;
}
