#include "config.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/hashmap.h"
#include "lib/strtab.h"
#include "lib/util.h"
#include "report/demangle.h"
#include "report/symelf.h"

#define NO_STR UINT32_MAX

struct seg {
	uint64_t offset, filesz, vaddr;
};

/* Cached lookups: frames of all answers in one pool, strings interned. */
struct cframe {
	uint32_t func, file, line;
};

struct centry {
	uint32_t first, n;
};

struct symelf {
	Dwfl_Callbacks cb;	/* libdwfl keeps a pointer to it */
	char *dipath;		/* cb.debuginfo_path points here */
	Dwfl *dwfl;
	Dwfl_Module *mod;
	GElf_Addr bias;		/* module address = vaddr + bias */
	void *image;		/* an in-memory ELF's bytes, owned */
	ARRAY(struct seg) segs;
	const unsigned char *build_id;
	size_t build_id_len;
	bool no_inline, no_demangle;
	int dwarf;		/* -1 not checked yet, 0 none, 1 present */

	struct strtab strs;
	ARRAY(struct cframe) pool;
	ARRAY(struct centry) entries;
	struct hashmap cache;	/* vaddr -> entries index */
	ARRAY(struct symelf_frame) out;
};

static struct symelf *symelf_alloc(const struct symelf_opts *o)
{
	struct symelf *e = xcalloc(1, sizeof(*e));

	e->no_inline = o->no_inline;
	e->no_demangle = o->no_demangle;
	e->dwarf = -1;
	e->dipath = o->debuginfo_path ? xstrdup(o->debuginfo_path) : NULL;
	e->cb.find_elf = dwfl_build_id_find_elf;
	e->cb.find_debuginfo = dwfl_standard_find_debuginfo;
	e->cb.section_address = dwfl_offline_section_address;
	e->cb.debuginfo_path = &e->dipath;
	strtab_init(&e->strs);
	hashmap_init(&e->cache);
	e->dwfl = dwfl_begin(&e->cb);
	if (!e->dwfl) {
		err_set(ENOMEM, "cannot start libdwfl: %s", dwfl_errmsg(-1));
		symelf_free(e);
		return NULL;
	}
	return e;
}

/* Reads what every lookup needs once the module is reported. */
static struct symelf *symelf_finish(struct symelf *e, const char *what)
{
	size_t nph;
	Elf *elf = e->mod ? dwfl_module_getelf(e->mod, &e->bias) : NULL;

	if (!elf || elf_getphdrnum(elf, &nph) != 0) {
		err_set(ENOEXEC, "'%s' is not a usable ELF file: %s", what,
			dwfl_errmsg(-1));
		symelf_free(e);
		return NULL;
	}
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD)
			array_push(&e->segs, ((struct seg){ ph.p_offset, ph.p_filesz,
							   ph.p_vaddr }));
	}
	GElf_Addr id_vaddr;
	int n = dwfl_module_build_id(e->mod, &e->build_id, &id_vaddr);
	e->build_id_len = n > 0 ? (size_t)n : 0;
	return e;
}

struct symelf *symelf_open(int fd, const char *path, const struct symelf_opts *o)
{
	struct symelf *e = symelf_alloc(o);
	if (!e) {
		close(fd);
		return NULL;
	}
	const char *base = strrchr(path, '/');
	/* Reported at base 0, so module addresses are the ELF's own. */
	e->mod = dwfl_report_elf(e->dwfl, base ? base + 1 : path, path, fd, 0, false);
	if (!e->mod)
		close(fd);
	dwfl_report_end(e->dwfl, NULL, NULL);
	return symelf_finish(e, path);
}

struct symelf *symelf_open_memory(const char *name, const void *image, size_t size,
				  const struct symelf_opts *o)
{
	struct symelf *e = symelf_alloc(o);
	if (!e)
		return NULL;
	e->image = xmalloc(size);
	memcpy(e->image, image, size);
	e->mod = dwfl_report_offline_memory(e->dwfl, name, name, e->image, size);
	dwfl_report_end(e->dwfl, NULL, NULL);
	return symelf_finish(e, name);
}

void symelf_free(struct symelf *e)
{
	if (!e)
		return;
	if (e->dwfl)
		dwfl_end(e->dwfl);
	free(e->image);
	free(e->dipath);
	array_free(&e->segs);
	strtab_release(&e->strs);
	array_free(&e->pool);
	array_free(&e->entries);
	hashmap_release(&e->cache);
	array_free(&e->out);
	free(e);
}

