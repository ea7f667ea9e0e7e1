#include "config.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <elfutils/libdwelf.h>
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/hashmap.h"
#include "lib/strtab.h"
#include "lib/util.h"
#include "sym/binfile.h"
#include "sym/debugfind.h"
#include "sym/demangle.h"
#include "sym/fdeindex.h"
#include "sym/plt.h"
#include "sym/scopes.h"
#include "sym/symelf.h"
#include "sym/symindex.h"

#define NO_STR UINT32_MAX

/* Cached lookups: frames of all answers in one pool, strings interned. */
struct cframe {
	uint32_t func, file, line;
};

struct centry {
	uint32_t first, n;
};

/* A compile unit's address range, for files without .debug_aranges. */
struct cu_range {
	uint64_t low, high;
	Dwarf_Die cu;
};

struct symelf {
	Dwfl_Callbacks cb;	/* libdwfl keeps a pointer to it */
	struct debugfind *find;	/* the debug files' search, see find_debuginfo() */
	bool alt_given;		/* the dwz file was found and handed to libdwfl */
	void *no_alt_image;	/* see guard_alt() */
	Elf *no_alt_elf;
	Dwarf *no_alt;
	Dwfl *dwfl;
	Dwfl_Module *mod;
	GElf_Addr bias;		/* module address = vaddr + bias */
	struct binfile *bin;	/* owned */
	bool no_inline, no_demangle;
	int dwarf;		/* -1 not checked yet, 0 none, 1 present */

	struct strtab strs;
	ARRAY(struct cframe) pool;
	ARRAY(struct centry) entries;
	struct hashmap cache;	/* vaddr -> entries index */
	ARRAY(struct symelf_frame) out;

	struct symindex *syms;	/* built on first use */
	struct scopes *scopes;	/* the units' scope trees */
	struct hashmap func_names;	/* DIE address -> interned name */
	bool cu_ranges_built;
	ARRAY(struct cu_range) cu_ranges;	/* see unit_at() */
	bool plt_read, fdes_read;
	struct plt *plt;	/* NULL: no stubs */
	struct fdeindex *fdes;	/* NULL: no .eh_frame_hdr table */
};

/* ---- debug files ---- */

typedef int find_debuginfo_fn(debuginfod_client *client, const unsigned char *id, int len,
			      char **path);

/*
 * The debug file from a debuginfod server (DEBUGINFOD_URLS), last, as
 * libdwfl's standard search does.  libdwfl loaded the client library
 * (dlopen) when it made the client; its function is looked up there, as
 * the development header may not be installed.  The file comes from our
 * own cache, and is still checked like any other.  For the debug file
 * (notes not NULL) its dwz link is noted, as for one found on disk.
 */
static int from_debuginfod(Dwfl *dwfl, struct debugfind *notes, const uint8_t *id, size_t len,
			   char **name)
{
	debuginfod_client *client = len ? dwfl_get_debuginfod_client(dwfl) : NULL;
	if (!client)
		return -1;
	void *lib = dlopen("libdebuginfod.so.1", RTLD_LAZY | RTLD_NOLOAD);
	find_debuginfo_fn *find = NULL;
	if (lib) {
		*(void **)&find = dlsym(lib, "debuginfod_find_debuginfo");
		dlclose(lib);	/* libdwfl's own reference keeps it loaded */
	}
	char *path = NULL;
	int fd = find ? find(client, id, (int)len, &path) : -1;
	if (fd < 0) {
		free(path);
		return -1;
	}
	enum binfile_status status;
	struct binfile *b = binfile_from_fd(fd, path ? path : "debuginfod", &status);
	int out = b && binfile_build_id_matches(b, id, len) ? binfile_dup_fd(b) : -1;
	if (out >= 0 && notes)
		debugfind_note_alt(notes, b, binfile_path(b));
	binfile_free(b);
	if (out >= 0)
		*name = path;
	else
		free(path);
	return out;
}

