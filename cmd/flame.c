/* `cprof flame`: flame graphs, icicle graphs and flame charts as SVG. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/draw.h"
#include "lib/util.h"
#include "svg/flame.h"

static int cmd_flame_exec(int argc, char **argv);

enum { OPT_SAMPLE_INDEX = DRAW_OPT_END, OPT_EVENT, OPT_FROM, OPT_TO };

static const struct cmd_option flame_options[] = {
	CMD_OPERAND("FILE",
		"cprof.data, perf.data, pprof, perf script text or folded\n"
		"stacks, detected by content; - for standard input\n"
		"(default: standard input when it is not a terminal, else\n"
		"cprof.data); several traces or a directory of rotated\n"
		"traces are read as one"),
	CMD_OPT(OPT_EVENT, "event", "NAME", "the event to draw (default: the first recorded)"),
	CMD_WINDOW_OPTIONS(OPT_FROM, OPT_TO),
	CMD_OPT('o', "output", "FILE", "write the SVG to FILE (default: standard output)"),
	CMD_OPT(DRAW_FLAMECHART, "flamechart", NULL,
		"time order instead of merged stacks, a lane per thread, a\n"
		"time axis; lanes under 1% folded into one (a click opens it)"),
	CMD_OPT(DRAW_TOTAL, "total", "N", "the count that is 100% and the full width"),
	CMD_OPT(OPT_SAMPLE_INDEX, "sample-index", "TYPE",
		"pprof input: the sample type drawn, by name or number\n"
		"(default: the profile's default, as go tool pprof)"),
	DRAW_OPTIONS,
	CMD_HELP,
	CMD_TEXT(
		"In a browser: a click zooms, Ctrl-F searches, Alt-click on a frame (or sandwich in\n"
		"Top functions) shows its callers and callees merged (sandwich view)."),
	CMD_END,
};

const struct cmd_entry cmd_flame_entry = {
	.name = "flame",
	.usage = "[OPTIONS] [FILE...]",
	.summary = "draw a flame graph (SVG) from a trace, pprof, perf script text or folded stacks",
	.options = flame_options,
	.exec = cmd_flame_exec,
};

struct flame_cmd {
	struct flame_options fo;
	const char *output;
	struct draw_input in;
};

static const struct cmd_entry *const C = &cmd_flame_entry;

static int flame_option(void *ctx, int id, const char *arg)
{
	struct flame_cmd *fc = ctx;
	switch (id) {
	case 'o': fc->output = arg; return 0;
	case OPT_SAMPLE_INDEX: fc->in.sample_index = arg; return 0;
	case OPT_EVENT: fc->in.ps.event = arg; return 0;
	case OPT_FROM: fc->in.from = arg; return 0;
	case OPT_TO: fc->in.to = arg; return 0;
	default: return draw_option(C, &fc->fo, id, arg);
	}
}

static int parse_options(struct flame_cmd *fc, int argc, char **argv)
{
	int r = cmd_parse_options(C, argc, argv, flame_option, fc);
	if (r)
		return r;
	if (fc->fo.flamechart && (fc->fo.reverse || fc->fo.base))
		return cmd_usage_error(C, "--flamechart cannot be combined with --reverse or --base");
	return 0;
}

/* ---- output ---- */

static int write_svg(struct flame_cmd *fc)
{
	struct draw_output out;
	if (draw_output_open(C, &out, fc->output) < 0)
		return EXIT_FAIL;
	fc->fo.chart_by_weight = !fc->in.have_trace;
	draw_unit_defaults(&fc->fo, fc->in.p);
	if (fc->in.p->ncols == 2) {
		/* drawn as written: normalizing is cprof diff's business */
		fc->fo.diff = true;
		fc->fo.normalize = false;
		fc->fo.width_col = 1;
	}
	int ret = flame_render(fc->in.p, &fc->fo, out.f, NULL);
	if (ret < 0)
		cmd_error(C, "%s", err_msg());
	if (draw_output_close(C, &out, ret >= 0) < 0)
		ret = -EIO;
	return ret < 0 ? EXIT_FAIL : EXIT_OK;
}

static int cmd_flame_exec(int argc, char **argv)
{
	struct flame_cmd fc = { 0 };
	flame_options_init(&fc.fo);
	int r = parse_options(&fc, argc, argv);
	if (r)
		return cmd_parse_status(r);

	char *deflt[] = { isatty(0) ? "cprof.data" : "-" };
	char **inputs = optind < argc ? argv + optind : deflt;
	int ninputs = optind < argc ? argc - optind : 1;
	int ret = EXIT_OK;
	fc.in.p = profile_new();
	fc.in.times = fc.fo.flamechart;
	/* perf script frames keep their kind, for colours */
	fc.in.ps.kernel = fc.in.ps.jit = true;
	bool traces = ninputs > 1;
	for (int i = 0; i < ninputs && traces; i++)
		traces = draw_is_trace(inputs[i]);
	if (traces) {
		if (draw_read_traces(C, &fc.in, (const char *const *)inputs, ninputs) < 0)
			ret = EXIT_FAIL;
	} else {
		for (int i = 0; i < ninputs && ret == EXIT_OK; i++)
			if (draw_read(C, &fc.in, inputs[i], ninputs) < 0)
				ret = EXIT_FAIL;
	}
	if (ret == EXIT_OK && (fc.in.from || fc.in.to) && !fc.in.have_trace)
		ret = cmd_usage_error(C, "--from and --to choose samples of traces, not of "
				      "folded stacks");
	if (ret == EXIT_OK)
		ret = write_svg(&fc);
	profile_free(fc.in.p);
	return ret;
}
