/* `cprof info`: what a trace holds, and whether it is whole. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/util.h"
#include "trace/format.h"
#include "trace/trunc.h"
#include "report/info.h"
#include "trace/multi.h"
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
