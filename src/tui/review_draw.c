/* Drawing the `stet review` screen, from the state alone:
 *
 *   title     stet review, the project, the lead, the item's id
 *   item      as stet label draws it (item_view.c)
 *   values    each annotator's label side by side, with their names
 *             (or "annotator 1", "annotator 2" in a blind review)
 *   decision  the final label standing now, and who decided it
 *   labels    the label bar, the decision (or the set being chosen)
 *             in brackets
 *   status    position, how many are decided, "saved"
 *   message   what the last key did, or the keys */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review.h"
#include "stet/text.h"
#include "theme.h"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

struct order_ctx {
	const struct review_screen *s;
	const struct stet_review_entry *e;
};

static int by_shown(const void *a, const void *b, void *ctx)
{
	const struct order_ctx *sorting = ctx;
	const struct stet_review_entry *e = sorting->e;
	const struct stet_review_value *x = &e->values[*(const size_t *)a];
	const struct stet_review_value *y = &e->values[*(const size_t *)b];

	if (sorting->s->opts->blind) {
		uint64_t kx = stet_review_blind_key(e->item, x->annotator);
		uint64_t ky = stet_review_blind_key(e->item, y->annotator);

		return (kx > ky) - (kx < ky);
	}
	return strcmp(stet_review_name(sorting->s->list, x->annotator),
		      stet_review_name(sorting->s->list, y->annotator));
}

void review_value_order(const struct review_screen *s,
			const struct stet_review_entry *e, size_t *idx)
{
	struct order_ctx oc = {s, e};

	for (size_t i = 0; i < e->nvalues; i++)
		idx[i] = i;
	qsort_r(idx, e->nvalues, sizeof *idx, by_shown, &oc);
}

static size_t label_index(const struct stet_schema *sc, uint32_t id)
{
	for (size_t i = 0; i < sc->nlabels; i++)
		if (sc->labels[i].id == id)
			return i;
	return 0;
}

/* "POSITIVE" or "A,B"; drawn with term_put_raw, which escapes. */
static void labels_text(const struct review_screen *s, const uint32_t *ids,
			size_t n, struct stet_buf *out)
{
	stet_buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		const struct stet_label *l = stet_schema_find_id(&s->rev.schema,
								 ids[i]);

		stet_buf_printf(out, "%s%s", i ? "," : "", l ? l->name : "?");
	}
	if (n == 0)
		stet_buf_adds(out, "(no label)");
}

static attr_t value_attr(const struct review_screen *s, const uint32_t *ids,
			 size_t n)
{
	const struct stet_schema *sc = &s->rev.schema;
	const struct stet_label *l;

	if (n != 1 || (l = stet_schema_find_id(sc, ids[0])) == NULL)
		return theme_attr(THEME_NORMAL) | A_BOLD;
	return theme_label_attr(l->colour, label_index(sc, ids[0])) | A_BOLD;
}

/* The values laid out side by side, "name  LABEL" cells separated by
 * three spaces, wrapping onto more rows; draws them when draw is true.
 * Returns the rows used (at most max). */
static int values_rows(const struct review_screen *s, int top, int max,
		       bool draw)
{
	const struct stet_review_entry *e = &s->list->v[s->pos];
	size_t *idx = stet_xcalloc(e->nvalues + 1, sizeof *idx);
	struct stet_buf name, labels;
	int x = 1, row = 0;

	stet_buf_init(&name);
	stet_buf_init(&labels);
	review_value_order(s, e, idx);
	for (size_t k = 0; k < e->nvalues && row < max; k++) {
		const struct stet_review_value *v = &e->values[idx[k]];
		int wn, wl, need;

		stet_buf_reset(&name);
		if (s->opts->blind) {
			stet_buf_printf(&name, "annotator %zu", k + 1);
		} else {
			const char *n = stet_review_name(s->list, v->annotator);

			stet_text_escape(n, strlen(n), 1, false, &name);
		}
		labels_text(s, v->labels, v->nlabels, &labels);
		wn = (int)stet_text_width(name.data, name.len);
		wl = (int)stet_text_width(labels.data, labels.len);
		need = wn + 2 + wl;
		if (x > 1 && x + need > COLS - 1) {
			row++;
			x = 1;
			if (row >= max) {
				/* More values than rows: say so. */
				if (draw)
					term_puts(top + max - 1, COLS - 2, 1, "…",
						  theme_attr(THEME_DIM));
				break;
			}
		}
		if (draw) {
			int at = x;

			at += term_put(top + row, at, COLS - 1 - at, name.data,
				       name.len, theme_attr(THEME_HEADER));
			at += term_puts(top + row, at, COLS - 1 - at, "  ",
					theme_attr(THEME_NORMAL));
			term_put_raw(top + row, at, COLS - 1 - at, labels.data,
				     labels.len,
				     value_attr(s, v->labels, v->nlabels));
		}
		x += need + 3;
	}
	stet_buf_free(&name);
	stet_buf_free(&labels);
	free(idx);
	return row + 1 < max ? row + 1 : max;
}

