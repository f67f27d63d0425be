/* stet label --learn (stet/live.h) through the labeling session: an
 * update (its example logged, then applied to the rows at a pause) is
 * there after its label commits and absent after an aborted write, undo
 * leaves it, two processes learning at once lose and repeat
 * none, the cold start holds until the model has seen enough of every
 * label, the pool's values are the model's own predictions, and a
 * label changes what is served next. */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/core/learn_set.h"
#include "../../src/core/weights.h"
#include "stet/buf.h"
#include "stet/item.h"
#include "stet/labeling.h"
#include "stet/learn.h"
#include "stet/live.h"
#include "stet/predict.h"
#include "stet/project.h"
#include "stet/schema.h"
#include "stet/annotate.h"
#include "stet/store.h"
#include "tmpdir.h"

#define POS 1
#define NEG 2

struct texts {
	const char *const *text;
	size_t n;
};

static int add_items(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	const struct texts *t = ctx;
	uint64_t existing;

	for (size_t i = 0; i < t->n; i++) {
		struct stet_item it;
		char ext[32];
		int rc;

		stet_item_init(&it);
		if (t->text[i][0] == '@') {
			/* "@name=value name=value": a table row. */
			char *row = stet_xstrdup(t->text[i] + 1), *save = NULL;

			it.kind = STET_ITEM_TABLE;
			for (char *cell = strtok_r(row, " ", &save); cell;
			     cell = strtok_r(NULL, " ", &save)) {
				char *eq = strchr(cell, '=');

				stet_item_add_field(&it, cell, (size_t)(eq - cell),
						    eq + 1, strlen(eq + 1));
			}
			free(row);
		} else {
			it.kind = STET_ITEM_TEXT;
			it.text = stet_xstrdup(t->text[i]);
		}
		snprintf(ext, sizeof ext, "t%02zu", i + 1);
		it.ext_id = stet_xstrdup(ext);
		it.hash = stet_item_content_hash(&it);
		rc = stet_item_add(txn, &it, &existing, err);
		stet_item_clear(&it);
		if (rc != STET_OK)
			return STET_ERR;
	}
	return STET_OK;
}

static struct stet_store *project(const char *name, const char *const *text,
				  size_t n, char path[512])
{
	struct stet_store *st = NULL;
	struct stet_schema s;
	struct stet_error err = {0};
	struct texts t = {text, n};

	snprintf(path, 512, "%s", tmp_path(name));
	unlink(path);
	stet_schema_init(&s);
	assert_int_equal(stet_schema_from_list(&s, "POS,NEG", &err), STET_OK);
	if (stet_project_create(path, &s, "lead", &st, &err) != STET_OK)
		fail_msg("create %s: %s", path, err.msg);
	stet_schema_free(&s);
	if (stet_store_write(st, add_items, &t, &err) != STET_OK)
		fail_msg("items: %s", err.msg);
	return st;
}

/* Forty texts of two kinds, words of each kind shared within it. */
static const char *const mixed[] = {
	"apple pie with cream", "rain over the harbour", "apple tart and cream",
	"storm over the harbour", "cream and apple cake", "cold rain at sea",
	"apple crumble", "grey storm at sea", "sweet apple pie", "rain rain rain",
	"a quiet morning", "apple and pear", "harbour in the storm",
	"pear tart with cream", "wind and rain", "fresh cream cake",
	"sea spray and wind", "a plate of pie", "dark clouds at sea",
	"cream puffs", "a walk in the park", "the storm passed", "pie and tart",
	"waves at the harbour", "a cake for tea", "rain on the roof",
	"apple juice", "thunder at sea", "pear and cream", "fog at the harbour",
	"lemon tart", "drizzle all day", "custard pie", "hail at sea",
	"sugar and cream", "wind in the harbour", "plum cake",
	"showers at noon", "baked apple", "gale at sea",
};
#define NMIXED (sizeof mixed / sizeof *mixed)

