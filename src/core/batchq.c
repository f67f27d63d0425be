#include <stdlib.h>
#include <string.h>

#include "batchq.h"

void batchq_init(struct batchq *q)
{
	memset(q, 0, sizeof *q);
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->not_full, NULL);
	pthread_cond_init(&q->not_empty, NULL);
}

void batchq_release(struct batchq_batch *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; i < b->n; i++) {
		stet_item_clear(&b->e[i].it);
		free(b->e[i].msg);
	}
	free(b);
}

void batchq_destroy(struct batchq *q)
{
	while (q->count > 0) {
		batchq_release(q->slot[q->head]);
		q->head = (q->head + 1) % BATCHQ_DEPTH;
		q->count--;
	}
	batchq_release(q->filling);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->not_full);
	pthread_cond_destroy(&q->not_empty);
}

bool batchq_flush(struct batchq *q)
{
	bool ok;

	if (q->filling == NULL)
		return true;
	pthread_mutex_lock(&q->lock);
	while (q->count == BATCHQ_DEPTH && !q->cancelled)
		pthread_cond_wait(&q->not_full, &q->lock);
	ok = !q->cancelled;
	if (ok) {
		q->slot[(q->head + q->count) % BATCHQ_DEPTH] = q->filling;
		q->count++;
		q->filling = NULL;
		pthread_cond_signal(&q->not_empty);
	}
	pthread_mutex_unlock(&q->lock);
	return ok;
}

bool batchq_put(struct batchq *q, struct batchq_entry *e, uint64_t done,
		uint64_t total)
{
	struct batchq_batch *b;

	if (q->filling == NULL) {
		q->filling = stet_xmalloc(sizeof *q->filling);
		q->filling->n = 0;
	}
	b = q->filling;
	b->e[b->n++] = *e;
	stet_item_init(&e->it);
	e->msg = NULL;
	b->done = done;
	b->total = total;
	if (b->n == BATCHQ_SIZE || e->kind == BATCHQ_END)
		return batchq_flush(q);
	return true;
}

struct batchq_batch *batchq_take(struct batchq *q)
{
	struct batchq_batch *b;

	pthread_mutex_lock(&q->lock);
	while (q->count == 0)
		pthread_cond_wait(&q->not_empty, &q->lock);
	b = q->slot[q->head];
	q->head = (q->head + 1) % BATCHQ_DEPTH;
	q->count--;
	pthread_cond_signal(&q->not_full);
	pthread_mutex_unlock(&q->lock);
	return b;
}

void batchq_cancel(struct batchq *q)
{
	pthread_mutex_lock(&q->lock);
	q->cancelled = true;
	pthread_cond_broadcast(&q->not_full);
	pthread_mutex_unlock(&q->lock);
}
