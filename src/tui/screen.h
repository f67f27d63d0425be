/* What the screens have in common, written once, inside the terminal
 * layer: the handlers every key table shares (screen_loop.c), the note
 * the last key leaves for the message line, label keys, search and
 * go-to, and the lines around the item (title, label bar, status,
 * message). Each screen keeps its own state and passes in the parts of
 * it these need; screen.c changes state, screen_draw.c draws. */
#ifndef STET_TUI_SCREEN_H
#define STET_TUI_SCREEN_H

#include "prompt.h"
#include "screens.h"
#include "stet/error.h"
#include "stet/keys.h"
#include "stet/schema.h"
#include "tui.h"

/* Handlers any key table may use (screen_loop.c): ? opens the help
 * box of the screen's own table, Ctrl-L repaints, q quits. */
unsigned screen_act_help(struct screen *sc);
unsigned screen_act_redraw(struct screen *sc);
unsigned screen_act_quit(struct screen *sc);

/* What the last action left to say on the message line. */
enum note_kind { NOTE_NONE, NOTE_SAVED, NOTE_INFO, NOTE_ERROR };

struct screen_note {
	enum note_kind kind;
	char text[512];
};

/* Sets the note; the text is cut to fit. */
void screen_note(struct screen_note *n, enum note_kind kind,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "what: the error's message", as an error. */
void screen_note_error(struct screen_note *n, const char *what,
		       const struct stet_error *err);

/* The name of label id, or "?"; valid as long as sc is. */
const char *screen_label_name(const struct stet_schema *sc, uint32_t id);
/* Takes id out of the set chosen[0..*n) or adds it (unless the set is
 * full, STET_MAX_LABELS). Returns whether the key turned it on. */
bool screen_toggle(uint32_t *chosen, size_t *n, uint32_t id);
/* How long an item has been on screen since shown_ms, as an event
 * stores it. */
uint32_t screen_shown_for(int64_t shown_ms);
/* This host's name ("" when unknown) and the terminal's (NULL when
 * unknown; ttyname's static string), for the session record. */
void screen_host_and_tty(char *host, size_t len, const char **tty);

/* The label whose hotkey k is, or NULL: label keys come before the key
 * table, which the schema keeps them apart from. */
const struct stet_label *screen_label_key(const struct stet_schema *sc,
					  const struct tui_key *k);
/* A key in a help or cell box: scrolls *scroll, or returns true when
 * the key closes the box. */
bool screen_box_key(size_t *scroll, const struct tui_key *k);

/* The one-line prompt of a screen (prompt.c), opened with the cursor
 * shown. A key in it returns PROMPT_EDITING while it stays open;
 * otherwise the cursor is hidden, and a cancelled prompt is closed with
 * the note "cancelled", while a done one waits for the caller to read
 * prompt_text and close it. */
void screen_prompt_open(struct prompt *p, const char *title);
enum prompt_status screen_prompt_key(struct prompt *p,
				     struct screen_note *note,
				     const struct tui_key *k);

/* Search (/, then n and N) and go-to (g), alike on every screen that
 * walks items: the screen says how to search and find among its own
 * items, by position, and how to show one. */
struct screen_seek_ops {
	/* As stet_items_search: from the position after `from`. */
	int (*search)(void *ctx, const char *needle, uint64_t from, int dir,
		      uint64_t *found, struct stet_error *err);
	/* An id or a position, as the user typed it; STET_NOTFOUND with
	 * a message to show. */
	int (*find)(void *ctx, const char *what, uint64_t *pos,
		    struct stet_error *err);
	void (*show)(void *ctx, uint64_t pos);
};

struct screen_seek {
	const struct screen_seek_ops *ops;
	void *ctx;
	char *needle;    /* the last search, owned */
	bool repeating;  /* n and N repeat it until another key */
};

/* Searches for needle (NULL: the last search again) from position
 * from in the direction dir, shows what it finds, and notes it. */
void screen_seek_search(struct screen_seek *sk, struct screen_note *note,
			uint64_t from, const char *needle, int dir);
/* Shows the item what names (true), or notes why not (false). */
bool screen_seek_goto(struct screen_seek *sk, struct screen_note *note,
		      const char *what);
/* After a search, n and N search again forward and back: returns true
 * when it took k (Esc too, which only stops the repeating); any other
 * key stops it and is the screen's. */
bool screen_seek_key(struct screen_seek *sk, struct screen_note *note,
		     uint64_t from, const struct tui_key *k);
void screen_seek_free(struct screen_seek *sk);

/* A titled box of text (escaped) over the screen, wrapped and
 * scrolled from *scroll, which is clamped to the text; footer says how
 * to leave it (overlay.c). */
void overlay_box(const char *title, const struct stet_buf *text,
		 size_t *scroll, const char *footer);

/* screen_draw.c */

/* "p.stet" for "dir/p.stet": the title has no room for the path. */
const char *screen_base_name(const char *path);
/* Whether the terminal is below the smallest layout; then the loop
 * draws screen_draw_too_small alone. */
bool screen_too_small(void);
void screen_draw_too_small(void);
/* The title line: head in bold within head_cols (< 0: to the edge), the
 * item's id when there is one (NULL: none), "? help" at the right. */
void screen_draw_title(const char *head, int head_cols, const char *item_id);
/* The label bar's labels from column x of line y, each with its hotkey,
 * those in set[0..n) bracketed; when they do not fit, more (e.g. "…")
 * ends the line. The caller fills the line first. */
void screen_draw_labels(int y, int x, const struct stet_schema *sc,
			const uint32_t *set, size_t n, const char *more);
/* The same, with those in sugg[0..nsugg) (a model's suggestion, not
 * yet the annotator's choice) between < and > in the suggested role,
 * so that marker and not colour alone tells them from a choice. */
void screen_draw_labels_suggested(int y, int x, const struct stet_schema *sc,
				  const uint32_t *set, size_t n,
				  const uint32_t *sugg, size_t nsugg,
				  const char *more);
/* Starts the status line: counts in bold and a bar filled `done` parts
 * in n. Returns the column after the bar. */
int screen_draw_progress(int y, const char *counts, uint64_t done,
			 uint64_t n);
/* Ends the status line with "saved" when the note says so. */
void screen_draw_saved(int y, const struct screen_note *n);
/* The message line: the note, or with none, keys (the keys to press). */
void screen_draw_message(int y, const struct screen_note *n,
			 const char *keys);

#endif
