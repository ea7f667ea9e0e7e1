/*
 * One ELF file opened for symbolization (internal to the symbolizer): its
 * symbol tables, its DWARF (found beside it, under the debug directories,
 * by build-id or through debuginfod), and a cache of the addresses already
 * looked up.  Addresses here are the ELF's own virtual addresses (p_vaddr),
 * the ones `objdump -d` and `addr2line` take.
 */
#ifndef CPROF_SYMELF_H
#define CPROF_SYMELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct symelf;

struct symelf_opts {
	bool no_inline;
	bool no_demangle;
	/* libdwfl's debuginfo path: colon-separated directories
	 * (see dwfl_standard_find_debuginfo); NULL for the default. */
	const char *debuginfo_path;
};

/*
 * Opens the ELF file behind fd (taken over: closed by symelf_free or on
 * failure).  path is where it was found, used to look for debug files next
 * to it.  NULL with err_msg() set when it is not a usable ELF file.
 */
struct symelf *symelf_open(int fd, const char *path, const struct symelf_opts *o);
/* The same for an ELF image in memory (the vdso); the bytes are copied. */
struct symelf *symelf_open_memory(const char *name, const void *image, size_t size,
				  const struct symelf_opts *o);
void symelf_free(struct symelf *e);

/* The GNU build-id of the file; 0 when it has none. */
size_t symelf_build_id(const struct symelf *e, const uint8_t **id);
/* File offset to virtual address through the PT_LOAD headers. */
bool symelf_offset_to_vaddr(const struct symelf *e, uint64_t off, uint64_t *vaddr);
/* Whether DWARF was found (in the file or a separate debug file). */
bool symelf_has_dwarf(struct symelf *e);

/* One frame of a lookup; strings live as long as the symelf. */
struct symelf_frame {
	const char *func;	/* NULL when unknown */
	const char *file;	/* NULL when unknown */
	uint32_t line;
};

/*
 * The inline chain at vaddr, innermost first (see struct sym_result), or a
 * single frame with no_inline.  Returns the number of frames (0 when nothing
 * covers the address) and points *frames at storage owned by e, valid until
 * the next lookup.
 */
size_t symelf_lookup(struct symelf *e, uint64_t vaddr, const struct symelf_frame **frames);

#endif
