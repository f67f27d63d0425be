#include <string.h>

#include "stet/buf.h"
#include "store_in.h"

/* The meta database's settings: strings, and counters as 8 big-endian
 * bytes. */

int stet_meta_get(struct stet_txn *txn, const char *name, const char **val,
		  size_t *vlen, struct stet_error *err)
{
	const void *v = NULL;
	int rc = stet_get(txn, STET_DB_META, name, strlen(name), &v, vlen,
			  err);

	if (rc == STET_OK)
		*val = v;
	return rc;
}

int stet_meta_put(struct stet_txn *txn, const char *name, const char *val,
		  size_t vlen, struct stet_error *err)
{
	return stet_put(txn, STET_DB_META, name, strlen(name), val, vlen, 0,
			err);
}

int stet_meta_get_u64(struct stet_txn *txn, const char *name, uint64_t *v,
		      struct stet_error *err)
{
	const char *val;
	size_t n;
	int rc = stet_meta_get(txn, name, &val, &n, err);

	*v = 0;
	if (rc != STET_OK)
		return rc;
	if (n != 8)
		return stet_error_set(err, STET_ERR,
				      "%s is damaged (meta \"%s\" holds %zu bytes, not 8)",
				      txn->st->path, name, n);
	*v = stet_get_u64be((const unsigned char *)val);
	return STET_OK;
}

int stet_meta_put_u64(struct stet_txn *txn, const char *name, uint64_t v,
		      struct stet_error *err)
{
	unsigned char b[8];

	stet_u64be(b, v);
	return stet_meta_put(txn, name, (const char *)b, 8, err);
}

int stet_meta_add_u64(struct stet_txn *txn, const char *name, int64_t delta,
		      struct stet_error *err)
{
	uint64_t v;
	int rc = stet_meta_get_u64(txn, name, &v, err);

	if (rc != STET_OK && rc != STET_NOTFOUND)
		return rc;
	return stet_meta_put_u64(txn, name, v + (uint64_t)delta, err);
}
