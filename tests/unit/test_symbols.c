/*
 * Symbolization of real binaries: a workload built -O2 -g is compared with
 * what nm and addr2line say of it (names, inline chains, files and lines),
 * then stripped, split and moved copies of it, this very process (libc, the
 * vdso), JIT maps, kallsyms and the demangler.
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/util.h"
#include "sym/binfile.h"
#include "sym/demangle.h"
#include "sym/jitmap.h"
#include "sym/kallsyms.h"
#include "sym/symbols.h"
#include "tests/unit/check.h"

static char tmpdir[] = "/tmp/cprof-symtest-XXXXXX";

/* ---- helpers ------------------------------------------------------------- */

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	va_list ap;
	char *cmd;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		abort();
	va_end(ap);
	int rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	free(cmd);
	return rc;
}

static char *workload(const char *name)
{
	const char *dir = getenv("WORKLOADS");
	return xasprintf("%s/%s", dir ? dir : "tests/workloads", name);
}

/* A mapping of path's executable segment at base, as the kernel would make. */
struct elfmap {
	struct sym_mapping m;
	uint64_t seg_vaddr, seg_off;
};

static bool map_exec_segment(const char *path, uint64_t base, struct elfmap *em)
{
	int fd = open(path, O_RDONLY);
	bool ok = false;

	memset(em, 0, sizeof(*em));
	if (fd < 0)
		return false;
	elf_version(EV_CURRENT);
	Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
	size_t n = 0;
	if (elf && elf_getphdrnum(elf, &n) == 0) {
		for (size_t i = 0; i < n && !ok; i++) {
			GElf_Phdr ph;
			if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD ||
			    !(ph.p_flags & PF_X))
				continue;
			em->seg_vaddr = ph.p_vaddr & ~0xfffull;
			em->seg_off = ph.p_offset & ~0xfffull;
			em->m.path = path;
			/* A position-independent file goes at base, others at
			 * their own addresses. */
			GElf_Ehdr eh;
			if (gelf_getehdr(elf, &eh) && eh.e_type == ET_EXEC)
				base = 0;
			em->m.start = base + em->seg_vaddr;
			em->m.end = em->m.start + ((ph.p_vaddr + ph.p_filesz - em->seg_vaddr + 0xfff) & ~0xfffull);
			em->m.pgoff = em->seg_off;
			ok = true;
		}
	}
	elf_end(elf);
	close(fd);
	return ok;
}

static uint64_t addr_of(const struct elfmap *em, uint64_t vaddr)
{
	return em->m.start + (vaddr - em->seg_vaddr);
}

struct nmsym {
	uint64_t addr, size;
	char name[128];
};

/* Text symbols of a file with sizes, as nm prints them. */
static size_t nm_text(const char *path, struct nmsym **out)
{
	char *cmd = xasprintf("nm -n -S --defined-only '%s' 2>/dev/null", path);
	FILE *f = popen(cmd, "r");
	ARRAY(struct nmsym) a = {0};
	char line[512];

	free(cmd);
	while (f && fgets(line, sizeof(line), f)) {
		struct nmsym s;
		char type;
		if (sscanf(line, "%" SCNx64 " %" SCNx64 " %c %127s", &s.addr, &s.size,
			   &type, s.name) == 4 && (type == 't' || type == 'T' || type == 'W') && s.size)
			array_push(&a, s);
	}
	if (f)
		pclose(f);
	*out = a.v;
	return a.n;
}

