/* `cprof record` and `cprof attach`: option parsing and the wiring of a recording. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/util.h"
#include "trace/format.h"
#include "record/output.h"
#include "record/rotate.h"
#include "record/session.h"
#include "record/target.h"
#include "trace/trunc.h"
#include "trace/writer.h"
#include "sym/symbols.h"

static int cmd_record_exec(int argc, char **argv);
static int cmd_attach_exec(int argc, char **argv);

enum {
	OPT_CALL_GRAPH = CMD_LONG_ONLY, OPT_NO_CALL_GRAPH, OPT_USER_ONLY, OPT_NO_INHERIT,
	OPT_DURATION, OPT_DEBUG_DIR, OPT_NO_DEMANGLE, OPT_OFF_CPU, OPT_WALL, OPT_ALLOC_SAMPLE,
	OPT_IDLE, OPT_COMM, OPT_CGROUP, OPT_ROTATE, OPT_KEEP,
};

/* The options of record and attach but -p, whose help differs. */
#define RECORD_OPTIONS \
	CMD_OPT('o', "output", "FILE", \
		"write the trace to FILE (default cprof.data; an existing\n" \
		"file is kept as FILE.old)"), \
	CMD_OPT('F', "freq", "HZ", "samples per second per thread (default 999)"), \
	CMD_OPT('c', "count", "PERIOD", "one sample every PERIOD events instead of -F"), \
	CMD_OPT('e', "event", "EVENT", \
		"the event to sample (repeatable; default cpu-clock):\n" \
		"cpu-clock, task-clock, cycles, instructions, page-faults,\n" \
		"context-switches, cpu-migrations, ... ('cycles' and other\n" \
		"hardware events fall back to cpu-clock where missing)\n" \
		"malloc: the bytes each stack allocates (uprobes on the\n" \
		"C library's malloc, calloc, realloc, free; nothing\n" \
		"preloaded) and the bytes never freed (the event leaks)"), \
	CMD_OPT(OPT_OFF_CPU, "off-cpu", NULL, \
		"where threads wait and for how long: a stack at every\n" \
		"switch off the CPU, weighed by the nanoseconds until it\n" \
		"runs again (the event off-cpu)"), \
	CMD_OPT(OPT_WALL, "wall", NULL, \
		"on- and off-CPU time of each thread together (cpu-clock\n" \
		"and off-cpu, drawn as the event wall)"), \
	CMD_OPT(OPT_ALLOC_SAMPLE, "alloc-sample", "BYTES", \
		"with -e malloc: one allocation per BYTES bytes on\n" \
		"average (e.g. 64K), weighed by the bytes it stands for"), \
	CMD_OPT('g', NULL, NULL, "record call stacks with frame pointers (perf's -g)"), \
	CMD_OPT(OPT_CALL_GRAPH, "call-graph", "MODE", \
		"how stacks are recorded: dwarf[,SIZE] (SIZE bytes of\n" \
		"stack unwound while recording; the default, 32768),\n" \
		"fp[,SIZE] (frame pointers; SIZE bytes of stack to find\n" \
		"the caller of a function without a frame, default 512,\n" \
		"0 for none) or none"), \
	CMD_OPT(OPT_NO_CALL_GRAPH, "no-call-graph", NULL, "record the sampled address only"), \
	CMD_OPT(OPT_USER_ONLY, "user-only", NULL, "leave out kernel frames"), \
	CMD_OPT(OPT_DEBUG_DIR, "debug-dir", "DIR", \
		"also look for debug information in DIR (repeatable)"), \
	CMD_OPT(OPT_NO_DEMANGLE, "no-demangle", NULL, \
		"keep C++ and Rust names as the binaries spell them"), \
	CMD_OPT(OPT_NO_INHERIT, "no-inherit", NULL, \
		"do not follow threads and processes created later"), \
	CMD_OPT('m', "mmap-size", "SIZE", "ring buffer per CPU, e.g. 512K, 8M"), \
	CMD_OPT(OPT_DURATION, "duration", "SECS", "stop after SECS seconds (e.g. 10 or 0.5)"), \
	CMD_OPT('a', "all-cpus", NULL, \
		"the whole machine: every process on the CPUs, those\n" \
		"that start later included, with kernel stacks"), \
	CMD_OPT('C', "cpu", "LIST", "with -a: only these CPUs, e.g. 0,2-3"), \
	CMD_OPT(OPT_IDLE, "idle", NULL, "with -a: keep the samples of idle CPUs (swapper)"), \
	CMD_OPT(OPT_COMM, "comm", "NAME[,...]", "with -a: only processes of these names"), \
	CMD_OPT(OPT_CGROUP, "cgroup", "DIR", \
		"with -a: only tasks of this cgroup (v2 directory)"), \
	CMD_OPT(OPT_ROTATE, "rotate", "WHEN", \
		"cut the trace into files NAME.YYYYmmddTHHMMSS, each\n" \
		"complete on its own: every 60s, 10m, 1h... or at a\n" \
		"size, 100M; SIGUSR2 cuts one at once"), \
	CMD_OPT(OPT_KEEP, "keep", "N", "with --rotate: remove the oldest files so N remain"), \
	CMD_OPT('q', "quiet", NULL, "no status line and no summary")

