/* Models and their predictions. A model is a name (an outside model's,
 * "import" for the scores that came with the items, or stet's own
 * learner's), a small id, and a version that grows by one on every
 * import or training run. A prediction is what one model said of one
 * item: a score in [0, 1] for one label (the "label"/"score" form) or
 * for every label it named (the "scores" form), and the version that
 * wrote it; a later version replaces an item's prediction and leaves
 * the other items' as they were.
 *
 * `models`: model name -> record (stet(5)); `predictions`: model id
 * (4 bytes, big-endian) + item id (8) -> record, so that one model's
 * predictions are one run of keys in item order. */
#ifndef STET_PREDICT_H
#define STET_PREDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/store.h"

enum stet_model_kind {
	STET_MODEL_OUTSIDE = 0, /* predictions imported from a file */
	STET_MODEL_LEARNER = 1  /* stet learn */
};

struct stet_model {
	uint32_t id;
	char *name;
	uint64_t version;   /* 0 before the first run */
	int64_t updated_ms; /* the last run */
	uint64_t items;     /* items with a prediction of this model */
	enum stet_model_kind kind;
};

struct stet_prediction {
	uint64_t version; /* the model's version that wrote it */
	bool all;         /* scores for every label the model named */
	size_t n;
	uint32_t labels[STET_MAX_LABELS];
	double scores[STET_MAX_LABELS];
};

#define STET_PREDICTION_KEY 12

/* A model name follows the name rule of annotators (stet/name.h) and
 * holds no '@', which joins it to its version ("spacy@3"). */
int stet_model_name_check(const char *name, struct stet_error *err);

/* Every model, in name order. *out is freed with stet_models_free. */
int stet_models_load(struct stet_txn *txn, struct stet_model **out,
		     size_t *n, struct stet_error *err);
void stet_models_free(struct stet_model *m, size_t n);
void stet_model_clear(struct stet_model *m);

/* The model named name (STET_NOTFOUND when there is none). */
int stet_model_get(struct stet_txn *txn, const char *name,
		   struct stet_model *m, struct stet_error *err);
/* Starts a run of the model named name: makes it (with the next free
 * id) when there is none, and takes its version one up, stamped now_ms.
 * STET_ERR when a model of that name is of another kind.
 * The caller puts predictions at m->version, then stet_model_put. */
int stet_model_begin(struct stet_txn *txn, const char *name,
		     enum stet_model_kind kind, int64_t now_ms,
		     struct stet_model *m, struct stet_error *err);
int stet_model_put(struct stet_txn *txn, const struct stet_model *m,
		   struct stet_error *err);

/* Puts model's prediction on item; *replaced says an earlier one was
 * there (the model's item count grows otherwise). */
int stet_prediction_put(struct stet_txn *txn, struct stet_model *m,
			uint64_t item, const struct stet_prediction *p,
			bool *replaced, struct stet_error *err);
/* STET_NOTFOUND when the model has no prediction on item. */
int stet_prediction_get(struct stet_txn *txn, uint32_t model, uint64_t item,
			struct stet_prediction *p, struct stet_error *err);
int stet_prediction_decode(const void *val, size_t vlen,
			   struct stet_prediction *p, struct stet_error *err);
void stet_prediction_key(unsigned char key[STET_PREDICTION_KEY],
			 uint32_t model, uint64_t item);

/* The label the prediction scores highest (the first of equals) and its
 * score; *label 0 when it has none. */
double stet_prediction_top(const struct stet_prediction *p, uint32_t *label);

/* Reading a model's predictions in (predict_in.c): JSONL, one object a
 * line, {"item": ID, "label": L, "score": S} or {"item": ID, "scores":
 * {L: S, ...}}, other keys ignored; path "-" is standard input. The
 * whole file is one run of the model, written in one transaction, or
 * nothing is written: a line that is not such an object, a score that
 * is not a number in [0, 1], an item twice, and (unless ignore_unknown)
 * an item or a label the project does not have, is an error
 * "FILE:LINE: ...". */
struct stet_predictions_opts {
	const char *model;
	bool ignore_unknown; /* skip unknown items and labels, counted */
};

struct stet_predictions_result {
	uint64_t version;        /* of the model, this run's */
	uint64_t records;        /* predictions read */
	uint64_t added, replaced;
	uint64_t unknown_items;  /* records skipped (ignore_unknown) */
	uint64_t unknown_labels; /* scores skipped (ignore_unknown) */
	uint64_t emptied;        /* records left with no known label */
};

int stet_predictions_import(struct stet_store *st, const char *path,
			    const struct stet_predictions_opts *o,
			    struct stet_predictions_result *res,
			    struct stet_error *err);

#endif
