/*
 * How processes end.  PERF_RECORD_EXIT says only that a task is gone; the
 * exit status is the argument of exit_group(2), a killing signal shows as
 * its delivery with the default action, and only oom:mark_victim tells the
 * OOM killer's SIGKILL from any other.  A fatal signal sent by another task
 * is delivered as SIGKILL (the kernel turns it into a group exit), so the
 * signal sent (signal_generate, in the sender) names it.  These tracepoints are read
 * from tracefs (mounted when it is not); the recorder opens them next to its
 * sampling events and hands their raw records here.
 */
#ifndef CPROF_ENDS_H
#define CPROF_ENDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/hashmap.h"

enum end_tp { END_TP_EXIT_GROUP, END_TP_SIGNAL, END_TP_GENERATE, END_TP_OOM, END_TP_N };

struct end_tracepoints {
	uint64_t config[END_TP_N];	/* the tracepoints' ids */
	/* Where the fields are in each record's raw data (from the format
	 * files: they move between kernel versions). */
	uint32_t code_off, code_size;		/* sys_enter_exit_group: error_code */
	uint32_t sig_off, handler_off;		/* signal_deliver: sig, sa_handler */
	uint32_t gen_sig_off, gen_pid_off, gen_result_off;	/* signal_generate */
	uint32_t victim_off;			/* mark_victim: pid */
};

/* Finds the tracepoints, mounting tracefs on /sys/kernel/tracing when
 * nothing is mounted there.  0, or -errno with err_msg() set. */
int end_tracepoints_find(struct end_tracepoints *tp);

/* Parses one tracepoint format file's text: the offset and size of field
 * name.  False when the field is not there. */
bool tp_format_field(const char *text, const char *name, uint32_t *off, uint32_t *size);

/* What each process's end will be, by pid, until its exit record. */
struct proc_ends {
	struct hashmap why;	/* pid -> how << 32 | (uint32_t)value */
	struct hashmap oom;	/* pids the OOM killer chose (a set) */
	struct hashmap sent;	/* pid -> the last fatal signal sent to it */
};

void proc_ends_init(struct proc_ends *pe);
void proc_ends_release(struct proc_ends *pe);
/* A raw record of exit_group or signal_deliver, taken in process pid. */
void proc_ends_raw(struct proc_ends *pe, const struct end_tracepoints *tp, enum end_tp which,
		   uint32_t pid, const uint8_t *raw, size_t n);
/* The task a signal_generate or mark_victim record is about, and for the
 * former the signal sent; false when the record is too short or the
 * signal did not reach the task (ignored, or already pending). */
bool end_tp_target(const struct end_tracepoints *tp, enum end_tp which, const uint8_t *raw,
		   size_t n, uint32_t *tid, int *sig);
/* Signal sig was sent to process pid. */
void proc_ends_sent(struct proc_ends *pe, uint32_t pid, int sig);
/* The OOM killer chose process pid. */
void proc_ends_oom(struct proc_ends *pe, uint32_t pid);
/* Process pid ran exec: what its old image did is no end. */
void proc_ends_exec(struct proc_ends *pe, uint32_t pid);
/* How process pid ended (enum trace_end_how) and the status or signal;
 * forgets it. */
int proc_ends_take(struct proc_ends *pe, uint32_t pid, int *value);

#endif
