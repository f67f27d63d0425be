/* The pace and fatigue statistics (stet/stats.h): the tests behind them
 * on known data, and the verdict on synthetic sessions. */
#include "unit.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/schema.h"
#include "stet/session_labels.h"
#include "stet/stats.h"

#include "seeded.h"

/* ---- the statistics on known data ---- */

static void median_and_entropy(void **state)
{
	double odd[] = {5, 1, 4, 2, 3}, even[] = {8, 1, 7, 2}, one[] = {3};
	uint64_t c2[] = {1, 1}, c4[] = {3, 3, 3, 3}, c1[] = {0, 9, 0};

	(void)state;
	near(stet_median(odd, 5), 3, 0, "odd median");
	near(stet_median(even, 4), 4.5, 0, "even median");
	near(stet_median(one, 1), 3, 0, "median of one");
	assert_true(isnan(stet_median(one, 0)));
	near(stet_entropy(c2, 2), 1, 1e-15, "two equal labels: 1 bit");
	near(stet_entropy(c4, 4), 2, 1e-15, "four equal labels: 2 bits");
	near(stet_entropy(c1, 3), 0, 0, "one label: 0 bits");
}

static void theil_sen_known(void **state)
{
	/* The ten pairwise slopes of this set, sorted: -1 -1 1/3 1/2 3/4
	 * 1 1 4/3 2 3; the median is (3/4 + 1) / 2. */
	const double x[] = {1, 2, 3, 4, 5}, y[] = {1, 3, 2, 5, 4};
	double xl[12], yl[12];

	(void)state;
	near(stet_theil_sen(x, y, 5), 0.875, 1e-15, "Theil-Sen, hand computed");
	/* y = 2x + 1 with two wild points: the estimator keeps 2, where
	 * least squares would not. */
	for (int i = 0; i < 12; i++) {
		xl[i] = i;
		yl[i] = 2 * i + 1;
	}
	yl[3] = 100;
	yl[9] = -50;
	near(stet_theil_sen(xl, yl, 12), 2, 1e-12, "Theil-Sen ignores outliers");
	/* Ties in x are left out of the pairs. */
	{
		const double tx[] = {0, 0, 1, 2}, ty[] = {0, 5, 1, 2};

		/* pairs with dx != 0: (0,1) 1, (0,2) 1, (5,1) -4,
		 * (5,2) -1.5, (1,2) 1 -> median 1 */
		near(stet_theil_sen(tx, ty, 4), 1, 1e-15, "Theil-Sen with tied x");
	}
	assert_true(isnan(stet_theil_sen(x, y, 1)));
}

static void mann_whitney_as_scipy(void **state)
{
	const double a[] = {1, 2, 3, 4, 5}, b[] = {6, 7, 8, 9, 10};
	const double c[] = {1, 2, 2, 3, 5, 7}, d[] = {2, 4, 6, 6, 8, 9, 10};
	const double same[] = {4, 4, 4};

	(void)state;
	/* scipy.stats.mannwhitneyu(..., method="asymptotic") */
	near(stet_mann_whitney_p(a, 5, b, 5, STET_LESS), 0.006092890177672409,
	     1e-12, "MW less");
	near(stet_mann_whitney_p(c, 6, d, 7, STET_TWO_SIDED), 0.07216011300239515,
	     1e-12, "MW two-sided with ties");
	near(stet_mann_whitney_p(c, 6, d, 7, STET_GREATER), 0.9739287351058831,
	     1e-12, "MW greater with ties");
	near(stet_mann_whitney_p(same, 3, same, 3, STET_TWO_SIDED), 1, 0,
	     "all tied");
	assert_true(isnan(stet_mann_whitney_p(a, 0, b, 5, STET_LESS)));
}

