/*
 * The .eh_frame_hdr search table: a version byte, the encodings of the
 * .eh_frame pointer, of the count and of the table, then the pointer, the
 * count, and (start, FDE) pairs.  GNU ld, gold, lld and mold all write the
 * table as 4-byte signed offsets from the section (DW_EH_PE_datarel |
 * sdata4) and the count as udata4; that is the one layout read here.
 */
#include "config.h"

#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "sym/fdeindex.h"

#define PE_OMIT 0xff
#define PE_UDATA4 0x03
#define PE_SDATA4 0x0b
#define PE_PCREL 0x10
#define PE_DATAREL 0x30

struct fdeindex {
	uint64_t *starts;	/* sorted */
	size_t n;
};

static size_t pointer_size(uint8_t enc)
{
	switch (enc & 0x0f) {
	case 0x02: case 0x0a: return 2;
	case 0x03: case 0x0b: return 4;
	case 0x04: case 0x0c: case 0x00: return 8;
	default: return 0;
	}
}

struct fdeindex *fdeindex_read(Elf *elf)
{
	size_t shstrndx;
	if (!elf || elf_getshdrstrndx(elf, &shstrndx) != 0)
		return NULL;
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		GElf_Shdr sh;
		const char *name;
		Elf_Data *d;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
		    !(name = elf_strptr(elf, shstrndx, sh.sh_name)) ||
		    strcmp(name, ".eh_frame_hdr") != 0 || !(d = elf_getdata(scn, NULL)) ||
		    !d->d_buf || d->d_size < 4)
			continue;
		const uint8_t *p = d->d_buf;
		size_t len = d->d_size, psize = pointer_size(p[1]);
		if (p[0] != 1 || p[1] == PE_OMIT || !psize || p[2] != PE_UDATA4 ||
		    p[3] != (PE_DATAREL | PE_SDATA4) || len < 4 + psize + 4)
			return NULL;
		uint32_t count;
		memcpy(&count, p + 4 + psize, 4);
		size_t at = 4 + psize + 4;
		if (count > (len - at) / 8)
			return NULL;
		struct fdeindex *x = xcalloc(1, sizeof(*x));
		x->starts = xmalloc((count ? count : 1) * sizeof(*x->starts));
		for (uint32_t i = 0; i < count; i++) {
			int32_t rel;
			memcpy(&rel, p + at + (size_t)i * 8, 4);
			x->starts[x->n] = sh.sh_addr + (int64_t)rel;
			/* A table out of order cannot be searched: give up. */
			if (x->n && x->starts[x->n] < x->starts[x->n - 1]) {
				fdeindex_free(x);
				return NULL;
			}
			x->n++;
		}
		return x;
	}
	return NULL;
}

void fdeindex_free(struct fdeindex *x)
{
	if (!x)
		return;
	free(x->starts);
	free(x);
}

bool fdeindex_start(const struct fdeindex *x, uint64_t vaddr, uint64_t *start)
{
	if (!x)
		return false;
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->starts[mid] <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return false;
	*start = x->starts[lo - 1];
	return true;
}
