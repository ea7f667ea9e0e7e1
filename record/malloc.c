/* Heap allocations through uprobes (record/malloc.h). */
#include "config.h"

#include <errno.h>
#include <gelf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "record/malloc.h"
#include "sym/binfile.h"

static const char *const names[] = { "malloc", "calloc", "realloc", "free" };

/* The C library's file name: libc.so.6, or libc-2.31.so of older glibc. */
static bool is_libc(const char *path)
{
	const char *base = path_base(path);
	return !strncmp(base, "libc.so", 7) ||
	       (!strncmp(base, "libc-", 5) && strstr(base, ".so"));
}

static char *find_libc(pid_t pid)
{
	char maps[64], line[4096];
	snprintf(maps, sizeof(maps), "/proc/%d/maps", (int)pid);
	FILE *f = fopen(maps, "re");
	if (!f)
		return NULL;
	char *found = NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		char *path = strchr(line, '/');
		if (!path)
			continue;
		path[strcspn(path, "\n")] = '\0';
		if (is_libc(path))
			found = xasprintf("/proc/%d/root%s", (int)pid, path);
	}
	fclose(f);
	return found;
}

/* The functions' addresses from the dynamic symbol table (exported, so
 * always there, stripped or not). */
static int find_symbols(struct binfile *b, struct heap_probes *hp)
{
	Elf *elf = binfile_elf(b);
	Elf_Scn *scn = NULL;
	uint64_t vaddr[HP_FREE + 1] = { 0 };
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_DYNSYM || !sh.sh_entsize ||
		    !(d = elf_getdata(scn, NULL)))
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			if (!gelf_getsym(d, (int)i, &sym) || sym.st_shndx == SHN_UNDEF || !sym.st_value)
				continue;
			int type = GELF_ST_TYPE(sym.st_info);
			if (type != STT_FUNC && type != STT_GNU_IFUNC)
				continue;
			const char *n = elf_strptr(elf, sh.sh_link, sym.st_name);
			for (int k = 0; n && k <= HP_FREE; k++)
				if (!strcmp(n, names[k]))
					vaddr[k] = sym.st_value;
		}
	}
	for (int k = 0; k <= HP_FREE; k++) {
		if (!vaddr[k] || !binfile_vaddr_to_offset(b, vaddr[k], &hp->off[k]))
			return err_set(ENOENT, "'%s' has no function '%s'", hp->path, names[k]);
	}
	return 0;
}

int heap_probes_find(pid_t pid, struct heap_probes *hp)
{
	*hp = (struct heap_probes){ 0 };
	hp->path = find_libc(pid);
	if (!hp->path)
		return err_set(ENOENT, "process %d maps no C library (a static program?): "
			       "-e malloc needs its malloc in a shared libc", (int)pid);
	enum binfile_status st;
	struct binfile *b = binfile_open(-1, hp->path, BINFILE_NOFOLLOW, &st);
	if (!b) {
		int rc = err_set(ENOENT, "cannot read the C library '%s': %s", hp->path,
				 binfile_status_text(st));
		heap_probes_release(hp);
		return rc;
	}
	int rc = find_symbols(b, hp);
	binfile_free(b);
	if (rc < 0)
		heap_probes_release(hp);
	return rc;
}

void heap_probes_release(struct heap_probes *hp)
{
	free(hp->path);
	hp->path = NULL;
}

/* A number from a sysfs file of the uprobe PMU, after prefix; -1 if none. */
static long pmu_number(const char *file, const char *prefix)
{
	char path[128], text[64];
	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/uprobe/%s", file);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	bool ok = fgets(text, sizeof(text), f) && !strncmp(text, prefix, strlen(prefix));
	fclose(f);
	char *end;
	long v = ok ? strtol(text + strlen(prefix), &end, 10) : -1;
	return ok && end != text + strlen(prefix) ? v : -1;
}

int heap_probe_attr(const struct heap_probes *hp, enum heap_probe p, struct perf_event_attr *a)
{
	long type = pmu_number("type", "");
	if (type < 0)
		return err_set(ENOENT, "-e malloc needs the uprobe PMU of perf_event_open "
			       "(a kernel with CONFIG_UPROBE_EVENTS)");
	a->type = (uint32_t)type;
	a->config = 0;
	if (heap_probe_is_return(p)) {
		long bit = pmu_number("format/retprobe", "config:");
		if (bit < 0 || bit > 63)
			return err_set(ENOENT, "the kernel's uprobe PMU has no return probes");
		a->config = 1ull << bit;
	}
	a->config1 = (uint64_t)(uintptr_t)hp->path;	/* uprobe_path */
	a->config2 = hp->off[heap_probe_is_return(p) ? p - HP_MALLOC_RET : p];	/* probe_offset */
	return 0;
}

bool heap_regs(const uint64_t *regs, uint64_t *arg0, uint64_t *arg1, uint64_t *ret)
{
#if defined(__x86_64__)
	/* the order of unwind_regs_mask(): ax bx cx dx si di …; the System V
	 * ABI passes the first arguments in rdi, rsi and returns in rax */
	*arg0 = regs[5];
	*arg1 = regs[4];
	*ret = regs[0];
	return true;
#else
	(void)regs, (void)arg0, (void)arg1, (void)ret;
	return false;
#endif
}

/* ---- pairing entries, returns and frees ---- */

