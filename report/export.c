/* `cprof export --format folded`: several traces as one set of folded stacks. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "report/export.h"
#include "report/folded_out.h"

/* Adds every stack of q to p (frames matched by name, kind and place). */
static void profile_merge(struct profile *p, const struct profile *q)
{
	uint32_t *map = xmalloc((q->frames.n + 1) * sizeof(*map));
	uint32_t *node = xmalloc((q->nodes.n + 1) * sizeof(*node));
	for (size_t i = 0; i < q->frames.n; i++) {
		const struct frame *f = &q->frames.v[i];
		const char *name = strtab_get(&q->strs, f->name);
		map[i] = profile_frame(p, name, strlen(name), f->kind,
				       f->module == PROFILE_NONE ? NULL : strtab_get(&q->strs, f->module),
				       f->file == PROFILE_NONE ? NULL : strtab_get(&q->strs, f->file),
				       f->line);
	}
	/* Parents come before their children in node order. */
	node[0] = 0;
	for (size_t i = 1; i < q->nodes.n; i++) {
		const struct pnode *pn = &q->nodes.v[i];
		node[i] = profile_child(p, node[pn->parent], map[pn->frame]);
		if (pn->count[0].n || pn->count[0].frac > 0)
			profile_add_count(p, node[i], 0, pn->count[0]);
	}
	free(node);
	free(map);
}

int export_folded(struct trace **t, size_t n, const struct trace_profile_opts *o, FILE *f)
{
	struct profile *all = NULL;
	for (size_t i = 0; i < n; i++) {
		struct profile *p = trace_profile(t[i], o);
		if (!p) {
			profile_free(all);
			return -EINVAL;
		}
		if (!all) {
			all = p;
			continue;
		}
		profile_merge(all, p);
		profile_free(p);
	}
	int ret = profile_write_folded(all, f);
	profile_free(all);
	return ret;
}
