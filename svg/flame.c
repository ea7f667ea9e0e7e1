#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "lib/array.h"
#include "lib/buf.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "report/diff.h"
#include "svg/flame.h"
#include "svg/layout.h"

/* Built from svg/flame.js and svg/flame.css by the makefile. */
static const char flame_js[] = {
#include "svg/flame-js.inc"
	0
};
static const char flame_css[] = {
#include "svg/flame-css.inc"
	0
};

#define XPAD 10.0
#define NOMINAL_WIDTH 1200.0	/* a fluid graph as a static picture */
/*
 * A differential frame is coloured only when its change is at least this
 * many standard errors of sampling noise (two-sided p < 0.0001: a graph of
 * a thousand frames of one workload recorded twice shows a wrongly coloured
 * frame about one time in sixteen), and fully from FLAME_DIFF_FULL points.
 */
#define FLAME_DIFF_Z 4.0
#define FLAME_DIFF_FULL 10.0
#define TABLE_ROWS 50		/* functions in the top table, by self and by total */
#define AXIS_EM 1.6		/* a flame chart's time axis, in font sizes */
#define AXIS_TICK_PX 100.0	/* at least this far between the axis's ticks */
/*
 * Nodes of the profile tree embedded for the script.  A node costs about 5
 * bytes and a name about 37, once: 200,000 nodes keep a 150,000-stack
 * profile under 3 MB with its first paint, where its whole tree (1.6
 * million nodes) would be 9.5 MB.
 */
#define TREE_MAX_NODES 200000

void flame_options_init(struct flame_options *o)
{
	memset(o, 0, sizeof(*o));
	o->frame_height = 16;
	o->minwidth = 1;	/* px: thinner frames cannot be seen or clicked */
	o->fonttype = "Verdana";
	o->fontsize = 12;
	o->countname = "samples";
	o->nametype = "Function:";
	o->bgcolors = "yellow";
	o->factor = 1;
	o->order = ORDER_NAME;
	o->normalize = true;
}

/* ---- small formatting helpers ---- */

/*
 * Widths of characters in Verdana and DejaVu Sans (the fallback browsers
 * use), in ems, a little generous: the static picture has no script to
 * measure them, and a label must never run past its frame.
 */
static double char_em(unsigned char c)
{
	if (c >= 0x80)
		return 0.8;	/* a byte of a wider character: counted per character */
	if (strchr(" il.,:;'|!`jI", c))
		return 0.33;
	if (strchr("ftr()[]{}/\\-\"", c))
		return 0.45;
	if (strchr("mwMW@%", c))
		return 1.0;
	if (c >= 'A' && c <= 'Z')
		return 0.76;
	return 0.64;
}

static double text_em(const char *s, size_t n)
{
	double w = 0;
	for (size_t i = 0; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)	/* the first byte of each character */
			w += char_em(s[i]);
	return w;
}

/*
 * Where a path-like name's last component starts ("lib/x/Dispatcher.write0",
 * "/usr/lib/libc.so.6"): after the last '/' before any argument list; 0
 * when there is none.
 */
static size_t last_component(const char *name)
{
	size_t end = strcspn(name, "(<"), at = 0;
	for (size_t i = 0; i < end; i++)
		if (name[i] == '/' && name[i + 1])
			at = i + 1;
	return at < end ? at : 0;
}

char *flame_fit_label(const char *name, double px, double fontsize)
{
	double avail = (px - 6) / fontsize;	/* 3 px of padding on each side, in ems */
	size_t n = strlen(name);
	if (text_em(name, n) <= avail)
		return xstrdup(name);
	size_t at = last_component(name);
	if (at && text_em(name + at, n - at) <= avail)
		return xstrdup(name + at);
	/* cut at the end, as flamegraph.pl does: at least two characters and ".." */
	double w = 2 * char_em('.');
	size_t keep = 0, chars = 0;
	for (size_t i = 0; i < n; i++) {
		if ((name[i] & 0xc0) == 0x80)
			continue;
		w += char_em(name[i]);
		if (w > avail)
			break;
		size_t next = i + 1;
		while (next < n && (name[next] & 0xc0) == 0x80)
			next++;
		keep = next;
		chars++;
	}
	if (chars < 2)
		return xstrdup("");
	return xasprintf("%.*s..", (int)keep, name);
}

/* "1,234,567" or "12.5": counts may be fractional (weighted folded input). */
static void fmt_count(char *buf, size_t len, double v)
{
	char tmp[400];
	/* past 2^53 every double is whole: print its digits, not "1.8e19.00" */
	if (fabs(v - round(v)) > 1e-9 && fabs(v) < 1e15) {
		snprintf(buf, len, "%.2f", v);
		return;
	}
	snprintf(tmp, sizeof(tmp), "%.0f", fabs(v));
	size_t n = strlen(tmp), o = 0;
	if (v < 0 && o + 1 < len)
		buf[o++] = '-';
	for (size_t i = 0; i < n && o + 2 < len; i++) {
		buf[o++] = tmp[i];
		if ((n - i - 1) % 3 == 0 && i + 1 < n)
			buf[o++] = ',';
	}
	buf[o] = '\0';
}

/* Nanoseconds (off-CPU and wall time) are shown as times: "1.25 s". */
static bool counts_time(const struct flame_options *o)
{
	return !strcmp(o->countname, "ns");
}

static void fmt_duration(char *buf, size_t len, double ns)
{
	double a = fabs(ns);
	if (a >= 1e9)
		snprintf(buf, len, "%.2f s", ns / 1e9);
	else if (a >= 1e6)
		snprintf(buf, len, "%.2f ms", ns / 1e6);
	else if (a >= 1e3)
		snprintf(buf, len, "%.2f \u00b5s", ns / 1e3);
	else
		snprintf(buf, len, "%.0f ns", ns);
}

/*
 * A frame's count: exactly from its whole count when the double agrees
 * (doubles skip odd numbers past 2^53), else as fmt_count shows doubles
 * (fractions, --factor, flame charts).
 */
static void fmt_frame_count(char *buf, size_t len, struct pcount c, double v, double factor)
{
	double exact = pcount_value(c);
	if (factor != 1 || c.frac > 0 || !(fabs(exact - v) <= 1e-9 * fabs(v)) || !c.n) {
		fmt_count(buf, len, v * factor);
		return;
	}
	char tmp[PCOUNT_BUF];
	size_t n = pcount_format(tmp, sizeof(tmp), c), o = 0;
	for (size_t i = 0; i < n && o + 2 < len; i++) {
		buf[o++] = tmp[i];
		if ((n - i - 1) % 3 == 0 && i + 1 < n)
			buf[o++] = ',';
	}
	buf[o] = '\0';
}

