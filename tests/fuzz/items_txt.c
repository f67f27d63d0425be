/* The plain text item reader: an item a line, then an item a
 * paragraph (stet import --paragraphs), then the bytes taken as UTF-16
 * (stet import --encoding UTF-16: a byte order mark says which end
 * first). */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct stet_read_opts paragraphs = {.paragraphs = true};

	fuzz_items(data, size, STET_FMT_TXT, NULL, NULL);
	fuzz_items(data, size, STET_FMT_TXT, &paragraphs, NULL);
	fuzz_items(data, size, STET_FMT_TXT, NULL, "UTF-16");
	return 0;
}