/* Whether libdw takes the file as DWARF: libdwfl sets a dwz file as the
 * alt only then, and guard_alt() must know whether it did. */
static bool is_dwarf(int fd)
{
	int own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	Dwarf *dw = own >= 0 ? dwarf_begin(own, DWARF_C_READ) : NULL;
	bool ok = dw != NULL;

	dwarf_end(dw);
	if (own >= 0)
		close(own);
	return ok;
}

/*
 * libdwfl's find_debuginfo callback, for the module's debug file and then
 * for the dwz file its DWARF names (libdwfl asks this callback for both).
 * Every local candidate is opened through sym/binfile; debuginfod comes
 * last.  On failure errno is cleared and *debuginfo_file_name left NULL:
 * libdwfl would open a name left there itself, with a blocking open(),
 * and takes a set errno for a hard error that loses the dynamic symbols.
 */
static int find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
			  Dwarf_Addr base, const char *file_name, const char *debuglink,
			  GElf_Word crc, char **debuginfo_file_name)
{
	struct symelf *e = *userdata;
	const uint8_t *id;
	size_t len;
	int fd = -1;

	(void)mod, (void)modname, (void)base, (void)file_name;
	if (!e || !e->find)
		goto none;
	if (debugfind_is_alt(e->find, debuglink, crc)) {
		fd = debugfind_alt(e->find, debuginfo_file_name);
		len = debugfind_alt_id(e->find, &id);
		if (fd < 0)
			fd = from_debuginfod(e->dwfl, NULL, id, len, debuginfo_file_name);
		e->alt_given = fd >= 0 && is_dwarf(fd);
	} else {
		fd = debugfind_debuginfo(e->find, debuglink, crc, debuginfo_file_name);
		len = binfile_build_id(e->bin, &id);
		if (fd < 0)
			fd = from_debuginfod(e->dwfl, e->find, id, len, debuginfo_file_name);
	}
	if (fd >= 0)
		return fd;
none:
	errno = 0;
	return -1;
}

/*
 * A dwz file that was not found (or is not DWARF) must not be looked for
 * again by libdw: on the first DW_FORM_GNU_ref_alt or strp_alt it would
 * (dwarf_getalt) open /usr/lib/debug/.build-id/xx/rest.debug and the
 * link's name with a plain blocking open(), a FIFO there hanging us.
 * libdw looks only while no alt is set, so a stand-in is set: a tiny ELF
 * image whose .debug_info holds no unit, so that every reference into it
 * fails as a missing dwz file's would.
 */
struct no_alt_image {
	Elf64_Ehdr eh;
	char strs[24];
	unsigned char info[16];
	Elf64_Shdr sh[3];
};

static void guard_alt(struct symelf *e, Dwarf *dw)
{
	static const char strs[] = "\0.shstrtab\0.debug_info";
	const char *name;
	const void *id;

	if (e->alt_given || e->no_alt || dwelf_dwarf_gnu_debugaltlink(dw, &name, &id) <= 0)
		return;
	struct no_alt_image *im = xcalloc(1, sizeof(*im));
	memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
	im->eh.e_ident[EI_CLASS] = ELFCLASS64;
	im->eh.e_ident[EI_DATA] = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB
									  : ELFDATA2MSB;
	im->eh.e_ident[EI_VERSION] = EV_CURRENT;
	im->eh.e_type = ET_REL;
	im->eh.e_version = EV_CURRENT;
	im->eh.e_ehsize = sizeof(Elf64_Ehdr);
	im->eh.e_shoff = offsetof(struct no_alt_image, sh);
	im->eh.e_shentsize = sizeof(Elf64_Shdr);
	im->eh.e_shnum = 3;
	im->eh.e_shstrndx = 1;
	memcpy(im->strs, strs, sizeof(strs));
	im->sh[1] = (Elf64_Shdr){ .sh_name = 1, .sh_type = SHT_STRTAB,
				  .sh_offset = offsetof(struct no_alt_image, strs),
				  .sh_size = sizeof(strs), .sh_addralign = 1 };
	im->sh[2] = (Elf64_Shdr){ .sh_name = 11, .sh_type = SHT_PROGBITS,
				  .sh_offset = offsetof(struct no_alt_image, info),
				  .sh_size = sizeof(im->info), .sh_addralign = 1 };
	e->no_alt_image = im;
	e->no_alt_elf = elf_memory((char *)im, sizeof(*im));
	e->no_alt = e->no_alt_elf ? dwarf_begin_elf(e->no_alt_elf, DWARF_C_READ, NULL) : NULL;
	if (e->no_alt)
		dwarf_setalt(dw, e->no_alt);
}

