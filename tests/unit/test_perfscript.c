/*
 * The perf script reader: the script's rules one by one on small inputs
 * (the whole files are compared with the script's output in
 * tests/e2e/perfscript-fold.sh), a file fed in pieces of every size, and
 * telling perf script text from folded stacks and traces.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report/perfscript.h"
#include "tests/unit/check.h"

/* The folded output of text fed in pieces of step bytes; the caller frees it. */
static char *fold(const char *text, const struct perfscript_opts *o, size_t step)
{
	struct perfscript_reader *r = perfscript_reader_new(o);
	size_t n = strlen(text);
	for (size_t i = 0; i < n; i += step)
		perfscript_reader_feed(r, text + i, step < n - i ? step : n - i);
	perfscript_reader_finish(r);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	CHECK_INT(perfscript_write_folded(r, f), 0);
	fclose(f);
	perfscript_reader_free(r);
	return out;
}

static void check_fold(const char *text, const struct perfscript_opts *o, const char *want)
{
	char *got = fold(text, o, strlen(text) + 1);
	CHECK_STR(got, want);
	free(got);
}

static const char sample[] =
	"# cmdline : /usr/bin/perf record -g ./app\n"
	"app 4242/4243 [001] 100.000001:     250 cpu-clock:\n"
	"\t    7f01 parse(char const*)+0x1d (/usr/bin/app)\n"
	"\t    7f02 main+0x40 (/usr/bin/app)\n"
	"\n"
	"app 4242/4243 [001] 100.000002:     250 cpu-clock:\n"
	"\tffffffff81 do_syscall_64+0x5 ([kernel.kallsyms])\n"
	"\t    7f03 [unknown] (/usr/lib/libc.so.6)\n"
	"\t    7f02 main+0x40 (/usr/bin/app)\n"
	"\n"
	"my app 7 [000] 100.000003: 5 page-faults:\n"
	"\t    7f02 main+0x40 (/usr/bin/app)\n"
	"\n";

static void test_rules(void)
{
	struct perfscript_opts o = { 0 };
	check_fold(sample, &o, "app;main;[libc.so.6];do_syscall_64 250\napp;main;parse 250\n");
	o = (struct perfscript_opts){ .tid = true, .kernel = true, .addrs = true };
	check_fold(sample, &o, "app-4242/4243;main;[libc.so.6 <7f03>];do_syscall_64_[k] 250\n"
		   "app-4242/4243;main;parse 250\n");
	o = (struct perfscript_opts){ .pid = true, .event = "page-faults" };
	check_fold(sample, &o, "my_app-?;main 5\n");
	o = (struct perfscript_opts){ .tids = "9" };
	check_fold(sample, &o, "");
	/* inline chains, Java names, Go methods, anonymous namespaces, quotes */
	o = (struct perfscript_opts){ .jit = true };
	check_fold("java 1 1.0: cycles:\n"
		   "\t1 Lcom/x/Y;.run(I)V (/tmp/perf-1.map)\n"
		   "\t2 a->b (/bin/x)\n"
		   "\t3 net/http.(*Client).Do (/bin/x)\n"
		   "\t4 '(anonymous namespace)::f(int)' (/bin/x)\n"
		   "\n", &o,
		   "java;(anonymous namespace)::f;net/http.(*Client).Do;a;b_[i];com/x/Y:.run_[j] 1\n");
	/* a sample without its blank line is not counted */
	o = (struct perfscript_opts){ 0 };
	check_fold("app 1 1.0: 3 cycles:\n\t1 f (m)\n", &o, "");
}

static void test_pieces(void)
{
	struct perfscript_opts o = { .tid = true };
	char *whole = fold(sample, &o, sizeof(sample));
	for (size_t step = 1; step < 64; step++) {
		char *part = fold(sample, &o, step);
		CHECK_STR(part, whole);
		free(part);
	}
	free(whole);
}

static void test_sniff(void)
{
	CHECK(perfscript_sniff(sample, strlen(sample)));
	CHECK(perfscript_sniff(sample + 42, 60));
	CHECK(!perfscript_sniff("main;parse 12\nmain;eval 3\n", 26));
	CHECK(!perfscript_sniff("a;b 1 2\n\n", 9));
	CHECK(!perfscript_sniff("", 0));
	CHECK(perfscript_sniff("# ========\n# captured on: x\n", 28));
}

int main(void)
{
	test_rules();
	test_pieces();
	test_sniff();
	return check_exit();
}
