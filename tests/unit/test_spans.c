#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/item.h"
#include "stet/project.h"
#include "stet/spans.h"
#include "stet/store.h"
#include "stet/verify.h"
#include "older.h"
#include "tmpdir.h"

static struct stet_store *create(const char *name, char path[512])
{
	struct stet_store *st = NULL;
	struct stet_error err = {0};

	snprintf(path, 512, "%s", tmp_path(name));
	unlink(path);
	if (stet_store_open(path, STET_OPEN_CREATE, NULL, &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	return st;
}

static void set_of(struct stet_span_set *s, const struct stet_span *v,
		   size_t n)
{
	stet_span_set_init(s);
	for (size_t i = 0; i < n; i++)
		stet_span_set_add(s, &v[i]);
}

static void normalize_sorts_and_drops_duplicates(void **state)
{
	const struct stet_span in[] = {
		{5, 9, 2, 1, 2}, {0, 4, 1, 0, 1}, {5, 9, 1, 1, 2},
		{0, 4, 1, 0, 1}, {0, 9, 3, 0, 2},
	};
	struct stet_span_set s;

	(void)state;
	set_of(&s, in, 5);
	stet_span_set_normalize(&s);
	/* (start, end, label) order; the second {0, 4, 1} was a copy. */
	assert_int_equal(s.n, 4);
	assert_int_equal(s.v[0].end, 4);
	assert_int_equal(s.v[1].end, 9);
	assert_int_equal(s.v[1].label, 3);
	assert_int_equal(s.v[2].label, 1);
	assert_int_equal(s.v[3].label, 2);
	stet_span_set_free(&s);
}

static void token_range_finds_the_tokens_a_span_touches(void **state)
{
	/* "José met Ana ." with "met" a multiword token of two words. */
	struct stet_token v[] = {
		{0, 4, 0}, {5, 8, STET_TOKEN_IN_MULTIWORD},
		{5, 8, STET_TOKEN_IN_MULTIWORD}, {9, 12, 0}, {13, 14, 0},
	};
	struct stet_tokens t = {v, 5, 5}, none = {NULL, 0, 0};
	uint32_t ts, te;

	(void)state;
	stet_span_token_range(&t, 0, 4, &ts, &te);
	assert_int_equal(ts, 0);
	assert_int_equal(te, 1);
	/* A cut inside "José" and "met" touches both, and both words. */
	stet_span_token_range(&t, 2, 6, &ts, &te);
	assert_int_equal(ts, 0);
	assert_int_equal(te, 3);
	stet_span_token_range(&t, 9, 14, &ts, &te);
	assert_int_equal(ts, 3);
	assert_int_equal(te, 5);
	/* The space between tokens touches none: an empty range there. */
	stet_span_token_range(&t, 8, 9, &ts, &te);
	assert_int_equal(ts, 3);
	assert_int_equal(te, 3);
	stet_span_token_range(&none, 3, 7, &ts, &te);
	assert_int_equal(ts, 0);
	assert_int_equal(te, 0);
}

static void event_spans(struct stet_event *ev, const struct stet_span *v,
			size_t n)
{
	ev->spans = n ? stet_xmalloc(n * sizeof *v) : NULL;
	if (n)
		memcpy(ev->spans, v, n * sizeof *v);
	ev->nspans = n;
	ev->has_spans = true;
}

static void record_round_trip(void **state)
{
	const struct stet_span v[] = {
		{0, 4, 1, 0, 1}, {0, 4, 2, 0, 1}, {70000, 70007, 300, 9000, 9002},
	};
	struct stet_event ev, back;
	struct stet_buf b;
	struct stet_error err = {0};

	(void)state;
	memset(&ev, 0, sizeof ev);
	memset(&back, 0, sizeof back);
	stet_buf_init(&b);
	ev.action = STET_ACT_LABEL;
	ev.item = 7;
	ev.nlabels = 1;
	ev.labels[0] = 3;
	/* Without spans the record stays version 1, as before spans. */
	stet_event_encode(&ev, &b);
	assert_int_equal((unsigned char)b.data[0], 1);

	ev.action = STET_ACT_SPANS;
	ev.nlabels = 0;
	event_spans(&ev, v, 3);
	stet_event_encode(&ev, &b);
	assert_int_equal((unsigned char)b.data[0], 2);
	assert_int_equal(stet_event_decode(b.data, b.len, &back, &err),
			 STET_OK);
	assert_int_equal(back.action, STET_ACT_SPANS);
	assert_true(back.has_spans);
	assert_int_equal(back.nspans, 3);
	assert_memory_equal(back.spans, v, sizeof v);

	/* A damaged record is refused and leaves nothing behind. */
	assert_int_equal(stet_event_decode(b.data, b.len - 3, &back, &err),
			 STET_ERR);
	assert_null(back.spans);

	/* The empty set is a set: every span deleted. */
	stet_event_clear(&ev);
	ev.action = STET_ACT_ADJUDICATE;
	event_spans(&ev, NULL, 0);
	stet_event_encode(&ev, &b);
	assert_int_equal(stet_event_decode(b.data, b.len, &back, &err),
			 STET_OK);
	assert_true(back.has_spans);
	assert_int_equal(back.nspans, 0);
	/* Decoding into a used event drops what it held. */
	stet_event_clear(&ev);
	ev.action = STET_ACT_NOTE;
	stet_event_encode(&ev, &b);
	assert_int_equal(stet_event_decode(b.data, b.len, &back, &err),
			 STET_OK);
	assert_false(back.has_spans);
	stet_event_clear(&back);
	stet_buf_free(&b);
}

struct step {
	enum stet_action action;
	uint32_t annotator;
	const struct stet_span *spans; /* SPANS, ADJUDICATE: NULL for none */
	size_t nspans;
	uint64_t target;               /* UNDO */
};

struct run {
	const struct step *s;
	size_t n;
	uint64_t last;
};

static int run(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct run *r = ctx;

	for (size_t i = 0; i < r->n; i++) {
		const struct step *s = &r->s[i];
		struct stet_event ev;
		int rc;

		memset(&ev, 0, sizeof ev);
		ev.action = s->action;
		ev.item = 7;
		ev.annotator = s->annotator ? s->annotator : 1;
		ev.session = 1;
		ev.target = s->target;
		if (s->action == STET_ACT_ADJUDICATE) {
			ev.labels[0] = 1;
			ev.nlabels = 1;
		}
		if (s->spans != NULL || s->action == STET_ACT_SPANS)
			event_spans(&ev, s->spans, s->nspans);
		rc = stet_event_append(txn, &ev, err);
		r->last = ev.id;
		stet_event_clear(&ev);
		if (rc != STET_OK)
			return rc;
	}
	return STET_OK;
}

static uint64_t step(struct stet_store *st, struct step s)
{
	struct run r = {&s, 1, 0};
	struct stet_error err = {0};

	if (stet_store_write(st, run, &r, &err) != STET_OK)
		fail_msg("%s", err.msg);
	return r.last;
}

/* The set standing for item 7 and annotator: its size, -1 when none;
 * *event the SPANS event that set it. */
static int standing(struct stet_store *st, uint32_t annotator,
		    uint64_t *event)
{
	struct stet_txn *txn;
	struct stet_span_set s;
	struct stet_error err = {0};
	int rc, n;

	stet_span_set_init(&s);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	rc = stet_spans_get(txn, 7, annotator, &s, event, &err);
	stet_txn_end(txn);
	assert_true(rc == STET_OK || rc == STET_NOTFOUND);
	n = rc == STET_OK ? (int)s.n : -1;
	stet_span_set_free(&s);
	return n;
}

static int final_standing(struct stet_store *st)
{
	struct stet_txn *txn;
	struct stet_span_set s;
	struct stet_error err = {0};
	int rc, n;

	stet_span_set_init(&s);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	rc = stet_spans_final_get(txn, 7, &s, &err);
	stet_txn_end(txn);
	assert_true(rc == STET_OK || rc == STET_NOTFOUND);
	n = rc == STET_OK ? (int)s.n : -1;
	stet_span_set_free(&s);
	return n;
}

static const struct stet_span one[] = {{0, 4, 1, 0, 1}};
static const struct stet_span two[] = {{5, 8, 2, 1, 2}, {0, 4, 1, 0, 1}};
static const struct stet_span three[] = {
	{0, 4, 1, 0, 1}, {5, 8, 2, 1, 2}, {9, 12, 1, 2, 3},
};

static void spans_append_replace_and_undo(void **state)
{
	char path[512];
	struct stet_store *st = create("spans.stet", path);
	struct stet_txn *txn;
	struct stet_event ev;
	struct stet_error err = {0};
	uint64_t e1, e2, e3, at;

	(void)state;
	assert_int_equal(standing(st, 1, &at), -1);
	e1 = step(st, (struct step){STET_ACT_SPANS, 1, one, 1, 0});
	e2 = step(st, (struct step){STET_ACT_SPANS, 1, two, 2, 0});
	assert_int_equal(standing(st, 1, &at), 2);
	assert_int_equal(at, e2);
	/* Another annotator's set stands apart. */
	step(st, (struct step){STET_ACT_SPANS, 2, three, 3, 0});
	assert_int_equal(standing(st, 2, &at), 3);

	/* e2 replaced e1, and was stored sorted. */
	memset(&ev, 0, sizeof ev);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_event_get(txn, e2, &ev, &err), STET_OK);
	stet_txn_end(txn);
	assert_int_equal(ev.replaced, e1);
	assert_int_equal(ev.spans[0].start, 0);
	assert_int_equal(ev.spans[1].start, 5);
	stet_event_clear(&ev);

	/* Undo of a replaced set changes nothing; of the standing one,
	 * puts back the one it replaced; then none stands. */
	step(st, (struct step){STET_ACT_UNDO, 1, NULL, 0, e1});
	assert_int_equal(standing(st, 1, &at), 2);
	step(st, (struct step){STET_ACT_UNDO, 1, NULL, 0, e2});
	assert_int_equal(standing(st, 1, &at), 1);
	assert_int_equal(at, e1);
	step(st, (struct step){STET_ACT_UNDO, 1, NULL, 0, e1});
	assert_int_equal(standing(st, 1, &at), -1);

	/* Deleting every span leaves an empty set standing, not none. */
	e3 = step(st, (struct step){STET_ACT_SPANS, 1, NULL, 0, 0});
	assert_int_equal(standing(st, 1, &at), 0);
	assert_int_equal(at, e3);
	assert_int_equal(standing(st, 2, &at), 3);
	stet_store_close(st);
}

/* seen: the sets walked, then the SPANS event of annotator 1's set and
 * of annotator 2's. */
static int count_sets(void *ctx, uint64_t item, uint32_t annotator,
		      struct stet_span_set *s, uint64_t event,
		      struct stet_error *err)
{
	uint64_t *seen = ctx;

