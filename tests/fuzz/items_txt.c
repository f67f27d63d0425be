/* The plain text item reader: an item a line, then an item a
 * paragraph (stet import --paragraphs). */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct stet_read_opts paragraphs = {.paragraphs = true};

	fuzz_items(data, size, STET_FMT_TXT, NULL);
	fuzz_items(data, size, STET_FMT_TXT, &paragraphs);
	return 0;
}
