/* Drawing stet review's screen of spans, from the state alone:
 *
 *   title     stet review, the project, the lead, "spans", the item's id
 *   text      each line of the item's text as the span view draws it
 *             (right-to-left runs in reading order), coloured by the
 *             selected row's spans (or the set being edited, with the
 *             token cursor), and under it one row of marks per
 *             annotator ("1 ana"), then the decision's ("decision") and
 *             the edited set's ("edit"): brackets and label names, or
 *             tags under their tokens, so that no colour is needed
 *   labels    the label bar, with their hotkeys
 *   status    position, how many are decided, "saved"
 *   message   what the last key did, or the keys */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_spans.h"
#include "stet/text.h"
#include "theme.h"

#define NAME_COLS 12 /* a row's name is cut to this */
#define TOP 2        /* the first line of the text */

struct order_ctx {
	const struct review_spans_screen *s;
	const struct stet_review_spans_entry *e;
};

static const char *name_of(const struct review_spans_screen *s, uint32_t id)
{
	return stet_review_annotator_name(s->list->annotators,
					  s->list->nannotators, id);
}

static int by_shown(const void *a, const void *b, void *ctx)
{
	const struct order_ctx *oc = ctx;
	const struct stet_review_spans_value *x = &oc->e->values[*(const size_t *)a];
	const struct stet_review_spans_value *y = &oc->e->values[*(const size_t *)b];

	if (oc->s->opts->blind) {
		uint64_t kx = stet_review_blind_key(oc->e->item, x->annotator);
		uint64_t ky = stet_review_blind_key(oc->e->item, y->annotator);

		return (kx > ky) - (kx < ky);
	}
	return strcmp(name_of(oc->s, x->annotator), name_of(oc->s, y->annotator));
}

void review_spans_order(struct review_spans_screen *s)
{
	const struct stet_review_spans_entry *e = &s->list->v[s->pos];
	struct order_ctx oc = {s, e};

	if (e->nvalues > s->caporder) {
		s->caporder = e->nvalues;
		s->order = stet_xrealloc(s->order,
					 s->caporder * sizeof *s->order);
	}
	for (size_t i = 0; i < e->nvalues; i++)
		s->order[i] = i;
	s->norder = e->nvalues;
	if (s->norder > 1)
		qsort_r(s->order, s->norder, sizeof *s->order, by_shown, &oc);
}

void review_spans_row_name(const struct review_spans_screen *s, size_t k,
			   struct stet_buf *out)
{
	const struct stet_review_spans_entry *e = &s->list->v[s->pos];
	const char *n;

	stet_buf_reset(out);
	if (s->opts->blind) {
		stet_buf_printf(out, "annotator %zu", k + 1);
		return;
	}
	n = name_of(s, e->values[s->order[k]].annotator);
	stet_text_escape(n, strlen(n), 1, false, out);
}

int review_spans_body_rows(void)
{
	return LINES - 3 - TOP;
}

/* One row of marks under each line: the annotators', the decision's
 * when there is one, the edited set's while editing. */
struct row {
	const struct stet_span_set *set;
	char name[64];
	attr_t attr;
};

static size_t rows_of(const struct review_spans_screen *s, struct row *r,
		      size_t max)
{
	const struct stet_review_spans_entry *e = &s->list->v[s->pos];
	struct stet_buf name;
	size_t n = 0;
	size_t w;
	bool cut;

	stet_buf_init(&name);
	for (size_t k = 0; k < s->norder && n < max; k++, n++) {
		review_spans_row_name(s, k, &name);
		/* A name cut short ends in an ellipsis. */
		cut = stet_text_width(name.data, name.len) > NAME_COLS;
		stet_text_crop(name.data, name.len, cut ? NAME_COLS - 1 :
			       NAME_COLS, &w);
		if (k < REVIEW_SPANS_KEYS)
			snprintf(r[n].name, sizeof r[n].name, "%zu %.*s%s",
				 k + 1, (int)w, name.data, cut ? "…" : "");
		else
			snprintf(r[n].name, sizeof r[n].name, "  %.*s%s",
				 (int)w, name.data, cut ? "…" : "");
		r[n].set = &e->values[s->order[k]].set;
		r[n].attr = theme_attr(THEME_HEADER);
	}
	stet_buf_free(&name);
	if (e->decided && n < max) {
		snprintf(r[n].name, sizeof r[n].name, "  decision");
		r[n].set = &e->final;
		r[n].attr = theme_attr(THEME_NOTICE);
		n++;
	}
	if (!s->editing && s->row < n)
		r[s->row].attr = theme_attr(THEME_CHOSEN);
	if (s->editing && n < max) {
		snprintf(r[n].name, sizeof r[n].name, "  edit");
		r[n].set = &s->view.sp.set;
		r[n].attr = theme_attr(THEME_CHOSEN);
		n++;
	}
	return n;
}

/* The gutter: as wide as the widest row's name, and a space. */
static int gutter(const struct row *r, size_t n)
{
	int g = 0;

	for (size_t i = 0; i < n; i++) {
		int w = (int)stet_text_width(r[i].name, strlen(r[i].name));

		if (w > g)
			g = w;
	}
	return g + 2;
}

