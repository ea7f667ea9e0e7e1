#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"
#include "lib/buf.h"
#include "lib/util.h"
#include "report/folded_out.h"

/* Exact, and in a form every folded reader takes: no exponent, ever. */
static void put_count(struct buf *line, struct pcount c)
{
	char num[PCOUNT_BUF + 1] = " ";
	size_t n = pcount_format(num + 1, sizeof(num) - 1, c);
	buf_put(line, num, n + 1);
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
	/* bytes that would end the frame or the line, or that readers reject */
	for (char *s = (char *)line->p + start; s < (char *)line->p + line->n; s++) {
		if (*s == ';')
			*s = ':';
		else if (*s == '\n' || *s == '\r' || *s == '\0')
			*s = '?';
	}
	const char *suffix = frame_kind_suffix(fr->kind);
	buf_put(line, suffix, strlen(suffix));
}

static bool has_count(const struct pnode *n, unsigned ncols)
{
	for (unsigned c = 0; c < ncols; c++)
		if (n->count[c].n || n->count[c].frac > 0)
			return true;
	return false;
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
			if (has_count(n, p->ncols)) {
				size_t path = line.n;
				for (unsigned c = 0; c < p->ncols; c++)
					put_count(&line, n->count[c]);
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
