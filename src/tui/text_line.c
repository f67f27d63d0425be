/* A line of item text on the screen in display order: the graphemes of
 * a line laid out in stored order are drawn where the bidirectional
 * algorithm puts them (stet/bidi.h), each at the columns its width
 * takes, so that right-to-left runs read as they should while every
 * caller keeps working in stored order. */
#include <string.h>

#include "tui.h"
#include "stet/text.h"

/* The UTF-8 of code point cp into out (at least 4 bytes): mirrored
 * brackets are all below U+10000, but any code point is written. */
static size_t utf8_of(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int term_line_width(const char *s, const struct stet_bidi *b)
{
	int w = 0;

	for (size_t g = 0; g < b->n; g++)
		w += stet_grapheme_width(s + b->offset[g],
					 b->offset[g + 1] - b->offset[g]);
	return w;
}

void term_line_columns(int x, int cols, const char *s,
		       const struct stet_bidi *b, int *xs)
{
	int used = 0, width = term_line_width(s, b);

	/* A right-to-left paragraph reads from the right edge. */
	if (b->rtl && width < cols)
		used = cols - width;
	for (size_t v = 0; v < b->n; v++) {
		size_t g = b->visual[v];
		int w = stet_grapheme_width(s + b->offset[g],
					    b->offset[g + 1] - b->offset[g]);

		/* Only a wrapped line wider than cols has cells past the
		 * edge: they are cut, never drawn beyond it. */
		if (used >= 0 && used + w > cols)
			used = -1;
		xs[g] = used < 0 ? -1 : x + used;
		if (used >= 0)
			used += w;
	}
}

int term_put_line(int y, int x, int cols, const char *s,
		  const struct stet_bidi *b,
		  attr_t (*attr)(void *ctx, size_t g), void *ctx, int *xs)
{
	int end = x;

	term_line_columns(x, cols, s, b, xs);
	for (size_t v = 0; v < b->n; v++) {
		size_t g = b->visual[v];
		const char *p = s + b->offset[g];
		size_t len = b->offset[g + 1] - b->offset[g];
		int w = stet_grapheme_width(p, len);
		attr_t a;
		char mirror[4];

		if (xs[g] < 0)
			break;
		a = attr(ctx, g);
		if (b->mirror[g] != 0)
			term_put(y, xs[g], w, mirror,
				 utf8_of(b->mirror[g], mirror), a);
		else
			term_put(y, xs[g], w, p, len, a);
		end = xs[g] + w;
	}
	return end - x;
}

static attr_t one_attr(void *ctx, size_t g)
{
	(void)g;
	return *(const attr_t *)ctx;
}

int term_put_text(int y, int x, int cols, const char *s, size_t n, attr_t a)
{
	/* The terminal layer runs on one thread; these grow and stay. */
	static struct stet_bidi b;
	static int *xs;
	static size_t capxs;
	static struct stet_buf shown;
	struct stet_error err = {0};

	/* Escaped before it is reordered: an override or isolate in a
	 * name is shown as its escape, and reorders nothing. */
	stet_buf_reset(&shown);
	stet_text_escape(s, n, 0, false, &shown);
	s = shown.data ? shown.data : "";
	n = shown.len;

	/* Left to right, as the screen around it: a Hebrew name reads
	 * right to left in its place, and a line of a box that mixes a
	 * key, a Hebrew name and an English guideline keeps their order. */
	if (stet_bidi_line(&b, s, n, STET_BIDI_LTR, &err) != STET_OK)
		return term_put(y, x, cols, s, n, a);
	if (!b.reordered) {
		size_t g = 0;

		while (g < b.n && b.mirror[g] == 0)
			g++;
		if (g == b.n)
			return term_put(y, x, cols, s, n, a);
	}
	if (b.n > capxs) {
		capxs = b.n;
		xs = stet_xrealloc(xs, capxs * sizeof *xs);
	}
	return term_put_line(y, x, cols, s, &b, one_attr, &a, xs);
}
