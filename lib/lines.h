/*
 * A byte stream cut into lines, for readers fed in blocks of any size.
 * Each whole line goes to line() without its '\n' as soon as it ends; the
 * last one needs no '\n' (lines_finish).  A line longer than max bytes is
 * dropped as it comes, not buffered without end, and reported to line()
 * with s NULL once it ends.
 */
#ifndef CPROF_LINES_H
#define CPROF_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/buf.h"

struct lines {
	size_t max;
	void (*line)(void *ctx, const char *s, size_t n);
	void *ctx;
	struct buf carry;	/* a line split across two feeds */
	bool too_long;		/* the carried line passed max */
};

void lines_feed(struct lines *l, const char *data, size_t n);
/* The line still carried, if any: call once at the end of the input. */
void lines_finish(struct lines *l);
/* Feeds all of fd, then finishes: 0, or -errno with err_msg() naming name. */
int lines_read_fd(struct lines *l, int fd, const char *name);
void lines_release(struct lines *l);

#endif
