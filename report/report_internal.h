/* The report's model, shared by its aggregation (report.c) and its writers
 * (report_out.c). */
#ifndef CPROF_REPORT_INTERNAL_H
#define CPROF_REPORT_INTERNAL_H

#include "lib/array.h"
#include "lib/hashmap.h"
#include "report/profile.h"
#include "report/report.h"
#include "trace/trace.h"

#define RNONE UINT32_MAX

/* A call graph: a tree of canonical frames, node 0 the root. */
struct gnode {
	uint32_t frame, parent, first_child, next_sibling;
	double weight;
};

struct rgraph {
	ARRAY(struct gnode) nodes;
	struct hashmap index;	/* parent << 32 | frame -> node */
};

struct rentry {
	uint64_t key[KEY_N];	/* indexed by enum report_key */
	double self, children;
	struct rgraph graph;
};

struct rmodel {
	const struct report_opts *o;
	struct trace *t;	/* NULL for a profile from another format: */
	const char *name, *type;	/* then its name and what its weights are */
	struct profile *p;
	ARRAY(struct pthread) threads;	/* of the root nodes; 0 unused */
	uint32_t *node_thread;	/* per profile node: index in threads */
	uint32_t *node_entry;	/* per profile node: entry, RNONE above the frames */
	bool *outermost;	/* no ancestor belongs to the same entry */
	uint32_t *canon;	/* per frame: the first frame of the same name and kind */
	ARRAY(struct rentry) entries;
	struct hashmap entry_index;
	ARRAY(uint32_t) shown;	/* entries to print, in order */
	double total;		/* weight of the selected samples */
	uint64_t event_samples;	/* samples of the event, before filters */
	uint64_t truncated;	/* of those, stacks that do not reach their root */
};

/* The text of one key of an entry (a pointer into buf or the profile). */
const char *report_key_text(const struct rmodel *m, const struct rentry *e,
			    enum report_key k, char *buf, size_t len);
const char *report_key_name(enum report_key k);
const char *report_kind_name(enum frame_kind k);
int report_write_text(const struct rmodel *m, FILE *f);
int report_write_csv(const struct rmodel *m, FILE *f);
int report_write_json(const struct rmodel *m, FILE *f);

#endif
