/*
 * Flame graphs, icicle graphs and flame charts as interactive SVG.  The
 * file is written with libxml2's xmlTextWriter, so every name is escaped;
 * the script (svg/flame.js) and style (svg/flame.css) are embedded and read
 * names only through the DOM.  Without the script (an <img>, a converter)
 * the file is still a complete static picture.
 *
 * The diff command uses the same renderer with a two-column profile.
 */
#ifndef CPROF_FLAME_H
#define CPROF_FLAME_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "report/profile.h"
#include "svg/palette.h"

struct flame_options {
	/* what to draw */
	bool icicle;		/* root at the top */
	bool reverse;		/* stacks merged from the leaf */
	bool flamechart;	/* time order from profile->samples */
	bool chart_by_weight;	/* samples of folded input: their count is their duration */
	const char *base;	/* re-root stacks at this function */
	enum profile_order order;
	/* size and text */
	const char *title;	/* NULL: "Flame Graph", "Icicle Graph"… */
	const char *subtitle;
	double width;		/* pixels; 0: fluid, follows the window */
	double frame_height;	/* pixels */
	double minwidth;	/* pixels, or percent with minwidth_pct */
	bool minwidth_pct;
	const char *fonttype;
	double fontsize;
	const char *countname;	/* "samples" */
	bool countname_set, colors_set;	/* given by the user, not to be chosen by the unit */
	const char *nametype;	/* "Function:" */
	const char *notes;
	const char *search;	/* a regular expression applied on opening */
	/* colours */
	enum palette_kind colors;
	const char *bgcolors;
	bool random;		/* random colours instead of colours by name */
	const char *palette_file;	/* read, then written back with new names */
	/* numbers */
	double factor;		/* multiply counts when showing them */
	double total;		/* > 0: the count that is 100% (and full width) */
	/*
	 * Differential profiles (profile->ncols == 2): the graph is shaped like
	 * column 1 (B) and switches to the shape of column 0 (A), so stacks that
	 * disappeared stay visible; frames are coloured by the change of their
	 * total from A to B (report/diff.h).
	 */
	bool diff;
	bool negate;		/* blue for growth, red for shrinkage */
	bool normalize;		/* compare shares (the default), else raw counts */
	unsigned width_col;	/* column that gives widths (1 for diff: the new profile) */
};

/* The defaults flamegraph.pl users know. */
void flame_options_init(struct flame_options *o);

struct flame_result {
	size_t frames;		/* frames drawn, narrow ones included */
	uint64_t narrow;	/* frames merged into "(N narrow frames)" */
	uint32_t rows;
};

/* 0, or -errno with err_msg() set (nothing to draw, write error, bad palette file). */
int flame_render(const struct profile *p, const struct flame_options *o, FILE *out,
		 struct flame_result *res);

/*
 * The label shown in a frame of width px: the name; else a path-like name's
 * last component; else the name cut at its end ("name.."); or "" (for tests).
 */
char *flame_fit_label(const char *name, double px, double fontsize);

#endif
