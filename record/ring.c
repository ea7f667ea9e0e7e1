#include "config.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/util.h"
#include "record/ring.h"

int ring_map(struct ring *r, int fd, size_t data_pages)
{
	size_t page = sysconf(_SC_PAGESIZE);
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->size = data_pages * page;
	r->map_len = r->size + page;
	r->base = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r->base == MAP_FAILED) {
		int e = errno;
		r->base = NULL;
		if (e == EPERM)
			return err_set(e, "cannot map a %zu KiB ring buffer: over the locked-memory "
				       "budget (perf_event_mlock_kb, shared by this user's recordings, "
				       "and ulimit -l); try a smaller -m", r->size >> 10);
		return err_errno(e, "cannot map the ring buffer (%zu KiB)", r->size >> 10);
	}
	r->data = (uint8_t *)r->base + page;
	return 0;
}

void ring_unmap(struct ring *r)
{
	if (r->base)
		munmap(r->base, r->map_len);
	r->base = NULL;
}

size_t ring_drain(struct ring *r, struct buf *out)
{
	struct perf_event_mmap_page *meta = r->base;
	if (!meta)
		return 0;
	/* The kernel writes records then publishes data_head: acquire pairs
	 * with that; the release store of data_tail hands the space back. */
	uint64_t head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = meta->data_tail;
	size_t avail = head - tail;
	if (!avail)
		return 0;
	size_t mask = r->size - 1, pos = tail & mask;
	size_t first = MIN(avail, r->size - pos);
	buf_reserve(out, avail);
	buf_put(out, r->data + pos, first);
	buf_put(out, r->data, avail - first);
	__atomic_store_n(&meta->data_tail, head, __ATOMIC_RELEASE);
	return avail;
}