static void lopen(struct stet_labeling *l, struct stet_store *st,
		  const char *who, enum stet_order order, uint64_t min,
		  uint32_t explore_ppm)
{
	struct stet_order_spec spec;
	struct stet_labeling_opts o = {
		.annotator = who, .host = "box", .tty = "/dev/pts/3",
		.learn_given = true, .learn = "m", .min_labels = min,
		.spec = &spec,
	};
	struct stet_error err = {0};

	stet_order_spec_init(&spec);
	spec.order = order;
	spec.explore_ppm = explore_ppm;
	if (stet_labeling_open(l, st, &o, &err) != STET_OK)
		fail_msg("labeling open: %s", err.msg);
}

static void lclose(struct stet_labeling *l)
{
	struct stet_error err = {0};

	if (stet_labeling_close(l, &err) != STET_OK)
		fail_msg("labeling close: %s", err.msg);
}

/* Labels the item at pos; returns the position served next. */
static uint64_t label(struct stet_labeling *l, uint64_t pos, uint32_t lb)
{
	struct stet_error err = {0};
	uint64_t next;

	if (stet_labeling_record(l, pos, STET_ACT_LABEL, &lb, 1, NULL, 250,
				 &next, &err) != STET_OK)
		fail_msg("label at %llu: %s", (unsigned long long)pos, err.msg);
	return next;
}

static uint64_t first_served(struct stet_labeling *l)
{
	struct stet_error err = {0};
	uint64_t pos;
	bool found;

	assert_int_equal(stet_labeling_serve(l, 0, &pos, &found, &err), STET_OK);
	assert_true(found);
	return pos;
}

/* Model m's state; false when it has none. */
static bool state_of(struct stet_store *st, struct stet_weights_state *s)
{
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_model m;
	int rc;

	stet_weights_state_init(s);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	rc = stet_model_get(txn, "m", &m, &err);
	if (rc == STET_OK) {
		rc = stet_weights_state_load(txn, m.id, s, &err);
		stet_model_clear(&m);
	}
	stet_txn_end(txn);
	assert_true(rc == STET_OK || rc == STET_NOTFOUND);
	return rc == STET_OK;
}

static uint64_t examples(struct stet_store *st)
{
	struct stet_weights_state s;
	uint64_t n = 0;

	if (state_of(st, &s))
		n = s.examples;
	stet_weights_state_free(&s);
	return n;
}

/* Every stored row, keys and values, as one string of bytes. */
static void rows_snapshot(struct stet_store *st, struct stet_buf *out)
{
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	stet_buf_reset(out);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_cursor_open(txn, STET_DB_WEIGHTS, &c, &err),
			 STET_OK);
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, &err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, &err)) {
		stet_buf_add(out, k, kl);
		stet_buf_add(out, v, vl);
	}
	assert_int_equal(rc, STET_NOTFOUND);
	stet_cursor_close(c);
	stet_txn_end(txn);
}

/* Examples logged in `learners` and not yet applied to the rows. */
static uint64_t logged(struct stet_store *st)
{
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	uint64_t n = 0;
	int rc;

	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_cursor_open(txn, STET_DB_LEARNERS, &c, &err),
			 STET_OK);
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, &err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, &err))
		n += kl == 12;
	assert_int_equal(rc, STET_NOTFOUND);
	stet_cursor_close(c);
	stet_txn_end(txn);
	return n;
}

static void flush(struct stet_labeling *l)
{
	struct stet_error err = {0};

	if (stet_labeling_flush(l, &err) != STET_OK)
		fail_msg("flush: %s", err.msg);
}

/* A write that learns, then fails: what an aborted label does. */
struct failing {
	struct stet_labeling *l;
	uint64_t item;
	uint32_t label;
};

static int learn_then_fail(struct stet_txn *txn, void *ctx,
			   struct stet_error *err)
{
	struct failing *f = ctx;

