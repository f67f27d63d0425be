/* Writers: items with every annotator's standing label (JSONL, CSV,
 * CoNLL-U), or with the lead's decision instead, or the annotation
 * records themselves (stet's JSONL, or Prodigy's db-out JSONL for
 * another tool). */
#ifndef STET_EXPORT_H
#define STET_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "stet/error.h"
#include "stet/offsets.h"
#include "stet/sniff.h"
#include "stet/store.h"

struct stet_export_opts {
	enum stet_format format; /* JSONL, CSV or CONLL */
	bool annotations;        /* annotation records instead of items */
	bool prodigy;            /* the standing labels as Prodigy choice
				    answers, one JSON object a line */
	bool final;              /* items with the adjudicated labels
				    (`final`) instead of every annotator's:
				    JSONL "final" (null when undecided),
				    a CSV column "final" (empty when
				    undecided), a CoNLL-U "# final = "
				    comment when decided; JSONL items of a
				    project with span or token labels
				    also "final_spans" or "final_tags".
				    Every item is written, decided or
				    not. */
	enum stet_unit offsets;  /* of spans: code points (0, the default),
				    UTF-16 code units or UTF-8 bytes */
	/* CoNLL with one annotator's tags or spans in a column
	 * (stet_export_conll_tags): NULL for the other exports. */
	const char *annotator;
	bool conll2003;          /* CoNLL-2003 rather than CoNLL-U */
	const char *column;      /* upos, xpos, misc:KEY; CoNLL-2003: N */
	bool iob1;               /* IOB1 rather than IOB2 */
	/* Told of each span an IOB column cannot carry. */
	void (*on_note)(void *ctx, const char *msg);
	void *ctx;
	const char *predictions; /* JSONL items: this model's prediction
				    on each, {"label", "score", "scores",
				    "model": "NAME@VERSION"} or null */
};

/* Writes to out, which the caller opened and closes; a write error is
 * reported with out_name. One read transaction for the whole export, so
 * the output is one consistent snapshot. */
int stet_export(struct stet_store *st, const struct stet_export_opts *opts,
		FILE *out, const char *out_name, struct stet_error *err);

/* The CoNLL exports with opts->annotator (export_conll.c): every text
 * item, its lines as imported with the column replaced. */
int stet_export_conll_tags(struct stet_store *st,
			   const struct stet_export_opts *opts, FILE *out,
			   const char *out_name, struct stet_error *err);

#endif
