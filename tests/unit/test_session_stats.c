/* Sessions read back from a project's events (stet/session_labels.h),
 * their statistics, and the verdict the label screen asks for. */
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
#include "stet/schema.h"
#include "stet/session_labels.h"
#include "stet/stats.h"
#include "stet/store.h"
#include "items.h"
#include "tmpdir.h"

#include "seeded.h"

/* ---- sessions from a store ---- */

struct ev_spec {
	int session;    /* 0: ann's, 1: other's */
	enum stet_action action;
	int item;       /* 1-based */
	uint32_t label; /* label id, 0 none */
	int64_t t;
	uint32_t dur;
	int target;     /* UNDO: index of the event in this list */
};

struct fill {
	const struct ev_spec *ev;
	size_t n;
	int nitems;
	uint64_t ids[64];
};

static int fill_store(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct fill *f = ctx;
	struct stet_session s[2];
	uint32_t ann[2];
	bool created;
	const char *who[2] = {"ann", "other"};

	for (int i = 1; i <= f->nitems; i++) {
		char ext[16], text[64];

		snprintf(ext, sizeof ext, "i%d", i);
		snprintf(text, sizeof text, "item %d has five words", i);
		if (test_text_item_add(txn, ext, text, NULL, err) != STET_OK)
			return STET_ERR;
	}
	for (int k = 0; k < 2; k++) {
		if (stet_annotator_ensure(txn, who[k], STET_ROLE_ANNOTATOR,
					  &ann[k], &created, err) != STET_OK)
			return STET_ERR;
		memset(&s[k], 0, sizeof s[k]);
		s[k].annotator = ann[k];
		s[k].start_ms = 1000000000000LL;
		s[k].end_ms = k == 0 ? 1000000000000LL + 3600000 : 0;
		if (stet_session_add(txn, &s[k], err) != STET_OK)
			return STET_ERR;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct ev_spec *e = &f->ev[i];
		struct stet_event ev;

		memset(&ev, 0, sizeof ev);
		ev.session = s[e->session].id;
		ev.annotator = ann[e->session];
		ev.item = (uint64_t)e->item;
		ev.action = e->action;
		ev.time_ms = 1000000000000LL + e->t;
		ev.duration_ms = e->dur;
		if (e->label) {
			ev.labels[0] = e->label;
			ev.nlabels = 1;
		}
		if (e->action == STET_ACT_UNDO)
			ev.target = f->ids[e->target];
		if (stet_event_append(txn, &ev, err) != STET_OK)
			return STET_ERR;
		f->ids[i] = ev.id;
		stet_event_clear(&ev);
	}
	return STET_OK;
}

static struct stet_store *store_with(const char *name, struct fill *f)
{
	struct stet_store *st = NULL;
	struct stet_schema s;
	struct stet_error err = {0};
	const char *path = tmp_path(name);

	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "POS,NEG,NEU", &err), STET_OK);
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, fill_store, f, &err) != STET_OK)
		fail_msg("fill: %s", err.msg);
	return st;
}

enum { POS = 1, NEG = 2, NEU = 3 };

static const struct ev_spec story[] = {
	{0, STET_ACT_LABEL, 1, POS, 1000, 1000, 0},   /* 0 */
	{0, STET_ACT_LABEL, 2, NEG, 3000, 2000, 0},   /* 1 */
	{0, STET_ACT_SKIP, 3, 0, 4000, 1000, 0},      /* 2 */
	{0, STET_ACT_LABEL, 4, NEU, 6000, 2000, 0},   /* 3: undone */
	{0, STET_ACT_UNDO, 4, 0, 6500, 0, 3},         /* 4 */
	{0, STET_ACT_LABEL, 4, POS, 8000, 1500, 0},   /* 5 */
	{0, STET_ACT_LABEL, 1, NEG, 9000, 1000, 0},   /* 6: changes item 1 */
	{0, STET_ACT_LABEL, 5, POS, 10000, 1000, 0},  /* 7 */
	{0, STET_ACT_UNLABEL, 5, 0, 11000, 500, 0},   /* 8: takes it away */
	{0, STET_ACT_LABEL, 6, NEG, 12000, 1000, 0},  /* 9 */
	{1, STET_ACT_LABEL, 1, NEG, 2000, 3000, 0},
	{1, STET_ACT_LABEL, 2, POS, 5000, 3000, 0},
	{1, STET_ACT_LABEL, 4, POS, 8000, 3000, 0},
	{1, STET_ACT_LABEL, 6, NEU, 11000, 3000, 0},
};

