/* `stet review` on spans and token tags: a lead walks the items whose
 * annotators' span sets differ, each annotator's set a row of marks
 * under the text, and decides the item's spans: Alt-N (or Tab to a row
 * and Enter) takes row N's set whole; e edits the selected row's set
 * with the span view's keys, unsaved until Enter decides it. Each
 * decision is one ADJUDICATE event carrying the set, in its own
 * durable write (stet_review_decide_spans); u takes it back. Keys
 * change the state here; review_spans_draw.c draws it. */
#include <stdlib.h>
#include <string.h>

#include "review_spans.h"
#include "stet/timefmt.h"
#include "theme.h"

static struct stet_review_spans_entry *entry(struct review_spans_screen *s)
{
	return &s->list->v[s->pos];
}

static void copy_set(const struct stet_span_set *from,
		     struct stet_span_set *to)
{
	stet_span_set_init(to);
	for (size_t i = 0; i < from->n; i++)
		stet_span_set_add(to, &from->v[i]);
}

/* The set of the selected row. */
static const struct stet_span_set *row_set(struct review_spans_screen *s)
{
	struct stet_review_spans_entry *e = entry(s);

	return s->row < s->norder ? &e->values[s->order[s->row]].set :
		&e->final;
}

/* The text coloured by the selected row's spans, no cursor shown. */
static void show_row(struct review_spans_screen *s)
{
	struct span_state *sp = &s->view.sp;

	stet_span_set_free(&sp->set);
	copy_set(row_set(s), &sp->set);
	sp->hide_cursor = true;
	sp->selecting = false;
	sp->current = SIZE_MAX;
	s->editing = false;
}

/* Shows the entry at pos: the item, and its sets and decision as they
 * stand now, in one read transaction. */
static void load(struct review_spans_screen *s, size_t pos)
{
	struct label_screen *v = &s->view;
	struct stet_error err = {0};
	struct stet_review_spans_entry *e;
	struct stet_txn *txn;
	int rc;

	stet_item_clear(&v->item);
	v->loaded = false;
	s->pos = pos;
	e = entry(s);
	if (stet_txn_begin_read(s->rev.st, &txn, &err) != STET_OK) {
		screen_note_error(&v->note, "cannot read the item", &err);
		return;
	}
	rc = stet_item_get(txn, e->item, &v->item, &err);
	if (rc == STET_OK)
		rc = stet_review_spans_refresh(txn, e, &err);
	stet_txn_end(txn);
	if (rc != STET_OK) {
		screen_note_error(&v->note, "cannot read the item", &err);
		return;
	}
	item_view_loaded(v);
	s->rev.at = e->item;
	s->shown_ms = stet_time_now_ms();
	review_spans_order(s);
	s->row = e->decided ? s->norder : 0;
	v->sp.tok = 0;
	show_row(s);
}

/* Reads the entry on screen again after a decision of this screen, so
 * that the count of decided items holds it. */
static void reread(struct review_spans_screen *s)
{
	struct stet_error err = {0};
	struct stet_txn *txn;

	if (stet_txn_begin_read(s->rev.st, &txn, &err) != STET_OK)
		return;
	if (stet_review_spans_refresh(txn, entry(s), &err) != STET_OK)
		screen_note_error(&s->view.note, "cannot read the item", &err);
	stet_txn_end(txn);
}

/* Records set as the decision, and only then says saved and moves on. */
static void decide(struct review_spans_screen *s,
		   const struct stet_span_set *set, const char *whose)
{
	struct stet_error err = {0};
	bool last = s->pos + 1 >= s->list->n;
	size_t n = set->n;

	if (!s->view.loaded)
		return;
	if (stet_review_decide_spans(&s->rev, entry(s)->item, set,
				     screen_shown_for(s->shown_ms),
				     &err) != STET_OK) {
		screen_note_error(&s->view.note, "not saved", &err);
		return;
	}
	reread(s);
	screen_note(&s->view.note, NOTE_SAVED, "saved decision: %s, %zu %s%s",
		    whose, n, s->view.sp.tags ? (n == 1 ? "tag" : "tags") :
		    (n == 1 ? "span" : "spans"),
		    last ? " (that was the last item)" : "");
	load(s, last ? s->pos : s->pos + 1);
}

static void take_row(struct review_spans_screen *s, size_t row)
{
	struct stet_buf name;

	if (row >= s->norder) {
		screen_note(&s->view.note, NOTE_INFO,
			    "this item has %zu annotators' rows", s->norder);
		return;
	}
	s->row = row;
	stet_buf_init(&name);
	review_spans_row_name(s, row, &name);
	decide(s, row_set(s), name.data);
	stet_buf_free(&name);
}

