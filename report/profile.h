/*
 * The profile model every view works from: interned frames and a stack tree
 * (a prefix tree rooted at node 0) with weights.  Built from a trace
 * (report/trace_profile.h) or from folded text (report/folded_in.h).
 *
 * Each node carries two weight columns so a differential profile (A and B)
 * fits the same model; ordinary profiles use column 0 only.
 */
#ifndef CPROF_PROFILE_H
#define CPROF_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/array.h"
#include "lib/hashmap.h"
#include "lib/strtab.h"

enum frame_kind {
	FRAME_USER,
	FRAME_KERNEL,	/* folded suffix _[k] */
	FRAME_JIT,	/* _[j] */
	FRAME_INLINE,	/* _[i] */
	FRAME_WAKER,	/* _[w] */
	FRAME_NKINDS
};

/* The folded-format suffix of a kind ("" for user frames). */
const char *frame_kind_suffix(enum frame_kind kind);
/* If name ends with a known suffix, strip it (*len shrinks) and return its kind. */
enum frame_kind frame_kind_from_suffix(const char *name, size_t *len);

#define PROFILE_NONE UINT32_MAX

struct frame {
	uint32_t name;		/* string id */
	uint32_t module;	/* string id or PROFILE_NONE */
	uint32_t file;		/* source file string id or PROFILE_NONE */
	uint32_t line;		/* 0 when unknown */
	uint8_t kind;		/* enum frame_kind */
};

/*
 * An exact count: a whole part that never goes through a double, so 64-bit
 * integer counts (bytes, nanoseconds) sum and print exactly, plus a
 * fraction for weighted input.  The value is n + frac, 0 <= frac < 1.
 */
struct pcount {
	uint64_t n;
	double frac;
};

/* The count of v >= 0 (saturating at UINT64_MAX). */
struct pcount pcount_from_double(double v);
static inline double pcount_value(struct pcount c)
{
	return (double)c.n + c.frac;
}
/* a += b; false, with a unchanged, when the sum would not fit in 64 bits. */
bool pcount_add(struct pcount *a, struct pcount b);
/* a += b, stopping at UINT64_MAX. */
void pcount_add_sat(struct pcount *a, struct pcount b);
/*
 * Writes c as decimal text without exponent ("12", "12.5"), the fraction
 * in the fewest digits that read back as the same double; returns the
 * length.  len >= PCOUNT_BUF is always enough.
 */
#define PCOUNT_BUF 400
size_t pcount_format(char *buf, size_t len, struct pcount c);
/*
 * Parses digits with an optional fraction ("12", "12.", "12.5", ".5"):
 * the whole part exactly, the fraction with strtod.  0, -EINVAL for
 * anything else, -ERANGE when the whole part does not fit in 64 bits.
 */
int pcount_parse(const char *s, size_t n, struct pcount *out);

struct pnode {
	uint32_t parent;	/* node 0 is the root and has no frame */
	uint32_t frame;
	uint32_t first_child;	/* 0 = none (node 0 is never a child) */
	uint32_t next_sibling;
	uint32_t depth;		/* root 0 */
	double self[2];		/* weight of stacks ending here */
	double total[2];	/* self + all descendants */
	/* self, exactly: what folded output prints (exact totals: see
	 * profile_exact_totals, kept out of here to keep nodes small) */
	struct pcount count[2];
};

/* One sample in time order, for time-ordered views (flame charts). */
struct psample {
	uint64_t time;		/* ns */
	uint32_t tid;
	uint32_t node;
	double weight;
};

/* Resident memory at a time, of every process recorded together. */
struct prss {
	uint64_t time;		/* ns after the start */
	uint64_t kib;
};

/*
 * The thread a root frame stands for, when the source tells threads apart
 * (a trace's "comm-PID/TID" or "comm-PID" roots, pprof's pid and tid
 * labels): kept as numbers, so views never read them back out of names.
 */
struct pthread {
	uint32_t comm;		/* string id */
	uint64_t pid, tid;	/* 0 when not known */
};

struct profile {
	struct strtab strs;
	ARRAY(struct frame) frames;
	struct hashmap frame_index;	/* hash of frame -> frame id list head */
	ARRAY(struct pnode) nodes;
	/* (parent, frame) -> node: open addressing over node ids (0 = empty),
	 * 4 bytes a slot since the keys live in the nodes themselves. */
	uint32_t *child_slots;
	size_t nchild_slots;
	ARRAY(struct psample) samples;	/* only when the source has times */
	double total[2];
	struct pcount count[2];		/* total[], exactly */
	unsigned ncols;			/* 1, or 2 for a differential profile */
	char *notice;			/* what symbolization skipped, lines; or NULL */
	/* From a trace: the event drawn and what the weights count ("samples",
	 * "page-faults", "ns"…); NULL for folded input. */
	char *event, *unit;
	ARRAY(struct prss) rss;		/* in time order; empty without readings */
	ARRAY(struct pthread) threads;
	struct hashmap thread_index;	/* root frame -> index in threads */
};

struct profile *profile_new(void);
void profile_free(struct profile *p);

uint32_t profile_frame(struct profile *p, const char *name, size_t len,
		       enum frame_kind kind, const char *module,
		       const char *file, uint32_t line);
static inline const char *profile_frame_name(const struct profile *p, uint32_t frame)
{
	return strtab_get(&p->strs, p->frames.v[frame].name);
}
/*
 * Root frame frame is thread (comm, pid, tid); a frame keeps the first
 * thread given (the same name stands for the same thread).
 */
void profile_set_thread(struct profile *p, uint32_t frame, const char *comm, size_t len,
			uint64_t pid, uint64_t tid);
/* The thread root frame frame stands for, or NULL when the source did not say. */
const struct pthread *profile_thread(const struct profile *p, uint32_t frame);
/* The child of parent for frame, created when missing. */
uint32_t profile_child(struct profile *p, uint32_t parent, uint32_t frame);
/* Add weight to node's self (column col) and to the totals up to the root. */
void profile_add(struct profile *p, uint32_t node, unsigned col, double weight);
/*
 * The same with an exact count; false, with nothing added, when the
 * column's total would no longer fit in 64 bits (no node total can then
 * overflow: each is part of the column's total).
 */
bool profile_add_count(struct profile *p, uint32_t node, unsigned col, struct pcount c);
/*
 * The exact totals of every node, [node * 2 + col], summed from the exact
 * selves (saturating at UINT64_MAX); the caller frees the array.  NULL
 * when the doubles are already exact (every column's total below 2^53):
 * then a node's exact total is pcount_from_double(total).
 */
struct pcount *profile_exact_totals(const struct profile *p);
/* Add a whole stack (root first, frame ids); returns its leaf node. */
uint32_t profile_add_stack(struct profile *p, const uint32_t *frames, size_t n,
			   unsigned col, double weight);

/* Children of a node, sorted: by frame name, or by total weight (heaviest first). */
enum profile_order { ORDER_NAME, ORDER_WEIGHT };
size_t profile_children(const struct profile *p, uint32_t node,
			enum profile_order order, uint32_t **out);
/* Sorts node ids in place, in the order profile_children gives. */
void profile_sort(const struct profile *p, uint32_t *nodes, size_t n, enum profile_order order);

#endif
