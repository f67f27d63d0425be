/* Offsets in code points, UTF-16 code units and bytes, grapheme
 * boundaries, and offsets carried through NFC.
 *
 * Every expected table is worked out by hand from the encodings: a code
 * point takes 1 UTF-8 byte below U+0080, 2 below U+0800, 3 below
 * U+10000 and 4 above; it takes 1 UTF-16 code unit below U+10000 and 2
 * (a surrogate pair) above. Each table lists the offset before every
 * code point and then the end, so entry k is the sum of the sizes of
 * code points 0..k-1. */
#include "unit.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "stet/buf.h"
#include "stet/error.h"
#include "stet/offsets.h"
#include "stet/text.h"
#include "stet/tokens.h"

/* Spelled out in bytes so the tests do not depend on the editor. */
#define WOMAN "\xf0\x9f\x91\xa9"	/* U+1F469: 4 bytes, 2 units */
#define GIRL "\xf0\x9f\x91\xa7"		/* U+1F467: 4 bytes, 2 units */
#define ZWJ "\xe2\x80\x8d"		/* U+200D: 3 bytes, 1 unit */
#define RI_F "\xf0\x9f\x87\xab"		/* U+1F1EB regional indicator F */
#define RI_R "\xf0\x9f\x87\xb7"		/* U+1F1F7 R */
#define RI_D "\xf0\x9f\x87\xa9"		/* U+1F1E9 D */
#define RI_E "\xf0\x9f\x87\xaa"		/* U+1F1EA E */
#define VICTORY "\xe2\x9c\x8c"		/* U+270C: 3 bytes, 1 unit */
#define SKIN3 "\xf0\x9f\x8f\xbd"	/* U+1F3FD: 4 bytes, 2 units */
#define ACUTE "\xcc\x81"		/* U+0301 combining: 2 bytes */
#define DOT_BELOW "\xcc\xa3"		/* U+0323 combining: 2 bytes */
#define E_ACUTE "\xc3\xa9"		/* U+00E9 */
#define ZHONG "\xe4\xb8\xad"		/* U+4E2D: 3 bytes, 1 unit */
#define WEN "\xe6\x96\x87"		/* U+6587 */
#define SHIN "\xd7\xa9"			/* U+05E9: 2 bytes */
#define LAMED "\xd7\x9c"		/* U+05DC */
#define VAV "\xd7\x95"			/* U+05D5 */
#define MEM_SOFIT "\xd7\x9d"		/* U+05DD */
#define QAMATS "\xd6\xb8"		/* U+05B8, a point (Mn) */
#define SHIN_DOT "\xd7\x81"		/* U+05C1, a point (Mn) */
#define SEEN "\xd8\xb3"			/* U+0633: 2 bytes */
#define ARABIC_LAM "\xd9\x84"		/* U+0644 */
#define ALEF "\xd8\xa7"			/* U+0627 */
#define MEEM "\xd9\x85"			/* U+0645 */
#define FATHA "\xd9\x8e"		/* U+064E, a mark (Mn) */
#define HANGUL_G "\xe1\x84\x80"		/* U+1100 leading consonant */
#define HANGUL_A "\xe1\x85\xa1"		/* U+1161 vowel */
#define HANGUL_K "\xe1\x86\xa8"		/* U+11A8 trailing consonant */
#define GAK "\xea\xb0\x81"		/* U+AC01, the three composed */
#define ANGSTROM "\xe2\x84\xab"		/* U+212B, NFC is U+00C5 */
#define A_RING "\xc3\x85"		/* U+00C5 */
#define A_DOT_BELOW "\xe1\xba\xa1"	/* U+1EA1, a + U+0323 */

#define N_(a) (sizeof(a) / sizeof((a)[0]))

struct offsets_case {
	const char *name;
	const char *text;
	uint32_t ncp;
	uint32_t bytes[16]; /* ncp + 1 entries */
	uint32_t u16[16];
	const char *grapheme; /* "1" where a cluster begins, ncp + 1 */
};

