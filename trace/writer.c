#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/buf.h"
#include "lib/crc32.h"
#include "lib/hashmap.h"
#include "lib/strtab.h"
#include "lib/util.h"
#include "trace/format.h"
#include "trace/writer.h"

/* A queued table: its entries so far and the id of its first one. */
struct table {
	struct buf body;
	uint64_t first, count;
};

struct stack_node {
	uint32_t parent;
	uint64_t addr;
};

struct trace_writer {
	int fd;
	char *path;
	uint64_t bytes;
	struct strtab strs;
	uint32_t strings_written;	/* strings up to here are in the file */
	size_t queued_str_bytes;	/* of the strings not written yet */
	uint32_t nprocs, nthreads;
	/* Stack tree: node ids from 1; the index finds (parent, addr). */
	ARRAY(struct stack_node) nodes;
	uint32_t *slots;
	size_t nslots;
	uint64_t last_time;
	struct table procs, threads, maps, stacks, samples, symbols, ends, memory;
	uint64_t memory_time;		/* of the last MEMORY entry */
	bool have_stats;
	struct trace_writer_stats stats;
	int error;	/* first write error, reported at flush */
	char *error_msg;	/* its err_msg(), kept from later errors */
	/*
	 * What a reader finds in the file: the chunks written whole, and of
	 * those, the ones synced to the disk.  A failed write cuts the file
	 * back to the last of them, so it ends at a chunk's end.
	 */
	uint64_t whole_bytes, whole_samples;
	uint64_t synced_bytes, synced_samples;
};

/* Stops writing for good: the file is cut back to bytes (holding samples
 * samples), where the last chunk known to be on the disk ends. */
static void give_up(struct trace_writer *w, int err, uint64_t bytes, uint64_t samples)
{
	w->error = err;
	w->error_msg = xstrdup(err_msg());
	if (ftruncate(w->fd, bytes) == 0) {
		w->bytes = bytes;
		w->whole_bytes = w->synced_bytes = bytes;
		w->whole_samples = w->synced_samples = samples;
	}
}

static void write_all(struct trace_writer *w, const void *p, size_t n)
{
	const uint8_t *s = p;
	while (n && !w->error) {
		ssize_t r = write(w->fd, s, n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			give_up(w, err_errno(errno, "cannot write '%s'", w->path),
				w->whole_bytes, w->whole_samples);
			return;
		}
		s += r;
		n -= r;
		w->bytes += r;
	}
}

static void write_chunk(struct trace_writer *w, uint16_t type, const void *p, size_t n)
{
	uint8_t head[CHUNK_HEAD] = {
		CHUNK_MARKER & 0xff, CHUNK_MARKER >> 8, type & 0xff, type >> 8,
		n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >> 24,
	};
	uint32_t crc = crc32_update(0, head + 2, CHUNK_HEAD - 2);
	crc = crc32_update(crc, p, n);
	uint8_t tail[4] = { crc, crc >> 8, crc >> 16, crc >> 24 };
	write_all(w, head, sizeof(head));
	write_all(w, p, n);
	write_all(w, tail, sizeof(tail));
	if (!w->error)
		w->whole_bytes = w->bytes;
}

static void header_payload(struct buf *b, const struct trace_writer_header *h)
{
	buf_put_varint(b, TRACE_VERSION);
	buf_put_varint(b, h->start_realtime_ns);
	buf_put_varint(b, h->start_monotonic_ns);
	buf_put_str(b, h->hostname);
	buf_put_str(b, h->kernel);
	buf_put_str(b, h->arch);
	buf_put_varint(b, h->argc);
	for (int i = 0; i < h->argc; i++)
		buf_put_str(b, h->argv[i]);
	buf_put_str(b, h->mode);
	buf_put_str(b, h->call_graph);
	buf_put_varint(b, h->user_only);
	buf_put_varint(b, h->nevents);
	for (size_t i = 0; i < h->nevents; i++) {
		const struct trace_writer_event *e = &h->events[i];
		buf_put_str(b, e->name);
		buf_put_varint(b, e->type);
		buf_put_varint(b, e->config);
		buf_put_varint(b, e->freq);
		buf_put_varint(b, e->value);
		buf_put_str(b, e->requested);
	}
}

