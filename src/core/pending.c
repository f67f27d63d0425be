#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/history.h"
#include "stet/pending.h"

void stet_pending_key(unsigned char key[STET_PENDING_KEY], uint32_t count,
		      uint64_t item)
{
	key[0] = (unsigned char)(count > 255 ? 255 : count);
	stet_u64be(key + 1, item);
}

static int count_one(uint32_t annotator, const void *val, size_t vlen,
		     void *ctx)
{
	(void)annotator;
	(void)val;
	(void)vlen;
	(*(uint32_t *)ctx)++;
	return STET_OK;
}

int stet_pending_count(struct stet_txn *txn, uint64_t item, uint32_t *n,
		       struct stet_error *err)
{
	*n = 0;
	return stet_item_entries(txn, STET_DB_CURRENT, item, count_one, n, err);
}

/* An item keeps an entry once it has had a standing value: at count 0
 * when the last one is taken back, so that the queue serves it again
 * wherever it lies in the order. */
int stet_pending_move(struct stet_txn *txn, uint64_t item, uint32_t before,
		      uint32_t after, struct stet_error *err)
{
	unsigned char key[STET_PENDING_KEY];
	int rc;

	if (before == after)
		return STET_OK;
	stet_pending_key(key, before, item);
	rc = stet_del(txn, STET_DB_PENDING, key, sizeof key, err);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return rc;
	stet_pending_key(key, after, item);
	return stet_put(txn, STET_DB_PENDING, key, sizeof key, "", 0, 0, err);
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
	if (stet_pending_count(txn, ev->item, &n, err) != STET_OK)
		return STET_ERR;
	if (n > 0)
		return STET_OK;
	stet_pending_key(key, 0, ev->item);
	return stet_put(txn, STET_DB_PENDING, key, sizeof key, "", 0, 0, err);
}

int stet_pending_rebuild_emptied(struct stet_txn *txn, struct stet_error *err)
{
	return stet_events_each(txn, 0, emptied_one, txn, err);
}

int stet_pending_rebuild(struct stet_txn *txn, struct stet_error *err)
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
	return stet_pending_rebuild_emptied(txn, err);
}
