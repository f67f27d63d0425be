/* The labels that stand (stet/standing.h), on projects small enough to
 * count by hand. Single-label, labels A (1), B (2), C (3); annotators
 * ana (1), bo (2), cy (3) and the lead (4); items 1..8:
 *   1: A A B        -> A, two votes to one
 *   2: A B          -> tie, left out
 *   3: A B C        -> tie of three, left out
 *   4: A B, decided C -> C by decision
 *   5: nothing, decided B -> B by decision
 *   6: B            -> B, one annotator is a majority of one
 *   7: A B B, then bo takes hers back (UNLABEL) -> A B: tie
 *   8: nothing      -> not listed (gold, answer A: never stands)
 * Multi-label, the same annotators, labels X (1), Y (2):
 *   1: {X,Y} {X} {X} -> {X}: X 3 of 3, Y 1 of 3
 *   2: {X,Y} {X}     -> tie: Y chosen by exactly half
 *   3: {} {}         -> {}: the empty set stands
 *   4: {X} {Y} {X,Y} -> {X,Y}: each 2 of 3 */
#include "unit.h"

#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/gold.h"
#include "stet/item.h"
#include "stet/schema.h"
#include "stet/standing.h"
#include "stet/store.h"
#include "items.h"
#include "tmpdir.h"

struct value {
	uint32_t who;
	uint64_t item;
	enum stet_action action;
	uint32_t labels[2];
	size_t n;
};

struct plan {
	const char *labels;
	bool multi;
	const struct value *v;
	size_t n;
	uint64_t items;
};

enum { LEAD = 4 };

static const struct value single[] = {
	{1, 1, STET_ACT_LABEL, {1}, 1}, {2, 1, STET_ACT_LABEL, {1}, 1},
	{3, 1, STET_ACT_LABEL, {2}, 1},
	{1, 2, STET_ACT_LABEL, {1}, 1}, {2, 2, STET_ACT_LABEL, {2}, 1},
	{1, 3, STET_ACT_LABEL, {1}, 1}, {2, 3, STET_ACT_LABEL, {2}, 1},
	{3, 3, STET_ACT_LABEL, {3}, 1},
	{1, 4, STET_ACT_LABEL, {1}, 1}, {2, 4, STET_ACT_LABEL, {2}, 1},
	{LEAD, 4, STET_ACT_ADJUDICATE, {3}, 1},
	{LEAD, 5, STET_ACT_ADJUDICATE, {2}, 1},
	{3, 6, STET_ACT_LABEL, {2}, 1},
	{1, 7, STET_ACT_LABEL, {1}, 1}, {2, 7, STET_ACT_LABEL, {2}, 1},
	{3, 7, STET_ACT_LABEL, {2}, 1}, {2, 7, STET_ACT_UNLABEL, {0}, 0},
};

static const struct value several[] = {
	{1, 1, STET_ACT_LABEL, {1, 2}, 2}, {2, 1, STET_ACT_LABEL, {1}, 1},
	{3, 1, STET_ACT_LABEL, {1}, 1},
	{1, 2, STET_ACT_LABEL, {2, 1}, 2}, {2, 2, STET_ACT_LABEL, {1}, 1},
	{1, 3, STET_ACT_LABEL, {0}, 0}, {2, 3, STET_ACT_LABEL, {0}, 0},
	{1, 4, STET_ACT_LABEL, {1}, 1}, {2, 4, STET_ACT_LABEL, {2}, 1},
	{3, 4, STET_ACT_LABEL, {2, 1}, 2},
};

