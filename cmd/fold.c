/* `cprof fold`: a trace, or perf script text, as folded stacks. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/draw.h"
#include "lib/util.h"
#include "report/folded_out.h"
#include "report/pprof.h"
#include "report/perfscript.h"
#include "report/trace_profile.h"

static int cmd_fold_exec(int argc, char **argv);

enum {
	OPT_PID = CMD_LONG_ONLY, OPT_TID, OPT_COMM, OPT_EVENT, OPT_PERIOD, OPT_SAMPLES,
	OPT_NO_INLINE, OPT_SRCLINE, OPT_SAMPLE_INDEX, OPT_KERNEL, OPT_JIT, OPT_ALL, OPT_ADDRS,
	OPT_FROM, OPT_TO,
};

static const struct cmd_option fold_options[] = {
	CMD_OPERAND("FILE|DIR...",
		"the trace, perf.data, a pprof profile or perf script\n"
		"text, detected by content (default cprof.data; - for\n"
		"standard input); perf.data is read as a trace;\n"
		"several traces or a directory of rotated traces are\n"
		"read as one"),
	CMD_WINDOW_OPTIONS(OPT_FROM, OPT_TO),
	{ .id = OPT_PID, .name = "pid", .arg = "LIST", .flags = CMD_ARG_OPTIONAL,
	  .help = "name the root frame comm-PID; with LIST, only those processes" },
	{ .id = OPT_TID, .name = "tid", .arg = "LIST", .flags = CMD_ARG_OPTIONAL,
	  .help = "name the root frame comm-PID/TID; with LIST, only those threads" },
	CMD_OPT(OPT_COMM, "comm", "LIST", "only threads with these names"),
	CMD_OPT(OPT_EVENT, "event", "NAME",
		"the event to fold (default: the first recorded); wall:\n"
		"cpu-clock and off-cpu together, in nanoseconds"),
	CMD_OPT(OPT_PERIOD, "period", NULL,
		"weigh stacks by the events' periods (the default for\n"
		"events other than cpu-clock and task-clock)"),
	CMD_OPT(OPT_SAMPLES, "samples", NULL, "count samples, whatever the event"),
	CMD_OPT(OPT_EVENT, "event-filter", "NAME", "the same, stackcollapse-perf.pl's way"),
	CMD_OPT(OPT_KERNEL, "kernel", NULL,
		"perf script: mark kernel frames _[k] (traces always do)"),
	CMD_OPT(OPT_JIT, "jit", NULL, "perf script: mark frames of /tmp/perf-PID.map _[j]"),
	CMD_OPT(OPT_ALL, "all", NULL, "perf script: --kernel and --jit"),
	CMD_OPT(OPT_ADDRS, "addrs", NULL,
		"perf script: name frames without a symbol [module <addr>]"),
	CMD_OPT(OPT_NO_INLINE, "no-inline", NULL, "fold inlined functions into their caller"),
	CMD_OPT(OPT_SRCLINE, "srcline", NULL, "name frames func:file:line"),
	CMD_OPT(OPT_SAMPLE_INDEX, "sample-index", "TYPE",
		"pprof input: the sample type folded, by name or number\n"
		"(default: the profile's default, as go tool pprof)"),
	CMD_HELP,
	CMD_END,
};

const struct cmd_entry cmd_fold_entry = {
	.name = "fold",
	.usage = "[OPTIONS] [FILE|DIR...]",
	.summary = "print a trace as folded stacks (root;...;leaf COUNT)",
	.options = fold_options,
	.exec = cmd_fold_exec,
};

struct fold_cmd {
	struct trace_profile_opts o;
	struct perfscript_opts po;
	const char *sample_index, *from, *to;
};

static int fold_option(void *ctx, int id, const char *arg)
{
	struct fold_cmd *fc = ctx;
	struct trace_profile_opts *o = &fc->o;
	switch (id) {
	case OPT_PID:
		o->pid_root = true;
		o->pids = arg;
		break;
	case OPT_TID:
		o->tid_root = true;
		o->tids = arg;
		break;
	case OPT_COMM: o->comms = arg; break;
	case OPT_EVENT: o->event = arg; break;
	case OPT_PERIOD: o->weight = WEIGHT_PERIOD; break;
	case OPT_SAMPLES: o->weight = WEIGHT_SAMPLES; break;
	case OPT_NO_INLINE: o->no_inline = true; break;
	case OPT_SRCLINE: o->srcline = true; break;
	case OPT_SAMPLE_INDEX: fc->sample_index = arg; break;
	case OPT_KERNEL: fc->po.kernel = true; break;
	case OPT_JIT: fc->po.jit = true; break;
	case OPT_ALL: fc->po.kernel = fc->po.jit = true; break;
	case OPT_ADDRS: fc->po.addrs = true; break;
	case OPT_FROM: fc->from = arg; break;
	case OPT_TO: fc->to = arg; break;
	}
	return 0;
}

static int fold_pprof(const struct cmd_entry *c, const char *path, const char *sample_index,
		      const struct trace_profile_opts *o)
{
	struct pprof_opts po = { .sample_index = sample_index, .select = o };
	struct pprof_stats st;
	struct profile *p = profile_new();
	int ret = draw_read_pprof(c, p, path, &po, &st) < 0 ? EXIT_FAIL : EXIT_OK;
	if (ret == EXIT_OK && profile_write_folded(p, stdout) < 0) {
		cmd_error(c, "%s", err_msg());
		ret = EXIT_FAIL;
	}
	profile_free(p);
	return ret;
}

/* perf script text, byte for byte as stackcollapse-perf.pl folds it. */
static int fold_perfscript(int fd, const char *name, const char *head, size_t n,
			   const struct trace_profile_opts *t, const struct perfscript_opts *po)
{
	const struct cmd_entry *c = &cmd_fold_entry;
	struct perfscript_opts o = *po;
	if (t->comms || t->weight != WEIGHT_AUTO || t->no_inline || t->srcline) {
		cmd_error(c, "'%s' is perf script text: --comm, --period, --samples, --no-inline"
			  " and --srcline are for traces", name);
		return EXIT_USAGE;
	}
	o.pid = t->pid_root;
	o.tid = t->tid_root;
	o.pids = t->pids;
	o.tids = t->tids;
	o.event = t->event;
	struct perfscript_reader *r = cmd_read_perfscript(c, fd, name, head, n, &o);
	if (!r)
		return EXIT_FAIL;
	int ret = EXIT_OK;
	if (perfscript_write_folded(r, stdout) < 0) {
		cmd_error(c, "%s", err_msg());
		ret = EXIT_FAIL;
	}
	perfscript_reader_free(r);
	return ret;
}

