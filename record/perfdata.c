/* perf.data into a cprof trace: header, attrs, features, then the records in time order. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/hashmap.h"
#include "lib/util.h"
#include "record/events.h"
#include "record/fpchain.h"
#include "record/perfdata.h"
#include "record/perfrec.h"
#include "record/procs.h"
#include "record/unwind.h"
#include "trace/format.h"
#include "trace/writer.h"

#define PD_MAGIC 0x32454c4946524550ull	/* "PERFILE2" read little-endian */
#define PD_MAX_FRAMES 1024
/* Records perf writes itself (not the kernel), from 64 on. */
#define PD_RECORD_AUXTRACE 71
#define PD_RECORD_COMPRESSED 81
/* Feature bits (perf's HEADER_*) read here. */
enum { FEAT_BUILD_ID = 2, FEAT_HOSTNAME = 3, FEAT_OSRELEASE = 4, FEAT_ARCH = 6,
       FEAT_CMDLINE = 11, FEAT_EVENT_DESC = 12 };
/* perf's build-id records say so when the size byte is valid. */
#define PD_MISC_BUILD_ID_SIZE (1 << 15)

struct pd_section {
	uint64_t offset, size;
};

/* The file header of perf.data (not the pipe's, which is 16 bytes). */
struct pd_file_header {
	uint64_t magic, size, attr_size;
	struct pd_section attrs, data, event_types;
	uint64_t features[4];
};

struct pd_attr {
	struct perf_event_attr attr;
	char *name;		/* from the event descriptions, else NULL */
	int64_t ev;		/* index among the trace's events, -1 for none (dummy) */
};

struct pd_ref {
	uint64_t time;
	uint64_t off;
	uint32_t seq;
};

struct pd {
	const uint8_t *data;
	size_t size;
	const char *name;
	struct perfdata_stats *st;
	ARRAY(struct pd_attr) attrs;
	struct hashmap id_attr;		/* sample id -> index in attrs */
	char *hostname, *osrelease, *arch;
	ARRAY(char *) cmdline;
	/* build-ids of the files perf saw, by path (a map's own wins) */
	struct strbid { char *path; uint8_t id[20]; uint8_t len; } *bids;
	size_t nbids;
	uint64_t data_start, data_end;	/* the data section, cut to the file */
	ARRAY(struct pd_ref) refs;
	uint64_t first_time, last_time;
	struct trace_writer_event *events;	/* the trace's, from the attrs */
	size_t nevents;
	struct trace_writer *w;
	struct procs procs;
	struct unwinder *unwinder;
	struct fpchain *fpchain;
	uint64_t rec[(1 << 16) / 8];	/* the record at hand, aligned */
	uint64_t kern[PD_MAX_FRAMES / 2], user[PD_MAX_FRAMES / 2], addrs[PD_MAX_FRAMES];
	uint64_t truncated[TRUNC_NREASONS];
};

bool perfdata_sniff(const void *p, size_t n)
{
	const char *s = p;
	return n >= 8 && ((memcmp(s, "PERFILE", 7) == 0 && s[7] >= '0' && s[7] <= '9') ||
			  (s[0] >= '0' && s[0] <= '9' && memcmp(s + 1, "ELIFREP", 7) == 0));
}

static void damage(struct pd *d, uint64_t at, const char *why)
{
	if (!d->st->damage[0])
		snprintf(d->st->damage, sizeof(d->st->damage), "'%s' is damaged at byte %llu (%s)",
			 d->name, (unsigned long long)at, why);
}

/* A section's bytes, or NULL when it does not lie inside the file. */
static const uint8_t *section(const struct pd *d, const struct pd_section *s)
{
	if (s->offset > d->size || s->size > d->size - s->offset)
		return NULL;
	return d->data + s->offset;
}

/* ---- the header, attrs and features ---- */