size_t symelf_build_id(const struct symelf *e, const uint8_t **id)
{
	*id = e->build_id;
	return e->build_id_len;
}

bool symelf_offset_to_vaddr(const struct symelf *e, uint64_t off, uint64_t *vaddr)
{
	for (size_t i = 0; i < e->segs.n; i++) {
		const struct seg *s = &e->segs.v[i];
		/* p_filesz, not p_memsz: a file offset past the file part of
		 * a segment (bss) has no meaning. */
		if (off >= s->offset && off - s->offset < s->filesz) {
			*vaddr = s->vaddr + (off - s->offset);
			return true;
		}
	}
	return false;
}

bool symelf_has_dwarf(struct symelf *e)
{
	if (e->dwarf < 0) {
		Dwarf_Addr b;
		e->dwarf = dwfl_module_getdwarf(e->mod, &b) != NULL;
	}
	return e->dwarf;
}

static uint32_t intern(struct symelf *e, const char *s)
{
	return s ? strtab_intern_str(&e->strs, s) : NO_STR;
}

/* A function's name as users read it: demangled linkage name, else plain. */
static uint32_t intern_func(struct symelf *e, const char *name)
{
	if (!name)
		return NO_STR;
	char *d = e->no_demangle ? NULL : demangle(name);
	uint32_t id = intern(e, d ? d : name);
	free(d);
	return id;
}

static const char *attr_string(Dwarf_Die *die, int name)
{
	Dwarf_Attribute a;
	return dwarf_attr_integrate(die, name, &a) ? dwarf_formstring(&a) : NULL;
}

/* Inlined and out-of-line copies refer to their abstract origin (and a
 * C++ definition to its declaration) for names: integrate follows both. */
static const char *die_func_name(Dwarf_Die *die)
{
	const char *n = attr_string(die, DW_AT_linkage_name);
	if (!n)
		n = attr_string(die, DW_AT_MIPS_linkage_name);
	if (!n)
		n = attr_string(die, DW_AT_name);
	return n;
}

/*
 * Source paths as users open them: a relative name joined to the unit's
 * compilation directory, "dir/../" and "./" folded away (for reading only,
 * so symlinks do not matter).
 */
