/*
 * cmd/opt.c: an option table made into getopt_long's tables and into the
 * help; what the parser hands the command, and its one-line messages.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/util.h"
#include "tests/unit/check.h"

enum { T_LEVEL = CMD_LONG_ONLY, T_PID, T_SECRET, T_STYLE, T_NO_A, T_NO_B };

static const struct cmd_option rows[] = {
	CMD_OPERAND("FILE...", "the inputs"),
	CMD_OPT('o', "output", "FILE", "write FILE"),
	CMD_OPT('v', NULL, NULL, "say more"),
	CMD_OPT(T_LEVEL, "level", "N", "how far to go,\nin steps"),
	CMD_OPT(T_LEVEL, "depth", "N", NULL),
	{ .id = T_PID, .name = "pid", .arg = "LIST", .help = "name processes; with LIST, keep them",
	  .flags = CMD_ARG_OPTIONAL },
	{ .id = T_SECRET, .name = "secret", .flags = CMD_HIDDEN },
	CMD_OPT(T_STYLE, "disassembler-style", "STYLE", "att or intel"),
	CMD_OPT(T_NO_A, "no-alpha", NULL, "without alpha"),
	CMD_OPT(T_NO_B, "no-beta", NULL, "without beta"),
	CMD_HELP,
	CMD_TEXT("A closing line."),
	CMD_END,
};

static int exec_none(int argc, char **argv)
{
	(void)argc, (void)argv;
	return 0;
}

static const struct cmd_entry cmd = {
	.name = "test", .usage = "[OPTIONS] FILE...", .summary = "a command to test",
	.options = rows, .exec = exec_none,
};

static const struct cmd_entry cmd_first = {
	.name = "run", .usage = "[OPTIONS] COMMAND", .summary = "options end at COMMAND",
	.options = rows, .options_first = true, .exec = exec_none,
};

/* What set() was told, "o=x v level=3 pid pid=1 ", and when to refuse. */
struct seen {
	char log[512];
	int refuse;	/* an id set() refuses with EXIT_USAGE */
};

static int set(void *ctx, int id, const char *arg)
{
	struct seen *s = ctx;
	const char *name = id < CMD_LONG_ONLY ? (char[]){ (char)id, 0 } :
			   cmd_option_name(&cmd, id);
	size_t n = strlen(s->log);
	snprintf(s->log + n, sizeof(s->log) - n, "%s%s%s ", name, arg ? "=" : "", arg ? arg : "");
	return id == s->refuse ? EXIT_USAGE : 0;
}

/* The whole file at path, as a string the caller frees. */
static char *read_file_str(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = xcalloc(1 << 16, 1);
	if (f) {
		size_t n = fread(s, 1, (1 << 16) - 1, f);
		s[n] = '\0';
		fclose(f);
	}
	return s;
}

/* Runs the parser on a command line of words with stdout and stderr in
 * out and err (the caller frees): its return. */
static int parse(const struct cmd_entry *c, struct seen *s, char **out, char **err,
		 int argc, char **argv)
{
	char of[] = "/tmp/cprof-test-options-XXXXXX", ef[] = "/tmp/cprof-test-options-XXXXXX";
	int ofd = mkstemp(of), efd = mkstemp(ef);
	fflush(stdout);
	fflush(stderr);
	int saved_out = dup(1), saved_err = dup(2);
	dup2(ofd, 1);
	dup2(efd, 2);
	int rc = cmd_parse_options(c, argc, argv, set, s);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	*out = read_file_str(of);
	*err = read_file_str(ef);
	close(ofd);
	close(efd);
	unlink(of);
	unlink(ef);
	return rc;
}

#define PARSE(c, s, out, err, ...) \
	parse((c), (s), (out), (err), ARRAY_SIZE(((char *[]){ __VA_ARGS__ })), \
	      (char *[]){ __VA_ARGS__, NULL })

static const char usage_line[] = "usage: cprof test [OPTIONS] FILE... (see 'cprof test -h')\n";

/* err is message then the usage hint. */
static void check_usage_error(char *err, const char *message)
{
	char *want = xasprintf("cprof test: %s\n%s", message, usage_line);
	CHECK_STR(err, want);
	free(want);
}

static void test_help(void)
{
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);
	cmd_print_help(&cmd, f);
	fclose(f);
	CHECK_STR(text,
		  "usage: cprof test [OPTIONS] FILE...\n"
		  "\n"
		  "a command to test\n"
		  "\n"
		  "options:\n"
		  "  FILE...                the inputs\n"
		  "  -o, --output FILE      write FILE\n"
		  "  -v                     say more\n"
		  "      --level N          how far to go,\n"
		  "                         in steps\n"
		  "      --pid[=LIST]       name processes; with LIST, keep them\n"
		  "      --disassembler-style STYLE\n"
		  "                         att or intel\n"
		  "      --no-alpha         without alpha\n"
		  "      --no-beta          without beta\n"
		  "  -h, --help             show this help\n"
		  "A closing line.\n"
		  "\n"
		  "See cprof-test(1).\n");
	free(text);

	f = open_memstream(&text, &len);
	cmd_print_option_table(&cmd, f);
	fclose(f);
	CHECK_STR(text,
		  "help\t-o\t--output\tFILE\n"
		  "help\t-v\t-\t-\n"
		  "help\t-\t--level\tN\n"
		  "alias\t-\t--depth\tN\n"
		  "help\t-\t--pid\tLIST\n"
		  "hidden\t-\t--secret\t-\n"
		  "help\t-\t--disassembler-style\tSTYLE\n"
		  "help\t-\t--no-alpha\t-\n"
		  "help\t-\t--no-beta\t-\n"
		  "help\t-h\t--help\t-\n");
	free(text);
	CHECK_STR(cmd_option_name(&cmd, T_LEVEL), "level");
	CHECK_STR(cmd_option_name(&cmd, 'v'), "?");
}

