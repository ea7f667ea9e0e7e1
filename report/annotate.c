/*
 * `cprof annotate`: which function the user means (from the sampled
 * addresses' symbols), where its binary is (the recorded path, under the
 * process's root for containers, checked by build-id), and the counts of
 * the samples whose innermost address falls in it.  The listing itself is
 * in annotate_out.c.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"
#include "trace/format.h"
#include "report/annotate_internal.h"

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

/* Every distinct (process, innermost address) of the event, with its count. */
static void collect_hits(struct annotation *a)
{
	struct trace *t = a->t;
	struct hashmap index = { 0 };
	int event = trace_event_index(t, a->o->event);
	for (size_t i = 0; i < t->samples.n; i++) {
		const struct trace_sample *s = &t->samples.v[i];
		if ((int)(s->flags >> SAMPLE_TRUNC_BITS) != event || !s->node ||
		    s->node >= t->nodes.n || s->thread >= t->threads.n)
			continue;
		a->total++;
		uint64_t addr = t->nodes.v[s->node].addr;
		uint32_t proc = trace_addr_is_kernel(addr) ? TRACE_KERNEL_PROC
							  : t->threads.v[s->thread].proc;
		uint64_t h = hash_combine(proc, addr), idx;
		for (; hashmap_get(&index, h, &idx); h++)
			if (a->hits.v[idx].proc == proc && a->hits.v[idx].addr == addr)
				break;
		if (!hashmap_get(&index, h, &idx)) {
			idx = a->hits.n;
			hashmap_put(&index, h, idx);
			struct hit *n = array_add(&a->hits);
			n->proc = proc;
			n->addr = addr;
			n->cand = UINT32_MAX;
		}
		a->hits.v[idx].count++;
	}
	hashmap_release(&index);
}

static bool dso_matches(const char *want, const char *module)
{
	return !want || (module && (strcmp(want, module) == 0 ||
				    strcmp(want, base_name(module)) == 0));
}

/* exact: the name itself; else a part of it.  A function inlined into
 * another leads to the function it was inlined into. */
static bool hit_matches(const struct annotate_opts *o, const struct sym_result *r, bool exact,
			bool *via_inline)
{
	if (!r->nframes || !dso_matches(o->dso, r->module))
		return false;
	for (size_t i = r->nframes; i-- > 0;) {
		const char *f = r->frames[i].func;
		if (f && (exact ? strcmp(f, o->symbol) == 0 : strstr(f, o->symbol) != NULL)) {
			*via_inline = i + 1 < r->nframes;
			return true;
		}
	}
	return false;
}

static uint32_t cand_of(struct annotation *a, const struct sym_result *r, bool via_inline)
{
	const char *func = r->frames[r->nframes - 1].func;
	const char *mod = r->module ? r->module : "[unknown]";
	for (size_t i = 0; i < a->cands.n; i++)
		if (strcmp(a->cands.v[i].func, func) == 0 && strcmp(a->cands.v[i].module, mod) == 0)
			return i;
	struct cand *c = array_add(&a->cands);
	c->func = xstrdup(func);
	c->module = xstrdup(mod);
	c->kernel = r->kind == SYM_KERNEL;
	c->via_inline = via_inline;
	return a->cands.n - 1;
}

static int find_candidates(struct annotation *a)
{
	for (size_t i = 0; i < a->hits.n; i++) {
		struct hit *h = &a->hits.v[i];
		if (trace_addr_symbolize(a->t, &a->sym, h->proc, h->addr, &h->sym) < 0 &&
		    !h->sym.module)
			memset(&h->sym, 0, sizeof(h->sym));
	}
	for (int exact = 1; exact >= 0 && !a->cands.n; exact--) {
		for (size_t i = 0; i < a->hits.n; i++) {
			struct hit *h = &a->hits.v[i];
			bool via_inline = false;
			if (!hit_matches(a->o, &h->sym, exact, &via_inline))
				continue;
			h->cand = cand_of(a, &h->sym, via_inline);
			a->cands.v[h->cand].count += h->count;
		}
	}
	return 0;
}

/* Every sampled address of the chosen function, also those the name of an
 * inlined function did not match. */
static void claim_function(struct annotation *a)
{
	struct cand *c = &a->cands.v[a->chosen];
	for (size_t i = 0; i < a->hits.n; i++) {
		struct hit *h = &a->hits.v[i];
		const struct sym_result *r = &h->sym;
		if (h->cand == UINT32_MAX && r->nframes && r->frames[r->nframes - 1].func &&
		    strcmp(r->frames[r->nframes - 1].func, c->func) == 0 &&
		    strcmp(r->module ? r->module : "[unknown]", c->module) == 0) {
			h->cand = a->chosen;
			c->count += h->count;
		}
	}
}