static void fisher_as_scipy(void **state)
{
	(void)state;
	/* Fisher's tea-tasting lady: 3 of 4 cups right. */
	near(stet_fisher_exact_p(3, 1, 1, 3, STET_GREATER), 17.0 / 70, 1e-12,
	     "tea, one-sided");
	near(stet_fisher_exact_p(3, 1, 1, 3, STET_TWO_SIDED), 34.0 / 70, 1e-12,
	     "tea, two-sided");
	/* scipy.stats.fisher_exact([[8, 2], [1, 5]]) and the others'
	 * tables, with the alternative named. */
	near(stet_fisher_exact_p(8, 2, 1, 5, STET_TWO_SIDED), 0.03496503496503496,
	     1e-12, "two-sided");
	near(stet_fisher_exact_p(8, 2, 1, 5, STET_LESS), 0.9991258741258741,
	     1e-12, "less");
	near(stet_fisher_exact_p(1, 9, 11, 3, STET_LESS), 0.0013797280926100416,
	     1e-12, "less, small p");
	near(stet_fisher_exact_p(0, 0, 0, 0, STET_TWO_SIDED), 1, 0, "empty");
}

static void mann_kendall(void **state)
{
	double up[10], flat[6] = {2, 2, 2, 2, 2, 2};

	(void)state;
	for (int i = 0; i < 10; i++)
		up[i] = i * i;
	/* S = 45, var = 10*9*25/18 = 125, z = 44/sqrt(125) */
	near(stet_mann_kendall_p(up, 10), 8.303070332644999e-05, 1e-12,
	     "monotone series");
	near(stet_mann_kendall_p(flat, 6), 1, 0, "no trend in a constant");
}

/* The probability by enumerating every sequence. */
static double run_brute(const double *p, size_t k, size_t n, size_t len,
			size_t only)
{
	size_t total = 1, seq[16];
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		total *= k;
	for (size_t code = 0; code < total; code++) {
		size_t c = code, cur = 0;
		double pr = 1;
		bool hit = false;

		for (size_t i = 0; i < n; i++) {
			seq[i] = c % k;
			c /= k;
			pr *= p[seq[i]];
			cur = i > 0 && seq[i] == seq[i - 1] ? cur + 1 : 1;
			if (cur >= len && (only == SIZE_MAX || only == seq[i]))
				hit = true;
		}
		if (hit)
			sum += pr;
	}
	return sum;
}

static void run_probability(void **state)
{
	const double coin[] = {0.5, 0.5}, three[] = {0.5, 0.3, 0.2};
	const double two[] = {0.6, 0.4};

	(void)state;
	/* Four tosses: only HTHT and THTH have no run of two. */
	near(stet_run_p(coin, 2, 4, 2, SIZE_MAX), 0.875, 1e-15, "coin, runs of 2");
	/* Ten tosses without three heads in a row: 504 of 1024
	 * (tribonacci). */
	near(stet_run_p(coin, 2, 10, 3, 0), 1 - 504.0 / 1024, 1e-14,
	     "three heads in ten tosses");
	near(stet_run_p(three, 3, 8, 3, SIZE_MAX), 0.54266515999999, 1e-12,
	     "three labels, any run of 3 in 8");
	near(stet_run_p(three, 3, 8, 3, 1), 0.12012218999999, 1e-12,
	     "three labels, a run of the second");
	near(stet_run_p(two, 2, 9, 4, SIZE_MAX), 0.47081728, 1e-12, "two labels");
	near(stet_run_p(two, 2, 9, 4, 0), 0.382081536, 1e-12, "two, only the first");
	for (size_t len = 1; len <= 7; len++)
		near(stet_run_p(three, 3, 7, len, SIZE_MAX),
		     run_brute(three, 3, 7, len, SIZE_MAX), 1e-12, "against enumeration");
	near(stet_run_p(coin, 2, 3, 4, SIZE_MAX), 0, 0, "longer than the draws");
	near(stet_run_p(coin, 2, 3, 1, SIZE_MAX), 1, 0, "a run of one is sure");
	/* Sanity on a long session: a run of 25 in 200 draws of three
	 * equal labels is rare, about the expected number of such runs,
	 * sum over labels of p^L (1 + (n - L)(1 - p)), and a run of 5
	 * common. */
	{
		const double eq[] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
		double p25 = stet_run_p(eq, 3, 200, 25, SIZE_MAX);
		double p5 = stet_run_p(eq, 3, 200, 5, SIZE_MAX);

		assert_true(p25 > 0 && p25 < 1e-9);
		near(p25, 3 * pow(3, -25) * (1 + 175 * (2.0 / 3)), 0.01 * p25,
		     "long runs: the Poisson approximation");
		assert_true(p5 > 0.5 && p5 < 1);
	}
	/* The probability grows with the draws and shrinks with the run. */
	assert_true(stet_run_p(three, 3, 50, 4, SIZE_MAX) <
		    stet_run_p(three, 3, 100, 4, SIZE_MAX));
	assert_true(stet_run_p(three, 3, 100, 6, SIZE_MAX) <
		    stet_run_p(three, 3, 100, 5, SIZE_MAX));
}

