/* Right-to-left lines in display order (stet/bidi.h). Each expected
 * order is worked out by hand from UAX #9: the levels from rules W1-W7,
 * N0-N2 and I1-I2 (noted at each case), then rule L2, which reverses
 * every run at the highest level, then every run at that level less
 * one or above, down to level 1. */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/bidi.h"
#include "stet/error.h"

/* Spelled out in bytes so the tests do not depend on the editor. */
#define SHIN "\xd7\xa9"     /* U+05E9, strong right to left (R) */
#define LAMED "\xd7\x9c"    /* U+05DC */
#define VAV "\xd7\x95"      /* U+05D5 */
#define MEM_F "\xd7\x9d"    /* U+05DD */
#define AYIN "\xd7\xa2"     /* U+05E2 */
#define NUN "\xd7\xa0"      /* U+05E0 */
#define TAV "\xd7\xaa"      /* U+05EA */
#define HE "\xd7\x94"       /* U+05D4 */
#define YOD "\xd7\x99"      /* U+05D9 */
#define ALEF "\xd7\x90"     /* U+05D0 */
#define QAMATS "\xd6\xb8"   /* U+05B8, a mark (NSM) */
#define SHIN_DOT "\xd7\x81" /* U+05C1, a mark (NSM) */
#define HOLAM "\xd6\xb9"    /* U+05B9, a mark (NSM) */
#define SHALOM SHIN LAMED VAV MEM_F   /* "peace" */
#define OLAM AYIN VAV LAMED MEM_F     /* "world" */
#define A_AYN "\xd8\xb9"    /* U+0639, Arabic letter (AL) */
#define A_ALEF "\xd8\xa7"   /* U+0627 */
#define A_MEEM "\xd9\x85"   /* U+0645 */
#define A_TWO "\xd9\xa2"    /* U+0662, Arabic-Indic digit (AN) */
#define A_ZERO "\xd9\xa0"   /* U+0660 */
#define A_FOUR "\xd9\xa4"   /* U+0664 */
#define WOMAN "\xf0\x9f\x91\xa9"
#define GIRL "\xf0\x9f\x91\xa7"
#define ZWJ "\xe2\x80\x8d"
#define FAMILY WOMAN ZWJ WOMAN ZWJ GIRL /* one grapheme, 18 bytes */

/* Reorders s in direction dir and checks the visual order and levels,
 * each given as n numbers. */
static void check_line(struct stet_bidi *b, const char *s,
		       enum stet_bidi_dir dir, size_t n, const size_t *visual,
		       const uint8_t *levels)
{
	struct stet_error err = {0};

	assert_int_equal(stet_bidi_line(b, s, strlen(s), dir, &err), STET_OK);
	assert_int_equal(b->n, n);
	assert_int_equal(b->offset[n], strlen(s));
	for (size_t i = 0; i < n; i++) {
		if (b->visual[i] != visual[i] || b->level[i] != levels[i])
			print_message("# at %zu: visual %zu (want %zu), level %u (want %u)\n",
				      i, b->visual[i], visual[i],
				      (unsigned)b->level[i], (unsigned)levels[i]);
		assert_int_equal(b->visual[i], visual[i]);
		assert_int_equal(b->level[i], levels[i]);
	}
}

/* Latin text is drawn as it is stored, without asking FriBidi. */
static void ascii_is_identity(void **state)
{
	struct stet_bidi b;
	size_t vis[] = {0, 1, 2, 3, 4};
	uint8_t lv[] = {0, 0, 0, 0, 0};

	(void)state;
	stet_bidi_init(&b);
	check_line(&b, "ab, c", STET_BIDI_AUTO, 5, vis, lv);
	assert_false(b.rtl);
	assert_false(b.reordered);
	check_line(&b, "", STET_BIDI_AUTO, 0, vis, lv);
	stet_bidi_free(&b);
}

/* "abc שלום def" in a left-to-right paragraph: the Hebrew letters are
 * R at level 1 (I1), the spaces between an L and an R resolve to the
 * embedding direction, L, level 0 (N2); so only the word turns. */
