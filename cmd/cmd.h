/* The command table and the helpers every command uses to parse options. */
#ifndef CPROF_CMD_H
#define CPROF_CMD_H

#include <getopt.h>	/* optind: where the operands start */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/*
 * One row of a command's option table.  The table is the only list of a
 * command's options: getopt_long's short string and long options, the
 * help (`cprof help CMD`, `cprof CMD -h`) and the list the man-page test
 * checks (`cprof help --options CMD`) are all made from it, in its order.
 *
 *   CMD_OPT('o', "output", "FILE", "write to FILE")   -o FILE, --output FILE
 *   CMD_OPT('g', NULL, NULL, "frame pointers")        -g alone
 *   CMD_OPT(DRAW_ICICLE, "icicle", NULL, "root up")   --icicle alone
 *   CMD_OPT(DRAW_ICICLE, "inverted", NULL, NULL)      an alias: same id, no help
 *   { .id = OPT_PID, .name = "pid", .arg = "LIST", .help = "...",
 *     .flags = CMD_ARG_OPTIONAL }                     --pid[=LIST]
 *   CMD_OPERAND("FILE", "the trace")                  a help line for an operand
 *   CMD_HELP, CMD_TEXT("a closing paragraph"), CMD_END
 *
 * A letter as id is also the short option; ids of long options alone
 * start at CMD_LONG_ONLY.  A help text's lines are separated by '\n' and
 * printed from column 25, as the other lines of `cprof CMD -h`.
 */
struct cmd_option {
	int id;			/* what the command's set() gets */
	const char *name;	/* the long option, or NULL */
	const char *arg;	/* the argument's name ("FILE"), or NULL: none */
	const char *help;	/* NULL: an alias, in the man page but not the help */
	unsigned flags;		/* CMD_ARG_OPTIONAL, CMD_HIDDEN; the kind of row */
};

enum {
	CMD_ARG_OPTIONAL = 1,	/* --pid or --pid=LIST: the argument may be left out */
	CMD_HIDDEN = 2,		/* for the tests, in neither the help nor the man page */
	CMD_ROW_OPERAND = 4,	/* arg is an operand's name ("FILE|DIR..."), not an option */
	CMD_ROW_TEXT = 8,	/* help is a paragraph printed after the option lines */
};

enum { CMD_LONG_ONLY = 256 };

#define CMD_OPT(id_, long_, arg_, text) \
	{ .id = (id_), .name = (long_), .arg = (arg_), .help = (text) }
#define CMD_OPERAND(name, text) { .arg = (name), .help = (text), .flags = CMD_ROW_OPERAND }
#define CMD_TEXT(text) { .help = (text), .flags = CMD_ROW_TEXT }
/* Every table has it; the parser prints the help for id 'h'. */
#define CMD_HELP CMD_OPT('h', "help", NULL, "show this help")
#define CMD_END { .id = 0 }
/* The time window of the views, each command giving its own ids. */
#define CMD_TIME_OPTION(id_) \
	CMD_OPT(id_, "time", "START,END", \
		"only samples in this window, seconds from the start\n" \
		"(units ms, us, ns allowed; either side may be empty)")
#define CMD_WINDOW_OPTIONS(from_, to_) \
	CMD_OPT(from_, "from", "TIME", \
		"only samples from TIME on: +5s (after the start), -30s\n" \
		"(before the end), 12:00:05 or 2026-01-31T12:00:05"), \
	CMD_OPT(to_, "to", "TIME", "only samples up to TIME (the same forms)")

struct cmd_entry {
	const char *name;
	const char *usage;	/* after "cprof NAME " */
	const char *summary;	/* one line for `cprof help` */
	const struct cmd_option *options;	/* ends with CMD_END */
	bool options_first;	/* options end at the first operand: the command to run */
	int (*exec)(int argc, char **argv);
};

extern const struct cmd_entry *const cmd_table[];

extern const struct cmd_entry cmd_record_entry, cmd_attach_entry, cmd_fold_entry,
	cmd_info_entry;
extern const struct cmd_entry cmd_flame_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_diff_entry;
extern const struct cmd_entry cmd_annotate_entry;
extern const struct cmd_entry cmd_export_entry;

