/*
 * DWARF unwinding while recording: a sample's user registers and stack copy
 * become return addresses, with libdw and one cached CFI per binary.
 */
#ifndef CPROF_UNWIND_H
#define CPROF_UNWIND_H

#include <stddef.h>
#include <stdint.h>

#include "trace/format.h"
#include "record/procs.h"


/* The user registers cprof asks for (x86-64: every general register). */
uint64_t unwind_regs_mask(void);

struct unwind_sample {
	const uint64_t *regs;		/* values for the set bits of regs_mask, in bit order */
	uint64_t regs_mask;
	const uint8_t *stack;		/* the bytes copied from the user stack pointer on */
	size_t stack_len;		/* what the kernel copied (dyn_size) */
	size_t stack_size;		/* what was asked for */
};

struct unwinder;

struct unwinder *unwinder_new(struct procs *ps);
void unwinder_free(struct unwinder *u);
/*
 * Fills pcs leaf first: pcs[0] is the sampled instruction, the callers'
 * entries are return addresses minus one (inside the call instruction).
 * Returns how many; *why says why the stack stops short of its root
 * (TRUNC_NONE when it reached it).
 */
size_t unwinder_unwind(struct unwinder *u, struct rproc *p, const struct unwind_sample *smp,
		       uint64_t *pcs, size_t max, enum trunc_reason *why);
/*
 * Frame-pointer mode's leaf repair: the caller of the sampled function by
 * its CFI alone (a return address minus one, as unwinder_unwind gives
 * them), from the registers and a small stack copy.  false when there is
 * no CFI or it leads nowhere plausible.
 */
bool unwinder_leaf_caller(struct unwinder *u, struct rproc *p, const struct unwind_sample *smp,
			  uint64_t *caller);
/* p's mappings changed or it is gone: drop what was cached for it. */
void unwinder_forget(struct unwinder *u, struct rproc *p);
/* Frees every process's state and follows ps from now on (a new file's
 * process model); the ELF files unwound through since the last reset stay
 * open, with their decoded CFI, for the new processes. */
void unwinder_reset(struct unwinder *u, struct procs *ps);
/* p exited: frees its state now (a late sample builds it again). */
void unwinder_drop(struct unwinder *u, struct rproc *p);

#endif
