/*
 * DWARF unwinding while recording.  The ELF files behind the mappings are
 * opened once and shared by every process, and so is each file's CFI:
 * libdw caches every FDE and CIE it decodes (in search trees), and a cache
 * per process, as one Dwfl per process had it, decoded libc's FDEs again
 * for every process a busy machine starts -- a quarter of the recorder's
 * time with -a.  A process only keeps which of its mappings are which
 * files, at which load bias.  The walk itself is cprof's: libdw finds the
 * CFI rules for a PC (dwarf_cfi_addrframe) and this file evaluates them on
 * the sample's registers and stack copy, which lets it try the frame
 * pointer where CFI is missing and tell exactly why a walk stopped.
 */
#include "config.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/hashmap.h"
#include "lib/strtab.h"
#include "lib/util.h"
#include "record/unwind.h"
#include "sym/binfile.h"
#include "sym/jitmap.h"

/* x86-64 DWARF register numbers: rax rdx rcx rbx rsi rdi rbp rsp r8..r15 rip. */
enum { DW_RBP = 6, DW_RSP = 7, DW_RIP = 16, NREGS = 17 };

/* perf's x86 order (AX BX CX DX SI DI BP SP IP FLAGS CS SS DS ES FS GS
 * R8..R15) to DWARF's; -1 for what DWARF does not number. */
static const int8_t perf_to_dwarf[24] = {
	0, 3, 2, 1, 4, 5, DW_RBP, DW_RSP, DW_RIP,
	[9 ... 15] = -1,
	8, 9, 10, 11, 12, 13, 14, 15,
};

#define EXPR_STACK 64
/* A read this far above a full stack copy is taken for the stack's own:
 * the copy was too small.  Thread stacks are 8 MiB by default. */
#define STACK_REACH (8u << 20)
/* Unwinding state of processes that are gone is freed this often. */
#define SWEEP_EVERY 4096
/* The most processes with unwinding state (their modules, their JIT map):
 * past it the least recently used give theirs up, so that a machine
 * starting thousands of processes keeps a flat memory curve. */
#define UNWIND_MAX_PROCS 64

uint64_t unwind_regs_mask(void)
{
	return 0xff01ffull;	/* AX..IP and R8..R15 */
}

/* ---- ELF files, shared by every process ---- */

struct elf_file {
	struct binfile *bin;	/* NULL: not readable as ELF */
	const uint8_t *raw;	/* the whole file, for memory reads */
	size_t raw_len;
	uint64_t vaddr, end;	/* first PT_LOAD (aligned down) .. end of the last */
	Dwarf_CFI *eh;		/* .eh_frame, decoded as PCs ask */
	Dwarf *dw;		/* for .debug_frame, where .eh_frame lacks a PC */
	bool eh_tried, dw_tried;
	uint64_t used;		/* the unwinder's period when last used */
};

/* A mapping of a process that PCs fell into: which file, where. */
struct umod {
	uint64_t lo, hi;	/* the file's loaded range in the process */
	uint64_t bias;		/* process address less file address */
	struct elf_file *f;
};

/* One process's state (rproc->unwind). */
struct uproc {
	struct rproc *p;
	ARRAY(struct umod) mods;	/* emptied after a remap */
	struct hashmap bad_maps;	/* mapping start -> 1: no ELF behind it */
	size_t maps_seen;	/* p->maps.n when last checked for remaps */
	bool changed;
	uint64_t last_use;	/* u->nsamples then */
	struct jitmap *jit;	/* its /tmp/perf-PID.map, for Python's trampolines */
	uint64_t jit_size;	/* the map's size when read */
	uint64_t jit_next_ns;	/* no new read before then */
};

struct unwinder {
	struct procs *ps;
	struct strtab paths;
	ARRAY(struct elf_file *) files;	/* by path id */
	struct elf_file vdso;		/* ours: the kernel maps the same image everywhere */
	bool vdso_tried;
	ARRAY(struct uproc *) procs;
	uint64_t nsamples;
	uint64_t period;		/* unwinder_reset calls so far */
};

static void elf_file_release(struct elf_file *f)
{
	if (f->eh)
		dwarf_cfi_end(f->eh);
	if (f->dw)
		dwarf_end(f->dw);
	f->eh = NULL;
	f->dw = NULL;
	binfile_free(f->bin);
	f->bin = NULL;
}

