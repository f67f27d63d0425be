/* `stet review`: a lead walks the items where annotators disagree, sees
 * every annotator's label beside the item, and decides the final label
 * with the label keys; each decision is an ADJUDICATE event in its own
 * durable write. Keys change the state here; review_draw.c draws it. */
#include <stdlib.h>
#include <string.h>

#include "review.h"
#include "stet/timefmt.h"
#include "theme.h"

static struct stet_review_entry *entry(struct review_screen *s)
{
	return &s->list->v[s->pos];
}

/* Annotators who joined since the list was made (a lead deciding for
 * the first time, this one included) are read again when an entry
 * names one. */
static int names(struct review_screen *s, struct stet_txn *txn,
		 const struct stet_review_entry *e, struct stet_error *err)
{
	struct stet_review_list *l = s->list;
	bool unknown = e->decided &&
		strcmp(stet_review_name(l, e->final_by), "?") == 0;

	for (size_t i = 0; i < e->nvalues && !unknown; i++)
		unknown = strcmp(stet_review_name(l, e->values[i].annotator),
				 "?") == 0;
	if (!unknown)
		return STET_OK;
	stet_annotators_free(l->annotators, l->nannotators);
	return stet_annotators_load(txn, &l->annotators, &l->nannotators, err);
}

/* Shows the entry at pos: the item, and its values and decision as
 * they stand now, in one read transaction. */
static void load(struct review_screen *s, size_t pos)
{
	struct stet_error err = {0};
	struct stet_review_entry *e;
	struct stet_txn *txn;
	int rc;

	stet_item_clear(&s->view.item);
	s->view.loaded = false;
	s->pos = pos;
	e = entry(s);
	if (stet_txn_begin_read(s->rev.st, &txn, &err) != STET_OK) {
		screen_note_error(&s->note, "cannot read the item", &err);
		return;
	}
	rc = stet_item_get(txn, e->item, &s->view.item, &err);
	if (rc == STET_OK)
		rc = stet_review_refresh(txn, e, &err);
	if (rc == STET_OK)
		rc = names(s, txn, e, &err);
	stet_txn_end(txn);
	if (rc != STET_OK) {
		screen_note_error(&s->note, "cannot read the item", &err);
		return;
	}
	item_view_loaded(&s->view);
	s->rev.at = e->item;
	s->shown_ms = stet_time_now_ms();
	s->nchosen = e->decided ? e->nfinal : 0;
	memcpy(s->chosen, e->final, s->nchosen * sizeof *s->chosen);
}

/* Reads the entry on screen again after a write of this screen, so
 * that its decision shows as stored. */
static void reread(struct review_screen *s)
{
	struct stet_error err = {0};
	struct stet_txn *txn;

	if (stet_txn_begin_read(s->rev.st, &txn, &err) != STET_OK)
		return;
	if (stet_review_refresh(txn, entry(s), &err) != STET_OK ||
	    names(s, txn, entry(s), &err) != STET_OK)
		screen_note_error(&s->note, "cannot read the item", &err);
	stet_txn_end(txn);
}

/* Records the decision, and only then says saved and moves on. */
static void decide(struct review_screen *s, const uint32_t *labels, size_t n)
{
	struct stet_error err = {0};
	struct stet_buf names;
	bool last = s->pos + 1 >= s->list->n;

	if (!s->view.loaded)
		return;
	if (stet_review_decide(&s->rev, entry(s)->item, labels, n,
			       screen_shown_for(s->shown_ms), &err) != STET_OK) {
		screen_note_error(&s->note, "not saved", &err);
		return;
	}
	reread(s);
	stet_buf_init(&names);
	for (size_t i = 0; i < n; i++)
		stet_buf_printf(&names, "%s%s", i ? "," : "",
				screen_label_name(&s->rev.schema, labels[i]));
	screen_note(&s->note, NOTE_SAVED, "saved decision %s%s",
		    names.len ? names.data : "(no label)",
		    last ? " (that was the last item)" : "");
	stet_buf_free(&names);
	load(s, last ? s->pos : s->pos + 1);
}

