/* Annotate's state, shared by its search (annotate.c) and its listing
 * (annotate_out.c). */
#ifndef CPROF_ANNOTATE_INTERNAL_H
#define CPROF_ANNOTATE_INTERNAL_H

#include "lib/array.h"
#include "report/annotate.h"
#include "sym/symbols.h"
#include "trace/trace.h"

/* One distinct innermost address of the samples. */
struct hit {
	uint32_t proc;
	uint64_t addr;
	double count;
	struct sym_result sym;	/* what the trace says it is */
	uint32_t cand;		/* the candidate function it belongs to, or UINT32_MAX */
	uint64_t vaddr;		/* its ELF address, when placed */
	bool placed;		/* inside the function's bytes */
};

/* A function the user may mean: a name in a module. */
struct cand {
	char *func, *module;
	double count;
	bool kernel, via_inline;
};

enum bin_status { BIN_OK, BIN_MISSING, BIN_CHANGED, BIN_NOT_ELF, BIN_NOT_REGULAR, BIN_KERNEL,
		  BIN_NO_SYMBOL };

struct annotation {
	struct trace *t;
	const struct annotate_opts *o;
	struct symbolizer *sym;
	ARRAY(struct hit) hits;
	ARRAY(struct cand) cands;
	uint32_t chosen;
	double total;		/* samples of the event */
	double fn_total;	/* of those, in the function's bytes */
	/* The binary. */
	enum bin_status bin_status;
	const struct trace_map *map;	/* the hottest address's mapping */
	char *rec_path;		/* as recorded */
	char *bin_path;		/* where it was found */
	struct symelf *elf;	/* owned by sym */
	const struct binfile *bin;	/* its file */
	uint64_t start, size;	/* the function, in ELF addresses */
	const uint8_t *code;
};

/* The disassembly with counts and source; 0 or -errno. */
int annotate_listing(struct annotation *a, FILE *f);
/* Without the binary: the recorded addresses, counts and lines. */
int annotate_recorded(struct annotation *a, FILE *f);

#endif
