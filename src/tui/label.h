/* The state of the `stet label` screen (screen_label, screens.h),
 * shared by the files that draw it (label_draw.c, item_view.c,
 * overlay.c) and those that change it: label.c (the screen's
 * functions) and label_keys.c (its key table). Drawing reads this;
 * only keys and ticks write it. */
#ifndef STET_TUI_LABEL_H
#define STET_TUI_LABEL_H

#include "prompt.h"
#include "screen.h"
#include "stet/buf.h"
#include "stet/labeling.h"
#include "stet/spans.h"
#include "tui.h"

enum label_mode {
	MODE_ITEM,
	MODE_PROMPT,
	MODE_GUIDE,
	MODE_CELL,
	MODE_PICK
};

enum prompt_for { FOR_COMMENT, FOR_FLAG, FOR_SEARCH, FOR_GOTO };

/* A line of the item as laid out for the current width, and the
 * direction of the paragraph it was wrapped from (enum stet_bidi_dir),
 * which every line of the paragraph is drawn in. */
struct view_line {
	size_t off, len;
	int dir;
};

/* The span view (span_view.c draws it, span_keys.c changes it): the
 * label screen of a project with span or token labels, and the text of
 * stet review's review of spans. */
struct span_state {
	bool on;                  /* this screen is screen_spans */
	bool tags;                /* the schema's labels tag tokens */
	const struct stet_schema *schema; /* the labels of the spans:
					     the screen's, borrowed */
	/* Changes stay in set, unsaved, until the screen stores the set
	 * (stet review's decision); else each is saved as it is made. */
	bool local;
	bool hide_cursor;         /* no token cursor shown (stet review,
				     until the lead edits) */
	struct stet_span_set set; /* the spans being marked on the item */
	size_t tok;               /* the token under the cursor */
	bool selecting;
	size_t anchor;            /* the token the selection began at */
	size_t current;           /* the span ]/[ went to, or SIZE_MAX */
	bool follow;              /* scroll to the cursor at the next draw */
	/* Per grapheme of the item's text, ng + 1 entries: its first code
	 * point, and its byte offset in the shown (escaped) text. */
	uint32_t *g_cp;
	size_t *g_off;
	size_t ng, capg;
};

struct label_screen {
	const struct tui_label_opts *opts;
	struct stet_store *st;     /* the project, until lab opens on it */
	struct stet_labeling lab;

	uint64_t pos;              /* position in the queue */
	bool show_pos;             /* the annotator went to it (g): the
				    * status line says where it is */
	bool drained;              /* the queue has nothing more for them */
	char drained_msg[512];     /* what the message line says then */
	uint64_t next;             /* the position served after the last
				    * label or skip (queue.n: none) */
	struct stet_item item;
	struct stet_current cur;   /* this annotator's value, event 0: none */
	bool skipped;
	bool loaded;
	int64_t shown_ms;          /* when the item came on screen */

	/* multi-label: the set being chosen, saved with Enter */
	uint32_t chosen[STET_MAX_LABELS];
	size_t nchosen;
	/* multi-label: the labels of chosen a suggestion pre-toggled that
	 * the annotator has not toggled since */
	uint32_t presel[STET_SUGGEST_MAX];
	size_t npresel;

	/* text items: escaped text and its lines at wrap_cols */
	struct stet_buf shown;
	struct view_line *lines;
	size_t nlines, caplines;
	int wrap_cols;
	size_t scroll;             /* first line (text) shown */
	struct stet_bidi bidi;     /* the line being drawn, in display order */
	int *xs;                   /* the columns of its graphemes */
	size_t capxs;
	size_t cell;               /* table: the selected column */
	size_t first_col;          /* table: the first column shown */
	bool show_meta;

	enum label_mode mode;
	struct prompt prompt;
	enum prompt_for prompt_for;
	size_t overlay_scroll;
	struct stet_buf pick_filter;
	size_t pick_sel;

	struct screen_seek seek;   /* / n N and g */
	struct span_state sp;

	struct screen_note note;
	bool break_due;
	char reminder[512];        /* the break reminder, kept a few keys */
	int reminder_keys;
	uint64_t fatigue_checked;  /* labels when fatigue was last looked at */
	bool fatigue;

};

/* label.c: what the key handlers do to the screen. */
void label_load(struct label_screen *s, uint64_t pos);
/* Records an action on the item on screen; false (and a note) when it
 * is not saved. */
bool label_record(struct label_screen *s, enum stet_action action,
		  const uint32_t *labels, size_t n, const char *text);
/* The suggestion shown for the item on screen, or NULL. */
const struct stet_suggestion *label_suggestion(const struct label_screen *s);
/* Enter on a single-label item with a suggestion shown: saves the
 * suggested label and goes on. false when there is none to accept. */
bool label_accept(struct label_screen *s);
/* Whether the line above the label bar says what a model does: what
 * it suggests, how the item was chosen, how far a learning model is. */
bool label_model_line(const struct label_screen *s);
/* Rows between the title and the label bar's line(s) for the item. */
int label_item_rows(const struct label_screen *s);
/* On to the item served after a label or skip, or stay and say that
 * nothing is left. */
void label_advance(struct label_screen *s);
void label_open_prompt(struct label_screen *s, enum prompt_for what,
		       const char *title);
