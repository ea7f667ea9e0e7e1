#include "config.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/hashmap.h"
#include "lib/util.h"
#include "sym/binfile.h"
#include "sym/demangle.h"
#include "sym/jitmap.h"
#include "sym/kallsyms.h"
#include "sym/symbols.h"
#include "sym/symelf.h"

/* File indexes; past the files, why none was found (a binfile_status). */
#define NO_FILE(status) (UINT64_MAX - (uint64_t)(status))
#define IS_FILE(s, idx) ((idx) < (s)->files.n)

/* What we know of one process of the recording. */
struct proc {
	int pid;
	bool probed;		/* root and namespace looked at while alive */
	int rootfd;		/* its root when not ours (O_PATH), else -1 */
	int mntnsfd;		/* pins its mount namespace with rootfd */
	uint64_t root_key;	/* identity of its root; 0: the same as ours */
	int nspid;		/* its pid inside its pid namespace */
	bool jit_tried;
	struct jitmap *jit;
	char *jit_path;
	int64_t uid;		/* its effective user, -1 when unknown */
};

struct symbolizer {
	struct sym_options opts;
	char **debug_dirs;	/* absolute copies of opts.debug_dirs */
	uint64_t self_root_key;

	ARRAY(struct proc *) procs;
	struct hashmap proc_index;	/* pid -> procs index */

	ARRAY(struct symelf *) files;
	struct hashmap file_by_inode;	/* hash(dev, ino) -> files index */
	struct hashmap file_by_name;	/* hash(root, path, build-id) -> files index or NO_FILE */

	struct kallsyms *ksyms;
	int ksyms_err;		/* 0 not loaded yet, 1 loaded, -errno failed */
	char ksyms_msg[256];

	struct symelf *vdso;
	bool vdso_tried;

	ARRAY(char *) notices;	/* files skipped, and why */
};

static uint64_t root_identity(dev_t dev, ino_t ino, const char *mntns)
{
	uint64_t h = hash_combine(hash_u64(dev), hash_u64(ino));
	return hash_combine(h, hash_bytes(mntns, strlen(mntns))) | 1;
}

static uint64_t self_root(void)
{
	struct stat st;
	char ns[64] = "";

	if (stat("/", &st) != 0)
		return 1;
	ssize_t n = readlink("/proc/self/ns/mnt", ns, sizeof(ns) - 1);
	ns[n > 0 ? n : 0] = '\0';
	return root_identity(st.st_dev, st.st_ino, ns);
}

struct symbolizer *symbolizer_new(const struct sym_options *o)
{
	struct symbolizer *s = xcalloc(1, sizeof(*s));
	size_t n = 0;

	s->opts = *o;
	while (o->debug_dirs && o->debug_dirs[n])
		n++;
	s->debug_dirs = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		/* A relative directory would be relative to each file. */
		char *abs = realpath(o->debug_dirs[i], NULL);
		s->debug_dirs[i] = abs ? abs : xstrdup(o->debug_dirs[i]);
	}
	s->opts.debug_dirs = NULL;
	s->opts.kallsyms = o->kallsyms ? xstrdup(o->kallsyms) : NULL;
	s->self_root_key = self_root();
	hashmap_init(&s->proc_index);
	hashmap_init(&s->file_by_inode);
	hashmap_init(&s->file_by_name);
	return s;
}

static void proc_free(struct proc *p)
{
	if (p->rootfd >= 0)
		close(p->rootfd);
	if (p->mntnsfd >= 0)
		close(p->mntnsfd);
	jitmap_free(p->jit);
	free(p->jit_path);
	free(p);
}

void symbolizer_free(struct symbolizer *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->procs.n; i++)
		proc_free(s->procs.v[i]);
	array_free(&s->procs);
	for (size_t i = 0; i < s->files.n; i++)
		symelf_free(s->files.v[i]);
	array_free(&s->files);
	for (size_t i = 0; s->debug_dirs[i]; i++)
		free(s->debug_dirs[i]);
	free(s->debug_dirs);
	free((char *)s->opts.kallsyms);
	hashmap_release(&s->proc_index);
	hashmap_release(&s->file_by_inode);
	hashmap_release(&s->file_by_name);
	if (s->opts.kallsyms)
		kallsyms_free(s->ksyms);	/* not the shared running_kernel() */
	symelf_free(s->vdso);
	for (size_t i = 0; i < s->notices.n; i++)
		free(s->notices.v[i]);
	array_free(&s->notices);
	free(s);
}

