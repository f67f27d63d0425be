#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/item.h"
#include "stet/labeling.h"
#include "stet/project.h"
#include "stet/queue.h"
#include "stet/schema.h"
#include "stet/store.h"
#include "stet/timefmt.h"
#include "tmpdir.h"

/* An item to store: text, or a table row of name=value pairs. */
struct spec {
	const char *ext;
	const char *text;      /* NULL: a table item */
	const char *cells[6];  /* name, value, name, value, ... NULL */
};

struct items_ctx {
	const struct spec *specs;
	size_t n;
};

static int add_items(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct items_ctx *ic = ctx;
	uint64_t existing;

	for (size_t i = 0; i < ic->n; i++) {
		const struct spec *sp = &ic->specs[i];
		struct stet_item it;
		int rc;

		stet_item_init(&it);
		if (sp->text) {
			it.kind = STET_ITEM_TEXT;
			it.text = stet_xstrdup(sp->text);
		} else {
			it.kind = STET_ITEM_TABLE;
			for (size_t c = 0; sp->cells[c]; c += 2)
				stet_item_add_field(&it, sp->cells[c],
						    strlen(sp->cells[c]),
						    sp->cells[c + 1],
						    strlen(sp->cells[c + 1]));
		}
		it.ext_id = stet_xstrdup(sp->ext);
		it.hash = stet_item_content_hash(&it);
		rc = stet_item_add(txn, &it, &existing, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			return STET_ERR;
	}
	return STET_OK;
}

static const struct spec default_items[] = {
	{"alpha", "The quick brown fox", {NULL}},
	{"beta", NULL, {"merchant", "ACME Corp", "amount", "12.50", NULL}},
	{"gamma", "nothing to see", {NULL}},
	{"delta", "Another FOX sighting", {NULL}},
	{"eps", NULL, {"note", "a Zebra crossing", NULL}},
	{"zeta", "last one", {NULL}},
};
#define NDEFAULT (sizeof default_items / sizeof *default_items)

static struct stet_store *project_with(const char *name, bool multi,
				       const struct spec *specs, size_t n)
{
	struct stet_store *st = NULL;
	struct stet_schema s;
	struct stet_error err = {0};
	struct items_ctx ic = {specs, n};
	const char *path = tmp_path(name);

	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "POS,NEG,NEU", &err), STET_OK);
	s.multi = multi;
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, add_items, &ic, &err) != STET_OK)
		fail_msg("items: %s", err.msg);
	return st;
}

static struct stet_store *project(const char *name)
{
	return project_with(name, false, default_items, NDEFAULT);
}

static void lopen_as(struct stet_labeling *l, struct stet_store *st,
		     const char *who, enum stet_order order)
{
	struct stet_labeling_opts o = {
		.annotator = who, .order = order, .seed = 5, .host = "box",
		.tty = "/dev/pts/3",
	};
	struct stet_error err = {0};

	if (stet_labeling_open(l, st, &o, &err) != STET_OK)
		fail_msg("labeling open: %s", err.msg);
}

static void lopen(struct stet_labeling *l, struct stet_store *st)
{
	lopen_as(l, st, "ann", STET_ORDER_SEQUENTIAL);
}

static void lclose(struct stet_labeling *l)
{
	struct stet_error err = {0};

	if (stet_labeling_close(l, &err) != STET_OK)
		fail_msg("labeling close: %s", err.msg);
}

/* Records with labels never NULL (an empty action passes a pointer with
 * n 0); NULL itself is exercised by record_accepts_null_labels. */
static void record(struct stet_labeling *l, uint64_t pos, enum stet_action a,
		   const uint32_t *labels, size_t n, const char *text)
{
	static const uint32_t none[1];
	struct stet_error err = {0};

	if (stet_labeling_record(l, pos, a, labels ? labels : none, n, text,
				 250, NULL, &err) != STET_OK)
		fail_msg("record %d at %llu: %s", (int)a,
			 (unsigned long long)pos, err.msg);
}