static struct symelf *symelf_alloc(const struct symelf_opts *o)
{
	struct symelf *e = xcalloc(1, sizeof(*e));

	e->no_inline = o->no_inline;
	e->no_demangle = o->no_demangle;
	e->dwarf = -1;
	/* Never called: every module is reported with its ELF file open. */
	e->cb.find_elf = dwfl_build_id_find_elf;
	/* Not dwfl_standard_find_debuginfo: it opens what it finds with a
	 * plain blocking open(), and a FIFO at any of its paths would hang
	 * us; ours opens every candidate through sym/binfile. */
	e->cb.find_debuginfo = find_debuginfo;
	e->cb.section_address = dwfl_offline_section_address;
	/* No path: nothing of libdwfl's own search is left to use one. */
	e->cb.debuginfo_path = NULL;
	strtab_init(&e->strs);
	hashmap_init(&e->cache);
	e->scopes = scopes_new();
	hashmap_init(&e->func_names);
	e->dwfl = dwfl_begin(&e->cb);
	if (!e->dwfl) {
		err_set(ENOMEM, "cannot start libdwfl: %s", dwfl_errmsg(-1));
		symelf_free(e);
		return NULL;
	}
	return e;
}

/* The module is reported: the one every lookup needs. */
static struct symelf *symelf_finish(struct symelf *e, const char *what)
{
	void **userdata;
	/* find_debuginfo() gets it back through the module's user data. */
	if (e->mod && dwfl_module_info(e->mod, &userdata, NULL, NULL, NULL, NULL, NULL, NULL))
		*userdata = e;
	if (!e->mod || !dwfl_module_getelf(e->mod, &e->bias)) {
		err_set(ENOEXEC, "'%s' is not a usable ELF file: %s", what, dwfl_errmsg(-1));
		symelf_free(e);
		return NULL;
	}
	return e;
}

struct symelf *symelf_open(struct binfile *b, const struct symelf_opts *o)
{
	struct symelf *e = symelf_alloc(o);
	if (!e) {
		binfile_free(b);
		return NULL;
	}
	e->bin = b;
	const char *path = binfile_path(b);
	int fd = binfile_dup_fd(b);
	/* Reported at base 0, so module addresses are the ELF's own.  libdwfl
	 * takes the fd over; it was opened (safely) by the binary-file layer. */
	if (fd >= 0)
		e->mod = dwfl_report_elf(e->dwfl, path_base(path), path, fd, 0, false);
	if (fd >= 0 && !e->mod)
		close(fd);
	dwfl_report_end(e->dwfl, NULL, NULL);
	e->find = o->root_path ? debugfind_new(b, o->rootfd, o->root_path, o->debug_dirs)
			       : debugfind_new(b, -1, path, o->debug_dirs);
	return symelf_finish(e, path);
}