static void elf_file_ready(struct elf_file *f)
{
	if (!f->bin)
		return;
	binfile_load_range(f->bin, &f->vaddr, &f->end);
	f->raw = binfile_raw(f->bin, &f->raw_len);
}

/* The recorded path is the kernel's resolved name of the mapped file: a
 * symlink in its place is not followed (see sym/binfile.h). */
static void elf_file_open(struct elf_file *f, const char *path, uint32_t pid)
{
	enum binfile_status status;
	f->bin = binfile_open(-1, path, BINFILE_NOFOLLOW, &status);
	if (!f->bin && status == BINFILE_MISSING && pid) {
		/* A process in another mount namespace (attach): resolved
		 * inside its root, where absolute symlinks stay. */
		char root[64];
		snprintf(root, sizeof(root), "/proc/%u/root", pid);
		int rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (rootfd >= 0) {
			f->bin = binfile_open(rootfd, path, BINFILE_NOFOLLOW, NULL);
			close(rootfd);
		}
	}
	elf_file_ready(f);
}

/* The vDSO has no file: ours is the image the kernel gives every process. */
static struct elf_file *vdso_file(struct unwinder *u)
{
	struct elf_file *f = &u->vdso;
	if (u->vdso_tried)
		return f->bin ? f : NULL;
	u->vdso_tried = true;
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
	if (!eh)
		return NULL;
	size_t len = eh->e_shoff + (size_t)eh->e_shnum * eh->e_shentsize;
	f->bin = binfile_from_memory("[vdso]", eh, len);
	elf_file_ready(f);
	return f->bin ? f : NULL;
}

static struct elf_file *elf_for(struct unwinder *u, const struct rmap *m, uint32_t pid)
{
	if (strcmp(m->path, "[vdso]") == 0)
		return vdso_file(u);
	if (m->path[0] != '/')
		return NULL;	/* anonymous, [heap], JIT code */
	uint32_t id = strtab_intern_str(&u->paths, m->path);
	while (u->files.n <= id)
		array_push(&u->files, NULL);
	struct elf_file *f = u->files.v[id];
	if (!f) {
		f = xcalloc(1, sizeof(*f));
		elf_file_open(f, m->path, pid);
		u->files.v[id] = f;
	}
	f->used = u->period;
	/* A binary replaced since it was mapped: its CFI would lie. */
	if (!f->bin || !binfile_build_id_matches(f->bin, m->build_id, m->build_id_len))
		return NULL;
	return f;
}

/* ---- processes ---- */

static void uproc_drop_mods(struct uproc *up)
{
	array_free(&up->mods);
	hashmap_release(&up->bad_maps);
}

static void uproc_free(struct uproc *up)
{
	uproc_drop_mods(up);
	jitmap_free(up->jit);
	free(up);
}

/* Mappings are mostly added, and a new one is looked at when a PC first
 * falls into it; only one that lands on a known module (the place of an
 * unmapped library reused) makes the process's modules start over. */
static void uproc_check_maps(struct uproc *up)
{
	const struct rproc *p = up->p;
	up->changed = false;
	for (size_t i = up->maps_seen; i < p->maps.n; i++) {
		const struct rmap *m = &p->maps.v[i];
		hashmap_del(&up->bad_maps, m->start);
		bool hit = false;
		for (size_t k = 0; k < up->mods.n && !hit; k++)
			hit = up->mods.v[k].lo < m->end && m->start < up->mods.v[k].hi;
		if (hit)
			uproc_drop_mods(up);
	}
	up->maps_seen = p->maps.n;
}

static int by_last_use(const void *a, const void *b)
{
	const struct uproc *x = *(struct uproc *const *)a, *y = *(struct uproc *const *)b;
	return x->last_use < y->last_use ? 1 : x->last_use > y->last_use ? -1 : 0;
}

/* Frees the state of the least recently used processes down to 3/4 of the
 * cap, so that this sort runs once per UNWIND_MAX_PROCS / 4 new processes. */