	stet_live_begin(f->l->live);
	if (stet_live_learn(txn, f->l->live, 999, f->item, &f->label, 1,
			    err) != STET_OK)
		return STET_ERR;
	return stet_error_set(err, STET_ERR, "the disk is full, say");
}

static void abort_a_label(struct stet_labeling *l, uint64_t item,
			  uint32_t lb)
{
	struct failing f = {l, item, lb};
	struct stet_error err = {0};

	assert_int_equal(stet_store_write(l->st, learn_then_fail, &f, &err),
			 STET_ERR);
	stet_live_abort(l->live);
}

static void update_goes_with_its_label(void **state)
{
	char path[512];
	struct stet_store *st = project("commit.stet", mixed, NMIXED, path);
	struct stet_labeling l;
	struct stet_weights_state s;
	struct stet_buf before, after;
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_model m;
	uint64_t pos;

	(void)state;
	stet_buf_init(&before);
	stet_buf_init(&after);
	lopen(&l, st, "ann", STET_ORDER_SEQUENTIAL, 0, 0);
	/* An aborted first label leaves no model behind. */
	abort_a_label(&l, 1, POS);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_model_get(txn, "m", &m, &err), STET_NOTFOUND);
	stet_txn_end(txn);
	rows_snapshot(st, &before);
	assert_int_equal(before.len, 0);

	pos = first_served(&l);
	pos = label(&l, pos, POS);
	/* The label's commit holds the example and the count; the rows
	 * take it at the next checkpoint (a pause). */
	assert_true(state_of(st, &s));
	assert_int_equal(s.examples, 1);
	assert_int_equal(s.label_examples[0], 1);
	assert_int_equal(s.label_examples[1], 0);
	stet_weights_state_free(&s);
	assert_int_equal(logged(st), 1);
	rows_snapshot(st, &before);
	assert_int_equal(before.len, 0);
	flush(&l);
	assert_int_equal(logged(st), 0);
	rows_snapshot(st, &before);
	assert_true(before.len > 0);

	/* An aborted label leaves the rows, the log and the count as they
	 * were, a checkpoint after it too. */
	abort_a_label(&l, stet_queue_item(&l.queue, pos), NEG);
	assert_int_equal(logged(st), 0);
	flush(&l);
	rows_snapshot(st, &after);
	assert_int_equal(after.len, before.len);
	assert_memory_equal(after.data, before.data, before.len);
	assert_int_equal(examples(st), 1);

	/* Undo takes the label back, not the update (stet(5)). */
	pos = label(&l, pos, NEG);
	assert_int_equal(examples(st), 2);
	{
		enum stet_action undone;
		uint64_t at;

		assert_int_equal(stet_labeling_undo(&l, &at, &undone, &err),
				 STET_OK);
	}
	assert_int_equal(examples(st), 2);
	lclose(&l);
	stet_buf_free(&before);
	stet_buf_free(&after);
	stet_store_close(st);
}

/* The stored rows are, bit for bit, those of a model given every label
 * event once, in event order: whatever the two sessions interleaved, no
 * update was lost or applied twice. */