static int fill(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	static const char *const names[] = {"ana", "bo", "cy", "lead"};
	const struct plan *p = ctx;
	struct stet_gold g8 = {{1}, 1};
	struct stet_schema sc;
	int rc;

	stet_schema_init(&sc);
	sc.multi = p->multi;
	rc = stet_schema_from_list(&sc, p->labels, err);
	if (rc == STET_OK)
		rc = stet_schema_save(txn, &sc, err);
	stet_schema_free(&sc);
	if (rc != STET_OK)
		return rc;
	for (int i = 0; i < 4; i++) {
		struct stet_session s = {0};
		uint32_t id;
		bool created;

		if (stet_annotator_ensure(txn, names[i], i == 3 ?
					  STET_ROLE_LEAD : STET_ROLE_ANNOTATOR,
					  &id, &created, err) != STET_OK)
			return STET_ERR;
		s.annotator = id;
		if (stet_session_add(txn, &s, err) != STET_OK)
			return STET_ERR;
	}
	for (uint64_t i = 1; i <= p->items; i++) {
		char id[8], text[32];

		snprintf(id, sizeof id, "i%d", (int)i);
		snprintf(text, sizeof text, "item %d", (int)i);
		rc = test_text_item_add(txn, id, text, NULL, err);
		if (rc != STET_OK)
			return rc;
	}
	if (!p->multi && stet_gold_put(txn, 8, &g8, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < p->n; i++) {
		struct stet_event ev;

		memset(&ev, 0, sizeof ev);
		ev.action = p->v[i].action;
		ev.annotator = p->v[i].who;
		ev.session = p->v[i].who;
		ev.item = p->v[i].item;
		memcpy(ev.labels, p->v[i].labels, sizeof p->v[i].labels);
		ev.nlabels = p->v[i].n;
		ev.time_ms = 1000 * (int64_t)i;
		ev.schema_version = 1;
		if (stet_event_append(txn, &ev, err) != STET_OK)
			return STET_ERR;
	}
	return STET_OK;
}

static struct stet_store *project(const char *name, const struct plan *p)
{
	struct stet_store *st;
	struct stet_error err = {0};
	const char *path = tmp_path(name);

	unlink(path);
	if (stet_store_open(path, STET_OPEN_CREATE, NULL, &st, &err) != STET_OK)
		fail_msg("create: %s", err.msg);
	if (stet_store_write(st, fill, (void *)p, &err) != STET_OK)
		fail_msg("fill: %s", err.msg);
	return st;
}

static void load(struct stet_store *st, bool multi,
		 const struct stet_standing_opts *o, struct stet_standing *s)
{
	struct stet_txn *txn;
	struct stet_error err = {0};

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	if (stet_standing_load(txn, multi, o, s, &err) != STET_OK)
		fail_msg("load: %s", err.msg);
	stet_txn_end(txn);
}

/* Item at index i stands with labels want[0..n), by decision or not. */
static void stands(const struct stet_standing *s, size_t i, uint64_t item,
		   const uint32_t *want, size_t n, bool decided)
{
	assert_true(i < s->n);
	assert_int_equal(s->item[i], item);
	assert_int_equal(s->off[i + 1] - s->off[i], n);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(s->label[s->off[i] + k], want[k]);
	assert_int_equal(s->decided[i], decided);
	assert_int_equal(stet_standing_find(s, item), (ptrdiff_t)i);
}

static void single_label(void **state)
{
	const struct plan p = {"A,B,C", false, single,
			       sizeof single / sizeof *single, 8};
	struct stet_store *st = project("single.stet", &p);
	struct stet_standing s;
	const uint32_t a[] = {1}, b[] = {2}, c[] = {3};

	(void)state;
	load(st, false, NULL, &s);
	assert_int_equal(s.n, 4);
	stands(&s, 0, 1, a, 1, false);
	stands(&s, 1, 4, c, 1, true);
	stands(&s, 2, 5, b, 1, true);
	stands(&s, 3, 6, b, 1, false);
	assert_int_equal(s.decisions, 2);
	assert_int_equal(s.majorities, 2);
	assert_int_equal(s.ties, 3); /* items 2, 3 and 7 */
	assert_int_equal(stet_standing_find(&s, 2), -1);
	assert_int_equal(stet_standing_find(&s, 8), -1);
	assert_int_equal(stet_standing_find(&s, 9), -1);
	stet_standing_free(&s);

	/* Without cy: item 1 is A A -> A; item 3 A B -> tie; item 6 has no
	 * value left; item 7 A (bo's taken back) -> A. */
	{
		const uint32_t cy = 3;
		const struct stet_standing_opts o = {&cy, 1};

		load(st, false, &o, &s);
		assert_int_equal(s.n, 4);
		stands(&s, 0, 1, a, 1, false);
		stands(&s, 1, 4, c, 1, true);
		stands(&s, 2, 5, b, 1, true);
		stands(&s, 3, 7, a, 1, false);
		assert_int_equal(s.ties, 2); /* items 2 and 3 */
		stet_standing_free(&s);
	}
	stet_store_close(st);
}

static void multi_label(void **state)
{
	const struct plan p = {"X,Y", true, several,
			       sizeof several / sizeof *several, 4};
	struct stet_store *st = project("multi.stet", &p);
	struct stet_standing s;
	const uint32_t x[] = {1}, xy[] = {1, 2};

	(void)state;
	load(st, true, NULL, &s);
	assert_int_equal(s.n, 3);
	stands(&s, 0, 1, x, 1, false);
	stands(&s, 1, 3, NULL, 0, false);
	stands(&s, 2, 4, xy, 2, false);
	assert_int_equal(s.ties, 1); /* item 2 */
	stet_standing_free(&s);
	stet_store_close(st);
}

/* The first item to stand has the empty set (ana and bo chose
 * nothing on item 1), so no label has been kept yet when it is added;
 * item 2 then stands {Y}. */
static void empty_set_first(void **state)
{
	static const struct value v[] = {
		{1, 1, STET_ACT_LABEL, {0}, 0}, {2, 1, STET_ACT_LABEL, {0}, 0},
		{1, 2, STET_ACT_LABEL, {2}, 1},
	};
	const struct plan p = {"X,Y", true, v, sizeof v / sizeof *v, 2};
	struct stet_store *st = project("empty_first.stet", &p);
	struct stet_standing s;
	const uint32_t y[] = {2};

	(void)state;
	load(st, true, NULL, &s);
	assert_int_equal(s.n, 2);
	stands(&s, 0, 1, NULL, 0, false);
	stands(&s, 1, 2, y, 1, false);
	stet_standing_free(&s);
	stet_store_close(st);
}

static void empty_project(void **state)
{
	const struct plan p = {"A,B", false, NULL, 0, 3};
	struct stet_store *st = project("empty.stet", &p);
	struct stet_standing s;

	(void)state;
	load(st, false, NULL, &s);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.ties + s.decisions + s.majorities, 0);
	stet_standing_free(&s);
	stet_standing_free(&s); /* twice is safe */
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(single_label),
		cmocka_unit_test(multi_label),
		cmocka_unit_test(empty_set_first),
		cmocka_unit_test(empty_project),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