static void notice(struct symbolizer *s, const char *msg)
{
	for (size_t i = 0; i < s->notices.n; i++)
		if (strcmp(s->notices.v[i], msg) == 0)
			return;
	array_push(&s->notices, xstrdup(msg));
}

const char *symbolizer_notice(const struct symbolizer *s, size_t i)
{
	return i < s->notices.n ? s->notices.v[i] : NULL;
}

void sym_result_release(struct sym_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nframes; i++) {
		free(r->frames[i].func);
		free(r->frames[i].file);
	}
	free(r->frames);
	free(r->module);
	memset(r, 0, sizeof(*r));
}

char *sym_fallback_name(const struct sym_result *r)
{
	if (!r->module)
		return xstrdup("[unknown]");
	const char *base = strrchr(r->module, '/');
	base = base && base[1] ? base + 1 : r->module;
	return xasprintf("%s+0x%" PRIx64, base, r->offset);
}

/* ---- processes ---------------------------------------------------------- */

/* Its pid in its innermost pid namespace and its effective user, from
 * /proc/PID/status. */
static void read_status(struct proc *p)
{
	char path[64], line[256];

	snprintf(path, sizeof(path), "/proc/%d/status", p->pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long ruid, euid;
		if (sscanf(line, "Uid: %lu %lu", &ruid, &euid) == 2)
			p->uid = (int64_t)euid;
		if (strncmp(line, "NSpid:", 6) != 0)
			continue;
		/* The last number is its pid in the innermost namespace. */
		char *q = line + 6, *end;
		for (;;) {
			long v = strtol(q, &end, 10);
			if (end == q)
				break;
			p->nspid = (int)v;
			q = end;
		}
	}
	fclose(f);
}

/* Looks at the process's root while it is alive; holds it if not ours. */
static void proc_probe(struct symbolizer *s, struct proc *p)
{
	char path[64], ns[64] = "";
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/root", p->pid);
	int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;		/* gone (or not ours to see): try again later */
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", p->pid);
	ssize_t n = readlink(path, ns, sizeof(ns) - 1);
	ns[n > 0 ? n : 0] = '\0';
	if (fstat(fd, &st) != 0) {
		close(fd);
		return;
	}
	p->probed = true;
	read_status(p);
	uint64_t key = root_identity(st.st_dev, st.st_ino, ns);
	if (key == s->self_root_key) {
		close(fd);
		return;
	}
	p->root_key = key;
	p->rootfd = fd;
	/* After the process exits, its namespace's mounts would be torn
	 * down; holding the namespace keeps them reachable from rootfd. */
	p->mntnsfd = open(path, O_RDONLY | O_CLOEXEC);
}

static struct proc *get_proc(struct symbolizer *s, int pid)
{
	uint64_t idx;
	struct proc *p;

	if (hashmap_get(&s->proc_index, (uint64_t)pid, &idx)) {
		p = s->procs.v[idx];
	} else {
		p = xcalloc(1, sizeof(*p));
		p->pid = pid;
		p->rootfd = p->mntnsfd = -1;
		p->nspid = pid;
		p->uid = -1;
		hashmap_put(&s->proc_index, (uint64_t)pid, s->procs.n);
		array_push(&s->procs, p);
	}
	if (!p->probed && pid > 0)
		proc_probe(s, p);
	return p;
}

