/* The folded-stack reader: parsing, merging, bad lines, streaming. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "report/folded_in.h"
#include "report/folded_out.h"
#include "tests/unit/check.h"
#include "tests/unit/folded_check.h"

/* The node for "a;b;c" (root first), or 0 when there is none. */
static uint32_t find(const struct profile *p, const char *path)
{
	char *s = xstrdup(path), *save = NULL;
	uint32_t node = 0;
	for (char *f = strtok_r(s, ";", &save); f; f = strtok_r(NULL, ";", &save)) {
		uint32_t c = p->nodes.v[node].first_child;
		while (c && strcmp(profile_frame_name(p, p->nodes.v[c].frame), f) != 0)
			c = p->nodes.v[c].next_sibling;
		node = c;
		if (!node)
			break;
	}
	free(s);
	return node;
}

static double total_of(const struct profile *p, const char *path)
{
	uint32_t n = find(p, path);
	return n ? p->nodes.v[n].total[0] : -1;
}

static struct profile *parse(const char *text, struct folded_stats *st)
{
	struct profile *p = profile_new();
	folded_parse(p, text, strlen(text), st);
	return p;
}

static void test_basic(void)
{
	struct folded_stats st;
	struct profile *p = parse("main;foo;bar 3\nmain;foo 2\nmain;foo;bar 4\n", &st);
	CHECK_INT(st.stacks, 3);
	CHECK_INT(st.bad, 0);
	CHECK_NEAR(total_of(p, "main"), 9, 1e-9);
	CHECK_NEAR(total_of(p, "main;foo;bar"), 7, 1e-9);	/* duplicates add up */
	CHECK_NEAR(p->nodes.v[find(p, "main;foo")].self[0], 2, 1e-9);
	CHECK_NEAR(p->total[0], 9, 1e-9);
	CHECK_INT(p->ncols, 1);
	profile_free(p);
}

static void test_decimal_spaces_crlf(void)
{
	struct folded_stats st;
	struct profile *p = parse("my app;operator new(unsigned long) 2.5\r\n"
				  "my app;a b c\t0.25\n"
				  "my app;x 1.\n", &st);
	CHECK_INT(st.stacks, 3);
	CHECK_INT(st.bad, 0);
	CHECK_NEAR(total_of(p, "my app;operator new(unsigned long)"), 2.5, 1e-9);
	CHECK_NEAR(total_of(p, "my app;a b c"), 0.25, 1e-9);
	CHECK_NEAR(total_of(p, "my app"), 3.75, 1e-9);
	profile_free(p);
}

static void test_bad_lines(void)
{
	struct folded_stats st;
	struct profile *p = parse("a;b 1\nno count here\n\n;;; 4\na;b x\n"
				  "a;b -3\na;c 2\nfoo1\nbar 1e5\n7\n", &st);
	CHECK_INT(st.stacks, 2);
	CHECK_INT(st.bad, 7);
	CHECK_INT(st.lines, 10);
	CHECK_INT(st.nbad_line, FOLDED_BAD_LINES);
	CHECK_INT(st.bad_line[0], 2);
	CHECK_INT(st.bad_line[1], 4);	/* line 3 is blank: not bad */
	CHECK_INT(st.bad_line[2], 5);
	CHECK_INT(st.bad_line[3], 6);
	CHECK_INT(st.bad_line[4], 8);
	CHECK_NEAR(p->total[0], 3, 1e-9);
	profile_free(p);

	p = parse("nothing to see\n", &st);
	CHECK_INT(st.stacks, 0);
	CHECK_INT(st.bad, 1);
	profile_free(p);
}

static void test_kinds(void)
{
	struct profile *p = parse("main;sys_read_[k];jit_fn_[j] 1\nmain;inl_[i] 1\nmain;w_[w] 1\n"
				  "main;odd_[x] 1\n", NULL);
	uint32_t k = find(p, "main;sys_read");
	CHECK(k != 0);
	if (k)
		CHECK_INT(p->frames.v[p->nodes.v[k].frame].kind, FRAME_KERNEL);
	uint32_t j = find(p, "main;sys_read;jit_fn");
	CHECK(j != 0);
	if (j)
		CHECK_INT(p->frames.v[p->nodes.v[j].frame].kind, FRAME_JIT);
	CHECK(find(p, "main;inl") != 0);
	CHECK(find(p, "main;w") != 0);
	CHECK(find(p, "main;odd_[x]") != 0);	/* not an annotation: kept */
	profile_free(p);
}

