/*
 * The symbol table sorted by address (sym/symindex.h): dwfl_module_addrinfo()'s
 * answers by binary search, its preferences replayed on the few candidates.
 */
#include "config.h"

#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <stdlib.h>

#include "lib/array.h"
#include "lib/util.h"
#include "sym/symindex.h"

/*
 * The symbols libdwfl's own search (dwfl_module_addrinfo) considers, with
 * their position in its table, because its choice among several candidates
 * depends on the order it meets them in.
 */
struct ssym {
	uint64_t value, size;
	const char *name;
	uint32_t order;		/* scan order: globals first, then locals */
	uint32_t shndx;
	uint8_t bind;		/* preference: global 3, weak 2, local 1 */
};

struct symindex {
	Dwfl_Module *mod;
	uint32_t first_local;		/* orders from here on: the locals' pass */
	ARRAY(struct ssym) sized;	/* st_size > 0, by value */
	uint64_t *sized_maxend;		/* prefix maximum of value + size */
	ARRAY(struct ssym) sizeless;	/* by value, then scan order */
	ARRAY(const struct ssym *) cand;	/* scratch for sized_holder() */
};

static uint8_t binding_rank(const GElf_Sym *sym)
{
	switch (GELF_ST_BIND(sym->st_info)) {
	case STB_GLOBAL:
		return 3;
	case STB_WEAK:
		return 2;
	case STB_LOCAL:
		return 1;
	default:
		return 0;
	}
}