static const struct cmd_option record_options[] = {
	RECORD_OPTIONS,
	/* record -p without -a points at attach */
	CMD_OPT('p', "pid", "PID[,PID...]",
		"with -a: only these processes of the machine (to\n"
		"profile running processes, use cprof attach)"),
	CMD_HELP,
	CMD_END,
};

static const struct cmd_option attach_options[] = {
	CMD_OPT('p', "pid", "PID[,PID...]",
		"the processes to profile (every thread, and the\n"
		"threads and children they create); with -a,\n"
		"only these processes of the machine"),
	RECORD_OPTIONS,
	CMD_HELP,
	CMD_END,
};

const struct cmd_entry cmd_record_entry = {
	.name = "record",
	.usage = "[OPTIONS] [--] COMMAND [ARGS...] | -a [OPTIONS] [[--] COMMAND...]",
	.summary = "run a command and record a profile of it",
	.options = record_options,
	/* the command's own options are its */
	.options_first = true,
	.exec = cmd_record_exec,
};

const struct cmd_entry cmd_attach_entry = {
	.name = "attach",
	.usage = "-p PID[,PID...] [OPTIONS] | -a [OPTIONS]",
	.summary = "record a profile of running processes",
	.options = attach_options,
	.options_first = true,
	.exec = cmd_attach_exec,
};

struct recording {
	const struct cmd_entry *cmd;
	struct rec_options ro;
	ARRAY(const char *) events;
	ARRAY(pid_t) pids;
	ARRAY(uint32_t) only_pids;	/* -a --pid */
	ARRAY(int) cpus;
	ARRAY(char *) comms;
	const char *cpu_list;
	/* --rotate: by time or size, and --keep */
	uint64_t rotate_ns, rotate_bytes;
	unsigned keep;
	struct rotation rot;
	char **hdr_argv;		/* the files' header, alive as long as they are written */
	struct trace_writer_event *hdr_events;
	ARRAY(const char *) debug_dirs;	/* NULL-terminated once parsed */
	bool no_demangle;
	const char *output;
	struct output out;
	double duration;
	bool quiet;
	bool status_line;
	char **target_argv;
};

/*
 * DWARF unwinding is the default: it gives whole stacks on distribution
 * binaries, built without frame pointers, and unwinding while recording
 * costs the recorder a few percent of a core at 999 Hz on two busy
 * threads.  32 KiB of stack reaches the root of a few hundred frames
 * where perf's 8 KiB stops short.
 */
#define DWARF_DEFAULT_SIZE 32768
/* Frame-pointer mode's leaf repair reads the sampled function's return
 * address from the stack by CFI: a leaf keeps it within its few saved
 * registers and locals, a few hundred bytes above the stack pointer. */
#define FP_DEFAULT_SIZE 512

static int parse_call_graph(struct recording *r, const char *v)
{
	if (strncmp(v, "fp", 2) == 0 && (v[2] == '\0' || v[2] == ',')) {
		r->ro.call_graph = CG_FP;
		uint64_t size = FP_DEFAULT_SIZE;
		if (v[2] == ',' && (!parse_size(v + 3, &size) || size > 65528))
			return cmd_usage_error(r->cmd, "bad stack size in '--call-graph %s': give "
					       "bytes from 0 to 65528", v);
		r->ro.fp_size = (size + 7) & ~7ull;
		return 0;
	}
	if (strcmp(v, "none") == 0) {
		r->ro.call_graph = CG_NONE;
		return 0;
	}
	if (strncmp(v, "dwarf", 5) == 0 && (v[5] == '\0' || v[5] == ',')) {
		r->ro.call_graph = CG_DWARF;
		uint64_t size = DWARF_DEFAULT_SIZE;
		if (v[5] == ',' && (!parse_size(v + 6, &size) || size < 8 || size > 65528))
			return cmd_usage_error(r->cmd, "bad stack size in '--call-graph %s': give "
					       "bytes from 8 to 65528", v);
		r->ro.dwarf_size = (size + 7) & ~7ull;
		return 0;
	}
	return cmd_usage_error(r->cmd, "unknown call graph mode '%s' (fp[,SIZE], dwarf[,SIZE] or "
			       "none)", v);
}

/*
 * Seconds as digits with an optional fraction ("1", "0.5", "2.25"), up to
 * about 115 days.  strtod alone would take "nan" (a recording that never
 * ends), "inf", "0x10" (16 s) and "1e3".
 */