static void evict_lru(struct unwinder *u)
{
	qsort(u->procs.v, u->procs.n, sizeof(*u->procs.v), by_last_use);
	while (u->procs.n > UNWIND_MAX_PROCS * 3 / 4) {
		struct uproc *up = u->procs.v[--u->procs.n];
		up->p->unwind = NULL;
		uproc_free(up);
	}
}

static struct uproc *uproc_get(struct unwinder *u, struct rproc *p)
{
	struct uproc *up = p->unwind;
	if (!up) {
		if (u->procs.n >= UNWIND_MAX_PROCS)
			evict_lru(u);
		up = xcalloc(1, sizeof(*up));
		up->p = p;
		up->maps_seen = p->maps.n;
		p->unwind = up;
		array_push(&u->procs, up);
	} else if (up->changed) {
		uproc_check_maps(up);
	}
	up->last_use = u->nsamples;
	return up;
}

/* Frees the state of processes that exited or exec'ed and had no sample
 * for a while; a late sample just builds it again. */
static void sweep(struct unwinder *u)
{
	size_t k = 0;
	for (size_t i = 0; i < u->procs.n; i++) {
		struct uproc *up = u->procs.v[i];
		struct rproc *p = up->p;
		bool gone = p->exited || procs_find_pid(u->ps, p->pid) != p;
		if (gone && u->nsamples - up->last_use >= SWEEP_EVERY) {
			p->unwind = NULL;
			uproc_free(up);
			continue;
		}
		u->procs.v[k++] = up;
	}
	u->procs.n = k;
}

/* The module holding pc, found from the process's mappings the first
 * time a PC falls into it.  A process has a few dozen at most. */
static const struct umod *module_for(struct unwinder *u, struct uproc *up, uint64_t pc)
{
	for (size_t k = 0; k < up->mods.n; k++)
		if (pc >= up->mods.v[k].lo && pc < up->mods.v[k].hi)
			return &up->mods.v[k];
	const struct rmap *m = rproc_find_map(up->p, pc);
	if (!m || hashmap_get(&up->bad_maps, m->start, NULL))
		return NULL;
	struct elf_file *f = elf_for(u, m, up->p->pid);
	uint64_t bias;
	if (!f || !binfile_load_bias(f->bin, m->start, m->pgoff, &bias) ||
	    pc < bias + f->vaddr || pc >= bias + f->end) {
		hashmap_put(&up->bad_maps, m->start, 1);
		return NULL;
	}
	array_push(&up->mods, ((struct umod){ bias + f->vaddr, bias + f->end, bias, f }));
	return &up->mods.v[up->mods.n - 1];
}

/* ---- one frame ---- */

struct frame_regs {
	uint64_t r[NREGS];
	uint32_t valid;		/* a bit per register */
};

static bool reg_get(const struct frame_regs *fr, unsigned r, uint64_t *v)
{
	if (r >= NREGS || !(fr->valid & 1u << r))
		return false;
	*v = fr->r[r];
	return true;
}

static void reg_set(struct frame_regs *fr, unsigned r, uint64_t v)
{
	if (r < NREGS) {
		fr->r[r] = v;
		fr->valid |= 1u << r;
	}
}

/* One sample's walk. */
struct walk {
	struct unwinder *u;
	struct uproc *up;
	const uint8_t *stack;
	uint64_t sp0;			/* where the copy starts */
	size_t len, size;		/* copied, asked for */
	enum trunc_reason read_fail;	/* why the last read failed */
};

/* Code and read-only data, from the file the address is mapped from. */
static bool file_read(struct walk *w, uint64_t addr, uint64_t *out)
{
	const struct rmap *m = rproc_find_map(w->up->p, addr);
	if (!m)
		return false;
	struct elf_file *f = elf_for(w->u, m, w->up->p->pid);
	if (!f || !f->raw)
		return false;
	uint64_t off = m->pgoff + (addr - m->start);
	if (off > f->raw_len || f->raw_len - off < 8)
		return false;
	memcpy(out, f->raw + off, 8);
	return true;
}