static void toggle(struct review_screen *s, uint32_t id)
{
	bool on = screen_toggle(s->chosen, &s->nchosen, id);

	screen_note(&s->note, NOTE_INFO, "%s %s; Enter decides",
		    screen_label_name(&s->rev.schema, id), on ? "on" : "off");
}

static void choose(struct review_screen *s, uint32_t id)
{
	if (s->rev.schema.multi)
		toggle(s, id);
	else
		decide(s, &id, 1);
}

/* What search and go-to (screen_seek) need of this screen: the list. */
static int seek_search(void *ctx, const char *needle, uint64_t from, int dir,
		       uint64_t *found, struct stet_error *err)
{
	struct review_screen *s = ctx;
	size_t at;
	int rc = stet_review_search(s->rev.st, s->list, needle, (size_t)from,
				    dir, &at, err);

	*found = at;
	return rc;
}

static int seek_find(void *ctx, const char *what, uint64_t *pos,
		     struct stet_error *err)
{
	struct review_screen *s = ctx;
	size_t at;
	int rc = stet_review_find(s->rev.st, s->list, what, &at, err);

	*pos = at;
	return rc;
}

static void seek_show(void *ctx, uint64_t pos)
{
	load(ctx, (size_t)pos);
}

static const struct screen_seek_ops seek_ops = {
	seek_search, seek_find, seek_show,
};

static void open_prompt(struct review_screen *s, bool go, const char *title)
{
	screen_prompt_open(&s->prompt, title);
	s->prompt_goto = go;
	s->mode = REVIEW_PROMPT;
}

static unsigned act_save(struct screen *sc)
{
	struct review_screen *s = sc->data;

	if (!s->rev.schema.multi) {
		if (s->view.item.kind == STET_ITEM_TABLE)
			s->mode = REVIEW_CELL, s->overlay_scroll = 0;
	} else if (s->nchosen == 0) {
		screen_note(&s->note, NOTE_INFO, "choose the final labels first");
	} else {
		decide(s, s->chosen, s->nchosen);
	}
	return SCREEN_DRAW;
}

static unsigned act_back(struct screen *sc)
{
	struct review_screen *s = sc->data;

	if (s->pos == 0)
		screen_note(&s->note, NOTE_INFO, "this is the first item");
	else
		load(s, s->pos - 1);
	return SCREEN_DRAW;
}

static unsigned act_forward(struct screen *sc)
{
	struct review_screen *s = sc->data;

	if (s->pos + 1 >= s->list->n)
		screen_note(&s->note, NOTE_INFO, "this is the last item");
	else
		load(s, s->pos + 1);
	return SCREEN_DRAW;
}

static unsigned act_undo(struct screen *sc)
{
	struct review_screen *s = sc->data;
	struct stet_error err = {0};
	uint64_t item;
	int rc = stet_review_undo(&s->rev, &item, &err);

	if (rc == STET_NOTFOUND) {
		screen_note(&s->note, NOTE_INFO,
			    "no decision of this review to undo");
		return SCREEN_DRAW;
	}
	if (rc != STET_OK) {
		screen_note_error(&s->note, "not undone", &err);
		return SCREEN_DRAW;
	}
	for (size_t i = 0; i < s->list->n; i++)
		if (s->list->v[i].item == item) {
			load(s, i);
			break;
		}
	screen_note(&s->note, NOTE_SAVED, "saved undo of the decision");
	return SCREEN_DRAW;
}

static unsigned act_search(struct screen *sc)
{
	open_prompt(sc->data, false, "/");
	return SCREEN_DRAW;
}

/* N repeats a search backwards; review_key gives it to screen_seek_key
 * while a search is repeating, so here there is none to repeat. */
static unsigned act_search_prev(struct screen *sc)
{
	(void)sc;
	return SCREEN_SAME;
}

static unsigned act_goto(struct screen *sc)
{
	open_prompt(sc->data, true, "go to item (id or position):");
	return SCREEN_DRAW;
}

static unsigned scroll_by(struct screen *sc, long lines)
{
	struct review_screen *s = sc->data;

	item_view_scroll(&s->view, lines, review_item_rows(s));
	return SCREEN_DRAW;
}

static unsigned page_by(struct screen *sc, int dir)
{
	struct review_screen *s = sc->data;

	item_view_page(&s->view, dir, review_item_rows(s));
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
	return page_by(sc, +1);
}

