/* The folded-stack reader: parsing, merging, bad lines, streaming. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "report/folded.h"
#include "tests/unit/check.h"

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

int main(void)
{
	test_basic();
	test_decimal_spaces_crlf();
	test_bad_lines();
	test_kinds();
	test_prefixes();
	test_diff();
	test_streaming();
	return check_exit();
}
