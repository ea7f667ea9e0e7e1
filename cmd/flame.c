/* `cprof flame`: flame graphs, icicle graphs and flame charts as SVG. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/util.h"
#include "report/folded.h"
#include "report/trace.h"
#include "svg/flame.h"

static int cmd_flame_exec(int argc, char **argv);

const struct cmd_entry cmd_flame_entry = {
	.name = "flame",
	.usage = "[OPTIONS] [FILE...]",
	.summary = "draw a flame graph (SVG) from a trace or folded stacks",
	.options =
	"  FILE                   cprof.data or folded stacks, detected by content; - for\n"
	"                         standard input (default: standard input when it is not a\n"
	"                         terminal, else cprof.data)\n"
	"  -o, --output FILE      write the SVG to FILE (default: standard output)\n"
	"      --icicle           root at the top (also --inverted)\n"
	"      --reverse          merge stacks from the leaf: who calls the hot functions\n"
	"      --flamechart       time order instead of merged stacks, a lane per thread\n"
	"      --base FUNC        re-root every stack at FUNC, leaving out the others\n"
	"      --sort KEY         siblings by name (default) or weight (heaviest first)\n"
	"      --title TEXT       the title (default \"Flame Graph\")\n"
	"      --subtitle TEXT    a second title line\n"
	"      --width PX         width of the picture (default: fit the window)\n"
	"      --height PX        height of a frame (default 16)\n"
	"      --minwidth PX|N%   merge frames narrower than this (default 1)\n"
	"      --fonttype FONT    font family (default Verdana)\n"
	"      --fontsize PX      font size (default 12)\n"
	"      --countname TEXT   what the counts are (default \"samples\")\n"
	"      --nametype TEXT    label of names in the details line (default \"Function:\")\n"
	"      --colors PALETTE   hot (default), mem, io, wakeup, java, js, perl, python,\n"
	"                         rust, red, green, blue, aqua, yellow, purple, orange\n"
	"      --bgcolors COLOR   yellow (default), blue, green, grey, or #rrggbb\n"
	"      --hash             colours from a hash of the name (the default)\n"
	"      --random           random colours, different every run\n"
	"      --cp               keep colours consistent in ./palette.map\n"
	"      --palette FILE     keep colours consistent in FILE\n"
	"      --factor X         multiply the counts shown by X\n"
	"      --total N          the count that is 100% and the full width\n"
	"      --notes TEXT       a note stored in the SVG\n"
	"      --truncate-text-right  cut long labels at the end (default: the start)\n"
	"      --search REGEX     open with this search applied\n"
	"      --negate           differential input: blue for growth, red for shrinkage\n"
	"  -h, --help             show this help\n",
	.exec = cmd_flame_exec,
};

enum {
	OPT_ICICLE = 256, OPT_REVERSE, OPT_FLAMECHART, OPT_BASE, OPT_SORT, OPT_TITLE,
	OPT_SUBTITLE, OPT_WIDTH, OPT_HEIGHT, OPT_MINWIDTH, OPT_FONTTYPE, OPT_FONTSIZE,
	OPT_COUNTNAME, OPT_NAMETYPE, OPT_COLORS, OPT_BGCOLORS, OPT_HASH, OPT_RANDOM,
	OPT_CP, OPT_PALETTE, OPT_FACTOR, OPT_TOTAL, OPT_NOTES, OPT_TRUNC_RIGHT,
	OPT_SEARCH, OPT_NEGATE,
};

static const struct option long_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "icicle", no_argument, NULL, OPT_ICICLE },
	{ "inverted", no_argument, NULL, OPT_ICICLE },
	{ "reverse", no_argument, NULL, OPT_REVERSE },
	{ "flamechart", no_argument, NULL, OPT_FLAMECHART },
	{ "base", required_argument, NULL, OPT_BASE },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "subtitle", required_argument, NULL, OPT_SUBTITLE },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "height", required_argument, NULL, OPT_HEIGHT },
	{ "minwidth", required_argument, NULL, OPT_MINWIDTH },
	{ "fonttype", required_argument, NULL, OPT_FONTTYPE },
	{ "fontsize", required_argument, NULL, OPT_FONTSIZE },
	{ "countname", required_argument, NULL, OPT_COUNTNAME },
	{ "nametype", required_argument, NULL, OPT_NAMETYPE },
	{ "colors", required_argument, NULL, OPT_COLORS },
	{ "color", required_argument, NULL, OPT_COLORS },
	{ "bgcolors", required_argument, NULL, OPT_BGCOLORS },
	{ "hash", no_argument, NULL, OPT_HASH },
	{ "random", no_argument, NULL, OPT_RANDOM },
	{ "cp", no_argument, NULL, OPT_CP },
	{ "palette", required_argument, NULL, OPT_PALETTE },
	{ "factor", required_argument, NULL, OPT_FACTOR },
	{ "total", required_argument, NULL, OPT_TOTAL },
	{ "notes", required_argument, NULL, OPT_NOTES },
	{ "truncate-text-right", no_argument, NULL, OPT_TRUNC_RIGHT },
	{ "search", required_argument, NULL, OPT_SEARCH },
	{ "negate", no_argument, NULL, OPT_NEGATE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct flame_cmd {
	struct flame_options fo;
	const char *output;
	struct profile *p;
	bool have_trace, have_folded;
};

static const struct cmd_entry *const C = &cmd_flame_entry;

static bool positive(const char *s, double *out)
{
	return parse_double(s, out) && *out > 0;
}

static int parse_minwidth(struct flame_options *fo, const char *s)
{
	char *v = xstrdup(s);
	size_t n = strlen(v);
	fo->minwidth_pct = n && v[n - 1] == '%';
	if (fo->minwidth_pct)
		v[n - 1] = '\0';
	bool ok = parse_double(v, &fo->minwidth) && fo->minwidth >= 0 &&
		  (!fo->minwidth_pct || fo->minwidth <= 100);
	free(v);
	return ok ? 0 : cmd_usage_error(C, "--minwidth wants pixels or a percentage, not '%s'", s);
}

static const char *option_name(int val)
{
	for (const struct option *o = long_options; o->name; o++)
		if (o->val == val)
			return o->name;
	return "?";
}

/* Options that take a number; EXIT_USAGE on junk. */
static int number_option(struct flame_options *fo, int opt, const char *arg)
{
	double *slot = opt == OPT_WIDTH ? &fo->width : opt == OPT_HEIGHT ? &fo->frame_height :
		       opt == OPT_FONTSIZE ? &fo->fontsize : opt == OPT_FACTOR ? &fo->factor :
		       &fo->total;
	if (!positive(arg, slot))
		return cmd_usage_error(C, "option '--%s' wants a positive number, not '%s'",
				       option_name(opt), arg);
	return 0;
}

