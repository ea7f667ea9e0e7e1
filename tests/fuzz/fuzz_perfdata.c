/*
 * libFuzzer target: the perf.data reader (record/perfdata.c) on any bytes,
 * which replays the records through the recorder's process model and
 * unwinders into a trace, then the trace reader and the views on it.
 *
 * The seeds are small perf recordings of this project's workloads (fp,
 * DWARF with 512 bytes of stack, two events, no call graph).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/buf.h"
#include "record/perfdata.h"
#include "report/folded_out.h"
#include "report/info.h"
#include "report/trace_profile.h"
#include "tests/fuzz/views.h"
#include "trace/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The trace written into fd, read back as the commands read it. */
static struct trace *read_back(int fd)
{
	struct buf b = { 0 };
	off_t n = lseek(fd, 0, SEEK_END);
	if (n <= 0) {
		close(fd);
		return NULL;
	}
	buf_reserve(&b, n);
	ssize_t got = pread(fd, b.p, n, 0);
	close(fd);
	struct trace *t = got == n ? trace_from_memory(b.p, n, "fuzz") : NULL;
	buf_release(&b);
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-perfdata", MFD_CLOEXEC), rd = fd >= 0 ? dup(fd) : -1;
	if (rd < 0)
		abort();
	struct perfdata_stats st;
	if (perfdata_to_trace_mem(data, size, "fuzz", fd, &st) < 0) {
		close(rd);
		return 0;
	}
	struct trace *t = read_back(rd);
	if (!t)
		abort();	/* the reader must take what the writer wrote */
	trace_damage(t);
	trace_write_info(t, fuzz_null());
	/* Names from this machine's binaries and kallsyms cost the size of
	 * those files, not of the input (as in fuzz_trace). */
	t->have_symbols = true;
	struct trace_profile_opts o = { .tid_root = true, .times = true };
	struct profile *p = trace_profile(t, &o);
	if (p)
		fuzz_views(p);
	profile_free(p);
	trace_free(t);
	return 0;
}
