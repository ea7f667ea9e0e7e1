/*
 * Writes a large folded-stack file for benchmarking `cprof flame`: by
 * default 150,000 distinct stacks about 40 frames deep with C++-style
 * names, about 200 MB.  Stacks grow like a real program's: each one shares
 * a prefix with an earlier stack and then goes its own way.
 *
 * usage: flame-gen [-n STACKS] [-d DEPTH] [-s SEED] [-u] > big.folded
 *   -u  write the stacks unsorted (stackcollapse tools sort them)
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NAMES 40000

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned below(unsigned n)
{
	return next() % n;
}

static const char *const spaces[] = { "app", "net", "db", "util", "core", "io", "rt", "gfx" };
static const char *const classes[] = { "Server", "Connection", "Parser", "Table", "Index",
	"Buffer", "Scheduler", "Worker", "Codec", "Cache", "Session", "Query" };
static const char *const verbs[] = { "run", "handle", "parse", "read", "write", "lookup",
	"insert", "flush", "encode", "decode", "visit", "poll", "step", "merge" };
static const char *const args[] = { "", "int", "std::string const&", "unsigned long",
	"std::vector<int, std::allocator<int> >&", "char const*, unsigned long", "void*" };
static const char *const cfuncs[] = { "main", "malloc", "free", "memcpy", "read", "write",
	"__libc_start_main", "pthread_mutex_lock", "epoll_wait", "_start" };

static char *make_name(unsigned i)
{
	char buf[512];
	if (i % 9 == 0) {
		snprintf(buf, sizeof(buf), "%s_%u", cfuncs[i / 9 % 10], i);
	} else if (i % 5 == 0) {
		snprintf(buf, sizeof(buf), "%s::%s<%s>::%s%u(%s)", spaces[i % 8], classes[i % 12],
			 classes[(i / 12) % 12], verbs[i % 14], i, args[i % 7]);
	} else {
		snprintf(buf, sizeof(buf), "%s::%s::%s%u(%s)", spaces[i % 8], classes[(i / 8) % 12],
			 verbs[(i / 3) % 14], i, args[(i / 5) % 4]);
	}
	return strdup(buf);
}

static int cmp_stack(const void *a, const void *b, void *ctx)
{
	const uint32_t *x = (const uint32_t *)ctx + *(const uint32_t *)a * 64;
	const uint32_t *y = (const uint32_t *)ctx + *(const uint32_t *)b * 64;
	return memcmp(x, y, 64 * sizeof(*x));
}

int main(int argc, char **argv)
{
	unsigned n = 150000, depth = 40;
	int opt, sorted = 1;
	while ((opt = getopt(argc, argv, "n:d:s:u")) != -1) {
		switch (opt) {
		case 'n': n = strtoul(optarg, NULL, 10); break;
		case 'd': depth = strtoul(optarg, NULL, 10); break;
		case 's': rng = strtoull(optarg, NULL, 10) | 1; break;
		case 'u': sorted = 0; break;
		default: fprintf(stderr, "usage: flame-gen [-n STACKS] [-d DEPTH] [-s SEED] [-u]\n"); return 2;
		}
	}
	if (depth < 4 || depth > 56 || !n) {
		fprintf(stderr, "flame-gen: -d must be 4..56, -n positive\n");
		return 2;
	}
	char **names = malloc(NAMES * sizeof(*names));
	for (unsigned i = 0; i < NAMES; i++)
		names[i] = make_name(i);
	/* a stack: up to 63 name ids + 1 (0 ends it), the last slot its count */
	uint32_t *st = calloc((size_t)n * 64, sizeof(*st));
	uint32_t *order = malloc(n * sizeof(*order));
	for (unsigned i = 0; i < n; i++) {
		uint32_t *s = st + (size_t)i * 64;
		unsigned len = depth - 8 + below(17), keep = 0;
		if (i) {
			const uint32_t *from = st + (size_t)below(i) * 64;
			unsigned flen = 0;
			while (flen < 63 && from[flen])
				flen++;
			keep = flen / 2 + below(flen / 2);
			memcpy(s, from, keep * sizeof(*s));
		}
		for (unsigned k = keep; k < len && k < 63; k++)
			s[k] = 1 + (k * 997 + below(NAMES / 8) * 8 + k % 8) % NAMES;
		order[i] = i;
	}
	if (sorted)
		qsort_r(order, n, sizeof(*order), cmp_stack, st);
	for (unsigned i = 0; i < n; i++) {
		const uint32_t *s = st + (size_t)order[i] * 64;
		fputs("prog", stdout);
		for (unsigned k = 0; k < 63 && s[k]; k++) {
			putchar(';');
			fputs(names[s[k] - 1], stdout);
		}
		printf(" %u\n", 1 + (unsigned)(next() % 1000 < 900 ? below(5) : below(2000)));
	}
	return 0;
}
