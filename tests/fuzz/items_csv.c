/* The CSV item reader: table items, then text items from named
 * columns (stet import --text-column text --id-column id
 * --label-column label), those read as Windows-1252 (--encoding
 * CP1252, which leaves five bytes undefined). */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct stet_read_opts named = {
		.text_column = "text", .id_column = "id",
		.label_column = "label"};

	fuzz_items(data, size, STET_FMT_CSV, NULL, NULL);
	fuzz_items(data, size, STET_FMT_CSV, &named, NULL);
	fuzz_items(data, size, STET_FMT_CSV, &named, "CP1252");
	return 0;
}
