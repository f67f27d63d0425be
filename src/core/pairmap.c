#include <stdlib.h>
#include <string.h>

#include "stet/error.h"
#include "stet/mix.h"
#include "pairmap.h"

static size_t pairmap_index(const struct stet_pairmap *m, uint64_t a,
			    uint64_t b)
{
	return (size_t)(stet_mix64(a ^ stet_mix64(b)) & (m->cap - 1));
}

uint64_t *stet_pairmap_find(const struct stet_pairmap *m, uint64_t a,
			    uint64_t b)
{
	if (m->cap == 0)
		return NULL;
	for (size_t i = pairmap_index(m, a, b);; i = (i + 1) & (m->cap - 1)) {
		struct stet_pairmap_slot *s = &m->slots[i];

		if (!s->used)
			return NULL;
		if (s->a == a && s->b == b)
			return &s->v;
	}
}

static void pairmap_grow(struct stet_pairmap *m)
{
	struct stet_pairmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = stet_xcalloc(m->cap, sizeof *m->slots);
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++) {
		struct stet_pairmap_slot *s = &old.slots[i];
		size_t j;

		if (!s->used)
			continue;
		for (j = pairmap_index(m, s->a, s->b); m->slots[j].used;
		     j = (j + 1) & (m->cap - 1))
			;
		m->slots[j] = *s;
		m->n++;
	}
	free(old.slots);
}

uint64_t *stet_pairmap_put(struct stet_pairmap *m, uint64_t a, uint64_t b,
			   uint64_t v)
{
	uint64_t *found = stet_pairmap_find(m, a, b);
	size_t i;

	if (found != NULL)
		return found;
	if ((m->n + 1) * 2 > m->cap)
		pairmap_grow(m);
	for (i = pairmap_index(m, a, b); m->slots[i].used;
	     i = (i + 1) & (m->cap - 1))
		;
	m->slots[i] = (struct stet_pairmap_slot){a, b, v, true};
	m->n++;
	return &m->slots[i].v;
}

void stet_pairmap_clear(struct stet_pairmap *m)
{
	if (m->cap)
		memset(m->slots, 0, m->cap * sizeof *m->slots);
	m->n = 0;
}

void stet_pairmap_free(struct stet_pairmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}
