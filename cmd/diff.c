/* `cprof diff`: what changed between two profiles, as a graph, folded text or a table. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/draw.h"
#include "lib/util.h"
#include "report/diff.h"
#include "report/folded_out.h"
#include "svg/flame.h"

static int cmd_diff_exec(int argc, char **argv);

enum { OPT_REPORT = DRAW_OPT_END, OPT_LIMIT, OPT_FOLD, OPT_NO_NORMALIZE, OPT_SAMPLE_INDEX,
	OPT_EVENT, OPT_FROM, OPT_TO };

static const struct cmd_option diff_options[] = {
	CMD_OPERAND("A, B",
		"cprof.data, pprof, perf script text or folded stacks,\n"
		"detected by content; - for standard input (one of\n"
		"them); the graph is shaped like B; a directory is its\n"
		"rotated traces read as one"),
	CMD_OPT(OPT_EVENT, "event", "NAME", "the event to compare (default: the first recorded)"),
	CMD_WINDOW_OPTIONS(OPT_FROM, OPT_TO),
	CMD_OPT('o', "output", "FILE", "write to FILE (default: standard output)"),
	CMD_OPT(OPT_REPORT, "report", NULL,
		"a table of the functions that changed most, not a graph"),
	CMD_OPT(OPT_LIMIT, "limit", "N", "rows of the --report table (default 25, 0 for all)"),
	CMD_OPT(OPT_FOLD, "fold", NULL, "print differential folded stacks: stack COUNT_A COUNT_B"),
	CMD_OPT(OPT_NO_NORMALIZE, "no-normalize", NULL,
		"compare raw counts, not shares of each profile's total"),
	CMD_OPT(OPT_SAMPLE_INDEX, "sample-index", "TYPE",
		"pprof input: the sample type compared, by name or number\n"
		"(default: the profile's default, as go tool pprof)"),
	CMD_OPT('s', "strip-hex", NULL,
		"replace hexadecimal numbers in names by 0x... to match\n"
		"frames whose addresses moved"),
	DRAW_OPTIONS,
	CMD_HELP,
	CMD_END,
};

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.usage = "[OPTIONS] A B",
	.summary = "show what changed from profile A to profile B (differential flame graph)",
	.options = diff_options,
	.exec = cmd_diff_exec,
};

enum diff_output { OUT_SVG, OUT_REPORT, OUT_FOLD };

struct diff_cmd {
	struct flame_options fo;
	const char *output;
	enum diff_output what;
	size_t limit;
	bool strip_hex;
	const char *sample_index;
	const char *event;
	const char *name[2];
	struct profile *p;	/* A in column 0, B in column 1 */
	const char *from, *to;
};

static const struct cmd_entry *const C = &cmd_diff_entry;

static int diff_option(void *ctx, int opt, const char *arg)
{
	struct diff_cmd *dc = ctx;
	uint64_t n;
	switch (opt) {
	case 'o': dc->output = arg; break;
	case 's': dc->strip_hex = true; break;
	case OPT_SAMPLE_INDEX: dc->sample_index = arg; break;
	case OPT_NO_NORMALIZE: dc->fo.normalize = false; break;
	case OPT_EVENT: dc->event = arg; break;
	case OPT_FROM: dc->from = arg; break;
	case OPT_TO: dc->to = arg; break;
	case OPT_REPORT:
	case OPT_FOLD:
		if (dc->what != OUT_SVG && dc->what != (opt == OPT_REPORT ? OUT_REPORT : OUT_FOLD))
			return cmd_usage_error(C, "--report and --fold exclude each other");
		dc->what = opt == OPT_REPORT ? OUT_REPORT : OUT_FOLD;
		break;
	case OPT_LIMIT:
		if (!parse_u64(arg, &n) || n > SIZE_MAX)
			return cmd_usage_error(C, "--limit wants a number of rows, not '%s'", arg);
		dc->limit = n;
		break;
	default:
		return draw_option(C, &dc->fo, opt, arg);
	}
	return 0;
}