static void undo(struct stet_labeling *l, uint64_t want_pos,
		 enum stet_action want)
{
	struct stet_error err = {0};
	enum stet_action undone = 0;
	uint64_t pos = 999;
	int rc = stet_labeling_undo(l, &pos, &undone, &err);

	if (rc != STET_OK)
		fail_msg("undo: status %d: \"%s\"", rc, err.msg);
	assert_int_equal(pos, want_pos);
	assert_int_equal(undone, want);
}

struct view {
	struct stet_current cur;
	bool skipped;
};

static struct view get(struct stet_labeling *l, uint64_t pos)
{
	struct stet_item it;
	struct stet_error err = {0};
	struct view v;

	memset(&v, 0xff, sizeof v); /* every field must be set by get */
	stet_item_init(&it);
	if (stet_labeling_get(l, pos, &it, &v.cur, &v.skipped, &err) != STET_OK)
		fail_msg("get %llu: %s", (unsigned long long)pos, err.msg);
	assert_int_equal(it.id, stet_queue_item(&l->queue, pos));
	stet_item_clear(&it);
	return v;
}

static uint64_t last_event(struct stet_store *st)
{
	struct stet_txn *txn;
	struct stet_error err = {0};
	const void *k;
	size_t kl;
	uint64_t id = 0;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	if (stet_last_key(txn, STET_DB_EVENTS, &k, &kl, &err) == STET_OK) {
		assert_int_equal(kl, 8);
		id = stet_get_u64be(k);
	}
	stet_txn_end(txn);
	return id;
}

/* ev is the caller's to clear. */
static void event(struct stet_store *st, uint64_t id, struct stet_event *ev)
{
	struct stet_txn *txn;
	struct stet_error err = {0};

	memset(ev, 0, sizeof *ev);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	if (stet_event_get(txn, id, ev, &err) != STET_OK)
		fail_msg("event %llu: %s", (unsigned long long)id, err.msg);
	stet_txn_end(txn);
}

static void session(struct stet_store *st, uint64_t id, struct stet_session *s)
{
	struct stet_txn *txn;
	struct stet_error err = {0};

	memset(s, 0, sizeof *s);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	if (stet_session_get(txn, id, s, &err) != STET_OK)
		fail_msg("session %llu: %s", (unsigned long long)id, err.msg);
	stet_txn_end(txn);
}

/* ---- sessions -------------------------------------------------------- */

static int bump_schema(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct stet_schema s;
	int rc;

	(void)ctx;
	stet_schema_init(&s);
	rc = stet_schema_load(txn, &s, err);
	if (rc == STET_OK)
		rc = stet_schema_add(&s, "MIXED", NULL, NULL, NULL, err);
	if (rc == STET_OK)
		rc = stet_schema_save(txn, &s, err);
	stet_schema_free(&s);
	return rc;
}

