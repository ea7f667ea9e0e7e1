/* The report's three forms: aligned text (perf's layout), CSV and JSON. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/term.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "report/info.h"
#include "report/report_internal.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define BOLD "\033[1m"
#define RESET "\033[m"

static double pct(const struct rmodel *m, double w)
{
	return m->total > 0 ? 100.0 * w / m->total : 0;
}

static const char *column_title(enum report_key k)
{
	static const char *const titles[KEY_N] = {
		[KEY_COMM] = "Command", [KEY_PID] = "Pid", [KEY_TID] = "Tid",
		[KEY_DSO] = "Shared Object", [KEY_SYM] = "Symbol", [KEY_SRCLINE] = "Source:Line",
	};
	return titles[k];
}

static enum frame_kind sym_kind(const struct rentry *e)
{
	return (enum frame_kind)(e->key[KEY_SYM] >> 32);
}

/* The sym column as perf prints it: "[.] name", "[k] name", "(inlined)". */
static const char *sym_cell(const struct rmodel *m, const struct rentry *e, char *buf, size_t len)
{
	char tmp[8];
	const char *name = report_key_text(m, e, KEY_SYM, tmp, sizeof(tmp));
	enum frame_kind k = sym_kind(e);
	snprintf(buf, len, "[%s] %s%s", k == FRAME_KERNEL ? "k" : k == FRAME_JIT ? "j" : ".",
		 name, k == FRAME_INLINE ? " (inlined)" : "");
	return buf;
}

static const char *cell(const struct rmodel *m, const struct rentry *e, enum report_key k,
			char *buf, size_t len)
{
	return k == KEY_SYM ? sym_cell(m, e, buf, len) : report_key_text(m, e, k, buf, len);
}

static void put_line(const struct rmodel *m, FILE *f, const char *s)
{
	term_put_cut(f, s, m->o->width);
	fputc('\n', f);
}

static void put_pct(const struct rmodel *m, FILE *f, double p)
{
	const char *c = !m->o->color ? NULL : p >= 5 ? RED : p >= 0.5 ? GREEN : NULL;
	fprintf(f, "%s%8.2f%%%s", c ? c : "", p, c ? RESET : "");
}

/* A profile from another format has only its name and its weights' type. */
static void foreign_text_header(const struct rmodel *m, FILE *f)
{
	const char *b = m->o->color ? BOLD : "", *r = m->o->color ? RESET : "";
	fprintf(f, "# %scprof report of '%s'%s\n# weights:   %.0f %s\n#\n", b, m->name, r, m->total,
		m->type);
}

static void text_header(const struct rmodel *m, FILE *f)
{
	const struct trace *t = m->t;
	if (!t) {
		foreign_text_header(m, f);
		return;
	}
	const struct trace_header *h = &t->header;
	int ev = trace_event_index(t, m->o->select.event);
	const char *b = m->o->color ? BOLD : "", *r = m->o->color ? RESET : "";

	fprintf(f, "# %scprof report of '%s'%s\n# command:   ", b, t->path, r);
	for (size_t i = 0; i < h->argv.n; i++) {
		if (i)
			fputc(' ', f);
		fput_shell_word(h->argv.v[i], f);
	}
	fputc('\n', f);
	if (t->have_stats)
		fprintf(f, "# duration:  %.3f s\n", t->stats.duration_ns / 1e9);
	fprintf(f, "# events:   ");
	for (size_t i = 0; i < h->events.n; i++) {
		const struct trace_event *e = &h->events.v[i];
		fprintf(f, "%s %s (%s %llu%s)%s", i ? "," : "", e->name, e->freq ? "at" : "every",
			(unsigned long long)e->value, e->freq ? " Hz" : "", (int)i == ev ? " *" : "");
	}
	fprintf(f, "\n# samples:   %llu of %s", (unsigned long long)m->event_samples,
		ev >= 0 && (size_t)ev < h->events.n ? h->events.v[ev].name : "?");
	if (m->total != (double)m->event_samples && !(m->p->unit && strcmp(m->p->unit, "samples")))
		fprintf(f, ", %.0f after the filters", m->total);
	fprintf(f, "; %llu lost\n", (unsigned long long)t->stats.lost);
	if (m->p->unit && strcmp(m->p->unit, "samples"))
		fprintf(f, "# weights:   %s (a sample weighs its period), %.0f in all\n",
			m->p->unit, m->total);
	fprintf(f, "# unwinding: %s, %s; %.1f%% of stacks truncated\n", h->call_graph,
		h->user_only ? "user space only" : "user and kernel",
		m->event_samples ? 100.0 * m->truncated / m->event_samples : 0.0);
	trace_write_ends(t, f, "# ended:     ", "#            ", 5);
	trace_write_rss(t, f, "# rss:       ", 5);
	if (trace_damage(t))
		fprintf(f, "# damaged:   %s\n", trace_damage(t));
	fprintf(f, "#\n");
}

