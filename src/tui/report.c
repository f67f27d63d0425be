/* `stet report`: the agreement report for leads, full-screen
 * (screen_report, screens.h). The pairwise kappa matrix as a coloured
 * grid and the per-label table; Enter on a pair opens its confusion
 * matrix, Enter on a cell lists the items behind it, Enter on a label
 * lists the items annotators disagree on it, Enter on an item shows it
 * with every annotator's label. Esc goes back a level, q quits. A
 * footer names Enter only where Enter opens something. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/agree.h"
#include "stet/item.h"
#include "stet/ratings.h"
#include "stet/session_labels.h"
#include "stet/stats.h"
#include "stet/text.h"
#include "screen.h"
#include "theme.h"
#include "tui.h"

enum level { AT_MATRIX, AT_CONFUSION, AT_ITEMS, AT_ITEM };

struct report {
	struct stet_store *st;
	const struct stet_project_ratings *pr;
	enum level at;
	bool labels_focus;  /* the per-label table, not the grid */
	size_t ra, rb;      /* the pair under the cursor in the grid */
	size_t label_sel;
	double *kappa;      /* nraters * nraters */
	uint64_t *dis;      /* disagreements by category */
	double *label_kappa; /* one-vs-rest, by category */
	struct stet_session_stats *ss; /* per session, for its table */
	size_t nss;
	struct stet_session_labels sl;
	bool have_sl;
	uint64_t *conf;     /* ncat * ncat of the open pair */
	size_t ca, cb;      /* the confusion cell under the cursor */
	size_t *rows;       /* the items behind that cell, or that label */
	bool label_rows;    /* rows are the label_sel's disagreements */
	size_t nrows, row_sel, row_first;
	struct stet_item item;
	struct screen_note note; /* an error of the last key */
};

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

/* Whether Enter opens something where the cursor is: the footer
 * names Enter only then. */
static bool can_open(const struct report *r)
{
	switch (r->at) {
	case AT_MATRIX:
		if (r->labels_focus)
			return r->label_sel < r->pr->ncat;
		return r->pr->nraters >= 2 && r->ra != r->rb;
	case AT_CONFUSION:
		return true;
	case AT_ITEMS:
		return r->nrows > 0;
	case AT_ITEM:
		break;
	}
	return false;
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
		snprintf(line, sizeof line, "%-14.14s %-16.16s %7zu  ",
			 st->s->name, st->s->annotator_name, st->s->nitems);
		put(y, 1, line, theme_attr(THEME_NORMAL));
		fmt_kappa(ag.percent, buf, sizeof buf);
		put(y, 42, buf, theme_attr(THEME_NORMAL));
		put(y, 51, stet_sparkline(pace, sp1), theme_attr(THEME_NORMAL));
		put(y, 57, stet_sparkline(agree, sp2), theme_attr(THEME_NORMAL));
		put(y, 64, st->pace.fatigue ? "yes" : "no",
		    st->pace.fatigue ? theme_attr(THEME_ERROR) : theme_attr(THEME_DIM));
	}
	if (r->labels_focus)
		footer(r, can_open(r) ?
		       "Up/Down · Enter: the items annotators disagree on the label · Tab: pairs · q quits" :
		       "Tab: pairs · q quits");
	else
		footer(r, can_open(r) ?
		       "arrows move · Enter: the pair's confusion matrix · Tab: labels · q quits" :
		       n >= 2 ? "arrows move to a pair · Tab: labels · q quits" :
		       "Tab: labels · q quits");
}

static void open_pair(struct report *r)
{
	size_t nc = r->pr->r.ncat;

	free(r->conf);
	r->conf = stet_xcalloc(nc * nc + 1, sizeof *r->conf);
	stet_confusion(&r->pr->r, r->ra, r->rb, r->conf);
	r->ca = r->cb = 0;
	r->at = AT_CONFUSION;
}

