#include <math.h>
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

static void draw_title(const struct label_screen *s)
{
	char buf[256];

	snprintf(buf, sizeof buf, " stet  %s  %s ",
		 screen_base_name(s->opts->project), s->opts->annotator);
	screen_draw_title(buf, COLS,
			  s->loaded && s->item.ext_id ? s->item.ext_id : NULL);
}

/* What the bar marks as suggested: in a multi-label schema the labels
 * pre-toggled and left alone; in a single-label one the suggestion,
 * unless it is the label the annotator saved. */
static size_t suggested(const struct label_screen *s, uint32_t *out)
{
	const struct stet_suggestion *sg = label_suggestion(s);
	size_t n = 0;

	if (sg == NULL)
		return 0;
	if (s->lab.schema.multi) {
		memcpy(out, s->presel, s->npresel * sizeof *out);
		return s->npresel;
	}
	for (size_t i = 0; i < sg->nlabels; i++)
		if (s->cur.nlabels != 1 || s->cur.labels[0] != sg->labels[i])
			out[n++] = sg->labels[i];
	return n;
}

static void draw_labels(const struct label_screen *s, int y)
{
	/* Multi-label: the set being chosen; else the label saved. */
	bool multi = s->lab.schema.multi;
	uint32_t sugg[STET_SUGGEST_MAX];
	size_t nsugg = suggested(s, sugg);
	int x = 1;

	term_fill(y, 0, COLS, theme_attr(THEME_LABEL));
	if (s->skipped && s->cur.event == 0)
		x += term_puts(y, x, COLS - x, "skipped  ", theme_attr(THEME_DIM));
	if (s->sp.on) {
		/* The labels of the spans at the cursor, and the item's. */
		uint32_t set[STET_MAX_LABELS];
		size_t at[64], n = span_view_at_cursor(s, at, 64), k = 0;

		for (size_t i = 0; i < n; i++)
			set[k++] = s->sp.set.v[at[i]].label;
		for (size_t i = 0; i < s->nchosen && k < STET_MAX_LABELS; i++)
			set[k++] = s->chosen[i];
		screen_draw_labels(y, x, &s->lab.schema, set, k, "… t");
		return;
	}
	/* "t" is the picker, where the labels that do not fit are. */
	screen_draw_labels_suggested(y, x, &s->lab.schema,
				     multi ? s->chosen : s->cur.labels,
				     multi ? s->nchosen : s->cur.nlabels,
				     sugg, nsugg, "… t");
}

static int draw_suggestion(const struct label_screen *s, int y, int end);

/* How the item on screen was chosen: "uncertainty 0.45", "score 0.91",
 * "explore"; while a learning model is cold, how far it is. Empty for
 * the orders that rank nothing. */
static void how_text(const struct label_screen *s, char *out, size_t len)
{
	const struct stet_labeling *l = &s->lab;
	struct stet_live_status ls;
	struct stet_served sv;
	const char *order;
	char learned[300] = "";

	out[0] = '\0';
	if (l->live != NULL) {
		stet_live_status(l->live, &ls);
		if (ls.cold && ls.missing != 0)
			snprintf(learned, sizeof learned,
				 "learning: %llu labels, none yet of %s",
				 (unsigned long long)ls.seen,
				 screen_label_name(&l->schema, ls.missing));
		else if (ls.cold)
			snprintf(learned, sizeof learned,
				 "learning: %llu of %llu labels",
				 (unsigned long long)ls.seen,
				 (unsigned long long)ls.min_labels);
		else
			snprintf(learned, sizeof learned, "learned from %llu labels",
				 (unsigned long long)ls.seen);
		if (ls.cold && stet_live_pooled(l->live)) {
			snprintf(out, len, "%s · project order", learned);
			return;
		}
	}
	if (!s->loaded)
		return;
	stet_labeling_served(l, s->pos, &sv);
	order = stet_order_name(sv.order);
	if (sv.explore)
		snprintf(out, len, "explore");
	else if (!stet_order_predicted(sv.order))
		snprintf(out, len, "%s", order);
	else if (isnan(sv.value))
		snprintf(out, len, "%s: no prediction", order);
	else if (sv.order == STET_ORDER_UNCERTAINTY && l->queue.by != STET_BY_LEAST)
		snprintf(out, len, "%s %s %.2f", order,
			 stet_measure_name(l->queue.by), sv.value);
	else
		snprintf(out, len, "%s %.2f", order, sv.value);
	if (learned[0] != '\0')
		snprintf(out + strlen(out), len - strlen(out), " · %s", learned);
}

/* The line above the bar in a session with a model: what it suggests
 * and how to take it, or that it has nothing to show (the same words
 * whether it has no prediction or the rate keeps it hidden); and, at
 * its right, how the item was chosen. */
