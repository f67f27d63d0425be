#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/buf.h"
#include "stet/error.h"
#include "stet/text.h"

/* Spelled out in bytes so the tests do not depend on the editor. */
#define E_ACUTE_NFD "e\xcc\x81"		/* e + U+0301 */
#define E_ACUTE_NFC "\xc3\xa9"		/* U+00E9 */
#define ZHONG "\xe4\xb8\xad"		/* U+4E2D, wide */
#define WOMAN "\xf0\x9f\x91\xa9"	/* U+1F469 */
#define GIRL "\xf0\x9f\x91\xa7"		/* U+1F467 */
#define ZWJ "\xe2\x80\x8d"		/* U+200D */
#define FAMILY WOMAN ZWJ WOMAN ZWJ GIRL
#define FLAG_FR "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"
#define FLAG_DE "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa"
#define HEART "\xe2\x9d\xa4"		/* U+2764, text by default */
#define VS16 "\xef\xb8\x8f"
#define VICTORY "\xe2\x9c\x8c"		/* U+270C, text by default */
#define SKIN3 "\xf0\x9f\x8f\xbd"	/* U+1F3FD */
#define RLO "\xe2\x80\xae"		/* U+202E */

static size_t len_of(const char *s)
{
	return strlen(s);
}

/* Every test that escapes wants to know nothing can reach the terminal. */
static void assert_terminal_safe(const char *s, size_t n, bool allow_lf)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n' && allow_lf)
			continue;
		assert_true(c >= 0x20);
		assert_true(c != 0x7f);
		/* C1 controls are U+0080..U+009F, encoded C2 80..C2 9F. */
		if (c == 0xc2 && i + 1 < n) {
			unsigned char d = (unsigned char)s[i + 1];

			assert_false(d >= 0x80 && d <= 0x9f);
		}
	}
	assert_true(stet_utf8_valid(s, n, NULL));
}

static void escape_str(const char *s, size_t n, int tabs, bool keep_nl,
		       struct stet_buf *out)
{
	stet_buf_reset(out);
	stet_text_escape(s, n, tabs, keep_nl, out);
}

static void valid_utf8_is_accepted(void **state)
{
	static const char *ok[] = {
		"",
		"plain ascii that is longer than one word",
		E_ACUTE_NFC "t" E_ACUTE_NFC,
		"12345678" ZHONG "12345678",
		FAMILY,
		"\xef\xbf\xbf",		/* U+FFFF */
		"\xf4\x8f\xbf\xbf",	/* U+10FFFF */
		"\xc2\x80",		/* U+0080 */
		"\xed\x9f\xbf",		/* U+D7FF, just below surrogates */
		"\xee\x80\x80",		/* U+E000, just above */
	};
	size_t bad = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_true(stet_utf8_valid(ok[i], len_of(ok[i]), &bad));
	/* NUL is a character, not a terminator. */
	assert_true(stet_utf8_valid("a\0b\0\0\0\0\0\0\0\0c", 12, &bad));
	assert_true(stet_utf8_valid(NULL, 0, &bad));
	assert_int_equal(bad, 12345);
}

static void invalid_utf8_reports_first_bad_byte(void **state)
{
	static const struct {
		const char *s;
		size_t bad;
	} cases[] = {
		{"\x80", 0},			/* lone continuation */
		{"ab\xbf", 2},
		{"\xc0\x80", 0},		/* overlong NUL */
		{"\xc1\xbf", 0},		/* overlong 2-byte */
		{"\xe0\x80\x80", 0},		/* overlong 3-byte */
		{"\xe0\x9f\xbf", 0},
		{"\xf0\x80\x80\x80", 0},	/* overlong 4-byte */
		{"\xf0\x8f\xbf\xbf", 0},
		{"x\xed\xa0\x80", 1},		/* surrogate U+D800 */
		{"x\xed\xbf\xbf", 1},		/* surrogate U+DFFF */
		{"\xf4\x90\x80\x80", 0},	/* U+110000 */
		{"\xf5\x80\x80\x80", 0},
		{"\xf8\x88\x80\x80\x80", 0},	/* 5-byte form */
		{"\xfe", 0},
		{"\xff", 0},
		{"ab\xe2\x82", 2},		/* truncated at the end */
		{"\xe2\x28\xa1", 0},		/* bad continuation */
		{E_ACUTE_NFC "\xf0\x9f\x91", 2},
		/* Around the 8-byte fast path's boundaries. */
		{"1234567\xff", 7},
		{"12345678\xff", 8},
		{"123456789\xff", 9},
		{"1234567890123456\xc3", 16},
		{"12345678" ZHONG "1234567\x80" "12345678", 18},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t bad = 999;

		assert_false(stet_utf8_valid(cases[i].s, len_of(cases[i].s),
					     &bad));
		assert_int_equal(bad, cases[i].bad);
	}
	/* A NULL offset pointer is allowed. */
	assert_false(stet_utf8_valid("\xff", 1, NULL));
}