static bool mem_read(struct walk *w, uint64_t addr, uint64_t *out)
{
	uint64_t rel = addr - w->sp0;
	if (addr >= w->sp0 && rel < w->len && w->len - rel >= 8) {
		memcpy(out, w->stack + rel, 8);
		return true;
	}
	if (file_read(w, addr, out))
		return true;
	/* Above a full copy, the stack went on: the copy was too small. */
	w->read_fail = addr >= w->sp0 && w->len == w->size && rel < w->len + STACK_REACH ?
		       TRUNC_STACK_SIZE : TRUNC_BAD_READ;
	return false;
}

/* ---- CFI rules ---- */

struct step {
	struct walk *w;
	const struct frame_regs *regs;	/* the callee's */
	uint64_t bias, cfa;
	bool have_cfa;
};

static bool is_binop(uint8_t atom)
{
	return (atom >= DW_OP_and && atom <= DW_OP_xor && atom != DW_OP_neg &&
		atom != DW_OP_not && atom != DW_OP_plus_uconst) ||
	       (atom >= DW_OP_eq && atom <= DW_OP_ne);
}

static bool binop(uint8_t atom, uint64_t a, uint64_t b, uint64_t *r)
{
	int64_t sa = (int64_t)a, sb = (int64_t)b;
	switch (atom) {
	case DW_OP_and: *r = a & b; break;
	case DW_OP_or: *r = a | b; break;
	case DW_OP_xor: *r = a ^ b; break;
	case DW_OP_plus: *r = a + b; break;
	case DW_OP_minus: *r = a - b; break;
	case DW_OP_mul: *r = a * b; break;
	case DW_OP_div: if (!b || (sa == INT64_MIN && sb == -1)) return false; *r = sa / sb; break;
	case DW_OP_mod: if (!b) return false; *r = a % b; break;
	case DW_OP_shl: *r = b < 64 ? a << b : 0; break;
	case DW_OP_shr: *r = b < 64 ? a >> b : 0; break;
	case DW_OP_shra: *r = (uint64_t)(sa >> (b < 64 ? b : 63)); break;
	case DW_OP_le: *r = sa <= sb; break;
	case DW_OP_ge: *r = sa >= sb; break;
	case DW_OP_eq: *r = sa == sb; break;
	case DW_OP_lt: *r = sa < sb; break;
	case DW_OP_gt: *r = sa > sb; break;
	case DW_OP_ne: *r = sa != sb; break;
	default: return false;
	}
	return true;
}

/* Stack manipulation and the operations on the top entry. */
static bool stack_op(const Dwarf_Op *op, uint64_t *stk, size_t *n)
{
	uint64_t a;
	switch (op->atom) {
	case DW_OP_dup: if (!*n) return false; a = stk[*n - 1]; break;
	case DW_OP_over: if (*n < 2) return false; a = stk[*n - 2]; break;
	case DW_OP_pick: if (op->number >= *n) return false; a = stk[*n - 1 - op->number]; break;
	case DW_OP_drop: if (!*n) return false; --*n; return true;
	case DW_OP_swap:
		if (*n < 2) return false;
		a = stk[*n - 1], stk[*n - 1] = stk[*n - 2], stk[*n - 2] = a;
		return true;
	case DW_OP_rot:
		if (*n < 3) return false;
		a = stk[*n - 1], stk[*n - 1] = stk[*n - 2], stk[*n - 2] = stk[*n - 3], stk[*n - 3] = a;
		return true;
	case DW_OP_abs: if (!*n) return false; a = stk[*n - 1]; stk[*n - 1] = (int64_t)a < 0 ? -a : a; return true;
	case DW_OP_neg: if (!*n) return false; stk[*n - 1] = -stk[*n - 1]; return true;
	case DW_OP_not: if (!*n) return false; stk[*n - 1] = ~stk[*n - 1]; return true;
	case DW_OP_plus_uconst: if (!*n) return false; stk[*n - 1] += op->number; return true;
	default: return false;
	}
	if (*n == EXPR_STACK)
		return false;
	stk[(*n)++] = a;
	return true;
}

/* Pushes what one operation yields (a constant or a register), or applies
 * a stack operation; false for what CFI does not use. */