static void draw_model_line(const struct label_screen *s, int y)
{
	char how[400];
	size_t w;
	int x = 1;

	term_fill(y, 0, COLS, theme_attr(THEME_NORMAL));
	how_text(s, how, sizeof how);
	w = stet_text_width(how, strlen(how));
	if (s->lab.suggester.on)
		x = draw_suggestion(s, y, w > 0 && (int)w + 4 < COLS ?
				    COLS - (int)w - 3 : COLS - 1);
	if (w > 0 && x + 2 + (int)w < COLS)
		term_puts(y, COLS - 1 - (int)w, (int)w, how,
			  theme_attr(THEME_NOTICE));
}

static int draw_suggestion(const struct label_screen *s, int y, int end)
{
	const struct stet_suggestion *sg = label_suggestion(s);
	char what[512], buf[700];
	int x;

	if (sg == NULL)
		return 1 + term_puts(y, 1, end - 1, "no suggestion for this item",
				     theme_attr(THEME_DIM));
	stet_suggest_text(sg, &s->lab.schema, what, sizeof what);
	x = 1 + term_puts(y, 1, end - 1, "suggested: ",
			  theme_attr(THEME_DIM));
	x += term_puts(y, x, end - x, what, theme_attr(THEME_SUGGESTED));
	if (s->lab.schema.multi)
		snprintf(buf, sizeof buf, "  <pre-toggled> · Enter saves the set");
	else if (sg->nlabels == 1)
		snprintf(buf, sizeof buf, "  Enter accepts · a label key overrides");
	else
		buf[0] = '\0';
	return x + term_puts(y, x, end - x, buf, theme_attr(THEME_DIM));
}

static void draw_status(const struct label_screen *s, int y)
{
	attr_t a = theme_attr(THEME_STATUS);
	int64_t ms = stet_time_now_ms() - s->lab.session.start_ms;
	const struct stet_progress *p = &s->lab.progress;
	char pos[32], total[32], done[32], left[32], where[80] = "", buf[200];
	int x;
	double minutes = ms / 60000.0;

	/* Progress, not a position: where an item lies in the project
	 * would tell a gold item served first (161 / 177) from the rest.
	 * The position shows only when the annotator went to it. */
	if (s->show_pos) {
		thousands(s->pos + 1, pos, sizeof pos);
		thousands(s->lab.queue.n, total, sizeof total);
		snprintf(where, sizeof where, "at %s / %s · ", pos, total);
	}
	thousands(p->done, done, sizeof done);
	thousands(p->left, left, sizeof left);
	snprintf(buf, sizeof buf, " %s%s done · %s left ", where, done, left);
	x = screen_draw_progress(y, buf, p->done, p->done + p->left);
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
	/* The last seven cells are for "saved" (screen_draw_saved). */
	x += term_puts(y, x, COLS - x - 7, buf, a);
	if (s->break_due)
		term_puts(y, x, COLS - x - 7, "  break?",
			  theme_attr(THEME_NOTICE));
	screen_draw_saved(y, &s->note);
}

static void draw_message(struct label_screen *s, int y)
{
	enum note_kind kind = s->note.kind;

	if (s->mode == MODE_PROMPT) {
		prompt_draw(&s->prompt, y, theme_attr(THEME_PROMPT));
		return;
	}
	/* An empty queue is the one thing the annotator must not miss. */
	if (s->drained && kind != NOTE_ERROR) {
		struct screen_note n = {NOTE_INFO, ""};

		snprintf(n.text, sizeof n.text, "%s", s->drained_msg);
		screen_draw_message(y, &n, "");
		return;
	}
	/* "saved" is on the status line too: a reminder may take this one. */
	if (s->reminder_keys > 0 && (kind == NOTE_NONE || kind == NOTE_SAVED)) {
		term_fill(y, 0, COLS, theme_attr(THEME_NORMAL));
		term_puts(y, 1, COLS - 1, s->reminder, theme_attr(THEME_NOTICE));
		return;
	}
	screen_draw_message(y, &s->note, s->sp.on ? span_keys_hint(s) :
		s->lab.schema.multi ?
		"keys toggle labels · Enter saves · Space skips · u undo · ? help · q quit" :
		"a label key saves and goes on · Space skips · u undo · ? help · q quit");
}

void label_draw(struct screen *sc)
{
	struct label_screen *s = sc->data;
	int rows = label_item_rows(s);

	draw_title(s);
	item_view_draw(s, 1, rows);
	if (label_model_line(s))
		draw_model_line(s, LINES - 4);
	draw_labels(s, LINES - 3);
	draw_status(s, LINES - 2);
	if (s->mode == MODE_GUIDE || s->mode == MODE_CELL ||
	    s->mode == MODE_PICK)
		overlay_draw(s);
	draw_message(s, LINES - 1);
	curs_set(s->mode == MODE_PROMPT ? 1 : 0);
}