static const struct nmsym *nm_find(const struct nmsym *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

/* What addr2line -f -i says of one address: frames innermost first. */
struct a2l {
	size_t n;
	char func[16][128];
	char file[16][256];
	unsigned line[16];
};

static size_t addr2line(const char *path, const uint64_t *vaddrs, size_t n, struct a2l *out)
{
	char *list = xstrdup(""), *cmd;
	for (size_t i = 0; i < n; i++) {
		char *l = xasprintf("%s 0x%" PRIx64, list, vaddrs[i]);
		free(list);
		list = l;
	}
	cmd = xasprintf("addr2line -a -f -i -e '%s'%s", path, list);
	free(list);
	FILE *f = popen(cmd, "r");
	free(cmd);
	char fn[512], loc[512];
	long k = -1;
	while (f && fgets(fn, sizeof(fn), f)) {
		fn[strcspn(fn, "\n")] = '\0';
		if (strncmp(fn, "0x", 2) == 0) {
			if (++k >= (long)n)
				break;
			out[k].n = 0;
			continue;
		}
		if (k < 0 || !fgets(loc, sizeof(loc), f))
			break;
		struct a2l *a = &out[k];
		if (a->n >= 16)
			continue;
		loc[strcspn(loc, " \n")] = '\0';
		char *colon = strrchr(loc, ':');
		a->line[a->n] = colon ? (unsigned)strtoul(colon + 1, NULL, 10) : 0;
		if (colon)
			*colon = '\0';
		snprintf(a->func[a->n], sizeof(a->func[0]), "%.127s", fn);
		snprintf(a->file[a->n], sizeof(a->file[0]), "%.255s", loc);
		a->n++;
	}
	if (f)
		pclose(f);
	return (size_t)(k + 1);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = s ? strlen(s) : 0, b = strlen(suffix);
	return s && a >= b && strcmp(s + a - b, suffix) == 0;
}

static struct symbolizer *new_sym(bool no_inline, const char *const *dirs)
{
	struct sym_options o = { .no_inline = no_inline, .debug_dirs = dirs };
	return symbolizer_new(&o);
}

static void print_result(const char *what, const struct sym_result *r)
{
	fprintf(stderr, "  %s: module %s offset 0x%" PRIx64 ", %zu frames\n", what,
		r->module ? r->module : "(none)", r->offset, r->nframes);
	for (size_t i = 0; i < r->nframes; i++)
		fprintf(stderr, "    %s at %s:%u\n", r->frames[i].func ? r->frames[i].func : "?",
			r->frames[i].file ? r->frames[i].file : "?", r->frames[i].line);
}

/* The line in the workload's source where text first occurs. */
static unsigned source_line(const char *file, const char *text)
{
	const char *src = getenv("top_srcdir");
	char *path = xasprintf("%s/tests/workloads/%s", src ? src : "..", file);
	FILE *f = fopen(path, "r");
	char line[512];
	unsigned n = 0, found = 0;

	free(path);
	while (f && fgets(line, sizeof(line), f)) {
		n++;
		if (strstr(line, text)) {
			found = n;
			break;
		}
	}
	if (f)
		fclose(f);
	return found;
}

#define BASE 0x555555554000ull

/* Our answer for vaddr of the file mapped as em. */
static void lookup(struct symbolizer *s, const struct elfmap *em, uint64_t vaddr,
		   struct sym_result *r)
{
	CHECK_INT(symbolizer_user(s, 999999, &em->m, addr_of(em, vaddr), r), 0);
}

/* Every function nm lists and many addresses inside them, against addr2line. */
static void test_against_tools(const char *path)
{
	struct elfmap em;
	struct nmsym *syms;
	size_t nsyms = nm_text(path, &syms), nv = 0, mismatches = 0, chains = 0;
	uint64_t *vaddrs = NULL;
	struct symbolizer *s = new_sym(false, NULL);

	CHECK(map_exec_segment(path, BASE, &em));
	CHECK(nm_find(syms, nsyms, "main") && nm_find(syms, nsyms, "inl_outer"));
	for (size_t i = 0; i < nsyms; i++) {
		for (uint64_t off = 0; off < syms[i].size; off += 1 + syms[i].size / 97) {
			vaddrs = xrealloc(vaddrs, (nv + 1) * sizeof(*vaddrs));
			vaddrs[nv++] = syms[i].addr + off;
		}
	}
	struct a2l *a = xcalloc(nv, sizeof(*a));
	CHECK_INT(addr2line(path, vaddrs, nv, a), nv);
	for (size_t i = 0, k = 0; i < nv; i++) {
		struct sym_result r;
		while (k + 1 < nsyms && vaddrs[i] >= syms[k].addr + syms[k].size)
			k++;
		lookup(s, &em, vaddrs[i], &r);
		CHECK_INT(r.offset, vaddrs[i]);
		bool ok = r.nframes > 0 && strcmp(r.frames[r.nframes - 1].func, syms[k].name) == 0;
		/* addr2line knows inline chains only where DWARF is. */
		if (ok && strcmp(a[i].file[0], "??") != 0) {
			ok = r.nframes == a[i].n;
			for (size_t j = 0; ok && j < r.nframes; j++) {
				const char *base = strrchr(a[i].file[j], '/');
				ok = r.frames[j].line == a[i].line[j] &&
				     ends_with(r.frames[j].file, base ? base : a[i].file[j]) &&
				     (j + 1 == r.nframes || strcmp(r.frames[j].func, a[i].func[j]) == 0);
			}
			chains += r.nframes > 1;
		}
		if (!ok && mismatches++ < 5) {
			fprintf(stderr, "mismatch at 0x%" PRIx64 " (nm: %s, addr2line: %zu frames, %s at %s:%u)\n",
				vaddrs[i], syms[k].name, a[i].n, a[i].func[0], a[i].file[0], a[i].line[0]);
			print_result("cprof", &r);
		}
		sym_result_release(&r);
	}
	CHECK_INT(mismatches, 0);
	CHECK(chains > 0);
	fprintf(stderr, "compared %zu addresses in %zu functions with nm and addr2line "
		"(%zu inline chains)\n", nv, nsyms, chains);
	free(a);
	free(vaddrs);
	free(syms);
	symbolizer_free(s);
}

/* An address of inl_outer where inl_leaf runs inlined through inl_middle. */
static bool find_leaf(struct symbolizer *s, const struct elfmap *em, const struct nmsym *outer,
		      uint64_t *vaddr)
{
	for (uint64_t v = outer->addr; v < outer->addr + outer->size; v++) {
		struct sym_result r;
		lookup(s, em, v, &r);
		bool hit = r.nframes == 3 && strcmp(r.frames[0].func, "inl_leaf") == 0;
		sym_result_release(&r);
		if (hit) {
			*vaddr = v;
			return true;
		}
	}
	return false;
}

/* The chain users must see: names, the source file, and the lines. */
static void check_chain(const struct sym_result *r)
{
	CHECK_INT(r->nframes, 3);
	if (r->nframes != 3)
		return;
	CHECK_STR(r->frames[0].func, "inl_leaf");
	CHECK_STR(r->frames[1].func, "inl_middle");
	CHECK_STR(r->frames[2].func, "inl_outer");
	for (size_t i = 0; i < 3; i++)
		CHECK(ends_with(r->frames[i].file, "/inline.c"));
	unsigned leaf_first = source_line("inline.c", "x ^= x << 13;");
	CHECK(r->frames[0].line >= leaf_first && r->frames[0].line < leaf_first + 4);
	CHECK_INT(r->frames[1].line, source_line("inline.c", "x = inl_leaf(x) + (uint64_t)i;"));
	CHECK_INT(r->frames[2].line, source_line("inline.c", "x = inl_middle(x, 64);"));
}

static void test_inline_chain(const char *path)
{
	struct elfmap em;
	struct nmsym *syms;
	size_t n = nm_text(path, &syms);
	const struct nmsym *outer = nm_find(syms, n, "inl_outer");
	struct symbolizer *s = new_sym(false, NULL), *flat = new_sym(true, NULL);
	struct sym_result r;
	uint64_t v;

	CHECK(map_exec_segment(path, BASE, &em));
	CHECK(outer != NULL);
	if (outer && find_leaf(s, &em, outer, &v)) {
		lookup(s, &em, v, &r);
		check_chain(&r);
		sym_result_release(&r);
		/* --no-inline: the real function at the line of the call. */
		lookup(flat, &em, v, &r);
		CHECK_INT(r.nframes, 1);
		if (r.nframes == 1) {
			CHECK_STR(r.frames[0].func, "inl_outer");
			CHECK_INT(r.frames[0].line, source_line("inline.c", "x = inl_middle(x, 64);"));
		}
		sym_result_release(&r);
	} else {
		CHECK(!"no address of inl_outer runs inl_leaf inlined");
	}
	free(syms);
	symbolizer_free(s);
	symbolizer_free(flat);
}

/* The leaf address of the original file, then frames of a copy at it. */
static size_t frames_of_copy(const char *orig, const char *copy, const char *const *dirs,
			     struct sym_result *r)
{
	struct elfmap em, emc;
	struct nmsym *syms;
	size_t n = nm_text(orig, &syms);
	const struct nmsym *outer = nm_find(syms, n, "inl_outer");
	struct symbolizer *s = new_sym(false, dirs);
	uint64_t v = 0;

	memset(r, 0, sizeof(*r));
	if (outer && map_exec_segment(orig, BASE, &em) && find_leaf(s, &em, outer, &v) &&
	    map_exec_segment(copy, BASE, &emc))
		lookup(s, &emc, v, r);
	free(syms);
	symbolizer_free(s);
	return r->nframes;
}

static void test_separate_debug(const char *path)
{
	struct sym_result r;
	const char *dirs[2] = { NULL, NULL };
	char *dbg = xasprintf("%s/dbg", tmpdir);
	char hex[130] = "";

	/* A distribution-style split: stripped file + debug file. */
	CHECK_INT(run("objcopy --only-keep-debug '%s' %s/w.debug && "
		      "objcopy --strip-all '%s' %s/w.stripped", path, tmpdir, path, tmpdir), 0);
	char *stripped = xasprintf("%s/w.stripped", tmpdir);

	/* No symbols at all: the function the address's FDE covers, named
	 * by the file and the function's start. */
	CHECK_INT(frames_of_copy(path, stripped, NULL, &r), 1);
	struct nmsym *syms;
	size_t nsyms = nm_text(path, &syms);
	const struct nmsym *outer = nm_find(syms, nsyms, "inl_outer");
	char *want = outer ? xasprintf("w.stripped+0x%llx", (unsigned long long)outer->addr) : NULL;
	CHECK(want && r.nframes == 1 && r.frames[0].func && strcmp(r.frames[0].func, want) == 0);
	free(want);
	free(syms);
	sym_result_release(&r);

	/* The debug file under DIR/.build-id/xx/rest.debug. */
	char *cmd = xasprintf("readelf -n '%s' | sed -n 's/.*Build ID: //p'", path);
	FILE *f = popen(cmd, "r");
	CHECK(f && fscanf(f, "%129s", hex) == 1);
	if (f)
		pclose(f);
	free(cmd);
	CHECK(strlen(hex) > 8);
	CHECK_INT(run("mkdir -p %s/.build-id/%.2s && cp %s/w.debug %s/.build-id/%.2s/%s.debug",
		      dbg, hex, tmpdir, dbg, hex, hex + 2), 0);
	dirs[0] = dbg;
	CHECK_INT(frames_of_copy(path, stripped, dirs, &r), 3);
	check_chain(&r);
	sym_result_release(&r);

	/* .gnu_debuglink, with the debug file beside the binary. */
	CHECK_INT(run("mkdir -p %s/link && cp %s/w.debug %s/link/ && "
		      "objcopy --add-gnu-debuglink=%s/w.debug %s %s/link/w", tmpdir, tmpdir, tmpdir,
		      tmpdir, stripped, tmpdir), 0);
	char *linked = xasprintf("%s/link/w", tmpdir);
	CHECK_INT(frames_of_copy(path, linked, NULL, &r), 3);
	check_chain(&r);
	sym_result_release(&r);

	/* MiniDebugInfo: a compressed symbol table in .gnu_debugdata. */
	CHECK_INT(run("cd %s && objcopy --strip-debug '%s' mini && xz -f mini && "
		      "objcopy --add-section .gnu_debugdata=mini.xz w.stripped w.mini",
		      tmpdir, path), 0);
	char *mini = xasprintf("%s/w.mini", tmpdir);
	CHECK_INT(frames_of_copy(path, mini, NULL, &r), 1);
	if (r.nframes == 1)
		CHECK_STR(r.frames[0].func, "inl_outer");
	sym_result_release(&r);
	free(mini);
	free(linked);
	free(stripped);
	free(dbg);
}

/* A recorded build-id that is not the file's: the file is not trusted. */
static void test_build_id_mismatch(const char *path)
{
	struct elfmap em;
	struct nmsym *syms;
	size_t n = nm_text(path, &syms);
	const struct nmsym *outer = nm_find(syms, n, "inl_outer");
	static const uint8_t bogus[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	struct symbolizer *s = new_sym(false, NULL);
	struct sym_result r;

	CHECK(map_exec_segment(path, BASE, &em) && outer);
	em.m.build_id = bogus;
	em.m.build_id_len = sizeof(bogus);
	if (outer) {
		lookup(s, &em, outer->addr, &r);
		CHECK_INT(r.nframes, 0);
		CHECK_INT(r.offset, outer->addr - em.seg_vaddr + em.seg_off);
		sym_result_release(&r);
	}
	free(syms);
	symbolizer_free(s);
}

/*
 * A process under another root: its binary exists only there.  Names come
 * from its files while it runs and after it exited (its root is held).
 */
static void test_chroot(const char *path)
{
	char *root = xasprintf("%s/root", tmpdir);
	char *app = xasprintf("%s/cprof-symtest-app", root);
	int ready[2], hold[2];
	char c;

	CHECK_INT(run("mkdir -p %s && cp '%s' %s", root, path, app), 0);
	if (pipe(ready) || pipe(hold))
		abort();
	pid_t pid = fork();
	if (pid == 0) {
		close(ready[0]);
		close(hold[1]);
		c = chroot(root) == 0 && chdir("/") == 0 ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1 || read(hold[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	if (read(ready[0], &c, 1) != 1 || c != 'y') {
		fprintf(stderr, "skipping the chroot test: chroot needs privileges\n");
	} else {
		struct symbolizer *s = new_sym(false, NULL);
		struct nmsym *syms;
		size_t n = nm_text(path, &syms);
		const struct nmsym *outer = nm_find(syms, n, "inl_outer");
		const struct nmsym *mainsym = nm_find(syms, n, "main");
		struct elfmap em;
		struct sym_result r;

		symbolizer_note_process(s, pid);
		CHECK(map_exec_segment(path, BASE, &em) && outer && mainsym);
		em.m.path = "/cprof-symtest-app";
		CHECK_INT(symbolizer_user(s, pid, &em.m, addr_of(&em, outer->addr), &r), 0);
		CHECK(r.nframes >= 1 && strcmp(r.frames[r.nframes - 1].func, "inl_outer") == 0);
		sym_result_release(&r);
		close(hold[1]);
		waitpid(pid, NULL, 0);
		int dead = pid;
		pid = -1;
		CHECK_INT(symbolizer_user(s, dead, &em.m, addr_of(&em, mainsym->addr), &r), 0);
		CHECK(r.nframes >= 1 && strcmp(r.frames[r.nframes - 1].func, "main") == 0);
		sym_result_release(&r);
		symbolizer_free(s);

		/* Without its root nothing names it: the host has no such file. */
		s = new_sym(false, NULL);
		CHECK_INT(symbolizer_user(s, dead, &em.m, addr_of(&em, mainsym->addr), &r), 0);
		CHECK_INT(r.nframes, 0);
		sym_result_release(&r);
		symbolizer_free(s);
		free(syms);
	}
	close(ready[0]);
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	free(app);
	free(root);
}

/* C++ names come demangled, with parameter types, unless asked not to. */
static void test_cxx(const char *path)
{
	struct elfmap em;
	struct nmsym *syms;
	size_t n = nm_text(path, &syms);
	const struct nmsym *method = nm_find(syms, n, "_ZN2ns5Class6methodEi");
	const struct nmsym *scale = nm_find(syms, n, "_ZN2ns5scaleIdEET_S1_i");
	struct sym_options raw = { .no_demangle = true };
	struct symbolizer *s = new_sym(false, NULL), *r = symbolizer_new(&raw);
	struct sym_result res;

	CHECK(map_exec_segment(path, BASE, &em) && method && scale);
	if (method && scale) {
		lookup(s, &em, method->addr + 4, &res);
		CHECK(res.nframes >= 1);
		if (res.nframes)
			CHECK_STR(res.frames[res.nframes - 1].func, "ns::Class::method(int)");
		sym_result_release(&res);
		lookup(s, &em, scale->addr + 4, &res);
		CHECK(res.nframes >= 1 && strstr(res.frames[res.nframes - 1].func,
						 "ns::scale<double>(double, int)"));
		sym_result_release(&res);
		lookup(r, &em, method->addr + 4, &res);
		CHECK(res.nframes >= 1);
		if (res.nframes)
			CHECK_STR(res.frames[res.nframes - 1].func, "_ZN2ns5Class6methodEi");
		sym_result_release(&res);
	}
	free(syms);
	symbolizer_free(s);
	symbolizer_free(r);
}

/* The mapping of this process that holds addr, from /proc/self/maps. */
static bool self_mapping(uint64_t addr, struct sym_mapping *m, char *path, size_t len)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[1024];
	bool found = false;

	while (f && !found && fgets(line, sizeof(line), f)) {
		uint64_t start, end, pgoff;
		int pos = 0;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %" SCNx64 " %*s %*u %n",
			   &start, &end, &pgoff, &pos) < 3 || addr < start || addr >= end)
			continue;
		snprintf(path, len, "%s", line + pos);
		path[strcspn(path, "\n")] = '\0';
		*m = (struct sym_mapping){ .path = path, .start = start, .end = end, .pgoff = pgoff };
		found = true;
	}
	if (f)
		fclose(f);
	return found;
}

static __attribute__((noinline)) int local_function(int x)
{
	return x * 3 + 1;
}

static void check_self(struct symbolizer *s, uint64_t addr, const char *want, bool exact)
{
	struct sym_mapping m;
	struct sym_result r;
	char path[1024];

	CHECK(self_mapping(addr, &m, path, sizeof(path)));
	CHECK_INT(symbolizer_user(s, getpid(), &m, addr, &r), 0);
	const char *got = r.nframes ? r.frames[r.nframes - 1].func : NULL;
	if (exact)
		CHECK_STR(got, want);
	else
		CHECK(got && strstr(got, want));
	if (!got || (exact ? strcmp(got, want) != 0 : !strstr(got, want)))
		print_result(want, &r);
	sym_result_release(&r);
}

/* This process: its own code, libc (.dynsym only, usually), the vdso. */
static void test_self(void)
{
	struct symbolizer *s = new_sym(false, NULL);

	CHECK_INT(local_function(2), 7);
	check_self(s, (uint64_t)(uintptr_t)&local_function + 1, "local_function", true);
	check_self(s, (uint64_t)(uintptr_t)&getpid, "getpid", false);
	check_self(s, (uint64_t)(uintptr_t)&memcpy + 2, "mem", false);

	/* The vdso: its dynamic symbols read independently of the library. */
	const unsigned char *img = (const void *)getauxval(AT_SYSINFO_EHDR);
	Elf *elf = img ? elf_memory((char *)img, 8192) : NULL;
	Elf_Scn *scn = NULL;
	uint64_t target = 0, first_load = UINT64_MAX;
	size_t nph;
	if (elf && elf_getphdrnum(elf, &nph) == 0)
		for (size_t i = 0; i < nph; i++) {
			GElf_Phdr ph;
			if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD)
				first_load = MIN(first_load, ph.p_vaddr);
		}
	while (elf && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_DYNSYM)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			const char *name = gelf_getsym(d, (int)i, &sym)
				? elf_strptr(elf, sh.sh_link, sym.st_name) : NULL;
			if (name && strcmp(name, "__vdso_clock_gettime") == 0)
				target = sym.st_value;
		}
	}
	if (target && first_load != UINT64_MAX) {
		struct sym_mapping m;
		char path[1024];
		uint64_t addr = (uint64_t)(uintptr_t)img + (target - first_load) + 1;
		CHECK(self_mapping(addr, &m, path, sizeof(path)));
		CHECK_STR(m.path, "[vdso]");
		check_self(s, addr, "clock_gettime", false);
	} else {
		fprintf(stderr, "skipping the vdso check: no __vdso_clock_gettime here\n");
	}
	elf_end(elf);
	symbolizer_free(s);
}

