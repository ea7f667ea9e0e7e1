/*
 * perf.data read directly (the format of perf's
 * tools/perf/Documentation/perf.data-file-format.txt): its records are the
 * kernel's, so they are replayed through the recorder's own process model,
 * frame-pointer chains and DWARF unwinder into a cprof trace, which every
 * view then reads as it reads cprof's own (symbolized from the recorded
 * mappings, with the binaries of this machine).
 */
#ifndef CPROF_PERFDATA_H
#define CPROF_PERFDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when the bytes start like a perf.data file, of any version or
 * byte order ("PERFILE" and a digit, or that reversed): the reader then
 * says what it cannot read. */
bool perfdata_sniff(const void *p, size_t n);

struct perfdata_stats {
	uint64_t records, samples, lost;
	uint64_t skipped;	/* samples of no known event, or too short to read */
	uint64_t compressed;	/* PERF_RECORD_COMPRESSED records (perf record -z) */
	/* Where reading stopped short, when it did: "truncated at byte 1234
	 * of 5678 (a record runs past the end)"; empty when the file is whole. */
	char damage[160];
};

/*
 * Reads the perf.data file at path and writes it as a cprof trace into fd
 * (an empty file; the call owns it from here and closes it).  0 with the
 * trace finished, also when part of the file was unreadable (st->damage
 * says what); -errno with err_msg() set when nothing could be read (not
 * perf.data, an unknown version or header, no event).
 */
int perfdata_to_trace(const char *path, int fd, struct perfdata_stats *st);

/* The same of a perf.data image in memory (for the fuzzer). */
int perfdata_to_trace_mem(const uint8_t *data, size_t size, const char *name, int fd,
			  struct perfdata_stats *st);

#endif
