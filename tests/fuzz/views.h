/*
 * The views every command draws from a profile (folded text, flame graph,
 * diff), run on what a fuzz target read, with output to /dev/null.
 */
#ifndef CPROF_FUZZ_VIEWS_H
#define CPROF_FUZZ_VIEWS_H

#include <stdio.h>

#include "report/profile.h"

/* /dev/null, opened once. */
FILE *fuzz_null(void);
/* What `flame`, `fold` and `diff` (flame, --report, --fold) do with p, which
 * must have one column.  p is not changed. */
void fuzz_views(const struct profile *p);

#endif
