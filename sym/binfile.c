#include "config.h"

#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/util.h"
#include "sym/binfile.h"

struct seg {
	uint64_t offset, filesz, vaddr, memsz, align;
};

struct binfile {
	char *path;
	int fd;			/* -1 for an image in memory */
	void *image;		/* an in-memory ELF's bytes, owned */
	Elf *elf;
	dev_t dev;
	ino_t ino;
	ARRAY(struct seg) segs;	/* PT_LOAD, in header order */
	bool exec;		/* ET_EXEC: loaded at its link addresses */
	const void *build_id;
	size_t build_id_len;
};

/*
 * O_NONBLOCK: opening a FIFO for reading waits for a writer, and a device
 * may wait for anything; with it, open() returns at once and the fstat()
 * check rejects them before any read.  For a regular file it changes
 * nothing.  O_NOFOLLOW applies to the last component only: directories on
 * the way may be symlinks (/lib64 -> usr/lib64), the file itself is not.
 */
static int open_flags(enum binfile_follow follow)
{
	return O_RDONLY | O_NONBLOCK | O_CLOEXEC | (follow == BINFILE_NOFOLLOW ? O_NOFOLLOW : 0);
}

static int open_under(int rootfd, const char *path, int flags)
{
	if (rootfd < 0)
		return open(path, flags);
	struct open_how how = {
		.flags = (uint64_t)flags,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS) {
		/* Kernels before 5.6: absolute symlinks inside may escape. */
		while (*path == '/')
			path++;
		fd = openat(rootfd, path, flags);
	}
	return fd;
}

int binfile_open_fd(int rootfd, const char *path, enum binfile_follow follow, struct stat *st)
{
	struct stat buf;
	int fd = open_under(rootfd, path, open_flags(follow));

	if (fd < 0) {
		int e = errno;
		/* O_NOFOLLOW on a symlink fails with ELOOP. */
		if (e == ELOOP && follow == BINFILE_NOFOLLOW)
			return err_set(EINVAL, "'%s' is a symbolic link, not followed", path);
		return err_errno(e, "cannot open '%s'", path);
	}
	if (!st)
		st = &buf;
	if (fstat(fd, st) != 0) {
		int e = errno;
		close(fd);
		return err_errno(e, "cannot stat '%s'", path);
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return err_set(EINVAL, "'%s' is not a regular file", path);
	}
	return fd;
}

/* ---- headers ---- */

static bool read_headers(struct binfile *b)
{
	size_t nph;
	GElf_Ehdr eh;

	if (elf_kind(b->elf) != ELF_K_ELF || !gelf_getehdr(b->elf, &eh) ||
	    elf_getphdrnum(b->elf, &nph) != 0)
		return false;
	b->exec = eh.e_type == ET_EXEC;
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(b->elf, (int)i, &ph) && ph.p_type == PT_LOAD)
			array_push(&b->segs, ((struct seg){ ph.p_offset, ph.p_filesz, ph.p_vaddr,
							   ph.p_memsz, ph.p_align }));
	}
	ssize_t n = dwelf_elf_gnu_build_id(b->elf, &b->build_id);
	b->build_id_len = n > 0 ? (size_t)n : 0;
	return true;
}

static struct binfile *finish(struct binfile *b, enum binfile_status *status)
{
	if (!b->elf || !read_headers(b)) {
		err_set(ENOEXEC, "'%s' is not an ELF file", b->path);
		if (status)
			*status = BINFILE_NOT_ELF;
		binfile_free(b);
		return NULL;
	}
	if (status)
		*status = BINFILE_OK;
	return b;
}

struct binfile *binfile_from_fd(int fd, const char *path, enum binfile_status *status)
{
	struct binfile *b = xcalloc(1, sizeof(*b));
	struct stat st;

	b->path = xstrdup(path);
	b->fd = fd;
	if (fstat(fd, &st) == 0) {
		b->dev = st.st_dev;
		b->ino = st.st_ino;
	}
	elf_version(EV_CURRENT);
	b->elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	return finish(b, status);
}

struct binfile *binfile_open(int rootfd, const char *path, enum binfile_follow follow,
			     enum binfile_status *status)
{
	int fd = binfile_open_fd(rootfd, path, follow, NULL);
	if (fd < 0) {
		if (status)
			*status = fd == -EINVAL ? BINFILE_NOT_REGULAR : BINFILE_MISSING;
		return NULL;
	}
	return binfile_from_fd(fd, path, status);
}

