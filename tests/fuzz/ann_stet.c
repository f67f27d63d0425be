/* stet import-annotations --from stet: stet's own annotation records,
 * items created and labels added as the file names them
 * (--create-items --add-labels). */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_annot_opts o = {.from = STET_FROM_STET,
				    .create_items = true, .add_labels = true};

	fuzz_annotations(data, size, "stet.jsonl", &o, FUZZ_SCHEMA);
	return 0;
}
