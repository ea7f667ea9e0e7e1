/* pprof profiles into the profile model (report/pprof.h). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lib/util.h"
#include "report/pprof.h"
#include "report/pprof.pb-c.h"

typedef Perftools__Profiles__Profile PProfile;
typedef Perftools__Profiles__Location PLocation;
typedef Perftools__Profiles__Mapping PMapping;
typedef Perftools__Profiles__Function PFunction;
typedef Perftools__Profiles__Sample PSample;

static bool is_gzip(const uint8_t *b, size_t n)
{
	return n >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

static bool varint(const uint8_t *b, size_t n, size_t *pos, uint64_t *v)
{
	*v = 0;
	for (unsigned shift = 0; *pos < n && shift < 64; shift += 7) {
		uint8_t c = b[(*pos)++];
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return true;
	}
	return false;
}

/* Whether field (1 to 14) of a Profile may come with wire type wt. */
static bool profile_field(uint64_t field, uint64_t wt)
{
	if (field == 13)	/* comment: packed or not */
		return wt == 0 || wt == 2;
	if ((field >= 1 && field <= 6) || field == 11)
		return wt == 2;
	return field >= 7 && field <= 14 && wt == 0;
}

bool pprof_sniff(const void *p, size_t n, bool whole)
{
	const uint8_t *b = p;
	if (is_gzip(b, n))
		return true;
	/* The first fields must be Profile fields with their wire types: text
	 * fails within a few bytes ("python;..." is field 14, a varint, then
	 * a tag of wire type 4). */
	size_t pos = 0;
	unsigned fields = 0;
	while (pos < n && fields < 8) {
		uint64_t tag, v;
		if (!varint(b, n, &pos, &tag) || !profile_field(tag >> 3, tag & 7))
			return false;
		if (!varint(b, n, &pos, &v))
			return pos == n && !whole;
		if ((tag & 7) == 2) {
			if (v > PPROF_MAX_SIZE)
				return false;
			if (v > n - pos)
				return !whole;	/* runs past the head: fine if more follows */
			pos += v;
		}
		fields++;
	}
	return fields > 0;
}

/* The whole gzip stream (members one after another, as gzip allows). */
static int gunzip(const uint8_t *in, size_t n, const char *name, uint8_t **out, size_t *outn)
{
	z_stream z = { 0 };
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return err_set(ENOMEM, "cannot start gzip decompression");
	size_t cap = n * 4 + 4096, len = 0;
	uint8_t *buf = xmalloc(cap);
	z.next_in = (uint8_t *)in;
	z.avail_in = n;
	int zr = Z_OK, ret = 0;
	while (zr != Z_STREAM_END || z.avail_in) {
		if (zr == Z_STREAM_END && inflateReset(&z) != Z_OK)
			break;
		if (len == cap) {
			if (cap >= PPROF_MAX_SIZE) {
				ret = err_set(EFBIG, "'%s': the profile is over %llu MiB unpacked", name,
					      PPROF_MAX_SIZE >> 20);
				break;
			}
			cap = MIN(cap * 2, (size_t)PPROF_MAX_SIZE);
			buf = xrealloc(buf, cap);
		}
		z.next_out = buf + len;
		z.avail_out = cap - len;
		zr = inflate(&z, Z_NO_FLUSH);
		len = cap - z.avail_out;
		if (zr != Z_OK && zr != Z_STREAM_END) {
			ret = err_set(EINVAL, "'%s' is not a whole gzip file (%s)", name,
				      z.msg ? z.msg : zr == Z_BUF_ERROR ? "cut short" : "damaged");
			break;
		}
	}
	inflateEnd(&z);
	if (ret < 0) {
		free(buf);
		return ret;
	}
	*out = buf;
	*outn = len;
	return 0;
}

/* What a sample's walk needs: ids to positions, and the strings. */
struct reader {
	const PProfile *pp;
	const struct pprof_opts *o;
	struct profile *p;
	struct pprof_stats *st;
	struct hashmap locs, funcs, maps;	/* id -> index */
	int64_t lbl_pid, lbl_tid, lbl_comm;	/* string indexes, -1 when absent */
	const char *program;
	ARRAY(uint32_t) frames;
};

static const char *pstr(struct reader *r, int64_t i)
{
	if (i >= 0 && (uint64_t)i < r->pp->n_string_table && r->pp->string_table[i])
		return r->pp->string_table[i];
	r->st->bad_refs++;
	return "";
}

static void index_ids(struct hashmap *m, size_t n, uint64_t (*id)(const PProfile *, size_t),
		      const PProfile *pp)
{
	for (size_t i = 0; i < n; i++)
		hashmap_put(m, id(pp, i), i);
}

static uint64_t loc_id(const PProfile *pp, size_t i) { return pp->location[i]->id; }
static uint64_t func_id(const PProfile *pp, size_t i) { return pp->function[i]->id; }
static uint64_t map_id(const PProfile *pp, size_t i) { return pp->mapping[i]->id; }

