#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"
#include "record/ends.h"
#include "record/events.h"
#include "record/fpchain.h"
#include "record/malloc.h"
#include "record/offcpu.h"
#include "record/perfrec.h"
#include "record/rss.h"
#include "trace/format.h"
#include "record/ring.h"
#include "record/rotate.h"
#include "record/session.h"
#include "record/unwind.h"

#define MAX_FRAMES 1024

struct session;
static void stop_watcher(struct session *s);
static uint64_t record_time(const uint8_t *rec);

struct event {
	const struct event_desc *desc;
	const char *requested;		/* set when this replaced a refused event */
	struct perf_event_attr attr;
};

struct session {
	struct rec_options o;
	ARRAY(struct event) events;
	ARRAY(int) fds;
	struct hashmap id_event;	/* perf sample id -> event index */
	int ncpus;
	struct ring *rings;		/* per CPU; fd -1 when the CPU is offline */
	/*
	 * Side-band records (mmap, comm, fork, exit) come through a dummy
	 * event with rings of their own, read by a watcher thread as soon as
	 * each record is written: a process in a chroot or container is looked
	 * at while it is alive, however far behind the samples are.  The
	 * records wait in sb_buf until the loop merges them with the samples.
	 */
	struct ring *sb_rings;		/* per CPU; NULL without the dummy event */
	bool no_dummy;			/* refused: side-band rides on the first event */
	pthread_mutex_t sb_lock;	/* sb_rings, sb_buf, noticed calls, noted */
	struct buf sb_buf;
	pthread_t watcher;
	bool watching;
	int wake[2];			/* tells the watcher to stop */
	ARRAY(char *) notices;
	bool launch;
	bool system;			/* -a */
	int cgroup_fd;			/* -a --cgroup, else -1 */
	bool kernel_refused;		/* kernel frames were dropped */
	bool no_build_id, no_clockid;
	uint32_t max_stack;
	size_t ring_pages, sb_pages;	/* data pages of each CPU's rings */
	uint64_t start_mono, start_real;	/* sample times count from start_mono */
	struct trace_writer *w;
	struct procs procs;
	struct unwinder *unwinder;
	struct fpchain *fpchain;	/* frame-pointer mode */
	struct symbolizer *sym;
	struct hashmap seen;		/* node << 32 | proc id: addresses collected */
	struct session_stats st;
	struct session_stats file_base;	/* st when the current file began */
	uint64_t file_start_ns;		/* now_ns() then */
	void (*noticed)(void *ctx, uint32_t pid);
	void *noticed_ctx;
	/* pid -> 1: noticed since its exec (or since the cut), until it exits.
	 * Looking at a process's root costs six system calls and the kernel's
	 * rendering of /proc/PID/status; a process announces code with each
	 * library it maps, and the process model notices it at its fork and
	 * its exec again: a tenth of the recorder's time with -a and process
	 * churn went to looking at the same roots. */
	struct hashmap noted;
	/* How processes end: the tracepoints' sample ids, and what they said
	 * of each process until its exit record. */
	struct end_tracepoints tp;
	bool ends_on, wide_ends;
	struct hashmap id_tp;		/* perf sample id -> enum end_tp */
	struct proc_ends ends;
	struct buf buf;			/* records drained this round */
	struct offcpu offcpu;		/* threads off CPU, for the off-cpu event */
	/* -e malloc: the uprobes' sample ids, and the allocations they pair */
	bool heap_on;
	size_t heap_ev, leaks_ev;	/* event indexes of malloc and leaks */
	struct hashmap id_heap;		/* perf sample id -> enum heap_probe + 1 */
	struct heap heap;
	uint64_t addrs[MAX_FRAMES];
};

static void notice(struct session *s, const char *msg)
{
	for (size_t i = 0; i < s->notices.n; i++)
		if (strcmp(s->notices.v[i], msg) == 0)
			return;
	array_push(&s->notices, xstrdup(msg));
}

const char *session_notice(const struct session *s, size_t i)
{
	return i < s->notices.n ? s->notices.v[i] : NULL;
}

static uint32_t read_max_stack(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_max_stack", "re");
	unsigned v = 127;
	if (f) {
		if (fscanf(f, "%u", &v) != 1)
			v = 127;
		fclose(f);
	}
	return MIN(v, MAX_FRAMES - 8);
}

struct session *session_new(const struct rec_options *o)
{
	struct session *s = xcalloc(1, sizeof(*s));
	s->o = *o;
	s->ncpus = sysconf(_SC_NPROCESSORS_CONF);
	if (s->ncpus < 1)
		s->ncpus = 1;
	s->rings = xcalloc(s->ncpus, sizeof(*s->rings));
	s->sb_rings = xcalloc(s->ncpus, sizeof(*s->sb_rings));
	for (int c = 0; c < s->ncpus; c++)
		s->rings[c].fd = s->sb_rings[c].fd = -1;
	pthread_mutex_init(&s->sb_lock, NULL);
	offcpu_init(&s->offcpu);
	hashmap_init(&s->id_heap);
	heap_init(&s->heap, o->alloc_sample);
	s->wake[0] = s->wake[1] = -1;
	s->cgroup_fd = -1;
	s->max_stack = read_max_stack();
	struct timespec mono, real;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	s->start_mono = (uint64_t)mono.tv_sec * 1000000000ull + mono.tv_nsec;
	s->start_real = (uint64_t)real.tv_sec * 1000000000ull + real.tv_nsec;
	return s;
}

void session_free(struct session *s)
{
	if (!s)
		return;
	stop_watcher(s);
	for (int c = 0; c < s->ncpus; c++) {
		ring_unmap(&s->rings[c]);
		ring_unmap(&s->sb_rings[c]);
	}
	free(s->rings);
	free(s->sb_rings);
	buf_release(&s->sb_buf);
	hashmap_release(&s->noted);
	pthread_mutex_destroy(&s->sb_lock);
	for (size_t i = 0; i < s->fds.n; i++)
		close(s->fds.v[i]);
	array_free(&s->fds);
	if (s->cgroup_fd >= 0)
		close(s->cgroup_fd);
	array_free(&s->events);
	hashmap_release(&s->id_event);
	for (size_t i = 0; i < s->notices.n; i++)
		free(s->notices.v[i]);
	array_free(&s->notices);
	if (s->w)
		procs_release(&s->procs);
	unwinder_free(s->unwinder);
	fpchain_free(s->fpchain);
	hashmap_release(&s->seen);
	hashmap_release(&s->id_tp);
	proc_ends_release(&s->ends);
	buf_release(&s->buf);
	offcpu_release(&s->offcpu);
	hashmap_release(&s->id_heap);
	heap_release(&s->heap);
	free(s);
}

/* The user stack bytes each sample copies: DWARF unwinding's, or the
 * frame-pointer leaf repair's few hundred; 0 for none. */
static uint32_t stack_copy(const struct session *s)
{
	return s->o.call_graph == CG_DWARF ? s->o.dwarf_size :
	       s->o.call_graph == CG_FP ? s->o.fp_size : 0;
}

/*
 * With a fixed period (-c) the period is the attr's and is not asked for:
 * a software event that has PERF_SAMPLE_PERIOD and no freq is sampled at
 * every occurrence by the kernel (-e page-faults -c 20000 gave one sample
 * per fault, each of period 1), as perf's own -c avoids by leaving it out.
 */
static uint64_t sample_type(const struct session *s)
{
	uint64_t t = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID |
		     PERF_SAMPLE_TIME;
	if (!s->o.use_period)
		t |= PERF_SAMPLE_PERIOD;
	if (s->o.call_graph != CG_NONE)
		t |= PERF_SAMPLE_CALLCHAIN;
	/* -e malloc reads the arguments and results from the registers */
	if (stack_copy(s) || s->heap_on)
		t |= PERF_SAMPLE_REGS_USER;
	if (stack_copy(s))
		t |= PERF_SAMPLE_STACK_USER;
	return t;
}

/* The side-band records, asked of the dummy event (or of the first event
 * where the kernel has no dummy). */
static void want_sideband(const struct session *s, struct perf_event_attr *a)
{
	a->mmap = 1;
	a->mmap2 = 1;
	a->comm = 1;
	a->comm_exec = 1;
	a->task = 1;
	a->build_id = !s->no_build_id;
}

/*
 * Every switch out is sampled, and the kernel adds a record when the thread
 * comes back.  The switch happens in the kernel, so kernel context cannot
 * be excluded (the sample would never match); its frames can.
 */
static void offcpu_attr(struct perf_event_attr *a)
{
	a->freq = 0;
	a->sample_period = 1;
	a->context_switch = 1;
	a->exclude_kernel = 0;
}

