/* Features (src/core/features.h): the buckets pinned to vectors made
 * outside stet, folding, words and n-grams, scaling, and table rows.
 *
 * Every pinned bucket was made with xxhash's own command line tool on
 * the key's bytes, XXH3-64 with seed 0, and its low 20 bits taken:
 *
 *   printf 'wstrasse' | xxhsum -H3   ->  9efb8043b411eff3
 *   0x9efb8043b411eff3 & 0xfffff     ->  0x1eff3 = 126963
 *
 * so a machine of either byte order, or a rewrite in another language,
 * can check them. */
#include "unit.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/features.h"
#include "stet/item.h"
#include "stet/mix.h"
#include "stet/text.h"

#define BITS STET_FEATURES_BITS_DEFAULT

struct pinned {
	enum stet_feature_kind kind;
	const char *key; /* without the kind's byte */
	const char *xxh3; /* of the kind's byte and the key, for the record */
	uint32_t bucket;  /* its low 20 bits */
};

static const struct pinned pinned[] = {
	{ STET_FEATURE_WORD, "strasse", "9efb8043b411eff3", 126963 },
	{ STET_FEATURE_BIGRAM, "good day", "281e3761668eecf1", 978161 },
	{ STET_FEATURE_CHARS, "\xffhi", "b6f631043609c200", 639488 },
	{ STET_FEATURE_CHARS, "hi\xff", "1d0075bfdab2e255", 189013 },
	{ STET_FEATURE_CHARS, "\xffhi\xff", "f3329da0c50d57d5", 874453 },
	{ STET_FEATURE_WORD, "hi", "8137f887d76e8de6", 953830 },
	{ STET_FEATURE_CELL, "colour\xffred", "e6512e30984e4833", 935987 },
	{ STET_FEATURE_NUMERIC, "age", "82ff75c781e1709e", 94366 },
	{ STET_FEATURE_WORD, "don", "b660d415f0edcc93", 904339 },
	{ STET_FEATURE_WORD, "t", "04928862e34a4a64", 674404 },
	{ STET_FEATURE_BIGRAM, "don t", "1bf1b4702c950774", 329588 },
	{ STET_FEATURE_BIGRAM, "t stop", "11628efc9d6a9e1c", 695836 },
	{ STET_FEATURE_WORD, "la", "77a4e2ad0e1b8c14", 756756 },
	{ STET_FEATURE_BIGRAM, "la la", "8f1a67a50ccc53b8", 807864 },
};

static uint32_t pin(enum stet_feature_kind kind, const char *key)
{
	for (size_t i = 0; i < sizeof pinned / sizeof pinned[0]; i++)
		if (pinned[i].kind == kind && strcmp(pinned[i].key, key) == 0)
			return pinned[i].bucket;
	fail_msg("no pinned bucket for %c%s", kind, key);
	return 0;
}

/* The value at bucket b, or 0 when the vector has none. */
static double value_at(const struct stet_fvec *v, uint32_t b)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->idx[i] == b)
			return v->val[i];
	return 0;
}

static void features_of(const char *text, struct stet_fvec *v)
{
	struct stet_featurizer fz;
	struct stet_error err = {0};

	assert_int_equal(stet_featurizer_init(&fz, BITS, &err), STET_OK);
	assert_int_equal(stet_features_text(&fz, text, strlen(text), v, &err),
			 STET_OK);
	stet_featurizer_free(&fz);
}

static void assert_same_vector(const struct stet_fvec *a,
			       const struct stet_fvec *b)
{
	assert_int_equal(a->n, b->n);
	assert_memory_equal(a->idx, b->idx, a->n * sizeof *a->idx);
	assert_memory_equal(a->val, b->val, a->n * sizeof *a->val);
}

