/*
 * What the commands that draw (flame, diff) share: the options of the
 * picture, and reading an input that is a trace or folded text.
 */
#ifndef CPROF_DRAW_H
#define CPROF_DRAW_H

#include <stdbool.h>
#include <stdio.h>

#include "cmd/cmd.h"
#include "lib/util.h"
#include "report/perfscript.h"
#include "report/profile.h"
#include "svg/flame.h"

enum {
	DRAW_ICICLE = CMD_LONG_ONLY, DRAW_REVERSE, DRAW_FLAMECHART, DRAW_BASE, DRAW_SORT,
	DRAW_TITLE, DRAW_SUBTITLE, DRAW_WIDTH, DRAW_HEIGHT, DRAW_MINWIDTH, DRAW_FONTTYPE,
	DRAW_FONTSIZE, DRAW_COUNTNAME, DRAW_NAMETYPE, DRAW_COLORS, DRAW_BGCOLORS, DRAW_HASH,
	DRAW_RANDOM, DRAW_CP, DRAW_PALETTE, DRAW_FACTOR, DRAW_TOTAL, DRAW_NOTES,
	DRAW_TRUNC_RIGHT, DRAW_SEARCH, DRAW_NEGATE,
	DRAW_OPT_END	/* a command's own options start here */
};

/* The rows of the option table of every drawing command (cmd/cmd.h). */
#define DRAW_OPTIONS \
	CMD_OPT(DRAW_ICICLE, "icicle", NULL, "root at the top (also --inverted)"), \
	CMD_OPT(DRAW_ICICLE, "inverted", NULL, NULL), \
	CMD_OPT(DRAW_REVERSE, "reverse", NULL, \
		"merge stacks from the leaf: who calls the hot functions"), \
	CMD_OPT(DRAW_BASE, "base", "FUNC", \
		"re-root every stack at FUNC, leaving out the others"), \
	CMD_OPT(DRAW_SORT, "sort", "KEY", \
		"siblings by name (default) or weight (heaviest first)"), \
	CMD_OPT(DRAW_TITLE, "title", "TEXT", "the title"), \
	CMD_OPT(DRAW_SUBTITLE, "subtitle", "TEXT", "a second title line"), \
	CMD_OPT(DRAW_WIDTH, "width", "PX", "width of the picture (default: fit the window)"), \
	CMD_OPT(DRAW_HEIGHT, "height", "PX", "height of a frame (default 16)"), \
	CMD_OPT(DRAW_MINWIDTH, "minwidth", "PX|N%", \
		"merge frames narrower than this (default 1)"), \
	CMD_OPT(DRAW_FONTTYPE, "fonttype", "FONT", "font family (default Verdana)"), \
	CMD_OPT(DRAW_FONTSIZE, "fontsize", "PX", "font size (default 12)"), \
	CMD_OPT(DRAW_COUNTNAME, "countname", "TEXT", \
		"what the counts are (default \"samples\")"), \
	CMD_OPT(DRAW_NAMETYPE, "nametype", "TEXT", \
		"label of names in the details line (default \"Function:\")"), \
	CMD_OPT(DRAW_COLORS, "colors", "PALETTE", \
		"hot (default), mem, io, wakeup, java, js, perl, python,\n" \
		"rust, red, green, blue, aqua, yellow, purple, orange"), \
	CMD_OPT(DRAW_COLORS, "color", "PALETTE", NULL), \
	CMD_OPT(DRAW_BGCOLORS, "bgcolors", "COLOR", \
		"yellow (default), blue, green, grey, or #rrggbb"), \
	CMD_OPT(DRAW_HASH, "hash", NULL, "colours from a hash of the name (the default)"), \
	CMD_OPT(DRAW_RANDOM, "random", NULL, "random colours, different every run"), \
	CMD_OPT(DRAW_CP, "cp", NULL, "keep colours consistent in ./palette.map"), \
	CMD_OPT(DRAW_PALETTE, "palette", "FILE", "keep colours consistent in FILE"), \
	CMD_OPT(DRAW_FACTOR, "factor", "X", "multiply the counts shown by X"), \
	CMD_OPT(DRAW_NOTES, "notes", "TEXT", "a note stored in the SVG"), \
	CMD_OPT(DRAW_TRUNC_RIGHT, "truncate-text-right", NULL, \
		"accepted for flamegraph.pl's command lines: labels\n" \
		"are always cut at the end"), \
	CMD_OPT(DRAW_SEARCH, "search", "REGEX", "open with this search applied"), \
	CMD_OPT(DRAW_NEGATE, "negate", NULL, \
		"differential graphs: blue for growth, red for shrinkage")

/*
 * Applies drawing option opt (DRAW_*) to fo: 0, or EXIT_USAGE after a
 * message for a bad value.
 */
int draw_option(const struct cmd_entry *c, struct flame_options *fo, int opt, const char *arg);

/*
 * The counts' name and the palette that suit a trace's event ("page-faults"
 * in the mem palette), unless the user chose them.  fo keeps pointers into p.
 */
void draw_unit_defaults(struct flame_options *fo, const struct profile *p);

struct draw_input {
	struct profile *p;	/* folded stacks and pprof are added; a trace replaces it */
	bool times;		/* keep samples in time order, a lane per thread */
	const char *sample_index;	/* pprof input: the sample type (NULL: pprof's default) */
	bool have_trace, have_folded;
	struct perfscript_opts ps;	/* how perf script text is collapsed; its
					 * event is a trace's too */
	const char *from, *to;	/* --from/--to of traces, NULL when not given */
};

/*
 * Reads path ("-": standard input), a trace, a pprof profile, perf script
 * text or folded text (told apart by content), into in->p.  A trace must be
 * the only input (ninputs 1).  Prints one message and returns -errno on failure.
 */
int draw_read(const struct cmd_entry *c, struct draw_input *in, const char *path, int ninputs);
/* Whether path is a trace file or a directory (of rotated traces). */
bool draw_is_trace(const char *path);
/* Reads several traces (or directories of them) as one recording. */
int draw_read_traces(const struct cmd_entry *c, struct draw_input *in, const char *const *paths,
		     size_t n);

struct pprof_opts;
/*
 * Whether the file at path starts like a pprof profile (report/pprof.h);
 * false for "-" and for files that cannot be read (the trace reader then
 * says why).
 */
bool draw_is_pprof(const char *path);
/* Adds the pprof profile at path to p: 0, or -errno after one message. */
struct pprof_stats;
int draw_read_pprof(const struct cmd_entry *c, struct profile *p, const char *path,
		    const struct pprof_opts *o, struct pprof_stats *st);

/*
 * The -o file of a drawing command, or standard output: a file is written
 * under a temporary name and appears only when complete (lib/util.h), so a
 * failed run leaves no empty or truncated SVG behind.
 */
struct draw_output {
	FILE *f;
	struct atomic_file af;
	const char *path;	/* NULL: standard output */
};

/* 0, or -errno after a message. */
int draw_output_open(const struct cmd_entry *c, struct draw_output *o, const char *path);
/*
 * With ok (everything was written) the file takes its name; else it is
 * removed.  0, or -errno after a message.
 */
int draw_output_close(const struct cmd_entry *c, struct draw_output *o, bool ok);

#endif
