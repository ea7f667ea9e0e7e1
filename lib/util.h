/* Allocation wrappers, the error helper and small string helpers. */
#ifndef CPROF_UTIL_H
#define CPROF_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* Out of memory is not recoverable for a profiler: these abort with a message. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Modules explain failures here instead of printing: err_set() records a
 * message for the current thread and returns -errnum, so a function can end
 * with `return err_set(ENOENT, "cannot open '%s'", path);`. The command that
 * called it prints err_msg() once.
 */
int err_set(int errnum, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int err_errno(int errnum, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *err_msg(void);

/* Parse helpers for option values; return false on junk or overflow. */
bool parse_u64(const char *s, uint64_t *out);
bool parse_double(const char *s, double *out);
/* "64K", "8M", "1G" or plain bytes. */
bool parse_size(const char *s, uint64_t *out);

/* Whether value is one of the items of a comma-separated list. */
bool list_has(const char *list, const char *value);

/* The last component of path ("libc.so.6" of "/lib/x86_64-linux-gnu/libc.so.6");
 * path itself when it ends in '/' or has none. */
const char *path_base(const char *path);

/* Writes s as one word a shell reads back as s: as it is when it holds
 * nothing special, else in single quotes, or $'...' for control characters. */
void fput_shell_word(const char *s, FILE *f);

/* Levenshtein distance, for "did you mean". */
unsigned edit_distance(const char *a, const char *b);

/* Human-readable byte count into buf ("12.3 KiB"). */
const char *fmt_bytes(char *buf, size_t len, uint64_t bytes);

/*
 * An output file that is complete or absent, never half written: the data
 * goes to a new temporary file beside path (same directory, so rename is
 * atomic), created O_EXCL with the final mode (umask applies), and takes
 * path's name only at atomic_commit().  A path that exists and is not a
 * regular file (/dev/null, a FIFO, a terminal) is written in place.
 *
 *	int fd = atomic_open(&af, path, 0666);
 *	... write to fd (or an fdopen()ed FILE, flushed) ...
 *	atomic_commit(&af) or atomic_abort(&af);  then close(fd) / fclose()
 *
 * The caller owns fd and closes it after commit or abort.
 */
struct atomic_file {
	char *path;		/* the final name */
	char *tmp;		/* the temporary name; NULL when writing path itself */
	int fd;
};

/* The descriptor to write, or -errno with err_msg() set. */
int atomic_open(struct atomic_file *af, const char *path, mode_t mode);
/* Syncs and renames into place: 0, or -errno with err_msg() and no file left. */
int atomic_commit(struct atomic_file *af);
/* Removes the temporary file; path keeps what it had. */
void atomic_abort(struct atomic_file *af);

/* Monotonic clock in nanoseconds. */
uint64_t now_ns(void);

#endif
