/* Suggestions (stet/suggest.h) and what a session records of them
 * (stet/labeling.h): the seeded draw, the suggestion read for an item
 * in each schema, SHOWN, HIDDEN and NONE in the stored LABEL event, the
 * project's options under the session's, and the options' checks. */
#include "unit.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/item.h"
#include "stet/labeling.h"
#include "stet/options.h"
#include "stet/predict.h"
#include "stet/project.h"
#include "stet/suggest.h"
#include "items.h"
#include "tmpdir.h"

/* The draw against an independent computation of it (splitmix64 in
 * Python): u(item 1, annotator 1, seed 1) = 0.4397849393639228, and
 * u(2, 1, 1) = 0.7190726062412859, u(1, 2, 1) = 0.5381884346981914,
 * u(1, 1, 7) = 0.38630104042438296. A rate shows the item when u is
 * below it. */
static void draw_is_pinned(void **state)
{
	(void)state;
	assert_true(stet_suggest_drawn(1, 1, 1, 0.44));
	assert_false(stet_suggest_drawn(1, 1, 1, 0.4397));
	assert_true(stet_suggest_drawn(2, 1, 1, 0.72));
	assert_false(stet_suggest_drawn(2, 1, 1, 0.719));
	/* Another annotator, another seed: another draw. */
	assert_false(stet_suggest_drawn(1, 2, 1, 0.538));
	assert_true(stet_suggest_drawn(1, 2, 1, 0.539));
	assert_true(stet_suggest_drawn(1, 1, 7, 0.387));
	assert_false(stet_suggest_drawn(1, 1, 7, 0.386));
}

/* Over 100,000 items a rate R shows about R of them: the count is
 * binomial, sd = sqrt(100000 R (1 - R)) <= 158, and the bound is
 * 5 sd = 790 (the draw is fixed, so this either always holds or never).
 * 0 shows none and 1 shows all. */
static void draw_keeps_the_rate(void **state)
{
	static const double rates[] = {0, 0.1, 0.5, 0.9, 1};
	const uint64_t n = 100000;

	(void)state;
	for (size_t r = 0; r < sizeof rates / sizeof *rates; r++) {
		uint64_t shown = 0;
		double want = rates[r] * (double)n;

		for (uint64_t item = 1; item <= n; item++)
			shown += stet_suggest_drawn(item, 3, 42, rates[r]);
		if (rates[r] == 0 || rates[r] == 1)
			assert_int_equal(shown, (uint64_t)want);
		else
			assert_true(shown > want - 790 && shown < want + 790);
	}
}

static int add_items(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	static const char *const ext[] = {"r1", "r2", "r3"};

	(void)ctx;
	for (size_t i = 0; i < 3; i++)
		if (test_text_item_add(txn, ext[i], ext[i], NULL, err) !=
		    STET_OK)
			return STET_ERR;
	return STET_OK;
}

/* Model "m" (version 1) on items 1 and 2 of POS (1), NEG (2), NEU (3):
 * item 1 by the label form, POS 0.9; item 2 by the scores form, POS 0.6,
 * NEG 0.7, NEU 0.2; item 3 none. */
static int add_model(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct stet_prediction one = {.version = 1, .n = 1, .labels = {1},
				      .scores = {0.9}};
	struct stet_prediction two = {.version = 1, .all = true, .n = 3,
				      .labels = {1, 2, 3},
				      .scores = {0.6, 0.7, 0.2}};
	struct stet_model m;
	bool replaced;

	(void)ctx;
	if (stet_model_begin(txn, "m", STET_MODEL_OUTSIDE, 1000, &m, err) !=
	    STET_OK)
		return STET_ERR;
	if (stet_prediction_put(txn, &m, 1, &one, &replaced, err) != STET_OK ||
	    stet_prediction_put(txn, &m, 2, &two, &replaced, err) != STET_OK ||
	    stet_model_put(txn, &m, err) != STET_OK) {
		stet_model_clear(&m);
		return STET_ERR;
	}
	stet_model_clear(&m);
	return STET_OK;
}

static struct stet_store *project(const char *name, bool multi)
{
	struct stet_store *st = NULL;
	struct stet_schema s;
	struct stet_error err = {0};
	const char *path = tmp_path(name);

	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "POS,NEG,NEU", &err),
			 STET_OK);
	s.multi = multi;
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, add_items, NULL, &err) != STET_OK ||
	    stet_store_write(st, add_model, NULL, &err) != STET_OK)
		fail_msg("items and model: %s", err.msg);
	return st;
}

static void open_as(struct stet_labeling *l, struct stet_store *st,
		    const char *who, const char *model, double rate)
{
	struct stet_labeling_opts o = {
		.annotator = who, .order = STET_ORDER_SEQUENTIAL, .seed = 1,
		.suggest_given = model != NULL, .suggest = model,
		.suggest_rate_given = rate >= 0, .suggest_rate = rate,
	};
	struct stet_error err = {0};

	if (stet_labeling_open(l, st, &o, &err) != STET_OK)
		fail_msg("open: %s", err.msg);
}