static void open_makes_annotator_and_session(void **state)
{
	struct stet_store *st = project("open.stet");
	struct stet_labeling l, again;
	struct stet_labeling_opts anon = {
		.annotator = "bob", .order = STET_ORDER_SEQUENTIAL,
	};
	struct stet_annotator *list;
	struct stet_session s;
	struct stet_txn *txn;
	struct stet_error err = {0};
	size_t n;
	int64_t before, after;
	uint64_t sid;

	(void)state;
	assert_int_equal(stet_store_write(st, bump_schema, NULL, &err), STET_OK);
	before = stet_time_now_ms();
	lopen_as(&l, st, "alice", STET_ORDER_SEQUENTIAL);
	after = stet_time_now_ms();

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_annotators_load(txn, &list, &n, &err), STET_OK);
	stet_txn_end(txn);
	assert_int_equal(n, 2); /* the lead who made it, and alice */
	assert_string_equal(list[1].name, "alice");
	assert_int_equal(list[1].role, STET_ROLE_ANNOTATOR);
	assert_int_equal(l.annotator, list[1].id);
	stet_annotators_free(list, n);

	assert_int_equal(l.queue.n, NDEFAULT);
	assert_int_equal(l.schema.version, 2);
	assert_int_not_equal(l.session.id, 0);
	sid = l.session.id;
	session(st, sid, &s);
	assert_int_equal(s.annotator, l.annotator);
	assert_true(s.start_ms >= before && s.start_ms <= after);
	assert_int_equal(s.end_ms, 0); /* open */
	assert_non_null(s.host);
	assert_string_equal(s.host, "box");
	assert_non_null(s.tty);
	assert_string_equal(s.tty, "/dev/pts/3");
	assert_int_equal(s.schema_version, 2);
	stet_session_clear(&s);

	/* The same name again is the same annotator in a new session. */
	lopen_as(&again, st, "alice", STET_ORDER_SHUFFLED);
	assert_int_equal(again.annotator, l.annotator);
	assert_true(again.session.id != sid);
	lclose(&again);

	before = stet_time_now_ms();
	lclose(&l);
	after = stet_time_now_ms();
	session(st, sid, &s);
	assert_true(s.end_ms >= before && s.end_ms <= after);
	assert_true(s.end_ms >= s.start_ms);
	assert_string_equal(s.host, "box");
	stet_session_clear(&s);

	/* No host or tty known. */
	assert_int_equal(stet_labeling_open(&l, st, &anon, &err), STET_OK);
	sid = l.session.id;
	lclose(&l);
	session(st, sid, &s);
	assert_null(s.host);
	assert_null(s.tty);
	assert_true(s.end_ms != 0);
	stet_session_clear(&s);

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_annotators_load(txn, &list, &n, &err), STET_OK);
	stet_txn_end(txn);
	assert_int_equal(n, 3);
	stet_annotators_free(list, n);
	stet_store_close(st);
}

/* ---- labels and undo ------------------------------------------------- */

static void label_relabel_and_undo(void **state)
{
	struct stet_store *st = project("label.stet");
	struct stet_labeling l;
	struct stet_error err = {0};
	struct stet_event ev;
	struct view v;
	const uint32_t pos_label = 1, neg_label = 2;
	uint64_t first, second, pos = 77;
	enum stet_action undone = 0;

	(void)state;
	lopen(&l, st);
	v = get(&l, 0);
	assert_int_equal(v.cur.event, 0);
	assert_int_equal(v.cur.nlabels, 0);
	assert_false(v.skipped);
	assert_int_equal(l.labeled, 0);

	record(&l, 0, STET_ACT_LABEL, &pos_label, 1, NULL);
	first = last_event(st);
	assert_int_not_equal(first, 0);
	assert_int_equal(l.labeled, 1);
	v = get(&l, 0);
	assert_int_equal(v.cur.event, first);
	assert_int_equal(v.cur.nlabels, 1);
	assert_int_equal(v.cur.labels[0], 1);
	assert_false(v.skipped);
	event(st, first, &ev);
	assert_int_equal(ev.action, STET_ACT_LABEL);
	assert_int_equal(ev.item, stet_queue_item(&l.queue, 0));
	assert_int_equal(ev.annotator, l.annotator);
	assert_int_equal(ev.session, l.session.id);
	assert_int_equal(ev.duration_ms, 250);
	assert_int_equal(ev.schema_version, l.schema.version);
	assert_int_equal(ev.nlabels, 1);
	assert_int_equal(ev.labels[0], 1);
	stet_event_clear(&ev);
	/* Another item is untouched. */
	assert_int_equal(get(&l, 1).cur.event, 0);

	record(&l, 0, STET_ACT_LABEL, &neg_label, 1, NULL);
	second = last_event(st);
	assert_true(second > first);
	assert_int_equal(l.labeled, 2);
	v = get(&l, 0);
	assert_int_equal(v.cur.event, second);
	assert_int_equal(v.cur.labels[0], 2);

	undo(&l, 0, STET_ACT_LABEL);
	assert_int_equal(l.labeled, 1);
	v = get(&l, 0);
	assert_int_equal(v.cur.event, first);
	assert_int_equal(v.cur.nlabels, 1);
	assert_int_equal(v.cur.labels[0], 1);
	/* The undo is itself an event naming what it took back. */
	event(st, last_event(st), &ev);
	assert_int_equal(ev.action, STET_ACT_UNDO);
	assert_int_equal(ev.target, second);
	assert_int_equal(ev.session, l.session.id);
	stet_event_clear(&ev);

	undo(&l, 0, STET_ACT_LABEL);
	assert_int_equal(l.labeled, 0);
	v = get(&l, 0);
	assert_int_equal(v.cur.event, 0);
	assert_int_equal(v.cur.nlabels, 0);

	assert_int_equal(stet_labeling_undo(&l, &pos, &undone, &err),
			 STET_NOTFOUND);
	assert_int_equal(l.labeled, 0);
	lclose(&l);
	stet_store_close(st);
}

