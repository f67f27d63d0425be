#include <stdio.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/gold.h"
#include "stet/pending.h"
#include "stet/routes.h"
#include "stet/serve.h"

/* `leases`: item (8) + annotator (4), as `current`, to the time the
 * lease ends (8, big-endian milliseconds). */
static int lease_take(struct stet_txn *txn, uint64_t item, uint32_t annotator,
		      int64_t until_ms, struct stet_error *err)
{
	unsigned char key[12], val[8];

	stet_current_key(key, item, annotator);
	stet_u64be(val, (uint64_t)until_ms);
	return stet_put(txn, STET_DB_LEASES, key, 12, val, 8, 0, err);
}

int stet_lease_release(struct stet_txn *txn, uint64_t item,
		       uint32_t annotator, struct stet_error *err)
{
	unsigned char key[12];
	int rc;

	stet_current_key(key, item, annotator);
	rc = stet_del(txn, STET_DB_LEASES, key, 12, err);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

struct others {
	uint32_t annotator;
	int64_t now_ms;
	uint32_t n;
};

static int count_other(uint32_t annotator, const void *val, size_t vlen,
		       void *ctx)
{
	struct others *o = ctx;

	o->n += vlen == 8 && annotator != o->annotator &&
		(int64_t)stet_get_u64be(val) > o->now_ms;
	return STET_OK;
}

int stet_lease_others(struct stet_txn *txn, uint64_t item,
		      uint32_t annotator, int64_t now_ms, uint32_t *n,
		      struct stet_error *err)
{
	struct others o = {annotator, now_ms, 0};
	int rc = stet_item_entries(txn, STET_DB_LEASES, item, count_other, &o,
				   err);

	*n = o.n;
	return rc;
}

static int is_gold(struct stet_txn *txn, uint64_t item, bool *gold,
		   struct stet_error *err)
{
	struct stet_gold g;
	int rc = stet_gold_get(txn, item, &g, err);

	*gold = rc == STET_OK;
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

/* An item q's annotator may get now, on count standing values: not
 * theirs already, not gold (gold comes on its own turns), and not
 * leased to so many others that it would pass its required count (the
 * overlap, or fewer as its route says). */
static int servable(struct stet_txn *txn, const struct stet_queue *q,
		    const struct stet_serve *sv, uint64_t item, uint32_t count,
		    bool *ok, struct stet_error *err)
{
	bool seen, gold;
	uint32_t leased, required;

	*ok = false;
	if (item == 0 || item > q->n || item == sv->exclude ||
	    count >= sv->overlap)
		return STET_OK;
	if (stet_required(txn, item, sv->overlap, &required, err) != STET_OK)
		return STET_ERR;
	if (count >= required)
		return STET_OK;
	if (stet_queue_seen(txn, q, item, &seen, err) != STET_OK)
		return STET_ERR;
	if (seen)
		return STET_OK;
	if (is_gold(txn, item, &gold, err) != STET_OK)
		return STET_ERR;
	if (gold)
		return STET_OK;
	if (stet_lease_others(txn, item, q->annotator, sv->now_ms, &leased,
			      err) != STET_OK)
		return STET_ERR;
	*ok = count + leased < required;
	return STET_OK;
}

/* Items others have begun, fullest first, then those whose values were
 * all taken back (count 0): the frontier of from_order may have passed
 * them, so they are found here whatever the overlap. */
static int from_pending(struct stet_txn *txn, const struct stet_queue *q,
			const struct stet_serve *sv, uint64_t *item,
			struct stet_error *err)
{
	struct stet_cursor *c;
	int rc = STET_OK;

	if (stet_cursor_open(txn, STET_DB_PENDING, &c, err) != STET_OK)
		return STET_ERR;
	for (uint32_t count = sv->overlap; count-- > 0 && *item == 0;) {
		unsigned char from[STET_PENDING_KEY];
		const void *k, *v;
		size_t kl, vl;

		stet_pending_key(from, count, 0);
		for (rc = stet_cursor_seek(c, from, sizeof from, &k, &kl, &v,
					   &vl, err);
		     rc == STET_OK && kl == STET_PENDING_KEY &&
		     ((const unsigned char *)k)[0] == count;
		     rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
			uint64_t it = stet_get_u64be((const unsigned char *)k + 1);
			bool ok;

			if (servable(txn, q, sv, it, count, &ok, err) != STET_OK) {
				rc = STET_ERR;
				break;
			}
			if (ok) {
				*item = it;
				break;
			}
		}
		if (rc == STET_ERR)
			break;
	}
	stet_cursor_close(c);
	if (rc == STET_ERR)
		return STET_ERR;
	return *item ? STET_OK : STET_NOTFOUND;
}

/* meta "frontier.ORDER[.SEED]" (see stet_queue_mark_get): every item
 * before it has a standing value, is gold, needs no one (its route),
 * or is in `pending` at count 0 (its values all taken back, or its
 * route asking more, since), so the search for a new item starts
 * there; it only moves on over items of the first three kinds. */
static int frontier_get(struct stet_txn *txn, const struct stet_queue *q,
			uint64_t *pos, struct stet_error *err)
{
	char name[STET_QUEUE_MARK_MAX];

	stet_queue_mark_name(q, "frontier", false, name, sizeof name);
	return stet_queue_mark_get(txn, q, name, pos, err);
}

static int frontier_put(struct stet_txn *txn, const struct stet_queue *q,
			uint64_t pos, struct stet_error *err)
{
	char name[STET_QUEUE_MARK_MAX];

	stet_queue_mark_name(q, "frontier", false, name, sizeof name);
	return stet_queue_mark_put(txn, q, name, pos, err);
}

/* A new item: the first in the queue's order with no standing value. */
static int from_order(struct stet_txn *txn, const struct stet_queue *q,
		      const struct stet_serve *sv, uint64_t *item,
		      struct stet_error *err)
{
	uint64_t start, pos, frontier;
	bool moving = true;

	if (frontier_get(txn, q, &start, err) != STET_OK)
		return STET_ERR;
	frontier = start;
	for (pos = start; pos < q->n; pos++) {
		uint64_t it = stet_queue_item(q, pos);
		uint32_t count, required;
		bool ok, gold;

		if (stet_current_count(txn, it, &count, err) != STET_OK ||
		    is_gold(txn, it, &gold, err) != STET_OK ||
		    stet_required(txn, it, sv->overlap, &required, err) !=
		    STET_OK)
			return STET_ERR;
		if (count > 0 || gold || required == 0) {
			if (moving)
				frontier = pos + 1;
			continue;
		}
		moving = false;
		if (servable(txn, q, sv, it, 0, &ok, err) != STET_OK)
			return STET_ERR;
		if (ok) {
			*item = it;
			break;
		}
	}
	if (frontier != start) {
		int rc = frontier_put(txn, q, frontier, err);

		if (rc != STET_OK)
			return rc;
	}
	return *item ? STET_OK : STET_NOTFOUND;
}

/* The first of the caller's ranked items with no standing value that
 * the annotator may get. */
static int from_first(struct stet_txn *txn, const struct stet_queue *q,
		      const struct stet_serve *sv, uint64_t *item,
		      struct stet_error *err)
{
	for (size_t i = 0; i < sv->nfirst; i++) {
		uint64_t it = sv->first[i];
		uint32_t count;
		bool ok, gold;

		if (it == 0 || it > q->n)
			continue;
		if (stet_current_count(txn, it, &count, err) != STET_OK ||
		    is_gold(txn, it, &gold, err) != STET_OK)
			return STET_ERR;
		if (count > 0 || gold)
			continue;
		if (servable(txn, q, sv, it, 0, &ok, err) != STET_OK)
			return STET_ERR;
		if (ok) {
			*item = it;
			return STET_OK;
		}
	}
	return STET_NOTFOUND;
}

/* A gold item the annotator has not seen, searched from a random point
 * so that annotators do not all get the same ones in the same order. */
static int from_gold(struct stet_txn *txn, const struct stet_queue *q,
		     const struct stet_serve *sv, uint64_t *item,
		     struct stet_error *err)
{
	struct stet_cursor *c;
	unsigned char from[8];
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (q->n == 0)
		return STET_NOTFOUND;
	stet_u64be(from, 1 + (sv->draw >> 16) % q->n);
	if (stet_cursor_open(txn, STET_DB_GOLD, &c, err) != STET_OK)
		return STET_ERR;
	for (int lap = 0; lap < 2 && *item == 0; lap++) {
		for (rc = stet_cursor_seek(c, lap ? NULL : from, lap ? 0 : 8,
					   &k, &kl, &v, &vl, err);
		     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
			uint64_t it = kl == 8 ? stet_get_u64be(k) : 0;
			bool seen;

			if (lap == 1 && it >= stet_get_u64be(from))
				break;
			if (it == 0 || it > q->n || it == sv->exclude)
				continue;
			if (stet_queue_seen(txn, q, it, &seen, err) != STET_OK) {
				rc = STET_ERR;
				break;
			}
			if (!seen) {
				*item = it;
				break;
			}
		}
		if (rc == STET_ERR) {
			stet_cursor_close(c);
			return STET_ERR;
		}
	}
	stet_cursor_close(c);
	return *item ? STET_OK : STET_NOTFOUND;
}

int stet_serve_next(struct stet_txn *txn, const struct stet_queue *q,
		    const struct stet_serve *sv, uint64_t *item, bool *gold,
		    struct stet_error *err)
{
	int rc = STET_NOTFOUND;
	bool turn;

	*item = 0;
	*gold = false;
	if (sv->held != 0 &&
	    (rc = stet_lease_release(txn, sv->held, q->annotator, err)) !=
	    STET_OK)
		return rc;
	rc = STET_NOTFOUND;
	turn = sv->gold_left > 0 &&
		sv->draw % (sv->gold_left + sv->plain_left) < sv->gold_left;
	if (turn) {
		rc = from_gold(txn, q, sv, item, err);
		*gold = rc == STET_OK;
	}
	if (rc == STET_NOTFOUND)
		rc = from_pending(txn, q, sv, item, err);
	if (rc == STET_NOTFOUND && sv->nfirst > 0)
		rc = from_first(txn, q, sv, item, err);
	if (rc == STET_NOTFOUND)
		rc = from_order(txn, q, sv, item, err);
	if (rc == STET_NOTFOUND && sv->gold_left > 0 && !turn) {
		rc = from_gold(txn, q, sv, item, err);
		*gold = rc == STET_OK;
	}
	if (rc == STET_NOTFOUND)
		return STET_OK;
	if (rc != STET_OK)
		return rc;
	return lease_take(txn, *item, q->annotator, sv->now_ms + sv->lease_ms,
			  err);
}
