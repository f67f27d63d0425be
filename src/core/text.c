/* Text handling on top of utf8proc. This is the only file that includes
 * <utf8proc.h>, so the rest of the program never sees code points.
 *
 * Escape forms (pinned by tests/unit/test_text.c). They are for display,
 * not a reversible encoding: a backslash in the input is left alone.
 *
 *   ESC U+001B             \x1b
 *   CR  U+000D             \r
 *   TAB U+0009             tab_spaces spaces, or \t when tab_spaces <= 0
 *   LF  U+000A             kept when keep_newline, else \n
 *   other Cc (C0, DEL, C1) \xNN, two lowercase hex digits of the code
 *                          point (NUL \x00, DEL \x7f, C1 CSI \x9b)
 *   U+2028, U+2029,
 *   U+202A..U+202E,
 *   U+2066..U+2069         \u{NNNN}, four lowercase hex digits
 *                          (RLO is \u{202e})
 *   invalid UTF-8          \xNN for each byte that does not start a valid
 *                          sequence; decoding resumes at the next byte
 *                          (so C1 NEL and a stray 0x85 byte look alike)
 *
 * The line and paragraph separators and the bidi embedding, override and
 * isolate controls are escaped although they are not Cc: they let a
 * corpus reorder or break what the terminal shows ("Trojan Source").
 *
 * Widths measure the escapes in their one-line form (TAB "\t", LF "\n"):
 * text_width(s) == text_width(escape(s, 0, false)) for any s. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "stet/text.h"

#define HIGH_BITS UINT64_C(0x8080808080808080)

/* Longest escape: "\u{NNNN}" is 8 bytes. */
#define ESCAPE_MAX 16

/* Cells an invalid byte takes once shown as "\xNN". */
#define INVALID_WIDTH 4

static const char hex_digits[] = "0123456789abcdef";

/* Never hand utf8proc more than one sequence's worth: the remaining length
 * may not fit in utf8proc_ssize_t, and it needs no more than 4 bytes. */
static utf8proc_ssize_t decode(const unsigned char *p, size_t n,
			       utf8proc_int32_t *cp)
{
	return utf8proc_iterate(p, n < 4 ? (utf8proc_ssize_t)n : 4, cp);
}

/* Imported text is mostly ASCII, so skip it a word at a time. */
static size_t ascii_span(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (n - i >= 8) {
		uint64_t word;

		memcpy(&word, p + i, sizeof word);
		if (word & HIGH_BITS)
			break;
		i += 8;
	}
	while (i < n && p[i] < 0x80)
		i++;
	return i;
}

static bool needs_escape(utf8proc_int32_t cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return true;
	if (cp < 0x80)
		return false;
	if (cp == 0x2028 || cp == 0x2029)
		return true;
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return true;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_CC;
}

static size_t hex_escape(unsigned v, char *buf)
{
	buf[0] = '\\';
	buf[1] = 'x';
	buf[2] = hex_digits[(v >> 4) & 0xf];
	buf[3] = hex_digits[v & 0xf];
	return 4;
}

/* The one-line escape of a code point needs_escape() accepted. */
static size_t escape_form(utf8proc_int32_t cp, char *buf)
{
	unsigned v = (unsigned)cp;

	switch (cp) {
	case '\t':
		memcpy(buf, "\\t", 2);
		return 2;
	case '\n':
		memcpy(buf, "\\n", 2);
		return 2;
	case '\r':
		memcpy(buf, "\\r", 2);
		return 2;
	default:
		break;
	}
	if (v <= 0xff)
		return hex_escape(v, buf);
	memcpy(buf, "\\u{", 3);
	buf[3] = hex_digits[(v >> 12) & 0xf];
	buf[4] = hex_digits[(v >> 8) & 0xf];
	buf[5] = hex_digits[(v >> 4) & 0xf];
	buf[6] = hex_digits[v & 0xf];
	buf[7] = '}';
	return 8;
}

static bool is_regional(utf8proc_int32_t cp)
{
	return utf8proc_get_property(cp)->boundclass ==
	       UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR;
}

static int cap_width(int w)
{
	return w > 2 ? 2 : w;
}

static bool is_modifier(utf8proc_int32_t cp)
{
	return cp >= 0x1f3fb && cp <= 0x1f3ff;
}

/* Whether cp, after prev in a part whose first code point is base,
 * begins a part of its own: what follows a joiner, the second letter
 * of a flag, and a skin tone. Terminals that know these sequences draw
 * one glyph; the others, and ncurses, whose cell keeps one spacing
 * character, draw the parts side by side. A character of no width
 * always rides on the part before it. */
