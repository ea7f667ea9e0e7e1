/*
 * `cprof report`: where the time goes, as a table of entries (one per
 * distinct combination of the sort keys) with Children and Self shares and
 * a call graph under each, in text, CSV or JSON.
 */
#ifndef CPROF_REPORT_H
#define CPROF_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "report/trace_profile.h"

enum report_key { KEY_COMM, KEY_PID, KEY_TID, KEY_DSO, KEY_SYM, KEY_SRCLINE, KEY_N };
enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON };
enum report_graph { GRAPH_NONE, GRAPH_CALLER, GRAPH_CALLEE };

struct report_opts {
	/* Which samples count: event, --pid/--tid/--comm lists, time window. */
	struct trace_profile_opts select;
	enum report_key keys[KEY_N];
	size_t nkeys;
	bool no_children;	/* Self only */
	enum report_graph graph;
	double percent_limit;	/* hide entries under this share (percent) */
	double graph_limit;	/* hide call graph branches under this share */
	unsigned max_stack;	/* frames kept nearest the leaf; 0 = all */
	const char *dsos, *symbols;	/* comma lists of entries to show; NULL = all */
	enum report_format format;
	unsigned width;		/* text: cut lines to this width; 0 = never */
	bool color;		/* text: ANSI colours */
};

/* Fills keys from "comm,dso,sym"; -EINVAL with err_msg() naming a bad key. */
int report_parse_keys(struct report_opts *o, const char *list);
/* Parses "START,END" in seconds from the recording's start (either side may
 * be empty) into o->select's time window; -EINVAL on junk. */
int report_parse_time(struct report_opts *o, const char *arg);

/* Writes the report of t; 0, or -errno with err_msg() set. */
int report_write(struct trace *t, const struct report_opts *o, FILE *f);
/*
 * The same for a profile read from another format (pprof), whose root
 * frames are its threads ("comm-PID/TID", or a name): name is the input's,
 * type what the weights are ("cpu/nanoseconds").  p becomes the report's.
 */
int report_write_profile(struct profile *p, const char *name, const char *type,
			 const struct report_opts *o, FILE *f);

#endif