static bool simple_op(struct step *st, const Dwarf_Op *op, uint64_t *stk, size_t *n)
{
	uint8_t at = op->atom;
	uint64_t v;
	if (at >= DW_OP_lit0 && at <= DW_OP_lit31)
		v = at - DW_OP_lit0;
	else if (at >= DW_OP_breg0 && at <= DW_OP_breg31 && reg_get(st->regs, at - DW_OP_breg0, &v))
		v += op->number;
	else if (at >= DW_OP_reg0 && at <= DW_OP_reg31 && reg_get(st->regs, at - DW_OP_reg0, &v))
		;
	else if (at == DW_OP_bregx && reg_get(st->regs, op->number, &v))
		v += op->number2;
	else if (at == DW_OP_regx && reg_get(st->regs, op->number, &v))
		;
	else if (at == DW_OP_addr)
		v = op->number + st->bias;
	else if ((at >= DW_OP_const1u && at <= DW_OP_consts))
		v = op->number;
	else
		return stack_op(op, stk, n);
	if (*n == EXPR_STACK)
		return false;
	stk[(*n)++] = v;
	return true;
}

static bool eval(struct step *st, const Dwarf_Op *ops, size_t nops, uint64_t *res)
{
	uint64_t stk[EXPR_STACK], a, b;
	size_t n = 0, steps = 0;
	bool location = false;
	for (size_t i = 0; i < nops; i++) {
		const Dwarf_Op *op = &ops[i];
		if (++steps > 1000)
			return false;	/* a loop of branches */
		switch (op->atom) {
		case DW_OP_call_frame_cfa:
			if (!st->have_cfa || n == EXPR_STACK)
				return false;
			stk[n++] = st->cfa;
			location = true;
			break;
		case DW_OP_stack_value: location = false; break;
		case DW_OP_nop: break;
		case DW_OP_deref:
		case DW_OP_deref_size:
			if (!n || !mem_read(st->w, stk[n - 1], &stk[n - 1]))
				return false;
			if (op->atom == DW_OP_deref_size && op->number < 8)
				stk[n - 1] &= (1ull << (op->number * 8)) - 1;
			break;
		case DW_OP_bra:
			if (!n--)
				return false;
			if (!stk[n])
				break;
			/* fall through */
		case DW_OP_skip: {
			uint64_t to = op->offset + 3 + (int16_t)op->number;
			size_t j = 0;
			while (j < nops && ops[j].offset != to)
				j++;
			i = j - 1;	/* past the end: done */
			break;
		}
		default:
			if (is_binop(op->atom)) {
				if (n < 2)
					return false;
				b = stk[--n], a = stk[--n];
				if (!binop(op->atom, a, b, &stk[n++]))
					return false;
			} else if (!simple_op(st, op, stk, &n)) {
				return false;
			}
		}
	}
	if (!n)
		return false;
	*res = stk[n - 1];
	return !location || mem_read(st->w, *res, res);
}

enum step_result { STEP_OK, STEP_ROOT, STEP_NO_CFI, STEP_FAIL };

/* The frame rules for pc from the file's .eh_frame, else its own
 * .debug_frame (separate debug files are not searched while recording). */
static Dwarf_Frame *cfi_frame(const struct umod *mod, uint64_t pc)
{
	struct elf_file *f = mod->f;
	Dwarf_Frame *fr = NULL;
	if (!f->eh_tried) {
		f->eh_tried = true;
		f->eh = dwarf_getcfi_elf(binfile_elf(f->bin));
	}
	if (f->eh && dwarf_cfi_addrframe(f->eh, pc - mod->bias, &fr) == 0)
		return fr;
	if (!f->dw_tried) {
		f->dw_tried = true;
		f->dw = dwarf_begin_elf(binfile_elf(f->bin), DWARF_C_READ, NULL);
	}
	Dwarf_CFI *cfi = f->dw ? dwarf_getcfi(f->dw) : NULL;
	if (cfi && dwarf_cfi_addrframe(cfi, pc - mod->bias, &fr) == 0)
		return fr;
	return NULL;
}

/* Applies the rule for register r; *undefined when CFI says the caller's
 * value is lost (for the return address: the outermost frame). */
static bool apply_rule(struct step *st, Dwarf_Frame *fr, unsigned r, struct frame_regs *out,
		       bool *undefined)
{
	Dwarf_Op mem[3], *ops;
	size_t nops;
	uint64_t v;
	*undefined = false;
	if (dwarf_frame_register(fr, r, mem, &ops, &nops) != 0)
		return false;
	if (nops == 0) {
		*undefined = ops == mem;
		if (*undefined || !reg_get(st->regs, r, &v))
			return false;
	} else if (!eval(st, ops, nops, &v)) {
		return false;
	}
	reg_set(out, r, v);
	return true;
}

