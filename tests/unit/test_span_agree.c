#include "unit.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/span_agree.h"

/* ---- shared -------------------------------------------------------------- */

static double absd(double x)
{
	return x < 0 ? -x : x;
}

static void near(double got, double want, double tol, const char *what)
{
	double scale = absd(want) > 1 ? absd(want) : 1;

	if (isnan(got) || !(absd(got - want) <= tol * scale))
		fail_msg("%s: got %.17g, want %.17g (tol %g)", what, got, want,
			 tol);
}

/* The figure as printed: rounded to `digits` decimals. */
static void printed(double got, long want, int digits, const char *what)
{
	double scale = 1;
	long r;

	for (int d = 0; d < digits; d++)
		scale *= 10;
	r = (long)(got * scale + (got < 0 ? -0.5 : 0.5));
	if (isnan(got) || r != want)
		fail_msg("%s: got %.17g, printed %ld, want %ld", what, got, r,
			 want);
}

/* A span set over a literal array (the set borrows it). Token ranges
 * default to none. */
#define SET(name, ...)                                                     \
	struct stet_span name##_v[] = {__VA_ARGS__};                           \
	struct stet_span_set name = {name##_v,                                 \
				     sizeof name##_v / sizeof name##_v[0],     \
				     sizeof name##_v / sizeof name##_v[0]}

#define SP(s, e, l) {(s), (e), (l), 0, 0}
#define TSP(s, e, l, ts, te) {(s), (e), (l), (ts), (te)}

static const struct stet_span_set empty = {NULL, 0, 0};

/* ---- unitizing alpha -------------------------------------------------------- */

/* Krippendorff (2004, Content Analysis, 2nd ed., p. 254), as DKPro
 * Statistics' Krippendorff2004Test gives it: two observers on the
 * continuum 150..450, categories c and k. Shifted by -150 here (alpha
 * depends on positions only through differences): observer i has c at
 * [75,145) and [220,250), k at [30,90) and [150,200); observer j has c
 * at [70,150), [205,225) and [250,270), k the same as i.
 *
 * D_o(c): the overlapping c units differ by (75-70)^2 + (145-150)^2 = 50
 * and (220-205)^2 + (250-225)^2 = 850; j's [250,270) lies in a gap of
 * i and counts 20^2 = 400: 2 * 1300 / (2 * 1 * 300^2) = 0.014444. The
 * book prints D_o(c) = .0144, D_e(c) = .0532, alpha(c) = .7286; for k
 * .0000, .0490 and 1.0000. Its alpha over both, .8591, is 1 - (.0144 +
 * 0) / (.0532 + .0490) from those rounded figures; unrounded it is
 * .85867 (DKPro's test allows .0005 around .8591 for that reason). */
static void book_example(void **state)
{
	SET(i, SP(75, 145, 0), SP(220, 250, 0), SP(30, 90, 1), SP(150, 200, 1));
	SET(j, SP(70, 150, 0), SP(205, 225, 0), SP(250, 270, 0),
	    SP(30, 90, 1), SP(150, 200, 1));
	const struct stet_span_set *sets[] = {&i, &j};
	struct stet_span_item item = {300, 0, sets};
	struct stet_span_study s = {1, 2, 2, &item};
	struct stet_ualpha u[2];
	uint64_t items;
	double a;

	(void)state;
	a = stet_span_ualpha(&s, u, &items);
	near(u[0].d_o, 1300.0 / 90000, 1e-12, "D_o(c) = 1300/90000");
	printed(u[0].d_o, 144, 4, "D_o(c)");
	printed(u[0].d_e, 532, 4, "D_e(c)");
	printed(u[0].alpha, 7286, 4, "alpha(c)");
	printed(u[1].d_o, 0, 4, "D_o(k)");
	printed(u[1].d_e, 490, 4, "D_e(k)");
	printed(u[1].alpha, 10000, 4, "alpha(k)");
	printed(1 - (0.0144 + 0.0) / (0.0532 + 0.0490), 8591, 4,
		"alpha from the printed D's");
	printed(a, 8587, 4, "alpha");
	assert_int_equal(items, 1);
	assert_int_equal(u[0].units, 5);
	assert_int_equal(u[1].units, 4);
}

/* DKPro's UnitizingAgreementTest: length 10, annotator 0 marks [1,9),
 * annotator 1 marks [2,3), [4,5) and [6,7), all A. D_o: the three pairs
 * differ by 1+36, 9+16 and 25+4, 91 in all: 2 * 91 / (2 * 1 * 100) =
 * .9100. Units 8, 1, 1, 1 (N = 4); gaps 1, 1 (annotator 0) and 2, 1,
 * 1, 3 (annotator 1). Length 8: 3 * (1024 - 192 + 8) / 3 = 840, no gap
 * holds it; length 1: 0 + 1 * (1+1+2+1+1+3) = 9, three times: 27. D_e
 * = 2/10 * 867 / (20 * 19 - 56) = 289/540 = .53519, which DKPro's test
 * gives as .5351 within .0001; alpha = 1 - .91 * 540/289 = -.7003. */
static void dkpro_example(void **state)
{
	SET(a, SP(1, 9, 0));
	SET(b, SP(2, 3, 0), SP(4, 5, 0), SP(6, 7, 0));
	const struct stet_span_set *sets[] = {&a, &b};
	struct stet_span_item item = {10, 0, sets};
	struct stet_span_study s = {1, 2, 1, &item};
	struct stet_ualpha u;
	uint64_t items;

	(void)state;
	stet_span_ualpha(&s, &u, &items);
	near(u.d_o, 0.91, 1e-12, "D_o");
	near(u.d_e, 289.0 / 540, 1e-12, "D_e");
	printed(u.alpha, -7003, 4, "alpha");
}

/* One unit of length 1 by one of three annotators over 20: D_o = 2 * 2
 * / (3 * 2 * 400) = 1/600 (the unit sits in the gaps of two others);
 * D_e = 2/20 * (19 + 20 + 20) / (3 * 20 * 59) = 1/600. Equal, so alpha
 * is 0 (DKPro's testSingleAnnotationUnit). With no unit at all alpha is
 * undefined (its testEmptyAnnotationSet). */
static void single_unit_and_none(void **state)
{
	SET(a, SP(0, 1, 0));
	const struct stet_span_set *sets[] = {&a, &empty, &empty};
	const struct stet_span_set *none[] = {&empty, &empty, &empty};
	struct stet_span_item item = {20, 0, sets}, item0 = {20, 0, none};
	struct stet_span_study s = {1, 3, 1, &item}, s0 = {1, 3, 1, &item0};
	struct stet_ualpha u;
	uint64_t items;

	(void)state;
	near(stet_span_ualpha(&s, &u, &items), 0, 1e-12, "alpha");
	near(u.d_o, 1.0 / 600, 1e-12, "D_o");
	near(u.d_e, 1.0 / 600, 1e-12, "D_e");
	assert_true(isnan(stet_span_ualpha(&s0, &u, &items)));
	assert_true(isnan(u.alpha));
	assert_int_equal(items, 1);
}

/* Two items laid end to end, gaps ending at the item's end. Item 1 (3
 * long): a marks [0,2), b [1,3); item 2 (2 long): a nothing, b [0,1).
 * L = 5.
 * D_o: (0-1)^2 + (2-3)^2 = 2, and b's [0,1) in a's gap, 1: 2 * 3 /
 * (2 * 1 * 25) = 0.12.
 * Units 2, 2, 1 (N = 3); gaps 1 (a, item 1), 1 (b, item 1), 2 (a, item
 * 2, whole), 1 (b, item 2). Length 2: (3-1)(16-12+2)/3 = 4, plus 4 *
 * (2-2+1) = 4, twice: 16; length 1: 0 + 1 * (1+1+2+1) = 5. D_e = 2/5 *
 * 21 / (10 * 9 - (2 + 2 + 0)) = 8.4 / 86. alpha = 1 - 0.12 * 86 / 8.4 =
 * -8/35. (One 5-long continuum would join a's gaps [2,3) and [3,5)
 * into one of 3, and give another D_e.) Items not everyone marked stay
 * out. */
static void items_end_to_end(void **state)
{
	SET(a1, SP(0, 2, 0));
	SET(b1, SP(1, 3, 0));
	SET(b2, SP(0, 1, 0));
	const struct stet_span_set *s1[] = {&a1, &b1}, *s2[] = {&empty, &b2},
				   *s3[] = {NULL, &b2};
	struct stet_span_item items[] = {{3, 0, s1}, {2, 0, s2}, {7, 0, s3}};
	struct stet_span_study s = {3, 2, 1, items};
	struct stet_ualpha u;
	uint64_t n;

	(void)state;
	near(stet_span_ualpha(&s, &u, &n), -8.0 / 35, 1e-12, "alpha");
	near(u.d_o, 0.12, 1e-12, "D_o");
	near(u.d_e, 8.4 / 86, 1e-12, "D_e");
	assert_int_equal(n, 2);
}

/* One annotator's overlapping spans of a label are their union: [0,4)
 * and [2,6) are the unit [0,6), which the other annotator marked too. */
static void overlaps_are_joined(void **state)
{
	SET(a, SP(0, 4, 0), SP(2, 6, 0));
	SET(b, SP(0, 6, 0));
	const struct stet_span_set *sets[] = {&a, &b};
	struct stet_span_item item = {10, 0, sets};
	struct stet_span_study s = {1, 2, 1, &item};
	struct stet_ualpha u;
	uint64_t n;

	(void)state;
	near(stet_span_ualpha(&s, &u, &n), 1, 1e-12, "alpha");
	assert_int_equal(u.units, 2);
}

/* ---- F1 ------------------------------------------------------------------- */

/* a: PER [0,5), ORG [10,15), LOC [20,25); b: PER [0,5), ORG [10,14),
 * PER [18,30). Exact: PER [0,5) only, 2*1/(3+3) = 1/3. Partial: PER
 * [0,5) with [0,5), ORG [10,15) with [10,14) (same label, 4 shared);
 * b's PER [18,30) overlaps only a's LOC: 2*2/6 = 2/3. */
static void f1_hand(void **state)
{
	SET(a, SP(0, 5, 0), SP(10, 15, 1), SP(20, 25, 2));
	SET(b, SP(0, 5, 0), SP(10, 14, 1), SP(18, 30, 0));
	struct stet_span_counts all = {0}, lab[3] = {{0}};

	(void)state;
	stet_span_compare(&a, &b, 3, &all, lab);
	assert_int_equal(all.a, 3);
	assert_int_equal(all.b, 3);
	assert_int_equal(all.exact, 1);
	assert_int_equal(all.partial, 2);
	near(stet_span_f1(all.exact, all.a, all.b), 1.0 / 3, 1e-15, "exact");
	near(stet_span_f1(all.partial, all.a, all.b), 2.0 / 3, 1e-15, "partial");
	assert_int_equal(lab[0].a, 1);
	assert_int_equal(lab[0].b, 2);
	assert_int_equal(lab[0].exact, 1);
	assert_int_equal(lab[0].partial, 1);
	assert_int_equal(lab[1].exact, 0);
	assert_int_equal(lab[1].partial, 1);
	assert_int_equal(lab[2].a, 1);
	assert_int_equal(lab[2].b, 0);
	assert_true(isnan(stet_span_f1(0, 0, 0)));
}

/* The greedy rule takes the largest overlap first. a: [0,10), [12,14);
 * b: [2,13), [0,1). [0,10) shares 8 with [2,13), 1 with [0,1); [12,14)
 * shares 1 with [2,13). Greedy takes [0,10)-[2,13) and then nothing is
 * left for either other pair: 1 match (a maximum matching would find
 * 2). Swapping a and b changes nothing here. A repeated span counts
 * once, and an empty set against spans matches nothing. */
static void greedy_matching(void **state)
{
	SET(a, SP(0, 10, 0), SP(12, 14, 0));
	SET(b, SP(2, 13, 0), SP(0, 1, 0), SP(2, 13, 0));
	struct stet_span_counts ab = {0}, ba = {0}, e = {0};

	(void)state;
	stet_span_compare(&a, &b, 1, &ab, NULL);
	stet_span_compare(&b, &a, 1, &ba, NULL);
	assert_int_equal(ab.partial, 1);
	assert_int_equal(ba.partial, 1);
	assert_int_equal(ab.b, 2);
	stet_span_compare(&a, &empty, 1, &e, NULL);
	assert_int_equal(e.a, 2);
	assert_int_equal(e.b, 0);
	assert_int_equal(e.partial, 0);
}

/* Nested spans: a has [0,20) and [5,8); b has [5,8). The exact pair
 * shares 3 and [0,20)-[5,8) shares 3 too; the tie goes to the span of a
 * that starts first, [0,20), so [5,8) of a is left over: exact 1,
 * partial 1. */
static void tie_breaks(void **state)
{
	SET(a, SP(0, 20, 0), SP(5, 8, 0));
	SET(b, SP(5, 8, 0));
	struct stet_span_counts c = {0};

	(void)state;
	stet_span_compare(&a, &b, 1, &c, NULL);
	assert_int_equal(c.exact, 1);
	assert_int_equal(c.partial, 1);
}

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* On random sets with nesting and overlaps, the greedy matching never
 * finds fewer partial matches than exact ones, nor more than the
 * smaller set has, and the counts do not depend on which side is a. */
static void partial_bounds(void **state)
{
	uint64_t seed = 7;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		struct stet_span va[12], vb[12];
		struct stet_span_set a = {va, 0, 12}, b = {vb, 0, 12};
		struct stet_span_counts ab = {0}, ba = {0};

		a.n = rng_next(&seed) % 12;
		b.n = rng_next(&seed) % 12;
		for (size_t i = 0; i < a.n + b.n; i++) {
			uint32_t st = (uint32_t)(rng_next(&seed) % 30);
			uint32_t len = 1 + (uint32_t)(rng_next(&seed) % 8);
			struct stet_span sp = {st, st + len,
					       (uint32_t)(rng_next(&seed) % 2), 0, 0};

			if (i < a.n)
				va[i] = sp;
			else
				vb[i - a.n] = sp;
		}
		/* a shares some spans with b */
		for (size_t i = 0; i < a.n && i < b.n; i += 2)
			vb[i] = va[i];
		stet_span_compare(&a, &b, 2, &ab, NULL);
		stet_span_compare(&b, &a, 2, &ba, NULL);
		assert_true(ab.exact <= ab.partial);
		assert_true(ab.partial <= (ab.a < ab.b ? ab.a : ab.b));
		assert_int_equal(ab.exact, ba.exact);
		assert_int_equal(ab.a, ba.b);
	}
}

