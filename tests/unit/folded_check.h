/*
 * Helpers shared by the unit tests of the folded reader and of diff: the
 * folded text of a profile, and exact equality of counts.
 */
#ifndef CPROF_FOLDED_CHECK_H
#define CPROF_FOLDED_CHECK_H

#include <stdbool.h>
#include <stdio.h>

#include "report/folded_out.h"
#include "report/profile.h"
#include "tests/unit/check.h"

/* The folded text profile_write_folded makes of p; the caller frees it. */
static inline char *folded_text(const struct profile *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK_INT(profile_write_folded(p, f), 0);
	fclose(f);
	return buf;
}

static inline bool same_count(struct pcount a, struct pcount b)
{
	return a.n == b.n && a.frac == b.frac;
}

#endif
