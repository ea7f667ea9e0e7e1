#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/buf.h"
#include "lib/strtab.h"
#include "lib/util.h"
#include "sym/binfile.h"
#include "sym/jitmap.h"

struct jitsym {
	uint64_t start, end;
	uint32_t name;
	uint32_t order;		/* line number: later lines replace earlier ones */
};

struct jitmap {
	struct strtab strs;
	ARRAY(struct jitsym) syms;
	uint64_t max_size;	/* bounds the backward scan of a lookup */
};

/* How far back a lookup looks for an older, longer region covering addr. */
#define JIT_SCAN_LIMIT 64

static int jitsym_cmp(const void *a, const void *b)
{
	const struct jitsym *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static bool parse_hex(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	const char *digits = s;
	for (; s < end; s++) {
		int d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (*s | 0x20) - 'a' + 10;
		else
			break;
		if (v >> 60)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	if (s == digits || s == end || *s != ' ')
		return false;
	*out = v;
	*p = s + 1;
	return true;
}

static void parse_line(struct jitmap *j, const char *p, const char *end, uint32_t order)
{
	uint64_t start, size;

	if (end > p && end[-1] == '\r')
		end--;
	if (!parse_hex(&p, end, &start) || !parse_hex(&p, end, &size))
		return;
	if (p >= end || size == 0 || start + size < start)
		return;
	struct jitsym *s = array_add(&j->syms);
	s->start = start;
	s->end = start + size;
	s->name = strtab_intern(&j->strs, p, end - p);
	s->order = order;
	j->max_size = MAX(j->max_size, size);
}

struct jitmap *jitmap_parse(const char *text, size_t len)
{
	struct jitmap *j = xcalloc(1, sizeof(*j));
	const char *p = text, *end = text + len;
	uint32_t order = 0;

	strtab_init(&j->strs);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;
		parse_line(j, p, eol, order++);
		p = eol + 1;
	}
	if (j->syms.n > 1)
		qsort(j->syms.v, j->syms.n, sizeof(*j->syms.v), jitsym_cmp);
	return j;
}

struct jitmap *jitmap_load_fd(int fd, const char *path)
{
	struct buf b = {0};
	ssize_t n;

	for (;;) {
		buf_reserve(&b, 65536);
		n = read(fd, b.p + b.n, b.cap - b.n);
		if (n <= 0)
			break;
		b.n += n;
	}
	int saved = errno;
	close(fd);
	if (n < 0) {
		buf_release(&b);
		err_errno(saved, "cannot read '%s'", path);
		return NULL;
	}
	struct jitmap *j = jitmap_parse((const char *)b.p, b.n);
	buf_release(&b);
	return j;
}

struct jitmap *jitmap_load(const char *path)
{
	/* Not a FIFO or a device, which could block forever; not through a
	 * symlink, which someone else may have planted in /tmp. */
	int fd = binfile_open_fd(-1, path, BINFILE_NOFOLLOW, NULL);
	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	return jitmap_load_fd(fd, path);
}

void jitmap_free(struct jitmap *j)
{
	if (!j)
		return;
	strtab_release(&j->strs);
	array_free(&j->syms);
	free(j);
}

size_t jitmap_count(const struct jitmap *j)
{
	return j->syms.n;
}

const char *jitmap_lookup(const struct jitmap *j, uint64_t addr, uint64_t *start)
{
	size_t lo = 0, hi = j->syms.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (j->syms.v[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Regions starting at or before addr, nearest first; an older, longer
	 * region may still cover addr, a newer one wins. */
	const struct jitsym *best = NULL;
	for (size_t i = lo, seen = 0; i > 0 && seen < JIT_SCAN_LIMIT; i--, seen++) {
		const struct jitsym *s = &j->syms.v[i - 1];
		if (addr - s->start >= j->max_size)
			break;
		if (addr < s->end && (!best || s->order > best->order))
			best = s;
	}
	if (!best)
		return NULL;
	if (start)
		*start = best->start;
	return strtab_get(&j->strs, best->name);
}