static void longest_run(void **state)
{
	const uint32_t v[] = {1, 2, 2, 3, 3, 3, 1, 3, 3, 3};
	size_t at = 99;

	(void)state;
	assert_int_equal(stet_longest_run(v, 10, &at), 3);
	assert_int_equal(at, 3);
	assert_int_equal(stet_longest_run(v, 0, &at), 0);
}

static void words(void **state)
{
	(void)state;
	assert_int_equal(stet_count_words("The quick brown fox"), 4);
	assert_int_equal(stet_count_words("  a\tb\n\n c  "), 3);
	assert_int_equal(stet_count_words("\u65e5\u672c\u8a9e\u3067\u3059"), 5);
	assert_int_equal(stet_count_words("caf\u00e9\u00a0au lait"), 3);
	assert_int_equal(stet_count_words(""), 0);
	assert_int_equal(stet_count_words(NULL), 0);
}

/* ---- synthetic sessions ---- */

#define N 200

/* A steady annotator: about 4 s an item (log-normal, sd 0.4), three
 * labels drawn evenly, 20-word items, one other annotator agreeing 80%
 * of the time. */
static void steady(struct stet_pace_item *it, size_t n, uint64_t seed)
{
	rng_state = seed;
	for (size_t i = 0; i < n; i++) {
		it[i].seconds = 4 * exp(0.4 * gauss());
		it[i].label = (uint32_t)(rng_next() % 3);
		it[i].words = 20;
		it[i].undos = uniform() < 0.03;
		it[i].pairs = 1;
		it[i].agreed = uniform() < 0.8;
		it[i].gold = -1;
		it[i].accepted = -1;
		it[i].item = i + 1;
	}
	/* A shuffled order (Fisher-Yates), as stet label --order shuffled
	 * serves items. */
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(rng_next() % i);
		uint64_t t = it[i - 1].item;

		it[i - 1].item = it[j].item;
		it[j].item = t;
	}
}

static bool any_reason(const struct stet_pace *pc, const char *needle)
{
	for (size_t i = 0; i < pc->nreasons; i++)
		if (strstr(pc->reasons[i], needle) != NULL)
			return true;
	return false;
}

static void compute(const struct stet_pace_item *it, size_t n,
		    struct stet_pace *pc)
{
	struct stet_stats_opts o;

	stet_stats_opts_init(&o);
	stet_pace_compute(it, n, &o, pc);
}

static void steady_is_not_flagged(void **state)
{
	struct stet_pace_item it[N];
	struct stet_pace pc;
	int flagged = 0;

	(void)state;
	/* Fifty steady sessions: with a family-wise level of 1%, none
	 * should be flagged but by a rare chance. */
	for (uint64_t seed = 1; seed <= 50; seed++) {
		steady(it, N, seed);
		compute(it, N, &pc);
		if (pc.fatigue) {
			flagged++;
			print_message("# seed %llu flagged: %s\n",
				      (unsigned long long)seed, pc.reasons[0]);
		}
		for (int s = 0; s < STET_NSIGNALS; s++)
			assert_true(pc.sig[s].tested);
		assert_int_equal(pc.nreasons, (size_t)pc.fatigue *
				 pc.nreasons);
		stet_pace_free(&pc);
	}
	assert_true(flagged <= 1);
	steady(it, N, 7);
	compute(it, N, &pc);
	assert_false(pc.fatigue);
	assert_int_equal(pc.nreasons, 0);
	for (int q = 0; q < 4; q++) {
		assert_int_equal(pc.q[q].to - pc.q[q].from, N / 4);
		near(pc.q[q].median_seconds, 4, 1, "steady median");
		near(pc.q[q].agreement, 0.8, 0.15, "steady agreement");
		assert_true(pc.q[q].entropy > 1.4 && pc.q[q].entropy <= log2(3));
		assert_true(isnan(pc.q[q].gold_accuracy));
	}
	near(pc.trend_change, 0, 0.35, "no trend");
	assert_true(pc.run_p > 0.01);
	stet_pace_free(&pc);
}

