/* The options of the picture and the inputs shared by `cprof flame` and `cprof diff`. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/draw.h"
#include "trace/format.h"
#include "trace/multi.h"
#include "lib/util.h"
#include "report/folded.h"
#include "trace/trace.h"

/* ---- options ---- */

static const struct option draw_options[] = {
	DRAW_LONG_OPTIONS,
	{ "total", required_argument, NULL, DRAW_TOTAL },
	{ NULL, 0, NULL, 0 },
};

static const char *option_name(int val)
{
	for (const struct option *o = draw_options; o->name; o++)
		if (o->val == val)
			return o->name;
	return "?";
}

static int parse_minwidth(const struct cmd_entry *c, struct flame_options *fo, const char *s)
{
	char *v = xstrdup(s);
	size_t n = strlen(v);
	fo->minwidth_pct = n && v[n - 1] == '%';
	if (fo->minwidth_pct)
		v[n - 1] = '\0';
	bool ok = parse_double(v, &fo->minwidth) && fo->minwidth >= 0 &&
		  (!fo->minwidth_pct || fo->minwidth <= 100);
	free(v);
	return ok ? 0 : cmd_usage_error(c, "--minwidth wants pixels or a percentage, not '%s'", s);
}

/* Options that take a positive number. */
static int number_option(const struct cmd_entry *c, struct flame_options *fo, int opt,
			 const char *arg)
{
	double *slot = opt == DRAW_WIDTH ? &fo->width : opt == DRAW_HEIGHT ? &fo->frame_height :
		       opt == DRAW_FONTSIZE ? &fo->fontsize : opt == DRAW_FACTOR ? &fo->factor :
		       &fo->total;
	if (!parse_double(arg, slot) || !(*slot > 0))
		return cmd_usage_error(c, "option '--%s' wants a positive number, not '%s'",
				       option_name(opt), arg);
	return 0;
}

static int style_option(const struct cmd_entry *c, struct flame_options *fo, int opt,
			const char *arg)
{
	char top[8], bottom[8];
	switch (opt) {
	case DRAW_COLORS:
		if (!palette_parse(arg, &fo->colors))
			return cmd_usage_error(c, "unknown palette '%s' (try: %s)", arg,
					       palette_names());
		return 0;
	case DRAW_BGCOLORS:
		if (!palette_background(arg, top, bottom))
			return cmd_usage_error(c, "unknown background '%s' (try yellow, blue, "
					       "green, grey or #rrggbb)", arg);
		fo->bgcolors = arg;
		return 0;
	case DRAW_SORT:
		if (strcmp(arg, "name") && strcmp(arg, "weight"))
			return cmd_usage_error(c, "--sort wants name or weight, not '%s'", arg);
		fo->order = strcmp(arg, "name") ? ORDER_WEIGHT : ORDER_NAME;
		return 0;
	default:
		return parse_minwidth(c, fo, arg);
	}
}

static int text_option(const struct cmd_entry *c, struct flame_options *fo, int opt,
		       const char *arg)
{
	switch (opt) {
	case DRAW_BASE: fo->base = arg; break;
	case DRAW_TITLE: fo->title = arg; break;
	case DRAW_SUBTITLE: fo->subtitle = arg; break;
	case DRAW_FONTTYPE: fo->fonttype = arg; break;
	case DRAW_COUNTNAME: fo->countname = arg; break;
	case DRAW_NAMETYPE: fo->nametype = arg; break;
	case DRAW_PALETTE: fo->palette_file = arg; break;
	case DRAW_NOTES: fo->notes = arg; break;
	case DRAW_SEARCH: fo->search = arg; break;
	case DRAW_CP: fo->palette_file = "palette.map"; break;
	case DRAW_ICICLE: fo->icicle = true; break;
	case DRAW_REVERSE: fo->reverse = true; break;
	case DRAW_FLAMECHART: fo->flamechart = true; break;
	case DRAW_HASH: fo->random = false; break;
	case DRAW_RANDOM: fo->random = true; break;
	case DRAW_TRUNC_RIGHT: fo->truncate_right = true; break;
	case DRAW_NEGATE: fo->negate = true; break;
	default: return cmd_usage_error(c, "unknown option");
	}
	return 0;
}

int draw_option(const struct cmd_entry *c, struct flame_options *fo, int opt, const char *arg)
{
	switch (opt) {
	case DRAW_WIDTH: case DRAW_HEIGHT: case DRAW_FONTSIZE: case DRAW_FACTOR: case DRAW_TOTAL:
		return number_option(c, fo, opt, arg);
	case DRAW_COLORS: case DRAW_BGCOLORS: case DRAW_SORT: case DRAW_MINWIDTH:
		return style_option(c, fo, opt, arg);
	default:
		return text_option(c, fo, opt, arg);
	}
}

/* ---- inputs ---- */

#define SNIFF 4096