static void buckets_are_the_pinned_ones(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof pinned / sizeof pinned[0]; i++) {
		const struct pinned *p = &pinned[i];

		assert_int_equal(stet_features_bucket(BITS, p->kind, p->key,
						      strlen(p->key)),
				 p->bucket);
	}
	/* Other widths take other low bits of the same hash:
	 * 0x8137f887d76e8de6 & 0xffffff = 0x6e8de6 = 7245286, and
	 * & 0x3ffff = 0x28de6 = 167398. */
	assert_int_equal(stet_features_bucket(24, STET_FEATURE_WORD, "hi", 2),
			 7245286);
	assert_int_equal(stet_features_bucket(18, STET_FEATURE_WORD, "hi", 2),
			 167398);
}

static void a_text_gives_its_pinned_vector(void **state)
{
	struct stet_fvec v;

	(void)state;
	stet_fvec_init(&v);
	/* "Hi" folds to "hi": the word "hi", no pair of words, and with the
	 * marks the 3-grams "\xffhi" and "hi\xff" and the 4-gram
	 * "\xffhi\xff" (4 code points, so no 5-gram). Four features of
	 * count 1 scaled to length 1: each 1/sqrt(4) = 0.5, in bucket
	 * order 189013 < 639488 < 874453 < 953830. */
	features_of("Hi", &v);
	assert_int_equal(v.n, 4);
	assert_int_equal(v.idx[0], pin(STET_FEATURE_CHARS, "hi\xff"));
	assert_int_equal(v.idx[1], pin(STET_FEATURE_CHARS, "\xffhi"));
	assert_int_equal(v.idx[2], pin(STET_FEATURE_CHARS, "\xffhi\xff"));
	assert_int_equal(v.idx[3], pin(STET_FEATURE_WORD, "hi"));
	for (size_t i = 0; i < 4; i++)
		assert_true(v.val[i] == 0.5);
	stet_fvec_free(&v);
}

static void case_folding_and_nfc_make_spellings_alike(void **state)
{
	struct stet_fvec a, b;

	(void)state;
	stet_fvec_init(&a);
	stet_fvec_init(&b);
	/* Full case folding takes ß (U+00DF) to "ss", so "Straße" and
	 * "STRASSE" both fold to "strasse": one word, and 7 + 6 + 5 = 18
	 * n-grams of the 9 code points with marks, all distinct keys. */
	features_of("Stra\xc3\x9f" "e", &a);
	features_of("STRASSE", &b);
	assert_same_vector(&a, &b);
	assert_true(value_at(&a, pin(STET_FEATURE_WORD, "strasse")) > 0);
	/* 19 keys in 2^20 buckets, none of them colliding. */
	assert_int_equal(a.n, 19);
	/* Capital sharp s (U+1E9E) folds to "ss" too. */
	features_of("STRA\xe1\xba\x9e" "E", &b);
	assert_same_vector(&a, &b);

	/* "Café" in NFD (e + U+0301) and in NFC (U+00E9), any case. */
	features_of("Cafe\xcc\x81 cr\xc3\xa8me", &a);
	features_of("CAF\xc3\x89 CRE\xcc\x80ME", &b);
	assert_same_vector(&a, &b);
	stet_fvec_free(&a);
	stet_fvec_free(&b);
}

static void words_split_at_what_is_not_letter_or_digit(void **state)
{
	struct stet_fvec v;

	(void)state;
	stet_fvec_init(&v);
	/* "don't stop": the apostrophe ends a word, so the words are "don",
	 * "t" and "stop", and the pairs "don t" and "t stop". */
	features_of("Don't stop", &v);
	assert_true(value_at(&v, pin(STET_FEATURE_WORD, "don")) > 0);
	assert_true(value_at(&v, pin(STET_FEATURE_WORD, "t")) > 0);
	assert_true(value_at(&v, pin(STET_FEATURE_BIGRAM, "don t")) > 0);
	assert_true(value_at(&v, pin(STET_FEATURE_BIGRAM, "t stop")) > 0);
	stet_fvec_free(&v);
}

