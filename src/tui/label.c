/* `stet label` as a screen (screen_label, screens.h): the session it
 * opens, the item it shows, the label keys and the modes (prompt,
 * picker, boxes) that come before its key table (label_keys.c), and
 * the work of a pause: syncing, counting progress, the break reminder
 * and the fatigue verdict. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"
#include "stet/stats.h"
#include "stet/timefmt.h"
#include "theme.h"

/* Multi-label: the suggested set is toggled on for an item the
 * annotator has no value on yet; their own value is never overridden. */
static void preselect(struct label_screen *s)
{
	const struct stet_suggestion *sg = label_suggestion(s);

	s->npresel = 0;
	if (sg == NULL || !s->lab.schema.multi || s->cur.event != 0)
		return;
	for (size_t i = 0; i < sg->nlabels; i++) {
		s->chosen[s->nchosen++] = sg->labels[i];
		s->presel[s->npresel++] = sg->labels[i];
	}
}

void label_load(struct label_screen *s, uint64_t pos)
{
	struct stet_error err = {0};
	uint64_t previous = s->loaded ? s->item.id : 0;

	stet_item_clear(&s->item);
	s->loaded = false;
	s->pos = pos;
	if (stet_labeling_get(&s->lab, pos, &s->item, &s->cur, &s->skipped,
			      &err) != STET_OK) {
		screen_note_error(&s->note, "cannot read the item", &err);
		return;
	}
	item_view_loaded(s);
	s->shown_ms = stet_time_now_ms();
	s->nchosen = s->cur.nlabels;
	memcpy(s->chosen, s->cur.labels, s->cur.nlabels * sizeof *s->chosen);
	preselect(s);
	if (s->sp.on)
		span_loaded(s, previous);
}

const struct stet_suggestion *label_suggestion(const struct label_screen *s)
{
	const struct stet_labeling *l = &s->lab;

	if (!s->loaded || l->suggestion_item != s->item.id ||
	    l->suggestion.state != STET_SUGGEST_SHOWN)
		return NULL;
	return &l->suggestion;
}

bool label_model_line(const struct label_screen *s)
{
	return s->lab.suggester.on || s->lab.live != NULL ||
		stet_order_predicted(s->lab.queue.order);
}

int label_item_rows(const struct label_screen *s)
{
	/* The model's line is there for every item of a session with a
	 * model, so that the text does not jump from item to item. */
	return LINES - 4 - (label_model_line(s) ? 1 : 0);
}

bool label_accept(struct label_screen *s)
{
	const struct stet_suggestion *sg = label_suggestion(s);
	uint32_t id;

	if (sg == NULL || sg->nlabels != 1)
		return false;
	id = sg->labels[0];
	if (!label_record(s, STET_ACT_LABEL, &id, 1, NULL))
		return true;
	screen_note(&s->note, NOTE_SAVED, "saved %s, as suggested%s",
		    screen_label_name(&s->lab.schema, id),
		    s->next < s->lab.queue.n ? "" : " (that was the last item)");
	label_advance(s);
	return true;
}

bool label_record(struct label_screen *s, enum stet_action action,
		  const uint32_t *labels, size_t n, const char *text)
{
	struct stet_error err = {0};

	if (!s->loaded)
		return false;
	s->next = s->lab.queue.n;
	if (stet_labeling_record(&s->lab, s->pos, action, labels, n, text,
				 screen_shown_for(s->shown_ms), &s->next,
				 &err) != STET_OK) {
		screen_note_error(&s->note, "not saved", &err);
		return false;
	}
	return true;
}

/* A wrong answer on a gold item, when the project shows it: the answer
 * and its guideline, after the label is saved. */
static void gold_feedback(struct label_screen *s)
{
	const struct stet_labeling *l = &s->lab;
	char answer[512] = "";
	const char *why = NULL;

	if (!l->checked_gold || l->checked_right || !l->options.gold_feedback)
		return;
	for (size_t i = 0; i < l->answer.n; i++) {
		const struct stet_label *lb =
			stet_schema_find_id(&l->schema, l->answer.labels[i]);

		if (lb == NULL)
			continue;
		snprintf(answer + strlen(answer), sizeof answer - strlen(answer),
			 "%s%s", answer[0] ? "+" : "", lb->name);
		if (why == NULL && lb->description != NULL)
			why = lb->description;
	}
	screen_note(&s->note, NOTE_INFO, "gold check: the answer was %s%s%s",
		    answer, why ? " - " : "", why ? why : "");
}

