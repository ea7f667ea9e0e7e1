/*
 * Symbolization: an address in a process (with the mapping it falls in) or
 * in the kernel becomes a module + offset and an inline chain of frames,
 * each with its source file and line.  One symbolizer caches every ELF file
 * it opens, so it is shared by all processes of a recording.
 */
#ifndef CPROF_SYMBOLS_H
#define CPROF_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sym/binfile.h"

struct sym_frame {
	char *func;		/* demangled unless disabled; NULL when unknown */
	char *file;		/* source file; NULL when unknown */
	uint32_t line;		/* 0 when unknown */
};

enum sym_kind { SYM_USER, SYM_KERNEL, SYM_JIT };

struct sym_result {
	char *module;		/* mapped path, "[kernel.kallsyms]", a kernel module
				   name in brackets ("[ext4]"), "[vdso]", the JIT
				   map ("/tmp/perf-PID.map"); NULL when no mapping
				   is known */
	uint64_t offset;	/* address relative to the module, as printed in
				   "module+0xOFFSET" when no symbol covers it:
				   for a readable ELF file (and the vdso) the
				   ELF virtual address, what `objdump -d` and
				   `addr2line -e FILE` take; when the file could
				   not be read or is not the one recorded (build-id
				   differs), the offset in the file (addr - start +
				   pgoff); for the kernel and JIT code the address
				   itself */
	enum sym_kind kind;
	/* Innermost first: frames[0] is the deepest inlined function (at the
	 * address's own source line); frames[nframes - 1] is the real function
	 * the code belongs to, with the line of the call site chain above it.
	 * 0 frames: nothing covers the address. */
	size_t nframes;
	struct sym_frame *frames;
};

/* What the trace recorded of the mapping an address falls in. */
struct sym_mapping {
	const char *path;	/* as in the mmap record: "/usr/lib/…/libc.so.6",
				   "[vdso]", "//anon", "/memfd:…" */
	uint64_t start, end, pgoff;
	const uint8_t *build_id;	/* may be NULL */
	size_t build_id_len;
};

struct sym_options {
	bool no_inline;		/* no inline chains: one frame per address */
	bool no_demangle;
	const char *const *debug_dirs;	/* extra places for debug files; NULL-terminated or NULL */
	const char *kallsyms;	/* kernel symbols file; NULL: /proc/kallsyms */
};

struct symbolizer *symbolizer_new(const struct sym_options *o);
void symbolizer_free(struct symbolizer *s);

/*
 * A user-space address of process pid; m is the mapping it falls in, or
 * NULL when none is known (then only the process's JIT map can help).
 * Returns 0 (with out->nframes possibly 0) or -errno with err_msg() set on a
 * hard failure.  out must be released with sym_result_release().
 */
int symbolizer_user(struct symbolizer *s, int pid, const struct sym_mapping *m,
		    uint64_t addr, struct sym_result *out);
/* A kernel address, from /proc/kallsyms (read once).  When kernel names
 * are hidden (kptr_restrict) every call returns -EPERM with err_msg() set,
 * and out still holds the module and offset. */
int symbolizer_kernel(struct symbolizer *s, uint64_t addr, struct sym_result *out);
void sym_result_release(struct sym_result *r);

/*
 * Call while process pid is still alive (when it is first seen, and after
 * an exec): when it runs under another root (chroot, container), its root
 * and mount namespace are held so its binaries and its JIT map can still be
 * read after it exits.  Costs nothing for processes sharing our root.
 */
void symbolizer_note_process(struct symbolizer *s, int pid);

/*
 * What the symbolizer skipped and why (a file that is not regular, a JIT
 * map it does not trust), one line each, i from 0 until NULL: for the
 * command to print once.
 */
const char *symbolizer_notice(const struct symbolizer *s, size_t i);

/* The binary behind a mapping, for a caller that reads it itself. */
struct sym_binary {
	enum binfile_status status;
	struct symelf *elf;	/* owned by the symbolizer; NULL unless BINFILE_OK */
	char *shown;		/* where it was found, as a user would reach it;
				   the caller frees it */
};

/*
 * Finds the file of mapping m of process pid as symbolizer_user() does
 * (under the process's root, build-id checked).  0, or -ENOENT with
 * out->status saying why not.
 */
struct symelf;
int symbolizer_binary(struct symbolizer *s, int pid, const struct sym_mapping *m,
		      struct sym_binary *out);
/* The frames at ELF address vaddr of a binary found so; module is its path. */
void symbolizer_vaddr(struct symelf *e, uint64_t vaddr, struct sym_result *out);
/*
 * The function symbol that names ELF address vaddr of a binary found so
 * (the one symbolizer_vaddr() and report take the name from), with its
 * extent; false when no sized symbol names it.  Annotate disassembles
 * exactly the function report names.
 */
bool symbolizer_function(struct symelf *e, uint64_t vaddr, uint64_t *start, uint64_t *size);
/* The file of a binary found so: its headers, offsets and bytes. */
const struct binfile *symbolizer_binfile(const struct symelf *e);

/*
 * The name of a frame-less result: "libc.so.6+0x2a1c0" (module basename and
 * offset), or "[unknown]" when no module is known.  The caller frees it.
 */
char *sym_fallback_name(const struct sym_result *r);

#endif
