#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "report/fold.h"

static void put_count(struct buf *line, double v)
{
	char num[32];
	int n;
	if (v == floor(v) && fabs(v) < 1e18) {
		/* Whole counts are nearly every line: no printf for them. */
		unsigned long long u = fabs(v);
		char *end = num + sizeof(num), *s = end;
		do
			*--s = '0' + u % 10;
		while (u /= 10);
		if (v < 0)
			*--s = '-';
		*--s = ' ';
		buf_put(line, s, end - s);
		return;
	}
	n = snprintf(num, sizeof(num), " %.6g", v);
	buf_put(line, num, n);
}

static void put_frame(struct buf *line, const struct profile *p, uint32_t frame)
{
	const struct frame *fr = &p->frames.v[frame];
	const char *name = strtab_get(&p->strs, fr->name);
	size_t len = p->strs.lens[fr->name];
	/* An empty frame would leave nothing between two ';' (or start the
	 * line with one), which no reader of folded stacks takes back. */
	if (!len) {
		name = "[unknown]";
		len = strlen(name);
	}
	size_t start = line->n;
	buf_put(line, name, len);
	for (char *s = memchr(line->p + start, ';', len); s;
	     s = memchr(s, ';', (char *)line->p + line->n - s))
		*s = ':';
	const char *suffix = frame_kind_suffix(fr->kind);
	buf_put(line, suffix, strlen(suffix));
}

/* A node to visit, and the length of the line of its parent's path. */
struct visit {
	uint32_t node;
	size_t prefix;
};

/* Depth first without recursion (stacks can be thousands of frames deep),
 * children in name order, so equal inputs give equal outputs. */
int profile_write_folded(const struct profile *p, FILE *f)
{
	struct buf line = { 0 };
	ARRAY(struct visit) todo = { 0 };
	ARRAY(uint32_t) kids = { 0 };

	array_push(&todo, ((struct visit){ 0, 0 }));
	while (todo.n) {
		struct visit v = todo.v[--todo.n];
		const struct pnode *n = &p->nodes.v[v.node];
		line.n = v.prefix;
		if (v.node) {
			if (n->depth > 1)
				buf_put_u8(&line, ';');
			put_frame(&line, p, n->frame);
			if (n->self[0] != 0 || (p->ncols > 1 && n->self[1] != 0)) {
				size_t path = line.n;
				for (unsigned c = 0; c < p->ncols; c++)
					put_count(&line, n->self[c]);
				buf_put_u8(&line, '\n');
				fwrite(line.p, 1, line.n, f);
				line.n = path;
			}
		}
		kids.n = 0;
		for (uint32_t c = n->first_child; c; c = p->nodes.v[c].next_sibling)
			array_push(&kids, c);
		profile_sort(p, kids.v, kids.n, ORDER_NAME);
		for (size_t i = kids.n; i-- > 0;)
			array_push(&todo, ((struct visit){ kids.v[i], line.n }));
	}
	buf_release(&line);
	array_free(&todo);
	array_free(&kids);
	if (fflush(f) != 0 || ferror(f))
		return err_errno(errno ? errno : EIO, "cannot write the folded stacks");
	return 0;
}
