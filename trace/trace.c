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
#include "trace/trace.h"

bool trace_sniff(const void *p, size_t n)
{
	return n >= TRACE_MAGIC_LEN && memcmp(p, TRACE_MAGIC, TRACE_MAGIC_LEN) == 0;
}

const char *trace_str(const struct trace *t, uint64_t id)
{
	return id < t->strs.n && t->strs.v[id] ? t->strs.v[id] : "[?]";
}

/*
 * Ids read from the file index tables: a value past 32 bits names nothing.
 * UINT32_MAX is never defined either (table_fits keeps tables below it).
 */
static uint32_t cur_id(struct cursor *c)
{
	uint64_t v = cur_varint(c);
	return v < UINT32_MAX ? v : UINT32_MAX;
}

static void header_release(struct trace_header *h)
{
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
}

static void read_header_fields(struct trace_header *h, struct cursor *c)
{
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
}

static void read_header(struct trace *t, struct cursor *c)
{
	/* One recording has one header: merging a second would mix two
	 * command lines and two event lists, so it is damage, and ignored. */
	if (t->have_header) {
		t->extra_headers++;
		return;
	}
	struct trace_header h = { 0 };
	read_header_fields(&h, c);
	if (c->bad) {
		header_release(&h);
		return;
	}
	t->header = h;
	t->have_header = true;
	/* Readers skip chunks they do not know; the version only changes when
	 * what they know would be misread. */
	if (h.version > TRACE_VERSION)
		t->too_new = true;
}

/*
 * Whether a table chunk's ids [first, first + n) can be real.  Every entry
 * takes at least min_bytes of the file, lost chunks included, so no file
 * defines more ids than its size allows; holding tables to that keeps the
 * slots allocated by id in proportion to the bytes read, whatever first
 * says.  A chunk that breaks it does not decode.
 */
static bool table_fits(const struct trace *t, struct cursor *c, uint64_t first, uint64_t n,
		       uint64_t min_first, size_t min_bytes)
{
	uint64_t most = MIN(t->size / min_bytes, UINT32_MAX - 1);
	if (c->bad || first < min_first || first > most || n > most - first ||
	    n > cursor_left(c) / min_bytes) {
		c->bad = true;
		return false;
	}
	return true;
}

static void read_strings(struct trace *t, struct cursor *c)
{
	uint64_t first = cur_varint(c), n = cur_varint(c);
	if (!table_fits(t, c, first, n, 0, 1))
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
	if (!table_fits(t, c, first, n, 1, 2))
		return;
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		struct trace_proc *p = TABLE_SLOT(&t->procs, first + i);
		p->pid = cur_varint(c);
		p->comm = cur_id(c);
		p->valid = !c->bad;
	}
}

static void read_threads(struct trace *t, struct cursor *c)
{
	uint64_t first = cur_varint(c), n = cur_varint(c);
	if (!table_fits(t, c, first, n, 1, 3))
		return;
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		struct trace_thread *th = TABLE_SLOT(&t->threads, first + i);
		th->tid = cur_varint(c);
		th->proc = cur_id(c);
		th->comm = cur_id(c);
		th->valid = !c->bad;
	}
}

static void read_maps(struct trace *t, struct cursor *c)
{
	cur_varint(c);
	uint64_t n = cur_varint(c);
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		struct trace_map m = { 0 };
		m.proc = cur_id(c);
		m.start = cur_varint(c);
		m.len = cur_varint(c);
		m.pgoff = cur_varint(c);
		m.prot = cur_varint(c);
		m.path = cur_id(c);
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
	if (!table_fits(t, c, first, n, 1, 2))
		return;
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		uint64_t id = first + i;
		struct trace_node *node = TABLE_SLOT(&t->nodes, id);
		uint64_t parent = cur_varint(c);
		int64_t delta = cur_svarint(c);
		/* Parents come before children; anything else is damage. */
		if (c->bad || parent >= id || (parent && !t->nodes.v[parent].valid))
			continue;
		/* A stack deeper than any writer makes would cost every reader
		 * time and memory in its depth for each thread that uses it. */
		uint32_t depth = parent ? t->nodes.v[parent].depth + 1 : 1;
		if (depth > TRACE_MAX_DEPTH) {
			t->bad_entries++;
			continue;
		}
		node->parent = parent;
		node->depth = depth;
		node->addr = (parent ? t->nodes.v[parent].addr : 0) + (uint64_t)delta;
		node->valid = true;
	}
}

