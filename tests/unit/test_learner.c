/* The learner (src/core/learner.h): FTRL's first step worked by hand,
 * separable data learned, softmax and one-vs-rest probabilities, the
 * same model for the same seed, rows as bytes, and what it refuses. */
#include "unit.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "../../src/core/learner.h"
#include "stet/mix.h"

#define BITS 8 /* 256 buckets and the bias row */

/* A vector of value 1 at each of the buckets given (ascending). */
static void ones(struct stet_fvec *v, const uint32_t *b, size_t n)
{
	v->n = 0;
	for (size_t i = 0; i < n; i++)
		stet_fvec_push(v, b[i], 1.0);
}

static void params(struct stet_learner_params *p, unsigned k, bool multi)
{
	stet_learner_params_default(p, k, BITS, multi);
}

static void first_step_is_ftrl_by_hand(void **state)
{
	struct stet_learner_params p;
	struct stet_dense_rows d;
	struct stet_learner l;
	struct stet_fvec x;
	struct stet_error err = {0};
	const uint32_t b[] = { 3 };
	const unsigned label = 0;
	const float *row, *bias;
	double prob[2], s;

	(void)state;
	params(&p, 2, false);
	assert_int_equal(stet_dense_rows_init(&d, &p, &err), STET_OK);
	assert_int_equal(stet_learner_init(&l, &p, stet_dense_rows_iface(&d),
					   &err), STET_OK);
	stet_fvec_init(&x);
	ones(&x, b, 1);
	/* All weights 0: softmax of (0, 0) is (1/2, 1/2). */
	assert_int_equal(stet_learner_predict(&l, &x, prob, &err), STET_OK);
	assert_true(prob[0] == 0.5 && prob[1] == 0.5);
	/* Label 0: gradients p - y = (-1/2, 1/2) on bucket 3 (value 1) and
	 * the bias. With n = 0 and w = 0, z += g and n += g^2 = 1/4. */
	assert_int_equal(stet_learner_update(&l, &x, &label, 1, &err),
			 STET_OK);
	row = d.rows + 3 * d.width;
	bias = d.rows + 256 * d.width;
	assert_true(row[0] == -0.5f && row[1] == 0.5f);
	assert_true(row[2] == 0.25f && row[3] == 0.25f);
	assert_memory_equal(row, bias, 4 * sizeof *row);
	/* Now w = -z / ((beta + sqrt(n)) / alpha + l2): with alpha 0.5,
	 * beta 1, sqrt(1/4) = 1/2, the feature's is 0.5 / (3 + 1e-4) and
	 * the bias's (no l2) 0.5 / 3, for label 0, negated for label 1.
	 * Softmax of (s, -s) gives label 0 1 / (1 + exp(-2s)). */
	s = 0.5 / 3.0001 + 0.5 / 3;
	assert_int_equal(stet_learner_predict(&l, &x, prob, &err), STET_OK);
	assert_true(fabs(prob[0] - 1 / (1 + exp(-2 * s))) < 1e-12);
	assert_true(fabs(prob[0] + prob[1] - 1) < 1e-15);
	stet_learner_free(&l);
	stet_dense_rows_free(&d);
	stet_fvec_free(&x);
}

/* n examples of k labels, separable by construction: an example of
 * label y has bucket 10 + y, and three buckets among 100..131 drawn for
 * every label alike (the same noise for each). Weights on buckets
 * 10..10+k-1 alone tell every label apart. */
struct dataset {
	struct stet_fvec x[120];
	unsigned y[120];
	struct stet_example ex[120];
	size_t n;
};

static void make_separable(struct dataset *ds, unsigned k, uint64_t seed)
{
	ds->n = 120;
	for (size_t i = 0; i < ds->n; i++) {
		uint32_t b[4];

		ds->y[i] = (unsigned)(i % k);
		b[0] = 10 + ds->y[i];
		for (size_t j = 1; j < 4; j++)
			b[j] = 100 + 8 * (uint32_t)(j - 1) +
			       (uint32_t)(stet_mix64(seed + 4 * i + j) % 8);
		stet_fvec_init(&ds->x[i]);
		ones(&ds->x[i], b, 4);
		ds->ex[i].x = &ds->x[i];
		ds->ex[i].labels = &ds->y[i];
		ds->ex[i].nlabels = 1;
	}
}

static void free_dataset(struct dataset *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		stet_fvec_free(&ds->x[i]);
}

