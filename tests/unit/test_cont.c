/*
 * Continuous profiling's pieces that need no kernel: the tracepoint format
 * parser, how the records of exit_group, signal delivery, signals sent
 * and the OOM killer add up to one end per process, and whose resident
 * memory a whole-machine recording reads.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "record/ends.h"
#include "record/offcpu.h"
#include "record/procs.h"
#include "record/rss.h"
#include "trace/format.h"
#include "trace/trace.h"
#include "trace/writer.h"
#include "tests/unit/check.h"

static const char fmt_signal[] =
	"name: signal_deliver\nID: 183\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:int sig;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:int errno;\toffset:12;\tsize:4;\tsigned:1;\n"
	"\tfield:unsigned long sa_handler;\toffset:24;\tsize:8;\tsigned:0;\n";

static void test_format(void)
{
	uint32_t off = 0, size = 0;
	CHECK(tp_format_field(fmt_signal, "sig", &off, &size));
	CHECK_INT(off, 8);
	CHECK_INT(size, 4);
	CHECK(tp_format_field(fmt_signal, "sa_handler", &off, &size));
	CHECK_INT(off, 24);
	CHECK_INT(size, 8);
	/* "pid" is the end of "common_pid" but not a field of its own. */
	CHECK(!tp_format_field(fmt_signal, "pid", &off, &size));
	CHECK(!tp_format_field(fmt_signal, "", &off, &size));
	CHECK(!tp_format_field("\tfield:int sig;\toffset:x;", "sig", &off, &size));
	CHECK(!tp_format_field("", "sig", &off, &size));
}

static struct end_tracepoints tp = {
	.code_off = 16, .code_size = 8, .sig_off = 8, .handler_off = 24,
};

static void deliver(struct proc_ends *pe, uint32_t pid, int sig, uint64_t handler)
{
	uint8_t raw[40] = { 0 };
	memcpy(raw + 8, &sig, 4);
	memcpy(raw + 24, &handler, 8);
	proc_ends_raw(pe, &tp, END_TP_SIGNAL, pid, raw, sizeof(raw));
}

static void exit_group(struct proc_ends *pe, uint32_t pid, uint64_t code)
{
	uint8_t raw[24] = { 0 };
	memcpy(raw + 16, &code, 8);
	proc_ends_raw(pe, &tp, END_TP_EXIT_GROUP, pid, raw, sizeof(raw));
}

static void test_ends(void)
{
	struct proc_ends pe;
	int v;
	proc_ends_init(&pe);

	/* exit_group(3), then the other threads' SIGKILL: exited 3. */
	exit_group(&pe, 10, 3);
	deliver(&pe, 10, SIGKILL, 0);
	CHECK_INT(proc_ends_take(&pe, 10, &v), TEND_EXITED);
	CHECK_INT(v, 3);
	/* Taken once: the next end of that pid knows nothing of it. */
	CHECK_INT(proc_ends_take(&pe, 10, &v), TEND_UNKNOWN);

	/* SIGTERM sent by another task arrives as the group exit's SIGKILL. */
	proc_ends_sent(&pe, 11, SIGTERM);
	deliver(&pe, 11, SIGKILL, 0);
	CHECK_INT(proc_ends_take(&pe, 11, &v), TEND_SIGNAL);
	CHECK_INT(v, SIGTERM);

	/* A caught SIGTERM ends nothing; the exit that follows does. */
	proc_ends_sent(&pe, 12, SIGTERM);
	deliver(&pe, 12, SIGTERM, 0x401000);
	exit_group(&pe, 12, 7);
	CHECK_INT(proc_ends_take(&pe, 12, &v), TEND_EXITED);
	CHECK_INT(v, 7);

	/* A fault delivered with the default action; SIGCHLD kills no one. */
	deliver(&pe, 13, SIGCHLD, 0);
	deliver(&pe, 13, SIGSEGV, 0);
	CHECK_INT(proc_ends_take(&pe, 13, &v), TEND_SIGNAL);
	CHECK_INT(v, SIGSEGV);

	/* The OOM killer's victim. */
	proc_ends_oom(&pe, 14);
	proc_ends_sent(&pe, 14, SIGKILL);
	deliver(&pe, 14, SIGKILL, 0);
	CHECK_INT(proc_ends_take(&pe, 14, &v), TEND_OOM);
	CHECK_INT(v, SIGKILL);

	/* exec: the old image's group-exit SIGKILL is no end. */
	deliver(&pe, 15, SIGKILL, 0);
	proc_ends_exec(&pe, 15);
	exit_group(&pe, 15, 0);
	CHECK_INT(proc_ends_take(&pe, 15, &v), TEND_EXITED);
	CHECK_INT(v, 0);

	/* Short records are skipped. */
	uint8_t raw[4] = { 0 };
	proc_ends_raw(&pe, &tp, END_TP_EXIT_GROUP, 16, raw, sizeof(raw));
	CHECK_INT(proc_ends_take(&pe, 16, &v), TEND_UNKNOWN);
	proc_ends_release(&pe);
}