void symbolizer_note_process(struct symbolizer *s, int pid)
{
	struct proc *p = get_proc(s, pid);
	if (!p->probed || pid <= 0)
		return;
	/* Called again after an exec: the new image may run under another
	 * root (chroot, a container's entry point), so look again and keep
	 * what was known when the process is already gone. */
	struct proc fresh = { .pid = pid, .rootfd = -1, .mntnsfd = -1, .nspid = pid, .uid = -1 };
	proc_probe(s, &fresh);
	if (fresh.probed)
		p->uid = fresh.uid;	/* a set-user-ID program may run now */
	if (!fresh.probed || fresh.root_key == p->root_key) {
		if (fresh.rootfd >= 0)
			close(fresh.rootfd);
		if (fresh.mntnsfd >= 0)
			close(fresh.mntnsfd);
		return;
	}
	if (p->rootfd >= 0)
		close(p->rootfd);
	if (p->mntnsfd >= 0)
		close(p->mntnsfd);
	p->rootfd = fresh.rootfd;
	p->mntnsfd = fresh.mntnsfd;
	p->root_key = fresh.root_key;
	p->nspid = fresh.nspid;
}

/* ---- ELF files ---------------------------------------------------------- */

/* Mappings that are not files on disk: no ELF to read. */
static bool is_file_path(const char *path)
{
	static const char *const not_files[] = {
		"//anon", "/memfd:", "/dev/", "/SYSV", "/anon_hugepage", "/[",
	};
	if (path[0] != '/')
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(not_files); i++)
		if (strncmp(path, not_files[i], strlen(not_files[i])) == 0)
			return false;
	return true;
}

static bool build_id_matches(const struct sym_mapping *m, const struct symelf *e)
{
	return binfile_build_id_matches(symelf_binfile(e), m->build_id, m->build_id_len);
}

/* The worse of two reasons for not finding a file: the one that tells more. */
static uint64_t worse(uint64_t a, uint64_t b)
{
	return MIN(a, b);
}

/*
 * Opens candidate path under rootfd (-1: ours) and returns the index of its
 * symelf, shared by every path that leads to the same file, or NO_FILE(why)
 * when it is not a regular ELF file or not the file that was recorded.
 * name is the file's name from our root; debug files are looked for
 * beside path in rootfd's root, and in its /usr/lib/debug.
 */
static uint64_t use_candidate(struct symbolizer *s, int rootfd, const char *path,
			      enum binfile_follow follow, const char *name,
			      const struct sym_mapping *m)
{
	struct stat st;
	uint64_t idx;
	int fd = binfile_open_fd(rootfd, path, follow, &st);

	if (fd == -EINVAL)
		return NO_FILE(BINFILE_NOT_REGULAR);
	if (fd < 0)
		return NO_FILE(BINFILE_MISSING);
	uint64_t key = hash_combine(hash_u64(st.st_dev), hash_u64(st.st_ino));
	if (hashmap_get(&s->file_by_inode, key, &idx)) {
		close(fd);
	} else {
		enum binfile_status status;
		struct binfile *b = binfile_from_fd(fd, name, &status);
		if (!b)
			return NO_FILE(status);
		struct symelf_opts eo = {
			.no_inline = s->opts.no_inline,
			.no_demangle = s->opts.no_demangle,
			.debug_dirs = s->debug_dirs,
			.root_path = rootfd >= 0 ? path : NULL,
			.rootfd = rootfd,
		};
		struct symelf *e = symelf_open(b, &eo);
		if (!e)
			return NO_FILE(BINFILE_NOT_ELF);
		idx = s->files.n;
		hashmap_put(&s->file_by_inode, key, idx);
		array_push(&s->files, e);
	}
	return build_id_matches(m, s->files.v[idx]) ? idx : NO_FILE(BINFILE_CHANGED);
}

/* The file behind mapping m of process p, tried where it can be found.
 * The recorded path is the kernel's resolved name of the mapped file, so
 * a symlink there is not the file that was mapped: not followed. */
