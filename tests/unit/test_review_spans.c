/* The review of spans: the items whose annotators' span sets differ
 * (an annotator who finished an item without marking anything holding
 * the empty set), the filters, and decisions that take one annotator's
 * set or an edited one, checked against the item, durable, and taken
 * back by undo. */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/export.h"
#include "stet/item.h"
#include "stet/project.h"
#include "stet/review.h"
#include "stet/route.h"
#include "stet/schema.h"
#include "stet/standing.h"
#include "stet/spans.h"
#include "stet/store.h"
#include "predictions.h"
#include "tmpdir.h"

/* Items 1-3 have the same words: Barack [0,6) Obama [7,12) visited
 * [13,20) Paris [21,26). */
static int add_items(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	static const uint32_t words[][2] = {{0, 6}, {7, 12}, {13, 20}, {21, 26}};
	uint64_t existing;

	(void)ctx;
	for (size_t i = 0; i < 3; i++) {
		struct stet_item it;
		char ext[8], text[40];
		int rc;

		stet_item_init(&it);
		it.kind = STET_ITEM_TEXT;
		snprintf(text, sizeof text, "Barack Obama visited Paris %zu", i);
		it.text = stet_xstrdup(text);
		for (size_t w = 0; w < 4; w++)
			stet_tokens_add(&it.toks, words[w][0], words[w][1], 0);
		it.has_toks = true;
		snprintf(ext, sizeof ext, "i%zu", i);
		it.ext_id = stet_xstrdup(ext);
		it.hash = stet_item_content_hash(&it);
		rc = stet_item_add(txn, &it, &existing, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			return STET_ERR;
	}
	return STET_OK;
}

/* PER is label 1, LOC 2. */
static const struct stet_span obama = {0, 12, 1, 0, 2};
static const struct stet_span paris = {21, 26, 2, 3, 4};
static const struct stet_span paris_per = {21, 26, 1, 3, 4};

struct mark {
	const char *who;
	uint64_t item;
	const struct stet_span *v; /* NULL: a finish with no spans */
	size_t n;
	uint32_t label;            /* with v NULL: the finish's item label */
};

static int append_mark(struct stet_txn *txn, void *ctx,
		       struct stet_error *err)
{
	const struct mark *m = ctx;
	struct stet_event ev;
	uint32_t id;
	bool created;
	int rc;

	if (stet_annotator_ensure(txn, m->who, STET_ROLE_ANNOTATOR, &id,
				  &created, err) != STET_OK)
		return STET_ERR;
	memset(&ev, 0, sizeof ev);
	ev.time_ms = 1;
	ev.annotator = id;
	ev.item = m->item;
	ev.schema_version = 1;
	if (m->v == NULL) {
		ev.action = STET_ACT_LABEL; /* the label of no labels */
		ev.labels[0] = m->label;
		ev.nlabels = m->label != 0;
	} else {
		ev.action = STET_ACT_SPANS;
		ev.has_spans = true;
		ev.nspans = m->n;
		ev.spans = stet_xmalloc((m->n ? m->n : 1) * sizeof *ev.spans);
		memcpy(ev.spans, m->v, m->n * sizeof *ev.spans);
	}
	rc = stet_event_append(txn, &ev, err);
	stet_event_clear(&ev);
	return rc;
}

static void mark(struct stet_store *st, const char *who, uint64_t item,
		 const struct stet_span *v, size_t n)
{
	struct mark m = {who, item, v, n, 0};
	struct stet_error err = {0};

	if (stet_store_write(st, append_mark, &m, &err) != STET_OK)
		fail_msg("mark %s %llu: %s", who, (unsigned long long)item,
			 err.msg);
}

/* Item 1 (i0): ana marks Obama PER and Paris LOC, bob Obama alone.
 * Item 2 (i1): both mark Paris LOC, the same set.
 * Item 3 (i2): ana marks Paris LOC, bob finishes it with no spans. */
static struct stet_store *project(const char *name, const char **path_out)
{
	const struct stet_span both[] = {obama, paris};
	struct stet_store *st = NULL;
	struct stet_schema s;
	struct stet_error err = {0};
	const char *path = tmp_path(name);

	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list_kind(&s, "PER,LOC",
						    STET_KIND_SPAN, &err),
			 STET_OK);
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, add_items, NULL, &err) != STET_OK)
		fail_msg("items: %s", err.msg);
	mark(st, "ana", 1, both, 2);
	mark(st, "bob", 1, &obama, 1);
	mark(st, "ana", 2, &paris, 1);
	mark(st, "bob", 2, &paris, 1);
	mark(st, "ana", 3, &paris, 1);
	mark(st, "bob", 3, NULL, 0);
	*path_out = path;
	return st;
}