/* How many readings of proc the trace holds. */
static size_t readings(const struct trace *t, uint32_t proc)
{
	size_t n = 0;
	for (size_t i = 0; i < t->memory.n; i++)
		n += t->memory.v[i].proc == proc;
	return n;
}

/* With -a only the processes sampled in the file are read, beside the
 * machine; for one program, every process of the model. */
static void test_rss(void)
{
	char path[] = "/tmp/cprof-unit-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	pid_t idle = fork();
	if (idle == 0) {
		pause();
		_exit(0);
	}
	CHECK(idle > 0);
	char *argv[] = { "cprof" };
	struct trace_writer_event ev[] = { { .name = "cpu-clock", .type = 1, .freq = true, .value = 99 } };
	struct trace_writer_header h = { .hostname = "h", .kernel = "6.1", .arch = "x86_64", .argc = 1,
			       .argv = argv, .mode = "system-wide", .call_graph = "fp",
			       .nevents = 1, .events = ev };
	struct trace_writer *w = trace_writer_new(path, &h);
	CHECK(w != NULL);
	if (!w || idle < 0)
		return;
	struct procs ps;
	procs_init(&ps, w);
	CHECK_INT(procs_add_live(&ps, getpid()), 0);
	CHECK_INT(procs_add_live(&ps, idle), 0);
	struct rproc *me = procs_find_pid(&ps, getpid()), *other = procs_find_pid(&ps, idle);
	CHECK(me && other);
	if (!me || !other)
		return;
	me->sampled = true;
	rss_sample(&ps, w, 100000000, true);
	rss_sample(&ps, w, 200000000, true);
	rss_sample(&ps, w, 300000000, false);
	CHECK_INT(trace_writer_finish(w), 0);
	kill(idle, SIGKILL);
	waitpid(idle, NULL, 0);
	struct trace *t = trace_open(path);
	unlink(path);
	CHECK(t != NULL);
	if (t) {
		CHECK_INT(readings(t, TRACE_MACHINE_PROC), 2);
		CHECK_INT(readings(t, me->id), 3);
		CHECK_INT(readings(t, other->id), 1);
	}
	trace_free(t);
	procs_release(&ps);
}

/* A thread preempted after its exit record runs again; its last switch out
 * (into do_task_dead) must still not count as time off CPU, until a new
 * thread takes its id. */
static void test_offcpu_exit(void)
{
	struct offcpu o;
	struct offcpu_sample out;
	size_t i = 0;
	offcpu_init(&o);
	offcpu_out(&o, 7, 100, 1, 1, 0);
	CHECK(offcpu_in(&o, 7, 150, &out));
	CHECK_INT(out.ns, 50);
	offcpu_exit(&o, 7);
	offcpu_out(&o, 7, 200, 1, 2, 0);	/* preempted on its way out */
	CHECK(!offcpu_in(&o, 7, 210, &out));
	offcpu_out(&o, 7, 220, 1, 3, 0);	/* the last switch, never back */
	CHECK(!offcpu_close(&o, &i, 1000, &out));
	offcpu_fork(&o, 7);			/* a new thread with that id */
	offcpu_out(&o, 7, 300, 2, 4, 0);
	i = 0;
	CHECK(offcpu_close(&o, &i, 1000, &out));
	CHECK_INT(out.ns, 700);
	CHECK_INT(out.node, 4);
	offcpu_release(&o);
}

int main(void)
{
	test_format();
	test_ends();
	test_rss();
	test_offcpu_exit();
	return check_exit();
}
