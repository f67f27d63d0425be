/* `stet review`: a lead walks the items where annotators disagree, sees
 * every annotator's label beside the item, and decides the final label
 * with the label keys; each decision is an ADJUDICATE event in its own
 * durable write. Keys change the state here; review_draw.c draws it. */
#include <stdlib.h>
#include <string.h>

#include "review.h"
#include "stet/timefmt.h"
#include "theme.h"

const struct stet_binding review_bindings[] = {
	{"save", {"Enter"}, "multi-label: decide the chosen labels and go on"},
	{"back", {"Left", "b"}, "back to the previous item, deciding nothing"},
	{"forward", {"Right", "n"}, "on to the next item, deciding nothing"},
	{"undo", {"u"}, "undo your last decision of this review"},
	{"search", {"/"}, "search item text; then n and N for the next and previous match"},
	{"search-prev", {"N"}, "previous search match (after /)"},
	{"goto", {"g"}, "go to an item by id or position in this review"},
	{"scroll-down", {"Down", "j"}, "scroll the item down a line"},
	{"scroll-up", {"Up", "k"}, "scroll the item up a line"},
	{"page-down", {"PgDn"}, "scroll the item down a page"},
	{"page-up", {"PgUp"}, "scroll the item up a page"},
	{"cell-left", {"h"}, "table: select the cell to the left"},
	{"cell-right", {"l"}, "table: select the cell to the right"},
	{"cell-view", {"v"}, "table: show the whole selected cell"},
	{"meta", {"m"}, "show or hide the item's meta data"},
	{"help", {"?"}, "this help"},
	{"redraw", {"Ctrl-L"}, "redraw the screen"},
	{"quit", {"q"}, "quit; every decision is already saved"},
};

const size_t review_nbindings =
	sizeof review_bindings / sizeof review_bindings[0];

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

static void act_save(struct review_screen *s)
{
	if (!s->rev.schema.multi) {
		if (s->view.item.kind == STET_ITEM_TABLE)
			s->mode = REVIEW_CELL, s->overlay_scroll = 0;
		return;
	}
	if (s->nchosen == 0) {
		screen_note(&s->note, NOTE_INFO, "choose the final labels first");
		return;
	}
	decide(s, s->chosen, s->nchosen);
}

static void act_back(struct review_screen *s)
{
	if (s->pos == 0) {
		screen_note(&s->note, NOTE_INFO, "this is the first item");
		return;
	}
	load(s, s->pos - 1);
}

static void act_forward(struct review_screen *s)
{
	if (s->pos + 1 >= s->list->n) {
		screen_note(&s->note, NOTE_INFO, "this is the last item");
		return;
	}
	load(s, s->pos + 1);
}

