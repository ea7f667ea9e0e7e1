#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "lib/util.h"

static int cmd_help_exec(int argc, char **argv);

static const struct cmd_option help_options[] = {
	CMD_HELP,
	/* what the man-page test checks the pages against */
	{ .id = CMD_LONG_ONLY, .name = "options", .arg = "COMMAND", .flags = CMD_HIDDEN },
	CMD_END,
};

static const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND]",
	.summary = "show the commands, or one command's options",
	.options = help_options,
	.exec = cmd_help_exec,
};

const struct cmd_entry *const cmd_table[] = {
	&cmd_record_entry,
	&cmd_attach_entry,
	&cmd_fold_entry,
	&cmd_info_entry,
	&cmd_flame_entry,
	&cmd_report_entry,
	&cmd_diff_entry,
	&cmd_annotate_entry,
	&cmd_export_entry,
	&cmd_help_entry,
	NULL,
};

static const struct cmd_entry *find_cmd(const char *name)
{
	for (const struct cmd_entry *const *c = cmd_table; *c; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

/* "; did you mean 'record'?" for a mistyped command, or "".  The caller frees. */
static char *command_hint(const char *name)
{
	const char *names[32];
	size_t n = 0;
	for (const struct cmd_entry *const *c = cmd_table; *c && n + 1 < ARRAY_SIZE(names); c++)
		names[n++] = (*c)->name;
	names[n] = NULL;
	return cmd_did_you_mean(name, strlen(name), names, 2, "");
}

static void print_usage(FILE *f)
{
	fprintf(f, "usage: cprof COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
	for (const struct cmd_entry *const *c = cmd_table; *c; c++)
		fprintf(f, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(f, "\n'cprof help COMMAND' or 'cprof COMMAND -h' shows a command's options.\n"
		   "cprof --version prints the version.\n");
}

static int help_option(void *ctx, int id, const char *arg)
{
	(void)id;	/* --options alone */
	*(const char **)ctx = arg;
	return 0;
}

static int cmd_help_exec(int argc, char **argv)
{
	const char *table_of = NULL;
	int rc = argc < 2 ? 0 : cmd_parse_options(&cmd_help_entry, argc, argv, help_option,
						  &table_of);
	if (rc)
		return cmd_parse_status(rc);
	const char *name = table_of ? table_of : optind < argc ? argv[optind] : NULL;
	if (!name) {
		print_usage(stdout);
		return EXIT_OK;
	}
	const struct cmd_entry *c = find_cmd(name);
	if (!c) {
		char *hint = command_hint(name);
		fprintf(stderr, "cprof help: unknown command '%s'%s\n", name, hint);
		free(hint);
		return EXIT_USAGE;
	}
	if (table_of)
		cmd_print_option_table(c, stdout);
	else
		cmd_print_help(c, stdout);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
		printf("cprof %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0)
		return cmd_help_exec(1, argv);
	const struct cmd_entry *c = find_cmd(name);
	if (!c) {
		char *hint = command_hint(name);
		fprintf(stderr, "cprof: unknown command '%s'%s (see 'cprof help')\n", name, hint);
		free(hint);
		return EXIT_USAGE;
	}
	return c->exec(argc - 1, argv + 1);
}
