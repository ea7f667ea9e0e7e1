/*
 * Frame-pointer callchains as the kernel gives them: split into kernel and
 * user parts by the context markers, cut where a user return address falls
 * in no executable mapping (a saved rbp that was never a frame pointer),
 * and judged whole or broken by where they end.
 */
#ifndef CPROF_FPCHAIN_H
#define CPROF_FPCHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record/procs.h"
#include "trace/format.h"

/* The address a cut user chain ends with: it falls in no mapping, so every
 * reader names it [unknown], and it is never taken for a kernel frame. */
#define FPCHAIN_UNKNOWN 0

struct symbolizer;
struct fpchain;

struct fpchain *fpchain_new(struct procs *ps);
void fpchain_free(struct fpchain *c);
/* Names the root frames, to tell a thread's entry from a broken chain;
 * without one only chains that run into garbage count as broken. */
void fpchain_set_symbolizer(struct fpchain *c, struct symbolizer *sym);

/*
 * chain[0..nr) is a sample's PERF_SAMPLE_CALLCHAIN.  Fills kern and user
 * leaf first (at most max each): the first entry of each context is where
 * execution was, the rest are return addresses minus one.  leaf_caller,
 * when not 0, is the sampled function's caller found by its CFI (minus
 * one): a function without a frame of its own hides it from the kernel's
 * walk, and it goes in second place unless the chain has it there.  A
 * user chain that does not end at a thread's entry ends with
 * FPCHAIN_UNKNOWN when it ran into garbage, and *why is TRUNC_NO_UNWIND
 * (counted by the module of its last good frame); one that filled the
 * kernel's max_stack entries is TRUNC_MAX_DEPTH.  Returns the number of
 * user frames.
 */
size_t fpchain_split(struct fpchain *c, struct rproc *p, const uint64_t *chain, uint64_t nr,
		     uint32_t max_stack, uint64_t leaf_caller, uint64_t *kern, size_t *nk,
		     uint64_t *user, size_t max, enum trunc_reason *why);

/*
 * The kernel part of a chain whose user part is unwound from a stack copy
 * (DWARF mode), into kern leaf first: the sampled address, then return
 * addresses minus one.  Returns how many.
 */
size_t fpchain_kernel(const uint64_t *chain, uint64_t nr, uint64_t *kern, size_t max);

/* Broken chains by the module they broke in, most first: i from 0 until
 * false.  *module is the mapped path. */
bool fpchain_broken(struct fpchain *c, size_t i, const char **module, uint64_t *count);

#endif