static const struct offsets_case cases[] = {
	/* a W ZWJ W ZWJ G b: bytes 1,4,3,4,3,4,1; units 1,2,1,2,1,2,1.
	 * The family is one cluster (GB11), so only a, the woman that
	 * starts it, b and the end begin one. */
	{"ZWJ family", "a" WOMAN ZWJ WOMAN ZWJ GIRL "b", 7,
	 {0, 1, 5, 8, 12, 15, 19, 20}, {0, 1, 3, 4, 6, 7, 9, 10},
	 "11000011"},
	/* Two flags, four regional indicators of 4 bytes and 2 units
	 * each; they pair up (GB12/13): boundaries at 0, 2 and 4. */
	{"flags", RI_F RI_R RI_D RI_E, 4, {0, 4, 8, 12, 16},
	 {0, 2, 4, 6, 8}, "10101"},
	/* x, U+270C (3 bytes, 1 unit), U+1F3FD (4 bytes, 2 units): the
	 * skin tone extends the hand (GB9). */
	{"skin tone", "x" VICTORY SKIN3, 3, {0, 1, 4, 8}, {0, 1, 2, 4},
	 "1101"},
	/* e + U+0301 (2 bytes, 1 unit), then "!" : one cluster "é". */
	{"combining mark", "e" ACUTE "!", 3, {0, 1, 3, 4}, {0, 1, 2, 3},
	 "1011"},
	/* Two CJK characters of 3 bytes and 1 unit each. */
	{"CJK", ZHONG WEN, 2, {0, 3, 6}, {0, 1, 2}, "111"},
	/* Hebrew shin with qamats and shin dot (three code points of 2
	 * bytes each, one cluster), then lamed, vav, final mem. */
	{"Hebrew", SHIN QAMATS SHIN_DOT LAMED VAV MEM_SOFIT, 6,
	 {0, 2, 4, 6, 8, 10, 12}, {0, 1, 2, 3, 4, 5, 6}, "1001111"},
	/* Arabic seen with fatha (one cluster), lam, alef, meem: 2 bytes
	 * each. */
	{"Arabic", SEEN FATHA ARABIC_LAM ALEF MEEM, 5,
	 {0, 2, 4, 6, 8, 10}, {0, 1, 2, 3, 4, 5}, "101111"},
	{"empty", "", 0, {0}, {0}, "1"},
};

static void conversions_match_hand_counts(void **state)
{
	(void)state;
	for (size_t c = 0; c < N_(cases); c++) {
		const struct offsets_case *k = &cases[c];
		struct stet_offset_map m;
		struct stet_error err;

		print_message("# %s\n", k->name);
		assert_int_equal(stet_offset_map_init(&m, k->text,
						      strlen(k->text), &err),
				 STET_OK);
		assert_int_equal(m.ncp, k->ncp);
		for (uint32_t i = 0; i <= k->ncp; i++) {
			uint32_t cp = 999;

			assert_int_equal(stet_offset_from_cp(&m, STET_UNIT_BYTES, i),
					 k->bytes[i]);
			assert_int_equal(stet_offset_from_cp(&m, STET_UNIT_UTF16, i),
					 k->u16[i]);
			assert_int_equal(stet_offset_from_cp(&m, STET_UNIT_CODEPOINTS, i),
					 i);
			assert_int_equal(stet_offset_on_grapheme(&m, i),
					 k->grapheme[i] == '1');
			/* And back again, exactly. */
			assert_int_equal(stet_offset_to_cp(&m, STET_UNIT_BYTES,
							   k->bytes[i], &cp, &err),
					 STET_OK);
			assert_int_equal(cp, i);
			assert_int_equal(stet_offset_to_cp(&m, STET_UNIT_UTF16,
							   k->u16[i], &cp, &err),
					 STET_OK);
			assert_int_equal(cp, i);
			assert_int_equal(stet_offset_to_cp(&m, STET_UNIT_CODEPOINTS,
							   i, &cp, &err),
					 STET_OK);
			assert_int_equal(cp, i);
		}
		assert_false(stet_offset_on_grapheme(&m, k->ncp + 1));
		stet_offset_map_free(&m);
	}
}

/* Every offset of a unit that is not in the table falls inside a
 * character and is refused: the bytes after a sequence's first, the
 * unit after a high surrogate. */
