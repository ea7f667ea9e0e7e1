/* Differential profiles: merging, the arithmetic of change, normalization, strip-hex, the report. */
#include "config.h"

#include <math.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "report/diff.h"
#include "report/folded_in.h"
#include "report/folded_out.h"
#include "tests/unit/check.h"
#include "tests/unit/folded_check.h"

static struct profile *folded(const char *text)
{
	struct profile *p = profile_new();
	folded_parse(p, text, strlen(text), NULL);
	return p;
}

static struct profile *merged(const char *a, const char *b, bool strip_hex)
{
	struct profile *pa = folded(a), *pb = folded(b), *m = profile_new();
	diff_merge(m, pa, 0, strip_hex);
	diff_merge(m, pb, 1, strip_hex);
	profile_free(pa);
	profile_free(pb);
	return m;
}

/* The node of a stack given as "a;b;c", or 0. */
static uint32_t find(const struct profile *p, const char *stack)
{
	char *s = xstrdup(stack), *save = NULL;
	uint32_t node = 0;
	for (char *f = strtok_r(s, ";", &save); f; f = strtok_r(NULL, ";", &save)) {
		uint32_t c = p->nodes.v[node].first_child;
		while (c && strcmp(profile_frame_name(p, p->nodes.v[c].frame), f))
			c = p->nodes.v[c].next_sibling;
		node = c;
		if (!c)
			break;
	}
	free(s);
	return node;
}

static void test_merge(void)
{
	struct profile *p = merged("m;a;x 50\nm;b 30\nm;gone 20\n",
				   "m;a;x 100\nm;b 180\nm;new 20\n", false);
	CHECK_INT(p->ncols, 2);
	CHECK_NEAR(p->total[0], 100, 1e-9);
	CHECK_NEAR(p->total[1], 300, 1e-9);
	uint32_t a = find(p, "m;a"), gone = find(p, "m;gone"), nw = find(p, "m;new");
	CHECK(a && gone && nw);
	CHECK_NEAR(p->nodes.v[a].total[0], 50, 1e-9);
	CHECK_NEAR(p->nodes.v[a].total[1], 100, 1e-9);
	CHECK_NEAR(p->nodes.v[a].self[1], 0, 1e-9);
	/* a stack only in A keeps its place in the merged tree, with nothing in B */
	CHECK_NEAR(p->nodes.v[gone].total[0], 20, 1e-9);
	CHECK_NEAR(p->nodes.v[gone].total[1], 0, 1e-9);
	CHECK_NEAR(p->nodes.v[nw].total[0], 0, 1e-9);
	CHECK_INT(find(p, "m;a;x") != 0, 1);

	/* normalized: changes of shares, in points */
	struct diff_scale s;
	diff_scale_init(&s, p, true);
	CHECK_NEAR(s.scale_a, 3, 1e-12);
	CHECK_NEAR(diff_points(&s, 50, 100), 100.0 / 3 - 50, 1e-9);
	CHECK_NEAR(diff_points(&s, 30, 180), 30, 1e-9);
	CHECK_NEAR(diff_points(&s, 20, 0), -20, 1e-9);
	CHECK_NEAR(diff_points(&s, 100, 300), 0, 1e-9);	/* the root never changes */
	CHECK_NEAR(diff_counts(&s, 50, 100), -50, 1e-9);
	/* 50 of 100 against 100 of 300: pooled 150/400, standard error 0.0559 */
	CHECK_NEAR(diff_z(&s, 50, 100), -2.9814239699997196, 1e-9);
	CHECK_NEAR(diff_z(&s, 100, 300), 0, 1e-12);	/* the root: no change, no noise */
	CHECK_NEAR(diff_z(&s, 0, 0), 0, 1e-12);
	CHECK(diff_z(&s, 2, 6) == 0);	/* the same share */
	/* raw: counts compared as they are */
	diff_scale_init(&s, p, false);
	CHECK_NEAR(diff_counts(&s, 50, 100), 50, 1e-9);
	CHECK_NEAR(diff_points(&s, 50, 100), 50.0 / 3, 1e-9);
	CHECK_NEAR(diff_z(&s, 50, 100), 50 / sqrt(150), 1e-9);
	profile_free(p);

	/* frames match by name and kind: a kernel frame is not the user function */
	p = merged("m;f_[k] 1\n", "m;f 1\n", false);
	CHECK(find(p, "m;f") != 0);
	uint32_t k = 0;
	for (uint32_t c = p->nodes.v[find(p, "m")].first_child; c; c = p->nodes.v[c].next_sibling)
		k++;
	CHECK_INT(k, 2);
	profile_free(p);
}

