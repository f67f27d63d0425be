/* An item record read back from bytes (the `items` database): one that
 * decodes must encode to a record that decodes to the same record; and
 * through a project, as stet reads an item whole and its tokens alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "stet/item.h"

static void read_back(struct stet_txn *txn, void *ctx)
{
	struct stet_item it;
	struct stet_tokens toks;
	struct stet_error err;

	(void)ctx;
	stet_item_init(&it);
	stet_item_get(txn, 1, &it, &err);
	stet_item_clear(&it);
	stet_tokens_init(&toks);
	stet_item_tokens(txn, 1, &toks, &err);
	stet_tokens_free(&toks);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char key[8];
	struct stet_item it, back;
	struct stet_buf a, b;
	struct stet_error err;

	stet_item_init(&it);
	stet_item_init(&back);
	stet_buf_init(&a);
	stet_buf_init(&b);
	if (stet_item_decode(data, size, &it, &err) == STET_OK) {
		stet_item_encode(&it, &a);
		if (stet_item_decode(a.data, a.len, &back, &err) != STET_OK) {
			fprintf(stderr, "fuzz: re-encoded item: %s\n", err.msg);
			abort();
		}
		stet_item_encode(&back, &b);
		if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
			fprintf(stderr, "fuzz: an item record reads back otherwise\n");
			abort();
		}
	}
	stet_item_clear(&it);
	stet_item_clear(&back);
	stet_buf_free(&a);
	stet_buf_free(&b);
	stet_u64be(key, 1);
	fuzz_record(STET_DB_ITEMS, key, sizeof key, data, size, read_back,
		    NULL);
	return 0;
}
