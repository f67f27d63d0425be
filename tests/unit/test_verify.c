/* stet verify's core: the rebuild of current, skips and final from the
 * events agrees with what annotate.c writes after every event, and
 * edits made to the file behind stet's back (with raw LMDB) are found
 * and placed at the event where they start. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmdb.h>

#include "stet/annotate.h"
#include "stet/pending.h"
#include "stet/project.h"
#include "stet/store.h"
#include "stet/verify.h"
#include "script.h"

static void verify_path(const char *path, size_t max,
			struct stet_verify_report *rep)
{
	struct stet_store *st;
	struct stet_error err = {0};

	if (stet_project_open(path, STET_OPEN_READONLY, &st, &err) != STET_OK)
		fail_msg("open %s: %s", path, err.msg);
	if (stet_verify(st, max, rep, &err) != STET_OK)
		fail_msg("verify %s: %s", path, err.msg);
	stet_store_close(st);
}

static const struct stet_verify_tally *tally(const struct stet_verify_report *rep,
					     const char *name)
{
	for (size_t i = 0; i < rep->ntally; i++)
		if (strcmp(rep->tally[i].name, name) == 0)
			return &rep->tally[i];
	fail_msg("no tally %s", name);
	return NULL;
}

/* Whether some finding's message contains s. */
static bool said(const struct stet_verify_report *rep, const char *s)
{
	for (size_t i = 0; i < rep->nfindings; i++)
		if (strstr(rep->findings[i].msg, s) != NULL)
			return true;
	return false;
}

static void dump(const struct stet_verify_report *rep)
{
	for (size_t i = 0; i < rep->nfindings; i++)
		fprintf(stderr, "# %s %llu %s\n",
			stet_verify_kind_name(rep->findings[i].kind),
			(unsigned long long)rep->findings[i].event,
			rep->findings[i].msg);
}

/* The byte of a one-label event's label: version, uid, time, then
 * session, annotator, item, action and the label count, one byte each
 * while they are below 128. */
#define LABEL_AT (1 + 16 + 8 + 1 + 1 + 1 + 1 + 1)

/* ---- the tests ---- */

static void clean_project_verifies(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("clean.stet", NSCRIPT);

	(void)state;
	verify_path(path, 10, &rep);
	assert_int_equal(rep.total, 0);
	assert_int_equal(rep.nfindings, 0);
	assert_int_equal(rep.events, NSCRIPT);
	assert_int_equal(rep.last, NSCRIPT);
	assert_true(rep.head != 0);
	assert_int_equal(rep.ntally, 13);
	assert_string_equal(rep.tally[4].name, "current");
	assert_string_equal(rep.tally[5].name, "skips");
	assert_string_equal(rep.tally[6].name, "final");
	assert_string_equal(rep.tally[7].name, "pending");
	assert_string_equal(rep.tally[8].name, "routes");
	assert_string_equal(rep.tally[9].name, "spans");
	assert_string_equal(rep.tally[10].name, "span_final");
	assert_string_equal(rep.tally[11].name, "queue");
	assert_string_equal(rep.tally[12].name, "item");
	stet_verify_report_free(&rep);
}

/* The in-memory rebuild follows annotate.c after every event of the
 * script, not only at its end. */
static void rebuild_matches_after_every_event(void **state)
{
	(void)state;
	for (size_t n = 0; n <= NSCRIPT; n++) {
		struct stet_verify_report rep;
		const char *path = make_project("prefix.stet", n);

		verify_path(path, 10, &rep);
		if (rep.total != 0) {
			dump(&rep);
			fail_msg("after %zu events: %llu faults", n,
				 (unsigned long long)rep.total);
		}
		assert_int_equal(rep.last, n);
		if (n == 0)
			assert_int_equal(rep.head, 0);
		stet_verify_report_free(&rep);
	}
}

/* (a) A label changed inside event 5's record: the chain breaks at 5
 * (event 6 holds the hash of the old record), and ben's standing value
 * for r1, which event 9 restored from event 5, differs from what the
 * events now give. */
