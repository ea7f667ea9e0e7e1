/*
 * Reading cprof.data (man/cprof-data.5) into memory.  The reader keeps
 * every good chunk of a truncated or corrupt file and says once where it
 * stopped.  What it read is the struct trace below: the views (report/)
 * walk it directly and change it only through the functions here, and
 * trace/multi.c merges several into one.  Turning it into a profile is
 * report/trace_profile.h's work.
 */
#ifndef CPROF_TRACE_H
#define CPROF_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/array.h"
#include "lib/hashmap.h"

/* True when the bytes start like a cprof trace (the magic). */
bool trace_sniff(const void *p, size_t n);

struct trace_event {
	char *name;
	uint32_t type;
	uint64_t config;
	bool freq;
	uint64_t value;
	char *requested;	/* "" unless this event replaced another */
};

struct trace_header {
	uint64_t version, start_realtime_ns, start_monotonic_ns;
	char *hostname, *kernel, *arch, *mode, *call_graph;
	ARRAY(char *) argv;
	bool user_only;
	ARRAY(struct trace_event) events;
};

struct trace_proc {
	uint32_t pid, comm;
	bool valid;
};

struct trace_thread {
	uint32_t tid, proc, comm;
	bool valid;
};

struct trace_map {
	uint32_t proc, prot, path;
	uint64_t start, len, pgoff;
	uint8_t build_id[20];
	size_t build_id_len;
};

struct trace_node {
	uint32_t parent, depth;
	uint64_t addr;
	bool valid;
};

struct trace_sample {
	uint64_t time, period;
	uint32_t flags, thread, node;
};

struct trace_sym_frame {
	uint32_t func, file, line;	/* string id + 1, 0 = unknown */
};

struct trace_symbol {
	uint32_t proc;
	uint64_t addr;
	uint32_t module;	/* string id + 1 */
	uint64_t offset;
	uint32_t kind;
	uint32_t first_frame, nframes;
};

struct trace_end {
	uint32_t proc;
	uint64_t time;		/* ns after the start */
	uint32_t how;		/* enum trace_end_how */
	int64_t value;
};

struct trace_memory {
	uint64_t time;		/* ns after the start */
	uint32_t proc;		/* TRACE_MACHINE_PROC: the machine */
	uint64_t rss_kib;
};

struct trace_stats {
	uint64_t samples, lost, throttled, records, duration_ns;
	int64_t exit_status;
	uint64_t truncated[8];
};

struct trace {
	char *path;
	size_t size;
	struct trace_header header;
	bool have_header, have_stats, have_symbols, complete, too_new;
	size_t orphan_samples;		/* samples whose thread entry was lost */
	size_t bad_entries;		/* entries dropped: an id the file never defined, a limit broken */
	unsigned extra_headers;		/* HEADER chunks after the first, ignored */
	ARRAY(char *) strs;
	ARRAY(struct trace_proc) procs;		/* by id; 0 unused */
	ARRAY(struct trace_thread) threads;	/* by id; 0 unused */
	ARRAY(struct trace_map) maps;
	uint32_t *map_order;			/* maps by process, built on first use */
	ARRAY(struct trace_node) nodes;		/* by id; 0 = empty stack */
	ARRAY(struct trace_sample) samples;
	ARRAY(struct trace_memory) memory;
	ARRAY(struct trace_symbol) symbols;
	ARRAY(struct trace_sym_frame) sym_frames;
	ARRAY(struct trace_end) ends;		/* how processes ended, in time order */
	struct hashmap sym_index;
	struct trace_stats stats;
	/* Damage: where reading first went wrong. */
	enum trace_damage_kind { DAMAGE_NONE, DAMAGE_TAIL, DAMAGE_CHUNK, DAMAGE_NO_END } damage_what;
	size_t damage_offset, skipped_bytes;
	unsigned bad_chunks, unknown_chunks;
	char *damage_msg;
};

/* NULL with err_msg() set on failure (not a trace, unreadable). */
struct trace *trace_open(const char *path);
/* The same of an open file named name in messages; fd is closed. */
struct trace *trace_open_fd(int fd, const char *name);
void trace_free(struct trace *t);
/* A one-line complaint about damage ("truncated after 1234 bytes: kept 56
 * samples"), or NULL when the file is whole. */
const char *trace_damage(const struct trace *t);
/* A trace read from the n bytes at p; name is for messages. */
struct trace *trace_from_memory(const void *p, size_t n, const char *name);
/* The string with id id, or "[?]" for an id the trace never defined. */
const char *trace_str(const struct trace *t, uint64_t id);

/* Lookups in the tables (trace/tables.c). */
/* Adds s to the symbol table, replacing the entry of the same (proc, addr). */
void trace_symbol_put(struct trace *t, const struct trace_symbol *s);
/* The symbol table's entry for (proc, addr), or NULL. */
const struct trace_symbol *trace_symbol_get(const struct trace *t, uint32_t proc, uint64_t addr);
/* The mapping of proc that holds addr (the latest one recorded), or NULL. */
const struct trace_map *trace_map_find(const struct trace *t, uint32_t proc, uint64_t addr);
/* Index of the event called name (or asked for as name); 0 for NULL, -1 if none. */
int trace_event_index(const struct trace *t, const char *name);
static inline bool trace_addr_is_kernel(uint64_t addr)
{
	return addr >> 63;
}

#endif