static int read_header(struct pd *d, struct pd_file_header *h)
{
	if (d->size < 16) {
		err_set(EINVAL, "'%s' is a truncated perf.data file (%zu bytes: no header)",
			d->name, d->size);
		return -EINVAL;
	}
	memcpy(h, d->data, MIN(d->size, sizeof(*h)));
	if (h->magic == __builtin_bswap64(PD_MAGIC)) {
		err_set(ENOTSUP, "'%s' is perf.data of a big-endian machine, which cprof does not "
			"read (convert it with perf script there)", d->name);
		return -ENOTSUP;
	}
	if (h->magic != PD_MAGIC) {
		err_set(ENOTSUP, "'%s' is perf.data version '%.8s', which cprof does not read "
			"(only PERFILE2, perf's format since 2009)", d->name, (const char *)d->data);
		return -ENOTSUP;
	}
	if (h->size == 16) {
		err_set(ENOTSUP, "'%s' is perf.data written to a pipe (perf record -o -), which "
			"cprof does not read: record to a file", d->name);
		return -ENOTSUP;
	}
	if (h->size == sizeof(*h) && d->size < sizeof(*h)) {
		err_set(EINVAL, "'%s' is a truncated perf.data file (%zu bytes: its header is "
			"%zu)", d->name, d->size, sizeof(*h));
		return -EINVAL;
	}
	if (h->size != sizeof(*h)) {
		err_set(ENOTSUP, "'%s' has a perf.data header of %llu bytes, not %zu: an unknown "
			"version or a damaged file", d->name, (unsigned long long)h->size,
			sizeof(*h));
		return -ENOTSUP;
	}
	if (h->attr_size < PERF_ATTR_SIZE_VER0 + sizeof(struct pd_section) ||
	    h->attr_size > 4096) {
		err_set(ENOTSUP, "'%s' has attrs of %llu bytes: an unknown perf.data version or a "
			"damaged file", d->name, (unsigned long long)h->attr_size);
		return -ENOTSUP;
	}
	return 0;
}

static void add_attr(struct pd *d, const uint8_t *p, size_t size)
{
	struct pd_attr a = { .ev = -1 };
	memcpy(&a.attr, p, MIN(size, sizeof(a.attr)));
	if (size < sizeof(a.attr))
		memset((uint8_t *)&a.attr + size, 0, sizeof(a.attr) - size);
	array_push(&d->attrs, a);
}

static void add_ids(struct pd *d, size_t attr, const struct pd_section *ids)
{
	const uint8_t *p = section(d, ids);
	for (uint64_t i = 0; p && i < ids->size / 8; i++) {
		uint64_t id;
		memcpy(&id, p + i * 8, 8);
		hashmap_put(&d->id_attr, id, attr);
	}
}

static int read_attrs(struct pd *d, const struct pd_file_header *h)
{
	const uint8_t *p = section(d, &h->attrs);
	if (!p || h->attrs.size < h->attr_size) {
		err_set(EINVAL, "'%s' is a damaged perf.data file: its event attrs lie outside it",
			d->name);
		return -EINVAL;
	}
	size_t asize = h->attr_size - sizeof(struct pd_section);
	for (uint64_t off = 0; off + h->attr_size <= h->attrs.size && d->attrs.n < 4096;
	     off += h->attr_size) {
		struct pd_section ids;
		add_attr(d, p + off, asize);
		memcpy(&ids, p + off + asize, sizeof(ids));
		add_ids(d, d->attrs.n - 1, &ids);
	}
	return 0;
}

/* perf's string: a u32 length (with the padding), then NUL-terminated text. */
static char *feat_string(const uint8_t **p, const uint8_t *end)
{
	uint32_t len;
	if (end - *p < 4)
		return NULL;
	memcpy(&len, *p, 4);
	*p += 4;
	if (len > (size_t)(end - *p)) {
		*p = end;
		return NULL;
	}
	char *s = xstrndup((const char *)*p, strnlen((const char *)*p, len));
	*p += len;
	return s;
}

static void read_event_desc(struct pd *d, const uint8_t *p, const uint8_t *end)
{
	uint32_t nr, asize, nids;
	if (end - p < 8)
		return;
	memcpy(&nr, p, 4);
	memcpy(&asize, p + 4, 4);
	p += 8;
	for (uint32_t i = 0; i < nr && (size_t)(end - p) >= asize + 4ull; i++) {
		struct perf_event_attr a = { 0 };
		memcpy(&a, p, MIN(asize, sizeof(a)));
		p += asize;
		memcpy(&nids, p, 4);
		p += 4;
		char *name = feat_string(&p, end);
		if (!name)
			return;
		/* the description's ids name the attr that has them */
		uint64_t id, at;
		bool named = false;
		for (uint32_t k = 0; k < nids && end - p >= 8; k++, p += 8) {
			memcpy(&id, p, 8);
			if (!named && hashmap_get(&d->id_attr, id, &at) && !d->attrs.v[at].name) {
				d->attrs.v[at].name = xstrdup(name);
				named = true;
			}
		}
		if (!named && i < d->attrs.n && !d->attrs.v[i].name)
			d->attrs.v[i].name = xstrdup(name);
		free(name);
	}
}