/* The queue has run dry: the message line keeps saying so, over any
 * other notice, until an undo gives an item back. */
static void drain(struct label_screen *s, const char *msg)
{
	s->drained = true;
	snprintf(s->drained_msg, sizeof s->drained_msg, "%s", msg);
}

/* After a label or a skip: on to the item the project serves next, or,
 * when nothing is left, stay and say so. */
void label_advance(struct label_screen *s)
{
	s->show_pos = false;
	s->drained = false;
	if (s->next < s->lab.queue.n) {
		label_load(s, s->next);
	} else {
		label_load(s, s->pos);
		drain(s, s->note.text);
	}
	gold_feedback(s);
}

static void set_single(struct label_screen *s, uint32_t id)
{
	if (!label_record(s, STET_ACT_LABEL, &id, 1, NULL))
		return;
	screen_note(&s->note, NOTE_SAVED, "saved %s%s",
		    screen_label_name(&s->lab.schema, id),
		    s->next < s->lab.queue.n ? "" : " (that was the last item)");
	label_advance(s);
}

static void toggle(struct label_screen *s, uint32_t id)
{
	bool on = screen_toggle(s->chosen, &s->nchosen, id);

	/* Toggled by hand: the annotator's, whatever the model said. */
	for (size_t i = 0; i < s->npresel; i++)
		if (s->presel[i] == id) {
			s->presel[i] = s->presel[--s->npresel];
			break;
		}

	screen_note(&s->note, NOTE_INFO, "%s %s; Enter saves",
		    screen_label_name(&s->lab.schema, id), on ? "on" : "off");
}

static void choose(struct label_screen *s, uint32_t id)
{
	if (s->lab.schema.multi)
		toggle(s, id);
	else
		set_single(s, id);
}

void label_choose(struct label_screen *s, const struct stet_label *l)
{
	if (s->sp.on && l->kind != STET_KIND_ITEM)
		span_mark(s, l);
	else
		choose(s, l->id);
}

void label_open_prompt(struct label_screen *s, enum prompt_for what,
		       const char *title)
{
	screen_prompt_open(&s->prompt, title);
	s->prompt_for = what;
	s->mode = MODE_PROMPT;
}

/* What search and go-to (screen_seek) need of this screen: the queue. */
static int seek_search(void *ctx, const char *needle, uint64_t from, int dir,
		       uint64_t *found, struct stet_error *err)
{
	struct label_screen *s = ctx;

	return stet_labeling_search(&s->lab, needle, from, dir, found, err);
}

static int seek_find(void *ctx, const char *what, uint64_t *pos,
		     struct stet_error *err)
{
	struct label_screen *s = ctx;

	return stet_labeling_find(&s->lab, what, pos, err);
}

static void seek_show(void *ctx, uint64_t pos)
{
	label_load(ctx, pos);
}

static const struct screen_seek_ops seek_ops = {
	seek_search, seek_find, seek_show,
};

static void prompt_done(struct label_screen *s)
{
	const char *text = prompt_text(&s->prompt);

	switch (s->prompt_for) {
	case FOR_COMMENT:
		if (*text == '\0')
			break;
		if (label_record(s, STET_ACT_NOTE, NULL, 0, text))
			screen_note(&s->note, NOTE_SAVED, "saved comment");
		break;
	case FOR_FLAG:
		if (label_record(s, STET_ACT_FLAG, NULL, 0, *text ? text : NULL))
			screen_note(&s->note, NOTE_SAVED, "saved flag");
		break;
	case FOR_SEARCH:
		screen_seek_search(&s->seek, &s->note, s->pos, text, +1);
		break;
	case FOR_GOTO:
		/* After g the position helps: it is what was asked for. */
		if (screen_seek_goto(&s->seek, &s->note, text))
			s->show_pos = true;
		break;
	}
}

/* A key on the item: n and N while a search repeats, then the label
 * keys; the rest is the key table's. */
