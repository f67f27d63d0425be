/* Putting a model's predictions in a project from a test: one run of
 * the model per call, as stet import-predictions makes one. */
#ifndef STET_TEST_PREDICTIONS_H
#define STET_TEST_PREDICTIONS_H

#include <stdlib.h>
#include <string.h>

#include "stet/options.h"
#include "stet/predict.h"
#include "stet/queue.h"

struct test_pred {
	uint64_t item;
	size_t n;
	uint32_t labels[3];
	double scores[3];
};

/* A run of model name with n predictions, inside the caller's write. */
static inline int test_predictions_put(struct stet_txn *txn, const char *name,
				const struct test_pred *preds, size_t n,
				struct stet_error *err)
{
	struct stet_model m;
	int rc = stet_model_begin(txn, name, STET_MODEL_OUTSIDE, 1000, &m,
				  err);

	for (size_t i = 0; rc == STET_OK && i < n; i++) {
		struct stet_prediction p;
		bool replaced;

		memset(&p, 0, sizeof p);
		p.version = m.version;
		p.n = preds[i].n;
		memcpy(p.labels, preds[i].labels, p.n * sizeof *p.labels);
		memcpy(p.scores, preds[i].scores, p.n * sizeof *p.scores);
		rc = stet_prediction_put(txn, &m, preds[i].item, &p, &replaced,
					 err);
	}
	if (rc == STET_OK)
		rc = stet_model_put(txn, &m, err);
	stet_model_clear(&m);
	return rc;
}

/* A run of model name scoring the first label on two items in three
 * of 1..n (those not divisible by 3), the scores scattered over
 * [0, 1). */
static inline int test_predictions_scatter(struct stet_txn *txn, const char *name,
				    uint64_t n, struct stet_error *err)
{
	struct test_pred *p = stet_xcalloc(n ? n : 1, sizeof *p);
	size_t k = 0;
	int rc;

	for (uint64_t i = 1; i <= n; i++)
		if (i % 3 != 0)
			p[k++] = (struct test_pred){i, 1, {1},
						    {(double)(i * 37 % 100) / 100}};
	rc = test_predictions_put(txn, name, p, k, err);
	free(p);
	return rc;
}

/* What the project option order (named order) needs to serve items
 * 1..n: for uncertainty and score, model m's scattered scores; score
 * also draws 0.3 of its items at random (the option explore). */
static inline int test_predictions_for(struct stet_txn *txn,
				       const char *order, uint64_t n,
				       struct stet_error *err)
{
	enum stet_order o;

	if (stet_order_parse(order, &o) != 0 || !stet_order_predicted(o))
		return STET_OK;
	if (o == STET_ORDER_SCORE &&
	    stet_option_set(txn, "explore", "0.3", err) != STET_OK)
		return STET_ERR;
	return test_predictions_scatter(txn, "m", n, err);
}

#endif