static void read_build_ids(struct pd *d, const uint8_t *p, const uint8_t *end)
{
	/* header, pid, 24 bytes of build-id (20 and a size byte), file name */
	while (end - p >= 36 && d->nbids < 65536) {
		struct perf_event_header h;
		memcpy(&h, p, sizeof(h));
		if (h.size < 36 || h.size > end - p)
			return;
		struct strbid b = { 0 };
		memcpy(b.id, p + 12, 20);
		b.len = h.misc & PD_MISC_BUILD_ID_SIZE ? MIN(p[32], 20) : 20;
		b.path = xstrndup((const char *)p + 36, strnlen((const char *)p + 36, h.size - 36));
		d->bids = xrealloc(d->bids, (d->nbids + 1) * sizeof(*d->bids));
		d->bids[d->nbids++] = b;
		p += h.size;
	}
}

static void read_features(struct pd *d, const struct pd_file_header *h)
{
	uint64_t at = h->data.offset + h->data.size;
	bool any = h->features[0] | h->features[1] | h->features[2] | h->features[3];
	if (any && (at < h->data.offset || at >= d->size)) {
		/* names and the command line are lost, not the samples */
		snprintf(d->st->damage, sizeof(d->st->damage), "'%s' is truncated after its "
			 "samples (%zu bytes): its feature sections are lost", d->name, d->size);
		return;
	}
	for (unsigned bit = 1; bit < 256; bit++) {
		if (!(h->features[bit / 64] >> (bit % 64) & 1))
			continue;
		struct pd_section s;
		if (d->size - at < sizeof(s))
			return;
		memcpy(&s, d->data + at, sizeof(s));
		at += sizeof(s);
		const uint8_t *p = section(d, &s), *end;
		if (!p) {
			if (!d->st->damage[0])
				snprintf(d->st->damage, sizeof(d->st->damage), "'%s' is truncated "
					 "after its samples (%zu bytes): feature sections are lost",
					 d->name, d->size);
			continue;
		}
		end = p + s.size;
		switch (bit) {
		case FEAT_HOSTNAME: free(d->hostname); d->hostname = feat_string(&p, end); break;
		case FEAT_OSRELEASE: free(d->osrelease); d->osrelease = feat_string(&p, end); break;
		case FEAT_ARCH: free(d->arch); d->arch = feat_string(&p, end); break;
		case FEAT_EVENT_DESC: read_event_desc(d, p, end); break;
		case FEAT_BUILD_ID: read_build_ids(d, p, end); break;
		case FEAT_CMDLINE: {
			uint32_t nr;
			if (end - p < 4)
				break;
			memcpy(&nr, p, 4);
			p += 4;
			char *s1;
			for (uint32_t i = 0; i < nr && i < 4096 && (s1 = feat_string(&p, end)); i++)
				array_push(&d->cmdline, s1);
			break;
		}
		}
	}
}

/* ---- records ---- */

static const struct pd_attr *attr_of_id(const struct pd *d, uint64_t id)
{
	uint64_t i;
	if (d->attrs.n == 1 || !hashmap_get(&d->id_attr, id, &i))
		return &d->attrs.v[0];
	return &d->attrs.v[i];
}

/* Where a sample's id is, in u64 from its start; -1 when it has none. */
static int sample_id_pos(uint64_t t)
{
	if (t & PERF_SAMPLE_IDENTIFIER)
		return 0;
	if (!(t & PERF_SAMPLE_ID))
		return -1;
	return !!(t & PERF_SAMPLE_IP) + !!(t & PERF_SAMPLE_TID) + !!(t & PERF_SAMPLE_TIME) +
	       !!(t & PERF_SAMPLE_ADDR);
}

/* Where a side-band record's id is, in u64 back from its end; -1 for none. */
static int trailer_id_pos(uint64_t t)
{
	if (t & PERF_SAMPLE_IDENTIFIER)
		return 1;
	if (!(t & PERF_SAMPLE_ID))
		return -1;
	return 1 + !!(t & PERF_SAMPLE_CPU) + !!(t & PERF_SAMPLE_STREAM_ID);
}

