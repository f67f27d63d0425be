/* Right-to-left text on the screen: the Unicode Bidirectional
 * Algorithm (UAX #9) by GNU FriBidi, the only module that includes it.
 *
 * A screen lays text out in logical order (the order it is stored in,
 * and the order a cursor walks) and wraps it into lines; for each line
 * it asks here in which order the line's graphemes are drawn from left
 * to right and at which embedding level each stands (odd: right to
 * left). A grapheme is never split: its code points go together, at
 * the level of its first one. Closing and opening brackets in a
 * right-to-left run are drawn mirrored (rule L4), as "(" for ")".
 *
 * Arabic letters are drawn in their nominal forms: joining them is the
 * terminal's work, as it is for every program that writes text to it. */
#ifndef STET_BIDI_H
#define STET_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"

/* A paragraph's base direction. AUTO: that of its first strong
 * character (rules P2 and P3), left to right when it has none. */
enum stet_bidi_dir {
	STET_BIDI_AUTO = 0,
	STET_BIDI_LTR = 1,
	STET_BIDI_RTL = 2
};

/* One line reordered by stet_bidi_line. The arrays are owned and grow
 * as lines need them; each call replaces what the last one left. */
struct stet_bidi {
	size_t n;         /* the line's graphemes, in logical order */
	size_t *offset;   /* n + 1 entries: byte offset of grapheme g in
			   * the line; offset[n] is its length */
	size_t *visual;   /* n entries: visual[v] is the grapheme drawn
			   * v-th from the left */
	uint8_t *level;   /* n entries: embedding level of grapheme g */
	uint32_t *mirror; /* n entries: the code point to draw for
			   * grapheme g instead (a mirrored bracket), or 0 */
	bool rtl;         /* the base direction used was right to left */
	bool reordered;   /* visual is not 0, 1, ..., n - 1 */
	size_t cap;       /* graphemes the arrays hold */
	/* Code points of the line, and FriBidi's work arrays. */
	uint32_t *cps;
	size_t ncps, capcps;
	void *types, *brackets, *levels;
};

void stet_bidi_init(struct stet_bidi *b);
void stet_bidi_free(struct stet_bidi *b);

/* The base direction of valid UTF-8 s[0..len): that of its first
 * strong character, or STET_BIDI_AUTO when it has none. A screen asks
 * this of a whole paragraph once, so that every line wrapped from it
 * shares the paragraph's direction. */
enum stet_bidi_dir stet_bidi_direction(const char *s, size_t len);

/* Reorders the line s[0..len) of valid UTF-8 (escaped text: no
 * controls, no line breaks) for display, in the base direction dir.
 * Fails only when FriBidi does (for want of memory), with a message. */
int stet_bidi_line(struct stet_bidi *b, const char *s, size_t len,
		   enum stet_bidi_dir dir, struct stet_error *err);

#endif
