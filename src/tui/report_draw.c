/* Drawing the `stet report` screen, from the state alone: the pair
 * grid with the label and session tables, a confusion matrix, a list
 * of items, or an item with every annotator's label. Grids wider or
 * taller than the screen show a window that keeps the cursor in
 * sight. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "stet/agree.h"
#include "stet/text.h"
#include "theme.h"

/* Landis and Koch (1977) read kappa above .8 as almost perfect and
 * .6-.8 as substantial; below, the colour of a warning. */
static attr_t kappa_attr(double k)
{
	if (!isfinite(k))
		return theme_attr(THEME_DIM);
	if (k >= 0.8)
		return theme_attr(THEME_SAVED);
	if (k >= 0.6)
		return theme_attr(THEME_NOTICE);
	return theme_attr(THEME_ERROR);
}

static void fmt_kappa(double k, char *out, size_t len)
{
	if (isfinite(k))
		snprintf(out, len, "%6.3f", k);
	else
		snprintf(out, len, "%6s", "-");
}

static int put(int y, int x, const char *s, attr_t a)
{
	if (y < 0 || y >= LINES - 1 || x >= COLS)
		return 0;
	return term_put_raw(y, x, COLS - x, s, strlen(s), a);
}

static void title(const char *what)
{
	term_fill(0, 0, COLS, theme_attr(THEME_TITLE));
	term_puts(0, 1, COLS - 10, what, theme_attr(THEME_TITLE) | A_BOLD);
	term_puts(0, COLS - 8, 8, " ? help ", theme_attr(THEME_TITLE));
}

/* The keys to press, or what went wrong with the last one. */
static void footer(const struct report *r, const char *keys)
{
	term_fill(LINES - 1, 0, COLS, theme_attr(THEME_STATUS));
	if (r->note.kind == NOTE_ERROR)
		term_put_raw(LINES - 1, 1, COLS - 2, r->note.text,
			     strlen(r->note.text), theme_attr(THEME_ERROR));
	else
		term_puts(LINES - 1, 1, COLS - 2, keys,
			  theme_attr(THEME_STATUS));
}

/* Names are cut to a column of w cells. */
static void put_name(int y, int x, int w, const char *name, attr_t a)
{
	struct stet_buf b;
	size_t used;

	stet_buf_init(&b);
	stet_text_escape(name, strlen(name), 1, false, &b);
	stet_text_crop(b.data, b.len, (size_t)w, &used);
	term_put(y, x, w, b.data, used, a);
	stet_buf_free(&b);
}

/* The first of the entries shown in a window of room of them that
 * keeps the cursor, cur, in sight. */
static size_t window_first(size_t cur, size_t room)
{
	return room == 0 || cur < room ? 0 : cur - room + 1;
}

