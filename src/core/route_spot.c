/* The model's accuracy on its spot checks (stet/route.h): the items
 * routed SPOT keep the model's label in their ROUTE event and get one
 * person's in `current`; how often the two are the same says whether
 * the accept threshold was safe. One walk over `routes`. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stet/buf.h"
#include "stet/route.h"

void stet_wilson(uint64_t k, uint64_t n, double *lo, double *hi)
{
	const double z = 1.959963984540054; /* the normal's 97.5% point */
	double p, d, c, h;

	if (n == 0) {
		*lo = 0;
		*hi = 1;
		return;
	}
	p = (double)k / (double)n;
	d = 1 + z * z / (double)n;
	c = (p + z * z / (2.0 * (double)n)) / d;
	h = z * sqrt(p * (1 - p) / (double)n +
		     z * z / (4.0 * (double)n * (double)n)) / d;
	*lo = c - h < 0 ? 0 : c - h;
	*hi = c + h > 1 ? 1 : c + h;
}

static bool has(const uint32_t *v, size_t n, uint32_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* The same label set, whatever the order. */
static bool same_set(const uint32_t *a, size_t na, const uint32_t *b,
		     size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!has(b, nb, a[i]))
			return false;
	return true;
}

struct spot_walk {
	const struct stet_event *model;
	uint64_t checks, agree;
	int rc;
	struct stet_error *err;
};

static int compare_one(uint32_t annotator, const void *val, size_t vlen,
		       void *ctx)
{
	struct spot_walk *w = ctx;
	struct stet_current cur;

	(void)annotator;
	if (stet_current_decode(val, vlen, &cur, w->err) != STET_OK) {
		w->rc = STET_ERR;
		return STET_ERR;
	}
	w->checks++;
	w->agree += same_set(cur.labels, cur.nlabels, w->model->labels,
			     w->model->nlabels);
	return STET_OK;
}

static struct stet_spot_row *row_for(struct stet_spot_row **rows, size_t *n,
				     uint32_t *ids, uint32_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (ids[i] == id)
			return &(*rows)[i];
	ids[*n] = id;
	*rows = stet_xrealloc(*rows, (*n + 1) * sizeof **rows);
	memset(&(*rows)[*n], 0, sizeof **rows);
	return &(*rows)[(*n)++];
}

static int name_rows(struct stet_txn *txn, struct stet_spot_row *rows,
		     size_t n, const uint32_t *ids, struct stet_error *err)
{
	struct stet_annotator *a;
	size_t na;

	if (stet_annotators_load(txn, &a, &na, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < na && rows[i].annotator == NULL; j++)
			if (a[j].id == ids[i])
				rows[i].annotator = stet_xstrdup(a[j].name);
		if (rows[i].annotator == NULL)
			rows[i].annotator = stet_xstrdup("model:?");
		rows[i].accuracy = rows[i].checks ?
			(double)rows[i].agree / (double)rows[i].checks : NAN;
		stet_wilson(rows[i].agree, rows[i].checks, &rows[i].lo,
			    &rows[i].hi);
	}
	stet_annotators_free(a, na);
	return STET_OK;
}

int stet_spot_accuracy(struct stet_txn *txn, struct stet_spot_row **rows,
		       size_t *n, struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_event ev;
	const void *k, *v;
	size_t kl, vl, cap = 0;
	uint32_t *ids = NULL;
	int rc;

	*rows = NULL;
	*n = 0;
	memset(&ev, 0, sizeof ev);
	if (stet_cursor_open(txn, STET_DB_ROUTES, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		struct spot_walk w = {&ev, 0, 0, STET_OK, err};
		struct stet_spot_row *row;
		struct stet_route r;
		uint64_t item = kl == 8 ? stet_get_u64be(k) : 0;

		if (stet_route_decode(v, vl, &r, err) != STET_OK ||
		    (r.band == STET_BAND_SPOT &&
		     stet_event_get(txn, r.event, &ev, err) != STET_OK)) {
			rc = STET_ERR;
			break;
		}
		if (r.band != STET_BAND_SPOT)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 4;
			ids = stet_xrealloc(ids, cap * sizeof *ids);
		}
		row = row_for(rows, n, ids, ev.annotator);
		if (stet_item_entries(txn, STET_DB_CURRENT, item, compare_one,
				      &w, err) != STET_OK || w.rc != STET_OK) {
			rc = STET_ERR;
			break;
		}
		row->checks += w.checks;
		row->agree += w.agree;
		row->waiting += w.checks == 0;
	}
	stet_cursor_close(c);
	stet_event_clear(&ev);
	if (rc == STET_NOTFOUND)
		rc = name_rows(txn, *rows, *n, ids, err);
	free(ids);
	if (rc != STET_OK) {
		stet_spot_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return STET_ERR;
	}
	return STET_OK;
}

void stet_spot_rows_free(struct stet_spot_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].annotator);
	free(rows);
}
