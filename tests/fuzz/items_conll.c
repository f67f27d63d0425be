/* The CoNLL and CoNLL-U item reader, tokens and all. */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_items(data, size, STET_FMT_CONLL, NULL, NULL);
	return 0;
}