static void sessions_from_events(void **state)
{
	struct fill f = {story, sizeof story / sizeof *story, 6, {0}};
	struct stet_store *st = store_with("story.stet", &f);
	struct stet_session_labels_opts lo = {.words = true, .standing = true};
	struct stet_session_labels sl;
	struct stet_session_agreement ag;
	struct stet_error err = {0};
	const struct stet_sl_session *s;
	static const uint64_t order[] = {1, 2, 4, 6};
	static const uint32_t pos[] = {0, 1, STET_SL_NONE, 2, 2, 2, 0,
				       STET_SL_NONE, STET_SL_NONE, 3};
	static const uint32_t at[] = {1, 2, 2, 2, 2, 3, 3, 3, 3, 4};
	char name[64];

	(void)state;
	if (stet_session_labels_load(st, &lo, &sl, &err) != STET_OK)
		fail_msg("load: %s", err.msg);
	assert_int_equal(sl.nsessions, 2);
	s = &sl.sessions[0];
	assert_string_equal(s->annotator_name, "ann");
	assert_string_equal(s->name, "1");
	assert_int_equal(s->nsteps, 10);
	assert_int_equal(s->nitems, 4);
	assert_int_equal(s->labels, 7);
	assert_int_equal(s->skipped, 1);
	assert_int_equal(s->undos, 1);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(s->items[i].item, order[i]);
	assert_string_equal(stet_sl_set_name(&sl, s->items[0].set, name, sizeof name), "NEG");
	assert_string_equal(stet_sl_set_name(&sl, s->items[2].set, name, sizeof name), "POS");
	assert_int_equal(s->items[0].duration_ms, 2000);
	assert_int_equal(s->items[2].duration_ms, 3500);
	assert_int_equal(s->items[0].first_ms, 1000000000000LL + 1000);
	assert_int_equal(s->items[0].time_ms, 1000000000000LL + 9000);
	assert_int_equal(s->items[0].words, 5);
	for (size_t i = 0; i < 10; i++) {
		assert_int_equal(s->steps[i].pos, pos[i]);
		assert_int_equal(s->steps[i].at, at[i]);
		assert_int_equal(s->steps[i].undone, i == 3);
	}
	/* Against "other": items 1 and 4 agree, 2 and 6 do not. Pooled
	 * kappa: po 1/2; pe = 3/4 * 1/4 (NEG) + 1/4 * 1/2 (POS). */
	stet_session_agreement(&sl, s, 0, s->nitems, &ag);
	assert_int_equal(ag.items, 4);
	assert_int_equal(ag.pairs, 4);
	assert_int_equal(ag.agreed, 2);
	near(ag.percent, 0.5, 1e-15, "percent");
	near(ag.kappa, (0.5 - 0.3125) / (1 - 0.3125), 1e-12, "kappa");
	stet_session_agreement(&sl, s, 2, 3, &ag);
	assert_int_equal(ag.pairs, 1);
	assert_int_equal(ag.agreed, 1);
	/* other's session is still open: its end is its last event. */
	assert_int_equal(sl.sessions[1].end_ms, 0);
	stet_session_labels_free(&sl);

	/* opts.agreement gives the same comparisons and keeps neither the
	 * items nor the steps, only their counts. */
	lo.agreement = true;
	if (stet_session_labels_load(st, &lo, &sl, &err) != STET_OK)
		fail_msg("load for agreement: %s", err.msg);
	assert_int_equal(sl.nsessions, 2);
	s = &sl.sessions[0];
	assert_null(s->items);
	assert_null(s->steps);
	assert_int_equal(s->nitems, 4);
	assert_int_equal(s->nsteps, 10);
	assert_int_equal(s->agreement.items, 4);
	assert_int_equal(s->agreement.pairs, 4);
	assert_int_equal(s->agreement.agreed, 2);
	near(s->agreement.kappa, (0.5 - 0.3125) / (1 - 0.3125), 1e-12,
	     "kappa for agreement");
	/* other's four items against ann's: 1 and 4 agree (as above). */
	assert_int_equal(sl.sessions[1].agreement.pairs, 4);
	assert_int_equal(sl.sessions[1].agreement.agreed, 2);
	stet_session_labels_free(&sl);
	lo.agreement = false;

	lo.annotator = "other";
	if (stet_session_labels_load(st, &lo, &sl, &err) != STET_OK)
		fail_msg("load other: %s", err.msg);
	assert_int_equal(sl.nsessions, 1);
	assert_string_equal(sl.sessions[0].annotator_name, "other");
	stet_session_labels_free(&sl);
	lo.annotator = "nobody";
	assert_int_equal(stet_session_labels_load(st, &lo, &sl, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "no annotator named \"nobody\""));
	stet_store_close(st);
}