static int style_option(struct flame_options *fo, int opt, const char *arg)
{
	char top[8], bottom[8];
	switch (opt) {
	case OPT_COLORS:
		if (!palette_parse(arg, &fo->colors))
			return cmd_usage_error(C, "unknown palette '%s' (try: %s)", arg,
					       palette_names());
		return 0;
	case OPT_BGCOLORS:
		if (!palette_background(arg, top, bottom))
			return cmd_usage_error(C, "unknown background '%s' (try yellow, blue, "
					       "green, grey or #rrggbb)", arg);
		fo->bgcolors = arg;
		return 0;
	case OPT_SORT:
		if (strcmp(arg, "name") && strcmp(arg, "weight"))
			return cmd_usage_error(C, "--sort wants name or weight, not '%s'", arg);
		fo->order = strcmp(arg, "name") ? ORDER_WEIGHT : ORDER_NAME;
		return 0;
	default:
		return parse_minwidth(fo, arg);
	}
}

static int text_option(struct flame_cmd *fc, int opt, const char *arg)
{
	struct flame_options *fo = &fc->fo;
	switch (opt) {
	case 'o': fc->output = arg; break;
	case OPT_BASE: fo->base = arg; break;
	case OPT_TITLE: fo->title = arg; break;
	case OPT_SUBTITLE: fo->subtitle = arg; break;
	case OPT_FONTTYPE: fo->fonttype = arg; break;
	case OPT_COUNTNAME: fo->countname = arg; break;
	case OPT_NAMETYPE: fo->nametype = arg; break;
	case OPT_PALETTE: fo->palette_file = arg; break;
	case OPT_NOTES: fo->notes = arg; break;
	case OPT_SEARCH: fo->search = arg; break;
	case OPT_CP: fo->palette_file = "palette.map"; break;
	case OPT_ICICLE: fo->icicle = true; break;
	case OPT_REVERSE: fo->reverse = true; break;
	case OPT_FLAMECHART: fo->flamechart = true; break;
	case OPT_HASH: fo->random = false; break;
	case OPT_RANDOM: fo->random = true; break;
	case OPT_TRUNC_RIGHT: fo->truncate_right = true; break;
	case OPT_NEGATE: fo->negate = true; break;
	default: return cmd_usage_error(C, "unknown option");
	}
	return 0;
}