static void fill_attr(struct session *s, struct event *e, bool first)
{
	struct perf_event_attr *a = &e->attr;
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->type = e->desc->type;
	a->config = e->desc->config;
	a->sample_type = sample_type(s);
	if (s->o.use_period) {
		a->sample_period = s->o.period;
	} else {
		a->freq = 1;
		a->sample_freq = s->o.freq;
	}
	a->disabled = 1;
	a->enable_on_exec = s->launch;
	a->inherit = !s->o.no_inherit && !s->system;
	a->exclude_hv = 1;
	a->exclude_kernel = s->o.user_only || s->kernel_refused;
	a->exclude_callchain_kernel = a->exclude_kernel;
	a->sample_id_all = 1;
	a->sample_max_stack = s->max_stack;
	if (!s->no_clockid) {
		a->use_clockid = 1;
		a->clockid = CLOCK_MONOTONIC;
	}
	/* Side-band records once, from the first event only. */
	if (first && s->no_dummy)
		want_sideband(s, a);
	if (event_is_offcpu(e->desc))
		offcpu_attr(a);
	if (s->o.call_graph == CG_DWARF)
		a->exclude_callchain_user = 1;
	if (stack_copy(s) || s->heap_on)
		a->sample_regs_user = unwind_regs_mask();
	if (stack_copy(s))
		a->sample_stack_user = stack_copy(s);
	a->watermark = 1;
}

/* The dummy event: it counts nothing and only carries the side-band
 * records, each one waking the watcher. */
static void fill_sideband_attr(const struct session *s, struct perf_event_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->type = PERF_TYPE_SOFTWARE;
	a->config = PERF_COUNT_SW_DUMMY;
	/* It takes no samples: only what the records' trailer needs (the
	 * same trailer as the samples' events).  Asking for user registers
	 * without naming any is refused, and that refusal was taken for a
	 * kernel without build ids or clock ids. */
	a->sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
	a->disabled = 1;
	a->enable_on_exec = s->launch;
	a->inherit = !s->o.no_inherit && !s->system;
	a->exclude_kernel = 1;
	a->exclude_hv = 1;
	a->sample_id_all = 1;
	if (!s->no_clockid) {
		a->use_clockid = 1;
		a->clockid = CLOCK_MONOTONIC;
	}
	want_sideband(s, a);
	a->wakeup_events = 1;
}

static int perf_open(struct perf_event_attr *a, pid_t pid, int cpu)
{
	return syscall(SYS_perf_event_open, a, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

/* A sampling event of -a: every task on the CPU, or those of the cgroup. */
static int perf_open_cpu(const struct session *s, struct perf_event_attr *a, int cpu)
{
	if (s->cgroup_fd < 0)
		return perf_open(a, -1, cpu);
	return syscall(SYS_perf_event_open, a, s->cgroup_fd, cpu, -1,
		       PERF_FLAG_FD_CLOEXEC | PERF_FLAG_PID_CGROUP);
}

static int read_sysctl(const char *path, int dflt)
{
	FILE *f = fopen(path, "re");
	int v = dflt;
	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = dflt;
		fclose(f);
	}
	return v;
}

static int paranoid_level(void)
{
	return read_sysctl("/proc/sys/kernel/perf_event_paranoid", 2);
}

/* Whether this process has capability cap (CapEff of /proc/self/status). */
static bool has_cap(int cap)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	unsigned long long eff = 0;
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return cap < 64 && (eff >> cap & 1);
}

/* ---- ring buffer sizes ---- */

/* Side-band records are few: 256 KiB per CPU holds thousands. */
#define SIDEBAND_PAGES 64
#define SIDEBAND_MIN_PAGES 8
#define CAP_IPC_LOCK_BIT 14

/* free and the returns need only the registers: no stack is copied, which
 * makes their records a twentieth of an entry's with DWARF stacks. */
static bool heap_wants_stack(enum heap_probe p)
{
	return p < HP_FREE;
}

static uint64_t heap_sample_type(const struct session *s)
{
	return sample_type(s) & ~(uint64_t)(PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_STACK_USER);
}

/*
 * The largest sample the events can write.  The kernel drops a sample
 * that does not fit in the ring whole and counts it lost only in a record
 * written later, so a ring smaller than one sample records nothing and
 * reports no loss.  A record's size is 16 bits: the kernel shortens the
 * stack copy to fit.
 */
static size_t max_sample_bytes(const struct session *s)
{
	size_t n = sizeof(struct perf_event_header) + 5 * 8;	/* id, ip, tid, time, period */
	if (s->o.call_graph != CG_NONE)		/* nr, frames and context marks */
		n += 8 + ((size_t)s->max_stack + 8) * 8;
	if (stack_copy(s) || s->heap_on)	/* abi, registers */
		n += 8 + 8 * __builtin_popcountll(unwind_regs_mask());
	if (stack_copy(s))	/* size, copy, dyn_size */
		n += 16 + stack_copy(s);
	return MIN(n, 65535u);
}

static size_t pow2_pages(uint64_t bytes, size_t page)
{
	size_t pages = 1;
	while (pages * page < bytes)
		pages *= 2;
	return pages;
}

static const char *cg_name(const struct session *s, char *b, size_t n)
{
	if (stack_copy(s))
		snprintf(b, n, "--call-graph %s,%u", s->o.call_graph == CG_FP ? "fp" : "dwarf",
			 stack_copy(s));
	else
		snprintf(b, n, "--call-graph %s", s->o.call_graph == CG_FP ? "fp" : "none");
	return b;
}

/*
 * The pages of ring buffer this user may lock, as the kernel counts them:
 * perf_event_mlock_kb per online CPU for the user, then RLIMIT_MEMLOCK for
 * this process.  0 when nothing limits them (CAP_IPC_LOCK, paranoid -1, no
 * memlock limit).  Others of the user's recordings share the first part.
 */
