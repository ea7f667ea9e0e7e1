#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "report/folded.h"

#define BLOCK (1 << 20)
#define CACHE_BITS 16

#define CHILD_BITS 16

/* Stack tree edges seen recently: unsorted input misses the prefix reuse. */
struct cached_child {
	uint64_t key;		/* parent << 32 | frame */
	uint32_t node;		/* 0 is empty: node 0 is never a child */
};

/* Recently seen frames by the hash of their text: most lookups stop here. */
struct cached_frame {
	uint64_t hash;
	uint32_t frame;		/* + 1; 0 is empty */
};

/* A frame of the previous line: where its name ends there, and its node. */
struct prev_frame {
	size_t end;
	uint32_t node;
};

struct folded_reader {
	struct profile *p;
	enum folded_mode mode;
	bool times;
	struct folded_stats st;
	struct buf carry;		/* a line split across two feeds */
	struct buf prev;		/* the previous stack's bytes */
	ARRAY(struct prev_frame) prev_frames;
	struct cached_frame cache[1 << CACHE_BITS];
	struct cached_child *children;	/* (parent, frame) -> node */
};

struct folded_reader *folded_reader_new(struct profile *p, enum folded_mode mode, bool times)
{
	struct folded_reader *r = xcalloc(1, sizeof(*r));
	r->p = p;
	r->mode = mode;
	r->times = times;
	r->children = xcalloc(1 << CHILD_BITS, sizeof(*r->children));
	return r;
}

void folded_reader_free(struct folded_reader *r)
{
	if (!r)
		return;
	buf_release(&r->carry);
	buf_release(&r->prev);
	array_free(&r->prev_frames);
	free(r->children);
	free(r);
}

const struct folded_stats *folded_reader_stats(const struct folded_reader *r)
{
	return &r->st;
}

