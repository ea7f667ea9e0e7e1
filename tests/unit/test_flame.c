/* Flame graph layout, palettes, labels and the SVG writer's escaping. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "lib/utf8.h"
#include "lib/util.h"
#include "report/folded_in.h"
#include "svg/flame.h"
#include "svg/layout.h"
#include "svg/palette.h"
#include "tests/unit/check.h"

static struct profile *folded(const char *text)
{
	struct profile *p = profile_new();
	folded_parse(p, text, strlen(text), NULL);
	return p;
}

static const char *lname(const struct profile *p, const struct lframe *f)
{
	if (f->frame == LAYOUT_ROOT)
		return "all";
	if (f->frame == LAYOUT_NARROW)
		return "(narrow)";
	return profile_frame_name(p, f->frame);
}

/* The first frame called name in row row, or NULL. */
static const struct lframe *at(const struct layout *l, const struct profile *p,
			       uint32_t row, const char *name)
{
	for (size_t i = 0; i < l->f.n; i++)
		if (l->f.v[i].row == row && !strcmp(lname(p, &l->f.v[i]), name))
			return &l->f.v[i];
	return NULL;
}

static void test_layout_arithmetic(void)
{
	struct profile *p = folded("m;b;x 2\nm;a 3\nm;b;y 1\nm 4\n");
	struct layout_opts o = { .order = ORDER_NAME, .width_px = 1000 };
	struct layout *l = layout_new(p, &o);
	CHECK(l != NULL);
	CHECK_NEAR(l->span, 10, 1e-9);
	CHECK_INT(l->rows, 4);
	const struct lframe *a = at(l, p, 2, "a"), *b = at(l, p, 2, "b");
	const struct lframe *x = at(l, p, 3, "x"), *y = at(l, p, 3, "y");
	CHECK(a && b && x && y);
	if (a && b && x && y) {
		CHECK_NEAR(a->x, 0, 1e-9);	/* sorted by name: a first */
		CHECK_NEAR(a->w, 3, 1e-9);
		CHECK_NEAR(b->x, 3, 1e-9);
		CHECK_NEAR(x->x, 3, 1e-9);	/* children start at the parent */
		CHECK_NEAR(y->x, 5, 1e-9);
		CHECK_NEAR(b->self[0], 0, 1e-9);
		CHECK(l->f.v[x->parent].frame == b->frame);
	}
	/* parents come before children */
	for (size_t i = 1; i < l->f.n; i++)
		CHECK(l->f.v[i].parent < i);
	layout_free(l);

	o.order = ORDER_WEIGHT;
	l = layout_new(p, &o);
	a = at(l, p, 2, "a");
	b = at(l, p, 2, "b");
	CHECK(a && b && a->x == 0 && b->x == 3);	/* a (3) outweighs b (3)? tie: by name */
	layout_free(l);
	profile_free(p);

	p = folded("m;b 5\nm;a 1\n");
	l = layout_new(p, &o);
	CHECK(at(l, p, 2, "b") && at(l, p, 2, "b")->x == 0);	/* heaviest first */
	layout_free(l);
	profile_free(p);
}

static void test_minwidth(void)
{
	/* 1000 px for 1000 samples: each of t1..t5 is 1 px wide */
	struct profile *p = folded("m;big;deep 900\nm;t1;u 1\nm;t2 1\nm;t3 1\nm;t4 1\nm;t5 1\nm;mid 95\n");
	struct layout_opts o = { .width_px = 1000, .minwidth = 2 };
	struct layout *l = layout_new(p, &o);
	const struct lframe *n = at(l, p, 2, "(narrow)");
	CHECK(n != NULL);
	if (n) {
		CHECK_INT(n->count, 5);
		CHECK_NEAR(n->w, 5, 1e-9);	/* widths stay honest */
		CHECK_NEAR(n->x, 995, 1e-9);	/* after the drawn siblings */
	}
	CHECK(at(l, p, 2, "t1") == NULL);
	CHECK(at(l, p, 3, "u") == NULL);	/* nothing drawn above a merged frame */
	CHECK(at(l, p, 2, "mid") != NULL);
	CHECK_INT(l->narrow, 5);
	layout_free(l);

	o.minwidth = 10;
	o.minwidth_pct = true;	/* 10% of 1000 = 100: mid (95) goes too */
	l = layout_new(p, &o);
	n = at(l, p, 2, "(narrow)");
	CHECK(n && n->count == 6 && n->w == 100);
	layout_free(l);

	o.minwidth = 0;
	o.minwidth_pct = false;
	l = layout_new(p, &o);
	CHECK(at(l, p, 2, "(narrow)") == NULL);
	CHECK(at(l, p, 3, "u") != NULL);
	layout_free(l);
	profile_free(p);
}