static void train(struct stet_dense_rows *d, struct stet_learner *l,
		  const struct stet_learner_params *p, struct dataset *ds,
		  uint64_t seed)
{
	struct stet_error err = {0};

	assert_int_equal(stet_dense_rows_init(d, p, &err), STET_OK);
	assert_int_equal(stet_learner_init(l, p, stet_dense_rows_iface(d),
					   &err), STET_OK);
	assert_int_equal(stet_learner_train(l, ds->ex, ds->n, 5, seed, &err),
			 STET_OK);
}

static void learns_separable_data(void **state)
{
	struct stet_learner_params p;
	struct stet_dense_rows d;
	struct stet_learner l;
	struct dataset ds;
	struct stet_error err = {0};
	size_t right = 0;

	(void)state;
	params(&p, 4, false);
	make_separable(&ds, 4, 7);
	train(&d, &l, &p, &ds, 1);
	for (size_t i = 0; i < ds.n; i++) {
		double prob[4], sum = 0;
		unsigned best = 0;

		assert_int_equal(stet_learner_predict(&l, &ds.x[i], prob, &err),
				 STET_OK);
		for (unsigned j = 0; j < 4; j++) {
			sum += prob[j];
			if (prob[j] > prob[best])
				best = j;
		}
		/* Four quotients of one sum, each rounded once: their
		 * total is 1 within a few units of 2^-53. */
		assert_true(fabs(sum - 1) < 1e-15);
		right += best == ds.y[i];
	}
	assert_int_equal(right, ds.n);
	stet_learner_free(&l);
	stet_dense_rows_free(&d);
	free_dataset(&ds);
}

static void one_vs_rest_gives_an_item_two_labels(void **state)
{
	struct stet_learner_params p;
	struct stet_dense_rows d;
	struct stet_learner l;
	struct stet_fvec x[4];
	struct stet_example ex[4];
	struct stet_error err = {0};
	/* Bucket 1 means label 0, bucket 2 label 1, both buckets both
	 * labels, bucket 3 neither; label 2 is never given. */
	static const uint32_t b[4][2] = { { 1 }, { 2 }, { 1, 2 }, { 3 } };
	static const size_t nb[4] = { 1, 1, 2, 1 };
	static const unsigned labels[4][2] = { { 0 }, { 1 }, { 1, 0 }, { 0 } };
	static const size_t nl[4] = { 1, 1, 2, 0 };
	double prob[3];

	(void)state;
	params(&p, 3, true);
	for (size_t i = 0; i < 4; i++) {
		stet_fvec_init(&x[i]);
		ones(&x[i], b[i], nb[i]);
		ex[i].x = &x[i];
		ex[i].labels = labels[i];
		ex[i].nlabels = nl[i];
	}
	assert_int_equal(stet_dense_rows_init(&d, &p, &err), STET_OK);
	assert_int_equal(stet_learner_init(&l, &p, stet_dense_rows_iface(&d),
					   &err), STET_OK);
	assert_int_equal(stet_learner_train(&l, ex, 4, 30, 9, &err), STET_OK);
	assert_int_equal(stet_learner_predict(&l, &x[2], prob, &err), STET_OK);
	assert_true(prob[0] > 0.5 && prob[1] > 0.5 && prob[2] < 0.5);
	assert_int_equal(stet_learner_predict(&l, &x[0], prob, &err), STET_OK);
	assert_true(prob[0] > 0.5 && prob[1] < 0.5 && prob[2] < 0.5);
	assert_int_equal(stet_learner_predict(&l, &x[3], prob, &err), STET_OK);
	assert_true(prob[0] < 0.5 && prob[1] < 0.5 && prob[2] < 0.5);
	stet_learner_free(&l);
	stet_dense_rows_free(&d);
	for (size_t i = 0; i < 4; i++)
		stet_fvec_free(&x[i]);
}

static void a_seed_gives_one_model(void **state)
{
	struct stet_learner_params p;
	struct stet_dense_rows a, b, c;
	struct stet_learner la, lb, lc;
	struct dataset ds;
	size_t bytes;

	(void)state;
	params(&p, 3, false);
	make_separable(&ds, 3, 11);
	train(&a, &la, &p, &ds, 42);
	train(&b, &lb, &p, &ds, 42);
	train(&c, &lc, &p, &ds, 43);
	bytes = (size_t)a.nrows * a.width * sizeof *a.rows;
	assert_memory_equal(a.rows, b.rows, bytes);
	/* Another order of the same examples ends elsewhere: FTRL's steps
	 * depend on the state each example meets. */
	assert_memory_not_equal(a.rows, c.rows, bytes);
	stet_learner_free(&la);
	stet_learner_free(&lb);
	stet_learner_free(&lc);
	stet_dense_rows_free(&a);
	stet_dense_rows_free(&b);
	stet_dense_rows_free(&c);
	free_dataset(&ds);
}