	(void)err;
	assert_int_equal(item, 7);
	/* Annotator order: 1 then 2, sizes 1 and 3. */
	assert_int_equal(annotator, seen[0] + 1);
	assert_int_equal(s->n, annotator == 1 ? 1 : 3);
	/* Each with the event that saved it. */
	assert_int_equal(event, seen[annotator]);
	seen[0]++;
	return STET_OK;
}

static void each_walks_in_item_annotator_order(void **state)
{
	char path[512];
	struct stet_store *st = create("each.stet", path);
	struct stet_txn *txn;
	struct stet_error err = {0};
	uint64_t seen[3] = {0};

	(void)state;
	seen[2] = step(st, (struct step){STET_ACT_SPANS, 2, three, 3, 0});
	seen[1] = step(st, (struct step){STET_ACT_SPANS, 1, one, 1, 0});
	assert_int_not_equal(seen[1], seen[2]);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_spans_each(txn, count_sets, seen, &err), STET_OK);
	stet_txn_end(txn);
	assert_int_equal(seen[0], 2);
	stet_store_close(st);
}

static void decision_spans_and_their_undo(void **state)
{
	char path[512];
	struct stet_store *st = create("final.stet", path);
	uint64_t a1, a2, a3;
	struct stet_txn *txn;
	struct stet_current cur;
	struct stet_error err = {0};

	(void)state;
	a1 = step(st, (struct step){STET_ACT_ADJUDICATE, 1, one, 1, 0});
	assert_int_equal(final_standing(st), 1);
	/* A decision on the item labels alone leaves the spans decided. */
	a2 = step(st, (struct step){STET_ACT_ADJUDICATE, 1, NULL, 0, 0});
	assert_int_equal(final_standing(st), 1);
	a3 = step(st, (struct step){STET_ACT_ADJUDICATE, 1, three, 3, 0});
	assert_int_equal(final_standing(st), 3);
	/* Undoing a3 goes back past a2, which carried none, to a1's. */
	step(st, (struct step){STET_ACT_UNDO, 1, NULL, 0, a3});
	assert_int_equal(final_standing(st), 1);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_final_get(txn, 7, &cur, &err), STET_OK);
	stet_txn_end(txn);
	assert_int_equal(cur.event, a2);
	step(st, (struct step){STET_ACT_UNDO, 1, NULL, 0, a2});
	assert_int_equal(final_standing(st), 1);
	step(st, (struct step){STET_ACT_UNDO, 1, NULL, 0, a1});
	assert_int_equal(final_standing(st), -1);
	/* A decision of no spans at all stands as the empty set. */
	step(st, (struct step){STET_ACT_ADJUDICATE, 1, one, 0, 0});
	assert_int_equal(final_standing(st), 0);
	stet_store_close(st);
}