static void test_views(void)
{
	struct profile *p = folded("m;a;malloc 3\nm;b;malloc 2\nm;b 1\nm;a;c;a;d 4\n");
	struct profile *r = layout_reverse(p);
	struct layout_opts o = { .width_px = 1000 };
	struct layout *l = layout_new(r, &o);
	const struct lframe *mal = at(l, r, 1, "malloc");
	CHECK(mal && mal->value[0] == 5);
	bool under_malloc = false;
	for (size_t i = 0; i < l->f.n; i++) {
		const struct lframe *q = &l->f.v[i];
		if (q->row == 2 && !strcmp(lname(r, q), "a") && q->parent != LAYOUT_NONE &&
		    !strcmp(lname(r, &l->f.v[q->parent]), "malloc"))
			under_malloc = q->value[0] == 3;
	}
	CHECK(under_malloc);
	CHECK(at(l, r, 1, "d") && at(l, r, 1, "d")->value[0] == 4);
	CHECK_NEAR(r->total[0], p->total[0], 1e-9);
	layout_free(l);
	profile_free(r);

	struct profile *b = layout_rebase(p, "a");
	l = layout_new(b, &o);
	CHECK_NEAR(l->span, 7, 1e-9);	/* stacks through a only */
	CHECK(at(l, b, 1, "a") && at(l, b, 1, "a")->value[0] == 7);
	CHECK(at(l, b, 3, "a") != NULL);	/* recursion kept from the outermost a */
	CHECK(at(l, b, 1, "b") == NULL);
	layout_free(l);
	profile_free(b);
	CHECK(layout_rebase(p, "nosuch") == NULL);
	profile_free(p);
}

static void test_chart(void)
{
	struct profile *p = profile_new();
	struct folded_reader *r = folded_reader_new(p, FOLDED_AUTO, true);
	const char *text = "t1;a 2\nt1;a 3\nt1;b 1\nt2;c 4\nt1;a 1\n";
	folded_reader_feed(r, text, strlen(text));
	folded_reader_finish(r);
	folded_reader_free(r);
	struct layout_opts o = { .chart = true, .chart_by_weight = true, .width_px = 1000 };
	struct layout *l = layout_new(p, &o);
	CHECK(l != NULL);
	if (l) {
		CHECK_NEAR(l->span, 11, 1e-9);
		/* runs of the same stack merge; a frame reappears after a change */
		int na = 0;
		for (size_t i = 0; i < l->f.n; i++)
			if (!strcmp(lname(p, &l->f.v[i]), "a")) {
				na++;
				CHECK(l->f.v[i].x == 0 || l->f.v[i].x == 10);
			}
		CHECK_INT(na, 2);
		const struct lframe *c = at(l, p, at(l, p, 0, "t1") ? 4 : 0, "c");
		CHECK(c && c->x == 6 && c->w == 4);	/* its own lane, at its time */
	}
	layout_free(l);
	profile_free(p);
}

static void test_palette(void)
{
	struct palette *a = palette_new(PAL_HOT, false, 1), *b = palette_new(PAL_HOT, false, 2);
	struct rgb x = palette_color(a, "main", FRAME_USER), y = palette_color(b, "main", FRAME_USER);
	CHECK(x.r == y.r && x.g == y.g && x.b == y.b);	/* stable by name */
	CHECK(x.r >= 205 && x.g <= 230 && x.b <= 55);
	struct rgb z = palette_color(a, "other_function", FRAME_USER);
	CHECK(z.r != x.r || z.g != x.g || z.b != x.b);
	palette_free(a);
	palette_free(b);

	struct palette *j = palette_new(PAL_JAVA, false, 0);
	struct rgb k = palette_color(j, "sys_write", FRAME_KERNEL);
	struct rgb g = palette_color(j, "java/lang/Thread.run", FRAME_USER);
	struct rgb yl = palette_color(j, "std::vector::push", FRAME_USER);
	CHECK(k.r >= 190 && k.b == 0);	/* orange */
	CHECK(g.g > g.r && g.g > g.b);	/* green */
	CHECK(yl.r == yl.g && yl.b < 100);	/* yellow */
	palette_free(j);

	enum palette_kind kind;
	CHECK(palette_parse("python", &kind) && kind == PAL_PYTHON);
	CHECK(!palette_parse("plaid", &kind));
	char top[8], bottom[8];
	CHECK(palette_background("#abc", top, bottom) && !strcmp(top, "#aabbcc"));
	CHECK(!palette_background("#ab\"<", top, bottom));
	struct rgb grow = palette_diff(5, 10, false), shrink = palette_diff(-10, 10, false);
	CHECK(grow.r == 255 && grow.b < 255 && shrink.b == 255 && shrink.r < grow.b);

	/* A palette file pins colours and learns new names. */
	char path[] = "/tmp/cprof-palette-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (write(fd, "main->rgb(1,2,3)\n", 17) != 17)
		CHECK(0);
	close(fd);
	struct palette *f = palette_new(PAL_HOT, true, 7);
	CHECK_INT(palette_load(f, path), 0);
	struct rgb m = palette_color(f, "main", FRAME_USER);
	CHECK(m.r == 1 && m.g == 2 && m.b == 3);
	struct rgb n = palette_color(f, "newfunc", FRAME_USER);
	CHECK_INT(palette_save(f, path), 0);
	palette_free(f);
	f = palette_new(PAL_HOT, true, 99);
	CHECK_INT(palette_load(f, path), 0);
	struct rgb n2 = palette_color(f, "newfunc", FRAME_USER);
	CHECK(n.r == n2.r && n.g == n2.g && n.b == n2.b);
	palette_free(f);
	unlink(path);
}

