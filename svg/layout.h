/*
 * Where each frame of a flame graph goes: an x range in weight units (or
 * time, for flame charts) and a row, parents before children.  Frames
 * narrower than the minimum width are not dropped: the narrow children of
 * a parent become one "(N narrow frames)" frame, so every parent's width
 * is still the sum of what is drawn above it.
 *
 * Orientation (flame or icicle) is the writer's business; rows count from
 * the root.
 */
#ifndef CPROF_LAYOUT_H
#define CPROF_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/array.h"
#include "report/profile.h"

#define LAYOUT_NONE UINT32_MAX	/* parent of a root */
#define LAYOUT_ROOT (UINT32_MAX - 1)	/* frame of the "all" root */
#define LAYOUT_NARROW (UINT32_MAX - 2)	/* frame of a merged narrow frame */
#define LAYOUT_OTHERS (UINT32_MAX - 3)	/* frame of a chart's small lanes folded into one */

/*
 * A flame chart folds the lanes under this share of the samples into one
 * lane when there are at least two of them: a handful of samples each
 * (short helper threads, the shell that started the program) would
 * otherwise take as much height as the busy threads.
 */
#define LAYOUT_SMALL_LANE 0.01

struct layout_opts {
	enum profile_order order;	/* siblings by name or heaviest first */
	bool chart;		/* time order from profile->samples, a lane per thread */
	bool chart_by_weight;	/* sample durations are their weights (folded input) */
	double width_px;	/* the drawing's width, for minwidth in pixels */
	double minwidth;	/* pixels, or percent of the total with minwidth_pct */
	bool minwidth_pct;
	unsigned col;		/* weight column that gives widths */
	double total;		/* > 0: the width of the graph in weight units (--total) */
};

struct lframe {
	uint32_t frame;		/* profile frame, LAYOUT_ROOT or LAYOUT_NARROW */
	uint32_t parent;	/* index into layout frames, LAYOUT_NONE for roots */
	uint32_t row;		/* 0 at the root; lanes of a chart follow each other */
	uint32_t count;		/* frames merged into a narrow frame, lanes into an others lane */
	bool folded;		/* in a small lane: drawn when the others lane is opened */
	double x, w;		/* position and width in x units */
	double value[2];	/* weight of the frame and everything above it */
	double self[2];		/* weight of stacks ending in it */
	struct pcount exact[2];	/* value, exactly (zero in flame charts) */
	struct pcount exact_self[2];	/* self, exactly */
};

struct layout {
	ARRAY(struct lframe) f;
	double span;		/* x extent of the graph */
	double total[2];	/* the weight that is 100% */
	uint32_t rows;
	unsigned ncols;
	uint64_t narrow;	/* frames merged into narrow frames */
	/* flame charts */
	double t0;		/* the time (or weight) at x = 0 */
	uint32_t shown_rows;	/* rows with the small lanes folded: the others lane's and below */
	uint32_t folded_lanes;	/* small lanes in the others lane (0: none folded) */
};

/* NULL with err_msg() set when there is nothing to draw. */
struct layout *layout_new(const struct profile *p, const struct layout_opts *o);
void layout_free(struct layout *l);

/* Stacks merged from the leaf: roots are the functions that use the time. */
struct profile *layout_reverse(const struct profile *p);
/*
 * Stacks re-rooted at the outermost frame named func (no kind suffix);
 * stacks without it are left out.  NULL with err_msg() set when none has it.
 */
struct profile *layout_rebase(const struct profile *p, const char *func);

#endif
