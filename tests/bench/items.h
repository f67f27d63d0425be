/* A benchmark's project of n text items, written the way stet import
 * writes them (one item writer), inside the caller's write. */
#ifndef STET_BENCH_ITEMS_H
#define STET_BENCH_ITEMS_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "stet/item.h"

/* Items 1..n: text "item I of the WHAT benchmark", id PREFIX I. */
static inline int bench_items_add(struct stet_txn *txn, uint64_t n,
				  const char *what, const char *prefix,
				  struct stet_error *err)
{
	struct stet_item_writer w;

	memset(&w, 0, sizeof w);
	if (stet_item_writer_begin(&w, txn, err) != STET_OK)
		return STET_ERR;
	for (uint64_t i = 1; i <= n; i++) {
		struct stet_item it;
		uint64_t existing;
		char text[96];
		int rc;

		stet_item_init(&it);
		it.kind = STET_ITEM_TEXT;
		snprintf(text, sizeof text, "item %" PRIu64 " of the %s benchmark",
			 i, what);
		it.text = stet_xstrdup(text);
		snprintf(text, sizeof text, "%s%" PRIu64, prefix, i);
		it.ext_id = stet_xstrdup(text);
		it.hash = stet_item_content_hash(&it);
		rc = stet_item_writer_add(&w, &it, &existing, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			return rc;
	}
	stet_buf_free(&w.rec);
	return stet_item_writer_end(&w, err);
}

#endif