static uint32_t intern_path(struct symelf *e, Dwarf_Die *cu, const char *name)
{
	Dwarf_Attribute a;
	const char *dir = NULL;

	if (!name)
		return NO_STR;
	if (name[0] != '/' && cu && dwarf_attr(cu, DW_AT_comp_dir, &a))
		dir = dwarf_formstring(&a);
	char *full = dir ? xasprintf("%s/%s", dir, name) : xstrdup(name);
	char *w = full;
	for (const char *r = full; *r;) {
		if (r[0] == '.' && r[1] == '/' && (r == full || r[-1] == '/')) {
			r += 2;
		} else if (r[0] == '.' && r[1] == '.' && r[2] == '/' && w > full + 1 &&
			   r[-1] == '/' && !(w - full >= 3 && strncmp(w - 3, "../", 3) == 0)) {
			/* Drop the last written segment. */
			w--;
			while (w > full && w[-1] != '/')
				w--;
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	uint32_t id = intern(e, full);
	free(full);
	return id;
}

static void push_frame(struct symelf *e, uint32_t func, uint32_t file, uint32_t line)
{
	array_push(&e->pool, ((struct cframe){ func, file, line }));
}

/* The call site of an inlined instance: file and line in its caller. */
static void call_site(Dwarf_Die *inl, Dwarf_Die *cu, const char **file, uint32_t *line)
{
	Dwarf_Attribute a;
	Dwarf_Word idx = 0, ln = 0;
	Dwarf_Files *files;
	size_t nfiles;

	*file = NULL;
	*line = 0;
	if (dwarf_formudata(dwarf_attr(inl, DW_AT_call_line, &a), &ln) == 0)
		*line = (uint32_t)ln;
	if (dwarf_formudata(dwarf_attr(inl, DW_AT_call_file, &a), &idx) == 0 &&
	    dwarf_getsrcfiles(cu, &files, &nfiles) == 0 && idx < nfiles)
		*file = dwarf_filesrc(files, idx, NULL, NULL);
}

/*
 * Frames from the innermost function scope at pc out to the subprogram
 * that holds it.  dwarf_getscopes() continues from an inlined instance into
 * its abstract definition, so the concrete nesting (callers of each inlined
 * copy) comes from dwarf_getscopes_die() on the innermost function scope.
 */
static void inline_chain(struct symelf *e, Dwarf_Die *cu, Dwarf_Addr pc,
			 const char *file, uint32_t line)
{
	Dwarf_Die *scopes = NULL, *chain = NULL;
	int n = dwarf_getscopes(cu, pc, &scopes), i, nchain;

	for (i = 0; i < n; i++) {
		int tag = dwarf_tag(&scopes[i]);
		if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine)
			break;
	}
	if (i >= n) {
		free(scopes);
		return;
	}
	nchain = dwarf_getscopes_die(&scopes[i], &chain);
	for (int j = 0; j < nchain; j++) {
		int tag = dwarf_tag(&chain[j]);
		if (tag != DW_TAG_subprogram && tag != DW_TAG_inlined_subroutine)
			continue;
		push_frame(e, intern_func(e, die_func_name(&chain[j])), intern_path(e, cu, file), line);
		if (tag == DW_TAG_subprogram)
			break;
		call_site(&chain[j], cu, &file, &line);
	}
	free(chain);
	free(scopes);
}

static uint32_t resolve(struct symelf *e, uint64_t vaddr)
{
	Dwarf_Addr addr = vaddr + e->bias, dbias;
	struct centry ce = { (uint32_t)e->pool.n, 0 };
	const char *file = NULL;
	int lineno = 0;

	Dwfl_Line *l = dwfl_module_getsrc(e->mod, addr);
	if (l)
		file = dwfl_lineinfo(l, NULL, &lineno, NULL, NULL, NULL);
	Dwarf_Die *cu = dwfl_module_addrdie(e->mod, addr, &dbias);
	if (cu)
		inline_chain(e, cu, addr - dbias, file, lineno > 0 ? (uint32_t)lineno : 0);
	if (e->pool.n == ce.first && file)
		push_frame(e, NO_STR, intern_path(e, cu, file), (uint32_t)lineno);

	/* The symbol table names the real function the way perf and nm do
	 * (with "foo.cold", "foo.constprop.0" clones told apart). */
	GElf_Off off;
	GElf_Sym sym;
	const char *name = dwfl_module_addrinfo(e->mod, addr, &off, &sym, NULL, NULL, NULL);
	if (name && *name) {
		if (e->pool.n == ce.first)
			push_frame(e, NO_STR, NO_STR, 0);
		e->pool.v[e->pool.n - 1].func = intern_func(e, name);
	}
	ce.n = (uint32_t)(e->pool.n - ce.first);
	if (e->no_inline && ce.n > 1) {
		/* One frame: the real function, at the line of the call that
		 * leads into the inlined code. */
		e->pool.v[ce.first] = e->pool.v[e->pool.n - 1];
		e->pool.n = ce.first + 1;
		ce.n = 1;
	}
	if (ce.n == 1 && e->pool.v[ce.first].func == NO_STR) {
		/* A line without a function is no frame. */
		e->pool.n = ce.first;
		ce.n = 0;
	}
	array_push(&e->entries, ce);
	return (uint32_t)(e->entries.n - 1);
}

size_t symelf_lookup(struct symelf *e, uint64_t vaddr, const struct symelf_frame **frames)
{
	bool found;
	uint64_t idx;

	if (!hashmap_get(&e->cache, vaddr, &idx)) {
		idx = resolve(e, vaddr);
		*hashmap_slot(&e->cache, vaddr, &found) = idx;
	}
	const struct centry *ce = &e->entries.v[idx];
	e->out.n = 0;
	for (uint32_t i = 0; i < ce->n; i++) {
		const struct cframe *c = &e->pool.v[ce->first + i];
		struct symelf_frame *f = array_add(&e->out);
		f->func = c->func == NO_STR ? NULL : strtab_get(&e->strs, c->func);
		f->file = c->file == NO_STR ? NULL : strtab_get(&e->strs, c->file);
		f->line = c->line;
	}
	*frames = e->out.v;
	return ce->n;
}