static int append_setless(struct stet_txn *txn, void *ctx,
			  struct stet_error *err)
{
	struct stet_event ev;

	(void)ctx;
	memset(&ev, 0, sizeof ev);
	ev.action = STET_ACT_SPANS;
	ev.item = 7;
	ev.annotator = 1;
	return stet_event_append(txn, &ev, err);
}

static void bad_sets_are_refused(void **state)
{
	char path[512];
	struct stet_store *st = create("bad.stet", path);
	const struct stet_span empty[] = {{4, 4, 1, 0, 1}};
	const struct stet_span reversed[] = {{0, 4, 1, 2, 1}};
	struct step bad[] = {
		{STET_ACT_SPANS, 1, empty, 1, 0},
		{STET_ACT_SPANS, 1, reversed, 1, 0},
	};
	struct stet_error err = {0};
	struct stet_txn *txn;
	uint64_t n, at;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct run r = {&bad[i], 1, 0};

		assert_int_equal(stet_store_write(st, run, &r, &err), STET_ERR);
		assert_non_null(strstr(err.msg, "item 7: span ["));
	}
	/* A SPANS event must say what set stands. */
	assert_int_equal(stet_store_write(st, append_setless, NULL, &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "item 7: a SPANS event without a span set"));
	assert_int_equal(standing(st, 1, &at), -1);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_count(txn, STET_DB_EVENTS, &n, &err), STET_OK);
	stet_txn_end(txn);
	assert_int_equal(n, 0);
	stet_store_close(st);
}