static enum step_result cfi_step(struct walk *w, uint64_t pc, const struct frame_regs *regs,
				 struct frame_regs *out, bool *signal, enum trunc_reason *why)
{
	const struct umod *mod = module_for(w->u, w->up, pc);
	struct step st = { .w = w, .regs = regs, .bias = mod ? mod->bias : 0 };
	Dwarf_Frame *fr = mod ? cfi_frame(mod, pc) : NULL;
	if (!fr)
		return STEP_NO_CFI;
	Dwarf_Op *ops;
	size_t nops;
	Dwarf_Addr start, end;
	bool undefined;
	enum step_result res = STEP_FAIL;
	int ra = dwarf_frame_info(fr, &start, &end, signal);
	memset(out, 0, sizeof(*out));
	w->read_fail = TRUNC_NO_UNWIND;
	if (ra < 0 || ra >= NREGS || dwarf_frame_cfa(fr, &ops, &nops) != 0 ||
	    !eval(&st, ops, nops, &st.cfa)) {
		*why = w->read_fail;
		goto out;
	}
	st.have_cfa = true;
	w->read_fail = TRUNC_NO_UNWIND;
	if (!apply_rule(&st, fr, ra, out, &undefined)) {
		res = undefined ? STEP_ROOT : STEP_FAIL;
		*why = w->read_fail;
		goto out;
	}
	for (int r = 0; r < NREGS; r++)
		if (r != ra)
			apply_rule(&st, fr, r, out, &undefined);
	if (ra != DW_RIP)
		reg_set(out, DW_RIP, out->r[ra]);
	if (!(out->valid & 1u << DW_RSP))
		reg_set(out, DW_RSP, st.cfa);
	res = STEP_OK;
out:
	free(fr);
	return res;
}

/* No CFI for this frame (hand-written assembly, JIT code): try the frame
 * pointer, if it points into the stack copy. */
static enum step_result fp_step(struct walk *w, const struct frame_regs *regs,
				struct frame_regs *out, enum trunc_reason *why)
{
	uint64_t bp, sp, v[2];
	*why = TRUNC_NO_UNWIND;
	if (!reg_get(regs, DW_RBP, &bp) || !reg_get(regs, DW_RSP, &sp) || bp < sp || (bp & 7))
		return STEP_FAIL;
	uint64_t rel = bp - w->sp0;
	if (rel >= w->len || w->len - rel < 16) {
		if (w->len == w->size && rel < w->len + STACK_REACH)
			*why = TRUNC_STACK_SIZE;
		return STEP_FAIL;
	}
	memcpy(v, w->stack + rel, 16);
	memset(out, 0, sizeof(*out));
	reg_set(out, DW_RBP, v[0]);
	reg_set(out, DW_RIP, v[1]);
	reg_set(out, DW_RSP, bp + 16);
	return STEP_OK;
}

/* ---- Python's perf trampolines ---- */

/* A map is read again for an address it lacks at most this often, and
 * never more than 1/20 of the time goes to reading it (node's maps grow
 * to megabytes). */
#define JIT_REREAD_NS 100000000ull
#define JIT_READ_SHARE 20

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * The name the process's JIT map gives pc, read again (rate-limited) when
 * the map lacks it: Python adds a line per function as it first runs.  As
 * for names, a map is trusted only from root or the process's owner.
 */
