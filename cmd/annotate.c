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

enum { OPT_STDIO = CMD_LONG_ONLY, OPT_SOURCE_ONLY, OPT_ASM_ONLY, OPT_EVENT };

static const struct cmd_option annotate_options[] = {
	CMD_OPERAND("SYMBOL", "the function (a part of the name when none matches whole)"),
	CMD_OPERAND("FILE", "the trace (default cprof.data)"),
	CMD_OPT('i', "input", "FILE", "the trace, perf's way"),
	CMD_OPT(OPT_STDIO, "stdio", NULL,
		"plain text (the only form; the default off a terminal)"),
	CMD_OPT(OPT_SOURCE_ONLY, "source-only", NULL,
		"shares per source line, without instructions"),
	CMD_OPT(OPT_ASM_ONLY, "asm-only", NULL, "instructions without source lines"),
	CMD_OPT('M', "disassembler-style", "STYLE",
		"att (default, like objdump and perf) or intel"),
	CMD_OPT('d', "dso", "MODULE", "only functions in this module (base name or path)"),
	CMD_OPT(OPT_EVENT, "event", "NAME", "the event (default: the first recorded)"),
	CMD_HELP,
	CMD_END,
};

const struct cmd_entry cmd_annotate_entry = {
	.name = "annotate",
	.usage = "[OPTIONS] SYMBOL [FILE]",
	.summary = "show a function's instructions and source lines with their shares",
	.options = annotate_options,
	.exec = cmd_annotate_exec,
};

struct annotate_cmd {
	struct annotate_opts o;
	const char *path;
};

static int annotate_option(void *ctx, int id, const char *arg)
{
	const struct cmd_entry *c = &cmd_annotate_entry;
	struct annotate_cmd *ac = ctx;
	switch (id) {
	case 'i': ac->path = arg; break;
	case OPT_STDIO: break;
	case OPT_SOURCE_ONLY: ac->o.view = VIEW_SOURCE; break;
	case OPT_ASM_ONLY: ac->o.view = VIEW_ASM; break;
	case 'M':
		if (strcmp(arg, "intel") == 0)
			ac->o.intel = true;
		else if (strcmp(arg, "att") == 0)
			ac->o.intel = false;
		else
			return cmd_usage_error(c, "bad disassembler style '%s' (att or intel)", arg);
		break;
	case 'd': ac->o.dso = arg; break;
	case OPT_EVENT: ac->o.event = arg; break;
	}
	return 0;
}

static int cmd_annotate_exec(int argc, char **argv)
{
	const struct cmd_entry *c = &cmd_annotate_entry;
	struct annotate_cmd ac = { .o = { .view = VIEW_MIXED } };
	struct annotate_opts *o = &ac.o;
	int rc = cmd_parse_options(c, argc, argv, annotate_option, &ac);
	if (rc)
		return cmd_parse_status(rc);
	const char *path = ac.path;
	if (optind >= argc)
		return cmd_usage_error(c, "which function? (see 'cprof report --sort sym')");
	o->symbol = argv[optind++];
	if (!*o->symbol)
		return cmd_usage_error(c, "the function name is empty");
	if (argc - optind > (path ? 0 : 1))
		return cmd_usage_error(c, "one trace at a time ('%s' is extra)", argv[argc - 1]);
	if (!path)
		path = optind < argc ? argv[optind] : "cprof.data";
	term_setup(STDOUT_FILENO, &o->color, &o->width);

	struct trace *t = cmd_open_trace(c, path);
	if (!t)
		return EXIT_FAIL;
	char *notice = NULL;
	rc = annotate_write(t, o, stdout, &notice);
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