static void nfc_composes(void **state)
{
	struct stet_buf out;
	struct stet_error err;

	(void)state;
	stet_buf_init(&out);

	assert_int_equal(stet_text_nfc(E_ACUTE_NFD, 3, &out, &err), STET_OK);
	assert_string_equal(out.data, E_ACUTE_NFC);

	/* The ASCII before the first combining mark must still compose. */
	stet_buf_reset(&out);
	assert_int_equal(stet_text_nfc("cafe\xcc\x81 ok", 9, &out, &err),
			 STET_OK);
	assert_string_equal(out.data, "caf" E_ACUTE_NFC " ok");

	/* Conjoining jamo U+1100 U+1161 U+11A8 make the syllable U+AC01. */
	stet_buf_reset(&out);
	assert_int_equal(stet_text_nfc("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8",
				       9, &out, &err),
			 STET_OK);
	assert_string_equal(out.data, "\xea\xb0\x81");

	/* Marks are put in canonical order: dot below (220) before
	 * circumflex (230), giving U+1EAD. */
	stet_buf_reset(&out);
	assert_int_equal(stet_text_nfc("a\xcc\x82\xcc\xa3", 5, &out, &err),
			 STET_OK);
	assert_string_equal(out.data, "\xe1\xba\xad");

	/* Already NFC: unchanged. */
	stet_buf_reset(&out);
	assert_int_equal(stet_text_nfc(ZHONG E_ACUTE_NFC, 5, &out, &err),
			 STET_OK);
	assert_string_equal(out.data, ZHONG E_ACUTE_NFC);
	stet_buf_free(&out);
}

static void nfc_keeps_ascii_and_appends(void **state)
{
	struct stet_buf out;
	struct stet_error err;
	const char ascii[] = "Hello,\tworld\r\n\0tail";

	(void)state;
	stet_buf_init(&out);
	stet_buf_adds(&out, "prefix:");
	assert_int_equal(stet_text_nfc(ascii, sizeof ascii - 1, &out, &err),
			 STET_OK);
	assert_int_equal(out.len, 7 + sizeof ascii - 1);
	assert_memory_equal(out.data, "prefix:", 7);
	assert_memory_equal(out.data + 7, ascii, sizeof ascii - 1);

	/* NUL survives the utf8proc path too. */
	stet_buf_reset(&out);
	assert_int_equal(stet_text_nfc("a\0" E_ACUTE_NFD, 5, &out, &err),
			 STET_OK);
	assert_int_equal(out.len, 4);
	assert_memory_equal(out.data, "a\0" E_ACUTE_NFC, 4);
	stet_buf_free(&out);
}

static void nfc_rejects_invalid(void **state)
{
	struct stet_buf out;
	struct stet_error err;

	(void)state;
	stet_buf_init(&out);
	stet_error_clear(&err);
	assert_int_equal(stet_text_nfc("ok " E_ACUTE_NFC "\xed\xa0\x80", 8,
				       &out, &err),
			 STET_ERR);
	assert_int_equal(err.status, STET_ERR);
	assert_non_null(strstr(err.msg, "byte 5"));
	stet_buf_free(&out);
}