/* The first bytes of a file, enough to tell a trace from folded text. */
static ssize_t read_head(int fd, char *buf, size_t len)
{
	size_t n = 0;
	while (n < len) {
		ssize_t r = read(fd, buf + n, len - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (!r)
			break;
		n += r;
	}
	return n;
}

static void report_bad_lines(const struct cmd_entry *c, const char *name,
			     const struct folded_stats *st)
{
	char lines[512] = "";
	size_t o = 0;
	for (unsigned i = 0; i < st->nbad_line && o < sizeof(lines); i++)
		o += snprintf(lines + o, sizeof(lines) - o, "%sline %llu: %s", i ? "; " : "",
			      (unsigned long long)st->bad_line[i], st->bad_why[i]);
	cmd_notice(c, "'%s': skipped %llu line%s that %s not folded stacks (%s%s)",
		   name, (unsigned long long)st->bad, st->bad == 1 ? "" : "s",
		   st->bad == 1 ? "is" : "are", lines, st->bad > st->nbad_line ? "; ..." : "");
}

static int read_folded(const struct cmd_entry *c, struct draw_input *in, int fd,
		       const char *name, const char *head, size_t n)
{
	struct folded_reader *r = folded_reader_new(in->p, FOLDED_AUTO, in->times);
	folded_reader_feed(r, head, n);
	int ret = folded_reader_read_fd(r, fd, name);
	const struct folded_stats *st = folded_reader_stats(r);
	if (ret < 0)
		cmd_error(c, "%s", err_msg());
	else if (st->bad)
		report_bad_lines(c, name, st);
	if (!ret && !st->stacks) {
		cmd_error(c, "'%s': no folded stacks (lines of \"frame;frame;... COUNT\")", name);
		ret = -EINVAL;
	}
	folded_reader_free(r);
	in->have_folded = true;
	return ret;
}

/* A trace on standard input goes to a temporary file: the reader wants a path. */
static char *spool_stdin(const struct cmd_entry *c, const char *head, size_t n)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/cprof-%s-XXXXXX", dir && *dir ? dir : "/tmp", c->name);
	int fd = mkstemp(path);
	char *block = xmalloc(1 << 20);
	ssize_t got = n;
	bool ok = fd >= 0 && write(fd, head, n) == (ssize_t)n;
	while (ok && (got = read(0, block, 1 << 20)) > 0)
		ok = write(fd, block, got) == got;
	free(block);
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (ok && got == 0)
		return path;
	cmd_error(c, "cannot copy the trace from standard input to '%s': %s", path,
		  strerror(errno));
	unlink(path);
	free(path);
	return NULL;
}

/* The trace reader's view of a recording: a lane per thread for flame charts. */
int draw_read_traces(const struct cmd_entry *c, struct draw_input *in, const char *const *paths,
		     size_t n)
{
	struct trace_profile_opts o = { .times = in->times, .tid_root = in->times };
	struct trace *t = cmd_open_traces(c, paths, n);
	if (!t)
		return -EINVAL;
	if (cmd_time_window(c, t, in->from, in->to, &o)) {
		trace_free(t);
		return -EINVAL;
	}
	struct profile *p = trace_profile(t, &o);
	trace_free(t);
	if (!p) {
		cmd_error(c, "%s", err_msg());
		return -EINVAL;
	}
	profile_free(in->p);
	in->p = p;
	in->have_trace = true;
	return 0;
}

static int read_trace(const struct cmd_entry *c, struct draw_input *in, const char *path)
{
	return draw_read_traces(c, in, &path, 1);
}

bool draw_is_trace(const char *path)
{
	if (trace_path_is_dir(path))
		return true;
	char head[TRACE_MAGIC_LEN];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	bool yes = fd >= 0 && read(fd, head, sizeof(head)) == (ssize_t)sizeof(head) &&
		   trace_sniff(head, sizeof(head));
	if (fd >= 0)
		close(fd);
	return yes;
}

int draw_read(const struct cmd_entry *c, struct draw_input *in, const char *path, int ninputs)
{
	if (trace_path_is_dir(path))
		return read_trace(c, in, path);
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "standard input" : path;
	int fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	char head[SNIFF];
	if (fd < 0) {
		int e = errno;
		cmd_error(c, "cannot open '%s': %s", path, strerror(e));
		return -e;
	}
	ssize_t n = read_head(fd, head, sizeof(head));
	int ret;
	if (n < 0) {
		cmd_error(c, "cannot read '%s': %s", name, strerror((int)-n));
		ret = (int)n;
	} else if (!trace_sniff(head, n)) {
		ret = read_folded(c, in, fd, name, head, n);
	} else if (ninputs > 1) {
		cmd_error(c, "'%s' is a trace: draw one trace at a time, without other inputs",
			  name);
		ret = -EINVAL;
	} else if (is_stdin) {
		char *tmp = spool_stdin(c, head, n);
		ret = tmp ? read_trace(c, in, tmp) : -EIO;
		if (tmp)
			unlink(tmp);
		free(tmp);
	} else {
		ret = read_trace(c, in, path);
	}
	if (!is_stdin)
		close(fd);
	return ret;
}


/* ---- output ---- */

int draw_output_open(const struct cmd_entry *c, struct draw_output *o, const char *path)
{
	*o = (struct draw_output){ .f = stdout, .path = path };
	if (!path)
		return 0;
	int fd = atomic_open(&o->af, path, 0666);
	if (fd < 0) {
		cmd_error(c, "%s", err_msg());
		return fd;
	}
	if (!(o->f = fdopen(fd, "w"))) {
		int e = errno;
		atomic_abort(&o->af);
		close(fd);
		cmd_error(c, "cannot open '%s': %s", path, strerror(e));
		return -e;
	}
	return 0;
}

int draw_output_close(const struct cmd_entry *c, struct draw_output *o, bool ok)
{
	if (!o->path)
		return 0;
	int ret = 0;
	if (ok && (fflush(o->f) != 0 || ferror(o->f))) {
		ret = -(errno ? errno : EIO);
		cmd_error(c, "cannot write '%s': %s", o->path, strerror(-ret));
	} else if (ok && (ret = atomic_commit(&o->af)) < 0) {
		cmd_error(c, "%s", err_msg());
	}
	if (!ok || ret < 0)
		atomic_abort(&o->af);	/* after a failed commit: a no-op */
	if (fclose(o->f) != 0 && ret == 0 && ok) {
		ret = -(errno ? errno : EIO);
		cmd_error(c, "cannot write '%s': %s", o->path, strerror(-ret));
	}
	return ret;
}
