/*
 * One binary file (ELF) as every part of cprof reads it: opened safely
 * under a process's root, checked against the build-id the kernel
 * recorded, with its program headers walked once to map file offsets to
 * ELF virtual addresses and back.  Nothing else calls elf_begin() on a
 * file: the unwinder, the symbolizer (through libdwfl, with the fd from
 * here) and annotate all go through this module.
 *
 * The recorder runs as root next to other users' files, so a path it did
 * not choose is opened without blocking (a FIFO or a device would hang an
 * open() or a read() forever), without following a symlink in its last
 * component, and used only when fstat() says it is a regular file.
 */
#ifndef CPROF_BINFILE_H
#define CPROF_BINFILE_H

#include <libelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

enum binfile_status {
	BINFILE_OK,
	BINFILE_MISSING,	/* cannot be opened */
	BINFILE_NOT_REGULAR,	/* a FIFO, a device, a directory, a symlink */
	BINFILE_NOT_ELF,
	BINFILE_CHANGED,	/* its build-id is not the recorded one */
};

/* How a path may be opened. */
enum binfile_follow {
	/* The last component must be the file itself: paths the kernel
	 * reported (it gives the resolved path of a mapped file) and
	 * well-known names others can create (/tmp/perf-PID.map). */
	BINFILE_NOFOLLOW,
	/* A link the kernel made (/proc/PID/map_files/…) or a path the user
	 * named: the link is the way to the file. */
	BINFILE_FOLLOW,
};

/*
 * Opens path read-only as the process whose root is rootfd sees it
 * (rootfd -1: our own root), never blocking, and checks with fstat() that
 * it is a regular file (*st gets its status when st is not NULL).
 * Returns the fd, or -errno with err_msg() set: -EINVAL when it is not a
 * regular file.
 */
int binfile_open_fd(int rootfd, const char *path, enum binfile_follow follow, struct stat *st);

struct binfile;

/*
 * Opens the ELF file at path (see binfile_open_fd).  NULL with *status
 * saying why (and err_msg() set) when it cannot be used.
 */
struct binfile *binfile_open(int rootfd, const char *path, enum binfile_follow follow,
			     enum binfile_status *status);
/* The same for an fd already open on a regular file (taken over). */
struct binfile *binfile_from_fd(int fd, const char *path, enum binfile_status *status);
/* An ELF image in memory (the vdso); the bytes are copied. */
struct binfile *binfile_from_memory(const char *name, const void *image, size_t size);
void binfile_free(struct binfile *b);

/* Where it was opened (or the name given). */
const char *binfile_path(const struct binfile *b);
/* The libelf handle: read it, never end it. */
Elf *binfile_elf(const struct binfile *b);
/* A new descriptor on the same file (for libdwfl, which takes it over);
 * -1 for an image in memory. */
int binfile_dup_fd(const struct binfile *b);
/* The file's bytes, whole. */
const void *binfile_raw(const struct binfile *b, size_t *len);
/* Identity of the file on disk; false for an image in memory. */
bool binfile_identity(const struct binfile *b, dev_t *dev, ino_t *ino);

/* The GNU build-id; 0 when it has none. */
size_t binfile_build_id(const struct binfile *b, const uint8_t **id);
/* Whether the file is the one a mapping recorded with this build-id: a
 * recorded build-id (len > 0) must be the file's own. */
bool binfile_build_id_matches(const struct binfile *b, const uint8_t *id, size_t len);

/* File offset to virtual address through the PT_LOAD headers (p_filesz:
 * an offset past a segment's file part has no meaning). */
bool binfile_offset_to_vaddr(const struct binfile *b, uint64_t off, uint64_t *vaddr);
bool binfile_vaddr_to_offset(const struct binfile *b, uint64_t vaddr, uint64_t *off);
/* The load bias of a mapping of the file at start from file offset pgoff
 * (a page boundary, maybe before its segment's p_offset); 0 for ET_EXEC,
 * which loads at its link addresses. */
bool binfile_load_bias(const struct binfile *b, uint64_t start, uint64_t pgoff, uint64_t *bias);
/* The link-time range the file loads at: the first PT_LOAD aligned down
 * to its alignment up to the end of the last. */
void binfile_load_range(const struct binfile *b, uint64_t *lo, uint64_t *hi);

/* A short text for a status ("is not a regular file"). */
const char *binfile_status_text(enum binfile_status status);

#endif