static void offsets_inside_characters_are_refused(void **state)
{
	(void)state;
	for (size_t c = 0; c < N_(cases); c++) {
		const struct offsets_case *k = &cases[c];
		struct stet_offset_map m;
		struct stet_error err;
		uint32_t j = 0;

		assert_int_equal(stet_offset_map_init(&m, k->text,
						      strlen(k->text), &err),
				 STET_OK);
		for (uint32_t off = 0; off <= k->bytes[k->ncp]; off++) {
			uint32_t cp;
			int rc = stet_offset_to_cp(&m, STET_UNIT_BYTES, off,
						   &cp, &err);

			if (off == k->bytes[j]) {
				assert_int_equal(rc, STET_OK);
				j++;
			} else {
				assert_int_equal(rc, STET_ERR);
				assert_non_null(strstr(err.msg, "inside the UTF-8 sequence"));
			}
		}
		j = 0;
		for (uint32_t off = 0; off <= k->u16[k->ncp]; off++) {
			uint32_t cp;
			int rc = stet_offset_to_cp(&m, STET_UNIT_UTF16, off,
						   &cp, &err);

			if (off == k->u16[j]) {
				assert_int_equal(rc, STET_OK);
				j++;
			} else {
				assert_int_equal(rc, STET_ERR);
				assert_non_null(strstr(err.msg, "surrogate pair"));
			}
		}
		stet_offset_map_free(&m);
	}
}

static void messages_name_the_character(void **state)
{
	struct stet_offset_map m;
	struct stet_error err;
	uint32_t cp;
	const char *t = "a" WOMAN ZWJ WOMAN ZWJ GIRL "b";

	(void)state;
	assert_int_equal(stet_offset_map_init(&m, t, strlen(t), &err), STET_OK);
	/* UTF-16 8 is between the halves of the girl (units 7 and 8). */
	assert_int_equal(stet_offset_to_cp(&m, STET_UNIT_UTF16, 8, &cp, &err),
			 STET_ERR);
	assert_string_equal(err.msg,
			    "UTF-16 offset 8 falls between the two halves of the surrogate pair of U+1F467 (code point 5)");
	/* Byte 6 is the second byte of the first joiner (bytes 5 to 8). */
	assert_int_equal(stet_offset_to_cp(&m, STET_UNIT_BYTES, 6, &cp, &err),
			 STET_ERR);
	assert_string_equal(err.msg,
			    "byte offset 6 falls inside the UTF-8 sequence of U+200D (bytes 5 to 8, code point 2)");
	assert_int_equal(stet_offset_to_cp(&m, STET_UNIT_UTF16, 11, &cp, &err),
			 STET_ERR);
	assert_string_equal(err.msg,
			    "offset 11 is past the end of the text (10 UTF-16 code units)");
	assert_int_equal(stet_offset_to_cp(&m, STET_UNIT_CODEPOINTS, 8, &cp,
					   &err),
			 STET_ERR);
	assert_string_equal(err.msg,
			    "offset 8 is past the end of the text (7 code points)");
	stet_offset_map_free(&m);
}

static void invalid_text_is_refused(void **state)
{
	struct stet_offset_map m;
	struct stet_error err;

	(void)state;
	assert_int_equal(stet_offset_map_init(&m, "ab\xe2\x82", 4, &err),
			 STET_ERR);
	assert_string_equal(err.msg, "invalid UTF-8 at byte 2");
	assert_null(m.byte_of);
}

static void units_have_names(void **state)
{
	(void)state;
	assert_int_equal(stet_unit_parse("codepoints"), STET_UNIT_CODEPOINTS);
	assert_int_equal(stet_unit_parse("utf16"), STET_UNIT_UTF16);
	assert_int_equal(stet_unit_parse("bytes"), STET_UNIT_BYTES);
	assert_int_equal(stet_unit_parse("chars"), -1);
	assert_int_equal(stet_unit_parse(""), -1);
	assert_string_equal(stet_unit_name(STET_UNIT_UTF16), "utf16");
	assert_string_equal(stet_unit_name(STET_UNIT_BYTES), "bytes");
	assert_string_equal(stet_unit_name(STET_UNIT_CODEPOINTS), "codepoints");
}