struct binfile *binfile_from_memory(const char *name, const void *image, size_t size)
{
	struct binfile *b = xcalloc(1, sizeof(*b));

	b->path = xstrdup(name);
	b->fd = -1;
	b->image = xmalloc(size);
	memcpy(b->image, image, size);
	elf_version(EV_CURRENT);
	b->elf = elf_memory(b->image, size);
	return finish(b, NULL);
}

void binfile_free(struct binfile *b)
{
	if (!b)
		return;
	if (b->elf)
		elf_end(b->elf);
	if (b->fd >= 0)
		close(b->fd);
	free(b->image);
	free(b->path);
	array_free(&b->segs);
	free(b);
}

const char *binfile_path(const struct binfile *b)
{
	return b->path;
}

Elf *binfile_elf(const struct binfile *b)
{
	return b->elf;
}

int binfile_dup_fd(const struct binfile *b)
{
	return b->fd >= 0 ? fcntl(b->fd, F_DUPFD_CLOEXEC, 0) : -1;
}

const void *binfile_raw(const struct binfile *b, size_t *len)
{
	return elf_rawfile(b->elf, len);
}

bool binfile_identity(const struct binfile *b, dev_t *dev, ino_t *ino)
{
	*dev = b->dev;
	*ino = b->ino;
	return b->fd >= 0;
}

size_t binfile_build_id(const struct binfile *b, const uint8_t **id)
{
	*id = b->build_id;
	return b->build_id_len;
}

bool binfile_build_id_matches(const struct binfile *b, const uint8_t *id, size_t len)
{
	if (!id || !len)
		return true;
	return b->build_id_len == len && memcmp(b->build_id, id, len) == 0;
}

/* ---- offsets and addresses ---- */

bool binfile_offset_to_vaddr(const struct binfile *b, uint64_t off, uint64_t *vaddr)
{
	for (size_t i = 0; i < b->segs.n; i++) {
		const struct seg *s = &b->segs.v[i];
		if (off >= s->offset && off - s->offset < s->filesz) {
			*vaddr = s->vaddr + (off - s->offset);
			return true;
		}
	}
	return false;
}

bool binfile_vaddr_to_offset(const struct binfile *b, uint64_t vaddr, uint64_t *off)
{
	for (size_t i = 0; i < b->segs.n; i++) {
		const struct seg *s = &b->segs.v[i];
		if (vaddr >= s->vaddr && vaddr - s->vaddr < s->filesz) {
			*off = s->offset + (vaddr - s->vaddr);
			return true;
		}
	}
	return false;
}

static uint64_t align_down(uint64_t v, uint64_t align)
{
	return v & -(align ? align : 1);
}

bool binfile_load_bias(const struct binfile *b, uint64_t start, uint64_t pgoff, uint64_t *bias)
{
	if (b->exec) {
		*bias = 0;
		return true;
	}
	for (size_t i = 0; i < b->segs.n; i++) {
		const struct seg *s = &b->segs.v[i];
		/* A mapping starts on a page: the segment's offset aligned
		 * down stands for its vaddr aligned down the same way. */
		if (pgoff >= align_down(s->offset, s->align) && pgoff < s->offset + s->filesz) {
			*bias = start - (pgoff - s->offset + s->vaddr);
			return true;
		}
	}
	return false;
}

void binfile_load_range(const struct binfile *b, uint64_t *lo, uint64_t *hi)
{
	*lo = *hi = 0;
	for (size_t i = 0; i < b->segs.n; i++) {
		const struct seg *s = &b->segs.v[i];
		if (i == 0)
			*lo = align_down(s->vaddr, s->align);
		*hi = MAX(*hi, s->vaddr + s->memsz);
	}
}

const char *binfile_status_text(enum binfile_status status)
{
	switch (status) {
	case BINFILE_OK: return "";
	case BINFILE_MISSING: return "is missing";
	case BINFILE_NOT_REGULAR: return "is not a regular file";
	case BINFILE_NOT_ELF: return "is not an ELF file";
	case BINFILE_CHANGED: return "has changed since the recording (its build-id differs)";
	}
	return "";
}