static void slowdown_is_flagged(void **state)
{
	struct stet_pace_item it[N];
	struct stet_pace pc;

	(void)state;
	steady(it, N, 11);
	/* Twice as slow by the end, evenly. */
	for (size_t i = 0; i < N; i++)
		it[i].seconds *= 1 + (double)i / (N - 1);
	compute(it, N, &pc);
	assert_true(pc.fatigue);
	assert_true(pc.sig[STET_SIG_SLOWER].fired);
	assert_int_equal(pc.sig[STET_SIG_SLOWER].quarter, 3);
	assert_false(pc.sig[STET_SIG_FASTER].fired);
	assert_true(any_reason(&pc, "slowing: pace fell"));
	assert_true(any_reason(&pc, "to the last"));
	near(pc.trend_change, 1, 0.4, "the trend sees the doubling");
	assert_true(pc.trend > 0 && pc.trend_p < 0.001);
	stet_pace_free(&pc);
}

static void rushing_phase_is_flagged(void **state)
{
	struct stet_pace_item it[N];
	struct stet_pace pc;

	(void)state;
	steady(it, N, 12);
	/* From item 140 on, a quarter of the time. */
	for (size_t i = 140; i < N; i++)
		it[i].seconds /= 4;
	compute(it, N, &pc);
	assert_true(pc.fatigue);
	assert_true(pc.sig[STET_SIG_FASTER].fired);
	assert_int_equal(pc.sig[STET_SIG_FASTER].quarter, 3);
	assert_false(pc.sig[STET_SIG_SLOWER].fired);
	assert_true(any_reason(&pc, "rushing: pace rose"));
	assert_true(any_reason(&pc, "to the last"));
	assert_true(pc.trend < 0);
	stet_pace_free(&pc);
	/* A phase in the middle, and back: the last quarter is as the
	 * first, but the fast stretch is a burst no chance explains. */
	steady(it, N, 12);
	for (size_t i = 100; i < 150; i++)
		it[i].seconds /= 5;
	compute(it, N, &pc);
	assert_true(pc.fatigue);
	assert_false(pc.sig[STET_SIG_FASTER].fired);
	assert_true(pc.sig[STET_SIG_BURST].fired);
	assert_true(pc.burst_start >= 95 && pc.burst_start < 150);
	assert_true(any_reason(&pc, "a burst of"));
	stet_pace_free(&pc);
}

static void short_burst_is_flagged(void **state)
{
	struct stet_pace_item it[N];
	struct stet_pace pc;

	(void)state;
	steady(it, N, 13);
	/* Fifteen items in a row at under a second: too few to move a
	 * quarter's median much, improbable as a run. */
	for (size_t i = 60; i < 75; i++)
		it[i].seconds = 0.4 + 0.02 * (double)(i - 60);
	compute(it, N, &pc);
	assert_true(pc.fatigue);
	assert_true(pc.sig[STET_SIG_BURST].fired);
	assert_true(pc.longest_burst >= 15);
	assert_int_equal(pc.burst_start <= 60 ? 1 : 0, 1);
	assert_true(pc.bursts >= 1 && pc.burst_items >= 15);
	assert_true(any_reason(&pc, "a burst of"));
	stet_pace_free(&pc);
}

static void planted_run_is_flagged(void **state)
{
	struct stet_pace_item it[N];
	struct stet_pace pc;
	char name[64];
	struct stet_stats_opts o;

	(void)state;
	steady(it, N, 14);
	for (size_t i = 80; i < 105; i++)
		it[i].label = 1;
	stet_stats_opts_init(&o);
	stet_pace_compute(it, N, &o, &pc);
	assert_true(pc.fatigue);
	assert_true(pc.sig[STET_SIG_RUN].fired);
	assert_true(pc.longest_run >= 25);
	assert_true(pc.run_start <= 80);
	assert_int_equal(pc.run_label, 1);
	assert_true(pc.run_p < 1e-6);
	snprintf(name, sizeof name, "label 1 %zu times in a row", pc.longest_run);
	assert_true(any_reason(&pc, name));
	assert_false(pc.sig[STET_SIG_SLOWER].fired);
	/* The second quarter says so in its entropy too. */
	assert_true(pc.q[1].entropy < pc.q[0].entropy);
	stet_pace_free(&pc);
}

