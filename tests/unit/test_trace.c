/*
 * The trace format: what the writer writes the reader reads back, and a
 * damaged file (cut at any byte, any byte flipped) never crashes the reader
 * and keeps the good chunks.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/crc32.h"
#include "lib/util.h"
#include "trace/format.h"
#include "trace/writer.h"
#include "report/folded_out.h"
#include "report/trace_profile.h"
#include "trace/trace.h"
#include "tests/unit/check.h"

#define NSAMPLES 300

static char *write_sample_trace(size_t *len)
{
	char path[] = "/tmp/cprof-unit-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);

	char *argv[] = { "cprof", "record", "./app" };
	struct trace_writer_event ev = { .name = "cpu-clock", .type = 1, .config = 0, .freq = true,
			       .value = 999, .requested = "cycles" };
	struct trace_writer_header h = {
		.start_realtime_ns = 1700000000000000000ull, .start_monotonic_ns = 5,
		.hostname = "host", .kernel = "6.1", .arch = "x86_64", .argc = 3, .argv = argv,
		.mode = "record", .call_graph = "fp", .nevents = 1, .events = &ev,
	};
	struct trace_writer *w = trace_writer_new(path, &h);
	CHECK(w != NULL);
	uint32_t proc = trace_writer_proc(w, 100, "app");
	uint32_t main_thread = trace_writer_thread(w, 100, proc, "app");
	uint32_t worker = trace_writer_thread(w, 101, proc, "worker");
	trace_writer_map(w, proc, 0x400000, 0x1000, 0, 5, "/usr/bin/app", (const uint8_t *)"\1\2\3", 3);

	const uint64_t main_a[] = { 0x400100, 0x400200 };		/* main;a */
	const uint64_t main_b[] = { 0x400100, 0x400300 };		/* main;b */
	const uint64_t kern[] = { 0x400100, 0x400300, 0xffffffff81000010ull };
	for (int i = 0; i < NSAMPLES; i++) {
		const uint64_t *st = i % 3 == 2 ? main_b : main_a;
		uint32_t node = trace_writer_stack(w, i % 30 == 29 ? kern : st, i % 30 == 29 ? 3 : 2);
		trace_writer_sample(w, 1000 * i, i % 2 ? worker : main_thread, node, 1001, 0);
		if (i % 100 == 99)
			trace_writer_flush(w);	/* several chunks of each kind */
	}
	struct trace_writer_frame fa = { "a", "a.c", 12 }, fb = { "b", "b.c", 20 },
				  fm = { "main", "m.c", 3 };
	struct trace_writer_frame inl[] = { { "inlined_leaf", "x.h", 7 }, { "b", "b.c", 21 } };
	trace_writer_put_symbol(w, proc, 0x400100, &(struct trace_writer_symbol){
		"/usr/bin/app", 0x100, TSYM_USER, 1, &fm });
	trace_writer_put_symbol(w, proc, 0x400200, &(struct trace_writer_symbol){
		"/usr/bin/app", 0x200, TSYM_USER, 1, &fa });
	trace_writer_put_symbol(w, proc, 0x400300, &(struct trace_writer_symbol){
		"/usr/bin/app", 0x300, TSYM_USER, 2, inl });
	(void)fb;
	trace_writer_put_symbol(w, TRACE_KERNEL_PROC, 0xffffffff81000010ull,
				&(struct trace_writer_symbol){
					"[kernel.kallsyms]", 0x10, TSYM_KERNEL, 1,
					&(struct trace_writer_frame){ "do_syscall", NULL, 0 } });
	uint32_t child = trace_writer_proc(w, 102, "child");
	trace_writer_end(w, child, 250000, TEND_OOM, 9);
	trace_writer_end(w, proc, 300000, TEND_EXITED, 0);
	trace_writer_set_stats(w, &(struct trace_writer_stats){ .samples = NSAMPLES, .lost = 2,
							       .exit_status = 0 });
	CHECK_INT(trace_writer_finish(w), 0);

	FILE *f = fopen(path, "rb");
	char *data = xmalloc(1 << 20);
	*len = fread(data, 1, 1 << 20, f);
	fclose(f);
	unlink(path);
	return data;
}

static char *fold(struct trace *t, const struct trace_profile_opts *o)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	struct profile *p = trace_profile(t, o);
	CHECK(p != NULL);
	if (p)
		profile_write_folded(p, f);
	fclose(f);
	profile_free(p);
	return out;
}

