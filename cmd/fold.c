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
	.usage = "[OPTIONS] [FILE]",
	.summary = "print a trace as folded stacks (root;...;leaf COUNT)",
	.options =
	"  FILE                   the trace (default cprof.data; - for standard input)\n"
	"      --pid[=LIST]       name the root frame comm-PID; with LIST, only those processes\n"
	"      --tid[=LIST]       name the root frame comm-PID/TID; with LIST, only those threads\n"
	"      --comm=LIST        only threads with these names\n"
	"      --event NAME       the event to fold (default: the first recorded); wall:\n"
	"                         cpu-clock and off-cpu together, in nanoseconds\n"
	"      --period           weigh stacks by the events' periods (the default for\n"
	"                         events other than cpu-clock and task-clock)\n"
	"      --samples          count samples, whatever the event\n"
	"      --no-inline        fold inlined functions into their caller\n"
	"      --srcline          name frames func:file:line\n"
	"  -h, --help             show this help\n",
	.exec = cmd_fold_exec,
};

enum {
	OPT_PID = 256, OPT_TID, OPT_COMM, OPT_EVENT, OPT_PERIOD, OPT_SAMPLES, OPT_NO_INLINE,
	OPT_SRCLINE
};

static const struct option long_options[] = {
	{ "pid", optional_argument, NULL, OPT_PID },
	{ "tid", optional_argument, NULL, OPT_TID },
	{ "comm", required_argument, NULL, OPT_COMM },
	{ "event", required_argument, NULL, OPT_EVENT },
	{ "period", no_argument, NULL, OPT_PERIOD },
	{ "samples", no_argument, NULL, OPT_SAMPLES },
	{ "no-inline", no_argument, NULL, OPT_NO_INLINE },
	{ "srcline", no_argument, NULL, OPT_SRCLINE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_fold_exec(int argc, char **argv)
{
	const struct cmd_entry *c = &cmd_fold_entry;
	struct trace_profile_opts o = { 0 };
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
		case OPT_PERIOD: o.weight = WEIGHT_PERIOD; break;
		case OPT_SAMPLES: o.weight = WEIGHT_SAMPLES; break;
		case OPT_NO_INLINE: o.no_inline = true; break;
		case OPT_SRCLINE: o.srcline = true; break;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind > 1)
		return cmd_usage_error(c, "one trace at a time ('%s' is extra)", argv[optind + 1]);
	const char *path = optind < argc ? argv[optind] : "cprof.data";

	struct trace *t = cmd_open_trace(c, path);
	if (!t)
		return EXIT_FAIL;
	struct profile *p = trace_profile(t, &o);
	int ret = EXIT_OK;
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