enum folded_mode folded_reader_mode(const struct folded_reader *r)
{
	return r->mode;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * A count: digits with an optional fraction.  Whole numbers, by far the
 * common case, avoid strtod.
 */
static bool parse_count(const char *s, size_t n, double *out)
{
	uint64_t v = 0;
	size_t i = 0, digits = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		v = v * 10 + (s[i] - '0');
	if (i == n && digits && digits < 19) {
		*out = v;
		return true;
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	}
	if (i != n || !digits || n > 64)
		return false;
	char tmp[65];
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*out = strtod(tmp, NULL);
	return true;
}

/* Splits "text COUNT" at its last blank: *n shrinks to the text before it. */
static bool pop_count(const char *s, size_t *n, double *count)
{
	size_t end = *n, start = end;
	while (start > 0 && !is_space(s[start - 1]))
		start--;
	if (start == 0 || !parse_count(s + start, end - start, count))
		return false;
	while (start > 0 && is_space(s[start - 1]))
		start--;
	*n = start;
	return true;
}

/* How many frames of the previous line this stack starts with. */
static size_t shared_frames(const struct folded_reader *r, const char *s, size_t n)
{
	size_t l = 0, m = MIN(n, r->prev.n);
	const char *q = (const char *)r->prev.p;
	while (l < m && s[l] == q[l])
		l++;
	size_t k = 0;
	for (; k < r->prev_frames.n; k++) {
		size_t end = r->prev_frames.v[k].end;
		if (end > l || (end == l && end < n && s[end] != ';'))
			break;
	}
	return k;
}

static uint32_t intern_frame(struct folded_reader *r, const char *s, size_t len)
{
	uint64_t h = hash_bytes(s, len);
	struct cached_frame *c = &r->cache[h & ((1 << CACHE_BITS) - 1)];
	enum frame_kind kind = frame_kind_from_suffix(s, &len);
	if (c->frame && c->hash == h) {
		const struct frame *f = &r->p->frames.v[c->frame - 1];
		const struct strtab *t = &r->p->strs;
		if (f->kind == kind && t->lens[f->name] == len && !memcmp(t->strs[f->name], s, len))
			return c->frame - 1;
	}
	uint32_t id = profile_frame(r->p, s, len, kind, NULL, NULL, 0);
	*c = (struct cached_frame){ h, id + 1 };
	return id;
}

static uint32_t child(struct folded_reader *r, uint32_t parent, uint32_t frame)
{
	uint64_t key = (uint64_t)parent << 32 | frame;
	struct cached_child *c = &r->children[hash_u64(key) & ((1 << CHILD_BITS) - 1)];
	if (c->node && c->key == key)
		return c->node;
	*c = (struct cached_child){ key, profile_child(r->p, parent, frame) };
	return c->node;
}

static uint32_t add_frames(struct folded_reader *r, const char *s, size_t n)
{
	size_t k = shared_frames(r, s, n);
	uint32_t node = k ? r->prev_frames.v[k - 1].node : 0;
	size_t pos = k ? r->prev_frames.v[k - 1].end + 1 : 0;

	r->prev_frames.n = k;
	while (pos < n) {
		const char *semi = memchr(s + pos, ';', n - pos);
		size_t end = semi ? (size_t)(semi - s) : n, len = end - pos;
		if (len) {
			uint32_t f = intern_frame(r, s + pos, len);
			node = child(r, node, f);
			array_push(&r->prev_frames, ((struct prev_frame){ end, node }));
		}
		pos = end + 1;
	}
	r->prev.n = 0;
	buf_put(&r->prev, s, n);
	return node;
}

static void bad_line(struct folded_reader *r)
{
	r->st.bad++;
	if (r->st.nbad_line < FOLDED_BAD_LINES)
		r->st.bad_line[r->st.nbad_line++] = r->st.lines;
}

static void parse_line(struct folded_reader *r, const char *s, size_t n)
{
	double a = 0, b = 0;

	r->st.lines++;
	while (n && is_space(s[n - 1]))
		n--;
	if (!n)
		return;
	if (!pop_count(s, &n, &b)) {
		bad_line(r);
		return;
	}
	size_t n1 = n;
	bool two = r->mode != FOLDED_SINGLE && pop_count(s, &n1, &a);
	if (r->mode == FOLDED_AUTO) {
		r->mode = two ? FOLDED_DIFF : FOLDED_SINGLE;
		if (two)
			r->p->ncols = 2;
	}
	if (r->mode == FOLDED_DIFF && !two) {
		bad_line(r);
		return;
	}
	if (r->mode == FOLDED_DIFF)
		n = n1;
	else
		a = b;
	uint32_t node = add_frames(r, s, n);
	if (!node) {
		bad_line(r);	/* nothing but semicolons */
		return;
	}
	r->st.stacks++;
	profile_add(r->p, node, 0, a);
	if (r->mode == FOLDED_DIFF)
		profile_add(r->p, node, 1, b);
	if (r->times)
		array_push(&r->p->samples, ((struct psample){
			.time = r->st.stacks, .node = node, .weight = a }));
}

void folded_reader_feed(struct folded_reader *r, const char *data, size_t n)
{
	const char *end = data + n;

	if (r->carry.n) {
		const char *nl = memchr(data, '\n', n);
		if (!nl) {
			buf_put(&r->carry, data, n);
			return;
		}
		buf_put(&r->carry, data, nl - data);
		parse_line(r, (const char *)r->carry.p, r->carry.n);
		r->carry.n = 0;
		data = nl + 1;
	}
	for (;;) {
		const char *nl = memchr(data, '\n', end - data);
		if (!nl)
			break;
		parse_line(r, data, nl - data);
		data = nl + 1;
	}
	if (data < end)
		buf_put(&r->carry, data, end - data);
}

void folded_reader_finish(struct folded_reader *r)
{
	if (r->carry.n)
		parse_line(r, (const char *)r->carry.p, r->carry.n);
	r->carry.n = 0;
}

int folded_reader_read_fd(struct folded_reader *r, int fd, const char *name)
{
	char *block = xmalloc(BLOCK);
	int ret = 0;

	for (;;) {
		ssize_t got = read(fd, block, BLOCK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			ret = err_errno(errno, "cannot read '%s'", name);
			break;
		}
		if (!got)
			break;
		folded_reader_feed(r, block, got);
	}
	free(block);
	folded_reader_finish(r);
	return ret;
}

void folded_parse(struct profile *p, const char *text, size_t n, struct folded_stats *st)
{
	struct folded_reader *r = folded_reader_new(p, FOLDED_AUTO, false);
	folded_reader_feed(r, text, n);
	folded_reader_finish(r);
	if (st)
		*st = r->st;
	folded_reader_free(r);
}
