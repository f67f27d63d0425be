/* The JSONL item reader (stet import FILE.jsonl). */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_items(data, size, STET_FMT_JSONL, NULL, NULL);
	return 0;
}