static void test_parse(void)
{
	struct seen s = { .refuse = 0 };
	char *out, *err;
	int rc = PARSE(&cmd, &s, &out, &err, "test", "a", "-vo", "x.svg", "--level", "3", "b",
		       "--depth=4", "--pid", "--pid=1,2", "--secret", "--lev", "5", "--", "-v");
	CHECK_INT(rc, 0);
	CHECK_STR(s.log, "v o=x.svg level=3 level=4 pid pid=1,2 secret level=5 ");
	CHECK_STR(out, "");
	CHECK_STR(err, "");
	/* the operands, gathered after the options */
	CHECK_INT(optind, 12);
	free(out);
	free(err);

	/* options first: the first operand ends them */
	struct seen f = { .refuse = 0 };
	char *argv[] = { "run", "-v", "prog", "-o", "x", NULL };
	char *o2, *e2;
	rc = parse(&cmd_first, &f, &o2, &e2, 5, argv);
	CHECK_INT(rc, 0);
	CHECK_STR(f.log, "v ");
	CHECK_INT(optind, 2);
	CHECK_STR(argv[optind], "prog");
	free(o2);
	free(e2);

	/* set() refuses: parsing stops there */
	struct seen r = { .refuse = T_LEVEL };
	rc = PARSE(&cmd, &r, &out, &err, "test", "-v", "--level", "x", "-o", "y");
	CHECK_INT(rc, EXIT_USAGE);
	CHECK_STR(r.log, "v level=x ");
	free(out);
	free(err);

	/* -h: the help on stdout, nothing else done */
	struct seen h = { .refuse = 0 };
	rc = PARSE(&cmd, &h, &out, &err, "test", "-h", "-v");
	CHECK_INT(rc, CMD_HELP_SHOWN);
	CHECK_INT(cmd_parse_status(rc), EXIT_OK);
	CHECK(strncmp(out, "usage: cprof test [OPTIONS] FILE...\n", 36) == 0);
	CHECK_STR(h.log, "");
	CHECK_STR(err, "");
	free(out);
	free(err);
}

/* Each mistake: EXIT_USAGE, one message and the usage line, set() not called after. */
static void test_errors(void)
{
	static const struct {
		const char *arg, *arg2, *message;
	} cases[] = {
		{ "--levle", "3", "unknown option '--levle'; did you mean '--level'?" },
		{ "--outptu=x", NULL, "unknown option '--outptu'; did you mean '--output'?" },
		{ "--zzzzzz", NULL, "unknown option '--zzzzzz'" },
		/* hidden options are not suggested */
		{ "--secrte", NULL, "unknown option '--secrte'" },
		{ "-x", NULL, "unknown option '-x'" },
		{ "-vx", NULL, "unknown option '-x'" },
		{ "-o", NULL, "option '-o' needs a value" },
		{ "--output", NULL, "option '--output' needs a value" },
		{ "--out", NULL, "option '--output' needs a value" },
		{ "--depth", NULL, "option '--depth' needs a value" },
		{ "--no-alpha=1", NULL, "option '--no-alpha' takes no value" },
		{ "--help=1", NULL, "option '--help' takes no value" },
		{ "--no", NULL, "option '--no' is ambiguous: --no-alpha, --no-beta" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct seen s = { .refuse = 0 };
		char *out, *err;
		int rc = cases[i].arg2 ?
			 PARSE(&cmd, &s, &out, &err, "test", "in", (char *)cases[i].arg,
			       (char *)cases[i].arg2, "-v") :
			 PARSE(&cmd, &s, &out, &err, "test", "in", (char *)cases[i].arg);
		CHECK_INT(rc, EXIT_USAGE);
		check_usage_error(err, cases[i].message);
		CHECK_STR(out, "");
		CHECK(!strstr(s.log, "level"));
		free(out);
		free(err);
	}
	/* after an option and its value, the error is the next one's */
	struct seen s = { .refuse = 0 };
	char *out, *err;
	int rc = PARSE(&cmd, &s, &out, &err, "test", "--output", "f", "-q");
	CHECK_INT(rc, EXIT_USAGE);
	check_usage_error(err, "unknown option '-q'");
	CHECK_STR(s.log, "o=f ");
	free(out);
	free(err);
}

static void test_did_you_mean(void)
{
	const char *names[] = { "total", "title", "record", "report", NULL };
	char *h = cmd_did_you_mean("titel", 5, names, 2, "--");
	CHECK_STR(h, "; did you mean '--title'?");	/* a tie goes to the longer common start */
	free(h);
	h = cmd_did_you_mean("recrod", 6, names, 2, "");
	CHECK_STR(h, "; did you mean 'record'?");
	free(h);
	h = cmd_did_you_mean("rep", 3, names, 1, "");
	CHECK_STR(h, "; did you mean 'report'?");	/* begun, not near */
	free(h);
	h = cmd_did_you_mean("xyzzy", 5, names, 2, "");
	CHECK_STR(h, "");
	free(h);
	h = cmd_did_you_mean("title=3", 5, names, 2, "--");
	CHECK_STR(h, "; did you mean '--title'?");	/* only len bytes count */
	free(h);
}

int main(void)
{
	test_help();
	test_parse();
	test_errors();
	test_did_you_mean();
	return check_exit();
}
