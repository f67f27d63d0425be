/* Stored models (src/core/weights.h): the state read back as written,
 * rows trained in the store equal to rows trained in memory, only the
 * rows an example touched stored, a model dropped without its
 * neighbours, an update that goes with an aborted transaction, damaged
 * records refused, and a project of format 8 given the databases. */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../src/core/weights.h"
#include "stet/buf.h"
#include "stet/project.h"
#include "stet/store.h"
#include "older.h"
#include "tmpdir.h"

#define BITS 18

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

/* Four short examples of three labels, as vectors of BITS buckets. */
static const char *const texts[] = {
	"the match ended in a draw", "shares fell on the market",
	"the coach praised the players", "the minister met the council",
};
static const unsigned answers[] = {0, 1, 0, 2};
#define NEX 4

struct examples {
	struct stet_fvec x[NEX];
	struct stet_example ex[NEX];
};

static void examples_make(struct examples *e)
{
	struct stet_featurizer fz;
	struct stet_error err = {0};

	assert_int_equal(stet_featurizer_init(&fz, BITS, &err), STET_OK);
	for (int i = 0; i < NEX; i++) {
		stet_fvec_init(&e->x[i]);
		assert_int_equal(stet_features_text(&fz, texts[i],
						    strlen(texts[i]), &e->x[i],
						    &err), STET_OK);
		e->ex[i].x = &e->x[i];
		e->ex[i].labels = &answers[i];
		e->ex[i].nlabels = 1;
	}
	stet_featurizer_free(&fz);
}

static void examples_free(struct examples *e)
{
	for (int i = 0; i < NEX; i++)
		stet_fvec_free(&e->x[i]);
}

static int save_state(struct stet_txn *txn, void *ctx,
		      struct stet_error *err)
{
	return stet_weights_state_save(txn, 5, ctx, err);
}

static void state_round_trip(void **state)
{
	char path[512];
	struct stet_store *st = create("state.stet", path);
	struct stet_error err = {0};
	struct stet_learner_params p;
	struct stet_weights_state s, back;
	struct stet_colstats cs;
	struct stet_txn *txn;
	const uint32_t labels[3] = {7, 2, 9};
	const unsigned first[] = {0}, both[] = {0, 2};
	struct stet_field f = {"alcohol", "13.5"};
	struct stet_item it = {.kind = STET_ITEM_TABLE, .fields = &f,
			       .nfields = 1};

	(void)state;
	stet_learner_params_default(&p, 3, BITS, true);
	p.l1 = 0.25;
	stet_colstats_init(&cs);
	stet_colstats_add(&cs, &it);
	stet_weights_state_init(&s);
	stet_weights_state_make(&s, &p, labels, &cs);
	assert_int_equal(cs.n, 0); /* moved in */
	assert_int_equal(stet_weights_state_index(&s, 9), 2);
	assert_int_equal(stet_weights_state_index(&s, 3), -1);
	stet_weights_state_count(&s, first, 1);
	stet_weights_state_count(&s, both, 2);
	assert_int_equal(stet_store_write(st, save_state, &s, &err), STET_OK);

	stet_weights_state_init(&back);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_weights_state_load(txn, 4, &back, &err),
			 STET_NOTFOUND);
	assert_int_equal(stet_weights_state_load(txn, 5, &back, &err),
			 STET_OK);
	stet_txn_end(txn);
	assert_int_equal(back.features_version, STET_FEATURES_VERSION);
	assert_int_equal(back.p.k, 3);
	assert_int_equal(back.p.bits, BITS);
	assert_true(back.p.multilabel);
	assert_true(back.p.l1 == 0.25 && back.p.alpha == p.alpha &&
		    back.p.l2 == p.l2);
	assert_memory_equal(back.labels, labels, sizeof labels);
	assert_int_equal(back.examples, 2);
	/* Output 0 in both examples, 1 in none, 2 in the second. */
	assert_int_equal(back.label_examples[0], 2);
	assert_int_equal(back.label_examples[1], 0);
	assert_int_equal(back.label_examples[2], 1);
	assert_int_equal(back.stats.n, 1);
	assert_string_equal(back.stats.col[0].name, "alcohol");
	assert_true(back.stats.col[0].mean == 13.5);
	assert_int_equal(stet_weights_state_current(&back, "m", &err),
			 STET_OK);
	back.features_version = STET_FEATURES_VERSION + 1;
	assert_int_equal(stet_weights_state_current(&back, "m", &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "train it again"));
	stet_weights_state_free(&back);
	stet_weights_state_free(&s);
	stet_store_close(st);
}

struct train_ctx {
	struct examples *e;
	struct stet_learner_params *p;
	uint32_t model;
	bool fail; /* fail after training: the transaction aborts */
};

