#include "unit.h"

#include <string.h>

#include <xxhash.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/store.h"
#include "tmpdir.h"

struct step {
	enum stet_action action;
	uint32_t label;   /* LABEL: one label id */
	uint64_t target;  /* UNDO: event id */
	uint64_t item;
};

struct run_ctx {
	const struct step *steps;
	size_t n;
	uint64_t last_id;
};

static int run_steps(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct run_ctx *rc = ctx;

	for (size_t i = 0; i < rc->n; i++) {
		struct stet_event ev;

		memset(&ev, 0, sizeof ev);
		ev.action = rc->steps[i].action;
		ev.item = rc->steps[i].item ? rc->steps[i].item : 7;
		ev.annotator = 1;
		ev.session = 1;
		ev.time_ms = 1000 * (int64_t)i;
		ev.target = rc->steps[i].target;
		if (ev.action == STET_ACT_LABEL ||
		    ev.action == STET_ACT_ADJUDICATE) {
			ev.labels[0] = rc->steps[i].label;
			ev.nlabels = 1;
		}
		if (stet_event_append(txn, &ev, err) != STET_OK)
			return STET_ERR;
		rc->last_id = ev.id;
	}
	return STET_OK;
}

/* The label standing for item 7, annotator 1: 0 when none. */
static uint32_t standing(struct stet_store *st)
{
	struct stet_txn *txn;
	struct stet_current cur;
	struct stet_error err = {0};
	int rc;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	rc = stet_current_get(txn, 7, 1, &cur, &err);
	stet_txn_end(txn);
	if (rc == STET_NOTFOUND)
		return 0;
	assert_int_equal(rc, STET_OK);
	assert_int_equal(cur.nlabels, 1);
	return cur.labels[0];
}

static struct stet_store *fresh(const char *name)
{
	struct stet_store *st;
	struct stet_error err = {0};

	assert_int_equal(stet_store_open(tmp_path(name), STET_OPEN_CREATE, NULL,
					 &st, &err), STET_OK);
	return st;
}

static void apply(struct stet_store *st, const struct step *steps, size_t n)
{
	struct run_ctx rc = {steps, n, 0};
	struct stet_error err = {0};

	if (stet_store_write(st, run_steps, &rc, &err) != STET_OK)
		fail_msg("%s", err.msg);
}

static void undo_restores_what_stood_before(void **state)
{
	struct stet_store *st = fresh("undo.stet");
	const struct step label_a = {STET_ACT_LABEL, 1, 0, 0};
	const struct step label_b = {STET_ACT_LABEL, 2, 0, 0};

	(void)state;
	apply(st, &label_a, 1);                 /* event 1 */
	apply(st, &label_b, 1);                 /* event 2 */
	assert_int_equal(standing(st), 2);
	apply(st, &(struct step){STET_ACT_UNDO, 0, 2, 0}, 1);   /* 3 */
	assert_int_equal(standing(st), 1);
	apply(st, &(struct step){STET_ACT_UNDO, 0, 1, 0}, 1);   /* 4 */
	assert_int_equal(standing(st), 0);
	apply(st, &(struct step){STET_ACT_UNLABEL, 0, 0, 0}, 1); /* 5: nothing stands */
	apply(st, &label_a, 1);                 /* 6 */
	apply(st, &(struct step){STET_ACT_UNLABEL, 0, 0, 0}, 1); /* 7 */
	assert_int_equal(standing(st), 0);
	apply(st, &(struct step){STET_ACT_UNDO, 0, 7, 0}, 1);   /* 8 */
	assert_int_equal(standing(st), 1);
	stet_store_close(st);
}

static void undo_of_a_replaced_event_changes_nothing(void **state)
{
	struct stet_store *st = fresh("stale.stet");
	const struct step steps[] = {
		{STET_ACT_LABEL, 1, 0, 0}, /* 1 */
		{STET_ACT_LABEL, 2, 0, 0}, /* 2 replaces 1 */
		{STET_ACT_UNDO, 0, 1, 0},  /* 3: 1 no longer stands */
	};

	(void)state;
	apply(st, steps, 3);
	assert_int_equal(standing(st), 2);
	stet_store_close(st);
}

static void skips_and_other_items_leave_current_alone(void **state)
{
	struct stet_store *st = fresh("skip.stet");
	const struct step steps[] = {
		{STET_ACT_LABEL, 3, 0, 0},
		{STET_ACT_SKIP, 0, 0, 0},
		{STET_ACT_LABEL, 1, 0, 8},
	};

	(void)state;
	apply(st, steps, 3);
	assert_int_equal(standing(st), 3);
	stet_store_close(st);
}

/* The adjudicated label of item 7: 0 when none. */
static uint32_t final_of(struct stet_store *st)
{
	struct stet_txn *txn;
	struct stet_current cur;
	struct stet_error err = {0};
	int rc;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	rc = stet_final_get(txn, 7, &cur, &err);
	stet_txn_end(txn);
	if (rc == STET_NOTFOUND)
		return 0;
	assert_int_equal(rc, STET_OK);
	assert_int_equal(cur.nlabels, 1);
	return cur.labels[0];
}

/* A lead's decision stands in `final`, apart from every annotator's
 * label, and undoing it puts back the decision before. */