/* Folding appends code points: "ß" (U+00DF) and "ẞ" (U+1E9E) fold to
 * "ss" by full case folding, "Σ" to "σ", and an NFD "É" (E + U+0301)
 * to the one code point U+00E9. */
static void fold_cases_and_composes(void **state)
{
	static const uint32_t want[] = { 'x', 's', 's', 's', 's', 0x3c3,
					 0xe9, '!' };
	uint32_t *cps = NULL;
	size_t n = 1, cap = 1;
	struct stet_error err;

	(void)state;
	stet_error_clear(&err);
	cps = malloc(sizeof *cps);
	assert_non_null(cps);
	cps[0] = 'x'; /* what was there stays */
	assert_int_equal(stet_text_fold("\xc3\x9f\xe1\xba\x9e\xce\xa3"
					"E\xcc\x81!", 11, &cps, &n, &cap, &err),
			 STET_OK);
	assert_int_equal(n, 8);
	assert_memory_equal(cps, want, sizeof want);
	/* ASCII alone is lower cased without utf8proc. */
	n = 0;
	assert_int_equal(stet_text_fold("AbZ", 3, &cps, &n, &cap, &err),
			 STET_OK);
	assert_int_equal(n, 3);
	assert_true(cps[0] == 'a' && cps[1] == 'b' && cps[2] == 'z');
	assert_int_equal(stet_text_fold("a\xc3(", 3, &cps, &n, &cap, &err),
			 STET_ERR);
	assert_non_null(strstr(err.msg, "byte 1"));
	free(cps);

	assert_int_equal(stet_text_cp_kind('a'), STET_CP_WORD);
	assert_int_equal(stet_text_cp_kind('7'), STET_CP_WORD);
	assert_int_equal(stet_text_cp_kind(0x301), STET_CP_WORD); /* Mn */
	assert_int_equal(stet_text_cp_kind(0x4e2d), STET_CP_WORD);
	assert_int_equal(stet_text_cp_kind('\t'), STET_CP_SPACE);
	assert_int_equal(stet_text_cp_kind(0x3000), STET_CP_SPACE);
	assert_int_equal(stet_text_cp_kind('\''), STET_CP_OTHER);
	assert_int_equal(stet_text_cp_kind(0x1f600), STET_CP_OTHER);
}

static void grapheme_lengths(void **state)
{
	(void)state;
	assert_int_equal(stet_grapheme_len("ab", 2), 1);
	assert_int_equal(stet_grapheme_len(E_ACUTE_NFD "x", 4), 3);
	/* Two combining marks stay on the base. */
	assert_int_equal(stet_grapheme_len("a\xcc\x82\xcc\xa3" "b", 6), 5);
	assert_int_equal(stet_grapheme_len(FAMILY "x", len_of(FAMILY) + 1),
			 18);
	/* Regional indicators pair up, and only pair up. */
	assert_int_equal(stet_grapheme_len(FLAG_FR FLAG_DE, 16), 8);
	assert_int_equal(stet_grapheme_len(FLAG_DE, 8), 8);
	assert_int_equal(stet_grapheme_len("\r\n", 2), 2);
	assert_int_equal(stet_grapheme_len("\r\r\n", 3), 1);
	assert_int_equal(stet_grapheme_len("\n\r", 2), 1);
	assert_int_equal(stet_grapheme_len(WOMAN SKIN3, 8), 8);
	assert_int_equal(stet_grapheme_len(HEART VS16 "!", 7), 6);
	/* Conjoining jamo L V T form one cluster. */
	assert_int_equal(stet_grapheme_len("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8",
					   9),
			 9);
	/* Invalid bytes are clusters of one, and end a cluster. */
	assert_int_equal(stet_grapheme_len("\xff\xcc\x81", 3), 1);
	assert_int_equal(stet_grapheme_len("e\xff", 2), 1);
	assert_int_equal(stet_grapheme_len("\xe2\x82", 2), 1);
	/* A cluster never runs past n. */
	assert_int_equal(stet_grapheme_len(FAMILY, 8), 7);
}