static void counts_then_length_one(void **state)
{
	struct stet_fvec v;
	double sum = 0;

	(void)state;
	stet_fvec_init(&v);
	/* "la la la": the word "la" 3 times and the pair "la la" twice;
	 * scaling keeps the ratio of counts, 3 / 2. */
	features_of("la la la", &v);
	assert_true(fabs(value_at(&v, pin(STET_FEATURE_WORD, "la")) /
			 value_at(&v, pin(STET_FEATURE_BIGRAM, "la la")) -
			 1.5) < 1e-12);
	/* The sum of squares is 1 up to the rounding of a few dozen terms
	 * (each off by at most 2^-53 relative). */
	for (size_t i = 0; i < v.n; i++) {
		sum += v.val[i] * v.val[i];
		if (i > 0)
			assert_true(v.idx[i - 1] < v.idx[i]);
	}
	assert_true(fabs(sum - 1) < 1e-12);
	stet_fvec_free(&v);
}

static void white_space_runs_are_one_space(void **state)
{
	struct stet_fvec a, b;

	(void)state;
	stet_fvec_init(&a);
	stet_fvec_init(&b);
	features_of("  red\t\tfox\r\n  jumps ", &a);
	features_of("red fox jumps", &b);
	assert_same_vector(&a, &b);
	/* No-break space (U+00A0) and ideographic space (U+3000) are white
	 * space too. */
	features_of("red\xc2\xa0" "fox\xe3\x80\x80jumps", &a);
	assert_same_vector(&a, &b);
	/* Nothing but white space is nothing. */
	features_of(" \n\t ", &a);
	assert_int_equal(a.n, 0);
	features_of("", &a);
	assert_int_equal(a.n, 0);
	stet_fvec_free(&a);
	stet_fvec_free(&b);
}

/* Random texts drawn from pieces of many kinds (ASCII, white space of
 * several sorts, punctuation, combining marks, ß, Greek capitals, CJK,
 * an emoji, a control character), a fixed seed: every vector has
 * ascending buckets within 2^20 and length 1 (or is empty), and a text
 * gives the vector of its NFC form. */
static void any_text_gives_a_sound_vector(void **state)
{
	static const char *const pieces[] = {
		"a", "Z", "7", " ", "  ", "\t", "\n", ".", "'", "-",
		"e\xcc\x81", "\xcc\x88", "\xc3\x9f", "\xce\xa3",
		"\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\x01", "\xc2\xa0",
		"Stra\xc3\x9f" "e", "\xe0\xa4\x95\xe0\xa4\xbf",
	};
	const size_t npieces = sizeof pieces / sizeof pieces[0];
	struct stet_featurizer fz;
	struct stet_fvec a, b;
	struct stet_buf text, nfc;
	struct stet_error err = {0};

	(void)state;
	stet_fvec_init(&a);
	stet_fvec_init(&b);
	stet_buf_init(&text);
	stet_buf_init(&nfc);
	assert_int_equal(stet_featurizer_init(&fz, BITS, &err), STET_OK);
	for (uint64_t round = 0; round < 300; round++) {
		size_t len = stet_mix64(round) % 40;
		double sum = 0;

		stet_buf_reset(&text);
		for (size_t i = 0; i < len; i++)
			stet_buf_adds(&text, pieces[stet_mix64(round * 64 + i +
							      1000) %
						    npieces]);
		assert_int_equal(stet_features_text(&fz, text.data, text.len,
						    &a, &err),
				 STET_OK);
		for (size_t i = 0; i < a.n; i++) {
			assert_true(a.idx[i] < (1u << BITS));
			if (i > 0)
				assert_true(a.idx[i - 1] < a.idx[i]);
			sum += a.val[i] * a.val[i];
		}
		assert_true(a.n == 0 || fabs(sum - 1) < 1e-12);
		stet_buf_reset(&nfc);
		assert_int_equal(stet_text_nfc(text.data, text.len, &nfc, &err),
				 STET_OK);
		assert_int_equal(stet_features_text(&fz, nfc.data, nfc.len, &b,
						    &err),
				 STET_OK);
		assert_same_vector(&a, &b);
	}
	stet_featurizer_free(&fz);
	stet_fvec_free(&a);
	stet_fvec_free(&b);
	stet_buf_free(&text);
	stet_buf_free(&nfc);
}