/* Every kind of span event and undo, for the verify tests: annotators
 * 1 and 2 on item 7, decisions with and without spans. */
static const struct step script[] = {
	{STET_ACT_SPANS, 1, one, 1, 0},        /* 1 */
	{STET_ACT_SPANS, 1, two, 2, 0},        /* 2 replaces 1 */
	{STET_ACT_SPANS, 2, three, 3, 0},      /* 3 */
	{STET_ACT_UNDO, 1, NULL, 0, 2},        /* 4: 1 stands again */
	{STET_ACT_UNDO, 1, NULL, 0, 2},        /* 5: changes nothing */
	{STET_ACT_SPANS, 2, NULL, 0, 0},       /* 6: 2 deletes all */
	{STET_ACT_ADJUDICATE, 1, two, 2, 0},   /* 7 */
	{STET_ACT_ADJUDICATE, 1, NULL, 0, 0},  /* 8: labels only */
	{STET_ACT_ADJUDICATE, 1, three, 3, 0}, /* 9 */
	{STET_ACT_UNDO, 1, NULL, 0, 9},        /* 10: back to 7's spans */
	{STET_ACT_UNDO, 1, NULL, 0, 1},        /* 11: none for 1 */
	{STET_ACT_UNDO, 1, NULL, 0, 8},        /* 12: 7 stands */
	{STET_ACT_UNDO, 1, NULL, 0, 7},        /* 13: no decision */
	{STET_ACT_UNDO, 1, NULL, 0, 6},        /* 14: 3 stands again */
};
#define NSTEPS (sizeof script / sizeof *script)

