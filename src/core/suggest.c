/* Suggestions: see stet/suggest.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "stet/mix.h"
#include "stet/predict.h"
#include "stet/routes.h"
#include "stet/suggest.h"

bool stet_suggest_off(const char *name)
{
	return name == NULL || *name == '\0' || strcmp(name, "off") == 0;
}

int stet_suggester_open(struct stet_txn *txn, struct stet_suggester *sr,
			const char *name, double rate, uint64_t seed,
			uint32_t annotator, struct stet_error *err)
{
	struct stet_model m;
	int rc;

	memset(sr, 0, sizeof *sr);
	if (stet_suggest_off(name))
		return STET_OK;
	memset(&m, 0, sizeof m);
	rc = stet_model_get(txn, name, &m, err);
	if (rc == STET_NOTFOUND)
		return stet_error_set(err, STET_ERR,
				      "no model \"%s\" to suggest labels in this project (stet info lists its models; stet import-predictions adds one)",
				      name);
	if (rc != STET_OK)
		return STET_ERR;
	sr->on = true;
	sr->model = m.id;
	snprintf(sr->name, sizeof sr->name, "%s", m.name);
	sr->rate = rate;
	sr->seed = seed;
	sr->annotator = annotator;
	stet_model_clear(&m);
	return STET_OK;
}

bool stet_suggest_drawn(uint64_t item, uint32_t annotator, uint64_t seed,
			double rate)
{
	uint64_t h = stet_mix64(seed ^ stet_mix64(item ^
				stet_mix64((uint64_t)annotator)));
	/* The top 53 bits: every double in [0, 1) a step of 2^-53 apart,
	 * so that rate 1 always shows and rate 0 never does. */
	double u = (double)(h >> 11) * (1.0 / 9007199254740992.0);

	return u < rate;
}

size_t stet_suggest_labels(const struct stet_prediction *p,
			   const struct stet_schema *schema,
			   uint32_t labels[STET_SUGGEST_MAX])
{
	uint32_t top;
	size_t n = 0;

	stet_prediction_top(p, &top);
	if (schema->multi) {
		for (size_t i = 0; i < p->n && n < STET_SUGGEST_MAX; i++)
			if (p->scores[i] > 0.5 &&
			    stet_schema_find_id(schema, p->labels[i]) != NULL)
				labels[n++] = p->labels[i];
	} else if (top != 0 && stet_schema_find_id(schema, top) != NULL) {
		labels[n++] = top;
	}
	return n;
}

int stet_suggest_read(struct stet_txn *txn, const struct stet_suggester *sr,
		      const struct stet_schema *schema, uint64_t item,
		      struct stet_suggestion *sg, struct stet_error *err)
{
	struct stet_prediction p;
	struct stet_route route;
	uint32_t top;
	int rc;

	memset(sg, 0, sizeof *sg);
	if (!sr->on)
		return STET_OK;
	rc = stet_prediction_get(txn, sr->model, item, &p, err);
	if (rc == STET_NOTFOUND)
		return STET_OK;
	if (rc != STET_OK)
		return STET_ERR;
	sg->score = stet_prediction_top(&p, &top);
	if (top == 0)
		return STET_OK;
	sg->nlabels = stet_suggest_labels(&p, schema, sg->labels);
	/* Its label is gone from the schema: nothing to suggest. */
	if (!schema->multi && sg->nlabels == 0)
		return STET_OK;
	/* A spot check (stet route) is there for a person's own look at
	 * what a model decided: no suggestion may lead it, nor may it
	 * count among the suggestions hidden by the draw. */
	rc = stet_route_get(txn, item, &route, err);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return STET_ERR;
	if (route.band == STET_BAND_SPOT) {
		memset(sg, 0, sizeof *sg);
		return STET_OK;
	}
	snprintf(sg->model, sizeof sg->model, "%s", sr->name);
	sg->version = p.version;
	sg->state = stet_suggest_drawn(item, sr->annotator, sr->seed,
				       sr->rate) ?
		STET_SUGGEST_SHOWN : STET_SUGGEST_HIDDEN;
	return STET_OK;
}

void stet_suggest_text(const struct stet_suggestion *sg,
		       const struct stet_schema *schema, char *out,
		       size_t len)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sg->nlabels && o < len; i++) {
		const struct stet_label *l =
			stet_schema_find_id(schema, sg->labels[i]);
		int w;

		if (l != NULL)
			w = snprintf(out + o, len - o, "%s%s", i ? "+" : "",
				     l->name);
		else
			w = snprintf(out + o, len - o, "%s#%" PRIu32,
				     i ? "+" : "", sg->labels[i]);
		if (w < 0)
			return;
		o += (size_t)w;
	}
	if (o >= len)
		return;
	snprintf(out + o, len - o, "%s%.2f (%s@%" PRIu64 ")",
		 sg->nlabels ? " " : "none above 0.5, top ", sg->score,
		 sg->model, sg->version);
}
