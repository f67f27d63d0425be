/* stet import-annotations --from conll: CoNLL-2003 files, the last
 * column's IOB tags as spans, read as conlleval reads them and then
 * held to IOB2 (--scheme iob2), labels added as the file names them
 * (--create-items --add-labels). */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_annot_opts o = {.from = STET_FROM_CONLL,
				    .create_items = true, .add_labels = true};

	fuzz_annotations(data, size, "ner.conll", &o, FUZZ_SCHEMA);
	o.scheme = 2;
	fuzz_annotations(data, size, "ner.conll", &o, FUZZ_SCHEMA);
	return 0;
}
