/* Which item an annotator gets next when several share a project:
 * items that still need their label and whose overlap is not met,
 * those closest to their overlap first (so pairs for agreement build
 * up early), then new items in the queue's order; now and then a gold
 * item, as the annotator's gold quota says (stet/progress.h): at each
 * serve, gold with the chance gold_left in gold_left + plain_left, so
 * that the checks spread evenly over the annotator's work and none is
 * left at its end. The item served is leased to the annotator for a while, so
 * that it is not handed to more annotators than the overlap needs
 * while they look at it. Runs inside the write transaction of the
 * action that asks for it. */
#ifndef STET_SERVE_H
#define STET_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/queue.h"
#include "stet/store.h"

struct stet_serve {
	uint32_t overlap;    /* K */
	int64_t now_ms;
	int64_t lease_ms;    /* how long the item served stays leased */
	uint64_t plain_left; /* the annotator's counts (stet_progress) */
	uint64_t gold_left;  /* as they stand after the action served for */
	uint64_t draw;       /* a fresh pseudo-random number per serve: it
			      * decides the gold turns and where the search
			      * for a gold item starts */
	uint64_t exclude;    /* an item not to serve now (0: none) */
	uint64_t held;       /* the annotator's lease to give up (0: none) */
	/* Items ranked by the caller (a pool re-scored by a model that
	 * learns as labels come, stet/live.h), best first, tried after the
	 * items others have begun and before the queue's order; first may
	 * be NULL when nfirst is 0. */
	const uint64_t *first;
	size_t nfirst;
};

/* The next item for q's annotator (*item 0 when there is none), leased
 * to them; *gold says it is a gold item. A gold item comes on a gold
 * turn, or when no plain item can be served and gold_left is not 0.
 * Items imported after q was opened are not served. */
int stet_serve_next(struct stet_txn *txn, const struct stet_queue *q,
		    const struct stet_serve *sv, uint64_t *item, bool *gold,
		    struct stet_error *err);

/* Gives up annotator's lease on item, if any. */
int stet_lease_release(struct stet_txn *txn, uint64_t item,
		       uint32_t annotator, struct stet_error *err);
/* Leases held on item by annotators other than `annotator` that have
 * not expired at now_ms. */
int stet_lease_others(struct stet_txn *txn, uint64_t item,
		      uint32_t annotator, int64_t now_ms, uint32_t *n,
		      struct stet_error *err);

#endif