static void replay_matches(struct stet_store *st,
			   const struct stet_weights_state *s)
{
	struct stet_dense_rows want, got;
	struct stet_featurizer fz;
	struct stet_learner ln;
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_model m;
	struct stet_event ev;
	struct stet_item it;
	struct stet_fvec x;
	uint64_t applied = 0;
	bool empty;

	assert_int_equal(stet_dense_rows_init(&want, &s->p, &err), STET_OK);
	assert_int_equal(stet_dense_rows_init(&got, &s->p, &err), STET_OK);
	assert_int_equal(stet_featurizer_init(&fz, s->p.bits, &err), STET_OK);
	assert_int_equal(stet_learner_init(&ln, &s->p,
					   stet_dense_rows_iface(&want), &err),
			 STET_OK);
	stet_fvec_init(&x);
	stet_item_init(&it);
	memset(&ev, 0, sizeof ev);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	for (uint64_t id = 1; stet_event_get(txn, id, &ev, &err) == STET_OK;
	     id++) {
		unsigned idx;

		if (ev.action == STET_ACT_LABEL) {
			idx = (unsigned)stet_weights_state_index(s, ev.labels[0]);
			assert_int_equal(stet_item_get(txn, ev.item, &it, &err),
					 STET_OK);
			assert_int_equal(learn_item_vec(&fz, &it, &s->stats, &x,
							&empty, &err), STET_OK);
			assert_int_equal(stet_learner_update(&ln, &x, &idx, 1,
							     &err), STET_OK);
			stet_item_clear(&it);
			applied++;
		}
		stet_event_clear(&ev);
	}
	assert_int_equal(applied, s->examples);
	assert_int_equal(stet_model_get(txn, "m", &m, &err), STET_OK);
	assert_int_equal(stet_weights_get_dense(txn, m.id, &s->p, &got, &err),
			 STET_OK);
	stet_model_clear(&m);
	stet_txn_end(txn);
	assert_memory_equal(want.rows, got.rows,
			    want.nrows * want.width * sizeof *want.rows);
	stet_learner_free(&ln);
	stet_featurizer_free(&fz);
	stet_fvec_free(&x);
	stet_dense_rows_free(&want);
	stet_dense_rows_free(&got);
}

#define PROCS 2
#define PER_PROC 15

static void learner_child(const char *path, int i)
{
	struct stet_store *st;
	struct stet_labeling l;
	struct stet_error err = {0};
	char who[16];
	uint64_t pos;
	bool found;

	if (stet_project_open(path, 0, &st, &err) != STET_OK)
		_exit(2);
	snprintf(who, sizeof who, "a%d", i);
	lopen(&l, st, who, STET_ORDER_UNCERTAINTY, 4, 0);
	if (stet_labeling_serve(&l, 0, &pos, &found, &err) != STET_OK ||
	    !found)
		_exit(3);
	for (int k = 0; k < PER_PROC; k++) {
		uint32_t lb = (k + i) % 2 ? NEG : POS;

		if (stet_labeling_record(&l, pos, STET_ACT_LABEL, &lb, 1, NULL,
					 100, &pos, &err) != STET_OK)
			_exit(4);
		if (pos >= l.queue.n)
			_exit(5);
	}
	if (stet_labeling_close(&l, &err) != STET_OK)
		_exit(6);
	stet_store_close(st);
	_exit(0);
}

/* LMDB's one writer takes the two sessions' updates one after the
 * other: the model counts every label once. */
static void two_processes_learn_every_label(void **state)
{
	char path[512];
	struct stet_store *st = project("two.stet", mixed, NMIXED, path);
	struct stet_weights_state s;
	pid_t pid[PROCS];

	(void)state;
	stet_store_close(st);
	for (int i = 0; i < PROCS; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0)
			learner_child(path, i);
	}
	for (int i = 0; i < PROCS; i++) {
		int status;

		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(stet_project_open(path, STET_OPEN_READONLY, &st,
					   &(struct stet_error){0}), STET_OK);
	/* Each session applied what was logged when it ended. */
	assert_int_equal(logged(st), 0);
	assert_true(state_of(st, &s));
	/* 2 processes x 15 labels; each gave POS and NEG alternately,
	 * one starting with POS (8 of its 15), the other with NEG (7):
	 * 15 of each in all. */
	assert_int_equal(s.examples, PROCS * PER_PROC);
	assert_int_equal(s.label_examples[0], 15);
	assert_int_equal(s.label_examples[1], 15);
	replay_matches(st, &s);
	stet_weights_state_free(&s);
	stet_store_close(st);
}