/* The break reminder after ms of labeling: "... for 50 minutes ...". */
void label_break_text(char *out, size_t len, int64_t ms);

/* The label key l pressed on the item: chosen, or for a span or token
 * label, marked on the text (span_keys.c). */
void label_choose(struct label_screen *s, const struct stet_label *l);

/* label.c's screen functions, which screen_spans shares. */
int label_screen_init(struct screen *sc, struct stet_store *st,
		      const void *opts, struct stet_error *err);
int label_screen_start(struct screen *sc, struct stet_error *err);
unsigned label_screen_key(struct screen *sc, const struct tui_key *k);
unsigned label_screen_resize(struct screen *sc);
unsigned label_screen_tick(struct screen *sc, bool paused);
int label_screen_pause_ms(const struct screen *sc);
void label_screen_help(struct screen *sc, struct stet_buf *head,
		       struct stet_buf *foot);
int label_screen_free(struct screen *sc, struct stet_error *err);

/* label_keys.c: the key tables of screen_label and screen_spans. */
extern const struct screen_binding label_bindings[];
extern const struct screen_binding span_bindings[];

/* label_draw.c: the whole screen from the state. */
void label_draw(struct screen *sc);
/* item_view.c */
void item_view_layout(struct label_screen *s, int cols);
void item_view_draw(struct label_screen *s, int top, int rows);
int item_view_rows(const struct label_screen *s);
void item_view_scroll(struct label_screen *s, long lines, int rows);
/* A page of the rows shown down (dir > 0) or up. */
void item_view_page(struct label_screen *s, int dir, int rows);
/* The item just read into s->item is shown: from its top and first
 * cell, laid out afresh. */
void item_view_loaded(struct label_screen *s);
/* Shows or hides the meta data, laying the text out afresh. */
void item_view_toggle_meta(struct label_screen *s);
void item_view_cell_move(struct label_screen *s, int dir);
void item_view_free(struct label_screen *s);
/* Line i of the laid-out text reordered into s->bidi, and s->xs (room
 * for its graphemes) filled with their columns from x within cols;
 * false when the bidirectional algorithm failed (for want of memory):
 * then the line is to be drawn as stored. */
bool item_view_place(struct label_screen *s, size_t i, int x, int cols);
/* overlay.c: the boxes over the item, stet review's too. */
void overlay_draw(struct label_screen *s);

/* span_view.c: the item's text with its tokens and spans. */
/* After item_view_layout: where each grapheme of the text is shown. */
void span_view_map(struct label_screen *s);
void span_view_draw(struct label_screen *s, int top, int rows);
/* Line i of the laid-out text drawn at (y, x) within cols, each cell
 * marked as span_view_draw marks it (cursor, selection, sp.set's
 * spans). Leaves the line placed (item_view_place) for
 * span_view_marks; false when it could only be drawn as stored. */
bool span_view_text_line(struct label_screen *s, size_t i, int y, int x,
			 int cols);
/* The marks of set under line i of the text, which is the line last
 * placed, from y in at most rows (0: draws nothing): each span's label
 * in brackets under its cells, or each tag under its token, stacked
 * where two would run into each other. Returns the rows they take, at
 * least one. */
int span_view_marks(struct label_screen *s, const struct stet_span_set *set,
		    size_t i, int y, int rows);
/* The line of the laid-out text the cursor's token starts on. */
size_t span_view_cursor_line(const struct label_screen *s);
/* The spans of the set at the cursor's token, innermost first: their
 * indexes in s->sp.set into out (at most max); returns how many. */
size_t span_view_at_cursor(const struct label_screen *s, size_t *out,
			   size_t max);
/* The attributes of label id's spans: its colour, underlined. */
attr_t span_view_label_attr(const struct label_screen *s, uint32_t id);
/* span_keys.c */
/* A span or token label's key: marks the selection or the token under
 * the cursor (a span), or tags the token and moves on. */
void span_mark(struct label_screen *s, const struct stet_label *l);
/* The item was read into s: its spans read, the cursor placed. */
void span_loaded(struct label_screen *s, uint64_t previous_item);
/* The span view's own handlers, for its key table. */
unsigned span_act_next(struct screen *sc);
unsigned span_act_prev(struct screen *sc);
unsigned span_act_first(struct screen *sc);
unsigned span_act_last(struct screen *sc);
unsigned span_act_select(struct screen *sc);
unsigned span_act_extend_right(struct screen *sc);
unsigned span_act_extend_left(struct screen *sc);
unsigned span_act_delete(struct screen *sc);
unsigned span_act_span_next(struct screen *sc);
unsigned span_act_span_prev(struct screen *sc);
unsigned span_act_cancel(struct screen *sc);
unsigned span_act_finish(struct screen *sc);
/* The words of the message line and the ? box for the span view. */
const char *span_keys_hint(const struct label_screen *s);
const char *span_help_intro(const struct label_screen *s);
void span_free(struct label_screen *s);
/* The head of a screen's help: intro, then the schema's label keys. */
void overlay_help_labels(struct stet_buf *out, const struct stet_schema *sc,
			 const char *intro);
/* The box of the table cell selected in v, whole. */
void overlay_cell(const struct label_screen *v, size_t *scroll);
/* The labels the picker offers for its filter; at most max ids. */
size_t overlay_pick_list(const struct label_screen *s, uint32_t *ids,
			 size_t max);

#endif
