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
	DRAW_ICICLE = 256, DRAW_REVERSE, DRAW_FLAMECHART, DRAW_BASE, DRAW_SORT, DRAW_TITLE,
	DRAW_SUBTITLE, DRAW_WIDTH, DRAW_HEIGHT, DRAW_MINWIDTH, DRAW_FONTTYPE, DRAW_FONTSIZE,
	DRAW_COUNTNAME, DRAW_NAMETYPE, DRAW_COLORS, DRAW_BGCOLORS, DRAW_HASH, DRAW_RANDOM,
	DRAW_CP, DRAW_PALETTE, DRAW_FACTOR, DRAW_TOTAL, DRAW_NOTES, DRAW_TRUNC_RIGHT,
	DRAW_SEARCH, DRAW_NEGATE,
	DRAW_OPT_END	/* a command's own options start here */
};

/* The getopt_long entries of the options every drawing command takes. */
#define DRAW_LONG_OPTIONS \
	{ "icicle", no_argument, NULL, DRAW_ICICLE }, \
	{ "inverted", no_argument, NULL, DRAW_ICICLE }, \
	{ "reverse", no_argument, NULL, DRAW_REVERSE }, \
	{ "base", required_argument, NULL, DRAW_BASE }, \
	{ "sort", required_argument, NULL, DRAW_SORT }, \
	{ "title", required_argument, NULL, DRAW_TITLE }, \
	{ "subtitle", required_argument, NULL, DRAW_SUBTITLE }, \
	{ "width", required_argument, NULL, DRAW_WIDTH }, \
	{ "height", required_argument, NULL, DRAW_HEIGHT }, \
	{ "minwidth", required_argument, NULL, DRAW_MINWIDTH }, \
	{ "fonttype", required_argument, NULL, DRAW_FONTTYPE }, \
	{ "fontsize", required_argument, NULL, DRAW_FONTSIZE }, \
	{ "countname", required_argument, NULL, DRAW_COUNTNAME }, \
	{ "nametype", required_argument, NULL, DRAW_NAMETYPE }, \
	{ "colors", required_argument, NULL, DRAW_COLORS }, \
	{ "color", required_argument, NULL, DRAW_COLORS }, \
	{ "bgcolors", required_argument, NULL, DRAW_BGCOLORS }, \
	{ "hash", no_argument, NULL, DRAW_HASH }, \
	{ "random", no_argument, NULL, DRAW_RANDOM }, \
	{ "cp", no_argument, NULL, DRAW_CP }, \
	{ "palette", required_argument, NULL, DRAW_PALETTE }, \
	{ "factor", required_argument, NULL, DRAW_FACTOR }, \
	{ "notes", required_argument, NULL, DRAW_NOTES }, \
	{ "truncate-text-right", no_argument, NULL, DRAW_TRUNC_RIGHT }, \
	{ "search", required_argument, NULL, DRAW_SEARCH }, \
	{ "negate", no_argument, NULL, DRAW_NEGATE }

/* Their help lines. */
#define DRAW_OPTIONS_HELP \
	"      --icicle           root at the top (also --inverted)\n" \
	"      --reverse          merge stacks from the leaf: who calls the hot functions\n" \
	"      --base FUNC        re-root every stack at FUNC, leaving out the others\n" \
	"      --sort KEY         siblings by name (default) or weight (heaviest first)\n" \
	"      --title TEXT       the title\n" \
	"      --subtitle TEXT    a second title line\n" \
	"      --width PX         width of the picture (default: fit the window)\n" \
	"      --height PX        height of a frame (default 16)\n" \
	"      --minwidth PX|N%   merge frames narrower than this (default 1)\n" \
	"      --fonttype FONT    font family (default Verdana)\n" \
	"      --fontsize PX      font size (default 12)\n" \
	"      --countname TEXT   what the counts are (default \"samples\")\n" \
	"      --nametype TEXT    label of names in the details line (default \"Function:\")\n" \
	"      --colors PALETTE   hot (default), mem, io, wakeup, java, js, perl, python,\n" \
	"                         rust, red, green, blue, aqua, yellow, purple, orange\n" \
	"      --bgcolors COLOR   yellow (default), blue, green, grey, or #rrggbb\n" \
	"      --hash             colours from a hash of the name (the default)\n" \
	"      --random           random colours, different every run\n" \
	"      --cp               keep colours consistent in ./palette.map\n" \
	"      --palette FILE     keep colours consistent in FILE\n" \
	"      --factor X         multiply the counts shown by X\n" \
	"      --notes TEXT       a note stored in the SVG\n" \
	"      --truncate-text-right  accepted for flamegraph.pl's command lines: labels\n" \
	"                         are always cut at the end\n" \
	"      --search REGEX     open with this search applied\n" \
	"      --negate           differential graphs: blue for growth, red for shrinkage\n"

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
