/* Event names as perf spells them, and the perf_event_attr they stand for. */
#ifndef CPROF_EVENTS_H
#define CPROF_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

struct event_desc {
	const char *name;
	uint32_t type;		/* PERF_TYPE_* */
	uint64_t config;
	const char *alias;	/* another accepted name, or NULL */
};

/* NULL when the name is unknown; *closest then names a near one (or NULL). */
const struct event_desc *event_find(const char *name, const char **closest);
/* The name perf gives an attr's type and config, NULL when none here does. */
const char *event_name_of(uint32_t type, uint64_t config);
/* The names, for help text: "cpu-clock, task-clock, …" */
const char *event_names(void);
bool event_is_hardware(const struct event_desc *e);
const struct event_desc *event_cpu_clock(void);
/* The off-CPU pseudo-event (record/offcpu.h): its weights are nanoseconds. */
bool event_is_offcpu(const struct event_desc *e);
/* The heap pseudo-events (record/malloc.h): the bytes each allocation took,
 * and those of the allocations never freed, which come with malloc. */
bool event_is_malloc(const struct event_desc *e);
const struct event_desc *event_leaks(void);

#endif