/* Examples made one at a time into one vector, as a caller that reads
 * items from a project would; fails at example fail_at (0: never). */
struct maker {
	struct dataset *ds;
	struct stet_fvec x;
	size_t calls, fail_at;
};

static int make_one(void *ctx, size_t i, struct stet_example *e,
		    struct stet_error *err)
{
	struct maker *m = ctx;
	const struct stet_fvec *from = &m->ds->x[i];

	if (++m->calls == m->fail_at)
		return stet_error_set(err, STET_ERR, "item %zu: unreadable",
				      i + 1);
	m->x.n = 0;
	for (size_t j = 0; j < from->n; j++)
		stet_fvec_push(&m->x, from->idx[j], from->val[j]);
	e->x = &m->x;
	e->labels = &m->ds->y[i];
	e->nlabels = 1;
	return STET_OK;
}

static void examples_one_at_a_time_train_alike(void **state)
{
	struct stet_learner_params p;
	struct stet_dense_rows a, b;
	struct stet_learner la, lb;
	struct dataset ds;
	struct maker m = { 0 };
	struct stet_error err = {0};

	(void)state;
	params(&p, 3, false);
	make_separable(&ds, 3, 13);
	train(&a, &la, &p, &ds, 8);
	m.ds = &ds;
	stet_fvec_init(&m.x);
	assert_int_equal(stet_dense_rows_init(&b, &p, &err), STET_OK);
	assert_int_equal(stet_learner_init(&lb, &p, stet_dense_rows_iface(&b),
					   &err), STET_OK);
	assert_int_equal(stet_learner_train_each(&lb, ds.n, make_one, &m, 5, 8,
						 &err), STET_OK);
	/* 5 epochs of 120 examples, each asked for once. */
	assert_int_equal(m.calls, 600);
	assert_memory_equal(a.rows, b.rows,
			    (size_t)a.nrows * a.width * sizeof *a.rows);
	/* A failure ends the training and says which example. */
	m.calls = 0;
	m.fail_at = 130;
	assert_int_equal(stet_learner_train_each(&lb, ds.n, make_one, &m, 5, 8,
						 &err), STET_ERR);
	assert_int_equal(m.calls, 130);
	assert_non_null(strstr(err.msg, "example "));
	assert_non_null(strstr(err.msg, ": unreadable"));
	stet_learner_free(&la);
	stet_learner_free(&lb);
	stet_dense_rows_free(&a);
	stet_dense_rows_free(&b);
	stet_fvec_free(&m.x);
	free_dataset(&ds);
}

static void rows_as_bytes_predict_the_same(void **state)
{
	struct stet_learner_params p, q;
	struct stet_dense_rows a, b;
	struct stet_learner la, lb;
	struct dataset ds;
	struct stet_error err = {0};
	struct stet_buf pb;
	unsigned char bytes[8 * 3];
	const float one_row[2] = { 1.0f, 0.5f };
	unsigned char pinned[8];
	const float bad[2] = { 0.0f, -1.0f };

	(void)state;
	/* IEEE 754 binary32 big-endian: 1.0 is 3f800000, 0.5 3f000000. */
	stet_learner_params_default(&q, 1, BITS, true);
	stet_learner_row_encode(&q, one_row, pinned);
	assert_memory_equal(pinned, "\x3f\x80\x00\x00\x3f\x00\x00\x00", 8);

	params(&p, 3, false);
	assert_int_equal(stet_learner_row_bytes(&p), sizeof bytes);
	make_separable(&ds, 3, 5);
	train(&a, &la, &p, &ds, 3);
	assert_int_equal(stet_dense_rows_init(&b, &p, &err), STET_OK);
	for (uint64_t r = 0; r < a.nrows; r++) {
		stet_learner_row_encode(&p, a.rows + r * a.width, bytes);
		assert_int_equal(stet_learner_row_decode(&p, bytes,
							 sizeof bytes,
							 b.rows + r * b.width,
							 &err),
				 STET_OK);
	}
	/* The parameters too. */
	stet_buf_init(&pb);
	stet_learner_params_encode(&p, &pb);
	assert_int_equal(stet_learner_params_decode(pb.data, pb.len, &q, &err),
			 STET_OK);
	assert_int_equal(stet_learner_init(&lb, &q, stet_dense_rows_iface(&b),
					   &err), STET_OK);
	for (size_t i = 0; i < ds.n; i++) {
		double pa[3], pq[3];

		assert_int_equal(stet_learner_predict(&la, &ds.x[i], pa, &err),
				 STET_OK);
		assert_int_equal(stet_learner_predict(&lb, &ds.x[i], pq, &err),
				 STET_OK);
		assert_memory_equal(pa, pq, sizeof pa);
	}
	/* Damage is refused: a short row, a negative sum of squares, short
	 * parameters. */
	assert_int_equal(stet_learner_row_decode(&p, bytes, 23, b.rows, &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "23 bytes"));
	stet_learner_params_default(&q, 1, BITS, true);
	stet_learner_row_encode(&q, bad, pinned);
	assert_int_equal(stet_learner_row_decode(&q, pinned, 8, b.rows, &err),
			 STET_ERR);
	assert_int_equal(stet_learner_params_decode(pb.data, pb.len - 1, &q,
						    &err), STET_ERR);
	assert_non_null(strstr(err.msg, "damaged"));
	stet_buf_free(&pb);
	stet_learner_free(&la);
	stet_learner_free(&lb);
	stet_dense_rows_free(&a);
	stet_dense_rows_free(&b);
	free_dataset(&ds);
}