static void test_normalize(void)
{
	struct profile *p = merged("m;a 1\nm;b 3\n", "m;a 10\nm;b 10\nm;c 20\n", false);
	diff_scale_column(p, 0, p->total[1] / p->total[0]);
	CHECK_NEAR(p->total[0], 40, 1e-9);
	CHECK_NEAR(p->nodes.v[find(p, "m;a")].self[0], 10, 1e-9);
	CHECK_NEAR(p->nodes.v[find(p, "m;b")].self[0], 30, 1e-9);
	CHECK_NEAR(p->nodes.v[find(p, "m")].total[0], 40, 1e-9);
	CHECK_NEAR(p->nodes.v[0].total[0], 40, 1e-9);
	CHECK_NEAR(p->nodes.v[find(p, "m;c")].total[1], 20, 1e-9);	/* B untouched */

	/* fractions kept (not rounded), totals recomputed from them */
	diff_scale_column(p, 1, 1.0 / 3);
	CHECK_NEAR(p->nodes.v[find(p, "m;a")].self[1], 10.0 / 3, 1e-9);
	CHECK_NEAR(p->nodes.v[find(p, "m;c")].self[1], 20.0 / 3, 1e-9);
	CHECK_NEAR(p->total[1], 40.0 / 3, 1e-9);
	CHECK_NEAR(pcount_value(p->count[1]), 40.0 / 3, 1e-9);
	CHECK_NEAR(p->nodes.v[find(p, "m")].total[1], 40.0 / 3, 1e-9);

	/* the folded output has both columns, and reads back as the same counts */
	char *buf = folded_text(p);
	CHECK(buf && !strncmp(buf, "m;a 10 3.3333333333333", 22) && !strchr(buf, 'e'));
	struct profile *q = folded(buf);
	CHECK_INT(q->ncols, 2);
	for (const char *const *s = (const char *const[]){ "m;a", "m;b", "m;c", NULL }; *s; s++)
		for (unsigned c = 0; c < 2; c++)
			CHECK(same_count(q->nodes.v[find(q, *s)].count[c],
					 p->nodes.v[find(p, *s)].count[c]));
	free(buf);
	profile_free(q);
	profile_free(p);
}

/* Identical inputs compare equal after normalization: 0.5 stays 0.5, not 1. */
static void test_normalize_fraction(void)
{
	const char *text = "main;a 0.5\nmain;b 1.5\n";
	struct profile *p = merged(text, text, false);
	diff_scale_column(p, 0, p->total[1] / p->total[0]);
	char *buf = folded_text(p);
	CHECK_STR(buf, "main;a 0.5 0.5\nmain;b 1.5 1.5\n");
	free(buf);
	profile_free(p);

	/* A scaled by 1/3 and back reads as A's shares: nothing looks changed */
	p = merged("main;a 1\nmain;b 2\n", "main;a 3\nmain;b 6\nmain;c 0\n", false);
	diff_scale_column(p, 0, p->total[1] / p->total[0]);
	buf = folded_text(p);
	CHECK_STR(buf, "main;a 3 3\nmain;b 6 6\n");
	free(buf);
	profile_free(p);
}

/* Large and fractional counts are written so that the reader takes them back. */
static void test_fold_round_trip(void)
{
	struct profile *p = merged("main;a 1234567.25\nmain;b 9007199254740993\nmain;c 0.1\n",
				   "main;a 18446744073709551615\n", false);
	char *buf = folded_text(p);
	CHECK_STR(buf, "main;a 1234567.25 18446744073709551615\nmain;b 9007199254740993 0\n"
		  "main;c 0.1 0\n");
	struct folded_stats st;
	struct profile *q = profile_new();
	folded_parse(q, buf, strlen(buf), &st);
	CHECK_INT(st.bad, 0);
	CHECK_INT(st.stacks, 3);
	CHECK(same_count(q->count[0], p->count[0]));
	CHECK(same_count(q->count[1], p->count[1]));
	free(buf);
	profile_free(q);

	/* normalized: A's counts scaled to B's total of 2^64 - 1, still readable */
	diff_scale_column(p, 0, p->total[1] / p->total[0]);
	buf = folded_text(p);
	q = profile_new();
	folded_parse(q, buf, strlen(buf), &st);
	CHECK_INT(st.bad, 0);
	CHECK_INT(st.stacks, 3);
	CHECK(!strchr(buf, 'e'));
	free(buf);
	profile_free(q);
	profile_free(p);
}

static void test_strip_hex(void)
{
	size_t n;
	char *s = diff_strip_hex("libc.so.6+0x1f30a", 17, &n);
	CHECK_STR(s, "libc.so.6+0x...");
	CHECK_INT(n, 15);
	free(s);
	s = diff_strip_hex("f(0x7ffe12, 0XAB) 0x 0xg x0x1", 29, &n);
	CHECK_STR(s, "f(0x..., 0x...) 0x 0xg x0x...");
	free(s);
	s = diff_strip_hex("0x1", 3, &n);
	CHECK_STR(s, "0x...");	/* may grow */
	free(s);
	s = diff_strip_hex("", 0, &n);
	CHECK_STR(s, "");
	free(s);

	/* addresses that moved between runs still match */
	struct profile *p = merged("m;lib.so+0x1000 4\n", "m;lib.so+0x2000 4\n", true);
	uint32_t node = find(p, "m;lib.so+0x...");
	CHECK(node != 0);
	if (node) {
		CHECK_NEAR(p->nodes.v[node].total[0], 4, 1e-9);
		CHECK_NEAR(p->nodes.v[node].total[1], 4, 1e-9);
	}
	profile_free(p);
	p = merged("m;lib.so+0x1000 4\n", "m;lib.so+0x2000 4\n", false);
	CHECK(find(p, "m;lib.so+0x1000") && find(p, "m;lib.so+0x2000"));
	profile_free(p);
}