static unsigned act_save(struct screen *sc)
{
	struct review_spans_screen *s = sc->data;

	if (s->editing)
		decide(s, &s->view.sp.set, "the edited set");
	else if (s->row < s->norder)
		take_row(s, s->row);
	else
		screen_note(&s->view.note, NOTE_INFO,
			    "this is the decision standing: Alt-N or Tab and Enter take a row, e edits");
	return SCREEN_DRAW;
}

static unsigned act_take(struct screen *sc)
{
	struct review_spans_screen *s = sc->data;

	take_row(s, (size_t)(s->last.ch - '1'));
	return SCREEN_DRAW;
}

static unsigned select_row(struct screen *sc, int dir)
{
	struct review_spans_screen *s = sc->data;
	size_t n = s->norder + (entry(s)->decided ? 1 : 0);

	if (s->editing) {
		screen_note(&s->view.note, NOTE_INFO,
			    "editing: Enter decides the edited set, Esc leaves it");
		return SCREEN_DRAW;
	}
	if (n == 0)
		return SCREEN_SAME;
	s->row = dir > 0 ? (s->row + 1) % n : (s->row + n - 1) % n;
	show_row(s);
	return SCREEN_DRAW;
}

static unsigned act_row_next(struct screen *sc)
{
	return select_row(sc, +1);
}

static unsigned act_row_prev(struct screen *sc)
{
	return select_row(sc, -1);
}

static unsigned act_edit(struct screen *sc)
{
	struct review_spans_screen *s = sc->data;
	struct span_state *sp = &s->view.sp;
	struct stet_buf name;

	if (!s->view.loaded || s->editing)
		return SCREEN_SAME;
	if (s->view.item.kind != STET_ITEM_TEXT || s->view.item.toks.n == 0) {
		screen_note(&s->view.note, NOTE_INFO,
			    "this item has no tokens to mark");
		return SCREEN_DRAW;
	}
	s->editing = true;
	sp->hide_cursor = false;
	sp->selecting = false;
	sp->current = SIZE_MAX;
	if (sp->tok >= s->view.item.toks.n)
		sp->tok = 0;
	sp->follow = true;
	stet_buf_init(&name);
	if (s->row < s->norder)
		review_spans_row_name(s, s->row, &name);
	else
		stet_buf_adds(&name, "the decision");
	screen_note(&s->view.note, NOTE_INFO,
		    "editing %s's spans: nothing is saved until Enter decides",
		    name.data);
	stet_buf_free(&name);
	return SCREEN_DRAW;
}

static unsigned act_cancel(struct screen *sc)
{
	struct review_spans_screen *s = sc->data;

	if (!s->editing)
		return SCREEN_SAME;
	if (s->view.sp.selecting)
		return span_act_cancel(sc);
	show_row(s);
	screen_note(&s->view.note, NOTE_INFO, "edit dropped; nothing decided");
	return SCREEN_DRAW;
}

static unsigned act_back(struct screen *sc)
{
	struct review_spans_screen *s = sc->data;

	if (s->pos == 0)
		screen_note(&s->view.note, NOTE_INFO, "this is the first item");
	else
		load(s, s->pos - 1);
	return SCREEN_DRAW;
}

static unsigned act_forward(struct screen *sc)
{
	struct review_spans_screen *s = sc->data;

	if (s->pos + 1 >= s->list->n)
		screen_note(&s->view.note, NOTE_INFO, "this is the last item");
	else
		load(s, s->pos + 1);
	return SCREEN_DRAW;
}

static unsigned act_undo(struct screen *sc)
{
	struct review_spans_screen *s = sc->data;
	struct stet_error err = {0};
	uint64_t item;
	int rc = stet_review_undo(&s->rev, &item, &err);

	if (rc == STET_NOTFOUND) {
		screen_note(&s->view.note, NOTE_INFO,
			    "no decision of this review to undo");
		return SCREEN_DRAW;
	}
	if (rc != STET_OK) {
		screen_note_error(&s->view.note, "not undone", &err);
		return SCREEN_DRAW;
	}
	for (size_t i = 0; i < s->list->n; i++)
		if (s->list->v[i].item == item) {
			load(s, i);
			break;
		}
	screen_note(&s->view.note, NOTE_SAVED, "saved undo of the decision");
	return SCREEN_DRAW;
}

static unsigned scroll_by(struct screen *sc, long lines)
{
	struct review_spans_screen *s = sc->data;

	item_view_scroll(&s->view, lines, 2);
	return SCREEN_DRAW;
}

