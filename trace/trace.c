#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/crc32.h"
#include "lib/util.h"
#include "trace/format.h"
#include "trace/trace_internal.h"

bool trace_sniff(const void *p, size_t n)
{
	return n >= TRACE_MAGIC_LEN && memcmp(p, TRACE_MAGIC, TRACE_MAGIC_LEN) == 0;
}

const char *trace_str(const struct trace *t, uint64_t id)
{
	return id < t->strs.n && t->strs.v[id] ? t->strs.v[id] : "[?]";
}

static void read_header(struct trace *t, struct cursor *c)
{
	struct trace_header *h = &t->header;
	h->version = cur_varint(c);
	h->start_realtime_ns = cur_varint(c);
	h->start_monotonic_ns = cur_varint(c);
	h->hostname = cur_str(c);
	h->kernel = cur_str(c);
	h->arch = cur_str(c);
	uint64_t argc = cur_varint(c);
	for (uint64_t i = 0; i < argc && !c->bad; i++)
		array_push(&h->argv, cur_str(c));
	h->mode = cur_str(c);
	h->call_graph = cur_str(c);
	h->user_only = cur_varint(c);
	uint64_t n = cur_varint(c);
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		struct trace_event *e = array_add(&h->events);
		e->name = cur_str(c);
		e->type = cur_varint(c);
		e->config = cur_varint(c);
		e->freq = cur_varint(c);
		e->value = cur_varint(c);
		e->requested = cur_str(c);
	}
	t->have_header = !c->bad;
	/* Readers skip chunks they do not know; the version only changes when
	 * what they know would be misread. */
	if (h->version > TRACE_VERSION)
		t->too_new = true;
}

static void read_strings(struct trace *t, struct cursor *c)
{
	uint64_t first = cur_varint(c), n = cur_varint(c);
	if (first > UINT32_MAX || n > cursor_left(c))
		return;
	array_reserve(&t->strs, first + n);
	while (t->strs.n < first + n)
		t->strs.v[t->strs.n++] = NULL;
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		char *s = cur_str(c);
		free(t->strs.v[first + i]);
		t->strs.v[first + i] = s;
	}
}

/* Table chunks give the id of their first entry: slots are filled by id, so a
 * lost chunk leaves holes rather than shifting every later id. */
#define TABLE_SLOT(arr, id) \
	(array_reserve((arr), (id) + 1), \
	 (arr)->n <= (id) ? (memset(&(arr)->v[(arr)->n], 0, ((id) + 1 - (arr)->n) * sizeof(*(arr)->v)), \
			     (arr)->n = (id) + 1) : 0, \
	 &(arr)->v[id])

static void read_procs(struct trace *t, struct cursor *c)
{
	uint64_t first = cur_varint(c), n = cur_varint(c);
	if (first + n > UINT32_MAX || n > cursor_left(c))
		return;
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		struct trace_proc *p = TABLE_SLOT(&t->procs, first + i);
		p->pid = cur_varint(c);
		p->comm = cur_varint(c);
		p->valid = !c->bad;
	}
}

static void read_threads(struct trace *t, struct cursor *c)
{
	uint64_t first = cur_varint(c), n = cur_varint(c);
	if (first + n > UINT32_MAX || n > cursor_left(c))
		return;
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		struct trace_thread *th = TABLE_SLOT(&t->threads, first + i);
		th->tid = cur_varint(c);
		th->proc = cur_varint(c);
		th->comm = cur_varint(c);
		th->valid = !c->bad;
	}
}

static void read_maps(struct trace *t, struct cursor *c)
{
	cur_varint(c);
	uint64_t n = cur_varint(c);
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		struct trace_map m = { 0 };
		m.proc = cur_varint(c);
		m.start = cur_varint(c);
		m.len = cur_varint(c);
		m.pgoff = cur_varint(c);
		m.prot = cur_varint(c);
		m.path = cur_varint(c);
		size_t len;
		const uint8_t *bid = cur_bytes(c, &len);
		if (c->bad)
			break;
		m.build_id_len = MIN(len, sizeof(m.build_id));
		if (bid)
			memcpy(m.build_id, bid, m.build_id_len);
		array_push(&t->maps, m);
	}
}

