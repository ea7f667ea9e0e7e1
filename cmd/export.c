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

enum { OPT_PID = CMD_LONG_ONLY, OPT_TID, OPT_COMM, OPT_TIME, OPT_FROM, OPT_TO, OPT_EVENT,
	OPT_NO_INLINE };
enum format { FMT_PPROF, FMT_SPEEDSCOPE, FMT_FOLDED };

static const struct cmd_option export_options[] = {
	CMD_OPERAND("FILE|DIR...",
		"the traces, made one profile (default cprof.data); a\n"
		"directory is its rotated traces read as one"),
	CMD_OPT('f', "format", "FORMAT",
		"pprof (default: gzipped profile.proto, for go tool pprof,\n"
		"Pyroscope, Parca), speedscope (JSON) or folded"),
	CMD_OPT('o', "output", "FILE", "write FILE (default: standard output)"),
	CMD_OPT(OPT_PID, "pid", "LIST", "only these processes (comma-separated ids)"),
	CMD_OPT(OPT_TID, "tid", "LIST", "only these threads"),
	CMD_OPT(OPT_COMM, "comm", "LIST", "only threads with these names"),
	CMD_TIME_OPTION(OPT_TIME),
	CMD_WINDOW_OPTIONS(OPT_FROM, OPT_TO),
	CMD_OPT(OPT_EVENT, "event", "NAME", "the event to export (default: the first recorded)"),
	CMD_OPT(OPT_NO_INLINE, "no-inline", NULL, "fold inlined functions into their caller"),
	CMD_HELP,
	CMD_END,
};

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "[OPTIONS] [FILE|DIR...]",
	.summary = "write traces for other tools: pprof, speedscope or folded stacks",
	.options = export_options,
	.exec = cmd_export_exec,
};

struct export_cmd {
	struct report_opts ro;
	enum format fmt;
	const char *out;
	/* --from and --to: read once the traces are open (-30s needs their end) */
	const char *from, *to;
};

static int export_option(void *ctx, int id, const char *arg)
{
	const struct cmd_entry *c = &cmd_export_entry;
	struct export_cmd *ec = ctx;
	struct trace_profile_opts *o = &ec->ro.select;
	switch (id) {
	case 'f':
		if (strcmp(arg, "pprof") == 0)
			ec->fmt = FMT_PPROF;
		else if (strcmp(arg, "speedscope") == 0)
			ec->fmt = FMT_SPEEDSCOPE;
		else if (strcmp(arg, "folded") == 0)
			ec->fmt = FMT_FOLDED;
		else
			return cmd_usage_error(c, "unknown format '%s' (pprof, speedscope or folded)",
					       arg);
		return 0;
	case 'o': ec->out = arg; return 0;
	case OPT_PID: o->pids = arg; return 0;
	case OPT_TID: o->tids = arg; return 0;
	case OPT_COMM: o->comms = arg; return 0;
	case OPT_TIME:
		if (report_parse_time(&ec->ro, arg) < 0)
			return cmd_usage_error(c, "%s", err_msg());
		return 0;
	case OPT_FROM: ec->from = arg; return 0;
	case OPT_TO: ec->to = arg; return 0;
	case OPT_EVENT: o->event = arg; return 0;
	case OPT_NO_INLINE: o->no_inline = true; return 0;
	}
	return 0;
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
	struct export_cmd ec = { .fmt = FMT_PPROF };
	int parsed = cmd_parse_options(c, argc, argv, export_option, &ec);
	if (parsed)
		return cmd_parse_status(parsed);
	struct report_opts ro = ec.ro;
	enum format fmt = ec.fmt;
	const char *out = ec.out;
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
	if (dir || ec.from || ec.to) {
		/* One recording in time order, so that -30s is before its end. */
		if (!(t[0] = cmd_open_traces(c, (const char *const *)paths, n)))
			ret = EXIT_FAIL;
		else
			ret = cmd_time_window(c, t[0], ec.from, ec.to, &ro.select);
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
