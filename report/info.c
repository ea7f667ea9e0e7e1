/* `cprof info`: what a trace holds, and whether it is whole. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/array.h"
#include "lib/strtab.h"
#include "lib/util.h"
#include "report/info.h"
#include "trace/format.h"
#include "trace/multi.h"
#include "trace/trace.h"
#include "trace/trunc.h"

/* "96.0%", and under 0.1% "under 0.1%": the count stands beside it. */
static const char *percent(uint64_t n, uint64_t total, char *buf, size_t len)
{
	if (n * 1000 < total)
		snprintf(buf, len, "under 0.1%%");
	else
		snprintf(buf, len, "%.1f%%", 100.0 * n / total);
	return buf;
}

static void print_share(FILE *f, uint64_t n, uint64_t total, const char *what)
{
	char pct[32];
	fprintf(f, "             %llu (%s) %s\n", (unsigned long long)n,
		percent(n, total, pct, sizeof(pct)), what);
}

static void print_header(const struct trace *t, FILE *f)
{
	const struct trace_header *h = &t->header;
	fprintf(f, "file:        %s (%zu bytes, format version %llu)\n", t->path, t->size,
		(unsigned long long)h->version);
	fprintf(f, "command:    ");
	for (size_t i = 0; i < h->argv.n; i++) {
		fputc(' ', f);
		fput_shell_word(h->argv.v[i], f);
	}
	fprintf(f, "\nmode:        %s\n", h->mode);
	fprintf(f, "host:        %s (%s, Linux %s)\n", h->hostname, h->arch, h->kernel);
	time_t sec = h->start_realtime_ns / 1000000000ull;
	struct tm tm;
	char when[64];
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %z", localtime_r(&sec, &tm));
	fprintf(f, "start:       %s\n", when);
	if (t->have_stats)
		fprintf(f, "duration:    %.3f s\n", t->stats.duration_ns / 1e9);
	for (size_t i = 0; i < h->events.n; i++) {
		const struct trace_event *e = &h->events.v[i];
		fprintf(f, "event:       %s, %s %llu%s", e->name, e->freq ? "frequency" : "period",
			(unsigned long long)e->value, e->freq ? " Hz" : "");
		if (e->requested && *e->requested)
			fprintf(f, " (in place of %s, not supported here)", e->requested);
		fputc('\n', f);
	}
	fprintf(f, "unwinding:   %s%s\n", h->call_graph,
		h->user_only ? ", user space only" : ", user and kernel");
}

/* The module of a stack's outermost user frame (the [unknown] that ends a
 * broken chain aside): where a frame-pointer chain broke. */
static const char *root_module(const struct trace *t, const struct trace_sample *s)
{
	uint64_t root = 0;
	for (uint32_t n = s->node, d = 0; n && n < t->nodes.n && d < TRACE_MAX_DEPTH; d++) {
		const struct trace_node *nd = &t->nodes.v[n];
		if (nd->addr && !trace_addr_is_kernel(nd->addr))
			root = nd->addr;
		n = nd->parent;
	}
	if (!root || s->thread >= t->threads.n)
		return NULL;
	uint32_t proc = t->threads.v[s->thread].proc;
	const struct trace_symbol *sym = trace_symbol_get(t, proc, root);
	if (sym && sym->module)
		return trace_str(t, sym->module - 1);
	const struct trace_map *m = trace_map_find(t, proc, root);
	return m ? trace_str(t, m->path) : NULL;
}

struct module_count {
	const char *module;
	uint64_t n;
};

static int by_count(const void *a, const void *b)
{
	const struct module_count *x = a, *y = b;
	return x->n > y->n ? -1 : x->n < y->n;
}

/* Broken frame-pointer chains by module, the three largest: returns how
 * many stacks those lines cover. */