/*
 * Numbers in attributes: at most five decimals, no trailing zeros, and a
 * unit ("%" for positions).  Done by hand: printf's float conversion was a
 * tenth of the time for big graphs.
 */
static void fmt_num(char *buf, size_t len, double v, const char *unit)
{
	if (!(fabs(v) < 1e12)) {
		/* all the digits: "%.5g" made 18446744073709551615 "1.8447e+19" for the script */
		char big[400];
		int n = fabs(v) < 1e40 ? snprintf(big, sizeof(big), "%.5f", v) : -1;
		if (n < 0 || (size_t)n >= sizeof(big)) {
			snprintf(buf, len, "%.17g%s", v, unit);	/* Number() reads the exponent */
			return;
		}
		while (big[n - 1] == '0')
			n--;
		if (big[n - 1] == '.')
			n--;
		snprintf(buf, len, "%.*s%s", n, big, unit);
		return;
	}
	long long scaled = llround(fabs(v) * 100000);
	char tmp[48], *t = tmp + sizeof(tmp);
	*--t = '\0';
	long long frac = scaled % 100000, whole = scaled / 100000;
	if (frac) {
		int digits = 5;
		while (frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		while (digits--) {
			*--t = '0' + frac % 10;
			frac /= 10;
		}
		*--t = '.';
	}
	do {
		*--t = '0' + whole % 10;
		whole /= 10;
	} while (whole);
	if (v < 0 && scaled)
		*--t = '-';
	snprintf(buf, len, "%s%s", t, unit);
}

/* ---- the writer ---- */

struct writer {
	xmlTextWriterPtr x;
	bool bad;
	const struct flame_options *o;
	const struct profile *p;
	const struct layout *l;	/* the layout being written */
	const struct layout *la;	/* differential: the graph shaped like A */
	struct palette *pal;
	struct palette *pal_io;		/* the time off CPU in a wall graph */
	double width;		/* of the whole picture, px */
	double height;
	double frames_top;	/* y of the frames area */
	const struct profile *src;	/* the input, whose memory readings the timeline draws */
	double rss_top;		/* y of the memory timeline, when drawn */
	uint32_t rows;		/* of the taller layout */
	bool diff;		/* a two-column profile drawn by its change */
	struct diff_scale ds;
	unsigned col;		/* the weight column that gives widths */
	double min_share;	/* nodes of a smaller share are not embedded */
	bool timed;		/* a flame chart of a trace: x is nanoseconds */
	uint64_t tree_pruned;	/* nodes left out of the embedded tree */
};

static void check(struct writer *w, int rc)
{
	if (rc < 0)
		w->bad = true;
}

static void start(struct writer *w, const char *name)
{
	check(w, xmlTextWriterStartElement(w->x, BAD_CAST name));
}

static void end(struct writer *w)
{
	check(w, xmlTextWriterEndElement(w->x));
}

/* Text from outside may be any bytes: the XML gets valid UTF-8 only. */
static void attr(struct writer *w, const char *name, const char *value)
{
	size_t n = strlen(value);
	if (utf8_is_clean(value, n)) {
		check(w, xmlTextWriterWriteAttribute(w->x, BAD_CAST name, BAD_CAST value));
		return;
	}
	char *clean = utf8_clean(value, n);
	check(w, xmlTextWriterWriteAttribute(w->x, BAD_CAST name, BAD_CAST clean));
	free(clean);
}

static void attr_num(struct writer *w, const char *name, double v, const char *unit)
{
	char buf[64];
	fmt_num(buf, sizeof(buf), v, unit);
	attr(w, name, buf);
}

static void text(struct writer *w, const char *s)
{
	size_t n = strlen(s);
	if (utf8_is_clean(s, n)) {
		check(w, xmlTextWriterWriteString(w->x, BAD_CAST s));
		return;
	}
	char *clean = utf8_clean(s, n);
	check(w, xmlTextWriterWriteString(w->x, BAD_CAST clean));
	free(clean);
}

static void element_text(struct writer *w, const char *name, const char *s)
{
	start(w, name);
	text(w, s);
	end(w);
}

/* The rest of an open text element: its position, anchor and text; closes it. */
static void place_text(struct writer *w, const char *x, double dx, double y, const char *anchor,
		       const char *s)
{
	attr(w, "x", x);
	if (dx)
		attr_num(w, "dx", dx, "");
	attr_num(w, "y", y, "");
	if (anchor)
		attr(w, "text-anchor", anchor);
	text(w, s);
	end(w);
}

/* A text element with position, id and class; NULLs are left out. */
static void label(struct writer *w, const char *id, const char *cls, const char *x,
		  double dx, double y, const char *anchor, const char *s)
{
	start(w, "text");
	if (id)
		attr(w, "id", id);
	if (cls)
		attr(w, "class", cls);
	place_text(w, x, dx, y, anchor, s);
}

static void rgb_attr(struct writer *w, const char *name, struct rgb c)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "rgb(%u,%u,%u)", c.r, c.g, c.b);
	attr(w, name, buf);
}

static const char *frame_name(const struct writer *w, const struct lframe *f, char *buf,
			      size_t len)
{
	if (f->frame == LAYOUT_ROOT)
		return "all";
	if (f->frame == LAYOUT_NARROW) {
		snprintf(buf, len, "(%u narrow frame%s)", f->count, f->count == 1 ? "" : "s");
		return buf;
	}
	if (f->frame == LAYOUT_OTHERS) {
		snprintf(buf, len, "(%u other %s)", f->count, w->timed ? "threads" : "lanes");
		return buf;
	}
	return profile_frame_name(w->p, f->frame);
}

/*
 * The change of a frame's total in points; 0 (grey) when sampling noise
 * explains it: the two-proportion z-test under FLAME_DIFF_Z, or a change
 * too small to see.
 */
static double frame_change(const struct writer *w, const struct lframe *f)
{
	double d = diff_points(&w->ds, f->value[0], f->value[1]);
	if (fabs(d) < DIFF_NEUTRAL_POINTS || fabs(diff_z(&w->ds, f->value[0], f->value[1])) < FLAME_DIFF_Z)
		return 0;
	return d;
}

static struct rgb name_color(struct writer *w, const struct lframe *f, const char *name)
{
	if (f->frame == LAYOUT_NARROW)
		return palette_narrow();
	if (f->frame == LAYOUT_OTHERS)	/* grey-blue: no function, and not a narrow frame */
		return (struct rgb){ 180, 192, 214 };
	enum frame_kind kind = f->frame == LAYOUT_ROOT ? FRAME_USER : w->p->frames.v[f->frame].kind;
	/* waiting, in flamegraph.pl's io colours, beside the time on CPU */
	if (!strcmp(name, "[off-cpu]") && w->o->colors == PAL_HOT) {
		if (!w->pal_io)
			w->pal_io = palette_new(PAL_IO, false, 0);
		return palette_color(w->pal_io, name, kind);
	}
	return palette_color(w->pal, name, kind);
}