static unsigned act_page_up(struct screen *sc)
{
	return page_by(sc, -1);
}

static unsigned act_cell_left(struct screen *sc)
{
	struct review_screen *s = sc->data;

	item_view_cell_move(&s->view, -1);
	return SCREEN_DRAW;
}

static unsigned act_cell_right(struct screen *sc)
{
	struct review_screen *s = sc->data;

	item_view_cell_move(&s->view, +1);
	return SCREEN_DRAW;
}

static unsigned act_cell_view(struct screen *sc)
{
	struct review_screen *s = sc->data;

	if (s->view.item.kind != STET_ITEM_TABLE)
		return SCREEN_SAME;
	s->mode = REVIEW_CELL;
	s->overlay_scroll = 0;
	return SCREEN_DRAW;
}

static unsigned act_meta(struct screen *sc)
{
	struct review_screen *s = sc->data;

	item_view_toggle_meta(&s->view);
	return SCREEN_DRAW;
}

/* Every key here is one stet label binds too, and stet/keys.h reserves
 * them all, so that no schema hotkey can mean something else here. */
static const struct screen_binding review_bindings[] = {
	{"save", {"Enter"}, "multi-label: decide the chosen labels and go on",
	 act_save},
	{"back", {"Left", "b"}, "back to the previous item, deciding nothing",
	 act_back},
	{"forward", {"Right", "n"}, "on to the next item, deciding nothing",
	 act_forward},
	{"undo", {"u"}, "undo your last decision of this review", act_undo},
	{"search", {"/"},
	 "search item text; then n and N for the next and previous match",
	 act_search},
	{"search-prev", {"N"}, "previous search match (after /)",
	 act_search_prev},
	{"goto", {"g"}, "go to an item by id or position in this review",
	 act_goto},
	{"scroll-down", {"Down", "j"}, "scroll the item down a line",
	 act_scroll_down},
	{"scroll-up", {"Up", "k"}, "scroll the item up a line", act_scroll_up},
	{"page-down", {"PgDn"}, "scroll the item down a page", act_page_down},
	{"page-up", {"PgUp"}, "scroll the item up a page", act_page_up},
	{"cell-left", {"h"}, "table: select the cell to the left",
	 act_cell_left},
	{"cell-right", {"l"}, "table: select the cell to the right",
	 act_cell_right},
	{"cell-view", {"v"}, "table: show the whole selected cell",
	 act_cell_view},
	{"meta", {"m"}, "show or hide the item's meta data", act_meta},
	{"help", {"?"}, "this help", screen_act_help},
	{"redraw", {"Ctrl-L"}, "redraw the screen", screen_act_redraw},
	{"quit", {"q"}, "quit; every decision is already saved",
	 screen_act_quit},
	{NULL, {NULL}, NULL, NULL},
};

static unsigned item_key(struct review_screen *s, const struct tui_key *k)
{
	const struct stet_label *l;

	if (screen_seek_key(&s->seek, &s->note, s->pos, k))
		return SCREEN_DRAW;
	if ((l = screen_label_key(&s->rev.schema, k)) != NULL) {
		choose(s, l->id);
		return SCREEN_DRAW;
	}
	return SCREEN_DRAW | SCREEN_PASS;
}

static void prompt_key_in(struct review_screen *s, const struct tui_key *k)
{
	enum prompt_status st = screen_prompt_key(&s->prompt, &s->note, k);

	if (st == PROMPT_EDITING)
		return;
	s->mode = REVIEW_ITEM;
	if (st != PROMPT_DONE)
		return;
	if (s->prompt_goto)
		screen_seek_goto(&s->seek, &s->note, prompt_text(&s->prompt));
	else
		screen_seek_search(&s->seek, &s->note, s->pos,
				   prompt_text(&s->prompt), +1);
	prompt_close(&s->prompt);
}

static unsigned review_key(struct screen *sc, const struct tui_key *k)
{
	struct review_screen *s = sc->data;

	if (s->mode == REVIEW_ITEM && !s->seek.repeating)
		s->note.kind = NOTE_NONE;
	if (s->mode == REVIEW_ITEM)
		return item_key(s, k);
	if (s->mode == REVIEW_PROMPT)
		prompt_key_in(s, k);
	else if (screen_box_key(&s->overlay_scroll, k))
		s->mode = REVIEW_ITEM;
	return SCREEN_DRAW;
}

