#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "lib/util.h"

static int cmd_help_exec(int argc, char **argv);

static const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND]",
	.summary = "show the commands, or one command's options",
	.options = "  -h, --help             show this help\n",
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

static const char *closest_cmd(const char *name)
{
	const char *best = NULL;
	unsigned best_d = 3;

	for (const struct cmd_entry *const *c = cmd_table; *c; c++) {
		unsigned d = edit_distance(name, (*c)->name);
		if (d < best_d || (strncmp((*c)->name, name, strlen(name)) == 0 && !best)) {
			best_d = d;
			best = (*c)->name;
		}
	}
	return best;
}

static void print_usage(FILE *f)
{
	fprintf(f, "usage: cprof COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
	for (const struct cmd_entry *const *c = cmd_table; *c; c++)
		fprintf(f, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(f, "\n'cprof help COMMAND' or 'cprof COMMAND -h' shows a command's options.\n"
		   "cprof --version prints the version.\n");
}

static int cmd_help_exec(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		cmd_print_help(&cmd_help_entry, stdout);
		return EXIT_OK;
	}
	const struct cmd_entry *c = find_cmd(argv[1]);
	if (!c) {
		const char *near = closest_cmd(argv[1]);
		fprintf(stderr, "cprof help: unknown command '%s'%s%s%s\n", argv[1],
			near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
		return EXIT_USAGE;
	}
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
		const char *near = closest_cmd(name);
		fprintf(stderr, "cprof: unknown command '%s'%s%s%s (see 'cprof help')\n", name,
			near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
		return EXIT_USAGE;
	}
	return c->exec(argc - 1, argv + 1);
}
