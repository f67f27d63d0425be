/* Suggestions on the label screen (stet label --suggest): which model
 * suggests, what it suggests for an item, and whether the item is one
 * of the share --suggest-rate shows it on. The suggestion of an item is
 * one get of the model's prediction in the read transaction that shows
 * the item: never a scan. */
#ifndef STET_SUGGEST_H
#define STET_SUGGEST_H

#include <stdbool.h>
#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/predict.h"
#include "stet/schema.h"
#include "stet/store.h"

/* The model a session takes suggestions from; on false: none. */
struct stet_suggester {
	bool on;
	uint32_t model; /* the model's id */
	char name[STET_SUGGEST_MODEL_MAX + 1];
	double rate;    /* the share of items it is shown on, 0..1 */
	uint64_t seed;  /* the project's seed */
	uint32_t annotator;
};

/* Whether name turns suggestions off: NULL, "" or "off". */
bool stet_suggest_off(const char *name);

/* Sets sr up for model name (off when stet_suggest_off), shown on a
 * share rate of the items; a model the project does not have is an
 * error that names it. */
int stet_suggester_open(struct stet_txn *txn, struct stet_suggester *sr,
			const char *name, double rate, uint64_t seed,
			uint32_t annotator, struct stet_error *err);

/* Whether the suggestion for item is shown to annotator: a draw u in
 * [0, 1) from stet_mix64 of the item id, the annotator id and the seed,
 * shown when u < rate. The same for the same three, on every machine,
 * so a rate of 0.5 shows it on about half the items, and always on the
 * same half for one annotator. */
bool stet_suggest_drawn(uint64_t item, uint32_t annotator, uint64_t seed,
			double rate);

/* The labels prediction p suggests: in a multi-label schema those it
 * scores above one half, else its top label; labels the schema no
 * longer has are left out. Returns how many. */
size_t stet_suggest_labels(const struct stet_prediction *p,
			   const struct stet_schema *schema,
			   uint32_t labels[STET_SUGGEST_MAX]);

/* What sr's model suggests for item: STET_SUGGEST_NONE when sr is off
 * or the model has no prediction of item; else its labels (in a
 * multi-label schema those scored above one half, else the top label;
 * labels the schema no longer has are left out), the top score and the
 * prediction's version, SHOWN or HIDDEN as stet_suggest_drawn says;
 * NONE on an item kept as a spot check of a model's routing
 * (stet/routes.h), which a person must judge unled. */
int stet_suggest_read(struct stet_txn *txn, const struct stet_suggester *sr,
		      const struct stet_schema *schema, uint64_t item,
		      struct stet_suggestion *sg, struct stet_error *err);

/* "POS 0.91 (spacy@3)", or "POS+NEG 0.91 (spacy@3)" for a set, "none
 * above 0.5" for an empty one: what the screen and stet log say. */
void stet_suggest_text(const struct stet_suggestion *sg,
		       const struct stet_schema *schema, char *out,
		       size_t len);

#endif
