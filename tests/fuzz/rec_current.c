/* A `current` record read back from bytes (the value that stands for
 * an item and annotator; `final` holds the same records), through a
 * project as stet reads it. */
#include "common.h"
#include "stet/annotate.h"

static void read_back(struct stet_txn *txn, void *ctx)
{
	struct stet_current cur;
	struct stet_error err;

	(void)ctx;
	stet_current_get(txn, 1, 1, &cur, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char key[12];

	stet_current_key(key, 1, 1);
	fuzz_record(STET_DB_CURRENT, key, sizeof key, data, size, read_back,
		    NULL);
	return 0;
}
