/*
 * Frame-pointer callchains.  The kernel follows saved rbp values up the
 * user stack until one is not a readable user address; code built without
 * frame pointers (most of a distribution: libc, gzip, xz) leaves rbp
 * holding data, so the walk goes on through garbage and yields "return
 * addresses" that may even look like kernel ones.  A chain is kept up to
 * its last address inside an executable mapping, and is whole only when
 * that frame is where threads start.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>

#include "lib/array.h"
#include "lib/hashmap.h"
#include "lib/strtab.h"
#include "lib/util.h"
#include "record/fpchain.h"
#include "sym/symbols.h"

/* The lowest page is never mapped: smaller "addresses" are small integers. */
#define LOWEST_CODE 4096

struct module_count {
	uint32_t id;
	uint64_t n;
};

struct fpchain {
	struct procs *ps;
	struct symbolizer *sym;
	/* hash(proc, addr) -> addr << 2 | is-entry << 1 | 1, checked on use */
	struct hashmap entry_cache;
	struct strtab modules;
	ARRAY(uint64_t) broken;		/* by module id */
	ARRAY(struct module_count) order;	/* fpchain_broken's, built on demand */
};

/* Where a thread's first frame is: glibc's program start and thread start,
 * and the clone wrappers whose child side calls the thread function. */
static const char *const thread_entries[] = {
	"_start", "__libc_start_call_main", "__libc_start_main", "__libc_start_main_impl",
	"start_thread", "clone", "__clone", "clone3", "__clone3", "__clone_internal",
};

static bool is_entry_name(const char *func)
{
	for (size_t i = 0; func && i < ARRAY_SIZE(thread_entries); i++)
		if (strcmp(func, thread_entries[i]) == 0)
			return true;
	return false;
}

struct fpchain *fpchain_new(struct procs *ps)
{
	struct fpchain *c = xcalloc(1, sizeof(*c));
	c->ps = ps;
	strtab_init(&c->modules);
	return c;
}

void fpchain_free(struct fpchain *c)
{
	if (!c)
		return;
	hashmap_release(&c->entry_cache);
	strtab_release(&c->modules);
	array_free(&c->broken);
	array_free(&c->order);
	free(c);
}

void fpchain_set_symbolizer(struct fpchain *c, struct symbolizer *sym)
{
	c->sym = sym;
}

/* The executable mapping of addr; a library mapped since the last record
 * seen is looked up in /proc (rate-limited there). */
static const struct rmap *code_map(struct fpchain *c, struct rproc *p, uint64_t addr)
{
	if (addr >> 63 || addr < LOWEST_CODE)
		return NULL;
	const struct rmap *m = rproc_find_map(p, addr);
	if (!m && !p->exited && procs_read_maps(c->ps, p) == 0)
		m = rproc_find_map(p, addr);
	return m;
}

/* Whether addr of p is in a thread's entry function, named once per address. */
static bool in_entry(struct fpchain *c, struct rproc *p, const struct rmap *m, uint64_t addr)
{
	if (!c->sym)
		return false;
	uint64_t key = hash_combine(p->id, addr), v;
	if (hashmap_get(&c->entry_cache, key, &v) && v >> 2 == addr)
		return v & 2;
	struct sym_mapping sm = {
		.path = m->path, .start = m->start, .end = m->end, .pgoff = m->pgoff,
		.build_id = m->build_id_len ? m->build_id : NULL, .build_id_len = m->build_id_len,
	};
	struct sym_result r;
	bool entry = false;
	if (symbolizer_user(c->sym, p->pid, &sm, addr, &r) == 0 && r.nframes)
		entry = is_entry_name(r.frames[r.nframes - 1].func);
	sym_result_release(&r);
	hashmap_put(&c->entry_cache, key, addr << 2 | (uint64_t)entry << 1 | 1);
	return entry;
}

static void count_broken(struct fpchain *c, const struct rmap *m)
{
	uint32_t id = strtab_intern_str(&c->modules, m->path);
	while (c->broken.n <= id)
		array_push(&c->broken, 0);
	c->broken.v[id]++;
	c->order.n = 0;
}

/* The leaf's caller by CFI goes second, unless next (the kernel's second
 * entry) is it already. */
