#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "label.h"
#include "stet/text.h"
#include "theme.h"

struct box {
	int top, left, rows, cols;
};

static struct box frame(void)
{
	struct box b;

	b.cols = COLS - 4 < 78 ? COLS - 4 : 78;
	b.rows = LINES - 4;
	b.top = 1;
	b.left = (COLS - b.cols) / 2;
	return b;
}

struct wrap_ctx {
	const struct box *b;
	const char *text;
	size_t skip;  /* lines scrolled past */
	int row;      /* next row inside the box */
	int limit;
	size_t total;
};

static int put_wrapped(void *ctx, const struct stet_line *l)
{
	struct wrap_ctx *w = ctx;

	if (w->total++ < w->skip)
		return 0;
	if (w->row < w->limit)
		term_put_text(w->b->top + 1 + w->row++, w->b->left + 1,
			      w->b->cols - 2, w->text + l->off, l->len,
			      theme_attr(THEME_OVERLAY));
	return 0;
}

void overlay_box(const char *title, const struct stet_buf *text,
		 size_t *scroll, const char *footer)
{
	struct box b = frame();
	struct wrap_ctx w = {&b, text->data, 0, 0, b.rows - 2, 0};
	attr_t a = theme_attr(THEME_OVERLAY);
	size_t lines;

	for (int y = 0; y < b.rows; y++)
		term_fill(b.top + y, b.left, b.cols, a);
	term_put_raw(b.top, b.left + 1, b.cols - 2, title, strlen(title),
		     a | A_BOLD);
	lines = stet_text_wrap(text->data, text->len, (size_t)b.cols - 2,
			       put_wrapped, &(struct wrap_ctx){&b, text->data,
			       SIZE_MAX, 0, 0, 0});
	if (*scroll + (size_t)w.limit > lines)
		*scroll = lines > (size_t)w.limit ? lines - (size_t)w.limit : 0;
	w.skip = *scroll;
	stet_text_wrap(text->data, text->len, (size_t)b.cols - 2, put_wrapped, &w);
	term_puts(b.top + b.rows - 1, b.left + 1, b.cols - 2, footer,
		  theme_attr(THEME_DIM));
}

void overlay_help_labels(struct stet_buf *out, const struct stet_schema *sc,
			 const char *intro)
{
	stet_buf_printf(out, "%s\n", intro);
	for (size_t i = 0; i < sc->nlabels; i++) {
		if (!sc->labels[i].key[0])
			continue;
		stet_buf_printf(out, "  %-10s %s\n", sc->labels[i].key,
				sc->labels[i].name);
	}
}

static void guide_text(const struct label_screen *s, struct stet_buf *out)
{
	const struct stet_schema *sc = &s->lab.schema;
	struct stet_buf esc;

	stet_buf_init(&esc);
	for (size_t i = 0; i < sc->nlabels; i++) {
		const struct stet_label *l = &sc->labels[i];

		stet_buf_printf(out, "%s%s%s%s\n", l->name,
				l->key[0] ? "  (key " : "", l->key,
				l->key[0] ? ")" : "");
		stet_buf_reset(&esc);
		if (l->description)
			stet_text_escape(l->description, strlen(l->description),
					 1, false, &esc);
		stet_buf_printf(out, "    %s\n\n",
				esc.len ? esc.data : "(no guideline written)");
	}
	stet_buf_free(&esc);
}

void overlay_cell(const struct label_screen *v, size_t *scroll)
{
	const struct stet_field *f = v->cell < v->item.nfields ?
		&v->item.fields[v->cell] : NULL;
	struct stet_buf text;
	char title[300];

	stet_buf_init(&text);
	if (f != NULL)
		stet_text_escape(f->value, strlen(f->value), 4, true, &text);
	snprintf(title, sizeof title, "column %s", f ? f->name : "");
	overlay_box(title, &text, scroll, "j/k scroll · Esc or v closes");
	stet_buf_free(&text);
}

static bool matches(const char *name, const char *filter)
{
	size_t n = strlen(filter);

	for (; *name; name++) {
		size_t i = 0;

		while (i < n && name[i] &&
		       tolower((unsigned char)name[i]) ==
		       tolower((unsigned char)filter[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

size_t overlay_pick_list(const struct label_screen *s, uint32_t *ids,
			 size_t max)
{
	const struct stet_schema *sc = &s->lab.schema;
	const char *filter = s->pick_filter.len ? s->pick_filter.data : "";
	size_t n = 0;

	for (size_t i = 0; i < sc->nlabels && n < max; i++)
		if (matches(sc->labels[i].name, filter))
			ids[n++] = sc->labels[i].id;
	return n;
}

static void draw_pick(struct label_screen *s)
{
	struct box b = frame();
	uint32_t ids[STET_MAX_LABELS];
	size_t n = overlay_pick_list(s, ids, STET_MAX_LABELS), first = 0;
	attr_t a = theme_attr(THEME_OVERLAY);
	int x, rows = b.rows - 3;

	for (int y = 0; y < b.rows; y++)
		term_fill(b.top + y, b.left, b.cols, a);
	x = b.left + 1 + term_puts(b.top, b.left + 1, b.cols - 2, "label: ",
				   a | A_BOLD);
	term_put(b.top, x, b.cols - (x - b.left) - 1,
		 s->pick_filter.data, s->pick_filter.len, a);
	if (s->pick_sel >= n)
		s->pick_sel = n ? n - 1 : 0;
	if (rows > 0 && s->pick_sel >= (size_t)rows)
		first = s->pick_sel - (size_t)rows + 1;
	for (int r = 0; r < rows && first + (size_t)r < n; r++) {
		size_t i = first + (size_t)r;
		const struct stet_label *l = stet_schema_find_id(&s->lab.schema, ids[i]);
		attr_t la = i == s->pick_sel ? theme_attr(THEME_CHOSEN) : a;

		term_fill(b.top + 2 + r, b.left + 1, b.cols - 2, la);
		term_put_text(b.top + 2 + r, b.left + 2, b.cols - 4, l->name,
			      strlen(l->name), la);
	}
	if (n == 0)
		term_puts(b.top + 2, b.left + 2, b.cols - 4, "no label matches", a);
	term_puts(b.top + b.rows - 1, b.left + 1, b.cols - 2,
		  "type to filter · Up/Down · Enter chooses · Esc cancels",
		  theme_attr(THEME_DIM));
}

void overlay_draw(struct label_screen *s)
{
	struct stet_buf text;

	if (s->mode == MODE_PICK) {
		draw_pick(s);
		return;
	}
	if (s->mode == MODE_CELL) {
		overlay_cell(s, &s->overlay_scroll);
		return;
	}
	if (s->mode != MODE_GUIDE)
		return;
	stet_buf_init(&text);
	guide_text(s, &text);
	overlay_box("Guidelines", &text, &s->overlay_scroll,
		    "j/k scroll · Esc or G closes");
	stet_buf_free(&text);
}