static bool starts_part(utf8proc_int32_t base, utf8proc_int32_t prev,
			utf8proc_int32_t cp, int cw)
{
	if (cw == 0)
		return false;
	return prev == 0x200d || is_modifier(cp) ||
	       (is_regional(cp) && is_regional(base));
}

/* One part of a valid cluster p[0..n) that needs no escape: its bytes
 * (returned), the bytes to draw (*drawn: a joiner that ends it is not
 * drawn, so that the terminal cannot join what the layout keeps apart),
 * and its cells: those of its first code point with a width, which
 * lets combining marks and Hangul V/T jamo ride on their base, and 2
 * for a base followed directly by VS16 (emoji presentation; that covers
 * keycaps, "#" U+FE0F U+20E3). */
static size_t scan_part(const unsigned char *p, size_t n, size_t *drawn,
			int *width)
{
	utf8proc_int32_t base, prev, cp;
	utf8proc_ssize_t step = decode(p, n, &base);
	size_t i, end;
	int w;
	bool vs16 = false;

	if (step < 0) {
		*drawn = 1;
		*width = INVALID_WIDTH;
		return 1;
	}
	w = cap_width(utf8proc_charwidth(base));
	prev = base;
	i = end = (size_t)step;
	while (i < n) {
		int cw;

		step = decode(p + i, n - i, &cp);
		if (step < 0)
			break;
		cw = cap_width(utf8proc_charwidth(cp));
		if (starts_part(base, prev, cp, cw))
			break;
		if (w == 0)
			w = cw;
		if (cp == 0xfe0f && prev == base)
			vs16 = true;
		prev = cp;
		i += (size_t)step;
		if (cp != 0x200d)
			end = i;
	}
	*drawn = end;
	*width = vs16 && w > 0 ? 2 : w;
	return i;
}

/* Length of the grapheme cluster at p and, in *width, its cells. One pass
 * finds the cluster, another measures its parts (scan_part) when it has
 * more than one code point; wrapping and cropping need both for every
 * cluster.
 *
 * A cluster is measured as stet draws it: one cell holds one spacing
 * character and its marks, so a cluster of several (an emoji ZWJ
 * sequence, a flag, a skin tone) is drawn as its parts side by side, the
 * people of a family, the two letters of a flag, and measures the sum
 * of its parts. Nothing of it is lost, and the columns stay exact on any
 * terminal that draws the parts as utf8proc measures them. *escaped
 * tells a control or invalid byte, measured as its escape, from a
 * cluster shown as it is. */
static size_t scan_grapheme(const unsigned char *p, size_t n, int *width,
			    bool *escaped)
{
	utf8proc_int32_t first, prev, cp;
	utf8proc_int32_t state = 0;
	utf8proc_ssize_t step;
	size_t i, first_len;
	int w;
	char tmp[ESCAPE_MAX];

	*width = 0;
	*escaped = false;
	if (n == 0)
		return 0;
	/* Only CR LF joins two ASCII bytes, and CR is not printable. */
	if (p[0] >= 0x20 && p[0] < 0x7f && (n == 1 || p[1] < 0x80)) {
		*width = 1;
		return 1;
	}
	step = decode(p, n, &first);
	if (step < 0) {
		*width = INVALID_WIDTH;
		*escaped = true;
		return 1;
	}
	first_len = (size_t)step;
	*escaped = needs_escape(first);
	w = *escaped ? (int)escape_form(first, tmp)
		    : cap_width(utf8proc_charwidth(first));
	prev = first;
	i = (size_t)step;
	while (i < n) {
		step = decode(p + i, n - i, &cp);
		if (step < 0 || utf8proc_grapheme_break_stateful(prev, cp,
								 &state))
			break;
		/* Only CR LF gets here escaped: a control is a cluster of
		 * its own otherwise. */
		if (*escaped)
			w += needs_escape(cp) ? (int)escape_form(cp, tmp)
					      : utf8proc_charwidth(cp);
		prev = cp;
		i += (size_t)step;
	}
	if (!*escaped && i > first_len) {
		size_t off = 0;

		w = 0;
		while (off < i) {
			size_t drawn;
			int pw;

			off += scan_part(p + off, i - off, &drawn, &pw);
			w += pw;
		}
	}
	*width = w;
	return i;
}

