/* The text of the span view (the label screen of a project with span
 * or token labels): the item's text as item_view.c lays it out, each
 * line in display order (stet/bidi.h), each cell marked by what it
 * belongs to (the token under the cursor, the selection, a span, in
 * its label's colour and underlined), and under each line of text a
 * line of marks: each span's label between brackets under its cells,
 * or each token's tag under it, stacked on further lines where two
 * would run into each other. The brackets and names make the spans
 * readable without colour (the mono theme, NO_COLOR). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "stet/text.h"
#include "theme.h"

#define MARK_ROWS 3  /* the most lines of marks under a line of text */
#define TAB_SPACES 4 /* as item_view.c escapes the text */

static void grow_map(struct span_state *sp, size_t n)
{
	if (n <= sp->capg)
		return;
	sp->capg = n < 256 ? 256 : 2 * n;
	sp->g_cp = stet_xrealloc(sp->g_cp, sp->capg * sizeof *sp->g_cp);
	sp->g_off = stet_xrealloc(sp->g_off, sp->capg * sizeof *sp->g_off);
}

void span_view_map(struct label_screen *s)
{
	struct span_state *sp = &s->sp;
	const char *t = s->item.text;
	size_t n = t ? strlen(t) : 0, pos = 0, off = 0;
	uint32_t cp = 0;
	struct stet_buf one;

	/* Escaping is done code point by code point, so the graphemes
	 * escaped one at a time add up to the shown text. */
	stet_buf_init(&one);
	sp->ng = 0;
	while (pos < n) {
		size_t gl = stet_grapheme_len(t + pos, n - pos);

		grow_map(sp, sp->ng + 2);
		sp->g_cp[sp->ng] = cp;
		sp->g_off[sp->ng++] = off;
		for (size_t i = pos; i < pos + gl; i++)
			if (((unsigned char)t[i] & 0xc0) != 0x80)
				cp++;
		stet_buf_reset(&one);
		stet_text_escape(t + pos, gl, TAB_SPACES, true, &one);
		off += one.len;
		pos += gl;
	}
	grow_map(sp, sp->ng + 1);
	sp->g_cp[sp->ng] = cp;
	sp->g_off[sp->ng] = off;
	stet_buf_free(&one);
}