/* Prefix reuse must not confuse "a;b" with "a;bc" or "a;b;c" with "a;b c". */
static void test_prefixes(void)
{
	struct profile *p = parse("a;b 1\na;bc 2\na;bc;d 4\na;b;c 8\na;b c 16\na;b;c 32\n", NULL);
	CHECK_NEAR(total_of(p, "a;b"), 41, 1e-9);
	CHECK_NEAR(total_of(p, "a;bc"), 6, 1e-9);
	CHECK_NEAR(total_of(p, "a;bc;d"), 4, 1e-9);
	CHECK_NEAR(total_of(p, "a;b;c"), 40, 1e-9);
	CHECK_NEAR(total_of(p, "a;b c"), 16, 1e-9);
	CHECK_NEAR(total_of(p, "a"), 63, 1e-9);
	profile_free(p);
}

static void test_diff(void)
{
	struct folded_stats st;
	struct profile *p = parse("main;a 10 12\nmain;b 5 0\nmain;c 7\n", &st);
	CHECK_INT(p->ncols, 2);
	CHECK_INT(st.stacks, 2);
	CHECK_INT(st.bad, 1);	/* one count in a two-count file */
	uint32_t a = find(p, "main;a");
	CHECK(a != 0);
	if (a) {
		CHECK_NEAR(p->nodes.v[a].total[0], 10, 1e-9);
		CHECK_NEAR(p->nodes.v[a].total[1], 12, 1e-9);
	}
	CHECK_NEAR(p->total[0], 15, 1e-9);
	CHECK_NEAR(p->total[1], 12, 1e-9);
	profile_free(p);

	/* A single-count file keeps a number that ends a name. */
	struct profile *q = profile_new();
	struct folded_reader *r = folded_reader_new(q, FOLDED_SINGLE, false);
	folded_reader_feed(r, "main;step 2 5\n", 14);
	folded_reader_finish(r);
	CHECK_NEAR(total_of(q, "main;step 2"), 5, 1e-9);
	folded_reader_free(r);
	profile_free(q);
}

/* Any split of the input gives the same profile. */
static void test_streaming(void)
{
	const char *text = "main;foo;bar 3\nmain;foo;baz 1.5\nbad\nmain;qux 2\nmain;foo 1";
	struct profile *whole = parse(text, NULL);
	for (size_t step = 1; step < 9; step++) {
		struct profile *p = profile_new();
		struct folded_reader *r = folded_reader_new(p, FOLDED_AUTO, true);
		for (size_t i = 0; i < strlen(text); i += step)
			folded_reader_feed(r, text + i, MIN(step, strlen(text) - i));
		folded_reader_finish(r);
		const struct folded_stats *st = folded_reader_stats(r);
		CHECK_INT(st->stacks, 4);
		CHECK_INT(st->bad, 1);
		CHECK_INT(st->bad_line[0], 3);
		CHECK_NEAR(total_of(p, "main;foo;baz"), 1.5, 1e-9);
		CHECK_NEAR(total_of(p, "main;foo"), total_of(whole, "main;foo"), 1e-9);
		CHECK_INT(p->nodes.n, whole->nodes.n);
		CHECK_INT(p->samples.n, 4);	/* file order kept for flame charts */
		if (p->samples.n == 4)
			CHECK_INT(p->samples.v[2].node, find(p, "main;qux"));
		folded_reader_free(r);
		profile_free(p);
	}
	profile_free(whole);
}

/* A file of tests/fuzz/regressions/folded/, the inputs that once broke the reader. */
static char *regression(const char *name, size_t *n)
{
	const char *top = getenv("top_srcdir");
	char *path = xasprintf("%s/tests/fuzz/regressions/folded/%s", top ? top : "..", name);
	FILE *f = fopen(path, "rb");
	struct buf b = { 0 };
	char block[4096];
	size_t got;
	CHECK(f != NULL);
	while (f && (got = fread(block, 1, sizeof(block), f)) > 0)
		buf_put(&b, block, got);
	if (f)
		fclose(f);
	free(path);
	*n = b.n;
	buf_put_u8(&b, '\0');
	return (char *)b.p;
}

static struct profile *parse_regression(const char *name, struct folded_stats *st)
{
	size_t n;
	char *text = regression(name, &n);
	struct profile *p = profile_new();
	folded_parse(p, text, n, st);
	free(text);
	return p;
}

