/* Annotation records made elsewhere, turned into sessions, label and
 * span events as if they had been made in stet: stet's own annotation
 * JSONL, Prodigy's db-out JSONL, Label Studio's JSON export, doccano's
 * JSONL, brat's standoff files, and the tags of CoNLL-U and CoNLL-2003
 * files (stet(5), "ANNOTATIONS FROM OTHER TOOLS"). */
#ifndef STET_ANNOTATIONS_IN_H
#define STET_ANNOTATIONS_IN_H

#include <stdbool.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/offsets.h"
#include "stet/store.h"

enum stet_annot_from {
	STET_FROM_STET = 0,
	STET_FROM_PRODIGY,
	STET_FROM_LABELSTUDIO,
	STET_FROM_DOCCANO,
	STET_FROM_BRAT,
	STET_FROM_CONLLU,
	STET_FROM_CONLL
};

/* "stet", "prodigy", "labelstudio" (or "label-studio"), "doccano",
 * "brat", "conllu", "conll" (or "conll2003"). Returns -1 for another
 * name. */
int stet_annot_from_parse(const char *name, enum stet_annot_from *out);

struct stet_annot_opts {
	enum stet_annot_from from;
	bool create_items; /* stet: unknown item ids become text items */
	bool add_labels;   /* unknown labels are added to the schema */
	const char *encoding;
	const char *annotator; /* for records that name none (doccano: the
				  default is the file name's stem) */
	const char *control;   /* Label Studio: the from_name to read */
	/* The unit of the file's offsets when not the tool's own (doccano
	 * and Label Studio: UTF-16, the others: code points). */
	bool offsets_given;
	enum stet_unit offsets;
	/* CoNLL-U: the column holding the tags ("upos", "xpos", or
	 * "misc:KEY" for spans as IOB2 in a MISC key); CoNLL-2003: the
	 * column's number from 1 (0: the last). NULL: CoNLL-U's upos, the
	 * last column of CoNLL-2003. */
	const char *column;
	/* IOB spans: 0 reads IOB1, IOB2 and IOBES as conlleval does; 1 and
	 * 2 hold the file to IOB1 or IOB2, a tag that breaks it an error. */
	int scheme;

	/* Called after a file is written, once for each kind of record
	 * passed over or read in a way worth telling (rejects kept as
	 * skips, span results not taken, ...). */
	void (*on_note)(void *ctx, const char *msg);
	void *ctx;
};

struct stet_annot_result {
	uint64_t records;   /* label events */
	uint64_t skips;     /* skip events */
	uint64_t spans;     /* span sets (SPANS events) */
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