static void draw_matrix(struct report *r)
{
	const struct stet_project_ratings *pr = r->pr;
	size_t n = pr->nraters, rows = n, cols = n, fa, fb, fc, nl;
	int namew = 12, cellw = 8, y = 2, half = (LINES - 4) / 2;
	char buf[160];

	/* The grid takes at most half the lines, so that the label table
	 * shows too, and the columns that fit; with more annotators it
	 * scrolls with the cursor. */
	if (half < 2)
		half = 2;
	if (rows > (size_t)half)
		rows = (size_t)half;
	if (cols > (size_t)(COLS - 1 - namew) / (size_t)cellw)
		cols = (size_t)(COLS - 1 - namew) / (size_t)cellw;
	if (cols == 0)
		cols = 1;
	fa = window_first(r->ra, rows);
	fb = window_first(r->rb, cols);
	if (n >= 2 && (rows < n || cols < n))
		snprintf(buf, sizeof buf,
			 "Agreement: Cohen's kappa, rows %zu-%zu, columns %zu-%zu of %zu",
			 fa + 1, fa + rows, fb + 1, fb + cols, n);
	else
		snprintf(buf, sizeof buf, "Agreement: Cohen's kappa for each pair");
	title(buf);
	if (n < 2) {
		put(y, 1, "fewer than two annotators have labels: nothing to compare",
		    theme_attr(THEME_NOTICE));
		rows = cols = 0;
	}
	for (size_t j = 0; j < cols; j++)
		put_name(y, 1 + namew + (int)j * cellw, cellw - 1,
			 pr->raters[fb + j], theme_attr(THEME_HEADER));
	for (size_t i = 0; i < rows; i++) {
		size_t a = fa + i;
		int row = y + 1 + (int)i;

		put_name(row, 1, namew - 1, pr->raters[a], theme_attr(THEME_HEADER));
		for (size_t j = 0; j < cols; j++) {
			size_t b = fb + j;
			attr_t at;

			if (a == b) {
				put(row, 1 + namew + (int)j * cellw, "     ·", theme_attr(THEME_DIM));
				continue;
			}
			fmt_kappa(r->kappa[a * n + b], buf, sizeof buf);
			at = kappa_attr(r->kappa[a * n + b]);
			if (!r->labels_focus && a == r->ra && b == r->rb)
				at = theme_attr(THEME_CELL);
			put(row, 1 + namew + (int)j * cellw, buf, at);
		}
	}
	y += 2 + (int)(n < 2 ? n : rows);
	put(y++, 1, "label                 kappa  disagreements", theme_attr(THEME_HEADER));
	/* As many labels as fit, the cursor's among them. */
	nl = LINES - 1 > y ? (size_t)(LINES - 1 - y) : 0;
	fc = window_first(r->label_sel, nl);
	for (size_t c = fc; c < pr->ncat && y < LINES - 1; c++, y++) {
		attr_t at = r->labels_focus && c == r->label_sel ?
			theme_attr(THEME_CELL) : theme_attr(THEME_NORMAL);

		put_name(y, 1, 20, pr->categories[c], at);
		if (!pr->multi) {
			double k = r->label_kappa[c];

			fmt_kappa(k, buf, sizeof buf);
			put(y, 22, buf, kappa_attr(k));
			snprintf(buf, sizeof buf, "%13llu",
				 (unsigned long long)r->dis[c]);
			put(y, 30, buf, theme_attr(THEME_NORMAL));
		}
	}
	y++;
	if (r->nss > 0 && y < LINES - 2)
		put(y++, 1, "session        annotator          items  agreement  pace  agree  fatigue",
		    theme_attr(THEME_HEADER));
	for (size_t i = 0; i < r->nss && y < LINES - 1; i++, y++) {
		const struct stet_session_stats *st = &r->ss[i];
		double pace[4], agree[4];
		char sp1[STET_SPARKLINE_MAX], sp2[STET_SPARKLINE_MAX], line[400];
		struct stet_session_agreement ag;

		for (int q = 0; q < 4; q++) {
			pace[q] = st->pace.q[q].items_per_minute;
			agree[q] = st->pace.q[q].agreement;
		}
		stet_session_agreement(&r->sl, st->s, 0, st->s->nitems, &ag);
		/* Cut in cells, escapes and all: a byte count would let an
		 * escaped or non-Latin name run over the next column. */
		put_name(y, 1, 14, st->s->name, theme_attr(THEME_NORMAL));
		put_name(y, 16, 16, st->s->annotator_name,
			 theme_attr(THEME_NORMAL));
		snprintf(line, sizeof line, "%7zu", st->s->nitems);
		put(y, 33, line, theme_attr(THEME_NORMAL));
		fmt_kappa(ag.percent, buf, sizeof buf);
		put(y, 42, buf, theme_attr(THEME_NORMAL));
		put(y, 51, stet_sparkline(pace, sp1), theme_attr(THEME_NORMAL));
		put(y, 57, stet_sparkline(agree, sp2), theme_attr(THEME_NORMAL));
		put(y, 64, st->pace.fatigue ? "yes" : "no",
		    st->pace.fatigue ? theme_attr(THEME_ERROR) : theme_attr(THEME_DIM));
	}
	if (r->labels_focus)
		footer(r, report_can_open(r) ?
		       "Up/Down · Enter: the items annotators disagree on the label · Tab: pairs · q quits" :
		       "Tab: pairs · q quits");
	else
		footer(r, report_can_open(r) ?
		       "arrows move · Enter: the pair's confusion matrix · Tab: labels · q quits" :
		       n >= 2 ? "arrows move to a pair · Tab: labels · q quits" :
		       "Tab: labels · q quits");
}

