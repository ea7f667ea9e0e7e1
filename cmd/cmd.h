/* The command table and the helpers every command uses to parse options. */
#ifndef CPROF_CMD_H
#define CPROF_CMD_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

struct cmd_entry {
	const char *name;
	const char *usage;	/* after "cprof NAME " */
	const char *summary;	/* one line for `cprof help` */
	const char *options;	/* option lines for `cprof NAME -h` */
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

void cmd_print_help(const struct cmd_entry *c, FILE *f);
/* "cprof NAME: message" on stderr. */
void cmd_error(const struct cmd_entry *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cmd_notice(const struct cmd_entry *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
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
 * getopt_long with cprof's error handling: -h/--help print the help and
 * return 'h' (the command exits 0); an unknown option or a missing argument
 * prints one line, with "did you mean" when a long option is close, and
 * returns '?' (the command exits 2).  longopts must include "help".
 */
int cmd_getopt(const struct cmd_entry *c, int argc, char **argv,
	       const char *shortopts, const struct option *longopts);

#endif
