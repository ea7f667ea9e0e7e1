/* Differential profiles: merging, the arithmetic of change, normalization, strip-hex, the report. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "report/diff.h"
#include "report/fold.h"
#include "report/folded.h"
#include "tests/unit/check.h"

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
	/* raw: counts compared as they are */
	diff_scale_init(&s, p, false);
	CHECK_NEAR(diff_counts(&s, 50, 100), 50, 1e-9);
	CHECK_NEAR(diff_points(&s, 50, 100), 50.0 / 3, 1e-9);
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

	/* rounded to whole counts, totals recomputed from them */
	diff_scale_column(p, 1, 1.0 / 3);
	CHECK_NEAR(p->nodes.v[find(p, "m;a")].self[1], 3, 1e-9);
	CHECK_NEAR(p->nodes.v[find(p, "m;c")].self[1], 7, 1e-9);
	CHECK_NEAR(p->total[1], 13, 1e-9);
	CHECK_NEAR(p->nodes.v[find(p, "m")].total[1], 13, 1e-9);

	/* the folded output has both columns */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK_INT(profile_write_folded(p, f), 0);
	fclose(f);
	CHECK_STR(buf, "m;a 10 3\nm;b 30 3\nm;c 0 7\n");
	free(buf);
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

int main(void)
{
	test_merge();
	test_normalize();
	test_strip_hex();
	test_functions_and_report();
	return check_exit();
}
