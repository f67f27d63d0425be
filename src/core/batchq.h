/* A bounded queue of batches between one producer thread and one
 * consumer, so that reading and parsing a corpus overlaps with writing
 * it. Order is kept; memory is bounded by BATCHQ_DEPTH batches. For
 * the core only (import.c). */
#ifndef STET_BATCHQ_H
#define STET_BATCHQ_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "stet/item.h"

#define BATCHQ_SIZE 256
#define BATCHQ_DEPTH 8

enum batchq_kind {
	BATCHQ_ITEM, /* it holds an item the consumer now owns */
	BATCHQ_BAD,  /* msg describes a bad record */
	BATCHQ_END   /* the producer is done; status and msg say how */
};

struct batchq_entry {
	enum batchq_kind kind;
	struct stet_item it;
	char *msg;
	int status;
};

struct batchq_batch {
	struct batchq_entry e[BATCHQ_SIZE];
	size_t n;
	uint64_t done, total; /* input progress when the batch was sent */
};

struct batchq {
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	struct batchq_batch *slot[BATCHQ_DEPTH];
	size_t head, count;
	bool cancelled;
	struct batchq_batch *filling; /* the producer's own */
};

void batchq_init(struct batchq *q);
/* Frees whatever is still queued. */
void batchq_destroy(struct batchq *q);

/* Producer side. The entry is moved in (the caller's item is left
 * empty). Returns false once the consumer has cancelled. */
bool batchq_put(struct batchq *q, struct batchq_entry *e, uint64_t done,
		uint64_t total);
/* Sends the partly filled batch. */
bool batchq_flush(struct batchq *q);

/* Consumer side: the next batch (blocks), to free with batchq_release. */
struct batchq_batch *batchq_take(struct batchq *q);
void batchq_release(struct batchq_batch *b);
/* Tells the producer to stop: its next put returns false. */
void batchq_cancel(struct batchq *q);

#endif