static int64_t find_string(const PProfile *pp, const char *s)
{
	for (size_t i = 0; i < pp->n_string_table; i++)
		if (pp->string_table[i] && strcmp(pp->string_table[i], s) == 0)
			return i;
	return -1;
}

/* The sample type chosen as go tool pprof does; -1 with err_msg() set. */
static int sample_index(struct reader *r, const char *name, const char *file)
{
	const PProfile *pp = r->pp;
	if (!pp->n_sample_type)
		return err_set(EINVAL, "'%s': the pprof profile has no sample types", file);
	if (!name) {
		for (size_t i = 0; pp->default_sample_type && i < pp->n_sample_type; i++)
			if (pp->sample_type[i]->type == pp->default_sample_type)
				return i;
		return pp->n_sample_type - 1;
	}
	uint64_t k;
	if (parse_u64(name, &k) && k < pp->n_sample_type)
		return k;
	char types[512] = "";
	size_t o = 0;
	for (size_t i = 0; i < pp->n_sample_type; i++) {
		const char *t = pstr(r, pp->sample_type[i]->type);
		if (strcmp(t, name) == 0)
			return i;
		if (o < sizeof(types))
			o += snprintf(types + o, sizeof(types) - o, "%s%s", i ? ", " : "", t);
	}
	return err_set(ENOENT, "no sample type '%s' in '%s' (it has %s)", name, file, types);
}

static uint32_t frame(struct reader *r, const char *name, enum frame_kind kind,
		      const char *module, const char *file, uint32_t line)
{
	const struct trace_profile_opts *s = r->o->select;
	if (!*name)
		name = "[unknown]";
	if (s && s->srcline && *file && line) {
		char *n = xasprintf("%s:%s:%u", name, path_base(file), line);
		uint32_t f = profile_frame(r->p, n, strlen(n), kind, module, file, line);
		free(n);
		return f;
	}
	if (s && s->lines && *file)
		return profile_frame(r->p, name, strlen(name), kind, module, file, line);
	return profile_frame(r->p, name, strlen(name), kind, module, NULL, 0);
}

static const PMapping *mapping_of(struct reader *r, uint64_t id)
{
	uint64_t i;
	if (!id)
		return NULL;
	if (hashmap_get(&r->maps, id, &i))
		return r->pp->mapping[i];
	r->st->bad_refs++;
	return NULL;
}

/* One location's frames, outermost first, pushed on r->frames. */
static void push_location(struct reader *r, uint64_t id)
{
	uint64_t li;
	if (!hashmap_get(&r->locs, id, &li)) {
		r->st->bad_refs++;
		array_push(&r->frames, frame(r, "[unknown]", FRAME_USER, NULL, "", 0));
		return;
	}
	const PLocation *l = r->pp->location[li];
	const PMapping *m = mapping_of(r, l->mapping_id);
	const char *module = m ? pstr(r, m->filename) : NULL;
	if (module && !*module)
		module = NULL;
	enum frame_kind kind = l->address >> 63 || (module && strncmp(module, "[kernel", 7) == 0) ?
			       FRAME_KERNEL : FRAME_USER;
	if (!l->n_line) {
		char *name = m && module ?
			xasprintf("%s+0x%" PRIx64, path_base(module),
				  l->address - m->memory_start + m->file_offset) :
			xstrdup("[unknown]");
		array_push(&r->frames, frame(r, name, kind, module, "", 0));
		free(name);
		return;
	}
	bool no_inline = r->o->select && r->o->select->no_inline;
	for (size_t k = l->n_line; k-- > 0;) {
		uint64_t fi;
		const PFunction *f = hashmap_get(&r->funcs, l->line[k]->function_id, &fi) ?
				     r->pp->function[fi] : NULL;
		if (!f)
			r->st->bad_refs++;
		const char *name = f ? pstr(r, f->name) : "[unknown]";
		const char *file = f ? pstr(r, f->filename) : "";
		int64_t line = l->line[k]->line;
		array_push(&r->frames, frame(r, name, k + 1 == l->n_line ? kind : FRAME_INLINE,
					     module, file, line > 0 && line <= UINT32_MAX ? line : 0));
		if (no_inline)
			break;
	}
}

static const Perftools__Profiles__Label *find_label(const PSample *s, int64_t key)
{
	for (size_t i = 0; key >= 0 && i < s->n_label; i++)
		if (s->label[i]->key == key)
			return s->label[i];
	return NULL;
}

/* A numeric label, or a string one holding a number; false when absent. */
static bool label_num(struct reader *r, const PSample *s, int64_t key, uint64_t *out)
{
	const Perftools__Profiles__Label *l = find_label(s, key);
	if (!l)
		return false;
	if (l->str)
		return parse_u64(pstr(r, l->str), out);
	*out = l->num < 0 ? 0 : (uint64_t)l->num;
	return true;
}

static bool in_list(const char *list, bool have, uint64_t v)
{
	char num[24];
	snprintf(num, sizeof(num), "%" PRIu64, v);
	return !list || (have && list_has(list, num));
}