/* Stops early, with *saw_escape set, at the first cluster that would be
 * escaped; the caller then measures the escaped text instead. */
static size_t measure(const unsigned char *p, size_t n, bool *saw_escape)
{
	size_t i = 0, width = 0;

	*saw_escape = false;
	while (i < n) {
		int w;

		i += scan_grapheme(p + i, n - i, &w, saw_escape);
		if (*saw_escape)
			break;
		width += (size_t)w;
	}
	return width;
}

/* Where the next line starts after a soft break at a space: the rest of
 * the spaces go, and so does a newline right after them, or the break and
 * the newline would together leave an empty line the text never had. */
static size_t skip_break(const unsigned char *p, size_t n, size_t i)
{
	while (i < n && p[i] == ' ')
		i++;
	if (i < n && p[i] == '\n')
		return i + 1;
	if (i + 1 < n && p[i] == '\r' && p[i + 1] == '\n')
		return i + 2;
	return i;
}

static void set_line(struct stet_line *line, size_t off, size_t end,
		     size_t width)
{
	line->off = off;
	line->len = end - off;
	line->width = width;
}

/* Lays out one line starting at `start`; returns where the next begins.
 * Every call consumes at least one byte unless start == n, which is what
 * makes the caller's loop finish. */
static size_t wrap_line(const unsigned char *p, size_t n, size_t start,
			size_t cols, struct stet_line *line)
{
	size_t i = start, w = 0;
	size_t cut = start, cut_w = 0, resume = start;
	bool have_cut = false, in_space = false, run_is_cut = false;

	while (i < n) {
		size_t g;
		int gw;
		bool esc;

		if (p[i] == '\n') {
			set_line(line, start, i, w);
			return i + 1;
		}
		/* Escaped text has no CR, but raw CRLF is one cluster and
		 * would otherwise hide its LF. */
		if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') {
			set_line(line, start, i, w);
			return i + 2;
		}
		g = scan_grapheme(p + i, n - i, &gw, &esc);
		if (g == 1 && p[i] == ' ') {
			if (w + 1 > cols) {
				if (in_space && run_is_cut)
					set_line(line, start, cut, cut_w);
				else
					set_line(line, start, i, w);
				return skip_break(p, n, i);
			}
			/* Leading spaces are indentation, not a break: breaking
			 * there would only produce an empty line. */
			if (!in_space) {
				run_is_cut = i > start;
				if (run_is_cut) {
					have_cut = true;
					cut = i;
					cut_w = w;
				}
			}
			in_space = true;
			w += 1;
			i += 1;
			if (run_is_cut)
				resume = i;
			continue;
		}
		in_space = false;
		if (w + (size_t)gw <= cols) {
			w += (size_t)gw;
			i += g;
			continue;
		}
		if (have_cut) {
			set_line(line, start, cut, cut_w);
			return resume;
		}
		/* A cluster wider than the whole line still has to go
		 * somewhere; it gets a line of its own. */
		if (i == start) {
			set_line(line, start, i + g, (size_t)gw);
			return i + g;
		}
		set_line(line, start, i, w);
		return i;
	}
	set_line(line, start, n, w);
	return n;
}

bool stet_utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step;

		i += ascii_span(p + i, n - i);
		if (i == n)
			break;
		step = decode(p + i, n - i, &cp);
		if (step < 0) {
			if (bad != NULL)
				*bad = i;
			return false;
		}
		i += (size_t)step;
	}
	return true;
}

int stet_text_nfc(const char *s, size_t n, struct stet_buf *out,
		  struct stet_error *err)
{
	const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	const unsigned char *p = (const unsigned char *)s;
	const size_t max_cps = (size_t)PTRDIFF_MAX / sizeof(utf8proc_int32_t) - 1;
	utf8proc_int32_t *cps;
	utf8proc_ssize_t cap, got, len;
	size_t keep, bad;

	keep = ascii_span(p, n);
	if (keep == n) {
		if (n > 0)
			stet_buf_add(out, s, n);
		return STET_OK;
	}
	if (!stet_utf8_valid(s, n, &bad))
		return stet_error_set(err, STET_ERR,
				      "invalid UTF-8 at byte %zu", bad);
	/* Normalisation cannot change ASCII and an ASCII character never
	 * composes with what precedes it, so everything before the last
	 * ASCII character ahead of the first non-ASCII byte is final (that
	 * last one may take a combining mark). */
	if (keep > 0)
		keep--;
	if (keep > 0)
		stet_buf_add(out, s, keep);
	p += keep;
	n -= keep;
	if (n > max_cps)
		return stet_error_set(err, STET_ERR,
				      "text too long to normalise (%zu bytes)",
				      n);

