#include <stdio.h>
#include <string.h>

#include "label.h"
#include "stet/text.h"
#include "stet/timefmt.h"
#include "theme.h"

/* 1204 -> "1,204": progress is read at a glance. */
static void thousands(uint64_t v, char *out, size_t len)
{
	char digits[32];
	size_t n, o = 0;

	n = (size_t)snprintf(digits, sizeof digits, "%llu",
			     (unsigned long long)v);
	for (size_t i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void draw_title(const struct label_screen *s)
{
	attr_t a = theme_attr(THEME_TITLE);
	char buf[256];
	int x;

	term_fill(0, 0, COLS, a);
	snprintf(buf, sizeof buf, " stet  %s  %s ", base_name(s->opts->project),
		 s->opts->annotator);
	x = term_puts(0, 0, COLS, buf, a | A_BOLD);
	if (s->loaded && s->item.ext_id) {
		x += term_puts(0, x, COLS - x - 10, " item ", a);
		x += term_put_raw(0, x, COLS - x - 10, s->item.ext_id,
				  strlen(s->item.ext_id), a);
	}
	(void)x;
	term_puts(0, COLS - 8, 8, " ? help ", a);
}

static bool is_chosen(const struct label_screen *s, uint32_t id)
{
	const uint32_t *set = s->lab.schema.multi ? s->chosen : s->cur.labels;
	size_t n = s->lab.schema.multi ? s->nchosen : s->cur.nlabels;

	for (size_t i = 0; i < n; i++)
		if (set[i] == id)
			return true;
	return false;
}

static void draw_labels(const struct label_screen *s, int y)
{
	const struct stet_schema *sc = &s->lab.schema;
	attr_t bar = theme_attr(THEME_LABEL);
	int x = 1;

	term_fill(y, 0, COLS, bar);
	if (s->skipped && s->cur.event == 0)
		x += term_puts(y, x, COLS - x, "skipped  ", theme_attr(THEME_DIM));
	for (size_t i = 0; i < sc->nlabels; i++) {
		const struct stet_label *l = &sc->labels[i];
		bool on = is_chosen(s, l->id);
		attr_t name = on ? theme_attr(THEME_CHOSEN) :
			theme_label_attr(l->colour, i);
		int need = (int)stet_text_width(l->name, strlen(l->name)) +
			   (l->key[0] ? 2 + (int)stet_text_width(l->key, strlen(l->key)) : 2);

		if (x + need + 6 > COLS) {
			term_puts(y, x, COLS - x, "… t", theme_attr(THEME_HOTKEY));
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

static void draw_status(const struct label_screen *s, int y)
{
	attr_t a = theme_attr(THEME_STATUS);
	uint64_t n = s->lab.queue.n;
	int64_t ms = stet_time_now_ms() - s->lab.session.start_ms;
	char pos[32], total[32], buf[160];
	int x, bar, filled;
	double minutes = ms / 60000.0;

	term_fill(y, 0, COLS, a);
	thousands(s->pos + 1, pos, sizeof pos);
	thousands(n, total, sizeof total);
	snprintf(buf, sizeof buf, " %s / %s ", pos, total);
	x = term_puts(y, 0, COLS, buf, a | A_BOLD);
	bar = COLS >= 80 ? 20 : 10;
	filled = n ? (int)((s->pos + 1) * (uint64_t)bar / n) : 0;
	x += term_puts(y, x, 1, "[", a);
	for (int i = 0; i < bar; i++)
		x += term_puts(y, x, 1, i < filled ? "=" : " ",
			       i < filled ? theme_attr(THEME_PROGRESS) : a);
	x += term_puts(y, x, 1, "]", a);
	if (ms < 0)
		ms = 0;
	/* A pace over the first minute says more about the first few
	 * items than about the annotator. */
	if (minutes >= 1.0)
		snprintf(buf, sizeof buf, "  %d:%02d:%02d  %.1f/min",
			 (int)(ms / 3600000), (int)(ms / 60000 % 60),
			 (int)(ms / 1000 % 60), (double)s->lab.labeled / minutes);
	else
		snprintf(buf, sizeof buf, "  %d:%02d:%02d  -/min",
			 (int)(ms / 3600000), (int)(ms / 60000 % 60),
			 (int)(ms / 1000 % 60));
	/* The last seven cells are for "saved": it must always show. */
	x += term_puts(y, x, COLS - x - 7, buf, a);
	if (s->break_due)
		x += term_puts(y, x, COLS - x - 7, "  break?",
			       theme_attr(THEME_NOTICE));
	if (s->note == NOTE_SAVED)
		term_puts(y, COLS - 7, 7, " saved ", theme_attr(THEME_SAVED));
}

static void draw_message(struct label_screen *s, int y)
{
	static const enum theme_role roles[] = {
		[NOTE_NONE] = THEME_DIM, [NOTE_SAVED] = THEME_SAVED,
		[NOTE_INFO] = THEME_NOTICE, [NOTE_ERROR] = THEME_ERROR,
	};

	if (s->mode == MODE_PROMPT) {
		prompt_draw(&s->prompt, y, theme_attr(THEME_PROMPT));
		return;
	}
	term_fill(y, 0, COLS, theme_attr(THEME_NORMAL));
	/* "saved" is on the status line too: a reminder may take this one. */
	if (s->reminder_keys > 0 && (s->note == NOTE_NONE || s->note == NOTE_SAVED))
		term_puts(y, 1, COLS - 1, s->reminder, theme_attr(THEME_NOTICE));
	else if (s->note == NOTE_NONE)
		term_puts(y, 1, COLS - 1,
			  s->lab.schema.multi ?
			  "keys toggle labels · Enter saves · Space skips · u undo · ? help · q quit" :
			  "a label key saves and goes on · Space skips · u undo · ? help · q quit",
			  theme_attr(THEME_DIM));
	else
		term_puts(y, 1, COLS - 1, s->message, theme_attr(roles[s->note]));
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

void label_draw(struct label_screen *s)
{
	int rows;

	s->too_small = COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
	if (s->too_small) {
		curs_set(0);
		draw_too_small();
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	erase();
	rows = LINES - 4;
	draw_title(s);
	item_view_draw(s, 1, rows);
	draw_labels(s, LINES - 3);
	draw_status(s, LINES - 2);
	if (s->mode == MODE_HELP || s->mode == MODE_GUIDE ||
	    s->mode == MODE_CELL || s->mode == MODE_PICK)
		overlay_draw(s);
	draw_message(s, LINES - 1);
	curs_set(s->mode == MODE_PROMPT ? 1 : 0);
	wnoutrefresh(stdscr);
	doupdate();
}