static void bad_input_is_an_error(void **state)
{
	struct stet_featurizer fz;
	struct stet_fvec v;
	struct stet_error err = {0};

	(void)state;
	stet_fvec_init(&v);
	assert_int_equal(stet_featurizer_init(&fz, 17, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "17 bits"));
	assert_int_equal(stet_featurizer_init(&fz, 25, &err), STET_ERR);
	assert_int_equal(stet_featurizer_init(&fz, 18, &err), STET_OK);
	assert_int_equal(stet_features_text(&fz, "ab\xff" "cd", 5, &v, &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "byte 2"));
	stet_featurizer_free(&fz);
	stet_fvec_free(&v);
}

static void numbers_are_read_strictly(void **state)
{
	double v;

	(void)state;
	assert_true(stet_features_number("42", &v) && v == 42);
	assert_true(stet_features_number("-.5", &v) && v == -0.5);
	assert_true(stet_features_number("+1.25e2", &v) && v == 125);
	assert_true(stet_features_number("7.", &v) && v == 7);
	assert_false(stet_features_number("1,5", &v));
	assert_false(stet_features_number("1e", &v));
	assert_false(stet_features_number(".", &v));
	assert_false(stet_features_number("nan", &v));
	assert_false(stet_features_number("inf", &v));
	assert_false(stet_features_number(" 3", &v));
	assert_false(stet_features_number("", &v));
	assert_false(stet_features_number("1e999", &v)); /* not finite */
}

static void row(struct stet_item *it, const char *age, const char *colour)
{
	stet_item_init(it);
	it->kind = STET_ITEM_TABLE;
	stet_item_add_field(it, "age", 3, age, strlen(age));
	stet_item_add_field(it, "colour", 6, colour, strlen(colour));
	stet_item_add_field(it, "unit", 4, "kg", 2);
	stet_item_add_field(it, "flat", 4, "1", 1);
}

static void table_rows_standardise_numbers(void **state)
{
	static const char *const ages[] = { "2", "4", "4", "4",
					    "5", "5", "7", "9" };
	struct stet_colstats cs, back;
	struct stet_featurizer fz;
	struct stet_item it;
	struct stet_fvec v;
	struct stet_error err = {0};
	struct stet_buf b;
	const struct stet_colstat *c;

	(void)state;
	stet_colstats_init(&cs);
	stet_fvec_init(&v);
	stet_buf_init(&b);
	for (size_t i = 0; i < 8; i++) {
		row(&it, ages[i], i == 3 ? "" : "red");
		stet_colstats_add(&cs, &it);
		stet_item_clear(&it);
	}
	/* 2,4,4,4,5,5,7,9: mean 40/8 = 5, squared deviations
	 * 9+1+1+1+0+0+4+16 = 32, population sd sqrt(32/8) = 2. */
	c = stet_colstats_find(&cs, "age");
	assert_non_null(c);
	assert_true(stet_colstat_numeric(c));
	assert_true(c->mean == 5);
	assert_true(stet_colstat_sd(c) == 2);
	assert_false(stet_colstat_numeric(stet_colstats_find(&cs, "unit")));
	/* colour's one empty cell counts for nothing. */
	assert_int_equal(stet_colstats_find(&cs, "colour")->others, 7);

	/* Kept as bytes and read back, the statistics are the same. */
	stet_colstats_encode(&cs, &b);
	assert_int_equal(stet_colstats_decode(b.data, b.len, &back, &err),
			 STET_OK);
	assert_int_equal(back.n, cs.n);
	c = stet_colstats_find(&back, "age");
	assert_true(c->mean == 5 && c->m2 == 32 && c->numbers == 8);
	stet_colstats_free(&back);
	assert_int_equal(stet_colstats_decode(b.data, b.len - 1, &back, &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "column statistics"));

	assert_int_equal(stet_featurizer_init(&fz, BITS, &err), STET_OK);
	/* age 7 is (7 - 5) / 2 = 1 deviation above the mean; colour=red
	 * and unit=kg are cells of value 1; flat is the same number
	 * everywhere (sd 0) and tells nothing. */
	row(&it, "7", "red");
	assert_int_equal(stet_features_item(&fz, &it, &cs, &v, &err), STET_OK);
	assert_int_equal(v.n, 3);
	assert_true(value_at(&v, pin(STET_FEATURE_NUMERIC, "age")) == 1.0);
	assert_true(value_at(&v, pin(STET_FEATURE_CELL, "colour\xffred")) ==
		    1.0);
	stet_item_clear(&it);
	/* A value far outside the training range is cut to 10 deviations:
	 * (1005 - 5) / 2 = 500. An empty cell gives no feature. */
	row(&it, "1005", "");
	assert_int_equal(stet_features_item(&fz, &it, &cs, &v, &err), STET_OK);
	assert_int_equal(v.n, 2);
	assert_true(value_at(&v, pin(STET_FEATURE_NUMERIC, "age")) == 10.0);
	stet_item_clear(&it);
	/* Without statistics every cell is a category. */
	row(&it, "7", "red");
	assert_int_equal(stet_features_item(&fz, &it, NULL, &v, &err),
			 STET_OK);
	assert_int_equal(v.n, 4);
	assert_true(value_at(&v, pin(STET_FEATURE_NUMERIC, "age")) == 0);
	stet_item_clear(&it);

	stet_featurizer_free(&fz);
	stet_colstats_free(&back);
	stet_colstats_free(&cs);
	stet_fvec_free(&v);
	stet_buf_free(&b);
}

