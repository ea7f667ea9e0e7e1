#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "report/fold.h"

static void put_count(FILE *f, double v)
{
	if (v == floor(v) && fabs(v) < 1e18)
		fprintf(f, " %lld", (long long)v);
	else
		fprintf(f, " %.6g", v);
}

static void put_frame(struct buf *line, const struct profile *p, uint32_t frame)
{
	const struct frame *fr = &p->frames.v[frame];
	const char *name = strtab_get(&p->strs, fr->name);
	size_t start = line->n;
	buf_put(line, name, strlen(name));
	for (size_t i = start; i < line->n; i++)
		if (line->p[i] == ';')
			line->p[i] = ':';
	const char *suffix = frame_kind_suffix(fr->kind);
	buf_put(line, suffix, strlen(suffix));
}

static void walk(const struct profile *p, uint32_t node, struct buf *line, FILE *f)
{
	const struct pnode *n = &p->nodes.v[node];
	size_t mark = line->n;
	if (node) {
		if (n->depth > 1)
			buf_put_u8(line, ';');
		put_frame(line, p, n->frame);
		if (n->self[0] != 0 || (p->ncols > 1 && n->self[1] != 0)) {
			fwrite(line->p, 1, line->n, f);
			for (unsigned c = 0; c < p->ncols; c++)
				put_count(f, n->self[c]);
			fputc('\n', f);
		}
	}
	uint32_t *kids;
	size_t nk = profile_children(p, node, ORDER_NAME, &kids);
	for (size_t i = 0; i < nk; i++)
		walk(p, kids[i], line, f);
	free(kids);
	line->n = mark;
}

int profile_write_folded(const struct profile *p, FILE *f)
{
	struct buf line = { 0 };
	walk(p, 0, &line, f);
	buf_release(&line);
	if (fflush(f) != 0 || ferror(f))
		return err_errno(errno ? errno : EIO, "cannot write the folded stacks");
	return 0;
}