struct trace_writer *trace_writer_new(const char *path, const struct trace_writer_header *h)
{
	/* Traces hold kernel addresses and command lines: 0600, as perf's. */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		err_errno(errno, "cannot create '%s'", path);
		return NULL;
	}
	return trace_writer_fdopen(fd, path, h);
}

struct trace_writer *trace_writer_fdopen(int fd, const char *name,
					 const struct trace_writer_header *h)
{
	struct trace_writer *w = xcalloc(1, sizeof(*w));
	w->fd = fd;
	w->path = xstrdup(name);
	strtab_init(&w->strs);
	array_add(&w->nodes);	/* node 0: the empty stack */
	w->procs.first = w->threads.first = w->stacks.first = 1;

	struct buf b = { 0 };
	header_payload(&b, h);
	write_all(w, TRACE_MAGIC, TRACE_MAGIC_LEN);
	write_chunk(w, CHUNK_HEADER, b.p, b.n);
	buf_release(&b);
	if (w->error) {
		trace_writer_free(w);
		return NULL;
	}
	return w;
}

void trace_writer_free(struct trace_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w->path);
	free(w->error_msg);
	strtab_release(&w->strs);
	array_free(&w->nodes);
	free(w->slots);
	struct table *t[] = { &w->procs, &w->threads, &w->maps, &w->stacks,
			      &w->samples, &w->symbols, &w->ends, &w->memory };
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		buf_release(&t[i]->body);
	free(w);
}

uint64_t trace_writer_bytes(const struct trace_writer *w)
{
	return w->bytes;
}

const char *trace_writer_error(const struct trace_writer *w)
{
	return w->error_msg;
}

uint64_t trace_writer_samples_kept(const struct trace_writer *w)
{
	return w->error ? w->whole_samples : w->whole_samples + w->samples.count;
}

uint32_t trace_writer_string(struct trace_writer *w, const char *s)
{
	uint32_t n = w->strs.n, id = strtab_intern_str(&w->strs, s ? s : "");
	if (w->strs.n != n)
		w->queued_str_bytes += w->strs.lens[id] + 5;
	return id;
}

/* Chunks stay far below what a reader accepts (CHUNK_MAX): whatever is
 * queued is written once it reaches a few megabytes. */
static void bound(struct trace_writer *w)
{
	size_t queued = w->queued_str_bytes + w->procs.body.n + w->threads.body.n +
			w->maps.body.n + w->stacks.body.n + w->samples.body.n + w->symbols.body.n +
			w->ends.body.n + w->memory.body.n;
	if (queued > (4u << 20) && !w->error)
		trace_writer_flush(w);
}

uint32_t trace_writer_proc(struct trace_writer *w, uint32_t pid, const char *comm)
{
	buf_put_varint(&w->procs.body, pid);
	buf_put_varint(&w->procs.body, trace_writer_string(w, comm));
	w->procs.count++;
	bound(w);
	return ++w->nprocs;
}

uint32_t trace_writer_thread(struct trace_writer *w, uint32_t tid, uint32_t proc, const char *comm)
{
	buf_put_varint(&w->threads.body, tid);
	buf_put_varint(&w->threads.body, proc);
	buf_put_varint(&w->threads.body, trace_writer_string(w, comm));
	w->threads.count++;
	bound(w);
	return ++w->nthreads;
}

void trace_writer_map(struct trace_writer *w, uint32_t proc, uint64_t start, uint64_t len,
		      uint64_t pgoff, uint32_t prot, const char *path,
		      const uint8_t *build_id, size_t build_id_len)
{
	struct buf *b = &w->maps.body;
	buf_put_varint(b, proc);
	buf_put_varint(b, start);
	buf_put_varint(b, len);
	buf_put_varint(b, pgoff);
	buf_put_varint(b, prot);
	buf_put_varint(b, trace_writer_string(w, path));
	buf_put_bytes(b, build_id, build_id ? build_id_len : 0);
	w->maps.count++;
	bound(w);
}

static size_t node_slot(const struct trace_writer *w, uint32_t parent, uint64_t addr)
{
	size_t mask = w->nslots - 1;
	size_t i = hash_combine(parent, addr) & mask;
	for (;; i = (i + 1) & mask) {
		uint32_t id = w->slots[i];
		if (!id || (w->nodes.v[id].parent == parent && w->nodes.v[id].addr == addr))
			return i;
	}
}