/* JIT code: /tmp/perf-PID.map, later lines replacing earlier ones. */
static void test_jit(void)
{
	char *path = xasprintf("/tmp/perf-%d.map", (int)getpid());
	FILE *f = fopen(path, "w");
	struct symbolizer *s = new_sym(false, NULL);
	struct sym_mapping anon = { .path = "//anon", .start = 0x7f0000000000,
				    .end = 0x7f0000100000 };
	struct sym_result r;

	CHECK(f != NULL);
	if (!f)
		return;
	fputs("7f0000001000 100 LazyCompile:*alpha /srv/app.js:3\n"
	      "junk line\n"
	      "7f0000001080 10 JS:*beta /srv/app.js:9\r\n"
	      "7f0000002000 0 empty\n", f);
	fclose(f);
	CHECK_INT(symbolizer_user(s, getpid(), &anon, 0x7f0000001010, &r), 0);
	CHECK_INT(r.kind, SYM_JIT);
	CHECK_INT(r.nframes, 1);
	if (r.nframes)
		CHECK_STR(r.frames[0].func, "LazyCompile:*alpha /srv/app.js:3");
	CHECK_STR(r.module, path);
	sym_result_release(&r);
	CHECK_INT(symbolizer_user(s, getpid(), NULL, 0x7f0000001088, &r), 0);
	CHECK(r.nframes == 1 && strcmp(r.frames[0].func, "JS:*beta /srv/app.js:9") == 0);
	sym_result_release(&r);
	CHECK_INT(symbolizer_user(s, getpid(), &anon, 0x7f0000002000, &r), 0);
	CHECK_INT(r.nframes, 0);
	CHECK_INT(r.kind, SYM_USER);
	sym_result_release(&r);
	unlink(path);
	free(path);
	symbolizer_free(s);

	struct jitmap *j = jitmap_parse("10 10 a\n18 10 b\n", 16);
	uint64_t start;
	CHECK_INT(jitmap_count(j), 2);
	CHECK_STR(jitmap_lookup(j, 0x12, &start), "a");
	CHECK_STR(jitmap_lookup(j, 0x19, &start), "b");
	CHECK_INT(start, 0x18);
	CHECK(jitmap_lookup(j, 0x28, &start) == NULL);
	jitmap_free(j);
}