/* ---- IOB2 and token kappa ----------------------------------------------------- */

/* Six tokens: PER over tokens 0-1, ORG over 1-2 (overlapping: token 1
 * stays PER, ORG keeps token 2 and begins there), PER over 4 and PER
 * over 5 (two spans: B, B). Tags: B-PER I-PER B-ORG O B-PER B-PER =
 * 1 2 3 0 1 1 (B-k = 1+2k, I-k = 2+2k). */
static void iob2_tags(void **state)
{
	SET(s, TSP(0, 9, 0, 0, 2), TSP(4, 13, 1, 1, 3), TSP(16, 19, 0, 4, 5),
	    TSP(20, 23, 0, 5, 6));
	uint32_t tags[6], want[6] = {1, 2, 3, 0, 1, 1};

	(void)state;
	stet_span_iob2(&s, 6, tags);
	assert_memory_equal(tags, want, sizeof want);
}

/* Two annotators, one item of 4 tokens: a tags B I O O (a span over
 * tokens 0-1), b tags B O O O. All tokens: 3 of 4 agree; a's margins
 * O 2, B 1, I 1, b's O 3, B 1: p_e = (6 + 1 + 0)/16, kappa = (12/16 -
 * 7/16) / (9/16) = 5/9. Marked tokens (0 and 1): 1 of 2 agree, p_e =
 * 1/4 (B 1 and 1), kappa = (1/2 - 1/4)/(3/4) = 1/3. Exact F1 0, partial
 * F1 1: the spans share token 0. */
