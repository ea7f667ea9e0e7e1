/* Pairing each switch out with the thread's next switch in (record/offcpu.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "record/offcpu.h"

void offcpu_init(struct offcpu *o)
{
	*o = (struct offcpu){ 0 };
	hashmap_init(&o->by_tid);
}

void offcpu_release(struct offcpu *o)
{
	hashmap_release(&o->by_tid);
	array_free(&o->pending);
}

void offcpu_out(struct offcpu *o, uint32_t tid, uint64_t time, uint32_t thread,
		uint32_t node, uint32_t flags)
{
	bool found;
	uint64_t *slot = hashmap_slot(&o->by_tid, tid, &found);
	if (!found) {
		*slot = o->pending.n;
		array_add(&o->pending);
	}
	struct offcpu_pending *p = &o->pending.v[*slot];
	if (p->dead)
		return;
	/* Out twice without in between: the switch in was lost */
	if (p->active)
		o->dropped++;
	*p = (struct offcpu_pending){ time, thread, node, flags, true, false };
}

static void finish(struct offcpu_pending *p, uint64_t time, struct offcpu_sample *out)
{
	*out = (struct offcpu_sample){ p->time, time - p->time, p->thread, p->node, p->flags };
	p->active = false;
}

bool offcpu_in(struct offcpu *o, uint32_t tid, uint64_t time, struct offcpu_sample *out)
{
	uint64_t i;
	if (!hashmap_get(&o->by_tid, tid, &i))
		return false;	/* the switch out came before recording */
	struct offcpu_pending *p = &o->pending.v[i];
	if (!p->active)
		return false;	/* the switch out was lost */
	if (time < p->time) {
		/* records of two CPUs out of order by more than a drain round */
		p->active = false;
		o->dropped++;
		return false;
	}
	finish(p, time, out);
	return true;
}

void offcpu_exit(struct offcpu *o, uint32_t tid)
{
	bool found;
	uint64_t *slot = hashmap_slot(&o->by_tid, tid, &found);
	if (!found) {
		*slot = o->pending.n;
		array_add(&o->pending);
	}
	o->pending.v[*slot] = (struct offcpu_pending){ .dead = true };
}

void offcpu_fork(struct offcpu *o, uint32_t tid)
{
	uint64_t i;
	if (hashmap_get(&o->by_tid, tid, &i))
		o->pending.v[i] = (struct offcpu_pending){ 0 };
}

bool offcpu_close(struct offcpu *o, size_t *i, uint64_t time, struct offcpu_sample *out)
{
	for (; *i < o->pending.n; (*i)++) {
		struct offcpu_pending *p = &o->pending.v[*i];
		if (p->active && time >= p->time) {
			finish(p, time, out);
			(*i)++;
			return true;
		}
	}
	return false;
}