static void draw_confusion(struct report *r)
{
	const struct stet_project_ratings *pr = r->pr;
	size_t nc = pr->r.ncat, rows = nc, cols = nc, fa, fb;
	int namew = 14, cellw = 8, y = 2;
	char buf[300];

	/* A schema of many labels scrolls with the cursor, as the grid. */
	if (rows > (size_t)(LINES > 4 ? LINES - 4 : 1))
		rows = (size_t)(LINES > 4 ? LINES - 4 : 1);
	if (cols > (size_t)(COLS - 1 - namew) / (size_t)cellw)
		cols = (size_t)(COLS - 1 - namew) / (size_t)cellw;
	if (cols == 0)
		cols = 1;
	fa = window_first(r->ca, rows);
	fb = window_first(r->cb, cols);
	snprintf(buf, sizeof buf, "Confusion: %s (rows) against %s (columns)",
		 pr->raters[r->ra], pr->raters[r->rb]);
	title(buf);
	for (size_t j = 0; j < cols; j++)
		put_name(y, 1 + namew + (int)j * cellw, cellw - 1,
			 report_cat_name(pr, fb + j), theme_attr(THEME_HEADER));
	for (size_t i = 0; i < rows; i++) {
		size_t a = fa + i;

		put_name(y + 1 + (int)i, 1, namew - 1, report_cat_name(pr, a),
			 theme_attr(THEME_HEADER));
		for (size_t j = 0; j < cols; j++) {
			size_t b = fb + j;
			attr_t at = a == b ? theme_attr(THEME_SAVED) :
				r->conf[a * nc + b] ? theme_attr(THEME_ERROR) :
				theme_attr(THEME_DIM);

			if (a == r->ca && b == r->cb)
				at = theme_attr(THEME_CELL);
			snprintf(buf, sizeof buf, "%6llu",
				 (unsigned long long)r->conf[a * nc + b]);
			put(y + 1 + (int)i, 1 + namew + (int)j * cellw, buf, at);
		}
	}
	footer(r, "arrows move · Enter: the items behind the cell · Esc back · q quits");
}

static void item_snippet(struct report *r, size_t row, char *out, size_t len)
{
	struct stet_error err = {0};
	struct stet_txn *txn;
	struct stet_item it;

	snprintf(out, len, "?");
	if (stet_txn_begin_read(r->st, &txn, &err) != STET_OK)
		return;
	stet_item_init(&it);
	if (stet_item_get(txn, r->pr->item_ids[row], &it, &err) == STET_OK) {
		const char *text = it.text ? it.text :
			it.nfields ? it.fields[0].value : "";

		snprintf(out, len, "%-16s %s", it.ext_id ? it.ext_id : "", text);
	}
	stet_item_clear(&it);
	stet_txn_end(txn);
}

