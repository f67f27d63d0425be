/* Annotation records made elsewhere (stet's annotation JSONL), turned
 * into sessions and label events as if they had been made in stet. */
#ifndef STET_ANNOTATIONS_IN_H
#define STET_ANNOTATIONS_IN_H

#include <stdbool.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

struct stet_annot_opts {
	bool create_items; /* unknown item ids become empty text items */
	bool add_labels;   /* unknown labels are added to the schema */
	const char *encoding;
};

struct stet_annot_result {
	uint64_t records;
	uint64_t items_created;
	uint64_t annotators_created;
	uint64_t sessions_created;
	uint64_t labels_added;
	bool empty;
};

/* One transaction for the whole file; on failure nothing is written. */
int stet_annotations_import(struct stet_store *st, const char *path,
			    const struct stet_annot_opts *opts,
			    struct stet_annot_result *res,
			    struct stet_error *err);

#endif
