/* The state of one import of annotations, shared by the write path's
 * files (annotations_in.c, ann_items.c) and no reader. */
#ifndef STET_ANN_CTX_H
#define STET_ANN_CTX_H

#include "ann_in.h"
#include "stet/annotate.h"
#include "stet/input.h"
#include "stet/schema.h"

struct open_session {
	struct stet_session s;
	char *key; /* annotator id + name */
};

struct ann_ctx {
	const char *project;
	const char *path;
	const char *name; /* the file in messages */
	char *stem;
	struct stet_input *in;           /* JSONL formats */
	const struct ann_reader *reader; /* NULL: stet's own records */
	void *state;                     /* the reader's, for walk() */
	const struct stet_annot_opts *opts;
	struct stet_annot_result *res;
	struct stet_txn *txn;
	struct stet_schema schema;
	bool schema_changed;
	struct open_session *sessions;
	size_t nsessions;
	struct ann_notes notes;
	uint64_t line; /* of the record being read, 0 when not a line */
	int64_t now;
	bool started;
	struct stet_buf tmp;
	struct stet_buf who, sname; /* the record's names in NFC */
};

/* The item a record is about: found by the tool's id or text, created
 * when the project lacks it (ann_items.c). */
int ann_item_for(struct ann_ctx *ac, const struct ann_rec *r, uint64_t *id,
		 struct stet_error *err);

#endif