static void load(struct stet_store *st, const struct stet_review_filter *f,
		 struct stet_review_spans_list *l)
{
	struct stet_error err = {0};

	if (stet_review_spans_load(st, f, l, &err) != STET_OK)
		fail_msg("load: %s", err.msg);
}

static const char *name_of(const struct stet_review_spans_list *l,
			   uint32_t id)
{
	for (size_t i = 0; i < l->nannotators; i++)
		if (l->annotators[i].id == id)
			return l->annotators[i].name;
	return "?";
}

static void lists_the_disagreements(void **state)
{
	struct stet_review_filter f = {0};
	struct stet_review_spans_list l;
	const char *path;
	struct stet_store *st = project("rs_list.stet", &path);

	(void)state;
	/* Items 1 and 3 differ; item 2's sets are the same. */
	load(st, &f, &l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].item, 1);
	assert_int_equal(l.v[0].nvalues, 2);
	assert_string_equal(name_of(&l, l.v[0].values[0].annotator), "ana");
	assert_int_equal(l.v[0].values[0].set.n, 2);
	assert_int_equal(l.v[0].values[1].set.n, 1);
	assert_int_equal(l.v[0].values[1].set.v[0].end, 12);
	assert_false(l.v[0].decided);
	/* bob finished item 3 with nothing marked: the empty set. */
	assert_int_equal(l.v[1].item, 3);
	assert_int_equal(l.v[1].nvalues, 2);
	assert_int_equal(l.v[1].values[1].set.n, 0);
	stet_review_spans_free(&l);

	f.all = true;
	load(st, &f, &l);
	assert_int_equal(l.n, 3);
	assert_false(stet_review_spans_disagree(&l.v[1]));
	stet_review_spans_free(&l);
	stet_store_close(st);
}

static void filters_narrow_the_list(void **state)
{
	struct stet_review_filter f = {0};
	struct stet_review_spans_list l;
	struct stet_error err = {0};
	const char *path;
	struct stet_store *st = project("rs_filter.stet", &path);

	(void)state;
	/* One annotator's set has LOC, another's PER: item 1 only (on
	 * item 3 bob has nothing). */
	f.label_a = "LOC";
	f.label_b = "PER";
	load(st, &f, &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].item, 1);
	stet_review_spans_free(&l);

	memset(&f, 0, sizeof f);
	f.annotator = "carl";
	assert_int_equal(stet_review_spans_load(st, &f, &l, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "carl"));
	f.annotator = NULL;
	f.flagged = true;
	assert_int_equal(stet_review_spans_load(st, &f, &l, &err), STET_ERR);
	stet_store_close(st);
}

static void open_review(struct stet_review *r, struct stet_store *st)
{
	struct stet_error err = {0};

	if (stet_review_open(r, st, "lead", NULL, NULL, &err) != STET_OK)
		fail_msg("review open: %s", err.msg);
}

static void decide(struct stet_review *r, uint64_t item,
		   const struct stet_span *v, size_t n)
{
	struct stet_span_set set;
	struct stet_error err = {0};

	stet_span_set_init(&set);
	for (size_t i = 0; i < n; i++)
		stet_span_set_add(&set, &v[i]);
	if (stet_review_decide_spans(r, item, &set, 100, &err) != STET_OK)
		fail_msg("decide %llu: %s", (unsigned long long)item, err.msg);
	stet_span_set_free(&set);
}

/* The decision standing on item is v[0..n) (v NULL: none). */
static void decided(struct stet_store *st, uint64_t item,
		    const struct stet_span *v, size_t n)
{
	struct stet_review_spans_entry e;
	struct stet_error err = {0};
	struct stet_txn *txn;

	memset(&e, 0, sizeof e);
	e.item = item;
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_review_spans_refresh(txn, &e, &err), STET_OK);
	stet_txn_end(txn);
	assert_int_equal(e.decided, v != NULL);
	assert_int_equal(e.final.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(e.final.v[i].start, v[i].start);
		assert_int_equal(e.final.v[i].end, v[i].end);
		assert_int_equal(e.final.v[i].label, v[i].label);
	}
	assert_int_equal(e.nvalues, 2);
	for (size_t i = 0; i < e.nvalues; i++)
		stet_span_set_free(&e.values[i].set);
	free(e.values);
	stet_span_set_free(&e.final);
}