/* A corpus sorted by label (three blocks of items the same for
 * everyone), labeled in import order: its long runs are the corpus's,
 * not the annotator's, and must not be called perseveration. */
static void sorted_corpus_in_order(struct stet_pace_item *it, size_t n)
{
	steady(it, n, 21);
	for (size_t i = 0; i < n; i++) {
		it[i].item = i + 1;
		it[i].label = (uint32_t)(3 * i / n);
	}
}

static void sorted_corpus_is_not_perseveration(void **state)
{
	struct stet_pace_item it[N];
	struct stet_pace pc;

	(void)state;
	/* Others agree as often in the runs as elsewhere (0.8 at random). */
	sorted_corpus_in_order(it, N);
	compute(it, N, &pc);
	assert_int_equal(pc.order, STET_ITEMS_IMPORT_ORDER);
	/* The blocks are 67, 67 and 66 long (3 * i / 200 changes label
	 * at i = 67 and 134): the first is the first longest. */
	assert_int_equal(pc.longest_run, 67);
	assert_true(pc.run_p < 1e-12); /* improbable, were the order random */
	assert_true(pc.sig[STET_SIG_RUN].tested);
	assert_false(pc.sig[STET_SIG_RUN].fired);
	assert_false(any_reason(&pc, "perseveration"));
	assert_false(pc.fatigue);
	stet_pace_free(&pc);

	/* Nobody else labeled them: the run cannot be judged at all. */
	for (size_t i = 0; i < N; i++)
		it[i].pairs = it[i].agreed = 0;
	compute(it, N, &pc);
	assert_false(pc.sig[STET_SIG_RUN].tested);
	assert_false(pc.fatigue);
	assert_int_equal(pc.nnotes, 2); /* this, and agreement not compared */
	assert_non_null(strstr(pc.notes[1], "runs of one label are not judged: the items came in import order"));
	stet_pace_free(&pc);

	/* The same labels in a shuffled order are a run indeed. */
	steady(it, N, 21);
	for (size_t i = 0; i < N; i++) {
		it[i].label = (uint32_t)(3 * i / N);
		it[i].pairs = it[i].agreed = 0;
	}
	compute(it, N, &pc);
	assert_int_equal(pc.order, STET_ITEMS_SHUFFLED);
	assert_true(pc.sig[STET_SIG_RUN].fired);
	assert_true(any_reason(&pc, "times in a row from item 1 of a shuffled order"));
	stet_pace_free(&pc);
}

static void run_against_the_others(void **state)
{
	struct stet_pace_item it[N];
	struct stet_pace pc;

	(void)state;
	/* In import order, a run where the others said otherwise on the
	 * same items is the annotator's own. */
	sorted_corpus_in_order(it, N);
	for (size_t i = 0; i < N; i++)
		it[i].label = (uint32_t)(i % 3);
	/* Label 2 from position 80 (itself 2, 79 is 1, 105 is 0): 25 in
	 * a row, of which the others said 2 only where the turn was 2. */
	for (size_t i = 80; i < 105; i++) {
		it[i].label = 2;
		it[i].agreed = i % 3 == 2;
	}
	compute(it, N, &pc);
	assert_int_equal(pc.order, STET_ITEMS_IMPORT_ORDER);
	assert_int_equal(pc.longest_run, 25);
	assert_true(pc.sig[STET_SIG_RUN].fired);
	assert_string_equal(pc.sig[STET_SIG_RUN].test,
		"run probability and Fisher's exact test against the other annotators");
	assert_true(isfinite(pc.run_others_p) && pc.run_others_p < 1e-4);
	assert_true(any_reason(&pc, "label 2 25 times in a row from item 81, where the other annotators' labels on the same items differed"));
	stet_pace_free(&pc);
}

/* Every item read faster than anyone reads: named among the reasons
 * however steady the session was. */