static bool parse_seconds(const char *v, double *out)
{
	size_t whole = strspn(v, "0123456789"), frac = 0;
	if (v[whole] == '.')
		frac = strspn(v + whole + 1, "0123456789");
	if (whole + frac == 0 || v[whole + (v[whole] == '.') + frac] != '\0')
		return false;
	double d = strtod(v, NULL);
	if (!(d > 0 && d <= 1e7))
		return false;
	*out = d;
	return true;
}

static int parse_pids(struct recording *r, const char *v)
{
	for (const char *p = v; *p;) {
		size_t n = strcspn(p, ",");
		char *one = xstrndup(p, n);
		uint64_t pid;
		bool ok = parse_u64(one, &pid) && pid > 0 && pid < (1u << 30);
		free(one);
		if (!ok)
			return cmd_usage_error(r->cmd, "bad process id in '%s'", v);
		array_push(&r->pids, (pid_t)pid);
		p += n + (p[n] == ',');
	}
	return 0;
}

/* "60s", "10m", "1h", "500ms" (a time) or "100M", "1G", "512K" (a size). */
static int parse_rotate(struct recording *r, const char *v)
{
	size_t digits = strspn(v, "0123456789");
	const char *unit = v + digits;
	uint64_t n;
	char *num = xstrndup(v, digits);
	bool ok = digits && parse_u64(num, &n) && n > 0 && n < (1ull << 40);
	free(num);
	static const struct { const char *unit; uint64_t ns; } times[] = {
		{ "ms", 1000000ull }, { "s", 1000000000ull }, { "m", 60000000000ull },
		{ "min", 60000000000ull }, { "h", 3600000000000ull },
	};
	for (size_t i = 0; ok && i < ARRAY_SIZE(times); i++) {
		if (strcmp(unit, times[i].unit) == 0) {
			r->rotate_ns = n * times[i].ns;
			if (r->rotate_ns < 100000000ull)
				return cmd_usage_error(r->cmd, "--rotate %s is too often (100ms at least)", v);
			return 0;
		}
	}
	uint64_t bytes;
	if (ok && *unit && strchr("KMGkmg", *unit) && parse_size(v, &bytes)) {
		if (bytes < (64u << 10))
			return cmd_usage_error(r->cmd, "--rotate %s is too small (64K at least)", v);
		r->rotate_bytes = bytes;
		return 0;
	}
	return cmd_usage_error(r->cmd, "bad --rotate '%s': give a time (60s, 10m, 1h) or a "
			       "size (100M, 1G)", v);
}

/* "0,2-3": CPU numbers and ranges. */
static int parse_cpus(struct recording *r, const char *v)
{
	for (const char *p = v; *p;) {
		char *end;
		if (*p < '0' || *p > '9')
			break;
		unsigned long a = strtoul(p, &end, 10), b = a;
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				break;
			b = strtoul(end + 1, &end, 10);
		}
		if (a > b || b >= 4096 || (*end && *end != ','))
			break;
		for (unsigned long c = a; c <= b; c++)
			array_push(&r->cpus, (int)c);
		p = end + (*end == ',');
		if (!*p && *end == ',')
			break;
		if (!*p)
			return 0;
	}
	return cmd_usage_error(r->cmd, "bad CPU list '%s' (e.g. 0,2-3)", v);
}

static void parse_comms(struct recording *r, const char *v)
{
	for (const char *p = v; *p;) {
		size_t n = strcspn(p, ",");
		if (n)
			array_push(&r->comms, xstrndup(p, n));
		p += n + (p[n] == ',');
	}
}

/* Options that make sense with -a only, and the checks between them. */
static int check_system_options(struct recording *r, const char *cgroup)
{
	bool sys = r->ro.system_wide;
	if (!sys && (r->cpu_list || r->ro.idle || r->comms.n || cgroup))
		return cmd_usage_error(r->cmd, "%s needs -a", r->cpu_list ? "-C" : r->ro.idle ?
				       "--idle" : r->comms.n ? "--comm" : "--cgroup");
	if (r->cpu_list && parse_cpus(r, r->cpu_list))
		return EXIT_USAGE;
	r->ro.cpus = r->cpus.v;
	r->ro.ncpus = r->cpus.n;
	r->ro.only_pids = r->only_pids.v;
	r->ro.nonly_pids = r->only_pids.n;
	r->ro.only_comms = (const char *const *)r->comms.v;
	r->ro.nonly_comms = r->comms.n;
	r->ro.cgroup = cgroup;
	return 0;
}

/* -e malloc is among the events */
static bool records_heap(const struct recording *r)
{
	for (size_t i = 0; i < r->events.n; i++)
		if (!strcmp(r->events.v[i], "malloc"))
			return true;
	return false;
}

/* What the options say beside the recording's settings, for the checks
 * between them. */
struct record_args {
	struct recording *r;
	const char *cgroup, *pid_arg;
	bool freq_given, count_given, off_cpu, wall;
};