static void read_samples(struct trace *t, struct cursor *c)
{
	uint64_t time = cur_varint(c), n = cur_varint(c);
	/* An entry is five varints, a byte each at least. */
	if (c->bad || n > cursor_left(c) / 5) {
		c->bad = true;
		return;
	}
	array_reserve(&t->samples, t->samples.n + n);
	for (uint64_t i = 0; i < n; i++) {
		struct trace_sample s;
		uint64_t flags = cur_varint(c);
		/* Flags past 32 bits name an event no header has. */
		s.flags = flags <= UINT32_MAX ? flags : UINT32_MAX;
		time += (uint64_t)cur_svarint(c);
		s.time = time;
		s.thread = cur_id(c);
		s.node = cur_id(c);
		s.period = cur_varint(c);
		if (c->bad)
			break;
		t->samples.v[t->samples.n++] = s;
	}
}

static void read_memory(struct trace *t, struct cursor *c)
{
	uint64_t time = cur_varint(c), n = cur_varint(c);
	/* An entry is three varints, a byte each at least. */
	if (c->bad || n > cursor_left(c) / 3) {
		c->bad = true;
		return;
	}
	array_reserve(&t->memory, t->memory.n + n);
	for (uint64_t i = 0; i < n; i++) {
		struct trace_memory m;
		time += (uint64_t)cur_svarint(c);
		m.time = time;
		m.proc = cur_id(c);
		m.rss_kib = cur_varint(c);
		if (c->bad)
			break;
		t->memory.v[t->memory.n++] = m;
	}
}

