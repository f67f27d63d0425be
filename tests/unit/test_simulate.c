/* How stet simulate scores a point (stet_sim_score), on predictions
 * small enough to count by hand; the macro-F1 figures are also what
 * scikit-learn's f1_score(truth, pred, average="macro") gives. */
#include "unit.h"

#include "stet/simulate.h"

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
	stet_sim_score(truth, pred, 6, 4, &acc, &f1);
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
	stet_sim_score(truth, pred, 2, 2, &acc, &f1);
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
	stet_sim_score(truth, truth, 3, 2, &acc, &f1);
	assert_float_equal(acc, 1, 0);
	assert_float_equal(f1, 1, 0);
}

/* Nothing to score, and an index out of range: wrong, in no F1. */
static void edges(void **state)
{
	static const unsigned truth[] = {0, 5};
	static const unsigned pred[] = {0, 0};
	double acc = -1, f1 = -1;

	(void)state;
	stet_sim_score(truth, pred, 0, 2, &acc, &f1);
	assert_float_equal(acc, 0, 0);
	assert_float_equal(f1, 0, 0);
	stet_sim_score(truth, pred, 2, 2, &acc, &f1);
	assert_float_equal(acc, 0.5, 1e-12);
	assert_float_equal(f1, 1, 0); /* label 0: TP 1 only */
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
		cmocka_unit_test(strategy_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
