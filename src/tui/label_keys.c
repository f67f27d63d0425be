/* The key table of `stet label` and its handlers: each changes the
 * screen's state and says what changed; none draws. The label keys
 * come from the schema, ahead of this table (label.c); stet/keys.h
 * reserves this table's keys so that no label's hotkey can take one. */
#include <string.h>

#include "label.h"

static struct label_screen *state(struct screen *sc)
{
	return sc->data;
}

static void save_set(struct label_screen *s)
{
	if (s->nchosen == 0 && s->cur.event == 0) {
		screen_note(&s->note, NOTE_INFO,
			    "choose a label first, or skip with Space");
		return;
	}
	if (s->nchosen == 0) {
		struct stet_error err = {0};
		bool found;

		if (!label_record(s, STET_ACT_UNLABEL, NULL, 0, NULL))
			return;
		if (stet_labeling_serve(&s->lab, s->item.id, &s->next, &found,
					&err) != STET_OK)
			screen_note_error(&s->note,
					  "saved: no labels, but the next item",
					  &err);
		else
			screen_note(&s->note, NOTE_SAVED, "saved: no labels%s",
				    found ? "" : " (that was the last item)");
	} else {
		if (!label_record(s, STET_ACT_LABEL, s->chosen, s->nchosen,
				  NULL))
			return;
		screen_note(&s->note, NOTE_SAVED, "saved %zu label%s%s",
			    s->nchosen, s->nchosen == 1 ? "" : "s",
			    s->next < s->lab.queue.n ? "" :
			    " (that was the last item)");
	}
	label_advance(s);
}

static unsigned act_save(struct screen *sc)
{
	struct label_screen *s = state(sc);

	/* A suggestion shown is what Enter is for: on a table item too,
	 * whose whole cell is also on v. */
	if (s->lab.schema.multi)
		save_set(s);
	else if (!label_accept(s) && s->item.kind == STET_ITEM_TABLE)
		s->mode = MODE_CELL, s->overlay_scroll = 0;
	return SCREEN_DRAW;
}

static unsigned act_skip(struct screen *sc)
{
	struct label_screen *s = state(sc);

	if (!label_record(s, STET_ACT_SKIP, NULL, 0, NULL))
		return SCREEN_DRAW;
	screen_note(&s->note, NOTE_SAVED, "saved skip%s",
		    s->next < s->lab.queue.n ? "" : " (that was the last item)");
	label_advance(s);
	return SCREEN_DRAW;
}

static unsigned act_back(struct screen *sc)
{
	struct label_screen *s = state(sc);

	if (s->pos == 0)
		screen_note(&s->note, NOTE_INFO, "this is the first item");
	else
		label_load(s, s->pos - 1);
	return SCREEN_DRAW;
}

static unsigned act_forward(struct screen *sc)
{
	struct label_screen *s = state(sc);

	if (s->pos + 1 >= s->lab.queue.n)
		screen_note(&s->note, NOTE_INFO, "this is the last item");
	else
		label_load(s, s->pos + 1);
	return SCREEN_DRAW;
}

static unsigned act_undo(struct screen *sc)
{
	static const char *const names[] = {
		[STET_ACT_LABEL] = "label", [STET_ACT_SKIP] = "skip",
		[STET_ACT_FLAG] = "flag", [STET_ACT_NOTE] = "comment",
		[STET_ACT_UNLABEL] = "label",
	};
	struct label_screen *s = state(sc);
	struct stet_error err = {0};
	enum stet_action what = STET_ACT_LABEL;
	const char *name;
	uint64_t pos;
	int rc = stet_labeling_undo(&s->lab, &pos, &what, &err);

	if (rc == STET_NOTFOUND) {
		screen_note(&s->note, NOTE_INFO,
			    "nothing to undo in this session");
		return SCREEN_DRAW;
	}
	if (rc != STET_OK) {
		screen_note_error(&s->note, "not undone", &err);
		return SCREEN_DRAW;
	}
	label_load(s, pos);
	s->drained = false;
	if (what == STET_ACT_SPANS)
		name = s->sp.tags ? "tag" : "span change";
	else if (s->sp.on && what == STET_ACT_LABEL)
		name = "finish";
	else
		name = what < sizeof names / sizeof names[0] && names[what] ?
			names[what] : "action";
	screen_note(&s->note, NOTE_SAVED, "saved undo of the %s", name);
	return SCREEN_DRAW;
}