static void edited_label_is_found_at_its_event(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("edit.stet", NSCRIPT);
	unsigned char rec[2048];
	struct raw r;
	MDB_dbi dbi = raw_begin(&r, path, "events");
	size_t n = raw_event(r.txn, dbi, 5, rec, sizeof rec);

	(void)state;
	assert_int_equal(rec[LABEL_AT - 1], 1);  /* one label */
	assert_int_equal(rec[LABEL_AT], LA);
	rec[LABEL_AT] = LB;
	raw_put_event(r.txn, dbi, 5, rec, n);
	raw_commit(&r);

	verify_path(path, 50, &rep);
	assert_true(rep.total >= 2);
	assert_int_equal(rep.findings[0].kind, STET_VERIFY_CHAIN);
	assert_int_equal(rep.findings[0].event, 5);
	assert_true(said(&rep, "event 5: its record no longer matches the hash event 6 holds"));
	assert_int_equal(tally(&rep, "chain")->count, 1);
	assert_int_equal(tally(&rep, "chain")->first, 5);
	assert_int_equal(tally(&rep, "current")->count, 1);
	assert_int_equal(tally(&rep, "current")->first, 5);
	assert_true(said(&rep, "current: item r1 (1), annotator ben (3): stored label 1 of event 5; the events give label 2 of event 5"));
	assert_int_equal(tally(&rep, "sequence")->count, 0);
	assert_int_equal(tally(&rep, "final")->count, 0);
	stet_verify_report_free(&rep);
}

/* (b) Forged values in current: a changed one, and one no event sets. */
/* A `pending` entry the events do not give (an item moved to a count
 * it does not have) is a difference too. */
