/* Automation bias from the events (stet/automation.h), on a project
 * small enough to count by hand: ana labels eight items of four words,
 * a model's POS suggested on each, shown on items 1-4 and hidden on
 * items 5-8; bo labels the same items with no suggestion; items 4 and 6
 * are gold. */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/automation.h"
#include "stet/gold.h"
#include "stet/item.h"
#include "stet/schema.h"
#include "stet/session_labels.h"
#include "stet/stats.h"
#include "stet/store.h"
#include "items.h"
#include "tmpdir.h"

enum { POS = 1, NEG = 2 };

struct label {
	uint32_t annotator; /* 1 ana, 2 bo */
	uint64_t item;
	uint32_t label;
	enum stet_suggest_state sug;
	uint32_t duration_ms;
};

static const struct label script[] = {
	/* ana, shown: takes POS on 1-3 (item 1 in 100 ms, under the
	 * 240 ms four words take at 1000 words a minute), NEG on 4. */
	{1, 1, POS, STET_SUGGEST_SHOWN, 100},
	{1, 2, POS, STET_SUGGEST_SHOWN, 1000},
	{1, 3, POS, STET_SUGGEST_SHOWN, 1000},
	{1, 4, NEG, STET_SUGGEST_SHOWN, 1000},
	/* ana, hidden: POS on 5 only; item 8 first POS, then NEG, which
	 * is what stands. */
	{1, 5, POS, STET_SUGGEST_HIDDEN, 1000},
	{1, 6, NEG, STET_SUGGEST_HIDDEN, 1000},
	{1, 7, NEG, STET_SUGGEST_HIDDEN, 1000},
	{1, 8, POS, STET_SUGGEST_HIDDEN, 1000},
	{1, 8, NEG, STET_SUGGEST_HIDDEN, 1000},
	/* bo, no suggestion. */
	{2, 1, POS, STET_SUGGEST_NONE, 1000},
	{2, 2, POS, STET_SUGGEST_NONE, 1000},
	{2, 3, NEG, STET_SUGGEST_NONE, 1000},
	{2, 4, NEG, STET_SUGGEST_NONE, 1000},
	{2, 5, POS, STET_SUGGEST_NONE, 1000},
	{2, 6, NEG, STET_SUGGEST_NONE, 1000},
	{2, 7, NEG, STET_SUGGEST_NONE, 1000},
	{2, 8, NEG, STET_SUGGEST_NONE, 1000},
};

