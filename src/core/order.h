/* The orders from a model's predictions (order_predicted.c), as the
 * order table of queue.c reaches them. For the core only. */
#ifndef STET_ORDER_H
#define STET_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/queue.h"
#include "stet/store.h"

/* The shuffled order's network for seed over q->n items, and its
 * permutation of [0, q->n). */
void stet_queue_shuffle_init(struct stet_queue *q, uint64_t seed);
uint64_t stet_queue_permute(const struct stet_queue *q, uint64_t x,
			    bool inverse);

/* Resolves spec's model and label into q (opened as for the base
 * orders, q->order set) and ranks the items. */
int stet_order_rank(struct stet_txn *txn, struct stet_queue *q,
		    const struct stet_order_spec *spec,
		    struct stet_error *err);
/* The order part of a mark of a ranked queue, and back. */
void stet_order_ranked_mark(const struct stet_queue *q, char *out, size_t len);
int stet_order_open_ranked_mark(struct stet_txn *txn, const char *part,
				struct stet_queue *q, bool *usable,
				struct stet_error *err);

#endif
