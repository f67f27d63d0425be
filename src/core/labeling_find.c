/* Where a labeling session goes without labeling: back to where the
 * annotator stopped, to an item found by its text, id or position; and
 * the spans an item has from this annotator (stet/labeling.h). */
#include <stdlib.h>
#include <string.h>

#include "stet/labeling.h"

int stet_labeling_spans_get(struct stet_labeling *l, uint64_t pos,
			    struct stet_span_set *set, struct stet_error *err)
{
	struct stet_txn *txn;
	int rc;

	set->n = 0;
	if (stet_txn_begin_read(l->st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_spans_get(txn, stet_queue_item(&l->queue, pos),
			    l->annotator, set, NULL, err);
	stet_txn_end(txn);
	if (rc == STET_NOTFOUND) {
		set->n = 0;
		rc = STET_OK;
	}
	return rc;
}

int stet_labeling_resume(struct stet_labeling *l, uint64_t *pos,
			 struct stet_error *err)
{
	struct stet_txn *txn;
	int rc;

	if (stet_txn_begin_read(l->st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_queue_resume(txn, &l->queue, pos, err);
	stet_txn_end(txn);
	return rc;
}

static uint64_t queue_item(const void *ctx, uint64_t pos)
{
	return stet_queue_item(ctx, pos);
}

int stet_labeling_search(struct stet_labeling *l, const char *needle,
			 uint64_t pos, int dir, uint64_t *found,
			 struct stet_error *err)
{
	return stet_items_search(l->st, l->queue.n, queue_item, &l->queue,
				 needle, pos, dir, found, err);
}

int stet_labeling_find(struct stet_labeling *l, const char *what,
		       uint64_t *pos, struct stet_error *err)
{
	struct stet_txn *txn;
	uint64_t id, n;
	char *end;
	int rc;

	if (stet_txn_begin_read(l->st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_item_find_ext(txn, what, &id, err);
	stet_txn_end(txn);
	if (rc == STET_OK) {
		/* Items imported after this session opened are past n. */
		if (id > l->queue.n)
			return stet_error_set(err, STET_NOTFOUND,
				"item %s was added after this session began",
				what);
		*pos = stet_queue_pos(&l->queue, id);
		return STET_OK;
	}
	if (rc != STET_NOTFOUND)
		return rc;
	n = strtoull(what, &end, 10);
	if (*what >= '0' && *what <= '9' && *end == '\0' && n >= 1 &&
	    n <= l->queue.n) {
		*pos = n - 1;
		return STET_OK;
	}
	return stet_error_set(err, STET_NOTFOUND,
			      "no item with id or position \"%s\"", what);
}
