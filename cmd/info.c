/* `cprof info`: the header, counts and integrity of a trace. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "cmd/cmd.h"
#include "lib/util.h"
#include "report/info.h"
#include "trace/multi.h"
#include "trace/trace.h"

static int cmd_info_exec(int argc, char **argv);

static const struct cmd_option info_options[] = {
	CMD_OPERAND("FILE", "the trace or a perf.data file (default cprof.data)"),
	CMD_OPERAND("DIR...",
		"a directory of rotated traces (or several traces):\n"
		"each file, the span, samples, gaps, and how\n"
		"processes ended"),
	CMD_HELP,
	CMD_END,
};

const struct cmd_entry cmd_info_entry = {
	.name = "info",
	.usage = "[FILE|DIR...]",
	.summary = "describe a trace: command, host, events, counts, integrity",
	.options = info_options,
	.exec = cmd_info_exec,
};

static int info_set(const struct cmd_entry *c, const char *const *paths, size_t n)
{
	struct trace_set set;
	if (trace_set_open(&set, paths, n) < 0) {
		cmd_error(c, "%s", err_msg());
		return EXIT_FAIL;
	}
	int rc = trace_write_set_info(&set, n == 1 ? paths[0] : "the files given", stdout);
	struct trace *t = rc < 0 ? NULL : trace_set_merge(&set);
	if (t) {
		trace_write_ends(t, stdout, "ends:        ", "             ", 50);
		trace_free(t);
	} else if (rc == 0) {
		cmd_error(c, "%s", err_msg());
		rc = -EINVAL;
	} else {
		cmd_error(c, "%s", err_msg());
	}
	trace_set_release(&set);
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

static int cmd_info_exec(int argc, char **argv)
{
	const struct cmd_entry *c = &cmd_info_entry;
	int rc = cmd_parse_options(c, argc, argv, NULL, NULL);
	if (rc)
		return cmd_parse_status(rc);
	if (argc - optind > 1 || (optind < argc && trace_path_is_dir(argv[optind])))
		return info_set(c, (const char *const *)argv + optind, argc - optind);
	const char *path = optind < argc ? argv[optind] : "cprof.data";
	/* perf.data is read as a trace, with its notices */
	bool perf = cmd_is_perfdata(path);
	struct trace *t = perf ? cmd_open_trace(c, path) : trace_open(path);
	if (!t) {
		if (!perf)
			cmd_error(c, "%s", err_msg());
		return EXIT_FAIL;
	}
	rc = trace_write_info(t, stdout);
	if (rc < 0)
		cmd_error(c, "%s", err_msg());
	trace_free(t);
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
}
