#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/gold.h"
#include "stet/history.h"
#include "stet/pending.h"
#include "migrate.h"

/* Format 1 projects had no per-kind counters: count the items once. */
static int count_kinds(struct stet_txn *txn, struct stet_error *err)
{
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	uint64_t text = 0, table = 0;
	int rc;

	if (stet_cursor_open(txn, STET_DB_ITEMS, &c, err) != STET_OK)
		return STET_ERR;
	rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	while (rc == STET_OK) {
		/* The kind is the second byte of every item record. */
		if (vl >= 2 && ((const unsigned char *)v)[1] == 2)
			table++;
		else
			text++;
		rc = stet_cursor_next(c, &k, &kl, &v, &vl, err);
	}
	stet_cursor_close(c);
	if (rc != STET_NOTFOUND)
		return STET_ERR;
	if (stet_meta_put_u64(txn, "count.text", text, err) != STET_OK ||
	    stet_meta_put_u64(txn, "count.table", table, err) != STET_OK)
		return STET_ERR;
	return STET_OK;
}

/* A LABEL in an annotator's slot gave its item a standing value once;
 * if none stands now, the item belongs at count 0. */
static int emptied_one(struct stet_event *ev, void *ctx,
		       struct stet_error *err)
{
	struct stet_txn *txn = ctx;
	unsigned char key[STET_PENDING_KEY];
	uint32_t n;

	if (ev->action != STET_ACT_LABEL)
		return STET_OK;
	if (stet_current_count(txn, ev->item, &n, err) != STET_OK)
		return STET_ERR;
	if (n > 0)
		return STET_OK;
	stet_pending_key(key, 0, ev->item);
	return stet_put(txn, STET_DB_PENDING, key, sizeof key, "", 0, 0, err);
}

/* Format 6 keeps, at count 0, the items some LABEL gave a value of
 * which none stands now. */
static int pending_add_emptied(struct stet_txn *txn, struct stet_error *err)
{
	return stet_events_each(txn, 0, emptied_one, txn, err);
}

/* Format 4's `gold`, `final` and `leases` start empty (nothing of
 * theirs predates them); `pending` is counted from `current`, one run
 * of keys an item, then given the emptied items as format 6 has them. */
static int pending_fill(struct stet_txn *txn, struct stet_error *err)
{
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	uint64_t item = 0;
	uint32_t n = 0;
	int rc;

	if (stet_cursor_open(txn, STET_DB_CURRENT, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (kl != 12) {
			rc = stet_error_set(err, STET_ERR, "current: damaged key");
			break;
		}
		if (stet_get_u64be(k) != item) {
			if (n > 0 && stet_pending_move(txn, item, 0, n, err) !=
			    STET_OK) {
				rc = STET_ERR;
				break;
			}
			item = stet_get_u64be(k);
			n = 0;
		}
		n++;
	}
	stet_cursor_close(c);
	if (rc != STET_NOTFOUND)
		return rc;
	if (n > 0 && stet_pending_move(txn, item, 0, n, err) != STET_OK)
		return STET_ERR;
	return pending_add_emptied(txn, err);
}

static int nothing_to_fill(struct stet_txn *txn, struct stet_error *err)
{
	(void)txn;
	(void)err;
	return STET_OK;
}

const struct stet_migrations migrate_steps = {
	.step = {
		[1] = count_kinds,
		/* Format 3 adds `skips`, filled from the events. */
		[2] = stet_skips_rebuild,
		[3] = pending_fill,
		/* Format 5 keeps gold answers out of item records. */
		[4] = stet_gold_conceal_all,
		/* Format 6 finds items whose values were all taken back. */
		[5] = pending_add_emptied,
		/* Format 7 adds `models` and `predictions`, which start
		 * empty: the store makes them as it opens the project. */
		[6] = nothing_to_fill,
		/* Format 8 adds `routes`, empty until stet route runs. */
		[7] = nothing_to_fill,
		/* Format 9 adds `learners` and `weights`, empty until stet
		 * learn trains a model. */
		[8] = nothing_to_fill,
		/* Format 10 adds `spans` and `span_final`: no older stet
		 * made a SPANS event, so both start empty. */
		[9] = nothing_to_fill,
	},
};
