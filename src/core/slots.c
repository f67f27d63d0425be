#include <stdlib.h>

#include "slots.h"
#include "stet/error.h"
#include "stet/mix.h"

static uint64_t slot_hash(int space, uint64_t item, uint32_t who)
{
	return stet_mix64(item ^ stet_mix64(((uint64_t)who << 2) | (uint64_t)space));
}

struct slot *slots_find(const struct slots *t, int space, uint64_t item,
			uint32_t who)
{
	size_t mask = t->cap - 1, i;

	if (t->cap == 0)
		return NULL;
	for (i = slot_hash(space, item, who) & mask; t->v[i].space != SP_EMPTY;
	     i = (i + 1) & mask)
		if (t->v[i].space == space && t->v[i].item == item &&
		    t->v[i].who == who)
			return &t->v[i];
	return NULL;
}

static void slots_grow(struct slots *t)
{
	struct slots bigger;

	bigger.cap = t->cap ? t->cap * 2 : 1024;
	bigger.n = t->n;
	bigger.v = stet_xcalloc(bigger.cap, sizeof *bigger.v);
	for (size_t j = 0; j < t->cap; j++) {
		const struct slot *s = &t->v[j];
		size_t i, mask = bigger.cap - 1;

		if (s->space == SP_EMPTY)
			continue;
		for (i = slot_hash(s->space, s->item, s->who) & mask;
		     bigger.v[i].space != SP_EMPTY; i = (i + 1) & mask)
			;
		bigger.v[i] = *s;
	}
	free(t->v);
	*t = bigger;
}

struct slot *slots_put(struct slots *t, int space, uint64_t item,
		       uint32_t who)
{
	struct slot *s = slots_find(t, space, item, who);
	size_t i, mask;

	if (s != NULL)
		return s;
	if (2 * (t->n + 1) > t->cap)
		slots_grow(t);
	mask = t->cap - 1;
	for (i = slot_hash(space, item, who) & mask; t->v[i].space != SP_EMPTY;
	     i = (i + 1) & mask)
		;
	t->n++;
	t->v[i].space = (uint8_t)space;
	t->v[i].item = item;
	t->v[i].who = who;
	t->v[i].event = 0;
	t->v[i].nlabels = 0;
	t->v[i].lab_off = 0;
	t->v[i].ever = 0;
	return &t->v[i];
}
