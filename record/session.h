/*
 * A recording session: the perf events on every CPU for the target tasks,
 * their ring buffers, and the loop that turns records into the trace.
 */
#ifndef CPROF_SESSION_H
#define CPROF_SESSION_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "record/procs.h"
#include "trace/writer.h"

enum call_graph { CG_NONE, CG_FP, CG_DWARF };

struct rec_options {
	enum call_graph call_graph;
	uint32_t dwarf_size;		/* stack bytes copied per sample */
	uint32_t fp_size;		/* frame pointers: bytes copied for the leaf
					   repair, 0 for none */
	bool use_period;		/* -c: a fixed period instead of a frequency */
	uint64_t freq, period;
	const char *const *events;	/* names; none means cpu-clock */
	size_t nevents;
	bool user_only, no_inherit;
	uint64_t mmap_bytes;		/* per CPU; 0 picks a default */
	/* The whole machine (-a): every task on the CPUs listed (none: all). */
	bool system_wide;
	bool idle;			/* keep the idle task's samples */
	const int *cpus;
	size_t ncpus;
	const char *cgroup;		/* only tasks in this cgroup v2 directory */
	const uint32_t *only_pids;	/* only these processes (none: all) */
	size_t nonly_pids;
	const char *const *only_comms;	/* only processes named so (none: all) */
	size_t nonly_comms;
	uint64_t alloc_sample;		/* -e malloc: one allocation per so many bytes */
};

struct session_stats {
	uint64_t samples, lost, throttled, records;
	uint64_t filtered;		/* -a: samples left out (idle, --pid, --comm) */
	uint64_t truncated[8];		/* by enum trunc_reason */
	uint64_t start_ns, elapsed_ns;
	uint64_t threads;
	uint64_t offcpu_dropped;	/* off-CPU intervals with an end lost */
	uint64_t heap_unmatched;	/* -e malloc: calls whose entry or return was lost */
};

struct session;

struct session *session_new(const struct rec_options *o);
void session_free(struct session *s);

/*
 * Opens the events.  For a launched target: pid follows the task from its
 * exec on (enable_on_exec, inherit).  For attach: every thread of each pid.
 * Hardware events fall back to cpu-clock and kernel frames are dropped when
 * the kernel refuses them; each such change adds a notice.
 */
int session_open_launch(struct session *s, pid_t pid);
int session_open_attach(struct session *s, const pid_t *pids, size_t n);
/* Opens the events of every task on the CPUs of the options (-a): the
 * samples there, the side-band records and the processes' ends everywhere. */
int session_open_system(struct session *s);
/* Notices from opening (fallbacks), one line each; NULL after the last. */
const char *session_notice(const struct session *s, size_t i);
/* The events as opened (after fallbacks), for the trace header; out holds
 * at least max(1, nevents) entries.  Returns how many. */
size_t session_events(const struct session *s, struct trace_writer_event *out);
/* The header fields the trace needs, once the events are open. */
void session_header(const struct session *s, struct trace_writer_header *h);
/* Starts writing into w: reads the attached processes from /proc and
 * enables the events (a launched target's are enabled by its exec). */
int session_start(struct session *s, struct trace_writer *w, const pid_t *pids, size_t npids);

struct session_loop {
	pid_t child;			/* launched target, 0 for attach */
	const pid_t *pids;		/* attach: stop when all are gone */
	size_t npids;
	uint64_t duration_ns;		/* 0: no limit */
	volatile sig_atomic_t *stop;	/* set by a signal handler */
	int child_status;		/* out: wait status of the child */
	bool child_exited;		/* out */
	bool timed_out;			/* out */
	void (*tick)(void *ctx, const struct session_stats *st, uint64_t bytes);
	void *tick_ctx;
	struct rotation *rot;		/* --rotate: files are cut here; NULL: one file */
};

/* fn is called with the pid of each process (and each new image after an
 * exec) when it is first seen, while it is still alive. */
void session_on_process(struct session *s, void (*fn)(void *ctx, uint32_t pid), void *ctx);

struct rotation;
/* Finishes the current file (symbols, counters, its name) and goes on in a
 * new one that holds the live processes; 0 or -errno with err_msg() set. */
int session_rotate(struct session *s, struct rotation *rot);
/* The writer of the current file (it changes at each rotation). */
struct trace_writer *session_writer(const struct session *s);

/* Runs until the target ends, the duration passes or *stop is set. */
int session_run(struct session *s, struct session_loop *l);
const struct session_stats *session_stats(const struct session *s);
/* Queues the final counters with the target's wait status (-1: none). */
void session_final_stats(struct session *s, int64_t exit_status);

struct symbolizer;
/* Frame-pointer mode names stack roots with sym while recording (the
 * caller keeps it alive until session_free). */
void session_set_symbolizer(struct session *s, struct symbolizer *sym);
/* Frame-pointer stacks that broke (TRUNC_NO_UNWIND) by the module of their
 * last good frame, most first: i from 0 until false. */
bool session_broken(struct session *s, size_t i, const char **module, uint64_t *count);

/* Every sampled address with the process it belongs to (NULL: kernel). */
typedef void (*session_addr_fn)(void *ctx, const struct rproc *p, const struct rmap *m,
				uint64_t addr);
void session_each_addr(struct session *s, session_addr_fn fn, void *ctx);

#endif