static uint64_t mlock_budget(size_t page, int *mlock_kb, uint64_t *memlock_kb)
{
	struct rlimit rl;
	if (has_cap(CAP_IPC_LOCK_BIT) || paranoid_level() < 0 ||
	    getrlimit(RLIMIT_MEMLOCK, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
		return 0;
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	*mlock_kb = read_sysctl("/proc/sys/kernel/perf_event_mlock_kb", 516);
	*memlock_kb = rl.rlim_cur >> 10;
	return (uint64_t)*mlock_kb * 1024 / page * MAX(online, 1) + rl.rlim_cur / page;
}

/* Each ring costs its data pages and a metadata page. */
static uint64_t ring_cost(const struct session *s, long online)
{
	return (uint64_t)online * (s->ring_pages + 1 + s->sb_pages + 1);
}

/*
 * Chooses the ring sizes: the size asked for (-m) or the default, refused
 * when it cannot hold one sample, and made smaller, with one notice, to
 * fit the locked-memory budget of a user other than root, as perf does.
 */
static int size_rings(struct session *s)
{
	size_t page = sysconf(_SC_PAGESIZE);
	size_t need = pow2_pages(max_sample_bytes(s), page);
	uint64_t bytes = s->o.mmap_bytes;
	char cg[48], b1[32], b2[32];
	if (!bytes)
		bytes = s->o.call_graph == CG_DWARF || s->heap_on ? 8u << 20 : 512u << 10;
	s->ring_pages = pow2_pages(bytes, page);
	s->sb_pages = SIDEBAND_PAGES;
	if (s->ring_pages < need)
		return err_set(EINVAL, "a ring buffer of %s cannot hold one sample of up to %zu "
			       "bytes (%s): give -m %zuK or more", fmt_bytes(b1, sizeof(b1),
			       s->ring_pages * page), max_sample_bytes(s), cg_name(s, cg, sizeof(cg)),
			       need * page >> 10);

	int mlock_kb = 0;
	uint64_t memlock_kb = 0, budget = mlock_budget(page, &mlock_kb, &memlock_kb);
	long online = MAX(sysconf(_SC_NPROCESSORS_ONLN), 1);
	size_t wanted = s->ring_pages;
	while (budget && ring_cost(s, online) > budget && s->ring_pages > need)
		s->ring_pages /= 2;
	while (budget && ring_cost(s, online) > budget && s->sb_pages > SIDEBAND_MIN_PAGES)
		s->sb_pages /= 2;
	if (budget && ring_cost(s, online) > budget)
		return err_set(EPERM, "the locked-memory budget (perf_event_mlock_kb %d KiB per "
			       "CPU, plus ulimit -l %llu KiB) cannot hold a ring buffer of %s per "
			       "CPU, the least that holds one sample with %s: use a smaller "
			       "stack copy or --call-graph fp, or raise ulimit -l", mlock_kb,
			       (unsigned long long)memlock_kb, fmt_bytes(b1, sizeof(b1), need * page),
			       cg_name(s, cg, sizeof(cg)));
	if (s->ring_pages < wanted) {
		char *msg = xasprintf("ring buffers of %s per CPU instead of %s: the most the "
				      "locked-memory budget allows (perf_event_mlock_kb %d KiB per "
				      "CPU, plus ulimit -l %llu KiB)",
				      fmt_bytes(b1, sizeof(b1), s->ring_pages * page),
				      fmt_bytes(b2, sizeof(b2), wanted * page), mlock_kb,
				      (unsigned long long)memlock_kb);
		notice(s, msg);
		free(msg);
	}
	return 0;
}

/*
 * Says what the refusal was about: another user's process needs privilege
 * whatever the level; one's own needs a level of 2 or lower (user space;
 * kernel frames, which need 1, were given up before this).
 */
static int no_permission(int err, pid_t pid)
{
	int level = paranoid_level();
	char path[64];
	struct stat st;
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	if (stat(path, &st) == 0 && st.st_uid != geteuid())
		return err_set(err, "no permission to profile process %d: it belongs to another "
			       "user (uid %u), which needs root or CAP_PERFMON", (int)pid,
			       (unsigned)st.st_uid);
	if (level > 2)
		return err_set(err, "no permission to profile: perf_event_paranoid is %d; your own "
			       "processes need it at 2 or lower (1 or lower with kernel frames), "
			       "or root or CAP_PERFMON", level);
	return err_set(err, "no permission to profile process %d (perf_event_paranoid is %d): "
		       "a set-user-ID or otherwise undumpable process needs root or CAP_PERFMON",
		       (int)pid, level);
}

/*
 * Opens one event for one task on one CPU, adapting to what the kernel
 * refuses: hardware events become cpu-clock, kernel frames are dropped, and
 * features of newer kernels (build ids in mmap records, clock ids) are
 * given up.  Returns the fd, -ENODEV for an offline CPU, or -errno with
 * err_msg() set.
 */
static int open_one(struct session *s, size_t ev, pid_t pid, int cpu)
{
	for (;;) {
		struct event *e = &s->events.v[ev];
		fill_attr(s, e, ev == 0);
		int fd = s->system ? perf_open_cpu(s, &e->attr, cpu) : perf_open(&e->attr, pid, cpu);
		if (fd >= 0)
			return fd;
		int err = errno;
		if (err == ENODEV && cpu > 0 && !event_is_hardware(e->desc))
			return -ENODEV;
		if ((err == ENOENT || err == EOPNOTSUPP || err == ENODEV || err == EINVAL) &&
		    event_is_hardware(e->desc)) {
			char *msg = xasprintf("'%s' is not supported on this machine (no hardware "
					      "counters): using cpu-clock", e->desc->name);
			notice(s, msg);
			free(msg);
			e->requested = e->desc->name;
			e->desc = event_cpu_clock();
			continue;
		}
		if ((err == EACCES || err == EPERM) && !s->o.user_only && !s->kernel_refused) {
			s->kernel_refused = true;
			char *msg = xasprintf("kernel frames are not recorded: perf_event_paranoid is %d "
					      "(they need it at 1 or lower, or root or CAP_PERFMON)",
					      paranoid_level());
			notice(s, msg);
			free(msg);
			continue;
		}
		if (err == EINVAL && ev == 0 && s->no_dummy && !s->no_build_id) {
			s->no_build_id = true;
			continue;
		}
		if (err == EINVAL && !s->no_clockid) {
			s->no_clockid = true;
			continue;
		}
		int max_rate = read_sysctl("/proc/sys/kernel/perf_event_max_sample_rate", 0);
		if (err == EINVAL && !s->o.use_period && max_rate > 0 && s->o.freq > (uint64_t)max_rate)
			return err_set(err, "-F %llu is above the kernel's limit of %d Hz "
				       "(kernel.perf_event_max_sample_rate)",
				       (unsigned long long)s->o.freq, max_rate);
		if (err == ESRCH)
			return err_set(err, "no process %d", (int)pid);
		if ((err == EACCES || err == EPERM) && s->system)
			return err_set(err, "no permission to profile the whole machine: it needs "
				       "root or CAP_PERFMON (or kernel.perf_event_paranoid at -1)");
		if (err == EACCES || err == EPERM)
			return no_permission(err, pid);
		if (err == EMFILE)
			return err_set(err, "too many open files: raise 'ulimit -n' (one event per "
				       "thread and CPU is needed)");
		return err_errno(err, "cannot open event '%s' for %d on CPU %d",
				 e->desc->name, (int)pid, cpu);
	}
}

static int add_fd(struct session *s, int fd, size_t ev, int cpu)
{
	array_push(&s->fds, fd);
	uint64_t id;
	if (ioctl(fd, PERF_EVENT_IOC_ID, &id) < 0)
		return err_errno(errno, "cannot read the event id");
	hashmap_put(&s->id_event, id, ev);
	struct ring *r = &s->rings[cpu];
	if (r->fd < 0)
		return ring_map(r, fd, s->ring_pages);
	if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, r->fd) < 0)
		return err_errno(errno, "cannot share the ring buffer of CPU %d", cpu);
	return 0;
}

static int resolve_events(struct session *s)
{
	if (!s->o.nevents) {
		struct event *e = array_add(&s->events);
		e->desc = event_cpu_clock();
		return 0;
	}
	for (size_t i = 0; i < s->o.nevents; i++) {
		const char *near;
		const struct event_desc *d = event_find(s->o.events[i], &near);
		if (!d) {
			if (near)
				return err_set(EINVAL, "unknown event '%s'; did you mean '%s'?",
					       s->o.events[i], near);
			return err_set(EINVAL, "unknown event '%s' (known: %s)", s->o.events[i],
				       event_names());
		}
		if (event_is_malloc(d)) {
			if (s->heap_on)
				continue;
			if (s->system)
				return err_set(EINVAL, "-e malloc follows processes, not the whole "
					       "machine: use it without -a");
			s->heap_on = true;
			s->heap_ev = s->events.n;
		}
		array_add(&s->events)->desc = d;
	}
	if (s->heap_on) {
		s->leaks_ev = s->events.n;
		array_add(&s->events)->desc = event_leaks();
	}
	return 0;
}

/*
 * Opens the dummy event of one task on one CPU into that CPU's side-band
 * ring.  0, or -errno with err_msg() set; a kernel without the dummy event
 * sets no_dummy and returns 0.
 */
static int open_sideband(struct session *s, pid_t pid, int cpu)
{
	struct perf_event_attr a;
	int fd;
	for (;;) {
		fill_sideband_attr(s, &a);
		fd = perf_open(&a, pid, cpu);
		if (fd >= 0)
			break;
		int err = errno;
		if (err == ENODEV && cpu > 0)
			return 0;	/* offline */
		if (err == EINVAL && !s->no_build_id) {
			s->no_build_id = true;
			continue;
		}
		if (err == EINVAL && !s->no_clockid) {
			s->no_clockid = true;
			continue;
		}
		if ((err == EINVAL || err == ENOENT || err == EOPNOTSUPP) && !s->fds.n) {
			s->no_dummy = true;
			return 0;
		}
		if (err == ESRCH)
			return err_set(err, "no process %d", (int)pid);
		if (err == EACCES || err == EPERM)
			return no_permission(err, pid);
		return err_errno(err, "cannot open the side-band event for %d on CPU %d",
				 (int)pid, cpu);
	}
	array_push(&s->fds, fd);
	struct ring *r = &s->sb_rings[cpu];
	if (r->fd < 0)
		return ring_map(r, fd, s->sb_pages);
	if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, r->fd) < 0)
		return err_errno(errno, "cannot share the side-band ring of CPU %d", cpu);
	return 0;
}

/* ---- how processes end ---- */

static void ends_unusable(struct session *s, const char *why)
{
	char *msg = xasprintf("how processes end is not recorded: %s", why);
	notice(s, msg);
	free(msg);
	s->ends_on = false;
}

/* Finds the tracepoints once; a machine without them records no ends. */
static void find_end_tracepoints(struct session *s)
{
	s->ends_on = true;
	if (end_tracepoints_find(&s->tp) < 0)
		ends_unusable(s, err_msg());
}

/*
 * Opens tracepoint which for a task (pid >= 0, following it like the
 * samples) or for every task on the CPU (pid -1) into that CPU's ring.
 * 0, -ENODEV for an offline CPU, or -errno (the caller says why once).
 */