static void verify_rebuilds_the_span_sets(void **state)
{
	(void)state;
	/* After every prefix of the script, not only at its end. */
	for (size_t n = 0; n <= NSTEPS; n++) {
		char path[512], name[32];
		struct stet_store *st;
		struct stet_verify_report rep;
		struct stet_error err = {0};
		struct run r = {script, n, 0};

		snprintf(name, sizeof name, "verify%zu.stet", n);
		st = create(name, path);
		if (n > 0 && stet_store_write(st, run, &r, &err) != STET_OK)
			fail_msg("%s", err.msg);
		assert_int_equal(stet_verify(st, 10, &rep, &err), STET_OK);
		for (size_t i = 0; i < rep.nfindings; i++)
			fprintf(stderr, "# after %zu: %s\n", n,
				rep.findings[i].msg);
		assert_int_equal(rep.total, 0);
		stet_verify_report_free(&rep);
		stet_store_close(st);
	}
}

static void verify_finds_a_forged_span_set(void **state)
{
	char path[512];
	struct stet_store *st = create("forged.stet", path);
	struct stet_verify_report rep;
	struct stet_error err = {0};
	struct run r = {script, 9, 0};
	MDB_env *env;
	MDB_txn *mt;
	MDB_dbi dbi;
	unsigned char k[8] = {0, 0, 0, 0, 0, 0, 0, 7};
	/* Event 9's set with the last span's label 1 made 2: event 9, three
	 * spans, each start delta, length, label, token and token count. */
	unsigned char v[] = {9, 3, 0, 4, 1, 0, 1, 5, 3, 2, 1, 1, 4, 3, 2, 2, 1};
	MDB_val key = {8, k}, val = {sizeof v, v};

	(void)state;
	if (stet_store_write(st, run, &r, &err) != STET_OK)
		fail_msg("%s", err.msg);
	stet_store_close(st);
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 32), 0);
	assert_int_equal(mdb_env_open(env, path, MDB_NOSUBDIR, 0664), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &mt), 0);
	assert_int_equal(mdb_dbi_open(mt, "span_final", 0, &dbi), 0);
	assert_int_equal(mdb_put(mt, dbi, &key, &val, 0), 0);
	assert_int_equal(mdb_txn_commit(mt), 0);
	mdb_env_close(env);

	assert_int_equal(stet_project_open(path, STET_OPEN_READONLY, &st,
					   &err), STET_OK);
	assert_int_equal(stet_verify(st, 10, &rep, &err), STET_OK);
	assert_int_equal(rep.total, 1);
	assert_string_equal(rep.findings[0].db, "span_final");
	assert_int_equal(rep.findings[0].event, 9);
	assert_string_equal(rep.findings[0].msg,
		"span_final: item 7 (not in the project): stored spans [0,4)=1 [5,8)=2 [9,12)=2 of event 9; the events give spans [0,4)=1 [5,8)=2 [9,12)=1 of event 9");
	stet_verify_report_free(&rep);
	stet_store_close(st);
}