/* Rows under the item: a rule, the values, the decision. */
static int panel_rows(const struct review_screen *s)
{
	int max = (LINES - 4) / 2;

	if (max < 3)
		max = 3;
	if (!s->view.loaded)
		return 2;
	return 2 + values_rows(s, 0, max - 2, false);
}

int review_item_rows(struct review_screen *s)
{
	int rows = LINES - 4 - panel_rows(s);
	int meta = s->view.show_meta ? rows / 3 : 0;

	return rows - meta - 1;
}

static void draw_title(const struct review_screen *s)
{
	attr_t a = theme_attr(THEME_TITLE);
	char buf[256];
	int x;

	term_fill(0, 0, COLS, a);
	snprintf(buf, sizeof buf, " stet review  %s  %s%s ",
		 base_name(s->opts->project), s->opts->lead,
		 s->opts->blind ? "  blind" : "");
	x = term_puts(0, 0, COLS - 10, buf, a | A_BOLD);
	if (s->view.loaded && s->view.item.ext_id) {
		x += term_puts(0, x, COLS - x - 10, " item ", a);
		x += term_put_raw(0, x, COLS - x - 10, s->view.item.ext_id,
				  strlen(s->view.item.ext_id), a);
	}
	(void)x;
	term_puts(0, COLS - 8, 8, " ? help ", a);
}

static void draw_panel(const struct review_screen *s, int top, int rows)
{
	const struct stet_review_entry *e = &s->list->v[s->pos];
	struct stet_buf text;
	int x;

	term_fill(top, 0, COLS, theme_attr(THEME_DIM));
	term_puts(top, 1, COLS - 2, s->opts->blind ?
		  "labels (blind)" : "labels", theme_attr(THEME_DIM));
	values_rows(s, top + 1, rows - 2, true);
	stet_buf_init(&text);
	x = 1 + term_puts(top + rows - 1, 1, COLS - 2, "decision  ",
			  theme_attr(THEME_HEADER));
	if (e->decided) {
		labels_text(s, e->final, e->nfinal, &text);
		x += term_put_raw(top + rows - 1, x, COLS - 1 - x, text.data,
				  text.len, value_attr(s, e->final, e->nfinal));
		stet_buf_reset(&text);
		stet_buf_printf(&text, "  by %s",
				stet_review_name(s->list, e->final_by));
		term_put_raw(top + rows - 1, x, COLS - 1 - x, text.data,
			     text.len, theme_attr(THEME_DIM));
	} else {
		term_puts(top + rows - 1, x, COLS - 1 - x, "none yet",
			  theme_attr(THEME_DIM));
	}
	stet_buf_free(&text);
}

static bool is_chosen(const struct review_screen *s, uint32_t id)
{
	const struct stet_review_entry *e = &s->list->v[s->pos];
	const uint32_t *set = s->rev.schema.multi ? s->chosen : e->final;
	size_t n = s->rev.schema.multi ? s->nchosen :
		e->decided ? e->nfinal : 0;

	for (size_t i = 0; i < n; i++)
		if (set[i] == id)
			return true;
	return false;
}