static unsigned item_key(struct label_screen *s, const struct tui_key *k)
{
	const struct stet_label *l;

	if (screen_seek_key(&s->seek, &s->note, s->pos, k))
		return SCREEN_DRAW;
	if ((l = screen_label_key(&s->lab.schema, k)) != NULL) {
		label_choose(s, l);
		return SCREEN_DRAW;
	}
	return SCREEN_DRAW | SCREEN_PASS;
}

static void overlay_key(struct label_screen *s, const struct tui_key *k)
{
	/* G opens the guidelines, so it closes a box as well; the review
	 * screen has no guidelines and leaves G alone. */
	if (term_key_is(k, "G") || screen_box_key(&s->overlay_scroll, k))
		s->mode = MODE_ITEM;
}

static void pick_key(struct label_screen *s, const struct tui_key *k)
{
	uint32_t ids[STET_MAX_LABELS];
	size_t n = overlay_pick_list(s, ids, STET_MAX_LABELS);

	if (term_key_is(k, "Esc")) {
		s->mode = MODE_ITEM;
	} else if (term_key_is(k, "Enter")) {
		const struct stet_label *l = n == 0 ? NULL :
			stet_schema_find_id(&s->lab.schema,
					    ids[s->pick_sel < n ? s->pick_sel : 0]);

		s->mode = MODE_ITEM;
		if (l != NULL)
			label_choose(s, l);
	} else if (term_key_is(k, "Down")) {
		if (s->pick_sel + 1 < n)
			s->pick_sel++;
	} else if (term_key_is(k, "Up")) {
		if (s->pick_sel > 0)
			s->pick_sel--;
	} else if (term_key_is(k, "Backspace")) {
		while (s->pick_filter.len > 0 &&
		       ((unsigned char)s->pick_filter.data[--s->pick_filter.len] & 0xc0) == 0x80)
			;
		if (s->pick_filter.len)
			s->pick_filter.data[s->pick_filter.len] = '\0';
		s->pick_sel = 0;
	} else if (!k->code && k->ch >= 0x20 && k->ch != 0x7f &&
		   s->pick_filter.len < 200) {
		char mb[MB_LEN_MAX];
		mbstate_t ps;
		size_t len;

		memset(&ps, 0, sizeof ps);
		len = wcrtomb(mb, (wchar_t)k->ch, &ps);
		if (len != (size_t)-1) {
			stet_buf_add(&s->pick_filter, mb, len);
			s->pick_sel = 0;
		}
	}
}

static void prompt_key_in(struct label_screen *s, const struct tui_key *k)
{
	enum prompt_status st = screen_prompt_key(&s->prompt, &s->note, k);

	if (st == PROMPT_EDITING)
		return;
	s->mode = MODE_ITEM;
	if (st == PROMPT_DONE) {
		prompt_done(s);
		prompt_close(&s->prompt);
	}
}

unsigned label_screen_key(struct screen *sc, const struct tui_key *k)
{
	struct label_screen *s = sc->data;

	/* A note answers the key before it; each key starts afresh. */
	if (s->mode == MODE_ITEM && !s->seek.repeating)
		s->note.kind = NOTE_NONE;
	if (s->reminder_keys > 0)
		s->reminder_keys--;
	switch (s->mode) {
	case MODE_ITEM:
		return item_key(s, k);
	case MODE_PROMPT:
		prompt_key_in(s, k);
		break;
	case MODE_PICK:
		pick_key(s, k);
		break;
	default:
		overlay_key(s, k);
		break;
	}
	return SCREEN_DRAW;
}

/* How many keys a break reminder stays on the message line; "break?"
 * stays on the status line for the rest of the session. */
#define REMINDER_KEYS 10

static void remind(struct label_screen *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void remind(struct label_screen *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->reminder, sizeof s->reminder, fmt, ap);
	va_end(ap);
	s->reminder_keys = REMINDER_KEYS;
}

/* How often the fatigue verdict is asked for, in labels: it reads the
 * session's events and fits a trend (tens of milliseconds on a long
 * session), so not on every key, and only in a pause of FATIGUE_PAUSE_MS
 * without a key, so that no keystroke waits for it; an annotator who
 * never pauses is asked every FATIGUE_EVERY_BUSY labels all the same.
 * STET_FATIGUE_EVERY trades that for a verdict at known counts: right
 * after every that many labels, the keystroke waiting for it. */
#define FATIGUE_EVERY 50
#define FATIGUE_EVERY_BUSY 250
#define FATIGUE_PAUSE_MS 300