static void hebrew_word_in_english(void **state)
{
	struct stet_bidi b;
	size_t vis[] = {0, 1, 2, 3, 7, 6, 5, 4, 8, 9, 10, 11};
	uint8_t lv[] = {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0};

	(void)state;
	stet_bidi_init(&b);
	check_line(&b, "abc " SHALOM " def", STET_BIDI_AUTO, 12, vis, lv);
	assert_false(b.rtl);
	assert_true(b.reordered);
	/* "abc " is 4 bytes, each Hebrew letter 2. */
	assert_int_equal(b.offset[4], 4);
	assert_int_equal(b.offset[8], 12);
	stet_bidi_free(&b);
}

/* "שלום עולם" decides its own direction, right to left (P2): every
 * grapheme is at level 1, the space between two Rs too (N1), and the
 * whole line is reversed. */
static void hebrew_paragraph(void **state)
{
	struct stet_bidi b;
	size_t vis[] = {8, 7, 6, 5, 4, 3, 2, 1, 0};
	uint8_t lv[] = {1, 1, 1, 1, 1, 1, 1, 1, 1};

	(void)state;
	stet_bidi_init(&b);
	check_line(&b, SHALOM " " OLAM, STET_BIDI_AUTO, 9, vis, lv);
	assert_true(b.rtl);
	stet_bidi_free(&b);
}

/* "שנת 2024 היא" ("the year 2024 is"): European digits after an R stay
 * EN (W7 needs an L before them) and go up to level 2 (I2); the spaces
 * beside them are between an R and an EN, which counts as R (N1), so
 * level 1. L2 reverses the digits at level 2, then the whole line:
 * the number still reads 2024 from left to right. */
static void digits_inside_hebrew(void **state)
{
	struct stet_bidi b;
	size_t vis[] = {11, 10, 9, 8, 4, 5, 6, 7, 3, 2, 1, 0};
	uint8_t lv[] = {1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1};

	(void)state;
	stet_bidi_init(&b);
	check_line(&b, SHIN NUN TAV " 2024 " HE YOD ALEF, STET_BIDI_AUTO, 12,
		   vis, lv);
	stet_bidi_free(&b);
}

/* "عام ٢٠٢٤" ("year 2024" with Arabic-Indic digits): the letters are
 * AL (level 1), the digits AN, which I2 puts at level 2; the space
 * between AL and AN is R-like on both sides (N1), level 1. */
static void arabic_with_arabic_digits(void **state)
{
	struct stet_bidi b;
	size_t vis[] = {4, 5, 6, 7, 3, 2, 1, 0};
	uint8_t lv[] = {1, 1, 1, 1, 2, 2, 2, 2};

	(void)state;
	stet_bidi_init(&b);
	check_line(&b, A_AYN A_ALEF A_MEEM " " A_TWO A_ZERO A_TWO A_FOUR,
		   STET_BIDI_AUTO, 8, vis, lv);
	assert_true(b.rtl);
	stet_bidi_free(&b);
}

/* European digits after an Arabic letter become AN (W2), level 2 as
 * well: "عام 2024". */
static void european_digits_after_arabic(void **state)
{
	struct stet_bidi b;
	size_t vis[] = {4, 5, 6, 7, 3, 2, 1, 0};
	uint8_t lv[] = {1, 1, 1, 1, 2, 2, 2, 2};

	(void)state;
	stet_bidi_init(&b);
	check_line(&b, A_AYN A_ALEF A_MEEM " 2024", STET_BIDI_AUTO, 8, vis, lv);
	stet_bidi_free(&b);
}

/* "שלום abc" right to left: the Latin letters are L, level 2 (I2); the
 * space between R and L takes the embedding direction, R, level 1 (N2).
 * L2 turns "abc" at level 2, then the whole line, so that "abc" reads
 * left to right at the left edge. */
static void english_inside_hebrew(void **state)
{
	struct stet_bidi b;
	size_t vis[] = {5, 6, 7, 4, 3, 2, 1, 0};
	uint8_t lv[] = {1, 1, 1, 1, 1, 2, 2, 2};

	(void)state;
	stet_bidi_init(&b);
	check_line(&b, SHALOM " abc", STET_BIDI_AUTO, 8, vis, lv);
	stet_bidi_free(&b);
}

/* The paragraph's direction given, not found: a wrapped line of a
 * Hebrew paragraph that happens to start with a Latin word keeps the
 * paragraph's right-to-left order. "abc שלום" right to left: "abc" at
 * level 2, the space between L and R takes the embedding direction R
 * (N2), level 1. */