/* 2^64 - 1 is a count; 2^64 + 1 is a bad line, not 18446744073709551616.00. */
static void test_count_2pow64(void)
{
	struct folded_stats st;
	struct profile *p = parse_regression("count-2pow64.folded", &st);
	CHECK_INT(st.stacks, 1);
	CHECK_INT(st.bad, 3);
	CHECK_INT(st.bad_line[0], 1);
	CHECK_STR(st.bad_why[0], "a count past 2^64 - 1");
	CHECK_INT(st.bad_line[1], 3);	/* the total would pass 2^64 - 1 */
	CHECK_STR(st.bad_why[1], "the total would pass 2^64 - 1");
	CHECK_INT(st.bad_line[2], 4);
	CHECK(p->count[0].n == UINT64_MAX && p->count[0].frac == 0);
	char *out = folded_text(p);
	CHECK_STR(out, "main;b 18446744073709551615\n");
	free(out);
	profile_free(p);

	/* whole counts add up exactly past 2^53, where doubles skip odd numbers */
	p = parse("a;b 9007199254740993\na;b 1\na;c 18000000000000000001\n", &st);
	CHECK_INT(st.bad, 0);
	out = folded_text(p);
	CHECK_STR(out, "a;b 9007199254740994\na;c 18000000000000000001\n");
	free(out);
	CHECK(p->count[0].n == 18009007199254740995ull);
	profile_free(p);

	/* fractions stay fractions, next to whole counts */
	p = parse("a;b 2.5\na;b 0.25\na;c 18446744073709551610.5\n", &st);
	CHECK_INT(st.bad, 0);
	out = folded_text(p);
	CHECK_STR(out, "a;b 2.75\na;c 18446744073709551610.5\n");
	free(out);
	CHECK(!strchr(out = folded_text(p), 'e'));
	free(out);
	profile_free(p);
}

