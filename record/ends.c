#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "lib/util.h"
#include "record/ends.h"
#include "trace/format.h"

static const char *const tracefs_dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
static const char *const tp_names[END_TP_N] = {
	"syscalls/sys_enter_exit_group", "signal/signal_deliver", "signal/signal_generate",
	"oom/mark_victim",
};

bool tp_format_field(const char *text, const char *name, uint32_t *off, uint32_t *size)
{
	size_t len = strlen(name);
	/* "\tfield:int sig;\toffset:8;\tsize:4;\tsigned:1;" */
	for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		const char *semi = memchr(line, ';', n);
		if (!semi || semi - line < (ptrdiff_t)len + 1 || memcmp(semi - len, name, len) != 0)
			continue;
		char c = semi[-(ptrdiff_t)len - 1];
		if (c != ' ' && c != '*')
			continue;
		const char *o = strstr(semi, "offset:"), *z = strstr(semi, "size:");
		unsigned a, b;
		if (!o || !z || o > line + n || z > line + n || sscanf(o, "offset:%u;", &a) != 1 ||
		    sscanf(z, "size:%u;", &b) != 1)
			return false;
		*off = a;
		*size = b;
		return true;
	}
	return false;
}

static char *read_small(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	char *b = xmalloc(8192);
	size_t n = fread(b, 1, 8191, f);
	fclose(f);
	b[n] = '\0';
	return b;
}

static const char *tracefs(void)
{
	struct stat st;
	for (size_t i = 0; i < ARRAY_SIZE(tracefs_dirs); i++) {
		char path[96];
		snprintf(path, sizeof(path), "%s/events", tracefs_dirs[i]);
		if (stat(path, &st) == 0)
			return tracefs_dirs[i];
	}
	if (mount("nodev", tracefs_dirs[0], "tracefs", 0, NULL) == 0)
		return tracefs_dirs[0];
	return NULL;
}

int end_tracepoints_find(struct end_tracepoints *tp)
{
	const char *dir = tracefs();
	if (!dir)
		return err_errno(errno, "tracefs is not mounted and cannot be (mount -t tracefs "
				 "nodev /sys/kernel/tracing)");
	uint32_t size, hsize;
	for (int i = 0; i < END_TP_N; i++) {
		char path[160];
		snprintf(path, sizeof(path), "%s/events/%s/id", dir, tp_names[i]);
		char *id = read_small(path);
		uint64_t v;
		bool ok = id && parse_u64(strtok(id, "\n"), &v);
		free(id);
		if (!ok)
			return err_errno(errno ? errno : ENOENT, "cannot read '%s'", path);
		tp->config[i] = v;
		snprintf(path, sizeof(path), "%s/events/%s/format", dir, tp_names[i]);
		char *fmt = read_small(path);
		if (!fmt)
			return err_errno(errno, "cannot read '%s'", path);
		ok = i == END_TP_EXIT_GROUP ?
			tp_format_field(fmt, "error_code", &tp->code_off, &tp->code_size) :
		     i == END_TP_SIGNAL ?
			tp_format_field(fmt, "sig", &tp->sig_off, &size) && size == 4 &&
			tp_format_field(fmt, "sa_handler", &tp->handler_off, &hsize) && hsize == 8 :
		     i == END_TP_GENERATE ?
			tp_format_field(fmt, "sig", &tp->gen_sig_off, &size) && size == 4 &&
			tp_format_field(fmt, "pid", &tp->gen_pid_off, &size) && size == 4 &&
			tp_format_field(fmt, "result", &tp->gen_result_off, &size) && size == 4 :
			tp_format_field(fmt, "pid", &tp->victim_off, &size) && size == 4;
		free(fmt);
		if (!ok || (i == END_TP_EXIT_GROUP && tp->code_size != 4 && tp->code_size != 8))
			return err_set(EINVAL, "'%s' has fields this version does not know", path);
	}
	return 0;
}

void proc_ends_init(struct proc_ends *pe)
{
	memset(pe, 0, sizeof(*pe));
}

void proc_ends_release(struct proc_ends *pe)
{
	hashmap_release(&pe->why);
	hashmap_release(&pe->oom);
	hashmap_release(&pe->sent);
}

