/* The state of stet review's screen of spans (screen_review_spans,
 * screens.h): the item's text once, as the span view draws it, and
 * under each of its lines one row of marks per annotator, then the
 * decision's row and, while the lead edits, the edited set's. The keys
 * are in review_spans.c, the drawing in review_spans_draw.c.
 *
 * The view comes first: the span view's key handlers (span_keys.c)
 * take a screen's data as a struct label_screen, and so move the
 * cursor and edit the set of this screen as they do stet label's. */
#ifndef STET_TUI_REVIEW_SPANS_H
#define STET_TUI_REVIEW_SPANS_H

#include "label.h"
#include "stet/review.h"
#include "tui.h"

#define REVIEW_SPANS_KEYS 9 /* rows taken whole by Alt-1 to Alt-9 */

struct review_spans_screen {
	struct label_screen view;   /* first, as said above; its note is
				       the screen's, its sp.set the set
				       the text is coloured by, and while
				       editing the edited set */
	const struct tui_review_opts *opts;
	struct stet_store *st;      /* the project, until rev opens on it */
	struct stet_review rev;
	struct stet_review_spans_list *list; /* borrowed */
	size_t pos;                 /* the entry on screen */
	int64_t shown_ms;
	/* The entry's values in the order of the rows (by name, or blind),
	 * indexes into its values. */
	size_t *order;
	size_t norder, caporder;
	size_t row;                 /* the row selected: an annotator's
				       (< norder) or the decision's */
	bool editing;
	struct tui_key last;        /* the key being handled, for Alt-N */
};

/* review_spans_draw.c */
void review_spans_draw(struct screen *sc);
/* The rows under the title the text and its marks have now. */
int review_spans_body_rows(void);
/* The entry's values ordered for the rows into s->order. */
void review_spans_order(struct review_spans_screen *s);
/* The name a row shows for value v of the entry on screen, row k. */
void review_spans_row_name(const struct review_spans_screen *s, size_t k,
			   struct stet_buf *out);

#endif
