/* stet import-annotations --from conllu: the UPOS column as token
 * tags, and the spans of a MISC key NER as IOB tags (--column
 * misc:NER), labels added as the file names them (--create-items
 * --add-labels). */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_annot_opts o = {.from = STET_FROM_CONLLU,
				    .create_items = true, .add_labels = true};

	fuzz_annotations(data, size, "tags.conllu", &o, FUZZ_SCHEMA_TOKENS);
	o.column = "misc:NER";
	fuzz_annotations(data, size, "tags.conllu", &o, FUZZ_SCHEMA);
	return 0;
}
