#include "config.h"

#include <stdlib.h>

#include "lib/util.h"
#include "record/unwind.h"

/* Placeholder until the libdw unwinder lands: the sampled instruction only. */
uint64_t unwind_regs_mask(void)
{
	return 0xff00ffull;
}

struct unwinder {
	struct procs *ps;
};

struct unwinder *unwinder_new(struct procs *ps)
{
	struct unwinder *u = xcalloc(1, sizeof(*u));
	u->ps = ps;
	return u;
}

void unwinder_free(struct unwinder *u)
{
	free(u);
}

size_t unwinder_unwind(struct unwinder *u, struct rproc *p, const struct unwind_sample *smp,
		       uint64_t *pcs, size_t max, enum trunc_reason *why)
{
	(void)u;
	(void)p;
	if (!max)
		return 0;
	pcs[0] = smp->regs[8];
	*why = TRUNC_NO_UNWIND;
	return 1;
}

void unwinder_forget(struct unwinder *u, struct rproc *p)
{
	(void)u;
	(void)p;
}