static uint64_t find_file_uncached(struct symbolizer *s, struct proc *p,
				   const struct sym_mapping *m, const char *path)
{
	char buf[PATH_MAX + 64];
	uint64_t idx = NO_FILE(BINFILE_MISSING);

	if (p->rootfd >= 0) {
		/* The process's own files, even after it exited, named by the
		 * magic link to its root. */
		snprintf(buf, sizeof(buf), "/proc/self/fd/%d%s", p->rootfd, path);
		idx = use_candidate(s, p->rootfd, path, BINFILE_NOFOLLOW, buf, m);
	}
	/* Our own root: right when the process shares it, and trustworthy
	 * otherwise only when a build-id proves it is the same file. */
	if (!IS_FILE(s, idx) && (p->root_key == 0 || m->build_id_len))
		idx = worse(idx, use_candidate(s, -1, path, BINFILE_NOFOLLOW, path, m));
	if (!IS_FILE(s, idx) && p->pid > 0) {
		/* The mapped file itself while the process lives, even when it
		 * was deleted or replaced on disk since: a link the kernel
		 * made to it, to be followed. */
		snprintf(buf, sizeof(buf), "/proc/%d/map_files/%" PRIx64 "-%" PRIx64,
			 p->pid, m->start, m->end);
		uint64_t alt = use_candidate(s, -1, buf, BINFILE_FOLLOW, path, m);
		idx = IS_FILE(s, alt) ? alt : idx;
	}
	if (idx == NO_FILE(BINFILE_NOT_REGULAR)) {
		char *msg = xasprintf("'%s' is not a regular file: its addresses are left "
				      "unnamed", path);
		notice(s, msg);
		free(msg);
	}
	return idx;
}

static uint64_t find_file(struct symbolizer *s, struct proc *p, const struct sym_mapping *m)
{
	static const char deleted[] = " (deleted)";
	char path[PATH_MAX];
	size_t len = strlen(m->path);
	uint64_t idx;

	if (len >= sizeof(path))
		return NO_FILE(BINFILE_MISSING);
	memcpy(path, m->path, len + 1);
	if (len > sizeof(deleted) - 1 && strcmp(path + len - (sizeof(deleted) - 1), deleted) == 0)
		path[len - (sizeof(deleted) - 1)] = '\0';
	uint64_t key = hash_combine(p->root_key, hash_bytes(path, strlen(path)));
	if (m->build_id_len)
		key = hash_combine(key, hash_bytes(m->build_id, m->build_id_len));
	if (hashmap_get(&s->file_by_name, key, &idx))
		return idx;
	idx = find_file_uncached(s, p, m, path);
	hashmap_put(&s->file_by_name, key, idx);
	return idx;
}

static void copy_frames(struct sym_result *out, const struct symelf_frame *f, size_t n)
{
	out->frames = n ? xcalloc(n, sizeof(*out->frames)) : NULL;
	out->nframes = n;
	for (size_t i = 0; i < n; i++) {
		out->frames[i].func = f[i].func ? xstrdup(f[i].func) : NULL;
		out->frames[i].file = f[i].file ? xstrdup(f[i].file) : NULL;
		out->frames[i].line = f[i].line;
	}
}

static void lookup_in(struct symelf *e, uint64_t file_offset, struct sym_result *out)
{
	const struct symelf_frame *f;
	uint64_t vaddr;

	if (!binfile_offset_to_vaddr(symelf_binfile(e), file_offset, &vaddr))
		return;
	out->offset = vaddr;
	/* Two statements: the lookup sets f, and argument order is unspecified. */
	size_t n = symelf_lookup(e, vaddr, &f);
	copy_frames(out, f, n);
}

/* ---- vdso --------------------------------------------------------------- */

/* The vdso image's size: its program and section headers tell. */
static size_t vdso_size(const unsigned char *img)
{
	const Elf64_Ehdr *eh = (const void *)img;
	size_t size;

	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64)
		return 0;
	size = eh->e_shoff + (size_t)eh->e_shnum * eh->e_shentsize;
	const Elf64_Phdr *ph = (const void *)(img + eh->e_phoff);
	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD)
			size = MAX(size, ph[i].p_offset + ph[i].p_filesz);
	return size;
}

/* Every process gets the kernel's one vdso: ours is the same image. */
static struct symelf *get_vdso(struct symbolizer *s)
{
	if (s->vdso_tried)
		return s->vdso;
	s->vdso_tried = true;
	const unsigned char *img = (const void *)getauxval(AT_SYSINFO_EHDR);
	size_t size = img ? vdso_size(img) : 0;
	if (size) {
		struct symelf_opts eo = { .no_inline = s->opts.no_inline,
					  .no_demangle = s->opts.no_demangle,
					  .debug_dirs = s->debug_dirs };
		s->vdso = symelf_open_memory("[vdso]", img, size, &eo);
	}
	return s->vdso;
}