static void token_kappa_hand(void **state)
{
	SET(a, TSP(0, 7, 0, 0, 2));
	SET(b, TSP(0, 3, 0, 0, 1));
	const struct stet_span_set *sets[] = {&a, &b};
	struct stet_span_item item = {15, 4, sets};
	struct stet_span_study s = {1, 2, 1, &item};
	struct stet_span_agreement ag;

	(void)state;
	stet_span_agree(&s, &ag);
	assert_int_equal(ag.npairs, 1);
	near(ag.pairs[0].kappa_all, 5.0 / 9, 1e-15, "kappa all");
	near(ag.pairs[0].kappa_marked, 1.0 / 3, 1e-15, "kappa marked");
	assert_int_equal(ag.pairs[0].tokens_all, 4);
	assert_int_equal(ag.pairs[0].tokens_marked, 2);
	near(ag.kappa_all, 5.0 / 9, 1e-15, "Light's kappa");
	assert_int_equal(ag.all.exact, 0);
	assert_int_equal(ag.all.partial, 1);
	assert_int_equal(ag.pairs[0].items, 1);
	stet_span_agreement_free(&ag);
}

/* Three annotators: the pairs come in (0,1), (0,2), (1,2) order, an
 * item is compared for the pairs that both marked it, and the study's
 * counts are the pairs' sums. Item 1: all three mark PER [0,3); item 2:
 * 0 and 2 mark ORG [4,6), 1 never saw it. Pairs (0,1): 1 item, 1 exact;
 * (0,2): 2 items, 2 exact; (1,2): 1 item, 1 exact. Sums: 4 exact of
 * a 4, b 4: F1 1. */