/* ---- call graphs ------------------------------------------------------- */

struct gprint {
	const struct rmodel *m;
	const struct rgraph *g;
	FILE *f;
};

static const char *gname(const struct rmodel *m, uint32_t frame, char *buf, size_t len)
{
	const struct frame *fr = &m->p->frames.v[frame];
	const char *name = strtab_get(&m->p->strs, fr->name);
	if (fr->kind != FRAME_INLINE)
		return name;
	snprintf(buf, len, "%s (inlined)", name);
	return buf;
}

/* Children over the limit, heaviest first. */
static size_t gkids(const struct gprint *gp, uint32_t node, uint32_t **out)
{
	const struct gnode *v = gp->g->nodes.v;
	size_t n = 0, cap = 0;
	uint32_t *k = NULL;
	for (uint32_t c = v[node].first_child; c; c = v[c].next_sibling) {
		if (pct(gp->m, v[c].weight) < gp->m->o->graph_limit)
			continue;
		if (n == cap)
			k = xrealloc(k, (cap = cap ? 2 * cap : 4) * sizeof(*k));
		k[n++] = c;
	}
	for (size_t i = 1; i < n; i++)	/* few children: insertion sort */
		for (size_t j = i; j > 0 && v[k[j]].weight > v[k[j - 1]].weight; j--) {
			uint32_t x = k[j];
			k[j] = k[j - 1];
			k[j - 1] = x;
		}
	*out = k;
	return n;
}

static void gline(struct gprint *gp, const char *prefix, const char *tail)
{
	char *s = xasprintf("%s%s", prefix, tail);
	/* Spacer lines end in blanks in perf; trailing blanks help nobody. */
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	put_line(gp->m, gp->f, s);
	free(s);
}

static void gchain(struct gprint *gp, uint32_t node, const char *prefix);

static void gbranches(struct gprint *gp, const uint32_t *kids, size_t n, const char *prefix)
{
	char nb[512];
	for (size_t i = 0; i < n; i++) {
		bool last = i + 1 == n;
		const struct gnode *k = &gp->g->nodes.v[kids[i]];
		char label[64];
		snprintf(label, sizeof(label), "%s--%.2f%%--", last ? " " : "|", pct(gp->m, k->weight));
		gline(gp, prefix, "|");
		char *head = xasprintf("%s%s", label, gname(gp->m, k->frame, nb, sizeof(nb)));
		gline(gp, prefix, head);
		free(head);
		char *sub = xasprintf("%s%s%*s", prefix, last ? " " : "|", (int)strlen(label) - 1, "");
		gchain(gp, kids[i], sub);
		free(sub);
	}
}

/* node is printed: its single heavy callees follow in a column, a fork
 * becomes branches with their shares. */
static void gchain(struct gprint *gp, uint32_t node, const char *prefix)
{
	char nb[512];
	for (;;) {
		uint32_t *kids;
		size_t n = gkids(gp, node, &kids);
		const struct gnode *v = gp->g->nodes.v;
		if (n == 1 && fabs(v[kids[0]].weight - v[node].weight) < 1e-9) {
			gline(gp, prefix, gname(gp->m, v[kids[0]].frame, nb, sizeof(nb)));
			node = kids[0];
			free(kids);
			continue;
		}
		if (n)
			gbranches(gp, kids, n, prefix);
		free(kids);
		return;
	}
}

static void text_graph(const struct rmodel *m, const struct rgraph *g, FILE *f)
{
	struct gprint gp = { .m = m, .g = g, .f = f };
	char nb[512];
	const char *pre = "            ";
	uint32_t *kids;
	if (!g->nodes.n)
		return;
	size_t n = gkids(&gp, 0, &kids);
	if (!n) {
		free(kids);
		return;
	}
	if (n == 1 && fabs(g->nodes.v[kids[0]].weight - g->nodes.v[0].weight) < 1e-9) {
		gline(&gp, pre, "|");
		char *head = xasprintf("---%s", gname(m, g->nodes.v[kids[0]].frame, nb, sizeof(nb)));
		gline(&gp, pre, head);
		free(head);
		gchain(&gp, kids[0], "               ");
	} else {
		gbranches(&gp, kids, n, pre);
	}
	free(kids);
	fputc('\n', f);
}

