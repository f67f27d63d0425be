/* The state of the `stet review` screen, shared by the file that
 * changes it on keys (review.c) and the one that draws it
 * (review_draw.c). The item itself is laid out and drawn by
 * item_view.c, as in stet label: `view` holds the item, its wrapped
 * lines, the scroll position, the table cell and whether the meta data
 * shows, and nothing else of it is used. */
#ifndef STET_TUI_REVIEW_H
#define STET_TUI_REVIEW_H

#include "label.h"
#include "stet/keys.h"
#include "stet/review.h"
#include "tui.h"

struct tui_review_opts {
	const char *project;
	const char *lead;
	const char *theme;  /* NULL: $STET_THEME or "default" */
	bool blind;         /* "annotator 1", "annotator 2" for names */
	bool flagged;       /* the list is the flagged items */
};

/* The key table of the review screen, as ? and `stet review --keys`
 * show it. Every key in it is one stet label's table has too, so that
 * no schema hotkey can mean something else here. */
extern const struct stet_binding review_bindings[];
extern const size_t review_nbindings;

/* `stet review`, full-screen, over the items of list (borrowed; its
 * entries are read again as the screen comes to them). Opens the
 * lead's session once the terminal is started, and closes it. */
int tui_review_run(struct stet_store *st, const struct tui_review_opts *o,
		   struct stet_review_list *list, struct stet_error *err);

enum review_mode { REVIEW_ITEM, REVIEW_HELP, REVIEW_CELL, REVIEW_PROMPT };

struct review_screen {
	const struct tui_review_opts *opts;
	struct stet_review rev;
	struct stet_review_list *list; /* borrowed */
	size_t pos;                    /* the entry on screen */
	struct label_screen view;      /* the item, as item_view.c draws it */
	int64_t shown_ms;

	/* multi-label: the set being chosen, saved with Enter */
	uint32_t chosen[STET_MAX_LABELS];
	size_t nchosen;

	enum review_mode mode;
	size_t overlay_scroll;
	struct prompt prompt;          /* / and g */
	bool prompt_goto;              /* the prompt is g's, not /'s */
	struct screen_seek seek;
	struct screen_note note;
	bool too_small;
	bool quit;
};

/* review_draw.c: the whole screen from the state, ending in doupdate. */
void review_draw(struct review_screen *s);
/* The rows the item's text has on screen now, for scrolling. */
int review_item_rows(struct review_screen *s);
/* The values of the entry in the order shown: by name, or blind, by
 * stet_review_blind_key. idx holds e->nvalues entries. */
void review_value_order(const struct review_screen *s,
			const struct stet_review_entry *e, size_t *idx);

#endif