/* Texts strung together from pieces that test the rules (joiners,
 * regional indicators, skin tones, marks, Hangul jamo, CR LF, astral
 * and wide characters), by a fixed seed: the map's grapheme boundaries
 * are those stet_grapheme_len walks (two walks over utf8proc, one
 * carrying its state across clusters, one starting afresh in each),
 * and every unit converts both ways. */
static void random_texts_agree_with_the_grapheme_walk(void **state)
{
	static const char *const pieces[] = {
		"a", " ", WOMAN, GIRL, ZWJ, RI_F, RI_R, RI_D, VICTORY, SKIN3,
		ACUTE, DOT_BELOW, ZHONG, SHIN, QAMATS, SEEN, FATHA, HANGUL_G,
		HANGUL_A, HANGUL_K, "\r", "\n", "\xef\xb8\x8f", /* VS16 */
		"\xf0\x9d\x90\x80", /* U+1D400, astral, no emoji */
	};
	uint64_t seed = 20261203;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		char text[256];
		size_t n = 0, at = 0;
		struct stet_offset_map m;
		struct stet_error err;
		uint32_t cp = 0;

		for (int k = 0; k < 12; k++) {
			const char *p;

			seed = seed * 6364136223846793005u + 1442695040888963407u;
			p = pieces[(seed >> 33) % N_(pieces)];
			memcpy(text + n, p, strlen(p));
			n += strlen(p);
		}
		assert_int_equal(stet_offset_map_init(&m, text, n, &err),
				 STET_OK);
		/* Walk the clusters; every code point inside one is no
		 * boundary, its first is. */
		while (at < n) {
			size_t len = stet_grapheme_len(text + at, n - at);
			size_t end = at + len;

			assert_true(stet_offset_on_grapheme(&m, cp));
			for (cp++; m.byte_of[cp] < end; cp++)
				assert_false(stet_offset_on_grapheme(&m, cp));
			assert_int_equal(m.byte_of[cp], end);
			at = end;
		}
		assert_int_equal(cp, m.ncp);
		for (uint32_t i = 0; i <= m.ncp; i++) {
			uint32_t back;

			for (int u = STET_UNIT_CODEPOINTS; u <= STET_UNIT_BYTES; u++) {
				assert_int_equal(stet_offset_to_cp(&m, (enum stet_unit)u,
								   stet_offset_from_cp(&m, (enum stet_unit)u, i),
								   &back, &err),
						 STET_OK);
				assert_int_equal(back, i);
			}
		}
		stet_offset_map_free(&m);
	}
}

struct nfc_case {
	const char *name;
	const char *src;
	const char *nfc;
	size_t ncp;
	uint32_t map[16]; /* ncp + 1; M for UINT32_MAX */
};

#define M UINT32_MAX

static const struct nfc_case nfc_cases[] = {
	/* C a f e U+0301 space a u: the accent joins the e, so the boundary
	 * between them has no place in "Café au"; after it everything is
	 * one code point earlier. */
	{"decomposed e acute", "Cafe" ACUTE " au", "Caf" E_ACUTE " au", 8,
	 {0, 1, 2, 3, M, 4, 5, 6, 7}},
	/* Hangul L V T compose into one syllable: three starters, so the
	 * stretch widens twice before its NFC matches. */
	{"Hangul jamo", HANGUL_G HANGUL_A HANGUL_K "!", GAK "!", 4,
	 {0, M, M, 1, 2}},
	/* A singleton: U+212B becomes U+00C5, one code point for one. */
	{"Angstrom sign", "x" ANGSTROM "y", "x" A_RING "y", 3,
	 {0, 1, 2, 3}},
	/* a U+0301 U+0323 is reordered (dot below, class 220, first) and
	 * the dot composes with a: U+1EA1 U+0301. Neither inner boundary
	 * survives. */
	{"reordered marks", "a" ACUTE DOT_BELOW "b", A_DOT_BELOW ACUTE "b", 4,
	 {0, M, M, 2, 3}},
	/* Already NFC, emoji and all: every boundary maps to itself. */
	{"unchanged", "a" WOMAN ZWJ GIRL E_ACUTE, "a" WOMAN ZWJ GIRL E_ACUTE,
	 5, {0, 1, 2, 3, 4, 5}},
	{"empty", "", "", 0, {0}},
};