static void grow_nodes(struct trace_writer *w)
{
	free(w->slots);
	w->nslots = w->nslots ? w->nslots * 2 : 4096;
	w->slots = xcalloc(w->nslots, sizeof(*w->slots));
	for (uint32_t id = 1; id < w->nodes.n; id++)
		w->slots[node_slot(w, w->nodes.v[id].parent, w->nodes.v[id].addr)] = id;
}

uint32_t trace_writer_stack(struct trace_writer *w, const uint64_t *addrs, size_t n)
{
	uint32_t node = 0;
	for (size_t i = 0; i < n; i++) {
		if (w->nodes.n * 2 >= w->nslots)
			grow_nodes(w);
		size_t s = node_slot(w, node, addrs[i]);
		if (w->slots[s]) {
			node = w->slots[s];
			continue;
		}
		uint32_t id = w->nodes.n;
		uint64_t parent_addr = w->nodes.v[node].addr;
		array_push(&w->nodes, ((struct stack_node){ node, addrs[i] }));
		w->slots[s] = id;
		/* Addresses are stored as the distance from the parent's: callers
		 * are usually near their callees, so most fit in 2-3 bytes. */
		buf_put_varint(&w->stacks.body, node);
		buf_put_svarint(&w->stacks.body, (int64_t)(addrs[i] - parent_addr));
		w->stacks.count++;
		node = id;
	}
	bound(w);
	return node;
}

bool trace_writer_node(const struct trace_writer *w, uint32_t node, uint32_t *parent,
		       uint64_t *addr)
{
	if (!node || node >= w->nodes.n)
		return false;
	*parent = w->nodes.v[node].parent;
	*addr = w->nodes.v[node].addr;
	return true;
}

void trace_writer_sample(struct trace_writer *w, uint64_t time_ns, uint32_t thread,
			 uint32_t node, uint64_t period, uint32_t flags)
{
	struct buf *b = &w->samples.body;
	if (!w->samples.count) {
		w->samples.first = time_ns;	/* the chunk's base time */
		w->last_time = time_ns;
	}
	buf_put_varint(b, flags);
	buf_put_svarint(b, (int64_t)(time_ns - w->last_time));
	buf_put_varint(b, thread);
	buf_put_varint(b, node);
	buf_put_varint(b, period);
	w->last_time = time_ns;
	w->samples.count++;
	bound(w);
}

void trace_writer_memory(struct trace_writer *w, uint64_t time_ns, uint32_t proc, uint64_t rss_kib)
{
	struct buf *b = &w->memory.body;
	if (!w->memory.count) {
		w->memory.first = time_ns;
		w->memory_time = time_ns;
	}
	buf_put_svarint(b, (int64_t)(time_ns - w->memory_time));
	buf_put_varint(b, proc);
	buf_put_varint(b, rss_kib);
	w->memory_time = time_ns;
	w->memory.count++;
	bound(w);
}

void trace_writer_set_stats(struct trace_writer *w, const struct trace_writer_stats *st)
{
	w->stats = *st;
	w->have_stats = true;
}

void trace_writer_put_symbol(struct trace_writer *w, uint32_t proc, uint64_t addr,
			     const struct trace_writer_symbol *s)
{
	struct buf *b = &w->symbols.body;
	buf_put_varint(b, proc);
	buf_put_varint(b, addr);
	buf_put_varint(b, s->module ? trace_writer_string(w, s->module) + 1 : 0);
	buf_put_varint(b, s->offset);
	buf_put_varint(b, s->kind);
	buf_put_varint(b, s->nframes);
	for (size_t i = 0; i < s->nframes; i++) {
		const struct trace_writer_frame *f = &s->frames[i];
		buf_put_varint(b, f->func ? trace_writer_string(w, f->func) + 1 : 0);
		buf_put_varint(b, f->file ? trace_writer_string(w, f->file) + 1 : 0);
		buf_put_varint(b, f->line);
	}
	w->symbols.count++;
	bound(w);
}