/* The rows line i of the text takes with its marks (drawing nothing). */
static int line_rows(struct review_spans_screen *s, size_t i,
		     const struct row *r, size_t n, int g)
{
	int used = 1;

	if (!item_view_place(&s->view, i, g, COLS - 2 - g))
		return 1 + (int)n;
	for (size_t k = 0; k < n; k++)
		used += span_view_marks(&s->view, r[k].set, i, 0, 0);
	return used;
}

static void follow(struct review_spans_screen *s, const struct row *r,
		   size_t n, int g)
{
	struct label_screen *v = &s->view;
	int used = 0, body = review_spans_body_rows();
	size_t line;

	if (!v->sp.follow || !s->editing || v->nlines == 0)
		return;
	v->sp.follow = false;
	line = span_view_cursor_line(v);
	if (line < v->scroll) {
		v->scroll = line;
		return;
	}
	for (size_t i = v->scroll; i <= line; i++)
		used += line_rows(s, i, r, n, g);
	while (used > body && v->scroll < line)
		used -= line_rows(s, v->scroll++, r, n, g);
}

static void draw_text(struct review_spans_screen *s)
{
	struct label_screen *v = &s->view;
	struct row r[REVIEW_SPANS_KEYS + 8];
	size_t n = rows_of(s, r, sizeof r / sizeof r[0]), i;
	int g = gutter(r, n), cols = COLS - 2 - g, y = TOP;
	int end = TOP + review_spans_body_rows();

	if (v->item.kind != STET_ITEM_TEXT) {
		term_puts(y, 1, COLS - 2,
			  "this item is a table row: spans are marked in text",
			  theme_attr(THEME_DIM));
		return;
	}
	item_view_layout(v, cols);
	follow(s, r, n, g);
	for (i = v->scroll; i < v->nlines && y < end; i++) {
		bool placed = span_view_text_line(v, i, y, g, cols);

		y++;
		for (size_t k = 0; k < n && y < end; k++) {
			term_puts(y, 0, g - 1, r[k].name, r[k].attr);
			if (!placed) {
				y++;
				continue;
			}
			if (r[k].set->n == 0 && i == 0)
				term_puts(y, g, cols, v->sp.tags ? "(no tags)" :
					  "(no spans)", theme_attr(THEME_DIM));
			y += span_view_marks(v, r[k].set, i, y, end - y);
		}
	}
	if (v->scroll > 0)
		term_puts(TOP, COLS - 1, 1, "^", theme_attr(THEME_DIM));
	if (i < v->nlines)
		term_puts(end - 1, COLS - 1, 1, "v", theme_attr(THEME_DIM));
}

static void draw_title(const struct review_spans_screen *s)
{
	char buf[256];

	snprintf(buf, sizeof buf, " stet review  %s  %s  %s%s ",
		 screen_base_name(s->opts->project), s->opts->lead,
		 s->view.sp.tags ? "tags" : "spans",
		 s->opts->blind ? "  blind" : "");
	screen_draw_title(buf, COLS - 10, s->view.loaded &&
			  s->view.item.ext_id ? s->view.item.ext_id : NULL);
}

static void draw_labels(struct review_spans_screen *s, int y)
{
	uint32_t set[64];
	size_t at[64], n = 0;

	/* While editing, the labels of the spans at the cursor. */
	if (s->editing) {
		size_t k = span_view_at_cursor(&s->view, at, 64);

		for (size_t i = 0; i < k; i++)
			set[n++] = s->view.sp.set.v[at[i]].label;
	}
	term_fill(y, 0, COLS, theme_attr(THEME_LABEL));
	screen_draw_labels(y, 1, &s->rev.schema, set, n, "…");
}

static void draw_status(const struct review_spans_screen *s, int y)
{
	size_t n = s->list->n, decided = 0;
	char buf[160];
	int x;

	for (size_t i = 0; i < n; i++)
		decided += s->list->v[i].decided;
	snprintf(buf, sizeof buf, " %zu / %zu ", s->pos + 1, n);
	x = screen_draw_progress(y, buf, s->pos + 1, n);
	snprintf(buf, sizeof buf, "  %zu decided%s", decided,
		 s->editing ? "  editing" : "");
	term_puts(y, x, COLS - x - 7, buf, theme_attr(THEME_STATUS));
	screen_draw_saved(y, &s->view.note);
}

void review_spans_draw(struct screen *sc)
{
	struct review_spans_screen *s = sc->data;

	draw_title(s);
	if (s->view.loaded)
		draw_text(s);
	draw_labels(s, LINES - 3);
	draw_status(s, LINES - 2);
	screen_draw_message(LINES - 1, &s->view.note, s->editing ?
		"w b move · v selects · a label key marks · x deletes · Enter decides · Esc leaves" :
		"Alt-1… take a row · Tab, Enter · e edits · n, Left move · u undo · ? help");
	curs_set(0);
}