static struct rgb frame_color(struct writer *w, const struct lframe *f, const char *name)
{
	if (w->diff)
		return palette_diff(frame_change(w, f), FLAME_DIFF_FULL, w->o->negate);
	return name_color(w, f, name);
}

static double share(const struct writer *w, double v, unsigned col)
{
	double t = w->l->total[col];
	return t > 0 ? 100 * v / t : 0;
}

/* "+12.34 points", or "+1,234 samples" when raw counts are compared */
static char *change_text(const struct writer *w, double a, double b)
{
	if (w->o->normalize)
		return xasprintf("%+.2f points", diff_points(&w->ds, a, b));
	char n[64];
	double d = diff_counts(&w->ds, a, b) * w->o->factor;
	if (counts_time(w->o)) {
		fmt_duration(n, sizeof(n), d);
		return xasprintf("%s%s", d >= 0 ? "+" : "", n);
	}
	fmt_count(n, sizeof(n), d);
	return xasprintf("%s%s %s", d >= 0 ? "+" : "", n, w->o->countname);
}

/* "1,234 samples", or "1.25 s" for nanoseconds */
static void count_text(const struct writer *w, char *buf, size_t len, struct pcount c, double v)
{
	char n[64];
	if (counts_time(w->o)) {
		fmt_duration(buf, len, v * w->o->factor);
		return;
	}
	fmt_frame_count(n, sizeof(n), c, v, w->o->factor);
	snprintf(buf, len, "%s %s", n, w->o->countname);
}

/*
 * "name (30 samples, 25.00%, self 3, 2.50% in B; 10 samples, ... in A;
 * total +16.67 points, self +1.25 points)": B first, as the graph is B's.
 */
static char *diff_title(const struct writer *w, const struct lframe *f, const char *name)
{
	char v[2][256], s[2][64];
	for (unsigned c = 0; c < 2; c++) {
		count_text(w, v[c], sizeof(v[c]), f->exact[c], f->value[c]);
		if (counts_time(w->o))
			fmt_duration(s[c], sizeof(s[c]), f->self[c] * w->o->factor);
		else
			fmt_frame_count(s[c], sizeof(s[c]), f->exact_self[c], f->self[c], w->o->factor);
	}
	char *dt = change_text(w, f->value[0], f->value[1]);
	char *ds = change_text(w, f->self[0], f->self[1]), *t;
	const char *only = f->value[0] <= 0 ? "; not in A" : f->value[1] <= 0 ? "; not in B" : "";
	if (f->frame == LAYOUT_NARROW)	/* merged frames have no self of their own */
		t = xasprintf("%s (%s, %.2f%% in B; %s, %.2f%% in A; total %s%s)", name,
			      v[1], share(w, f->value[1], 1), v[0], share(w, f->value[0], 0), dt, only);
	else
		t = xasprintf("%s (%s, %.2f%%, self %s, %.2f%% in B; %s, %.2f%%, self %s, "
			      "%.2f%% in A; total %s, self %s%s)", name,
			      v[1], share(w, f->value[1], 1), s[1], share(w, f->self[1], 1),
			      v[0], share(w, f->value[0], 0), s[0], share(w, f->self[0], 0),
			      dt, ds, only);
	free(dt);
	free(ds);
	return t;
}

/*
 * A time of a flame chart, from the start of the recording, in the unit
 * of the chart's length with three decimals: "1.234 s", "56.780 ms".
 */
static void fmt_at(char *buf, size_t len, double ns, double span)
{
	if (span >= 1e9)
		snprintf(buf, len, "%.3f s", ns / 1e9);
	else if (span >= 1e6)
		snprintf(buf, len, "%.3f ms", ns / 1e6);
	else
		snprintf(buf, len, "%.3f \u00b5s", ns / 1e3);
}

/*
 * The tooltip: "name (1,234 samples, 5.67%)", as flamegraph.pl users know
 * it; a flame chart of a trace adds the frame's span of time:
 * "; 0.512 s to 0.730 s, 218.00 ms".
 */
static char *frame_title(const struct writer *w, const struct lframe *f, const char *name)
{
	unsigned c = w->col;
	char n[256];
	if (w->diff)
		return diff_title(w, f, name);
	count_text(w, n, sizeof(n), f->exact[c], f->value[c]);
	if (!w->timed)
		return xasprintf("%s (%s, %.2f%%)", name, n, share(w, f->value[c], c));
	char from[64], to[64], d[64];
	fmt_at(from, sizeof(from), w->l->t0 + f->x, w->l->span);
	fmt_at(to, sizeof(to), w->l->t0 + f->x + f->w, w->l->span);
	fmt_duration(d, sizeof(d), f->w);
	return xasprintf("%s (%s, %.2f%%; %s to %s, %s)", name, n, share(w, f->value[c], c), from, to, d);
}

static double frame_y(const struct writer *w, uint32_t row)
{
	double fh = w->o->frame_height;
	if (w->o->icicle)
		return row * fh;
	return ((double)w->rows - 1 - row) * fh;	/* a chart's folded lanes: above the top */
}

static void write_frame(struct writer *w, size_t i)
{
	const struct lframe *f = &w->l->f.v[i];
	const struct flame_options *o = w->o;
	char buf[64];
	const char *name = frame_name(w, f, buf, sizeof(buf));
	double span = w->l->span, y = frame_y(w, f->row);

	start(w, "g");
	bool only = w->diff && f->value[1 - w->col] <= 0;
	if (f->frame == LAYOUT_NARROW || only)
		attr(w, "class", f->frame != LAYOUT_NARROW ? "only" : only ? "narrow only" :
		     f->folded ? "narrow folded" : "narrow");
	else if (f->folded || f->frame == LAYOUT_OTHERS)
		attr(w, "class", f->folded ? "folded" : "others");
	if (f->parent != LAYOUT_NONE)
		attr_num(w, "data-p", f->parent, "");
	attr_num(w, "data-v", f->value[w->col] * o->factor, "");
	attr_num(w, "data-s", f->self[w->col] * o->factor, "");
	if (w->diff)	/* the colour by name, for the script's colour switch */
		rgb_attr(w, "data-c", name_color(w, f, name));
	char *title = frame_title(w, f, name);
	element_text(w, "title", title);
	free(title);
	start(w, "rect");
	attr_num(w, "x", 100 * f->x / span, "%");
	attr_num(w, "y", y, "");
	attr_num(w, "width", 100 * f->w / span, "%");
	attr_num(w, "height", o->frame_height - 1, "");
	attr(w, "rx", "2");
	rgb_attr(w, "fill", frame_color(w, f, name));
	end(w);
	char *fit = flame_fit_label(name, f->w / span * (w->width - 2 * XPAD), o->fontsize);
	if (*fit) {
		start(w, "text");
		attr_num(w, "x", 100 * f->x / span, "%");
		attr(w, "dx", "3");
		attr_num(w, "y", y + o->frame_height / 2 + o->fontsize * 0.35, "");
		text(w, fit);
		end(w);
	}
	free(fit);
	end(w);
}