/* Trains model ctx->model from its stored rows, in the transaction. */
static int train_stored(struct stet_txn *txn, void *ctx,
			struct stet_error *err)
{
	struct train_ctx *t = ctx;
	struct stet_db_rows r;
	struct stet_learner l;
	int rc;

	stet_db_rows_init(&r, txn, t->model, t->p);
	rc = stet_learner_init(&l, t->p, stet_db_rows_iface(&r), err);
	if (rc == STET_OK)
		rc = stet_learner_train(&l, t->e->ex, NEX, 3, 42, err);
	stet_learner_free(&l);
	stet_db_rows_free(&r);
	if (rc == STET_OK && t->fail)
		rc = stet_error_set(err, STET_ERR, "the label failed");
	return rc;
}

static void stored_rows_train_as_memory(void **state)
{
	char path[512];
	struct stet_store *st = create("rows.stet", path);
	struct stet_error err = {0};
	struct stet_learner_params p;
	struct stet_dense_rows mem, back;
	struct stet_learner l;
	struct examples e;
	struct stet_txn *txn;
	struct train_ctx t = {&e, &p, 3, false};
	uint64_t nonzero = 0, stored;

	(void)state;
	examples_make(&e);
	stet_learner_params_default(&p, 3, BITS, false);
	assert_int_equal(stet_dense_rows_init(&mem, &p, &err), STET_OK);
	assert_int_equal(stet_learner_init(&l, &p, stet_dense_rows_iface(&mem),
					   &err), STET_OK);
	assert_int_equal(stet_learner_train(&l, e.ex, NEX, 3, 42, &err),
			 STET_OK);
	stet_learner_free(&l);
	for (uint64_t i = 0; i < mem.nrows; i++)
		for (size_t j = 0; j < mem.width; j++)
			if (mem.rows[i * mem.width + j] != 0) {
				nonzero++;
				break;
			}

	assert_int_equal(stet_store_write(st, train_stored, &t, &err),
			 STET_OK);
	/* An update whose transaction aborts leaves nothing. */
	t.fail = true;
	assert_int_equal(stet_store_write(st, train_stored, &t, &err),
			 STET_ERR);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_count(txn, STET_DB_WEIGHTS, &stored, &err),
			 STET_OK);
	/* The rows the examples touched, no more: each example's buckets
	 * and the bias row. */
	assert_int_equal(stored, nonzero);
	assert_true(nonzero > NEX);
	assert_int_equal(stet_dense_rows_init(&back, &p, &err), STET_OK);
	assert_int_equal(stet_weights_get_dense(txn, 3, &p, &back, &err),
			 STET_OK);
	stet_txn_end(txn);
	/* Bit for bit: the same arithmetic on rows through bytes. */
	assert_memory_equal(back.rows, mem.rows,
			    mem.nrows * mem.width * sizeof *mem.rows);
	stet_dense_rows_free(&back);
	stet_dense_rows_free(&mem);
	examples_free(&e);
	stet_store_close(st);
}

struct dense_ctx {
	struct stet_learner_params *p;
	struct stet_dense_rows *d;
	uint64_t written;
};

/* Model 1's rows and state, then model 2's, then drops model 1. */
static int two_models(struct stet_txn *txn, void *ctx,
		      struct stet_error *err)
{
	struct dense_ctx *c = ctx;
	struct stet_weights_state s;
	const uint32_t labels[3] = {1, 2, 3};
	int rc = STET_OK;

	stet_weights_state_init(&s);
	stet_weights_state_make(&s, c->p, labels, NULL);
	for (uint32_t m = 1; m <= 2 && rc == STET_OK; m++) {
		rc = stet_weights_put_dense(txn, m, c->p, c->d, &c->written,
					    err);
		if (rc == STET_OK)
			rc = stet_weights_state_save(txn, m, &s, err);
	}
	if (rc == STET_OK)
		rc = stet_weights_drop(txn, 1, err);
	stet_weights_state_free(&s);
	return rc;
}