/* The attr of the record at rec (copied, aligned), by its id where the
 * first attr's layout has one (perf gives every attr the same place). */
static const struct pd_attr *attr_of(const struct pd *d, const struct perf_event_header *h)
{
	uint64_t t = d->attrs.v[0].attr.sample_type, id;
	size_t words = (h->size - sizeof(*h)) / 8;
	const uint8_t *body = (const uint8_t *)(h + 1);
	int pos;
	if (d->attrs.n == 1)
		return &d->attrs.v[0];
	if (h->type == PERF_RECORD_SAMPLE) {
		pos = sample_id_pos(t);
		if (pos < 0 || (size_t)pos >= words)
			return &d->attrs.v[0];
		memcpy(&id, body + pos * 8, 8);
	} else {
		pos = d->attrs.v[0].attr.sample_id_all ? trailer_id_pos(t) : -1;
		if (pos < 0 || (size_t)pos > words)
			return &d->attrs.v[0];
		memcpy(&id, (const uint8_t *)h + h->size - pos * 8, 8);
	}
	return attr_of_id(d, id);
}

/* A side-band record's time from its sample_id trailer (0: none). */
static uint64_t trailer_time(const struct pd_attr *a, const struct perf_event_header *h)
{
	uint64_t t = a->attr.sample_type, time;
	if (!a->attr.sample_id_all || !(t & PERF_SAMPLE_TIME))
		return 0;
	size_t back = 1 + !!(t & PERF_SAMPLE_IDENTIFIER) + !!(t & PERF_SAMPLE_CPU) +
		      !!(t & PERF_SAMPLE_STREAM_ID) + !!(t & PERF_SAMPLE_ID);
	if ((h->size - sizeof(*h)) / 8 < back)
		return 0;
	memcpy(&time, (const uint8_t *)h + h->size - back * 8, 8);
	return time;
}

struct pd_sample {
	uint64_t ip, time, period, nr, abi, stack_size, dyn_size;
	uint32_t pid, tid;
	const uint64_t *chain, *regs;
	const uint8_t *stack;
};

/* The size of a PERF_SAMPLE_READ value by the attr's read_format. */
static bool skip_read(const struct perf_event_attr *a, const uint8_t **p, const uint8_t *end)
{
	uint64_t f = a->read_format, nr = 1, each;
	size_t head = !!(f & PERF_FORMAT_TOTAL_TIME_ENABLED) + !!(f & PERF_FORMAT_TOTAL_TIME_RUNNING);
	each = 1 + !!(f & PERF_FORMAT_ID) + !!(f & (1u << 4) /* PERF_FORMAT_LOST */);
	if (f & PERF_FORMAT_GROUP) {
		if (end - *p < 8)
			return false;
		memcpy(&nr, *p, 8);
		*p += 8;
	}
	if (nr > (size_t)(end - *p) / 8 / each || head > (size_t)(end - *p) / 8 - nr * each)
		return false;
	*p += (head + nr * each) * 8;
	return true;
}