/* The frames of layout l (widths from column col); a hidden view is drawn by the script. */
static void write_frames(struct writer *w, const char *id, const struct layout *l, unsigned col,
			 bool hidden)
{
	w->l = l;
	w->col = col;
	start(w, "svg");
	attr(w, "id", id);
	attr(w, "class", "frames");
	attr_num(w, "x", XPAD, "");
	attr_num(w, "y", w->frames_top, "");
	attr_num(w, "width", w->width - 2 * XPAD, "");
	attr_num(w, "height", w->rows * w->o->frame_height, "");
	if (hidden)
		attr(w, "display", "none");
	for (size_t i = 0; i < l->f.n; i++)
		write_frame(w, i);
	end(w);
}

/* ---- a flame chart's time axis ---- */

/* The axis's step: 1, 2 or 5 times a power of ten, ticks at least AXIS_TICK_PX apart. */
static double axis_step(double range, double px)
{
	double raw = range / MAX(1.0, px / AXIS_TICK_PX);
	double p = pow(10, floor(log10(raw)));
	return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
}

/* "0.2 s", "150 ms": the unit of the range shown, as many decimals as the step needs. */
static void axis_label(char *buf, size_t len, double ns, double range, double step)
{
	double unit = range >= 1e9 ? 1e9 : range >= 1e6 ? 1e6 : 1e3;
	int dec = step >= unit ? 0 : (int)ceil(-log10(step / unit) - 1e-9);
	snprintf(buf, len, "%.*f %s", dec, ns / unit,
		 unit == 1e9 ? "s" : unit == 1e6 ? "ms" : "\u00b5s");
}

/*
 * Under the frames of a flame chart of a trace: ticks labelled with the
 * time from the start of the recording.  The script draws them again for
 * a zoom and for the window's width, from data-t0 and data-span.
 */
static void write_axis(struct writer *w, double y)
{
	double fs = w->o->fontsize, px = w->width - 2 * XPAD;
	double t0 = w->l->t0, span = w->l->span, step = axis_step(span, px);
	start(w, "svg");
	attr(w, "id", "axis");
	attr_num(w, "x", XPAD, "");
	attr_num(w, "y", y, "");
	attr_num(w, "width", px, "");
	attr_num(w, "height", fs * AXIS_EM, "");
	attr(w, "overflow", "visible");
	attr_num(w, "data-t0", t0, "");
	attr_num(w, "data-span", span, "");
	start(w, "line");
	attr(w, "class", "axisline");
	attr(w, "x1", "0");
	attr(w, "x2", "100%");
	attr(w, "y1", "0.5");
	attr(w, "y2", "0.5");
	end(w);
	for (double t = ceil(t0 / step) * step; t <= t0 + span * (1 + 1e-9); t += step) {
		char x[32], s[64];
		fmt_num(x, sizeof(x), 100 * (t - t0) / span, "%");
		start(w, "line");
		attr(w, "x1", x);
		attr(w, "x2", x);
		attr(w, "y1", "0");
		attr_num(w, "y2", fs * 0.4, "");
		end(w);
		axis_label(s, sizeof(s), t, span, step);
		label(w, NULL, NULL, x, 0, fs * 1.3, "middle", s);
	}
	end(w);
}

/* ---- the memory timeline ---- */

#define RSS_HEIGHT_EM 2.0	/* the timeline's height, in font sizes */
#define RSS_VIEW_W 1000.0	/* its coordinates: time across, memory up */
#define RSS_VIEW_H 100.0

static bool draws_rss(const struct writer *w)
{
	return w->src->rss.n >= 2 && !w->diff && !w->o->flamechart;
}

#define SPAN_NS 100000000ull	/* the time buckets the script narrows by */

/* The drawn frame of each profile node: its own, a merged narrow one, or
 * the deepest drawn ancestor.  Profile nodes come after their parents. */
static uint32_t *drawn_frames(const struct writer *w)
{
	const struct profile *p = w->src;
	struct hashmap kids = { 0 };
	for (size_t i = 1; i < w->l->f.n; i++) {
		const struct lframe *f = &w->l->f.v[i];
		hashmap_put(&kids, (uint64_t)f->parent << 32 | f->frame, i);
	}
	uint32_t *to = xcalloc(p->nodes.n, sizeof(*to));
	for (size_t n = 1; n < p->nodes.n; n++) {
		uint32_t up = to[p->nodes.v[n].parent];
		uint64_t i;
		if (hashmap_get(&kids, (uint64_t)up << 32 | p->nodes.v[n].frame, &i) ||
		    hashmap_get(&kids, (uint64_t)up << 32 | LAYOUT_NARROW, &i))
			to[n] = (uint32_t)i;
		else
			to[n] = up;
	}
	hashmap_release(&kids);
	return to;
}

/*
 * What each drawn frame weighs in each 100 ms of the recording, for the
 * script to narrow the graph to a span of the timeline:
 * "BUCKET:FRAME=WEIGHT,FRAME=WEIGHT;BUCKET:..." with the weights of the
 * frames where stacks end (the script adds them up to the root).
 */
static void write_spans(struct writer *w)
{
	const struct profile *p = w->src;
	if (w->p != p || !p->samples.n)
		return;		/* a reversed or re-rooted view has other frames */
	uint32_t *to = drawn_frames(w);
	struct hashmap cell = { 0 };	/* bucket << 32 | frame -> index in weights */
	ARRAY(double) weights = { 0 };
	ARRAY(uint64_t) keys = { 0 };
	for (size_t i = 0; i < p->samples.n; i++) {
		const struct psample *ps = &p->samples.v[i];
		if (ps->node >= p->nodes.n)
			continue;
		uint64_t key = (ps->time / SPAN_NS) << 32 | to[ps->node], *slot;
		bool found;
		slot = hashmap_slot(&cell, key, &found);
		if (!found) {
			*slot = weights.n;
			array_push(&weights, 0.0);
			array_push(&keys, key);
		}
		weights.v[*slot] += ps->weight * w->o->factor;
	}
	struct buf b = { 0 };
	uint64_t last = UINT64_MAX;
	for (size_t i = 0; i < keys.n; i++) {
		char item[96];
		uint64_t bucket = keys.v[i] >> 32;
		int len = bucket == last ?
			  snprintf(item, sizeof(item), ",%u=%.6g", (uint32_t)keys.v[i], weights.v[i]) :
			  snprintf(item, sizeof(item), "%s%llu:%u=%.6g", b.n ? ";" : "",
				   (unsigned long long)bucket, (uint32_t)keys.v[i], weights.v[i]);
		buf_put(&b, item, len);
		last = bucket;
	}
	buf_put(&b, "", 1);
	attr_num(w, "data-span-ns", SPAN_NS, "");
	attr(w, "data-spans", (const char *)b.p);
	buf_release(&b);
	array_free(&weights);
	array_free(&keys);
	hashmap_release(&cell);
	free(to);
}

