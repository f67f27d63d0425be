/* A session record read back from bytes (the `sessions` database),
 * through a project as stet reads it. */
#include "common.h"
#include "stet/annotate.h"

static void read_back(struct stet_txn *txn, void *ctx)
{
	struct stet_session s = {0};
	struct stet_error err;
	char label[64];

	(void)ctx;
	if (stet_session_get(txn, 1, &s, &err) == STET_OK)
		stet_session_label(&s, label, sizeof label);
	stet_session_clear(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char key[8];

	stet_u64be(key, 1);
	fuzz_record(STET_DB_SESSIONS, key, sizeof key, data, size, read_back,
		    NULL);
	return 0;
}