static void grapheme_widths(void **state)
{
	(void)state;
	assert_int_equal(stet_grapheme_width("a", 1), 1);
	assert_int_equal(stet_grapheme_width(ZHONG, 3), 2);
	assert_int_equal(stet_grapheme_width(E_ACUTE_NFD, 3), 1);
	assert_int_equal(stet_grapheme_width("\xcc\x81", 2), 0);
	/* A cluster of several spacing characters measures as drawn, its
	 * parts side by side: the family is two women and a girl, 2 cells
	 * each (East Asian Wide), the joiners nothing: 3 x 2 = 6. A flag is
	 * its two regional indicators, 1 cell each (utf8proc, like glibc's
	 * wcwidth, gives them 1): 2. */
	assert_int_equal(stet_grapheme_width(FAMILY, len_of(FAMILY)), 6);
	assert_int_equal(stet_grapheme_width(FLAG_FR, 8), 2);
	assert_int_equal(stet_grapheme_width(HEART, 3), 1);
	assert_int_equal(stet_grapheme_width(HEART VS16, 6), 2);
	/* U+270C is 1 cell (text by default), the skin tone 2 (Wide): 3. */
	assert_int_equal(stet_grapheme_width(VICTORY SKIN3, 7), 3);
	assert_int_equal(stet_grapheme_width(WOMAN SKIN3, 8), 4);
	assert_int_equal(stet_grapheme_width("#" VS16 "\xe2\x83\xa3", 7), 2);
	assert_int_equal(stet_grapheme_width("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8",
					     9),
			 2);
	/* A zero-width prepended mark (U+0600) takes its width from what
	 * follows. */
	assert_int_equal(stet_grapheme_len("\xd8\x80" ZHONG, 5), 5);
	assert_int_equal(stet_grapheme_width("\xd8\x80" ZHONG, 5), 2);
	assert_int_equal(stet_grapheme_width("\xd8\x80" "1", 3), 1);
	/* Controls and bad bytes measure as their escapes. */
	assert_int_equal(stet_grapheme_width("\x1b", 1), 4);
	assert_int_equal(stet_grapheme_width("\t", 1), 2);
	assert_int_equal(stet_grapheme_width("\r\n", 2), 4);
	assert_int_equal(stet_grapheme_width(RLO, 3), 8);
	assert_int_equal(stet_grapheme_width("\xff", 1), 4);
}

/* part_at: the part of cluster s at byte off, checked against what
 * one terminal cell must get. */
static size_t part_at(const char *s, size_t off, size_t want_len,
		      size_t want_drawn, int want_width)
{
	size_t n = len_of(s), drawn = 99;
	int width = 99;
	size_t len = stet_grapheme_part(s + off, n - off, &drawn, &width);

	assert_int_equal(len, want_len);
	assert_int_equal(drawn, want_drawn);
	assert_int_equal(width, want_width);
	return off + len;
}

static void grapheme_parts(void **state)
{
	size_t off;

	(void)state;
	/* The family: each person with the joiner after it, which is not
	 * sent (4 bytes of emoji, 3 of joiner), then the girl. */
	off = part_at(FAMILY, 0, 7, 4, 2);
	off = part_at(FAMILY, off, 7, 4, 2);
	off = part_at(FAMILY, off, 4, 4, 2);
	assert_int_equal(off, len_of(FAMILY));
	/* A flag: its two letters, one cell each. */
	off = part_at(FLAG_FR, 0, 4, 4, 1);
	off = part_at(FLAG_FR, off, 4, 4, 1);
	assert_int_equal(off, 8);
	/* A skin tone is a part of its own. */
	off = part_at(WOMAN SKIN3, 0, 4, 4, 2);
	assert_int_equal(part_at(WOMAN SKIN3, off, 4, 4, 2), 8);
	/* What one cell holds stays one part: marks, VS16, a keycap. */
	assert_int_equal(part_at(E_ACUTE_NFD, 0, 3, 3, 1), 3);
	assert_int_equal(part_at(HEART VS16, 0, 6, 6, 2), 6);
	assert_int_equal(part_at("#" VS16 "\xe2\x83\xa3", 0, 7, 7, 2), 7);
	assert_int_equal(part_at("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8",
				 0, 9, 9, 2),
			 9);
	/* A control is one part, its escape's width. */
	assert_int_equal(part_at("\x1b", 0, 1, 1, 4), 1);
}

