#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/util.h"
#include "record/perfdata.h"
#include "trace/multi.h"
#include "report/trace_profile.h"

/* ---- the help ---- */

/* Help texts start in this column; a longer option line takes two spaces
 * before its text, or a line of its own past HELP_WIDEST. */
#define HELP_COLUMN 25
#define HELP_WIDEST 28

static bool is_option(const struct cmd_option *o)
{
	return !(o->flags & (CMD_ROW_OPERAND | CMD_ROW_TEXT));
}

static bool is_end(const struct cmd_option *o)
{
	return !o->id && !o->name && !o->arg && !o->help;
}

static size_t count_rows(const struct cmd_entry *c)
{
	size_t n = 0;
	for (const struct cmd_option *o = c->options; o && !is_end(o); o++)
		n++;
	return n;
}

static bool has_short(const struct cmd_option *o)
{
	return is_option(o) && o->id > 0 && o->id < CMD_LONG_ONLY;
}

/* "  -o, --output FILE", "      --pid[=LIST]", "  -g", "  FILE|DIR..." */
static void option_left(const struct cmd_option *o, char *buf, size_t len)
{
	if (o->flags & CMD_ROW_OPERAND) {
		snprintf(buf, len, "  %s", o->arg);
		return;
	}
	bool opt_arg = o->flags & CMD_ARG_OPTIONAL;
	char sh[8] = "    ";
	if (has_short(o))
		snprintf(sh, sizeof(sh), "-%c%s", o->id, o->name ? ", " : "");
	snprintf(buf, len, "  %s%s%s%s%s%s", sh, o->name ? "--" : "", o->name ? o->name : "",
		 o->arg ? (opt_arg ? (o->name ? "[=" : "[") : " ") : "", o->arg ? o->arg : "",
		 o->arg && opt_arg ? "]" : "");
}