static void test_round_trip(const char *data, size_t len)
{
	struct trace *t = trace_from_memory(data, len, "unit");
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK(trace_damage(t) == NULL);
	CHECK_INT(t->samples.n, NSAMPLES);
	CHECK_INT(t->stats.lost, 2);
	CHECK_STR(t->header.hostname, "host");
	CHECK_STR(t->header.events.v[0].requested, "cycles");
	CHECK_INT(t->header.argv.n, 3);
	CHECK(t->complete);
	CHECK_INT(t->ends.n, 2);
	if (t->ends.n == 2) {
		CHECK_INT(t->procs.v[t->ends.v[0].proc].pid, 102);
		CHECK_INT(t->ends.v[0].how, TEND_OOM);
		CHECK_INT(t->ends.v[0].value, 9);
		CHECK_INT(t->ends.v[0].time, 250000);
		CHECK_INT(t->ends.v[1].how, TEND_EXITED);
	}

	struct trace_profile_opts o = { 0 };
	char *folded = fold(t, &o);
	/* 300 samples: 100 on main;b (one in ten of them with a kernel frame),
	 * 200 on main;a, threads "app" and "worker" alternate. */
	CHECK(strstr(folded, "app;main;a 100\n") != NULL);
	CHECK(strstr(folded, "worker;main;a 100\n") != NULL);
	CHECK(strstr(folded, "app;main;b;inlined_leaf_[i] ") != NULL);
	CHECK(strstr(folded, ";inlined_leaf_[i];do_syscall_[k] ") != NULL);
	free(folded);

	o.no_inline = true;
	o.tid_root = true;
	o.tids = "101";
	folded = fold(t, &o);
	CHECK(strstr(folded, "worker-100/101;main;a 100\n") != NULL);
	CHECK(strstr(folded, "inlined_leaf") == NULL);
	CHECK(strstr(folded, "app-100/100") == NULL);
	free(folded);

	o = (struct trace_profile_opts){ .srcline = true, .weight = WEIGHT_PERIOD };
	folded = fold(t, &o);
	CHECK(strstr(folded, "app;main:m.c:3;a:a.c:12 100100\n") != NULL);
	free(folded);

	o = (struct trace_profile_opts){ .event = "page-faults" };
	CHECK(trace_profile(t, &o) == NULL);
	o.event = "cycles";	/* the name asked for finds the fallback */
	struct profile *p = trace_profile(t, &o);
	CHECK(p && p->total[0] == NSAMPLES);
	profile_free(p);
	trace_free(t);
}

/* Every prefix of the file: no crash, and never more samples than written. */
static void test_truncation(const char *data, size_t len)
{
	size_t prev = 0, opened = 0;
	for (size_t cut = 0; cut < len; cut++) {
		struct trace *t = trace_from_memory(data, cut, "cut");
		if (!t)
			continue;
		opened++;
		CHECK(trace_damage(t) != NULL);
		CHECK(t->samples.n <= NSAMPLES);
		CHECK(t->samples.n >= prev);	/* more file, never fewer samples */
		prev = t->samples.n;
		struct trace_profile_opts o = { 0 };
		profile_free(trace_profile(t, &o));
		trace_free(t);
	}
	CHECK(opened > len / 2);
	CHECK(prev >= 200);	/* the chunks flushed before the last one */
}

/* Every byte flipped in turn: no crash; good chunks are still read. */
static void test_flips(const char *data, size_t len)
{
	char *copy = xmalloc(len);
	size_t kept_most = 0;
	for (size_t i = 0; i < len; i++) {
		memcpy(copy, data, len);
		copy[i] ^= 0x5a;
		struct trace *t = trace_from_memory(copy, len, "flip");
		if (!t)
			continue;
		CHECK(t->samples.n <= NSAMPLES);
		if (t->samples.n >= 200)
			kept_most++;
		struct trace_profile_opts o = { .tid_root = true };
		char *folded = fold(t, &o);
		free(folded);
		trace_free(t);
	}
	/* A flip loses at most the chunk it lands in. */
	CHECK(kept_most > len * 9 / 10);
	free(copy);
}

/* A newer format version is refused, not misread. */
static void test_version(const char *data, size_t len)
{
	char *copy = xmalloc(len);
	memcpy(copy, data, len);
	size_t off = TRACE_MAGIC_LEN;
	uint32_t n = get_le32((const uint8_t *)copy + off + 4);
	CHECK_INT(copy[off + CHUNK_HEAD], TRACE_VERSION);
	copy[off + CHUNK_HEAD] = TRACE_VERSION + 1;
	uint32_t crc = crc32_update(0, copy + off + 2, CHUNK_HEAD - 2 + n);
	memcpy(copy + off + CHUNK_HEAD + n, &crc, 4);	/* little-endian host */
	CHECK(trace_from_memory(copy, len, "new") == NULL);
	CHECK(strstr(err_msg(), "newer than this cprof reads") != NULL);
	free(copy);
}