static void text_widths(void **state)
{
	static const char *samples[] = {
		"",
		"ascii",
		ZHONG ZHONG "abc",
		E_ACUTE_NFD E_ACUTE_NFD,
		"\x1b[31mred\x1b[0m\r\n\tend\x7f",
		"\xc2\x9b" RLO "\xe2\x80\xa8\xe2\x81\xa6 x\xff\xe2\x82",
		FAMILY FLAG_FR "a" HEART VS16,
	};
	struct stet_buf out;

	(void)state;
	assert_int_equal(stet_text_width("ascii", 5), 5);
	assert_int_equal(stet_text_width(ZHONG ZHONG "abc", 9), 7);
	assert_int_equal(stet_text_width(E_ACUTE_NFD E_ACUTE_NFD, 6), 2);
	/* 6 (the family's three people) + 2 (the flag's two letters) + 1 */
	assert_int_equal(stet_text_width(FAMILY FLAG_FR "a",
					 len_of(FAMILY FLAG_FR "a")),
			 9);
	assert_int_equal(stet_text_width("\x1b[31m", 5), 8);
	/* A spacing mark (U+0E33, one cell alone) after ESC rides on the "b"
	 * of "\x1b", as it will once escaped, instead of taking a cell. */
	assert_int_equal(stet_text_width("\xe0\xb8\xb3", 3), 1);
	assert_int_equal(stet_text_width("a\xe0\xb8\xb3", 4), 1);
	assert_int_equal(stet_text_width("\x1b\xe0\xb8\xb3", 4), 4);

	/* Measuring raw text must agree with measuring its escape. */
	stet_buf_init(&out);
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		size_t n = len_of(samples[i]);

		escape_str(samples[i], n, 0, false, &out);
		assert_int_equal(stet_text_width(samples[i], n),
				 stet_text_width(out.data, out.len));
	}
	stet_buf_free(&out);
}

static void escape_ansi_and_osc(void **state)
{
	const char csi[] = "\x1b[31mred\x1b[0m";
	const char osc[] = "\x1b]0;pwned\x07 after";
	struct stet_buf out;

	(void)state;
	stet_buf_init(&out);
	escape_str(csi, sizeof csi - 1, 4, true, &out);
	assert_string_equal(out.data, "\\x1b[31mred\\x1b[0m");
	assert_terminal_safe(out.data, out.len, true);

	escape_str(osc, sizeof osc - 1, 4, false, &out);
	assert_string_equal(out.data, "\\x1b]0;pwned\\x07 after");
	assert_terminal_safe(out.data, out.len, false);
	stet_buf_free(&out);
}

static void escape_forms(void **state)
{
	static const struct {
		const char *in;
		size_t n;
		const char *want;
	} cases[] = {
		{"a\rb", 3, "a\\rb"},
		{"\0", 1, "\\x00"},
		{"\x01\x1f", 2, "\\x01\\x1f"},
		{"del\x7f", 4, "del\\x7f"},
		{"\xc2\x9b" "2J", 4, "\\x9b2J"},	/* C1 CSI */
		{"\xc2\x85", 2, "\\x85"},		/* NEL */
		{"x" RLO "y", 5, "x\\u{202e}y"},
		{"\xe2\x80\xaa\xe2\x80\xac", 6, "\\u{202a}\\u{202c}"},
		{"\xe2\x80\xa8\xe2\x80\xa9", 6, "\\u{2028}\\u{2029}"},
		{"\xe2\x81\xa6\xe2\x81\xa9", 6, "\\u{2066}\\u{2069}"},
		{"\xff" "a", 2, "\\xffa"},
		{"\xe2\x82" "a", 3, "\\xe2\\x82a"},
		{"\xed\xa0\x80", 3, "\\xed\\xa0\\x80"},
		{"caf" E_ACUTE_NFC " " ZHONG " back\\slash", 20,
		 "caf" E_ACUTE_NFC " " ZHONG " back\\slash"},
		/* Format characters that cannot move the cursor are kept. */
		{"\xe2\x80\x8b", 3, "\xe2\x80\x8b"},
	};
	struct stet_buf out;

	(void)state;
	stet_buf_init(&out);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		escape_str(cases[i].in, cases[i].n, 8, true, &out);
		assert_int_equal(out.len, len_of(cases[i].want));
		assert_memory_equal(out.data, cases[i].want, out.len);
		assert_terminal_safe(out.data, out.len, true);
	}
	stet_buf_free(&out);
}

