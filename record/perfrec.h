/*
 * The kernel's records as named structs (the layouts of
 * include/uapi/linux/perf_event.h), shared by the recorder, which reads
 * them from its ring buffers, and the perf.data reader, which finds the
 * same records in perf's files.  Only the fixed parts are here: a record's
 * body is copied into its struct after its length was checked
 * (perf_rec_get), never read in place, so a short or unaligned record is
 * no danger.
 */
#ifndef CPROF_PERFREC_H
#define CPROF_PERFREC_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* PERF_RECORD_MMAP; the file name follows, NUL-padded to 8 bytes. */
struct perf_rec_mmap {
	uint32_t pid, tid;
	uint64_t addr, len, pgoff;
};

/* PERF_RECORD_MMAP2; the file name follows.  The build-id replaces the
 * device and inode when the attr asked for it (build_id) and the misc
 * flag PERF_RECORD_MISC_MMAP_BUILD_ID says so. */
struct perf_rec_mmap2 {
	uint32_t pid, tid;
	uint64_t addr, len, pgoff;
	union {
		struct {
			uint32_t maj, min;
			uint64_t ino, ino_generation;
		};
		struct {
			uint8_t build_id_size;
			uint8_t reserved1;
			uint16_t reserved2;
			uint8_t build_id[20];
		};
	};
	uint32_t prot, flags;
};

/* PERF_RECORD_COMM; the name follows, NUL-terminated. */
struct perf_rec_comm {
	uint32_t pid, tid;
};

/* PERF_RECORD_FORK and PERF_RECORD_EXIT. */
struct perf_rec_task {
	uint32_t pid, ppid, tid, ptid;
	uint64_t time;
};

/* PERF_RECORD_LOST. */
struct perf_rec_lost {
	uint64_t id, lost;
};

/* PERF_RECORD_LOST_SAMPLES. */
struct perf_rec_lost_samples {
	uint64_t lost;
};

/*
 * The start of the recorder's samples, whose sample_type is IDENTIFIER |
 * IP | TID | TIME and then more (PERIOD for counting events, RAW for
 * tracepoints): the fields every one of them has, in the kernel's order.
 */
struct perf_sample_start {
	uint64_t id, ip;
	uint32_t pid, tid;
	uint64_t time;
};

/*
 * The sample_id trailer the recorder's side-band records carry
 * (sample_id_all with TID | TIME | IDENTIFIER): the record's last bytes.
 */
struct perf_id_trailer {
	uint32_t pid, tid;
	uint64_t time, id;
};

/* Copies the first size bytes of h's body into out: false when the record
 * is too short to hold them. */
static inline bool perf_rec_get(const struct perf_event_header *h, void *out, size_t size)
{
	if (h->size < sizeof(*h) + size)
		return false;
	memcpy(out, h + 1, size);
	return true;
}

/* The recorder's sample_id trailer of a side-band record. */
static inline bool perf_rec_trailer(const struct perf_event_header *h, struct perf_id_trailer *t)
{
	if (h->size < sizeof(*h) + sizeof(*t))
		return false;
	memcpy(t, (const uint8_t *)h + h->size - sizeof(*t), sizeof(*t));
	return true;
}

/* The string after a record's fixed part of size bytes (a file or task
 * name), at most the rest of the record long: its length. */
static inline size_t perf_rec_strlen(const struct perf_event_header *h, size_t size,
				     const char **s)
{
	*s = (const char *)(h + 1) + size;
	return h->size < sizeof(*h) + size ? 0 : strnlen(*s, h->size - sizeof(*h) - size);
}

struct rmap;
/*
 * An MMAP or MMAP2 record as the process model keeps a mapping (m->path is
 * allocated; the caller frees it): false for the kernel's own mappings
 * (kallsyms covers them) and for a record too short.  The build-id is
 * taken only with build_ids, when the attr asked for it: some kernels set
 * the flag over a device and inode.  MMAP records are of code unless
 * flagged as data.
 */
bool perf_rec_mmap(const struct perf_event_header *h, bool build_ids, struct rmap *m,
		   uint32_t *pid);

#endif