/* ---- JIT maps ----------------------------------------------------------- */

/*
 * A JIT map sits in a /tmp every user can write to, and the recorder runs
 * as root: like perf, only a regular file owned by root, by the profiled
 * process's user or by us is read, never through a symlink and never with
 * a blocking open or read (a FIFO there would hang the recording).
 */
static struct jitmap *load_jitmap(struct symbolizer *s, struct proc *p, int rootfd,
				  const char *path)
{
	struct stat st;
	char *msg = NULL;
	int fd = binfile_open_fd(rootfd, path, BINFILE_NOFOLLOW, &st);

	if (fd == -ENOENT)
		return NULL;
	if (fd < 0) {
		msg = xasprintf("%s: its JIT names are not used", err_msg());
	} else if (st.st_uid != 0 && st.st_uid != geteuid() &&
		   (p->uid < 0 || st.st_uid != (uid_t)p->uid)) {
		msg = xasprintf("'%s' is owned by uid %u, neither root nor the user of process "
				"%d: its JIT names are not used", path, (unsigned)st.st_uid, p->pid);
		close(fd);
		fd = -1;
	}
	if (msg) {
		notice(s, msg);
		free(msg);
		return NULL;
	}
	return jitmap_load_fd(fd, path);
}

static struct jitmap *get_jitmap(struct symbolizer *s, struct proc *p)
{
	char path[PATH_MAX];

	if (p->jit_tried)
		return p->jit;
	p->jit_tried = true;
	/* A process in a container writes its map in its own /tmp, named
	 * after its pid there. */
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", p->nspid);
	if (p->rootfd >= 0)
		p->jit = load_jitmap(s, p, p->rootfd, path);
	if (!p->jit && p->root_key == 0) {
		snprintf(path, sizeof(path), "/tmp/perf-%d.map", p->pid);
		p->jit = load_jitmap(s, p, -1, path);
	}
	if (p->jit)
		p->jit_path = xstrdup(path);
	return p->jit;
}

static bool lookup_jit(struct symbolizer *s, struct proc *p, uint64_t addr,
		       struct sym_result *out)
{
	struct jitmap *j = get_jitmap(s, p);
	uint64_t start;
	const char *name = j ? jitmap_lookup(j, addr, &start) : NULL;

	if (!name)
		return false;
	free(out->module);
	out->module = xstrdup(p->jit_path);
	out->offset = addr;
	out->kind = SYM_JIT;
	out->frames = xcalloc(1, sizeof(*out->frames));
	out->frames[0].func = xstrdup(name);
	out->nframes = 1;
	return true;
}

/* ---- entry points ------------------------------------------------------- */

int symbolizer_user(struct symbolizer *s, int pid, const struct sym_mapping *m,
		    uint64_t addr, struct sym_result *out)
{
	struct proc *p = get_proc(s, pid);

	memset(out, 0, sizeof(*out));
	out->kind = SYM_USER;
	if (m) {
		out->module = xstrdup(m->path);
		/* Anonymous memory has no file offset worth printing. */
		out->offset = is_file_path(m->path) ? addr - m->start + m->pgoff : addr;
	}
	if (m && strcmp(m->path, "[vdso]") == 0) {
		struct symelf *v = get_vdso(s);
		if (v && build_id_matches(m, v))
			lookup_in(v, addr - m->start + m->pgoff, out);
		return 0;
	}
	if (m && is_file_path(m->path)) {
		uint64_t idx = find_file(s, p, m);
		if (IS_FILE(s, idx))
			lookup_in(s->files.v[idx], out->offset, out);
		if (out->nframes)
			return 0;
	}
	/* JIT code lives in anonymous memory, but a map can name any address. */
	lookup_jit(s, p, addr, out);
	return 0;
}