/* Exit statuses, as every man page states them. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* "usage:", the summary, the options from c's table, the man page. */
void cmd_print_help(const struct cmd_entry *c, FILE *f);
/*
 * "cprof NAME: message" on stderr.  A notice is the same line: the
 * command goes on after it, where it fails after an error.
 */
void cmd_error(const struct cmd_entry *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define cmd_notice cmd_error
/* cmd_error + a usage hint; returns EXIT_USAGE. */
int cmd_usage_error(const struct cmd_entry *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

struct trace;
struct perfscript_opts;
struct perfscript_reader;
/* Opens a trace for a command: NULL after printing why; a damaged file is
 * opened with one notice saying where it stops and what was kept. */
struct trace *cmd_open_trace(const struct cmd_entry *c, const char *path);
/* Whether path is a perf.data file (cmd_open_trace reads it as a trace). */
bool cmd_is_perfdata(const char *path);
/* Several traces, or directories of them (rotated files), read as one in
 * time order; one path that is a file is cmd_open_trace's. */
struct trace *cmd_open_traces(const struct cmd_entry *c, const char *const *paths, size_t n);
struct trace_profile_opts;
/* --from/--to (NULL: not given) into o's time window, after a message on
 * a bad time; 0 or EXIT_USAGE. */
int cmd_time_window(const struct cmd_entry *c, const struct trace *t, const char *from,
		    const char *to, struct trace_profile_opts *o);

/* The first bytes of a file, enough to tell its format: the count or -errno. */
#define CMD_SNIFF 4096
ssize_t cmd_read_head(int fd, char *buf, size_t len);
/* A trace on standard input goes to a temporary file (the trace reader wants
 * a path): head, then the rest of standard input.  NULL after a message. */
char *cmd_spool_stdin(const struct cmd_entry *c, const char *head, size_t n);

/*
 * Reads `perf script` text from fd, whose first n bytes are already in
 * head; notices for skipped lines and events.  NULL after a message when
 * it cannot be read or holds no sample.
 */
struct perfscript_reader *cmd_read_perfscript(const struct cmd_entry *c, int fd,
					      const char *name, const char *head, size_t n,
					      const struct perfscript_opts *o);

/*
 * Parses the options of argv (argv[0] is the command's name) by c's
 * table, calling set(ctx, id, argument) for each in order; set returns 0
 * or, after a message, EXIT_USAGE (set may be NULL when -h is the only
 * option).  The operands start at optind after.
 * Returns what every command's option parsing returns:
 *   0                the command runs;
 *   CMD_HELP_SHOWN   -h or --help printed the help: the command exits EXIT_OK;
 *   EXIT_USAGE       after one message (an unknown option, with "did you
 *                    mean" when a long one is close; an ambiguous
 *                    abbreviation; a missing or unwanted value; or set's).
 */
enum { CMD_HELP_SHOWN = -1 };
int cmd_parse_options(const struct cmd_entry *c, int argc, char **argv,
		      int (*set)(void *ctx, int id, const char *arg), void *ctx);
/* A command's exit status for what its option parsing returned (not 0). */
static inline int cmd_parse_status(int rc)
{
	return rc == CMD_HELP_SHOWN ? EXIT_OK : rc;
}

/* The long name of option id in c's table ("width"), for messages. */
const char *cmd_option_name(const struct cmd_entry *c, int id);

/*
 * Prints c's table for the man-page test, a row a line, tab-separated:
 * "help", "alias" or "hidden"; -X or "-"; --NAME or "-"; the argument or "-".
 */
void cmd_print_option_table(const struct cmd_entry *c, FILE *f);

/*
 * "; did you mean 'PREFIXNAME'?" with the name among names (NULL-ended)
 * nearest to the first len bytes of word: within max_d edits (of equal
 * ones, the one that shares the longer start), or else the first that
 * word begins; "" when none is.  The caller frees.
 */
char *cmd_did_you_mean(const char *word, size_t len, const char *const *names,
		       unsigned max_d, const char *prefix);

#endif