static void draw_items(struct report *r)
{
	int rows = LINES - 3;
	char buf[512];

	if (r->label_rows)
		snprintf(buf, sizeof buf, "%zu item%s where annotators disagree on %s",
			 r->nrows, r->nrows == 1 ? "" : "s",
			 r->pr->categories[r->label_sel]);
	else
		snprintf(buf, sizeof buf, "%zu item%s: %s said %s, %s said %s",
			 r->nrows, r->nrows == 1 ? "" : "s",
			 r->pr->raters[r->ra], report_cat_name(r->pr, r->ca),
			 r->pr->raters[r->rb], report_cat_name(r->pr, r->cb));
	title(buf);
	if (r->row_sel < r->row_first)
		r->row_first = r->row_sel;
	if (rows > 0 && r->row_sel >= r->row_first + (size_t)rows)
		r->row_first = r->row_sel - (size_t)rows + 1;
	for (int i = 0; i < rows && r->row_first + (size_t)i < r->nrows; i++) {
		size_t k = r->row_first + (size_t)i;
		attr_t at = k == r->row_sel ? theme_attr(THEME_CELL) :
			theme_attr(THEME_NORMAL);

		item_snippet(r, r->rows[k], buf, sizeof buf);
		term_fill(2 + i, 0, COLS, at);
		put(2 + i, 1, buf, at);
	}
	if (r->nrows == 0)
		put(2, 1, "no items", theme_attr(THEME_DIM));
	footer(r, report_can_open(r) ?
	       "Up/Down · Enter: the item with every label · Esc back · q quits" :
	       "Esc back · q quits");
}

struct draw_wrap {
	const char *text;
	int y, limit;
};

static int draw_wrapped(void *ctx, const struct stet_line *l)
{
	struct draw_wrap *d = ctx;

	if (d->y < d->limit)
		term_put(d->y, 1, COLS - 2, d->text + l->off, l->len,
			 theme_attr(THEME_NORMAL));
	d->y++;
	return 0;
}

static void draw_item(struct report *r)
{
	const struct stet_project_ratings *pr = r->pr;
	size_t row = r->rows[r->row_sel];
	struct stet_buf b;
	struct draw_wrap d;
	char buf[300];
	int y;

	snprintf(buf, sizeof buf, "item %s", r->item.ext_id ? r->item.ext_id : "");
	title(buf);
	stet_buf_init(&b);
	if (r->item.text) {
		stet_text_escape(r->item.text, strlen(r->item.text), 4, true, &b);
	} else {
		for (size_t i = 0; i < r->item.nfields; i++) {
			stet_text_escape(r->item.fields[i].name,
					 strlen(r->item.fields[i].name), 1, false, &b);
			stet_buf_adds(&b, ": ");
			stet_text_escape(r->item.fields[i].value,
					 strlen(r->item.fields[i].value), 1, false, &b);
			stet_buf_addc(&b, '\n');
		}
	}
	d.text = b.data;
	d.y = 2;
	d.limit = LINES - 3 - (int)pr->nraters;
	stet_text_wrap(b.data, b.len, (size_t)COLS - 2, draw_wrapped, &d);
	y = d.y < d.limit ? d.y + 1 : d.limit + 1;
	for (size_t k = 0; k < pr->nraters && y < LINES - 1; k++, y++) {
		uint32_t v = pr->r.v[row * pr->nraters + k];
		char line[600];
		struct stet_buf set;

		stet_buf_init(&set);
		if (pr->multi && v != STET_MISSING) {
			for (size_t c = 0; c < pr->ncat; c++)
				if (pr->sets[(row * pr->nraters + k) * pr->words + c / 64] >>
				    (c % 64) & 1)
					stet_buf_printf(&set, "%s%s", set.len ? "," : "",
							pr->categories[c]);
		}
		snprintf(line, sizeof line, "%-16s %s", pr->raters[k],
			 v == STET_MISSING ? "-" :
			 pr->multi ? (set.len ? set.data : "") : pr->categories[v]);
		put(y, 1, line, v == STET_MISSING ? theme_attr(THEME_DIM) :
		    theme_attr(THEME_CHOSEN));
		stet_buf_free(&set);
	}
	stet_buf_free(&b);
	footer(r, "Esc back · q quits");
}

void report_draw(struct screen *sc)
{
	struct report *r = sc->data;

	switch (r->at) {
	case AT_MATRIX: draw_matrix(r); break;
	case AT_CONFUSION: draw_confusion(r); break;
	case AT_ITEMS: draw_items(r); break;
	case AT_ITEM: draw_item(r); break;
	}
}

