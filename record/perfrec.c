/* The side-band records both readers of the kernel's records share. */
#include "config.h"

#include "lib/util.h"
#include "record/perfrec.h"
#include "record/procs.h"

bool perf_rec_mmap(const struct perf_event_header *h, bool build_ids, struct rmap *m,
		   uint32_t *pid)
{
	const char *name;
	size_t namelen;
	if (h->misc & PERF_RECORD_MISC_KERNEL)
		return false;
	if (h->type == PERF_RECORD_MMAP2) {
		struct perf_rec_mmap2 r;
		if (!perf_rec_get(h, &r, sizeof(r)))
			return false;
		*m = (struct rmap){ .start = r.addr, .end = r.addr + r.len, .pgoff = r.pgoff,
				    .prot = r.prot };
		if (build_ids && (h->misc & PERF_RECORD_MISC_MMAP_BUILD_ID)) {
			m->build_id_len = MIN(r.build_id_size, sizeof(m->build_id));
			memcpy(m->build_id, r.build_id, m->build_id_len);
		}
		namelen = perf_rec_strlen(h, sizeof(r), &name);
		*pid = r.pid;
	} else {
		struct perf_rec_mmap r;
		if (!perf_rec_get(h, &r, sizeof(r)))
			return false;
		*m = (struct rmap){ .start = r.addr, .end = r.addr + r.len, .pgoff = r.pgoff,
				    .prot = h->misc & PERF_RECORD_MISC_MMAP_DATA ? 1 : 4 };
		namelen = perf_rec_strlen(h, sizeof(r), &name);
		*pid = r.pid;
	}
	m->path = xstrndup(name, namelen);
	return true;
}
