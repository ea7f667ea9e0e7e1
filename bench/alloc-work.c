/*
 * An allocation-heavy program for bench/malloc-bench.sh: ROUNDS times,
 * builds a binary tree of 2^DEPTH - 1 small nodes (malloc of 32 bytes
 * each, with a 16-byte payload from calloc on every fourth one), walks it
 * and frees it.  Prints "alloc-work: N allocations in S s" timed from the
 * start of main to its end, so a profiler's start and end are not counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct node {
	struct node *left, *right;
	void *payload;
	long value;
};

static long allocations;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((noinline)) static struct node *build(int depth, long v)
{
	if (!depth)
		return NULL;
	struct node *n = malloc(sizeof(*n));
	if (!n)
		abort();
	allocations++;
	n->value = v;
	n->payload = NULL;
	if ((v & 3) == 0) {
		n->payload = calloc(1, 16);
		allocations++;
	}
	n->left = build(depth - 1, 2 * v);
	n->right = build(depth - 1, 2 * v + 1);
	return n;
}

__attribute__((noinline)) static long walk(const struct node *n)
{
	return n ? n->value + walk(n->left) + walk(n->right) : 0;
}

__attribute__((noinline)) static void release(struct node *n)
{
	if (!n)
		return;
	release(n->left);
	release(n->right);
	free(n->payload);
	free(n);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 20;
	int depth = argc > 2 ? atoi(argv[2]) : 16;
	double t0 = now();
	long sum = 0;
	for (int r = 0; r < rounds; r++) {
		struct node *root = build(depth, 1);
		sum += walk(root);
		release(root);
	}
	printf("alloc-work: %ld allocations in %.3f s (%ld)\n", allocations, now() - t0, sum);
	return 0;
}