/* The root frame of a sample, or PROFILE_NONE when the filters leave it out. */
static uint32_t thread_frame(struct reader *r, const PSample *s, uint32_t *tid_out)
{
	const struct trace_profile_opts *o = r->o->select;
	uint64_t pid = 0, tid = 0;
	bool hp = label_num(r, s, r->lbl_pid, &pid), ht = label_num(r, s, r->lbl_tid, &tid);
	const Perftools__Profiles__Label *lc = find_label(s, r->lbl_comm);
	const char *comm = lc && *pstr(r, lc->str) ? pstr(r, lc->str) : r->program;
	*tid_out = tid;
	if (o && (!in_list(o->pids, hp, pid) || !in_list(o->tids, ht, tid) ||
		  (o->comms && !list_has(o->comms, comm))))
		return PROFILE_NONE;
	char *name;
	bool by_tid = o && o->tid_root && hp && ht, by_pid = o && (o->pid_root || o->tid_root) && hp;
	if (by_tid)
		name = xasprintf("%s-%" PRIu64 "/%" PRIu64, comm, pid, tid);
	else if (by_pid)
		name = xasprintf("%s-%" PRIu64, comm, pid);
	else
		name = xstrdup(comm);
	uint32_t f = profile_frame(r->p, name, strlen(name), FRAME_USER, NULL, NULL, 0);
	if (by_pid)
		profile_set_thread(r->p, f, comm, strlen(comm), pid, by_tid ? tid : 0);
	free(name);
	return f;
}

static void add_sample(struct reader *r, const PSample *s, int vi, uint64_t seq)
{
	if ((size_t)vi >= s->n_value || s->value[vi] <= 0)
		return;
	uint32_t tid, root = thread_frame(r, s, &tid);
	if (root == PROFILE_NONE)
		return;
	r->frames.n = 0;
	array_push(&r->frames, root);
	size_t n = s->n_location_id;
	if (n > PPROF_MAX_DEPTH) {
		r->st->cut++;
		n = PPROF_MAX_DEPTH;
	}
	/* Leaf first in the file: the outermost kept location is number n - 1. */
	for (size_t i = n; i-- > 0;)
		push_location(r, s->location_id[i]);
	uint32_t node = 0;
	for (size_t i = 0; i < r->frames.n; i++)
		node = profile_child(r->p, node, r->frames.v[i]);
	struct pcount c = { (uint64_t)s->value[vi], 0 };
	if (!profile_add_count(r->p, node, 0, c))
		return;
	r->st->samples++;
	if (r->o->select && r->o->select->times)
		array_push(&r->p->samples, ((struct psample){ seq, tid, node,
							      (double)s->value[vi] }));
}

static PProfile *decode(const uint8_t *data, size_t n, const char *name)
{
	uint8_t *plain = NULL;
	size_t plen = n;
	if (is_gzip(data, n)) {
		if (gunzip(data, n, name, &plain, &plen) < 0)
			return NULL;
		data = plain;
	}
	PProfile *pp = perftools__profiles__profile__unpack(NULL, plen, data);
	free(plain);
	if (!pp)
		err_set(EINVAL, "'%s' is not a pprof profile (it does not decode as one)", name);
	else if (!pp->n_string_table || !pp->string_table[0] || *pp->string_table[0]) {
		perftools__profiles__profile__free_unpacked(pp, NULL);
		pp = NULL;
		err_set(EINVAL, "'%s' is not a pprof profile (its first string is not empty)", name);
	}
	return pp;
}

int pprof_read(struct profile *p, const void *data, size_t n, const char *name,
	       const struct pprof_opts *o, struct pprof_stats *st)
{
	memset(st, 0, sizeof(*st));
	PProfile *pp = decode(data, n, name);
	if (!pp)
		return -EINVAL;
	struct reader r = { .pp = pp, .o = o, .p = p, .st = st, .program = "[unknown]" };
	int vi = sample_index(&r, o->sample_index, name);
	if (vi < 0) {
		perftools__profiles__profile__free_unpacked(pp, NULL);
		return vi;
	}
	snprintf(st->type, sizeof(st->type), "%s/%s", pstr(&r, pp->sample_type[vi]->type),
		 pstr(&r, pp->sample_type[vi]->unit));
	index_ids(&r.locs, pp->n_location, loc_id, pp);
	index_ids(&r.funcs, pp->n_function, func_id, pp);
	index_ids(&r.maps, pp->n_mapping, map_id, pp);
	r.lbl_pid = find_string(pp, "pid");
	r.lbl_tid = find_string(pp, "tid");
	r.lbl_comm = find_string(pp, "comm");
	if (pp->n_mapping && *pstr(&r, pp->mapping[0]->filename))
		r.program = path_base(pstr(&r, pp->mapping[0]->filename));
	for (size_t i = 0; i < pp->n_sample; i++)
		add_sample(&r, pp->sample[i], vi, p->samples.n);
	hashmap_release(&r.locs);
	hashmap_release(&r.funcs);
	hashmap_release(&r.maps);
	array_free(&r.frames);
	perftools__profiles__profile__free_unpacked(pp, NULL);
	return 0;
}