/* "Ana q̇ 👩‍👩‍👧 東京": code points A n a ␣ q U+0307 ␣ 👩 ZWJ 👩 ZWJ 👧
 * ␣ 東 京, 0 to 14, so 15 in all; q̇ (4..6) and the family (7..12) are
 * one grapheme each, so 5 and 8..11 are no boundaries. */
#define TEXT "Ana q\xcc\x87 \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9" \
	     "\xe2\x80\x8d\xf0\x9f\x91\xa7 \xe6\x9d\xb1\xe4\xba\xac"
static struct stet_token words[] = {
	{0, 3, 0}, {4, 6, 0}, {7, 12, 0}, {13, 14, 0}, {14, 15, 0},
};
static const struct stet_tokens toks = {words, 5, 5};

/* NULL when set passes the check, else its message. */
static const char *check(const struct stet_schema *sc,
			 const struct stet_tokens *t,
			 const struct stet_span *v, size_t n)
{
	static struct stet_error err;
	struct stet_span_set s;
	int rc;

	set_of(&s, v, n);
	memset(&err, 0, sizeof err);
	rc = stet_spans_check(sc, TEXT, strlen(TEXT), t, &s, &err);
	stet_span_set_free(&s);
	return rc == STET_OK ? NULL : err.msg;
}

static void check_names_the_first_bad_span(void **state)
{
	struct stet_schema sc;
	struct stet_error err = {0};
	/* Keep 1, PER 2, LOC 3. */
	const struct stet_span good[] = {
		{13, 15, 3, 3, 5}, {0, 3, 2, 0, 1}, {7, 12, 2, 2, 3},
		/* An imported span may cut a token: its offsets are kept. */
		{1, 3, 2, 0, 1},
		/* Overlap and nesting are allowed by default. */
		{0, 15, 3, 0, 5},
	};
	const struct { struct stet_span sp; const char *msg; } bad[] = {
		{{4, 5, 2, 1, 2}, "span [4, 5) PER: offset 5 is inside a character (a grapheme cluster)"},
		{{9, 12, 2, 2, 3}, "span [9, 12) PER: offset 9 is inside a character (a grapheme cluster)"},
		{{13, 16, 3, 3, 5}, "span [13, 16) LOC: it ends past the text, which has 15 code points"},
		{{3, 3, 3, 1, 1}, "span [3, 3) LOC: it is empty or ends before it starts"},
		{{0, 3, 1, 0, 1}, "span [0, 3) Keep: an item label, not a span or token label"},
		{{0, 3, 99, 0, 1}, "span [0, 3) #99: no such label in the schema"},
		{{0, 3, 2, 0, 2}, "span [0, 3) PER: it says tokens [0, 2) but its offsets touch [0, 1)"},
		{{3, 4, 2, 1, 2}, "span [3, 4) PER: it says tokens [1, 2) but its offsets touch [1, 1)"},
	};

	(void)state;
	stet_schema_init(&sc);
	assert_int_equal(stet_schema_add(&sc, "Keep", NULL, NULL, NULL, &err),
			 STET_OK);
	assert_int_equal(stet_schema_from_list_kind(&sc, "PER,LOC",
						    STET_KIND_SPAN, &err),
			 STET_OK);
	assert_null(check(&sc, &toks, good, 5));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct stet_span v[2] = {good[0], bad[i].sp};

		assert_string_equal(check(&sc, &toks, v, 2), bad[i].msg);
	}
	/* Without tokens a span touches none. */
	assert_null(check(&sc, NULL, &(struct stet_span){7, 12, 2, 0, 0}, 1));

	/* With no overlap, the later span is named with the one it meets. */
	sc.no_overlap = true;
	assert_null(check(&sc, &toks, good, 3));
	assert_string_equal(check(&sc, &toks, good, 4),
		"span [1, 3) PER: spans may not overlap, and it overlaps [0, 3) PER");
	assert_string_equal(check(&sc, &toks, (struct stet_span[]){
		{0, 15, 3, 0, 5}, {13, 15, 3, 3, 5}}, 2),
		"span [13, 15) LOC: spans may not overlap, and it overlaps [0, 15) LOC");
	/* Touching is not overlapping: [4, 6) ends where [6, 7) begins. */
	assert_null(check(&sc, &toks, (struct stet_span[]){
		{4, 6, 2, 1, 2}, {6, 7, 3, 2, 2}}, 2));
	stet_schema_free(&sc);
}

