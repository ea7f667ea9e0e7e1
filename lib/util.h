/* Allocation wrappers, the error helper and small string helpers. */
#ifndef CPROF_UTIL_H
#define CPROF_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* Levenshtein distance, for "did you mean". */
unsigned edit_distance(const char *a, const char *b);

/* Human-readable byte count into buf ("12.3 KiB"). */
const char *fmt_bytes(char *buf, size_t len, uint64_t bytes);

/* Monotonic clock in nanoseconds. */
uint64_t now_ns(void);

#endif
