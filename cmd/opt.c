#include "config.h"

#include <errno.h>
#include <fcntl.h>
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

void cmd_print_help(const struct cmd_entry *c, FILE *f)
{
	fprintf(f, "usage: cprof %s %s\n\n%s\n", c->name, c->usage, c->summary);
	if (c->options && *c->options)
		fprintf(f, "\noptions:\n%s", c->options);
	fprintf(f, "\nSee cprof-%s(1).\n", c->name);
}

__attribute__((format(printf, 2, 0)))
static void vmsg(const struct cmd_entry *c, const char *fmt, va_list ap)
{
	fprintf(stderr, "cprof %s: ", c->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cmd_error(const struct cmd_entry *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(c, fmt, ap);
	va_end(ap);
}

void cmd_notice(const struct cmd_entry *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(c, fmt, ap);
	va_end(ap);
}

int cmd_usage_error(const struct cmd_entry *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(c, fmt, ap);
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

static const char *closest_option(const struct option *longopts, const char *arg)
{
	size_t len = strcspn(arg, "=");
	char *name = xstrndup(arg, len);
	const char *best = NULL;
	unsigned best_d = len > 4 ? 3 : 2;

	for (const struct option *o = longopts; o->name; o++) {
		unsigned d = edit_distance(name, o->name);
		if (d < best_d) {
			best_d = d;
			best = o->name;
		}
	}
	free(name);
	return best;
}

int cmd_getopt(const struct cmd_entry *c, int argc, char **argv,
	       const char *shortopts, const struct option *longopts)
{
	int prev = optind ? optind : 1;
	opterr = 0;
	int opt = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (opt == 'h') {
		cmd_print_help(c, stdout);
		return 'h';
	}
	if (opt != '?' && opt != ':')
		return opt;

	const char *arg = prev < argc ? argv[prev] : "";
	if (strncmp(arg, "--", 2) == 0) {
		const char *near = closest_option(longopts, arg + 2);
		bool known = false;
		size_t len = strcspn(arg + 2, "=");
		for (const struct option *o = longopts; o->name; o++)
			if (strlen(o->name) == len && strncmp(o->name, arg + 2, len) == 0)
				known = true;
		if (known)
			cmd_usage_error(c, "option '%.*s' needs a value", (int)(len + 2), arg);
		else if (near)
			cmd_usage_error(c, "unknown option '%s'; did you mean '--%s'?", arg, near);
		else
			cmd_usage_error(c, "unknown option '%s'", arg);
	} else if (optopt && strchr(shortopts, optopt)) {
		cmd_usage_error(c, "option '-%c' needs a value", optopt);
	} else {
		cmd_usage_error(c, "unknown option '-%c'", optopt ? optopt : '?');
	}
	return '?';
}