static void direction_given(void **state)
{
	struct stet_bidi b;
	size_t rtl_vis[] = {7, 6, 5, 4, 3, 0, 1, 2};
	uint8_t rtl_lv[] = {2, 2, 2, 1, 1, 1, 1, 1};
	size_t ltr_vis[] = {0, 1, 2, 3, 7, 6, 5, 4};
	uint8_t ltr_lv[] = {0, 0, 0, 0, 1, 1, 1, 1};

	(void)state;
	stet_bidi_init(&b);
	check_line(&b, "abc " SHALOM, STET_BIDI_RTL, 8, rtl_vis, rtl_lv);
	assert_true(b.rtl);
	check_line(&b, "abc " SHALOM, STET_BIDI_AUTO, 8, ltr_vis, ltr_lv);
	assert_false(b.rtl);
	/* Plain Latin in a right-to-left paragraph: one run at level 2,
	 * turned twice, so as it is stored. */
	{
		size_t vis[] = {0, 1, 2};
		uint8_t lv[] = {2, 2, 2};

		check_line(&b, "abc", STET_BIDI_RTL, 3, vis, lv);
	}
	stet_bidi_free(&b);
}

/* "שָׁלוֹם" with points: a mark goes with its letter, whatever its own
 * level, and the four graphemes turn as four. */
static void marks_stay_on_their_letter(void **state)
{
	struct stet_bidi b;
	size_t vis[] = {3, 2, 1, 0};
	uint8_t lv[] = {1, 1, 1, 1};

	(void)state;
	stet_bidi_init(&b);
	check_line(&b, SHIN QAMATS SHIN_DOT LAMED VAV HOLAM MEM_F,
		   STET_BIDI_AUTO, 4, vis, lv);
	/* shin, qamats and the shin dot: 2 + 2 + 2 bytes. */
	assert_int_equal(b.offset[1], 6);
	assert_int_equal(b.offset[2], 8);
	assert_int_equal(b.offset[3], 12);
	stet_bidi_free(&b);
}

/* An emoji ZWJ sequence is one grapheme, drawn whole: "שלום 👩‍👩‍👧", a
 * neutral between R and the paragraph's end (R), level 1 (N1). */
static void emoji_sequence_is_one_grapheme(void **state)
{
	struct stet_bidi b;
	size_t vis[] = {5, 4, 3, 2, 1, 0};
	uint8_t lv[] = {1, 1, 1, 1, 1, 1};

	(void)state;
	stet_bidi_init(&b);
	check_line(&b, SHALOM " " FAMILY, STET_BIDI_AUTO, 6, vis, lv);
	assert_int_equal(b.offset[5], 9);
	assert_int_equal(b.offset[6], 9 + 18);
	stet_bidi_free(&b);
}

/* "(שלום)" right to left: the brackets pair (N0) and take R, level 1;
 * drawn reversed, each is mirrored (L4), so the line shows "(םולש)". */
static void brackets_mirror(void **state)
{
	struct stet_bidi b;
	size_t vis[] = {5, 4, 3, 2, 1, 0};
	uint8_t lv[] = {1, 1, 1, 1, 1, 1};

	(void)state;
	stet_bidi_init(&b);
	check_line(&b, "(" SHALOM ")", STET_BIDI_AUTO, 6, vis, lv);
	assert_int_equal(b.mirror[0], ')');
	assert_int_equal(b.mirror[5], '(');
	assert_int_equal(b.mirror[1], 0);
	/* At level 0, a bracket is drawn as it is. */
	check_line(&b, "(" SHALOM ")", STET_BIDI_LTR, 6,
		   (size_t[]){0, 4, 3, 2, 1, 5},
		   (uint8_t[]){0, 1, 1, 1, 1, 0});
	assert_int_equal(b.mirror[0], 0);
	assert_int_equal(b.mirror[5], 0);
	stet_bidi_free(&b);
}

/* A paragraph's direction is its first strong character's (P2, P3). */
static void paragraph_direction(void **state)
{
	const char *rtl = "  12 " SHALOM " abc";
	const char *ltr = "abc " SHALOM;

	(void)state;
	assert_int_equal(stet_bidi_direction(rtl, strlen(rtl)), STET_BIDI_RTL);
	assert_int_equal(stet_bidi_direction(ltr, strlen(ltr)), STET_BIDI_LTR);
	assert_int_equal(stet_bidi_direction(A_AYN, strlen(A_AYN)),
			 STET_BIDI_RTL);
	assert_int_equal(stet_bidi_direction("12, (3)", 7), STET_BIDI_AUTO);
	assert_int_equal(stet_bidi_direction("", 0), STET_BIDI_AUTO);
}