static int ssym_cmp(const void *a, const void *b)
{
	const struct ssym *x = a, *y = b;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

static int ssym_order_cmp(const void *a, const void *b)
{
	const struct ssym *const *x = a, *const *y = b;
	return ((*x)->order > (*y)->order) - ((*x)->order < (*y)->order);
}

/* libdwfl scans its globals (from first_global on) before its locals, and
 * skips symbols that name no address: the same filter here. */
struct symindex *symindex_new(Dwfl_Module *mod)
{
	struct symindex *x = xcalloc(1, sizeof(*x));
	int n = dwfl_module_getsymtab(mod);
	int fg = n > 0 ? dwfl_module_getsymtab_first_global(mod) : -1;

	x->mod = mod;
	x->first_local = n > 0 ? (uint32_t)n : 0;
	for (int i = 1; fg >= 0 && i < n; i++) {
		GElf_Sym sym;
		GElf_Addr value;
		GElf_Word shndx;
		Elf *elf;
		const char *name = dwfl_module_getsym_info(mod, i, &sym, &value, &shndx, &elf, NULL);
		int type = GELF_ST_TYPE(sym.st_info);
		if (!name || !*name || sym.st_shndx == SHN_UNDEF || type == STT_SECTION ||
		    type == STT_FILE || type == STT_TLS)
			continue;
		bool second_pass = fg > 1 && i < fg;
		struct ssym s = { value, sym.st_size, name,
				  (uint32_t)(second_pass ? n + i : i), shndx, binding_rank(&sym) };
		if (s.size)
			array_push(&x->sized, s);
		else
			array_push(&x->sizeless, s);
	}
	if (x->sized.n)
		qsort(x->sized.v, x->sized.n, sizeof(*x->sized.v), ssym_cmp);
	if (x->sizeless.n)
		qsort(x->sizeless.v, x->sizeless.n, sizeof(*x->sizeless.v), ssym_cmp);
	x->sized_maxend = xmalloc((x->sized.n + 1) * sizeof(uint64_t));
	for (size_t i = 0; i < x->sized.n; i++) {
		const struct ssym *s = &x->sized.v[i];
		uint64_t end = s->value + s->size < s->value ? UINT64_MAX : s->value + s->size;
		x->sized_maxend[i] = i ? MAX(x->sized_maxend[i - 1], end) : end;
	}
	return x;
}

void symindex_free(struct symindex *x)
{
	if (!x)
		return;
	array_free(&x->sized);
	array_free(&x->sizeless);
	array_free(&x->cand);
	free(x->sized_maxend);
	free(x);
}

/* How many of v[0..n) start at or below addr. */
static size_t count_upto(const struct ssym *v, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].value <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* libdwfl's preference, candidates taken in scan order: a closer start or
 * a stronger binding wins; at the same start, a smaller symbol that binds
 * no weaker. */
static bool better_sym(const struct ssym *best, const struct ssym *s)
{
	if (!best || best->value < s->value || best->bind < s->bind)
		return true;
	return best->value == s->value &&
	       ((best->size > s->size && best->bind <= s->bind) ||
		(best->size >= s->size && best->bind < s->bind));
}

/* The sized symbol libdwfl picks among those holding addr in one of its
 * two passes, or NULL. */
static const struct ssym *sized_holder(struct symindex *x, uint64_t addr, bool locals)
{
	const struct ssym *best = NULL;
	size_t i = count_upto(x->sized.v, x->sized.n, addr);

	x->cand.n = 0;
	/* Symbols seldom nest: going down, the walk ends at the first
	 * symbol below which everything ends at or before addr. */
	while (i-- > 0 && x->sized_maxend[i] > addr) {
		const struct ssym *s = &x->sized.v[i];
		if (addr - s->value < s->size && (s->order >= x->first_local) == locals)
			array_push(&x->cand, s);
	}
	if (x->cand.n > 1)
		qsort(x->cand.v, x->cand.n, sizeof(*x->cand.v), ssym_order_cmp);
	for (size_t k = 0; k < x->cand.n; k++)
		if (better_sym(best, x->cand.v[k]))
			best = x->cand.v[k];
	return best;
}

/* The section index of a module address, as libdwfl compares them: 0 when
 * none holds it; false when it cannot tell. */
static bool section_of(struct symindex *x, uint64_t addr, size_t *ndx)
{
	Dwarf_Addr a = addr, bias;
	Elf_Scn *scn = dwfl_module_address_section(x->mod, &a, &bias);

	*ndx = scn ? elf_ndxscn(scn) : SHN_UNDEF;
	return scn != NULL;
}

/*
 * No sized symbol holds addr: libdwfl takes a label (a sizeless symbol) at
 * the highest address that anything below addr reaches, the last one it
 * meets there, if it is in addr's section (an absolute one only at addr).
 */
static const char *sizeless_label(struct symindex *x, uint64_t addr, bool *unsure)
{
	size_t ns = count_upto(x->sized.v, x->sized.n, addr);
	size_t nl = count_upto(x->sizeless.v, x->sizeless.n, addr);
	uint64_t reach = ns ? x->sized_maxend[ns - 1] : 0;
	int same = -1;

	if (!nl || x->sizeless.v[nl - 1].value < reach)
		return NULL;
	reach = x->sizeless.v[nl - 1].value;
	for (size_t j = nl; j-- > 0 && x->sizeless.v[j].value == reach;) {
		const struct ssym *s = &x->sizeless.v[j];
		if (s->shndx >= SHN_LORESERVE) {
			if (reach == addr)
				return s->name;
			continue;
		}
		if (same < 0) {
			size_t a, b;
			bool known_a = section_of(x, addr, &a);
			bool known_b = section_of(x, reach, &b);
			if (!known_a && !known_b) {
				*unsure = true;
				return NULL;
			}
			same = a == b;
		}
		if (same)
			return s->name;
	}
	return NULL;
}

const char *symindex_name(struct symindex *x, uint64_t addr)
{
	const struct ssym *s;
	bool unsure = false;

	if ((s = sized_holder(x, addr, false)))
		return s->name;
	/* A global label right at addr ends the search before the locals. */
	for (size_t j = count_upto(x->sizeless.v, x->sizeless.n, addr);
	     j-- > 0 && x->sizeless.v[j].value == addr;)
		if (x->sizeless.v[j].order < x->first_local)
			return x->sizeless.v[j].name;
	if ((s = sized_holder(x, addr, true)))
		return s->name;
	const char *name = sizeless_label(x, addr, &unsure);
	if (unsure) {
		GElf_Off off;
		GElf_Sym sym;
		name = dwfl_module_addrinfo(x->mod, addr, &off, &sym, NULL, NULL, NULL);
	}
	return name;
}

/* The sized symbol symindex_name() takes its name from, or NULL. */
static const struct ssym *named_holder(struct symindex *x, uint64_t addr)
{
	const struct ssym *s;

	if ((s = sized_holder(x, addr, false)))
		return s;
	for (size_t j = count_upto(x->sizeless.v, x->sizeless.n, addr);
	     j-- > 0 && x->sizeless.v[j].value == addr;)
		if (x->sizeless.v[j].order < x->first_local)
			return NULL;
	return sized_holder(x, addr, true);
}

bool symindex_holder(struct symindex *x, uint64_t addr, uint64_t *start, uint64_t *size)
{
	const struct ssym *s = named_holder(x, addr);
	if (!s)
		return false;
	*start = s->value;
	*size = s->size;
	return true;
}
