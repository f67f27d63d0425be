/* `stet report`: the agreement report for leads, full-screen
 * (screen_report, screens.h). The pairwise kappa matrix as a coloured
 * grid and the per-label table; Enter on a pair opens its confusion
 * matrix, Enter on a cell lists the items behind it, Enter on a label
 * lists the items annotators disagree on it, Enter on an item shows it
 * with every annotator's label. Esc goes back a level, q quits. A
 * footer names Enter only where Enter opens something. */
#include <math.h>
#include <stdlib.h>

#include "report.h"
#include "stet/agree.h"

bool report_can_open(const struct report *r)
{
	switch (r->at) {
	case AT_MATRIX:
		if (r->labels_focus)
			return r->label_sel < r->pr->ncat;
		return r->pr->nraters >= 2 && r->ra != r->rb;
	case AT_CONFUSION:
		return true;
	case AT_ITEMS:
		return r->nrows > 0;
	case AT_ITEM:
		break;
	}
	return false;
}

const char *report_cat_name(const struct stet_project_ratings *pr, size_t c)
{
	return pr->multi ? "(a set)" : pr->categories[c];
}

static void open_pair(struct report *r)
{
	size_t nc = r->pr->r.ncat;

	free(r->conf);
	r->conf = stet_xcalloc(nc * nc + 1, sizeof *r->conf);
	stet_confusion(&r->pr->r, r->ra, r->rb, r->conf);
	r->ca = r->cb = 0;
	r->at = AT_CONFUSION;
}

static void open_cell(struct report *r)
{
	const struct stet_ratings *rt = &r->pr->r;

	free(r->rows);
	r->rows = stet_xcalloc(rt->nitems + 1, sizeof *r->rows);
	r->nrows = 0;
	for (size_t i = 0; i < rt->nitems; i++)
		if (rt->v[i * rt->nraters + r->ra] == r->ca &&
		    rt->v[i * rt->nraters + r->rb] == r->cb)
			r->rows[r->nrows++] = i;
	r->row_sel = r->row_first = 0;
	r->label_rows = false;
	r->at = AT_ITEMS;
}

/* Whether rater k's value on row i has label c; false without one. */
static bool said(const struct stet_project_ratings *pr, size_t i, size_t k,
		 size_t c, bool *has_value)
{
	size_t at = i * pr->nraters + k;

	if (pr->multi) {
		*has_value = !pr->missing[at];
		return *has_value && (pr->sets[at * pr->words + c / 64] >>
				      (c % 64) & 1);
	}
	*has_value = pr->r.v[at] != STET_MISSING;
	return pr->r.v[at] == c;
}

/* The items where one annotator's value has the selected label and
 * another's has not: where the label's disagreements are. */
static void open_label(struct report *r)
{
	const struct stet_project_ratings *pr = r->pr;
	size_t c = r->label_sel;

	if (c >= pr->ncat)
		return;
	free(r->rows);
	r->rows = stet_xcalloc(pr->r.nitems + 1, sizeof *r->rows);
	r->nrows = 0;
	for (size_t i = 0; i < pr->r.nitems; i++) {
		bool with = false, without = false, has;

		for (size_t k = 0; k < pr->nraters; k++) {
			if (said(pr, i, k, c, &has))
				with = true;
			else if (has)
				without = true;
		}
		if (with && without)
			r->rows[r->nrows++] = i;
	}
	r->row_sel = r->row_first = 0;
	r->label_rows = true;
	r->at = AT_ITEMS;
}

static void open_item(struct report *r)
{
	struct stet_error err = {0};
	struct stet_txn *txn;

	if (r->nrows == 0)
		return;
	stet_item_clear(&r->item);
	if (stet_txn_begin_read(r->st, &txn, &err) != STET_OK) {
		screen_note_error(&r->note, "cannot read the item", &err);
		return;
	}
	if (stet_item_get(txn, r->pr->item_ids[r->rows[r->row_sel]], &r->item,
			  &err) == STET_OK)
		r->at = AT_ITEM;
	else
		screen_note_error(&r->note, "cannot read the item", &err);
	stet_txn_end(txn);
}

static void move_in(size_t *v, size_t n, int d)
{
	if (d < 0 && *v > 0)
		(*v)--;
	else if (d > 0 && *v + 1 < n)
		(*v)++;
}

/* The arrows move the cursor of the level on screen: a pair of the
 * grid or a label of the table, a confusion cell, an item of a list. */
static unsigned move_cursor(struct screen *sc, int down, int right)
{
	struct report *r = sc->data;
	size_t n = r->pr->nraters, nc = r->pr->r.ncat;

	switch (r->at) {
	case AT_MATRIX:
		if (r->labels_focus) {
			move_in(&r->label_sel, r->pr->ncat, down);
		} else {
			move_in(&r->ra, n, down);
			move_in(&r->rb, n, right);
		}
		break;
	case AT_CONFUSION:
		move_in(&r->ca, nc, down);
		move_in(&r->cb, nc, right);
		break;
	case AT_ITEMS:
		move_in(&r->row_sel, r->nrows, down);
		break;
	case AT_ITEM:
		return SCREEN_SAME;
	}
	return SCREEN_DRAW;
}

static unsigned act_up(struct screen *sc)
{
	return move_cursor(sc, -1, 0);
}

static unsigned act_down(struct screen *sc)
{
	return move_cursor(sc, +1, 0);
}

static unsigned act_left(struct screen *sc)
{
	return move_cursor(sc, 0, -1);
}

static unsigned act_right(struct screen *sc)
{
	return move_cursor(sc, 0, +1);
}

