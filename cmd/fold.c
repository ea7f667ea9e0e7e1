/* `cprof fold`: a trace as folded stacks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/draw.h"
#include "lib/util.h"
#include "report/fold.h"
#include "report/pprof.h"
#include "trace/trace.h"

static int cmd_fold_exec(int argc, char **argv);

const struct cmd_entry cmd_fold_entry = {
	.name = "fold",
	.usage = "[OPTIONS] [FILE]",
	.summary = "print a trace as folded stacks (root;...;leaf COUNT)",
	.options =
	"  FILE                   the trace (default cprof.data; - for standard input),\n"
	"                         or a pprof profile\n"
	"      --pid[=LIST]       name the root frame comm-PID; with LIST, only those processes\n"
	"      --tid[=LIST]       name the root frame comm-PID/TID; with LIST, only those threads\n"
	"      --comm=LIST        only threads with these names\n"
	"      --event NAME       the event to fold (default: the first recorded)\n"
	"      --period           weight stacks by the event's period, not by samples\n"
	"      --no-inline        fold inlined functions into their caller\n"
	"      --srcline          name frames func:file:line\n"
	"      --sample-index TYPE  pprof input: the sample type folded, by name or number\n"
	"                         (default: the profile's default, as go tool pprof)\n"
	"  -h, --help             show this help\n",
	.exec = cmd_fold_exec,
};

enum {
	OPT_PID = 256, OPT_TID, OPT_COMM, OPT_EVENT, OPT_PERIOD, OPT_NO_INLINE, OPT_SRCLINE,
	OPT_SAMPLE_INDEX,
};

static const struct option long_options[] = {
	{ "pid", optional_argument, NULL, OPT_PID },
	{ "tid", optional_argument, NULL, OPT_TID },
	{ "comm", required_argument, NULL, OPT_COMM },
	{ "event", required_argument, NULL, OPT_EVENT },
	{ "period", no_argument, NULL, OPT_PERIOD },
	{ "no-inline", no_argument, NULL, OPT_NO_INLINE },
	{ "srcline", no_argument, NULL, OPT_SRCLINE },
	{ "sample-index", required_argument, NULL, OPT_SAMPLE_INDEX },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int fold_pprof(const struct cmd_entry *c, const char *path, const char *sample_index,
		      const struct trace_profile_opts *o)
{
	struct pprof_opts po = { .sample_index = sample_index, .select = o };
	struct pprof_stats st;
	struct profile *p = profile_new();
	int ret = draw_read_pprof(c, p, path, &po, &st) < 0 ? EXIT_FAIL : EXIT_OK;
	if (ret == EXIT_OK && profile_write_folded(p, stdout) < 0) {
		cmd_error(c, "%s", err_msg());
		ret = EXIT_FAIL;
	}
	profile_free(p);
	return ret;
}

static int cmd_fold_exec(int argc, char **argv)
{
	const struct cmd_entry *c = &cmd_fold_entry;
	struct trace_profile_opts o = { 0 };
	const char *sample_index = NULL;
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
		case OPT_SAMPLE_INDEX: sample_index = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind > 1)
		return cmd_usage_error(c, "one trace at a time ('%s' is extra)", argv[optind + 1]);
	const char *path = optind < argc ? argv[optind] : "cprof.data";

	if (draw_is_pprof(path))
		return fold_pprof(c, path, sample_index, &o);
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