/* Rows that count what the learner asks of them, and fail a put when
 * told to, as a store whose disk is full would. */
struct counting {
	struct stet_dense_rows d;
	size_t gets, puts;
	bool fail_put;
};

static int counting_get(void *ctx, uint32_t index, float *row,
			struct stet_error *err)
{
	struct counting *c = ctx;

	c->gets++;
	return stet_dense_rows_iface(&c->d).get(&c->d, index, row, err);
}

static int counting_put(void *ctx, uint32_t index, const float *row,
			struct stet_error *err)
{
	struct counting *c = ctx;

	c->puts++;
	if (c->fail_put)
		return stet_error_set(err, STET_ERR, "row %lu: disk full",
				      (unsigned long)index);
	return stet_dense_rows_iface(&c->d).put(&c->d, index, row, err);
}

static void rows_are_reached_through_the_interface(void **state)
{
	struct stet_learner_params p;
	struct counting c = { 0 };
	struct stet_rows rows = { counting_get, counting_put, NULL, &c };
	struct stet_learner l;
	struct stet_fvec x;
	struct stet_error err = {0};
	const uint32_t b[] = { 4, 9, 200 };
	const uint32_t past[] = { 256 };
	const unsigned two[] = { 0, 1 }, five = 5;

	(void)state;
	params(&p, 3, false);
	assert_int_equal(stet_dense_rows_init(&c.d, &p, &err), STET_OK);
	assert_int_equal(stet_learner_init(&l, &p, rows, &err), STET_OK);
	stet_fvec_init(&x);
	ones(&x, b, 3);
	/* Three buckets and the bias: four rows read, four written. */
	assert_int_equal(stet_learner_update(&l, &x, two, 1, &err), STET_OK);
	assert_int_equal(c.gets, 4);
	assert_int_equal(c.puts, 4);
	c.fail_put = true;
	assert_int_equal(stet_learner_update(&l, &x, two, 1, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "disk full"));
	/* What a single-label model refuses, and a bucket past the model. */
	assert_int_equal(stet_learner_update(&l, &x, two, 2, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "2 labels"));
	assert_int_equal(stet_learner_update(&l, &x, &five, 1, &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "label 5 of 3"));
	ones(&x, past, 1);
	assert_int_equal(stet_learner_update(&l, &x, two, 1, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "feature 256"));
	stet_learner_free(&l);
	stet_dense_rows_free(&c.d);
	stet_fvec_free(&x);
}

static void bad_parameters_are_named(void **state)
{
	struct stet_learner_params p;
	struct stet_error err = {0};

	(void)state;
	params(&p, 0, false);
	assert_int_equal(stet_learner_params_check(&p, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "0 labels"));
	params(&p, 2, false);
	p.bits = 25;
	assert_int_equal(stet_learner_params_check(&p, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "25 bits"));
	params(&p, 2, false);
	p.alpha = 0;
	assert_int_equal(stet_learner_params_check(&p, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "alpha"));
	params(&p, 2, false);
	p.l1 = NAN;
	assert_int_equal(stet_learner_params_check(&p, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "l1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_step_is_ftrl_by_hand),
		cmocka_unit_test(learns_separable_data),
		cmocka_unit_test(one_vs_rest_gives_an_item_two_labels),
		cmocka_unit_test(a_seed_gives_one_model),
		cmocka_unit_test(examples_one_at_a_time_train_alike),
		cmocka_unit_test(rows_as_bytes_predict_the_same),
		cmocka_unit_test(rows_are_reached_through_the_interface),
		cmocka_unit_test(bad_parameters_are_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