static void token_tags_cover_one_token_each(void **state)
{
	struct stet_schema sc;
	struct stet_error err = {0};
	/* "Ana" and a multiword token [4, 6) of two words. */
	struct stet_token mw[] = {
		{0, 3, 0}, {4, 6, STET_TOKEN_IN_MULTIWORD},
		{4, 6, STET_TOKEN_IN_MULTIWORD},
	};
	const struct stet_tokens mwt = {mw, 3, 3};

	(void)state;
	stet_schema_init(&sc);
	/* NOUN 1, X 2. */
	assert_int_equal(stet_schema_from_list_kind(&sc, "NOUN,X",
						    STET_KIND_TOKEN, &err),
			 STET_OK);
	assert_null(check(&sc, &toks, (struct stet_span[]){
		{0, 3, 1, 0, 1}, {13, 14, 2, 3, 4}, {14, 15, 1, 4, 5}}, 3));
	assert_string_equal(check(&sc, &toks, (struct stet_span[]){
		{13, 15, 1, 3, 5}}, 1),
		"span [13, 15) NOUN: a token tag covers exactly one token");
	assert_string_equal(check(&sc, &toks, (struct stet_span[]){
		{0, 2, 1, 0, 1}}, 1),
		"span [0, 2) NOUN: token 0 is [0, 3): a tag covers its token exactly");
	assert_string_equal(check(&sc, &toks, (struct stet_span[]){
		{0, 3, 1, 0, 1}, {0, 3, 2, 0, 1}}, 2),
		"span [0, 3) X: its token already has the tag [0, 3) NOUN");
	assert_string_equal(check(&sc, NULL, (struct stet_span[]){
		{0, 3, 1, 0, 1}}, 1),
		"span [0, 3) NOUN: a token tag on an item without tokens");
	/* Each word of a multiword token takes its own tag over the
	 * surface they share. */
	assert_null(check(&sc, &mwt, (struct stet_span[]){
		{4, 6, 1, 1, 2}, {4, 6, 2, 2, 3}, {0, 3, 2, 0, 1}}, 3));
	assert_string_equal(check(&sc, &mwt, (struct stet_span[]){
		{4, 6, 1, 1, 2}, {4, 6, 2, 1, 2}}, 2),
		"span [4, 6) X: its token already has the tag [4, 6) NOUN");
	stet_schema_free(&sc);
}

static int add_text_item(struct stet_txn *txn, void *ctx,
			 struct stet_error *err)
{
	struct stet_item it;
	uint64_t existing;
	int rc;

	stet_item_init(&it);
	it.kind = STET_ITEM_TEXT;
	it.text = stet_xstrdup(ctx);
	it.ext_id = stet_xstrdup("r1");
	it.hash = stet_item_content_hash(&it);
	rc = stet_item_add(txn, &it, &existing, err);
	stet_item_clear(&it);
	return rc;
}

static int add_span_label(struct stet_txn *txn, void *ctx,
			  struct stet_error *err)
{
	struct stet_schema s;
	int rc;

