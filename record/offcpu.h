/*
 * Off-CPU time: a thread's stack when it leaves the CPU (a sample of the
 * context-switch event, taken at every switch) is kept until the kernel
 * says the thread runs again (a PERF_RECORD_SWITCH); the time between the
 * two is the sample's weight, in nanoseconds.  Nothing is guessed: when
 * the record of either end was lost, the interval is dropped and counted.
 */
#ifndef CPROF_OFFCPU_H
#define CPROF_OFFCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/array.h"
#include "lib/hashmap.h"

/* A finished interval, ready for trace_writer_sample(). */
struct offcpu_sample {
	uint64_t time;		/* when the thread left the CPU */
	uint64_t ns;		/* how long it stayed off */
	uint32_t thread, node, flags;
};

struct offcpu_pending {
	uint64_t time;
	uint32_t thread, node, flags;
	bool active;
	bool dead;	/* exited: its last switch out never comes back */
};

struct offcpu {
	struct hashmap by_tid;		/* tid -> index in pending */
	ARRAY(struct offcpu_pending) pending;
	uint64_t dropped;		/* intervals whose other end was lost */
};

void offcpu_init(struct offcpu *o);
void offcpu_release(struct offcpu *o);
/* tid left the CPU at time with its stack node (trace ids). */
void offcpu_out(struct offcpu *o, uint32_t tid, uint64_t time, uint32_t thread,
		uint32_t node, uint32_t flags);
/* tid runs again at time: true with the interval it closes. */
bool offcpu_in(struct offcpu *o, uint32_t tid, uint64_t time, struct offcpu_sample *out);
/* tid ended: its last switch out never comes back.  An ending thread can
 * still be switched out and in after its exit record (preempted on its way
 * out), so only a new thread of that id (offcpu_fork) makes it count again. */
void offcpu_exit(struct offcpu *o, uint32_t tid);
/* A thread tid was created (it may reuse the id of one that ended). */
void offcpu_fork(struct offcpu *o, uint32_t tid);
/*
 * Recording stops at time: threads still off CPU were off until then.
 * Call with i = 0 first; false after the last one.
 */
bool offcpu_close(struct offcpu *o, size_t *i, uint64_t time, struct offcpu_sample *out);

#endif
