/*
 * Rotation (record --rotate): the recording goes on while its trace is cut
 * into files NAME.YYYYmmddTHHMMSS, each complete on its own (its header,
 * the processes, threads and mappings it needs, its symbol table).  A file
 * is written under a hidden temporary name beside the final one and
 * renamed when it is complete, so a reader of the directory never meets a
 * file being written.  --keep N removes the oldest so that N remain.
 */
#ifndef CPROF_ROTATE_H
#define CPROF_ROTATE_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/array.h"
#include "trace/writer.h"

struct session;
struct symbolizer;
struct sym_options;

/* Names every sampled address of the session into w (its symbol table),
 * while the binaries and /proc are at hand.  sym NULL: nothing. */
void rec_symbolize(struct session *s, struct symbolizer *sym, struct trace_writer *w);

struct procs;

struct rotation {
	/* Set by the caller. */
	const char *base;		/* NAME */
	uint64_t every_ns;		/* a new file this often (0: not by time) */
	uint64_t max_bytes;		/* or when a file reaches this size (0: no) */
	unsigned keep;			/* at most this many files (0: all) */
	/* The current file's symbolizer, made again at each cut: what one
	 * caches (the ELF and DWARF of every binary it named, the roots of
	 * every process) would grow as long as the machine starts programs. */
	struct symbolizer *sym;
	const struct sym_options *sym_opts;
	struct trace_writer_header header;	/* for every file; start times set per file */
	volatile sig_atomic_t *now;	/* set (by SIGUSR2) to rotate at once */
	/* Kept here. */
	char *tmp, *name;		/* the file being written */
	uint64_t opened_ns;		/* now_ns() when it was opened */
	ARRAY(char *) done;		/* files completed and still there, oldest first */
	uint64_t files;			/* files completed in all */
	uint64_t removed;		/* by --keep */
	uint64_t failed;		/* files that could not be completed */
	/* The file closing in the background, while the next one fills. */
	pthread_t closer;
	bool closing;
};

/* A writer on a new file named for start_realtime_ns; NULL with err_msg()
 * set. */
struct trace_writer *rotation_open(struct rotation *r);
/* Whether the file being written is due to close. */
bool rotation_due(const struct rotation *r, uint64_t now, uint64_t bytes);
/* Finishes w and gives it its name, then removes the oldest files past
 * --keep.  0, or -errno with err_msg() set (w is freed in any case). */
int rotation_close(struct rotation *r, struct trace_writer *w);
/*
 * Closes the current file in a thread of its own: symbolizes its addresses
 * with the symbolizer it was sampled with, finishes and names it, and frees
 * its process model, while the recorder samples into the next file with a
 * new symbolizer (made here).  Symbolizing a file of a busy machine takes
 * seconds: done in the loop, it would stall the reading of the ring
 * buffers and lose samples.  procs is moved (left empty).
 */
void rotation_close_async(struct rotation *r, struct trace_writer *w, struct procs *procs);
/* Waits for the file closing in the background, if any. */
void rotation_wait(struct rotation *r);
void rotation_release(struct rotation *r);

#endif
