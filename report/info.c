/* `cprof info`: what a trace holds, and whether it is whole. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/util.h"
#include "trace/format.h"
#include "trace/trunc.h"
#include "report/info.h"
#include "trace/trace_internal.h"

static void print_header(const struct trace *t, FILE *f)
{
	const struct trace_header *h = &t->header;
	fprintf(f, "file:        %s (%zu bytes, format version %llu)\n", t->path, t->size,
		(unsigned long long)h->version);
	fprintf(f, "command:    ");
	for (size_t i = 0; i < h->argv.n; i++)
		fprintf(f, " %s", h->argv.v[i]);
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

static void print_counts(const struct trace *t, FILE *f)
{
	size_t procs = 0, threads = 0, stacks = 0;
	uint64_t truncated[TRUNC_NREASONS] = { 0 }, cut = 0;
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
	if (t->samples.n)
		fprintf(f, " (%.1f%%)", 100.0 * cut / t->samples.n);
	fputc('\n', f);
	/* One line per reason, worded as record's summary, with the fix. */
	for (unsigned i = 1; i < TRUNC_NREASONS; i++) {
		char why[160];
		if (truncated[i])
			fprintf(f, "             %llu (%.1f%%) %s\n", (unsigned long long)truncated[i],
				100.0 * truncated[i] / t->samples.n,
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
