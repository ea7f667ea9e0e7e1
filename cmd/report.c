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

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "[OPTIONS] [FILE|DIR...]",
	.summary = "show where the time goes: entries with Children and Self shares",
	.options =
	"  FILE|DIR...            the trace, a perf.data file or a pprof profile (default\n"
	"                         cprof.data); several traces or a directory of rotated\n"
	"                         traces are read as one\n"
	"  -i, --input FILE       the same, perf's way\n"
	"  -s, --sort KEYS        entry keys, from comm, pid, tid, dso, sym, srcline\n"
	"                         (default comm,dso,sym)\n"
	"      --children         Children and Self columns (the default)\n"
	"      --no-children      Self only: samples whose innermost frame is the entry\n"
	"  -g, --call-graph ORDER graph under each entry: caller (default), callee, none\n"
	"      --percent-limit N  hide entries and graph branches under N percent\n"
	"                         (default: entries 0, branches 0.5)\n"
	"      --max-stack N      use only the N frames nearest each sample's leaf\n"
	"      --pid LIST         only these processes (comma-separated ids)\n"
	"      --tid LIST         only these threads\n"
	"      --comm LIST        only threads with these names\n"
	"      --dso LIST         only frames in these modules (base name or path)\n"
	"      --symbol LIST      only frames of these functions\n"
	"      --time START,END   only samples in this window, seconds from the start\n"
	"                         (units ms, us, ns allowed; either side may be empty)\n"
	"      --from TIME        only samples from TIME on: +5s (after the start), -30s\n"
	"                         (before the end), 12:00:05 or 2026-01-31T12:00:05\n"
	"      --to TIME          only samples up to TIME (the same forms)\n"
	"      --event NAME       the event to report (default: the first recorded)\n"
	"      --sample-index TYPE  pprof input: the sample type reported, by name or number\n"
	"                         (default: the profile's default, as go tool pprof)\n"
	"      --no-inline        fold inlined functions into their caller\n"
	"      --format FORMAT    text (default), csv or json\n"
	"      --stdio            text output (the only interactive form; for perf users)\n"
	"  -h, --help             show this help\n",
	.exec = cmd_report_exec,
};

enum {
	OPT_CHILDREN = 256, OPT_NO_CHILDREN, OPT_PERCENT_LIMIT, OPT_MAX_STACK, OPT_PID, OPT_TID,
	OPT_COMM, OPT_DSO, OPT_SYMBOL, OPT_TIME, OPT_EVENT, OPT_NO_INLINE, OPT_FORMAT, OPT_STDIO,
	OPT_SAMPLE_INDEX, OPT_FROM, OPT_TO,
};

/* --from and --to: read once the traces are open (-30s needs their end). */
static const char *window_from, *window_to;