/* The others' standing values come from one walk over `current` when
 * the sessions labeled much of the project (all sessions: 50 items of
 * 52 values) and from a seek per item when they labeled little (ann's
 * session alone: 2 items, under a sixteenth): the same comparisons
 * either way. */
static void standing_by_walk_and_by_seek(void **state)
{
	struct ev_spec ev[52];
	struct fill f = {ev, 52, 50, {0}};
	struct stet_store *st;
	struct stet_session_labels_opts lo = {.standing = true};
	struct stet_session_labels sl;
	struct stet_session_agreement ag;
	struct stet_error err = {0};

	(void)state;
	for (int i = 0; i < 50; i++)
		ev[i] = (struct ev_spec){1, STET_ACT_LABEL, i + 1,
					 (uint32_t)(1 + i % 3), 1000 * (i + 1),
					 500, 0};
	/* other said POS on item 7 and NEG on item 8. */
	ev[50] = (struct ev_spec){0, STET_ACT_LABEL, 7, POS, 60000, 500, 0};
	ev[51] = (struct ev_spec){0, STET_ACT_LABEL, 8, POS, 61000, 500, 0};
	st = store_with("standing.stet", &f);
	for (int pass = 0; pass < 2; pass++) {
		const struct stet_sl_session *ann = NULL;

		lo.annotator = pass == 0 ? NULL : "ann";
		if (stet_session_labels_load(st, &lo, &sl, &err) != STET_OK)
			fail_msg("load (pass %d): %s", pass, err.msg);
		for (size_t i = 0; i < sl.nsessions; i++)
			if (strcmp(sl.sessions[i].annotator_name, "ann") == 0)
				ann = &sl.sessions[i];
		assert_non_null(ann);
		assert_int_equal(ann->nitems, 2);
		stet_session_agreement(&sl, ann, 0, ann->nitems, &ag);
		assert_int_equal(ag.items, 2);
		assert_int_equal(ag.pairs, 2);
		assert_int_equal(ag.agreed, 1);
		stet_session_labels_free(&sl);
		/* The same with opts.agreement, which finds the items to
		 * look up from the events. */
		lo.agreement = true;
		if (stet_session_labels_load(st, &lo, &sl, &err) != STET_OK)
			fail_msg("load for agreement (pass %d): %s", pass,
				 err.msg);
		for (size_t i = 0; i < sl.nsessions; i++)
			if (strcmp(sl.sessions[i].annotator_name, "ann") == 0)
				ann = &sl.sessions[i];
		assert_int_equal(ann->agreement.items, 2);
		assert_int_equal(ann->agreement.pairs, 2);
		assert_int_equal(ann->agreement.agreed, 1);
		stet_session_labels_free(&sl);
		lo.agreement = false;
	}
	stet_store_close(st);
}