static int no_single_candidate(struct annotation *a)
{
	if (!a->cands.n)
		return err_set(ENOENT, "no samples in a function named '%s'%s%s%s (see 'cprof report "
			       "--sort sym' for the sampled functions)", a->o->symbol,
			       a->o->dso ? " in '" : "", a->o->dso ? a->o->dso : "",
			       a->o->dso ? "'" : "");
	char *list = xstrdup("");
	for (size_t i = 0; i < a->cands.n; i++) {
		const struct cand *c = &a->cands.v[i];
		char *more = xasprintf("%s\n  %-30s %-24s %6.0f samples", list, c->func,
				       base_name(c->module), c->count);
		free(list);
		list = more;
	}
	int rc = err_set(EINVAL, "'%s' matches %zu functions; name one (and its module with "
			 "--dso when the name repeats):%s", a->o->symbol, a->cands.n, list);
	free(list);
	return rc;
}

/* ---- the binary -------------------------------------------------------- */

static size_t elf_build_id(Elf *elf, uint8_t *out, size_t max)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		GElf_Nhdr nh;
		size_t off = 0, name_off, desc_off;
		while (d && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    memcmp((char *)d->d_buf + name_off, "GNU", 4) == 0) {
				size_t n = MIN(nh.n_descsz, max);
				memcpy(out, (char *)d->d_buf + desc_off, n);
				return n;
			}
		}
	}
	return 0;
}

/* Another root than ours (a container): the recorded path is inside it. */
static char *root_path(uint32_t pid, const char *path)
{
	char root[64];
	struct stat ours, theirs;
	snprintf(root, sizeof(root), "/proc/%u/root", pid);
	if (!pid || stat("/", &ours) != 0 || stat(root, &theirs) != 0 ||
	    (ours.st_dev == theirs.st_dev && ours.st_ino == theirs.st_ino))
		return NULL;
	return xasprintf("%s%s", root, path);
}

static bool try_binary(struct annotation *a, const char *path, const struct trace_map *m)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		if (elf)
			elf_end(elf);
		close(fd);
		a->bin_status = BIN_NOT_ELF;
		return false;
	}
	uint8_t id[20];
	size_t n = elf_build_id(elf, id, sizeof(id));
	if (m->build_id_len && (n != m->build_id_len || memcmp(id, m->build_id, n) != 0)) {
		elf_end(elf);
		close(fd);
		a->bin_status = BIN_CHANGED;
		return false;
	}
	a->elf = elf;
	a->fd = fd;
	a->bin_path = xstrdup(path);
	a->bin_status = BIN_OK;
	return true;
}

static void open_binary(struct annotation *a, const struct hit *hot)
{
	a->bin_status = BIN_MISSING;
	if (hot->proc == TRACE_KERNEL_PROC) {
		a->bin_status = BIN_KERNEL;
		return;
	}
	const struct trace_map *m = trace_map_find(a->t, hot->proc, hot->addr);
	if (!m)
		return;
	a->map = m;
	char *path = xstrdup(trace_str(a->t, m->path));
	size_t len = strlen(path);
	if (len > 10 && strcmp(path + len - 10, " (deleted)") == 0)
		path[len - 10] = '\0';
	a->rec_path = xstrdup(path);
	elf_version(EV_CURRENT);
	char *inside = root_path(a->t->procs.v[hot->proc].pid, path);
	if (!(inside && try_binary(a, inside, m)) && a->bin_status != BIN_CHANGED)
		try_binary(a, path, m);
	free(inside);
	free(path);
}

bool annotate_off_to_vaddr(Elf *elf, uint64_t off, uint64_t *vaddr)
{
	size_t n;
	if (elf_getphdrnum(elf, &n) != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(elf, i, &ph) && ph.p_type == PT_LOAD && off >= ph.p_offset &&
		    off < ph.p_offset + ph.p_filesz) {
			*vaddr = off - ph.p_offset + ph.p_vaddr;
			return true;
		}
	}
	return false;
}

bool annotate_vaddr_to_off(Elf *elf, uint64_t vaddr, uint64_t *off)
{
	size_t n;
	if (elf_getphdrnum(elf, &n) != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(elf, i, &ph) && ph.p_type == PT_LOAD && vaddr >= ph.p_vaddr &&
		    vaddr < ph.p_vaddr + ph.p_filesz) {
			*off = vaddr - ph.p_vaddr + ph.p_offset;
			return true;
		}
	}
	return false;
}