static void read_symbols(struct trace *t, struct cursor *c)
{
	cur_varint(c);
	uint64_t n = cur_varint(c);
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		struct trace_symbol s = { 0 };
		s.proc = cur_id(c);
		s.addr = cur_varint(c);
		s.module = cur_id(c);
		s.offset = cur_varint(c);
		s.kind = cur_id(c);
		uint64_t nf = cur_varint(c);
		if (nf > cursor_left(c) / 3) {
			c->bad = true;
			break;
		}
		s.first_frame = t->sym_frames.n;
		s.nframes = nf;
		for (uint64_t k = 0; k < nf; k++) {
			struct trace_sym_frame *f = array_add(&t->sym_frames);
			f->func = cur_id(c);
			f->file = cur_id(c);
			f->line = cur_id(c);
		}
		if (c->bad)
			break;
		/* Every frame becomes a profile frame of every stack through the
		 * address: an inline chain longer than any compiler makes is
		 * damage, not work to do. */
		if (nf > TRACE_MAX_INLINE) {
			t->sym_frames.n = s.first_frame;
			t->bad_entries++;
			continue;
		}
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

static void read_ends(struct trace *t, struct cursor *c)
{
	cur_varint(c);
	uint64_t n = cur_varint(c);
	for (uint64_t i = 0; i < n && !c->bad; i++) {
		struct trace_end e = { 0 };
		e.proc = cur_id(c);
		e.time = cur_varint(c);
		uint64_t how = cur_varint(c);
		e.value = cur_svarint(c);
		if (c->bad)
			break;
		/* A kind of end this reader does not know is an end all the same. */
		e.how = how <= TEND_OOM ? how : TEND_UNKNOWN;
		array_push(&t->ends, e);
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
	case CHUNK_MEMORY: read_memory(t, &c); break;
	case CHUNK_END: t->complete = true; break;
	case CHUNK_ENDS: read_ends(t, &c); break;
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
	return trace_open_fd(fd, path);
}

struct trace *trace_open_fd(int fd, const char *path)
{
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

static bool proc_defined(const struct trace *t, uint32_t id)
{
	return id < t->procs.n && t->procs.v[id].valid;
}

static bool thread_defined(const struct trace *t, uint32_t id)
{
	return id < t->threads.n && t->threads.v[id].valid;
}

/* A string reference that names nothing reads as "[?]" (the record stays),
 * but it is damage all the same. */
static void check_str(struct trace *t, uint64_t id)
{
	if (id >= t->strs.n || !t->strs.v[id])
		t->bad_entries++;
}

static void check_str1(struct trace *t, uint32_t id_plus_1)
{
	if (id_plus_1)
		check_str(t, id_plus_1 - 1);
}

static void check_tables(struct trace *t)
{
	for (size_t i = 0; i < t->procs.n; i++)
		if (t->procs.v[i].valid)
			check_str(t, t->procs.v[i].comm);
	for (size_t i = 0; i < t->threads.n; i++) {
		struct trace_thread *th = &t->threads.v[i];
		if (!th->valid)
			continue;
		if (!proc_defined(t, th->proc)) {
			th->valid = false;
			t->bad_entries++;
			continue;
		}
		check_str(t, th->comm);
	}
	size_t kept = 0;
	for (size_t i = 0; i < t->maps.n; i++) {
		const struct trace_map *m = &t->maps.v[i];
		if (!proc_defined(t, m->proc)) {
			t->bad_entries++;
			continue;
		}
		check_str(t, m->path);
		t->maps.v[kept++] = *m;
	}
	t->maps.n = kept;
	kept = 0;
	for (size_t i = 0; i < t->ends.n; i++) {
		if (!proc_defined(t, t->ends.v[i].proc)) {
			t->bad_entries++;
			continue;
		}
		t->ends.v[kept++] = t->ends.v[i];
	}
	t->ends.n = kept;
}

/* Symbols of undefined processes stay in the table but can never be looked
 * up: lookups only ask for the processes of defined threads, and for 0. */
static void check_symbols(struct trace *t)
{
	for (size_t i = 0; i < t->symbols.n; i++) {
		const struct trace_symbol *s = &t->symbols.v[i];
		if (s->proc != TRACE_KERNEL_PROC && !proc_defined(t, s->proc))
			t->bad_entries++;
		check_str1(t, s->module);
		for (uint32_t k = 0; k < s->nframes; k++) {
			check_str1(t, t->sym_frames.v[s->first_frame + k].func);
			check_str1(t, t->sym_frames.v[s->first_frame + k].file);
		}
	}
}

/*
 * Samples keep only what the file defined: a thread (else the sample is an
 * orphan of a lost THREADS chunk) and an event of the header (event 0 of a
 * header that lists none is the default one).  A lost stack
 * node is kept: the views show it as "[stack lost in damaged file]".
 */
static void check_samples(struct trace *t)
{
	size_t kept = 0;
	for (size_t i = 0; i < t->samples.n; i++) {
		const struct trace_sample *s = &t->samples.v[i];
		if (!thread_defined(t, s->thread)) {
			t->orphan_samples++;
			continue;
		}
		if ((s->flags >> SAMPLE_TRUNC_BITS) >= MAX(t->header.events.n, 1)) {
			t->bad_entries++;
			continue;
		}
		if (s->node && (s->node >= t->nodes.n || !t->nodes.v[s->node].valid))
			t->bad_entries++;
		t->samples.v[kept++] = *s;
	}
	t->samples.n = kept;
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
	check_tables(t);
	check_symbols(t);
	check_samples(t);
	if (!t->complete && !t->damage_what)
		note_damage(t, n, DAMAGE_NO_END);
	return t;
}

/* The counts of what was dropped, as ", 2 chunks unreadable, …" (or ""). */
static void damage_counts(const struct trace *t, char *out, size_t len)
{
	size_t o = 0;
	out[0] = '\0';
	if (t->bad_chunks)
		o += snprintf(out + o, len - o, ", %u chunks unreadable", t->bad_chunks);
	if (t->orphan_samples && o < len)
		o += snprintf(out + o, len - o, ", %zu samples of unknown threads dropped",
			      t->orphan_samples);
	if (t->bad_entries && o < len)
		o += snprintf(out + o, len - o, ", %zu entries naming what the file does not "
			      "define dropped", t->bad_entries);
	if (t->extra_headers && o < len)
		snprintf(out + o, len - o, ", %u extra headers ignored", t->extra_headers);
}

const char *trace_damage(const struct trace *t)
{
	if (!t->damage_what && !t->bad_chunks && !t->orphan_samples && !t->bad_entries &&
	    !t->extra_headers)
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
		where = xstrdup("has chunks that check out but do not hold together");
	char counts[256];
	damage_counts(t, counts, sizeof(counts));
	((struct trace *)t)->damage_msg = xasprintf("'%s' %s: kept %zu samples%s%s%s", t->path,
						    where, t->samples.n, *counts ? " (" : "",
						    *counts ? counts + 2 : "", *counts ? ")" : "");
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
	header_release(&t->header);
	array_free(&t->procs);
	array_free(&t->threads);
	array_free(&t->maps);
	free(t->map_order);
	array_free(&t->nodes);
	array_free(&t->samples);
	array_free(&t->memory);
	array_free(&t->symbols);
	array_free(&t->sym_frames);
	array_free(&t->ends);
	hashmap_release(&t->sym_index);
	free(t->damage_msg);
	free(t->path);
	free(t);
}