static unsigned act_scroll_down(struct screen *sc)
{
	return scroll_by(sc, 1);
}

static unsigned act_scroll_up(struct screen *sc)
{
	return scroll_by(sc, -1);
}

static unsigned act_page_down(struct screen *sc)
{
	return scroll_by(sc, 1 + review_spans_body_rows() / 4);
}

static unsigned act_page_up(struct screen *sc)
{
	return scroll_by(sc, -1 - review_spans_body_rows() / 4);
}

/* stet/keys.h reserves every printable key here in a schema with span
 * or token labels (e among them, for this screen), so that no label's
 * hotkey can mean something else; Alt-N, Tab and Shift-Tab no hotkey
 * can be. */
static const struct screen_binding review_spans_bindings[] = {
	{"save", {"Enter"}, "take the selected row's spans as the decision, or decide the edited set; go on",
	 act_save},
	{"take", {"Alt-1", "Alt-2", "Alt-3"},
	 "take row 1, 2, 3 ... (to Alt-9) whole as the decision and go on",
	 act_take},
	{"row-next", {"Tab"}, "select the next row (its spans colour the text)",
	 act_row_next},
	{"row-prev", {"Shift-Tab"}, "select the previous row", act_row_prev},
	{"edit", {"e"}, "edit the selected row's spans; Enter decides, Esc leaves",
	 act_edit},
	{"token-next", {"w"}, "edit: the cursor to the next token", span_act_next},
	{"token-prev", {"b"}, "edit: the cursor to the previous token",
	 span_act_prev},
	{"token-first", {"Home"}, "edit: the cursor to the first token",
	 span_act_first},
	{"token-last", {"End"}, "edit: the cursor to the last token",
	 span_act_last},
	{"select", {"v"}, "edit: start a selection; v again drops it",
	 span_act_select},
	{"extend-right", {"Shift-Right"}, "edit: extend the selection right",
	 span_act_extend_right},
	{"extend-left", {"Shift-Left"}, "edit: extend the selection left",
	 span_act_extend_left},
	{"delete", {"x"}, "edit: delete the span (or tag) under the cursor",
	 span_act_delete},
	{"span-next", {"]"}, "edit: the cursor to the next span",
	 span_act_span_next},
	{"span-prev", {"["}, "edit: the cursor to the previous span",
	 span_act_span_prev},
	{"cancel", {"Esc"}, "edit: drop the selection, or else the edit",
	 act_cancel},
	{"back", {"Left"}, "back to the previous item, deciding nothing",
	 act_back},
	{"forward", {"Right", "n"}, "on to the next item, deciding nothing",
	 act_forward},
	{"undo", {"u"}, "undo your last decision of this review", act_undo},
	{"scroll-down", {"Down", "j"}, "scroll the text down a line",
	 act_scroll_down},
	{"scroll-up", {"Up", "k"}, "scroll the text up a line", act_scroll_up},
	{"page-down", {"PgDn"}, "scroll the text down a page", act_page_down},
	{"page-up", {"PgUp"}, "scroll the text up a page", act_page_up},
	{"help", {"?"}, "this help", screen_act_help},
	{"redraw", {"Ctrl-L"}, "redraw the screen", screen_act_redraw},
	{"quit", {"q"}, "quit; every decision is already saved",
	 screen_act_quit},
	{NULL, {NULL}, NULL, NULL},
};

/* Whether k is a key of the span view's own (stet_span_keys): those
 * edit, and only once e has started an edit. */
static bool edit_key(const struct tui_key *k)
{
	for (size_t i = 0; i < stet_nspan_keys; i++)
		for (int j = 0; j < STET_BINDING_KEYS &&
			     stet_span_keys[i].keys[j] != NULL; j++)
			if (term_key_is(k, stet_span_keys[i].keys[j]))
				return strcmp(stet_span_keys[i].action,
					      "cancel") != 0;
	return false;
}

static unsigned review_spans_key(struct screen *sc, const struct tui_key *k)
{
	struct review_spans_screen *s = sc->data;
	const struct stet_label *l;

	s->view.note.kind = NOTE_NONE;
	s->last = *k;
	if ((l = screen_label_key(&s->rev.schema, k)) != NULL) {
		if (!s->editing)
			screen_note(&s->view.note, NOTE_INFO,
				    "e edits the selected row's spans; then label keys mark");
		else if (l->kind == STET_KIND_ITEM)
			screen_note(&s->view.note, NOTE_INFO,
				    "%s is an item label: stet review without --spans decides those",
				    l->name);
		else
			span_mark(&s->view, l);
		return SCREEN_DRAW;
	}
	for (int d = 0; d < REVIEW_SPANS_KEYS; d++) {
		static const char *const alt[REVIEW_SPANS_KEYS] = {
			"Alt-1", "Alt-2", "Alt-3", "Alt-4", "Alt-5", "Alt-6",
			"Alt-7", "Alt-8", "Alt-9",
		};

		if (term_key_is(k, alt[d]))
			return act_take(sc);
	}
	if (!s->editing && edit_key(k)) {
		screen_note(&s->view.note, NOTE_INFO,
			    "e edits the selected row's spans first");
		return SCREEN_DRAW;
	}
	return SCREEN_DRAW | SCREEN_PASS;
}

