/*
 * The recorder's process model: processes (one per exec image), threads,
 * and the executable mappings of each process, kept current from the side
 * band records and /proc.  Each process and thread is also announced to the
 * trace writer, whose ids they carry.
 */
#ifndef CPROF_PROCS_H
#define CPROF_PROCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/array.h"
#include "lib/hashmap.h"

struct trace_writer;

struct rmap {
	uint64_t start, end, pgoff;
	uint32_t prot;
	char *path;
	uint8_t build_id[20];
	uint8_t build_id_len;
};

struct rproc {
	uint32_t id;		/* trace id */
	uint32_t pid;
	char comm[16];
	ARRAY(struct rmap) maps;	/* in the order they appeared */
	struct hashmap addrs;	/* sampled user addresses (a set) */
	uint64_t maps_read_ns;	/* last /proc/PID/maps read, for rate limiting */
	bool exited;
	bool sampled;		/* a sample of it is in this file */
	void *unwind;		/* the unwinder's per-process state */
};

struct rthread {
	uint32_t id;		/* trace id */
	uint32_t tid;
	struct rproc *proc;
	char comm[16];
};

struct procs {
	struct trace_writer *w;
	ARRAY(struct rproc *) all;
	ARRAY(struct rthread *) threads;
	struct hashmap by_pid;		/* pid -> index in all (current image) */
	struct hashmap by_tid;		/* tid -> index in threads (current) */
	struct hashmap kernel_addrs;	/* sampled kernel addresses (a set) */
	/* Records replayed from another tool's file (perf.data): /proc shows
	 * today's processes, not the recording's, and is never read. */
	bool offline;
	/* Called before a process's mappings change or it goes away. */
	void (*forget)(void *ctx, struct rproc *p);
	void *forget_ctx;
	/* Called when a process (or a new image after exec) is first seen. */
	void (*noticed)(void *ctx, uint32_t pid);
	void *noticed_ctx;
};

void procs_init(struct procs *ps, struct trace_writer *w);
void procs_release(struct procs *ps);

struct rproc *procs_find_pid(struct procs *ps, uint32_t pid);
/* The thread for a sample, created from /proc when it was never seen. */
struct rthread *procs_thread(struct procs *ps, uint32_t pid, uint32_t tid);

void procs_comm(struct procs *ps, uint32_t pid, uint32_t tid, const char *comm, bool exec);
void procs_fork(struct procs *ps, uint32_t pid, uint32_t ppid, uint32_t tid, uint32_t ptid);
void procs_exit(struct procs *ps, uint32_t pid, uint32_t tid);
void procs_mmap(struct procs *ps, uint32_t pid, const struct rmap *m);
/* Reads /proc/PID/maps into the process (at most every 100 ms per process). */
int procs_read_maps(struct procs *ps, struct rproc *p);
/* Registers a live process and its threads from /proc (for attach). */
int procs_add_live(struct procs *ps, uint32_t pid);

/* Announces in dst (a new file's writer) every live process of src with
 * its name, mappings and threads, so that the new file needs nothing of
 * the old one; processes that have exited stay behind. */
void procs_carry(struct procs *dst, const struct procs *src);

const struct rmap *rproc_find_map(const struct rproc *p, uint64_t addr);

#endif
