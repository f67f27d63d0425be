/* The terminal layer: the only code that includes <curses.h>. term.c
 * owns the terminal (start, stop, signals, drawing text safely);
 * screen_loop.c runs the screens (screens.h), each in its own files. */
#ifndef STET_TUI_H
#define STET_TUI_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "screens.h"
#include "stet/bidi.h"
#include "stet/error.h"
#include "stet/queue.h"
#include "stet/store.h"

struct theme;

/* The smallest screen stet lays out; below it, a notice. */
#define TUI_MIN_COLS 40
#define TUI_MIN_LINES 10

/* A key as get_wch returns it: a character, or a KEY_* code; alt: a
 * digit 1 to 9 pressed with Alt (Esc and the digit at once), which,
 * not being one printable character, no label's hotkey can be. */
struct tui_key {
	bool code;
	wint_t ch;
	bool alt;
};

/* Fails with a message when $TERM is unknown or cannot place the
 * cursor (term_caps.c). */
int term_check(struct stet_error *err);
/* Starts curses on the controlling terminal with the theme. Fails with a
 * message (never exits) when there is no usable terminal. */
int term_start(const struct theme *theme, struct stet_error *err);
/* Restores the terminal. Safe to call twice, and from the fatal path. */
void term_stop(void);
/* Set by SIGHUP and SIGTERM: the loop closes the session and returns. */
bool term_hangup(void);
/* Waits up to timeout_ms for a key. false on timeout or a signal. */
bool term_key(struct tui_key *k, int timeout_ms);
/* Whether k is the key named by name, as the key table writes it. */
bool term_key_is(const struct tui_key *k, const char *name);
/* Whether name is a key term_key_is knows: a key name of the key
 * tables, or one printable character (in the locale's encoding). */
bool term_key_name_known(const char *name);

/* Draws text at (y, x), at most cols cells, grapheme by grapheme so
 * that wide characters, combining marks and emoji sequences keep the
 * columns the layout measured. Returns the cells used. Every drawing
 * function ends here, and here text passes stet_text_escape: control
 * characters, bidi controls, line separators and invalid bytes are
 * drawn as their visible escapes (TAB as "\t"; callers that lay text
 * out escape it first, their own way), so no string reaches the
 * terminal raw whoever forgot to escape it. */
int term_put(int y, int x, int cols, const char *s, size_t n, attr_t a);
/* Escapes raw item text (one line: LF shown as \n) and draws it. */
int term_put_raw(int y, int x, int cols, const char *s, size_t n, attr_t a);
/* term_put of a C string; cols < 0 means to the right edge. */
int term_puts(int y, int x, int cols, const char *s, attr_t a);
/* Fills cols cells from (y, x) with spaces. */
void term_fill(int y, int x, int cols, attr_t a);

/* text_line.c: a line of escaped text s, as b reordered it
 * (stet_bidi_line), drawn in display order from (y, x) within cols
 * cells; a right-to-left line ends at the right edge. Grapheme g (in
 * stored order) is drawn with attr(ctx, g) at column xs[g] (xs holds
 * b->n entries; -1: cut at the edge). Returns the cells up to the end
 * of what was drawn. */
int term_put_line(int y, int x, int cols, const char *s,
		  const struct stet_bidi *b,
		  attr_t (*attr)(void *ctx, size_t g), void *ctx, int *xs);
/* The columns term_put_line would draw b's graphemes at, into xs,
 * drawing nothing. */
void term_line_columns(int x, int cols, const char *s,
		       const struct stet_bidi *b, int *xs);
/* term_put of a short text of its own (a label's name, a table cell,
 * a line of a box) in display order, in a left-to-right line as the
 * screen around it is: its right-to-left runs read right to left in
 * their place. */
int term_put_text(int y, int x, int cols, const char *s, size_t n, attr_t a);
/* The cells the graphemes of b take. */
int term_line_width(const char *s, const struct stet_bidi *b);

#endif