static void act_undo(struct review_screen *s)
{
	struct stet_error err = {0};
	uint64_t item;
	int rc = stet_review_undo(&s->rev, &item, &err);

	if (rc == STET_NOTFOUND) {
		screen_note(&s->note, NOTE_INFO,
			    "no decision of this review to undo");
		return;
	}
	if (rc != STET_OK) {
		screen_note_error(&s->note, "not undone", &err);
		return;
	}
	for (size_t i = 0; i < s->list->n; i++)
		if (s->list->v[i].item == item) {
			load(s, i);
			break;
		}
	screen_note(&s->note, NOTE_SAVED, "saved undo of the decision");
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

static void act_search(struct review_screen *s)
{
	open_prompt(s, false, "/");
}

static void act_search_prev(struct review_screen *s)
{
	/* N repeats a search backwards; screen_seek_key takes it while a
	 * search is repeating, so here there is none. */
	(void)s;
}

static void act_goto(struct review_screen *s)
{
	open_prompt(s, true, "go to item (id or position):");
}

static void act_scroll_down(struct review_screen *s)
{
	item_view_scroll(&s->view, 1, review_item_rows(s));
}

static void act_scroll_up(struct review_screen *s)
{
	item_view_scroll(&s->view, -1, review_item_rows(s));
}

static void act_page_down(struct review_screen *s)
{
	item_view_page(&s->view, +1, review_item_rows(s));
}

static void act_page_up(struct review_screen *s)
{
	item_view_page(&s->view, -1, review_item_rows(s));
}

static void act_cell_left(struct review_screen *s)
{
	item_view_cell_move(&s->view, -1);
}

static void act_cell_right(struct review_screen *s)
{
	item_view_cell_move(&s->view, +1);
}

static void act_cell_view(struct review_screen *s)
{
	if (s->view.item.kind != STET_ITEM_TABLE)
		return;
	s->mode = REVIEW_CELL;
	s->overlay_scroll = 0;
}

static void act_meta(struct review_screen *s)
{
	item_view_toggle_meta(&s->view);
}

static void act_help(struct review_screen *s)
{
	s->mode = REVIEW_HELP;
	s->overlay_scroll = 0;
}

static void act_redraw(struct review_screen *s)
{
	(void)s;
	clearok(curscr, TRUE);
}

static void act_quit(struct review_screen *s)
{
	s->quit = true;
}

static const struct {
	const char *action;
	void (*fn)(struct review_screen *s);
} handlers[] = {
	{"save", act_save}, {"back", act_back}, {"forward", act_forward},
	{"undo", act_undo}, {"search", act_search},
	{"search-prev", act_search_prev}, {"goto", act_goto},
	{"scroll-down", act_scroll_down},
	{"scroll-up", act_scroll_up}, {"page-down", act_page_down},
	{"page-up", act_page_up}, {"cell-left", act_cell_left},
	{"cell-right", act_cell_right}, {"cell-view", act_cell_view},
	{"meta", act_meta}, {"help", act_help}, {"redraw", act_redraw},
	{"quit", act_quit},
};

static void item_key(struct review_screen *s, const struct tui_key *k)
{
	const struct stet_label *l;
	const char *action;

	if (screen_seek_key(&s->seek, &s->note, s->pos, k))
		return;
	if ((l = screen_label_key(&s->rev.schema, k)) != NULL) {
		choose(s, l->id);
		return;
	}
	action = screen_action_key(review_bindings, review_nbindings, k);
	if (action == NULL)
		return;
	for (size_t h = 0; h < sizeof handlers / sizeof handlers[0]; h++)
		if (strcmp(handlers[h].action, action) == 0)
			handlers[h].fn(s);
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

static void on_key(struct review_screen *s, const struct tui_key *k)
{
	if (k->code && k->ch == KEY_RESIZE)
		return;
	if (s->mode == REVIEW_ITEM && !s->seek.repeating)
		s->note.kind = NOTE_NONE;
	if (s->too_small) {
		if (term_key_is(k, "q"))
			s->quit = true;
		return;
	}
	if (s->mode == REVIEW_ITEM)
		item_key(s, k);
	else if (s->mode == REVIEW_PROMPT)
		prompt_key_in(s, k);
	else if (screen_box_key(&s->overlay_scroll, k))
		s->mode = REVIEW_ITEM;
}

int tui_review_run(struct stet_store *st, const struct tui_review_opts *o,
		   struct stet_review_list *list, struct stet_error *err)
{
	struct review_screen s;
	struct theme theme;
	struct tui_key k;
	char host[256];
	const char *tty;
	struct stet_error rerr = {0};
	size_t start;
	int rc = STET_ERR;

	memset(&s, 0, sizeof s);
	memset(&theme, 0, sizeof theme);
	s.opts = o;
	s.list = list;
	s.seek.ops = &seek_ops;
	s.seek.ctx = &s;
	stet_item_init(&s.view.item);
	stet_buf_init(&s.view.shown);
	if (list->n == 0) {
		stet_error_set(err, STET_ERR, "nothing to review");
		goto out;
	}
	if (theme_load(&theme, o->theme, err) != STET_OK)
		goto out;
	if (term_start(&theme, err) != STET_OK)
		goto close;
	screen_host_and_tty(host, sizeof host, &tty);
	if (stet_review_open(&s.rev, st, o->lead, host[0] ? host : NULL, tty,
			     err) != STET_OK)
		goto close;
	/* Where this lead stopped last time; a hint that cannot be read
	 * only costs the place. */
	if (stet_review_resume(&s.rev, list, &start, &rerr) != STET_OK) {
		start = 0;
		screen_note_error(&s.note, "where the last review stopped",
				  &rerr);
	}
	load(&s, start);
	if (start > 0 && s.note.kind == NOTE_NONE)
		screen_note(&s.note, NOTE_INFO,
			    "resumed where you stopped; g 1 goes to the first item");
	while (!s.quit && !term_hangup()) {
		review_draw(&s);
		if (term_key(&k, 1000))
			on_key(&s, &k);
		else if (stet_review_flush(&s.rev, err) != STET_OK)
			screen_note_error(&s.note, "sync", err);
	}
	rc = STET_OK;
close:
	term_stop();
	if (s.rev.st != NULL) {
		struct stet_error cerr = {0};

		if (stet_review_close(&s.rev, &cerr) != STET_OK &&
		    rc == STET_OK) {
			*err = cerr;
			rc = STET_ERR;
		}
	}
out:
	if (s.mode == REVIEW_PROMPT)
		prompt_close(&s.prompt);
	screen_seek_free(&s.seek);
	item_view_free(&s.view);
	stet_item_clear(&s.view.item);
	theme_free(&theme);
	return rc;
}