static void session_stats_from_events(void **state)
{
	struct fill f = {story, sizeof story / sizeof *story, 6, {0}};
	struct stet_store *st = store_with("story2.stet", &f);
	struct stet_session_labels_opts lo = {.words = true, .standing = true};
	struct stet_session_labels sl;
	struct stet_session_stats ss;
	struct stet_stats_opts o;
	struct stet_error err = {0};

	(void)state;
	if (stet_session_labels_load(st, &lo, &sl, &err) != STET_OK)
		fail_msg("load: %s", err.msg);
	stet_stats_opts_init(&o);
	stet_session_stats(&sl, &sl.sessions[0], &o, &ss);
	/* Every duration, and the undo's 500 ms since the event before. */
	near(ss.active_minutes, 11500 / 60000.0, 1e-12, "active minutes");
	assert_int_equal(ss.breaks, 0);
	assert_int_equal(ss.labeled, 4);
	assert_int_equal(ss.skipped, 1);
	assert_int_equal(ss.undone, 1);
	assert_false(ss.open);
	/* item 1: 2 s; item 2: 2 s; item 4: 2 + 0.5 + 1.5 s; item 6: 1 s */
	near(ss.pace.median_seconds, 2, 1e-12, "median");
	/* The undo came after the second item, before the third. */
	near(ss.pace.q[1].undo_rate, 1, 1e-12, "undo in the second quarter");
	stet_session_stats_free(&ss);
	/* A 1-second idle time cuts the three events of 1.5 and 2 s to
	 * 1 s each, and makes breaks of them. */
	o.idle_ms = 1000;
	stet_session_stats(&sl, &sl.sessions[0], &o, &ss);
	assert_int_equal(ss.breaks, 3);
	near(ss.break_minutes, 2500 / 60000.0, 1e-12, "past the idle time");
	near(ss.active_minutes, 9000 / 60000.0, 1e-12, "capped");
	stet_session_stats_free(&ss);
	stet_session_labels_free(&sl);
	stet_store_close(st);
}

static void fatigue_now_for_label(void **state)
{
	static struct ev_spec ev[60];
	struct fill f = {ev, 60, 60, {0}};
	struct stet_store *st;
	struct stet_error err = {0};
	char why[1024];
	bool fatigue = true;
	int64_t t = 0;

	(void)state;
	rng_state = 21;
	/* One session slowing from 3 s to 12 s an item. */
	for (int i = 0; i < 60; i++) {
		uint32_t d = (uint32_t)(3000 * (1 + 3.0 * i / 59) *
					exp(0.2 * gauss()));

		t += d;
		ev[i] = (struct ev_spec){0, STET_ACT_LABEL, i + 1,
					 (uint32_t)(1 + rng_next() % 3), t, d, 0};
	}
	st = store_with("tired.stet", &f);
	if (stet_fatigue_now(st, 1, 0, &fatigue, why, sizeof why, &err) != STET_OK)
		fail_msg("fatigue: %s", err.msg);
	assert_true(fatigue);
	assert_non_null(strstr(why, "slowing"));
	/* From the first event on: the same. */
	if (stet_fatigue_now(st, 1, f.ids[0], &fatigue, why, sizeof why, &err) != STET_OK)
		fail_msg("fatigue: %s", err.msg);
	assert_true(fatigue);
	/* A session without events: nothing to say. */
	assert_int_equal(stet_fatigue_now(st, 2, 0, &fatigue, why, sizeof why,
					  &err), STET_OK);
	assert_false(fatigue);
	assert_string_equal(why, "");
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sessions_from_events),
		cmocka_unit_test(standing_by_walk_and_by_seek),
		cmocka_unit_test(session_stats_from_events),
		cmocka_unit_test(fatigue_now_for_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
