/* `cprof fold`: a trace as folded stacks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "lib/util.h"
#include "report/fold.h"
#include "trace/trace.h"

static int cmd_fold_exec(int argc, char **argv);

const struct cmd_entry cmd_fold_entry = {
	.name = "fold",
	.usage = "[OPTIONS] [FILE|DIR...]",
	.summary = "print a trace as folded stacks (root;...;leaf COUNT)",
	.options =
	"  FILE|DIR...            the trace (default cprof.data; - for standard input);\n"
	"                         several traces or a directory of rotated traces are\n"
	"                         read as one\n"
	"      --from TIME        only samples from TIME on: +5s (after the start), -30s\n"
	"                         (before the end), 12:00:05 or 2026-01-31T12:00:05\n"
	"      --to TIME          only samples up to TIME (the same forms)\n"
	"      --pid[=LIST]       name the root frame comm-PID; with LIST, only those processes\n"
	"      --tid[=LIST]       name the root frame comm-PID/TID; with LIST, only those threads\n"
	"      --comm=LIST        only threads with these names\n"
	"      --event NAME       the event to fold (default: the first recorded)\n"
	"      --period           weight stacks by the event's period, not by samples\n"
	"      --no-inline        fold inlined functions into their caller\n"
	"      --srcline          name frames func:file:line\n"
	"  -h, --help             show this help\n",
	.exec = cmd_fold_exec,
};

enum {
	OPT_PID = 256, OPT_TID, OPT_COMM, OPT_EVENT, OPT_PERIOD, OPT_NO_INLINE, OPT_SRCLINE,
	OPT_FROM, OPT_TO,
};

static const struct option long_options[] = {
	{ "pid", optional_argument, NULL, OPT_PID },
	{ "tid", optional_argument, NULL, OPT_TID },
	{ "comm", required_argument, NULL, OPT_COMM },
	{ "event", required_argument, NULL, OPT_EVENT },
	{ "period", no_argument, NULL, OPT_PERIOD },
	{ "no-inline", no_argument, NULL, OPT_NO_INLINE },
	{ "srcline", no_argument, NULL, OPT_SRCLINE },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_fold_exec(int argc, char **argv)
{
	const struct cmd_entry *c = &cmd_fold_entry;
	struct trace_profile_opts o = { 0 };
	const char *from = NULL, *to = NULL;
	int opt;

	optind = 0;
	while ((opt = cmd_getopt(c, argc, argv, "h", long_options)) != -1) {
		switch (opt) {
		case 'h': return EXIT_OK;
		case OPT_PID:
			o.pid_root = true;
			o.pids = optarg;
			break;
		case OPT_TID:
			o.tid_root = true;
			o.tids = optarg;
			break;
		case OPT_COMM: o.comms = optarg; break;
		case OPT_EVENT: o.event = optarg; break;
		case OPT_PERIOD: o.period = true; break;
		case OPT_NO_INLINE: o.no_inline = true; break;
		case OPT_SRCLINE: o.srcline = true; break;
		case OPT_FROM: from = optarg; break;
		case OPT_TO: to = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	const char *deflt[] = { "cprof.data" };
	const char *const *paths = optind < argc ? (const char *const *)argv + optind : deflt;
	size_t npaths = optind < argc ? (size_t)(argc - optind) : 1;

	struct trace *t = cmd_open_traces(c, paths, npaths);
	if (!t)
		return EXIT_FAIL;
	int ret = cmd_time_window(c, t, from, to, &o);
	if (ret) {
		trace_free(t);
		return ret;
	}
	struct profile *p = trace_profile(t, &o);
	if (!p) {
		cmd_error(c, "%s", err_msg());
		ret = EXIT_FAIL;
	} else if (profile_write_folded(p, stdout) < 0) {
		cmd_error(c, "%s", err_msg());
		ret = EXIT_FAIL;
	}
	if (p && p->notice)
		cmd_notice(c, "%s", p->notice);
	profile_free(p);
	trace_free(t);
	return ret;
}
