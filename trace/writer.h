/*
 * The trace writer: builds cprof.data (man/cprof-data.5) as the recording
 * goes.  Strings are interned, stacks are nodes of a prefix tree, and every
 * table is queued and written as checksummed chunks at each flush, so a
 * recorder that dies loses at most what came since the last flush.
 */
#ifndef CPROF_WRITER_H
#define CPROF_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct trace_writer_event {
	const char *name;
	uint32_t type;
	uint64_t config;
	bool freq;		/* value is a frequency (Hz), else a period */
	uint64_t value;
	const char *requested;	/* the name asked for when this is a fallback, else NULL */
};

struct trace_writer_header {
	uint64_t start_realtime_ns;
	uint64_t start_monotonic_ns;	/* sample times count from here */
	const char *hostname, *kernel, *arch;
	int argc;
	char *const *argv;		/* cprof's own command line */
	const char *mode;		/* "record" or "attach" */
	const char *call_graph;		/* "fp", "dwarf,SIZE", "none" */
	bool user_only;
	size_t nevents;
	const struct trace_writer_event *events;
};

struct trace_writer_stats {
	uint64_t samples, lost, throttled, records;
	uint64_t truncated[8];	/* by enum trunc_reason */
	uint64_t duration_ns;
	int64_t exit_status;	/* the target's wait status, or -1 */
};

struct trace_writer_frame {
	const char *func;	/* NULL when unknown */
	const char *file;
	uint32_t line;
};

struct trace_writer_symbol {
	const char *module;	/* NULL when unknown */
	uint64_t offset;
	int kind;		/* enum trace_sym_kind */
	size_t nframes;		/* innermost first */
	const struct trace_writer_frame *frames;
};

struct trace_writer;

/* Creates path, mode 0600 (an existing file is replaced, a link is not
 * followed); NULL with err_msg() set. */
struct trace_writer *trace_writer_new(const char *path, const struct trace_writer_header *h);
/* Writes into fd, an empty file named name in messages; the writer owns fd
 * from here on, also when it fails (NULL with err_msg() set). */
struct trace_writer *trace_writer_fdopen(int fd, const char *name,
					 const struct trace_writer_header *h);
/* Abandons a writer without finishing the file. */
void trace_writer_free(struct trace_writer *w);

uint32_t trace_writer_string(struct trace_writer *w, const char *s);
uint32_t trace_writer_proc(struct trace_writer *w, uint32_t pid, const char *comm);
uint32_t trace_writer_thread(struct trace_writer *w, uint32_t tid, uint32_t proc, const char *comm);
void trace_writer_map(struct trace_writer *w, uint32_t proc, uint64_t start, uint64_t len,
		      uint64_t pgoff, uint32_t prot, const char *path,
		      const uint8_t *build_id, size_t build_id_len);
/* Interns a stack (addresses root first) and returns its leaf node (0: empty). */
uint32_t trace_writer_stack(struct trace_writer *w, const uint64_t *addrs, size_t n);
/* The parent and address of a node, for walking a stack back. */
bool trace_writer_node(const struct trace_writer *w, uint32_t node, uint32_t *parent,
		       uint64_t *addr);
void trace_writer_sample(struct trace_writer *w, uint64_t time_ns, uint32_t thread,
			 uint32_t node, uint64_t period, uint32_t flags);
/* The counters of the STATS chunk, written at the next flush (the last call wins). */
void trace_writer_set_stats(struct trace_writer *w, const struct trace_writer_stats *st);
/* The resident memory of proc (TRACE_MACHINE_PROC: the machine's) at time_ns. */
void trace_writer_memory(struct trace_writer *w, uint64_t time_ns, uint32_t proc, uint64_t rss_kib);
void trace_writer_put_symbol(struct trace_writer *w, uint32_t proc, uint64_t addr,
			     const struct trace_writer_symbol *s);
/* Process proc ended time_ns after the start; how is an enum trace_end_how. */
void trace_writer_end(struct trace_writer *w, uint32_t proc, uint64_t time_ns, int how, int value);

/* Writes every queued table as chunks and syncs them to the file. */
int trace_writer_flush(struct trace_writer *w);
/* Flushes, writes the END chunk and closes; frees w in any case. */
int trace_writer_finish(struct trace_writer *w);
uint64_t trace_writer_bytes(const struct trace_writer *w);	/* written so far */
/*
 * The samples a reader will find in the file.  After a failed write the
 * writer writes nothing more and the file ends at the last chunk known to
 * be whole: these are the samples in it.
 */
uint64_t trace_writer_samples_kept(const struct trace_writer *w);
/* The message of the failed write, NULL while none failed. */
const char *trace_writer_error(const struct trace_writer *w);

#endif
