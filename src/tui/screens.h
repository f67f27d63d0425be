/* The full-screen commands, as one kind of thing. A screen is a
 * struct screen_type: a table of functions that screen_run drives in
 * one loop (screen_loop.c), and a key table whose handlers say what
 * they changed rather than draw. `stet label`, `stet review` and
 * `stet report` are screens of this kind; `?` and `--keys` are made
 * from their key tables.
 *
 * This header has no curses in it, so that the CLI can start a screen
 * and print its keys without the terminal layer's types. */
#ifndef STET_TUI_SCREENS_H
#define STET_TUI_SCREENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/buf.h"
#include "stet/error.h"
#include "stet/keys.h"
#include "stet/queue.h"

struct screen;
struct stet_store;
struct stet_review_list;
struct stet_review_spans_list;
struct stet_project_ratings;
struct tui_key;

/* What a handler changed, as bits: the loop draws, repaints or quits
 * accordingly, once, after the key. */
enum screen_react {
	SCREEN_SAME = 0,           /* nothing to show */
	SCREEN_DRAW = 1u << 0,     /* the state changed: draw it */
	SCREEN_REPAINT = 1u << 1,  /* every cell again, as after Ctrl-L */
	SCREEN_QUIT = 1u << 2,     /* leave the screen */
	SCREEN_PASS = 1u << 3,     /* from a screen's key op: the key is
				    * the key table's to look up */
};

/* One line of a screen's key table: the keys (names as term_key_is
 * reads them: one character, or "Enter", "Space", "Esc", "Tab",
 * "Backspace", "Left", "Right", "Up", "Down", "PgUp", "PgDn", "Home",
 * "End", "Ctrl-L", "Shift-Left", "Shift-Right"; NULL-terminated when
 * fewer than the maximum), the
 * action's name as --keys prints it, one line of help for `?` and
 * --keys, and the handler. */
struct screen_binding {
	const char *action;
	const char *keys[STET_BINDING_KEYS];
	const char *help;
	unsigned (*fn)(struct screen *sc);
};

struct screen_type {
	const char *name;       /* the command: "label" */
	const char *title;      /* of the ? box: "Keys of stet label" */
	/* The key table, in the order ? and --keys list it, ended by a
	 * binding whose action is NULL. */
	const struct screen_binding *bindings;

	/* Before the terminal starts: sets sc->data and reads and checks
	 * what the screen needs, writing nothing, so that a screen that
	 * never starts leaves no trace. opts is the screen's own struct
	 * (below). Fails with a message; free is called either way. */
	int (*init)(struct screen *sc, struct stet_store *st,
		    const void *opts, struct stet_error *err);
	/* Once the terminal is up: opens what writes (a session). NULL:
	 * nothing to open. */
	int (*start)(struct screen *sc, struct stet_error *err);
	/* Draws the whole screen from the state; the loop ends the frame
	 * (the ? box over it, then one doupdate). */
	void (*draw)(struct screen *sc);
	/* A key, before the key table: prompts, boxes and label keys.
	 * Returns what changed, with SCREEN_PASS when the key table is to
	 * look the key up. NULL: every key is the table's. */
	unsigned (*key)(struct screen *sc, const struct tui_key *k);
	/* The terminal has a new size: lay out again. NULL: nothing. */
	unsigned (*resize)(struct screen *sc);
	/* Once the screen has started and after every key (paused
	 * false), and after pause_ms without a key (paused true): work
	 * that is not a key's, such as syncing. NULL: none. */
	unsigned (*tick)(struct screen *sc, bool paused);
	/* How long the loop waits for a key before a tick; NULL: 1000. */
	int (*pause_ms)(const struct screen *sc);
	/* What the ? box says around the key table: head (above it: the
	 * label keys, say) and foot (below it). NULL: the table alone. */
	void (*help)(struct screen *sc, struct stet_buf *head,
		     struct stet_buf *foot);
	/* Closes what start opened, then frees sc->data (which may be
	 * half-made after a failed init). Returns the close's status. */
	int (*free)(struct screen *sc, struct stet_error *err);
};