static void draw_labels(const struct review_screen *s, int y)
{
	const struct stet_schema *sc = &s->rev.schema;
	attr_t bar = theme_attr(THEME_LABEL);
	int x = 1;

	term_fill(y, 0, COLS, bar);
	for (size_t i = 0; i < sc->nlabels; i++) {
		const struct stet_label *l = &sc->labels[i];
		bool on = is_chosen(s, l->id);
		attr_t name = on ? theme_attr(THEME_CHOSEN) :
			theme_label_attr(l->colour, i);
		int need = (int)stet_text_width(l->name, strlen(l->name)) +
			(l->key[0] ? 2 + (int)stet_text_width(l->key, strlen(l->key)) : 2);

		if (x + need + 4 > COLS) {
			term_puts(y, x, COLS - x, "…", theme_attr(THEME_HOTKEY));
			break;
		}
		x += term_puts(y, x, 1, on ? "[" : " ", on ? name : bar);
		if (l->key[0]) {
			x += term_puts(y, x, COLS - x, l->key,
				       on ? name : theme_attr(THEME_HOTKEY));
			x += term_puts(y, x, 1, " ", on ? name : bar);
		}
		x += term_puts(y, x, COLS - x, l->name, name);
		x += term_puts(y, x, 1, on ? "]" : " ", on ? name : bar);
		x += term_puts(y, x, 1, " ", bar);
	}
}

static void draw_status(const struct review_screen *s, int y)
{
	attr_t a = theme_attr(THEME_STATUS);
	size_t n = s->list->n, decided = 0;
	char buf[160];
	int x, bar = COLS >= 80 ? 20 : 10, filled;

	for (size_t i = 0; i < n; i++)
		decided += s->list->v[i].decided;
	term_fill(y, 0, COLS, a);
	snprintf(buf, sizeof buf, " %zu / %zu ", s->pos + 1, n);
	x = term_puts(y, 0, COLS, buf, a | A_BOLD);
	filled = n ? (int)((s->pos + 1) * (size_t)bar / n) : 0;
	x += term_puts(y, x, 1, "[", a);
	for (int i = 0; i < bar; i++)
		x += term_puts(y, x, 1, i < filled ? "=" : " ",
			       i < filled ? theme_attr(THEME_PROGRESS) : a);
	x += term_puts(y, x, 1, "]", a);
	snprintf(buf, sizeof buf, "  %zu decided", decided);
	x += term_puts(y, x, COLS - x - 7, buf, a);
	(void)x;
	if (s->note == NOTE_SAVED)
		term_puts(y, COLS - 7, 7, " saved ", theme_attr(THEME_SAVED));
}

static void draw_message(const struct review_screen *s, int y)
{
	static const enum theme_role roles[] = {
		[NOTE_NONE] = THEME_DIM, [NOTE_SAVED] = THEME_SAVED,
		[NOTE_INFO] = THEME_NOTICE, [NOTE_ERROR] = THEME_ERROR,
	};

	term_fill(y, 0, COLS, theme_attr(THEME_NORMAL));
	if (s->note == NOTE_NONE)
		term_puts(y, 1, COLS - 1, s->rev.schema.multi ?
			  "keys toggle labels · Enter decides · n/b move · u undo · ? help · q quit" :
			  "a label key decides and goes on · n/b move · u undo · ? help · q quit",
			  theme_attr(THEME_DIM));
	else
		term_puts(y, 1, COLS - 1, s->message, theme_attr(roles[s->note]));
}

/* ---- the help and cell boxes ---- */

struct wrap_ctx {
	const char *text;
	int top, left, cols;
	size_t skip;   /* lines scrolled past */
	int row, limit;
	size_t total;
};

static int put_wrapped(void *ctx, const struct stet_line *l)
{
	struct wrap_ctx *w = ctx;

	if (w->total++ < w->skip)
		return 0;
	if (w->row < w->limit)
		term_put(w->top + w->row++, w->left, w->cols,
			 w->text + l->off, l->len, theme_attr(THEME_OVERLAY));
	return 0;
}

