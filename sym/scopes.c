/*
 * The scope trees of compile units (sym/scopes.h): one walk per unit
 * instead of libdw's two per address.
 */
#include "config.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <stdlib.h>

#include "lib/array.h"
#include "lib/hashmap.h"
#include "lib/util.h"
#include "sym/scopes.h"

/*
 * One unit's DIEs with code addresses, as a tree: the nodes that
 * dwarf_getscopes() could descend through, each with its children's
 * address ranges sorted by start.  Node 0 is the unit itself.
 */
#define NO_NODE UINT32_MAX

struct snode {
	Dwarf_Die die;
	uint32_t parent;
	uint32_t kids, nkids;	/* slice of scope_unit.kids */
	int tag;
	bool imported;		/* reached through DW_TAG_imported_unit */
};

struct kid {
	uint64_t low, high;
	uint64_t maxhigh;	/* the largest high up to here among siblings */
	uint32_t parent, node;
};

struct scope_unit {
	struct scopes *owner;
	bool slow;		/* unusual DWARF: ask libdw for every address */
	bool deep_walked, deep_failed;	/* see walk_die() */
	ARRAY(struct snode) nodes;
	ARRAY(struct kid) kids;
	struct hashmap paths;	/* for the caller, see scope_unit_paths() */
	struct hashmap subprograms;	/* DIE address -> 1, see walk_die() */
};

struct scopes {
	ARRAY(struct scope_unit *) units;
	struct hashmap unit_index;	/* unit DIE address -> units index */
	ARRAY(Dwarf_Die *) chain;	/* scope_unit_functions()'s answer */
};

/*
 * The walk follows libdw's rules, so that the answers are dwarf_getscopes()'s:
 * it descends only into DIEs that may hold scopes, takes imported units'
 * children in place, and at each level dwarf_getscopes() takes the first
 * child (in DIE order) whose ranges hold the address.
 */

static bool may_have_scopes(int tag)
{
	switch (tag) {
	case DW_TAG_compile_unit:
	case DW_TAG_module:
	case DW_TAG_lexical_block:
	case DW_TAG_with_stmt:
	case DW_TAG_catch_block:
	case DW_TAG_try_block:
	case DW_TAG_entry_point:
	case DW_TAG_inlined_subroutine:
	case DW_TAG_subprogram:
	case DW_TAG_namespace:
	case DW_TAG_class_type:
	case DW_TAG_structure_type:
		return true;
	default:
		return false;
	}
}