static int record_number_option(struct recording *r, int id, const char *arg)
{
	uint64_t v;
	switch (id) {
	case 'F':
		if (!parse_u64(arg, &v) || v == 0 || v > 1000000)
			return cmd_usage_error(r->cmd, "bad frequency '%s' (1 to 1000000 Hz)", arg);
		r->ro.freq = v;
		return 0;
	case 'c':
		if (!parse_u64(arg, &v) || v == 0)
			return cmd_usage_error(r->cmd, "bad period '%s'", arg);
		r->ro.period = v;
		r->ro.use_period = true;
		return 0;
	case 'm':
		if (!parse_size(arg, &v) || v < 4096 || v > (1ull << 32))
			return cmd_usage_error(r->cmd, "bad ring buffer size '%s' (4K to 4G)", arg);
		r->ro.mmap_bytes = v;
		return 0;
	case OPT_DURATION:
		if (!parse_seconds(arg, &r->duration))
			return cmd_usage_error(r->cmd, "bad duration '%s': give seconds as a "
					       "decimal number above 0, e.g. 10 or 0.5", arg);
		return 0;
	case OPT_ALLOC_SAMPLE:
		if (!parse_size(arg, &v) || v == 0 || v > (1ull << 40))
			return cmd_usage_error(r->cmd, "bad --alloc-sample '%s' (bytes, e.g. "
					       "64K)", arg);
		r->ro.alloc_sample = v;
		return 0;
	default:	/* OPT_KEEP */
		if (!parse_u64(arg, &v) || v == 0 || v > 1000000)
			return cmd_usage_error(r->cmd, "bad --keep '%s' (1 or more files)", arg);
		r->keep = v;
		return 0;
	}
}

static int record_option(void *ctx, int id, const char *arg)
{
	struct record_args *a = ctx;
	struct recording *r = a->r;
	switch (id) {
	case 'o': r->output = arg; break;
	case 'F': a->freq_given = true; return record_number_option(r, id, arg);
	case 'c': a->count_given = true; return record_number_option(r, id, arg);
	case 'm': case OPT_DURATION: case OPT_ALLOC_SAMPLE: case OPT_KEEP:
		return record_number_option(r, id, arg);
	case 'e': array_push(&r->events, arg); break;
	case 'g': r->ro.call_graph = CG_FP; break;
	case OPT_CALL_GRAPH: return parse_call_graph(r, arg);
	case OPT_NO_CALL_GRAPH: r->ro.call_graph = CG_NONE; break;
	case OPT_USER_ONLY: r->ro.user_only = true; break;
	case OPT_NO_INHERIT: r->ro.no_inherit = true; break;
	case 'q': r->quiet = true; break;
	case OPT_DEBUG_DIR: array_push(&r->debug_dirs, arg); break;
	case OPT_NO_DEMANGLE: r->no_demangle = true; break;
	case OPT_OFF_CPU: a->off_cpu = true; break;
	case OPT_WALL: a->off_cpu = a->wall = true; break;
	case 'p':
		a->pid_arg = arg;
		return parse_pids(r, arg);
	case 'a': r->ro.system_wide = true; break;
	case 'C': r->cpu_list = arg; break;
	case OPT_IDLE: r->ro.idle = true; break;
	case OPT_COMM: parse_comms(r, arg); break;
	case OPT_CGROUP: a->cgroup = arg; break;
	case OPT_ROTATE: return parse_rotate(r, arg);
	}
	return 0;
}

static int parse_options(struct recording *r, int argc, char **argv, bool attach)
{
	struct record_args a = { .r = r };
	int rc;

	r->ro.call_graph = CG_DWARF;
	r->ro.dwarf_size = DWARF_DEFAULT_SIZE;
	r->ro.fp_size = FP_DEFAULT_SIZE;
	r->ro.freq = 999;
	r->output = "cprof.data";
	if ((rc = cmd_parse_options(r->cmd, argc, argv, record_option, &a)))
		return rc;
	if (a.freq_given && a.count_given)
		return cmd_usage_error(r->cmd, "-F and -c exclude each other");
	if (a.pid_arg && !attach && !r->ro.system_wide)
		return cmd_usage_error(r->cmd, "record runs a command: to profile running "
				       "processes, use 'cprof attach -p %s'", a.pid_arg);
	if (r->ro.system_wide) {
		/* With -a, -p names the processes to keep, not ones to attach to. */
		for (size_t i = 0; i < r->pids.n; i++)
			array_push(&r->only_pids, (uint32_t)r->pids.v[i]);
		r->pids.n = 0;
	}
	if ((rc = check_system_options(r, a.cgroup)))
		return rc;
	if (r->keep && !r->rotate_ns && !r->rotate_bytes)
		return cmd_usage_error(r->cmd, "--keep needs --rotate");
	if (r->ro.system_wide) {
		/* A command is optional: the recording lasts as long as it. */
		if (attach && optind < argc)
			return cmd_usage_error(r->cmd, "unexpected argument '%s' (attach -a takes "
					       "no command)", argv[optind]);
		r->target_argv = optind < argc ? argv + optind : NULL;
	} else if (attach) {
		if (optind < argc)
			return cmd_usage_error(r->cmd, "unexpected argument '%s' (attach takes -p PID)",
					       argv[optind]);
		if (!r->pids.n)
			return cmd_usage_error(r->cmd, "no process given: use -p PID");
	} else {
		if (optind >= argc)
			return cmd_usage_error(r->cmd, "no command given");
		r->target_argv = argv + optind;
	}
	/* wall time is the CPU clock's samples (nanoseconds each) and the time off */
	if (a.wall && !r->events.n)
		array_push(&r->events, "cpu-clock");
	if (a.off_cpu)
		array_push(&r->events, "off-cpu");
	bool heap = records_heap(r);
	if (r->ro.alloc_sample && !heap)
		return cmd_usage_error(r->cmd, "--alloc-sample needs -e malloc");
	/* a rotated file would name stacks of the file before it */
	if (heap && (r->rotate_ns || r->rotate_bytes))
		return cmd_usage_error(r->cmd, "-e malloc and --rotate exclude each other");
	array_push(&r->debug_dirs, NULL);
	r->ro.events = r->events.v;
	r->ro.nevents = r->events.n;
	return 0;
}