static unsigned act_flag(struct screen *sc)
{
	label_open_prompt(state(sc), FOR_FLAG,
			  "flag, with a note (Enter flags, Esc cancels):");
	return SCREEN_DRAW;
}

static unsigned act_comment(struct screen *sc)
{
	label_open_prompt(state(sc), FOR_COMMENT, "comment:");
	return SCREEN_DRAW;
}

static unsigned act_search(struct screen *sc)
{
	label_open_prompt(state(sc), FOR_SEARCH, "/");
	return SCREEN_DRAW;
}

/* N repeats a search backwards; the screen's key function gives it to
 * screen_seek_key while a search is repeating, so here there is none
 * to repeat. */
static unsigned act_search_prev(struct screen *sc)
{
	(void)sc;
	return SCREEN_SAME;
}

static unsigned act_goto(struct screen *sc)
{
	label_open_prompt(state(sc), FOR_GOTO, "go to item (id or position):");
	return SCREEN_DRAW;
}

static unsigned act_pick(struct screen *sc)
{
	struct label_screen *s = state(sc);

	stet_buf_reset(&s->pick_filter);
	s->pick_sel = 0;
	s->mode = MODE_PICK;
	return SCREEN_DRAW;
}

static unsigned act_scroll_down(struct screen *sc)
{
	item_view_scroll(state(sc), 1, item_view_rows(state(sc)));
	return SCREEN_DRAW;
}

static unsigned act_scroll_up(struct screen *sc)
{
	item_view_scroll(state(sc), -1, item_view_rows(state(sc)));
	return SCREEN_DRAW;
}

static unsigned act_page_down(struct screen *sc)
{
	item_view_page(state(sc), +1, item_view_rows(state(sc)));
	return SCREEN_DRAW;
}

static unsigned act_page_up(struct screen *sc)
{
	item_view_page(state(sc), -1, item_view_rows(state(sc)));
	return SCREEN_DRAW;
}

static unsigned act_cell_left(struct screen *sc)
{
	item_view_cell_move(state(sc), -1);
	return SCREEN_DRAW;
}

static unsigned act_cell_right(struct screen *sc)
{
	item_view_cell_move(state(sc), +1);
	return SCREEN_DRAW;
}

static unsigned act_cell_view(struct screen *sc)
{
	struct label_screen *s = state(sc);

	if (s->item.kind != STET_ITEM_TABLE)
		return SCREEN_SAME;
	s->mode = MODE_CELL;
	s->overlay_scroll = 0;
	return SCREEN_DRAW;
}

static unsigned act_meta(struct screen *sc)
{
	item_view_toggle_meta(state(sc));
	return SCREEN_DRAW;
}

static unsigned act_guidelines(struct screen *sc)
{
	struct label_screen *s = state(sc);

	s->mode = MODE_GUIDE;
	s->overlay_scroll = 0;
	return SCREEN_DRAW;
}

/* In the order the ? box and --keys list them. */
const struct screen_binding label_bindings[] = {
	{"save", {"Enter"}, "save the set (multi-label) or accept a suggestion; go on",
	 act_save},
	{"skip", {"Space", "s"}, "skip this item and go on", act_skip},
	{"back", {"Left", "b"}, "back to the previous item", act_back},
	{"forward", {"Right", "n"}, "forward to the next item without labeling",
	 act_forward},
	{"undo", {"u"}, "undo the last action of this session", act_undo},
	{"flag", {"f"}, "flag the item for a lead, with an optional note",
	 act_flag},
	{"comment", {"c"}, "write a comment on the item", act_comment},
	{"search", {"/"},
	 "search item text; then n and N for the next and previous match",
	 act_search},
	{"search-prev", {"N"}, "previous search match (after /)",
	 act_search_prev},
	{"goto", {"g"}, "go to an item by id or position", act_goto},
	{"pick", {"t"}, "choose a label from a list, typing to filter",
	 act_pick},
	{"scroll-down", {"Down", "j"}, "scroll the item down a line",
	 act_scroll_down},
	{"scroll-up", {"Up", "k"}, "scroll the item up a line", act_scroll_up},
	{"page-down", {"PgDn"}, "scroll the item down a page", act_page_down},
	{"page-up", {"PgUp"}, "scroll the item up a page", act_page_up},
	{"cell-left", {"h"}, "table: select the cell to the left",
	 act_cell_left},
	{"cell-right", {"l"}, "table: select the cell to the right",
	 act_cell_right},
	{"cell-view", {"v"},
	 "table: show the whole selected cell (Enter too, single-label)",
	 act_cell_view},
	{"meta", {"m"}, "show or hide the item's meta data", act_meta},
	{"help", {"?"}, "this help", screen_act_help},
	{"guidelines", {"G"}, "the labels and their guidelines",
	 act_guidelines},
	{"redraw", {"Ctrl-L"}, "redraw the screen", screen_act_redraw},
	{"quit", {"q"}, "quit; every action is already saved", screen_act_quit},
	{NULL, {NULL}, NULL, NULL},
};