static int open_end_event(struct session *s, enum end_tp which, pid_t pid, int cpu)
{
	struct perf_event_attr a;
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_TRACEPOINT;
	a.config = s->tp.config[which];
	a.sample_period = 1;
	/* IP keeps the time where record_time() looks for it. */
	a.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			PERF_SAMPLE_TIME | PERF_SAMPLE_RAW;
	a.disabled = pid >= 0;
	a.enable_on_exec = pid >= 0 && s->launch;
	a.inherit = pid >= 0 && !s->o.no_inherit;
	a.sample_id_all = 1;
	if (!s->no_clockid) {
		a.use_clockid = 1;
		a.clockid = CLOCK_MONOTONIC;
	}
	int fd = perf_open(&a, pid, cpu);
	if (fd < 0)
		return -errno;
	array_push(&s->fds, fd);
	uint64_t id;
	if (ioctl(fd, PERF_EVENT_IOC_ID, &id) < 0)
		return -errno;
	hashmap_put(&s->id_tp, id, which);
	struct ring *r = &s->rings[cpu];
	if (r->fd < 0)
		return ring_map(r, fd, s->ring_pages) < 0 ? -EIO : 0;
	if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, r->fd) < 0)
		return -errno;
	return 0;
}

static void end_open_failed(struct session *s, int err, pid_t pid)
{
	if (err == -EACCES || err == -EPERM) {
		ends_unusable(s, "reading tracepoints needs root or CAP_PERFMON "
			      "(or kernel.perf_event_paranoid at -1)");
	} else if (err != -ESRCH || pid < 0) {
		char *why = xasprintf("cannot open its tracepoints: %s", strerror(-err));
		ends_unusable(s, why);
		free(why);
	}
}

/* The exit and signal tracepoints of one task, on every CPU. */
static void open_end_events(struct session *s, pid_t pid)
{
	for (int which = 0; which < END_TP_N && s->ends_on; which++) {
		/* The OOM killer and senders of signals are other tasks: they
		 * are watched on the whole CPU (see open_wide). */
		if ((which == END_TP_OOM || which == END_TP_GENERATE) && s->wide_ends)
			continue;
		for (int cpu = 0; cpu < s->ncpus && s->ends_on; cpu++) {
			int rc = open_end_event(s, which, pid, cpu);
			if (rc < 0 && rc != -ENODEV)
				end_open_failed(s, rc, pid);
			if (rc < 0)
				break;
		}
	}
}

/* oom:mark_victim and signal_generate on every CPU for every task, when
 * allowed; else they follow the targets and see what the targets do
 * themselves (the kills they trigger, the signals they send). */
static void open_wide(struct session *s)
{
	if (!s->ends_on)
		return;
	for (int which = END_TP_GENERATE; which <= END_TP_OOM; which++) {
		for (int cpu = 0; cpu < s->ncpus; cpu++) {
			int rc = open_end_event(s, which, -1, cpu);
			if (rc == -ENODEV)
				continue;
			if (rc < 0)
				return;	/* any opened stay: the per-task ones add nothing wrong */
		}
	}
	s->wide_ends = true;
}

/*
 * The uprobes of -e malloc for one task on every CPU: every call is
 * sampled (the bytes are the weight, not the calls).
 */
static int open_heap(struct session *s, pid_t pid)
{
	struct heap_probes hp;
	int rc = heap_probes_find(pid, &hp);
	if (rc < 0 && kill(pid, 0) < 0 && errno == ESRCH)
		rc = -ESRCH;	/* it is gone */
	for (int p = 0; rc == 0 && p < HP_N; p++) {
		for (int cpu = 0; rc == 0 && cpu < s->ncpus; cpu++) {
			struct event *e = &s->events.v[s->heap_ev];
			fill_attr(s, e, false);
			e->attr.freq = 0;
			e->attr.sample_period = 1;
			if (!heap_wants_stack(p)) {
				e->attr.sample_type = heap_sample_type(s);
				e->attr.sample_stack_user = 0;
			}
			if ((rc = heap_probe_attr(&hp, p, &e->attr)) < 0)
				break;
			int fd = perf_open(&e->attr, pid, cpu);
			uint64_t id;
			if (fd < 0 && errno == ENODEV && cpu > 0)
				continue;
			if (fd < 0) {
				rc = errno == ESRCH ? -ESRCH :
				     err_errno(errno, "cannot put a uprobe on %s in '%s' for %d",
					       heap_probe_is_return(p) ? "a return" : "a function",
					       hp.path, (int)pid);
				break;
			}
			if ((rc = add_fd(s, fd, s->heap_ev, cpu)) == 0) {
				if (ioctl(fd, PERF_EVENT_IOC_ID, &id) == 0)
					hashmap_put(&s->id_heap, id, (uint64_t)p + 1);
			}
		}
	}
	heap_probes_release(&hp);
	return rc;
}

/* Opens every event on every CPU for one task. */
static int open_task(struct session *s, pid_t pid)
{
	for (int cpu = 0; cpu < s->ncpus && !s->no_dummy; cpu++) {
		int rc = open_sideband(s, pid, cpu);
		if (rc < 0)
			return rc;
	}
	for (size_t ev = 0; ev < s->events.n; ev++) {
		if (s->heap_on && ev == s->leaks_ev)
			continue;	/* written from malloc's records */
		if (s->heap_on && ev == s->heap_ev) {
			int rc = open_heap(s, pid);
			if (rc < 0)
				return rc;
			continue;
		}
		for (int cpu = 0; cpu < s->ncpus; cpu++) {
			int fd = open_one(s, ev, pid, cpu);
			if (fd == -ENODEV)
				continue;
			if (fd < 0)
				return fd;
			int rc = add_fd(s, fd, ev, cpu);
			if (rc < 0)
				return rc;
		}
	}
	open_end_events(s, pid);
	return 0;
}

int session_open_launch(struct session *s, pid_t pid)
{
	s->launch = true;
	int rc = resolve_events(s);
	if (rc == 0)
		rc = size_rings(s);
	if (rc < 0)
		return rc;
	find_end_tracepoints(s);
	open_wide(s);
	return open_task(s, pid);
}

/* The side-band records and the ends on every CPU: a process that runs on
 * no chosen CPU may still fork one that does. */
static int open_system_sideband(struct session *s)
{
	for (int cpu = 0; cpu < s->ncpus && !s->no_dummy; cpu++) {
		int rc = open_sideband(s, -1, cpu);
		if (rc < 0)
			return rc;
	}
	open_wide(s);
	open_end_events(s, -1);
	return 0;
}

static int open_cgroup(struct session *s, const char *path)
{
	struct stat st;
	s->cgroup_fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s->cgroup_fd < 0)
		return err_errno(errno, "cannot open cgroup '%s'", path);
	if (fstat(s->cgroup_fd, &st) < 0 || !S_ISDIR(st.st_mode))
		return err_set(ENOTDIR, "cgroup '%s' is not a directory", path);
	return 0;
}

int session_open_system(struct session *s)
{
	s->system = true;
	int rc = resolve_events(s);
	if (rc == 0)
		rc = size_rings(s);
	if (rc == 0 && s->o.cgroup)
		rc = open_cgroup(s, s->o.cgroup);
	if (rc < 0)
		return rc;
	find_end_tracepoints(s);
	for (size_t i = 0; i < (s->o.ncpus ? s->o.ncpus : (size_t)s->ncpus); i++) {
		int cpu = s->o.ncpus ? s->o.cpus[i] : (int)i;
		if (cpu < 0 || cpu >= s->ncpus)
			return err_set(EINVAL, "no CPU %d (this machine has CPUs 0-%d)", cpu,
				       s->ncpus - 1);
		for (size_t ev = 0; ev < s->events.n; ev++) {
			int fd = open_one(s, ev, -1, cpu);
			if (fd == -ENODEV && s->o.ncpus)
				return err_set(ENODEV, "CPU %d is offline", cpu);
			if (fd == -ENODEV)
				break;
			if (fd < 0)
				return fd;
			if ((rc = add_fd(s, fd, ev, cpu)) < 0)
				return rc;
		}
	}
	return open_system_sideband(s);
}