/* ---- signals ---- */

static volatile sig_atomic_t stop_requested, signal_count, rotate_requested;
static volatile pid_t forward_to;

/*
 * A signal typed at the terminal reaches the whole foreground group, target
 * included; one sent to cprof alone is passed on, so the target sees what it
 * would have seen without cprof.  The recording goes on until the target
 * ends; a second signal ends it at once.
 */
static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	signal_count++;
	if (forward_to > 0 && signal_count == 1) {
		if (si->si_code != SI_KERNEL)
			kill(forward_to, sig);
		return;
	}
	stop_requested = 1;
}

static void on_usr2(int sig)
{
	(void)sig;
	rotate_requested = 1;
}

/* With --rotate, a recorder meant to run for days: SIGHUP (a closed
 * terminal, a daemon manager's reload) does not stop it, SIGUSR2 cuts a
 * file at once. */
static void catch_signals(bool rotating)
{
	struct sigaction sa = { 0 };
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (rotating) {
		signal(SIGHUP, SIG_IGN);
		struct sigaction su = { .sa_handler = on_usr2, .sa_flags = SA_RESTART };
		sigemptyset(&su.sa_mask);
		sigaction(SIGUSR2, &su, NULL);
	} else {
		sigaction(SIGHUP, &sa, NULL);
	}
}

/* ---- the trace ---- */

static struct trace_writer *open_trace(struct recording *r, struct session *s, int argc,
				       char **argv)
{
	static struct utsname un;	/* rotated files' headers point into it */
	uname(&un);
	char **full = xcalloc(argc + 2, sizeof(*full));
	full[0] = (char *)"cprof";
	memcpy(full + 1, argv, argc * sizeof(*argv));

	struct trace_writer_event *ev = xcalloc(r->events.n + 1, sizeof(*ev));
	size_t nev = session_events(s, ev);
	struct trace_writer_header h = {
		.hostname = un.nodename, .kernel = un.release, .arch = un.machine,
		.argc = argc + 1, .argv = full, .nevents = nev, .events = ev,
	};
	session_header(s, &h);
	if (r->rotate_ns || r->rotate_bytes) {
		/* Every file has this header: it lives until the last is written. */
		r->hdr_argv = full;
		r->hdr_events = ev;
		r->rot.header = h;
		return rotation_open(&r->rot);
	}
	/* The writer owns the file from here, also when it fails. */
	struct trace_writer *w = trace_writer_fdopen(r->out.fd, r->output, &h);
	r->out.fd = -1;
	free(full);
	free(ev);
	return w;
}

/* Processes in a chroot or container: their files stay readable after they
 * exit.  The symbolizer is the rotation's: it is made again at each cut. */
static void note_process(void *ctx, uint32_t pid)
{
	const struct rotation *rot = ctx;
	if (rot->sym)
		symbolizer_note_process(rot->sym, pid);
}

/* ---- status ---- */

static void status_tick(void *ctx, const struct session_stats *st, uint64_t bytes)
{
	const struct recording *r = ctx;
	char b[32];
	if (!r->status_line)
		return;
	fprintf(stderr, "\r\033[K[ cprof: %.1f s, %llu samples, %llu lost, %s ]",
		st->elapsed_ns / 1e9, (unsigned long long)st->samples,
		(unsigned long long)st->lost, fmt_bytes(b, sizeof(b), bytes));
	fflush(stderr);
}

/* One line per reason a stack stopped short, with what would help:
 * "12.3% of stacks hit the 8192-byte stack copy; try --call-graph dwarf,32768";
 * broken frame-pointer chains by the module they broke in. */