/*
 * Resident memory over the recording, as a line under the title: where
 * the memory grew, stretched to the graph's width; its title says the
 * least, the most and the growth.  The start and end times let the script
 * map a click to a time.
 */
static void write_rss(struct writer *w)
{
	const struct prss *v = w->src->rss.v;
	size_t n = w->src->rss.n;
	uint64_t lo = v[0].kib, hi = v[0].kib;
	for (size_t i = 1; i < n; i++) {
		lo = MIN(lo, v[i].kib);
		hi = MAX(hi, v[i].kib);
	}
	double t0 = v[0].time, span = v[n - 1].time > v[0].time ? v[n - 1].time - v[0].time : 1;
	double range = hi > lo ? hi - lo : 1;
	start(w, "svg");
	attr(w, "id", "rss");
	attr_num(w, "x", XPAD, "");
	attr_num(w, "y", w->rss_top, "");
	attr_num(w, "width", w->width - 2 * XPAD, "");
	attr_num(w, "height", w->o->fontsize * RSS_HEIGHT_EM, "");
	attr(w, "viewBox", "0 0 1000 100");
	attr(w, "preserveAspectRatio", "none");
	attr_num(w, "data-start", t0, "");
	attr_num(w, "data-end", v[n - 1].time, "");
	write_spans(w);
	char *t = xasprintf("resident memory: %.1f to %.1f MiB, growth %+.1f MiB over %.1f s "
			    "(click to see that time only)", lo / 1024.0, hi / 1024.0,
			    ((double)v[n - 1].kib - (double)v[0].kib) / 1024.0, span / 1e9);
	element_text(w, "title", t);
	free(t);
	start(w, "rect");
	attr(w, "width", "1000");
	attr(w, "height", "100");
	attr(w, "class", "rssbg");
	end(w);
	struct buf pts = { 0 };
	for (size_t i = 0; i < n; i++) {
		char xy[64];
		int len = snprintf(xy, sizeof(xy), "%s%.1f,%.1f", i ? " " : "",
				   (v[i].time - t0) / span * RSS_VIEW_W,
				   RSS_VIEW_H - 5 - (v[i].kib - lo) / range * (RSS_VIEW_H - 10));
		buf_put(&pts, xy, len);
	}
	buf_put(&pts, "", 1);
	start(w, "polyline");
	attr(w, "points", (const char *)pts.p);
	attr(w, "class", "rssline");
	end(w);
	buf_release(&pts);
	end(w);
}

/* ---- the top functions table: exact, from the whole profile ---- */

static int by_self(const void *a, const void *b, void *col)
{
	const struct diff_fn *x = a, *y = b;
	double u = x->self[*(unsigned *)col], v = y->self[*(unsigned *)col];
	return u > v ? -1 : u < v;
}

static int by_total(const void *a, const void *b, void *col)
{
	const struct diff_fn *x = a, *y = b;
	double u = x->total[*(unsigned *)col], v = y->total[*(unsigned *)col];
	return u > v ? -1 : u < v;
}

static void write_fn(struct writer *w, const struct diff_fn *s)
{
	unsigned c = w->col;
	start(w, "text");
	attr_num(w, "data-s", s->self[c] * w->o->factor, "");
	attr_num(w, "data-t", s->total[c] * w->o->factor, "");
	if (w->diff) {
		/* changes in points, or in counts when raw counts are compared */
		double f = w->o->normalize ? 1 : w->o->factor;
		attr_num(w, "data-ds", s->dself * f, "");
		attr_num(w, "data-dt", s->dtotal * f, "");
	}
	text(w, strtab_get(&w->p->strs, s->name));
	end(w);
}

/*
 * Hidden data the script turns into the table; a picture shows nothing of
 * it.  The heaviest functions by self and by total, or for a differential
 * graph those that changed most.
 */
static void write_functions(struct writer *w)
{
	size_t n;
	struct diff_fn *s = diff_functions(w->p, w->diff ? &w->ds : NULL, &n);
	start(w, "g");
	attr(w, "id", "fndata");
	attr(w, "display", "none");
	if (w->diff)
		diff_sort(s, n, w->p);
	else
		qsort_r(s, n, sizeof(*s), by_self, &w->col);
	for (size_t i = 0; i < n && i < TABLE_ROWS; i++)
		write_fn(w, &s[i]);
	if (n > TABLE_ROWS) {
		/* the heaviest totals that are not already listed */
		struct diff_fn *rest = s + TABLE_ROWS;
		size_t m = n - TABLE_ROWS;
		if (!w->diff)
			qsort_r(rest, m, sizeof(*s), by_total, &w->col);
		for (size_t i = 0; i < m && i < TABLE_ROWS; i++)
			write_fn(w, &rest[i]);
	}
	end(w);
	free(s);
}


/* ---- the profile tree, embedded for search, zoom and the sandwich view ---- */

/*
 * A node's weight as a fraction of its column's total, the larger of both
 * columns in a differential profile: what decides whether it is embedded.
 */
static double node_share(const struct writer *w, const struct pnode *n)
{
	double m = 0;
	for (unsigned c = 0; c < w->p->ncols && c < 2; c++)
		if (w->p->total[c] > 0)
			m = MAX(m, n->total[c] / w->p->total[c]);
	return m;
}

static int by_double_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x > y ? -1 : x < y;
}

/*
 * The smallest share a node needs to be embedded: 0 (everything) when the
 * tree fits TREE_MAX_NODES, else the share of the last node that fits.
 * A child never weighs more than its parent, so what is left out are whole
 * subtrees.
 */
static void tree_threshold(struct writer *w)
{
	const struct profile *p = w->p;
	w->min_share = 0;
	w->tree_pruned = 0;
	if (p->nodes.n <= TREE_MAX_NODES + 1)
		return;
	double *v = xmalloc(p->nodes.n * sizeof(*v));
	for (size_t i = 1; i < p->nodes.n; i++)
		v[i - 1] = node_share(w, &p->nodes.v[i]);
	qsort(v, p->nodes.n - 1, sizeof(*v), by_double_desc);
	/* a tie at the cut is left out whole: never more than the budget */
	w->min_share = nextafter(v[TREE_MAX_NODES], INFINITY);
	for (size_t i = 0; i < p->nodes.n - 1; i++)
		w->tree_pruned += v[i] < w->min_share;
	free(v);
}