/* Signals whose default action ends the process (signal(7)): all but the
 * ignored and the stopping ones. */
static bool kills_by_default(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return false;
	}
	return sig > 0 && sig <= 64;
}

/* The first end seen holds: after exit_group or a fatal signal the kernel
 * kills the other threads with SIGKILL, which is no new cause. */
static void set_end(struct proc_ends *pe, uint32_t pid, int how, int value)
{
	bool found;
	uint64_t *slot = hashmap_slot(&pe->why, pid, &found);
	if (!found)
		*slot = (uint64_t)how << 32 | (uint32_t)value;
}

void proc_ends_raw(struct proc_ends *pe, const struct end_tracepoints *tp, enum end_tp which,
		   uint32_t pid, const uint8_t *raw, size_t n)
{
	if (which == END_TP_EXIT_GROUP) {
		uint32_t code;
		if ((size_t)tp->code_off + 4 > n)
			return;
		memcpy(&code, raw + tp->code_off, 4);	/* little-endian: the low half */
		set_end(pe, pid, TEND_EXITED, code & 0xff);
	} else if (which == END_TP_SIGNAL) {
		int32_t sig;
		uint64_t handler;
		if ((size_t)tp->sig_off + 4 > n || (size_t)tp->handler_off + 8 > n)
			return;
		memcpy(&sig, raw + tp->sig_off, 4);
		memcpy(&handler, raw + tp->handler_off, 8);
		uint64_t sent = 0;
		hashmap_get(&pe->sent, pid, &sent);
		if (handler != 0 /* SIG_DFL */ && sig != SIGKILL) {
			if (sent == (uint64_t)sig)	/* caught: it ends nothing */
				hashmap_del(&pe->sent, pid);
			return;
		}
		if (!kills_by_default(sig))
			return;
		/* A SIGKILL of the group exit stands for the signal sent. */
		set_end(pe, pid, TEND_SIGNAL, sig == SIGKILL && sent ? (int)sent : sig);
	}
}

bool end_tp_target(const struct end_tracepoints *tp, enum end_tp which, const uint8_t *raw,
		   size_t n, uint32_t *tid, int *sig)
{
	int32_t v, result;
	*sig = 0;
	if (which == END_TP_OOM) {
		if ((size_t)tp->victim_off + 4 > n)
			return false;
		memcpy(&v, raw + tp->victim_off, 4);
		*tid = v;
		return true;
	}
	/* size_t: an offset near 4 GiB from a format file must not wrap */
	if ((size_t)tp->gen_sig_off + 4 > n || (size_t)tp->gen_pid_off + 4 > n ||
	    (size_t)tp->gen_result_off + 4 > n)
		return false;
	memcpy(sig, raw + tp->gen_sig_off, 4);
	memcpy(&v, raw + tp->gen_pid_off, 4);
	memcpy(&result, raw + tp->gen_result_off, 4);
	*tid = v;
	return result == 0;	/* TRACE_SIGNAL_DELIVERED */
}

void proc_ends_sent(struct proc_ends *pe, uint32_t pid, int sig)
{
	if (kills_by_default(sig))
		hashmap_put(&pe->sent, pid, sig);
}

void proc_ends_oom(struct proc_ends *pe, uint32_t pid)
{
	hashmap_put(&pe->oom, pid, 1);
}

void proc_ends_exec(struct proc_ends *pe, uint32_t pid)
{
	hashmap_del(&pe->why, pid);
	hashmap_del(&pe->sent, pid);
}

int proc_ends_take(struct proc_ends *pe, uint32_t pid, int *value)
{
	uint64_t v;
	int how = TEND_UNKNOWN;
	*value = 0;
	if (hashmap_get(&pe->why, pid, &v)) {
		how = v >> 32;
		*value = (int32_t)(uint32_t)v;
		hashmap_del(&pe->why, pid);
	}
	hashmap_del(&pe->sent, pid);
	if (hashmap_del(&pe->oom, pid) && (how == TEND_UNKNOWN || (how == TEND_SIGNAL &&
								  *value == SIGKILL))) {
		how = TEND_OOM;
		*value = SIGKILL;
	}
	return how;
}