static void escape_tabs_and_newlines(void **state)
{
	struct stet_buf out;

	(void)state;
	stet_buf_init(&out);
	escape_str("a\tb\nc\r\n", 7, 4, true, &out);
	assert_string_equal(out.data, "a    b\nc\\r\n");
	escape_str("a\tb\nc\r\n", 7, 0, false, &out);
	assert_string_equal(out.data, "a\\tb\\nc\\r\\n");
	escape_str("\t", 1, -3, false, &out);
	assert_string_equal(out.data, "\\t");
	escape_str("\t\t", 2, 1, false, &out);
	assert_string_equal(out.data, "  ");

	/* Appends rather than replaces. */
	stet_buf_reset(&out);
	stet_buf_adds(&out, ">");
	stet_text_escape("\x1b", 1, 0, false, &out);
	assert_string_equal(out.data, ">\\x1b");
	stet_buf_free(&out);
}

static void escape_hostile_corpus(void **state)
{
	unsigned char all[256 + 64];
	size_t n = 0;
	struct stet_buf out;

	(void)state;
	for (int c = 0; c < 256; c++)
		all[n++] = (unsigned char)c;
	/* Every C1 control, properly encoded. */
	for (int c = 0x80; c < 0xa0; c++) {
		all[n++] = 0xc2;
		all[n++] = (unsigned char)c;
	}
	stet_buf_init(&out);
	stet_text_escape((const char *)all, n, 4, true, &out);
	assert_terminal_safe(out.data, out.len, true);
	stet_buf_reset(&out);
	stet_text_escape((const char *)all, n, 0, false, &out);
	assert_terminal_safe(out.data, out.len, false);
	assert_null(memchr(out.data, '\n', out.len));
	stet_buf_free(&out);
}

static void crop_respects_graphemes(void **state)
{
	size_t used = 99;

	(void)state;
	assert_int_equal(stet_text_crop("abc", 3, 2, &used), 2);
	assert_int_equal(used, 2);
	assert_int_equal(stet_text_crop("abc", 3, 10, &used), 3);
	assert_int_equal(used, 3);
	assert_int_equal(stet_text_crop("abc", 3, 0, &used), 0);
	assert_int_equal(used, 0);
	/* A wide character that would straddle the edge is left out. */
	assert_int_equal(stet_text_crop("a" ZHONG "b", 5, 2, &used), 1);
	assert_int_equal(used, 1);
	assert_int_equal(stet_text_crop("a" ZHONG "b", 5, 3, &used), 3);
	assert_int_equal(used, 4);
	/* The combining mark goes with its base. */
	assert_int_equal(stet_text_crop(E_ACUTE_NFD "x", 4, 1, &used), 1);
	assert_int_equal(used, 3);
	assert_int_equal(stet_text_crop(FAMILY, len_of(FAMILY), 1, &used), 0);
	assert_int_equal(used, 0);
	/* The family takes 6 cells: 5 are too few, 7 hold it and the z. */
	assert_int_equal(stet_text_crop(FAMILY "z", len_of(FAMILY) + 1, 5,
					&used),
			 0);
	assert_int_equal(used, 0);
	assert_int_equal(stet_text_crop(FAMILY "z", len_of(FAMILY) + 1, 7,
					&used),
			 7);
	assert_int_equal(used, len_of(FAMILY) + 1);
	assert_int_equal(stet_text_crop(FLAG_FR FLAG_DE, 16, 3, &used), 2);
	assert_int_equal(used, 8);
	assert_int_equal(stet_text_crop("ab", 2, 1, NULL), 1);
}