static void put_str(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static void put_base36(struct buf *b, uint32_t v)
{
	char tmp[8], *t = tmp + sizeof(tmp);
	do {
		*--t = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
		v /= 36;
	} while (v);
	buf_put(b, t, tmp + sizeof(tmp) - t);
}

/* ":1,2": the values of each column, or nothing when all are 0. */
static void put_values(struct buf *b, char tag, const double *v, unsigned ncols, double factor)
{
	if (v[0] == 0 && (ncols < 2 || v[1] == 0))
		return;
	char num[64];
	buf_put_u8(b, tag);
	for (unsigned c = 0; c < ncols; c++) {
		if (c)
			buf_put_u8(b, ',');
		fmt_num(num, sizeof(num), v[c] * factor, "");
		put_str(b, num);
	}
}

struct tree_walk {
	struct buf out;
	uint32_t *name_of;	/* string id -> name index + 1, 0 until named */
	ARRAY(uint32_t) names;	/* name index -> string id */
	double min_share;
};

static uint32_t tree_name(struct tree_walk *t, const struct profile *p, uint32_t frame)
{
	uint32_t s = p->frames.v[frame].name;
	if (!t->name_of[s]) {
		array_push(&t->names, s);
		t->name_of[s] = t->names.n;
	}
	return t->name_of[s] - 1;
}

/*
 * One node, then its children, then ")": "NAME[:SELF][~PRUNED] CHILD...)",
 * NAME a base-36 index into the names, SELF and PRUNED one value per column.
 * Preorder, so the reader needs no ids: a ")" closes the open node.
 */
static void tree_node(struct writer *w, struct tree_walk *t, uint32_t id)
{
	const struct profile *p = w->p;
	ARRAY(uint32_t) stack = { 0 };
	array_push(&stack, id);
	while (stack.n) {
		uint32_t i = stack.v[--stack.n];
		if (i == UINT32_MAX) {
			buf_put_u8(&t->out, ')');
			continue;
		}
		const struct pnode *n = &p->nodes.v[i];
		if (t->out.n && t->out.p[t->out.n - 1] != ')')
			buf_put_u8(&t->out, ' ');
		put_base36(&t->out, tree_name(t, p, n->frame));
		put_values(&t->out, ':', n->self, p->ncols, w->o->factor);
		double pruned[2] = { 0, 0 };
		array_push(&stack, UINT32_MAX);
		size_t first = stack.n;
		for (uint32_t c = n->first_child; c; c = p->nodes.v[c].next_sibling) {
			const struct pnode *k = &p->nodes.v[c];
			if (node_share(w, k) >= t->min_share) {
				array_push(&stack, c);
				continue;
			}
			for (unsigned col = 0; col < 2; col++)
				pruned[col] += k->total[col];
		}
		put_values(&t->out, '~', pruned, p->ncols, w->o->factor);
		/* children were pushed in sibling order: reverse for preorder output */
		for (size_t a = first, b = stack.n; b > a + 1; a++, b--) {
			uint32_t x = stack.v[a];
			stack.v[a] = stack.v[b - 1];
			stack.v[b - 1] = x;
		}
	}
	array_free(&stack);
}

/*
 * <metadata id="profile"> holds the names, one a line, and the tree of the
 * view's profile (reversed or re-rooted as drawn), every node whose share
 * is at least data-min-share; the weight of what is left out stays in its
 * parent as "~PRUNED".  A picture shows none of it.
 */
static void write_tree(struct writer *w)
{
	const struct profile *p = w->p;
	struct tree_walk t = { .min_share = w->min_share };
	t.name_of = xcalloc(p->strs.n + 1, sizeof(*t.name_of));
	for (uint32_t c = p->nodes.v[0].first_child; c; c = p->nodes.v[c].next_sibling)
		if (node_share(w, &p->nodes.v[c]) >= t.min_share)
			tree_node(w, &t, c);
	start(w, "metadata");
	attr(w, "id", "profile");
	attr_num(w, "data-cols", p->ncols, "");
	if (w->tree_pruned) {
		char v[64];
		snprintf(v, sizeof(v), "%.17g", w->min_share);
		attr(w, "data-min-share", v);
		attr_num(w, "data-pruned", (double)w->tree_pruned, "");
	}
	start(w, "g");
	attr(w, "id", "pnames");
	/* one name a line: utf8_clean leaves no newline inside a name */
	struct buf names = { 0 };
	for (size_t i = 0; i < t.names.n; i++) {
		const char *s = strtab_get(&p->strs, t.names.v[i]);
		size_t n = strlen(s);
		char *clean = utf8_is_clean(s, n) ? NULL : utf8_clean(s, n);
		put_str(&names, clean ? clean : s);
		free(clean);
		buf_put_u8(&names, '\n');
	}
	buf_put_u8(&names, 0);
	check(w, xmlTextWriterWriteString(w->x, BAD_CAST names.p));
	end(w);
	start(w, "g");
	attr(w, "id", "ptree");
	buf_put_u8(&t.out, 0);
	check(w, xmlTextWriterWriteString(w->x, BAD_CAST t.out.p));
	end(w);
	end(w);
	buf_release(&names);
	buf_release(&t.out);
	array_free(&t.names);
	free(t.name_of);
}

/* ---- the picture ---- */

static const char *default_title(const struct flame_options *o)
{
	if (o->title)
		return o->title;
	if (o->flamechart)
		return "Flame Chart";
	if (o->diff)
		return "Differential Flame Graph";
	if (o->reverse)
		return o->icicle ? "Reverse icicle graph (callers of leaf functions)" :
			"Reverse flame graph (callers of leaf functions)";
	return o->icicle ? "Icicle Graph" : "Flame Graph";
}

static void write_root_attrs(struct writer *w)
{
	const struct flame_options *o = w->o;
	attr(w, "version", "1.1");
	attr(w, "xmlns", "http://www.w3.org/2000/svg");
	if (o->width > 0)
		attr_num(w, "width", w->width, "");
	else
		attr(w, "width", "100%");
	attr_num(w, "height", w->height, "");
	char vb[96];
	snprintf(vb, sizeof(vb), "0 0 %.0f %.0f", w->width, w->height);
	attr(w, "viewBox", vb);
	attr(w, "preserveAspectRatio", "xMinYMin");
	attr(w, "font-family", o->fonttype);
	attr_num(w, "font-size", o->fontsize, "");
	attr_num(w, "data-total", w->l->total[w->col] * o->factor, "");
	attr(w, "data-countname", o->countname);
	attr(w, "data-nametype", o->nametype);
	attr_num(w, "data-frameheight", o->frame_height, "");
	if (o->width <= 0)
		attr(w, "data-fluid", "1");
	if (o->icicle)
		attr(w, "data-icicle", "1");
	if (o->flamechart)
		attr(w, "data-chart", "1");
	/* the script draws a zoomed frame's detail down to this width */
	attr_num(w, "data-minwidth", o->minwidth, o->minwidth_pct ? "%" : "");
	if (o->search)
		attr(w, "data-search", o->search);
	if (w->diff) {
		attr(w, "data-diff", o->normalize ? "shares" : "counts");
		attr_num(w, "data-total-a", w->l->total[0] * o->factor, "");
	}
}

static void write_background(struct writer *w, const char *top, const char *bottom)
{
	start(w, "defs");
	start(w, "linearGradient");
	attr(w, "id", "background");
	attr(w, "y1", "0");
	attr(w, "y2", "1");
	attr(w, "x1", "0");
	attr(w, "x2", "0");
	start(w, "stop");
	attr(w, "stop-color", top);
	attr(w, "offset", "5%");
	end(w);
	start(w, "stop");
	attr(w, "stop-color", bottom);
	attr(w, "offset", "95%");
	end(w);
	end(w);
	end(w);
	start(w, "rect");
	attr(w, "x", "0");
	attr(w, "y", "0");
	attr(w, "width", "100%");
	attr(w, "height", "100%");
	attr(w, "fill", "url(#background)");
	end(w);
}

static void write_embedded(struct writer *w, const char *name, const char *code)
{
	start(w, name);
	attr(w, "type", strcmp(name, "style") ? "text/ecmascript" : "text/css");
	check(w, xmlTextWriterWriteCDATA(w->x, BAD_CAST code));
	end(w);
}

/*
 * The legend's colour scale: swatches of the colour of a change of so many
 * points, grey for changes within sampling noise, and the rule in words.
 */
static void write_scale(struct writer *w, double y)
{
	static const double steps[] = { -10, -5, -2, -0.5, 0, 0.5, 2, 5, 10 };
	double fs = w->o->fontsize, sw = fs * 3.2, x = XPAD;
	start(w, "g");
	attr(w, "id", "scale");
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++, x += sw) {
		start(w, "rect");
		attr_num(w, "x", x, "");
		attr_num(w, "y", y, "");
		attr_num(w, "width", sw - 1, "");
		attr_num(w, "height", fs * 1.2, "");
		rgb_attr(w, "fill", palette_diff(steps[i], FLAME_DIFF_FULL, w->o->negate));
		end(w);
		char num[32], cx[32];
		if (steps[i])
			snprintf(num, sizeof(num), "%+g", steps[i]);
		else
			snprintf(num, sizeof(num), "noise");
		fmt_num(cx, sizeof(cx), x + sw / 2, "");
		label(w, NULL, "swatch", cx, 0, y + fs * 0.9, "middle", num);
	}
	char *rule = xasprintf("points; grey: within sampling noise (two-proportion z-test, "
			       "|z| < %g); full colour from %g points", FLAME_DIFF_Z, FLAME_DIFF_FULL);
	char xs[32];
	fmt_num(xs, sizeof(xs), x + fs * 0.4, "");
	label(w, "scalerule", NULL, xs, 0, y + fs * 0.9, NULL, rule);
	free(rule);
	end(w);
}