/* ---- text -------------------------------------------------------------- */

int report_write_text(const struct rmodel *m, FILE *f)
{
	const struct report_opts *o = m->o;
	size_t widths[KEY_N] = { 0 };
	char buf[1024];

	text_header(m, f);
	for (size_t k = 0; k < o->nkeys; k++) {
		widths[k] = strlen(column_title(o->keys[k]));
		for (size_t i = 0; i < m->shown.n; i++) {
			const char *s = cell(m, &m->entries.v[m->shown.v[i]], o->keys[k], buf, sizeof(buf));
			widths[k] = MAX(widths[k], term_text_width(s, strlen(s)));
		}
		widths[k] = MIN(widths[k], 40);
	}
	/* Titles and dots under them, perf's way. */
	for (int pass = 0; pass < 2; pass++) {
		fprintf(f, "#%s", o->no_children ? "" : pass ? " ........" : " Children");
		fprintf(f, "%s  %7s", pass ? "  ......." : "     Self", pass ? "......." : "Samples");
		for (size_t k = 0; k < o->nkeys; k++) {
			const char *title = column_title(o->keys[k]);
			size_t w = k + 1 < o->nkeys ? widths[k] : strlen(title);
			fprintf(f, "  ");
			for (size_t i = 0; i < w; i++)
				fputc(pass ? '.' : i < strlen(title) ? title[i] : ' ', f);
		}
		fputc('\n', f);
	}
	fprintf(f, "#\n");
	if (!m->shown.n)
		fprintf(f, "# (no samples)\n");

	for (size_t i = 0; i < m->shown.n; i++) {
		const struct rentry *e = &m->entries.v[m->shown.v[i]];
		size_t used = 0;
		if (!o->no_children) {
			fputc(' ', f);
			put_pct(m, f, pct(m, e->children));
			used += 10;
		}
		put_pct(m, f, pct(m, e->self));
		fprintf(f, "  %7.0f", o->no_children ? e->self : e->children);
		used += 9 + 9;
		for (size_t k = 0; k < o->nkeys; k++) {
			const char *s = cell(m, e, o->keys[k], buf, sizeof(buf));
			fputs("  ", f);
			used += 2;
			if (k + 1 < o->nkeys) {
				size_t w = term_text_width(s, strlen(s));
				term_put_cut(f, s, widths[k]);
				for (size_t pad = MIN(w, widths[k]); pad < widths[k]; pad++)
					fputc(' ', f);
				used += widths[k];
			} else {
				term_put_cut(f, s, o->width ? (o->width > used ? o->width - used : 1) : 0);
			}
		}
		fputc('\n', f);
		if (o->graph != GRAPH_NONE)
			text_graph(m, &e->graph, f);
	}
	return 0;
}

/* ---- CSV --------------------------------------------------------------- */

static void csv_field(FILE *f, const char *s, bool first)
{
	if (!first)
		fputc(',', f);
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int report_write_csv(const struct rmodel *m, FILE *f)
{
	const struct report_opts *o = m->o;
	bool sym = false;
	char buf[1024];

	if (!o->no_children)
		fprintf(f, "children,");
	fprintf(f, "self,%ssamples", o->no_children ? "" : "children_");
	fprintf(f, ",self_samples");
	for (size_t k = 0; k < o->nkeys; k++) {
		fprintf(f, ",%s", report_key_name(o->keys[k]));
		sym |= o->keys[k] == KEY_SYM;
	}
	fprintf(f, "%s\n", sym ? ",kind" : "");
	for (size_t i = 0; i < m->shown.n; i++) {
		const struct rentry *e = &m->entries.v[m->shown.v[i]];
		if (!o->no_children)
			fprintf(f, "%.2f,", pct(m, e->children));
		fprintf(f, "%.2f,%.0f,%.0f", pct(m, e->self), o->no_children ? e->self : e->children,
			e->self);
		for (size_t k = 0; k < o->nkeys; k++)
			csv_field(f, report_key_text(m, e, o->keys[k], buf, sizeof(buf)), false);
		if (sym)
			csv_field(f, report_kind_name(sym_kind(e)), false);
		fputc('\n', f);
	}
	return 0;
}

/* ---- JSON -------------------------------------------------------------- */

static void json_graph(const struct rmodel *m, const struct rgraph *g, uint32_t node, FILE *f)
{
	struct gprint gp = { .m = m, .g = g, .f = f };
	uint32_t *kids;
	size_t n = gkids(&gp, node, &kids);
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		const struct gnode *k = &g->nodes.v[kids[i]];
		const struct frame *fr = &m->p->frames.v[k->frame];
		fprintf(f, "%s{\"name\":", i ? "," : "");
		json_write_string(f, strtab_get(&m->p->strs, fr->name));
		fprintf(f, ",\"kind\":\"%s\",\"percent\":%.2f,\"samples\":%.0f,\"next\":",
			report_kind_name(fr->kind), pct(m, k->weight), k->weight);
		json_graph(m, g, kids[i], f);
		fputc('}', f);
	}
	fputc(']', f);
	free(kids);
}