static void read_stacks(struct trace *t, struct cursor *c)
{
	uint64_t first = cur_varint(c), n = cur_varint(c);
	if (first == 0 || first + n > UINT32_MAX || n > cursor_left(c))
		return;
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		uint64_t id = first + i;
		struct trace_node *node = TABLE_SLOT(&t->nodes, id);
		uint64_t parent = cur_varint(c);
		int64_t delta = cur_svarint(c);
		/* Parents come before children; anything else is damage. */
		if (c->bad || parent >= id || (parent && !t->nodes.v[parent].valid))
			continue;
		node->parent = parent;
		node->addr = (parent ? t->nodes.v[parent].addr : 0) + (uint64_t)delta;
		node->valid = true;
	}
}

static void read_samples(struct trace *t, struct cursor *c)
{
	uint64_t time = cur_varint(c), n = cur_varint(c);
	if (n > cursor_left(c))
		return;
	array_reserve(&t->samples, t->samples.n + n);
	for (uint64_t i = 0; i < n; i++) {
		struct trace_sample s;
		s.flags = cur_varint(c);
		time += (uint64_t)cur_svarint(c);
		s.time = time;
		s.thread = cur_varint(c);
		s.node = cur_varint(c);
		s.period = cur_varint(c);
		if (c->bad)
			break;
		t->samples.v[t->samples.n++] = s;
	}
}

static void read_symbols(struct trace *t, struct cursor *c)
{
	cur_varint(c);
	uint64_t n = cur_varint(c);
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		struct trace_symbol s = { 0 };
		s.proc = cur_varint(c);
		s.addr = cur_varint(c);
		s.module = cur_varint(c);
		s.offset = cur_varint(c);
		s.kind = cur_varint(c);
		uint64_t nf = cur_varint(c);
		if (nf > cursor_left(c))
			break;
		s.first_frame = t->sym_frames.n;
		s.nframes = nf;
		for (uint64_t k = 0; k < nf; k++) {
			struct trace_sym_frame *f = array_add(&t->sym_frames);
			f->func = cur_varint(c);
			f->file = cur_varint(c);
			f->line = cur_varint(c);
		}
		if (c->bad)
			break;
		trace_symbol_put(t, &s);
	}
	t->have_symbols = true;
}

static void read_stats(struct trace *t, struct cursor *c)
{
	struct trace_stats s = { 0 };
	s.samples = cur_varint(c);
	s.lost = cur_varint(c);
	s.throttled = cur_varint(c);
	s.records = cur_varint(c);
	s.duration_ns = cur_varint(c);
	s.exit_status = cur_svarint(c);
	uint64_t n = cur_varint(c);
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		uint64_t v = cur_varint(c);
		if (i < ARRAY_SIZE(s.truncated))
			s.truncated[i] = v;
	}
	if (!c->bad) {
		t->stats = s;
		t->have_stats = true;
	}
}

static void read_chunk(struct trace *t, unsigned type, const uint8_t *p, size_t n)
{
	struct cursor c;
	cursor_init(&c, p, n);
	switch (type) {
	case CHUNK_HEADER: read_header(t, &c); break;
	case CHUNK_STRINGS: read_strings(t, &c); break;
	case CHUNK_PROCS: read_procs(t, &c); break;
	case CHUNK_THREADS: read_threads(t, &c); break;
	case CHUNK_MAPS: read_maps(t, &c); break;
	case CHUNK_STACKS: read_stacks(t, &c); break;
	case CHUNK_SAMPLES: read_samples(t, &c); break;
	case CHUNK_SYMBOLS: read_symbols(t, &c); break;
	case CHUNK_STATS: read_stats(t, &c); break;
	case CHUNK_END: t->complete = true; break;
	default: t->unknown_chunks++; break;	/* from a newer writer */
	}
	if (c.bad)
		t->bad_chunks++;
}

/* Length of a well-formed chunk at p, or 0. */
static size_t chunk_at(const uint8_t *p, size_t left)
{
	if (left < CHUNK_HEAD + CHUNK_TAIL || get_le16(p) != CHUNK_MARKER)
		return 0;
	uint32_t n = get_le32(p + 4);
	if (n > CHUNK_MAX || n > left - CHUNK_HEAD - CHUNK_TAIL)
		return 0;
	uint32_t crc = crc32_update(0, p + 2, CHUNK_HEAD - 2 + n);
	if (crc != get_le32(p + CHUNK_HEAD + n))
		return 0;
	return CHUNK_HEAD + n + CHUNK_TAIL;
}

static void note_damage(struct trace *t, size_t offset, enum trace_damage_kind what)
{
	if (!t->damage_what) {
		t->damage_offset = offset;
		t->damage_what = what;
	}
}

