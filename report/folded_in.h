/*
 * Reading folded stacks ("root;child;leaf COUNT", one stack a line, as
 * written by `cprof fold` and the stackcollapse family) into a profile.
 *
 * The reader is streaming: feed it blocks of any size.  Frames are interned
 * by hash and a line that shares a prefix with the previous one (folded
 * files are usually sorted) reuses that part of the stack tree, so big
 * files go at disk speed.  Lines that do not parse are counted, with the
 * first few line numbers kept for the message.
 *
 * Counts are exact: whole counts up to 2^64 - 1 are summed as integers
 * (struct pcount), fractions are kept.  A line whose count does not fit
 * in 64 bits, or would take a column's total past it, is a bad line: the
 * profile keeps what it can add up exactly.  So are lines with a NUL byte
 * or a carriage return inside (a file with CR-only line ends would
 * otherwise be one long stack) and lines longer than FOLDED_MAX_LINE.
 *
 * The differential form "stack COUNT_A COUNT_B" fills weight columns 0 and
 * 1 and sets profile->ncols to 2.
 */
#ifndef CPROF_FOLDED_IN_H
#define CPROF_FOLDED_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/profile.h"

enum folded_mode {
	FOLDED_AUTO,	/* decided by the first stack line */
	FOLDED_SINGLE,	/* one count; "a;b 1 2" is stack "a;b 1", count 2 */
	FOLDED_DIFF,	/* two counts */
};

#define FOLDED_BAD_LINES 5
#define FOLDED_MAX_LINE (64 << 20)	/* bytes; deeper stacks than anyone records */

struct folded_stats {
	uint64_t lines;		/* lines seen, blank ones included */
	uint64_t stacks;	/* lines that added a stack */
	uint64_t bad;		/* lines skipped because they do not parse */
	uint64_t bad_line[FOLDED_BAD_LINES];	/* the first ones, from 1 */
	const char *bad_why[FOLDED_BAD_LINES];	/* and why, "no count" … */
	unsigned nbad_line;
};

struct folded_reader;

/*
 * Stacks go into p (which may already hold stacks: counts add up).  With
 * times, every stack line also becomes a profile sample in file order
 * (time = its sequence number), for flame charts of folded input.
 */
struct folded_reader *folded_reader_new(struct profile *p, enum folded_mode mode, bool times);
void folded_reader_free(struct folded_reader *r);
void folded_reader_feed(struct folded_reader *r, const char *data, size_t n);
/* Parses a last line that has no newline; call once at the end. */
void folded_reader_finish(struct folded_reader *r);
const struct folded_stats *folded_reader_stats(const struct folded_reader *r);
/* The mode the reader settled on (FOLDED_AUTO until a stack was read). */
enum folded_mode folded_reader_mode(const struct folded_reader *r);

/* Feeds the whole of fd until end of file; name is for messages.  0 or -errno. */
int folded_reader_read_fd(struct folded_reader *r, int fd, const char *name);

/* Parses a whole buffer into p; a convenience for small inputs and tests. */
void folded_parse(struct profile *p, const char *text, size_t n, struct folded_stats *st);

#endif
