/* `cprof info`: what a trace holds, and whether it is whole. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/array.h"
#include "lib/strtab.h"
#include "lib/util.h"
#include "trace/format.h"
#include "trace/trunc.h"
#include "report/info.h"
#include "trace/trace_internal.h"

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
	if (t->samples.n)
		fprintf(f, "size:        %.1f bytes per sample\n", (double)t->size / t->samples.n);
}

int trace_write_info(const struct trace *t, FILE *f)
{
	print_header(t, f);
	print_counts(t, f);
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