static void decisions_and_undo(void **state)
{
	const struct stet_span edited[] = {obama, paris_per};
	struct stet_review r;
	struct stet_error err = {0};
	struct stet_current cur;
	struct stet_txn *txn;
	uint64_t item;
	const char *path;
	struct stet_store *st = project("rs_decide.stet", &path);

	(void)state;
	open_review(&r, st);
	/* Take bob's set whole, then an edit of ana's (Paris as PER). */
	decide(&r, 1, &obama, 1);
	decided(st, 1, &obama, 1);
	decide(&r, 1, edited, 2);
	decided(st, 1, edited, 2);
	/* A decision on spans alone stands in `final` with no labels. */
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_final_get(txn, 1, &cur, &err), STET_OK);
	assert_int_equal(cur.nlabels, 0);
	stet_txn_end(txn);
	/* An empty decision: nothing in item 3 is a span. */
	decide(&r, 3, NULL, 0);
	decided(st, 3, edited, 0);
	assert_int_equal(r.decided, 3);
	assert_int_equal(stet_review_undo(&r, &item, &err), STET_OK);
	assert_int_equal(item, 3);
	decided(st, 3, NULL, 0);
	/* Undo puts back the decision the edit replaced. */
	assert_int_equal(stet_review_undo(&r, &item, &err), STET_OK);
	assert_int_equal(item, 1);
	decided(st, 1, &obama, 1);
	assert_int_equal(stet_review_close(&r, &err), STET_OK);

	/* Durable: read again from a reopened project. */
	stet_store_close(st);
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	decided(st, 1, &obama, 1);
	stet_store_close(st);
}

static void a_set_that_does_not_fit_is_refused(void **state)
{
	/* [0, 40) runs past the 28 code points of "Barack Obama visited
	 * Paris 0". */
	const struct stet_span past = {0, 40, 1, 0, 4};
	struct stet_span_set set;
	struct stet_review r;
	struct stet_error err = {0};
	const char *path;
	struct stet_store *st = project("rs_bad.stet", &path);

	(void)state;
	open_review(&r, st);
	stet_span_set_init(&set);
	stet_span_set_add(&set, &past);
	assert_int_equal(stet_review_decide_spans(&r, 1, &set, 0, &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "item i0"));
	assert_non_null(strstr(err.msg, "[0, 40)"));
	stet_span_set_free(&set);
	/* Nothing written: no decision, nothing to undo. */
	decided(st, 1, NULL, 0);
	assert_int_equal(r.ndone, 0);
	assert_int_equal(stet_review_close(&r, &err), STET_OK);
	stet_store_close(st);
}

/* stet export --final gives each item's decided spans, and null where
 * none was made. */
static void the_final_export_has_the_decided_spans(void **state)
{
	const struct stet_span edited[] = {obama, paris_per};
	struct stet_export_opts o = {.format = STET_FMT_JSONL, .final = true};
	struct stet_review r;
	struct stet_error err = {0};
	char buf[4096], *lines[3];
	const char *path;
	struct stet_store *st = project("rs_export.stet", &path);
	FILE *f = fmemopen(buf, sizeof buf, "w");
	size_t n = 0;

	(void)state;
	open_review(&r, st);
	decide(&r, 1, edited, 2);
	decide(&r, 3, NULL, 0);
	assert_int_equal(stet_review_close(&r, &err), STET_OK);
	assert_non_null(f);
	if (stet_export(st, &o, f, "out", &err) != STET_OK)
		fail_msg("export: %s", err.msg);
	fclose(f);
	for (char *p = strtok(buf, "\n"); p != NULL && n < 3;
	     p = strtok(NULL, "\n"))
		lines[n++] = p;
	assert_int_equal(n, 3);
	assert_non_null(strstr(lines[0], "\"final_spans\":[{\"start\":0,"
		"\"end\":12,\"label\":\"PER\",\"text\":\"Barack Obama\"},"
		"{\"start\":21,\"end\":26,\"label\":\"PER\",\"text\":"
		"\"Paris\"}]"));
	assert_non_null(strstr(lines[1], "\"final_spans\":null"));
	assert_non_null(strstr(lines[2], "\"final_spans\":[]"));
	/* The annotators' spans are not the decision's. */
	assert_null(strstr(lines[0], "\"ana\""));
	stet_store_close(st);
}