/* Shows the item at pos (as the screen does) and labels it with label;
 * the stored event comes back in *ev. */
static void show_and_label(struct stet_labeling *l, uint64_t pos,
			   uint32_t label, struct stet_event *ev)
{
	struct stet_error err = {0};
	struct stet_current cur;
	struct stet_item it;
	struct stet_txn *txn;
	bool skipped;

	stet_item_init(&it);
	assert_int_equal(stet_labeling_get(l, pos, &it, &cur, &skipped, &err),
			 STET_OK);
	stet_item_clear(&it);
	assert_int_equal(stet_labeling_record(l, pos, STET_ACT_LABEL, &label,
					      1, NULL, 800, NULL, &err),
			 STET_OK);
	memset(ev, 0, sizeof *ev);
	assert_int_equal(stet_txn_begin_read(l->st, &txn, &err), STET_OK);
	assert_int_equal(stet_event_get(txn, l->done[l->ndone - 1].event, ev,
					&err), STET_OK);
	stet_txn_end(txn);
}

static void close_labeling(struct stet_labeling *l)
{
	struct stet_error err = {0};

	assert_int_equal(stet_labeling_close(l, &err), STET_OK);
}

/* Shown: the label and score of the prediction, its model and version,
 * in the stored event whatever the annotator chose; an item without a
 * prediction: NONE. */
static void shown_is_recorded(void **state)
{
	struct stet_store *st = project("shown.stet", false);
	struct stet_labeling l;
	struct stet_event ev;

	(void)state;
	open_as(&l, st, "ana", "m", 1);
	assert_true(l.suggester.on);
	show_and_label(&l, 0, 2, &ev);
	assert_int_equal(ev.suggestion.state, STET_SUGGEST_SHOWN);
	assert_string_equal(ev.suggestion.model, "m");
	assert_int_equal(ev.suggestion.version, 1);
	assert_int_equal(ev.suggestion.nlabels, 1);
	assert_int_equal(ev.suggestion.labels[0], 1);
	assert_true(ev.suggestion.score == 0.9);
	assert_int_equal(ev.labels[0], 2); /* overridden: NEG, not POS */
	stet_event_clear(&ev);
	/* Single-label: the top of the scores, NEG at 0.7. */
	show_and_label(&l, 1, 2, &ev);
	assert_int_equal(ev.suggestion.state, STET_SUGGEST_SHOWN);
	assert_int_equal(ev.suggestion.nlabels, 1);
	assert_int_equal(ev.suggestion.labels[0], 2);
	assert_true(ev.suggestion.score == 0.7);
	stet_event_clear(&ev);
	show_and_label(&l, 2, 3, &ev);
	assert_int_equal(ev.suggestion.state, STET_SUGGEST_NONE);
	stet_event_clear(&ev);
	close_labeling(&l);
	stet_store_close(st);
}

/* A rate of 0 hides every suggestion, and the event keeps what it
 * would have been; a label of an item not read by get carries none. */
static void hidden_is_recorded(void **state)
{
	struct stet_store *st = project("hidden.stet", false);
	struct stet_error err = {0};
	struct stet_labeling l;
	struct stet_event ev;
	struct stet_txn *txn;
	uint32_t pos_label = 1;

	(void)state;
	open_as(&l, st, "bo", "m", 0);
	show_and_label(&l, 0, 1, &ev);
	assert_int_equal(ev.suggestion.state, STET_SUGGEST_HIDDEN);
	assert_string_equal(ev.suggestion.model, "m");
	assert_int_equal(ev.suggestion.labels[0], 1);
	assert_true(ev.suggestion.score == 0.9);
	stet_event_clear(&ev);
	/* Item 2 (position 1) never shown by get: its label says nothing
	 * of item 1's suggestion. */
	assert_int_equal(stet_labeling_record(&l, 1, STET_ACT_LABEL,
					      &pos_label, 1, NULL, 5, NULL,
					      &err), STET_OK);
	memset(&ev, 0, sizeof ev);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_event_get(txn, l.done[l.ndone - 1].event, &ev,
					&err), STET_OK);
	stet_txn_end(txn);
	assert_int_equal(ev.suggestion.state, STET_SUGGEST_NONE);
	stet_event_clear(&ev);
	close_labeling(&l);
	stet_store_close(st);
}

/* Multi-label: the labels scored above one half (POS 0.6, NEG 0.7; not
 * NEU 0.2), and the top score. */
static void multi_suggests_the_set(void **state)
{
	struct stet_store *st = project("multi.stet", true);
	struct stet_labeling l;
	struct stet_event ev;

	(void)state;
	open_as(&l, st, "cy", "m", 1);
	show_and_label(&l, 1, 3, &ev);
	assert_int_equal(ev.suggestion.state, STET_SUGGEST_SHOWN);
	assert_int_equal(ev.suggestion.nlabels, 2);
	assert_int_equal(ev.suggestion.labels[0], 1);
	assert_int_equal(ev.suggestion.labels[1], 2);
	assert_true(ev.suggestion.score == 0.7);
	stet_event_clear(&ev);
	close_labeling(&l);
	stet_store_close(st);
}