/* A button: a text the keyboard reaches (Tab) and that says what it is. */
static void button(struct writer *w, const char *id, bool hidden, double dx, double y,
		   const char *anchor, const char *s)
{
	start(w, "text");
	attr(w, "id", id);
	attr(w, "class", hidden ? "button hide" : "button");
	attr(w, "tabindex", "0");
	attr(w, "role", "button");
	place_text(w, dx ? "100%" : "10", dx, y, anchor, s);
}

/* A band of the background colour behind the header or the footer, which
 * the script keeps on screen while the graph scrolls under them. */
static void band(struct writer *w, const char *id, double y, double h, const char *color)
{
	start(w, "rect");
	attr(w, "id", id);
	attr(w, "class", "band");
	attr(w, "x", "0");
	attr_num(w, "y", y, "");
	attr(w, "width", "100%");
	attr_num(w, "height", h, "");
	attr(w, "fill", color);
	end(w);
}

/*
 * Title, buttons, legend and notes.  Positions are for the static picture;
 * the script lays them out again for the window's width so none overlaps.
 */
static void write_header(struct writer *w, const char *bg)
{
	const struct flame_options *o = w->o;
	double fs = o->fontsize, ty = fs * 2;
	char x[32];
	fmt_num(x, sizeof(x), XPAD, "");

	start(w, "g");
	attr(w, "id", "header");
	band(w, "headerbg", 0, w->frames_top - fs * 0.2, bg);
	label(w, "title", NULL, "50%", 0, ty, "middle", default_title(o));
	if (o->subtitle)
		label(w, "subtitle", NULL, "50%", 0, ty + fs * 1.5, "middle", o->subtitle);
	button(w, "unzoom", true, 0, ty, NULL, "Reset Zoom");
	button(w, "search", false, -XPAD, ty, "end", "Search");
	button(w, "ignorecase", false, -XPAD - fs * 4.5, ty, "end", "ic");
	button(w, "fnbutton", false, -XPAD - fs * 6.5, ty, "end",
	       w->diff ? "Top changes" : "Top functions");
	if (!o->flamechart)	/* a chart's order is time */
		button(w, "orderbtn", false, -XPAD - fs * 14.5, ty, "end",
		       o->order == ORDER_NAME ? "Order: name" : "Order: heaviest");
	if (w->diff) {
		if (w->la)
			button(w, "abswitch", false, -XPAD - fs * 21, ty, "end", "Show A");
		button(w, "colorswitch", false, -XPAD - fs * 25.5, ty, "end", "Colour by name");
		double ly = ty + fs * (o->subtitle ? 3 : 1.5);
		label(w, "legend", NULL, x, 0, ly, NULL, o->negate ?
		      "Shaped like B (after): blue grew, red shrank from A" :
		      "Shaped like B (after): red grew, blue shrank from A");
		write_scale(w, ly + fs * 0.5);
	}
	if (w->l->narrow || w->tree_pruned) {
		/* the script draws no detail in charts and diff graphs: their grey frames stay */
		const char *zoom = o->flamechart || w->diff ? "" : ", drawn on zoom";
		char *s = w->tree_pruned ?
			xasprintf("%llu frames narrower than the minimum width are merged into grey "
				  "ones%s; %llu under %.2g%% of the total are left out of "
				  "the file (of search, zoom and sandwich)",
				  (unsigned long long)w->l->narrow, zoom, (unsigned long long)w->tree_pruned,
				  100 * w->min_share) :
			xasprintf("%llu frames narrower than the minimum width are merged "
				  "into grey ones%s", (unsigned long long)w->l->narrow, zoom);
		label(w, "narrowinfo", NULL, "100%", -XPAD, ty + fs * 1.5, "end", s);
		free(s);
	}
	end(w);
}