/* Each annotator against the decisions on spans. Item 1 decided as
 * bob's {Obama PER}, item 3 as nothing. ana: item 1 a=1 (decision),
 * b=2 (hers), exact 1; item 3 a=0, b=1 (Paris), exact 0; in all a=1,
 * b=3, exact 1, F1 2*1/(1+3) = 0.5. bob: item 1 a=1, b=1, exact 1;
 * item 3 a=0, b=0; F1 2*1/(1+1) = 1. */
static void annotators_against_the_decisions(void **state)
{
	struct stet_adjudicated_spans *a;
	struct stet_review r;
	struct stet_error err = {0};
	uint64_t items;
	size_t n;
	const char *path;
	struct stet_store *st = project("rs_adj.stet", &path);

	(void)state;
	open_review(&r, st);
	decide(&r, 1, &obama, 1);
	decide(&r, 3, NULL, 0);
	assert_int_equal(stet_review_close(&r, &err), STET_OK);
	if (stet_adjudicated_spans_load(st, NULL, 0, &items, &a, &n,
					&err) != STET_OK)
		fail_msg("adjudicated: %s", err.msg);
	assert_int_equal(items, 2);
	assert_int_equal(n, 2);
	assert_string_equal(a[0].name, "ana");
	assert_int_equal(a[0].items, 2);
	assert_int_equal(a[0].counts.a, 1);
	assert_int_equal(a[0].counts.b, 3);
	assert_int_equal(a[0].counts.exact, 1);
	assert_true(stet_span_f1(a[0].counts.exact, a[0].counts.a,
				 a[0].counts.b) == 0.5);
	assert_string_equal(a[1].name, "bob");
	assert_int_equal(a[1].items, 2);
	assert_int_equal(a[1].counts.a, 1);
	assert_int_equal(a[1].counts.b, 1);
	assert_int_equal(a[1].counts.exact, 1);
	stet_adjudicated_spans_free(a, n);
	stet_store_close(st);
}

static int predict_all(struct stet_txn *txn, void *ctx,
		       struct stet_error *err)
{
	return test_predictions_put(txn, "r", ctx, 3, err);
}

/* A project of item labels (multi-label: YES, id 3, and NO, id 4) and
 * spans (PER 1, LOC 2), items as add_items makes them: on item 1 ana
 * and bob mark their spans and label it YES and NO; on item 2 ana
 * marks Paris, without finishing it. */
static struct stet_store *mixed(const char *name)
{
	struct stet_store *st = NULL;
	struct stet_schema s;
	struct stet_error err = {0};
	const char *path = tmp_path(name);
	struct mark yes = {"ana", 1, NULL, 0, 3}, no = {"bob", 1, NULL, 0, 4};

	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list_kind(&s, "PER,LOC",
						    STET_KIND_SPAN, &err),
			 STET_OK);
	assert_int_equal(stet_schema_add(&s, "YES", NULL, NULL, NULL, &err),
			 STET_OK);
	assert_int_equal(stet_schema_add(&s, "NO", NULL, NULL, NULL, &err),
			 STET_OK);
	s.multi = true;
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, add_items, NULL, &err) != STET_OK)
		fail_msg("items: %s", err.msg);
	mark(st, "ana", 1, &paris, 1);
	mark(st, "bob", 1, &obama, 1);
	mark(st, "ana", 2, &paris, 1);
	if (stet_store_write(st, append_mark, &yes, &err) != STET_OK ||
	    stet_store_write(st, append_mark, &no, &err) != STET_OK)
		fail_msg("labels: %s", err.msg);
	return st;
}

/* The labels decided on item, as the readers of decisions on labels
 * see them: -1 when none is. */
static int decided_labels(struct stet_store *st, uint64_t item)
{
	struct stet_current cur;
	struct stet_error err = {0};
	struct stet_txn *txn;
	int rc;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	rc = stet_final_labels_get(txn, item, &cur, &err);
	stet_txn_end(txn);
	assert_true(rc == STET_OK || rc == STET_NOTFOUND);
	return rc == STET_OK ? (int)cur.nlabels : -1;
}

/* Where an item has only its spans decided, no reader of decisions on
 * labels takes that decision (which stands in `final` with no labels)
 * for one that no label applies: not the review of labels, stet
 * agree's agreement with the decisions, the labels standing (stet
 * learn), stet export --final, nor stet route, which leaves an item a
 * person decided. */
