/* `cprof annotate`: a function's hot instructions and source lines. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/term.h"
#include "lib/util.h"
#include "report/annotate.h"
#include "trace/trace.h"

static int cmd_annotate_exec(int argc, char **argv);

const struct cmd_entry cmd_annotate_entry = {
	.name = "annotate",
	.usage = "[OPTIONS] SYMBOL [FILE]",
	.summary = "show a function's instructions and source lines with their shares",
	.options =
	"  SYMBOL                 the function (a part of the name when none matches whole)\n"
	"  FILE                   the trace (default cprof.data)\n"
	"  -i, --input FILE       the trace, perf's way\n"
	"      --stdio            plain text (the only form; the default off a terminal)\n"
	"      --source-only      shares per source line, without instructions\n"
	"      --asm-only         instructions without source lines\n"
	"  -M, --disassembler-style STYLE\n"
	"                         att (default, like objdump and perf) or intel\n"
	"  -d, --dso MODULE       only functions in this module (base name or path)\n"
	"      --event NAME       the event (default: the first recorded)\n"
	"  -h, --help             show this help\n",
	.exec = cmd_annotate_exec,
};

enum { OPT_STDIO = 256, OPT_SOURCE_ONLY, OPT_ASM_ONLY, OPT_EVENT };

static const struct option long_options[] = {
	{ "input", required_argument, NULL, 'i' },
	{ "stdio", no_argument, NULL, OPT_STDIO },
	{ "source-only", no_argument, NULL, OPT_SOURCE_ONLY },
	{ "asm-only", no_argument, NULL, OPT_ASM_ONLY },
	{ "disassembler-style", required_argument, NULL, 'M' },
	{ "dso", required_argument, NULL, 'd' },
	{ "event", required_argument, NULL, OPT_EVENT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_options(const struct cmd_entry *c, int argc, char **argv,
			 struct annotate_opts *o, const char **path)
{
	int opt;
	optind = 0;
	while ((opt = cmd_getopt(c, argc, argv, "hi:M:d:", long_options)) != -1) {
		switch (opt) {
		case 'h': return -1;
		case 'i': *path = optarg; break;
		case OPT_STDIO: break;
		case OPT_SOURCE_ONLY: o->view = VIEW_SOURCE; break;
		case OPT_ASM_ONLY: o->view = VIEW_ASM; break;
		case 'M':
			if (strcmp(optarg, "intel") == 0)
				o->intel = true;
			else if (strcmp(optarg, "att") == 0)
				o->intel = false;
			else
				return cmd_usage_error(c, "bad disassembler style '%s' (att or intel)",
						       optarg);
			break;
		case 'd': o->dso = optarg; break;
		case OPT_EVENT: o->event = optarg; break;
		default: return EXIT_USAGE;
		}
	}
	return 0;
}

static int cmd_annotate_exec(int argc, char **argv)
{
	const struct cmd_entry *c = &cmd_annotate_entry;
	struct annotate_opts o = { .view = VIEW_MIXED };
	const char *path = NULL;

	int rc = parse_options(c, argc, argv, &o, &path);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (optind >= argc)
		return cmd_usage_error(c, "which function? (see 'cprof report --sort sym')");
	o.symbol = argv[optind++];
	if (!*o.symbol)
		return cmd_usage_error(c, "the function name is empty");
	if (argc - optind > (path ? 0 : 1))
		return cmd_usage_error(c, "one trace at a time ('%s' is extra)", argv[argc - 1]);
	if (!path)
		path = optind < argc ? argv[optind] : "cprof.data";
	term_setup(STDOUT_FILENO, &o.color, &o.width);

	struct trace *t = cmd_open_trace(c, path);
	if (!t)
		return EXIT_FAIL;
	char *notice = NULL;
	rc = annotate_write(t, &o, stdout, &notice);
	if (rc < 0)
		cmd_error(c, "%s", err_msg());
	else if (notice)
		cmd_notice(c, "%s", notice);
	free(notice);
	trace_free(t);
	if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
		cmd_error(c, "cannot write the annotation");
		rc = -1;
	}
	return rc < 0 ? EXIT_FAIL : EXIT_OK;
}