static int parse_options(struct flame_cmd *fc, int argc, char **argv)
{
	int opt, r;
	optind = 0;
	while ((opt = cmd_getopt(C, argc, argv, "ho:", long_options)) != -1) {
		switch (opt) {
		case 'h': return 'h';
		case '?': return EXIT_USAGE;
		case OPT_WIDTH: case OPT_HEIGHT: case OPT_FONTSIZE: case OPT_FACTOR: case OPT_TOTAL:
			r = number_option(&fc->fo, opt, optarg);
			break;
		case OPT_COLORS: case OPT_BGCOLORS: case OPT_SORT: case OPT_MINWIDTH:
			r = style_option(&fc->fo, opt, optarg);
			break;
		default:
			r = text_option(fc, opt, optarg);
		}
		if (r)
			return r;
	}
	if (fc->fo.flamechart && (fc->fo.reverse || fc->fo.base))
		return cmd_usage_error(C, "--flamechart cannot be combined with --reverse or --base");
	return 0;
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

static void report_bad_lines(const char *name, const struct folded_stats *st)
{
	char lines[128] = "";
	size_t o = 0;
	for (unsigned i = 0; i < st->nbad_line && o < sizeof(lines); i++)
		o += snprintf(lines + o, sizeof(lines) - o, "%s%llu", i ? ", " : "",
			      (unsigned long long)st->bad_line[i]);
	cmd_notice(C, "'%s': skipped %llu line%s that %s not folded stacks (line%s %s%s)",
		   name, (unsigned long long)st->bad, st->bad == 1 ? "" : "s",
		   st->bad == 1 ? "is" : "are", st->nbad_line == 1 ? "" : "s", lines,
		   st->bad > st->nbad_line ? ", ..." : "");
}

static int read_folded(struct flame_cmd *fc, int fd, const char *name, const char *head,
		       size_t n)
{
	struct folded_reader *r = folded_reader_new(fc->p, FOLDED_AUTO, fc->fo.flamechart);
	folded_reader_feed(r, head, n);
	int ret = folded_reader_read_fd(r, fd, name);
	const struct folded_stats *st = folded_reader_stats(r);
	if (ret < 0)
		cmd_error(C, "%s", err_msg());
	else if (st->bad)
		report_bad_lines(name, st);
	if (!ret && !st->stacks) {
		cmd_error(C, "'%s': no folded stacks (lines of \"frame;frame;... COUNT\")", name);
		ret = -EINVAL;
	}
	folded_reader_free(r);
	fc->have_folded = true;
	return ret;
}

/* A trace on standard input goes to a temporary file: the reader wants a path. */
static char *spool_stdin(const char *head, size_t n)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/cprof-flame-XXXXXX", dir && *dir ? dir : "/tmp");
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
	cmd_error(C, "cannot copy the trace from standard input to '%s': %s", path,
		  strerror(errno));
	unlink(path);
	free(path);
	return NULL;
}