static void cold_until_enough_of_each_label(void **state)
{
	char path[512];
	struct stet_store *st = project("cold.stet", mixed, NMIXED, path);
	struct stet_labeling l;
	struct stet_live_status ls;
	uint64_t pos;

	(void)state;
	lopen(&l, st, "ann", STET_ORDER_UNCERTAINTY, 3, 0);
	stet_live_status(l.live, &ls);
	assert_true(ls.cold);
	assert_int_equal(ls.seen, 0);
	assert_int_equal(ls.min_labels, 3);
	pos = first_served(&l);
	/* The model has no predictions stored: the project's order,
	 * sequential, serves t01, t02, ... while it is cold. */
	assert_int_equal(stet_queue_item(&l.queue, pos), 1);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(stet_queue_item(&l.queue, pos), (uint64_t)i + 1);
		pos = label(&l, pos, POS);
		assert_int_equal(l.how.order, STET_ORDER_SEQUENTIAL);
	}
	/* Three labels, the minimum, but none of NEG. */
	stet_live_status(l.live, &ls);
	assert_true(ls.cold);
	assert_int_equal(ls.seen, 3);
	assert_int_equal(ls.missing, NEG);
	assert_int_equal(stet_queue_item(&l.queue, pos), 4);
	pos = label(&l, pos, NEG);
	stet_live_status(l.live, &ls);
	assert_false(ls.cold);
	assert_int_equal(ls.seen, 4);
	assert_int_equal(l.how.order, STET_ORDER_UNCERTAINTY);
	assert_false(isnan(l.how.value));
	assert_false(l.how.explore);
	lclose(&l);
	stet_store_close(st);
}

/* The uncertainty (least confidence) of item under model m as stored:
 * its rows read afresh, not moved by updates as the pool's are. */
static double stored_uncertainty(struct stet_store *st, uint64_t item)
{
	struct stet_error err = {0};
	struct stet_weights_state s;
	struct stet_featurizer fz;
	struct stet_db_rows dbr;
	struct stet_learner ln;
	struct stet_fvec x;
	struct stet_item it;
	struct stet_txn *txn;
	struct stet_model m;
	double prob[2], u;
	bool empty;

	stet_weights_state_init(&s);
	stet_item_init(&it);
	stet_fvec_init(&x);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_model_get(txn, "m", &m, &err), STET_OK);
	assert_int_equal(stet_weights_state_load(txn, m.id, &s, &err), STET_OK);
	assert_int_equal(stet_item_get(txn, item, &it, &err), STET_OK);
	assert_int_equal(stet_featurizer_init(&fz, s.p.bits, &err), STET_OK);
	assert_int_equal(learn_item_vec(&fz, &it, &s.stats, &x, &empty, &err),
			 STET_OK);
	stet_db_rows_init(&dbr, txn, m.id, &s.p);
	assert_int_equal(stet_learner_init(&ln, &s.p, stet_db_rows_iface(&dbr),
					   &err), STET_OK);
	assert_int_equal(stet_learner_predict(&ln, &x, prob, &err), STET_OK);
	u = stet_uncertainty(STET_BY_LEAST, prob, 2);
	stet_learner_free(&ln);
	stet_db_rows_free(&dbr);
	stet_featurizer_free(&fz);
	stet_txn_end(txn);
	stet_model_clear(&m);
	stet_fvec_free(&x);
	stet_item_clear(&it);
	stet_weights_state_free(&s);
	return u;
}

/* The answer: a dessert is POS, the weather NEG. */
static bool sweet(const char *text)
{
	static const char *const words[] = {
		"apple", "pie", "cream", "tart", "cake", "pear", "plum",
		"custard", "sugar", "tea", "lemon",
	};

	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strstr(text, words[i]) != NULL)
			return true;
	return false;
}

/* The pool's scores move by the weights each update changed; the value
 * an item is served by is what the stored model predicts of it, an
 * aborted write in between or not. */
