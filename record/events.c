#include "config.h"

#include <linux/perf_event.h>
#include <string.h>

#include "lib/util.h"
#include "record/events.h"

static const struct event_desc events[] = {
	{ "cpu-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, NULL },
	{ "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, NULL },
	{ "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, "faults" },
	{ "minor-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN, NULL },
	{ "major-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ, NULL },
	{ "context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES, "cs" },
	{ "cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS, "migrations" },
	{ "alignment-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_ALIGNMENT_FAULTS, NULL },
	{ "emulation-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_EMULATION_FAULTS, NULL },
	/* every switch out sampled, weighed by the time until the switch back */
	{ "off-cpu", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES, NULL },
	/* heap allocations through uprobes (record/malloc.h), weighed in bytes */
	{ "malloc", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY, NULL },
	{ "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, "cpu-cycles" },
	{ "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, NULL },
	{ "cache-references", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES, NULL },
	{ "cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES, NULL },
	{ "branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS, "branch-instructions" },
	{ "branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES, NULL },
	{ "bus-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BUS_CYCLES, NULL },
	{ "ref-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES, NULL },
};

const struct event_desc *event_find(const char *name, const char **closest)
{
	unsigned best = 3;
	*closest = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(events); i++) {
		const struct event_desc *e = &events[i];
		if (strcmp(name, e->name) == 0 || (e->alias && strcmp(name, e->alias) == 0))
			return e;
		unsigned d = edit_distance(name, e->name);
		if (d < best) {
			best = d;
			*closest = e->name;
		}
	}
	return NULL;
}

const char *event_name_of(uint32_t type, uint64_t config)
{
	/* the table's first entry of a config is perf's name for it */
	for (size_t i = 0; i < ARRAY_SIZE(events); i++)
		if (events[i].type == type && events[i].config == config)
			return events[i].name;
	return NULL;
}

const char *event_names(void)
{
	static char names[512];
	if (!names[0]) {
		for (size_t i = 0; i < ARRAY_SIZE(events); i++) {
			if (i)
				strcat(names, ", ");
			strcat(names, events[i].name);
		}
	}
	return names;
}

bool event_is_hardware(const struct event_desc *e)
{
	return e->type == PERF_TYPE_HARDWARE;
}

const struct event_desc *event_cpu_clock(void)
{
	return &events[0];
}

bool event_is_offcpu(const struct event_desc *e)
{
	return !strcmp(e->name, "off-cpu");
}

bool event_is_malloc(const struct event_desc *e)
{
	return !strcmp(e->name, "malloc");
}

const struct event_desc *event_leaks(void)
{
	/* never asked for: it comes with malloc */
	static const struct event_desc leaks = { "leaks", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY, NULL };
	return &leaks;
}