/* The trace reader's view of a recording: a lane per thread for flame charts. */
static int read_trace(struct flame_cmd *fc, const char *path)
{
	struct trace_profile_opts o = { .times = fc->fo.flamechart, .tid_root = fc->fo.flamechart };
	struct trace *t = trace_open(path);
	if (!t) {
		cmd_error(C, "%s", err_msg());
		return -EINVAL;
	}
	if (trace_damage(t))
		cmd_notice(C, "%s", trace_damage(t));
	struct profile *p = trace_profile(t, &o);
	trace_free(t);
	if (!p) {
		cmd_error(C, "%s", err_msg());
		return -EINVAL;
	}
	profile_free(fc->p);
	fc->p = p;
	fc->have_trace = true;
	return 0;
}

static int read_input(struct flame_cmd *fc, const char *path, int ninputs)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "standard input" : path;
	int fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	char head[SNIFF];
	if (fd < 0) {
		cmd_error(C, "cannot open '%s': %s", path, strerror(errno));
		return -errno;
	}
	ssize_t n = read_head(fd, head, sizeof(head));
	int ret;
	if (n < 0) {
		cmd_error(C, "cannot read '%s': %s", name, strerror((int)-n));
		ret = (int)n;
	} else if (!trace_sniff(head, n)) {
		ret = read_folded(fc, fd, name, head, n);
	} else if (ninputs > 1) {
		cmd_error(C, "'%s' is a trace: draw one trace at a time, without other inputs",
			  name);
		ret = -EINVAL;
	} else if (is_stdin) {
		char *tmp = spool_stdin(head, n);
		ret = tmp ? read_trace(fc, tmp) : -EIO;
		if (tmp)
			unlink(tmp);
		free(tmp);
	} else {
		ret = read_trace(fc, path);
	}
	if (!is_stdin)
		close(fd);
	return ret;
}

/* ---- output ---- */

static int write_svg(struct flame_cmd *fc)
{
	FILE *out = stdout;
	if (fc->output && !(out = fopen(fc->output, "w"))) {
		cmd_error(C, "cannot open '%s': %s", fc->output, strerror(errno));
		return EXIT_FAIL;
	}
	fc->fo.chart_by_weight = !fc->have_trace;
	if (fc->p->ncols == 2) {
		fc->fo.diff = true;
		fc->fo.width_col = 1;
	}
	int ret = flame_render(fc->p, &fc->fo, out, NULL);
	if (ret < 0)
		cmd_error(C, "%s", err_msg());
	if (out != stdout && fclose(out) != 0 && ret >= 0) {
		cmd_error(C, "cannot write '%s': %s", fc->output, strerror(errno));
		ret = -EIO;
	}
	return ret < 0 ? EXIT_FAIL : EXIT_OK;
}

static int cmd_flame_exec(int argc, char **argv)
{
	struct flame_cmd fc = { 0 };
	flame_options_init(&fc.fo);
	int r = parse_options(&fc, argc, argv);
	if (r)
		return r == 'h' ? EXIT_OK : r;

	char *deflt[] = { isatty(0) ? "cprof.data" : "-" };
	char **inputs = optind < argc ? argv + optind : deflt;
	int ninputs = optind < argc ? argc - optind : 1;
	int ret = EXIT_OK;
	fc.p = profile_new();
	for (int i = 0; i < ninputs && ret == EXIT_OK; i++)
		if (read_input(&fc, inputs[i], ninputs) < 0)
			ret = EXIT_FAIL;
	if (ret == EXIT_OK)
		ret = write_svg(&fc);
	profile_free(fc.p);
	return ret;
}