static void json_keys(const struct rmodel *m, FILE *f)
{
	fprintf(f, ",\"children\":%s,\"sort\":[", m->o->no_children ? "false" : "true");
	for (size_t k = 0; k < m->o->nkeys; k++)
		fprintf(f, "%s\"%s\"", k ? "," : "", report_key_name(m->o->keys[k]));
	fprintf(f, "],\"entries\":[");
}

static void json_header(const struct rmodel *m, FILE *f)
{
	const struct trace *t = m->t;
	if (!t) {
		fprintf(f, "{\"file\":");
		json_write_string(f, m->name);
		fprintf(f, ",\"weights\":");
		json_write_string(f, m->type);
		fprintf(f, ",\"samples\":%.0f", m->total);
		json_keys(m, f);
		return;
	}
	const struct trace_header *h = &t->header;
	int ev = trace_event_index(t, m->o->select.event);
	fprintf(f, "{\"file\":");
	json_write_string(f, t->path);
	fprintf(f, ",\"command\":[");
	for (size_t i = 0; i < h->argv.n; i++) {
		fprintf(f, "%s", i ? "," : "");
		json_write_string(f, h->argv.v[i]);
	}
	fprintf(f, "],\"duration_s\":%.3f,\"event\":", t->have_stats ? t->stats.duration_ns / 1e9 : 0);
	json_write_string(f, ev >= 0 && (size_t)ev < h->events.n ? h->events.v[ev].name : "");
	fprintf(f, ",\"events\":[");
	for (size_t i = 0; i < h->events.n; i++) {
		fprintf(f, "%s{\"name\":", i ? "," : "");
		json_write_string(f, h->events.v[i].name);
		fprintf(f, ",\"%s\":%llu}", h->events.v[i].freq ? "frequency_hz" : "period",
			(unsigned long long)h->events.v[i].value);
	}
	fprintf(f, "],\"event_samples\":%llu,\"samples\":%.0f,\"lost\":%llu,\"unwinding\":",
		(unsigned long long)m->event_samples, m->total, (unsigned long long)t->stats.lost);
	json_write_string(f, h->call_graph);
	fprintf(f, ",\"truncated_percent\":%.1f",
		m->event_samples ? 100.0 * m->truncated / m->event_samples : 0.0);
	json_keys(m, f);
}

int report_write_json(const struct rmodel *m, FILE *f)
{
	const struct report_opts *o = m->o;
	char buf[1024];
	json_header(m, f);
	for (size_t i = 0; i < m->shown.n; i++) {
		const struct rentry *e = &m->entries.v[m->shown.v[i]];
		fprintf(f, "%s\n{", i ? "," : "");
		if (!o->no_children)
			fprintf(f, "\"children\":%.2f,\"children_samples\":%.0f,", pct(m, e->children),
				e->children);
		fprintf(f, "\"self\":%.2f,\"self_samples\":%.0f", pct(m, e->self), e->self);
		for (size_t k = 0; k < o->nkeys; k++) {
			enum report_key key = o->keys[k];
			fprintf(f, ",\"%s\":", report_key_name(key));
			if (key == KEY_PID || key == KEY_TID)
				fprintf(f, "%llu", (unsigned long long)e->key[key]);
			else
				json_write_string(f, report_key_text(m, e, key, buf, sizeof(buf)));
			if (key == KEY_SYM)
				fprintf(f, ",\"kind\":\"%s\"", report_kind_name(sym_kind(e)));
		}
		if (o->graph != GRAPH_NONE && e->graph.nodes.n) {
			fprintf(f, ",\"callgraph\":");
			json_graph(m, &e->graph, 0, f);
		}
		fputc('}', f);
	}
	fprintf(f, "\n]}\n");
	return 0;
}