struct symelf *symelf_open_memory(const char *name, const void *image, size_t size,
				  const struct symelf_opts *o)
{
	struct binfile *b = binfile_from_memory(name, image, size);
	if (!b)
		return NULL;
	struct symelf *e = symelf_alloc(o);
	if (!e) {
		binfile_free(b);
		return NULL;
	}
	e->bin = b;
	size_t len;
	void *raw = (void *)binfile_raw(b, &len);
	e->mod = dwfl_report_offline_memory(e->dwfl, name, name, raw, len);
	dwfl_report_end(e->dwfl, NULL, NULL);
	e->find = debugfind_new(b, -1, name, o->debug_dirs);
	return symelf_finish(e, name);
}

void symelf_free(struct symelf *e)
{
	if (!e)
		return;
	if (e->dwfl)
		dwfl_end(e->dwfl);
	/* After dwfl_end: the module's Dwarf points at the stand-in. */
	if (e->no_alt)
		dwarf_end(e->no_alt);
	if (e->no_alt_elf)
		elf_end(e->no_alt_elf);
	free(e->no_alt_image);
	debugfind_free(e->find);
	binfile_free(e->bin);
	strtab_release(&e->strs);
	array_free(&e->pool);
	array_free(&e->entries);
	hashmap_release(&e->cache);
	array_free(&e->out);
	symindex_free(e->syms);
	scopes_free(e->scopes);
	hashmap_release(&e->func_names);
	array_free(&e->cu_ranges);
	plt_free(e->plt);
	fdeindex_free(e->fdes);
	free(e);
}

const struct binfile *symelf_binfile(const struct symelf *e)
{
	return e->bin;
}

bool symelf_has_dwarf(struct symelf *e)
{
	if (e->dwarf < 0) {
		Dwarf_Addr b;
		Dwarf *dw = dwfl_module_getdwarf(e->mod, &b);
		e->dwarf = dw != NULL;
		if (dw)
			guard_alt(e, dw);
	}
	return e->dwarf;
}

static uint32_t intern(struct symelf *e, const char *s)
{
	return s ? strtab_intern_str(&e->strs, s) : NO_STR;
}

/* The length of name without a symbol version ("memcpy@@GLIBC_2.14",
 * "realpath@GLIBC_2.2.5"): .symtab spells versioned names so, perf and
 * users do not. */