static void drop_keeps_the_others(void **state)
{
	char path[512];
	struct stet_store *st = create("drop.stet", path);
	struct stet_error err = {0};
	struct stet_learner_params p;
	struct stet_dense_rows d, back;
	struct stet_weights_state s;
	struct stet_txn *txn;
	struct dense_ctx c = {&p, &d, 0};
	uint64_t n;

	(void)state;
	stet_learner_params_default(&p, 3, BITS, false);
	assert_int_equal(stet_dense_rows_init(&d, &p, &err), STET_OK);
	/* Three rows not zero: 0, 1000 and the bias. */
	d.rows[0] = 1.5f;
	d.rows[1000 * d.width + 5] = 0.25f;
	d.rows[(d.nrows - 1) * d.width + 2] = -2.0f;
	assert_int_equal(stet_store_write(st, two_models, &c, &err), STET_OK);
	assert_int_equal(c.written, 3);
	stet_weights_state_init(&s);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_count(txn, STET_DB_WEIGHTS, &n, &err), STET_OK);
	assert_int_equal(n, 3); /* model 2's */
	assert_int_equal(stet_count(txn, STET_DB_LEARNERS, &n, &err), STET_OK);
	assert_int_equal(n, 1);
	assert_int_equal(stet_weights_state_load(txn, 1, &s, &err),
			 STET_NOTFOUND);
	assert_int_equal(stet_weights_state_load(txn, 2, &s, &err), STET_OK);
	assert_int_equal(stet_dense_rows_init(&back, &p, &err), STET_OK);
	assert_int_equal(stet_weights_get_dense(txn, 2, &p, &back, &err),
			 STET_OK);
	assert_memory_equal(back.rows, d.rows,
			    d.nrows * d.width * sizeof *d.rows);
	stet_txn_end(txn);
	stet_weights_state_free(&s);
	stet_dense_rows_free(&back);
	stet_dense_rows_free(&d);
	stet_store_close(st);
}

struct raw_ctx {
	enum stet_db db;
	const unsigned char *key;
	size_t klen;
	const void *val;
	size_t vlen;
};

static int put_raw(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct raw_ctx *r = ctx;

	return stet_put(txn, r->db, r->key, r->klen, r->val, r->vlen, 0, err);
}

static void damaged_records(void **state)
{
	char path[512];
	struct stet_store *st = create("damaged.stet", path);
	struct stet_error err = {0};
	struct stet_learner_params p;
	struct stet_weights_state s;
	struct stet_db_rows r;
	struct stet_rows rows;
	struct stet_txn *txn;
	unsigned char key[STET_WEIGHTS_KEY], state_key[4] = {0, 0, 0, 9};
	const unsigned char short_row[5] = {0};
	const unsigned char junk[3] = {1, 1, 0xff};
	struct raw_ctx rc1 = {STET_DB_WEIGHTS, key, sizeof key, short_row,
			      sizeof short_row};
	struct raw_ctx rc2 = {STET_DB_LEARNERS, state_key, 4, junk,
			      sizeof junk};
	float row[6];

	(void)state;
	stet_learner_params_default(&p, 3, BITS, false);
	stet_weights_key(key, 9, 17);
	assert_int_equal(stet_store_write(st, put_raw, &rc1, &err), STET_OK);
	assert_int_equal(stet_store_write(st, put_raw, &rc2, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	stet_db_rows_init(&r, txn, 9, &p);
	rows = stet_db_rows_iface(&r);
	/* A row never put reads as zeros; a row of 5 bytes is damaged. */
	row[0] = 1;
	assert_int_equal(rows.get(rows.ctx, 16, row, &err), STET_OK);
	assert_true(row[0] == 0);
	assert_int_equal(rows.get(rows.ctx, 17, row, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "model 9, row 17"));
	stet_db_rows_free(&r);
	stet_weights_state_init(&s);
	assert_int_equal(stet_weights_state_load(txn, 9, &s, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "model 9"));
	assert_null(s.labels);
	stet_txn_end(txn);
	stet_store_close(st);
}

/* Format 8 had no `learners` and no `weights`: opened for writing, the
 * project gets both, empty, and the current format. */
static void format_8_gets_the_databases(void **state)
{
	char path[512];
	struct stet_store *st = create("format8.stet", path);
	struct stet_error err = {0};
	struct stet_txn *txn;
	uint64_t v, n;

	(void)state;
	stet_store_close(st);
	make_older(path, 8,
		   (const char *const[]){"learners", "weights", NULL});

	assert_int_equal(stet_project_open(path, 0, &st, &err), STET_OK);
	assert_int_equal(stet_txn_begin_read(st, &txn, &err), STET_OK);
	assert_int_equal(stet_meta_get_u64(txn, "format_version", &v, &err),
			 STET_OK);
	assert_int_equal(v, STET_FORMAT_VERSION);
	assert_int_equal(stet_count(txn, STET_DB_WEIGHTS, &n, &err), STET_OK);
	assert_int_equal(n, 0);
	assert_int_equal(stet_count(txn, STET_DB_LEARNERS, &n, &err), STET_OK);
	assert_int_equal(n, 0);
	stet_txn_end(txn);
	stet_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(state_round_trip),
		cmocka_unit_test(stored_rows_train_as_memory),
		cmocka_unit_test(drop_keeps_the_others),
		cmocka_unit_test(damaged_records),
		cmocka_unit_test(format_8_gets_the_databases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
