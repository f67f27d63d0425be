#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "stet/text.h"
#include "theme.h"

#define CELL_MAX 24 /* cells wider than this are cut with … */
#define CELL_MIN 3
#define TAB_SPACES 4

/* The direction of the paragraph that starts at byte off of the shown
 * text: its first strong character's, else left to right. */
static int paragraph_dir(const struct label_screen *s, size_t off)
{
	const char *p = s->shown.data + off;
	const char *end = memchr(p, '\n', s->shown.len - off);
	enum stet_bidi_dir d = stet_bidi_direction(p, end ? (size_t)(end - p) :
						   s->shown.len - off);

	return d == STET_BIDI_AUTO ? STET_BIDI_LTR : d;
}

static int add_line(void *ctx, const struct stet_line *line)
{
	struct label_screen *s = ctx;
	bool starts = line->off == 0 || s->shown.data[line->off - 1] == '\n';
	int dir = starts || s->nlines == 0 ? paragraph_dir(s, line->off) :
		s->lines[s->nlines - 1].dir;

	if (s->nlines == s->caplines) {
		s->caplines = s->caplines ? 2 * s->caplines : 64;
		s->lines = stet_xrealloc(s->lines,
					 s->caplines * sizeof *s->lines);
	}
	s->lines[s->nlines++] = (struct view_line){line->off, line->len, dir};
	return 0;
}

static int meta_rows(const struct label_screen *s, int rows)
{
	return s->show_meta ? rows / 3 : 0;
}

int item_view_rows(const struct label_screen *s)
{
	int rows = label_item_rows(s);

	return rows - meta_rows(s, rows) - 1;
}

void item_view_layout(struct label_screen *s, int cols)
{
	if (s->wrap_cols == cols)
		return;
	s->wrap_cols = cols;
	s->nlines = 0;
	s->sp.ng = 0;
	stet_buf_reset(&s->shown);
	if (!s->loaded || s->item.kind != STET_ITEM_TEXT || s->item.text == NULL)
		return;
	stet_text_escape(s->item.text, strlen(s->item.text), TAB_SPACES, true,
			 &s->shown);
	stet_text_wrap(s->shown.data, s->shown.len, (size_t)cols, add_line, s);
	if (s->sp.on)
		span_view_map(s);
	if (s->scroll >= s->nlines)
		s->scroll = s->nlines ? s->nlines - 1 : 0;
}

void item_view_scroll(struct label_screen *s, long lines, int rows)
{
	/* The span view gives each line of text a line of marks too. */
	long max = (long)s->nlines - (s->sp.on ? rows / 2 : rows);
	long to = (long)s->scroll + lines;

	if (s->item.kind != STET_ITEM_TEXT)
		return;
	if (to > max)
		to = max;
	if (to < 0)
		to = 0;
	s->scroll = (size_t)to;
}

void item_view_page(struct label_screen *s, int dir, int rows)
{
	/* One line of the last page stays, to read on from. */
	long page = rows > 1 ? rows - 1 : 1;

	item_view_scroll(s, dir < 0 ? -page : page, rows);
}

void item_view_loaded(struct label_screen *s)
{
	s->loaded = true;
	s->scroll = 0;
	s->cell = 0;
	s->first_col = 0;
	s->wrap_cols = 0;
}

void item_view_toggle_meta(struct label_screen *s)
{
	s->show_meta = !s->show_meta;
	s->wrap_cols = 0;
}

static attr_t normal_attr(void *ctx, size_t g)
{
	(void)ctx;
	(void)g;
	return theme_attr(THEME_NORMAL);
}

bool item_view_place(struct label_screen *s, size_t i, int x, int cols)
{
	const struct view_line *l = &s->lines[i];
	const char *p = s->shown.data + l->off;
	struct stet_error err = {0};

	if (stet_bidi_line(&s->bidi, p, l->len, l->dir, &err) != STET_OK)
		return false;
	if (s->bidi.n > s->capxs) {
		s->capxs = s->bidi.n;
		s->xs = stet_xrealloc(s->xs, s->capxs * sizeof *s->xs);
	}
	term_line_columns(x, cols, p, &s->bidi, s->xs);
	return true;
}

static void draw_text(struct label_screen *s, int top, int rows)
{
	int cols = COLS - 2;
	attr_t a = theme_attr(THEME_NORMAL);

	item_view_layout(s, cols);
	for (int i = 0; i < rows && s->scroll + (size_t)i < s->nlines; i++) {
		const struct view_line *l = &s->lines[s->scroll + (size_t)i];
		const char *p = s->shown.data + l->off;

		if (item_view_place(s, s->scroll + (size_t)i, 1, cols))
			term_put_line(top + i, 1, cols, p, &s->bidi, normal_attr,
				      NULL, s->xs);
		else
			term_put(top + i, 1, cols, p, l->len, a);
	}
	if (s->scroll > 0)
		term_puts(top, COLS - 1, 1, "^", theme_attr(THEME_DIM));
	if (s->scroll + (size_t)rows < s->nlines)
		term_puts(top + rows - 1, COLS - 1, 1, "v", theme_attr(THEME_DIM));
}

static int cell_width(const struct stet_field *f)
{
	size_t w = stet_text_width(f->name, strlen(f->name));
	size_t v = stet_text_width(f->value, strlen(f->value));

	if (v > w)
		w = v;
	if (w > CELL_MAX)
		w = CELL_MAX;
	return w < CELL_MIN ? CELL_MIN : (int)w;
}