static const struct diff_fn *fn(const struct diff_fn *f, size_t n, const struct profile *p,
				const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(strtab_get(&p->strs, f[i].name), name))
			return &f[i];
	return NULL;
}

static char *report(const struct profile *p, const struct diff_report_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK_INT(diff_report_write(p, o, f), 0);
	fclose(f);
	return buf;
}

static void test_functions_and_report(void)
{
	/* rec calls itself: its total counts each stack once */
	struct profile *p = merged("m;rec;rec;x 40\nm;y 60\n", "m;rec;rec;x 70\nm;y 20\nm;z 10\n",
				   false);
	struct diff_scale s;
	diff_scale_init(&s, p, true);
	size_t n;
	struct diff_fn *f = diff_functions(p, &s, &n);
	CHECK_INT(n, 5);
	const struct diff_fn *rec = fn(f, n, p, "rec"), *y = fn(f, n, p, "y");
	CHECK(rec && y);
	if (rec && y) {
		CHECK_NEAR(rec->total[0], 40, 1e-9);
		CHECK_NEAR(rec->total[1], 70, 1e-9);
		CHECK_NEAR(rec->dtotal, 70 - 40, 1e-9);
		CHECK_NEAR(rec->dself, 0, 1e-9);
		CHECK_NEAR(y->dself, 20 - 60, 1e-9);
	}
	diff_sort(f, n, p);
	/* biggest change first, either direction; ties by name */
	CHECK_STR(strtab_get(&p->strs, f[0].name), "y");
	CHECK_STR(strtab_get(&p->strs, f[1].name), "rec");
	CHECK_STR(strtab_get(&p->strs, f[2].name), "x");
	CHECK_STR(strtab_get(&p->strs, f[3].name), "z");
	CHECK_STR(strtab_get(&p->strs, f[4].name), "m");
	free(f);

	struct diff_report_opts o = { .normalize = true, .name_a = "a.folded", .name_b = "b.folded" };
	char *r = report(p, &o);
	const char *ly = strstr(r, "  y\n"), *lrec = strstr(r, "  rec\n"), *lz = strstr(r, "  z  (only in B)\n");
	CHECK(ly && lrec && lz && ly < lrec && lrec < lz);
	CHECK(strstr(r, "     -40.00     -40.00    60.00%    20.00%    60.00%    20.00%  y\n") != NULL);
	CHECK(strstr(r, "# A: a.folded, 100 samples\n") != NULL);
	CHECK(strstr(r, "# 1 function unchanged\n") != NULL);	/* m */
	free(r);

	o.limit = 2;
	r = report(p, &o);
	CHECK(strstr(r, "  rec\n") && !strstr(r, "  x\n"));
	CHECK(strstr(r, "# 2 more changed; --limit 0 shows them all\n") != NULL);
	free(r);

	/* raw counts: the changes are counts */
	o.limit = 0;
	o.normalize = false;
	r = report(p, &o);
	CHECK(strstr(r, "        +30         +0        40        70         0         0  rec\n") != NULL);
	free(r);
	profile_free(p);

	/* identical inputs: nothing changed */
	p = merged("m;a 3\nm;b 1\n", "m;a 6\nm;b 2\n", false);
	o.normalize = true;
	r = report(p, &o);
	CHECK(strstr(r, "# no function changed by 0.1 point or more\n") != NULL);
	CHECK(strstr(r, "# 3 functions unchanged\n") != NULL);
	free(r);
	profile_free(p);
}

/* Raw counts past 2^53 are printed exactly, not as doubles or "%.2f". */
static void test_report_exact(void)
{
	struct profile *p = merged("m;b 9007199254740993\nm;c 1\n",
				   "m;b 18446744073709551615\n", false);
	struct diff_report_opts o = { .normalize = false, .name_a = "a", .name_b = "b" };
	char *r = report(p, &o);
	CHECK(strstr(r, "# A: a, 9,007,199,254,740,994 samples\n") != NULL);
	CHECK(strstr(r, "# B: b, 18,446,744,073,709,551,615 samples\n") != NULL);
	CHECK(strstr(r, " +18,437,736,874,454,810,622 +18,437,736,874,454,810,622 "
		     "9,007,199,254,740,993 18,446,744,073,709,551,615 9,007,199,254,740,993 "
		     "18,446,744,073,709,551,615  b\n") != NULL);
	CHECK(!strstr(r, ".00"));
	if (check_failures)
		fputs(r, stderr);
	free(r);
	profile_free(p);
}

int main(void)
{
	test_merge();
	test_normalize();
	test_normalize_fraction();
	test_fold_round_trip();
	test_strip_hex();
	test_functions_and_report();
	test_report_exact();
	return check_exit();
}
