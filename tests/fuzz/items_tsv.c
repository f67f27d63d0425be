/* The TSV item reader: table items, then text items from named
 * columns (stet import --text-column text --id-column id
 * --label-column label). */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct stet_read_opts named = {
		.text_column = "text", .id_column = "id",
		.label_column = "label"};

	fuzz_items(data, size, STET_FMT_TSV, NULL, NULL);
	fuzz_items(data, size, STET_FMT_TSV, &named, NULL);
	return 0;
}
