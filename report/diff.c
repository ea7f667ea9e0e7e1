#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "report/diff.h"

void diff_scale_init(struct diff_scale *s, const struct profile *p, bool normalize)
{
	s->total[0] = p->total[0];
	s->total[1] = p->ncols > 1 ? p->total[1] : 0;
	s->scale_a = normalize && s->total[0] > 0 && s->total[1] > 0 ?
		     s->total[1] / s->total[0] : 1;
	s->normalize = normalize;
}

double diff_counts(const struct diff_scale *s, double a, double b)
{
	return b - a * s->scale_a;
}

double diff_points(const struct diff_scale *s, double a, double b)
{
	/* an empty B still says how much of A went away */
	double den = s->total[1] > 0 ? s->total[1] : s->total[0] * s->scale_a;
	return den > 0 ? 100 * diff_counts(s, a, b) / den : 0;
}

double diff_z(const struct diff_scale *s, double a, double b)
{
	double na = s->total[0], nb = s->total[1], d, se;
	if (!s->normalize) {
		d = b - a;
		se = sqrt(a + b);
	} else {
		if (na <= 0 || nb <= 0)
			return 0;	/* nothing to compare a share with */
		double p = (a + b) / (na + nb);
		d = b / nb - a / na;
		se = sqrt(p * (1 - p) * (1 / na + 1 / nb));
	}
	if (d == 0)
		return 0;
	return se > 0 ? d / se : d > 0 ? INFINITY : -INFINITY;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char *diff_strip_hex(const char *name, size_t len, size_t *out_len)
{
	struct buf b = { 0 };
	size_t i = 0;
	while (i < len) {
		if (i + 2 < len && name[i] == '0' && (name[i + 1] == 'x' || name[i + 1] == 'X') &&
		    is_hex(name[i + 2])) {
			buf_put(&b, "0x...", 5);
			for (i += 2; i < len && is_hex(name[i]); i++)
				;
			continue;
		}
		buf_put(&b, name + i, 1);
		i++;
	}
	buf_put_u8(&b, '\0');
	*out_len = b.n - 1;
	return (char *)b.p;
}

static uint32_t merged_frame(struct profile *dst, const struct profile *src, uint32_t id,
			     bool strip_hex)
{
	const struct frame *f = &src->frames.v[id];
	const char *name = strtab_get(&src->strs, f->name);
	size_t len = src->strs.lens[f->name];
	if (!strip_hex)
		return profile_frame(dst, name, len, f->kind, NULL, NULL, 0);
	char *s = diff_strip_hex(name, len, &len);
	uint32_t r = profile_frame(dst, s, len, f->kind, NULL, NULL, 0);
	free(s);
	return r;
}

void diff_merge(struct profile *dst, const struct profile *src, unsigned col, bool strip_hex)
{
	uint32_t *frame = xmalloc((src->frames.n + 1) * sizeof(*frame));
	uint32_t *node = xmalloc(src->nodes.n * sizeof(*node));
	for (size_t i = 0; i < src->frames.n; i++)
		frame[i] = PROFILE_NONE;
	dst->ncols = 2;
	node[0] = 0;
	/* a parent's id is always smaller than its children's */
	for (uint32_t i = 1; i < src->nodes.n; i++) {
		const struct pnode *n = &src->nodes.v[i];
		if (frame[n->frame] == PROFILE_NONE)
			frame[n->frame] = merged_frame(dst, src, n->frame, strip_hex);
		node[i] = profile_child(dst, node[n->parent], frame[n->frame]);
		/* src's total fits in 64 bits, so column col of dst does too */
		if (n->count[0].n || n->count[0].frac > 0)
			profile_add_count(dst, node[i], col, n->count[0]);
	}
	free(node);
	free(frame);
}

void diff_scale_column(struct profile *p, unsigned col, double factor)
{
	/* equal totals: counts past 2^53 must not go through a double for nothing */
	if (factor == 1)
		return;
	p->total[col] = 0;
	p->count[col] = (struct pcount){ 0, 0 };
	for (size_t i = 0; i < p->nodes.n; i++)
		p->nodes.v[i].total[col] = 0;
	/* children after parents: add from the leaves down to the root */
	for (size_t i = p->nodes.n; i-- > 0;) {
		struct pnode *n = &p->nodes.v[i];
		/* a fraction stays one: rounding 0.5 to 0 or 1 would invent a change */
		double v = pcount_value(n->count[col]) * factor;
		/* the product drifts by an ulp (360 * 2.2 = 792.0000000000001): not a fraction */
		if (fabs(v - round(v)) <= 1e-9 * fmax(1, v))
			v = round(v);
		n->count[col] = pcount_from_double(v);
		n->self[col] = pcount_value(n->count[col]);
		n->total[col] += n->self[col];
		p->total[col] += n->self[col];
		pcount_add_sat(&p->count[col], n->count[col]);
		if (i)
			p->nodes.v[n->parent].total[col] += n->total[col];
	}
}

/* ---- functions ---- */

struct diff_fn *diff_functions(const struct profile *p, const struct diff_scale *s, size_t *n)
{
	size_t nn = p->strs.n;
	struct diff_fn *f = xcalloc(nn + 1, sizeof(*f));
	uint32_t *onpath = xcalloc(nn + 1, sizeof(*onpath));
	unsigned ncols = p->ncols > 1 ? 2 : 1;
	uint32_t node = p->nodes.v[0].first_child;
	struct pcount *exact = profile_exact_totals(p);

	/* depth first without recursion: deep stacks must not exhaust the C stack */
	while (node) {
		const struct pnode *pn = &p->nodes.v[node];
		uint32_t name = p->frames.v[pn->frame].name;
		for (unsigned c = 0; c < ncols; c++) {
			f[name].self[c] += pn->self[c];
			pcount_add_sat(&f[name].exact_self[c], pn->count[c]);
		}
		if (!onpath[name]++)
			for (unsigned c = 0; c < ncols; c++) {
				f[name].total[c] += pn->total[c];
				pcount_add_sat(&f[name].exact_total[c], exact ? exact[node * 2 + c] :
					       pcount_from_double(pn->total[c]));
			}
		if (pn->first_child) {
			node = pn->first_child;
			continue;
		}
		while (node) {
			const struct pnode *q = &p->nodes.v[node];
			onpath[p->frames.v[q->frame].name]--;
			if (q->next_sibling) {
				node = q->next_sibling;
				break;
			}
			node = q->parent;
		}
	}
	free(onpath);
	free(exact);
	size_t k = 0;
	for (size_t i = 0; i < nn; i++) {
		if (f[i].total[0] <= 0 && f[i].total[1] <= 0)
			continue;
		f[k] = f[i];
		f[k].name = i;
		if (s) {
			double (*d)(const struct diff_scale *, double, double) =
				s->normalize ? diff_points : diff_counts;
			f[k].dself = d(s, f[k].self[0], f[k].self[1]);
			f[k].dtotal = d(s, f[k].total[0], f[k].total[1]);
		}
		k++;
	}
	*n = k;
	return f;
}

static double change(const struct diff_fn *f)
{
	return MAX(fabs(f->dself), fabs(f->dtotal));
}

static int by_change(const void *a, const void *b, void *ctx)
{
	const struct diff_fn *x = a, *y = b;
	double cx = change(x), cy = change(y);
	/* equal changes computed in different orders differ in the last bits */
	if (fabs(cx - cy) > 1e-9 * MAX(cx, cy))
		return cx > cy ? -1 : 1;
	const struct profile *p = ctx;
	return strcmp(strtab_get(&p->strs, x->name), strtab_get(&p->strs, y->name));
}

void diff_sort(struct diff_fn *fns, size_t n, const struct profile *p)
{
	qsort_r(fns, n, sizeof(*fns), by_change, (void *)p);
}

/* ---- the report ---- */

/* "1,234" or "12.50" */
static const char *group_digits(char *buf, size_t len, const char *tmp, bool minus, bool sign)
{
	size_t n = strlen(tmp), o = 0;
	if (sign || minus)
		buf[o++] = minus ? '-' : '+';
	for (size_t i = 0; i < n && o + 2 < len; i++) {
		buf[o++] = tmp[i];
		if ((n - i - 1) % 3 == 0 && i + 1 < n)
			buf[o++] = ',';
	}
	buf[o] = '\0';
	return buf;
}

static const char *count_str(char *buf, size_t len, double v, bool sign)
{
	char tmp[400];
	/* past 2^53 every double is whole: its digits, not "18446744073709551616.00" */
	if (fabs(v - round(v)) > 1e-9 && fabs(v) < 1e15) {
		snprintf(buf, len, sign ? "%+.2f" : "%.2f", v);
		return buf;
	}
	snprintf(tmp, sizeof(tmp), "%.0f", fabs(v));
	return group_digits(buf, len, tmp, v < 0, sign);
}

/* A count, exactly when it is whole: "18,446,744,073,709,551,615" */
static const char *total_str(char *buf, size_t len, struct pcount c)
{
	char tmp[PCOUNT_BUF];
	if (c.frac > 0)
		return count_str(buf, len, pcount_value(c), false);
	pcount_format(tmp, sizeof(tmp), c);
	return group_digits(buf, len, tmp, false, false);
}

/* b - a of raw counts: exact when both are whole, else from the double d */
static const char *change_str(char *buf, size_t len, struct pcount a, struct pcount b, double d)
{
	char tmp[PCOUNT_BUF];
	if (a.frac > 0 || b.frac > 0)
		return count_str(buf, len, d, true);
	struct pcount diff = { b.n >= a.n ? b.n - a.n : a.n - b.n, 0 };
	pcount_format(tmp, sizeof(tmp), diff);
	return group_digits(buf, len, tmp, b.n < a.n, true);
}

static double pct(double v, double total)
{
	return total > 0 ? 100 * v / total : 0;
}

static void write_header(const struct diff_report_opts *o, const struct profile *p, FILE *f)
{
	char a[64], b[64];
	const char *cn = o->countname ? o->countname : "samples";
	struct pcount none = { 0, 0 };
	fprintf(f, "# A: %s, %s %s\n", o->name_a ? o->name_a : "A", total_str(a, sizeof(a),
		p->count[0]), cn);
	fprintf(f, "# B: %s, %s %s\n", o->name_b ? o->name_b : "B", total_str(b, sizeof(b),
		p->ncols > 1 ? p->count[1] : none), cn);
	if (o->normalize)
		fprintf(f, "# shares of each profile's own total; changes in points (B - A)\n");
	else
		fprintf(f, "# raw %s (not normalized); changes in %s (B - A)\n", cn, cn);
	fprintf(f, "#\n#%10s %10s %9s %9s %9s %9s  %s\n", "Total chg", "Self chg", "Total A",
		"Total B", "Self A", "Self B", "Function");
}

/* What rounds to 0.00 prints as +0.00, never -0.00. */
static double no_minus_zero(double v)
{
	return fabs(v) < 0.005 ? 0 : v;
}

static void write_row(const struct profile *p, const struct diff_fn *fn,
		      const struct diff_report_opts *o, const struct diff_scale *s, FILE *f)
{
	char c[6][64];
	const char *name = strtab_get(&p->strs, fn->name);
	const char *only = fn->total[1] <= 0 ? "  (only in A)" : fn->total[0] <= 0 ?
			   "  (only in B)" : "";
	if (o->normalize) {
		fprintf(f, " %+10.2f %+10.2f %8.2f%% %8.2f%% %8.2f%% %8.2f%%  %s%s\n",
			no_minus_zero(fn->dtotal), no_minus_zero(fn->dself), pct(fn->total[0], s->total[0]),
			pct(fn->total[1], s->total[1]), pct(fn->self[0], s->total[0]),
			pct(fn->self[1], s->total[1]), name, only);
		return;
	}
	fprintf(f, " %10s %10s %9s %9s %9s %9s  %s%s\n",
		change_str(c[0], 64, fn->exact_total[0], fn->exact_total[1], fn->dtotal),
		change_str(c[1], 64, fn->exact_self[0], fn->exact_self[1], fn->dself),
		total_str(c[2], 64, fn->exact_total[0]), total_str(c[3], 64, fn->exact_total[1]),
		total_str(c[4], 64, fn->exact_self[0]), total_str(c[5], 64, fn->exact_self[1]),
		name, only);
}

int diff_report_write(const struct profile *p, const struct diff_report_opts *o, FILE *f)
{
	struct diff_scale s;
	diff_scale_init(&s, p, o->normalize);
	size_t n;
	struct diff_fn *fns = diff_functions(p, &s, &n);
	diff_sort(fns, n, p);
	/* unchanged functions are left out, as the graph leaves them grey */
	double floor_change = o->normalize ? DIFF_NEUTRAL_POINTS : 1e-9;
	size_t changed = 0;
	while (changed < n && change(&fns[changed]) >= floor_change)
		changed++;
	size_t shown = o->limit && o->limit < changed ? o->limit : changed;

	write_header(o, p, f);
	for (size_t i = 0; i < shown; i++)
		write_row(p, &fns[i], o, &s, f);
	if (!changed)
		fprintf(f, "# no function changed by %s\n", o->normalize ?
			"0.1 point or more" : "a single count");
	else if (shown < changed)
		fprintf(f, "# %zu more changed; --limit 0 shows them all\n", changed - shown);
	if (n > changed)
		fprintf(f, "# %zu function%s unchanged\n", n - changed, n - changed == 1 ? "" : "s");
	free(fns);
	if (fflush(f) != 0 || ferror(f))
		return err_errno(errno ? errno : EIO, "cannot write the report");
	return 0;
}
