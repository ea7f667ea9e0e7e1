/*
 * Where functions start in a file without symbols: the FDE table of
 * .eh_frame_hdr, which the linker sorts by start address for unwinders
 * (one FDE per function, and one per cold part).
 */
#ifndef CPROF_FDEINDEX_H
#define CPROF_FDEINDEX_H

#include <libelf.h>
#include <stdbool.h>
#include <stdint.h>

struct fdeindex;

/* NULL when elf has no table cprof reads (none, or an unusual encoding). */
struct fdeindex *fdeindex_read(Elf *elf);
void fdeindex_free(struct fdeindex *x);
/* The highest FDE start at or below ELF address vaddr: the start of the
 * function holding it, when the caller knows some FDE covers vaddr. */
bool fdeindex_start(const struct fdeindex *x, uint64_t vaddr, uint64_t *start);

#endif
