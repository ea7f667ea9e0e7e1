/*
 * Grows until the OOM killer ends it: every round it burns a little CPU in
 * churn() and then touches one more MiB in grow(), so that in a memory
 * cgroup with a limit of L MiB it lives about L / 50 seconds with most of
 * its samples in churn().  It prints "ready" first so a test can see it ran.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile unsigned long sink;

__attribute__((noinline)) void churn(void)
{
	/* About 20 ms of work on an idle core: 50 MiB a second. */
	for (unsigned long i = 0; i < 20000000; i++)
		sink += i;
}

/* Each block links to the previous one: memory the program still reaches
 * cannot be optimized away. */
static void *volatile kept;

__attribute__((noinline)) void grow(void)
{
	char *p = malloc(1 << 20);
	if (!p)
		return;
	memset(p, 0x5a, 1 << 20);
	void *prev = kept;
	memcpy(p, &prev, sizeof(prev));
	kept = p;
}

int main(void)
{
	puts("ready");
	fflush(stdout);
	for (;;) {
		churn();
		grow();
	}
}