static void test_kallsyms(void)
{
	char *path = xasprintf("%s/kallsyms", tmpdir);
	FILE *f = fopen(path, "w");
	struct kallsyms *k;
	struct ksym_hit h;

	fputs("ffffffff81000000 T _stext\n"
	      "ffffffff81000000 T startup_64\n"
	      "ffffffff81000100 t helper\n"
	      "ffffffff81000800 D some_data\n"
	      "ffffffffc0001000 t mod_fn\t[mymod]\n", f);
	fclose(f);
	CHECK_INT(kallsyms_load(path, &k), 0);
	CHECK(kallsyms_lookup(k, 0xffffffff81000050, &h) && strcmp(h.name, "startup_64") == 0);
	CHECK(kallsyms_lookup(k, 0xffffffff81000900, &h) && strcmp(h.name, "helper") == 0);
	CHECK(kallsyms_lookup(k, 0xffffffffc0001004, &h) && strcmp(h.name, "mod_fn") == 0 &&
	      h.module && strcmp(h.module, "mymod") == 0);
	CHECK(!kallsyms_lookup(k, 0xffffffff80000000, &h));
	kallsyms_free(k);

	struct sym_options o = { .kallsyms = path };
	struct symbolizer *s = symbolizer_new(&o);
	struct sym_result r;
	CHECK_INT(symbolizer_kernel(s, 0xffffffffc0001004, &r), 0);
	CHECK_STR(r.module, "[mymod]");
	CHECK(r.nframes == 1 && strcmp(r.frames[0].func, "mod_fn") == 0);
	sym_result_release(&r);
	symbolizer_free(s);

	/* kptr_restrict: every address 0. */
	f = fopen(path, "w");
	fputs("0000000000000000 T _stext\n0000000000000000 t helper\n", f);
	fclose(f);
	CHECK_INT(kallsyms_load(path, &k), -EPERM);
	CHECK(strstr(err_msg(), "kptr_restrict") != NULL);
	s = symbolizer_new(&o);
	CHECK_INT(symbolizer_kernel(s, 0xffffffff81000050, &r), -EPERM);
	CHECK_STR(r.module, "[kernel.kallsyms]");
	sym_result_release(&r);
	symbolizer_free(s);
	free(path);

	/* The real table, when this user may see it. */
	f = fopen("/proc/kallsyms", "r");
	char line[512], name[256];
	uint64_t addr = 0;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%" SCNx64 " T %255s", &addr, name) == 2 &&
		    strcmp(name, "schedule") == 0)
			break;
	if (f)
		fclose(f);
	if (addr) {
		s = new_sym(false, NULL);
		CHECK_INT(symbolizer_kernel(s, addr + 4, &r), 0);
		CHECK(r.nframes == 1 && strcmp(r.frames[0].func, "schedule") == 0);
		sym_result_release(&r);
		symbolizer_free(s);
	} else {
		fprintf(stderr, "skipping the /proc/kallsyms check: addresses hidden\n");
	}
}