static void parse(struct trace *t, const uint8_t *data, size_t size)
{
	size_t off = TRACE_MAGIC_LEN;
	while (off < size) {
		size_t len = chunk_at(data + off, size - off);
		if (len) {
			read_chunk(t, get_le16(data + off + 2), data + off + CHUNK_HEAD,
				   len - CHUNK_HEAD - CHUNK_TAIL);
			off += len;
			continue;
		}
		/* Damage: resynchronise on the next chunk that checks out. */
		size_t bad = off;
		for (off++; off < size; off++)
			if (data[off] == (CHUNK_MARKER & 0xff) && chunk_at(data + off, size - off))
				break;
		if (off >= size) {
			note_damage(t, bad, DAMAGE_TAIL);
		} else {
			t->skipped_bytes += off - bad;
			note_damage(t, bad, DAMAGE_CHUNK);
		}
	}
}

struct trace *trace_open(const char *path)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : dup(0);
	if (fd < 0) {
		err_errno(errno, "cannot open '%s'", path);
		return NULL;
	}
	struct buf b = { 0 };
	for (;;) {
		buf_reserve(&b, 1 << 20);
		ssize_t r = read(fd, b.p + b.n, b.cap - b.n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_errno(errno, "cannot read '%s'", path);
			close(fd);
			buf_release(&b);
			return NULL;
		}
		if (!r)
			break;
		b.n += r;
	}
	close(fd);
	struct trace *t = trace_from_memory(b.p, b.n, path);
	buf_release(&b);
	return t;
}

struct trace *trace_from_memory(const void *p, size_t n, const char *name)
{
	if (!trace_sniff(p, n)) {
		err_set(EINVAL, "'%s' is not a cprof trace (no cprof.data header)", name);
		return NULL;
	}
	struct trace *t = xcalloc(1, sizeof(*t));
	t->path = xstrdup(name);
	t->size = n;
	parse(t, p, n);
	if (!t->have_header) {
		trace_free(t);
		err_set(EINVAL, "'%s' is a damaged cprof trace: its header is unreadable", name);
		return NULL;
	}
	if (t->too_new) {
		err_set(ENOTSUP, "'%s' is format version %llu, newer than this cprof reads (%d): "
			"use a newer cprof", name, (unsigned long long)t->header.version, TRACE_VERSION);
		trace_free(t);
		return NULL;
	}
	for (size_t i = 0; i < t->samples.n; i++) {
		uint32_t th = t->samples.v[i].thread;
		t->orphan_samples += th >= t->threads.n || !t->threads.v[th].valid;
	}
	if (!t->complete && !t->damage_what)
		note_damage(t, n, DAMAGE_NO_END);
	return t;
}

const char *trace_damage(const struct trace *t)
{
	if (!t->damage_what && !t->bad_chunks && !t->orphan_samples)
		return NULL;
	if (t->damage_msg)
		return t->damage_msg;
	char *where;
	if (t->damage_what)
		where = xasprintf("%s %zu of %zu",
				  t->damage_what == DAMAGE_TAIL ? "is cut short or damaged from byte" :
				  t->damage_what == DAMAGE_CHUNK ? "has a damaged chunk at byte" :
				  "ends without its end mark (the recorder stopped early) at byte",
				  t->damage_offset, t->size);
	else
		where = xstrdup("has chunks that check out but do not decode");
	char extra[128] = "";
	if (t->bad_chunks || t->orphan_samples)
		snprintf(extra, sizeof(extra), " (%u chunks unreadable, %zu samples of unknown "
			 "threads dropped)", t->bad_chunks, t->orphan_samples);
	((struct trace *)t)->damage_msg = xasprintf("'%s' %s: kept %zu samples%s", t->path, where,
						    t->samples.n - t->orphan_samples, extra);
	free(where);
	return t->damage_msg;
}

void trace_free(struct trace *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->strs.n; i++)
		free(t->strs.v[i]);
	array_free(&t->strs);
	struct trace_header *h = &t->header;
	free(h->hostname);
	free(h->kernel);
	free(h->arch);
	free(h->mode);
	free(h->call_graph);
	for (size_t i = 0; i < h->argv.n; i++)
		free(h->argv.v[i]);
	array_free(&h->argv);
	for (size_t i = 0; i < h->events.n; i++) {
		free(h->events.v[i].name);
		free(h->events.v[i].requested);
	}
	array_free(&h->events);
	array_free(&t->procs);
	array_free(&t->threads);
	array_free(&t->maps);
	free(t->map_order);
	array_free(&t->nodes);
	array_free(&t->samples);
	array_free(&t->symbols);
	array_free(&t->sym_frames);
	hashmap_release(&t->sym_index);
	free(t->damage_msg);
	free(t->path);
	free(t);
}