static void unread_is_a_reason(void **state)
{
	struct stet_pace_item it[N];
	struct stet_pace pc;

	(void)state;
	steady(it, N, 22);
	/* 20-word items: the floor is 1.2 s; all but one take 0.5 s. */
	for (size_t i = 0; i < N; i++)
		it[i].seconds = i == 7 ? 4 : 0.5;
	compute(it, N, &pc);
	assert_int_equal(pc.too_fast, N - 1);
	assert_false(pc.sig[STET_SIG_TOO_FAST].fired); /* no rise */
	assert_true(pc.unread);
	assert_true(pc.fatigue);
	assert_true(any_reason(&pc, "199 of 200 items labeled faster than 1000 words a minute, faster than anyone reads"));
	stet_pace_free(&pc);

	/* Unread and slowing down as well (0.1 s per item in the first
	 * half, 1 s in the second, all under the 1.2 s floor): the fact
	 * comes first, as the break reminder shows only the first reason. */
	for (size_t i = 0; i < N; i++)
		it[i].seconds = (i < N / 2 ? 0.1 : 1.0) * exp(0.05 * gauss());
	compute(it, N, &pc);
	assert_true(pc.sig[STET_SIG_SLOWER].fired);
	assert_true(pc.nreasons >= 2);
	assert_string_equal(pc.reasons[0], "200 of 200 items labeled faster than 1000 words a minute, faster than anyone reads");
	stet_pace_free(&pc);

	/* A third of them (67, i % 3 == 0): the share is no reason of its
	 * own. */
	for (size_t i = 0; i < N; i++)
		it[i].seconds = i % 3 ? 4 * exp(0.4 * gauss()) + 1.2 : 0.5;
	compute(it, N, &pc);
	assert_int_equal(pc.too_fast, 67);
	assert_false(pc.unread);
	assert_false(any_reason(&pc, "faster than anyone reads"));
	stet_pace_free(&pc);

	/* Annotations brought in without times: nothing is known of
	 * reading. */
	for (size_t i = 0; i < N; i++)
		it[i].seconds = 0;
	compute(it, N, &pc);
	assert_false(pc.unread);
	stet_pace_free(&pc);
}

static void agreement_drop_is_flagged(void **state)
{
	struct stet_pace_item it[N];
	struct stet_pace pc;

	(void)state;
	steady(it, N, 15);
	for (size_t i = 0; i < N; i++)
		it[i].agreed = uniform() < (i < N / 4 ? 0.9 : i < 3 * N / 4 ? 0.8 : 0.45);
	compute(it, N, &pc);
	assert_true(pc.fatigue);
	assert_true(pc.sig[STET_SIG_AGREEMENT].fired);
	assert_int_equal(pc.sig[STET_SIG_AGREEMENT].quarter, 3);
	assert_string_equal(pc.sig[STET_SIG_AGREEMENT].test, "Fisher's exact test");
	assert_true(any_reason(&pc, "agreement with the other annotators fell from"));
	assert_true(any_reason(&pc, "in the first quarter to"));
	/* Several comparisons an item: Mann-Whitney on each item's share. */
	for (size_t i = 0; i < N; i++) {
		it[i].pairs = 3;
		it[i].agreed = (uint32_t)(i < N / 4 ? 3 - (rng_next() % 4 == 0) :
					   i < 3 * N / 4 ? 2 + (rng_next() % 2) :
					   rng_next() % 3);
	}
	stet_pace_free(&pc);
	compute(it, N, &pc);
	assert_true(pc.sig[STET_SIG_AGREEMENT].fired);
	assert_string_equal(pc.sig[STET_SIG_AGREEMENT].test, "Mann-Whitney U test");
	stet_pace_free(&pc);
}

static void wobble_is_not_flagged(void **state)
{
	struct stet_pace_item it[40];
	struct stet_pace pc;

	(void)state;
	/* Ten items a quarter: agreement 0.9 then 0.6 is a wobble at this
	 * size (Fisher p about 0.15), not a finding. */
	steady(it, 40, 16);
	for (size_t i = 0; i < 40; i++)
		it[i].agreed = i < 10 ? i != 3 : i < 30 ? 1 : (i % 10) < 6;
	compute(it, 40, &pc);
	near(pc.q[0].agreement, 0.9, 1e-12, "first quarter");
	near(pc.q[3].agreement, 0.6, 1e-12, "last quarter");
	assert_true(pc.sig[STET_SIG_AGREEMENT].tested);
	assert_false(pc.sig[STET_SIG_AGREEMENT].fired);
	assert_true(pc.sig[STET_SIG_AGREEMENT].p > 0.05);
	stet_pace_free(&pc);
}