	stet_schema_init(&s);
	rc = stet_schema_load(txn, &s, err);
	if (rc == STET_OK)
		rc = stet_schema_add_kind(&s, ctx, NULL, NULL, NULL,
					  STET_KIND_SPAN, err);
	if (rc == STET_OK)
		rc = stet_schema_save(txn, &s, err);
	stet_schema_free(&s);
	return rc;
}

/* Text items imported before the schema had span labels get their
 * tokens when it gains the first. */
static void first_span_label_tokenizes_the_items(void **state)
{
	char path[512];
	struct stet_store *st;
	struct stet_schema s;
	struct stet_tokens t;
	struct stet_txn *txn;
	struct stet_error err = {0};

	(void)state;
	snprintf(path, sizeof path, "%s", tmp_path("first.stet"));
	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "Yes,No", &err), STET_OK);
	assert_int_equal(stet_project_create(path, &s, "lead", &st, &err),
			 STET_OK);
	stet_schema_free(&s);
	assert_int_equal(stet_store_write(st, add_text_item, "Ana met Bo.",
					  &err), STET_OK);
	stet_tokens_init(&t);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_item_tokens(txn, 1, &t, &err), STET_NOTFOUND);
	stet_txn_end(txn);

	assert_int_equal(stet_store_write(st, add_span_label, "PER", &err),
			 STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_item_tokens(txn, 1, &t, &err), STET_OK);
	stet_txn_end(txn);
	/* Ana, met, Bo and the full stop: words at Unicode boundaries. */
	assert_int_equal(t.n, 4);
	assert_int_equal(t.v[3].start, 10);
	assert_int_equal(t.v[3].end, 11);
	stet_tokens_free(&t);
	stet_store_close(st);
}

/* Format 9 had neither `spans` nor `span_final`: opened for writing,
 * the project gets both, empty, and the current format. */
static void format_9_gets_the_databases(void **state)
{
	char path[512];
	struct stet_store *st = create("format9.stet", path);
	struct stet_error err = {0};
	struct stet_txn *txn;
	uint64_t v, n;

	(void)state;
	stet_store_close(st);
	make_older(path, 9,
		   (const char *const[]){"spans", "span_final", NULL});
	/* Read-only, an older project is refused until migrated. */
	assert_int_equal(stet_project_open(path, STET_OPEN_READONLY, &st,
					   &err), STET_ERR);
	assert_non_null(strstr(err.msg, "format 9 must be migrated to 10"));
	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_meta_get_u64(txn, "format_version", &v, &err),
			 STET_OK);
	assert_int_equal(v, 10);
	assert_int_equal(stet_count(txn, STET_DB_SPANS, &n, &err), STET_OK);
	assert_int_equal(n, 0);
	assert_int_equal(stet_count(txn, STET_DB_SPAN_FINAL, &n, &err),
			 STET_OK);
	assert_int_equal(n, 0);
	stet_txn_end(txn);
	/* And the new databases take sets at once. */
	step(st, (struct step){STET_ACT_SPANS, 1, one, 1, 0});
	assert_int_equal(standing(st, 1, &v), 1);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normalize_sorts_and_drops_duplicates),
		cmocka_unit_test(token_range_finds_the_tokens_a_span_touches),
		cmocka_unit_test(record_round_trip),
		cmocka_unit_test(spans_append_replace_and_undo),
		cmocka_unit_test(each_walks_in_item_annotator_order),
		cmocka_unit_test(decision_spans_and_their_undo),
		cmocka_unit_test(bad_sets_are_refused),
		cmocka_unit_test(format_9_gets_the_databases),
		cmocka_unit_test(verify_rebuilds_the_span_sets),
		cmocka_unit_test(check_names_the_first_bad_span),
		cmocka_unit_test(first_span_label_tokenizes_the_items),
		cmocka_unit_test(token_tags_cover_one_token_each),
		cmocka_unit_test(verify_finds_a_forged_span_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