static void skip_shows_and_undoes(void **state)
{
	struct stet_store *st = project("skip.stet");
	struct stet_labeling l;
	struct view v;

	(void)state;
	lopen(&l, st);
	record(&l, 2, STET_ACT_SKIP, NULL, 0, NULL);
	v = get(&l, 2);
	assert_true(v.skipped);
	assert_int_equal(v.cur.event, 0);
	assert_int_equal(l.labeled, 0);
	assert_false(get(&l, 3).skipped);
	undo(&l, 2, STET_ACT_SKIP);
	assert_false(get(&l, 2).skipped);
	lclose(&l);
	stet_store_close(st);
}

static void multi_label_unlabel_and_undo(void **state)
{
	struct stet_store *st = project_with("multi.stet", true, default_items,
					     NDEFAULT);
	struct stet_labeling l;
	const uint32_t two[] = {3, 1};
	uint64_t label_ev;
	struct view v;

	(void)state;
	lopen(&l, st);
	assert_true(l.schema.multi);
	record(&l, 4, STET_ACT_LABEL, two, 2, NULL);
	label_ev = last_event(st);
	v = get(&l, 4);
	assert_int_equal(v.cur.event, label_ev);
	assert_int_equal(v.cur.nlabels, 2);
	assert_int_equal(v.cur.labels[0], 3);
	assert_int_equal(v.cur.labels[1], 1);

	record(&l, 4, STET_ACT_UNLABEL, NULL, 0, NULL);
	assert_int_equal(l.labeled, 1); /* UNLABEL is no label action */
	v = get(&l, 4);
	assert_int_equal(v.cur.event, 0);
	assert_int_equal(v.cur.nlabels, 0);

	undo(&l, 4, STET_ACT_UNLABEL);
	v = get(&l, 4);
	assert_int_equal(v.cur.event, label_ev);
	assert_int_equal(v.cur.nlabels, 2);
	assert_int_equal(v.cur.labels[0], 3);
	assert_int_equal(v.cur.labels[1], 1);
	assert_int_equal(l.labeled, 1);
	lclose(&l);
	stet_store_close(st);
}

static void too_many_labels_are_refused(void **state)
{
	struct stet_store *st = project_with("many.stet", true, default_items,
					     NDEFAULT);
	struct stet_labeling l;
	struct stet_error err = {0};
	uint32_t *labels = calloc(STET_MAX_LABELS + 1, sizeof *labels);

	(void)state;
	assert_non_null(labels);
	lopen(&l, st);
	assert_int_equal(stet_labeling_record(&l, 0, STET_ACT_LABEL, labels,
					      STET_MAX_LABELS + 1, NULL, 0,
					      NULL, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "too many labels"));
	assert_int_equal(last_event(st), 0);
	assert_int_equal(l.labeled, 0);
	free(labels);
	lclose(&l);
	stet_store_close(st);
}

