/* Text: UTF-8 validation, NFC, graphemes, display width, wrapping, and
 * making control characters visible. The only module that includes
 * <utf8proc.h>. Widths are terminal cells. */
#ifndef STET_TEXT_H
#define STET_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/buf.h"
#include "stet/error.h"

/* Returns true when s[0..n) is valid UTF-8 (no overlongs, surrogates or
 * code points past U+10FFFF). Otherwise *bad is the offset of the first
 * byte of the first invalid sequence. NUL bytes are valid UTF-8 here. */
bool stet_utf8_valid(const char *s, size_t n, size_t *bad);

/* Appends the NFC form of valid UTF-8 s[0..n) to out. ASCII is copied
 * as it is. Returns STET_ERR with a message on invalid input. */
int stet_text_nfc(const char *s, size_t n, struct stet_buf *out,
		  struct stet_error *err);

/* Length in bytes of the grapheme cluster starting at s (s < s+n),
 * following extended grapheme cluster rules (emoji ZWJ sequences,
 * regional indicator pairs, combining marks). At least 1. Invalid bytes
 * form a cluster of one byte. */
size_t stet_grapheme_len(const char *s, size_t n);

/* Display width of one grapheme cluster as stet draws it: the sum of
 * its parts (stet_grapheme_part), so 0, 1 or 2 cells for most, and
 * more for a cluster of several spacing characters (a ZWJ family of
 * three is 6, a flag 2, a hand with a skin tone 3 or 4). Control
 * characters measure as the width of their visible escape (see
 * stet_text_escape). */
int stet_grapheme_width(const char *s, size_t n);

/* The first part of the grapheme cluster s[0..n) (n as
 * stet_grapheme_len gives it, or the rest of a cluster after earlier
 * parts): what one terminal cell shows, a spacing character and the
 * zero-width marks that ride on it. A cluster of several spacing
 * characters (an emoji ZWJ sequence, a flag, a skin tone) has one part
 * each; anything else is one part. Returns the part's length in bytes;
 * *drawn is how many of them to send to the terminal (a zero width
 * joiner that ends the part is left out, so that the terminal does not
 * join the parts into one glyph the layout did not count) and *width
 * its cells (0, 1 or 2). The widths of a cluster's parts add up to its
 * stet_grapheme_width. */
size_t stet_grapheme_part(const char *s, size_t n, size_t *drawn,
			  int *width);

/* Display width of a whole string, grapheme by grapheme, with control
 * characters counted as the width of their escapes. */
size_t stet_text_width(const char *s, size_t n);

/* Appends s[0..n) to out with every control character (C0, DEL, C1,
 * and the escape of any escape sequence) replaced by a visible escape:
 * ESC becomes "\x1b", CR "\r", other C0/C1 "\xNN"; TAB becomes
 * tab_spaces spaces (0: "\t"); LF is kept when keep_newline, else "\n".
 * Invalid UTF-8 bytes become "\xNN". The result is safe to send to a
 * terminal. */
void stet_text_escape(const char *s, size_t n, int tab_spaces,
		      bool keep_newline, struct stet_buf *out);

/* The first code point of valid UTF-8 s[0..n) that stet_text_escape
 * would make visible, or that is white space (Unicode Zs, Zl or Zp):
 * *at is its byte offset and *cp the code point. False when there is
 * none: the text prints as it is and as one word. */
bool stet_text_find_unprintable(const char *s, size_t n, size_t *at,
				unsigned *cp);

/* Finds the longest prefix of s[0..n) that fits in `cols` cells
 * without splitting a grapheme; returns its width and sets *used to the
 * bytes consumed. s must already be escaped (no controls). */
size_t stet_text_crop(const char *s, size_t n, size_t cols, size_t *used);

/* One line of wrapped text: bytes [off, off+len) of the input. */
struct stet_line {
	size_t off;
	size_t len;
	size_t width;
};

/* Wraps escaped s[0..n) into lines of at most `cols` cells, breaking at
 * spaces where it can and between graphemes where it must; LF ends a
 * line. Calls fn for each line in order; fn returns non-zero to stop.
 * Returns the number of lines produced (up to the stop). */
size_t stet_text_wrap(const char *s, size_t n, size_t cols,
		      int (*fn)(void *ctx, const struct stet_line *line),
		      void *ctx);

/* Case folds valid UTF-8 s[0..n) for comparison, not display: Unicode
 * full case folding as utf8proc's UTF8PROC_CASEFOLD does it (so "ß"
 * and "ẞ" become "ss", final "ς" becomes "σ", "ﬁ" becomes "fi"), the
 * result in NFC, so that NFD and NFC spellings fold alike. The code
 * points are appended to (*cps)[*ncps..], growing the array (*cap
 * elements; realloc'd, the caller frees it). Invalid UTF-8 is
 * STET_ERR with the offset of the first bad byte. */
int stet_text_fold(const char *s, size_t n, uint32_t **cps, size_t *ncps,
		   size_t *cap, struct stet_error *err);

/* What a code point is to a tokenizer: part of a word (a letter, mark
 * or number: Unicode general categories L, M and N), white space (Zs,
 * Zl, Zp, and TAB, LF, VT, FF, CR), or anything else. */
enum stet_cp_kind { STET_CP_OTHER = 0, STET_CP_WORD = 1, STET_CP_SPACE = 2 };
enum stet_cp_kind stet_text_cp_kind(uint32_t cp);

/* A walk over valid UTF-8, one code point at a time, that says where
 * extended grapheme clusters begin (UAX #29, as stet_grapheme_len
 * draws them): offsets and selections stop only there. */
struct stet_cp_walk {
	const char *s;
	size_t n, off;
	int32_t prev, state;
};
void stet_cp_walk_init(struct stet_cp_walk *w, const char *s, size_t n);
/* The next code point: *cp, its first byte *at and byte length *len,
 * and whether a grapheme cluster begins with it (the first always
 * does). Returns 1 for a code point, 0 at the end, and -1 at an
 * invalid byte (*at its offset; the walk stays there). */
int stet_cp_walk_next(struct stet_cp_walk *w, uint32_t *cp, size_t *at,
		      size_t *len, bool *boundary);

/* The NFC form of s[0..n) (appended to nfc, exactly as stet_text_nfc
 * gives it) and where each code point boundary of s lands in it:
 * *map (malloc'd, the caller frees it) has *ncp + 1 entries, *ncp the
 * code points of s; (*map)[i] is the NFC code point offset of the
 * boundary before code point i of s (of the end for i == *ncp), or
 * UINT32_MAX when NFC joins or reorders the characters on either side
 * of it, so that no offset in the NFC text stands for it. Exact: the
 * map is built over the stretches NFC changes, each checked against
 * the NFC of the whole. STET_ERR on invalid UTF-8 or a text of 2^32
 * code points or more. */
int stet_text_nfc_map(const char *s, size_t n, struct stet_buf *nfc,
		      uint32_t **map, size_t *ncp, struct stet_error *err);

#endif
