/* A model record read back from bytes (the `models` database), through
 * a project as stet reads one model and all of them. */
#include "common.h"
#include "stet/predict.h"

static void read_back(struct stet_txn *txn, void *ctx)
{
	struct stet_model m, *all;
	struct stet_error err;
	size_t n;

	(void)ctx;
	if (stet_model_get(txn, "fuzz", &m, &err) == STET_OK)
		stet_model_clear(&m);
	if (stet_models_load(txn, &all, &n, &err) == STET_OK)
		stet_models_free(all, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_record(STET_DB_MODELS, "fuzz", 4, data, size, read_back, NULL);
	return 0;
}