static bool fatigue_due(const struct label_screen *s, uint64_t every)
{
	return !s->fatigue && s->lab.labeled >= s->fatigue_checked + every;
}

/* The verdict of stet stats on this session so far; the first reason
 * is what fits on the message line. */
static bool check_fatigue(struct label_screen *s)
{
	struct stet_error err = {0};
	char why[1024], *cut;
	bool tired = false;

	s->fatigue_checked = s->lab.labeled;
	if (stet_fatigue_now(s->lab.st, s->lab.session.id, s->lab.first_event,
			     &tired, why, sizeof why, &err) != STET_OK || !tired)
		return false;
	cut = strstr(why, "; ");
	if (cut != NULL)
		*cut = '\0';
	s->fatigue = true;
	s->break_due = true;
	remind(s, "This session shows fatigue (%s). A short break helps.", why);
	return true;
}

void label_break_text(char *out, size_t len, int64_t ms)
{
	/* Seconds only under a minute, as a --break of 90s can be. */
	long long n = ms >= 60000 ? ms / 60000 : ms / 1000;
	const char *unit = ms >= 60000 ? "minute" : "second";

	snprintf(out, len, "You have been labeling for %lld %s%s. A short break keeps the labels good.",
		 n, unit, n == 1 ? "" : "s");
}

static bool check_break(struct label_screen *s)
{
	int64_t now = stet_time_now_ms();

	if (s->break_due || s->opts->break_after_ms <= 0 ||
	    now - s->lab.session.start_ms < s->opts->break_after_ms)
		return false;
	s->break_due = true;
	label_break_text(s->reminder, sizeof s->reminder,
			 now - s->lab.session.start_ms);
	s->reminder_keys = REMINDER_KEYS;
	return true;
}

static uint64_t fatigue_every(const struct label_screen *s, uint64_t dflt)
{
	return s->opts->fatigue_every ? s->opts->fatigue_every : dflt;
}

int label_screen_pause_ms(const struct screen *sc)
{
	const struct label_screen *s = sc->data;

	return fatigue_due(s, fatigue_every(s, FATIGUE_EVERY)) ?
		FATIGUE_PAUSE_MS : 1000;
}

unsigned label_screen_tick(struct screen *sc, bool paused)
{
	struct label_screen *s = sc->data;
	struct stet_error err = {0};
	bool changed = false;

	if (!paused) {
		if (fatigue_due(s, fatigue_every(s, FATIGUE_EVERY_BUSY)))
			changed = check_fatigue(s);
		return check_break(s) || changed ? SCREEN_DRAW : SCREEN_SAME;
	}
	if (stet_labeling_flush(&s->lab, &err) != STET_OK)
		screen_note_error(&s->note, "sync", &err);
	/* Others' labels move the counts too; a pause is when to count
	 * them again. */
	if (stet_labeling_progress(&s->lab, &err) != STET_OK)
		screen_note_error(&s->note, "progress", &err);
	if (fatigue_due(s, fatigue_every(s, FATIGUE_EVERY)))
		check_fatigue(s);
	check_break(s);
	/* The status line's clock moves on in a pause. */
	return SCREEN_DRAW;
}

unsigned label_screen_resize(struct screen *sc)
{
	struct label_screen *s = sc->data;

	/* Laid out again for the new width, and kept from scrolling past
	 * the end when the terminal grew taller. */
	item_view_layout(s, COLS - 2);
	item_view_scroll(s, 0, item_view_rows(s));
	return SCREEN_DRAW;
}

void label_screen_help(struct screen *sc, struct stet_buf *head,
		       struct stet_buf *foot)
{
	struct label_screen *s = sc->data;

	overlay_help_labels(head, &s->lab.schema, s->sp.on ?
			    span_help_intro(s) : s->lab.schema.multi ?
			    "Label keys toggle a label; Enter saves the set." :
			    "A label key saves that label and moves on.");
	if (s->lab.suggester.on)
		stet_buf_adds(foot, s->lab.schema.multi ?
			"A label between < and > is the model's suggestion, toggled on until you toggle it.\n" :
			"A label between < and > is the model's suggestion: Enter accepts it, a label key overrides it.\n");
	stet_buf_adds(foot, "Every action is saved when the status line says saved.");
}

