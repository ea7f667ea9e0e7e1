/* `cprof export`: traces as pprof, speedscope or folded stacks. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/draw.h"
#include "lib/util.h"
#include "report/export.h"
#include "report/report.h"
#include "trace/multi.h"
#include "report/trace_profile.h"

static int cmd_export_exec(int argc, char **argv);

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "[OPTIONS] [FILE|DIR...]",
	.summary = "write traces for other tools: pprof, speedscope or folded stacks",
	.options =
	"  FILE|DIR...            the traces, made one profile (default cprof.data); a\n"
	"                         directory is its rotated traces read as one\n"
	"  -f, --format FORMAT    pprof (default: gzipped profile.proto, for go tool pprof,\n"
	"                         Pyroscope, Parca), speedscope (JSON) or folded\n"
	"  -o, --output FILE      write FILE (default: standard output)\n"
	"      --pid LIST         only these processes (comma-separated ids)\n"
	"      --tid LIST         only these threads\n"
	"      --comm LIST        only threads with these names\n"
	"      --time START,END   only samples in this window, seconds from the start\n"
	"                         (units ms, us, ns allowed; either side may be empty)\n"
	"      --from TIME        only samples from TIME on: +5s (after the start), -30s\n"
	"                         (before the end), 12:00:05 or 2026-01-31T12:00:05\n"
	"      --to TIME          only samples up to TIME (the same forms)\n"
	"      --event NAME       the event to export (default: the first recorded)\n"
	"      --no-inline        fold inlined functions into their caller\n"
	"  -h, --help             show this help\n",
	.exec = cmd_export_exec,
};

enum { OPT_PID = 256, OPT_TID, OPT_COMM, OPT_TIME, OPT_FROM, OPT_TO, OPT_EVENT, OPT_NO_INLINE };
enum format { FMT_PPROF, FMT_SPEEDSCOPE, FMT_FOLDED };

static const struct option long_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "pid", required_argument, NULL, OPT_PID },
	{ "tid", required_argument, NULL, OPT_TID },
	{ "comm", required_argument, NULL, OPT_COMM },
	{ "time", required_argument, NULL, OPT_TIME },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "event", required_argument, NULL, OPT_EVENT },
	{ "no-inline", no_argument, NULL, OPT_NO_INLINE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* --from and --to: read once the traces are open (-30s needs their end). */
static const char *window_from, *window_to;

static int parse_option(const struct cmd_entry *c, struct report_opts *ro, enum format *fmt,
			const char **out, int opt)
{
	struct trace_profile_opts *o = &ro->select;
	switch (opt) {
	case 'f':
		if (strcmp(optarg, "pprof") == 0)
			*fmt = FMT_PPROF;
		else if (strcmp(optarg, "speedscope") == 0)
			*fmt = FMT_SPEEDSCOPE;
		else if (strcmp(optarg, "folded") == 0)
			*fmt = FMT_FOLDED;
		else
			return cmd_usage_error(c, "unknown format '%s' (pprof, speedscope or folded)",
					       optarg);
		return 0;
	case 'o': *out = optarg; return 0;
	case OPT_PID: o->pids = optarg; return 0;
	case OPT_TID: o->tids = optarg; return 0;
	case OPT_COMM: o->comms = optarg; return 0;
	case OPT_TIME:
		if (report_parse_time(ro, optarg) < 0)
			return cmd_usage_error(c, "%s", err_msg());
		return 0;
	case OPT_FROM: window_from = optarg; return 0;
	case OPT_TO: window_to = optarg; return 0;
	case OPT_EVENT: o->event = optarg; return 0;
	case OPT_NO_INLINE: o->no_inline = true; return 0;
	default: return EXIT_USAGE;
	}
}

static int write_format(enum format fmt, struct trace **t, size_t n,
			const struct trace_profile_opts *o, FILE *f)
{
	switch (fmt) {
	case FMT_PPROF: return export_pprof(t, n, o, f);
	case FMT_SPEEDSCOPE: return export_speedscope(t, n, o, f);
	default: return export_folded(t, n, o, f);
	}
}

static int cmd_export_exec(int argc, char **argv)
{
	const struct cmd_entry *c = &cmd_export_entry;
	struct report_opts ro = { 0 };
	enum format fmt = FMT_PPROF;
	const char *out = NULL;
	int opt;

	window_from = window_to = NULL;
	optind = 0;
	while ((opt = cmd_getopt(c, argc, argv, "hf:o:", long_options)) != -1) {
		if (opt == 'h')
			return EXIT_OK;
		int rc = parse_option(c, &ro, &fmt, &out, opt);
		if (rc)
			return rc;
	}
	/* Compressed bytes would only garble the terminal. */
	if (fmt == FMT_PPROF && !out && isatty(STDOUT_FILENO))
		return cmd_usage_error(c, "a pprof profile is binary: write it with -o FILE or "
				       "redirect the output");
	static char *dflt[] = { "cprof.data" };
	char **paths = optind < argc ? argv + optind : dflt;
	size_t n = optind < argc ? (size_t)(argc - optind) : 1;
	struct trace **t = xcalloc(n, sizeof(*t));
	int ret = EXIT_OK;
	bool dir = false;
	for (size_t i = 0; i < n; i++)
		dir |= trace_path_is_dir(paths[i]);
	if (dir || window_from || window_to) {
		/* One recording in time order, so that -30s is before its end. */
		if (!(t[0] = cmd_open_traces(c, (const char *const *)paths, n)))
			ret = EXIT_FAIL;
		else
			ret = cmd_time_window(c, t[0], window_from, window_to, &ro.select);
		n = 1;
	} else {
		for (size_t i = 0; i < n && ret == EXIT_OK; i++)
			if (!(t[i] = cmd_open_trace(c, paths[i])))
				ret = EXIT_FAIL;
	}
	struct draw_output o;
	if (ret == EXIT_OK && draw_output_open(c, &o, out) < 0)
		ret = EXIT_FAIL;
	else if (ret == EXIT_OK) {
		int rc = write_format(fmt, t, n, &ro.select, o.f);
		if (rc == 0 && (fflush(o.f) != 0 || ferror(o.f)))
			rc = err_errno(errno ? errno : EIO, "cannot write the profile");
		if (rc < 0)
			cmd_error(c, "%s", err_msg());
		if (draw_output_close(c, &o, rc == 0) < 0 || rc < 0)
			ret = EXIT_FAIL;
	}
	for (size_t i = 0; i < n; i++)
		trace_free(t[i]);
	free(t);
	return ret;
}