static uint64_t print_broken(const struct trace *t, FILE *f)
{
	struct strtab names;
	ARRAY(struct module_count) counts = { 0 };
	uint64_t covered = 0;
	strtab_init(&names);
	for (size_t i = 0; i < t->samples.n; i++) {
		const struct trace_sample *s = &t->samples.v[i];
		const char *mod;
		if ((s->flags & ((1u << SAMPLE_TRUNC_BITS) - 1)) != TRUNC_NO_UNWIND ||
		    !(mod = root_module(t, s)))
			continue;
		uint32_t id = strtab_intern_str(&names, path_base(mod));
		if (id == counts.n)
			array_push(&counts, ((struct module_count){ strtab_get(&names, id), 0 }));
		counts.v[id].n++;
	}
	if (counts.n)
		qsort(counts.v, counts.n, sizeof(*counts.v), by_count);
	for (size_t i = 0; i < counts.n && i < 3; i++) {
		char why[160];
		print_share(f, counts.v[i].n, t->samples.n,
			    trunc_broken_text(counts.v[i].module, why, sizeof(why)));
		covered += counts.v[i].n;
	}
	array_free(&counts);
	strtab_release(&names);
	return covered;
}

static void print_counts(const struct trace *t, FILE *f)
{
	size_t procs = 0, threads = 0, stacks = 0;
	uint64_t truncated[TRUNC_NREASONS] = { 0 }, cut = 0;
	char pct[32];
	struct hashmap pids = { 0 }, tids = { 0 }, leaves = { 0 };

	for (size_t i = 1; i < t->procs.n; i++)
		if (t->procs.v[i].valid)
			hashmap_put(&pids, t->procs.v[i].pid, 1);
	for (size_t i = 1; i < t->threads.n; i++)
		if (t->threads.v[i].valid)
			hashmap_put(&tids, t->threads.v[i].tid, 1);
	for (size_t i = 0; i < t->samples.n; i++) {
		const struct trace_sample *s = &t->samples.v[i];
		hashmap_put(&leaves, s->node, 1);
		unsigned why = s->flags & ((1u << SAMPLE_TRUNC_BITS) - 1);
		if (why) {
			truncated[why]++;
			cut++;
		}
	}
	procs = pids.n;
	threads = tids.n;
	stacks = leaves.n;
	hashmap_release(&pids);
	hashmap_release(&tids);
	hashmap_release(&leaves);

	fprintf(f, "samples:     %zu", t->samples.n);
	if (t->have_stats && t->stats.samples != t->samples.n)
		fprintf(f, " (the recorder counted %llu)", (unsigned long long)t->stats.samples);
	fputc('\n', f);
	fprintf(f, "lost:        %llu samples, %llu throttling events\n",
		(unsigned long long)t->stats.lost, (unsigned long long)t->stats.throttled);
	fprintf(f, "processes:   %zu\nthreads:     %zu\n", procs, threads);
	fprintf(f, "stacks:      %zu distinct, %zu stack nodes\n", stacks,
		t->nodes.n ? t->nodes.n - 1 : 0);
	fprintf(f, "truncated:   %llu stacks", (unsigned long long)cut);
	if (cut)
		fprintf(f, " (%s)", percent(cut, t->samples.n, pct, sizeof(pct)));
	fputc('\n', f);
	/* One line per reason, worded as record's summary, with the fix. */
	for (unsigned i = 1; i < TRUNC_NREASONS; i++) {
		char why[160];
		uint64_t rest = truncated[i];
		if (i == TRUNC_NO_UNWIND && strncmp(t->header.call_graph, "fp", 2) == 0) {
			uint64_t named = print_broken(t, f);
			rest -= MIN(rest, named);
		}
		if (rest)
			print_share(f, rest, t->samples.n,
				    trunc_text(i, t->header.call_graph, why, sizeof(why)));
	}
	fprintf(f, "symbols:     %zu addresses%s\n", t->symbols.n,
		t->have_symbols ? "" : " (no symbol table: names come from the binaries)");
	if (t->have_stats && t->stats.exit_status >= 0) {
		int st = t->stats.exit_status;
		if ((st & 0x7f) == 0)
			fprintf(f, "target:      exited with status %d\n", (st >> 8) & 0xff);
		else
			fprintf(f, "target:      killed by signal %d\n", st & 0x7f);
	}
	trace_write_ends(t, f, "ends:        ", "             ", 50);
	if (t->samples.n)
		fprintf(f, "size:        %.1f bytes per sample\n", (double)t->size / t->samples.n);
}

