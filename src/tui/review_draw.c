/* Drawing the `stet review` screen, from the state alone:
 *
 *   title     stet review, the project, the lead, the item's id
 *   item      as stet label draws it (item_view.c)
 *   values    each annotator's label side by side, with their names
 *             (or "annotator 1", "annotator 2" in a blind review)
 *   notes     the flags and comments annotators left on the item
 *   decision  the final label standing now, and who decided it
 *   labels    the label bar, the decision (or the set being chosen)
 *             in brackets
 *   status    position, how many are decided, "saved"
 *   message   what the last key did, or the keys */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review.h"
#include "stet/label_name.h"
#include "stet/text.h"
#include "theme.h"

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

/* "POSITIVE" or "A,B", a name with a comma quoted as --labels reads
 * it ("Yes, really",B); drawn with term_put_raw, which escapes. */
static void labels_text(const struct review_screen *s, const uint32_t *ids,
			size_t n, struct stet_buf *out)
{
	stet_buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		const struct stet_label *l = stet_schema_find_id(&s->rev.schema,
								 ids[i]);

		if (i > 0)
			stet_buf_addc(out, ',');
		stet_label_quote(l ? l->name : "?", ',', NULL, out);
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

/* The flags and comments, one a row: "flag  ana  the note", the name
 * left out in a blind review. Draws them when draw is true; returns
 * the rows used (at most max, the last saying how many more). */
static int notes_rows(const struct review_screen *s, int top, int max,
		      bool draw)
{
	const struct stet_review_entry *e = &s->list->v[s->pos];
	struct stet_buf line;
	int rows = 0;

	stet_buf_init(&line);
	for (size_t i = 0; i < e->nnotes && rows < max; i++, rows++) {
		const struct stet_note *nt = &e->notes[i];
		int x = 1;

		if (rows == max - 1 && i + 1 < e->nnotes) {
			if (draw) {
				stet_buf_reset(&line);
				stet_buf_printf(&line, "%zu more notes",
						e->nnotes - i);
				term_put(top + rows, x, COLS - 2, line.data,
					 line.len, theme_attr(THEME_DIM));
			}
			rows++;
			break;
		}
		if (!draw)
			continue;
		x += term_puts(top + rows, x, COLS - 1 - x,
			       nt->flag ? "flag     " : "comment  ",
			       theme_attr(nt->flag ? THEME_NOTICE :
					  THEME_HEADER));
		if (!s->opts->blind) {
			const char *n = stet_review_name(s->list, nt->annotator);

			stet_buf_reset(&line);
			stet_text_escape(n, strlen(n), 1, false, &line);
			stet_buf_adds(&line, "  ");
			x += term_put(top + rows, x, COLS - 1 - x, line.data,
				      line.len, theme_attr(THEME_HEADER));
		}
		if (nt->text != NULL)
			term_put_raw(top + rows, x, COLS - 1 - x, nt->text,
				     strlen(nt->text), theme_attr(THEME_NORMAL));
	}
	stet_buf_free(&line);
	return rows;
}

/* Rows under the item: a rule, the values, the notes, the decision. */
static int panel_rows(const struct review_screen *s)
{
	int max = (LINES - 4) / 2, values;

	if (max < 3)
		max = 3;
	if (!s->view.loaded)
		return 2;
	values = values_rows(s, 0, max - 2, false);
	return 2 + values + notes_rows(s, 0, max - 2 - values, false);
}

int review_item_rows(struct review_screen *s)
{
	int rows = LINES - 4 - panel_rows(s);
	int meta = s->view.show_meta ? rows / 3 : 0;

	return rows - meta - 1;
}

static void draw_title(const struct review_screen *s)
{
	char buf[256];

	snprintf(buf, sizeof buf, " stet review  %s  %s%s%s ",
		 screen_base_name(s->opts->project), s->opts->lead,
		 s->opts->blind ? "  blind" : "",
		 s->opts->flagged ? "  flagged" : "");
	screen_draw_title(buf, COLS - 10, s->view.loaded && s->view.item.ext_id ?
			  s->view.item.ext_id : NULL);
}

static void draw_panel(const struct review_screen *s, int top, int rows)
{
	const struct stet_review_entry *e = &s->list->v[s->pos];
	struct stet_buf text;
	int x;

	term_fill(top, 0, COLS, theme_attr(THEME_DIM));
	term_puts(top, 1, COLS - 2, s->opts->blind ?
		  "labels (blind)" : "labels", theme_attr(THEME_DIM));
	x = values_rows(s, top + 1, rows - 2, true);
	notes_rows(s, top + 1 + x, rows - 2 - x, true);
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

static void draw_labels(const struct review_screen *s, int y)
{
	/* Multi-label: the set being chosen; else the decision standing. */
	const struct stet_review_entry *e = &s->list->v[s->pos];
	bool multi = s->rev.schema.multi;
	size_t n = multi ? s->nchosen : e->decided ? e->nfinal : 0;

	term_fill(y, 0, COLS, theme_attr(THEME_LABEL));
	screen_draw_labels(y, 1, &s->rev.schema, multi ? s->chosen : e->final,
			   n, "…");
}

static void draw_status(const struct review_screen *s, int y)
{
	attr_t a = theme_attr(THEME_STATUS);
	size_t n = s->list->n, decided = 0;
	char buf[160];
	int x;

	for (size_t i = 0; i < n; i++)
		decided += s->list->v[i].decided;
	snprintf(buf, sizeof buf, " %zu / %zu ", s->pos + 1, n);
	x = screen_draw_progress(y, buf, s->pos + 1, n);
	snprintf(buf, sizeof buf, "  %zu decided", decided);
	x += term_puts(y, x, COLS - x - 7, buf, a);
	if (s->list->v[s->pos].flagged)
		term_puts(y, x, COLS - x - 7, "  flagged",
			  theme_attr(THEME_NOTICE));
	screen_draw_saved(y, &s->note);
}

static void draw_message(const struct review_screen *s, int y)
{
	if (s->mode == REVIEW_PROMPT) {
		prompt_draw(&s->prompt, y, theme_attr(THEME_PROMPT));
		return;
	}
	screen_draw_message(y, &s->note, s->rev.schema.multi ?
		"keys toggle labels · Enter decides · n/b move · u undo · ? help · q quit" :
		"a label key decides and goes on · n/b move · u undo · ? help · q quit");
}

void review_draw(struct screen *sc)
{
	struct review_screen *s = sc->data;
	int panel, rows;

	panel = panel_rows(s);
	rows = LINES - 4 - panel;
	draw_title(s);
	item_view_draw(&s->view, 1, rows);
	if (s->view.loaded)
		draw_panel(s, 1 + rows, panel);
	draw_labels(s, LINES - 3);
	draw_status(s, LINES - 2);
	if (s->mode == REVIEW_CELL && s->view.cell < s->view.item.nfields)
		overlay_cell(&s->view, &s->overlay_scroll);
	draw_message(s, LINES - 1);
	curs_set(s->mode == REVIEW_PROMPT ? 1 : 0);
}
