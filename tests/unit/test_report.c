/* The report: its option parsing (sort keys, time windows) and its
 * Children/Self model on a trace of known stacks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"
#include "report/report.h"
#include "trace/format.h"
#include "trace/writer.h"
#include "tests/unit/check.h"

static void test_keys(void)
{
	struct report_opts o = { 0 };
	CHECK_INT(report_parse_keys(&o, "comm,dso,sym"), 0);
	CHECK_INT(o.nkeys, 3);
	CHECK_INT(o.keys[0], KEY_COMM);
	CHECK_INT(o.keys[2], KEY_SYM);
	CHECK_INT(report_parse_keys(&o, "srcline,tid"), 0);
	CHECK_INT(o.nkeys, 2);
	CHECK_INT(o.keys[0], KEY_SRCLINE);
	CHECK(report_parse_keys(&o, "sym,bogus") < 0);
	CHECK(strstr(err_msg(), "'bogus'") != NULL);
	CHECK(report_parse_keys(&o, "sym,sym") < 0);
	CHECK(report_parse_keys(&o, "") < 0);
}

static void test_time(void)
{
	struct report_opts o = { 0 };
	CHECK_INT(report_parse_time(&o, "1.5,3"), 0);
	CHECK_INT(o.select.time_start, 1500000000);
	CHECK_INT(o.select.time_end, 3000000000);
	CHECK_INT(report_parse_time(&o, "2,"), 0);
	CHECK_INT(o.select.time_start, 2000000000);
	CHECK_INT(o.select.time_end, 0);
	CHECK_INT(report_parse_time(&o, ",500ms"), 0);
	CHECK_INT(o.select.time_start, 0);
	CHECK_INT(o.select.time_end, 500000000);
	CHECK_INT(report_parse_time(&o, "10us,2ms"), 0);
	CHECK_INT(o.select.time_start, 10000);
	CHECK(report_parse_time(&o, "3,1") < 0);
	CHECK(report_parse_time(&o, "abc,1") < 0);
	CHECK(report_parse_time(&o, "1") < 0);
	CHECK(report_parse_time(&o, "-1,2") < 0);
}

/* A trace of four functions at known addresses and the stacks given as
 * (count, depth, frames...) rows, each frame an index into fn[]. */
static const char *const fn[] = { "main", "a", "b", "r" };

static char *write_model_trace(void)
{
	char *path = xstrdup("/tmp/cprof-unit-XXXXXX");
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	char *argv[] = { "cprof", "record", "./app" };
	struct trace_writer_event ev = { .name = "cpu-clock", .type = 1, .freq = true, .value = 999 };
	struct trace_writer_header h = {
		.start_realtime_ns = 1700000000000000000ull, .hostname = "host", .kernel = "6.1",
		.arch = "x86_64", .argc = 3, .argv = argv, .mode = "record", .call_graph = "fp",
		.nevents = 1, .events = &ev,
	};
	struct trace_writer *w = trace_writer_new(path, &h);
	CHECK(w != NULL);
	uint32_t proc = trace_writer_proc(w, 100, "app");
	uint32_t thread = trace_writer_thread(w, 100, proc, "app");
	/* A thread name that reads like a thread root "comm-PID/TID" itself. */
	uint32_t pool = trace_writer_thread(w, 101, proc, "pool-7/2");
	trace_writer_map(w, proc, 0x400000, 0x1000, 0, 5, "/usr/bin/app", (const uint8_t *)"\1\2\3", 3);
	/* 4 main;a;b  2 main;a  2 main;r;r;r  2 main;b (thread pool): 10 samples. */
	static const int rows[][6] = {
		{ 4, 3, 0, 1, 2 }, { 2, 2, 0, 1 }, { 2, 4, 0, 3, 3, 3 }, { 2, 2, 0, 2 },
	};
	uint64_t t = 0;
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		uint64_t st[4];
		for (int i = 0; i < rows[r][1]; i++)
			st[i] = 0x400100 + 0x100 * (uint64_t)rows[r][2 + i];
		uint32_t node = trace_writer_stack(w, st, (size_t)rows[r][1]);
		for (int n = 0; n < rows[r][0]; n++)
			trace_writer_sample(w, t += 1000, r == 3 ? pool : thread, node, 1001, 0);
	}
	for (size_t i = 0; i < 4; i++)
		trace_writer_put_symbol(w, proc, 0x400100 + 0x100 * i,
					&(struct trace_writer_symbol){
						"/usr/bin/app", 0x100 + 0x100 * i, TSYM_USER, 1,
						&(struct trace_writer_frame){ fn[i], NULL, 0 } });
	trace_writer_set_stats(w, &(struct trace_writer_stats){ .samples = 10 });
	CHECK_INT(trace_writer_finish(w), 0);
	return path;
}

/* The CSV report of the model trace with the given options. */
static char *report_csv(const char *path, struct report_opts *o)
{
	struct trace *t = trace_open(path);
	CHECK(t != NULL);
	o->format = REPORT_CSV;
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	CHECK_INT(report_write(t, o, f), 0);
	fclose(f);
	trace_free(t);
	return out;
}

/* Children counts a sample once per entry however often the entry is on
 * its stack (r recurses three deep: 20%, not 60%); Self is the leaf only;
 * a function reached by two paths (b) adds both. */
static void test_children_self(void)
{
	char *path = write_model_trace();
	struct report_opts o = { .no_children = false };
	CHECK_INT(report_parse_keys(&o, "sym"), 0);
	char *out = report_csv(path, &o);
	CHECK_STR(out, "children,self,children_samples,self_samples,sym,kind\n"
		       "100.00,0.00,10,0,main,user\n"
		       "60.00,60.00,6,6,b,user\n"
		       "60.00,20.00,6,2,a,user\n"
		       "20.00,20.00,2,2,r,user\n");
	free(out);

	/* --no-children: Self only, sorted by it. */
	o.no_children = true;
	out = report_csv(path, &o);
	CHECK_STR(out, "self,samples,self_samples,sym,kind\n"
		       "60.00,6,6,b,user\n"
		       "20.00,2,2,a,user\n"
		       "20.00,2,2,r,user\n");
	free(out);

	/* --max-stack 2 keeps the two frames nearest the leaf: main leaves the
	 * deeper stacks, r is still counted once. */
	o.no_children = false;
	o.max_stack = 2;
	out = report_csv(path, &o);
	CHECK(strstr(out, "60.00,20.00,6,2,a,user\n") != NULL);
	CHECK(strstr(out, "20.00,20.00,2,2,r,user\n") != NULL);
	CHECK(strstr(out, "40.00,0.00,4,0,main,user\n") != NULL);
	free(out);
	unlink(path);
	free(path);
}

/* The comm, pid and tid keys are the trace's own, however the thread is
 * named, and stay so when --max-stack rebuilds the profile. */
static void test_thread_keys(void)
{
	char *path = write_model_trace();
	struct report_opts o = { .no_children = true };
	CHECK_INT(report_parse_keys(&o, "comm,pid,tid"), 0);
	static const char want[] = "self,samples,self_samples,comm,pid,tid\n"
				   "80.00,8,8,app,100,100\n"
				   "20.00,2,2,pool-7/2,100,101\n";
	char *out = report_csv(path, &o);
	CHECK_STR(out, want);
	free(out);
	o.max_stack = 1;
	out = report_csv(path, &o);
	CHECK_STR(out, want);
	free(out);
	unlink(path);
	free(path);
}

int main(void)
{
	test_keys();
	test_time();
	test_children_self();
	test_thread_keys();
	return check_exit();
}
