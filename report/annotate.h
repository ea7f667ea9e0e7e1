/*
 * `cprof annotate`: one function's instructions (capstone) with each one's
 * share of the function's samples and the source lines interleaved,
 * inlined functions' lines included.
 */
#ifndef CPROF_ANNOTATE_H
#define CPROF_ANNOTATE_H

#include <stdbool.h>
#include <stdio.h>

#include "trace/trace.h"

enum annotate_view { VIEW_MIXED, VIEW_ASM, VIEW_SOURCE };

struct annotate_opts {
	const char *symbol;	/* the function, as `report` names it */
	const char *event;	/* NULL: the first recorded */
	const char *dso;	/* only functions in this module (base name or path) */
	enum annotate_view view;
	bool intel;		/* Intel syntax; AT&T (objdump's and perf's default) otherwise */
	bool color;
	unsigned width;		/* cut lines to this width; 0 = never */
};

/*
 * Writes the annotation of o->symbol to f.  Returns 0, or -errno with
 * err_msg() set: no sampled function by that name, or several (the message
 * lists them).  When the binary is missing or differs from the one recorded,
 * the recorded addresses and counts are written instead and *notice (the
 * caller frees it) says why; otherwise *notice is NULL.
 */
int annotate_write(struct trace *t, const struct annotate_opts *o, FILE *f, char **notice);

#endif