static void pool_values_are_the_models(void **state)
{
	char path[512];
	struct stet_store *st = project("pool.stet", mixed, NMIXED, path);
	struct stet_labeling l;
	uint64_t pos;

	(void)state;
	lopen(&l, st, "ann", STET_ORDER_UNCERTAINTY, 2, 0);
	pos = first_served(&l);
	for (int k = 0; k < 16; k++) {
		uint64_t item = stet_queue_item(&l.queue, pos);
		uint32_t lb = sweet(mixed[item - 1]) ? POS : NEG;

		if (k == 6)
			abort_a_label(&l, item, lb);
		pos = label(&l, pos, lb);
		assert_true(pos < l.queue.n);
		if (k < 1) {
			assert_int_equal(l.how.order, STET_ORDER_SEQUENTIAL);
			continue;
		}
		assert_int_equal(l.how.order, STET_ORDER_UNCERTAINTY);
		assert_int_equal(l.how_item, stet_queue_item(&l.queue, pos));
		/* Every fourth label a pause applies the examples logged
		 * since the last: the stored rows are then the model the
		 * pool's scores were moved to, update by update. */
		if (k % 4 != 3)
			continue;
		flush(&l);
		assert_int_equal(logged(st), 0);
		if (fabs(l.how.value - stored_uncertainty(st, l.how_item)) > 1e-9)
			fail_msg("label %d: served by %.17g, the model says %.17g",
				 k, l.how.value,
				 stored_uncertainty(st, l.how_item));
	}
	assert_int_equal(examples(st), 16);
	lclose(&l);
	stet_store_close(st);
}

/* After one label of each kind, the item most unlike both is the one the
 * model is least sure of: served before the next in the project's
 * order, which without learning would come first. */
static void a_label_changes_the_next_item(void **state)
{
	static const char *const five[] = {
		"apple apple", "zebra zebra", "apple apple apple",
		"zebra zebra zebra", "quick fox",
	};
	char path[512];
	struct stet_store *st = project("next.stet", five, 5, path);
	struct stet_labeling l;
	uint64_t pos;

	(void)state;
	lopen(&l, st, "ann", STET_ORDER_UNCERTAINTY, 2, 0);
	pos = first_served(&l);
	assert_int_equal(stet_queue_item(&l.queue, pos), 1);
	pos = label(&l, pos, POS);
	assert_int_equal(stet_queue_item(&l.queue, pos), 2);
	pos = label(&l, pos, NEG);
	assert_int_equal(stet_queue_item(&l.queue, pos), 5);
	assert_int_equal(l.how.order, STET_ORDER_UNCERTAINTY);
	/* Its features met neither label: the bias alone, about even. */
	assert_true(l.how.value > 0.45 && l.how.value <= 0.5);
	lclose(&l);
	stet_store_close(st);
}

static void explore_draws_at_random(void **state)
{
	char path[512];
	struct stet_store *st = project("explore.stet", mixed, NMIXED, path);
	struct stet_labeling l;
	uint64_t pos;

	(void)state;
	/* Every serve an explore turn once the model is warm. */
	lopen(&l, st, "ann", STET_ORDER_UNCERTAINTY, 2, 1000000);
	pos = first_served(&l);
	pos = label(&l, pos, POS);
	assert_false(l.how.explore);
	pos = label(&l, pos, NEG);
	assert_true(l.how.explore);
	assert_true(isnan(l.how.value));
	assert_int_equal(l.how.order, STET_ORDER_UNCERTAINTY);
	pos = label(&l, pos, NEG);
	assert_true(l.how.explore);
	lclose(&l);
	stet_store_close(st);
}

/* stet learn trains on the labels that stand, logged examples' among
 * them: it deletes the log with the rows, and a session learning
 * meanwhile takes the new model in at its next pause. */