static bool parse_sample(const struct perf_event_attr *a, const uint8_t *p, size_t len,
			 struct pd_sample *s)
{
	const uint8_t *end = p + len, *base = p;
	uint64_t t = a->sample_type, skip;
#define TAKE(dst) do { if (end - p < 8) return false; memcpy(&(dst), p, 8); p += 8; } while (0)
#define SKIP() do { if (end - p < 8) return false; p += 8; } while (0)
	memset(s, 0, sizeof(*s));
	s->period = a->freq ? 1 : a->sample_period;
	if (t & PERF_SAMPLE_IDENTIFIER) SKIP();
	if (t & PERF_SAMPLE_IP) TAKE(s->ip);
	if (t & PERF_SAMPLE_TID) {
		uint64_t pt;
		TAKE(pt);
		s->pid = (uint32_t)pt;
		s->tid = pt >> 32;
	}
	if (t & PERF_SAMPLE_TIME) TAKE(s->time);
	if (t & PERF_SAMPLE_ADDR) SKIP();
	if (t & PERF_SAMPLE_ID) SKIP();
	if (t & PERF_SAMPLE_STREAM_ID) SKIP();
	if (t & PERF_SAMPLE_CPU) SKIP();
	if (t & PERF_SAMPLE_PERIOD) TAKE(s->period);
	if ((t & PERF_SAMPLE_READ) && !skip_read(a, &p, end))
		return false;
	if (t & PERF_SAMPLE_CALLCHAIN) {
		TAKE(s->nr);
		if (s->nr > (size_t)(end - p) / 8)
			return false;
		s->chain = (const uint64_t *)p;
		p += s->nr * 8;
	}
	if (t & PERF_SAMPLE_RAW) {
		uint32_t raw;
		if (end - p < 4)
			return false;
		memcpy(&raw, p, 4);
		if (raw > (size_t)(end - p) - 4)
			return false;
		p += 4 + raw;
	}
	if (t & PERF_SAMPLE_BRANCH_STACK) {
		TAKE(skip);
		if (a->branch_sample_type & PERF_SAMPLE_BRANCH_HW_INDEX)
			SKIP();
		if (skip > (size_t)(end - p) / 24)
			return false;
		p += skip * 24;
	}
	/* the arrays below are read in place: a raw field of an odd size
	 * would leave them unaligned, which no kernel writes */
	if ((p - base) % 8)
		return false;
	if (t & PERF_SAMPLE_REGS_USER) {
		TAKE(s->abi);
		if (s->abi) {
			size_t n = __builtin_popcountll(a->sample_regs_user);
			if (n > (size_t)(end - p) / 8)
				return false;
			s->regs = (const uint64_t *)p;
			p += n * 8;
		}
	}
	if (t & PERF_SAMPLE_STACK_USER) {
		TAKE(s->stack_size);
		if (s->stack_size) {
			if (s->stack_size > (size_t)(end - p))
				return false;
			s->stack = p;
			p += s->stack_size;
			TAKE(s->dyn_size);
			s->dyn_size = MIN(s->dyn_size, s->stack_size);
		}
	}
#undef TAKE
#undef SKIP
	return true;
}

static void take_sample(struct pd *d, const struct pd_attr *a, const uint8_t *body, size_t len)
{
	struct pd_sample s;
	if (a->ev < 0 || !parse_sample(&a->attr, body, len, &s)) {
		d->st->skipped++;
		return;
	}
	/* The idle task has no comm record: named as perf names it. */
	if (s.pid == 0 && s.tid == 0 && !procs_find_pid(&d->procs, 0))
		procs_comm(&d->procs, 0, 0, "swapper", false);
	struct rthread *t = procs_thread(&d->procs, s.pid, s.tid);
	size_t nk = 0, nu = 0, max = PD_MAX_FRAMES / 2;
	enum trunc_reason why = TRUNC_NONE;
	bool dwarf = s.regs && s.stack && d->unwinder;
	if (dwarf) {
		nk = fpchain_kernel(s.chain, s.nr, d->kern, max);
		struct unwind_sample us = {
			.regs = s.regs, .regs_mask = a->attr.sample_regs_user, .stack = s.stack,
			.stack_len = s.dyn_size, .stack_size = s.stack_size,
		};
		nu = unwinder_unwind(d->unwinder, t->proc, &us, d->user, max, &why);
	} else if (s.chain) {
		uint32_t max_stack = a->attr.sample_max_stack ? a->attr.sample_max_stack : 127;
		nu = fpchain_split(d->fpchain, t->proc, s.chain, s.nr, max_stack, 0, d->kern, &nk,
				   d->user, max, &why);
	} else if (s.ip >> 63) {
		d->kern[nk++] = s.ip;
	} else {
		d->user[nu++] = s.ip;
	}
	size_t n = 0;
	for (size_t i = nu; i-- > 0;)
		d->addrs[n++] = d->user[i];
	for (size_t i = nk; i-- > 0;)
		d->addrs[n++] = d->kern[i];
	uint32_t node = trace_writer_stack(d->w, d->addrs, n);
	uint64_t rel = s.time > d->first_time ? s.time - d->first_time : 0;
	trace_writer_sample(d->w, rel, t->id, node, s.period, (uint32_t)a->ev << SAMPLE_TRUNC_BITS | why);
	d->st->samples++;
	d->truncated[why]++;
}

static void add_build_id(const struct pd *d, struct rmap *m)
{
	for (size_t i = 0; !m->build_id_len && i < d->nbids; i++) {
		if (strcmp(d->bids[i].path, m->path) == 0) {
			memcpy(m->build_id, d->bids[i].id, d->bids[i].len);
			m->build_id_len = d->bids[i].len;
		}
	}
}

