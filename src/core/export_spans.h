/* Spans and token tags in exports (export.c): as JSON in items and
 * annotation records, offsets in the unit asked for. */
#ifndef STET_EXPORT_SPANS_H
#define STET_EXPORT_SPANS_H

#include <stdbool.h>

#include <jansson.h>

#include "stet/error.h"
#include "stet/item.h"
#include "stet/offsets.h"
#include "stet/schema.h"
#include "stet/spans.h"
#include "stet/store.h"

/* An annotator of the export, in the order items list them. */
struct export_who {
	uint32_t id;
	const char *name;
	bool used; /* CSV: has at least one standing label */
};

/* Adds "spans": {"ANNOTATOR": [{"start", "end", "label", "text"}]} to
 * the item's JSON object o for every annotator with a standing set,
 * offsets in unit, and "tags": {"ANNOTATOR": ["TAG", ...]} for sets of
 * token tags. Nothing when no one marked the item. */
int export_item_spans(struct stet_txn *txn, const struct stet_schema *schema,
		      const struct stet_item *it, enum stet_unit unit,
		      const struct export_who *who, size_t nwho, json_t *o,
		      struct stet_error *err);

/* With --final: "final_spans": [{"start", "end", "label", "text"}] of
 * the lead's decision on the item's spans, "final_tags": ["TAG" or
 * null, ...] when it is a set of token tags, "final_spans": null when
 * there is none. Nothing in a schema without span or token labels. */
int export_final_spans(struct stet_txn *txn, const struct stet_schema *schema,
		       const struct stet_item *it, enum stet_unit unit,
		       json_t *o, struct stet_error *err);

/* [[start, end, "LABEL"], ...] of a set in the item's text, offsets in
 * unit: the "spans" of an annotation record. */
int export_span_list(const struct stet_schema *schema,
		     const struct stet_item *it, enum stet_unit unit,
		     const struct stet_span *v, size_t n, json_t **out,
		     struct stet_error *err);

/* Whether every span of v is a tag (a token label's) and there is one:
 * the set is written as "tags". */
bool export_all_tags(const struct stet_schema *schema,
		     const struct stet_span *v, size_t n);
/* ["TAG", null, ...]: one entry a token of the item, null where none. */
json_t *export_tag_list(const struct stet_schema *schema,
			const struct stet_item *it, const struct stet_span *v,
			size_t n);

/* A span set as a Prodigy manual answer, as db-out writes one: text,
 * tokens ({text, start, end, id, ws}), spans ({start, end, text,
 * token_start, token_end (the last token), label}), "_view_id"
 * ner_manual (pos_manual for tags), "answer": "accept". The caller adds
 * meta and the annotator's keys. */
json_t *export_prodigy_spans(const struct stet_schema *schema,
			     const struct stet_item *it,
			     const struct stet_span *v, size_t n);

/* A span set as a Prodigy manual answer, as db-out writes one: text,
 * tokens ({text, start, end, id, ws}), spans ({start, end, text,
 * token_start, token_end (the last token), label}), "_view_id"
 * ner_manual (pos_manual for tags), "answer": "accept". */
json_t *export_prodigy_spans(const struct stet_schema *schema,
			     const struct stet_item *it,
			     const struct stet_span *v, size_t n);

struct stet_event;

/* The Prodigy answer of a standing label (a choice answer) or span set
 * (export_prodigy.c), with meta.id and the annotator's and session's
 * names. */
json_t *export_prodigy_answer(const struct stet_schema *schema,
			      const struct stet_item *it,
			      const struct stet_event *ev,
			      const char *annotator, const char *session);

#endif
