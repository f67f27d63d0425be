/* Annotation records made elsewhere, turned into sessions and label
 * events as if they had been made in stet: stet's own annotation JSONL,
 * Prodigy's db-out JSONL, Label Studio's JSON export and doccano's JSONL
 * (stet(5), "ANNOTATIONS FROM OTHER TOOLS"). */
#ifndef STET_ANNOTATIONS_IN_H
#define STET_ANNOTATIONS_IN_H

#include <stdbool.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

enum stet_annot_from {
	STET_FROM_STET = 0,
	STET_FROM_PRODIGY,
	STET_FROM_LABELSTUDIO,
	STET_FROM_DOCCANO
};

/* "stet", "prodigy", "labelstudio" (or "label-studio"), "doccano".
 * Returns -1 for another name. */
int stet_annot_from_parse(const char *name, enum stet_annot_from *out);

struct stet_annot_opts {
	enum stet_annot_from from;
	bool create_items; /* stet: unknown item ids become text items */
	bool add_labels;   /* unknown labels are added to the schema */
	const char *encoding;
	const char *annotator; /* for records that name none (doccano: the
				  default is the file name's stem) */
	const char *control;   /* Label Studio: the from_name to read */
	/* Called after a file is written, once for each kind of record
	 * passed over or read in a way worth telling (rejects kept as
	 * skips, span results not taken, ...). */
	void (*on_note)(void *ctx, const char *msg);
	void *ctx;
};

struct stet_annot_result {
	uint64_t records;   /* label events */
	uint64_t skips;     /* skip events */
	uint64_t unlabels;  /* labels withdrawn (unlabel events) */
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
