#include "config.h"

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"
#include "record/procs.h"
#include "record/rotate.h"
#include "record/session.h"
#include "sym/symbols.h"
#include "trace/format.h"

struct sym_ctx {
	struct symbolizer *sym;
	struct trace_writer *w;
};

static void symbolize_one(void *ctx, const struct rproc *p, const struct rmap *m, uint64_t addr)
{
	struct sym_ctx *c = ctx;
	struct sym_result res = { 0 };
	int rc;
	if (!p) {
		rc = symbolizer_kernel(c->sym, addr, &res);
	} else {
		struct sym_mapping sm = { 0 };
		if (m)
			sm = (struct sym_mapping){
				.path = m->path, .start = m->start, .end = m->end, .pgoff = m->pgoff,
				.build_id = m->build_id_len ? m->build_id : NULL,
				.build_id_len = m->build_id_len,
			};
		rc = symbolizer_user(c->sym, p->pid, m ? &sm : NULL, addr, &res);
	}
	/* Even a failed lookup (hidden kernel names) may know the module. */
	if (rc == 0 || res.module) {
		struct trace_writer_frame *f = xcalloc(res.nframes + 1, sizeof(*f));
		for (size_t i = 0; i < res.nframes; i++)
			f[i] = (struct trace_writer_frame){ res.frames[i].func, res.frames[i].file,
							    res.frames[i].line };
		struct trace_writer_symbol ts = {
			.module = res.module, .offset = res.offset, .nframes = res.nframes, .frames = f,
			.kind = res.kind == SYM_KERNEL ? TSYM_KERNEL :
				res.kind == SYM_JIT ? TSYM_JIT : TSYM_USER,
		};
		trace_writer_put_symbol(c->w, p ? p->id : TRACE_KERNEL_PROC, addr, &ts);
		free(f);
	}
	sym_result_release(&res);
}

void rec_symbolize(struct session *s, struct symbolizer *sym, struct trace_writer *w)
{
	struct sym_ctx c = { sym, w };
	if (sym)
		session_each_addr(s, symbolize_one, &c);
}


/* NAME.YYYYmmddTHHMMSS in local time, the time the file starts; a second
 * file in the same second (SIGUSR2, a small size) gets -2, -3... */
static char *file_name(const struct rotation *r, uint64_t real_ns)
{
	time_t sec = real_ns / 1000000000ull;
	struct tm tm;
	char stamp[32];
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", localtime_r(&sec, &tm));
	char *name = xasprintf("%s.%s", r->base, stamp);
	struct stat st;
	for (int i = 2; lstat(name, &st) == 0 && i < 1000; i++) {
		free(name);
		name = xasprintf("%s.%s-%d", r->base, stamp, i);
	}
	return name;
}

/* The hidden temporary name beside path: ".BASENAME.XXXXXX". */
static char *temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0;
	return xasprintf("%.*s.%s.XXXXXX", dirlen, path, path + dirlen);
}

struct trace_writer *rotation_open(struct rotation *r)
{
	r->name = file_name(r, r->header.start_realtime_ns);
	r->tmp = temp_name(r->name);
	int fd = mkostemp(r->tmp, O_CLOEXEC);
	if (fd < 0) {
		err_errno(errno, "cannot create a file beside '%s'", r->name);
		free(r->tmp);
		free(r->name);
		r->tmp = r->name = NULL;
		return NULL;
	}
	fchmod(fd, 0600);
	r->opened_ns = now_ns();
	return trace_writer_fdopen(fd, r->name, &r->header);
}

bool rotation_due(const struct rotation *r, uint64_t now, uint64_t bytes)
{
	return (r->now && *r->now) || (r->every_ns && now - r->opened_ns >= r->every_ns) ||
	       (r->max_bytes && bytes >= r->max_bytes);
}

/* The oldest files go until keep remain. */
static void prune(struct rotation *r)
{
	size_t drop = r->keep && r->done.n > r->keep ? r->done.n - r->keep : 0;
	for (size_t i = 0; i < drop; i++) {
		if (unlink(r->done.v[i]) == 0)
			r->removed++;
		free(r->done.v[i]);
	}
	memmove(r->done.v, r->done.v + drop, (r->done.n - drop) * sizeof(*r->done.v));
	r->done.n -= drop;
}

/* Finishes w, names it, prunes; takes tmp and name. */
static int finish_file(struct rotation *r, struct trace_writer *w, char *tmp, char *name)
{
	int rc = trace_writer_finish(w);
	if (!tmp)
		return rc;
	if (rc == 0 && rename(tmp, name) < 0)
		rc = err_errno(errno, "cannot rename '%s' to '%s'", tmp, name);
	if (rc < 0) {
		unlink(tmp);
		free(name);
		r->failed++;
	} else {
		array_push(&r->done, name);
		r->files++;
	}
	free(tmp);
	prune(r);
	return rc;
}

int rotation_close(struct rotation *r, struct trace_writer *w)
{
	rotation_wait(r);
	int rc = finish_file(r, w, r->tmp, r->name);
	r->tmp = r->name = NULL;
	return rc;
}

struct closing {
	struct rotation *r;
	struct trace_writer *w;
	char *tmp, *name;
	struct procs procs;
	struct symbolizer *sym;
};

/* What session_each_addr does, for a process model of its own. */
static void symbolize_procs(struct closing *c)
{
	struct sym_ctx sc = { c->sym, c->w };
	uint64_t addr, one;
	for (size_t i = 0; hashmap_next(&c->procs.kernel_addrs, &i, &addr, &one);)
		symbolize_one(&sc, NULL, NULL, addr);
	for (size_t k = 0; k < c->procs.all.n; k++) {
		const struct rproc *p = c->procs.all.v[k];
		for (size_t i = 0; hashmap_next(&p->addrs, &i, &addr, &one);)
			symbolize_one(&sc, p, rproc_find_map(p, addr), addr);
	}
}

static void *close_in_background(void *arg)
{
	struct closing *c = arg;
	if (c->sym)
		symbolize_procs(c);
	finish_file(c->r, c->w, c->tmp, c->name);
	procs_release(&c->procs);
	symbolizer_free(c->sym);
	free(c);
	/* The old file's state (a symbolizer's ELF, DWARF and kernel symbols,
	 * tens of MiB on a busy machine) goes back to the system now. */
	malloc_trim(0);
	return NULL;
}

void rotation_close_async(struct rotation *r, struct trace_writer *w, struct procs *procs)
{
	rotation_wait(r);
	struct closing *c = xcalloc(1, sizeof(*c));
	*c = (struct closing){ .r = r, .w = w, .tmp = r->tmp, .name = r->name, .procs = *procs,
			       .sym = r->sym };
	memset(procs, 0, sizeof(*procs));
	c->procs.forget = NULL;		/* the unwinder is the recorder's */
	c->procs.noticed = NULL;
	r->tmp = r->name = NULL;
	r->sym = r->sym && r->sym_opts ? symbolizer_new(r->sym_opts) : NULL;
	/* Signals are the main thread's. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r->closing = pthread_create(&r->closer, NULL, close_in_background, c) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!r->closing)
		close_in_background(c);
}

void rotation_wait(struct rotation *r)
{
	if (r->closing)
		pthread_join(r->closer, NULL);
	r->closing = false;
}

void rotation_release(struct rotation *r)
{
	rotation_wait(r);
	if (r->tmp)
		unlink(r->tmp);
	free(r->tmp);
	free(r->name);
	for (size_t i = 0; i < r->done.n; i++)
		free(r->done.v[i]);
	array_free(&r->done);
}