static void a_decision_on_spans_is_none_on_labels(void **state)
{
	struct stet_export_opts o = {.format = STET_FMT_JSONL, .final = true};
	struct stet_route_opts ro = {.model = "r", .accept = 0.9,
				     .review = 0.1, .dry_run = true,
				     .now_ms = 1000};
	struct test_pred preds[] = {{1, 1, {3}, {0.5}}, {2, 1, {3}, {0.5}},
				    {3, 1, {3}, {0.5}}};
	struct stet_review_filter f = {0};
	struct stet_review_list l;
	struct stet_adjudicated *a;
	struct stet_standing sd;
	struct stet_route_result res;
	struct stet_review r;
	struct stet_error err = {0};
	struct stet_current cur;
	struct stet_txn *txn;
	const uint32_t yes = 3;
	char buf[4096];
	struct stet_store *st = mixed("rs_mixed.stet");
	FILE *out;
	uint64_t items;
	size_t n;

	(void)state;
	open_review(&r, st);
	decide(&r, 1, &obama, 1);
	decide(&r, 2, &paris, 1);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_final_get(txn, 1, &cur, &err), STET_OK);
	assert_int_equal(cur.nlabels, 0);
	stet_txn_end(txn);
	assert_int_equal(decided_labels(st, 1), -1);

	/* The review of labels lists item 1 (YES against NO), undecided. */
	if (stet_review_list_load(st, &f, &l, &err) != STET_OK)
		fail_msg("list: %s", err.msg);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].item, 1);
	assert_false(l.v[0].decided);
	stet_review_list_free(&l);
	/* Nobody's labels are set against a decision on spans. */
	if (stet_adjudicated_load(st, NULL, 0, &items, &a, &n, &err) !=
	    STET_OK)
		fail_msg("adjudicated: %s", err.msg);
	assert_int_equal(items, 0);
	assert_int_equal(n, 0);
	stet_adjudicated_free(a, n);
	/* Item 1's labels stand by no decision (YES and NO tie). */
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_standing_load(txn, true, NULL, &sd, &err),
			 STET_OK);
	stet_txn_end(txn);
	assert_int_equal(sd.decisions, 0);
	stet_standing_free(&sd);
	/* export --final: "final" null, not [] (no label applies). */
	out = fmemopen(buf, sizeof buf, "w");
	assert_non_null(out);
	if (stet_export(st, &o, out, "out", &err) != STET_OK)
		fail_msg("export: %s", err.msg);
	fclose(out);
	assert_non_null(strstr(buf, "\"id\":\"i0\""));
	assert_null(strstr(buf, "\"final\":[]"));
	/* Item 2, which only its spans decide, is routed: one person's
	 * value stands on item 1 alone. */
	if (stet_store_write(st, predict_all, preds, &err) != STET_OK)
		fail_msg("predict: %s", err.msg);
	if (stet_route_run(st, &ro, &res, &err) != STET_OK)
		fail_msg("route: %s", err.msg);
	assert_int_equal(res.labeled, 1);

	/* A decision on labels, then one on spans: the spans' carries the
	 * labels, which stay decided. */
	assert_int_equal(stet_review_decide(&r, 1, &yes, 1, 100, &err),
			 STET_OK);
	decide(&r, 1, &paris, 1);
	assert_int_equal(decided_labels(st, 1), 1);
	/* A decision that no label applies, then one on spans: still a
	 * decision on labels, of none. */
	assert_int_equal(stet_review_decide(&r, 2, NULL, 0, 100, &err),
			 STET_OK);
	decide(&r, 2, &obama, 1);
	assert_int_equal(decided_labels(st, 2), 0);
	/* Undone, the decision on spans alone is back: none on labels. */
	assert_int_equal(stet_review_undo(&r, &items, &err), STET_OK);
	assert_int_equal(stet_review_undo(&r, &items, &err), STET_OK);
	assert_int_equal(decided_labels(st, 2), -1);
	assert_int_equal(stet_review_close(&r, &err), STET_OK);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lists_the_disagreements),
		cmocka_unit_test(filters_narrow_the_list),
		cmocka_unit_test(decisions_and_undo),
		cmocka_unit_test(a_set_that_does_not_fit_is_refused),
		cmocka_unit_test(the_final_export_has_the_decided_spans),
		cmocka_unit_test(annotators_against_the_decisions),
		cmocka_unit_test(a_decision_on_spans_is_none_on_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