static void too_fast_for_length(void **state)
{
	struct stet_pace_item it[N];
	struct stet_pace pc;

	(void)state;
	steady(it, N, 17);
	/* 200-word items: the floor is 12 s. The last quarter skims them
	 * in 5 s; the others read them in 40. */
	for (size_t i = 0; i < N; i++) {
		it[i].words = 200;
		it[i].seconds = (i < 3 * N / 4 ? 40 : 5) * exp(0.2 * gauss());
	}
	compute(it, N, &pc);
	assert_int_equal(pc.q[3].too_fast, N / 4);
	assert_int_equal(pc.q[0].too_fast, 0);
	assert_true(pc.sig[STET_SIG_TOO_FAST].fired);
	assert_true(any_reason(&pc, "faster than 1000 words a minute rose from 0% of the first quarter to 100% of the last"));
	stet_pace_free(&pc);
}

static void small_sessions(void **state)
{
	struct stet_pace_item it[20];
	struct stet_pace pc;

	(void)state;
	steady(it, 20, 18);
	for (size_t i = 0; i < 20; i++)
		it[i].seconds *= 1 + 3.0 * (double)i / 19;
	compute(it, 20, &pc);
	assert_false(pc.sig[STET_SIG_SLOWER].tested);
	assert_false(pc.fatigue);
	assert_true(pc.nnotes >= 1);
	assert_non_null(strstr(pc.notes[0], "too few items"));
	stet_pace_free(&pc);
	compute(it, 0, &pc);
	assert_false(pc.fatigue);
	assert_true(isnan(pc.q[0].median_seconds));
	assert_int_equal(pc.longest_run, 0);
	stet_pace_free(&pc);
	compute(it, 3, &pc);
	assert_int_equal(pc.q[0].to - pc.q[0].from, 0);
	assert_int_equal(pc.q[3].to - pc.q[3].from, 1);
	stet_pace_free(&pc);
}

static void long_sessions_are_subsampled(void **state)
{
	size_t n = 6000;
	struct stet_pace_item *it = calloc(n, sizeof *it);
	struct stet_pace a, b;

	(void)state;
	steady(it, n, 19);
	for (size_t i = 0; i < n; i++)
		it[i].seconds *= exp(0.5 * (double)i / (double)(n - 1));
	compute(it, n, &a);
	compute(it, n, &b);
	/* The same points every time, and the slope still found. */
	near(a.trend, b.trend, 0, "deterministic");
	near(a.trend * (double)(n - 1), 0.5, 0.1, "the slope of a long session");
	stet_pace_free(&a);
	stet_pace_free(&b);
	free(it);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(median_and_entropy),
		cmocka_unit_test(theil_sen_known),
		cmocka_unit_test(mann_whitney_as_scipy),
		cmocka_unit_test(fisher_as_scipy),
		cmocka_unit_test(mann_kendall),
		cmocka_unit_test(run_probability),
		cmocka_unit_test(longest_run),
		cmocka_unit_test(words),
		cmocka_unit_test(steady_is_not_flagged),
		cmocka_unit_test(slowdown_is_flagged),
		cmocka_unit_test(rushing_phase_is_flagged),
		cmocka_unit_test(short_burst_is_flagged),
		cmocka_unit_test(planted_run_is_flagged),
		cmocka_unit_test(agreement_drop_is_flagged),
		cmocka_unit_test(wobble_is_not_flagged),
		cmocka_unit_test(too_fast_for_length),
		cmocka_unit_test(sorted_corpus_is_not_perseveration),
		cmocka_unit_test(run_against_the_others),
		cmocka_unit_test(unread_is_a_reason),
		cmocka_unit_test(small_sessions),
		cmocka_unit_test(long_sessions_are_subsampled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
