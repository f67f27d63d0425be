/* `pending`: the items that have had standing values, by how many stand
 * now. Key: the number of annotators with a standing value on the item
 * (one byte, capped at 255) then the item id (8 bytes, big-endian);
 * value empty. Count 0 holds the items whose every value was taken
 * back (undone, unlabeled, withdrawn), which lie anywhere in the
 * queue's order. Derived from `current` and the events in the same
 * transaction as every event that changes it, so that the queue finds
 * the items closest to their overlap, fullest first, and the items
 * that fell back to none, without a scan. */
#ifndef STET_PENDING_H
#define STET_PENDING_H

#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

#define STET_PENDING_KEY 9

void stet_pending_key(unsigned char key[STET_PENDING_KEY], uint32_t count,
		      uint64_t item);
/* Moves item's entry from count `before` to count `after`; an item
 * with no entry yet has count 0. The write path (annotate) calls it
 * with the counts it finds in `current` before and after an event, and
 * the migrations that fill `pending` (migrate) with the counts they
 * rebuild; this module knows only the key. */
int stet_pending_move(struct stet_txn *txn, uint64_t item, uint32_t before,
		      uint32_t after, struct stet_error *err);
/* Gives item, with count standing values, its entry: an item whose
 * route comes to ask more people (stet/route.h) is found by the queue
 * as an item whose values were taken back is. */
int stet_pending_ensure(struct stet_txn *txn, uint64_t item, uint32_t count,
			struct stet_error *err);

#endif
