/* What an import of annotations tells its user beyond the counts:
 * records passed over or read one way rather than another, counted per
 * kind with the first few distinct details named. */
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

void ann_notes_report(const struct ann_notes *an, const char *file,
		      void (*on_note)(void *ctx, const char *msg), void *ctx)
{
	static const char *const what[NOTE_COUNT] = {
		[NOTE_IGNORED] = "answers marked ignore recorded as skips",
		[NOTE_REJECT_CHOICE] = "rejected choice answers recorded as skips",
		[NOTE_REJECT_SKIP] = "rejects recorded as skips: the schema has no negative label for ",
		[NOTE_REJECT_UNLABEL] = "rejects withdrew the label the annotator had given",
		[NOTE_NONE_SKIP] = "answers with no label recorded as skips",
		[NOTE_NONE_UNLABEL] = "answers with no label withdrew the label the annotator had given",
		[NOTE_CANCELLED] = "cancelled annotations recorded as skips",
		[NOTE_UNLABELLED] = "records without a label passed over",
		[NOTE_NUMERIC] = "labels are doccano label ids, read as the label names ",
		[NOTE_RENAMED] = "label names read in Unicode NFC: ",
		[NOTE_PASSED] = "results passed over: ",
		[NOTE_IDCLASH] = "records whose id names an item with other text were matched by their text",
		[NOTE_SPAN_SPACE] = "spans whose text differs from the text at their offsets only by white space around it (the offsets were taken): ",
		[NOTE_PARTS] = "discontinuous spans kept as their parts, each a span of its label",
		[NOTE_DROPPED_TAGS] = "tags of multiword token lines and empty nodes not read (stet tags the words)",
	};
	struct stet_buf b;

	if (on_note == NULL)
		return;
	stet_buf_init(&b);
	for (int k = 0; k < NOTE_COUNT; k++) {
		const struct ann_note_state *ns = &an->k[k];

		if (ns->n == 0)
			continue;
		stet_buf_reset(&b);
		stet_buf_printf(&b, "%s: %llu %s", file,
				(unsigned long long)ns->n, what[k]);
		if (k == NOTE_REJECT_SKIP) {
			details(&b, ns, "");
			stet_buf_adds(&b, " (add ");
			details(&b, ns, "not-");
			stet_buf_adds(&b, " to the schema to keep them)");
		} else if (k == NOTE_NUMERIC) {
			details(&b, ns, "");
			stet_buf_adds(&b, " (rename them with stet schema --rename ID=NAME)");
		} else {
			details(&b, ns, "");
		}
		on_note(ctx, b.data);
	}
	stet_buf_free(&b);
}