static void draw_box(const char *title, const struct stet_buf *text,
		     size_t *scroll, const char *footer)
{
	int cols = COLS - 4 < 78 ? COLS - 4 : 78, rows = LINES - 4;
	int left = (COLS - cols) / 2, top = 1;
	struct wrap_ctx w = {text->data, top + 1, left + 1, cols - 2, SIZE_MAX,
			     0, 0, 0};
	attr_t a = theme_attr(THEME_OVERLAY);
	size_t lines;

	for (int y = 0; y < rows; y++)
		term_fill(top + y, left, cols, a);
	term_put_raw(top, left + 1, cols - 2, title, strlen(title), a | A_BOLD);
	lines = stet_text_wrap(text->data, text->len, (size_t)cols - 2,
			       put_wrapped, &w);
	w.limit = rows - 2;
	if (*scroll + (size_t)w.limit > lines)
		*scroll = lines > (size_t)w.limit ? lines - (size_t)w.limit : 0;
	w.skip = *scroll;
	w.total = 0;
	stet_text_wrap(text->data, text->len, (size_t)cols - 2, put_wrapped, &w);
	term_puts(top + rows - 1, left + 1, cols - 2, footer,
		  theme_attr(THEME_DIM));
}

static void help_text(const struct review_screen *s, struct stet_buf *out)
{
	const struct stet_schema *sc = &s->rev.schema;
	char keys[64];

	stet_buf_adds(out, sc->multi ?
		      "Label keys toggle a label of the decision; Enter decides.\n" :
		      "A label key decides the item with that label and moves on.\n");
	for (size_t i = 0; i < sc->nlabels; i++)
		if (sc->labels[i].key[0])
			stet_buf_printf(out, "  %-10s %s\n", sc->labels[i].key,
					sc->labels[i].name);
	stet_buf_adds(out, "\n");
	for (size_t i = 0; i < review_nbindings; i++) {
		const struct stet_binding *b = &review_bindings[i];
		size_t o = 0;

		keys[0] = '\0';
		for (int k = 0; k < STET_BINDING_KEYS && b->keys[k]; k++)
			o += (size_t)snprintf(keys + o, sizeof keys - o, "%s%s",
					      k ? " " : "", b->keys[k]);
		stet_buf_printf(out, "  %-10s %s\n", keys, b->help);
	}
	stet_buf_adds(out, "\nEvery decision is saved when the status line says saved.");
}

static void draw_overlay(struct review_screen *s)
{
	struct stet_buf text, escaped;
	char title[300];

	stet_buf_init(&text);
	if (s->mode == REVIEW_HELP) {
		help_text(s, &text);
		stet_buf_init(&escaped);
		stet_text_escape(text.data, text.len, 4, true, &escaped);
		draw_box("Keys of stet review", &escaped, &s->overlay_scroll,
			 "j/k scroll · Esc or ? closes");
		stet_buf_free(&escaped);
	} else if (s->view.cell < s->view.item.nfields) {
		const struct stet_field *f = &s->view.item.fields[s->view.cell];

		stet_text_escape(f->value, strlen(f->value), 4, true, &text);
		snprintf(title, sizeof title, "column %s", f->name);
		draw_box(title, &text, &s->overlay_scroll,
			 "j/k scroll · Esc or v closes");
	}
	stet_buf_free(&text);
}

static void draw_too_small(void)
{
	char buf[64];

	erase();
	term_puts(LINES / 2 > 0 ? LINES / 2 - 1 : 0, 0, COLS,
		  "terminal too small", theme_attr(THEME_ERROR));
	snprintf(buf, sizeof buf, "%dx%d, needs %dx%d", COLS, LINES,
		 TUI_MIN_COLS, TUI_MIN_LINES);
	if (LINES > 1)
		term_puts(LINES / 2, 0, COLS, buf, theme_attr(THEME_NORMAL));
}

void review_draw(struct review_screen *s)
{
	int panel, rows;

	s->too_small = COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
	if (s->too_small) {
		draw_too_small();
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	erase();
	panel = panel_rows(s);
	rows = LINES - 4 - panel;
	draw_title(s);
	item_view_draw(&s->view, 1, rows);
	if (s->view.loaded)
		draw_panel(s, 1 + rows, panel);
	draw_labels(s, LINES - 3);
	draw_status(s, LINES - 2);
	if (s->mode != REVIEW_ITEM)
		draw_overlay(s);
	draw_message(s, LINES - 1);
	wnoutrefresh(stdscr);
	doupdate();
}