static const char *jit_name(struct uproc *up, uint64_t pc, uint64_t *start)
{
	const char *name = up->jit ? jitmap_lookup(up->jit, pc, start) : NULL;
	uint64_t now = mono_ns();
	if (name || now < up->jit_next_ns)
		return name;
	up->jit_next_ns = now + JIT_REREAD_NS;
	char path[64], proc[32];
	struct stat st, pst;
	snprintf(path, sizeof(path), "/tmp/perf-%u.map", up->p->pid);
	snprintf(proc, sizeof(proc), "/proc/%u", up->p->pid);
	if (lstat(path, &st) != 0 || stat(proc, &pst) != 0 ||
	    (st.st_uid != 0 && st.st_uid != pst.st_uid) || (uint64_t)st.st_size == up->jit_size)
		return NULL;
	struct jitmap *j = jitmap_load(path);
	if (!j)
		return NULL;
	jitmap_free(up->jit);
	up->jit = j;
	up->jit_size = st.st_size;
	uint64_t spent = mono_ns() - now;
	up->jit_next_ns = MAX(up->jit_next_ns, now + spent * JIT_READ_SHARE);
	return jitmap_lookup(j, pc, start);
}

/*
 * Python 3.12+ with -X perf runs each Python function through a copy of
 * _Py_trampoline_func_start in anonymous memory, named "py::..." in the
 * JIT map: `sub $8,%rsp; call *%rcx; add $8,%rsp; ret` (4, 2, 4 and 1
 * bytes), with no CFI and rbp untouched.  Its frame is fixed: between the
 * sub and the add the return address is at rsp+8 (CFA rsp+16), before
 * the sub and at the ret it is at rsp (CFA rsp+8).
 */
static enum step_result trampoline_step(struct walk *w, uint64_t pc, const struct frame_regs *regs,
					struct frame_regs *out)
{
	const struct rmap *m = rproc_find_map(w->up->p, pc);
	uint64_t start, sp, ra;
	const char *name;
	bool anon = m && (m->path[0] != '/' || strncmp(m->path, "//anon", 6) == 0);
	if (!anon || !(name = jit_name(w->up, pc, &start)) ||
	    strncmp(name, "py::", 4) != 0 || pc - start > 10 || !reg_get(regs, DW_RSP, &sp))
		return STEP_NO_CFI;
	uint64_t off = pc - start, at = off >= 4 && off < 10 ? 8 : 0;
	if (!mem_read(w, sp + at, &ra))
		return STEP_FAIL;
	*out = *regs;
	reg_set(out, DW_RIP, ra);
	reg_set(out, DW_RSP, sp + at + 8);
	return STEP_OK;
}

/* ---- the interface ---- */

struct unwinder *unwinder_new(struct procs *ps)
{
	elf_version(EV_CURRENT);
	struct unwinder *u = xcalloc(1, sizeof(*u));
	u->ps = ps;
	strtab_init(&u->paths);
	return u;
}

void unwinder_free(struct unwinder *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->procs.n; i++)
		uproc_free(u->procs.v[i]);
	array_free(&u->procs);
	for (size_t i = 0; i < u->files.n; i++) {
		if (u->files.v[i])
			elf_file_release(u->files.v[i]);
		free(u->files.v[i]);
	}
	array_free(&u->files);
	elf_file_release(&u->vdso);
	strtab_release(&u->paths);
	free(u);
}

static void load_regs(const struct unwind_sample *smp, struct frame_regs *fr)
{
	size_t k = 0;
	memset(fr, 0, sizeof(*fr));
	for (unsigned bit = 0; bit < 64; bit++) {
		if (!(smp->regs_mask & 1ull << bit))
			continue;
		if (bit < ARRAY_SIZE(perf_to_dwarf) && perf_to_dwarf[bit] >= 0)
			reg_set(fr, perf_to_dwarf[bit], smp->regs[k]);
		k++;
	}
}

/* One frame up from regs into caller; *lookup becomes the caller's PC as
 * CFI lookups and the trace want it. */
static enum step_result step(struct walk *w, uint64_t *lookup, const struct frame_regs *regs,
			     struct frame_regs *caller, bool use_fp, enum trunc_reason *why)
{
	bool signal = false;
	uint64_t ra = 0, sp = 0, csp;
	enum step_result s = cfi_step(w, *lookup, regs, caller, &signal, why);
	if (s == STEP_NO_CFI)
		s = trampoline_step(w, *lookup, regs, caller);
	if (s == STEP_NO_CFI && use_fp)
		s = fp_step(w, regs, caller, why);
	if (s != STEP_OK)
		return s;
	reg_get(caller, DW_RIP, &ra);
	reg_get(regs, DW_RSP, &sp);
	if (ra == 0)
		return STEP_ROOT;
	/* A caller's frame is above its callee's; only a signal frame's
	 * interrupted context may be anywhere. */
	if (!reg_get(caller, DW_RSP, &csp) || (csp <= sp && !signal) ||
	    !rproc_find_map(w->up->p, ra)) {
		*why = TRUNC_OTHER;
		return STEP_FAIL;
	}
	*lookup = signal ? ra : ra - 1;
	return STEP_OK;
}