/* What pcount_format writes, pcount_parse reads back as the same count. */
static void test_count_round_trip(void)
{
	const struct pcount cases[] = {
		{ 0, 0 }, { 7, 0 }, { UINT64_MAX, 0 }, { 0, 0.5 }, { 1234567, 0.25 },
		{ 1, 4.0 / 3 - 1 }, { 3, 0.1 }, { UINT64_MAX, 0.9999999999999999 },
		{ 12, 1e-7 }, { 0, 1e-300 }, { 0, 4.9406564584124654e-324 },
		{ 1ull << 53, 0.3 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char text[PCOUNT_BUF];
		struct pcount back = { 42, 0 };
		size_t n = pcount_format(text, sizeof(text), cases[i]);
		CHECK(n > 0 && n == strlen(text));
		CHECK(!strpbrk(text, "eE+-"));
		CHECK_INT(pcount_parse(text, n, &back), 0);
		if (!same_count(back, cases[i]))
			fprintf(stderr, "case %zu: '%s' reads back as %llu + %.17g\n", i, text,
				(unsigned long long)back.n, back.frac);
		CHECK(same_count(back, cases[i]));
	}
	struct pcount c;
	CHECK_INT(pcount_parse("18446744073709551616", 20, &c), -ERANGE);
	CHECK_INT(pcount_parse("1e5", 3, &c), -EINVAL);
	CHECK_INT(pcount_parse(".", 1, &c), -EINVAL);
	CHECK_INT(pcount_parse("00000000000000000000000000042", 29, &c), 0);
	CHECK(c.n == 42);
	CHECK_INT(pcount_parse("0.99999999999999999999", 22, &c), 0);
	CHECK(c.n == 1 && c.frac == 0);
}

/* A NUL cut the name; CR-only line ends made one stack: both are bad lines now. */
static void test_nul_and_cr(void)
{
	struct folded_stats st;
	struct profile *p = parse_regression("nul-byte.folded", &st);
	CHECK_INT(st.stacks, 1);
	CHECK_INT(st.bad, 1);
	CHECK_INT(st.bad_line[0], 1);
	CHECK_STR(st.bad_why[0], "a NUL byte");
	CHECK(find(p, "main;a") == 0);
	CHECK_NEAR(p->total[0], 1, 1e-9);
	profile_free(p);

	p = parse_regression("cr-only.folded", &st);
	CHECK_INT(st.stacks, 0);
	CHECK_INT(st.bad, 1);
	CHECK_INT(st.bad_line[0], 1);
	CHECK(st.bad_why[0] && strstr(st.bad_why[0], "carriage return"));
	profile_free(p);

	/* CRLF line ends still work */
	p = parse_regression("crlf.folded", &st);
	CHECK_INT(st.stacks, 2);
	CHECK_INT(st.bad, 0);
	CHECK_NEAR(total_of(p, "main;b"), 2, 1e-9);
	profile_free(p);
}

/* Blank lines, counts without stacks, a lone kind suffix, bytes that are not UTF-8. */
static void test_odd_lines(void)
{
	struct folded_stats st;
	struct profile *p = parse_regression("count-without-stack.folded", &st);
	CHECK_INT(st.stacks, 2);
	CHECK_INT(st.bad, 2);
	CHECK_INT(st.bad_line[0], 3);
	CHECK_INT(st.bad_line[1], 4);
	uint32_t k = find(p, "_[k]");	/* a name, not a kernel frame without one */
	CHECK(k != 0);
	if (k)
		CHECK_INT(p->frames.v[p->nodes.v[k].frame].kind, FRAME_USER);
	profile_free(p);

	/* names are bytes: kept as they are (the SVG writer cleans them) */
	p = parse_regression("invalid-utf8.folded", &st);
	CHECK_INT(st.stacks, 2);
	CHECK_INT(st.bad, 0);
	CHECK(find(p, "main;caf\xc3\xa9;\xff\xfe;x\xc3") != 0);
	profile_free(p);
}

/* A line longer than FOLDED_MAX_LINE is skipped as it streams, not buffered. */
static void test_long_line(void)
{
	struct profile *p = profile_new();
	struct folded_reader *r = folded_reader_new(p, FOLDED_AUTO, false);
	size_t block = 1 << 20;
	char *x = xmalloc(block);
	memset(x, 'x', block);
	for (size_t fed = 0; fed <= FOLDED_MAX_LINE; fed += block)
		folded_reader_feed(r, x, block);
	free(x);
	folded_reader_feed(r, " 1\na;b 2\n", 9);
	folded_reader_feed(r, "a;c 3", 5);	/* and a short last line without newline */
	folded_reader_finish(r);
	const struct folded_stats *st = folded_reader_stats(r);
	CHECK_INT(st->lines, 3);
	CHECK_INT(st->stacks, 2);
	CHECK_INT(st->bad, 1);
	CHECK_INT(st->bad_line[0], 1);
	CHECK_NEAR(p->total[0], 5, 1e-9);
	folded_reader_free(r);
	profile_free(p);

	/* a long line with no newline at all, at the end of the input */
	p = profile_new();
	r = folded_reader_new(p, FOLDED_AUTO, false);
	x = xcalloc(1, block);
	for (size_t fed = 0; fed <= FOLDED_MAX_LINE; fed += block)
		folded_reader_feed(r, x, block);
	free(x);
	folded_reader_finish(r);
	CHECK_INT(folded_reader_stats(r)->bad, 1);
	folded_reader_free(r);
	profile_free(p);
}

/* Deep stacks: no recursion, every frame kept. */
static void test_deep_stack(void)
{
	struct buf b = { 0 };
	for (int i = 0; i < 100000; i++) {
		char f[16];
		int n = snprintf(f, sizeof(f), "%sf%d", i ? ";" : "", i);
		buf_put(&b, f, n);
	}
	buf_put(&b, " 3\n", 3);
	struct folded_stats st;
	struct profile *p = profile_new();
	folded_parse(p, (const char *)b.p, b.n, &st);
	CHECK_INT(st.stacks, 1);
	CHECK_INT(p->nodes.n, 100001);
	char *out = folded_text(p);
	CHECK(out && strlen(out) == b.n && !memcmp(out, b.p, b.n));
	free(out);
	buf_release(&b);
	profile_free(p);
}

/* Names from a trace may hold any byte: each stack must stay one line. */
static void test_write_odd_names(void)
{
	struct profile *p = profile_new();
	uint32_t f[3] = {
		profile_frame(p, "main", 4, FRAME_USER, NULL, NULL, 0),
		profile_frame(p, "a;b\nc\rd\0e", 9, FRAME_USER, NULL, NULL, 0),
		profile_frame(p, "k", 1, FRAME_KERNEL, NULL, NULL, 0),
	};
	profile_add_stack(p, f, 3, 0, 2);
	char *out = folded_text(p);
	CHECK_STR(out, "main;a:b?c?d?e;k_[k] 2\n");
	struct folded_stats st;
	struct profile *q = parse(out, &st);
	CHECK_INT(st.bad, 0);
	CHECK(find(q, "main;a:b?c?d?e;k") != 0);
	free(out);
	profile_free(q);
	profile_free(p);
}

int main(void)
{
	test_write_odd_names();
	test_count_2pow64();
	test_count_round_trip();
	test_nul_and_cr();
	test_odd_lines();
	test_long_line();
	test_deep_stack();
	test_basic();
	test_decimal_spaces_crlf();
	test_bad_lines();
	test_kinds();
	test_prefixes();
	test_diff();
	test_streaming();
	return check_exit();
}