static int fill(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	static const char *const names[] = {"ana", "bo"};
	struct stet_gold g4 = {{NEG}, 1}, g6 = {{POS}, 1};

	struct stet_schema sc;
	int rc;

	(void)ctx;
	stet_schema_init(&sc);
	rc = stet_schema_from_list(&sc, "POS,NEG", err);
	if (rc == STET_OK)
		rc = stet_schema_save(txn, &sc, err);
	stet_schema_free(&sc);
	if (rc != STET_OK)
		return rc;
	for (int i = 0; i < 2; i++) {
		struct stet_session s = {0};
		uint32_t id;
		bool created;

		/* Annotator i + 1, session i + 1, as the script has them. */
		if (stet_annotator_ensure(txn, names[i], STET_ROLE_ANNOTATOR,
					  &id, &created, err) != STET_OK)
			return STET_ERR;
		s.annotator = id;
		s.start_ms = 0;
		s.end_ms = 100000;
		if (stet_session_add(txn, &s, err) != STET_OK)
			return STET_ERR;
		assert_int_equal(s.id, id);
	}
	for (int i = 1; i <= 8; i++) {
		char id[8], text[32];

		snprintf(id, sizeof id, "i%d", i);
		snprintf(text, sizeof text, "four words, item %d", i);
		rc = test_text_item_add(txn, id, text, NULL, err);
		if (rc != STET_OK)
			return rc;
	}
	if (stet_gold_put(txn, 4, &g4, err) != STET_OK ||
	    stet_gold_put(txn, 6, &g6, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < sizeof script / sizeof *script; i++) {
		struct stet_event ev;

		memset(&ev, 0, sizeof ev);
		ev.action = STET_ACT_LABEL;
		ev.annotator = script[i].annotator;
		ev.session = script[i].annotator;
		ev.item = script[i].item;
		ev.labels[0] = script[i].label;
		ev.nlabels = 1;
		ev.duration_ms = script[i].duration_ms;
		ev.time_ms = 1000 * (int64_t)i;
		ev.schema_version = 1;
		ev.suggestion.state = script[i].sug;
		if (ev.suggestion.state != STET_SUGGEST_NONE) {
			strcpy(ev.suggestion.model, "m");
			ev.suggestion.version = 1;
			ev.suggestion.labels[0] = POS;
			ev.suggestion.nlabels = 1;
			ev.suggestion.score = 0.8;
		}
		if (stet_event_append(txn, &ev, err) != STET_OK)
			return STET_ERR;
	}
	return STET_OK;
}

static struct stet_store *project(void)
{
	struct stet_store *st;
	struct stet_error err = {0};
	const char *path = tmp_path("automation.stet");

	unlink(path);
	if (stet_store_open(path, STET_OPEN_CREATE, NULL, &st, &err) != STET_OK)
		fail_msg("create: %s", err.msg);
	if (stet_store_write(st, fill, NULL, &err) != STET_OK)
		fail_msg("fill: %s", err.msg);
	return st;
}

static void share(const struct stet_share *s, uint64_t yes, uint64_t of)
{
	assert_int_equal(s->of, of);
	assert_int_equal(s->yes, yes);
	assert_true(fabs(s->value - (double)yes / (double)of) < 1e-15);
}

static void counted_by_hand(void **state)
{
	struct stet_store *st = project();
	struct stet_automation_opts o = {0};
	struct stet_automation a;
	struct stet_error err = {0};
	const struct stet_automation_row *r;
	char words[512];

	(void)state;
	assert_int_equal(stet_automation_load(st, &o, &a, &err), STET_OK);
	/* ana's row and everyone's: bo had no suggestion. */
	assert_int_equal(a.nrows, 2);
	r = &a.rows[0];
	assert_string_equal(r->name, "ana");
	share(&r->accepted, 3, 4);     /* POS taken on 1, 2, 3 of 1-4 */
	share(&r->model_shown, 3, 4);
	share(&r->model_hidden, 1, 4); /* POS on 5 of 5-8; 8 stands NEG */
	assert_true(fabs(r->difference - 0.5) < 1e-15);
	/* With bo: 1, 2 and 4 alike of 1-4; all of 5-8 alike. */
	share(&r->humans_shown, 3, 4);
	share(&r->humans_hidden, 4, 4);
	share(&r->gold_shown, 1, 1);   /* item 4: NEG, the answer */
	share(&r->gold_hidden, 0, 1);  /* item 6: NEG, the answer POS */
	share(&r->fast_accepts, 1, 3); /* item 1, 100 ms < 240 ms */
	assert_true(isnan(r->accepted.lo) && isnan(r->diff_hi));
	assert_null(a.rows[1].name);
	share(&a.rows[1].accepted, 3, 4);
	stet_automation_words(r, words, sizeof words);
	assert_string_equal(words,
		"ana accepted 75% of the suggestions shown (3 of 4); with the suggestion hidden, ana agreed with the model 25% of the time (1 of 4)");
	stet_automation_free(&a);

	/* Only bo: nothing to say. */
	{
		const char *const only[] = {"bo"};

		o.annotators = only;
		o.nannotators = 1;
		assert_int_equal(stet_automation_load(st, &o, &a, &err),
				 STET_OK);
		assert_int_equal(a.nrows, 0);
		stet_automation_free(&a);
	}
	stet_store_close(st);
}

static void bootstrap_intervals(void **state)
{
	struct stet_store *st = project();
	struct stet_automation_opts o = {.bootstrap = 400, .seed = 7};
	struct stet_automation a, b;
	struct stet_error err = {0};
	const struct stet_automation_row *r;

	(void)state;
	assert_int_equal(stet_automation_load(st, &o, &a, &err), STET_OK);
	r = &a.rows[0];
	/* Percentiles of resampled shares: within [0, 1], around the
	 * figure; the difference within [-1, 1]. */
	assert_true(r->accepted.lo >= 0 && r->accepted.lo <= 0.75 &&
		    r->accepted.hi >= 0.75 && r->accepted.hi <= 1);
	assert_true(r->diff_lo >= -1 && r->diff_lo <= 0.5 &&
		    r->diff_hi >= 0.5 && r->diff_hi <= 1);
	/* The same seed, the same intervals. */
	assert_int_equal(stet_automation_load(st, &o, &b, &err), STET_OK);
	assert_true(b.rows[0].accepted.lo == r->accepted.lo &&
		    b.rows[0].diff_hi == r->diff_hi);
	stet_automation_free(&a);
	stet_automation_free(&b);
	stet_store_close(st);
}

/* stet stats' quarters of ana's session: eight items, two a quarter;
 * suggestions shown on items 1-4, taken on 1-3. */
static void acceptance_by_quarter(void **state)
{
	struct stet_store *st = project();
	struct stet_session_labels_opts lo = {.session = 1, .standing = true,
					      .words = true};
	struct stet_session_labels sl;
	struct stet_session_stats ss;
	struct stet_stats_opts o;
	struct stet_error err = {0};

	(void)state;
	if (stet_session_labels_load(st, &lo, &sl, &err) != STET_OK)
		fail_msg("load: %s", err.msg);
	assert_int_equal(sl.nsessions, 1);
	stet_stats_opts_init(&o);
	stet_session_stats(&sl, &sl.sessions[0], &o, &ss);
	assert_int_equal(ss.labeled, 8);
	assert_true(ss.pace.q[0].acceptance == 1);   /* items 1, 2 */
	assert_true(ss.pace.q[1].acceptance == 0.5); /* 3 taken, 4 not */
	assert_true(isnan(ss.pace.q[2].acceptance)); /* hidden */
	assert_true(isnan(ss.pace.q[3].acceptance));
	stet_session_stats_free(&ss);
	stet_session_labels_free(&sl);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counted_by_hand),
		cmocka_unit_test(bootstrap_intervals),
		cmocka_unit_test(acceptance_by_quarter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