static const struct option long_options[] = {
	{ "input", required_argument, NULL, 'i' },
	{ "sort", required_argument, NULL, 's' },
	{ "children", no_argument, NULL, OPT_CHILDREN },
	{ "no-children", no_argument, NULL, OPT_NO_CHILDREN },
	{ "call-graph", required_argument, NULL, 'g' },
	{ "percent-limit", required_argument, NULL, OPT_PERCENT_LIMIT },
	{ "max-stack", required_argument, NULL, OPT_MAX_STACK },
	{ "pid", required_argument, NULL, OPT_PID },
	{ "tid", required_argument, NULL, OPT_TID },
	{ "comm", required_argument, NULL, OPT_COMM },
	{ "dso", required_argument, NULL, OPT_DSO },
	{ "symbol", required_argument, NULL, OPT_SYMBOL },
	{ "time", required_argument, NULL, OPT_TIME },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "event", required_argument, NULL, OPT_EVENT },
	{ "sample-index", required_argument, NULL, OPT_SAMPLE_INDEX },
	{ "no-inline", no_argument, NULL, OPT_NO_INLINE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "stdio", no_argument, NULL, OPT_STDIO },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_option(const struct cmd_entry *c, struct report_opts *o, int opt,
			const char **path, const char **sample_index)
{
	double d;
	uint64_t u;
	switch (opt) {
	case 'i': *path = optarg; return 0;
	case 's':
		if (report_parse_keys(o, optarg) < 0)
			return cmd_usage_error(c, "%s", err_msg());
		return 0;
	case OPT_CHILDREN: o->no_children = false; return 0;
	case OPT_NO_CHILDREN: o->no_children = true; return 0;
	case 'g':
		if (strcmp(optarg, "caller") == 0)
			o->graph = GRAPH_CALLER;
		else if (strcmp(optarg, "callee") == 0)
			o->graph = GRAPH_CALLEE;
		else if (strcmp(optarg, "none") == 0)
			o->graph = GRAPH_NONE;
		else
			return cmd_usage_error(c, "bad call graph order '%s' (caller, callee or none)",
					       optarg);
		return 0;
	case OPT_PERCENT_LIMIT:
		if (!parse_double(optarg, &d) || d < 0 || d > 100)
			return cmd_usage_error(c, "bad percent limit '%s' (0 to 100)", optarg);
		o->percent_limit = o->graph_limit = d;
		return 0;
	case OPT_MAX_STACK:
		if (!parse_u64(optarg, &u) || u == 0 || u > 1000000)
			return cmd_usage_error(c, "bad stack depth '%s' (1 or more)", optarg);
		o->max_stack = u;
		return 0;
	case OPT_PID: o->select.pids = optarg; return 0;
	case OPT_TID: o->select.tids = optarg; return 0;
	case OPT_COMM: o->select.comms = optarg; return 0;
	case OPT_DSO: o->dsos = optarg; return 0;
	case OPT_SYMBOL: o->symbols = optarg; return 0;
	case OPT_TIME:
		if (report_parse_time(o, optarg) < 0)
			return cmd_usage_error(c, "%s", err_msg());
		return 0;
	case OPT_EVENT: o->select.event = optarg; return 0;
	case OPT_SAMPLE_INDEX: *sample_index = optarg; return 0;
	case OPT_FROM: window_from = optarg; return 0;
	case OPT_TO: window_to = optarg; return 0;
	case OPT_NO_INLINE: o->select.no_inline = true; return 0;
	case OPT_FORMAT:
		if (strcmp(optarg, "text") == 0)
			o->format = REPORT_TEXT;
		else if (strcmp(optarg, "csv") == 0)
			o->format = REPORT_CSV;
		else if (strcmp(optarg, "json") == 0)
			o->format = REPORT_JSON;
		else
			return cmd_usage_error(c, "bad format '%s' (text, csv or json)", optarg);
		return 0;
	case OPT_STDIO: o->format = REPORT_TEXT; return 0;
	default: return EXIT_USAGE;
	}
}

static int cmd_report_exec(int argc, char **argv)
{
	const struct cmd_entry *c = &cmd_report_entry;
	struct report_opts o = { .graph = GRAPH_CALLER, .graph_limit = 0.5 };
	const char *path = NULL, *sample_index = NULL;
	int opt;

	report_parse_keys(&o, "comm,dso,sym");
	window_from = window_to = NULL;
	optind = 0;
	while ((opt = cmd_getopt(c, argc, argv, "hi:s:g:", long_options)) != -1) {
		if (opt == 'h')
			return EXIT_OK;
		int rc = parse_option(c, &o, opt, &path, &sample_index);
		if (rc)
			return rc;
	}
	if (path && argc > optind)
		return cmd_usage_error(c, "-i and a trace argument exclude each other ('%s')",
				       argv[optind]);
	const char *deflt[] = { path ? path : "cprof.data" };
	const char *const *paths = optind < argc ? (const char *const *)argv + optind : deflt;
	size_t npaths = optind < argc ? (size_t)(argc - optind) : 1;
	if (o.format == REPORT_TEXT)
		term_setup(STDOUT_FILENO, &o.color, &o.width);

	if (npaths == 1 && draw_is_pprof(paths[0]))
		return report_pprof(c, paths[0], sample_index, &o);
	struct trace *t = cmd_open_traces(c, paths, npaths);
	if (!t)
		return EXIT_FAIL;
	int rc = cmd_time_window(c, t, window_from, window_to, &o.select);
	if (rc) {
		trace_free(t);
		return rc;
	}
	rc = report_write(t, &o, stdout);
	if (rc < 0)
		cmd_error(c, "%s", err_msg());
	trace_free(t);
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
}