int session_open_attach(struct session *s, const pid_t *pids, size_t n)
{
	int rc = resolve_events(s);
	if (rc == 0)
		rc = size_rings(s);
	if (rc < 0)
		return rc;
	find_end_tracepoints(s);
	open_wide(s);
	for (size_t i = 0; i < n; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/task", (int)pids[i]);
		DIR *d = opendir(path);
		if (!d)
			return err_set(ESRCH, "no process %d", (int)pids[i]);
		struct dirent *de;
		size_t opened = 0;
		while ((de = readdir(d))) {
			uint64_t tid;
			if (de->d_name[0] == '.' || !parse_u64(de->d_name, &tid))
				continue;
			rc = open_task(s, tid);
			/* A thread that ended since the directory was read is no loss. */
			if (rc == -ESRCH && tid != (uint64_t)pids[i])
				continue;
			if (rc < 0) {
				closedir(d);
				if (rc == -ESRCH)
					return err_set(ESRCH, "process %d exited while cprof was "
						       "attaching", (int)pids[i]);
				return rc;
			}
			opened++;
		}
		closedir(d);
		if (!opened)
			return err_set(ESRCH, "process %d exited while cprof was attaching",
				       (int)pids[i]);
	}
	return 0;
}

void session_header(const struct session *s, struct trace_writer_header *h)
{
	static char cg[32];
	h->call_graph = cg;
	if (s->o.call_graph == CG_NONE)
		snprintf(cg, sizeof(cg), "none");
	else if (s->o.call_graph == CG_FP && !s->o.fp_size)
		snprintf(cg, sizeof(cg), "fp");
	else
		snprintf(cg, sizeof(cg), "%s,%u", s->o.call_graph == CG_FP ? "fp" : "dwarf",
			 stack_copy(s));
	h->user_only = s->o.user_only || s->kernel_refused;
	h->mode = s->system ? "system-wide" : s->launch ? "record" : "attach";
	h->start_monotonic_ns = s->start_mono;
	h->start_realtime_ns = s->start_real;
}

void session_on_process(struct session *s, void (*fn)(void *ctx, uint32_t pid), void *ctx)
{
	s->noticed = fn;
	s->noticed_ctx = ctx;
}

size_t session_events(const struct session *s, struct trace_writer_event *out)
{
	for (size_t i = 0; i < s->events.n; i++) {
		const struct event *e = &s->events.v[i];
		out[i] = (struct trace_writer_event){
			.name = e->desc->name, .type = e->desc->type, .config = e->desc->config,
			.freq = !s->o.use_period, .value = s->o.use_period ? s->o.period : s->o.freq,
			.requested = e->requested,
		};
		/* every switch, every call: a period of 1 (--alloc-sample
		 * samples afterwards, by bytes) */
		if (event_is_offcpu(e->desc) ||
		    (s->heap_on && (i == s->heap_ev || i == s->leaks_ev))) {
			out[i].freq = false;
			out[i].value = 1;
		}
	}
	return s->events.n;
}

/* ---- side-band ---- */

/* The process model's noticed callback: a process first seen, or a new
 * image, which the side-band has mostly announced already. */
static void notice_process(void *ctx, uint32_t pid)
{
	struct session *s = ctx;
	pthread_mutex_lock(&s->sb_lock);
	if (!hashmap_get(&s->noted, pid, NULL)) {
		hashmap_put(&s->noted, pid, 1);
		s->noticed(s->noticed_ctx, pid);
	}
	pthread_mutex_unlock(&s->sb_lock);
}

/* A new image (exec) or new code (an executable mapping): the process is
 * alive now, this is the moment to look at its root. */
static bool announces_code(const struct perf_event_header *h)
{
	const uint8_t *body = (const uint8_t *)(h + 1);
	uint32_t prot;
	if (h->type == PERF_RECORD_COMM)
		return h->misc & PERF_RECORD_MISC_COMM_EXEC;
	if (h->type != PERF_RECORD_MMAP2 || (h->misc & PERF_RECORD_MISC_KERNEL) ||
	    h->size < sizeof(*h) + 64)
		return false;
	memcpy(&prot, body + 56, 4);
	return prot & PROT_EXEC;
}

/* Drains the side-band rings into sb_buf, noticing each process that shows
 * new code.  Called with sb_lock held. */
static void take_sideband(struct session *s)
{
	for (int c = 0; c < s->ncpus; c++) {
		size_t off = s->sb_buf.n;
		if (s->sb_rings[c].fd < 0 || !ring_drain(&s->sb_rings[c], &s->sb_buf))
			continue;
		while (off + sizeof(struct perf_event_header) <= s->sb_buf.n) {
			const struct perf_event_header *h = (const void *)(s->sb_buf.p + off);
			if (h->size < sizeof(*h) + 4 || off + h->size > s->sb_buf.n)
				break;
			uint32_t pid, tid;
			memcpy(&pid, h + 1, 4);
			if (s->noticed && announces_code(h)) {
				/* A new image is looked at again (it may run under
				 * another root); a mapping only once per image. */
				bool exec = h->type == PERF_RECORD_COMM;
				if (exec || !hashmap_get(&s->noted, pid, NULL)) {
					hashmap_put(&s->noted, pid, 1);
					s->noticed(s->noticed_ctx, pid);
				}
			} else if (h->type == PERF_RECORD_EXIT && h->size >= sizeof(*h) + 12) {
				memcpy(&tid, (const uint8_t *)(h + 1) + 8, 4);
				if (pid == tid)	/* the process, not one thread */
					hashmap_del(&s->noted, pid);
			}
			off += h->size;
		}
	}
}

static void *watch(void *arg)
{
	struct session *s = arg;
	struct pollfd *pfd = xcalloc(s->ncpus + 1, sizeof(*pfd));
	int n = 0;
	for (int c = 0; c < s->ncpus; c++)
		if (s->sb_rings[c].fd >= 0)
			pfd[n++] = (struct pollfd){ .fd = s->sb_rings[c].fd, .events = POLLIN };
	pfd[n] = (struct pollfd){ .fd = s->wake[0], .events = POLLIN };
	for (;;) {
		if (poll(pfd, n + 1, -1) < 0 && errno != EINTR)
			break;
		if (pfd[n].revents)
			break;
		/* A ring whose tasks are all gone stays readable: stop polling it. */
		for (int i = 0; i < n; i++)
			if (pfd[i].revents & (POLLHUP | POLLERR))
				pfd[i].fd = -1;
		pthread_mutex_lock(&s->sb_lock);
		take_sideband(s);
		pthread_mutex_unlock(&s->sb_lock);
	}
	free(pfd);
	return NULL;
}

/* Without the thread the loop still reads the side-band rings itself,
 * only later. */