static void flag_and_note_keep_text_and_leave_current(void **state)
{
	struct stet_store *st = project("flag.stet");
	struct stet_labeling l;
	struct stet_event ev;
	const uint32_t neg = 2;
	uint64_t label_ev, flag_ev, note_ev, bare_ev;
	struct view v;

	(void)state;
	lopen(&l, st);
	record(&l, 1, STET_ACT_LABEL, &neg, 1, NULL);
	label_ev = last_event(st);
	record(&l, 1, STET_ACT_FLAG, NULL, 0, "looks mislabeled");
	flag_ev = last_event(st);
	record(&l, 1, STET_ACT_NOTE, NULL, 0, "see guideline §4");
	note_ev = last_event(st);
	record(&l, 1, STET_ACT_FLAG, NULL, 0, NULL);
	bare_ev = last_event(st);
	assert_int_equal(l.labeled, 1);

	event(st, flag_ev, &ev);
	assert_int_equal(ev.action, STET_ACT_FLAG);
	assert_int_equal(ev.item, stet_queue_item(&l.queue, 1));
	assert_non_null(ev.text);
	assert_string_equal(ev.text, "looks mislabeled");
	stet_event_clear(&ev);
	event(st, note_ev, &ev);
	assert_int_equal(ev.action, STET_ACT_NOTE);
	assert_non_null(ev.text);
	assert_string_equal(ev.text, "see guideline §4");
	stet_event_clear(&ev);
	event(st, bare_ev, &ev);
	assert_int_equal(ev.action, STET_ACT_FLAG);
	assert_null(ev.text);
	stet_event_clear(&ev);

	v = get(&l, 1);
	assert_int_equal(v.cur.event, label_ev);
	assert_int_equal(v.cur.labels[0], 2);

	undo(&l, 1, STET_ACT_FLAG);
	undo(&l, 1, STET_ACT_NOTE);
	undo(&l, 1, STET_ACT_FLAG);
	v = get(&l, 1);
	assert_int_equal(v.cur.event, label_ev);
	assert_int_equal(v.cur.nlabels, 1);
	assert_int_equal(v.cur.labels[0], 2);
	assert_int_equal(l.labeled, 1);
	/* The log is append-only: the undone note is still there. */
	event(st, note_ev, &ev);
	assert_string_equal(ev.text, "see guideline §4");
	stet_event_clear(&ev);
	undo(&l, 1, STET_ACT_LABEL);
	assert_int_equal(get(&l, 1).cur.event, 0);
	assert_int_equal(l.labeled, 0);
	lclose(&l);
	stet_store_close(st);
}

/* ---- search and go to ------------------------------------------------ */

static int search(struct stet_labeling *l, const char *needle, uint64_t pos,
		  int dir, uint64_t *found)
{
	struct stet_error err = {0};
	int rc;

	*found = 12345;
	rc = stet_labeling_search(l, needle, pos, dir, found, &err);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		fail_msg("search %s: %s", needle, err.msg);
	return rc;
}

static void search_wraps_both_ways(void **state)
{
	struct stet_store *st = project("search.stet");
	struct stet_labeling l;
	uint64_t found;

	(void)state;
	lopen(&l, st);
	/* "fox" is in positions 0 and 3 (text items, any case). */
	assert_int_equal(search(&l, "fox", 0, +1, &found), STET_OK);
	assert_int_equal(found, 3);
	assert_int_equal(search(&l, "fox", 3, +1, &found), STET_OK);
	assert_int_equal(found, 0); /* wrapped past the end */
	assert_int_equal(search(&l, "FOX", 5, +1, &found), STET_OK);
	assert_int_equal(found, 0);
	assert_int_equal(search(&l, "Fox", 0, -1, &found), STET_OK);
	assert_int_equal(found, 3); /* wrapped past the start */
	assert_int_equal(search(&l, "fox", 3, -1, &found), STET_OK);
	assert_int_equal(found, 0);
	assert_int_equal(search(&l, "fox", 2, -1, &found), STET_OK);
	assert_int_equal(found, 0);
	/* Table cells, any case. */
	assert_int_equal(search(&l, "acme", 0, +1, &found), STET_OK);
	assert_int_equal(found, 1);
	assert_int_equal(search(&l, "12.5", 4, +1, &found), STET_OK);
	assert_int_equal(found, 1);
	assert_int_equal(search(&l, "zEBRA CROSS", 0, -1, &found), STET_OK);
	assert_int_equal(found, 4);
	assert_int_equal(search(&l, "zebra", 1, +1, &found), STET_OK);
	assert_int_equal(found, 4);
	/* The only match is where the search starts: found after a full
	 * turn. */
	assert_int_equal(search(&l, "brown", 0, +1, &found), STET_OK);
	assert_int_equal(found, 0);
	assert_int_equal(search(&l, "brown", 0, -1, &found), STET_OK);
	assert_int_equal(found, 0);
	/* A whole text, and a match at its very end. */
	assert_int_equal(search(&l, "the quick brown fox", 3, +1, &found),
			 STET_OK);
	assert_int_equal(found, 0);
	assert_int_equal(search(&l, "one", 0, +1, &found), STET_OK);
	assert_int_equal(found, 5);
	/* Not there. */
	assert_int_equal(search(&l, "giraffe", 0, +1, &found), STET_NOTFOUND);
	assert_int_equal(search(&l, "giraffe", 2, -1, &found), STET_NOTFOUND);
	assert_int_equal(search(&l, "brown foxes", 0, +1, &found),
			 STET_NOTFOUND);
	lclose(&l);
	stet_store_close(st);
}