static void check_demangle(const char *mangled, const char *want)
{
	char *d = demangle(mangled);
	if (want)
		CHECK_STR(d, want);
	else
		CHECK(d == NULL);
	free(d);
}

static void test_demangle(void)
{
	check_demangle("_ZN2ns5Class6methodEi", "ns::Class::method(int)");
	check_demangle("_ZNKSt6vectorIiSaIiEE4sizeEv",
		       "std::vector<int, std::allocator<int> >::size() const");
	check_demangle("_ZN3foo3bar17h05af221e174051e9E", "foo::bar");
	check_demangle("_RNvCs15kBYyAo9fc_7mycrate7example", "mycrate::example");
	check_demangle("main", NULL);
	check_demangle("_Zjunk", NULL);
}

/*
 * The binary-file layer: only regular files, never blocking, no symlink in
 * place of the file unless asked to follow; offsets and addresses agree
 * both ways; a recorded build-id must be the file's own.
 */
static void test_binfile(const char *path)
{
	char *fifo = xasprintf("%s/bf-fifo", tmpdir), *link = xasprintf("%s/bf-link", tmpdir);
	char *text = xasprintf("%s/bf-text", tmpdir), *inside = xasprintf("%s/bf-prog", tmpdir);
	enum binfile_status st;

	CHECK(mkfifo(fifo, 0600) == 0);
	CHECK(symlink(path, link) == 0);
	run("echo not an ELF file > %s && cp %s %s", text, path, inside);

	/* A FIFO: open() would wait for a writer without O_NONBLOCK. */
	CHECK_INT(binfile_open_fd(-1, fifo, BINFILE_NOFOLLOW, NULL), -EINVAL);
	CHECK(binfile_open(-1, fifo, BINFILE_FOLLOW, &st) == NULL);
	CHECK_INT(st, BINFILE_NOT_REGULAR);
	CHECK(binfile_open(-1, "/dev/null", BINFILE_FOLLOW, &st) == NULL);
	CHECK_INT(st, BINFILE_NOT_REGULAR);
	CHECK(binfile_open(-1, tmpdir, BINFILE_FOLLOW, &st) == NULL);
	CHECK_INT(st, BINFILE_NOT_REGULAR);
	CHECK(binfile_open(-1, link, BINFILE_NOFOLLOW, &st) == NULL);
	CHECK_INT(st, BINFILE_NOT_REGULAR);
	CHECK(strstr(err_msg(), "symbolic link") != NULL);
	CHECK(binfile_open(-1, text, BINFILE_NOFOLLOW, &st) == NULL);
	CHECK_INT(st, BINFILE_NOT_ELF);
	CHECK(binfile_open(-1, "/nonexistent/prog", BINFILE_NOFOLLOW, &st) == NULL);
	CHECK_INT(st, BINFILE_MISSING);

	struct binfile *b = binfile_open(-1, link, BINFILE_FOLLOW, &st);
	CHECK(b != NULL);
	binfile_free(b);
	/* Under another root, "/bf-prog" is that root's. */
	int rootfd = open(tmpdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	b = binfile_open(rootfd, "/bf-prog", BINFILE_NOFOLLOW, &st);
	CHECK(b != NULL);
	close(rootfd);
	if (!b)
		goto out;
	const uint8_t *id;
	size_t n = binfile_build_id(b, &id);
	CHECK(n > 0);
	CHECK(binfile_build_id_matches(b, id, n));
	CHECK(binfile_build_id_matches(b, NULL, 0));
	uint8_t other[20] = { 0 };
	CHECK(!binfile_build_id_matches(b, other, sizeof(other)));
	uint64_t lo, hi, v, off;
	binfile_load_range(b, &lo, &hi);
	CHECK(hi > lo);
	for (uint64_t o = 0; o < 0x4000; o += 0x101) {
		if (binfile_offset_to_vaddr(b, o, &v)) {
			CHECK(binfile_vaddr_to_offset(b, v, &off));
			CHECK(off == o);
		}
	}
	binfile_free(b);

	/* A mapping whose file became a FIFO: no wait, no frames, a notice. */
	struct symbolizer *s = new_sym(false, NULL);
	struct sym_mapping m = { .path = fifo, .start = 0x400000, .end = 0x401000 };
	struct sym_result r;
	CHECK_INT(symbolizer_user(s, 999999, &m, 0x400010, &r), 0);
	CHECK_INT(r.nframes, 0);
	sym_result_release(&r);
	CHECK(symbolizer_notice(s, 0) && strstr(symbolizer_notice(s, 0), "not a regular file"));
	symbolizer_free(s);
out:
	free(fifo);
	free(link);
	free(text);
	free(inside);
}

int main(void)
{
	char *path = workload("inline");

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_demangle();
	test_jit();
	test_kallsyms();
	test_self();
	if (access(path, R_OK) == 0) {
		test_against_tools(path);
		test_inline_chain(path);
		test_separate_debug(path);
		test_build_id_mismatch(path);
		test_chroot(path);
		test_binfile(path);
	} else {
		fprintf(stderr, "workload '%s' missing\n", path);
		check_failures++;
	}
	char *cxx = workload("cxx");
	if (access(cxx, R_OK) == 0) {
		test_cxx(cxx);
	} else {
		fprintf(stderr, "workload '%s' missing\n", cxx);
		check_failures++;
	}
	free(cxx);
	run("rm -rf %s", tmpdir);
	free(path);
	return check_exit();
}