static void print_truncation(const struct recording *r, struct session *s,
			     const struct session_stats *st)
{
	char cg[32], why[160], share[64];
	const char *module;
	uint64_t n;
	if (r->ro.call_graph == CG_DWARF)
		snprintf(cg, sizeof(cg), "dwarf,%u", r->ro.dwarf_size);
	else
		snprintf(cg, sizeof(cg), "fp");
	for (unsigned i = 1; i < ARRAY_SIZE(st->truncated) && st->samples; i++) {
		uint64_t rest = st->truncated[i];
		if (i == TRUNC_NO_UNWIND && r->ro.call_graph == CG_FP) {
			for (size_t k = 0; k < 3 && session_broken(s, k, &module, &n); k++) {
				fprintf(stderr, "cprof %s: %s %s\n", r->cmd->name,
					trunc_share(n, st->samples, share, sizeof(share)),
					trunc_broken_text(module, why, sizeof(why)));
				rest -= MIN(n, rest);
			}
		}
		if (!rest)
			continue;
		fprintf(stderr, "cprof %s: %s %s\n", r->cmd->name,
			trunc_share(rest, st->samples, share, sizeof(share)),
			trunc_text(i, cg, why, sizeof(why)));
	}
}

static void print_summary(const struct recording *r, struct session *s,
			  const struct session_stats *st, uint64_t bytes, const char *outcome)
{
	char b[32];
	if (r->status_line)
		fprintf(stderr, "\r\033[K");
	if (r->quiet)
		return;
	fprintf(stderr, "cprof %s: %llu samples (%llu lost), %llu threads, %.2f s, %s written "
		"to '%s' (%.1f bytes/sample)%s%s\n", r->cmd->name,
		(unsigned long long)st->samples, (unsigned long long)st->lost,
		(unsigned long long)st->threads, st->elapsed_ns / 1e9,
		fmt_bytes(b, sizeof(b), bytes), r->output,
		st->samples ? (double)bytes / st->samples : 0.0, outcome ? "; " : "",
		outcome ? outcome : "");
	if (st->offcpu_dropped)
		fprintf(stderr, "cprof %s: %llu off-CPU intervals left out: the kernel lost the "
			"record of one end (a larger -m helps)\n", r->cmd->name,
			(unsigned long long)st->offcpu_dropped);
	/* A full ring drops a call's entry and return together, so the calls
	 * left unpaired (0-4) say nothing of the thousands that can be lost. */
	if (st->lost && records_heap(r))
		fprintf(stderr, "cprof %s: the kernel dropped %llu records while the ring buffers "
			"were full: the allocator calls they held are missing from the malloc and "
			"leaks graphs (a larger -m or --alloc-sample helps)\n", r->cmd->name,
			(unsigned long long)st->lost);
	if (st->heap_unmatched)
		fprintf(stderr, "cprof %s: %llu allocator calls left out: the kernel lost the "
			"record of their entry or return (a larger -m or --alloc-sample helps)\n",
			r->cmd->name, (unsigned long long)st->heap_unmatched);
	print_truncation(r, s, st);
}

/* SIGTERM, and SIGKILL for a target that ignores it: cprof never hangs. */
static bool end_target(pid_t pid, int *status)
{
	kill(pid, SIGTERM);
	for (int i = 0; i < 30; i++) {
		if (waitpid(pid, status, WNOHANG) == pid)
			return true;
		usleep(100000);
	}
	kill(pid, SIGKILL);
	return waitpid(pid, status, 0) == pid;
}

static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return EXIT_FAIL;
}

static char *describe_exit(int status)
{
	if (WIFSIGNALED(status))
		return xasprintf("the target was killed by signal %d (%s)", WTERMSIG(status),
				 strsignal(WTERMSIG(status)));
	return xasprintf("the target exited with status %d", WEXITSTATUS(status));
}

/*
 * The trace could not be written (a full disk).  Recording stops, and the
 * target, the user's work, does not pay for it: a launched command runs on
 * to its end, attached processes are left alone.  Returns the reason,
 * which is the caller's.
 */
static char *stop_writing(struct recording *r, struct trace_writer *w, struct target *tg,
			  struct session_loop *loop, int err)
{
	cmd_error(r->cmd, "%s: recording stopped; %s",
		  trace_writer_error(w) ? trace_writer_error(w) : err_msg(),
		  r->target_argv ?
		  "the command runs on to its end" : "the processes run on");
	forward_to = tg->pid;	/* signals still reach the command */
	while (tg->pid && !loop->child_exited) {
		pid_t p = waitpid(tg->pid, &loop->child_status, 0);
		if (p == tg->pid)
			loop->child_exited = true;
		else if (p < 0 && errno != EINTR)
			break;
	}
	forward_to = 0;
	if (loop->child_exited)
		tg->pid = 0;
	return xstrdup(strerror(-err));
}

