/* Putting a model's predictions in a project from a test: one run of
 * the model per call, as stet import-predictions makes one. */
#ifndef STET_TEST_PREDICTIONS_H
#define STET_TEST_PREDICTIONS_H

#include <string.h>

#include "stet/predict.h"

struct test_pred {
	uint64_t item;
	size_t n;
	uint32_t labels[3];
	double scores[3];
};

/* A run of model name with n predictions, inside the caller's write. */
static int test_predictions_put(struct stet_txn *txn, const char *name,
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

#endif
