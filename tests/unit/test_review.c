#include "unit.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/item.h"
#include "stet/project.h"
#include "stet/review.h"
#include "stet/schema.h"
#include "stet/store.h"
#include "items.h"
#include "tmpdir.h"

/* Items a..f; meta lang en for a, b, c; de for d, e, f; stars 5 for a. */
static const char *const item_ids[] = {"a", "b", "c", "d", "e", "f"};
#define NITEMS 6

static int add_items(struct stet_txn *txn, void *ctx, struct stet_error *err)
{

	(void)ctx;
	for (size_t i = 0; i < NITEMS; i++) {
		char text[64];

		snprintf(text, sizeof text, "item %s", item_ids[i]);
		if (test_text_item_add(txn, item_ids[i], text, i == 0 ?
			"{\"lang\":\"en\",\"stars\":5}" : i < 3 ?
			"{\"lang\":\"en\"}" :
			"{\"lang\":\"de\",\"src\":{\"kind\":\"web\"}}",
			err) != STET_OK)
			return STET_ERR;
	}
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
	assert_int_equal(stet_schema_from_list(&s, "POS,NEG,NEU", &err), STET_OK);
	s.multi = multi;
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, add_items, NULL, &err) != STET_OK)
		fail_msg("items: %s", err.msg);
	return st;
}

/* One annotator's label on one item: item 1-based, labels "12" means
 * label ids 1 and 2 (POS = 1, NEG = 2, NEU = 3). */
struct lab {
	const char *who;
	uint64_t item;
	const char *labels;
};

struct labs_ctx {
	const struct lab *v;
	size_t n;
};