static void nfc_map_is_exact(void **state)
{
	(void)state;
	for (size_t c = 0; c < N_(nfc_cases); c++) {
		const struct nfc_case *k = &nfc_cases[c];
		struct stet_buf out;
		struct stet_error err;
		uint32_t *map = NULL;
		size_t ncp = 99;

		print_message("# %s\n", k->name);
		stet_buf_init(&out);
		stet_buf_adds(&out, "kept:");
		assert_int_equal(stet_text_nfc_map(k->src, strlen(k->src), &out,
						   &map, &ncp, &err),
				 STET_OK);
		assert_int_equal(ncp, k->ncp);
		assert_int_equal(out.len, 5 + strlen(k->nfc));
		assert_memory_equal(out.data, "kept:", 5);
		assert_memory_equal(out.data + 5, k->nfc, strlen(k->nfc));
		for (size_t i = 0; i <= ncp; i++)
			assert_int_equal(map[i], k->map[i]);
		free(map);
		stet_buf_free(&out);
	}
}

static void nfc_map_refuses_invalid_text(void **state)
{
	struct stet_buf out;
	struct stet_error err;
	uint32_t *map = (uint32_t *)&err;
	size_t ncp = 99;

	(void)state;
	stet_buf_init(&out);
	assert_int_equal(stet_text_nfc_map("ok\xff", 3, &out, &map, &ncp, &err),
			 STET_ERR);
	assert_string_equal(err.msg, "invalid UTF-8 at byte 2");
	assert_null(map);
	assert_int_equal(out.len, 0);
	stet_buf_free(&out);
}

static void tokens_round_trip_through_their_record(void **state)
{
	struct stet_tokens t, back;
	struct stet_buf b;
	struct stet_rd r;

	(void)state;
	stet_tokens_init(&t);
	stet_tokens_init(&back);
	stet_buf_init(&b);
	stet_tokens_add(&t, 0, 3, 0);
	/* The two words of a multiword token share its offsets. */
	stet_tokens_add(&t, 4, 7, STET_TOKEN_IN_MULTIWORD);
	stet_tokens_add(&t, 4, 7, STET_TOKEN_IN_MULTIWORD);
	stet_tokens_add(&t, 70000, 70300, 0);
	stet_tokens_encode(&t, &b);
	/* Count 4; then (gap, length, flags): (0,3,0) (4,3,1) (0,3,1) are
	 * a byte each, and (69996, 300, 0) is 3 + 2 + 1 bytes of varint:
	 * 1 + 9 + 6 = 16. */
	assert_int_equal(b.len, 16);
	stet_rd_init(&r, b.data, b.len);
	assert_true(stet_tokens_decode(&r, &back));
	assert_true(stet_rd_done(&r));
	assert_int_equal(back.n, 4);
	assert_memory_equal(back.v, t.v, 4 * sizeof *t.v);
	/* A record cut short is refused, not read past. */
	stet_tokens_free(&back);
	stet_rd_init(&r, b.data, b.len - 1);
	assert_false(stet_tokens_decode(&r, &back));
	/* A count larger than the record could hold. */
	stet_tokens_free(&back);
	stet_rd_init(&r, "\x7f\x00\x00\x00", 4);
	assert_false(stet_tokens_decode(&r, &back));
	assert_int_equal(back.n, 0);
	stet_tokens_free(&back);
	stet_tokens_free(&t);
	stet_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conversions_match_hand_counts),
		cmocka_unit_test(offsets_inside_characters_are_refused),
		cmocka_unit_test(messages_name_the_character),
		cmocka_unit_test(invalid_text_is_refused),
		cmocka_unit_test(units_have_names),
		cmocka_unit_test(random_texts_agree_with_the_grapheme_walk),
		cmocka_unit_test(nfc_map_is_exact),
		cmocka_unit_test(nfc_map_refuses_invalid_text),
		cmocka_unit_test(tokens_round_trip_through_their_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
