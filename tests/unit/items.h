/* Putting text items in a project from a test, inside the caller's
 * write, as stet import would: an external id, a text, the content
 * hash. */
#ifndef STET_TEST_ITEMS_H
#define STET_TEST_ITEMS_H

#include "stet/error.h"
#include "stet/item.h"
#include "stet/store.h"

/* meta: compact JSON object text, or NULL. Returns stet_item_add's
 * status (STET_MAPFULL included, which the store's write redoes). */
static inline int test_text_item_add(struct stet_txn *txn, const char *ext,
				     const char *text, const char *meta,
				     struct stet_error *err)
{
	struct stet_item it;
	uint64_t existing;
	int rc;

	stet_item_init(&it);
	it.kind = STET_ITEM_TEXT;
	it.text = stet_xstrdup(text);
	it.ext_id = stet_xstrdup(ext);
	if (meta != NULL)
		it.meta = stet_xstrdup(meta);
	it.hash = stet_item_content_hash(&it);
	rc = stet_item_add(txn, &it, &existing, err);
	stet_item_clear(&it);
	return rc;
}

#endif
