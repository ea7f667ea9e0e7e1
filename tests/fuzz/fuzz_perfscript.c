/*
 * libFuzzer target: `perf script` text (report/perfscript.c) as `fold`,
 * `flame` and `diff` read it, with the options chosen by the first byte,
 * then the views drawn from what it read.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "report/perfscript.h"
#include "tests/fuzz/views.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t flags = size ? data[0] : 0;
	struct perfscript_opts o = {
		.pid = flags & 1, .tid = flags & 2, .kernel = flags & 4, .jit = flags & 8,
		.addrs = flags & 16, .event = flags & 32 ? "cycles" : NULL,
		.pids = flags & 64 ? "1,2" : NULL, .tids = flags & 128 ? "3" : NULL,
	};
	perfscript_sniff((const char *)data, size);
	/* Fed in two parts, as a streaming read splits a file at any byte. */
	struct perfscript_reader *r = perfscript_reader_new(&o);
	size_t half = size / 2;
	perfscript_reader_feed(r, (const char *)data, half);
	perfscript_reader_feed(r, (const char *)data + half, size - half);
	perfscript_reader_finish(r);
	perfscript_reader_stats(r);
	perfscript_reader_event(r);
	perfscript_write_folded(r, fuzz_null());
	struct profile *p = profile_new();
	perfscript_to_profile(r, p, flags & 1);
	fuzz_views(p);
	profile_free(p);
	perfscript_reader_free(r);
	return 0;
}
