/* `cprof info`: the header, counts and integrity of a trace. */
#include "config.h"

#include <stdio.h>

#include "cmd/cmd.h"
#include "lib/util.h"
#include "report/info.h"
#include "trace/trace.h"

static int cmd_info_exec(int argc, char **argv);

const struct cmd_entry cmd_info_entry = {
	.name = "info",
	.usage = "[FILE]",
	.summary = "describe a trace: command, host, events, counts, integrity",
	.options = "  FILE                   the trace (default cprof.data)\n"
		   "  -h, --help             show this help\n",
	.exec = cmd_info_exec,
};

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_info_exec(int argc, char **argv)
{
	const struct cmd_entry *c = &cmd_info_entry;
	int opt;
	optind = 0;
	while ((opt = cmd_getopt(c, argc, argv, "h", long_options)) != -1)
		return opt == 'h' ? EXIT_OK : EXIT_USAGE;
	if (argc - optind > 1)
		return cmd_usage_error(c, "one trace at a time ('%s' is extra)", argv[optind + 1]);
	const char *path = optind < argc ? argv[optind] : "cprof.data";
	struct trace *t = trace_open(path);
	if (!t) {
		cmd_error(c, "%s", err_msg());
		return EXIT_FAIL;
	}
	int rc = trace_write_info(t, stdout);
	if (rc < 0)
		cmd_error(c, "%s", err_msg());
	trace_free(t);
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
}
