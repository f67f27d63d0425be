/* A span set record read back from bytes (the `spans` database, and
 * `span_final` which holds the same records), through a project as stet
 * reads one and walks them all. */
#include "common.h"
#include "stet/spans.h"

#include "../../src/core/spans_rec.h"

static int each(void *ctx, uint64_t item, uint32_t annotator,
		struct stet_span_set *s, uint64_t event, struct stet_error *err)
{
	(void)ctx;
	(void)item;
	(void)annotator;
	(void)s;
	(void)event;
	(void)err;
	return STET_OK;
}

static void read_back(struct stet_txn *txn, void *ctx)
{
	enum stet_db db = *(const enum stet_db *)ctx;
	struct stet_span_set s;
	struct stet_error err;
	uint64_t event;

	stet_span_set_init(&s);
	if (db == STET_DB_SPANS) {
		stet_spans_get(txn, 1, 1, &s, &event, &err);
		stet_span_set_free(&s);
		stet_spans_each(txn, each, NULL, &err);
	} else {
		stet_spans_final_get(txn, 1, &s, &err);
		stet_span_set_free(&s);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum stet_db db = STET_DB_SPANS;
	unsigned char key[12], fkey[8];

	stet_spans_key(key, 1, 1);
	fuzz_record(db, key, sizeof key, data, size, read_back, &db);
	db = STET_DB_SPAN_FINAL;
	stet_u64be(fkey, 1);
	fuzz_record(db, fkey, sizeof fkey, data, size, read_back, &db);
	return 0;
}