/* After a failed write: what the file keeps, what was lost and why. */
static void print_loss(const struct recording *r, const struct session_stats *st,
		       uint64_t kept, const char *why, bool kept_file, const char *outcome)
{
	unsigned long long lost = st->samples > kept ? st->samples - kept : 0;
	if (r->status_line)
		fprintf(stderr, "\r\033[K");
	char klost[64] = "";
	if (st->lost)
		snprintf(klost, sizeof(klost), "; %llu more were lost by the kernel",
			 (unsigned long long)st->lost);
	if (kept_file)
		cmd_error(r->cmd, "'%s' keeps %llu samples; %llu were lost because the trace could "
			  "not be written (%s)%s%s%s", r->output, (unsigned long long)kept, lost, why,
			  klost, outcome ? "; " : "", outcome ? outcome : "");
	else
		cmd_error(r->cmd, "no trace was written (%s): no sample reached the disk, %llu "
			  "were lost%s; a previous '%s' keeps its name%s%s", why, lost, klost,
			  r->output, outcome ? "; " : "", outcome ? outcome : "");
}

/*
 * Finishes the file and gives it its name.  why is set when writing
 * failed: the file then keeps the chunks already on the disk, which hold
 * kept samples, and takes its name only when there is a sample in it.
 */
static int keep_trace(struct recording *r, struct session *s, struct trace_writer *w,
		      const struct session_loop *loop, char *why)
{
	uint64_t kept = trace_writer_samples_kept(w);
	uint64_t bytes = trace_writer_bytes(w);
	int rc = trace_writer_finish(w);
	if (rc < 0 && !why) {
		cmd_error(r->cmd, "%s", err_msg());
		why = xstrdup(strerror(-rc));
	}
	bool kept_file = !why || kept > 0;
	if (kept_file && output_commit(&r->out) < 0) {
		cmd_error(r->cmd, "%s", err_msg());
		rc = -1;
	}
	struct stat st;
	if (stat(r->output, &st) == 0)
		bytes = st.st_size;
	char *outcome = loop->child_exited ? describe_exit(loop->child_status) : NULL;
	if (why)
		print_loss(r, session_stats(s), kept, why, kept_file, outcome);
	else
		print_summary(r, s, session_stats(s), bytes, outcome);
	free(outcome);
	bool failed = why || rc < 0;
	free(why);
	if (failed)
		return EXIT_FAIL;
	return loop->child_exited ? exit_code(loop->child_status) : EXIT_OK;
}

/* The end of a rotated recording: the last file is completed like the
 * others, and the summary counts the files. */
static int finish_rotation(struct recording *r, struct session *s, struct target *tg,
			   struct session_loop *loop, int rc)
{
	struct trace_writer *w = session_writer(s);
	if (tg->pid && !loop->child_exited)
		loop->child_exited = end_target(tg->pid, &loop->child_status);
	forward_to = 0;
	if (loop->child_exited)
		tg->pid = 0;
	if (rc < 0)
		cmd_error(r->cmd, "%s", w && trace_writer_error(w) ? trace_writer_error(w) : err_msg());
	if (w) {
		rec_symbolize(s, r->rot.sym, w);
		session_final_stats(s, loop->child_exited ? loop->child_status : -1);
		if (rotation_close(&r->rot, w) < 0) {
			cmd_error(r->cmd, "%s", err_msg());
			rc = -1;
		}
	}
	const struct session_stats *st = session_stats(s);
	if (r->status_line)
		fprintf(stderr, "\r\033[K");
	if (!r->quiet) {
		fprintf(stderr, "cprof %s: %llu samples (%llu lost), %.2f s, %llu files '%s.*' "
			"written", r->cmd->name, (unsigned long long)st->samples,
			(unsigned long long)st->lost, st->elapsed_ns / 1e9,
			(unsigned long long)r->rot.files, r->output);
		if (r->rot.removed)
			fprintf(stderr, ", %llu removed by --keep", (unsigned long long)r->rot.removed);
		fputc('\n', stderr);
	}
	if (rc < 0)
		return EXIT_FAIL;
	return loop->child_exited ? exit_code(loop->child_status) : EXIT_OK;
}