/* A screen running: its type, its state, and the ? box, which the
 * loop keeps for every screen alike. */
struct screen {
	const struct screen_type *type;
	void *data;
	bool help;
	size_t help_scroll;
};

/* Runs the screen of type t on st with opts, in the colours of the
 * theme (NULL: $STET_THEME or "default"), until a handler quits or
 * the terminal hangs up. Returns a status for the command. */
int screen_run(const struct screen_type *t, struct stet_store *st,
	       const void *opts, const char *theme, struct stet_error *err);

/* The names a screen's theme may be given by (theme_list.c): each NAME
 * of NAME.theme in the directories theme_load looks in, and each shipped
 * theme, sorted, once each. *names is an array of *n strings; free it
 * with theme_names_free. A directory that cannot be read is passed
 * over: the list is for offering names (the shell's completion), not
 * for loading them. */
void theme_names(char ***names, size_t *n);
void theme_names_free(char **names, size_t n);

/* The binding of t that action names, or NULL. */
const struct screen_binding *screen_binding_find(const struct screen_type *t,
						 const char *action);
/* "Left b": the keys of b, space-separated, cut to len. */
void screen_binding_keys(const struct screen_binding *b, char *out,
			 size_t len);

/* The screens. */
extern const struct screen_type screen_label;
/* stet label in a project with span or token labels: the same screen
 * with a token cursor, selections and spans (span_keys.c). */
extern const struct screen_type screen_spans;
extern const struct screen_type screen_review;
/* stet review on spans or token tags (review_spans.c): opts as
 * screen_review's, over opts->spans. */
extern const struct screen_type screen_review_spans;
extern const struct screen_type screen_report;
/* Every screen, for the CLI and the tests: NULL-terminated. */
extern const struct screen_type *const screen_types[];

/* `stet label`: opts of screen_label. */
struct tui_label_opts {
	const char *project;
	const char *annotator;
	bool order_given;   /* --order or --seed: not the project's order */
	struct stet_order_spec order;
	int64_t break_after_ms; /* 0: no reminder */
	/* The person at the screen leads the project: the meta panel also
	 * shows an item's source and reference label, which could tell an
	 * annotator a gold item (stet(1), ROLES). */
	bool lead;
	uint64_t fatigue_every; /* labels between verdicts, asked right
				 * after the label; 0: every 50, in a pause */
	/* --suggest and --suggest-rate over the project's options
	 * (stet_labeling_opts). */
	bool suggest_given, suggest_rate_given;
	const char *suggest;
	double suggest_rate;
	/* --learn (learn NULL: the project's option learn, else "stet"),
	 * --learn with --model (learn the model's name), --no-learn
	 * (learn "off"), and --min-labels (0: the project's option). */
	bool learn_given;
	const char *learn;
	uint64_t min_labels;
};

/* `stet review`: opts of screen_review, over the items of list
 * (borrowed; its entries are read again as the screen comes to
 * them). The lead's session opens once the terminal is started. */
struct tui_review_opts {
	const char *project;
	const char *lead;
	bool blind;         /* "annotator 1", "annotator 2" for names */
	bool flagged;       /* the list is the flagged items */
	struct stet_review_list *list;
	/* screen_review_spans: the items whose spans or tags differ */
	struct stet_review_spans_list *spans;
};

/* `stet report`: opts of screen_report, on ratings already loaded
 * (borrowed). */
struct tui_report_opts {
	const struct stet_project_ratings *ratings;
};

/* Puts the terminal back as it was before a screen started (its modes,
 * the main screen, the cursor, the keypad), from a handler of a fatal
 * signal: async-signal-safe, write(2) and tcsetattr(3) only. Nothing
 * when no screen is up. */
void screen_fault_restore(void);

#endif
