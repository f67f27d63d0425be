/* The state of the `stet review` screen (screen_review, screens.h),
 * shared by the file that changes it on keys, with its key table
 * (review.c), and the one that draws it (review_draw.c). The item
 * itself is laid out and drawn by item_view.c, as in stet label: `view` holds the item, its wrapped
 * lines, the scroll position, the table cell and whether the meta data
 * shows, and nothing else of it is used. */
#ifndef STET_TUI_REVIEW_H
#define STET_TUI_REVIEW_H

#include "label.h"
#include "stet/review.h"
#include "tui.h"

enum review_mode { REVIEW_ITEM, REVIEW_CELL, REVIEW_PROMPT };

struct review_screen {
	const struct tui_review_opts *opts;
	struct stet_store *st;         /* the project, until rev opens on it */
	struct stet_review rev;
	struct stet_review_list *list; /* borrowed */
	size_t pos;                    /* the entry on screen */
	struct label_screen view;      /* the item, as item_view.c draws it */
	struct tui_label_opts view_opts; /* view's: a lead's, whose meta
					    panel shows source and reference */
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
};

/* review_draw.c: the whole screen from the state. */
void review_draw(struct screen *sc);
/* The rows the item's text has on screen now, for scrolling. */
int review_item_rows(struct review_screen *s);
/* The values of the entry in the order shown: by name, or blind, by
 * stet_review_blind_key. idx holds e->nvalues entries. */
void review_value_order(const struct review_screen *s,
			const struct stet_review_entry *e, size_t *idx);

#endif