static size_t unversioned_len(const char *name)
{
	const char *at = strchr(name, '@');
	if (!at || at == name)
		return strlen(name);
	const char *v = at + 1 + (at[1] == '@');
	if (!(isalpha((unsigned char)*v) || *v == '_'))
		return strlen(name);
	for (const char *c = v; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_' && *c != '.')
			return strlen(name);
	return at - name;
}

/* A function's name as users read it: demangled linkage name, else plain. */
static uint32_t intern_func(struct symelf *e, const char *name)
{
	if (!name)
		return NO_STR;
	char *plain = xstrndup(name, unversioned_len(name));
	char *d = e->no_demangle ? NULL : demangle(plain);
	uint32_t id = intern(e, d ? d : plain);
	free(d);
	free(plain);
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

/* A function DIE's name, demangled once. */
static uint32_t die_func(struct symelf *e, Dwarf_Die *die)
{
	bool found;
	uint64_t *slot = hashmap_slot(&e->func_names, (uint64_t)(uintptr_t)die->addr, &found);

	if (!found)
		*slot = intern_func(e, die_func_name(die));
	return (uint32_t)*slot;
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

/* ---- inline chains ------------------------------------------------------ */

/*
 * Frames from the innermost function scope at pc out to the subprogram
 * that holds it, from libdw's own walks: the reference that
 * inline_chain() follows, and its fallback for unusual DWARF.
 * dwarf_getscopes() continues from an inlined instance into its abstract
 * definition, so the concrete nesting (callers of each inlined copy) comes
 * from dwarf_getscopes_die() on the innermost function scope.
 */
static void inline_chain_libdw(struct symelf *e, Dwarf_Die *cu, Dwarf_Addr pc,
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
		push_frame(e, die_func(e, &chain[j]), intern_path(e, cu, file), line);
		if (tag == DW_TAG_subprogram)
			break;
		call_site(&chain[j], cu, &file, &line);
	}
	free(chain);
	free(scopes);
}

/* intern_path() once per file name of the unit. */
static uint32_t unit_path(struct symelf *e, struct scope_unit *u, Dwarf_Die *cu, const char *file)
{
	bool found;

	if (!file)
		return NO_STR;
	uint64_t *slot = hashmap_slot(scope_unit_paths(u), (uint64_t)(uintptr_t)file, &found);
	if (!found)
		*slot = intern_path(e, cu, file);
	return (uint32_t)*slot;
}

/* inline_chain_libdw()'s frames from the unit's scope tree; false when
 * only libdw can tell. */
static bool inline_chain(struct symelf *e, Dwarf_Die *cu, Dwarf_Addr pc,
			 const char *file, uint32_t line)
{
	struct scope_unit *u = scopes_unit(e->scopes, cu);
	Dwarf_Die **chain;
	int n = scope_unit_functions(u, cu, pc, &chain);

	for (int j = 0; j < n; j++) {
		push_frame(e, die_func(e, chain[j]), unit_path(e, u, cu, file), line);
		if (dwarf_tag(chain[j]) == DW_TAG_subprogram)
			break;
		call_site(chain[j], cu, &file, &line);
	}
	return n >= 0;
}

/* ---- symbol table (sym/symindex.c) --------------------------------------- */

static struct symindex *symbols(struct symelf *e)
{
	if (!e->syms)
		e->syms = symindex_new(e->mod);
	return e->syms;
}

bool symelf_function(struct symelf *e, uint64_t vaddr, uint64_t *start, uint64_t *size)
{
	if (!symindex_holder(symbols(e), vaddr + e->bias, start, size))
		return false;
	*start -= e->bias;
	return true;
}

static int cmp_cu_range(const void *a, const void *b)
{
	const struct cu_range *x = a, *y = b;
	return x->low < y->low ? -1 : x->low > y->low;
}

/*
 * The compile unit holding module address addr.  libdw finds it through
 * .debug_aranges, which clang does not write by default: without it every
 * address of a clang-built file had no unit, so no inline frames and no
 * source lines.  Then the units' own ranges are indexed once and searched.
 */
static Dwarf_Die *unit_at(struct symelf *e, Dwarf_Addr addr, Dwarf_Addr *dbias)
{
	/* First: it sets the dwz file up before any DIE is read. */
	if (!symelf_has_dwarf(e))
		return NULL;
	Dwarf_Die *cu = dwfl_module_addrdie(e->mod, addr, dbias);
	if (cu)
		return cu;
	if (!e->cu_ranges_built) {
		e->cu_ranges_built = true;
		Dwarf_Addr b, base, low, high;
		for (Dwarf_Die *u = NULL; (u = dwfl_module_nextcu(e->mod, u, &b));) {
			ptrdiff_t off = 0;
			while ((off = dwarf_ranges(u, off, &base, &low, &high)) > 0)
				if (low < high)
					array_push(&e->cu_ranges,
						   ((struct cu_range){ low + b, high + b, *u }));
		}
		if (e->cu_ranges.n)
			qsort(e->cu_ranges.v, e->cu_ranges.n, sizeof(e->cu_ranges.v[0]),
			      cmp_cu_range);
	}
	/* The last range starting at or below addr; units do not overlap. */
	size_t lo = 0, hi = e->cu_ranges.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (e->cu_ranges.v[mid].low <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || addr >= e->cu_ranges.v[lo - 1].high)
		return NULL;
	dwfl_module_getdwarf(e->mod, dbias);
	return &e->cu_ranges.v[lo - 1].cu;
}

/* The source line of module address addr, from the unit when libdwfl has none. */
static const char *line_at(struct symelf *e, Dwarf_Addr addr, Dwarf_Die *cu, Dwarf_Addr dbias,
			   int *lineno)
{
	Dwfl_Line *l = dwfl_module_getsrc(e->mod, addr);
	if (l)
		return dwfl_lineinfo(l, NULL, lineno, NULL, NULL, NULL);
	Dwarf_Line *dl = cu ? dwarf_getsrc_die(cu, addr - dbias) : NULL;
	if (!dl || dwarf_lineno(dl, lineno) != 0)
		return NULL;
	return dwarf_linesrc(dl, NULL, NULL);
}

/* ---- code no symbol names ------------------------------------------------ */

/* A PLT stub: "memcpy@plt", as perf and objdump call it. */
static uint32_t plt_func(struct symelf *e, uint64_t vaddr)
{
	if (!e->plt_read) {
		e->plt_read = true;
		e->plt = plt_read(binfile_elf(e->bin));
	}
	const char *target = plt_target(e->plt, vaddr);
	if (!target)
		return NO_STR;
	char *name = xasprintf("%s@plt", strtab_get(&e->strs, intern_func(e, target)));
	uint32_t id = intern(e, name);
	free(name);
	return id;
}

/* Whether an .eh_frame FDE covers module address addr: the compiler
 * writes one per function, stripped or not, and .eh_frame_hdr lists them. */
static bool has_fde(struct symelf *e, Dwarf_Addr addr)
{
	Dwarf_Addr b;
	Dwarf_Frame *fr;
	Dwarf_CFI *cfi = dwfl_module_eh_cfi(e->mod, &b);
	if (!cfi || dwarf_cfi_addrframe(cfi, addr - b, &fr) != 0)
		return false;
	free(fr);
	return true;
}

/* Code without a symbol, one name per function: "sha256sum+0x4a30", the
 * file and the ELF address where the function's FDE starts. */
static uint32_t fde_func(struct symelf *e, uint64_t vaddr)
{
	uint64_t start;
	if (!e->fdes_read) {
		e->fdes_read = true;
		e->fdes = fdeindex_read(binfile_elf(e->bin));
	}
	if (!e->fdes || !has_fde(e, vaddr + e->bias) || !fdeindex_start(e->fdes, vaddr, &start))
		return NO_STR;
	char *name = xasprintf("%s+0x%llx", path_base(binfile_path(e->bin)),
			       (unsigned long long)start);
	uint32_t id = intern(e, name);
	free(name);
	return id;
}

static uint32_t resolve(struct symelf *e, uint64_t vaddr)
{
	Dwarf_Addr addr = vaddr + e->bias, dbias = 0;
	struct centry ce = { (uint32_t)e->pool.n, 0 };
	int lineno = 0;

	Dwarf_Die *cu = unit_at(e, addr, &dbias);
	const char *file = line_at(e, addr, cu, dbias, &lineno);
	uint32_t line = lineno > 0 ? (uint32_t)lineno : 0;
	if (cu && !inline_chain(e, cu, addr - dbias, file, line))
		inline_chain_libdw(e, cu, addr - dbias, file, line);
	if (e->pool.n == ce.first && file)
		push_frame(e, NO_STR, cu ? unit_path(e, scopes_unit(e->scopes, cu), cu, file)
					 : intern_path(e, NULL, file), (uint32_t)lineno);

	/* The symbol table names the real function the way perf and nm do
	 * (with "foo.cold", "foo.constprop.0" clones told apart). */
	uint32_t func = plt_func(e, vaddr);
	const char *name = func == NO_STR ? symindex_name(symbols(e), addr) : NULL;
	if (name && *name)
		func = intern_func(e, name);
	else if (func == NO_STR && (e->pool.n == ce.first || e->pool.v[e->pool.n - 1].func == NO_STR))
		func = fde_func(e, vaddr);
	if (func != NO_STR) {
		if (e->pool.n == ce.first)
			push_frame(e, NO_STR, NO_STR, 0);
		e->pool.v[e->pool.n - 1].func = func;
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