	/* Decomposing into our own buffer, rather than letting utf8proc_map
	 * allocate, keeps running out of memory on the one fatal path. Most
	 * text does not grow on decomposition, so the first try fits. */
	cap = (utf8proc_ssize_t)n;
	for (;;) {
		/* One spare slot: re-encoding writes a NUL after the bytes. */
		cps = stet_xmalloc(((size_t)cap + 1) * sizeof *cps);
		got = utf8proc_decompose(p, (utf8proc_ssize_t)n, cps, cap, opts);
		if (got < 0) {
			free(cps);
			return stet_error_set(err, STET_ERR,
					      "cannot normalise text: %s",
					      utf8proc_errmsg(got));
		}
		if (got <= cap)
			break;
		free(cps);
		if ((size_t)got > max_cps)
			return stet_error_set(err, STET_ERR,
					      "text too long to normalise (%zu bytes)",
					      n);
		cap = got;
	}
	len = utf8proc_reencode(cps, got, opts);
	if (len < 0) {
		free(cps);
		return stet_error_set(err, STET_ERR,
				      "cannot normalise text: %s",
				      utf8proc_errmsg(len));
	}
	stet_buf_add(out, cps, (size_t)len);
	free(cps);
	return STET_OK;
}

size_t stet_grapheme_len(const char *s, size_t n)
{
	int w;
	bool esc;

	return scan_grapheme((const unsigned char *)s, n, &w, &esc);
}

size_t stet_grapheme_part(const char *s, size_t n, size_t *drawn,
			  int *width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;
	bool esc;

	if (n == 0) {
		*drawn = 0;
		*width = 0;
		return 0;
	}
	/* A control is drawn as its escape, never in parts. */
	len = scan_grapheme(p, n, width, &esc);
	if (esc) {
		*drawn = len;
		return len;
	}
	return scan_part(p, n, drawn, width);
}

int stet_grapheme_width(const char *s, size_t n)
{
	int w;
	bool esc;

	scan_grapheme((const unsigned char *)s, n, &w, &esc);
	return w;
}

size_t stet_text_width(const char *s, size_t n)
{
	struct stet_buf shown;
	size_t width;
	bool esc;

	width = measure((const unsigned char *)s, n, &esc);
	if (!esc)
		return width;
	/* Clusters next to an escape can change once it is written out: a
	 * combining mark after ESC lands on the "b" of "\x1b". Only the
	 * escaped text itself measures as it will be shown. */
	stet_buf_init(&shown);
	stet_text_escape(s, n, 0, false, &shown);
	width = measure((const unsigned char *)shown.data, shown.len, &esc);
	stet_buf_free(&shown);
	return width;
}

void stet_text_escape(const char *s, size_t n, int tab_spaces,
		      bool keep_newline, struct stet_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0;
	char tmp[ESCAPE_MAX];

	if (n > 0)
		stet_buf_reserve(out, n);
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step;

		if (p[i] >= 0x20 && p[i] < 0x7f) {
			i++;
			continue;
		}
		if (p[i] < 0x80) {
			cp = p[i];
			step = 1;
		} else {
			step = decode(p + i, n - i, &cp);
		}
		if (step > 0 && !needs_escape(cp)) {
			i += (size_t)step;
			continue;
		}
		if (i > start)
			stet_buf_add(out, s + start, i - start);
		if (step < 0) {
			stet_buf_add(out, tmp, hex_escape(p[i], tmp));
			step = 1;
		} else if (cp == '\t' && tab_spaces > 0) {
			stet_buf_reserve(out, (size_t)tab_spaces);
			memset(out->data + out->len, ' ', (size_t)tab_spaces);
			out->len += (size_t)tab_spaces;
			out->data[out->len] = '\0';
		} else if (cp == '\n' && keep_newline) {
			stet_buf_addc(out, '\n');
		} else {
			stet_buf_add(out, tmp, escape_form(cp, tmp));
		}
		i += (size_t)step;
		start = i;
	}
	if (i > start)
		stet_buf_add(out, s + start, i - start);
}