/* Draws s[0..n) escaped in exactly w cells: cut with … or padded. */
static void put_cell(int y, int x, int w, const char *s, attr_t a)
{
	struct stet_buf shown;
	size_t used;

	stet_buf_init(&shown);
	stet_text_escape(s, strlen(s), 1, false, &shown);
	term_fill(y, x, w, a);
	if (stet_text_width(shown.data, shown.len) <= (size_t)w) {
		term_put_text(y, x, w, shown.data, shown.len, a);
	} else {
		stet_text_crop(shown.data, shown.len, (size_t)w - 1, &used);
		x += term_put_text(y, x, w - 1, shown.data, used, a);
		term_puts(y, x, 1, "…", theme_attr(THEME_DIM) | (a & A_REVERSE));
	}
	stet_buf_free(&shown);
}

static void visible_from(struct label_screen *s, int cols)
{
	int used;

	if (s->cell < s->first_col)
		s->first_col = s->cell;
	for (;;) {
		used = 0;
		for (size_t c = s->first_col; c <= s->cell; c++)
			used += cell_width(&s->item.fields[c]) + 3;
		if (used <= cols || s->first_col == s->cell)
			break;
		s->first_col++;
	}
}

static void draw_table(struct label_screen *s, int top, int rows)
{
	int cols = COLS - 2, x = 1;
	attr_t head = theme_attr(THEME_HEADER), norm = theme_attr(THEME_NORMAL);
	char buf[96];

	if (s->item.nfields == 0 || rows < 3)
		return;
	visible_from(s, cols);
	if (s->first_col > 0)
		term_puts(top + 1, 0, 1, "<", theme_attr(THEME_DIM));
	for (size_t c = s->first_col; c < s->item.nfields && x < COLS - 1; c++) {
		const struct stet_field *f = &s->item.fields[c];
		int w = cell_width(f);

		if (x + w > COLS - 1)
			w = COLS - 1 - x;
		put_cell(top, x, w, f->name, head);
		put_cell(top + 1, x, w, f->value,
			 c == s->cell ? theme_attr(THEME_CELL) : norm);
		x += w;
		if (x + 3 < COLS - 1 && c + 1 < s->item.nfields) {
			term_puts(top, x, 3, " │ ", theme_attr(THEME_DIM));
			term_puts(top + 1, x, 3, " │ ", theme_attr(THEME_DIM));
		}
		x += 3;
		if (x >= COLS - 1 && c + 1 < s->item.nfields)
			term_puts(top + 1, COLS - 1, 1, ">", theme_attr(THEME_DIM));
	}
	snprintf(buf, sizeof buf, "column %zu of %zu: h and l move, v shows it whole",
		 s->cell + 1, s->item.nfields);
	term_puts(top + 3, 1, cols, buf, theme_attr(THEME_DIM));
}

void item_view_cell_move(struct label_screen *s, int dir)
{
	if (s->item.kind != STET_ITEM_TABLE || s->item.nfields == 0)
		return;
	if (dir < 0 && s->cell > 0)
		s->cell--;
	else if (dir > 0 && s->cell + 1 < s->item.nfields)
		s->cell++;
}

static int put_meta_line(int y, int rows, int *row, const char *name,
			 const char *value)
{
	int x;

	if (*row >= rows || value == NULL)
		return 0;
	x = 1 + term_puts(y + *row, 1, COLS - 2, name, theme_attr(THEME_META) | A_BOLD);
	x += term_puts(y + *row, x, 2, ": ", theme_attr(THEME_META));
	term_put_raw(y + *row, x, COLS - 1 - x, value, strlen(value),
		     theme_attr(THEME_META));
	(*row)++;
	return 1;
}

static void draw_meta(struct label_screen *s, int top, int rows)
{
	char where[512], score[64];
	int row = 1;

	term_fill(top, 0, COLS, theme_attr(THEME_META));
	term_puts(top, 1, COLS - 2, "meta (m hides)", theme_attr(THEME_META) | A_BOLD);
	put_meta_line(top, rows, &row, "id", s->item.ext_id);
	if (s->opts->lead && s->item.source) {
		snprintf(where, sizeof where, "%s:%llu", s->item.source,
			 (unsigned long long)s->item.line);
		put_meta_line(top, rows, &row, "source", where);
	}
	if (s->opts->lead)
		put_meta_line(top, rows, &row, "reference", s->item.label);
	if (s->item.prediction) {
		if (s->item.has_score)
			snprintf(score, sizeof score, "%s (%.3f)", s->item.prediction,
				 s->item.score);
		put_meta_line(top, rows, &row, "prediction",
			      s->item.has_score ? score : s->item.prediction);
	}
	put_meta_line(top, rows, &row, "meta", s->item.meta);
}

void item_view_draw(struct label_screen *s, int top, int rows)
{
	int meta = meta_rows(s, rows);

	if (!s->loaded)
		return;
	if (s->item.kind == STET_ITEM_TABLE)
		draw_table(s, top + 1, rows - meta - 1);
	else if (s->sp.on)
		span_view_draw(s, top + 1, rows - meta - 1);
	else
		draw_text(s, top + 1, rows - meta - 1);
	if (meta > 0)
		draw_meta(s, top + rows - meta, meta);
}

void item_view_free(struct label_screen *s)
{
	free(s->lines);
	s->lines = NULL;
	stet_bidi_free(&s->bidi);
	free(s->xs);
	s->xs = NULL;
	s->capxs = 0;
	s->nlines = s->caplines = 0;
	stet_buf_free(&s->shown);
}
