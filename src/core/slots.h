/* The slots the events fill, in memory, for stet verify's replay
 * (verify.c): one open-addressing table for every slot of every
 * derived database. For the core only. */
#ifndef STET_SLOTS_H
#define STET_SLOTS_H

#include <stddef.h>
#include <stdint.h>

/* One open-addressing table holds every slot of every derived database
 * the events fill: current (item, annotator), skips (item, annotator)
 * and final (item). A slot keeps the id of the event whose value stands
 * there, 0 once cleared; for a labels slot the labels are those of that
 * event, copied into one pool. */

/* SP_ROUTES (item): the ROUTE that stands, its band kept in nlabels.
 * SP_RAISED (item): a route came to ask more of the item (stet/route.h);
 * event is the event that did. SP_SPANS (item, annotator) and
 * SP_SPAN_FINAL (item): the span set that stands, kept in the pool at
 * lab_off as its number of spans and then five numbers a span (start,
 * end, label, tok_start, tok_end); nlabels unused. */
enum space { SP_EMPTY = 0, SP_CURRENT, SP_SKIPS, SP_FINAL, SP_ROUTES,
	     SP_RAISED, SP_SPANS, SP_SPAN_FINAL };

struct slot {
	uint64_t item;
	uint64_t event;   /* the event whose value stands; 0: nothing */
	uint64_t lab_off; /* its labels, in replay.labels */
	uint32_t who;     /* the annotator; 0 in final */
	uint16_t nlabels;
	uint8_t space;    /* enum space; SP_EMPTY: a free bucket */
	uint8_t ever;     /* some event has set it */
};

struct slots {
	struct slot *v;
	size_t cap; /* a power of two */
	size_t n;
};

/* The slot, or NULL when it is not there. */
struct slot *slots_find(const struct slots *t, int space, uint64_t item,
			uint32_t who);
/* The slot, added empty (event 0) when it is not there yet. Pointers
 * into the table last until the next slots_put. */
struct slot *slots_put(struct slots *t, int space, uint64_t item,
		       uint32_t who);

#endif