static unsigned act_focus(struct screen *sc)
{
	struct report *r = sc->data;

	if (r->at != AT_MATRIX)
		return SCREEN_SAME;
	r->labels_focus = !r->labels_focus;
	return SCREEN_DRAW;
}

static unsigned act_open(struct screen *sc)
{
	struct report *r = sc->data;

	if (!report_can_open(r))
		return SCREEN_SAME;
	switch (r->at) {
	case AT_MATRIX:
		if (r->labels_focus)
			open_label(r);
		else
			open_pair(r);
		break;
	case AT_CONFUSION: open_cell(r); break;
	case AT_ITEMS: open_item(r); break;
	case AT_ITEM: break;
	}
	return SCREEN_DRAW;
}

static unsigned act_back(struct screen *sc)
{
	static const enum report_level up[] = {
		[AT_MATRIX] = AT_MATRIX, [AT_CONFUSION] = AT_MATRIX,
		[AT_ITEMS] = AT_CONFUSION, [AT_ITEM] = AT_ITEMS,
	};
	struct report *r = sc->data;

	r->at = r->at == AT_ITEMS && r->label_rows ? AT_MATRIX : up[r->at];
	return SCREEN_DRAW;
}

static const struct screen_binding report_bindings[] = {
	{"up", {"Up", "k"}, "move the cursor up", act_up},
	{"down", {"Down", "j"}, "move the cursor down", act_down},
	{"left", {"Left", "h"}, "move the cursor left (the pair grid, a confusion matrix)",
	 act_left},
	{"right", {"Right", "l"}, "move the cursor right (the pair grid, a confusion matrix)",
	 act_right},
	{"focus", {"Tab"}, "between the pair grid and the label table",
	 act_focus},
	{"open", {"Enter"},
	 "open the pair, cell, label or item under the cursor", act_open},
	{"back", {"Esc", "Backspace"}, "back a level", act_back},
	{"help", {"?"}, "this help", screen_act_help},
	{"redraw", {"Ctrl-L"}, "redraw the screen", screen_act_redraw},
	{"quit", {"q"}, "quit", screen_act_quit},
	{NULL, {NULL}, NULL, NULL},
};

static unsigned report_key(struct screen *sc, const struct tui_key *k)
{
	struct report *r = sc->data;

	(void)k;
	/* An error answers the key before it. */
	r->note.kind = NOTE_NONE;
	return SCREEN_DRAW | SCREEN_PASS;
}

static void report_help(struct screen *sc, struct stet_buf *head,
			struct stet_buf *foot)
{
	(void)sc;
	(void)head;
	stet_buf_adds(foot, "Kappa colours: .8 and above almost perfect, .6 to .8 substantial, below .6 a warning (Landis and Koch, 1977).");
}

/* The sessions' pace and agreement by quarter, as stet stats gives
 * them, for the session table. */
static int load_sessions(struct report *r, struct stet_error *err)
{
	struct stet_session_labels_opts so = {.words = true, .standing = true};
	struct stet_stats_opts o;

	if (stet_session_labels_load(r->st, &so, &r->sl, err) != STET_OK)
		return STET_ERR;
	r->have_sl = true;
	stet_stats_opts_init(&o);
	r->ss = stet_xcalloc(r->sl.nsessions + 1, sizeof *r->ss);
	for (size_t i = 0; i < r->sl.nsessions; i++)
		if (r->sl.sessions[i].nitems > 0)
			stet_session_stats(&r->sl, &r->sl.sessions[i], &o,
					   &r->ss[r->nss++]);
	return STET_OK;
}

static int report_init(struct screen *sc, struct stet_store *st,
		       const void *opts, struct stet_error *err)
{
	const struct stet_project_ratings *pr =
		((const struct tui_report_opts *)opts)->ratings;
	struct report *r = stet_xcalloc(1, sizeof *r);
	size_t n = pr->nraters;

	sc->data = r;
	r->st = st;
	r->pr = pr;
	r->rb = n > 1 ? 1 : 0;
	stet_item_init(&r->item);
	r->kappa = stet_xcalloc(n * n + 1, sizeof *r->kappa);
	r->dis = stet_xcalloc(pr->r.ncat + 1, sizeof *r->dis);
	stet_disagreements(&pr->r, r->dis);
	/* Computed once: a pass over every item, too much to repeat on
	 * every key. */
	r->label_kappa = stet_xcalloc(pr->r.ncat + 1, sizeof *r->label_kappa);
	stet_label_kappas(&pr->r, r->label_kappa);
	for (size_t a = 0; a < n; a++)
		for (size_t b = 0; b < n; b++) {
			struct stet_pair p;

			r->kappa[a * n + b] = NAN;
			if (a != b) {
				stet_cohen_kappa(&pr->r, a, b, &p);
				r->kappa[a * n + b] = p.kappa;
			}
		}
	return load_sessions(r, err);
}

static int report_free(struct screen *sc, struct stet_error *err)
{
	struct report *r = sc->data;

	(void)err;
	if (r == NULL)
		return STET_OK;
	stet_item_clear(&r->item);
	for (size_t i = 0; i < r->nss; i++)
		stet_session_stats_free(&r->ss[i]);
	free(r->ss);
	if (r->have_sl)
		stet_session_labels_free(&r->sl);
	free(r->kappa);
	free(r->dis);
	free(r->label_kappa);
	free(r->conf);
	free(r->rows);
	free(r);
	sc->data = NULL;
	return STET_OK;
}

const struct screen_type screen_report = {
	.name = "report",
	.title = "Keys of stet report",
	.bindings = report_bindings,
	.init = report_init,
	.draw = report_draw,
	.key = report_key,
	.help = report_help,
	.free = report_free,
};