static int put_labels(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct labs_ctx *lc = ctx;

	for (size_t i = 0; i < lc->n; i++) {
		struct stet_event ev;
		bool created;
		int rc;

		memset(&ev, 0, sizeof ev);
		if (stet_annotator_ensure(txn, lc->v[i].who, STET_ROLE_ANNOTATOR,
					  &ev.annotator, &created, err) != STET_OK)
			return STET_ERR;
		ev.item = lc->v[i].item;
		ev.action = STET_ACT_LABEL;
		ev.time_ms = 1000;
		for (const char *p = lc->v[i].labels; *p; p++)
			ev.labels[ev.nlabels++] = (uint32_t)(*p - '0');
		rc = stet_event_append(txn, &ev, err);
		stet_event_clear(&ev);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

static void label(struct stet_store *st, const struct lab *v, size_t n)
{
	struct labs_ctx lc = {v, n};
	struct stet_error err = {0};

	if (stet_store_write(st, put_labels, &lc, &err) != STET_OK)
		fail_msg("labels: %s", err.msg);
}

/* a: ann1 POS, ann2 NEG        disagree
 * b: ann1 POS, ann2 POS        agree
 * c: ann1 NEU                  one value
 * d: ann1 POS, ann2 POS, ann3 NEU   disagree
 * e: ann2 NEG, ann3 NEU        disagree
 * f: nothing */
static const struct lab standard[] = {
	{"ann1", 1, "1"}, {"ann2", 1, "2"},
	{"ann1", 2, "1"}, {"ann2", 2, "1"},
	{"ann1", 3, "3"},
	{"ann1", 4, "1"}, {"ann2", 4, "1"}, {"ann3", 4, "3"},
	{"ann2", 5, "2"}, {"ann3", 5, "3"},
};
#define NSTANDARD (sizeof standard / sizeof standard[0])

/* The external ids of the list, "a,d,e". */
static void ids_of(struct stet_store *st, const struct stet_review_list *l,
		   char *out, size_t len)
{
	struct stet_error err = {0};
	struct stet_txn *txn;
	size_t o = 0;

	out[0] = '\0';
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	for (size_t i = 0; i < l->n; i++) {
		struct stet_item it;

		stet_item_init(&it);
		assert_int_equal(stet_item_get(txn, l->v[i].item, &it, &err), STET_OK);
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? "," : "",
				      it.ext_id);
		stet_item_clear(&it);
	}
	stet_txn_end(txn);
}

static void expect_list(struct stet_store *st,
			const struct stet_review_filter *f,
			const char *expected)
{
	struct stet_review_list l;
	struct stet_error err = {0};
	char got[256];

	if (stet_review_list_load(st, f, &l, &err) != STET_OK)
		fail_msg("list: %s", err.msg);
	ids_of(st, &l, got, sizeof got);
	assert_string_equal(got, expected);
	stet_review_list_free(&l);
}

static void lists_the_disagreements(void **state)
{
	struct stet_store *st = project("dis.stet", false);
	struct stet_review_filter f = {0};
	struct stet_review_list l;
	struct stet_error err = {0};

	(void)state;
	expect_list(st, &f, "");
	label(st, standard, NSTANDARD);
	expect_list(st, &f, "a,d,e");
	f.all = true;
	expect_list(st, &f, "a,b,d,e");
	/* Each entry carries every value, in annotator order. */
	assert_int_equal(stet_review_list_load(st, &f, &l, &err), STET_OK);
	assert_int_equal(l.v[2].nvalues, 3);
	assert_string_equal(stet_review_name(&l, l.v[2].values[0].annotator), "ann1");
	assert_string_equal(stet_review_name(&l, l.v[2].values[2].annotator), "ann3");
	assert_int_equal(l.v[2].values[2].labels[0], 3);
	assert_false(l.v[2].decided);
	assert_true(stet_review_disagrees(&l.v[2]));
	assert_false(stet_review_disagrees(&l.v[1]));
	stet_review_list_free(&l);
	/* A changed label changes the list. */
	label(st, &(struct lab){"ann2", 1, "1"}, 1);
	f.all = false;
	expect_list(st, &f, "d,e");
	stet_store_close(st);
}

static void filters_narrow_the_list(void **state)
{
	struct stet_store *st = project("filters.stet", false);
	struct stet_review_filter f = {0};
	struct stet_review_list l;
	struct stet_error err = {0};

	(void)state;
	label(st, standard, NSTANDARD);
	f.label_a = "POS";
	f.label_b = "NEG";
	expect_list(st, &f, "a");
	f.label_a = "NEU";
	f.label_b = "POS";
	expect_list(st, &f, "d");
	f.label_a = "NEU";
	f.label_b = "NEG";
	expect_list(st, &f, "e");
	f.label_b = "MAYBE";
	assert_int_equal(stet_review_list_load(st, &f, &l, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "MAYBE"));
	stet_review_list_free(&l);

	memset(&f, 0, sizeof f);
	f.annotator = "ann3";
	expect_list(st, &f, "d,e");
	f.annotator = "ann1";
	expect_list(st, &f, "a,d");
	f.all = true;
	expect_list(st, &f, "a,b,d");
	f.annotator = "nobody";
	assert_int_equal(stet_review_list_load(st, &f, &l, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "nobody"));

	memset(&f, 0, sizeof f);
	f.meta_field = "lang";
	f.meta_value = "de";
	expect_list(st, &f, "d,e");
	f.meta_field = "meta.lang";
	f.meta_value = "en";
	expect_list(st, &f, "a");
	f.meta_field = "stars"; /* a number compares as its JSON text */
	f.meta_value = "5";
	expect_list(st, &f, "a");
	f.meta_field = "src.kind"; /* nested */
	f.meta_value = "web";
	expect_list(st, &f, "d,e");
	f.meta_field = "missing";
	expect_list(st, &f, "");
	/* Filters together. */
	f.meta_field = "lang";
	f.meta_value = "de";
	f.annotator = "ann1";
	expect_list(st, &f, "d");
	stet_store_close(st);
}

static void multi_label_sets_compare_as_sets(void **state)
{
	struct stet_store *st = project("multi.stet", true);
	const struct lab v[] = {
		{"ann1", 1, "12"}, {"ann2", 1, "21"},  /* the same set */
		{"ann1", 2, "12"}, {"ann2", 2, "1"},   /* not */
		{"ann1", 3, "3"}, {"ann2", 3, "13"},
	};
	struct stet_review_filter f = {0};

	(void)state;
	label(st, v, sizeof v / sizeof v[0]);
	expect_list(st, &f, "b,c");
	f.label_a = "NEG";
	f.label_b = "POS"; /* ann1 said both on b: ann2 said POS */
	expect_list(st, &f, "b");
	f.label_a = "NEU";
	f.label_b = "NEU"; /* two annotators, each with NEU */
	expect_list(st, &f, "c");
	stet_store_close(st);
}

static void refresh_entry(struct stet_store *st, struct stet_review_entry *e)
{
	struct stet_error err = {0};
	struct stet_txn *txn;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	if (stet_review_refresh(txn, e, &err) != STET_OK)
		fail_msg("refresh: %s", err.msg);
	stet_txn_end(txn);
}

static void decisions_and_undo(void **state)
{
	struct stet_store *st = project("decide.stet", false);
	struct stet_review_filter f = {0};
	struct stet_review_list l;
	struct stet_review r;
	struct stet_error err = {0};
	struct stet_session s;
	struct stet_txn *txn;
	uint32_t neg = 2, pos = 1;
	uint64_t item;

	(void)state;
	label(st, standard, NSTANDARD);
	assert_int_equal(stet_review_list_load(st, &f, &l, &err), STET_OK);
	assert_int_equal(l.n, 3);
	if (stet_review_open(&r, st, "lead", "box", NULL, &err) != STET_OK)
		fail_msg("open: %s", err.msg);
	assert_int_equal(stet_review_undo(&r, &item, &err), STET_NOTFOUND);
	/* Single-label: a decision has a label. */
	assert_int_equal(stet_review_decide(&r, l.v[0].item, NULL, 0, 10, &err),
			 STET_ERR);
	assert_int_equal(stet_review_decide(&r, l.v[0].item, &neg, 1, 10, &err),
			 STET_OK);
	refresh_entry(st, &l.v[0]);
	assert_true(l.v[0].decided);
	assert_int_equal(l.v[0].nfinal, 1);
	assert_int_equal(l.v[0].final[0], neg);
	assert_string_equal(stet_review_name(&l, l.v[0].final_by), "lead");
	/* The annotators' values are untouched. */
	assert_int_equal(l.v[0].nvalues, 2);
	/* A second decision replaces the first; undo puts it back. */
	assert_int_equal(stet_review_decide(&r, l.v[0].item, &pos, 1, 10, &err),
			 STET_OK);
	refresh_entry(st, &l.v[0]);
	assert_int_equal(l.v[0].final[0], pos);
	assert_int_equal(stet_review_undo(&r, &item, &err), STET_OK);
	assert_int_equal(item, l.v[0].item);
	refresh_entry(st, &l.v[0]);
	assert_true(l.v[0].decided);
	assert_int_equal(l.v[0].final[0], neg);
	assert_int_equal(stet_review_undo(&r, &item, &err), STET_OK);
	refresh_entry(st, &l.v[0]);
	assert_false(l.v[0].decided);
	assert_int_equal(stet_review_undo(&r, &item, &err), STET_NOTFOUND);
	assert_int_equal(stet_review_decide(&r, l.v[1].item, &pos, 1, 10, &err),
			 STET_OK);
	assert_int_equal(r.decided, 1);
	assert_int_equal(stet_review_flush(&r, &err), STET_OK);
	{
		uint64_t sid = r.session.id;

		assert_int_equal(stet_review_close(&r, &err), STET_OK);
		memset(&s, 0, sizeof s);
		assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
		assert_int_equal(stet_session_get(txn, sid, &s, &err), STET_OK);
		assert_true(s.end_ms >= s.start_ms && s.end_ms > 0);
		stet_session_clear(&s);
		stet_txn_end(txn);
	}
	/* The lists made afterwards see the decision. */
	stet_review_list_free(&l);
	assert_int_equal(stet_review_list_load(st, &f, &l, &err), STET_OK);
	assert_false(l.v[0].decided);
	assert_true(l.v[1].decided);
	stet_review_list_free(&l);
	stet_store_close(st);
}

static void annotators_against_the_decisions(void **state)
{
	struct stet_store *st = project("adj.stet", false);
	struct stet_review_filter f = {0};
	struct stet_review_list l;
	struct stet_review r;
	struct stet_error err = {0};
	struct stet_adjudicated *a;
	const char *only[] = {"ann3"};
	uint32_t neg = 2, pos = 1;
	uint64_t decided;
	size_t n;

	(void)state;
	label(st, standard, NSTANDARD);
	assert_int_equal(stet_adjudicated_load(st, NULL, 0, &decided, &a, &n,
					       &err), STET_OK);
	assert_int_equal(decided, 0);
	assert_int_equal(n, 0);
	stet_adjudicated_free(a, n);
	assert_int_equal(stet_review_list_load(st, &f, &l, &err), STET_OK);
	assert_int_equal(stet_review_open(&r, st, "lead", NULL, NULL, &err), STET_OK);
	/* a: NEG (ann1 POS, ann2 NEG); d: POS (ann1 POS, ann2 POS, ann3 NEU) */
	assert_int_equal(stet_review_decide(&r, l.v[0].item, &neg, 1, 0, &err), STET_OK);
	assert_int_equal(stet_review_decide(&r, l.v[1].item, &pos, 1, 0, &err), STET_OK);
	assert_int_equal(stet_review_close(&r, &err), STET_OK);
	stet_review_list_free(&l);

	assert_int_equal(stet_adjudicated_load(st, NULL, 0, &decided, &a, &n,
					       &err), STET_OK);
	assert_int_equal(decided, 2);
	assert_int_equal(n, 3);
	assert_string_equal(a[0].name, "ann1");
	assert_int_equal(a[0].items, 2);
	assert_true(fabs(a[0].percent - 0.5) < 1e-12);
	/* ann1 said POS twice: no variation on their side, kappa 0 */
	assert_true(fabs(a[0].kappa) < 1e-12);
	assert_string_equal(a[1].name, "ann2");
	assert_int_equal(a[1].items, 2);
	assert_true(fabs(a[1].percent - 1.0) < 1e-12);
	assert_true(fabs(a[1].kappa - 1.0) < 1e-12);
	assert_string_equal(a[2].name, "ann3");
	assert_int_equal(a[2].items, 1);
	assert_true(fabs(a[2].percent) < 1e-12);
	stet_adjudicated_free(a, n);

	assert_int_equal(stet_adjudicated_load(st, only, 1, &decided, &a, &n,
					       &err), STET_OK);
	assert_int_equal(decided, 1);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].name, "ann3");
	stet_adjudicated_free(a, n);
	stet_store_close(st);
}

