#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/lines.h"
#include "lib/util.h"

#define BLOCK (1 << 20)

static void carry_over(struct lines *l, const char *data, size_t n)
{
	if (l->too_long)
		return;
	if (l->carry.n + n > l->max) {
		l->too_long = true;
		buf_release(&l->carry);
		return;
	}
	buf_put(&l->carry, data, n);
}

/* The end of the carried line is data[0..n). */
static void finish_carry(struct lines *l, const char *data, size_t n)
{
	carry_over(l, data, n);
	if (l->too_long)
		l->line(l->ctx, NULL, 0);
	else
		l->line(l->ctx, (const char *)l->carry.p, l->carry.n);
	l->carry.n = 0;
	l->too_long = false;
}

void lines_feed(struct lines *l, const char *data, size_t n)
{
	const char *end = data + n;
	if (l->carry.n || l->too_long) {
		const char *nl = memchr(data, '\n', n);
		if (!nl) {
			carry_over(l, data, n);
			return;
		}
		finish_carry(l, data, nl - data);
		data = nl + 1;
	}
	for (;;) {
		const char *nl = memchr(data, '\n', end - data);
		if (!nl)
			break;
		l->line(l->ctx, data, nl - data);
		data = nl + 1;
	}
	if (data < end)
		carry_over(l, data, end - data);
}

void lines_finish(struct lines *l)
{
	if (l->carry.n || l->too_long)
		finish_carry(l, "", 0);
}

int lines_read_fd(struct lines *l, int fd, const char *name)
{
	char *block = xmalloc(BLOCK);
	int ret = 0;
	for (;;) {
		ssize_t got = read(fd, block, BLOCK);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			ret = err_errno(errno, "cannot read '%s'", name);
			break;
		}
		if (!got)
			break;
		lines_feed(l, block, got);
	}
	free(block);
	lines_finish(l);
	return ret;
}

void lines_release(struct lines *l)
{
	buf_release(&l->carry);
}