static const char *sig_name(int sig, char *buf, size_t n)
{
	const char *abbrev = sig > 0 && sig < 65 ? sigabbrev_np(sig) : NULL;
	if (abbrev)
		snprintf(buf, n, "SIG%s", abbrev);
	else
		snprintf(buf, n, "signal %d", sig);
	return buf;
}

const char *trace_end_text(const struct trace_end *e, char *buf, size_t n)
{
	char sig[32];
	switch (e->how) {
	case TEND_EXITED:
		snprintf(buf, n, "exited with status %d", (int)e->value);
		break;
	case TEND_SIGNAL:
		snprintf(buf, n, "killed by %s", sig_name(e->value, sig, sizeof(sig)));
		break;
	case TEND_OOM:
		snprintf(buf, n, "killed by the OOM killer (%s)", sig_name(e->value, sig, sizeof(sig)));
		break;
	default:
		snprintf(buf, n, "ended (how was not recorded)");
		break;
	}
	return buf;
}

static bool end_normal(const struct trace_end *e)
{
	return e->how == TEND_EXITED && e->value == 0;
}

void trace_write_ends(const struct trace *t, FILE *f, const char *first_prefix,
		      const char *prefix, size_t max)
{
	size_t shown = 0, normal = 0, rest = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < t->ends.n; i++) {
			const struct trace_end *e = &t->ends.v[i];
			if (end_normal(e) != (pass == 1))
				continue;
			if (shown == max) {
				rest++;
				normal += end_normal(e);
				continue;
			}
			const struct trace_proc *p = &t->procs.v[e->proc];
			char how[96];
			fprintf(f, "%s%.3f s  %s (pid %u) %s\n", shown ? prefix : first_prefix,
				e->time / 1e9, trace_str(t, p->comm), p->pid,
				trace_end_text(e, how, sizeof(how)));
			shown++;
		}
	}
	if (rest)
		fprintf(f, "%s... %zu more, %zu of them exited with status 0\n", prefix, rest, normal);
}

struct rss_line {
	uint32_t proc;
	uint64_t first, last, min, max, n;
};

static int by_max(const void *a, const void *b)
{
	const struct rss_line *x = a, *y = b;
	return x->max != y->max ? (x->max < y->max ? 1 : -1) : (x->proc > y->proc) - (x->proc < y->proc);
}

static void fmt_kib(char *buf, size_t len, double kib, bool sign)
{
	snprintf(buf, len, sign ? "%+.1f MiB" : "%.1f MiB", kib / 1024);
}

void trace_write_rss(const struct trace *t, FILE *f, const char *prefix, size_t max)
{
	struct hashmap index = { 0 };
	ARRAY(struct rss_line) lines = { 0 };
	for (size_t i = 0; i < t->memory.n; i++) {
		const struct trace_memory *m = &t->memory.v[i];
		bool found;
		uint64_t *slot = hashmap_slot(&index, m->proc, &found);
		if (!found) {
			*slot = lines.n;
			array_push(&lines, ((struct rss_line){ m->proc, m->rss_kib, 0, m->rss_kib,
							      0, 0 }));
		}
		struct rss_line *l = &lines.v[*slot];
		l->last = m->rss_kib;
		l->min = MIN(l->min, m->rss_kib);
		l->max = MAX(l->max, m->rss_kib);
		l->n++;
	}
	if (lines.n > 1)
		qsort(lines.v, lines.n, sizeof(*lines.v), by_max);
	for (size_t i = 0; i < lines.n && i < max; i++) {
		const struct rss_line *l = &lines.v[i];
		char who[64], lo[32], hi[32], gr[32];
		if (l->proc == TRACE_MACHINE_PROC)
			snprintf(who, sizeof(who), "machine");
		else if (l->proc < t->procs.n && t->procs.v[l->proc].valid)
			snprintf(who, sizeof(who), "%s-%u", trace_str(t, t->procs.v[l->proc].comm),
				 t->procs.v[l->proc].pid);
		else
			snprintf(who, sizeof(who), "process #%u", l->proc);
		fmt_kib(lo, sizeof(lo), l->min, false);
		fmt_kib(hi, sizeof(hi), l->max, false);
		fmt_kib(gr, sizeof(gr), (double)l->last - (double)l->first, true);
		fprintf(f, "%s%s: min %s, max %s, growth %s (%llu readings)\n", prefix, who, lo, hi, gr,
			(unsigned long long)l->n);
	}
	if (lines.n > max)
		fprintf(f, "%s(%zu more processes)\n", prefix, lines.n - max);
	hashmap_release(&index);
	array_free(&lines);
}

