/*
 * Reading `perf script` text: an event line per sample ("comm pid/tid
 * [cpu] time: period event:"), its stack one frame a line ("addr
 * func+off (dso)", leaf first), a blank line after each sample.
 *
 * The stacks are collapsed exactly as FlameGraph's stackcollapse-perf.pl
 * does it, rule for rule, so that `cprof fold` prints the same bytes for the
 * same input and options: the process name (spaces made '_') is the root;
 * "+0x.." offsets are cut; [unknown] frames take their module's base name;
 * names lose their arguments (from the first '(' unless it opens
 * "(anonymous namespace)" or the name looks like a Go method "a.(*T).m"),
 * their quotes, and ';' becomes ':'; "a->b" inline chains become frames,
 * the later ones marked _[i]; Java names under a "java..." process lose a
 * leading 'L'; counts are the sample's period when the line shows one (1
 * else); only the first event seen is kept unless an event is named; a
 * sample without the blank line after it (the end of the file) is not
 * counted; lines that fit none of the forms are counted and skipped.
 *
 * Not taken over: the script's --inline, --context and --srcline, which
 * run addr2line or read source lines interleaved with the frames.
 */
#ifndef CPROF_PERFSCRIPT_H
#define CPROF_PERFSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report/profile.h"

struct perfscript_opts {
	bool pid;		/* root frame "comm-PID" ("comm-?" when no pid shown) */
	bool tid;		/* root frame "comm-PID/TID" */
	bool kernel;		/* _[k] after kernel frames (module "[...]" or "...vmlinux") */
	bool jit;		/* _[j] after frames of /tmp/perf-PID.map */
	bool addrs;		/* "[module <addr>]" for frames without a symbol */
	const char *event;	/* only this event; NULL or "": the first one seen */
	const char *pids;	/* comma lists of the samples to keep; NULL: all */
	const char *tids;
};

#define PERFSCRIPT_BAD_LINES 5

struct perfscript_stats {
	uint64_t lines;
	uint64_t samples;	/* stacks counted */
	uint64_t skipped;	/* samples of other events, pids or tids */
	uint64_t bad;		/* lines of no known form */
	uint64_t bad_line[PERFSCRIPT_BAD_LINES];	/* the first ones, from 1 */
	unsigned nbad_line;
	bool other_events;	/* events other than the one kept were seen */
};

struct perfscript_reader;

struct perfscript_reader *perfscript_reader_new(const struct perfscript_opts *o);
void perfscript_reader_free(struct perfscript_reader *r);
/* Blocks of any size; lines may be split anywhere. */
void perfscript_reader_feed(struct perfscript_reader *r, const char *data, size_t n);
/* Takes a last line without a newline; call once at the end. */
void perfscript_reader_finish(struct perfscript_reader *r);
/* Feeds fd until end of file, then finishes; 0 or -errno with err_msg() set. */
int perfscript_reader_read_fd(struct perfscript_reader *r, int fd, const char *name);
const struct perfscript_stats *perfscript_reader_stats(const struct perfscript_reader *r);
/* The event kept (NULL before the first event line that names one). */
const char *perfscript_reader_event(const struct perfscript_reader *r);

/* "stack COUNT" lines sorted bytewise, as the script prints them; 0 or -errno. */
int perfscript_write_folded(const struct perfscript_reader *r, FILE *f);
/*
 * Adds the stacks to p through the folded reader, so suffixes become
 * frame kinds as in any folded input; with times, one sample per stack.
 */
void perfscript_to_profile(const struct perfscript_reader *r, struct profile *p, bool times);

/*
 * Whether the first bytes of a file look like `perf script` text: after
 * any '#' comment lines, a line that starts with a non-blank and holds a
 * number field, then an indented "hex-address ..." frame line or a blank
 * line.  Folded stacks never have either.
 */
bool perfscript_sniff(const char *head, size_t n);

#endif