int symbolizer_binary(struct symbolizer *s, int pid, const struct sym_mapping *m,
		      struct sym_binary *out)
{
	struct proc *p = get_proc(s, pid);

	memset(out, 0, sizeof(*out));
	out->status = BINFILE_MISSING;
	if (!is_file_path(m->path))
		return -ENOENT;
	uint64_t idx = find_file(s, p, m);
	if (!IS_FILE(s, idx)) {
		out->status = (enum binfile_status)(UINT64_MAX - idx);
		return -ENOENT;
	}
	out->status = BINFILE_OK;
	out->elf = s->files.v[idx];
	const char *path = binfile_path(symelf_binfile(out->elf));
	char root[64];
	snprintf(root, sizeof(root), "/proc/self/fd/%d", p->rootfd);
	size_t n = strlen(root);
	/* Found under the process's held root: named as the user would
	 * reach it. */
	if (p->rootfd >= 0 && strncmp(path, root, n) == 0 && path[n] == '/')
		out->shown = xasprintf("/proc/%d/root%s", pid, path + n);
	else
		out->shown = xstrdup(path);
	return 0;
}

bool symbolizer_function(struct symelf *e, uint64_t vaddr, uint64_t *start, uint64_t *size)
{
	return symelf_function(e, vaddr, start, size);
}

const struct binfile *symbolizer_binfile(const struct symelf *e)
{
	return symelf_binfile(e);
}

void symbolizer_vaddr(struct symelf *e, uint64_t vaddr, struct sym_result *out)
{
	const struct symelf_frame *f;

	memset(out, 0, sizeof(*out));
	out->kind = SYM_USER;
	out->module = xstrdup(binfile_path(symelf_binfile(e)));
	out->offset = vaddr;
	/* Two statements: the lookup sets f, and argument order is unspecified. */
	size_t n = symelf_lookup(e, vaddr, &f);
	copy_frames(out, f, n);
}

/*
 * The running kernel's symbols, read once per process and shared by every
 * symbolizer: a command builds one profile, but the tests and the fuzz
 * targets build thousands, and /proc/kallsyms has 100,000 lines or more.
 * *err is set to 1, or to -errno with msg set.
 */
static struct kallsyms *running_kernel(int *err, char *msg, size_t len)
{
	static struct kallsyms *ks;
	static int ks_err;
	static char ks_msg[256];

	if (!ks_err) {
		int r = kallsyms_load("/proc/kallsyms", &ks);
		ks_err = r < 0 ? r : 1;
		if (r < 0)
			snprintf(ks_msg, sizeof(ks_msg), "%s", err_msg());
	}
	*err = ks_err;
	snprintf(msg, len, "%s", ks_msg);
	return ks;
}

int symbolizer_kernel(struct symbolizer *s, uint64_t addr, struct sym_result *out)
{
	struct ksym_hit hit;

	memset(out, 0, sizeof(*out));
	out->kind = SYM_KERNEL;
	out->module = xstrdup("[kernel.kallsyms]");
	out->offset = addr;
	if (s->ksyms_err == 0) {
		if (s->opts.kallsyms) {
			int r = kallsyms_load(s->opts.kallsyms, &s->ksyms);
			s->ksyms_err = r < 0 ? r : 1;
			if (r < 0)
				snprintf(s->ksyms_msg, sizeof(s->ksyms_msg), "%s", err_msg());
		} else {
			s->ksyms = running_kernel(&s->ksyms_err, s->ksyms_msg, sizeof(s->ksyms_msg));
		}
	}
	if (s->ksyms_err < 0)
		return err_set(-s->ksyms_err, "%s", s->ksyms_msg);
	if (!kallsyms_lookup(s->ksyms, addr, &hit))
		return 0;
	if (hit.module) {
		free(out->module);
		out->module = xasprintf("[%s]", hit.module);
	}
	out->frames = xcalloc(1, sizeof(*out->frames));
	out->nframes = 1;
	/* Rust code in the kernel has mangled names too. */
	char *d = s->opts.no_demangle ? NULL : demangle(hit.name);
	out->frames[0].func = d ? d : xstrdup(hit.name);
	return 0;
}