#define MAX_LINES 64

struct lines {
	struct stet_line line[MAX_LINES];
	size_t n;
	size_t stop_after; /* 0: never stop */
};

static int collect(void *ctx, const struct stet_line *line)
{
	struct lines *l = ctx;

	assert_true(l->n < MAX_LINES);
	l->line[l->n++] = *line;
	return l->stop_after != 0 && l->n >= l->stop_after;
}

/* Wraps s and checks the lines against want, a list of lines ended by
 * NULL; the widths are checked against a fresh measurement. */
static void check_wrap(const char *s, size_t cols, const char *const *want)
{
	struct lines got = {.n = 0};
	size_t n = len_of(s), count, expect = 0;

	count = stet_text_wrap(s, n, cols, collect, &got);
	while (want[expect] != NULL)
		expect++;
	assert_int_equal(count, got.n);
	assert_int_equal(got.n, expect);
	for (size_t i = 0; i < got.n; i++) {
		const struct stet_line *l = &got.line[i];

		assert_true(l->off + l->len <= n);
		assert_int_equal(l->len, len_of(want[i]));
		assert_memory_equal(s + l->off, want[i], l->len);
		assert_int_equal(l->width, stet_text_width(s + l->off, l->len));
	}
}

static void wrap_breaks_at_spaces(void **state)
{
	(void)state;
	check_wrap("hello world", 5, (const char *const[]){"hello", "world",
							   NULL});
	check_wrap("hello world", 8, (const char *const[]){"hello", "world",
							   NULL});
	check_wrap("hello world", 11, (const char *const[]){"hello world",
							    NULL});
	check_wrap("aa bb cc", 5, (const char *const[]){"aa bb", "cc", NULL});
	/* The whole run of spaces at a break disappears. */
	check_wrap("aa   bb", 4, (const char *const[]){"aa", "bb", NULL});
	check_wrap("aaa   bbb", 5, (const char *const[]){"aaa", "bbb", NULL});
	check_wrap("aaa ", 3, (const char *const[]){"aaa", NULL});
	/* Indentation is kept rather than becoming an empty line. */
	check_wrap("  abcdef", 4, (const char *const[]){"  ab", "cdef", NULL});
}

static void wrap_splits_long_words(void **state)
{
	(void)state;
	check_wrap("abcdefghij", 4, (const char *const[]){"abcd", "efgh", "ij",
							  NULL});
	check_wrap("ab abcdefghij", 4,
		   (const char *const[]){"ab", "abcd", "efgh", "ij", NULL});
	/* Split between graphemes, never inside one. */
	check_wrap(E_ACUTE_NFD E_ACUTE_NFD E_ACUTE_NFD, 2,
		   (const char *const[]){E_ACUTE_NFD E_ACUTE_NFD, E_ACUTE_NFD,
					 NULL});
	/* The family is 6 cells (three people of 2): two do not fit in 7. */
	check_wrap(FAMILY FAMILY "ab", 7,
		   (const char *const[]){FAMILY, FAMILY "a", "b", NULL});
	/* In fewer cells than it takes, it has a line of its own. */
	check_wrap(FAMILY "ab", 3,
		   (const char *const[]){FAMILY, "ab", NULL});
}

static void wrap_wide_characters(void **state)
{
	(void)state;
	check_wrap(ZHONG ZHONG ZHONG ZHONG, 3,
		   (const char *const[]){ZHONG, ZHONG, ZHONG, ZHONG, NULL});
	check_wrap(ZHONG ZHONG ZHONG ZHONG, 4,
		   (const char *const[]){ZHONG ZHONG, ZHONG ZHONG, NULL});
	check_wrap("a" ZHONG, 2, (const char *const[]){"a", ZHONG, NULL});
	/* Too wide for any line: it gets one of its own. */
	check_wrap(ZHONG "a", 1, (const char *const[]){ZHONG, "a", NULL});
	/* cols 0 behaves as 1 and terminates. */
	check_wrap("ab", 0, (const char *const[]){"a", "b", NULL});
}

