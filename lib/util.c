#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"

static void oom(size_t n)
{
	fprintf(stderr, "cprof: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (!p)
		oom(count * n);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		oom(strlen(fmt));
	va_end(ap);
	return s;
}

static _Thread_local char err_buf[1024];

__attribute__((format(printf, 3, 0)))
static int err_vset(int errnum, bool with_reason, const char *fmt, va_list ap)
{
	int n = vsnprintf(err_buf, sizeof(err_buf), fmt, ap);
	if (with_reason && n >= 0 && (size_t)n < sizeof(err_buf))
		snprintf(err_buf + n, sizeof(err_buf) - n, ": %s", strerror(errnum));
	return -(errnum ? errnum : EINVAL);
}

int err_set(int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = err_vset(errnum, false, fmt, ap);
	va_end(ap);
	return r;
}

int err_errno(int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = err_vset(errnum, true, fmt, ap);
	va_end(ap);
	return r;
}

const char *err_msg(void)
{
	return err_buf[0] ? err_buf : "unknown error";
}

bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

bool parse_double(const char *s, double *out)
{
	char *end;
	if (!s || !*s)
		return false;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

bool parse_size(const char *s, uint64_t *out)
{
	char *end;
	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return false;
	unsigned shift = 0;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || (shift && v > (UINT64_MAX >> shift)))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

bool list_has(const char *list, const char *value)
{
	size_t len = strlen(value);
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		if (n == len && strncmp(p, value, n) == 0)
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

const char *path_base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

void fput_shell_word(const char *s, FILE *f)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_@%+=:,./-";
	bool control = false;
	for (const char *p = s; *p; p++)
		control |= (unsigned char)*p < 0x20 || *p == 0x7f;
	if (*s && strspn(s, safe) == strlen(s)) {
		fputs(s, f);
	} else if (!control) {
		/* Inside single quotes only the quote itself needs care. */
		fputc('\'', f);
		for (const char *p = s; *p; p++) {
			if (*p == '\'')
				fputs("'\\''", f);
			else
				fputc(*p, f);
		}
		fputc('\'', f);
	} else {
		/* A newline or tab would break the line: $'...' spells them. */
		fputs("$'", f);
		for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
			if (*p == '\n')
				fputs("\\n", f);
			else if (*p == '\t')
				fputs("\\t", f);
			else if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\x%02x", *p);
			else if (*p == '\'' || *p == '\\')
				fprintf(f, "\\%c", *p);
			else
				fputc(*p, f);
		}
		fputc('\'', f);
	}
}

unsigned edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned *row = xmalloc((lb + 1) * sizeof(*row));

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		unsigned diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned best = diag + (a[i - 1] != b[j - 1]);
			best = MIN(best, up + 1);
			best = MIN(best, row[j - 1] + 1);
			row[j] = best;
			diag = up;
		}
	}
	unsigned d = row[lb];
	free(row);
	return d;
}

const char *fmt_bytes(char *buf, size_t len, uint64_t bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = bytes;
	unsigned u = 0;

	while (v >= 1024 && u + 1 < ARRAY_SIZE(units)) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%llu B", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%.1f %s", v, units[u]);
	return buf;
}

uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* "dir/.name.XXXXXX" beside path: hidden, and on path's file system. */
static char *temp_name(const char *path, unsigned attempt)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	uint64_t r = now_ns() ^ ((uint64_t)getpid() << 32) ^ ((uint64_t)attempt * 0x9e3779b97f4a7c15ull);
	return xasprintf("%.*s.%s.%06llx", dirlen, path, path + dirlen,
			 (unsigned long long)(r & 0xffffff));
}

int atomic_open(struct atomic_file *af, const char *path, mode_t mode)
{
	struct stat st;
	*af = (struct atomic_file){ .path = xstrdup(path), .fd = -1 };
	/* renaming over /dev/null would replace the device with a file */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		af->fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
		if (af->fd < 0) {
			int e = errno;
			free(af->path);
			return err_errno(e, "cannot open '%s'", path);
		}
		return af->fd;
	}
	for (unsigned attempt = 0; attempt < 100; attempt++) {
		af->tmp = temp_name(path, attempt);
		af->fd = open(af->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		if (af->fd >= 0)
			return af->fd;
		int e = errno;
		free(af->tmp);
		af->tmp = NULL;
		if (e != EEXIST) {
			free(af->path);
			return err_errno(e, "cannot create '%s'", path);
		}
	}
	free(af->path);
	return err_set(EEXIST, "cannot create '%s': no free temporary name", path);
}

int atomic_commit(struct atomic_file *af)
{
	int ret = 0;
	if (af->tmp && fsync(af->fd) != 0)
		ret = err_errno(errno, "cannot write '%s'", af->path);
	else if (af->tmp && rename(af->tmp, af->path) != 0)
		ret = err_errno(errno, "cannot rename '%s' to '%s'", af->tmp, af->path);
	if (ret < 0)
		unlink(af->tmp);
	free(af->tmp);
	free(af->path);
	af->tmp = af->path = NULL;
	return ret;
}

void atomic_abort(struct atomic_file *af)
{
	if (af->tmp)
		unlink(af->tmp);
	free(af->tmp);
	free(af->path);
	af->tmp = af->path = NULL;
}
