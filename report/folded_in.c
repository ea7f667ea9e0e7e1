#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/util.h"
#include "report/folded_in.h"

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
	struct lines lines;		/* the input cut into lines */
	struct buf prev;		/* the previous stack's bytes */
	ARRAY(struct prev_frame) prev_frames;
	struct cached_frame cache[1 << CACHE_BITS];
	struct cached_child *children;	/* (parent, frame) -> node */
};

static void on_line(void *ctx, const char *s, size_t n);

struct folded_reader *folded_reader_new(struct profile *p, enum folded_mode mode, bool times)
{
	struct folded_reader *r = xcalloc(1, sizeof(*r));
	r->p = p;
	r->mode = mode;
	r->times = times;
	r->children = xcalloc(1 << CHILD_BITS, sizeof(*r->children));
	r->lines = (struct lines){ .max = FOLDED_MAX_LINE, .line = on_line, .ctx = r };
	return r;
}

void folded_reader_free(struct folded_reader *r)
{
	if (!r)
		return;
	lines_release(&r->lines);
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
 * Splits "text COUNT" at its last blank: *n shrinks to the text before it.
 * 0, or -EINVAL (no count), -ERANGE (a count past 64 bits).
 */
static int pop_count(const char *s, size_t *n, struct pcount *count)
{
	size_t end = *n, start = end;
	while (start > 0 && !is_space(s[start - 1]))
		start--;
	if (start == 0)
		return -EINVAL;
	int ret = pcount_parse(s + start, end - start, count);
	if (ret < 0)
		return ret;
	while (start > 0 && is_space(s[start - 1]))
		start--;
	*n = start;
	return 0;
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

static void bad_line(struct folded_reader *r, const char *why)
{
	r->st.bad++;
	if (r->st.nbad_line < FOLDED_BAD_LINES) {
		r->st.bad_why[r->st.nbad_line] = why;
		r->st.bad_line[r->st.nbad_line++] = r->st.lines;
	}
}

static const char *count_error(int err)
{
	return err == -ERANGE ? "a count past 2^64 - 1" : "no count at the end";
}

/* Bytes that would silently change what the line says. */
static const char *bad_bytes(const char *s, size_t n)
{
	if (memchr(s, '\0', n))
		return "a NUL byte";
	/* trailing ones are CRLF line ends, already trimmed */
	if (memchr(s, '\r', n))
		return "a carriage return inside (CR-only line ends?)";
	return NULL;
}

/* Whether both columns' totals can take a and b without passing 2^64 - 1. */
static bool totals_fit(const struct profile *p, struct pcount a, struct pcount b, bool two)
{
	struct pcount t0 = p->count[0], t1 = p->count[1];
	return pcount_add(&t0, a) && (!two || pcount_add(&t1, b));
}

/* Adds the stack of line s; NULL, or why the line is bad. */
static const char *parse_stack(struct folded_reader *r, const char *s, size_t n)
{
	struct pcount a = { 0 }, b = { 0 };
	const char *why = bad_bytes(s, n);
	if (why)
		return why;
	int err = pop_count(s, &n, &b);
	if (err < 0)
		return count_error(err);
	size_t n1 = n;
	int err1 = r->mode != FOLDED_SINGLE ? pop_count(s, &n1, &a) : -EINVAL;
	if (err1 == -ERANGE)
		return count_error(err1);
	bool two = !err1;
	if (r->mode == FOLDED_AUTO) {
		r->mode = two ? FOLDED_DIFF : FOLDED_SINGLE;
		if (two)
			r->p->ncols = 2;
	}
	if (r->mode == FOLDED_DIFF && !two)
		return "one count where two were expected";
	if (r->mode == FOLDED_DIFF)
		n = n1;
	else
		a = b;
	if (!totals_fit(r->p, a, b, r->mode == FOLDED_DIFF))
		return "the total would pass 2^64 - 1";
	uint32_t node = add_frames(r, s, n);
	if (!node)
		return "no frame";
	r->st.stacks++;
	profile_add_count(r->p, node, 0, a);
	if (r->mode == FOLDED_DIFF)
		profile_add_count(r->p, node, 1, b);
	if (r->times)
		array_push(&r->p->samples, ((struct psample){
			.time = r->st.stacks, .node = node, .weight = pcount_value(a) }));
	return NULL;
}

static void parse_line(struct folded_reader *r, const char *s, size_t n)
{
	r->st.lines++;
	while (n && is_space(s[n - 1]))
		n--;
	const char *why = n ? parse_stack(r, s, n) : NULL;
	if (why)
		bad_line(r, why);
}

static void on_line(void *ctx, const char *s, size_t n)
{
	struct folded_reader *r = ctx;
	if (s) {
		parse_line(r, s, n);
	} else {
		r->st.lines++;
		bad_line(r, "longer than the limit of 64 MiB");
	}
}

void folded_reader_feed(struct folded_reader *r, const char *data, size_t n)
{
	lines_feed(&r->lines, data, n);
}

void folded_reader_finish(struct folded_reader *r)
{
	lines_finish(&r->lines);
}

int folded_reader_read_fd(struct folded_reader *r, int fd, const char *name)
{
	return lines_read_fd(&r->lines, fd, name);
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