static void pairs_and_sums(void **state)
{
	SET(p, SP(0, 3, 0));
	SET(o, SP(4, 6, 1));
	const struct stet_span_set *s1[] = {&p, &p, &p}, *s2[] = {&o, NULL, &o};
	struct stet_span_item items[] = {{10, 0, s1}, {10, 0, s2}};
	struct stet_span_study s = {2, 3, 2, items};
	struct stet_span_agreement ag;
	struct stet_span_counts per[2 * 3];

	(void)state;
	memset(per, 0xff, sizeof per);
	stet_span_agree_items(&s, &ag, per);
	/* Item by item: item 2's pairs with annotator 1 have nothing. */
	assert_int_equal(per[0].exact, 1);
	assert_int_equal(per[3 + 1].exact, 1);
	assert_int_equal(per[3 + 0].a, 0);
	assert_int_equal(per[3 + 2].b, 0);
	assert_int_equal(per[0].exact + per[3 + 0].exact, ag.pairs[0].all.exact);
	assert_int_equal(ag.npairs, 3);
	assert_int_equal(ag.pairs[0].b, 1);
	assert_int_equal(ag.pairs[1].b, 2);
	assert_int_equal(ag.pairs[2].a, 1);
	assert_int_equal(ag.pairs[0].items, 1);
	assert_int_equal(ag.pairs[1].items, 2);
	assert_int_equal(ag.pairs[2].items, 1);
	assert_int_equal(ag.all.exact, 4);
	assert_int_equal(ag.all.a, 4);
	assert_int_equal(ag.label[1].exact, 1);
	near(stet_span_f1(ag.all.exact, ag.all.a, ag.all.b), 1, 1e-15, "f1");
	assert_true(isnan(ag.kappa_all)); /* no tokens */
	assert_int_equal(ag.ualpha_items, 1);
	near(ag.ualpha, 1, 1e-12, "u-alpha on item 1");
	stet_span_agreement_free(&ag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(book_example),
		cmocka_unit_test(dkpro_example),
		cmocka_unit_test(single_unit_and_none),
		cmocka_unit_test(items_end_to_end),
		cmocka_unit_test(overlaps_are_joined),
		cmocka_unit_test(f1_hand),
		cmocka_unit_test(greedy_matching),
		cmocka_unit_test(tie_breaks),
		cmocka_unit_test(partial_bounds),
		cmocka_unit_test(iob2_tags),
		cmocka_unit_test(token_kappa_hand),
		cmocka_unit_test(pairs_and_sums),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
