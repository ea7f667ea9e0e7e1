/* Traces as a speedscope JSON file (report/export.h). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"
#include "lib/util.h"
#include "report/export.h"
#include "report/trace_profile.h"

typedef ARRAY(uint32_t) u32_array;

/* One thread's samples: a speedscope "sampled" profile. */
struct lane {
	uint32_t root;		/* profile node of the thread ("comm-PID/TID") */
	ARRAY(uint32_t) nodes;	/* its samples' leaf nodes, in time order */
	ARRAY(double) weights;
};

struct sbuild {
	struct strtab names;	/* (name, module) pairs as "name\0module" */
	ARRAY(uint32_t) stack;
	ARRAY(struct lane) lanes;
	FILE *f;
	bool first_frame;
};

/* The shared frame index of profile frame fr: names and modules interned
 * together so the same function in two traces is one frame. */
static uint32_t shared_frame(struct sbuild *b, const struct profile *p, uint32_t fr)
{
	const struct frame *f = &p->frames.v[fr];
	const char *name = strtab_get(&p->strs, f->name);
	const char *mod = f->module == PROFILE_NONE ? "" : strtab_get(&p->strs, f->module);
	size_t nl = strlen(name), ml = strlen(mod);
	char *key = xmalloc(nl + ml + 2);
	memcpy(key, name, nl + 1);
	memcpy(key + nl + 1, mod, ml + 1);
	uint32_t before = b->names.n, id = strtab_intern(&b->names, key, nl + ml + 1);
	free(key);
	if (id == before) {
		fputs(b->first_frame ? "\n{\"name\":" : ",\n{\"name\":", b->f);
		b->first_frame = false;
		json_write_string(b->f, name);
		if (*mod) {
			fputs(",\"file\":", b->f);
			json_write_string(b->f, mod);
		}
		fputc('}', b->f);
	}
	return id;
}

static void print_weight(FILE *f, double w)
{
	if (w == floor(w) && w < 9e15)
		fprintf(f, "%llu", (unsigned long long)w);
	else
		fprintf(f, "%.17g", w);
}

/* The lanes of profile p, whose frames go to the shared table as met. */
static void add_profile(struct sbuild *b, const struct profile *p, u32_array *stacks)
{
	struct hashmap lane_of = { 0 };
	for (size_t i = 0; i < p->samples.n; i++) {
		const struct psample *s = &p->samples.v[i];
		uint32_t root = s->node;
		b->stack.n = 0;
		for (; p->nodes.v[root].depth > 1; root = p->nodes.v[root].parent)
			array_push(&b->stack, shared_frame(b, p, p->nodes.v[root].frame));
		uint64_t li;
		if (!hashmap_get(&lane_of, root, &li)) {
			li = b->lanes.n;
			hashmap_put(&lane_of, root, li);
			array_add(&b->lanes)->root = root;
		}
		struct lane *l = &b->lanes.v[li];
		/* Stacks go out root first, after a count: stacks->v holds them all. */
		array_push(&l->nodes, stacks->n);
		array_push(stacks, b->stack.n);
		for (size_t k = b->stack.n; k-- > 0;)
			array_push(stacks, b->stack.v[k]);
		array_push(&l->weights, s->weight);
	}
	hashmap_release(&lane_of);
}

static void write_lane(FILE *f, const struct profile *p, const struct lane *l, const char *unit,
		       const uint32_t *stacks)
{
	double total = 0;
	for (size_t i = 0; i < l->weights.n; i++)
		total += l->weights.v[i];
	fputs("{\"type\":\"sampled\",\"name\":", f);
	json_write_string(f, profile_frame_name(p, p->nodes.v[l->root].frame));
	fprintf(f, ",\"unit\":\"%s\",\"startValue\":0,\"endValue\":",
		strcmp(unit, "nanoseconds") ? "none" : unit);
	print_weight(f, total);
	fputs(",\n\"samples\":[", f);
	for (size_t i = 0; i < l->nodes.n; i++) {
		const uint32_t *s = stacks + l->nodes.v[i];
		fputs(i ? ",[" : "[", f);
		for (uint32_t k = 0; k < s[0]; k++)
			fprintf(f, k ? ",%u" : "%u", s[1 + k]);
		fputc(']', f);
	}
	fputs("],\n\"weights\":[", f);
	for (size_t i = 0; i < l->weights.n; i++) {
		if (i)
			fputc(',', f);
		print_weight(f, l->weights.v[i]);
	}
	fputs("]}", f);
}

int export_speedscope(struct trace **t, size_t n, const struct trace_profile_opts *o, FILE *f)
{
	struct trace_profile_opts po = *o;
	po.times = po.tid_root = true;
	po.weight = WEIGHT_PERIOD;
	po.pid_root = po.srcline = po.lines = false;
	struct profile **ps = xcalloc(n + 1, sizeof(*ps));
	const char *unit = NULL;
	int ret = 0;
	for (size_t i = 0; i < n && !ret; i++) {
		int ev = trace_event_index(t[i], o->event);
		if (!(ps[i] = trace_profile(t[i], &po)))
			ret = -EINVAL;
		else if (!unit)
			unit = export_event_unit(t[i], ev);
		else if (strcmp(unit, export_event_unit(t[i], ev)) != 0)
			ret = err_set(EINVAL, "'%s' and '%s' sample events of different units: "
				      "export one event (--event)", t[0]->path, t[i]->path);
	}
	struct sbuild b = { .f = f, .first_frame = true };
	/* Per trace: the lanes it starts, and its stacks. */
	size_t *lane_start = xcalloc(n + 1, sizeof(*lane_start));
	u32_array *stacks = xcalloc(n + 1, sizeof(*stacks));
	strtab_init(&b.names);
	size_t nsamples = 0;
	for (size_t i = 0; i < n && !ret; i++)
		nsamples += ps[i]->samples.n;
	if (!ret && !nsamples)
		ret = err_set(ENOENT, "no samples to export (the filters left none)");
	if (!ret) {
		fputs("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\",\n"
		      "\"shared\":{\"frames\":[", f);
		for (size_t i = 0; i < n; i++) {
			lane_start[i] = b.lanes.n;
			add_profile(&b, ps[i], &stacks[i]);
		}
		lane_start[n] = b.lanes.n;
		fputs("]},\n\"profiles\":[\n", f);
		for (size_t i = 0; i < n; i++)
			for (size_t k = lane_start[i]; k < lane_start[i + 1]; k++) {
				if (k)
					fputs(",\n", f);
				write_lane(f, ps[i], &b.lanes.v[k], unit, stacks[i].v);
			}
		fputs("],\n\"name\":", f);
		json_write_string(f, path_base(t[0]->path));
		fputs(",\"activeProfileIndex\":0,\"exporter\":\"cprof " PACKAGE_VERSION "\"}\n", f);
	}
	for (size_t i = 0; i < b.lanes.n; i++) {
		array_free(&b.lanes.v[i].nodes);
		array_free(&b.lanes.v[i].weights);
	}
	for (size_t i = 0; i < n; i++) {
		array_free(&stacks[i]);
		profile_free(ps[i]);
	}
	free(stacks);
	free(lane_start);
	free(ps);
	array_free(&b.lanes);
	array_free(&b.stack);
	strtab_release(&b.names);
	return ret;
}