static void blind_order_is_fixed_per_item(void **state)
{
	bool differs = false;

	(void)state;
	assert_true(stet_review_blind_key(7, 1) == stet_review_blind_key(7, 1));
	assert_true(stet_review_blind_key(7, 1) != stet_review_blind_key(7, 2));
	/* Over items, annotator 1 is not always first. */
	for (uint64_t item = 1; item <= 20; item++) {
		bool first = stet_review_blind_key(item, 1) <
			     stet_review_blind_key(item, 2);

		if (item > 1 && first != (stet_review_blind_key(1, 1) <
					  stet_review_blind_key(1, 2)))
			differs = true;
	}
	assert_true(differs);
}

/* Flags and comments: ann1 flags c (one value) with a note and then
 * a (a disagreement) without one, ann2 comments on a, and ann2's flag
 * on b is undone. */
static int put_notes(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	static const struct {
		const char *who;
		uint64_t item;
		enum stet_action action;
		const char *text;
	} notes[] = {
		{"ann1", 3, STET_ACT_FLAG, "sarcasm?"},
		{"ann1", 1, STET_ACT_FLAG, NULL},
		{"ann2", 1, STET_ACT_NOTE, "both readings work"},
		{"ann2", 2, STET_ACT_FLAG, "oops"},
	};
	uint64_t undone = 0;

	(void)ctx;
	for (size_t i = 0; i <= sizeof notes / sizeof notes[0]; i++) {
		struct stet_event ev;
		bool created;
		int rc;

		memset(&ev, 0, sizeof ev);
		ev.time_ms = 2000;
		if (i == sizeof notes / sizeof notes[0]) {
			/* The undo of the last. */
			if (stet_annotator_ensure(txn, "ann2", STET_ROLE_ANNOTATOR,
						  &ev.annotator, &created,
						  err) != STET_OK)
				return STET_ERR;
			ev.item = 2;
			ev.action = STET_ACT_UNDO;
			ev.target = undone;
		} else {
			if (stet_annotator_ensure(txn, notes[i].who,
						  STET_ROLE_ANNOTATOR,
						  &ev.annotator, &created,
						  err) != STET_OK)
				return STET_ERR;
			ev.item = notes[i].item;
			ev.action = notes[i].action;
			if (notes[i].text)
				ev.text = stet_xstrdup(notes[i].text);
		}
		rc = stet_event_append(txn, &ev, err);
		undone = ev.id;
		stet_event_clear(&ev);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

static void flags_and_comments_reach_the_review(void **state)
{
	struct stet_store *st = project("flags.stet", false);
	struct stet_review_filter f = {0};
	struct stet_review_list l;
	struct stet_error err = {0};

	(void)state;
	label(st, standard, NSTANDARD);
	assert_int_equal(stet_store_write(st, put_notes, NULL, &err), STET_OK);

	/* The disagreements carry their notes. */
	assert_int_equal(stet_review_list_load(st, &f, &l, &err), STET_OK);
	assert_int_equal(l.n, 3);                /* a, d, e */
	assert_int_equal(l.v[0].nnotes, 2);
	assert_true(l.v[0].flagged);
	assert_true(l.v[0].notes[0].flag);
	assert_null(l.v[0].notes[0].text);
	assert_false(l.v[0].notes[1].flag);
	assert_string_equal(l.v[0].notes[1].text, "both readings work");
	assert_int_equal(l.v[1].nnotes, 0);
	assert_false(l.v[1].flagged);
	stet_review_list_free(&l);

	/* --flagged: a and c (c has one value), not b (its flag undone). */
	f.flagged = true;
	expect_list(st, &f, "a,c");
	assert_int_equal(stet_review_list_load(st, &f, &l, &err), STET_OK);
	assert_int_equal(l.v[1].nvalues, 1);
	assert_string_equal(l.v[1].notes[0].text, "sarcasm?");
	stet_review_list_free(&l);
	/* The other filters still narrow it. */
	f.annotator = "ann2";
	expect_list(st, &f, "a");
	stet_store_close(st);
}

static void go_to_and_search(void **state)
{
	struct stet_store *st = project("find.stet", false);
	struct stet_review_filter f = {0};
	struct stet_review_list l;
	struct stet_error err = {0};
	size_t pos;

	(void)state;
	label(st, standard, NSTANDARD);
	assert_int_equal(stet_review_list_load(st, &f, &l, &err), STET_OK);
	/* a, d, e: by id, by position, and neither. */
	assert_int_equal(stet_review_find(st, &l, "e", &pos, &err), STET_OK);
	assert_int_equal(pos, 2);
	assert_int_equal(stet_review_find(st, &l, "2", &pos, &err), STET_OK);
	assert_int_equal(pos, 1);
	assert_int_equal(stet_review_find(st, &l, "b", &pos, &err),
			 STET_NOTFOUND);
	assert_string_equal(err.msg, "item b is not among the items of this review");
	assert_int_equal(stet_review_find(st, &l, "4", &pos, &err),
			 STET_NOTFOUND);
	/* Item text is "item X": from a, forward to d, back (wrapping)
	 * to e. */
	assert_int_equal(stet_review_search(st, &l, "ITEM D", 0, +1, &pos,
					    &err), STET_OK);
	assert_int_equal(pos, 1);
	assert_int_equal(stet_review_search(st, &l, "item", 0, -1, &pos,
					    &err), STET_OK);
	assert_int_equal(pos, 2);
	assert_int_equal(stet_review_search(st, &l, "item b", 0, +1, &pos,
					    &err), STET_NOTFOUND);
	stet_review_list_free(&l);
	stet_store_close(st);
}

static void resumes_where_the_lead_stopped(void **state)
{
	struct stet_store *st = project("resume.stet", false);
	struct stet_review_filter f = {0};
	struct stet_review_list l;
	struct stet_review r, other;
	struct stet_error err = {0};
	uint32_t pos_label = 1;
	size_t pos;

	(void)state;
	label(st, standard, NSTANDARD);
	assert_int_equal(stet_review_list_load(st, &f, &l, &err), STET_OK);
	assert_int_equal(stet_review_open(&r, st, "lead", NULL, NULL, &err),
			 STET_OK);
	assert_int_equal(stet_review_resume(&r, &l, &pos, &err), STET_OK);
	assert_int_equal(pos, 0);                 /* never reviewed */
	/* A decision on d marks it; closing on e marks e. */
	assert_int_equal(stet_review_decide(&r, l.v[1].item, &pos_label, 1, 10,
					    &err), STET_OK);
	assert_int_equal(stet_review_resume(&r, &l, &pos, &err), STET_OK);
	assert_int_equal(pos, 1);
	r.at = l.v[2].item;
	assert_int_equal(stet_review_close(&r, &err), STET_OK);

	assert_int_equal(stet_review_open(&r, st, "lead", NULL, NULL, &err),
			 STET_OK);
	assert_int_equal(stet_review_resume(&r, &l, &pos, &err), STET_OK);
	assert_int_equal(pos, 2);
	/* Each lead has their own. */
	assert_int_equal(stet_review_open(&other, st, "bo", NULL, NULL, &err),
			 STET_OK);
	assert_int_equal(stet_review_resume(&other, &l, &pos, &err), STET_OK);
	assert_int_equal(pos, 0);
	assert_int_equal(stet_review_close(&other, &err), STET_OK);
	assert_int_equal(stet_review_close(&r, &err), STET_OK);
	stet_review_list_free(&l);

	/* In a list without e, the next item after it: none, so the
	 * start; with --all (a, b, d, e), still e. */
	f.all = true;
	assert_int_equal(stet_review_list_load(st, &f, &l, &err), STET_OK);
	assert_int_equal(stet_review_open(&r, st, "lead", NULL, NULL, &err),
			 STET_OK);
	assert_int_equal(stet_review_resume(&r, &l, &pos, &err), STET_OK);
	assert_int_equal(pos, 3);
	assert_int_equal(stet_review_close(&r, &err), STET_OK);
	stet_review_list_free(&l);
	f.all = false;
	f.annotator = "ann1";                     /* a, d */
	assert_int_equal(stet_review_list_load(st, &f, &l, &err), STET_OK);
	assert_int_equal(stet_review_open(&r, st, "lead", NULL, NULL, &err),
			 STET_OK);
	assert_int_equal(stet_review_resume(&r, &l, &pos, &err), STET_OK);
	assert_int_equal(pos, 0);
	assert_int_equal(stet_review_close(&r, &err), STET_OK);
	stet_review_list_free(&l);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lists_the_disagreements),
		cmocka_unit_test(filters_narrow_the_list),
		cmocka_unit_test(multi_label_sets_compare_as_sets),
		cmocka_unit_test(decisions_and_undo),
		cmocka_unit_test(annotators_against_the_decisions),
		cmocka_unit_test(blind_order_is_fixed_per_item),
		cmocka_unit_test(flags_and_comments_reach_the_review),
		cmocka_unit_test(go_to_and_search),
		cmocka_unit_test(resumes_where_the_lead_stopped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
