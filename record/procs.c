#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"
#include "record/procs.h"
#include "trace/writer.h"

void procs_init(struct procs *ps, struct trace_writer *w)
{
	memset(ps, 0, sizeof(*ps));
	ps->w = w;
}

static void free_maps(struct rproc *p)
{
	for (size_t i = 0; i < p->maps.n; i++)
		free(p->maps.v[i].path);
	array_free(&p->maps);
}

void procs_release(struct procs *ps)
{
	for (size_t i = 0; i < ps->all.n; i++) {
		struct rproc *p = ps->all.v[i];
		if (ps->forget)
			ps->forget(ps->forget_ctx, p);
		free_maps(p);
		hashmap_release(&p->addrs);
		free(p);
	}
	array_free(&ps->all);
	for (size_t i = 0; i < ps->threads.n; i++)
		free(ps->threads.v[i]);
	array_free(&ps->threads);
	hashmap_release(&ps->by_pid);
	hashmap_release(&ps->by_tid);
	hashmap_release(&ps->kernel_addrs);
}

static void read_comm(const struct procs *ps, uint32_t pid, uint32_t tid, char comm[16])
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%u/task/%u/comm", pid, tid);
	FILE *f = ps->offline ? NULL : fopen(path, "re");
	comm[0] = '\0';
	if (f) {
		if (fgets(comm, 16, f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	if (!comm[0])
		snprintf(comm, 16, ":%u", tid);
}

static struct rproc *new_proc(struct procs *ps, uint32_t pid, const char *comm)
{
	struct rproc *p = xcalloc(1, sizeof(*p));
	p->pid = pid;
	snprintf(p->comm, sizeof(p->comm), "%s", comm);
	p->id = trace_writer_proc(ps->w, pid, p->comm);
	if (ps->noticed)
		ps->noticed(ps->noticed_ctx, pid);
	hashmap_put(&ps->by_pid, pid, ps->all.n);
	array_push(&ps->all, p);
	return p;
}

static struct rthread *new_thread(struct procs *ps, uint32_t tid, struct rproc *p, const char *comm)
{
	struct rthread *t = xcalloc(1, sizeof(*t));
	t->tid = tid;
	t->proc = p;
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
	t->id = trace_writer_thread(ps->w, tid, p->id, t->comm);
	hashmap_put(&ps->by_tid, tid, ps->threads.n);
	array_push(&ps->threads, t);
	return t;
}

struct rproc *procs_find_pid(struct procs *ps, uint32_t pid)
{
	uint64_t i;
	return hashmap_get(&ps->by_pid, pid, &i) ? ps->all.v[i] : NULL;
}

static struct rthread *find_tid(struct procs *ps, uint32_t tid)
{
	uint64_t i;
	return hashmap_get(&ps->by_tid, tid, &i) ? ps->threads.v[i] : NULL;
}

static struct rproc *proc_for(struct procs *ps, uint32_t pid)
{
	struct rproc *p = procs_find_pid(ps, pid);
	if (!p) {
		char comm[16];
		read_comm(ps, pid, pid, comm);
		p = new_proc(ps, pid, comm);
		procs_read_maps(ps, p);
	}
	return p;
}

struct rthread *procs_thread(struct procs *ps, uint32_t pid, uint32_t tid)
{
	struct rthread *t = find_tid(ps, tid);
	if (t && t->proc->pid == pid)
		return t;
	struct rproc *p = proc_for(ps, pid);
	char comm[16];
	if (tid == pid)
		memcpy(comm, p->comm, sizeof(comm));
	else
		read_comm(ps, pid, tid, comm);
	return new_thread(ps, tid, p, comm);
}

void procs_comm(struct procs *ps, uint32_t pid, uint32_t tid, const char *comm, bool exec)
{
	struct rthread *t = find_tid(ps, tid);
	struct rproc *p;
	if (exec) {
		/* A new image: new process identity, mappings start over. */
		struct rproc *old = procs_find_pid(ps, pid);
		if (old && ps->forget)
			ps->forget(ps->forget_ctx, old);
		p = new_proc(ps, pid, comm);
	} else {
		if (t && t->proc->pid == pid && strncmp(t->comm, comm, 15) == 0)
			return;
		p = proc_for(ps, pid);
		if (tid == pid)
			snprintf(p->comm, sizeof(p->comm), "%s", comm);
	}
	new_thread(ps, tid, p, comm);
}

void procs_fork(struct procs *ps, uint32_t pid, uint32_t ppid, uint32_t tid, uint32_t ptid)
{
	struct rthread *parent = find_tid(ps, ptid);
	if (find_tid(ps, tid) && find_tid(ps, tid)->proc->pid == pid)
		return;
	if (pid == ppid) {
		struct rproc *p = proc_for(ps, pid);
		new_thread(ps, tid, p, parent ? parent->comm : p->comm);
		return;
	}
	/* A new process starts as a copy of its parent's address space.  A
	 * parent that predates the recording (-a) is read from /proc. */
	struct rproc *pp = procs_find_pid(ps, ppid);
	if (!pp && ppid && !parent)
		pp = proc_for(ps, ppid);
	struct rproc *p = new_proc(ps, pid, pp ? pp->comm : parent ? parent->comm : "");
	if (pp) {
		for (size_t i = 0; i < pp->maps.n; i++) {
			struct rmap m = pp->maps.v[i];
			m.path = xstrdup(m.path);
			array_push(&p->maps, m);
			trace_writer_map(ps->w, p->id, m.start, m.end - m.start, m.pgoff, m.prot, m.path,
					 m.build_id, m.build_id_len);
		}
	}
	new_thread(ps, tid, p, parent ? parent->comm : p->comm);
}

void procs_exit(struct procs *ps, uint32_t pid, uint32_t tid)
{
	struct rproc *p = procs_find_pid(ps, pid);
	if (p && pid == tid) {
		p->exited = true;
		/* Mappings serve symbolization of sampled addresses only: a
		 * process without samples (most of a busy machine's short-lived
		 * ones) needs none once gone. */
		if (!p->addrs.n) {
			if (ps->forget)
				ps->forget(ps->forget_ctx, p);
			free_maps(p);
		}
	}
}

void procs_mmap(struct procs *ps, uint32_t pid, const struct rmap *m)
{
	struct rproc *p = proc_for(ps, pid);
	/* A copy of a mapping already known (from /proc) adds nothing. */
	for (size_t i = p->maps.n; i-- > 0;) {
		const struct rmap *o = &p->maps.v[i];
		if (o->start == m->start && o->end == m->end && o->pgoff == m->pgoff &&
		    strcmp(o->path, m->path) == 0)
			return;
	}
	if (ps->forget)
		ps->forget(ps->forget_ctx, p);
	struct rmap c = *m;
	c.path = xstrdup(m->path);
	array_push(&p->maps, c);
	trace_writer_map(ps->w, p->id, c.start, c.end - c.start, c.pgoff, c.prot, c.path,
			 c.build_id, c.build_id_len);
}

const struct rmap *rproc_find_map(const struct rproc *p, uint64_t addr)
{
	for (size_t i = p->maps.n; i-- > 0;)
		if (addr >= p->maps.v[i].start && addr < p->maps.v[i].end)
			return &p->maps.v[i];
	return NULL;
}

int procs_read_maps(struct procs *ps, struct rproc *p)
{
	uint64_t now = now_ns();
	if (ps->offline)
		return -ENOENT;
	if (p->maps_read_ns && now - p->maps_read_ns < 100000000ull)
		return 0;
	p->maps_read_ns = now;
	char path[64], root[PATH_MAX];
	/* The maps file names files from our root, mmap records from the
	 * process's: a chrooted process's paths are cut back to its root, or
	 * they would name nothing once it has gone. */
	snprintf(path, sizeof(path), "/proc/%u/root", p->pid);
	ssize_t rootlen = readlink(path, root, sizeof(root) - 1);
	if (rootlen == 1 && root[0] == '/')
		rootlen = 0;
	snprintf(path, sizeof(path), "/proc/%u/maps", p->pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return err_errno(errno, "cannot read '%s'", path);
	char line[4096];
	while (fgets(line, sizeof(line), f)) {
		uint64_t start, end, off;
		char perms[8];
		int name_at = 0;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %*s %n",
			   &start, &end, perms, &off, &name_at) < 4 || !name_at)
			continue;
		if (perms[2] != 'x')
			continue;
		char *name = line + name_at;
		name[strcspn(name, "\n")] = '\0';
		if (rootlen > 0 && strncmp(name, root, rootlen) == 0 && name[rootlen] == '/')
			name += rootlen;
		struct rmap m = {
			.start = start, .end = end, .pgoff = off,
			.prot = 4 | (perms[0] == 'r') | (perms[1] == 'w') << 1,
			.path = *name ? name : (char *)"//anon",
		};
		procs_mmap(ps, p->pid, &m);
	}
	fclose(f);
	return 0;
}

int procs_add_live(struct procs *ps, uint32_t pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%u/task", pid);
	DIR *d = opendir(path);
	if (!d)
		return err_errno(errno, "cannot read '%s'", path);
	struct rproc *p = proc_for(ps, pid);
	struct dirent *de;
	while ((de = readdir(d))) {
		uint64_t tid;
		if (de->d_name[0] != '.' && parse_u64(de->d_name, &tid))
			procs_thread(ps, p->pid, tid);
	}
	closedir(d);
	return 0;
}

void procs_carry(struct procs *dst, const struct procs *src)
{
	for (size_t i = 0; i < src->all.n; i++) {
		const struct rproc *sp = src->all.v[i];
		uint64_t k;
		/* The current image of a live process only. */
		if (sp->exited || !hashmap_get(&src->by_pid, sp->pid, &k) || src->all.v[k] != sp)
			continue;
		struct rproc *p = new_proc(dst, sp->pid, sp->comm);
		for (size_t j = 0; j < sp->maps.n; j++) {
			struct rmap m = sp->maps.v[j];
			m.path = xstrdup(m.path);
			array_push(&p->maps, m);
			trace_writer_map(dst->w, p->id, m.start, m.end - m.start, m.pgoff, m.prot, m.path,
					 m.build_id, m.build_id_len);
		}
		p->maps_read_ns = sp->maps_read_ns;
	}
	for (size_t i = 0; i < src->threads.n; i++) {
		const struct rthread *st = src->threads.v[i];
		uint64_t k;
		if (!hashmap_get(&src->by_tid, st->tid, &k) || src->threads.v[k] != st)
			continue;
		struct rproc *p = procs_find_pid(dst, st->proc->pid);
		if (p && !st->proc->exited && !find_tid(dst, st->tid))
			new_thread(dst, st->tid, p, st->comm);
	}
}
