/* Which item an annotator sees: the order items are served in, as a
 * bijection between positions 0..n-1 and item ids 1..n, and where an
 * annotator resumes. No list of items is ever held in memory, so a
 * million-item project costs what a ten-item one does. */
#ifndef STET_QUEUE_H
#define STET_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

enum stet_order { STET_ORDER_SEQUENTIAL, STET_ORDER_SHUFFLED };

struct stet_queue {
	enum stet_order order;
	uint64_t seed;
	uint64_t n;         /* items in the project when opened */
	uint32_t annotator;
	unsigned half_bits; /* shuffled: a Feistel network over 2*half_bits */
	uint64_t keys[4];
};

/* Parses "sequential" or "shuffled". Returns -1 on anything else. */
int stet_order_parse(const char *s, enum stet_order *order);
const char *stet_order_name(enum stet_order order);

/* Sets q up for the items stored now. */
int stet_queue_open(struct stet_txn *txn, struct stet_queue *q,
		    enum stet_order order, uint64_t seed, uint32_t annotator,
		    struct stet_error *err);
/* The item at pos (pos < q->n), and the position of item (1..n). */
uint64_t stet_queue_item(const struct stet_queue *q, uint64_t pos);
uint64_t stet_queue_pos(const struct stet_queue *q, uint64_t item);

/* Whether the annotator has labeled or skipped item. */
int stet_queue_seen(struct stet_txn *txn, const struct stet_queue *q,
		    uint64_t item, bool *seen, struct stet_error *err);
/* The first position the annotator has neither labeled nor skipped, or
 * q->n when there is none. A hint kept in meta per annotator and order
 * makes this a few lookups however far they got. */
int stet_queue_resume(struct stet_txn *txn, const struct stet_queue *q,
		      uint64_t *pos, struct stet_error *err);
/* A position in q's order kept in meta: n then the position, both u64
 * big-endian, named "WHAT[.ANNOTATOR].ORDER[.SEED]". A shuffled order
 * changes with n, so a mark made at another n reads as 0. */
void stet_queue_mark_name(const struct stet_queue *q, const char *what,
			  bool per_annotator, char *out, size_t len);
int stet_queue_mark_get(struct stet_txn *txn, const struct stet_queue *q,
			const char *name, uint64_t *pos, struct stet_error *err);
int stet_queue_mark_put(struct stet_txn *txn, const struct stet_queue *q,
			const char *name, uint64_t pos, struct stet_error *err);
/* Keeps the hint true inside the write transaction of an action at pos:
 * after a label or skip (seen), or an undo that made pos unseen again. */
int stet_queue_update(struct stet_txn *txn, const struct stet_queue *q,
		      uint64_t pos, bool seen, struct stet_error *err);

#endif