static void test_labels_utf8(void)
{
	/* 10 ems at 12 px: ".." (0.33 em each) and letters of 0.33 to 1 em */
	char *s = flame_fit_label("abcdefghijklmnopqrstuvwxyz", 6 + 12 * 10, 12);
	CHECK_STR(s, "abcdefghijklmno..");
	free(s);
	s = flame_fit_label("mmmmmmmmmmmmmmmmmmmm", 6 + 12 * 10, 12);
	CHECK_STR(s, "mmmmmmmmm..");	/* wide letters: fewer of them */
	free(s);
	s = flame_fit_label("short", 200, 12);
	CHECK_STR(s, "short");
	free(s);
	s = flame_fit_label("anything", 20, 12);
	CHECK_STR(s, "");
	free(s);
	s = flame_fit_label("sun/nio/ch/Dispatcher.write0", 6 + 12 * 12, 12);
	CHECK_STR(s, "Dispatcher.write0");	/* the last component of a path */
	free(s);
	s = flame_fit_label("sun/nio/ch/Dispatcher.write0", 6 + 12 * 6, 12);
	CHECK_STR(s, "sun/nio/c..");	/* too narrow for it: cut at the end */
	free(s);
	s = flame_fit_label("compute_block_464", 6 + 12 * 6, 12);
	CHECK_STR(s, "compute_..");	/* the end goes, not the start */
	free(s);
	s = flame_fit_label("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 6 + 12 * 2.3, 12);
	CHECK_STR(s, "\xc3\xa9\xc3\xa9..");	/* cut between characters */
	free(s);

	CHECK(utf8_is_clean("plain \xc3\xa9", 8));
	CHECK(!utf8_is_clean("a\xff", 2));
	CHECK(!utf8_is_clean("a\x01", 2));
	CHECK(!utf8_is_clean("\xc0\xaf", 2));	/* overlong */
	CHECK(!utf8_is_clean("\xed\xa0\x80", 3));	/* surrogate */
	char *c = utf8_clean("a\xff" "b\x01\xe2\x82", 6);
	CHECK_STR(c, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	free(c);
}

/* Renders to memory and parses the result back as XML. */
static char *render(const struct profile *p, const struct flame_options *o, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	int r = flame_render(p, o, f, NULL);
	fclose(f);
	CHECK_INT(r, 0);
	return buf;
}

static void test_escaping(void)
{
	struct profile *p = folded("main;<script>alert(1)</script> 3\nmain;a&b \"q\" 'x' 2\n"
				   "main;]]><x 1\nmain;bad\xff\xfe;tail 1\n");
	struct flame_options o;
	flame_options_init(&o);
	o.title = "T <&> \"\xff";
	o.notes = "-- notes --";
	o.search = "a&b\"";
	size_t len;
	char *svg = render(p, &o, &len);
	CHECK(strstr(svg, "<script>alert") == NULL);
	CHECK(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
	CHECK(strstr(svg, "a&amp;b") != NULL);
	CHECK(strstr(svg, "bad\xef\xbf\xbd\xef\xbf\xbd") != NULL);
	xmlDocPtr doc = xmlReadMemory(svg, len, "t.svg", NULL, XML_PARSE_NONET);
	CHECK(doc != NULL);
	if (doc) {
		xmlNodePtr root = xmlDocGetRootElement(doc);
		CHECK(root && !strcmp((const char *)root->name, "svg"));
		xmlChar *s = xmlGetProp(root, BAD_CAST "data-search");
		CHECK_STR((const char *)s, "a&b\"");
		xmlFree(s);
		xmlFreeDoc(doc);
	}
	free(svg);
	profile_free(p);
}

int main(void)
{
	test_layout_arithmetic();
	test_minwidth();
	test_views();
	test_chart();
	test_palette();
	test_labels_utf8();
	test_escaping();
	return check_exit();
}
