/* `cprof report`: where the time goes, as a table with call graphs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/draw.h"
#include "lib/term.h"
#include "lib/util.h"
#include "report/pprof.h"
#include "report/report.h"
#include "report/trace_profile.h"

/* A pprof profile: its labels name the threads, as a trace's do. */
static int report_pprof(const struct cmd_entry *c, const char *path, const char *sample_index,
			const struct report_opts *o)
{
	struct trace_profile_opts so = o->select;
	so.tid_root = true;
	so.lines = true;
	struct pprof_opts po = { .sample_index = sample_index, .select = &so };
	struct profile *p = profile_new();
	struct pprof_stats st;
	if (draw_read_pprof(c, p, path, &po, &st) < 0) {
		profile_free(p);
		return EXIT_FAIL;
	}
	int rc = report_write_profile(p, path, st.type, o, stdout);
	if (rc < 0)
		cmd_error(c, "%s", err_msg());
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

static int cmd_report_exec(int argc, char **argv);

enum {
	OPT_CHILDREN = CMD_LONG_ONLY, OPT_NO_CHILDREN, OPT_PERCENT_LIMIT, OPT_MAX_STACK, OPT_PID,
	OPT_TID, OPT_COMM, OPT_DSO, OPT_SYMBOL, OPT_TIME, OPT_EVENT, OPT_NO_INLINE, OPT_FORMAT,
	OPT_STDIO, OPT_SAMPLE_INDEX, OPT_FROM, OPT_TO,
};

static const struct cmd_option report_options[] = {
	CMD_OPERAND("FILE|DIR...",
		"the trace, a perf.data file or a pprof profile (default\n"
		"cprof.data); several traces or a directory of rotated\n"
		"traces are read as one"),
	CMD_OPT('i', "input", "FILE", "the same, perf's way"),
	CMD_OPT('s', "sort", "KEYS",
		"entry keys, from comm, pid, tid, dso, sym, srcline\n"
		"(default comm,dso,sym)"),
	CMD_OPT(OPT_CHILDREN, "children", NULL, "Children and Self columns (the default)"),
	CMD_OPT(OPT_NO_CHILDREN, "no-children", NULL,
		"Self only: samples whose innermost frame is the entry"),
	CMD_OPT('g', "call-graph", "ORDER",
		"graph under each entry: caller (default), callee, none"),
	CMD_OPT(OPT_PERCENT_LIMIT, "percent-limit", "N",
		"hide entries and graph branches under N percent\n"
		"(default: entries 0, branches 0.5)"),
	CMD_OPT(OPT_MAX_STACK, "max-stack", "N",
		"use only the N frames nearest each sample's leaf"),
	CMD_OPT(OPT_PID, "pid", "LIST", "only these processes (comma-separated ids)"),
	CMD_OPT(OPT_TID, "tid", "LIST", "only these threads"),
	CMD_OPT(OPT_COMM, "comm", "LIST", "only threads with these names"),
	CMD_OPT(OPT_DSO, "dso", "LIST", "only frames in these modules (base name or path)"),
	CMD_OPT(OPT_SYMBOL, "symbol", "LIST", "only frames of these functions"),
	CMD_TIME_OPTION(OPT_TIME),
	CMD_WINDOW_OPTIONS(OPT_FROM, OPT_TO),
	CMD_OPT(OPT_EVENT, "event", "NAME", "the event to report (default: the first recorded)"),
	CMD_OPT(OPT_SAMPLE_INDEX, "sample-index", "TYPE",
		"pprof input: the sample type reported, by name or number\n"
		"(default: the profile's default, as go tool pprof)"),
	CMD_OPT(OPT_NO_INLINE, "no-inline", NULL, "fold inlined functions into their caller"),
	CMD_OPT(OPT_FORMAT, "format", "FORMAT", "text (default), csv or json"),
	CMD_OPT(OPT_STDIO, "stdio", NULL,
		"text output (the only interactive form; for perf users)"),
	CMD_HELP,
	CMD_END,
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "[OPTIONS] [FILE|DIR...]",
	.summary = "show where the time goes: entries with Children and Self shares",
	.options = report_options,
	.exec = cmd_report_exec,
};

struct report_cmd {
	struct report_opts o;
	const char *path, *sample_index;
	/* --from and --to: read once the traces are open (-30s needs their end) */
	const char *from, *to;
};

static int report_option(void *ctx, int opt, const char *arg)
{
	const struct cmd_entry *c = &cmd_report_entry;
	struct report_cmd *rp = ctx;
	struct report_opts *o = &rp->o;
	double d;
	uint64_t u;
	switch (opt) {
	case 'i': rp->path = arg; return 0;
	case 's':
		if (report_parse_keys(o, arg) < 0)
			return cmd_usage_error(c, "%s", err_msg());
		return 0;
	case OPT_CHILDREN: o->no_children = false; return 0;
	case OPT_NO_CHILDREN: o->no_children = true; return 0;
	case 'g':
		if (strcmp(arg, "caller") == 0)
			o->graph = GRAPH_CALLER;
		else if (strcmp(arg, "callee") == 0)
			o->graph = GRAPH_CALLEE;
		else if (strcmp(arg, "none") == 0)
			o->graph = GRAPH_NONE;
		else
			return cmd_usage_error(c, "bad call graph order '%s' (caller, callee or none)",
					       arg);
		return 0;
	case OPT_PERCENT_LIMIT:
		if (!parse_double(arg, &d) || d < 0 || d > 100)
			return cmd_usage_error(c, "bad percent limit '%s' (0 to 100)", arg);
		o->percent_limit = o->graph_limit = d;
		return 0;
	case OPT_MAX_STACK:
		if (!parse_u64(arg, &u) || u == 0 || u > 1000000)
			return cmd_usage_error(c, "bad stack depth '%s' (1 or more)", arg);
		o->max_stack = u;
		return 0;
	case OPT_PID: o->select.pids = arg; return 0;
	case OPT_TID: o->select.tids = arg; return 0;
	case OPT_COMM: o->select.comms = arg; return 0;
	case OPT_DSO: o->dsos = arg; return 0;
	case OPT_SYMBOL: o->symbols = arg; return 0;
	case OPT_TIME:
		if (report_parse_time(o, arg) < 0)
			return cmd_usage_error(c, "%s", err_msg());
		return 0;
	case OPT_EVENT: o->select.event = arg; return 0;
	case OPT_SAMPLE_INDEX: rp->sample_index = arg; return 0;
	case OPT_FROM: rp->from = arg; return 0;
	case OPT_TO: rp->to = arg; return 0;
	case OPT_NO_INLINE: o->select.no_inline = true; return 0;
	case OPT_FORMAT:
		if (strcmp(arg, "text") == 0)
			o->format = REPORT_TEXT;
		else if (strcmp(arg, "csv") == 0)
			o->format = REPORT_CSV;
		else if (strcmp(arg, "json") == 0)
			o->format = REPORT_JSON;
		else
			return cmd_usage_error(c, "bad format '%s' (text, csv or json)", arg);
		return 0;
	case OPT_STDIO: o->format = REPORT_TEXT; return 0;
	}
	return 0;
}

static int cmd_report_exec(int argc, char **argv)
{
	const struct cmd_entry *c = &cmd_report_entry;
	struct report_cmd rcmd = { .o = { .graph = GRAPH_CALLER, .graph_limit = 0.5 } };
	struct report_opts *o = &rcmd.o;
	report_parse_keys(o, "comm,dso,sym");
	int rc = cmd_parse_options(c, argc, argv, report_option, &rcmd);
	if (rc)
		return cmd_parse_status(rc);
	const char *path = rcmd.path, *sample_index = rcmd.sample_index;
	if (path && argc > optind)
		return cmd_usage_error(c, "-i and a trace argument exclude each other ('%s')",
				       argv[optind]);
	const char *deflt[] = { path ? path : "cprof.data" };
	const char *const *paths = optind < argc ? (const char *const *)argv + optind : deflt;
	size_t npaths = optind < argc ? (size_t)(argc - optind) : 1;
	if (o->format == REPORT_TEXT)
		term_setup(STDOUT_FILENO, &o->color, &o->width);

	if (npaths == 1 && draw_is_pprof(paths[0]))
		return report_pprof(c, paths[0], sample_index, o);
	struct trace *t = cmd_open_traces(c, paths, npaths);
	if (!t)
		return EXIT_FAIL;
	rc = cmd_time_window(c, t, rcmd.from, rcmd.to, &o->select);
	if (rc) {
		trace_free(t);
		return rc;
	}
	rc = report_write(t, o, stdout);
	if (rc < 0)
		cmd_error(c, "%s", err_msg());
	trace_free(t);
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
}
