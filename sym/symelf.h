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
struct binfile;

struct symelf_opts {
	bool no_inline;
	bool no_demangle;
	/* Extra absolute debug directories (in our root), searched first;
	 * NULL-terminated, or NULL. */
	char *const *debug_dirs;
	/* When set: the file is at root_path in the root rootfd (a process's
	 * root, not ours), and its debug files are looked for there. */
	const char *root_path;
	int rootfd;
};

/*
 * Reads the ELF file b (taken over: freed by symelf_free or on failure);
 * its path is where debug files are looked for.  NULL with err_msg() set
 * when it is not a usable ELF file.
 */
struct symelf *symelf_open(struct binfile *b, const struct symelf_opts *o);
/* The same for an ELF image in memory (the vdso); the bytes are copied. */
struct symelf *symelf_open_memory(const char *name, const void *image, size_t size,
				  const struct symelf_opts *o);
void symelf_free(struct symelf *e);

/* The file: its build-id, its offsets and addresses, its sections. */
const struct binfile *symelf_binfile(const struct symelf *e);
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

/*
 * The function symbol the name of vaddr's real function comes from (the
 * one symelf_lookup() names), with its extent; false when no sized symbol
 * names it.  Annotate disassembles exactly what report names.
 */
bool symelf_function(struct symelf *e, uint64_t vaddr, uint64_t *start, uint64_t *size);

#endif