/* Whether item id (1-based into default_items) holds "fox" or "zebra". */
static bool has(uint64_t id, const char *what)
{
	if (strcmp(what, "fox") == 0)
		return id == 1 || id == 4;
	return id == 5;
}

static void search_follows_shuffled_order(void **state)
{
	static const char *needles[] = {"fox", "zebra"};
	struct stet_store *st = project("search-shuf.stet");
	struct stet_labeling l;
	uint64_t n = NDEFAULT, found;

	(void)state;
	lopen_as(&l, st, "ann", STET_ORDER_SHUFFLED);
	for (size_t w = 0; w < 2; w++)
		for (uint64_t pos = 0; pos < n; pos++)
			for (int dir = -1; dir <= 1; dir += 2) {
				uint64_t want = pos;

				/* The nearest match in that direction. */
				for (uint64_t step = 1; step <= n; step++) {
					uint64_t p = dir > 0 ?
						(pos + step) % n :
						(pos + n - step % n) % n;

					if (has(stet_queue_item(&l.queue, p),
						needles[w])) {
						want = p;
						break;
					}
				}
				assert_int_equal(search(&l, needles[w], pos, dir,
							&found), STET_OK);
				assert_int_equal(found, want);
			}
	lclose(&l);
	stet_store_close(st);
}

static void find_by_id_or_position(void **state)
{
	struct stet_store *st = project("find.stet");
	struct stet_labeling l;
	struct stet_error err = {0};
	uint64_t pos;

	(void)state;
	lopen(&l, st);
	pos = 99;
	assert_int_equal(stet_labeling_find(&l, "gamma", &pos, &err), STET_OK);
	assert_int_equal(pos, 2);
	assert_int_equal(stet_labeling_find(&l, "zeta", &pos, &err), STET_OK);
	assert_int_equal(pos, 5);
	pos = 99;
	assert_int_equal(stet_labeling_find(&l, "3", &pos, &err), STET_OK);
	assert_int_equal(pos, 2);
	assert_int_equal(stet_labeling_find(&l, "1", &pos, &err), STET_OK);
	assert_int_equal(pos, 0);
	assert_int_equal(stet_labeling_find(&l, "6", &pos, &err), STET_OK);
	assert_int_equal(pos, 5);

	pos = 99;
	err.msg[0] = '\0';
	assert_int_equal(stet_labeling_find(&l, "nope", &pos, &err),
			 STET_NOTFOUND);
	assert_non_null(strstr(err.msg, "nope"));
	assert_int_equal(pos, 99);
	err.msg[0] = '\0';
	assert_int_equal(stet_labeling_find(&l, "7", &pos, &err), STET_NOTFOUND);
	assert_non_null(strstr(err.msg, "\"7\""));
	assert_int_equal(stet_labeling_find(&l, "0", &pos, &err), STET_NOTFOUND);
	assert_int_equal(stet_labeling_find(&l, "3x", &pos, &err),
			 STET_NOTFOUND);
	assert_int_equal(stet_labeling_find(&l, "-1", &pos, &err),
			 STET_NOTFOUND);
	assert_int_equal(stet_labeling_find(&l, "GAMMA", &pos, &err),
			 STET_NOTFOUND); /* ids are exact */
	assert_int_equal(pos, 99);
	lclose(&l);

	/* Shuffled: an id goes to wherever its item is served, a number is
	 * still a position. */
	lopen_as(&l, st, "ann", STET_ORDER_SHUFFLED);
	assert_int_equal(stet_labeling_find(&l, "gamma", &pos, &err), STET_OK);
	assert_int_equal(stet_queue_item(&l.queue, pos), 3);
	assert_int_equal(stet_labeling_find(&l, "3", &pos, &err), STET_OK);
	assert_int_equal(pos, 2);
	lclose(&l);
	stet_store_close(st);
}

