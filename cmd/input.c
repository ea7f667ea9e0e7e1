/* Inputs of the commands: their first bytes, standard input spooled, `perf script` text. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lib/util.h"
#include "report/perfscript.h"

ssize_t cmd_read_head(int fd, char *buf, size_t len)
{
	size_t n = 0;
	while (n < len) {
		ssize_t r = read(fd, buf + n, len - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (!r)
			break;
		n += r;
	}
	return n;
}

char *cmd_spool_stdin(const struct cmd_entry *c, const char *head, size_t n)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/cprof-%s-XXXXXX", dir && *dir ? dir : "/tmp", c->name);
	int fd = mkstemp(path);
	char *block = xmalloc(1 << 20);
	ssize_t got = n;
	bool ok = fd >= 0 && write(fd, head, n) == (ssize_t)n;
	while (ok && (got = read(0, block, 1 << 20)) > 0)
		ok = write(fd, block, got) == got;
	free(block);
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (ok && got == 0)
		return path;
	cmd_error(c, "cannot copy the trace from standard input to '%s': %s", path,
		  strerror(errno));
	unlink(path);
	free(path);
	return NULL;
}

static void report_bad_lines(const struct cmd_entry *c, const char *name,
			     const struct perfscript_stats *st)
{
	char lines[256] = "";
	size_t o = 0;
	for (unsigned i = 0; i < st->nbad_line && o < sizeof(lines); i++)
		o += snprintf(lines + o, sizeof(lines) - o, "%s%llu", i ? ", " : "",
			      (unsigned long long)st->bad_line[i]);
	cmd_notice(c, "'%s': skipped %llu line%s of no perf script form (line%s %s%s)", name,
		   (unsigned long long)st->bad, st->bad == 1 ? "" : "s",
		   st->nbad_line == 1 ? "" : "s", lines, st->bad > st->nbad_line ? ", ..." : "");
}

struct perfscript_reader *cmd_read_perfscript(const struct cmd_entry *c, int fd,
					      const char *name, const char *head, size_t n,
					      const struct perfscript_opts *o)
{
	struct perfscript_reader *r = perfscript_reader_new(o);
	perfscript_reader_feed(r, head, n);
	if (perfscript_reader_read_fd(r, fd, name) < 0) {
		cmd_error(c, "%s", err_msg());
		perfscript_reader_free(r);
		return NULL;
	}
	const struct perfscript_stats *st = perfscript_reader_stats(r);
	const char *event = perfscript_reader_event(r);
	if (st->bad)
		report_bad_lines(c, name, st);
	if (st->other_events && !(o->event && *o->event))
		cmd_notice(c, "'%s': only the samples of the first event, '%s' (choose another "
			   "with --event)", name, event);
	if (!st->samples) {
		if (o->event && *o->event)
			cmd_error(c, "'%s': no samples of event '%s'", name, o->event);
		else
			cmd_error(c, "'%s': no samples in this perf script text (an event line, "
				  "its frames, a blank line)", name);
		perfscript_reader_free(r);
		errno = EINVAL;
		return NULL;
	}
	return r;
}