static bool is_function(int tag)
{
	return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

struct walk {
	struct scope_unit *u;
	bool deep;		/* every DIE libdw's walk reaches, no nodes */
	bool *failed;
	const void *imports[32];	/* imported_unit DIEs being walked */
	size_t nimports;
};

static void walk_children(struct walk *w, Dwarf_Die *parent, uint32_t pnode, bool imported);

/* A node for die under pnode when some range of it is not empty. */
static uint32_t add_node(struct walk *w, Dwarf_Die *die, int tag, uint32_t pnode, bool imported)
{
	Dwarf_Addr base, low, high;
	ptrdiff_t off = 0;
	uint32_t node = NO_NODE;

	while ((off = dwarf_ranges(die, off, &base, &low, &high)) > 0) {
		if (low >= high)
			continue;
		if (node == NO_NODE) {
			node = (uint32_t)w->u->nodes.n;
			array_push(&w->u->nodes, ((struct snode){ *die, pnode, 0, 0, tag, imported }));
		}
		array_push(&w->u->kids, ((struct kid){ low, high, 0, pnode, node }));
	}
	/* libdw's walk would fail on this DIE for some addresses. */
	if (off < 0)
		*w->failed = true;
	return node;
}

/* An imported unit's children count as the importer's own, in place. */
static void walk_import(struct walk *w, Dwarf_Die *imp, uint32_t pnode)
{
	Dwarf_Attribute a;
	Dwarf_Die unit;

	if (!dwarf_formref_die(dwarf_attr(imp, DW_AT_import, &a), &unit))
		return;
	/* libdw versions differ on these (GCC's -flto made some). */
	if (dwarf_tag(&unit) == DW_TAG_compile_unit)
		*w->failed = true;
	for (size_t i = 0; i < w->nimports; i++)
		if (w->imports[i] == imp->addr)
			*w->failed = true;	/* a cycle */
	if (*w->failed || w->nimports == ARRAY_SIZE(w->imports)) {
		*w->failed = true;
		return;
	}
	w->imports[w->nimports++] = imp->addr;
	walk_children(w, &unit, pnode, true);
	w->nimports--;
}

/*
 * DIEs with ranges below a node become nodes, and only they are walked
 * into: dwarf_getscopes() sees nothing else.  Subprograms are noted,
 * because it gives up when the abstract origin of an inlined instance is
 * not among the DIEs its walk reaches: the deep walk, done when an origin
 * is not found at the top of its unit, notes all of them.
 */
static void walk_die(struct walk *w, Dwarf_Die *die, uint32_t pnode, bool imported)
{
	int tag = dwarf_tag(die);
	uint32_t node = NO_NODE;

	if (tag == DW_TAG_imported_unit) {
		walk_import(w, die, pnode);
		return;
	}
	if (tag == DW_TAG_subprogram)
		hashmap_put(&w->u->subprograms, (uint64_t)(uintptr_t)die->addr, 1);
	if (pnode != NO_NODE)
		node = add_node(w, die, tag, pnode, imported);
	if ((w->deep || node != NO_NODE) && may_have_scopes(tag) && dwarf_haschildren(die) > 0)
		walk_children(w, die, node, imported);
}

static void walk_children(struct walk *w, Dwarf_Die *parent, uint32_t pnode, bool imported)
{
	Dwarf_Die child;
	int r = dwarf_child(parent, &child);

	while (r == 0 && !*w->failed) {
		walk_die(w, &child, pnode, imported);
		r = dwarf_siblingof(&child, &child);
	}
	if (r < 0)
		*w->failed = true;
}

static int kid_cmp(const void *a, const void *b)
{
	const struct kid *x = a, *y = b;
	if (x->low != y->low)
		return x->low < y->low ? -1 : 1;
	return (x->node > y->node) - (x->node < y->node);
}

/* Groups the children's ranges per parent (a counting sort: they come
 * mostly in order already), sorted by start. */
static void unit_index_kids(struct scope_unit *u)
{
	size_t nk = u->kids.n;
	uint32_t *next = xcalloc(u->nodes.n + 1, sizeof(*next));
	struct kid *sorted = xmalloc((nk + 1) * sizeof(*sorted));

	for (size_t i = 0; i < nk; i++)
		u->nodes.v[u->kids.v[i].parent].nkids++;
	for (size_t p = 0, at = 0; p < u->nodes.n; p++) {
		u->nodes.v[p].kids = (uint32_t)at;
		next[p] = (uint32_t)at;
		at += u->nodes.v[p].nkids;
	}
	for (size_t i = 0; i < nk; i++)
		sorted[next[u->kids.v[i].parent]++] = u->kids.v[i];
	free(u->kids.v);
	u->kids.v = sorted;
	u->kids.cap = nk + 1;
	for (size_t p = 0; p < u->nodes.n; p++) {
		struct kid *k = u->kids.v + u->nodes.v[p].kids;
		size_t n = u->nodes.v[p].nkids;
		for (size_t i = 1; i < n; i++)
			if (kid_cmp(&k[i - 1], &k[i]) > 0) {
				qsort(k, n, sizeof(*k), kid_cmp);
				break;
			}
		for (size_t i = 0; i < n; i++)
			k[i].maxhigh = i ? MAX(k[i - 1].maxhigh, k[i].high) : k[i].high;
	}
	free(next);
}

struct scopes *scopes_new(void)
{
	return xcalloc(1, sizeof(struct scopes));
}

void scopes_free(struct scopes *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->units.n; i++) {
		array_free(&s->units.v[i]->nodes);
		array_free(&s->units.v[i]->kids);
		hashmap_release(&s->units.v[i]->paths);
		hashmap_release(&s->units.v[i]->subprograms);
		free(s->units.v[i]);
	}
	array_free(&s->units);
	hashmap_release(&s->unit_index);
	array_free(&s->chain);
	free(s);
}

struct scope_unit *scopes_unit(struct scopes *s, Dwarf_Die *cu)
{
	uint64_t key = (uint64_t)(uintptr_t)cu->addr, idx;