static void learn_between_labels(const char *name, const char *const *text,
				 size_t n)
{
	char path[512];
	struct stet_store *st = project(name, text, n, path);
	struct stet_learn_opts lo = {.model = "m", .min_labels = 2, .seed = 1};
	struct stet_learn_result res;
	struct stet_error err = {0};
	struct stet_labeling l;
	struct stet_weights_state s;
	uint64_t pos;

	memset(&res, 0, sizeof res);
	lopen(&l, st, "ann", STET_ORDER_UNCERTAINTY, 2, 0);
	pos = first_served(&l);
	for (int k = 0; k < 6; k++)
		pos = label(&l, pos, k % 2 ? NEG : POS);
	assert_int_equal(logged(st), 6);
	if (stet_learn_train(st, &lo, &res, &err) != STET_OK)
		fail_msg("stet learn: %s", err.msg);
	stet_learn_result_free(&res);
	assert_int_equal(logged(st), 0);
	assert_true(state_of(st, &s));
	assert_int_equal(s.examples, 6);
	stet_weights_state_free(&s);
	/* The session's next label is one more example of the new model,
	 * and at its pause the pool's values are that model's again. */
	pos = label(&l, pos, POS);
	flush(&l);
	{
		struct stet_error e2 = {0};

		assert_int_equal(stet_labeling_progress(&l, &e2), STET_OK);
	}
	assert_int_equal(logged(st), 0);
	assert_int_equal(examples(st), 7);
	pos = label(&l, pos, NEG);
	flush(&l);
	if (fabs(l.how.value - stored_uncertainty(st, l.how_item)) > 1e-9)
		fail_msg("served by %.17g, the model says %.17g", l.how.value,
			 stored_uncertainty(st, l.how_item));
	lclose(&l);
	stet_store_close(st);
}

static void stet_learn_takes_the_log(void **state)
{
	(void)state;
	learn_between_labels("retrain.stet", mixed, NMIXED);
}

/* A table's model is made with the column statistics of the first
 * items, and stet learn's with those of the labeled ones: the pool's
 * vectors are made again with the new ones. */
static void stet_learn_takes_a_tables_log(void **state)
{
	static char rows[40][64];
	const char *text[40];

	(void)state;
	for (int i = 0; i < 40; i++) {
		snprintf(rows[i], sizeof rows[i], "@a=%d b=%d c=%s", i * 3 % 40,
			 i * 7 % 13, i % 3 ? "x" : "y");
		text[i] = rows[i];
	}
	learn_between_labels("retrain_table.stet", text, 40);
}

static int outside_model(struct stet_txn *txn, void *ctx,
			 struct stet_error *err)
{
	struct stet_model m;
	int rc;

	(void)ctx;
	if (stet_model_begin(txn, "m", STET_MODEL_OUTSIDE, 1, &m, err) !=
	    STET_OK)
		return STET_ERR;
	rc = stet_model_put(txn, &m, err);
	stet_model_clear(&m);
	return rc;
}

static void an_outside_model_is_not_learned(void **state)
{
	char path[512];
	struct stet_store *st = project("outside.stet", mixed, 3, path);
	struct stet_labeling_opts o = {
		.annotator = "ann", .learn_given = true, .learn = "m",
	};
	struct stet_labeling l;
	struct stet_error err = {0};

	(void)state;
	assert_int_equal(stet_store_write(st, outside_model, NULL, &err),
			 STET_OK);
	assert_int_equal(stet_labeling_open(&l, st, &o, &err), STET_CONFLICT);
	assert_non_null(strstr(err.msg, "model \"m\" holds predictions imported from outside"));
	stet_labeling_close(&l, &err);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(update_goes_with_its_label),
		cmocka_unit_test(two_processes_learn_every_label),
		cmocka_unit_test(cold_until_enough_of_each_label),
		cmocka_unit_test(pool_values_are_the_models),
		cmocka_unit_test(a_label_changes_the_next_item),
		cmocka_unit_test(explore_draws_at_random),
		cmocka_unit_test(an_outside_model_is_not_learned),
		cmocka_unit_test(stet_learn_takes_the_log),
		cmocka_unit_test(stet_learn_takes_a_tables_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