/* The function symbol that covers vaddr: .symtab first, .dynsym else. */
static bool find_function(struct annotation *a, uint64_t vaddr)
{
	for (int pass = 0; pass < 2; pass++) {
		Elf_Scn *scn = NULL;
		while ((scn = elf_nextscn(a->elf, scn))) {
			GElf_Shdr sh;
			if (!gelf_getshdr(scn, &sh) ||
			    sh.sh_type != (pass ? SHT_DYNSYM : SHT_SYMTAB) || !sh.sh_entsize)
				continue;
			Elf_Data *d = elf_getdata(scn, NULL);
			size_t n = d ? d->d_size / sh.sh_entsize : 0;
			for (size_t i = 0; i < n; i++) {
				GElf_Sym s;
				if (!gelf_getsym(d, i, &s) || s.st_size == 0 || s.st_shndx == SHN_UNDEF ||
				    (GELF_ST_TYPE(s.st_info) != STT_FUNC &&
				     GELF_ST_TYPE(s.st_info) != STT_GNU_IFUNC) ||
				    vaddr < s.st_value || vaddr - s.st_value >= s.st_size)
					continue;
				a->start = s.st_value;
				a->size = s.st_size;
				return true;
			}
		}
	}
	return false;
}

/* The function's bytes, from the section that holds them. */
static bool function_bytes(struct annotation *a)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(a->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    a->start < sh.sh_addr || a->start + a->size > sh.sh_addr + sh.sh_size)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf || a->start - sh.sh_addr + a->size > d->d_size)
			return false;
		a->code = (const uint8_t *)d->d_buf + (a->start - sh.sh_addr);
		return true;
	}
	return false;
}

/* Each hit of the function at its ELF address, through its own mapping. */
static void place_hits(struct annotation *a)
{
	for (size_t i = 0; i < a->hits.n; i++) {
		struct hit *h = &a->hits.v[i];
		const struct trace_map *m = h->cand == a->chosen ?
			trace_map_find(a->t, h->proc, h->addr) : NULL;
		uint64_t v;
		if (m && strcmp(trace_str(a->t, m->path), trace_str(a->t, a->map->path)) == 0 &&
		    annotate_off_to_vaddr(a->elf, h->addr - m->start + m->pgoff, &v) &&
		    v >= a->start && v - a->start < a->size) {
			h->vaddr = v;
			h->placed = true;
			a->fn_total += h->count;
		}
	}
}

static const char *const status_text[] = {
	[BIN_OK] = "",
	[BIN_MISSING] = "is missing",
	[BIN_CHANGED] = "has changed since the recording (its build-id differs)",
	[BIN_NOT_ELF] = "is not an ELF file",
	[BIN_KERNEL] = "",
	[BIN_NO_SYMBOL] = "has no symbol for the function",
};

static void release(struct annotation *a)
{
	for (size_t i = 0; i < a->hits.n; i++)
		sym_result_release(&a->hits.v[i].sym);
	array_free(&a->hits);
	for (size_t i = 0; i < a->cands.n; i++) {
		free(a->cands.v[i].func);
		free(a->cands.v[i].module);
	}
	array_free(&a->cands);
	symbolizer_free(a->sym);
	if (a->elf)
		elf_end(a->elf);
	if (a->fd >= 0)
		close(a->fd);
	free(a->bin_path);
	free(a->rec_path);
}

int annotate_write(struct trace *t, const struct annotate_opts *o, FILE *f, char **notice)
{
	struct annotation a = { .t = t, .o = o, .fd = -1 };
	*notice = NULL;
	if (trace_event_index(t, o->event) < 0)
		return err_set(ENOENT, "no event '%s' in '%s'", o->event, t->path);
	collect_hits(&a);
	find_candidates(&a);
	if (a.cands.n != 1) {
		int rc = no_single_candidate(&a);
		release(&a);
		return rc;
	}
	a.chosen = 0;
	claim_function(&a);
	const struct hit *hot = NULL;
	for (size_t i = 0; i < a.hits.n; i++)
		if (a.hits.v[i].cand == 0 && (!hot || a.hits.v[i].count > hot->count))
			hot = &a.hits.v[i];
	open_binary(&a, hot);
	uint64_t v;
	if (a.bin_status == BIN_OK) {
		if (!annotate_off_to_vaddr(a.elf, hot->addr - a.map->start + a.map->pgoff, &v) ||
		    !find_function(&a, v) || !function_bytes(&a))
			a.bin_status = BIN_NO_SYMBOL;
	}
	int rc;
	if (a.bin_status == BIN_OK) {
		place_hits(&a);
		rc = annotate_listing(&a, f);
	} else {
		const struct cand *c = &a.cands.v[0];
		if (a.bin_status == BIN_KERNEL)
			*notice = xasprintf("'%s' is kernel code: no binary to disassemble; the "
					    "recorded addresses and counts follow", c->func);
		else
			*notice = xasprintf("cannot disassemble '%s': '%s' %s; the recorded "
					    "addresses and counts follow", c->func,
					    a.rec_path ? a.rec_path : c->module,
					    status_text[a.bin_status]);
		rc = annotate_recorded(&a, f);
	}
	release(&a);
	return rc;
}
