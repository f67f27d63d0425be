/* What an import of annotations tells its user beyond the counts:
 * records passed over or read one way rather than another, counted per
 * kind with the first few distinct details named. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ann_in.h"

void ann_notes_add(struct ann_notes *an, enum ann_note note,
		   const char *detail)
{
	struct ann_note_state *ns = &an->k[note];

	ns->n++;
	if (detail == NULL)
		return;
	for (size_t i = 0; i < ns->ndetails; i++)
		if (strcmp(ns->details[i], detail) == 0)
			return;
	if (ns->ndetails < ANN_NOTE_DETAILS)
		ns->details[ns->ndetails++] = stet_xstrdup(detail);
	else
		ns->more = true;
}

void ann_notes_free(struct ann_notes *an)
{
	for (int k = 0; k < NOTE_COUNT; k++) {
		for (size_t i = 0; i < an->k[k].ndetails; i++)
			free(an->k[k].details[i]);
		memset(&an->k[k], 0, sizeof an->k[k]);
	}
}

static void details(struct stet_buf *b, const struct ann_note_state *ns,
		    const char *before)
{
	for (size_t i = 0; i < ns->ndetails; i++) {
		stet_buf_adds(b, i ? ", " : "");
		stet_buf_adds(b, before);
		stet_buf_adds(b, ns->details[i]);
	}
	if (ns->more)
		stet_buf_adds(b, ", ...");
}

/* Each note as said of one record and of several. */
static const char *const what[NOTE_COUNT][2] = {
	[NOTE_IGNORED] = {"answer marked ignore recorded as a skip",
			  "answers marked ignore recorded as skips"},
	[NOTE_REJECT_CHOICE] = {"rejected choice answer recorded as a skip",
				"rejected choice answers recorded as skips"},
	[NOTE_REJECT_SKIP] = {"reject recorded as a skip: the schema has no negative label for ",
			      "rejects recorded as skips: the schema has no negative label for "},
	[NOTE_REJECT_UNLABEL] = {"reject withdrew the label the annotator had given",
				 "rejects withdrew the label the annotator had given"},
	[NOTE_NONE_SKIP] = {"answer with no label recorded as a skip",
			    "answers with no label recorded as skips"},
	[NOTE_NONE_UNLABEL] = {"answer with no label withdrew the label the annotator had given",
			       "answers with no label withdrew the label the annotator had given"},
	[NOTE_CANCELLED] = {"cancelled annotation recorded as a skip",
			    "cancelled annotations recorded as skips"},
	[NOTE_UNLABELLED] = {"record without a label passed over",
			     "records without a label passed over"},
	[NOTE_NUMERIC] = {"label is a doccano label id, read as the label ",
			  "labels are doccano label ids, read as the label "},
	[NOTE_RENAMED] = {"label name read in Unicode NFC: ",
			  "label names read in Unicode NFC: "},
	[NOTE_PASSED] = {"result passed over: ", "results passed over: "},
	[NOTE_IDCLASH] = {"record whose id names an item with other text was matched by its text",
			  "records whose id names an item with other text were matched by their text"},
	[NOTE_SPAN_SPACE] = {"span whose text differs from the text at its offsets only by white space around it (the offsets were taken): ",
			     "spans whose text differs from the text at their offsets only by white space around it (the offsets were taken): "},
	[NOTE_PARTS] = {"discontinuous span kept as its parts, each a span of its label",
			"discontinuous spans kept as their parts, each a span of its label"},
	[NOTE_DROPPED_TAGS] = {"tag of a multiword token line or an empty node not read (stet tags the words)",
			       "tags of multiword token lines and empty nodes not read (stet tags the words)"},
};

void ann_notes_report(const struct ann_notes *an, const char *file,
		      void (*on_note)(void *ctx, const char *msg), void *ctx)
{
	struct stet_buf b;

	if (on_note == NULL)
		return;
	stet_buf_init(&b);
	for (int k = 0; k < NOTE_COUNT; k++) {
		const struct ann_note_state *ns = &an->k[k];
		bool one = ns->n == 1;

		if (ns->n == 0)
			continue;
		stet_buf_reset(&b);
		stet_buf_printf(&b, "%s: %llu %s", file,
				(unsigned long long)ns->n, what[k][!one]);
		if (k == NOTE_REJECT_SKIP) {
			details(&b, ns, "");
			stet_buf_adds(&b, " (add ");
			details(&b, ns, "not-");
			stet_buf_adds(&b, one ? " to the schema to keep it)" :
				      " to the schema to keep them)");
		} else if (k == NOTE_NUMERIC) {
			/* The names are the distinct ids, fewer than the
			 * labels read when an id comes back. */
			bool one_id = ns->ndetails == 1 && !ns->more;

			stet_buf_adds(&b, one_id ? "name " : "names ");
			details(&b, ns, "");
			stet_buf_adds(&b, one_id ?
				      " (rename it with stet schema --rename ID=NAME)" :
				      " (rename them with stet schema --rename ID=NAME)");
		} else {
			details(&b, ns, "");
		}
		on_note(ctx, b.data);
	}
	stet_buf_free(&b);
}
