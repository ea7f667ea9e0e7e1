/*
 * Heap allocations (-e malloc) without preloading anything: uprobes on the
 * C library's malloc, calloc, realloc and free through the uprobe PMU of
 * perf_event_open, sizes and addresses read from the sampled user
 * registers (the first arguments on entry, the result on return).  The C++
 * operators new and delete of libstdc++ allocate through malloc and free,
 * so they are seen there, with their frames on the stack.
 *
 * An entry gives the size and the allocating stack; the return of the same
 * thread gives the address.  Each allocation is written as a sample of the
 * event malloc weighed in bytes; the ones never freed when recording ends
 * are written again as samples of the event leaks.
 */
#ifndef CPROF_MALLOC_H
#define CPROF_MALLOC_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/array.h"
#include "lib/hashmap.h"

enum heap_probe {
	HP_MALLOC, HP_CALLOC, HP_REALLOC, HP_FREE,
	HP_MALLOC_RET, HP_CALLOC_RET, HP_REALLOC_RET,
	HP_N
};

/* Where the probes go: the C library a process maps, and the file offsets
 * of its functions. */
struct heap_probes {
	char *path;		/* as the kernel resolves it: /proc/PID/root/… */
	uint64_t off[HP_FREE + 1];
};

/* Finds the C library pid maps and its functions; 0 or -errno with
 * err_msg() set (-ENOENT: pid maps none, as a static program). */
int heap_probes_find(pid_t pid, struct heap_probes *hp);
void heap_probes_release(struct heap_probes *hp);
/* Fills the type and config fields of a for probe p; 0 or -errno with
 * err_msg() set when the kernel has no uprobe PMU.  a keeps a pointer to
 * hp->path until perf_event_open. */
int heap_probe_attr(const struct heap_probes *hp, enum heap_probe p, struct perf_event_attr *a);
/* The first two arguments and the result in registers sampled with
 * unwind_regs_mask(); false where the architecture is not known. */
bool heap_regs(const uint64_t *regs, uint64_t *arg0, uint64_t *arg1, uint64_t *ret);
static inline bool heap_probe_is_return(enum heap_probe p)
{
	return p >= HP_MALLOC_RET;
}

/* One allocation, as written: at time, its stack node and sample flags. */
struct heap_alloc {
	uint64_t time, size;
	uint64_t weight;	/* the bytes it stands for (--alloc-sample) */
	uint32_t thread, node, flags;
};

struct heap_pending {
	struct heap_alloc a;
	uint64_t old;		/* realloc: the block it replaces */
	bool active, sampled;
};

struct heap {
	uint64_t sample_bytes;		/* one allocation per so many bytes; 0: all */
	double gap;			/* bytes until the next sampled one */
	uint64_t rng;
	struct hashmap by_tid;		/* tid -> index in pending */
	ARRAY(struct heap_pending) pending;
	struct hashmap live;		/* address -> index in allocs + 1 */
	ARRAY(struct heap_alloc) allocs;
	ARRAY(uint32_t) holes;		/* free entries of allocs */
	uint64_t unmatched;		/* entries or returns whose other half was lost */
};

void heap_init(struct heap *h, uint64_t sample_bytes);
void heap_release(struct heap *h);
/*
 * An entry of probe p (HP_MALLOC, HP_CALLOC or HP_REALLOC) with its first
 * two arguments.  Returns the bytes the allocation stands for when it is
 * sampled, 0 when it is not: then its stack is not needed and
 * heap_entry_stack() is not called.
 */
uint64_t heap_entry(struct heap *h, uint32_t tid, enum heap_probe p, uint64_t arg0,
		    uint64_t arg1);
/* The stack and time of the sampled entry just announced. */
void heap_entry_stack(struct heap *h, uint32_t tid, uint64_t time, uint32_t thread,
		      uint32_t node, uint32_t flags);
/* A return with its result: true with the allocation to write. */
bool heap_return(struct heap *h, uint32_t tid, uint64_t addr, struct heap_alloc *out);
void heap_free(struct heap *h, uint64_t addr);
/* The allocations still live: call with i = 0 first; false after the last. */
bool heap_leak(struct heap *h, size_t *i, struct heap_alloc *out);

#endif