static void start_watcher(struct session *s)
{
	if (s->no_dummy || !s->noticed || pipe2(s->wake, O_CLOEXEC) < 0)
		return;
	sigset_t all, old;
	sigfillset(&all);
	/* Signals are the main thread's: the watcher blocks them all. */
	pthread_sigmask(SIG_SETMASK, &all, &old);
	s->watching = pthread_create(&s->watcher, NULL, watch, s) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void stop_watcher(struct session *s)
{
	if (s->watching) {
		ssize_t r = write(s->wake[1], "", 1);
		(void)r;
		pthread_join(s->watcher, NULL);
		s->watching = false;
	}
	for (int i = 0; i < 2; i++)
		if (s->wake[i] >= 0)
			close(s->wake[i]);
	s->wake[0] = s->wake[1] = -1;
}

/*
 * Moves the side-band records written up to time upto into buf, to be
 * sorted with the samples drained this round; later ones wait for the next
 * round, so that no record is handled before a sample older than it.
 */
static void merge_sideband(struct session *s, uint64_t upto)
{
	pthread_mutex_lock(&s->sb_lock);
	take_sideband(s);
	size_t keep = 0;
	for (size_t off = 0; off + sizeof(struct perf_event_header) <= s->sb_buf.n;) {
		const uint8_t *rec = s->sb_buf.p + off;
		const struct perf_event_header *h = (const void *)rec;
		if (h->size < sizeof(*h) || off + h->size > s->sb_buf.n)
			break;
		if (record_time(rec) <= upto) {
			buf_put(&s->buf, rec, h->size);
		} else {
			memmove(s->sb_buf.p + keep, rec, h->size);
			keep += h->size;
		}
		off += h->size;
	}
	s->sb_buf.n = keep;
	pthread_mutex_unlock(&s->sb_lock);
}

static void forget_proc(void *ctx, struct rproc *p)
{
	struct session *s = ctx;
	if (s->unwinder)
		unwinder_forget(s->unwinder, p);
}

int session_start(struct session *s, struct trace_writer *w, const pid_t *pids, size_t npids)
{
	s->w = w;
	procs_init(&s->procs, w);
	if (s->noticed) {
		s->procs.noticed = notice_process;
		s->procs.noticed_ctx = s;
	}
	if (stack_copy(s)) {
		s->unwinder = unwinder_new(&s->procs);
		s->procs.forget = forget_proc;
		s->procs.forget_ctx = s;
	}
	if (s->o.call_graph == CG_FP) {
		s->fpchain = fpchain_new(&s->procs);
		fpchain_set_symbolizer(s->fpchain, s->sym);
	}
	s->st.start_ns = s->file_start_ns = now_ns();
	/* A launched target announces itself by its exec; attached processes
	 * are read from /proc. */
	for (size_t i = 0; i < npids; i++)
		procs_add_live(&s->procs, pids[i]);
	start_watcher(s);
	for (size_t i = 0; i < s->fds.n; i++)
		if (!s->launch && ioctl(s->fds.v[i], PERF_EVENT_IOC_ENABLE, 0) < 0)
			return err_errno(errno, "cannot enable the events");
	return 0;
}

/* ---- records ---- */

struct sample {
	uint64_t id, ip, time, period;
	uint32_t pid, tid;
	uint64_t nr;
	const uint64_t *chain;
	uint64_t regs_abi;
	const uint64_t *regs;
	uint64_t stack_size, dyn_size;
	const uint8_t *stack;
};

static bool parse_sample(const struct session *s, const uint8_t *p, size_t len, struct sample *out)
{
	const uint8_t *end = p + len;
	uint64_t type = sample_type(s), probe;
#define TAKE(dst) do { if (p + 8 > end) return false; memcpy(&(dst), p, 8); p += 8; } while (0)
	memset(out, 0, sizeof(*out));
	TAKE(out->id);
	if (s->heap_on && hashmap_get(&s->id_heap, out->id, &probe) && !heap_wants_stack(probe - 1))
		type = heap_sample_type(s);
	TAKE(out->ip);
	uint64_t pidtid;
	TAKE(pidtid);
	out->pid = (uint32_t)pidtid;
	out->tid = pidtid >> 32;
	TAKE(out->time);
	if (type & PERF_SAMPLE_PERIOD) {
		TAKE(out->period);
	} else {
		uint64_t ev = 0;
		hashmap_get(&s->id_event, out->id, &ev);
		out->period = ev < s->events.n ? s->events.v[ev].attr.sample_period : 1;
	}
	if (type & PERF_SAMPLE_CALLCHAIN) {
		TAKE(out->nr);
		if (out->nr > (size_t)(end - p) / 8)
			return false;
		out->chain = (const uint64_t *)p;
		p += out->nr * 8;
	}
	if (type & PERF_SAMPLE_REGS_USER) {
		TAKE(out->regs_abi);
		if (out->regs_abi) {
			size_t n = __builtin_popcountll(unwind_regs_mask());
			if (n > (size_t)(end - p) / 8)
				return false;
			out->regs = (const uint64_t *)p;
			p += n * 8;
		}
	}
	if (type & PERF_SAMPLE_STACK_USER) {
		TAKE(out->stack_size);
		if (out->stack_size) {
			if (out->stack_size > (size_t)(end - p))
				return false;
			out->stack = p;
			p += out->stack_size;
			TAKE(out->dyn_size);
			out->dyn_size = MIN(out->dyn_size, out->stack_size);
		}
	}
#undef TAKE
	return true;
}

/* Adds the addresses of a stack not seen before in this process to the sets
 * that are symbolized when recording ends. */
static void collect_addrs(struct session *s, uint32_t node, struct rproc *p)
{
	uint32_t parent;
	uint64_t addr;
	bool found;
	while (node) {
		uint64_t *slot = hashmap_slot(&s->seen, (uint64_t)node << 32 | p->id, &found);
		if (found || !trace_writer_node(s->w, node, &parent, &addr))
			return;
		*slot = 1;
		if (addr >> 63) {
			hashmap_put(&s->procs.kernel_addrs, addr, 1);
		} else {
			hashmap_put(&p->addrs, addr, 1);
			if (!rproc_find_map(p, addr) && !p->exited)
				procs_read_maps(&s->procs, p);
		}
		node = parent;
	}
}

/* -a: whether the sample's task is one the options leave out (the idle
 * task, processes not in --pid or --comm). */
static bool filtered_out(struct session *s, const struct sample *smp, struct rthread **t)
{
	if (smp->pid == 0 && smp->tid == 0) {
		if (!s->o.idle)
			return true;
		/* The idle task has no /proc entry: named as ps and perf do. */
		if (!procs_find_pid(&s->procs, 0))
			procs_comm(&s->procs, 0, 0, "swapper", false);
	}
	if (s->o.nonly_pids) {
		size_t i = 0;
		while (i < s->o.nonly_pids && s->o.only_pids[i] != smp->pid)
			i++;
		if (i == s->o.nonly_pids)
			return true;
	}
	*t = procs_thread(&s->procs, smp->pid, smp->tid);
	if (s->o.nonly_comms) {
		for (size_t i = 0; i < s->o.nonly_comms; i++)
			if (strncmp(s->o.only_comms[i], (*t)->proc->comm, 15) == 0)
				return false;
		return true;
	}
	return false;
}

static void write_heap(struct session *s, const struct heap_alloc *a, size_t ev);

/*
 * A uprobe's sample: true when it is done with, false for a sampled entry,
 * whose stack is unwound and given to heap_entry_stack().
 */
static bool heap_record(struct session *s, const struct sample *smp, enum heap_probe p)
{
	struct heap_alloc a;
	uint64_t arg0, arg1, ret;
	if (!smp->regs || !heap_regs(smp->regs, &arg0, &arg1, &ret))
		return true;
	switch (p) {
	case HP_FREE:
		heap_free(&s->heap, arg0);
		return true;
	case HP_MALLOC_RET: case HP_CALLOC_RET: case HP_REALLOC_RET:
		if (heap_return(&s->heap, smp->tid, ret, &a))
			write_heap(s, &a, s->heap_ev);
		return true;
	default:
		return heap_entry(&s->heap, smp->tid, p, arg0, arg1) == 0;
	}
}

static void process_sample(struct session *s, const uint8_t *p, size_t len)
{
	struct sample smp;
	if (!parse_sample(s, p, len, &smp))
		return;
	uint64_t ev = 0;
	hashmap_get(&s->id_event, smp.id, &ev);
	struct rthread *t = NULL;
	if (s->system && filtered_out(s, &smp, &t)) {
		s->st.filtered++;
		return;
	}
	if (!t)
		t = procs_thread(&s->procs, smp.pid, smp.tid);
	t->proc->sampled = true;
	uint64_t probe = 0;
	if (s->heap_on && hashmap_get(&s->id_heap, smp.id, &probe) &&
	    heap_record(s, &smp, (enum heap_probe)(probe - 1)))
		return;

	uint64_t kern[MAX_FRAMES / 2], user[MAX_FRAMES / 2];
	size_t nk = 0, nu = 0;
	enum trunc_reason why = TRUNC_NONE;
	if (s->o.call_graph == CG_NONE) {
		if (smp.ip >> 63)
			kern[nk++] = smp.ip;
		else
			user[nu++] = smp.ip;
	} else if (s->o.call_graph == CG_FP) {
		uint64_t leaf_caller = 0;
		if (smp.regs && smp.stack) {
			struct unwind_sample us = {
				.regs = smp.regs, .regs_mask = unwind_regs_mask(), .stack = smp.stack,
				.stack_len = smp.dyn_size, .stack_size = smp.stack_size,
			};
			if (!unwinder_leaf_caller(s->unwinder, t->proc, &us, &leaf_caller))
				leaf_caller = 0;
		}
		nu = fpchain_split(s->fpchain, t->proc, smp.chain, smp.nr, s->max_stack, leaf_caller,
				   kern, &nk, user, MAX_FRAMES / 2, &why);
	} else {
		/* the kernel's callchain holds the kernel part only */
		nk = fpchain_kernel(smp.chain, smp.nr, kern, MAX_FRAMES / 2);
		if (smp.nr >= s->max_stack)
			why = TRUNC_MAX_DEPTH;
	}
	if (s->o.call_graph == CG_DWARF && smp.regs) {
		struct unwind_sample us = {
			.regs = smp.regs, .regs_mask = unwind_regs_mask(),
			.stack = smp.stack, .stack_len = smp.dyn_size, .stack_size = smp.stack_size,
		};
		nu = unwinder_unwind(s->unwinder, t->proc, &us, user, MAX_FRAMES / 2, &why);
	}
	size_t n = 0;
	for (size_t i = nu; i-- > 0;)
		s->addrs[n++] = user[i];
	for (size_t i = nk; i-- > 0;)
		s->addrs[n++] = kern[i];

	uint32_t node = trace_writer_stack(s->w, s->addrs, n);
	collect_addrs(s, node, t->proc);
	uint64_t rel = smp.time > s->start_mono ? smp.time - s->start_mono : 0;
	uint32_t flags = (uint32_t)ev << SAMPLE_TRUNC_BITS | why;
	if (ev < s->events.n && event_is_offcpu(s->events.v[ev].desc)) {
		/* written when the thread comes back, weighed by the time it was
		 * away; the kernel gives a task already released the id -1, and
		 * its switch out is its last */
		if (smp.pid != UINT32_MAX && smp.tid != UINT32_MAX)
			offcpu_out(&s->offcpu, smp.tid, smp.time, t->id, node, flags);
		return;
	}
	if (probe) {
		/* written at the return, which says where the block is */
		heap_entry_stack(&s->heap, smp.tid, rel, t->id, node, flags);
		return;
	}
	trace_writer_sample(s->w, rel, t->id, node, smp.period, flags);
	s->st.samples++;
	if (why != TRUNC_NONE)
		s->st.truncated[why]++;
}

static void write_heap(struct session *s, const struct heap_alloc *a, size_t ev)
{
	uint32_t why = a->flags & ((1u << SAMPLE_TRUNC_BITS) - 1);
	trace_writer_sample(s->w, a->time, a->thread, a->node, a->weight,
			    (uint32_t)ev << SAMPLE_TRUNC_BITS | why);
	s->st.samples++;
	if (why != TRUNC_NONE)
		s->st.truncated[why]++;
}

/* The allocations never freed: the leaks, at the time they were made. */
static void close_heap(struct session *s)
{
	struct heap_alloc a;
	for (size_t i = 0; s->heap_on && heap_leak(&s->heap, &i, &a);)
		write_heap(s, &a, s->leaks_ev);
}

static void write_offcpu(struct session *s, const struct offcpu_sample *o)
{
	uint64_t rel = o->time > s->start_mono ? o->time - s->start_mono : 0;
	trace_writer_sample(s->w, rel, o->thread, o->node, o->ns, o->flags);
	s->st.samples++;
	if (o->flags & ((1u << SAMPLE_TRUNC_BITS) - 1))
		s->st.truncated[o->flags & ((1u << SAMPLE_TRUNC_BITS) - 1)]++;
}

/* A thread comes back on a CPU: the end of its time off. */
static void process_switch(struct session *s, const uint8_t *rec)
{
	const struct perf_event_header *h = (const void *)rec;
	struct offcpu_sample o;
	struct perf_id_trailer id;
	if ((h->misc & PERF_RECORD_MISC_SWITCH_OUT) || !perf_rec_trailer(h, &id))
		return;
	if (offcpu_in(&s->offcpu, id.tid, id.time, &o))
		write_offcpu(s, &o);
}

/* Threads still off CPU when recording stops were off until now. */
static void close_offcpu(struct session *s)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t now = (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
	struct offcpu_sample o;
	for (size_t i = 0; !s->no_clockid && offcpu_close(&s->offcpu, &i, now, &o);)
		write_offcpu(s, &o);
}

static void process_mmap(struct session *s, const struct perf_event_header *h)
{
	struct rmap m;
	uint32_t pid;
	if (!perf_rec_mmap(h, !s->no_build_id, &m, &pid))
		return;
	procs_mmap(&s->procs, pid, &m);
	free(m.path);
}

/* A tracepoint's record: id, ip, pid/tid, time, then the raw data. */
static void process_end_sample(struct session *s, uint64_t which, const uint8_t *p, size_t len)
{
	struct perf_sample_start smp;
	uint32_t rawlen;
	if (len < sizeof(smp) + sizeof(rawlen))
		return;
	memcpy(&smp, p, sizeof(smp));
	memcpy(&rawlen, p + sizeof(smp), sizeof(rawlen));
	const uint8_t *raw = p + sizeof(smp) + sizeof(rawlen);
	rawlen = MIN(rawlen, len - sizeof(smp) - sizeof(rawlen));
	if (which == END_TP_EXIT_GROUP || which == END_TP_SIGNAL) {
		proc_ends_raw(&s->ends, &s->tp, which, smp.pid, raw, rawlen);
		return;
	}
	uint32_t target;
	int sig;
	uint64_t i;
	if (!end_tp_target(&s->tp, which, raw, rawlen, &target, &sig))
		return;
	/* The target is a task: its process is the one that ends.  Tasks
	 * cprof does not follow are no concern of the trace. */
	if (hashmap_get(&s->procs.by_tid, target, &i))
		target = s->procs.threads.v[i]->proc->pid;
	else if (!procs_find_pid(&s->procs, target))
		return;
	if (which == END_TP_OOM)
		proc_ends_oom(&s->ends, target);
	else
		proc_ends_sent(&s->ends, target, sig);
}

/* A task ended; when it leads its process, so did the process. */
static void process_exit(struct session *s, const uint8_t *rec, uint32_t pid, uint32_t tid)
{
	struct rproc *p = pid == tid ? procs_find_pid(&s->procs, pid) : NULL;
	if (p) {
		int value, how = proc_ends_take(&s->ends, pid, &value);
		uint64_t t = record_time(rec);
		trace_writer_end(s->w, p->id, t > s->start_mono ? t - s->start_mono : 0, how, value);
		if (s->unwinder)
			unwinder_drop(s->unwinder, p);
	}
	procs_exit(&s->procs, pid, tid);
}

static void process_record(struct session *s, const uint8_t *rec)
{
	const struct perf_event_header *h = (const void *)rec;
	const uint8_t *body = rec + sizeof(*h);
	size_t blen = h->size - sizeof(*h);
	struct perf_rec_comm comm;
	struct perf_rec_task task;
	struct perf_rec_lost lost;
	struct perf_rec_lost_samples lost_samples;

	s->st.records++;
	switch (h->type) {
	case PERF_RECORD_SAMPLE:
		if (blen >= 8 && s->id_tp.n) {
			uint64_t id, which;
			memcpy(&id, body, 8);
			if (hashmap_get(&s->id_tp, id, &which)) {
				process_end_sample(s, which, body, blen);
				break;
			}
		}
		process_sample(s, body, blen);
		break;
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
		process_mmap(s, h);
		break;
	case PERF_RECORD_COMM:
		if (blen > sizeof(comm)) {
			memcpy(&comm, body, sizeof(comm));
			const char *name;
			int len = (int)perf_rec_strlen(h, sizeof(comm), &name);
			char c[16];
			snprintf(c, sizeof(c), "%.*s", len, name);
			if (h->misc & PERF_RECORD_MISC_COMM_EXEC)
				proc_ends_exec(&s->ends, comm.pid);
			procs_comm(&s->procs, comm.pid, comm.tid, c,
				   h->misc & PERF_RECORD_MISC_COMM_EXEC);
		}
		break;
	case PERF_RECORD_FORK:
		if (perf_rec_get(h, &task, sizeof(task))) {
			procs_fork(&s->procs, task.pid, task.ppid, task.tid, task.ptid);
			offcpu_fork(&s->offcpu, task.tid);
		}
		break;
	case PERF_RECORD_EXIT:
		if (perf_rec_get(h, &task, sizeof(task))) {
			process_exit(s, rec, task.pid, task.tid);
			offcpu_exit(&s->offcpu, task.tid);
		}
		break;
	case PERF_RECORD_LOST:
		if (perf_rec_get(h, &lost, sizeof(lost)))
			s->st.lost += lost.lost;
		break;
	case PERF_RECORD_LOST_SAMPLES:
		if (perf_rec_get(h, &lost_samples, sizeof(lost_samples)))
			s->st.lost += lost_samples.lost;
		break;
	case PERF_RECORD_THROTTLE:
		s->st.throttled++;
		break;
	case PERF_RECORD_SWITCH:
	case PERF_RECORD_SWITCH_CPU_WIDE:
		process_switch(s, rec);
		break;
	}
}

struct rec_ref {
	uint64_t time;
	uint32_t off, seq;
};

static int by_time(const void *a, const void *b)
{
	const struct rec_ref *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static uint64_t record_time(const uint8_t *rec)
{
	const struct perf_event_header *h = (const void *)rec;
	struct perf_sample_start smp;
	struct perf_id_trailer id;
	if (h->type == PERF_RECORD_SAMPLE)
		return perf_rec_get(h, &smp, sizeof(smp)) ? smp.time : 0;
	return perf_rec_trailer(h, &id) ? id.time : 0;
}

/*
 * Each CPU's buffer is in time order, but the buffers are not in order with
 * each other: a fork on one CPU must be seen before its child's first sample
 * on another.  Records drained in one round are sorted by time.
 */
static void drain(struct session *s, bool last)
{
	/* Side-band records up to the time before the samples are drained:
	 * a sample (or tracepoint record) older than one of them is in the
	 * rings by then, so none is handled after a record younger than it
	 * (the events' clock is CLOCK_MONOTONIC unless the kernel refused it). */
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t before = (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
	s->buf.n = 0;
	for (int c = 0; c < s->ncpus; c++)
		if (s->rings[c].fd >= 0)
			ring_drain(&s->rings[c], &s->buf);
	if (!s->no_dummy)
		merge_sideband(s, last || s->no_clockid ? UINT64_MAX : before);
	if (!s->buf.n)
		return;
	ARRAY(struct rec_ref) refs = { 0 };
	for (size_t off = 0; off + sizeof(struct perf_event_header) <= s->buf.n;) {
		const struct perf_event_header *h = (const void *)(s->buf.p + off);
		if (h->size < sizeof(*h) || off + h->size > s->buf.n)
			break;
		array_push(&refs, ((struct rec_ref){ record_time(s->buf.p + off), off, refs.n }));
		off += h->size;
	}
	if (refs.n > 1)
		qsort(refs.v, refs.n, sizeof(*refs.v), by_time);
	for (size_t i = 0; i < refs.n; i++)
		process_record(s, s->buf.p + refs.v[i].off);
	array_free(&refs);
}

static bool process_gone(pid_t pid)
{
	if (kill(pid, 0) < 0 && errno == ESRCH)
		return true;
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return true;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X');
}

/* The counters of the current file: since it began. */
static void write_stats(struct session *s, int64_t exit_status)
{
	const struct session_stats *b = &s->file_base;
	struct trace_writer_stats ts = {
		.samples = s->st.samples - b->samples, .lost = s->st.lost - b->lost,
		.throttled = s->st.throttled - b->throttled, .records = s->st.records - b->records,
		.duration_ns = now_ns() - s->file_start_ns, .exit_status = exit_status,
	};
	for (size_t i = 0; i < ARRAY_SIZE(ts.truncated); i++)
		ts.truncated[i] = s->st.truncated[i] - b->truncated[i];
	trace_writer_set_stats(s->w, &ts);
}

struct trace_writer *session_writer(const struct session *s)
{
	return s->w;
}

int session_rotate(struct session *s, struct rotation *rot)
{
	write_stats(s, -1);
	struct trace_writer *old_w = s->w;
	struct procs old = s->procs;
	s->w = NULL;

	/* The new file's times count from now. */
	struct timespec mono, real;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	s->start_mono = (uint64_t)mono.tv_sec * 1000000000ull + mono.tv_nsec;
	s->start_real = (uint64_t)real.tv_sec * 1000000000ull + real.tv_nsec;
	char *old_tmp = rot->tmp, *old_name = rot->name;
	rot->tmp = rot->name = NULL;
	session_header(s, &rot->header);
	struct trace_writer *w = rotation_open(rot);
	char *new_tmp = rot->tmp, *new_name = rot->name;

	/* A process model of its own, with the live processes of the old.
	 * The old file closes in the background with its process model and
	 * symbolizer; the watcher thread notes processes into rot->sym, a
	 * new one, in which the carried processes are noted again. */
	procs_init(&s->procs, w);
	s->procs.forget = old.forget;
	s->procs.forget_ctx = old.forget_ctx;
	if (w)
		procs_carry(&s->procs, &old);
	rot->tmp = old_tmp;
	rot->name = old_name;
	pthread_mutex_lock(&s->sb_lock);
	rotation_close_async(rot, old_w, &old);
	pthread_mutex_unlock(&s->sb_lock);
	/* The old symbolizer is the closing file's now: the frame-pointer
	 * repair asks the new one. */
	session_set_symbolizer(s, rot->sym);
	rot->tmp = new_tmp;
	rot->name = new_name;
	if (rot->now)
		*rot->now = 0;
	if (s->noticed) {
		s->procs.noticed = notice_process;
		s->procs.noticed_ctx = s;
		/* The new symbolizer knows nothing yet, and pids the model
		 * noticed after the watcher read their exit go. */
		pthread_mutex_lock(&s->sb_lock);
		hashmap_release(&s->noted);
		pthread_mutex_unlock(&s->sb_lock);
		for (size_t i = 0; i < s->procs.all.n; i++)
			notice_process(s, s->procs.all.v[i]->pid);
	}
	if (s->unwinder)
		unwinder_reset(s->unwinder, &s->procs);
	/* What the old file's state frees goes back to the system when the
	 * closing thread has freed it (its malloc_trim covers every arena):
	 * trimming here too walked the heap while the rings filled. */
	hashmap_release(&s->seen);
	s->file_base = s->st;
	s->file_start_ns = now_ns();
	if (!w)
		return -EIO;
	s->w = w;
	return 0;
}

int session_run(struct session *s, struct session_loop *l)
{
	struct pollfd *pfd = xcalloc(s->ncpus, sizeof(*pfd));
	int npfd = 0;
	for (int c = 0; c < s->ncpus; c++)
		if (s->rings[c].fd >= 0)
			pfd[npfd++] = (struct pollfd){ .fd = s->rings[c].fd, .events = POLLIN };
	uint64_t next_tick = s->st.start_ns + 1000000000ull, next_rss = 0;
	int rc = 0;

	for (bool last = false; !last;) {
		poll(pfd, npfd, 100);
		drain(s, false);
		uint64_t now = now_ns();
		s->st.elapsed_ns = now - s->st.start_ns;
		if (l->child && !l->child_exited) {
			pid_t r = waitpid(l->child, &l->child_status, WNOHANG);
			if (r == l->child)
				l->child_exited = true;
		}
		if (l->npids) {
			size_t gone = 0;
			for (size_t i = 0; i < l->npids; i++)
				gone += process_gone(l->pids[i]);
			if (gone == l->npids)
				last = true;
		}
		if (l->child_exited || (l->stop && *l->stop))
			last = true;
		if (l->duration_ns && s->st.elapsed_ns >= l->duration_ns) {
			l->timed_out = true;
			last = true;
		}
		if (last) {
			drain(s, true);	/* what arrived while deciding */
			close_offcpu(s);
			close_heap(s);
		} else if (l->rot && rotation_due(l->rot, now, trace_writer_bytes(s->w)) &&
			   (rc = session_rotate(s, l->rot)) < 0) {
			break;
		}
		if (now >= next_rss) {
			next_rss = now + RSS_INTERVAL_NS;
			rss_sample(&s->procs, s->w, now > s->start_mono ? now - s->start_mono : 0,
				   s->system);
		}
		if (now >= next_tick || last) {
			next_tick = now + 1000000000ull;
			write_stats(s, -1);
			rc = trace_writer_flush(s->w);
			if (rc < 0)
				break;
			if (l->tick)
				l->tick(l->tick_ctx, &s->st, trace_writer_bytes(s->w));
		}
	}
	for (size_t i = 0; i < s->fds.n; i++)
		ioctl(s->fds.v[i], PERF_EVENT_IOC_DISABLE, 0);
	stop_watcher(s);
	s->st.threads = s->procs.by_tid.n;	/* distinct tids, not renames */
	s->st.offcpu_dropped = s->offcpu.dropped;
	s->st.heap_unmatched = s->heap.unmatched;
	free(pfd);
	return rc;
}

void session_final_stats(struct session *s, int64_t exit_status)
{
	write_stats(s, exit_status);
}

const struct session_stats *session_stats(const struct session *s)
{
	return &s->st;
}

void session_set_symbolizer(struct session *s, struct symbolizer *sym)
{
	s->sym = sym;
	if (s->fpchain)
		fpchain_set_symbolizer(s->fpchain, sym);
}

bool session_broken(struct session *s, size_t i, const char **module, uint64_t *count)
{
	return s->fpchain && fpchain_broken(s->fpchain, i, module, count);
}

void session_each_addr(struct session *s, session_addr_fn fn, void *ctx)
{
	uint64_t addr, one;
	for (size_t i = 0; hashmap_next(&s->procs.kernel_addrs, &i, &addr, &one);)
		fn(ctx, NULL, NULL, addr);
	for (size_t k = 0; k < s->procs.all.n; k++) {
		const struct rproc *p = s->procs.all.v[k];
		for (size_t i = 0; hashmap_next(&p->addrs, &i, &addr, &one);)
			fn(ctx, p, rproc_find_map(p, addr), addr);
	}
}
