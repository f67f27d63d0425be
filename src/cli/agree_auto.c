/* stet agree's automation-bias part (stet/automation.h) as JSON: one
 * object per annotator and one for everyone, present only when some
 * standing label's event says what a model suggested. */
#include "agree_auto.h"
#include "stet/automation.h"
#include "stet/route.h"

#include <math.h>

static json_t *number(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *interval(const struct stet_share *s)
{
	return json_pack("[o,o]", number(s->lo), number(s->hi));
}

static json_t *row_json(const struct stet_automation_row *r, bool intervals)
{
	json_t *o = json_object();
	char words[1024];

	json_object_set_new(o, "suggestions_shown", json_integer((json_int_t)r->accepted.of));
	json_object_set_new(o, "accepted", json_integer((json_int_t)r->accepted.yes));
	json_object_set_new(o, "acceptance", number(r->accepted.value));
	json_object_set_new(o, "suggestions_hidden", json_integer((json_int_t)r->model_hidden.of));
	json_object_set_new(o, "model_agreement_shown", number(r->model_shown.value));
	json_object_set_new(o, "model_agreement_hidden", number(r->model_hidden.value));
	json_object_set_new(o, "difference", number(r->difference));
	json_object_set_new(o, "human_agreement_shown", number(r->humans_shown.value));
	json_object_set_new(o, "human_agreement_hidden", number(r->humans_hidden.value));
	json_object_set_new(o, "gold_items_shown", json_integer((json_int_t)r->gold_shown.of));
	json_object_set_new(o, "gold_accuracy_shown", number(r->gold_shown.value));
	json_object_set_new(o, "gold_items_hidden", json_integer((json_int_t)r->gold_hidden.of));
	json_object_set_new(o, "gold_accuracy_hidden", number(r->gold_hidden.value));
	json_object_set_new(o, "fast_acceptances", number(r->fast_accepts.value));
	if (intervals) {
		json_t *iv = json_object();

		json_object_set_new(iv, "acceptance", interval(&r->accepted));
		json_object_set_new(iv, "model_agreement_shown", interval(&r->model_shown));
		json_object_set_new(iv, "model_agreement_hidden", interval(&r->model_hidden));
		json_object_set_new(iv, "difference",
				    json_pack("[o,o]", number(r->diff_lo), number(r->diff_hi)));
		json_object_set_new(iv, "human_agreement_shown", interval(&r->humans_shown));
		json_object_set_new(iv, "human_agreement_hidden", interval(&r->humans_hidden));
		json_object_set_new(iv, "gold_accuracy_shown", interval(&r->gold_shown));
		json_object_set_new(iv, "gold_accuracy_hidden", interval(&r->gold_hidden));
		json_object_set_new(iv, "fast_acceptances", interval(&r->fast_accepts));
		json_object_set_new(o, "intervals", iv);
	}
	stet_automation_words(r, words, sizeof words);
	json_object_set_new(o, "summary", json_string(words));
	return o;
}

int agree_automation_json(struct stet_store *st,
			  const struct stet_ratings_opts *ro, unsigned boot,
			  uint64_t seed, json_t **out, struct stet_error *err)
{
	struct stet_automation_opts o = {
		.annotators = ro->annotators, .nannotators = ro->nannotators,
		.bootstrap = boot, .seed = seed,
	};
	struct stet_automation a;
	json_t *list;

	*out = NULL;
	if (stet_automation_load(st, &o, &a, err) != STET_OK)
		return STET_ERR;
	if (a.nrows == 0)
		return STET_OK;
	*out = json_object();
	list = json_object();
	for (size_t i = 0; i + 1 < a.nrows; i++)
		json_object_set_new(list, a.rows[i].name,
				    row_json(&a.rows[i], boot > 0));
	json_object_set_new(*out, "annotators", list);
	json_object_set_new(*out, "everyone", row_json(&a.rows[a.nrows - 1],
							boot > 0));
	stet_automation_free(&a);
	return STET_OK;
}

int agree_spot_json(struct stet_store *st, json_t **out,
		    struct stet_error *err)
{
	struct stet_spot_row *rows;
	struct stet_txn *txn;
	size_t n;
	int rc;

	*out = NULL;
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_spot_accuracy(txn, &rows, &n, err);
	stet_txn_end(txn);
	if (rc != STET_OK)
		return rc;
	if (n > 0)
		*out = json_object();
	for (size_t i = 0; i < n; i++) {
		const struct stet_spot_row *r = &rows[i];

		json_object_set_new(*out, r->annotator, json_pack(
			"{s:I, s:I, s:o, s:[o,o], s:I}",
			"checks", (json_int_t)r->checks,
			"agree", (json_int_t)r->agree,
			"accuracy", number(r->accuracy),
			"interval", number(r->checks ? r->lo : NAN),
			number(r->checks ? r->hi : NAN),
			"waiting", (json_int_t)r->waiting));
	}
	stet_spot_rows_free(rows, n);
	return STET_OK;
}