/* Items imported after a session began lie past its queue. */
static void find_refuses_items_added_later(void **state)
{
	static const struct spec later[] = {{"late", "came in late", {NULL}}};
	struct stet_store *st = project("later.stet");
	struct stet_labeling l;
	struct stet_error err = {0};
	struct items_ctx ic = {later, 1};
	uint64_t pos = 99, found;

	(void)state;
	lopen(&l, st);
	assert_int_equal(stet_store_write(st, add_items, &ic, &err), STET_OK);
	assert_int_equal(stet_labeling_find(&l, "late", &pos, &err),
			 STET_NOTFOUND);
	assert_non_null(strstr(err.msg, "late"));
	assert_int_equal(pos, 99);
	assert_int_equal(search(&l, "came in", 0, +1, &found), STET_NOTFOUND);
	lclose(&l);
	stet_store_close(st);
}

/* An id longer than any key the store can hold is simply not there. */
static void find_long_unknown_id_is_not_found(void **state)
{
	struct stet_store *st = project("long.stet");
	struct stet_labeling l;
	struct stet_error err = {0};
	char what[600];
	uint64_t pos = 99;
	int rc;

	(void)state;
	memset(what, 'x', sizeof what - 1);
	what[sizeof what - 1] = '\0';
	lopen(&l, st);
	rc = stet_labeling_find(&l, what, &pos, &err);
	if (rc != STET_NOTFOUND)
		fail_msg("find of a 599-byte id: status %d: %s", rc, err.msg);
	assert_non_null(strstr(err.msg, "xxxxxxxx"));
	lclose(&l);
	stet_store_close(st);
}

/* The TUI records SKIP, FLAG, NOTE and UNLABEL with labels NULL, n 0.
 * Run with UBSAN_OPTIONS=halt_on_error=1 (as make check does). Last, so
 * that an abort here spares the others. */
static void record_accepts_null_labels(void **state)
{
	struct stet_store *st = project("null.stet");
	struct stet_labeling l;
	struct stet_error err = {0};

	(void)state;
	lopen(&l, st);
	assert_int_equal(stet_labeling_record(&l, 0, STET_ACT_SKIP, NULL, 0,
					      NULL, 0, NULL, &err), STET_OK);
	assert_int_equal(stet_labeling_record(&l, 0, STET_ACT_NOTE, NULL, 0,
					      "n", 0, NULL, &err), STET_OK);
	assert_true(get(&l, 0).skipped);
	lclose(&l);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(open_makes_annotator_and_session),
		cmocka_unit_test(label_relabel_and_undo),
		cmocka_unit_test(skip_shows_and_undoes),
		cmocka_unit_test(multi_label_unlabel_and_undo),
		cmocka_unit_test(too_many_labels_are_refused),
		cmocka_unit_test(flag_and_note_keep_text_and_leave_current),
		cmocka_unit_test(search_wraps_both_ways),
		cmocka_unit_test(search_follows_shuffled_order),
		cmocka_unit_test(find_by_id_or_position),
		cmocka_unit_test(find_refuses_items_added_later),
		cmocka_unit_test(find_long_unknown_id_is_not_found),
		cmocka_unit_test(record_accepts_null_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
