#include "stet/buf.h"
#include "stet/pending.h"

void stet_pending_key(unsigned char key[STET_PENDING_KEY], uint32_t count,
		      uint64_t item)
{
	key[0] = (unsigned char)(count > 255 ? 255 : count);
	stet_u64be(key + 1, item);
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

int stet_pending_ensure(struct stet_txn *txn, uint64_t item, uint32_t count,
			struct stet_error *err)
{
	unsigned char key[STET_PENDING_KEY];

	stet_pending_key(key, count, item);
	return stet_put(txn, STET_DB_PENDING, key, sizeof key, "", 0, 0, err);
}
