/*
 * Differential profiles: two profiles merged into one with two weight
 * columns (A, the "before", in column 0; B, the "after", in column 1), the
 * arithmetic of how a frame or a function changed from A to B, and the
 * text report of what changed most (`cprof diff --report`).
 *
 * Two runs rarely take the same number of samples, so by default a change
 * is the difference of shares: B's share minus A's share of its own total,
 * in percentage points.  Without normalization it is the difference of
 * raw counts, and a share is taken of B's total on both sides.
 */
#ifndef CPROF_DIFF_H
#define CPROF_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report/profile.h"

/* A change smaller than this many points is "unchanged" (drawn grey). */
#define DIFF_NEUTRAL_POINTS 0.1

struct diff_scale {
	double total[2];	/* the totals of A and B */
	double scale_a;		/* multiplies A's counts into B's units */
	bool normalize;
};

/* normalize false compares raw counts. */
void diff_scale_init(struct diff_scale *s, const struct profile *p, bool normalize);
/* The change from a (A's count) to b (B's count) in points of B's total. */
double diff_points(const struct diff_scale *s, double a, double b);
/* The same in B's count units (raw counts when not normalized). */
double diff_counts(const struct diff_scale *s, double a, double b);
/*
 * How many standard errors of sampling noise the change from a to b is:
 * the two-proportion z-test of shares a/A and b/B (pooled), or for raw
 * counts (b - a) / sqrt(a + b), counts being Poisson.  0 when both are
 * 0; +-INFINITY when a change has no noise at all (all or nothing in both).
 */
double diff_z(const struct diff_scale *s, double a, double b);

/*
 * Adds every stack of src (its column 0) to column col of dst, which
 * becomes a two-column profile.  Frames are matched by name and kind only,
 * so two traces of different builds, or a trace and folded text, line up;
 * with strip_hex, hexadecimal numbers in names ("lib.so+0x1f30") are
 * replaced by "0x..." first, so addresses that moved still match.
 */
void diff_merge(struct profile *dst, const struct profile *src, unsigned col, bool strip_hex);

/* name with every "0x" + hex digits replaced by "0x..."; the caller frees it. */
char *diff_strip_hex(const char *name, size_t len, size_t *out_len);

/*
 * Multiplies column col by factor, keeping fractions (cprof's folded
 * reader takes them; rounding would show identical profiles as changed),
 * and recomputes the totals.
 */
void diff_scale_column(struct profile *p, unsigned col, double factor);

/* One function (by name) of a two-column profile. */
struct diff_fn {
	uint32_t name;		/* string id in the profile */
	double self[2];		/* counts in A and B */
	double total[2];	/* a recursive function counts once per stack */
	struct pcount exact_self[2], exact_total[2];	/* the same, exactly */
	double dself, dtotal;	/* the change: points, or counts when not normalized */
};

/*
 * Every function with weight in either column, in no particular order;
 * the changes are points when s normalizes, else counts (s may be NULL).
 */
struct diff_fn *diff_functions(const struct profile *p, const struct diff_scale *s, size_t *n);
/* Biggest change first: the larger of |dtotal| and |dself|, then by name. */
void diff_sort(struct diff_fn *fns, size_t n, const struct profile *p);

struct diff_report_opts {
	bool normalize;
	size_t limit;		/* rows; 0 = every function that changed */
	const char *name_a, *name_b;	/* the inputs, for the header */
	const char *countname;	/* "samples" */
};

/* The table of the functions that changed most.  0 or -errno with err_msg(). */
int diff_report_write(const struct profile *p, const struct diff_report_opts *o, FILE *f);

#endif