static void wrap_newlines(void **state)
{
	(void)state;
	check_wrap("a\n\nb", 10, (const char *const[]){"a", "", "b", NULL});
	check_wrap("a\n", 10, (const char *const[]){"a", NULL});
	check_wrap("a\n\n", 10, (const char *const[]){"a", "", NULL});
	check_wrap("\n", 10, (const char *const[]){"", NULL});
	check_wrap("", 10, (const char *const[]){"", NULL});
	check_wrap("abc\ndefgh", 3,
		   (const char *const[]){"abc", "def", "gh", NULL});
	/* A soft break right before a newline does not add a blank line. */
	check_wrap("abc \nd", 3, (const char *const[]){"abc", "d", NULL});
	check_wrap("abc \n\nd", 3, (const char *const[]){"abc", "", "d", NULL});
}

static void wrap_lines_fit_and_cover(void **state)
{
	const char *text = "The quick " ZHONG ZHONG " fox " FAMILY
			   " jumped over\n\nthe lazy " E_ACUTE_NFD "t"
			   E_ACUTE_NFD " dog, supercalifragilistic " FLAG_FR
			   FLAG_DE "  end  ";
	size_t n = len_of(text);

	(void)state;
	/* From 6 cells, the widest grapheme's (the family: three people
	 * of 2), every line fits. */
	for (size_t cols = 6; cols <= 40; cols++) {
		struct lines got = {.n = 0};
		size_t pos = 0;
		size_t count = stet_text_wrap(text, n, cols, collect, &got);

		assert_int_equal(count, got.n);
		assert_true(count > 1);
		for (size_t i = 0; i < got.n; i++) {
			const struct stet_line *l = &got.line[i];

			assert_true(l->width <= cols);
			assert_int_equal(l->width,
					 stet_text_width(text + l->off, l->len));
			/* Lines come in order and only spaces and newlines
			 * fall between them. */
			assert_true(l->off >= pos);
			for (size_t j = pos; j < l->off; j++)
				assert_true(text[j] == ' ' || text[j] == '\n');
			/* Each line ends on a grapheme boundary. */
			assert_int_equal(stet_text_crop(text + l->off, l->len,
							l->width, NULL),
					 l->width);
			pos = l->off + l->len;
			if (l->len > 0)
				assert_true(text[l->off] != ' ' || i == 0 ||
					    text[l->off - 1] == '\n');
		}
		assert_true(pos <= n);
		for (size_t j = pos; j < n; j++)
			assert_true(text[j] == ' ' || text[j] == '\n');
	}
}

static void wrap_stops_when_asked(void **state)
{
	struct lines got = {.n = 0, .stop_after = 2};
	size_t count;

	(void)state;
	count = stet_text_wrap("a b c d", 7, 1, collect, &got);
	assert_int_equal(count, 2);
	assert_int_equal(got.n, 2);
	/* Without a callback it only counts. */
	assert_int_equal(stet_text_wrap("a b c d", 7, 1, NULL, NULL), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_utf8_is_accepted),
		cmocka_unit_test(invalid_utf8_reports_first_bad_byte),
		cmocka_unit_test(nfc_composes),
		cmocka_unit_test(nfc_keeps_ascii_and_appends),
		cmocka_unit_test(nfc_rejects_invalid),
		cmocka_unit_test(fold_cases_and_composes),
		cmocka_unit_test(grapheme_lengths),
		cmocka_unit_test(grapheme_widths),
		cmocka_unit_test(grapheme_parts),
		cmocka_unit_test(text_widths),
		cmocka_unit_test(escape_ansi_and_osc),
		cmocka_unit_test(escape_forms),
		cmocka_unit_test(escape_tabs_and_newlines),
		cmocka_unit_test(escape_hostile_corpus),
		cmocka_unit_test(crop_respects_graphemes),
		cmocka_unit_test(wrap_breaks_at_spaces),
		cmocka_unit_test(wrap_splits_long_words),
		cmocka_unit_test(wrap_wide_characters),
		cmocka_unit_test(wrap_newlines),
		cmocka_unit_test(wrap_lines_fit_and_cover),
		cmocka_unit_test(wrap_stops_when_asked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