/* The details line (what the pointer is on) and the search's Matched share. */
static void write_footer(struct writer *w, const char *bg)
{
	double fs = w->o->fontsize, y = w->height - fs * 0.7;
	char x[32];
	fmt_num(x, sizeof(x), XPAD, "");
	start(w, "g");
	attr(w, "id", "footer");
	band(w, "footerbg", w->height - fs * 2, fs * 2, bg);
	label(w, "details", NULL, x, 0, y, NULL, " ");
	start(w, "text");
	attr(w, "id", "matched");
	attr(w, "tabindex", "0");
	attr(w, "role", "button");
	attr(w, "x", "100%");
	attr_num(w, "dx", -XPAD, "");
	attr_num(w, "y", y, "");
	attr(w, "text-anchor", "end");
	text(w, " ");
	end(w);
	end(w);
}

static void write_svg(struct writer *w, const char *bgtop, const char *bgbottom)
{
	check(w, xmlTextWriterStartDocument(w->x, NULL, "UTF-8", "no"));
	start(w, "svg");
	write_root_attrs(w);
	if (w->o->notes)
		element_text(w, "desc", w->o->notes);
	write_embedded(w, "style", flame_css);
	write_background(w, bgtop, bgbottom);
	const struct layout *lb = w->l;
	unsigned col = w->col;
	write_frames(w, "frames", lb, col, false);
	if (w->la)
		write_frames(w, "frames-a", w->la, 0, true);
	w->l = lb;
	w->col = col;
	if (w->timed)
		write_axis(w, w->frames_top + w->rows * w->o->frame_height);
	/* after the frames: drawn over them when the script keeps them on screen */
	write_header(w, bgtop);
	/* under the title, in the header that stays on screen */
	if (draws_rss(w))
		write_rss(w);
	write_footer(w, bgbottom);
	write_functions(w);
	write_tree(w);
	write_embedded(w, "script", flame_js);
	end(w);
	check(w, xmlTextWriterEndDocument(w->x));
}

/* The profile the view draws: the input, reversed or re-rooted. */
static const struct profile *view_profile(const struct profile *p, const struct flame_options *o,
					  struct profile **owned)
{
	*owned = NULL;
	if (o->base) {
		*owned = layout_rebase(p, o->base);
		if (!*owned)
			return NULL;
		p = *owned;
	}
	if (o->reverse) {
		struct profile *r = layout_reverse(p);
		profile_free(*owned);
		*owned = r;
		p = r;
	}
	return p;
}

static struct layout *make_layout(const struct profile *p, const struct flame_options *o,
				  double width, unsigned col)
{
	struct layout_opts lo = {
		.order = o->order,
		.chart = o->flamechart,
		.chart_by_weight = o->chart_by_weight,
		.width_px = width - 2 * XPAD,
		.minwidth = o->minwidth,
		.minwidth_pct = o->minwidth_pct,
		.col = col,
		.total = o->total,
	};
	return layout_new(p, &lo);
}

static int write_all(struct writer *w, FILE *out)
{
	char bgtop[8], bgbottom[8];
	if (!palette_background(w->o->bgcolors, bgtop, bgbottom))
		return err_set(EINVAL, "unknown background '%s'", w->o->bgcolors);
	xmlOutputBufferPtr ob = xmlOutputBufferCreateFile(out, NULL);
	if (!ob)
		return err_set(ENOMEM, "cannot start the SVG output");
	w->x = xmlNewTextWriter(ob);
	if (!w->x) {
		xmlOutputBufferClose(ob);
		return err_set(ENOMEM, "cannot start the SVG output");
	}
	write_svg(w, bgtop, bgbottom);
	xmlFreeTextWriter(w->x);	/* flushes and closes ob */
	if (w->bad || fflush(out) != 0 || ferror(out))
		return err_errno(errno ? errno : EIO, "cannot write the SVG");
	return 0;
}

int flame_render(const struct profile *p, const struct flame_options *o, FILE *out,
		 struct flame_result *res)
{
	struct profile *owned;
	const struct profile *vp = view_profile(p, o, &owned);
	if (!vp)
		return -ENOENT;
	struct writer w = { .o = o, .p = vp, .src = p };
	w.width = o->width > 0 ? o->width : NOMINAL_WIDTH;
	w.col = o->width_col < vp->ncols ? o->width_col : 0;
	w.diff = o->diff && vp->ncols == 2 && !o->flamechart;
	w.timed = o->flamechart && !o->chart_by_weight;
	if (w.diff)
		w.col = 1;
	diff_scale_init(&w.ds, vp, o->normalize);
	struct layout *l = make_layout(vp, o, w.width, w.col), *la = NULL;
	int ret = -EINVAL;
	if (!l)
		goto out;
	/* stacks only in A have no width in B's graph: A's shape shows them */
	if (w.diff && vp->total[0] > 0 && !(la = make_layout(vp, o, w.width, 0)))
		goto out;
	w.l = l;
	w.la = la;
	w.rows = la ? MAX(l->shown_rows, la->shown_rows) : l->shown_rows;
	w.pal = palette_new(o->colors, o->random, now_ns());
	if (o->palette_file && (ret = palette_load(w.pal, o->palette_file)) < 0)
		goto out;
	double fs = o->fontsize;
	tree_threshold(&w);
	w.frames_top = fs * 4.2 + (o->subtitle ? fs * 1.5 : 0) + (w.diff && o->subtitle ? fs * 1.5 : 0) +
		       (w.diff ? fs * 1.5 : 0);	/* the colour scale */
	if (draws_rss(&w)) {
		w.rss_top = w.frames_top - fs;
		w.frames_top += fs * (RSS_HEIGHT_EM + 0.5);
	}
	w.height = w.frames_top + w.rows * o->frame_height + (w.timed ? fs * AXIS_EM : 0) + fs * 2.2;
	ret = write_all(&w, out);
	if (!ret && o->palette_file)
		ret = palette_save(w.pal, o->palette_file);
	if (res)
		*res = (struct flame_result){ l->f.n, l->narrow, l->rows };
out:
	palette_free(w.pal);
	palette_free(w.pal_io);
	layout_free(l);
	layout_free(la);
	profile_free(owned);
	return ret;
}