/* The span view's: stet label's, but that the token cursor, the
 * selection and the spans take w, b, v, Home, End, x, ] and [, and
 * Enter finishes the item (stet/keys.h reserves them in a schema with
 * span or token labels). Table items have no text to mark, and no
 * cell keys here: v shows no cell, Enter finishes them too. */
const struct screen_binding span_bindings[] = {
	{"save", {"Enter"}, "finish the item (its spans are saved as you mark them) and go on",
	 span_act_finish},
	{"token-next", {"w"}, "the cursor to the next token", span_act_next},
	{"token-prev", {"b"}, "the cursor to the previous token", span_act_prev},
	{"token-first", {"Home"}, "the cursor to the first token", span_act_first},
	{"token-last", {"End"}, "the cursor to the last token", span_act_last},
	{"select", {"v"}, "start a selection (w, b and Shift+arrows extend it); v again drops it",
	 span_act_select},
	{"extend-right", {"Shift-Right"}, "extend the selection to the next token",
	 span_act_extend_right},
	{"extend-left", {"Shift-Left"}, "extend the selection to the previous token",
	 span_act_extend_left},
	{"delete", {"x"}, "delete the span (or tag) under the cursor",
	 span_act_delete},
	{"span-next", {"]"}, "the cursor to the next span", span_act_span_next},
	{"span-prev", {"["}, "the cursor to the previous span", span_act_span_prev},
	{"cancel", {"Esc"}, "drop the selection", span_act_cancel},
	{"skip", {"Space", "s"}, "skip this item and go on", act_skip},
	{"back", {"Left"}, "back to the previous item", act_back},
	{"forward", {"Right", "n"}, "forward to the next item without finishing it",
	 act_forward},
	{"undo", {"u"}, "undo the last action of this session: a span, a tag, a finish",
	 act_undo},
	{"flag", {"f"}, "flag the item for a lead, with an optional note",
	 act_flag},
	{"comment", {"c"}, "write a comment on the item", act_comment},
	{"search", {"/"},
	 "search item text; then n and N for the next and previous match",
	 act_search},
	{"search-prev", {"N"}, "previous search match (after /)",
	 act_search_prev},
	{"goto", {"g"}, "go to an item by id or position", act_goto},
	{"pick", {"t"}, "choose a label from a list, typing to filter",
	 act_pick},
	{"scroll-down", {"Down", "j"}, "scroll the item down a line",
	 act_scroll_down},
	{"scroll-up", {"Up", "k"}, "scroll the item up a line", act_scroll_up},
	{"page-down", {"PgDn"}, "scroll the item down a page", act_page_down},
	{"page-up", {"PgUp"}, "scroll the item up a page", act_page_up},
	{"meta", {"m"}, "show or hide the item's meta data", act_meta},
	{"help", {"?"}, "this help", screen_act_help},
	{"guidelines", {"G"}, "the labels and their guidelines",
	 act_guidelines},
	{"redraw", {"Ctrl-L"}, "redraw the screen", screen_act_redraw},
	{"quit", {"q"}, "quit; every action is already saved", screen_act_quit},
	{NULL, {NULL}, NULL, NULL},
};
