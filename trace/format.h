/*
 * The numbers of the trace format (man/cprof-data.5), shared by the writer
 * here and the reader in trace/trace.c.
 */
#ifndef CPROF_FORMAT_H
#define CPROF_FORMAT_H

#define TRACE_MAGIC "\x89" "CPROF\r\n"
#define TRACE_MAGIC_LEN 8
#define TRACE_VERSION 1
#define CHUNK_MARKER 0x4b43	/* "CK" little-endian */
#define CHUNK_HEAD 8		/* marker, type, length */
#define CHUNK_TAIL 4		/* CRC-32 */
#define CHUNK_MAX (64u << 20)	/* largest payload a reader accepts */

/* Limits a reader holds a file to, so that the work and memory of reading it
 * follow its size, not numbers written in it.  The writer stays far below
 * (its stacks stop at 1024 frames). */
#define TRACE_MAX_DEPTH 2048	/* stack nodes from a leaf to the root */
#define TRACE_MAX_INLINE 256	/* frames of one SYMBOLS entry */

enum chunk_type {
	CHUNK_HEADER = 1,
	CHUNK_STRINGS = 2,
	CHUNK_PROCS = 3,
	CHUNK_THREADS = 4,
	CHUNK_MAPS = 5,
	CHUNK_STACKS = 6,
	CHUNK_SAMPLES = 7,
	CHUNK_SYMBOLS = 8,
	CHUNK_STATS = 9,
	CHUNK_END = 10,
	/* How processes ended.  Numbered apart from the others so that
	 * chunk types added beside it need not agree on the next number. */
	CHUNK_ENDS = 16,
	/* Resident memory over time. */
	CHUNK_MEMORY = 17,
};

/* The process id of the machine's own figures in MEMORY. */
#define TRACE_MACHINE_PROC 0

/* Why a stack does not reach its root; a sample's flags carry one. */
enum trunc_reason {
	TRUNC_NONE = 0,
	TRUNC_MAX_DEPTH = 1,	/* the kernel's or cprof's frame limit */
	TRUNC_STACK_SIZE = 2,	/* the DWARF stack copy was too small */
	TRUNC_NO_UNWIND = 3,	/* no unwind information for a frame */
	TRUNC_BAD_READ = 4,	/* a memory read outside what was copied */
	TRUNC_OTHER = 5,
	TRUNC_NREASONS = 8,
};

#define SAMPLE_TRUNC_BITS 3	/* flags = event << 3 | reason */

/* The most frames the recorder's DWARF walk yields (TRUNC_MAX_DEPTH). */
#define UNWIND_MAX_FRAMES 512

/* Symbol kinds in a SYMBOLS chunk. */
enum trace_sym_kind { TSYM_USER = 0, TSYM_KERNEL = 1, TSYM_JIT = 2 };

/* How a process ended, in an ENDS entry. */
enum trace_end_how {
	TEND_UNKNOWN = 0,	/* it ended; how was not seen */
	TEND_EXITED = 1,	/* value: its exit status */
	TEND_SIGNAL = 2,	/* value: the signal that killed it */
	TEND_OOM = 3,		/* killed by the kernel's OOM killer; value: the signal */
};

/* The process id of kernel addresses in SYMBOLS. */
#define TRACE_KERNEL_PROC 0

#endif
