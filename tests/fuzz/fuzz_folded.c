/*
 * libFuzzer target: folded stacks (report/folded_in.c) as `flame`, `diff` and
 * `diff --fold` read them, then the views drawn from them.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "report/folded_in.h"
#include "report/folded_out.h"
#include "tests/fuzz/views.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fed in two parts, as a streaming read splits a file at any byte. */
static struct profile *read_folded(const uint8_t *data, size_t size, bool times)
{
	struct profile *p = profile_new();
	struct folded_reader *r = folded_reader_new(p, FOLDED_AUTO, times);
	size_t half = size / 2;
	folded_reader_feed(r, (const char *)data, half);
	folded_reader_feed(r, (const char *)data + half, size - half);
	folded_reader_finish(r);
	folded_reader_stats(r);
	folded_reader_free(r);
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile *p = read_folded(data, size, false);
	fuzz_views(p);
	profile_free(p);
	/* Flame charts keep every line as a sample in file order. */
	p = read_folded(data, size, true);
	profile_write_folded(p, fuzz_null());
	profile_free(p);
	return 0;
}
