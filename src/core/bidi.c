/* The bidirectional algorithm by GNU FriBidi, on graphemes. FriBidi
 * resolves the levels of the line's code points (rules P2 to I2 and L1);
 * the reordering (L2) and mirroring (L4) are done here on whole
 * graphemes, so that a base and its marks, or the parts of an emoji
 * sequence, are never torn apart or reversed among themselves. */
#include <fribidi.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "stet/bidi.h"
#include "stet/text.h"

void stet_bidi_init(struct stet_bidi *b)
{
	memset(b, 0, sizeof *b);
}

void stet_bidi_free(struct stet_bidi *b)
{
	free(b->offset);
	free(b->visual);
	free(b->level);
	free(b->mirror);
	free(b->cps);
	free(b->types);
	free(b->brackets);
	free(b->levels);
	stet_bidi_init(b);
}

static void grow_graphemes(struct stet_bidi *b, size_t n)
{
	if (n <= b->cap)
		return;
	b->cap = n < 64 ? 64 : n;
	b->offset = stet_xrealloc(b->offset, (b->cap + 1) * sizeof *b->offset);
	b->visual = stet_xrealloc(b->visual, b->cap * sizeof *b->visual);
	b->level = stet_xrealloc(b->level, b->cap * sizeof *b->level);
	b->mirror = stet_xrealloc(b->mirror, b->cap * sizeof *b->mirror);
}

static void grow_cps(struct stet_bidi *b, size_t n)
{
	if (n <= b->capcps)
		return;
	b->capcps = n < 64 ? 64 : n;
	b->cps = stet_xrealloc(b->cps, b->capcps * sizeof(FriBidiChar));
	b->types = stet_xrealloc(b->types, b->capcps * sizeof(FriBidiCharType));
	b->brackets = stet_xrealloc(b->brackets,
				    b->capcps * sizeof(FriBidiBracketType));
	b->levels = stet_xrealloc(b->levels, b->capcps * sizeof(FriBidiLevel));
}

/* The code points of s[0..len), and each grapheme's first one in
 * first[]: b->offset is filled with the graphemes' byte offsets, and
 * first (reusing b->visual, free until reordering) with code point
 * indexes. UTF-8 is decoded by hand: the text is valid, and text.c
 * keeps utf8proc to itself. */
static void decode(struct stet_bidi *b, const char *s, size_t len)
{
	size_t g = 0, pos = 0;

	b->ncps = 0;
	while (pos < len) {
		size_t gl = stet_grapheme_len(s + pos, len - pos);

		grow_graphemes(b, g + 1);
		grow_cps(b, b->ncps + gl);
		b->offset[g] = pos;
		b->visual[g] = b->ncps;
		for (size_t i = pos; i < pos + gl;) {
			unsigned char c = (unsigned char)s[i];
			size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
			uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1f :
				n == 3 ? c & 0x0f : c & 0x07;

			if (i + n > pos + gl)
				n = pos + gl - i;
			for (size_t k = 1; k < n; k++)
				cp = cp << 6 | ((unsigned char)s[i + k] & 0x3f);
			((FriBidiChar *)b->cps)[b->ncps++] = cp;
			i += n;
		}
		pos += gl;
		g++;
	}
	grow_graphemes(b, g + 1);
	b->offset[g] = len;
	b->n = g;
}

/* Whether the code points hold nothing that could be drawn right to
 * left in a left-to-right paragraph: then the order is the logical
 * one, without asking FriBidi. Latin-1 has no character of a
 * right-to-left or explicit type. */
static bool plain(const struct stet_bidi *b)
{
	const FriBidiChar *c = (const FriBidiChar *)b->cps;

	for (size_t i = 0; i < b->ncps; i++)
		if (c[i] > 0xff)
			return false;
	return true;
}

enum stet_bidi_dir stet_bidi_direction(const char *s, size_t len)
{
	struct stet_bidi b;
	FriBidiParType d;