static void push_repair(struct fpchain *c, struct rproc *p, uint64_t *leaf_caller, uint64_t next,
			uint64_t *user, size_t *nu, size_t max, uint64_t *root_at)
{
	const struct rmap *m = code_map(c, p, *leaf_caller + 1);
	if (*leaf_caller != next && m && *nu < max) {
		user[(*nu)++] = *leaf_caller;
		*root_at = *leaf_caller + 1;
	}
	*leaf_caller = 0;
}

size_t fpchain_split(struct fpchain *c, struct rproc *p, const uint64_t *chain, uint64_t nr,
		     uint32_t max_stack, uint64_t leaf_caller, uint64_t *kern, size_t *nk,
		     uint64_t *user, size_t max, enum trunc_reason *why)
{
	size_t nu = 0, entries = 0;
	int ctx = 0;	/* 0 unknown, 1 kernel, 2 user */
	bool first = true, garbage = false;
	/*
	 * Where the outermost frame's mapping is, looked up again at the end:
	 * a later code_map() may read /proc and move the process's maps.
	 */
	uint64_t root_at = 0;
	*nk = 0;
	*why = TRUNC_NONE;
	for (uint64_t i = 0; i < nr; i++) {
		uint64_t ip = chain[i];
		if (ip >= (uint64_t)PERF_CONTEXT_MAX) {
			ctx = ip == (uint64_t)PERF_CONTEXT_KERNEL ? 1 :
			      ip == (uint64_t)PERF_CONTEXT_USER ? 2 : 0;
			first = true;
			continue;
		}
		entries++;
		if (!ctx)
			ctx = ip >> 63 ? 1 : 2;
		uint64_t a = first ? ip : ip - 1;
		bool was_first = first;
		first = false;
		if (ctx == 1) {
			if (*nk < max)
				kern[(*nk)++] = a;
			continue;
		}
		if (ctx != 2 || garbage || nu == max)
			continue;
		/* The sampled instruction is where the thread was, mapped or
		 * not (code freed under it); a return address must be code. */
		if (!was_first && leaf_caller && nu == 1)
			push_repair(c, p, &leaf_caller, a, user, &nu, max, &root_at);
		const struct rmap *m = code_map(c, p, ip);
		if (!m && !was_first) {
			garbage = true;
			continue;
		}
		if (nu < max) {
			user[nu++] = a;
			root_at = ip;
		}
	}
	if (leaf_caller && nu == 1)	/* the kernel found no caller at all */
		push_repair(c, p, &leaf_caller, 0, user, &nu, max, &root_at);
	const struct rmap *root = root_at ? rproc_find_map(p, root_at) : NULL;
	if (entries >= max_stack) {
		*why = TRUNC_MAX_DEPTH;
		return nu;
	}
	if (!nu || (root && in_entry(c, p, root, user[nu - 1])))
		return nu;	/* the kernel's own, or whole */
	if (!garbage && !c->sym)
		return nu;	/* ended cleanly, nothing to tell its root by */
	if (garbage && nu < max)
		user[nu++] = FPCHAIN_UNKNOWN;
	*why = TRUNC_NO_UNWIND;
	if (root)
		count_broken(c, root);
	return nu;
}

static int by_count(const void *a, const void *b)
{
	const struct module_count *x = a, *y = b;
	return x->n > y->n ? -1 : x->n < y->n;
}

bool fpchain_broken(struct fpchain *c, size_t i, const char **module, uint64_t *count)
{
	if (!c->order.n) {
		for (uint32_t id = 0; id < c->broken.n; id++)
			if (c->broken.v[id])
				array_push(&c->order, ((struct module_count){ id, c->broken.v[id] }));
		if (c->order.n)
			qsort(c->order.v, c->order.n, sizeof(*c->order.v), by_count);
	}
	if (i >= c->order.n)
		return false;
	*module = strtab_get(&c->modules, c->order.v[i].id);
	*count = c->order.v[i].n;
	return true;
}

size_t fpchain_kernel(const uint64_t *chain, uint64_t nr, uint64_t *kern, size_t max)
{
	size_t nk = 0;
	for (uint64_t i = 0; i < nr && nk < max; i++) {
		uint64_t ip = chain[i];
		if (ip >= (uint64_t)PERF_CONTEXT_MAX || !(ip >> 63))
			continue;	/* a context marker, or user code */
		kern[nk] = nk ? ip - 1 : ip;
		nk++;
	}
	return nk;
}