static void adjudication_stands_apart(void **state)
{
	struct stet_store *st = fresh("final.stet");
	const struct step steps[] = {
		{STET_ACT_LABEL, 1, 0, 0},      /* 1: annotator 1 says 1 */
		{STET_ACT_ADJUDICATE, 2, 0, 0}, /* 2: the decision is 2 */
		{STET_ACT_ADJUDICATE, 3, 0, 0}, /* 3: then 3 */
	};

	(void)state;
	apply(st, steps, 3);
	assert_int_equal(standing(st), 1);
	assert_int_equal(final_of(st), 3);
	apply(st, &(struct step){STET_ACT_UNDO, 0, 3, 0}, 1);   /* 4 */
	assert_int_equal(final_of(st), 2);
	assert_int_equal(standing(st), 1);
	apply(st, &(struct step){STET_ACT_UNDO, 0, 2, 0}, 1);   /* 5 */
	assert_int_equal(final_of(st), 0);
	stet_store_close(st);
}

static void events_are_hash_chained(void **state)
{
	struct stet_store *st = fresh("chain.stet");
	const struct step steps[] = {
		{STET_ACT_LABEL, 1, 0, 0},
		{STET_ACT_LABEL, 2, 0, 0},
		{STET_ACT_SKIP, 0, 0, 0},
	};
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_event ev;
	const void *v;
	size_t vl;
	unsigned char key[8];
	uint64_t prev_hash = 0;

	(void)state;
	apply(st, steps, 3);
	memset(&ev, 0, sizeof ev);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	for (uint64_t id = 1; id <= 3; id++) {
		assert_int_equal(stet_event_get(txn, id, &ev, &err), STET_OK);
		assert_int_equal(ev.prev_hash, prev_hash);
		stet_u64be(key, id);
		assert_int_equal(stet_get(txn, STET_DB_EVENTS, key, 8, &v, &vl, &err),
				 STET_OK);
		prev_hash = XXH3_64bits_withSeed(v, vl, id);
	}
	assert_int_equal(stet_event_get(txn, 2, &ev, &err), STET_OK);
	assert_int_equal(ev.replaced, 1);
	/* Every event gets its own unique id for merging copies. */
	{
		struct stet_event other;

		memset(&other, 0, sizeof other);
		assert_int_equal(stet_event_get(txn, 1, &other, &err), STET_OK);
		assert_memory_not_equal(ev.uid, other.uid, sizeof ev.uid);
		stet_event_clear(&other);
	}
	stet_event_clear(&ev);
	stet_txn_end(txn);
	stet_store_close(st);
}

/* A LABEL with what a model suggested and how the queue served it: its
 * record is version 2 and reads back whole; the same event without
 * them is version 1, as events were before. */
static void suggestion_and_order_read_back(void **state)
{
	struct stet_event ev, back;
	struct stet_error err = {0};
	struct stet_buf b;

	(void)state;
	memset(&ev, 0, sizeof ev);
	memset(&back, 0, sizeof back);
	stet_buf_init(&b);
	ev.action = STET_ACT_LABEL;
	ev.item = 9;
	ev.nlabels = 1;
	ev.labels[0] = 2;
	stet_event_encode(&ev, &b);
	assert_int_equal((unsigned char)b.data[0], 1);
	ev.suggestion.state = STET_SUGGEST_HIDDEN;
	strcpy(ev.suggestion.model, "spacy");
	ev.suggestion.version = 3;
	ev.suggestion.nlabels = 2;
	ev.suggestion.labels[0] = 1;
	ev.suggestion.labels[1] = 4;
	ev.suggestion.score = 0.875;
	ev.served.recorded = true;
	ev.served.order = 2;
	ev.served.explore = true;
	ev.served.value = 0.25;
	stet_event_encode(&ev, &b);
	assert_int_equal((unsigned char)b.data[0], 2);
	assert_int_equal(stet_event_decode(b.data, b.len, &back, &err), STET_OK);
	assert_int_equal(back.item, 9);
	assert_int_equal(back.labels[0], 2);
	assert_int_equal(back.suggestion.state, STET_SUGGEST_HIDDEN);
	assert_string_equal(back.suggestion.model, "spacy");
	assert_int_equal(back.suggestion.version, 3);
	assert_int_equal(back.suggestion.nlabels, 2);
	assert_int_equal(back.suggestion.labels[1], 4);
	assert_true(back.suggestion.score == 0.875);
	assert_true(back.served.recorded && back.served.explore);
	assert_int_equal(back.served.order, 2);
	assert_true(back.served.value == 0.25);
	/* Cut anywhere inside: damaged, never read as something else. */
	for (size_t cut = 1; cut < b.len; cut++)
		assert_int_equal(stet_event_decode(b.data, cut, &back, &err),
				 STET_ERR);
	/* A decoded event without them says so, whatever came before. */
	ev.suggestion.state = STET_SUGGEST_NONE;
	ev.served.recorded = false;
	stet_event_encode(&ev, &b);
	assert_int_equal(stet_event_decode(b.data, b.len, &back, &err), STET_OK);
	assert_int_equal(back.suggestion.state, STET_SUGGEST_NONE);
	assert_false(back.served.recorded);
	stet_event_clear(&back);
	stet_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(undo_restores_what_stood_before),
		cmocka_unit_test(undo_of_a_replaced_event_changes_nothing),
		cmocka_unit_test(skips_and_other_items_leave_current_alone),
		cmocka_unit_test(adjudication_stands_apart),
		cmocka_unit_test(events_are_hash_chained),
		cmocka_unit_test(suggestion_and_order_read_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
