#include "stet/buf.h"
#include "stet/item.h"
#include "verify_items.h"

int verify_items(struct stet_txn *txn, void (*found)(void *ctx, char *msg),
		 void *ctx, struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_item it;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (stet_cursor_open(txn, STET_DB_ITEMS, &c, err) != STET_OK)
		return STET_ERR;
	stet_item_init(&it);
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK;
	     rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		struct stet_error e = {0};
		struct stet_buf b;
		uint64_t id;

		stet_buf_init(&b);
		if (kl != 8) {
			stet_buf_printf(&b, "items: a key of %zu bytes, not an item's id",
					kl);
			found(ctx, stet_buf_take(&b));
			continue;
		}
		id = stet_get_u64be(k);
		if (stet_item_decode(v, vl, &it, &e) != STET_OK) {
			stet_buf_printf(&b, "item %llu: its record does not decode (%s)",
					(unsigned long long)id, e.msg);
			found(ctx, stet_buf_take(&b));
			continue;
		}
		if (stet_item_content_hash(&it) != it.hash) {
			stet_buf_printf(&b, "item %s (%llu): its content no longer matches the hash stored with it",
					it.ext_id ? it.ext_id : "?",
					(unsigned long long)id);
			found(ctx, stet_buf_take(&b));
		}
		stet_item_clear(&it);
	}
	stet_cursor_close(c);
	if (rc != STET_NOTFOUND) {
		stet_error_prefix(err, "items");
		return STET_ERR;
	}
	return STET_OK;
}