static void a_missing_mark_keeps_a_column_numeric(void **state)
{
	struct stet_colstats cs;
	struct stet_featurizer fz;
	struct stet_item it;
	struct stet_fvec v;
	struct stet_error err = {0};
	char num[8];

	(void)state;
	stet_colstats_init(&cs);
	stet_fvec_init(&v);
	/* 9 numbers (1..9) and one "NA": 1 in 10 of the cells is not a
	 * number, which a numeric column may have. One more would be 2 in
	 * 11, more than 1 in 10, and the column a category. */
	for (int i = 1; i <= 10; i++) {
		stet_item_init(&it);
		it.kind = STET_ITEM_TABLE;
		snprintf(num, sizeof num, "%d", i);
		stet_item_add_field(&it, "age", 3, i == 10 ? "NA" : num,
				    i == 10 ? 2 : strlen(num));
		stet_colstats_add(&cs, &it);
		stet_item_clear(&it);
	}
	assert_true(stet_colstat_numeric(stet_colstats_find(&cs, "age")));
	/* Its mean is that of the numbers alone: 45 / 9 = 5. */
	assert_true(stet_colstats_find(&cs, "age")->mean == 5);
	assert_int_equal(stet_featurizer_init(&fz, BITS, &err), STET_OK);
	stet_item_init(&it);
	it.kind = STET_ITEM_TABLE;
	stet_item_add_field(&it, "age", 3, "NA", 2);
	assert_int_equal(stet_features_item(&fz, &it, &cs, &v, &err), STET_OK);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.idx[0], stet_features_bucket(BITS,
							STET_FEATURE_CELL,
							"age\xffNA", 6));
	stet_item_clear(&it);
	stet_item_init(&it);
	it.kind = STET_ITEM_TABLE;
	stet_item_add_field(&it, "age", 3, "?", 1);
	stet_colstats_add(&cs, &it);
	stet_item_clear(&it);
	assert_false(stet_colstat_numeric(stet_colstats_find(&cs, "age")));
	stet_featurizer_free(&fz);
	stet_colstats_free(&cs);
	stet_fvec_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buckets_are_the_pinned_ones),
		cmocka_unit_test(a_text_gives_its_pinned_vector),
		cmocka_unit_test(case_folding_and_nfc_make_spellings_alike),
		cmocka_unit_test(words_split_at_what_is_not_letter_or_digit),
		cmocka_unit_test(counts_then_length_one),
		cmocka_unit_test(white_space_runs_are_one_space),
		cmocka_unit_test(any_text_gives_a_sound_vector),
		cmocka_unit_test(bad_input_is_an_error),
		cmocka_unit_test(numbers_are_read_strictly),
		cmocka_unit_test(table_rows_standardise_numbers),
		cmocka_unit_test(a_missing_mark_keeps_a_column_numeric),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