static void print_option(const struct cmd_option *o, FILE *f)
{
	char left[128];
	option_left(o, left, sizeof(left));
	size_t w = strlen(left);
	if (w > HELP_WIDEST)
		fprintf(f, "%s\n%*s", left, HELP_COLUMN, "");
	else
		fprintf(f, "%-*s", w < HELP_COLUMN ? HELP_COLUMN : (int)w + 2, left);
	for (const char *p = o->help; *p;) {
		size_t n = strcspn(p, "\n");
		if (p != o->help)
			fprintf(f, "%*s", HELP_COLUMN, "");
		fprintf(f, "%.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

void cmd_print_help(const struct cmd_entry *c, FILE *f)
{
	fprintf(f, "usage: cprof %s %s\n\n%s\n", c->name, c->usage, c->summary);
	bool head = false;
	for (const struct cmd_option *o = c->options; o && !is_end(o); o++) {
		if (!o->help || (o->flags & CMD_HIDDEN))
			continue;
		if (!head)
			fputs("\noptions:\n", f);
		head = true;
		if (o->flags & CMD_ROW_TEXT)
			fprintf(f, "%s\n", o->help);
		else
			print_option(o, f);
	}
	fprintf(f, "\nSee cprof-%s(1).\n", c->name);
}

void cmd_print_option_table(const struct cmd_entry *c, FILE *f)
{
	for (const struct cmd_option *o = c->options; o && !is_end(o); o++) {
		if (!is_option(o))
			continue;
		char sh[4] = "-";
		if (has_short(o))
			snprintf(sh, sizeof(sh), "-%c", o->id);
		fprintf(f, "%s\t%s\t%s%s\t%s\n",
			o->flags & CMD_HIDDEN ? "hidden" : o->help ? "help" : "alias", sh,
			o->name ? "--" : "-", o->name ? o->name : "", o->arg ? o->arg : "-");
	}
}

const char *cmd_option_name(const struct cmd_entry *c, int id)
{
	for (const struct cmd_option *o = c->options; o && !is_end(o); o++)
		if (is_option(o) && o->id == id && o->name)
			return o->name;
	return "?";
}

/* ---- messages ---- */

void cmd_error(const struct cmd_entry *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "cprof %s: ", c->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int cmd_usage_error(const struct cmd_entry *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "cprof %s: ", c->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	fprintf(stderr, "usage: cprof %s %s (see 'cprof %s -h')\n", c->name, c->usage, c->name);
	return EXIT_USAGE;
}

bool cmd_is_perfdata(const char *path)
{
	char head[8];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	bool yes = fd >= 0 && read(fd, head, sizeof(head)) == (ssize_t)sizeof(head) &&
		   perfdata_sniff(head, sizeof(head));
	if (fd >= 0)
		close(fd);
	return yes;
}

/* perf.data becomes a trace in memory, which the views read as any other. */
static struct trace *open_perfdata(const struct cmd_entry *c, const char *path)
{
	int fd = memfd_create("cprof-perfdata", MFD_CLOEXEC), rd = fd >= 0 ? dup(fd) : -1;
	if (rd < 0) {
		cmd_error(c, "cannot read '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	struct perfdata_stats st;
	if (perfdata_to_trace(path, fd, &st) < 0) {
		cmd_error(c, "%s", err_msg());
		close(rd);
		return NULL;
	}
	lseek(rd, 0, SEEK_SET);
	struct trace *t = trace_open_fd(rd, path);
	if (!t) {
		cmd_error(c, "%s", err_msg());
		return NULL;
	}
	if (st.damage[0])
		cmd_notice(c, "%s; kept %llu samples", st.damage,
			   (unsigned long long)st.samples);
	if (st.compressed)
		cmd_notice(c, "'%s': %llu compressed records (perf record -z) were not read",
			   path, (unsigned long long)st.compressed);
	if (st.skipped)
		cmd_notice(c, "'%s': %llu samples of no known event or of a broken layout were "
			   "skipped", path, (unsigned long long)st.skipped);
	if (!st.samples) {
		cmd_error(c, "'%s': no samples in this perf.data file", path);
		trace_free(t);
		return NULL;
	}
	return t;
}

char *cmd_did_you_mean(const char *word, size_t len, const char *const *names,
		       unsigned max_d, const char *prefix)
{
	char *w = xstrndup(word, len);
	const char *best = NULL, *begun = NULL;
	unsigned best_d = max_d + 1;
	size_t best_common = 0;
	for (const char *const *n = names; *n; n++) {
		unsigned d = edit_distance(w, *n);
		/* a tie goes to the longer common start: --titel is --title, not --total */
		size_t common = 0;
		while (common < len && w[common] == (*n)[common])
			common++;
		if (d < best_d || (d == best_d && common > best_common)) {
			best_d = d;
			best = *n;
			best_common = common;
		}
		if (!begun && len && strncmp(*n, w, len) == 0)
			begun = *n;
	}
	free(w);
	if (!best)
		best = begun;
	return best ? xasprintf("; did you mean '%s%s'?", prefix, best) : xstrdup("");
}

struct trace *cmd_open_trace(const struct cmd_entry *c, const char *path)
{
	if (cmd_is_perfdata(path))
		return open_perfdata(c, path);
	struct trace *t = trace_open(path);
	if (!t)
		cmd_error(c, "%s", err_msg());
	else if (trace_damage(t))
		cmd_notice(c, "%s", trace_damage(t));
	return t;
}

struct trace *cmd_open_traces(const struct cmd_entry *c, const char *const *paths, size_t n)
{
	if (n == 1 && !trace_path_is_dir(paths[0]))
		return cmd_open_trace(c, paths[0]);
	struct trace *t = trace_open_many(paths, n);
	if (!t)
		cmd_error(c, "%s", err_msg());
	else if (trace_damage(t))
		cmd_notice(c, "%s", trace_damage(t));
	return t;
}

int cmd_time_window(const struct cmd_entry *c, const struct trace *t, const char *from,
		    const char *to, struct trace_profile_opts *o)
{
	uint64_t ns;
	if (from) {
		if (trace_parse_when(t, from, &ns) < 0)
			return cmd_usage_error(c, "%s", err_msg());
		o->time_start = ns;
	}
	if (to) {
		if (trace_parse_when(t, to, &ns) < 0)
			return cmd_usage_error(c, "%s", err_msg());
		/* The window ends after the time named: a sample at it counts. */
		o->time_end = ns + 1;
	}
	if (o->time_end && o->time_end <= o->time_start)
		return cmd_usage_error(c, "--from %s is not before --to %s", from ? from : "+0",
				       to);
	return 0;
}


/* ---- parsing ---- */

/* getopt_long's tables, made from a command's: "+o:F:g", struct option[]. */
struct getopt_tables {
	char *shortopts;
	struct option *longopts;
};

static void make_getopt_tables(const struct cmd_entry *c, struct getopt_tables *g)
{
	size_t n = count_rows(c);
	/* a letter and two colons each, '+', the NUL */
	char *s = g->shortopts = xcalloc(3 * n + 2, 1);
	struct option *l = g->longopts = xcalloc(n + 1, sizeof(*l));
	if (c->options_first)
		*s++ = '+';
	for (const struct cmd_option *o = c->options; o && !is_end(o); o++) {
		if (!is_option(o))
			continue;
		bool opt_arg = o->flags & CMD_ARG_OPTIONAL;
		if (has_short(o)) {
			*s++ = (char)o->id;
			if (o->arg)
				s = stpcpy(s, opt_arg ? "::" : ":");
		}
		if (o->name)
			*l++ = (struct option){
				.name = o->name, .val = o->id,
				.has_arg = !o->arg ? no_argument :
					   opt_arg ? optional_argument : required_argument,
			};
	}
}

/* The rows whose long name word (len bytes) is or begins, as getopt_long
 * matches it: an exact name alone, else every abbreviated one. */
static size_t match_long(const struct cmd_entry *c, const char *word, size_t len,
			 const struct cmd_option **match, size_t max)
{
	size_t n = 0;
	for (const struct cmd_option *o = c->options; o && !is_end(o); o++) {
		if (!is_option(o) || !o->name || strncmp(o->name, word, len) != 0)
			continue;
		if (strlen(o->name) == len) {
			match[0] = o;
			return 1;
		}
		if (n < max)
			match[n++] = o;
	}
	return n;
}

/* What was wrong with the long option at arg ("--frek=10"). */
static void long_error(const struct cmd_entry *c, const char *arg)
{
	const char *word = arg + 2;
	size_t len = strcspn(word, "=");
	const struct cmd_option *m[8];
	size_t n = match_long(c, word, len, m, ARRAY_SIZE(m));
	bool same = n > 0;
	for (size_t i = 1; i < n; i++)
		same &= m[i]->id == m[0]->id;
	if (same && word[len] == '=' && !m[0]->arg) {
		cmd_usage_error(c, "option '--%s' takes no value", m[0]->name);
	} else if (same) {
		cmd_usage_error(c, "option '--%s' needs a value", m[0]->name);
	} else if (n > 1) {
		char list[256] = "";
		for (size_t i = 0, at = 0; i < n && at < sizeof(list); i++)
			at += snprintf(list + at, sizeof(list) - at, "%s--%s", i ? ", " : "",
				       m[i]->name);
		cmd_usage_error(c, "option '--%.*s' is ambiguous: %s%s", (int)len, word, list,
				n == ARRAY_SIZE(m) ? ", ..." : "");
	} else {
		const char **names = xcalloc(count_rows(c) + 1, sizeof(*names));
		size_t k = 0;
		for (const struct cmd_option *o = c->options; o && !is_end(o); o++)
			if (is_option(o) && o->name && !(o->flags & CMD_HIDDEN))
				names[k++] = o->name;
		char *hint = cmd_did_you_mean(word, len, names, len > 4 ? 2 : 1, "--");
		cmd_usage_error(c, "unknown option '%.*s'%s", (int)len + 2, arg, hint);
		free(hint);
		free(names);
	}
}

/*
 * getopt_long said '?': one message.  The element it stopped at is a long
 * option when it was taken whole in this call (optind moved past it);
 * else the error is about the short option optopt.
 */
static void explain_error(const struct cmd_entry *c, int argc, char **argv, int prev)
{
	int at = optind - 1;
	if (at >= prev && at < argc && strncmp(argv[at], "--", 2) == 0 && argv[at][2]) {
		long_error(c, argv[at]);
		return;
	}
	const struct cmd_option *o = c->options;
	while (o && !is_end(o) && !(has_short(o) && o->id == optopt))
		o++;
	if (optopt && o && !is_end(o) && o->arg)
		cmd_usage_error(c, "option '-%c' needs a value", optopt);
	else if (optopt > ' ' && optopt < 127)
		cmd_usage_error(c, "unknown option '-%c'", optopt);
	else
		cmd_usage_error(c, "unknown option in '%s'", at >= 1 && at < argc ? argv[at] : "");
}

int cmd_parse_options(const struct cmd_entry *c, int argc, char **argv,
		      int (*set)(void *ctx, int id, const char *arg), void *ctx)
{
	struct getopt_tables g;
	make_getopt_tables(c, &g);
	int rc = 0;
	optind = 0;	/* getopt starts again: a command parses once, a test many times */
	opterr = 0;
	while (!rc) {
		int prev = optind ? optind : 1;
		int opt = getopt_long(argc, argv, g.shortopts, g.longopts, NULL);
		if (opt == -1)
			break;
		if (opt == '?') {
			explain_error(c, argc, argv, prev);
			rc = EXIT_USAGE;
		} else if (opt == 'h') {
			cmd_print_help(c, stdout);
			rc = CMD_HELP_SHOWN;
		} else {
			rc = set ? set(ctx, opt, optarg) : 0;
		}
	}
	free(g.shortopts);
	free(g.longopts);
	return rc;
}