static int count_items(struct stet_store *st, uint64_t *n,
		       struct stet_error *err)
{
	struct stet_txn *txn;
	struct stet_queue q;
	int rc;

	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_queue_open(txn, &q, STET_ORDER_SEQUENTIAL, 0, 0, err);
	stet_txn_end(txn);
	*n = q.n;
	return rc;
}

int label_screen_init(struct screen *sc, struct stet_store *st,
		      const void *opts, struct stet_error *err)
{
	const struct tui_label_opts *o = opts;
	struct label_screen *s = stet_xcalloc(1, sizeof *s);
	uint64_t n;

	sc->data = s;
	s->opts = o;
	s->sp.on = sc->type == &screen_spans;
	s->sp.schema = &s->lab.schema;
	stet_span_set_init(&s->sp.set);
	s->seek.ops = &seek_ops;
	s->seek.ctx = s;
	stet_item_init(&s->item);
	stet_buf_init(&s->shown);
	stet_buf_init(&s->pick_filter);
	s->st = st;
	/* Everything that can fail without writing is checked here, so
	 * that a session that never started leaves no trace. */
	if (count_items(st, &n, err) != STET_OK)
		return STET_ERR;
	if (n == 0)
		return stet_error_set(err, STET_ERR,
			"%s has no items yet; add some with stet import",
			o->project);
	return STET_OK;
}

int label_screen_start(struct screen *sc, struct stet_error *err)
{
	struct label_screen *s = sc->data;
	const struct tui_label_opts *o = s->opts;
	struct stet_labeling_opts lo = {0};
	char host[256];
	uint64_t pos;
	bool found;

	screen_host_and_tty(host, sizeof host, &lo.tty);
	lo.host = host[0] ? host : NULL;
	lo.annotator = o->annotator;
	lo.project_order = !o->order_given;
	lo.spec = &o->order;
	lo.suggest_given = o->suggest_given;
	lo.suggest = o->suggest;
	lo.suggest_rate_given = o->suggest_rate_given;
	lo.suggest_rate = o->suggest_rate;
	lo.learn_given = o->learn_given;
	lo.learn = o->learn;
	lo.min_labels = o->min_labels;
	if (stet_labeling_open(&s->lab, s->st, &lo, err) != STET_OK ||
	    stet_labeling_serve(&s->lab, 0, &pos, &found, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < s->lab.schema.nlabels; i++)
		if (s->lab.schema.labels[i].kind == STET_KIND_TOKEN)
			s->sp.tags = true;
	if (!found) {
		if (stet_labeling_resume(&s->lab, &pos, err) != STET_OK)
			return STET_ERR;
		if (pos >= s->lab.queue.n)
			pos = s->lab.queue.n - 1;
		drain(s, "nothing is left for you to label: every item has your label or skip, or all the labels it needs");
	}
	label_load(s, pos);
	return STET_OK;
}

int label_screen_free(struct screen *sc, struct stet_error *err)
{
	struct label_screen *s = sc->data;
	int rc = STET_OK;

	if (s == NULL)
		return STET_OK;
	if (s->mode == MODE_PROMPT)
		prompt_close(&s->prompt);
	if (s->lab.st != NULL)
		rc = stet_labeling_close(&s->lab, err);
	item_view_free(s);
	span_free(s);
	stet_item_clear(&s->item);
	stet_buf_free(&s->pick_filter);
	screen_seek_free(&s->seek);
	free(s);
	sc->data = NULL;
	return rc;
}

const struct screen_type screen_label = {
	.name = "label",
	.title = "Keys of stet label",
	.bindings = label_bindings,
	.init = label_screen_init,
	.start = label_screen_start,
	.draw = label_draw,
	.key = label_screen_key,
	.resize = label_screen_resize,
	.tick = label_screen_tick,
	.pause_ms = label_screen_pause_ms,
	.help = label_screen_help,
	.free = label_screen_free,
};

const struct screen_type screen_spans = {
	.name = "label",
	.title = "Keys of stet label on spans and tokens",
	.bindings = span_bindings,
	.init = label_screen_init,
	.start = label_screen_start,
	.draw = label_draw,
	.key = label_screen_key,
	.resize = label_screen_resize,
	.tick = label_screen_tick,
	.pause_ms = label_screen_pause_ms,
	.help = label_screen_help,
	.free = label_screen_free,
};
