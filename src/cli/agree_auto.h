/* stet agree's report on automation bias (stet/automation.h). */
#ifndef STET_AGREE_AUTO_H
#define STET_AGREE_AUTO_H

#include <stdint.h>

#include <jansson.h>

#include "stet/error.h"
#include "stet/ratings.h"
#include "stet/store.h"

/* *out NULL, and the report has no such key, when no standing label's
 * event says what a model suggested. boot resamples give intervals. */
int agree_automation_json(struct stet_store *st,
			  const struct stet_ratings_opts *ro, unsigned boot,
			  uint64_t seed, json_t **out, struct stet_error *err);

/* The accuracy of each model that routed items (stet route) on its
 * spot checks: {"model:NAME": {"checks", "agree", "accuracy",
 * "interval": [lo, hi] (95% Wilson), "waiting"}}. *out NULL, and the
 * report has no such key, when no spot check stands. */
int agree_spot_json(struct stet_store *st, json_t **out,
		    struct stet_error *err);

#endif
