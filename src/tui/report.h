/* The state of the `stet report` screen (screen_report, screens.h),
 * shared by the file that changes it on keys, with its key table
 * (report.c), and the one that draws it (report_draw.c). */
#ifndef STET_TUI_REPORT_H
#define STET_TUI_REPORT_H

#include "screen.h"
#include "stet/item.h"
#include "stet/ratings.h"
#include "stet/session_labels.h"
#include "stet/stats.h"
#include "tui.h"

enum report_level { AT_MATRIX, AT_CONFUSION, AT_ITEMS, AT_ITEM };

struct report {
	struct stet_store *st;
	const struct stet_project_ratings *pr;
	enum report_level at;
	bool labels_focus;  /* the per-label table, not the grid */
	size_t ra, rb;      /* the pair under the cursor in the grid */
	size_t label_sel;
	double *kappa;      /* nraters * nraters */
	uint64_t *dis;      /* disagreements by category */
	double *label_kappa; /* one-vs-rest, by category */
	struct stet_session_stats *ss; /* per session, for its table */
	size_t nss;
	struct stet_session_labels sl;
	bool have_sl;
	uint64_t *conf;     /* ncat * ncat of the open pair */
	size_t ca, cb;      /* the confusion cell under the cursor */
	size_t *rows;       /* the items behind that cell, or that label */
	bool label_rows;    /* rows are the label_sel's disagreements */
	size_t nrows, row_sel, row_first;
	struct stet_item item;
	struct screen_note note; /* an error of the last key */
};

/* Whether Enter opens something where the cursor is: the footer
 * names Enter only then. */
bool report_can_open(const struct report *r);
/* The name of category c, or "(a set)" in a multi-label project. */
const char *report_cat_name(const struct stet_project_ratings *pr, size_t c);
/* report_draw.c: the level on screen, from the state. */
void report_draw(struct screen *sc);

#endif
