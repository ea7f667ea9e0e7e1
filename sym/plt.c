/*
 * PLT stubs.  A stub is a fixed-size entry whose one indirect jump,
 * `jmp *DISP(%rip)` (ff 25, maybe after endbr64 and a bnd prefix), reads a
 * GOT slot; the JUMP_SLOT (or, for .plt.got, GLOB_DAT) relocation of that
 * slot names the symbol.  Decoding the jump rather than counting entries
 * works for the lazy .plt, the IBT .plt.sec and .plt.got alike.
 */
#include "config.h"

#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"
#include "lib/hashmap.h"
#include "lib/util.h"
#include "sym/plt.h"

struct stub {
	uint64_t start, end;
	char *name;
};

struct names {
	ARRAY(char *) a;
};

struct plt {
	ARRAY(struct stub) stubs;	/* by address */
};

static int stub_cmp(const void *a, const void *b)
{
	const struct stub *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* GOT slot address -> index + 1 into names, from every RELA section that
 * refers to the dynamic symbols. */
static void read_slots(Elf *elf, struct hashmap *slots, struct names *names)
{
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		GElf_Shdr sh, link;
		Elf_Data *d;
		Elf_Scn *ls;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || !sh.sh_entsize ||
		    !(ls = elf_getscn(elf, sh.sh_link)) || !gelf_getshdr(ls, &link) ||
		    link.sh_type != SHT_DYNSYM || !(d = elf_getdata(scn, NULL)))
			continue;
		Elf_Data *syms = elf_getdata(ls, NULL);
		size_t n = d->d_size / sh.sh_entsize;
		for (size_t i = 0; syms && i < n; i++) {
			GElf_Rela r;
			GElf_Sym s;
			const char *name;
			unsigned type;
			if (!gelf_getrela(d, (int)i, &r))
				break;
			type = GELF_R_TYPE(r.r_info);
			if ((type != R_X86_64_JUMP_SLOT && type != R_X86_64_GLOB_DAT) ||
			    !GELF_R_SYM(r.r_info) || !gelf_getsym(syms, (int)GELF_R_SYM(r.r_info), &s) ||
			    !(name = elf_strptr(elf, link.sh_link, s.st_name)) || !*name)
				continue;
			array_push(&names->a, xstrdup(name));
			hashmap_put(slots, r.r_offset, names->a.n);
		}
	}
}

/* The GOT slot the entry at addr jumps through, if it holds the jump. */
static bool entry_slot(const uint8_t *p, size_t len, uint64_t addr, uint64_t *slot)
{
	for (size_t k = 0; k + 6 <= len; k++) {
		if (p[k] != 0xff || p[k + 1] != 0x25)
			continue;
		int32_t disp;
		memcpy(&disp, p + k + 2, 4);
		*slot = addr + k + 6 + (int64_t)disp;
		return true;
	}
	return false;
}

static bool is_plt_section(const char *name)
{
	return strcmp(name, ".plt") == 0 || strcmp(name, ".plt.sec") == 0 ||
	       strcmp(name, ".plt.got") == 0;
}

struct plt *plt_read(Elf *elf)
{
	GElf_Ehdr eh;
	size_t shstrndx;
	if (!elf || !gelf_getehdr(elf, &eh) || eh.e_machine != EM_X86_64 ||
	    elf_getshdrstrndx(elf, &shstrndx) != 0)
		return NULL;
	struct hashmap slots = { 0 };
	struct names names = { 0 };
	struct plt *p = xcalloc(1, sizeof(*p));
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		GElf_Shdr sh;
		const char *name;
		Elf_Data *d;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    !(name = elf_strptr(elf, shstrndx, sh.sh_name)) || !is_plt_section(name) ||
		    !(d = elf_getdata(scn, NULL)) || !d->d_buf || d->d_size < sh.sh_size)
			continue;
		if (!names.a.n)
			read_slots(elf, &slots, &names);
		/* .plt and .plt.sec entries are 16 bytes; .plt.got's 8 without
		 * IBT, 16 with it, and sh_entsize says which. */
		uint64_t es = sh.sh_entsize >= 8 && sh.sh_entsize <= 32 ? sh.sh_entsize : 16;
		for (uint64_t off = 0; off + es <= sh.sh_size; off += es) {
			uint64_t slot, idx;
			if (entry_slot((const uint8_t *)d->d_buf + off, es, sh.sh_addr + off, &slot) &&
			    hashmap_get(&slots, slot, &idx))
				array_push(&p->stubs, ((struct stub){ sh.sh_addr + off,
					sh.sh_addr + off + es, xstrdup(names.a.v[idx - 1]) }));
		}
	}
	for (size_t i = 0; i < names.a.n; i++)
		free(names.a.v[i]);
	array_free(&names.a);
	hashmap_release(&slots);
	if (!p->stubs.n) {
		plt_free(p);
		return NULL;
	}
	qsort(p->stubs.v, p->stubs.n, sizeof(*p->stubs.v), stub_cmp);
	return p;
}

void plt_free(struct plt *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->stubs.n; i++)
		free(p->stubs.v[i].name);
	array_free(&p->stubs);
	free(p);
}

const char *plt_target(const struct plt *p, uint64_t vaddr)
{
	if (!p)
		return NULL;
	size_t lo = 0, hi = p->stubs.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->stubs.v[mid].start <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || vaddr >= p->stubs.v[lo - 1].end)
		return NULL;
	return p->stubs.v[lo - 1].name;
}
