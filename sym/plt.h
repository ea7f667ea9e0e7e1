/*
 * PLT stubs named as perf and objdump name them, "NAME@plt": no symbol
 * covers .plt, .plt.sec or .plt.got, but each stub jumps through a GOT
 * slot that a relocation ties to the function it calls.
 */
#ifndef CPROF_PLT_H
#define CPROF_PLT_H

#include <libelf.h>
#include <stdint.h>

struct plt;

/* The stubs of elf (x86-64); NULL when it has none. */
struct plt *plt_read(Elf *elf);
void plt_free(struct plt *p);
/* The undecorated name of the function the stub at ELF address vaddr
 * calls ("memcpy"), or NULL when vaddr is in no named stub; owned by p. */
const char *plt_target(const struct plt *p, uint64_t vaddr);

#endif