/* Folds an open trace (NULL: opening failed, said) and frees it. */
static int fold_trace(struct trace *t, const struct trace_profile_opts *o)
{
	const struct cmd_entry *c = &cmd_fold_entry;
	if (!t)
		return EXIT_FAIL;
	struct profile *p = trace_profile(t, o);
	int ret = EXIT_OK;
	if (!p) {
		cmd_error(c, "%s", err_msg());
		ret = EXIT_FAIL;
	} else if (profile_write_folded(p, stdout) < 0) {
		cmd_error(c, "%s", err_msg());
		ret = EXIT_FAIL;
	}
	if (p && p->notice)
		cmd_notice(c, "%s", p->notice);
	profile_free(p);
	trace_free(t);
	return ret;
}

/* The input's first bytes tell perf script text and pprof from a trace. */
static int fold_input(const char *path, const struct trace_profile_opts *o,
		      const struct perfscript_opts *po, const char *sample_index)
{
	const struct cmd_entry *c = &cmd_fold_entry;
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "standard input" : path;
	int fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		cmd_error(c, "cannot open '%s': %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	char head[CMD_SNIFF];
	ssize_t n = cmd_read_head(fd, head, sizeof(head));
	int ret;
	if (n < 0) {
		cmd_error(c, "cannot read '%s': %s", name, strerror((int)-n));
		ret = EXIT_FAIL;
	} else if (perfscript_sniff(head, n)) {
		ret = fold_perfscript(fd, name, head, n, o, po);
	} else if (!is_stdin && pprof_sniff(head, n, n < CMD_SNIFF)) {
		ret = fold_pprof(c, path, sample_index, o);
	} else if (po->addrs) {
		ret = cmd_usage_error(c, "--addrs is for perf script text, and '%s' is not", name);
	} else if (is_stdin) {
		char *tmp = cmd_spool_stdin(c, head, n);
		ret = tmp ? fold_trace(cmd_open_trace(c, tmp), o) : EXIT_FAIL;
		if (tmp)
			unlink(tmp);
		free(tmp);
	} else {
		ret = fold_trace(cmd_open_trace(c, path), o);
	}
	if (!is_stdin)
		close(fd);
	return ret;
}

static int cmd_fold_exec(int argc, char **argv)
{
	const struct cmd_entry *c = &cmd_fold_entry;
	struct fold_cmd fc = { 0 };
	int ret = cmd_parse_options(c, argc, argv, fold_option, &fc);
	if (ret)
		return cmd_parse_status(ret);
	const char *deflt[] = { "cprof.data" };
	const char *const *paths = optind < argc ? (const char *const *)argv + optind : deflt;
	size_t npaths = optind < argc ? (size_t)(argc - optind) : 1;

	/* Perf script text, pprof and standard input are one file each; several
	 * traces, a directory or a time window go to the traces' reader. */
	if (npaths == 1 && !fc.from && !fc.to &&
	    (strcmp(paths[0], "-") == 0 || !draw_is_trace(paths[0])))
		return fold_input(paths[0], &fc.o, &fc.po, fc.sample_index);
	struct trace *t = cmd_open_traces(c, paths, npaths);
	if (!t)
		return EXIT_FAIL;
	ret = cmd_time_window(c, t, fc.from, fc.to, &fc.o);
	if (ret) {
		trace_free(t);
		return ret;
	}
	return fold_trace(t, &fc.o);
}