/* However much one second brings, no chunk comes near the reader's limit. */
static void test_big_tables(void)
{
	char path[] = "/tmp/cprof-unit-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	struct trace_writer_header h = { .mode = "record", .call_graph = "fp" };
	struct trace_writer *w = trace_writer_new(path, &h);
	uint32_t proc = trace_writer_proc(w, 1, "big");
	uint32_t th = trace_writer_thread(w, 1, proc, "big");
	uint64_t addrs[8];
	for (uint64_t i = 0; i < 400000; i++) {
		for (int k = 0; k < 8; k++)
			addrs[k] = 0x400000 + i * 64 + k * 0x100000;
		trace_writer_sample(w, i, th, trace_writer_stack(w, addrs, 8), 1, 0);
	}
	CHECK_INT(trace_writer_finish(w), 0);
	FILE *f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	size_t len = ftell(f);
	rewind(f);
	uint8_t *data = xmalloc(len);
	CHECK(fread(data, 1, len, f) == len);
	fclose(f);
	unlink(path);
	size_t chunks = 0, biggest = 0;
	for (size_t off = TRACE_MAGIC_LEN; off + CHUNK_HEAD <= len; chunks++) {
		size_t n = get_le32(data + off + 4);
		biggest = n > biggest ? n : biggest;
		off += CHUNK_HEAD + n + CHUNK_TAIL;
	}
	CHECK(chunks > 10);
	CHECK(biggest < (8u << 20));
	struct trace *t = trace_from_memory(data, len, "big");
	CHECK(t && trace_damage(t) == NULL && t->samples.n == 400000);
	trace_free(t);
	free(data);
}

static void test_not_a_trace(void)
{
	static const char text[] = "main;a;b 12\n";
	CHECK(trace_from_memory(text, sizeof(text) - 1, "x.folded") == NULL);
	CHECK(strstr(err_msg(), "not a cprof trace") != NULL);
	CHECK(!trace_sniff(text, sizeof(text)));
	CHECK(trace_open("/nonexistent/cprof.data") == NULL);
	CHECK(strstr(err_msg(), "cannot open '/nonexistent/cprof.data'") != NULL);
}

/*
 * Two events: cpu-clock samples count 1 each, page-fault samples weigh their
 * period (the kernel's adjusted period at -F stands for that many faults).
 */
static void test_weights(void)
{
	char path[] = "/tmp/cprof-unit-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	char *argv[] = { "cprof" };
	struct trace_writer_event ev[] = { { .name = "cpu-clock", .type = 1, .freq = true, .value = 99 },
				 { .name = "page-faults", .type = 1, .config = 2, .freq = true,
				   .value = 99 } };
	struct trace_writer_header h = { .hostname = "h", .kernel = "6.1", .arch = "x86_64", .argc = 1,
			       .argv = argv, .mode = "record", .call_graph = "fp", .nevents = 2,
			       .events = ev };
	struct trace_writer *w = trace_writer_new(path, &h);
	CHECK(w != NULL);
	uint32_t proc = trace_writer_proc(w, 7, "m");
	uint32_t th = trace_writer_thread(w, 7, proc, "m");
	const uint64_t big[] = { 0x1000 }, small[] = { 0x2000 };
	uint32_t nb = trace_writer_stack(w, big, 1), ns = trace_writer_stack(w, small, 1);
	/* 7 samples of big at 40 faults, 5 of small at 8: 280:40 = 7:1, not 7:5 */
	for (int i = 0; i < 12; i++)
		trace_writer_sample(w, i, th, i < 7 ? nb : ns, i < 7 ? 40 : 8, 1u << SAMPLE_TRUNC_BITS);
	trace_writer_sample(w, 20, th, nb, 250000, 0);	/* cpu-clock, period in ns */
	/* resident memory every 100 ms, in two chunks */
	trace_writer_memory(w, 100000000, proc, 5000);
	trace_writer_memory(w, 200000000, proc, 90000);
	trace_writer_flush(w);
	trace_writer_memory(w, 300000000, proc, 4000);
	CHECK_INT(trace_writer_finish(w), 0);
	struct trace *t = trace_open(path);
	unlink(path);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_INT(t->memory.n, 3);
	CHECK(t->memory.n == 3 && t->memory.v[1].time == 200000000 &&
	      t->memory.v[1].rss_kib == 90000 && t->memory.v[2].proc == proc);
	struct trace_profile_opts o = { .event = "page-faults" };
	CHECK_STR(trace_weight_unit(t, &o), "page-faults");
	struct profile *p = trace_profile(t, &o);
	CHECK(p && p->total[0] == 320);
	CHECK(p && p->unit && !strcmp(p->unit, "page-faults"));
	profile_free(p);
	o.weight = WEIGHT_SAMPLES;
	CHECK_STR(trace_weight_unit(t, &o), "samples");
	p = trace_profile(t, &o);
	CHECK(p && p->total[0] == 12);
	profile_free(p);
	o = (struct trace_profile_opts){ 0 };
	p = trace_profile(t, &o);
	CHECK(p && p->total[0] == 1 && !strcmp(p->unit, "samples") && !strcmp(p->event, "cpu-clock"));
	profile_free(p);
	o.weight = WEIGHT_PERIOD;
	CHECK_STR(trace_weight_unit(t, &o), "ns");
	trace_free(t);
}

int main(void)
{
	size_t len;
	char *data = write_sample_trace(&len);
	CHECK(len > 100);
	/* A few bytes per sample: stacks are shared, samples are varints. */
	CHECK(len < NSAMPLES * 12);
	test_round_trip(data, len);
	test_truncation(data, len);
	test_flips(data, len);
	test_version(data, len);
	test_big_tables();
	test_not_a_trace();
	test_weights();
	free(data);
	return check_exit();
}