static unsigned review_spans_tick(struct screen *sc, bool paused)
{
	struct review_spans_screen *s = sc->data;
	struct stet_error err = {0};

	if (!paused || stet_review_flush(&s->rev, &err) == STET_OK)
		return SCREEN_SAME;
	screen_note_error(&s->view.note, "sync", &err);
	return SCREEN_DRAW;
}

static unsigned review_spans_resize(struct screen *sc)
{
	struct review_spans_screen *s = sc->data;

	s->view.wrap_cols = 0;
	s->view.sp.follow = s->editing;
	return SCREEN_DRAW;
}

static void review_spans_help(struct screen *sc, struct stet_buf *head,
			      struct stet_buf *foot)
{
	struct review_spans_screen *s = sc->data;

	overlay_help_labels(head, &s->rev.schema,
		"Each annotator's spans are a row under the text, numbered. Alt-1 to Alt-9 take that row's set whole as the decision and go on (or Tab to the row and Enter). e edits the selected row's set with the span view's keys: w b move, v selects, a label key marks, x deletes, ] [ go between spans; Enter decides the edited set, Esc leaves it. The label keys mark only while editing.");
	stet_buf_adds(foot, "Every decision is saved when the status line says saved; u takes the last one back.");
}

static int review_spans_init(struct screen *sc, struct stet_store *st,
			     const void *opts, struct stet_error *err)
{
	const struct tui_review_opts *o = opts;
	struct review_spans_screen *s = stet_xcalloc(1, sizeof *s);

	sc->data = s;
	s->opts = o;
	s->st = st;
	s->list = o->spans;
	s->view.sp.on = true;
	s->view.sp.local = true;
	s->view.sp.hide_cursor = true;
	s->view.sp.schema = &s->rev.schema;
	stet_span_set_init(&s->view.sp.set);
	stet_item_init(&s->view.item);
	stet_buf_init(&s->view.shown);
	if (s->list == NULL || s->list->n == 0)
		return stet_error_set(err, STET_ERR, "nothing to review");
	return STET_OK;
}

static int review_spans_start(struct screen *sc, struct stet_error *err)
{
	struct review_spans_screen *s = sc->data;
	struct stet_error rerr = {0};
	char host[256];
	const char *tty;
	size_t start = 0;

	screen_host_and_tty(host, sizeof host, &tty);
	if (stet_review_open(&s->rev, s->st, s->opts->lead,
			     host[0] ? host : NULL, tty, err) != STET_OK)
		return STET_ERR;
	s->view.sp.tags = stet_schema_count_kind(&s->rev.schema,
						 STET_KIND_TOKEN) > 0;
	/* Where this lead stopped last time; a hint that cannot be read
	 * only costs the place. */
	if (stet_review_spans_resume(&s->rev, s->list, &start,
				     &rerr) != STET_OK) {
		start = 0;
		screen_note_error(&s->view.note,
				  "where the last review stopped", &rerr);
	}
	load(s, start);
	if (start > 0 && s->view.note.kind == NOTE_NONE)
		screen_note(&s->view.note, NOTE_INFO,
			    "resumed where you stopped; Left goes back");
	return STET_OK;
}

static int review_spans_free(struct screen *sc, struct stet_error *err)
{
	struct review_spans_screen *s = sc->data;
	int rc = STET_OK;

	if (s == NULL)
		return STET_OK;
	if (s->rev.st != NULL)
		rc = stet_review_close(&s->rev, err);
	item_view_free(&s->view);
	span_free(&s->view);
	stet_item_clear(&s->view.item);
	free(s->order);
	free(s);
	sc->data = NULL;
	return rc;
}

const struct screen_type screen_review_spans = {
	.name = "review",
	.title = "Keys of stet review on spans",
	.bindings = review_spans_bindings,
	.init = review_spans_init,
	.start = review_spans_start,
	.draw = review_spans_draw,
	.key = review_spans_key,
	.resize = review_spans_resize,
	.tick = review_spans_tick,
	.help = review_spans_help,
	.free = review_spans_free,
};
