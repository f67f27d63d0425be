/* stet import-annotations --from brat: a document's DOC.txt and
 * DOC.ann, given as one input, the text before a line "----" and the
 * annotations after it, labels added as the file names them
 * (--create-items --add-labels). */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_annot_opts o = {.from = STET_FROM_BRAT,
				    .create_items = true, .add_labels = true};
	const uint8_t *txt, *ann;
	size_t ntxt, nann;

	fuzz_split(data, size, &txt, &ntxt, &ann, &nann);
	fuzz_file("doc.txt", txt, ntxt);
	fuzz_annotations(ann, nann, "doc.ann", &o, FUZZ_SCHEMA);
	return 0;
}
