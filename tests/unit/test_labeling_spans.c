/* A labeling session's span changes (stet_labeling_spans): each is one
 * SPANS event holding the item's whole set, read back as it stands,
 * durable across a reopen, taken back one step at a time by undo, and
 * serving nothing (the item stays until a label finishes it). */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/item.h"
#include "stet/labeling.h"
#include "stet/project.h"
#include "stet/schema.h"
#include "stet/spans.h"
#include "stet/store.h"
#include "tmpdir.h"

/* Every item has the same words, so that the same spans fit each:
 * Barack [0,6) Obama [7,12) visited [13,20) Paris [21,26). */
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

static struct stet_store *project(const char *name, const char **path_out)
{
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
	*path_out = path;
	return st;
}

static void lopen(struct stet_labeling *l, struct stet_store *st)
{
	struct stet_labeling_opts o = {
		.annotator = "ana", .order = STET_ORDER_SEQUENTIAL, .seed = 1,
	};
	struct stet_error err = {0};

	if (stet_labeling_open(l, st, &o, &err) != STET_OK)
		fail_msg("labeling open: %s", err.msg);
}

static void lclose(struct stet_labeling *l)
{
	struct stet_error err = {0};

	if (stet_labeling_close(l, &err) != STET_OK)
		fail_msg("labeling close: %s", err.msg);
}

/* "Barack Obama" is code points [0, 12), tokens 0-1; "Paris" [21, 26),
 * token 3; PER is label 1, LOC 2. */
static const struct stet_span obama = {0, 12, 1, 0, 2};
static const struct stet_span paris = {21, 26, 2, 3, 4};

static void save(struct stet_labeling *l, uint64_t pos,
		 const struct stet_span *v, size_t n)
{
	struct stet_span_set set;
	struct stet_error err = {0};

	stet_span_set_init(&set);
	for (size_t i = 0; i < n; i++)
		stet_span_set_add(&set, &v[i]);
	stet_span_set_normalize(&set);
	if (stet_labeling_spans(l, pos, &set, 300, &err) != STET_OK)
		fail_msg("spans at %llu: %s", (unsigned long long)pos, err.msg);
	stet_span_set_free(&set);
}

/* The set that stands at pos is v[0..n), in order. */
static void stands(struct stet_labeling *l, uint64_t pos,
		   const struct stet_span *v, size_t n)
{
	struct stet_span_set set;
	struct stet_error err = {0};

	stet_span_set_init(&set);
	if (stet_labeling_spans_get(l, pos, &set, &err) != STET_OK)
		fail_msg("spans get: %s", err.msg);
	assert_int_equal(set.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(set.v[i].start, v[i].start);
		assert_int_equal(set.v[i].end, v[i].end);
		assert_int_equal(set.v[i].label, v[i].label);
		assert_int_equal(set.v[i].tok_start, v[i].tok_start);
		assert_int_equal(set.v[i].tok_end, v[i].tok_end);
	}
	stet_span_set_free(&set);
}

static void each_change_is_one_event_with_the_whole_set(void **state)
{
	struct stet_labeling l;
	struct stet_store *st;
	struct stet_event ev;
	struct stet_txn *txn;
	struct stet_error err = {0};
	const struct stet_span both[] = {obama, paris};
	const char *path;
	uint64_t first;

	(void)state;
	st = project("whole.stet", &path);
	lopen(&l, st);
	stands(&l, 0, NULL, 0);
	save(&l, 0, &obama, 1);
	first = l.done[l.ndone - 1].event;
	save(&l, 0, both, 2);
	stands(&l, 0, both, 2);
	/* Two changes, two events; the second holds both spans. */
	assert_int_equal(l.ndone, 2);
	assert_int_equal(l.done[1].event, first + 1);
	memset(&ev, 0, sizeof ev);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_event_get(txn, first + 1, &ev, &err), STET_OK);
	stet_txn_end(txn);
	assert_int_equal(ev.action, STET_ACT_SPANS);
	assert_true(ev.has_spans);
	assert_int_equal(ev.nspans, 2);
	assert_int_equal(ev.replaced, first);
	assert_int_equal(ev.duration_ms, 300);
	assert_int_equal(ev.item, stet_queue_item(&l.queue, 0));
	stet_event_clear(&ev);
	/* Deleting every span leaves an empty set standing. */
	save(&l, 0, NULL, 0);
	stands(&l, 0, NULL, 0);
	lclose(&l);
	stet_store_close(st);
}

