/* The lines the screens draw alike (screen.h). */
#include <stdio.h>
#include <string.h>

#include "screen.h"
#include "stet/text.h"
#include "theme.h"

static bool in_set(const uint32_t *set, size_t n, uint32_t id)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == id)
			return true;
	return false;
}

const char *screen_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

bool screen_too_small(void)
{
	return COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
}

void screen_draw_too_small(void)
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

void screen_draw_title(const char *head, int head_cols, const char *item_id)
{
	attr_t a = theme_attr(THEME_TITLE);
	int x;

	term_fill(0, 0, COLS, a);
	x = term_puts(0, 0, head_cols, head, a | A_BOLD);
	if (item_id != NULL) {
		x += term_puts(0, x, COLS - x - 10, " item ", a);
		term_put_raw(0, x, COLS - x - 10, item_id, strlen(item_id), a);
	}
	term_puts(0, COLS - 8, 8, " ? help ", a);
}

void screen_draw_labels(int y, int x, const struct stet_schema *sc,
			const uint32_t *set, size_t n, const char *more)
{
	screen_draw_labels_suggested(y, x, sc, set, n, NULL, 0, more);
}

void screen_draw_labels_suggested(int y, int x, const struct stet_schema *sc,
				  const uint32_t *set, size_t n,
				  const uint32_t *sugg, size_t nsugg,
				  const char *more)
{
	attr_t bar = theme_attr(THEME_LABEL);
	/* A label is drawn only with room left for the marker after it. */
	int reserve = (int)stet_text_width(more, strlen(more)) + 3;

	for (size_t i = 0; i < sc->nlabels; i++) {
		const struct stet_label *l = &sc->labels[i];
		bool suggested = in_set(sugg, nsugg, l->id);
		bool on = suggested || in_set(set, n, l->id);
		attr_t name = suggested ? theme_attr(THEME_SUGGESTED) :
			on ? theme_attr(THEME_CHOSEN) :
			theme_label_attr(l->colour, i);
		const char *open = suggested ? "<" : on ? "[" : " ";
		const char *close = suggested ? ">" : on ? "]" : " ";
		int key = (int)stet_text_width(l->key, strlen(l->key));
		int need = (int)stet_text_width(l->name, strlen(l->name)) + 2 +
			   key;

		if (x + need + reserve > COLS) {
			term_puts(y, x, COLS - x, more,
				  theme_attr(THEME_HOTKEY));
			break;
		}
		x += term_puts(y, x, 1, open, on ? name : bar);
		if (l->key[0]) {
			x += term_puts(y, x, COLS - x, l->key,
				       on ? name : theme_attr(THEME_HOTKEY));
			x += term_puts(y, x, 1, " ", on ? name : bar);
		}
		x += term_put_text(y, x, COLS - x, l->name, strlen(l->name),
				   name);
		x += term_puts(y, x, 1, close, on ? name : bar);
		x += term_puts(y, x, 1, " ", bar);
	}
}

int screen_draw_progress(int y, const char *counts, uint64_t done, uint64_t n)
{
	attr_t a = theme_attr(THEME_STATUS);
	int x, bar = COLS >= 80 ? 20 : 10;
	int filled = n ? (int)(done * (uint64_t)bar / n) : 0;

	term_fill(y, 0, COLS, a);
	x = term_puts(y, 0, COLS, counts, a | A_BOLD);
	x += term_puts(y, x, 1, "[", a);
	for (int i = 0; i < bar; i++)
		x += term_puts(y, x, 1, i < filled ? "=" : " ",
			       i < filled ? theme_attr(THEME_PROGRESS) : a);
	x += term_puts(y, x, 1, "]", a);
	return x;
}

void screen_draw_saved(int y, const struct screen_note *n)
{
	/* The last seven cells of the status line are kept for it: it
	 * must always show. */
	if (n->kind == NOTE_SAVED)
		term_puts(y, COLS - 7, 7, " saved ", theme_attr(THEME_SAVED));
}

void screen_draw_message(int y, const struct screen_note *n,
			 const char *keys)
{
	static const enum theme_role roles[] = {
		[NOTE_NONE] = THEME_DIM, [NOTE_SAVED] = THEME_SAVED,
		[NOTE_INFO] = THEME_NOTICE, [NOTE_ERROR] = THEME_ERROR,
	};

	term_fill(y, 0, COLS, theme_attr(THEME_NORMAL));
	if (n->kind == NOTE_NONE)
		term_puts(y, 1, COLS - 1, keys, theme_attr(THEME_DIM));
	else
		term_puts(y, 1, COLS - 1, n->text, theme_attr(roles[n->kind]));
}