static int run(struct recording *r, int argc, char **argv)
{
	struct target tg = { .go_fd = -1, .err_fd = -1 };
	struct session *s = session_new(&r->ro);
	struct trace_writer *w = NULL;
	int rc, ret = EXIT_FAIL;
	struct sym_options so = { .no_demangle = r->no_demangle, .debug_dirs = r->debug_dirs.v };
	struct symbolizer *sym = NULL;

	bool rotating = r->rotate_ns || r->rotate_bytes;
	/* First: a second recording to the same file fails before it starts
	 * anything.  Rotated files have names of their own. */
	if (!rotating && output_open(&r->out, r->output) < 0) {
		cmd_error(r->cmd, "%s", err_msg());
		goto out;
	}
	sym = symbolizer_new(&so);
	if (!sym)
		cmd_notice(r->cmd, "%s: the trace will have no symbol table", err_msg());
	r->rot = (struct rotation){
		.base = r->output, .every_ns = r->rotate_ns, .max_bytes = r->rotate_bytes,
		.keep = r->keep, .sym = sym, .sym_opts = &so, .now = &rotate_requested,
	};
	sym = NULL;	/* r->rot.sym from here */
	if (r->rot.sym) {
		session_on_process(s, note_process, &r->rot);
		session_set_symbolizer(s, r->rot.sym);
	}

	if (r->ro.system_wide) {
		rc = r->target_argv ? target_launch(&tg, r->target_argv) : 0;
		if (rc == 0)
			rc = session_open_system(s);
	} else if (r->target_argv) {
		rc = target_launch(&tg, r->target_argv);
		if (rc == 0)
			rc = session_open_launch(s, tg.pid);
	} else {
		rc = session_open_attach(s, r->pids.v, r->pids.n);
	}
	if (rc < 0) {
		cmd_error(r->cmd, "%s", err_msg());
		goto out;
	}
	for (size_t i = 0; session_notice(s, i); i++)
		cmd_notice(r->cmd, "%s", session_notice(s, i));
	w = open_trace(r, s, argc, argv);
	if (!w) {
		cmd_error(r->cmd, "%s", err_msg());
		goto out;
	}
	catch_signals(r->rotate_ns || r->rotate_bytes);
	if (session_start(s, w, r->pids.v, r->pids.n) < 0) {
		cmd_error(r->cmd, "%s", err_msg());
		goto out;
	}
	if (r->target_argv) {
		forward_to = tg.pid;
		if (target_start(&tg, r->target_argv[0]) < 0) {
			forward_to = 0;
			cmd_error(r->cmd, "%s", err_msg());
			goto out;	/* nothing is left behind */
		}
	}
	struct session_loop loop = {
		.child = tg.pid, .pids = r->pids.v, .npids = r->pids.n,
		.duration_ns = r->duration * 1e9, .stop = &stop_requested,
		.tick = status_tick, .tick_ctx = r, .rot = rotating ? &r->rot : NULL,
	};
	rc = session_run(s, &loop);
	if (rotating) {
		ret = finish_rotation(r, s, &tg, &loop, rc);
		w = NULL;
		goto out;
	}
	char *why = NULL;
	if (rc < 0) {
		why = stop_writing(r, w, &tg, &loop, rc);
	} else {
		/* Stopped early (a second signal, --duration): the target of a
		 * record goes, as with perf; an attached process is left running. */
		if (tg.pid && !loop.child_exited)
			loop.child_exited = end_target(tg.pid, &loop.child_status);
		forward_to = 0;
		if (loop.child_exited)
			tg.pid = 0;
		rec_symbolize(s, r->rot.sym, w);
		for (size_t i = 0; r->rot.sym && symbolizer_notice(r->rot.sym, i); i++)
			cmd_notice(r->cmd, "%s", symbolizer_notice(r->rot.sym, i));
		session_final_stats(s, loop.child_exited ? loop.child_status : -1);
		if ((rc = trace_writer_flush(w)) < 0) {
			cmd_error(r->cmd, "%s", trace_writer_error(w) ? trace_writer_error(w) : err_msg());
			why = xstrdup(strerror(-rc));
		}
	}
	ret = keep_trace(r, s, w, &loop, why);
	w = NULL;
out:
	if (w)
		trace_writer_free(w);
	forward_to = 0;
	if (tg.pid)
		target_abort(&tg);
	session_free(s);
	symbolizer_free(sym);
	symbolizer_free(r->rot.sym);
	r->rot.sym = NULL;
	output_release(&r->out);
	rotation_release(&r->rot);
	free(r->hdr_argv);
	free(r->hdr_events);
	return ret;
}

static int record_main(const struct cmd_entry *cmd, int argc, char **argv, bool attach)
{
	struct recording r = { .cmd = cmd, .out = { .fd = -1, .lock_fd = -1 } };
	int rc = parse_options(&r, argc, argv, attach);
	if (rc == 0) {
		r.status_line = !r.quiet && isatty(STDERR_FILENO);
		rc = run(&r, argc, argv);
	} else {
		rc = cmd_parse_status(rc);
	}
	array_free(&r.events);
	array_free(&r.pids);
	array_free(&r.only_pids);
	array_free(&r.cpus);
	for (size_t i = 0; i < r.comms.n; i++)
		free(r.comms.v[i]);
	array_free(&r.comms);
	array_free(&r.debug_dirs);
	return rc;
}

static int cmd_record_exec(int argc, char **argv)
{
	return record_main(&cmd_record_entry, argc, argv, false);
}

static int cmd_attach_exec(int argc, char **argv)
{
	return record_main(&cmd_attach_entry, argc, argv, true);
}