static int set_option(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	const char *const *nv = ctx;

	return stet_option_set(txn, nv[0], nv[1], err);
}

/* The project's options stand unless the session gives its own; off
 * turns the project's model off; a model the project lacks is refused
 * when set and when a session asks for it, naming it. */
static void options_and_sessions(void **state)
{
	struct stet_store *st = project("options.stet", false);
	const char *model[] = {"suggest", "m"}, *rate[] = {"suggest_rate", "0.25"};
	const char *missing[] = {"suggest", "gone"};
	struct stet_error err = {0};
	struct stet_labeling_opts o = {
		.annotator = "dee", .order = STET_ORDER_SEQUENTIAL,
		.suggest_given = true, .suggest = "gone",
	};
	struct stet_labeling l;

	(void)state;
	assert_int_equal(stet_store_write(st, set_option, missing, &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "no model \"gone\""));
	assert_int_equal(stet_store_write(st, set_option, model, &err), STET_OK);
	assert_int_equal(stet_store_write(st, set_option, rate, &err), STET_OK);
	open_as(&l, st, "dee", NULL, -1);
	assert_true(l.suggester.on);
	assert_string_equal(l.suggester.name, "m");
	assert_true(l.suggester.rate == 0.25);
	close_labeling(&l);
	open_as(&l, st, "dee", "off", 1);
	assert_false(l.suggester.on);
	close_labeling(&l);
	assert_int_equal(stet_labeling_open(&l, st, &o, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "no model \"gone\""));
	close_labeling(&l);
	stet_store_close(st);
}

static void option_values(void **state)
{
	static const char *const good_rates[] = {"0", "1", "0.5", ".25", "1.0"};
	static const char *const bad_rates[] = {"-0.1", "1.01", "abc", "",
						"0.5x", "nan", "inf", "+0.5"};
	struct stet_error err = {0};

	(void)state;
	for (size_t i = 0; i < sizeof good_rates / sizeof *good_rates; i++)
		assert_int_equal(stet_option_check("suggest_rate", good_rates[i],
						   &err), STET_OK);
	for (size_t i = 0; i < sizeof bad_rates / sizeof *bad_rates; i++)
		assert_int_equal(stet_option_check("suggest_rate", bad_rates[i],
						   &err), STET_ERR);
	assert_int_equal(stet_option_check("suggest", "off", &err), STET_OK);
	assert_int_equal(stet_option_check("suggest", "spacy", &err), STET_OK);
	assert_int_equal(stet_option_check("suggest", "spacy@3", &err),
			 STET_ERR);
}

/* The words of the screen's line: labels by name (#ID for one the
 * schema lacks), joined by +, the top score to two places, the model
 * and version; a multi-label prediction with nothing above one half
 * says so. */
static void text_of_a_suggestion(void **state)
{
	struct stet_suggestion one = {.state = STET_SUGGEST_SHOWN,
				      .model = "spacy", .version = 3,
				      .labels = {1}, .nlabels = 1,
				      .score = 0.914};
	struct stet_suggestion set = {.state = STET_SUGGEST_SHOWN,
				      .model = "m", .version = 12,
				      .labels = {2, 9}, .nlabels = 2,
				      .score = 0.7};
	struct stet_suggestion none = {.state = STET_SUGGEST_SHOWN,
				       .model = "m", .version = 1,
				       .score = 0.43};
	struct stet_error err = {0};
	struct stet_schema sc;
	char out[256];

	(void)state;
	stet_schema_init(&sc);
	assert_int_equal(stet_schema_from_list(&sc, "POS,NEG,NEU", &err),
			 STET_OK);
	stet_suggest_text(&one, &sc, out, sizeof out);
	assert_string_equal(out, "POS 0.91 (spacy@3)");
	stet_suggest_text(&set, &sc, out, sizeof out);
	assert_string_equal(out, "NEG+#9 0.70 (m@12)");
	stet_suggest_text(&none, &sc, out, sizeof out);
	assert_string_equal(out, "none above 0.5, top 0.43 (m@1)");
	/* Cut short, never past the buffer. */
	stet_suggest_text(&one, &sc, out, 5);
	assert_string_equal(out, "POS ");
	stet_schema_free(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(draw_is_pinned),
		cmocka_unit_test(draw_keeps_the_rate),
		cmocka_unit_test(shown_is_recorded),
		cmocka_unit_test(hidden_is_recorded),
		cmocka_unit_test(multi_suggests_the_set),
		cmocka_unit_test(options_and_sessions),
		cmocka_unit_test(option_values),
		cmocka_unit_test(text_of_a_suggestion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