size_t unwinder_unwind(struct unwinder *u, struct rproc *p, const struct unwind_sample *smp,
		       uint64_t *pcs, size_t max, enum trunc_reason *why)
{
	struct frame_regs regs, caller;
	uint64_t pc, sp;
	*why = TRUNC_NONE;
	load_regs(smp, &regs);
	if (!max || !reg_get(&regs, DW_RIP, &pc) || !reg_get(&regs, DW_RSP, &sp)) {
		*why = TRUNC_OTHER;
		return 0;
	}
	if (++u->nsamples % SWEEP_EVERY == 0)
		sweep(u);
	struct walk w = {
		.u = u, .up = uproc_get(u, p), .stack = smp->stack, .sp0 = sp,
		.len = smp->stack ? smp->stack_len : 0, .size = smp->stack_size,
	};
	size_t n = 0;
	pcs[n++] = pc;
	max = MIN(max, UNWIND_MAX_FRAMES);
	for (;;) {
		enum step_result s = step(&w, &pc, &regs, &caller, true, why);
		if (s == STEP_ROOT)
			*why = TRUNC_NONE;
		if (s != STEP_OK)
			break;
		if (n == max) {
			*why = TRUNC_MAX_DEPTH;
			break;
		}
		pcs[n++] = pc;
		regs = caller;
	}
	return n;
}

bool unwinder_leaf_caller(struct unwinder *u, struct rproc *p, const struct unwind_sample *smp,
			  uint64_t *caller)
{
	struct frame_regs regs, out;
	uint64_t pc, sp;
	enum trunc_reason why;
	load_regs(smp, &regs);
	if (!reg_get(&regs, DW_RIP, &pc) || !reg_get(&regs, DW_RSP, &sp))
		return false;
	if (++u->nsamples % SWEEP_EVERY == 0)
		sweep(u);
	struct walk w = {
		.u = u, .up = uproc_get(u, p), .stack = smp->stack, .sp0 = sp,
		.len = smp->stack ? smp->stack_len : 0, .size = smp->stack_size,
	};
	/* CFI only: the frame pointer is what the kernel already followed. */
	if (step(&w, &pc, &regs, &out, false, &why) != STEP_OK)
		return false;
	*caller = pc;
	return true;
}

void unwinder_reset(struct unwinder *u, struct procs *ps)
{
	for (size_t i = 0; i < u->procs.n; i++)
		uproc_free(u->procs.v[i]);
	u->procs.n = 0;
	u->ps = ps;
	/* Binaries no process unwound through in the period that ends (a
	 * machine's builds, its upgrades) would stay open for good, each with
	 * its decoded CFI: they go, and the others keep theirs, so that the
	 * files open follow what the machine runs now. */
	struct strtab paths;
	strtab_init(&paths);
	size_t kept = 0;
	for (size_t i = 0; i < u->files.n; i++) {
		struct elf_file *f = u->files.v[i];
		if (f && f->used == u->period) {
			u->files.v[strtab_intern_str(&paths, strtab_get(&u->paths, i))] = f;
			kept++;
			continue;
		}
		if (f)
			elf_file_release(f);
		free(f);
	}
	u->files.n = kept;
	strtab_release(&u->paths);
	u->paths = paths;
	u->period++;
}

void unwinder_drop(struct unwinder *u, struct rproc *p)
{
	struct uproc *up = p->unwind;
	if (!up)
		return;
	for (size_t i = 0; i < u->procs.n; i++) {
		if (u->procs.v[i] == up) {
			u->procs.v[i] = u->procs.v[--u->procs.n];
			break;
		}
	}
	p->unwind = NULL;
	uproc_free(up);
}

void unwinder_forget(struct unwinder *u, struct rproc *p)
{
	(void)u;
	struct uproc *up = p->unwind;
	if (up)
		up->changed = true;
}
