/* How stet simulate scores a point (stet_sim_score), on predictions
 * small enough to count by hand; the macro-F1 figures are also what
 * scikit-learn's f1_score(truth, pred, average="macro") gives. */
#include "unit.h"

#include "stet/simulate.h"

/* Single-label: one label an item, offsets 0, 1, 2, ... */
static const size_t one_each[] = {0, 1, 2, 3, 4, 5, 6, 7};

static void score1(const unsigned *truth, const unsigned *pred, size_t n,
		   size_t k, double *acc, double *f1)
{
	stet_sim_score(one_each, truth, one_each, pred, n, k, acc, f1);
}

/* truth 0 0 0 1 1 2, pred 0 0 1 1 2 2, four labels (3 unused):
 * right on items 1, 2, 4 and 6: accuracy 4/6.
 * label 0: TP 2, FP 0, FN 1 -> F1 4/5
 * label 1: TP 1, FP 1 (item 3), FN 1 (item 5) -> 2/4
 * label 2: TP 1, FP 1 (item 5), FN 0 -> 2/3
 * label 3: neither answer nor prediction: not counted.
 * macro-F1 (4/5 + 1/2 + 2/3) / 3 = 59/90 = 0.6555... */
static void by_hand(void **state)
{
	static const unsigned truth[] = {0, 0, 0, 1, 1, 2};
	static const unsigned pred[] = {0, 0, 1, 1, 2, 2};
	double acc, f1;

	(void)state;
	score1(truth, pred, 6, 4, &acc, &f1);
	assert_float_equal(acc, 4.0 / 6, 1e-12);
	assert_float_equal(f1, 59.0 / 90, 1e-12);
}

/* A label only predicted counts with F1 0: truth 0 0, pred 0 1:
 * label 0 TP 1, FN 1 -> 2/3; label 1 FP 1 -> 0; macro (2/3 + 0) / 2. */
static void predicted_only(void **state)
{
	static const unsigned truth[] = {0, 0};
	static const unsigned pred[] = {0, 1};
	double acc, f1;

	(void)state;
	score1(truth, pred, 2, 2, &acc, &f1);
	assert_float_equal(acc, 0.5, 1e-12);
	assert_float_equal(f1, 1.0 / 3, 1e-12);
}

/* All right on one label: accuracy 1, and the one label counted has
 * F1 1, so macro-F1 is 1 (the other label is in no pair). */
static void all_right(void **state)
{
	static const unsigned truth[] = {1, 1, 1};
	double acc, f1;

	(void)state;
	score1(truth, truth, 3, 2, &acc, &f1);
	assert_float_equal(acc, 1, 0);
	assert_float_equal(f1, 1, 0);
}

/* Nothing to score; and an answer out of range (5 of 2 labels): the
 * item is wrong, 5 is in no F1, and the 0 predicted for it is a false
 * positive: label 0 has TP 1 (the first item), FP 1 -> F1 2/3. */
static void edges(void **state)
{
	static const unsigned truth[] = {0, 5};
	static const unsigned pred[] = {0, 0};
	double acc = -1, f1 = -1;

	(void)state;
	score1(truth, pred, 0, 2, &acc, &f1);
	assert_float_equal(acc, 0, 0);
	assert_float_equal(f1, 0, 0);
	score1(truth, pred, 2, 2, &acc, &f1);
	assert_float_equal(acc, 0.5, 1e-12);
	assert_float_equal(f1, 2.0 / 3, 1e-12);
}

/* Multi-label, labels 0..2, four items:
 *   truth {0,1}  pred {0,1}  right
 *   truth {}     pred {}     right (nothing, and nothing predicted)
 *   truth {2}    pred {1,2}  wrong: 2 TP, 1 FP
 *   truth {0,2}  pred {0}    wrong: 0 TP, 2 FN
 * accuracy 2/4 (exact match).
 * label 0: TP 2 -> F1 1
 * label 1: TP 1, FP 1 -> 2/3
 * label 2: TP 1, FN 1 -> 2/3
 * macro-F1 (1 + 2/3 + 2/3) / 3 = 7/9 (scikit-learn's f1_score on the
 * indicator matrices, average="macro", says 0.7777...). */
static void sets(void **state)
{
	static const size_t toff[] = {0, 2, 2, 3, 5};
	static const unsigned tlab[] = {0, 1, 2, 0, 2};
	static const size_t poff[] = {0, 2, 2, 4, 5};
	static const unsigned plab[] = {0, 1, 1, 2, 0};
	double acc, f1;

	(void)state;
	stet_sim_score(toff, tlab, poff, plab, 4, 3, &acc, &f1);
	assert_float_equal(acc, 0.5, 1e-12);
	assert_float_equal(f1, 7.0 / 9, 1e-12);
}

static void strategy_names(void **state)
{
	static const char *const names[] = {"random", "least", "margin",
					    "entropy"};
	enum stet_sim_strategy s;

	(void)state;
	for (int i = 0; i < STET_SIM_NSTRATEGIES; i++) {
		assert_int_equal(stet_sim_strategy_parse(names[i], &s), 0);
		assert_int_equal(s, i);
		assert_string_equal(stet_sim_strategy_name(s), names[i]);
	}
	assert_int_equal(stet_sim_strategy_parse("Least", &s), -1);
	assert_int_equal(stet_sim_strategy_parse("", &s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(by_hand),
		cmocka_unit_test(predicted_only),
		cmocka_unit_test(all_right),
		cmocka_unit_test(edges),
		cmocka_unit_test(sets),
		cmocka_unit_test(strategy_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