static const char *cat_name(const struct stet_project_ratings *pr, size_t c)
{
	return pr->multi ? "(a set)" : pr->categories[c];
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
			 cat_name(pr, fb + j), theme_attr(THEME_HEADER));
	for (size_t i = 0; i < rows; i++) {
		size_t a = fa + i;

		put_name(y + 1 + (int)i, 1, namew - 1, cat_name(pr, a),
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

static void open_cell(struct report *r)
{
	const struct stet_ratings *rt = &r->pr->r;

	free(r->rows);
	r->rows = stet_xcalloc(rt->nitems + 1, sizeof *r->rows);
	r->nrows = 0;
	for (size_t i = 0; i < rt->nitems; i++)
		if (rt->v[i * rt->nraters + r->ra] == r->ca &&
		    rt->v[i * rt->nraters + r->rb] == r->cb)
			r->rows[r->nrows++] = i;
	r->row_sel = r->row_first = 0;
	r->label_rows = false;
	r->at = AT_ITEMS;
}

/* Whether rater k's value on row i has label c; false without one. */
static bool said(const struct stet_project_ratings *pr, size_t i, size_t k,
		 size_t c, bool *has_value)
{
	size_t at = i * pr->nraters + k;

	if (pr->multi) {
		*has_value = !pr->missing[at];
		return *has_value && (pr->sets[at * pr->words + c / 64] >>
				      (c % 64) & 1);
	}
	*has_value = pr->r.v[at] != STET_MISSING;
	return pr->r.v[at] == c;
}

/* The items where one annotator's value has the selected label and
 * another's has not: where the label's disagreements are. */
static void open_label(struct report *r)
{
	const struct stet_project_ratings *pr = r->pr;
	size_t c = r->label_sel;

	if (c >= pr->ncat)
		return;
	free(r->rows);
	r->rows = stet_xcalloc(pr->r.nitems + 1, sizeof *r->rows);
	r->nrows = 0;
	for (size_t i = 0; i < pr->r.nitems; i++) {
		bool with = false, without = false, has;

		for (size_t k = 0; k < pr->nraters; k++) {
			if (said(pr, i, k, c, &has))
				with = true;
			else if (has)
				without = true;
		}
		if (with && without)
			r->rows[r->nrows++] = i;
	}
	r->row_sel = r->row_first = 0;
	r->label_rows = true;
	r->at = AT_ITEMS;
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
			 r->pr->raters[r->ra], cat_name(r->pr, r->ca),
			 r->pr->raters[r->rb], cat_name(r->pr, r->cb));
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
	footer(r, can_open(r) ?
	       "Up/Down · Enter: the item with every label · Esc back · q quits" :
	       "Esc back · q quits");
}

static void open_item(struct report *r)
{
	struct stet_error err = {0};
	struct stet_txn *txn;

	if (r->nrows == 0)
		return;
	stet_item_clear(&r->item);
	if (stet_txn_begin_read(r->st, &txn, &err) != STET_OK) {
		screen_note_error(&r->note, "cannot read the item", &err);
		return;
	}
	if (stet_item_get(txn, r->pr->item_ids[r->rows[r->row_sel]], &r->item,
			  &err) == STET_OK)
		r->at = AT_ITEM;
	else
		screen_note_error(&r->note, "cannot read the item", &err);
	stet_txn_end(txn);
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

static void report_draw(struct screen *sc)
{
	struct report *r = sc->data;

	switch (r->at) {
	case AT_MATRIX: draw_matrix(r); break;
	case AT_CONFUSION: draw_confusion(r); break;
	case AT_ITEMS: draw_items(r); break;
	case AT_ITEM: draw_item(r); break;
	}
}

static void move_in(size_t *v, size_t n, int d)
{
	if (d < 0 && *v > 0)
		(*v)--;
	else if (d > 0 && *v + 1 < n)
		(*v)++;
}

/* The arrows move the cursor of the level on screen: a pair of the
 * grid or a label of the table, a confusion cell, an item of a list. */
static unsigned move_cursor(struct screen *sc, int down, int right)
{
	struct report *r = sc->data;
	size_t n = r->pr->nraters, nc = r->pr->r.ncat;

	switch (r->at) {
	case AT_MATRIX:
		if (r->labels_focus) {
			move_in(&r->label_sel, r->pr->ncat, down);
		} else {
			move_in(&r->ra, n, down);
			move_in(&r->rb, n, right);
		}
		break;
	case AT_CONFUSION:
		move_in(&r->ca, nc, down);
		move_in(&r->cb, nc, right);
		break;
	case AT_ITEMS:
		move_in(&r->row_sel, r->nrows, down);
		break;
	case AT_ITEM:
		return SCREEN_SAME;
	}
	return SCREEN_DRAW;
}

static unsigned act_up(struct screen *sc)
{
	return move_cursor(sc, -1, 0);
}

static unsigned act_down(struct screen *sc)
{
	return move_cursor(sc, +1, 0);
}

static unsigned act_left(struct screen *sc)
{
	return move_cursor(sc, 0, -1);
}

static unsigned act_right(struct screen *sc)
{
	return move_cursor(sc, 0, +1);
}

static unsigned act_focus(struct screen *sc)
{
	struct report *r = sc->data;

	if (r->at != AT_MATRIX)
		return SCREEN_SAME;
	r->labels_focus = !r->labels_focus;
	return SCREEN_DRAW;
}

static unsigned act_open(struct screen *sc)
{
	struct report *r = sc->data;

	if (!can_open(r))
		return SCREEN_SAME;
	switch (r->at) {
	case AT_MATRIX:
		if (r->labels_focus)
			open_label(r);
		else
			open_pair(r);
		break;
	case AT_CONFUSION: open_cell(r); break;
	case AT_ITEMS: open_item(r); break;
	case AT_ITEM: break;
	}
	return SCREEN_DRAW;
}

static unsigned act_back(struct screen *sc)
{
	static const enum level up[] = {
		[AT_MATRIX] = AT_MATRIX, [AT_CONFUSION] = AT_MATRIX,
		[AT_ITEMS] = AT_CONFUSION, [AT_ITEM] = AT_ITEMS,
	};
	struct report *r = sc->data;

	r->at = r->at == AT_ITEMS && r->label_rows ? AT_MATRIX : up[r->at];
	return SCREEN_DRAW;
}

static const struct screen_binding report_bindings[] = {
	{"up", {"Up", "k"}, "move the cursor up", act_up},
	{"down", {"Down", "j"}, "move the cursor down", act_down},
	{"left", {"Left", "h"}, "move the cursor left (the pair grid, a confusion matrix)",
	 act_left},
	{"right", {"Right", "l"}, "move the cursor right (the pair grid, a confusion matrix)",
	 act_right},
	{"focus", {"Tab"}, "between the pair grid and the label table",
	 act_focus},
	{"open", {"Enter"},
	 "open the pair, cell, label or item under the cursor", act_open},
	{"back", {"Esc", "Backspace"}, "back a level", act_back},
	{"help", {"?"}, "this help", screen_act_help},
	{"redraw", {"Ctrl-L"}, "redraw the screen", screen_act_redraw},
	{"quit", {"q"}, "quit", screen_act_quit},
	{NULL, {NULL}, NULL, NULL},
};

static unsigned report_key(struct screen *sc, const struct tui_key *k)
{
	struct report *r = sc->data;

	(void)k;
	/* An error answers the key before it. */
	r->note.kind = NOTE_NONE;
	return SCREEN_DRAW | SCREEN_PASS;
}

static void report_help(struct screen *sc, struct stet_buf *head,
			struct stet_buf *foot)
{
	(void)sc;
	(void)head;
	stet_buf_adds(foot, "Kappa colours: .8 and above almost perfect, .6 to .8 substantial, below .6 a warning (Landis and Koch, 1977).");
}

/* The sessions' pace and agreement by quarter, as stet stats gives
 * them, for the session table. */
static int load_sessions(struct report *r, struct stet_error *err)
{
	struct stet_session_labels_opts so = {.words = true, .standing = true};
	struct stet_stats_opts o;

	if (stet_session_labels_load(r->st, &so, &r->sl, err) != STET_OK)
		return STET_ERR;
	r->have_sl = true;
	stet_stats_opts_init(&o);
	r->ss = stet_xcalloc(r->sl.nsessions + 1, sizeof *r->ss);
	for (size_t i = 0; i < r->sl.nsessions; i++)
		if (r->sl.sessions[i].nitems > 0)
			stet_session_stats(&r->sl, &r->sl.sessions[i], &o,
					   &r->ss[r->nss++]);
	return STET_OK;
}

static int report_init(struct screen *sc, struct stet_store *st,
		       const void *opts, struct stet_error *err)
{
	const struct stet_project_ratings *pr =
		((const struct tui_report_opts *)opts)->ratings;
	struct report *r = stet_xcalloc(1, sizeof *r);
	size_t n = pr->nraters;

	sc->data = r;
	r->st = st;
	r->pr = pr;
	r->rb = n > 1 ? 1 : 0;
	stet_item_init(&r->item);
	r->kappa = stet_xcalloc(n * n + 1, sizeof *r->kappa);
	r->dis = stet_xcalloc(pr->r.ncat + 1, sizeof *r->dis);
	stet_disagreements(&pr->r, r->dis);
	/* Computed once: a pass over every item, too much to repeat on
	 * every key. */
	r->label_kappa = stet_xcalloc(pr->r.ncat + 1, sizeof *r->label_kappa);
	stet_label_kappas(&pr->r, r->label_kappa);
	for (size_t a = 0; a < n; a++)
		for (size_t b = 0; b < n; b++) {
			struct stet_pair p;

			r->kappa[a * n + b] = NAN;
			if (a != b) {
				stet_cohen_kappa(&pr->r, a, b, &p);
				r->kappa[a * n + b] = p.kappa;
			}
		}
	return load_sessions(r, err);
}

static int report_free(struct screen *sc, struct stet_error *err)
{
	struct report *r = sc->data;

	(void)err;
	if (r == NULL)
		return STET_OK;
	stet_item_clear(&r->item);
	for (size_t i = 0; i < r->nss; i++)
		stet_session_stats_free(&r->ss[i]);
	free(r->ss);
	if (r->have_sl)
		stet_session_labels_free(&r->sl);
	free(r->kappa);
	free(r->dis);
	free(r->label_kappa);
	free(r->conf);
	free(r->rows);
	free(r);
	sc->data = NULL;
	return STET_OK;
}

const struct screen_type screen_report = {
	.name = "report",
	.title = "Keys of stet report",
	.bindings = report_bindings,
	.init = report_init,
	.draw = report_draw,
	.key = report_key,
	.help = report_help,
	.free = report_free,
};