static double next_gap(struct heap *h);

void heap_init(struct heap *h, uint64_t sample_bytes)
{
	*h = (struct heap){ .sample_bytes = sample_bytes, .rng = 0x9e3779b97f4a7c15ull };
	if (sample_bytes)
		h->gap = next_gap(h);
	hashmap_init(&h->by_tid);
	hashmap_init(&h->live);
}

void heap_release(struct heap *h)
{
	hashmap_release(&h->by_tid);
	hashmap_release(&h->live);
	array_free(&h->pending);
	array_free(&h->allocs);
	array_free(&h->holes);
}

static struct heap_pending *pending_of(struct heap *h, uint32_t tid)
{
	bool found;
	uint64_t *slot = hashmap_slot(&h->by_tid, tid, &found);
	if (!found) {
		*slot = h->pending.n;
		*array_add(&h->pending) = (struct heap_pending){ 0 };
	}
	return &h->pending.v[*slot];
}

/*
 * One allocation per sample_bytes bytes on average, without the bias a
 * fixed step has for a loop whose allocations come in a pattern: the bytes
 * are a Poisson process with a point every sample_bytes on average (the
 * gaps drawn from an exponential distribution), and an allocation is
 * sampled when a point falls in it, with probability p = 1 - exp(-size /
 * sample_bytes).  Weighed by size / p, each stack's bytes are right on
 * average; a block much larger than sample_bytes is always taken, with
 * about its size.
 */
static double next_gap(struct heap *h)
{
	/* xorshift64*: the sequence only has to look random to the target */
	h->rng ^= h->rng >> 12;
	h->rng ^= h->rng << 25;
	h->rng ^= h->rng >> 27;
	double u = (double)((h->rng * 2685821657736338717ull) >> 11) / 9007199254740992.0;
	return -log1p(-u) * (double)h->sample_bytes;
}

static uint64_t sample_weight(struct heap *h, uint64_t size)
{
	if (!h->sample_bytes)
		return size;
	if ((double)size < h->gap) {
		h->gap -= (double)size;
		return 0;
	}
	do
		h->gap += next_gap(h);
	while (h->gap <= (double)size);
	h->gap -= (double)size;
	double p = -expm1(-(double)size / (double)h->sample_bytes);
	double w = (double)size / p;
	return w < (double)size ? size : (uint64_t)(w + 0.5);
}

uint64_t heap_entry(struct heap *h, uint32_t tid, enum heap_probe p, uint64_t arg0,
		    uint64_t arg1)
{
	struct heap_pending *q = pending_of(h, tid);
	/* An entry while one waits: its return was lost (or malloc was
	 * called from within malloc, which the C library does not do). */
	if (q->active)
		h->unmatched++;
	uint64_t size = p == HP_CALLOC ? arg0 * arg1 : p == HP_REALLOC ? arg1 : arg0;
	if (p == HP_CALLOC && arg1 && size / arg1 != arg0)
		size = 0;	/* overflows: calloc fails */
	*q = (struct heap_pending){ .a.size = size, .old = p == HP_REALLOC ? arg0 : 0, .active = true };
	q->a.weight = size ? sample_weight(h, size) : 0;
	q->sampled = q->a.weight != 0;
	return q->a.weight;
}

void heap_entry_stack(struct heap *h, uint32_t tid, uint64_t time, uint32_t thread,
		      uint32_t node, uint32_t flags)
{
	struct heap_pending *q = pending_of(h, tid);
	q->a.time = time;
	q->a.thread = thread;
	q->a.node = node;
	q->a.flags = flags;
}

bool heap_return(struct heap *h, uint32_t tid, uint64_t addr, struct heap_alloc *out)
{
	uint64_t i;
	if (!hashmap_get(&h->by_tid, tid, &i) || !h->pending.v[i].active) {
		h->unmatched++;
		return false;
	}
	struct heap_pending *q = &h->pending.v[i];
	q->active = false;
	if (!addr)
		return false;	/* failed: nothing allocated, nothing freed */
	if (q->old && q->old != addr)
		heap_free(h, q->old);
	if (!q->sampled) {
		/* a block that moved stays tracked under its new address */
		if (q->old == addr)
			return false;
		heap_free(h, addr);	/* an address reused after a lost free */
		return false;
	}
	if (q->old == addr)
		heap_free(h, addr);	/* grown in place: the new size replaces the old */
	uint32_t slot;
	if (h->holes.n) {
		slot = h->holes.v[--h->holes.n];
	} else {
		slot = (uint32_t)h->allocs.n;
		array_add(&h->allocs);
	}
	h->allocs.v[slot] = q->a;
	hashmap_put(&h->live, addr, (uint64_t)slot + 1);
	*out = q->a;
	return true;
}

void heap_free(struct heap *h, uint64_t addr)
{
	uint64_t v;
	if (!addr || !hashmap_get(&h->live, addr, &v))
		return;
	hashmap_del(&h->live, addr);
	h->allocs.v[v - 1].weight = 0;
	array_push(&h->holes, (uint32_t)(v - 1));
}

bool heap_leak(struct heap *h, size_t *i, struct heap_alloc *out)
{
	for (; *i < h->allocs.n; (*i)++) {
		if (h->allocs.v[*i].weight) {
			*out = h->allocs.v[(*i)++];
			return true;
		}
	}
	return false;
}