static int parse_options(struct diff_cmd *dc, int argc, char **argv)
{
	int r = cmd_parse_options(C, argc, argv, diff_option, dc);
	if (r)
		return r;
	if (argc - optind != 2)
		return cmd_usage_error(C, "two profiles to compare, A and B, not %d", argc - optind);
	dc->name[0] = argv[optind];
	dc->name[1] = argv[optind + 1];
	if (!strcmp(dc->name[0], "-") && !strcmp(dc->name[1], "-"))
		return cmd_usage_error(C, "only one of A and B can be standard input");
	return 0;
}

/* Reads one side into column col of the merged profile. */
static int read_side(struct diff_cmd *dc, unsigned col)
{
	const char *name = strcmp(dc->name[col], "-") ? dc->name[col] : "standard input";
	struct draw_input in = {
		.p = profile_new(), .sample_index = dc->sample_index,
		.ps = { .kernel = true, .jit = true, .event = dc->event },
		.from = dc->from, .to = dc->to,
	};
	int ret = draw_read(C, &in, dc->name[col], 1);
	if (!ret && in.p->ncols > 1) {
		cmd_error(C, "'%s' is already differential (two counts a line): compare two "
			  "profiles", name);
		ret = -EINVAL;
	} else if (!ret && !(in.p->total[0] > 0)) {
		cmd_error(C, "'%s' holds no samples", name);
		ret = -EINVAL;
	}
	if (!ret)
		diff_merge(dc->p, in.p, col, dc->strip_hex);
	/* B's unit names the counts: the graph is shaped like B */
	if (!ret && in.p->unit) {
		free(dc->p->unit);
		free(dc->p->event);
		dc->p->unit = xstrdup(in.p->unit);
		dc->p->event = in.p->event ? xstrdup(in.p->event) : NULL;
	}
	profile_free(in.p);
	return ret;
}

static int write_output(struct diff_cmd *dc, FILE *out)
{
	struct diff_report_opts ro = {
		.normalize = dc->fo.normalize, .limit = dc->limit, .name_a = dc->name[0],
		.name_b = dc->name[1], .countname = dc->fo.countname,
	};
	switch (dc->what) {
	case OUT_REPORT:
		return diff_report_write(dc->p, &ro, out);
	case OUT_FOLD:
		/* A scaled to B's total, so any tool that reads the lines compares shares */
		if (dc->fo.normalize && dc->p->total[0] > 0)
			diff_scale_column(dc->p, 0, dc->p->total[1] / dc->p->total[0]);
		return profile_write_folded(dc->p, out);
	default:
		dc->fo.diff = true;
		dc->fo.width_col = 1;
		return flame_render(dc->p, &dc->fo, out, NULL);
	}
}

static int run(struct diff_cmd *dc)
{
	for (unsigned col = 0; col < 2; col++)
		if (read_side(dc, col) < 0)
			return EXIT_FAIL;
	draw_unit_defaults(&dc->fo, dc->p);
	char *subtitle = NULL;
	if (!dc->fo.subtitle)
		dc->fo.subtitle = subtitle = xasprintf("A: %s, B: %s", dc->name[0], dc->name[1]);
	struct draw_output out;
	if (draw_output_open(C, &out, dc->output) < 0) {
		free(subtitle);
		return EXIT_FAIL;
	}
	int ret = write_output(dc, out.f);
	if (ret < 0)
		cmd_error(C, "%s", err_msg());
	if (draw_output_close(C, &out, ret >= 0) < 0)
		ret = -EIO;
	free(subtitle);
	return ret < 0 ? EXIT_FAIL : EXIT_OK;
}

static int cmd_diff_exec(int argc, char **argv)
{
	struct diff_cmd dc = { .limit = 25 };
	flame_options_init(&dc.fo);
	int r = parse_options(&dc, argc, argv);
	if (r)
		return cmd_parse_status(r);
	dc.p = profile_new();
	int ret = run(&dc);
	profile_free(dc.p);
	return ret;
}