static void forged_pending_is_found(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("pending.stet", NSCRIPT);
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	unsigned char key[STET_PENDING_KEY];
	MDB_val k = {sizeof key, key}, v = {0, ""};

	(void)state;
	stet_pending_key(key, 200, 1);
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 32), 0);
	assert_int_equal(mdb_env_open(env, path, MDB_NOSUBDIR, 0664), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "pending", 0, &dbi), 0);
	assert_int_equal(mdb_put(txn, dbi, &k, &v, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
	verify_path(path, 10, &rep);
	assert_int_equal(rep.tally[7].count, 1);
	stet_verify_report_free(&rep);
}

static void forged_current_is_found(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("forge.stet", NSCRIPT);
	unsigned char k[12], v[3] = {1, LB, 1}, w[3] = {1, LA, 99};
	MDB_val key = {12, k}, val = {3, v};
	struct raw r;
	MDB_dbi dbi = raw_begin(&r, path, "current");

	(void)state;
	stet_current_key(k, 1, ANA);  /* stands: A of event 1 */
	assert_int_equal(mdb_put(r.txn, dbi, &key, &val, 0), 0);
	stet_current_key(k, 3, BEN);  /* nothing stands */
	val.mv_data = w;
	assert_int_equal(mdb_put(r.txn, dbi, &key, &val, 0), 0);
	raw_commit(&r);

	verify_path(path, 50, &rep);
	assert_int_equal(rep.total, 2);
	assert_int_equal(tally(&rep, "current")->count, 2);
	assert_int_equal(tally(&rep, "current")->first, 1);
	assert_int_equal(tally(&rep, "chain")->count, 0);
	assert_int_equal(rep.findings[0].kind, STET_VERIFY_DERIVED);
	assert_string_equal(rep.findings[0].db, "current");
	assert_int_equal(rep.findings[0].event, 1);
	assert_string_equal(rep.findings[0].msg,
		"current: item r1 (1), annotator ana (2): stored label 2 of event 1; the events give label 1 of event 1");
	assert_int_equal(rep.findings[1].event, 0);
	assert_string_equal(rep.findings[1].msg,
		"current: item r3 (3), annotator ben (3): stored label 1 of event 99; no event sets it");
	stet_verify_report_free(&rep);
}

/* (c) An event deleted from the middle: the gap is the fault; no chain
 * fault is claimed across it. Deleting the undone event 2 also leaves
 * event 3 undoing nothing. */
static void deleted_event_is_found(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("delete.stet", NSCRIPT);
	unsigned char k[8];
	MDB_val key = {8, k};
	struct raw r;
	MDB_dbi dbi = raw_begin(&r, path, "events");

	(void)state;
	stet_u64be(k, 7);
	assert_int_equal(mdb_del(r.txn, dbi, &key, NULL), 0);
	stet_u64be(k, 2);
	assert_int_equal(mdb_del(r.txn, dbi, &key, NULL), 0);
	raw_commit(&r);

	verify_path(path, 50, &rep);
	assert_int_equal(rep.events, NSCRIPT - 2);
	assert_int_equal(tally(&rep, "sequence")->count, 2);
	assert_int_equal(tally(&rep, "sequence")->first, 2);
	assert_true(said(&rep, "event 2 is missing"));
	assert_true(said(&rep, "event 7 is missing"));
	assert_int_equal(tally(&rep, "chain")->count, 0);
	assert_int_equal(tally(&rep, "history")->count, 1);
	assert_int_equal(tally(&rep, "history")->first, 3);
	assert_true(said(&rep, "event 3 undoes event 2, which is not in the log"));
	assert_int_equal(rep.total, 3);
	stet_verify_report_free(&rep);
}

/* (d) A truncated record: it does not decode, and it no longer matches
 * the hash the next event holds. What the lead's adjudication 10 set is
 * lost to the rebuild, so final differs from event 11 on. */
static void truncated_record_is_found(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("trunc.stet", NSCRIPT);
	unsigned char rec[2048];
	struct raw r;
	MDB_dbi dbi = raw_begin(&r, path, "events");
	size_t n = raw_event(r.txn, dbi, 10, rec, sizeof rec);

	(void)state;
	raw_put_event(r.txn, dbi, 10, rec, n - 5);
	raw_commit(&r);

	verify_path(path, 50, &rep);
	assert_int_equal(rep.findings[0].kind, STET_VERIFY_RECORD);
	assert_int_equal(rep.findings[0].event, 10);
	assert_int_equal(tally(&rep, "record")->first, 10);
	assert_int_equal(tally(&rep, "chain")->count, 1);
	assert_int_equal(tally(&rep, "chain")->first, 10);
	assert_int_equal(tally(&rep, "final")->count, 1);
	assert_int_equal(tally(&rep, "final")->first, 11);
	assert_true(said(&rep, "event 11 (adjudicate) says it replaced event 10, but nothing stood"));
	assert_true(said(&rep, "final: item r1 (1): stored label 2 of event 10; the events give label 1 of event 11"));
	assert_int_equal(tally(&rep, "current")->count, 0);
	stet_verify_report_free(&rep);
}

/* A skip gone from `skips`, and one the events do not justify. */
static void skips_are_compared_both_ways(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("skips.stet", NSCRIPT);
	unsigned char k[12], v[8];
	MDB_val key = {12, k}, val = {8, v};
	struct raw r;
	MDB_dbi dbi = raw_begin(&r, path, "skips");

	(void)state;
	stet_current_key(k, 2, ANA);
	assert_int_equal(mdb_del(r.txn, dbi, &key, NULL), 0);
	stet_current_key(k, 3, BEN); /* undone by event 14 */
	stet_u64be(v, 13);
	assert_int_equal(mdb_put(r.txn, dbi, &key, &val, 0), 0);
	raw_commit(&r);

	verify_path(path, 50, &rep);
	assert_int_equal(rep.total, 2);
	assert_int_equal(tally(&rep, "skips")->count, 2);
	assert_int_equal(tally(&rep, "skips")->first, 16);
	assert_true(said(&rep, "skips: item r2 (2), annotator ana (2): missing; the events give the skip of event 16"));
	assert_true(said(&rep, "skips: item r3 (3), annotator ben (3): stored the skip of event 13; no event sets it"));
	stet_verify_report_free(&rep);
}

/* No chain shows an edit of the last event: the head hash does. */
static void the_head_reveals_an_edited_last_event(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("head.stet", NSCRIPT);
	unsigned char rec[2048];
	uint64_t head;
	struct raw r;
	MDB_dbi dbi;
	size_t n;

	(void)state;
	verify_path(path, 10, &rep);
	head = rep.head;
	stet_verify_report_free(&rep);
	dbi = raw_begin(&r, path, "events");
	n = raw_event(r.txn, dbi, NSCRIPT, rec, sizeof rec);
	rec[n - 9] ^= 1; /* the replaced field, before prev_hash */
	raw_put_event(r.txn, dbi, NSCRIPT, rec, n);
	raw_commit(&r);
	verify_path(path, 10, &rep);
	assert_true(rep.head != head);
	stet_verify_report_free(&rep);
}

/* Every fault is counted; only the first max are kept. */
static void findings_are_capped_but_counted(void **state)
{
	struct stet_verify_report rep;
	const char *path = make_project("cap.stet", NSCRIPT);
	struct raw r;
	MDB_dbi dbi = raw_begin(&r, path, "current");

	(void)state;
	assert_int_equal(mdb_drop(r.txn, dbi, 0), 0);
	dbi = 0;
	assert_int_equal(mdb_dbi_open(r.txn, "final", 0, &dbi), 0);
	assert_int_equal(mdb_drop(r.txn, dbi, 0), 0);
	raw_commit(&r);
	verify_path(path, 1, &rep);
	/* current: (r1, ana), (r1, ben), (r2, ben); final: r1. */
	assert_int_equal(rep.total, 4);
	assert_int_equal(rep.nfindings, 1);
	assert_int_equal(tally(&rep, "current")->count, 3);
	assert_int_equal(tally(&rep, "current")->first, 1);
	assert_int_equal(tally(&rep, "final")->first, 10);
	stet_verify_report_free(&rep);
}

/* (g) An item's text changed in the file: each single bit of "text of
 * r2" flipped in turn is an item fault naming r2, and nothing else. */
static void every_bit_of_an_items_text_is_found(void **state)
{
	const char *path = make_project("items.stet", NSCRIPT);
	static const char text[] = "text of r2";
	unsigned char key[8], rec[512];
	MDB_val k = {8, key}, v;
	size_t len, at;

	(void)state;
	stet_u64be(key, 2);
	{
		struct raw r;
		MDB_dbi dbi = raw_begin(&r, path, "items");

		assert_int_equal(mdb_get(r.txn, dbi, &k, &v), 0);
		assert_true(v.mv_size <= sizeof rec);
		len = v.mv_size;
		memcpy(rec, v.mv_data, len);
		mdb_txn_abort(r.txn);
		mdb_env_close(r.env);
	}
	assert_non_null(memmem(rec, len, text, sizeof text - 1));
	at = (size_t)((unsigned char *)memmem(rec, len, text, sizeof text - 1) - rec);
	for (size_t i = 0; i < sizeof text - 1; i++) {
		for (int bit = 0; bit < 8; bit++) {
			struct stet_verify_report rep;
			struct raw r;
			MDB_dbi dbi = raw_begin(&r, path, "items");
			MDB_val val = {len, rec};

			rec[at + i] ^= (unsigned char)(1u << bit);
			assert_int_equal(mdb_put(r.txn, dbi, &k, &val, 0), 0);
			raw_commit(&r);
			rec[at + i] ^= (unsigned char)(1u << bit);
			verify_path(path, 10, &rep);
			if (rep.total != 1 || tally(&rep, "item")->count != 1 ||
			    !said(&rep, "item r2 (2): its content no longer matches"))
				dump(&rep);
			assert_int_equal(rep.total, 1);
			assert_int_equal(tally(&rep, "item")->count, 1);
			assert_int_equal(rep.findings[0].kind, STET_VERIFY_ITEM);
			stet_verify_report_free(&rep);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_project_verifies),
		cmocka_unit_test(rebuild_matches_after_every_event),
		cmocka_unit_test(edited_label_is_found_at_its_event),
		cmocka_unit_test(forged_current_is_found),
		cmocka_unit_test(forged_pending_is_found),
		cmocka_unit_test(deleted_event_is_found),
		cmocka_unit_test(truncated_record_is_found),
		cmocka_unit_test(skips_are_compared_both_ways),
		cmocka_unit_test(the_head_reveals_an_edited_last_event),
		cmocka_unit_test(findings_are_capped_but_counted),
		cmocka_unit_test(every_bit_of_an_items_text_is_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