void trace_writer_end(struct trace_writer *w, uint32_t proc, uint64_t time_ns, int how, int value)
{
	struct buf *b = &w->ends.body;
	buf_put_varint(b, proc);
	buf_put_varint(b, time_ns);
	buf_put_varint(b, how);
	buf_put_svarint(b, value);
	w->ends.count++;
	bound(w);
}

/* Table payload: first id (or base time), count, then the entries. */
static void flush_table(struct trace_writer *w, uint16_t type, struct table *t)
{
	if (!t->count)
		return;
	struct buf b = { 0 };
	buf_put_varint(&b, t->first);
	buf_put_varint(&b, t->count);
	buf_put(&b, t->body.p, t->body.n);
	write_chunk(w, type, b.p, b.n);
	buf_release(&b);
	if (w->error)
		return;		/* the queue stays: nothing of it is in the file */
	if (type == CHUNK_SAMPLES)
		w->whole_samples += t->count;
	if (type != CHUNK_SAMPLES && type != CHUNK_MAPS && type != CHUNK_SYMBOLS &&
	    type != CHUNK_ENDS && type != CHUNK_MEMORY)
		t->first += t->count;
	t->count = 0;
	t->body.n = 0;
}

static void flush_strings(struct trace_writer *w)
{
	if (w->strings_written == w->strs.n)
		return;
	struct buf b = { 0 };
	buf_put_varint(&b, w->strings_written);
	buf_put_varint(&b, w->strs.n - w->strings_written);
	for (uint32_t i = w->strings_written; i < w->strs.n; i++)
		buf_put_bytes(&b, w->strs.strs[i], w->strs.lens[i]);
	write_chunk(w, CHUNK_STRINGS, b.p, b.n);
	buf_release(&b);
	w->strings_written = w->strs.n;
	w->queued_str_bytes = 0;
}

static void flush_stats(struct trace_writer *w)
{
	if (!w->have_stats)
		return;
	const struct trace_writer_stats *s = &w->stats;
	struct buf b = { 0 };
	buf_put_varint(&b, s->samples);
	buf_put_varint(&b, s->lost);
	buf_put_varint(&b, s->throttled);
	buf_put_varint(&b, s->records);
	buf_put_varint(&b, s->duration_ns);
	buf_put_svarint(&b, s->exit_status);
	buf_put_varint(&b, ARRAY_SIZE(s->truncated));
	for (size_t i = 0; i < ARRAY_SIZE(s->truncated); i++)
		buf_put_varint(&b, s->truncated[i]);
	write_chunk(w, CHUNK_STATS, b.p, b.n);
	buf_release(&b);
}

int trace_writer_flush(struct trace_writer *w)
{
	/* Every table refers to strings, samples to threads and stacks: the
	 * referenced tables go first so a reader meets names before uses. */
	flush_strings(w);
	flush_table(w, CHUNK_PROCS, &w->procs);
	flush_table(w, CHUNK_THREADS, &w->threads);
	flush_table(w, CHUNK_MAPS, &w->maps);
	flush_table(w, CHUNK_STACKS, &w->stacks);
	flush_table(w, CHUNK_SAMPLES, &w->samples);
	flush_table(w, CHUNK_SYMBOLS, &w->symbols);
	flush_table(w, CHUNK_ENDS, &w->ends);
	flush_table(w, CHUNK_MEMORY, &w->memory);
	flush_stats(w);
	if (w->error)
		return w->error;
	/* A sync can fail on a disk that took the writes (delayed
	 * allocation): then only what the last sync kept is sure. */
	if (fdatasync(w->fd) < 0 && errno != EINVAL) {
		give_up(w, err_errno(errno, "cannot write '%s'", w->path), w->synced_bytes,
			w->synced_samples);
	} else {
		w->synced_bytes = w->whole_bytes;
		w->synced_samples = w->whole_samples;
	}
	return w->error;
}

int trace_writer_finish(struct trace_writer *w)
{
	trace_writer_flush(w);
	write_chunk(w, CHUNK_END, NULL, 0);
	if (close(w->fd) < 0 && !w->error)
		w->error = err_errno(errno, "cannot write '%s'", w->path);
	w->fd = -1;
	int r = w->error;
	trace_writer_free(w);
	return r;
}