static void take_mmap(struct pd *d, const struct pd_attr *a, const struct perf_event_header *h)
{
	struct rmap m;
	uint32_t pid;
	if (!perf_rec_mmap(h, a->attr.build_id, &m, &pid))
		return;
	/* code only (perf record -d adds data), of a process */
	if (!(m.prot & 4) || m.end <= m.start || pid == (uint32_t)-1) {
		free(m.path);
		return;
	}
	add_build_id(d, &m);
	procs_mmap(&d->procs, pid, &m);
	free(m.path);
}

static void take_record(struct pd *d, const uint8_t *at)
{
	struct perf_event_header h;
	memcpy(&h, at, sizeof(h));
	memcpy(d->rec, at, h.size);
	const struct perf_event_header *hp = (const void *)d->rec;
	const struct pd_attr *a = attr_of(d, hp);
	const uint8_t *body = (const uint8_t *)(hp + 1);
	size_t blen = h.size - sizeof(h);
	struct perf_rec_comm comm;
	struct perf_rec_task task;
	struct perf_rec_lost lost;
	struct perf_rec_lost_samples lost_samples;

	switch (h.type) {
	case PERF_RECORD_SAMPLE:
		take_sample(d, a, body, blen);
		break;
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
		take_mmap(d, a, hp);
		break;
	case PERF_RECORD_COMM:
		if (perf_rec_get(hp, &comm, sizeof(comm)) && blen > sizeof(comm)) {
			const char *name;
			int len = (int)perf_rec_strlen(hp, sizeof(comm), &name);
			char c[16];
			snprintf(c, sizeof(c), "%.*s", len, name);
			procs_comm(&d->procs, comm.pid, comm.tid, c,
				   h.misc & PERF_RECORD_MISC_COMM_EXEC);
		}
		break;
	case PERF_RECORD_FORK:
		if (perf_rec_get(hp, &task, sizeof(task)))
			procs_fork(&d->procs, task.pid, task.ppid, task.tid, task.ptid);
		break;
	case PERF_RECORD_EXIT:
		if (perf_rec_get(hp, &task, sizeof(task))) {
			struct rproc *p = procs_find_pid(&d->procs, task.pid);
			if (p && task.pid == task.tid && d->unwinder)
				unwinder_drop(d->unwinder, p);
			procs_exit(&d->procs, task.pid, task.tid);
		}
		break;
	case PERF_RECORD_LOST:
		if (perf_rec_get(hp, &lost, sizeof(lost)))
			d->st->lost += lost.lost;
		break;
	case PERF_RECORD_LOST_SAMPLES:
		if (perf_rec_get(hp, &lost_samples, sizeof(lost_samples)))
			d->st->lost += lost_samples.lost;
		break;
	}
}

