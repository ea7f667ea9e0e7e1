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
#include "record/perfdata.h"
#include "report/folded_in.h"
#include "report/pprof.h"
#include "report/perfscript.h"
#include "report/trace_profile.h"

/* ---- options ---- */

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
				       cmd_option_name(c, opt), arg);
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
		fo->colors_set = true;
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
	case DRAW_COUNTNAME:
		fo->countname = arg;
		fo->countname_set = true;
		break;
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
	case DRAW_TRUNC_RIGHT: break;	/* flamegraph.pl's option: cutting at the end is the default */
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

void draw_unit_defaults(struct flame_options *fo, const struct profile *p)
{
	if (!p->unit)
		return;
	if (!fo->countname_set)
		fo->countname = p->unit;
	if (fo->colors_set || !p->event)
		return;
	/* Where memory is first touched, flamegraph.pl's way of telling it from CPU */
	if (strstr(p->event, "faults") || !strcmp(p->event, "malloc") || !strcmp(p->event, "leaks"))
		fo->colors = PAL_MEM;
	/* where threads wait: flamegraph.pl's colours for off-CPU graphs */
	if (!strcmp(p->event, "off-cpu"))
		fo->colors = PAL_IO;
}

/* ---- inputs ---- */

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

/* The rest of fd after the head, all in memory (a pprof profile is one message). */
static int read_all(const struct cmd_entry *c, int fd, const char *name, const char *head,
		    size_t n, char **out, size_t *outn)
{
	size_t cap = n + (1 << 20), len = n;
	char *buf = xmalloc(cap);
	memcpy(buf, head, n);
	for (;;) {
		if (len == cap) {
			if (cap >= PPROF_MAX_SIZE) {
				free(buf);
				cmd_error(c, "'%s' is over %llu MiB: too big for a pprof profile", name,
					  PPROF_MAX_SIZE >> 20);
				return -EFBIG;
			}
			cap = MIN(cap * 2, (size_t)PPROF_MAX_SIZE);
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			cmd_error(c, "cannot read '%s': %s", name, strerror(e));
			return -e;
		}
		if (!r)
			break;
		len += r;
	}
	*out = buf;
	*outn = len;
	return 0;
}

static int read_pprof_fd(const struct cmd_entry *c, struct profile *p, int fd, const char *name,
			 const char *head, size_t n, const struct pprof_opts *o,
			 struct pprof_stats *st)
{
	char *data = NULL;
	size_t len = 0;
	int ret = read_all(c, fd, name, head, n, &data, &len);
	if (ret < 0)
		return ret;
	ret = pprof_read(p, data, len, name, o, st);
	free(data);
	if (ret < 0) {
		cmd_error(c, "%s", err_msg());
		return ret;
	}
	if (st->bad_refs || st->cut)
		cmd_notice(c, "'%s': %zu references to ids or strings the profile does not define "
			   "(named [unknown]), %zu stacks cut at %d frames", name, st->bad_refs, st->cut,
			   PPROF_MAX_DEPTH);
	return 0;
}

bool draw_is_pprof(const char *path)
{
	char head[CMD_SNIFF];
	if (strcmp(path, "-") == 0)
		return false;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	ssize_t n = cmd_read_head(fd, head, sizeof(head));
	close(fd);
	return n > 0 && pprof_sniff(head, n, n < CMD_SNIFF);
}

int draw_read_pprof(const struct cmd_entry *c, struct profile *p, const char *path,
		    const struct pprof_opts *o, struct pprof_stats *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		cmd_error(c, "cannot open '%s': %s", path, strerror(e));
		return -e;
	}
	int ret = read_pprof_fd(c, p, fd, path, "", 0, o, st);
	close(fd);
	return ret;
}


/* perf script text: collapsed as stackcollapse-perf.pl does, then read as folded stacks. */
static int read_perfscript(const struct cmd_entry *c, struct draw_input *in, int fd,
			   const char *name, const char *head, size_t n)
{
	struct perfscript_reader *r = cmd_read_perfscript(c, fd, name, head, n, &in->ps);
	if (!r)
		return -EINVAL;
	perfscript_to_profile(r, in->p, in->times);
	perfscript_reader_free(r);
	in->have_folded = true;
	return 0;
}

/* The trace reader's view of a recording: a lane per thread for flame charts. */
int draw_read_traces(const struct cmd_entry *c, struct draw_input *in, const char *const *paths,
		     size_t n)
{
	/* times always: the memory timeline narrows the graph to a span */
	struct trace_profile_opts o = { .times = true, .tid_root = in->times, .event = in->ps.event };
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
	return yes || cmd_is_perfdata(path);
}

int draw_read(const struct cmd_entry *c, struct draw_input *in, const char *path, int ninputs)
{
	if (trace_path_is_dir(path))
		return read_trace(c, in, path);
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "standard input" : path;
	int fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	char head[CMD_SNIFF];
	if (fd < 0) {
		int e = errno;
		cmd_error(c, "cannot open '%s': %s", path, strerror(e));
		return -e;
	}
	ssize_t n = cmd_read_head(fd, head, sizeof(head));
	int ret;
	if (n < 0) {
		cmd_error(c, "cannot read '%s': %s", name, strerror((int)-n));
		ret = (int)n;
	} else if (pprof_sniff(head, n, n < CMD_SNIFF)) {
		struct trace_profile_opts so = { .times = in->times, .tid_root = in->times };
		struct pprof_opts po = { .sample_index = in->sample_index, .select = &so };
		struct pprof_stats st;
		ret = read_pprof_fd(c, in->p, fd, name, head, n, &po, &st);
		in->have_folded = true;
	} else if (perfscript_sniff(head, n)) {
		ret = read_perfscript(c, in, fd, name, head, n);
	} else if (!trace_sniff(head, n) && !perfdata_sniff(head, n)) {
		ret = read_folded(c, in, fd, name, head, n);
	} else if (ninputs > 1) {
		cmd_error(c, "'%s' is a trace: draw one trace at a time, without other inputs",
			  name);
		ret = -EINVAL;
	} else if (is_stdin) {
		char *tmp = cmd_spool_stdin(c, head, n);
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