static unsigned review_tick(struct screen *sc, bool paused)
{
	struct review_screen *s = sc->data;
	struct stet_error err = {0};

	if (!paused || stet_review_flush(&s->rev, &err) == STET_OK)
		return SCREEN_SAME;
	screen_note_error(&s->note, "sync", &err);
	return SCREEN_DRAW;
}

static unsigned review_resize(struct screen *sc)
{
	struct review_screen *s = sc->data;

	/* Laid out again for the new width, and kept from scrolling past
	 * the end when the terminal grew taller. */
	item_view_layout(&s->view, COLS - 2);
	item_view_scroll(&s->view, 0, review_item_rows(s));
	return SCREEN_DRAW;
}

static void review_help(struct screen *sc, struct stet_buf *head,
			struct stet_buf *foot)
{
	struct review_screen *s = sc->data;
	const struct stet_schema *schema = &s->rev.schema;

	overlay_help_labels(head, schema, schema->multi ?
			    "Label keys toggle a label of the decision; Enter decides." :
			    "A label key decides the item with that label and moves on.");
	stet_buf_adds(foot, "Every decision is saved when the status line says saved.");
	if (stet_schema_count_kind(schema, STET_KIND_ITEM) < schema->nlabels)
		stet_buf_adds(foot, "\nThis review decides item labels; stet review --spans decides the spans and tags.");
}

static int review_init(struct screen *sc, struct stet_store *st,
		       const void *opts, struct stet_error *err)
{
	const struct tui_review_opts *o = opts;
	struct review_screen *s = stet_xcalloc(1, sizeof *s);

	sc->data = s;
	s->opts = o;
	s->st = st;
	s->list = o->list;
	s->seek.ops = &seek_ops;
	s->seek.ctx = s;
	s->view_opts.project = o->project;
	s->view_opts.annotator = o->lead;
	s->view_opts.lead = true;
	s->view.opts = &s->view_opts;
	stet_item_init(&s->view.item);
	stet_buf_init(&s->view.shown);
	if (s->list->n == 0)
		return stet_error_set(err, STET_ERR, "nothing to review");
	return STET_OK;
}

static int review_start(struct screen *sc, struct stet_error *err)
{
	struct review_screen *s = sc->data;
	struct stet_error rerr = {0};
	char host[256];
	const char *tty;
	size_t start;

	screen_host_and_tty(host, sizeof host, &tty);
	if (stet_review_open(&s->rev, s->st, s->opts->lead,
			     host[0] ? host : NULL, tty, err) != STET_OK)
		return STET_ERR;
	/* Where this lead stopped last time; a hint that cannot be read
	 * only costs the place. */
	if (stet_review_resume(&s->rev, s->list, &start, &rerr) != STET_OK) {
		start = 0;
		screen_note_error(&s->note, "where the last review stopped",
				  &rerr);
	}
	load(s, start);
	if (start > 0 && s->note.kind == NOTE_NONE)
		screen_note(&s->note, NOTE_INFO,
			    "resumed where you stopped; g 1 goes to the first item");
	return STET_OK;
}

static int review_free(struct screen *sc, struct stet_error *err)
{
	struct review_screen *s = sc->data;
	int rc = STET_OK;

	if (s == NULL)
		return STET_OK;
	if (s->rev.st != NULL)
		rc = stet_review_close(&s->rev, err);
	if (s->mode == REVIEW_PROMPT)
		prompt_close(&s->prompt);
	screen_seek_free(&s->seek);
	item_view_free(&s->view);
	stet_item_clear(&s->view.item);
	free(s);
	sc->data = NULL;
	return rc;
}

const struct screen_type screen_review = {
	.name = "review",
	.title = "Keys of stet review",
	.bindings = review_bindings,
	.init = review_init,
	.start = review_start,
	.draw = review_draw,
	.key = review_key,
	.resize = review_resize,
	.tick = review_tick,
	.help = review_help,
	.free = review_free,
};
