/*
 * A perf ring buffer: one per CPU, mapped from the first event opened on it;
 * other events on that CPU are redirected into it.
 */
#ifndef CPROF_RING_H
#define CPROF_RING_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

struct ring {
	int fd;
	void *base;		/* the metadata page, then the data */
	uint8_t *data;
	size_t size;		/* data size, a power of two */
	size_t map_len;
};

/* Maps data_pages (a power of two) after the metadata page. */
int ring_map(struct ring *r, int fd, size_t data_pages);
void ring_unmap(struct ring *r);

/*
 * Appends every complete record now in the buffer to out (as
 * perf_event_header-prefixed records, back to back, never split) and frees
 * the space in the buffer.  Returns the number of bytes appended.
 */
size_t ring_drain(struct ring *r, struct buf *out);

#endif