int trace_write_info(const struct trace *t, FILE *f)
{
	print_header(t, f);
	print_counts(t, f);
	trace_write_rss(t, f, "rss:         ", 10);
	if (trace_damage(t))
		fprintf(f, "integrity:   damaged: %s\n", trace_damage(t));
	else
		fprintf(f, "integrity:   complete, every chunk checks out\n");
	if (t->unknown_chunks)
		fprintf(f, "             %u chunks of a newer format were skipped\n", t->unknown_chunks);
	if (fflush(f) != 0 || ferror(f))
		return err_errno(errno ? errno : EIO, "cannot write");
	return 0;
}

static void local_time(uint64_t real_ns, char *buf, size_t n)
{
	time_t sec = real_ns / 1000000000ull;
	struct tm tm;
	strftime(buf, n, "%Y-%m-%d %H:%M:%S", localtime_r(&sec, &tm));
}

/* Files of one recording follow each other within a flush (1 s): more
 * than twice that between one's end and the next one's start is a gap. */
#define GAP_NS 2000000000ull

/* Where a file ends: its last sample, or the recorder's last flush (a cut)
 * when that is later; a quiet machine leaves no sample near a cut. */
static uint64_t file_end(const struct trace *t)
{
	uint64_t span = trace_span_ns(t);
	return t->header.start_realtime_ns + (t->have_stats ? MAX(span, t->stats.duration_ns) : span);
}

int trace_write_set_info(const struct trace_set *set, const char *name, FILE *f)
{
	uint64_t samples = 0, lost = 0, gaps = 0, gap_ns = 0, longest = 0;
	size_t damaged = 0;
	char when[32];
	fprintf(f, "traces:      %zu in %s", set->n, name);
	if (set->skipped)
		fprintf(f, " (%zu other files skipped)", set->skipped);
	fputc('\n', f);
	for (size_t i = 0; i < set->n; i++) {
		const struct trace *t = set->v[i];
		uint64_t start = t->header.start_realtime_ns, span = trace_span_ns(t);
		local_time(start, when, sizeof(when));
		fprintf(f, "             %s  %s  %8.3f s  %8zu samples%s\n", when, t->path,
			span / 1e9, t->samples.n, trace_damage(t) ? "  damaged" : "");
		samples += t->samples.n;
		lost += t->stats.lost;
		damaged += trace_damage(t) != NULL;
		if (i) {
			uint64_t end = file_end(set->v[i - 1]);
			if (start > end + GAP_NS) {
				gaps++;
				gap_ns += start - end;
				longest = MAX(longest, start - end);
			}
		}
	}
	if (set->n) {
		const struct trace *a = set->v[0], *z = set->v[set->n - 1];
		uint64_t end = file_end(z);
		char to[32];
		local_time(a->header.start_realtime_ns, when, sizeof(when));
		local_time(end, to, sizeof(to));
		fprintf(f, "span:        %s to %s (%.1f s)\n", when, to,
			(end - a->header.start_realtime_ns) / 1e9);
	}
	fprintf(f, "samples:     %llu\nlost:        %llu samples\n", (unsigned long long)samples,
		(unsigned long long)lost);
	if (gaps)
		fprintf(f, "gaps:        %llu, %.1f s in all, the longest %.1f s\n",
			(unsigned long long)gaps, gap_ns / 1e9, longest / 1e9);
	else
		fprintf(f, "gaps:        none\n");
	fprintf(f, "integrity:   %s\n", damaged ? "some files are damaged (see cprof info FILE)" :
		"every file is complete");
	if (fflush(f) != 0 || ferror(f))
		return err_errno(errno ? errno : EIO, "cannot write");
	return 0;
}