static int by_time(const void *x, const void *y)
{
	const struct pd_ref *a = x, *b = y;
	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * The records of the data section, in time order: perf writes each CPU's
 * buffer in turn, so a fork on one CPU may come after its child's first
 * sample on another.  Reading stops at the first record that cannot be
 * one (a size too small, or past the end): what came before is kept.
 */
static void index_records(struct pd *d)
{
	uint64_t off = d->data_start;
	while (off < d->data_end) {
		struct perf_event_header h;
		if (d->data_end - off < sizeof(h)) {
			damage(d, off, "a record is cut short");
			break;
		}
		memcpy(&h, d->data + off, sizeof(h));
		if (h.size < sizeof(h) || h.size % 8) {
			damage(d, off, "a record of an impossible size");
			break;
		}
		if (h.size > d->data_end - off) {
			damage(d, off, "a record runs past the end");
			break;
		}
		d->st->records++;
		uint64_t next = off + h.size;
		memcpy(d->rec, d->data + off, h.size);
		const struct perf_event_header *hp = (const void *)d->rec;
		if (h.type == PD_RECORD_AUXTRACE && h.size >= 16) {
			uint64_t aux;
			memcpy(&aux, d->data + off + 8, 8);
			if (aux > d->data_end - next) {
				damage(d, off, "AUX data runs past the end");
				break;
			}
			next += aux;
		} else if (h.type == PD_RECORD_COMPRESSED) {
			d->st->compressed++;
		} else if (h.type < PERF_RECORD_MAX) {
			const struct pd_attr *a = attr_of(d, hp);
			uint64_t t = 0;
			struct pd_sample s;
			if (h.type != PERF_RECORD_SAMPLE) {
				t = trailer_time(a, hp);
			} else if (a->ev >= 0 &&
				   parse_sample(&a->attr, (const uint8_t *)(hp + 1), h.size - 8, &s)) {
				t = s.time;
				if (!d->first_time || t < d->first_time)
					d->first_time = t;
				d->last_time = MAX(d->last_time, t);
			}
			array_push(&d->refs, ((struct pd_ref){ t, off, (uint32_t)d->refs.n }));
		}
		off = next;
	}
}

/* ---- the trace ---- */

static const char *call_graph(const struct pd *d, char *buf, size_t len)
{
	for (size_t i = 0; i < d->attrs.n; i++) {
		const struct perf_event_attr *a = &d->attrs.v[i].attr;
		if (d->attrs.v[i].ev < 0)
			continue;
		if (a->sample_type & PERF_SAMPLE_STACK_USER) {
			snprintf(buf, len, "dwarf,%u", a->sample_stack_user);
			return buf;
		}
		if (a->sample_type & PERF_SAMPLE_CALLCHAIN)
			return "fp";
	}
	return "none";
}

/* The events that have samples: every attr but perf's dummy ones. */
static void trace_events(struct pd *d)
{
	struct trace_writer_event *ev = d->events = xcalloc(d->attrs.n + 1, sizeof(*ev));
	size_t n = 0;
	for (size_t i = 0; i < d->attrs.n; i++) {
		struct pd_attr *pa = &d->attrs.v[i];
		const struct perf_event_attr *a = &pa->attr;
		if (a->type == PERF_TYPE_SOFTWARE && a->config == PERF_COUNT_SW_DUMMY)
			continue;
		/* cprof's name where it has one: perf's descriptions carry
		 * modifiers and terms ("cpu-clock:u", "cpu-clock/freq=99/") */
		const char *known = event_name_of(a->type, a->config);
		if (known) {
			free(pa->name);
			pa->name = xstrdup(known);
		} else if (!pa->name) {
			pa->name = xasprintf("%u:0x%llx", a->type, (unsigned long long)a->config);
		}
		/* the same event twice (one attr per CPU group) is one event */
		size_t k = 0;
		while (k < n && strcmp(ev[k].name, pa->name) != 0)
			k++;
		pa->ev = k;
		if (k == n)
			ev[n++] = (struct trace_writer_event){
				.name = pa->name, .type = a->type, .config = a->config,
				.freq = a->freq, .value = a->sample_period,
			};
	}
	d->nevents = n;
}

static struct trace_writer *open_writer(struct pd *d, int fd, time_t mtime)
{
	char cg[32];
	uint64_t span = d->last_time - d->first_time, end = (uint64_t)mtime * 1000000000ull;
	struct trace_writer_header h = {
		/* perf.data keeps no wall-clock start: the file's time, less
		 * the samples' span, is near it */
		.start_realtime_ns = end > span ? end - span : 0,
		.start_monotonic_ns = d->first_time,
		.hostname = d->hostname ? d->hostname : "",
		.kernel = d->osrelease ? d->osrelease : "",
		.arch = d->arch ? d->arch : "",
		.argc = (int)d->cmdline.n, .argv = d->cmdline.v,
		.mode = "perf.data", .call_graph = call_graph(d, cg, sizeof(cg)),
		.user_only = true, .nevents = d->nevents, .events = d->events,
	};
	for (size_t i = 0; i < d->attrs.n; i++)
		if (d->attrs.v[i].ev >= 0 && !d->attrs.v[i].attr.exclude_kernel)
			h.user_only = false;
	return trace_writer_fdopen(fd, d->name, &h);
}

static void forget_proc(void *ctx, struct rproc *p)
{
	struct pd *d = ctx;
	if (d->unwinder)
		unwinder_forget(d->unwinder, p);
}

static void pd_release(struct pd *d)
{
	for (size_t i = 0; i < d->attrs.n; i++)
		free(d->attrs.v[i].name);
	array_free(&d->attrs);
	hashmap_release(&d->id_attr);
	free(d->hostname);
	free(d->osrelease);
	free(d->arch);
	for (size_t i = 0; i < d->cmdline.n; i++)
		free(d->cmdline.v[i]);
	array_free(&d->cmdline);
	for (size_t i = 0; i < d->nbids; i++)
		free(d->bids[i].path);
	free(d->bids);
	array_free(&d->refs);
	free(d->events);
}

static int convert(struct pd *d, int fd, time_t mtime)
{
	struct pd_file_header h;
	int rc;
	if ((rc = read_header(d, &h)) < 0 || (rc = read_attrs(d, &h)) < 0) {
		close(fd);
		return rc;
	}
	if (!d->attrs.n) {
		close(fd);
		err_set(EINVAL, "'%s' is perf.data with no event attrs", d->name);
		return -EINVAL;
	}
	read_features(d, &h);
	d->data_start = MIN(h.data.offset, d->size);
	d->data_end = h.data.size > d->size - d->data_start ? d->size : d->data_start + h.data.size;
	if (h.data.size == 0 && d->size > d->data_start) {
		/* perf writes the size when it finishes: a perf that was
		 * killed left its records up to the end of the file */
		d->data_end = d->size;
		snprintf(d->st->damage, sizeof(d->st->damage), "'%s' was not finished by perf "
			 "(its data size is 0): read to its end", d->name);
	} else if (d->data_end - d->data_start < h.data.size) {
		snprintf(d->st->damage, sizeof(d->st->damage), "'%s' is truncated (%zu bytes, its "
			 "data section ends at byte %llu)", d->name, d->size,
			 (unsigned long long)(h.data.offset + h.data.size));
	}
	/* events first: samples of dummy attrs are no one's */
	trace_events(d);
	if (!d->nevents) {
		close(fd);
		err_set(EINVAL, "'%s' has no event with samples (only perf's dummy events)",
			d->name);
		return -EINVAL;
	}
	index_records(d);
	if (!(d->w = open_writer(d, fd, mtime)))
		return -EINVAL;
	procs_init(&d->procs, d->w);
	d->procs.offline = true;
	d->unwinder = unwinder_new(&d->procs);
	d->procs.forget = forget_proc;
	d->procs.forget_ctx = d;
	d->fpchain = fpchain_new(&d->procs);
	if (d->refs.n > 1)
		qsort(d->refs.v, d->refs.n, sizeof(*d->refs.v), by_time);
	for (size_t i = 0; i < d->refs.n; i++)
		take_record(d, d->data + d->refs.v[i].off);
	struct trace_writer_stats ts = {
		.samples = d->st->samples, .lost = d->st->lost, .records = d->st->records,
		.duration_ns = d->last_time - d->first_time, .exit_status = -1,
	};
	memcpy(ts.truncated, d->truncated, sizeof(ts.truncated));
	ts.truncated[TRUNC_NONE] = 0;
	trace_writer_set_stats(d->w, &ts);
	rc = trace_writer_finish(d->w);
	d->w = NULL;
	fpchain_free(d->fpchain);
	unwinder_free(d->unwinder);
	d->procs.forget = NULL;
	procs_release(&d->procs);
	return rc;
}

int perfdata_to_trace_mem(const uint8_t *data, size_t size, const char *name, int fd,
			  struct perfdata_stats *st)
{
	struct pd d = { .data = data, .size = size, .name = name, .st = st };
	memset(st, 0, sizeof(*st));
	int rc = convert(&d, fd, time(NULL));
	pd_release(&d);
	return rc;
}

int perfdata_to_trace(const char *path, int fd, struct perfdata_stats *st)
{
	int in = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (in < 0 || fstat(in, &sb) < 0) {
		int e = errno;
		err_errno(e, "cannot open '%s'", path);
		if (in >= 0)
			close(in);
		close(fd);
		return -e;
	}
	void *map = sb.st_size ? mmap(NULL, sb.st_size, PROT_READ, MAP_PRIVATE, in, 0) : NULL;
	close(in);
	if (map == MAP_FAILED) {
		int e = errno;
		close(fd);
		return err_errno(e, "cannot read '%s'", path);
	}
	struct pd d = { .data = map, .size = sb.st_size, .name = path, .st = st };
	memset(st, 0, sizeof(*st));
	int rc = convert(&d, fd, sb.st_mtime);
	pd_release(&d);
	if (map)
		munmap(map, sb.st_size);
	return rc;
}