	if (hashmap_get(&s->unit_index, key, &idx))
		return s->units.v[idx];
	struct scope_unit *u = xcalloc(1, sizeof(*u));
	struct walk w = { .u = u, .failed = &u->slow };
	u->owner = s;
	hashmap_init(&u->paths);
	hashmap_init(&u->subprograms);
	hashmap_put(&s->unit_index, key, s->units.n);
	array_push(&s->units, u);
	array_push(&u->nodes, ((struct snode){ *cu, NO_NODE, 0, 0, dwarf_tag(cu), false }));
	walk_children(&w, cu, 0, false);
	if (!u->slow)
		unit_index_kids(u);
	return u;
}

struct hashmap *scope_unit_paths(struct scope_unit *u)
{
	return &u->paths;
}

/* The deepest node holding pc, choosing as dwarf_getscopes() does; 0 when
 * no DIE of the unit holds it. */
static uint32_t innermost(const struct scope_unit *u, uint64_t pc)
{
	uint32_t node = 0;

	for (;;) {
		const struct snode *n = &u->nodes.v[node];
		size_t lo = n->kids, hi = (size_t)n->kids + n->nkids;
		uint32_t best = NO_NODE;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (u->kids.v[mid].low <= pc)
				lo = mid + 1;
			else
				hi = mid;
		}
		/* Sibling ranges seldom overlap; when they do, the first
		 * DIE wins, and nodes are numbered in DIE order. */
		for (size_t k = lo; k-- > n->kids && u->kids.v[k].maxhigh > pc;)
			if (u->kids.v[k].high > pc && u->kids.v[k].node < best)
				best = u->kids.v[k].node;
		if (best == NO_NODE)
			return node;
		node = best;
	}
}

/*
 * Where the abstract origin of inl, the deepest inlined instance of a path
 * of unit u, is: 1 in u (dwarf_getscopes() would answer), 2 in another
 * unit, 0 nowhere (no frames), -1 ask libdw.  libdw 0.188 looks for the
 * origin in a walk of the same unit only, and gives no frames for an
 * origin in another unit, which is what LTO writes (an inline across
 * files); the unit's own tree names it then, through the cross-unit
 * reference.  Only subprograms are noted; corrupt DWARF that would stop
 * libdw's walk early is not looked for.
 */
static int origin_found(struct scope_unit *u, Dwarf_Die *cu, Dwarf_Die *inl)
{
	Dwarf_Attribute a;
	Dwarf_Die origin;

	if (!dwarf_formref_die(dwarf_attr(inl, DW_AT_abstract_origin, &a), &origin))
		return 0;
	if (dwarf_tag(&origin) != DW_TAG_subprogram)
		return -1;
	uint64_t key = (uint64_t)(uintptr_t)origin.addr;
	if (!hashmap_get(&u->subprograms, key, NULL) && !u->deep_walked) {
		struct walk w = { .u = u, .deep = true, .failed = &u->deep_failed };
		u->deep_walked = true;
		walk_children(&w, cu, NO_NODE, false);
	}
	if (u->deep_failed)
		return -1;
	return hashmap_get(&u->subprograms, key, NULL) ? 1 : 2;
}

int scope_unit_functions(struct scope_unit *u, Dwarf_Die *cu, uint64_t pc, Dwarf_Die ***out)
{
	struct scopes *s = u->owner;
	uint32_t in, f, i;

	s->chain.n = 0;
	*out = NULL;
	if (u->slow)
		return -1;
	in = innermost(u, pc);
	for (f = in; f && !is_function(u->nodes.v[f].tag); f = u->nodes.v[f].parent)
		;
	for (i = in; i && u->nodes.v[i].tag != DW_TAG_inlined_subroutine; i = u->nodes.v[i].parent)
		;
	if (!f)
		return 0;
	if (i) {
		int found = origin_found(u, cu, &u->nodes.v[i].die);
		if (found <= 0)
			return found == 0 ? 0 : -1;
		/* The tree below follows a cross-unit origin; libdw would not. */
		if (found == 2 && u->nodes.v[f].imported)
			return 0;
	}
	/* dwarf_getscopes_die() would walk the imported unit instead. */
	if (u->nodes.v[f].imported)
		return -1;
	for (uint32_t j = f; j; j = u->nodes.v[j].parent) {
		struct snode *n = &u->nodes.v[j];
		if (!is_function(n->tag))
			continue;
		array_push(&s->chain, &n->die);
		if (n->tag == DW_TAG_subprogram)
			break;
	}
	*out = s->chain.v;
	return (int)s->chain.n;
}
