#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/buf.h"
#include "lib/lines.h"
#include "lib/hashmap.h"
#include "lib/util.h"
#include "report/folded_in.h"
#include "report/perfscript.h"

#define MAX_LINE (64 << 20)	/* bytes; a longer line is a bad line, not a buffer without end */

/*
 * The script's regular expressions run on bytes with Perl's ASCII rules:
 * \s is space, \t, \n, \v, \f, \r; \d is 0-9; \w is [A-Za-z0-9_].
 */
static bool is_ws(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_word(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_lower_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

/* A piece of a line. */
struct span {
	const char *p;
	size_t n;
};

/* One frame line's names ("a;b_[i]" for an inline chain), in frames. */
struct group {
	size_t off, n;
};

/* A collapsed stack: its text in the reader's arena, its count. */
struct entry {
	size_t off, len;
	uint64_t count;
	uint32_t next;		/* + 1, the next entry of the same hash; 0 ends */
};

struct perfscript_reader {
	struct perfscript_opts o;
	struct perfscript_stats st;
	struct lines lines;		/* the input cut into lines */
	/* the sample being read */
	bool have_sample;		/* the script's $pname is defined */
	struct buf pname;
	struct buf frames;		/* the frame groups' text, one after another */
	ARRAY(struct group) groups;
	uint64_t period;
	char *event;			/* the event kept; NULL until one is seen */
	/* the collapsed stacks */
	struct buf arena;
	ARRAY(struct entry) entries;
	struct hashmap index;		/* hash -> first entry + 1 */
	struct buf key, func;		/* scratch */
};

static void on_line(void *ctx, const char *s, size_t n);

struct perfscript_reader *perfscript_reader_new(const struct perfscript_opts *o)
{
	struct perfscript_reader *r = xcalloc(1, sizeof(*r));
	r->o = *o;
	if (o->event && *o->event)
		r->event = xstrdup(o->event);
	hashmap_init(&r->index);
	r->lines = (struct lines){ .max = MAX_LINE, .line = on_line, .ctx = r };
	return r;
}

void perfscript_reader_free(struct perfscript_reader *r)
{
	if (!r)
		return;
	lines_release(&r->lines);
	buf_release(&r->pname);
	buf_release(&r->frames);
	array_free(&r->groups);
	free(r->event);
	buf_release(&r->arena);
	array_free(&r->entries);
	hashmap_release(&r->index);
	buf_release(&r->key);
	buf_release(&r->func);
	free(r);
}

const struct perfscript_stats *perfscript_reader_stats(const struct perfscript_reader *r)
{
	return &r->st;
}

const char *perfscript_reader_event(const struct perfscript_reader *r)
{
	return r->event;
}

/* ---- the collapsed stacks ---- */

static void remember(struct perfscript_reader *r, const uint8_t *s, size_t n, uint64_t count)
{
	bool found;
	uint64_t *head = hashmap_slot(&r->index, hash_bytes(s, n), &found);
	if (!found)
		*head = 0;
	for (uint32_t i = *head; i; i = r->entries.v[i - 1].next) {
		struct entry *e = &r->entries.v[i - 1];
		if (e->len == n && !memcmp(r->arena.p + e->off, s, n)) {
			/* Perl would go on in floating point; saturate instead */
			e->count = e->count + count < e->count ? UINT64_MAX : e->count + count;
			return;
		}
	}
	struct entry e = { r->arena.n, n, count, (uint32_t)*head };
	buf_put(&r->arena, s, n);
	array_push(&r->entries, e);
	*head = r->entries.n;
}

/* The end of a sample: root (process name) first, then the groups, outermost first. */
static void end_sample(struct perfscript_reader *r)
{
	if (!r->have_sample)
		return;
	r->key.n = 0;
	buf_put(&r->key, r->pname.p, r->pname.n);
	for (size_t i = r->groups.n; i-- > 0;) {
		buf_put_u8(&r->key, ';');
		buf_put(&r->key, r->frames.p + r->groups.v[i].off, r->groups.v[i].n);
	}
	remember(r, r->key.p, r->key.n, r->period);
	r->st.samples++;
	r->have_sample = false;
	r->groups.n = 0;
	r->frames.n = 0;
}

/* ---- event lines ---- */

/*
 * The script's event line, /^(\S.+?)\s+(\d+)SLASHES(\d+)*\s+/ with SLASHES
 * standing for any number of '/': the shortest name of two
 * characters or more followed by blanks, a number, optionally slashes and
 * a second number, and a blank.
 */
static bool match_event_head(const char *s, size_t n, struct span *comm, struct span *pid,
			     struct span *tid)
{
	if (!n || is_ws(s[0]))
		return false;
	for (size_t i = 2; i < n; i++) {
		if (!is_ws(s[i]))
			continue;
		size_t j = i;
		while (j < n && is_ws(s[j]))
			j++;
		size_t d = j;
		while (j < n && is_digit(s[j]))
			j++;
		if (j == d)
			continue;
		size_t dend = j;
		while (j < n && s[j] == '/')
			j++;
		size_t t = j;
		while (j < n && is_digit(s[j]))
			j++;
		if (j < n && is_ws(s[j])) {
			*comm = (struct span){ s, i };
			*pid = (struct span){ s + d, dend - d };
			*tid = (struct span){ s + t, j - t };
			return true;
		}
	}
	return false;
}

/*
 * The script's /:\s*(\d+)*\s+(\S+):\s*$/: the line ends with "EVENT:",
 * before it blanks, and before those ':' or ": PERIOD".
 */
static bool match_event_tail(const char *s, size_t n, struct span *period, struct span *event)
{
	size_t t = n;
	while (t > 0 && is_ws(s[t - 1]))
		t--;
	size_t q = t;
	while (q > 0 && !is_ws(s[q - 1]))
		q--;
	if (t - q < 2 || s[t - 1] != ':')
		return false;
	size_t w2 = q;
	while (w2 > 0 && is_ws(s[w2 - 1]))
		w2--;
	if (w2 == q || w2 == 0)
		return false;
	*event = (struct span){ s + q, t - 1 - q };
	if (s[w2 - 1] == ':') {
		*period = (struct span){ s, 0 };
		return true;
	}
	size_t d = w2;
	while (d > 0 && is_digit(s[d - 1]))
		d--;
	if (d == w2)
		return false;
	size_t w1 = d;
	while (w1 > 0 && is_ws(s[w1 - 1]))
		w1--;
	if (w1 == 0 || s[w1 - 1] != ':')
		return false;
	*period = (struct span){ s + d, w2 - d };
	return true;
}

/* Perl's truth of a string: neither "" nor "0". */
static bool perl_true(struct span v)
{
	return v.n && !(v.n == 1 && v.p[0] == '0');
}

static uint64_t number(struct span v)
{
	uint64_t x = 0;
	for (size_t i = 0; i < v.n; i++)
		x = x > (UINT64_MAX - 9) / 10 ? UINT64_MAX : x * 10 + (uint64_t)(v.p[i] - '0');
	return x;
}

static bool span_in_list(const char *list, struct span v)
{
	char *s = xstrndup(v.p, v.n);
	bool in = list_has(list, s);
	free(s);
	return in;
}

/* Whether a sample of this event (and pid, tid) is kept. */
static bool keep_event(struct perfscript_reader *r, struct span event)
{
	if (!r->event) {
		r->event = xstrndup(event.p, event.n);
		return true;
	}
	if (strlen(r->event) == event.n && !memcmp(r->event, event.p, event.n))
		return true;
	r->st.other_events = true;
	return false;
}

static void event_line(struct perfscript_reader *r, const char *s, size_t n, struct span comm,
		       struct span pid, struct span tid)
{
	static const char unknown_pid[] = "?";
	struct span period = { s, 0 }, event;
	if (!perl_true(tid)) {
		tid = pid;
		pid = (struct span){ unknown_pid, 1 };
	}
	if (match_event_tail(s, n, &period, &event) && !keep_event(r, event)) {
		r->st.skipped++;
		return;
	}
	if ((r->o.pids && !span_in_list(r->o.pids, pid)) ||
	    (r->o.tids && !span_in_list(r->o.tids, tid))) {
		r->st.skipped++;
		return;
	}
	r->period = perl_true(period) ? number(period) : 1;
	struct buf *b = &r->pname;
	b->n = 0;
	buf_put(b, comm.p, comm.n);
	if (r->o.tid || r->o.pid) {
		buf_put_u8(b, '-');
		buf_put(b, pid.p, pid.n);
	}
	if (r->o.tid) {
		buf_put_u8(b, '/');
		buf_put(b, tid.p, tid.n);
	}
	for (size_t i = 0; i < b->n; i++)
		if (b->p[i] == ' ')
			b->p[i] = '_';
	r->have_sample = true;
}

/* ---- frame lines ---- */

static bool span_has(struct span s, const char *needle)
{
	return memmem(s.p, s.n, needle, strlen(needle)) != NULL;
}

static bool span_starts(struct span s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s.n >= n && !memcmp(s.p, prefix, n);
}

static bool span_ends(struct span s, const char *suffix)
{
	size_t n = strlen(suffix);
	return s.n >= n && !memcmp(s.p + s.n - n, suffix, n);
}

/*
 * The script's /^\s*(\w+)\s*(.+) \((.*)\)/ with Perl's backtracking: the
 * module is between the last " (" that a ')' follows and the last ')';
 * the function is what lies between the address and that " (", at least
 * one character, taken from the blanks or the address when need be.
 */
static bool match_frame(const char *s, size_t n, struct span *pc, struct span *func,
			struct span *mod)
{
	size_t a = 0;
	while (a < n && is_ws(s[a]))
		a++;
	size_t w = a;
	while (w < n && is_word(s[w]))
		w++;
	if (w == a)
		return false;
	size_t b = w;
	while (b < n && is_ws(s[b]))
		b++;
	const char *close = memrchr(s, ')', n);
	if (!close)
		return false;
	size_t l = close - s, e = l;
	while (e >= 2 && !(s[e - 2] == ' ' && s[e - 1] == '('))
		e--;
	if (e < 2)
		return false;
	e -= 2;
	if (e >= b + 1) {
		*pc = (struct span){ s + a, w - a };
		*func = (struct span){ s + b, e - b };
	} else if (e + 1 == b && b - w >= 2) {
		*pc = (struct span){ s + a, w - a };
		*func = (struct span){ s + e - 1, 1 };
	} else if (e == w && w - a >= 2) {
		*pc = (struct span){ s + a, w - 1 - a };
		*func = (struct span){ s + w - 1, 1 };
	} else {
		return false;
	}
	*mod = (struct span){ s + e + 2, l - e - 2 };
	return true;
}

/* $func =~ m/\.\(.*\)\./: a Go method such as "net/http.(*Client).Do". */
static bool looks_go(const char *s, size_t n)
{
	const char *open = memmem(s, n, ".(", 2);
	if (!open)
		return false;
	size_t from = open - s + 2;
	return memmem(s + from, n - from, ").", 2) != NULL;
}

/* The tidying of one name, in func (a copy: it shrinks). */
static void tidy(struct perfscript_reader *r, struct buf *f)
{
	char *s = (char *)f->p;
	if (!f->n)
		return;
	for (size_t i = 0; i < f->n; i++)
		if (s[i] == ';')
			s[i] = ':';
	if (!looks_go(s, f->n)) {
		static const char anon[] = "anonymous namespace)";
		for (size_t i = 0; i < f->n; i++) {
			if (s[i] != '(')
				continue;
			size_t left = f->n - i - 1;
			if (left >= sizeof(anon) - 1 && !memcmp(s + i + 1, anon, sizeof(anon) - 1))
				continue;
			f->n = i;
			break;
		}
	}
	size_t o = 0;
	for (size_t i = 0; i < f->n; i++)
		if (s[i] != '"' && s[i] != '\'')
			s[o++] = s[i];
	f->n = o;
	/* Java: "Lorg/mozilla/Foo;.call" -> "org/mozilla/Foo:.call" */
	if (r->pname.n >= 4 && !memcmp(r->pname.p, "java", 4) && memchr(s, '/', f->n) &&
	    f->n && s[0] == 'L') {
		memmove(s, s + 1, f->n - 1);
		f->n--;
	}
}

/* m:/tmp/perf-\d+\.map: */
static bool is_jit_map(struct span mod)
{
	static const char pre[] = "/tmp/perf-";
	const char *p = mod.p, *end = mod.p + mod.n;
	while ((p = memmem(p, end - p, pre, sizeof(pre) - 1))) {
		const char *d = p + sizeof(pre) - 1, *q = d;
		while (q < end && is_digit(*q))
			q++;
		if (q > d && end - q >= 4 && !memcmp(q, ".map", 4))
			return true;
		p++;
	}
	return false;
}

static void put_suffix(struct buf *f, const char *suffix, bool unless_present)
{
	if (unless_present && f->n && memmem(f->p, f->n, suffix, strlen(suffix)))
		return;
	buf_put(f, suffix, strlen(suffix));
}

/* One name of an inline chain, index i of it, appended to the current group. */
static void add_func(struct perfscript_reader *r, struct span name, size_t i, struct span pc,
		     struct span mod)
{
	struct buf *f = &r->func;
	f->n = 0;
	if (name.n == 9 && !memcmp(name.p, "[unknown]", 9)) {
		buf_put_u8(f, '[');
		if (!(mod.n == 9 && !memcmp(mod.p, "[unknown]", 9))) {
			const char *slash = memrchr(mod.p, '/', mod.n);
			size_t from = slash ? (size_t)(slash - mod.p) + 1 : 0;
			buf_put(f, mod.p + from, mod.n - from);
		} else {
			buf_put(f, "unknown", 7);
		}
		if (r->o.addrs) {
			buf_put(f, " <", 2);
			buf_put(f, pc.p, pc.n);
			buf_put_u8(f, '>');
		}
		buf_put_u8(f, ']');
	} else {
		buf_put(f, name.p, name.n);
	}
	tidy(r, f);
	if (i > 0)
		put_suffix(f, "_[i]", true);
	else if (r->o.kernel && (span_starts(mod, "[") || span_ends(mod, "vmlinux")) &&
		 !span_has(mod, "unknown"))
		put_suffix(f, "_[k]", false);
	else if (r->o.jit && is_jit_map(mod))
		put_suffix(f, "_[j]", true);
	if (i > 0)
		buf_put_u8(&r->frames, ';');
	buf_put(&r->frames, f->p, f->n);
}

static void frame_line(struct perfscript_reader *r, struct span pc, struct span func,
		       struct span mod)
{
	/* "func+0x1f" (perf 4.8 and later) */
	size_t h = func.n;
	while (h > 0 && is_lower_hex(func.p[h - 1]))
		h--;
	if (h < func.n && h >= 3 && !memcmp(func.p + h - 3, "+0x", 3))
		func.n = h - 3;
	if (func.n && func.p[0] == '(')
		return;		/* a process name in place of a symbol */
	/* split /->/, which drops the empty names at the end */
	size_t n = func.n;
	while (n >= 2 && func.p[n - 2] == '-' && func.p[n - 1] == '>')
		n -= 2;
	if (!n)
		return;
	size_t start = r->frames.n, pos = 0, i = 0;
	for (;;) {
		const char *arrow = memmem(func.p + pos, n - pos, "->", 2);
		size_t end = arrow ? (size_t)(arrow - func.p) : n;
		add_func(r, (struct span){ func.p + pos, end - pos }, i++, pc, mod);
		if (!arrow)
			break;
		pos = end + 2;
	}
	array_push(&r->groups, ((struct group){ start, r->frames.n - start }));
}

/* ---- lines ---- */

static void bad_line(struct perfscript_reader *r)
{
	r->st.bad++;
	if (r->st.nbad_line < PERFSCRIPT_BAD_LINES)
		r->st.bad_line[r->st.nbad_line++] = r->st.lines;
}

static void parse_line(struct perfscript_reader *r, const char *s, size_t n)
{
	struct span comm, pid, tid, pc, func, mod;
	r->st.lines++;
	if (n && s[0] == '#')
		return;
	if (!n) {
		end_sample(r);
	} else if (match_event_head(s, n, &comm, &pid, &tid)) {
		event_line(r, s, n, comm, pid, tid);
	} else if (match_frame(s, n, &pc, &func, &mod)) {
		if (r->have_sample)
			frame_line(r, pc, func, mod);
	} else {
		bad_line(r);
	}
}

static void on_line(void *ctx, const char *s, size_t n)
{
	struct perfscript_reader *r = ctx;
	if (s) {
		parse_line(r, s, n);
	} else {
		r->st.lines++;
		bad_line(r);
	}
}

void perfscript_reader_feed(struct perfscript_reader *r, const char *data, size_t n)
{
	lines_feed(&r->lines, data, n);
}

void perfscript_reader_finish(struct perfscript_reader *r)
{
	lines_finish(&r->lines);
}

int perfscript_reader_read_fd(struct perfscript_reader *r, int fd, const char *name)
{
	return lines_read_fd(&r->lines, fd, name);
}

/* ---- output ---- */

static int by_text(const void *a, const void *b, void *arg)
{
	const struct perfscript_reader *r = arg;
	const struct entry *x = &r->entries.v[*(const uint32_t *)a];
	const struct entry *y = &r->entries.v[*(const uint32_t *)b];
	int c = memcmp(r->arena.p + x->off, r->arena.p + y->off, MIN(x->len, y->len));
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Entry ids in Perl's `sort { $a cmp $b }` order: bytewise. */
static uint32_t *sorted(const struct perfscript_reader *r)
{
	uint32_t *ids = xmalloc((r->entries.n + 1) * sizeof(*ids));
	for (size_t i = 0; i < r->entries.n; i++)
		ids[i] = i;
	qsort_r(ids, r->entries.n, sizeof(*ids), by_text, (void *)r);
	return ids;
}

int perfscript_write_folded(const struct perfscript_reader *r, FILE *f)
{
	uint32_t *ids = sorted(r);
	for (size_t i = 0; i < r->entries.n; i++) {
		const struct entry *e = &r->entries.v[ids[i]];
		fwrite(r->arena.p + e->off, 1, e->len, f);
		fprintf(f, " %llu\n", (unsigned long long)e->count);
	}
	free(ids);
	if (fflush(f) != 0 || ferror(f))
		return err_errno(errno ? errno : EIO, "cannot write the folded stacks");
	return 0;
}

void perfscript_to_profile(const struct perfscript_reader *r, struct profile *p, bool times)
{
	uint32_t *ids = sorted(r);
	struct folded_reader *fr = folded_reader_new(p, FOLDED_SINGLE, times);
	struct buf line = { 0 };
	for (size_t i = 0; i < r->entries.n; i++) {
		const struct entry *e = &r->entries.v[ids[i]];
		char num[32];
		int k = snprintf(num, sizeof(num), " %llu\n", (unsigned long long)e->count);
		line.n = 0;
		buf_put(&line, r->arena.p + e->off, e->len);
		buf_put(&line, num, k);
		folded_reader_feed(fr, (const char *)line.p, line.n);
	}
	folded_reader_finish(fr);
	folded_reader_free(fr);
	buf_release(&line);
	free(ids);
}

/* ---- detection ---- */

static bool frame_like(const char *s, size_t n)
{
	size_t i = 0;
	if (!n || (s[0] != ' ' && s[0] != '\t'))
		return false;
	while (i < n && is_ws(s[i]))
		i++;
	size_t h = i;
	while (i < n && (is_lower_hex(s[i]) || (s[i] >= 'A' && s[i] <= 'F')))
		i++;
	return i > h && (i == n || s[i] == ' ');
}

bool perfscript_sniff(const char *head, size_t n)
{
	const char *s = head, *end = head + n;
	struct span comm, pid, tid, period, event, first = { NULL, 0 };
	bool header = n >= 10 && !memcmp(head, "# ========", 10);
	while (s < end) {
		const char *nl = memchr(s, '\n', end - s);
		size_t len = (nl ? nl : end) - s;
		if (!first.p && len && s[0] == '#') {
			/* perf script --header; folded files have no comment lines */
		} else if (!first.p) {
			if (!match_event_head(s, len, &comm, &pid, &tid))
				return false;
			first = (struct span){ s, len };
		} else {
			if (frame_like(s, len))
				return true;
			return !len && match_event_tail(first.p, first.n, &period, &event);
		}
		if (!nl)
			break;
		s = nl + 1;
	}
	return !first.p && header;
}