bool stet_text_find_unprintable(const char *s, size_t n, size_t *at,
				unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		utf8proc_int32_t c;
		utf8proc_ssize_t step;
		utf8proc_category_t cat;

		if (p[i] > 0x20 && p[i] < 0x7f) {
			i++;
			continue;
		}
		step = decode(p + i, n - i, &c);
		if (step < 0)
			c = p[i];
		cat = step < 0 ? UTF8PROC_CATEGORY_CC : utf8proc_category(c);
		if (step < 0 || needs_escape(c) || cat == UTF8PROC_CATEGORY_ZS ||
		    cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP) {
			*at = i;
			*cp = (unsigned)c;
			return true;
		}
		i += (size_t)step;
	}
	return false;
}

size_t stet_text_crop(const char *s, size_t n, size_t cols, size_t *used)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, width = 0;

	while (i < n) {
		int w;
		bool esc;
		size_t g = scan_grapheme(p + i, n - i, &w, &esc);

		if (width + (size_t)w > cols)
			break;
		width += (size_t)w;
		i += g;
	}
	if (used != NULL)
		*used = i;
	return width;
}

size_t stet_text_wrap(const char *s, size_t n, size_t cols,
		      int (*fn)(void *ctx, const struct stet_line *line),
		      void *ctx)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t pos = 0, count = 0;

	if (cols == 0)
		cols = 1;
	for (;;) {
		struct stet_line line;
		size_t next = wrap_line(p, n, pos, cols, &line);

		count++;
		if (fn != NULL && fn(ctx, &line) != 0)
			break;
		/* A final LF ends the last line rather than opening another. */
		if (next >= n)
			break;
		pos = next;
	}
	return count;
}

/* Makes room for `more` code points after *ncps. */
static void grow_cps(uint32_t **cps, size_t *ncps, size_t *cap, size_t more)
{
	size_t want = *ncps + more;

	if (want <= *cap)
		return;
	if (want < 2 * *cap)
		want = 2 * *cap;
	*cps = stet_xrealloc(*cps, want * sizeof **cps);
	*cap = want;
}

int stet_text_fold(const char *s, size_t n, uint32_t **cps, size_t *ncps,
		   size_t *cap, struct stet_error *err)
{
	const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE |
				       UTF8PROC_CASEFOLD;
	const unsigned char *p = (const unsigned char *)s;
	utf8proc_ssize_t got, len;
	size_t bad, room;

	/* ASCII folds to its lower case and is already NFC: most text of
	 * most corpora never reaches utf8proc. */
	if (ascii_span(p, n) == n) {
		grow_cps(cps, ncps, cap, n);
		for (size_t i = 0; i < n; i++) {
			unsigned c = p[i];

			(*cps)[(*ncps)++] = c >= 'A' && c <= 'Z' ? c + 32 : c;
		}
		return STET_OK;
	}
	if (!stet_utf8_valid(s, n, &bad))
		return stet_error_set(err, STET_ERR,
				      "invalid UTF-8 at byte %zu", bad);
	if (n > (size_t)PTRDIFF_MAX / sizeof **cps / 4)
		return stet_error_set(err, STET_ERR,
				      "text too long to fold (%zu bytes)", n);
	/* Folding may grow the text ("ß" to "ss", "ΐ" to three code
	 * points), so the first try may be short: utf8proc says how many it
	 * needs. uint32_t and utf8proc_int32_t are the signed and unsigned
	 * types of one width, which may alias each other. */
	room = n;
	for (;;) {
		grow_cps(cps, ncps, cap, room);
		got = utf8proc_decompose(p, (utf8proc_ssize_t)n,
					 (utf8proc_int32_t *)*cps + *ncps,
					 (utf8proc_ssize_t)room, opts);
		if (got < 0)
			return stet_error_set(err, STET_ERR,
					      "cannot fold text: %s",
					      utf8proc_errmsg(got));
		if ((size_t)got <= room)
			break;
		room = (size_t)got;
	}
	len = utf8proc_normalize_utf32((utf8proc_int32_t *)*cps + *ncps, got,
				       opts);
	if (len < 0)
		return stet_error_set(err, STET_ERR, "cannot fold text: %s",
				      utf8proc_errmsg(len));
	*ncps += (size_t)len;
	return STET_OK;
}

enum stet_cp_kind stet_text_cp_kind(uint32_t cp)
{
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9'))
			return STET_CP_WORD;
		if (cp == ' ' || (cp >= '\t' && cp <= '\r'))
			return STET_CP_SPACE;
		return STET_CP_OTHER;
	}
	if (cp > 0x10ffff)
		return STET_CP_OTHER;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return STET_CP_WORD;
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return STET_CP_SPACE;
	default:
		return STET_CP_OTHER;
	}
}