/* One struct serves line after line, long or short. */
static void reuse_across_lines(void **state)
{
	struct stet_bidi b;
	char longline[4096] = "";
	struct stet_error err = {0};

	(void)state;
	stet_bidi_init(&b);
	for (int i = 0; i < 200; i++)
		strcat(longline, i % 2 ? SHALOM " " : "abc ");
	assert_int_equal(stet_bidi_line(&b, longline, strlen(longline),
					STET_BIDI_AUTO, &err), STET_OK);
	/* 100 of "abc " (4 graphemes) and 100 of "שלום " (5). */
	assert_int_equal(b.n, 900);
	check_line(&b, SHALOM, STET_BIDI_AUTO, 4, (size_t[]){3, 2, 1, 0},
		   (uint8_t[]){1, 1, 1, 1});
	stet_bidi_free(&b);
}

/* Random lines of letters of both directions, digits of both kinds,
 * marks, brackets, spaces, emoji sequences and the invisible marks
 * (LRM, RLM, ZWJ): the visual order is always a permutation of the
 * graphemes, the graphemes tile the line, and a grapheme's level is
 * odd exactly when it is drawn reversed relative to its neighbours at
 * a lower level (checked here as: at level 0 in a left-to-right line,
 * a grapheme keeps its place among the other level-0 ones). */
static void random_lines_are_permutations(void **state)
{
	static const char *const parts[] = {
		"a", "Z", " ", "1", "(", ")", "[", "]", ".", ",", SHIN, LAMED,
		AYIN, QAMATS, HOLAM, A_AYN, A_MEEM, A_TWO, A_ZERO, FAMILY,
		"\xe2\x80\x8e" /* LRM */, "\xe2\x80\x8f" /* RLM */, ZWJ,
		"\xe4\xb8\xad" /* CJK */, "e\xcc\x81" /* e + acute */,
	};
	const size_t nparts = sizeof parts / sizeof parts[0];
	struct stet_bidi b;
	struct stet_error err = {0};
	unsigned long seed = 12345;

	(void)state;
	stet_bidi_init(&b);
	for (int run = 0; run < 2000; run++) {
		char line[60 * 18 + 1]; /* 60 parts of at most 18 bytes */
		size_t len = 0, n = (size_t)(run % 60);
		bool *seen;

		for (size_t i = 0; i < n; i++) {
			const char *p;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			p = parts[(seed >> 33) % nparts];
			memcpy(line + len, p, strlen(p));
			len += strlen(p);
		}
		assert_int_equal(stet_bidi_line(&b, line, len,
						(enum stet_bidi_dir)(run % 3),
						&err), STET_OK);
		assert_int_equal(b.offset[0], 0);
		assert_int_equal(b.offset[b.n], len);
		seen = calloc(b.n + 1, sizeof *seen);
		assert_non_null(seen);
		for (size_t v = 0; v < b.n; v++) {
			assert_true(b.visual[v] < b.n);
			assert_false(seen[b.visual[v]]);
			seen[b.visual[v]] = true;
			assert_true(b.offset[v] < b.offset[v + 1]);
		}
		if (!b.rtl) {
			size_t last = 0;
			bool any = false;

			for (size_t v = 0; v < b.n; v++)
				if (b.level[b.visual[v]] == 0) {
					assert_true(!any || b.visual[v] > last);
					last = b.visual[v];
					any = true;
				}
		}
		free(seen);
	}
	stet_bidi_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ascii_is_identity),
		cmocka_unit_test(hebrew_word_in_english),
		cmocka_unit_test(hebrew_paragraph),
		cmocka_unit_test(digits_inside_hebrew),
		cmocka_unit_test(arabic_with_arabic_digits),
		cmocka_unit_test(european_digits_after_arabic),
		cmocka_unit_test(english_inside_hebrew),
		cmocka_unit_test(direction_given),
		cmocka_unit_test(marks_stay_on_their_letter),
		cmocka_unit_test(emoji_sequence_is_one_grapheme),
		cmocka_unit_test(brackets_mirror),
		cmocka_unit_test(paragraph_direction),
		cmocka_unit_test(reuse_across_lines),
		cmocka_unit_test(random_lines_are_permutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