/* The grapheme of the text shown at byte off of the shown text. */
static size_t grapheme_at(const struct span_state *sp, size_t off)
{
	size_t lo = 0, hi = sp->ng;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (sp->g_off[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static bool covers(const struct stet_span *v, uint32_t cp)
{
	return v->start <= cp && cp < v->end;
}

/* The shortest span of the set over code point cp, or SIZE_MAX. */
static size_t innermost(const struct span_state *sp, uint32_t cp)
{
	size_t best = SIZE_MAX;

	for (size_t i = 0; i < sp->set.n; i++) {
		const struct stet_span *v = &sp->set.v[i];

		if (covers(v, cp) && (best == SIZE_MAX ||
				      v->end - v->start <
				      sp->set.v[best].end - sp->set.v[best].start))
			best = i;
	}
	return best;
}

size_t span_view_at_cursor(const struct label_screen *s, size_t *out,
			   size_t max)
{
	const struct span_state *sp = &s->sp;
	const struct stet_token *t;
	size_t n = 0;

	if (s->item.toks.n == 0 || sp->tok >= s->item.toks.n)
		return 0;
	t = &s->item.toks.v[sp->tok];
	for (size_t i = 0; i < sp->set.n && n < max; i++) {
		const struct stet_span *v = &sp->set.v[i];

		if (v->start < t->end && v->end > t->start)
			out[n++] = i;
	}
	/* Innermost first: x takes the span most closely about the token. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			const struct stet_span *a = &sp->set.v[out[j - 1]];
			const struct stet_span *b = &sp->set.v[out[j]];
			size_t t2;

			if (a->end - a->start <= b->end - b->start)
				break;
			t2 = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t2;
		}
	return n;
}

attr_t span_view_label_attr(const struct label_screen *s, uint32_t id)
{
	const struct stet_schema *sc = s->sp.schema;

	for (size_t i = 0; i < sc->nlabels; i++)
		if (sc->labels[i].id == id)
			return theme_label_attr(sc->labels[i].colour, i) |
				A_UNDERLINE;
	return theme_attr(THEME_NORMAL) | A_UNDERLINE;
}

/* A line being drawn: where it starts in the shown text, its
 * graphemes in display order, and the spans whose marks go under it. */
struct line_ctx {
	struct label_screen *s;
	size_t off;
	const struct stet_bidi *b;
	const struct stet_span_set *set;
};

static uint32_t cell_cp(const struct line_ctx *c, size_t g)
{
	const struct span_state *sp = &c->s->sp;

	return sp->g_cp[grapheme_at(sp, c->off + c->b->offset[g])];
}

/* The tokens the selection holds, [*lo, *hi]. */
static void selection(const struct span_state *sp, size_t *lo, size_t *hi)
{
	*lo = sp->anchor < sp->tok ? sp->anchor : sp->tok;
	*hi = sp->anchor < sp->tok ? sp->tok : sp->anchor;
}

static attr_t cell_attr(void *ctx, size_t g)
{
	const struct line_ctx *c = ctx;
	const struct label_screen *s = c->s;
	const struct span_state *sp = &s->sp;
	const struct stet_tokens *tk = &s->item.toks;
	uint32_t cp = cell_cp(c, g);
	size_t i;

	if (tk->n > 0 && sp->tok < tk->n && !sp->hide_cursor) {
		size_t lo, hi;

		if (cp >= tk->v[sp->tok].start && cp < tk->v[sp->tok].end)
			return theme_attr(THEME_CELL);
		selection(sp, &lo, &hi);
		if (sp->selecting && hi < tk->n && cp >= tk->v[lo].start &&
		    cp < tk->v[hi].end)
			return theme_attr(THEME_MATCH);
	}
	if ((i = innermost(sp, cp)) != SIZE_MAX)
		return span_view_label_attr(s, sp->set.v[i].label);
	return theme_attr(THEME_NORMAL);
}

/* One span's cells on a line, in display order: a right-to-left run
 * inside a left-to-right span may split it in two. */
struct seg {
	size_t span;
	int x0, x1, end; /* its cells [x0, x1); its mark to end */
	int row;
};

static size_t add_segs(const struct line_ctx *c, size_t span, struct seg **v,
		       size_t n, size_t *cap)
{
	const struct stet_bidi *b = c->b;
	const int *xs = c->s->xs;
	const struct stet_span *sv = &c->set->v[span];
	bool in = false;

	for (size_t k = 0; k <= b->n; k++) {
		size_t g = k < b->n ? b->visual[k] : 0;
		bool here = k < b->n && xs[g] >= 0 && covers(sv, cell_cp(c, g));

		if (here && !in) {
			if (n == *cap) {
				*cap = *cap ? 2 * *cap : 16;
				*v = stet_xrealloc(*v, *cap * sizeof **v);
			}
			(*v)[n] = (struct seg){span, xs[g], xs[g], 0, 0};
			n++;
		}
		if (here)
			(*v)[n - 1].x1 = xs[g] + stet_grapheme_width(
				c->s->shown.data + c->off + b->offset[g],
				b->offset[g + 1] - b->offset[g]);
		in = here;
	}
	return n;
}

static int by_x(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;

	return (x->x0 > y->x0) - (x->x0 < y->x0);
}

static void draw_seg(const struct label_screen *s,
		     const struct stet_span_set *set, const struct seg *g, int y)
{
	const struct stet_span *v = &set->v[g->span];
	const char *name = screen_label_name(s->sp.schema, v->label);
	attr_t a = span_view_label_attr(s, v->label) & ~(attr_t)A_UNDERLINE;
	int x;

	if (set == &s->sp.set && g->span == s->sp.current)
		a = theme_attr(THEME_CHOSEN);
	if (s->sp.tags) {
		term_put_raw(y, g->x0, COLS - 1 - g->x0, name, strlen(name), a);
		return;
	}
	x = g->x0 + term_puts(y, g->x0, COLS - 1 - g->x0, "[", a);
	x += term_put_raw(y, x, COLS - 1 - x, name, strlen(name), a);
	for (; x < g->end - 1 && x < COLS - 1; x++)
		term_puts(y, x, 1, "─", a);
	if (x < COLS - 1)
		term_puts(y, x, 1, "]", a);
}

/* The lines of marks under a line of text, from y, in at most rows;
 * returns how many it takes (at least one, so that a line keeps its
 * place as spans come and go). */
static int draw_marks(struct label_screen *s, const struct line_ctx *c, int y,
		      int rows)
{
	struct seg *v = NULL;
	size_t n = 0, cap = 0;
	int rowend[MARK_ROWS] = {0}, used = 1;

	for (size_t i = 0; i < c->set->n; i++)
		n = add_segs(c, i, &v, n, &cap);
	if (n > 1)
		qsort(v, n, sizeof *v, by_x);
	for (size_t i = 0; i < n; i++) {
		const char *name = screen_label_name(s->sp.schema,
						     c->set->v[v[i].span].label);
		int w = (int)stet_text_width(name, strlen(name));
		int r = 0;

		/* A tag is its name under the token; a span's mark runs
		 * from [ under its first cell to ] under its last, and is
		 * never shorter than [NAME]. */
		v[i].end = s->sp.tags ? v[i].x0 + w :
			(v[i].x1 > v[i].x0 + w + 2 ? v[i].x1 : v[i].x0 + w + 2);
		while (r < MARK_ROWS - 1 && rowend[r] > v[i].x0)
			r++;
		v[i].row = r;
		if (v[i].end + 1 > rowend[r])
			rowend[r] = v[i].end + 1;
		if (r + 1 > used)
			used = r + 1;
	}
	for (size_t i = 0; i < n; i++)
		if (v[i].row < rows)
			draw_seg(s, c->set, &v[i], y + v[i].row);
	free(v);
	return used;
}

/* The lines of the screen line i of the text takes: itself and its
 * marks. */
static int line_rows(struct label_screen *s, size_t i, int cols)
{
	struct line_ctx c = {s, s->lines[i].off, &s->bidi, &s->sp.set};

	if (!item_view_place(s, i, 1, cols))
		return 2;
	return 1 + draw_marks(s, &c, 0, 0);
}

size_t span_view_cursor_line(const struct label_screen *s)
{
	const struct span_state *sp = &s->sp;
	size_t off, line = 0, lo = 0, hi = sp->ng;
	uint32_t cp;

	if (s->item.toks.n == 0 || sp->ng == 0 || s->nlines == 0 ||
	    sp->tok >= s->item.toks.n)
		return 0;
	cp = s->item.toks.v[sp->tok].start;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (sp->g_cp[mid] <= cp)
			lo = mid;
		else
			hi = mid;
	}
	off = sp->g_off[lo];
	while (line + 1 < s->nlines && s->lines[line + 1].off <= off)
		line++;
	return line;
}

/* After the cursor moved: the line of text it is on in view, with its
 * marks, counting the lines of marks each line above it takes. */
static void follow(struct label_screen *s, int rows, int cols)
{
	struct span_state *sp = &s->sp;
	size_t line;
	int used;

	if (!sp->follow || s->item.toks.n == 0 || sp->ng == 0 || s->nlines == 0)
		return;
	sp->follow = false;
	line = span_view_cursor_line(s);
	if (line < s->scroll) {
		s->scroll = line;
		return;
	}
	used = 0;
	for (size_t i = s->scroll; i <= line; i++)
		used += line_rows(s, i, cols);
	while (used > rows && s->scroll < line)
		used -= line_rows(s, s->scroll++, cols);
}

bool span_view_text_line(struct label_screen *s, size_t i, int y, int x,
			 int cols)
{
	const struct view_line *l = &s->lines[i];
	const char *p = s->shown.data + l->off;
	struct line_ctx c = {s, l->off, &s->bidi, &s->sp.set};

	if (!item_view_place(s, i, x, cols)) {
		term_put(y, x, cols, p, l->len, theme_attr(THEME_NORMAL));
		return false;
	}
	term_put_line(y, x, cols, p, &s->bidi, cell_attr, &c, s->xs);
	return true;
}

int span_view_marks(struct label_screen *s, const struct stet_span_set *set,
		    size_t i, int y, int rows)
{
	struct line_ctx c = {s, s->lines[i].off, &s->bidi, set};

	return draw_marks(s, &c, y, rows);
}

void span_view_draw(struct label_screen *s, int top, int rows)
{
	int cols = COLS - 2, y = top;
	size_t i;

	item_view_layout(s, cols);
	follow(s, rows, cols);
	for (i = s->scroll; i < s->nlines && y < top + rows; i++) {
		if (!span_view_text_line(s, i, y, 1, cols)) {
			y += 2;
			continue;
		}
		y++;
		y += span_view_marks(s, &s->sp.set, i, y, top + rows - y);
	}
	if (s->scroll > 0)
		term_puts(top, COLS - 1, 1, "^", theme_attr(THEME_DIM));
	if (i < s->nlines)
		term_puts(top + rows - 1, COLS - 1, 1, "v", theme_attr(THEME_DIM));
}