	stet_bidi_init(&b);
	decode(&b, s, len);
	if (b.ncps == 0) {
		stet_bidi_free(&b);
		return STET_BIDI_AUTO;
	}
	fribidi_get_bidi_types(b.cps, (FriBidiStrIndex)b.ncps, b.types);
	d = fribidi_get_par_direction(b.types, (FriBidiStrIndex)b.ncps);
	stet_bidi_free(&b);
	return d == FRIBIDI_PAR_RTL ? STET_BIDI_RTL :
		d == FRIBIDI_PAR_LTR ? STET_BIDI_LTR : STET_BIDI_AUTO;
}

/* Rule L2 on graphemes: from the highest level down to the lowest odd
 * one, every run of graphemes at that level or above is reversed. */
static void reorder(struct stet_bidi *b)
{
	uint8_t hi = 0, lo = UINT8_MAX;

	for (size_t g = 0; g < b->n; g++) {
		b->visual[g] = g;
		if (b->level[g] > hi)
			hi = b->level[g];
		if (b->level[g] < lo)
			lo = b->level[g];
	}
	if (lo % 2 == 0)
		lo++;
	b->reordered = false;
	for (unsigned lv = hi; lv >= lo && lv > 0; lv--) {
		size_t v = 0;

		while (v < b->n) {
			size_t end;

			if (b->level[b->visual[v]] < lv) {
				v++;
				continue;
			}
			for (end = v; end < b->n && b->level[b->visual[end]] >= lv;
			     end++)
				;
			for (size_t i = v, j = end - 1; i < j; i++, j--) {
				size_t t = b->visual[i];

				b->visual[i] = b->visual[j];
				b->visual[j] = t;
			}
			if (end - v > 1)
				b->reordered = true;
			v = end;
		}
	}
}

int stet_bidi_line(struct stet_bidi *b, const char *s, size_t len,
		   enum stet_bidi_dir dir, struct stet_error *err)
{
	FriBidiParType base;
	FriBidiLevel *lv;
	const FriBidiChar *c;

	decode(b, s, len);
	if (b->ncps > INT_MAX)
		return stet_error_set(err, STET_ERR,
				      "bidi: a line of %zu code points is too long",
				      b->ncps);
	if (dir == STET_BIDI_AUTO)
		dir = plain(b) ? STET_BIDI_LTR : stet_bidi_direction(s, len);
	b->rtl = dir == STET_BIDI_RTL;
	if (!b->rtl && plain(b)) {
		for (size_t g = 0; g < b->n; g++) {
			b->visual[g] = g;
			b->level[g] = 0;
			b->mirror[g] = 0;
		}
		b->reordered = false;
		return STET_OK;
	}
	base = b->rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	fribidi_get_bidi_types(b->cps, (FriBidiStrIndex)b->ncps, b->types);
	fribidi_get_bracket_types(b->cps, (FriBidiStrIndex)b->ncps, b->types,
				  b->brackets);
	lv = b->levels;
	if (b->ncps > 0 &&
	    fribidi_get_par_embedding_levels_ex(b->types, b->brackets,
						(FriBidiStrIndex)b->ncps,
						&base, lv) == 0)
		return stet_error_set(err, STET_ERR,
				      "bidi: FriBidi could not resolve the levels of a line of %zu code points",
				      b->ncps);
	/* Only for rule L1's trailing white space: no string or map is
	 * given, so FriBidi reorders nothing. */
	if (b->ncps > 0 &&
	    fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT, b->types,
				 (FriBidiStrIndex)b->ncps, 0, base, lv, NULL,
				 NULL) == 0)
		return stet_error_set(err, STET_ERR,
				      "bidi: FriBidi could not reorder a line of %zu code points",
				      b->ncps);
	c = (const FriBidiChar *)b->cps;
	for (size_t g = 0; g < b->n; g++) {
		size_t first = b->visual[g];
		size_t next = g + 1 < b->n ? b->visual[g + 1] : b->ncps;
		FriBidiChar m;

		b->level[g] = (uint8_t)lv[first];
		/* A bracket with marks on it stays as it is: its mirror
		 * would have to carry them. */
		b->mirror[g] = FRIBIDI_LEVEL_IS_RTL(lv[first]) &&
			next == first + 1 &&
			fribidi_get_mirror_char(c[first], &m) ? m : 0;
	}
	reorder(b);
	return STET_OK;
}