static void undo_steps_back_one_change(void **state)
{
	struct stet_labeling l;
	struct stet_store *st;
	struct stet_error err = {0};
	const struct stet_span both[] = {obama, paris};
	enum stet_action what = 0;
	const char *path;
	uint64_t pos = 99;

	(void)state;
	st = project("undo.stet", &path);
	lopen(&l, st);
	save(&l, 1, &obama, 1);
	save(&l, 1, both, 2);
	assert_int_equal(stet_labeling_undo(&l, &pos, &what, &err), STET_OK);
	assert_int_equal(pos, 1);
	assert_int_equal(what, STET_ACT_SPANS);
	stands(&l, 1, &obama, 1);
	assert_int_equal(stet_labeling_undo(&l, &pos, &what, &err), STET_OK);
	stands(&l, 1, NULL, 0);
	assert_int_equal(stet_labeling_undo(&l, &pos, &what, &err),
			 STET_NOTFOUND);
	lclose(&l);
	stet_store_close(st);
}

/* A span change serves nothing and finishes nothing: the item counts
 * as left until a label says the annotator is done with it. */
static void a_change_leaves_the_item_to_finish(void **state)
{
	struct stet_labeling l;
	struct stet_store *st;
	const char *path;
	uint64_t left;

	(void)state;
	st = project("serve.stet", &path);
	lopen(&l, st);
	left = l.progress.left;
	save(&l, 0, &obama, 1);
	assert_int_equal(l.progress.left, left);
	assert_int_equal(l.labeled, 0);
	lclose(&l);
	stet_store_close(st);
}

static void a_saved_set_survives_a_reopen(void **state)
{
	struct stet_labeling l;
	struct stet_store *st;
	struct stet_error err = {0};
	const struct stet_span both[] = {obama, paris};
	const char *path;

	(void)state;
	st = project("reopen.stet", &path);
	lopen(&l, st);
	save(&l, 2, both, 2);
	lclose(&l);
	stet_store_close(st);
	if (stet_project_open(path, 0, &st, &err) != STET_OK)
		fail_msg("reopen: %s", err.msg);
	lopen(&l, st);
	stands(&l, 2, both, 2);
	lclose(&l);
	stet_store_close(st);
}

/* A set that may not stand on the item (a span past its text, one
 * that cuts a word's offsets from its tokens) is refused with the item
 * and the span named, and nothing is written. */
static void a_set_that_does_not_fit_is_refused(void **state)
{
	struct stet_labeling l;
	struct stet_store *st;
	struct stet_span_set set;
	struct stet_error err = {0};
	const struct stet_span past = {21, 99, 2, 3, 4};
	const char *path;
	uint64_t before;

	(void)state;
	st = project("refused.stet", &path);
	lopen(&l, st);
	save(&l, 0, &obama, 1);
	before = l.ndone;
	stet_span_set_init(&set);
	stet_span_set_add(&set, &obama);
	stet_span_set_add(&set, &past);
	stet_span_set_normalize(&set);
	assert_int_equal(stet_labeling_spans(&l, 0, &set, 10, &err), STET_ERR);
	if (strstr(err.msg, "item i0") == NULL || strstr(err.msg, "99") == NULL)
		fail_msg("the message names neither the item nor the span: %s",
			 err.msg);
	stet_span_set_free(&set);
	assert_int_equal(l.ndone, before);
	stands(&l, 0, &obama, 1);
	lclose(&l);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_change_is_one_event_with_the_whole_set),
		cmocka_unit_test(undo_steps_back_one_change),
		cmocka_unit_test(a_change_leaves_the_item_to_finish),
		cmocka_unit_test(a_saved_set_survives_a_reopen),
		cmocka_unit_test(a_set_that_does_not_fit_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
