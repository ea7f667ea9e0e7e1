/* Folded stacks out: `root;child;leaf COUNT`, one line per stack. */
#ifndef CPROF_FOLDED_OUT_H
#define CPROF_FOLDED_OUT_H

#include <stdio.h>

#include "report/profile.h"

/*
 * Writes every stack that has self weight, root first, siblings in name
 * order; kinds get their suffix (_[k] …), a ';' inside a name becomes
 * ':' and a newline, carriage return or NUL becomes '?', so every frame
 * reads back as one frame and every stack as one line.  With two columns (a differential profile) each line ends with both
 * counts.  Returns 0 or -errno with err_msg() set.
 */
int profile_write_folded(const struct profile *p, FILE *f);

#endif
