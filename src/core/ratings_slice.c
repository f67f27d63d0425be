#include <stdlib.h>
#include <string.h>

#include "stet/item.h"
#include "stet/ratings.h"

#define NONE "(none)"

struct row_value {
	size_t row;
	char *value;
	bool absent;
};

static int by_value(const void *a, const void *b)
{
	const struct row_value *x = a, *y = b;
	int c = strcmp(x->value, y->value);

	/* A value "(none)" is not the slice of items without the field. */
	if (c == 0)
		c = (int)x->absent - (int)y->absent;
	return c ? c : (x->row > y->row) - (x->row < y->row);
}

static void fill(struct stet_ratings_slice *sl,
		 const struct stet_project_ratings *pr,
		 const struct row_value *rows, size_t n)
{
	size_t w = pr->nraters, words = pr->words, cells = n * w + 1;

	/* One spare cell: calloc of nothing may return NULL. */
	sl->v = stet_xcalloc(cells, sizeof *sl->v);
	if (pr->multi) {
		sl->sets = stet_xcalloc(cells * words, sizeof *sl->sets);
		sl->missing = stet_xcalloc(cells, sizeof *sl->missing);
	}
	for (size_t i = 0; i < n; i++) {
		size_t from = rows[i].row;

		memcpy(&sl->v[i * w], &pr->v[from * w], w * sizeof *sl->v);
		if (pr->multi) {
			memcpy(&sl->sets[i * w * words], &pr->sets[from * w * words],
			       w * words * sizeof *sl->sets);
			memcpy(&sl->missing[i * w], &pr->missing[from * w],
			       w * sizeof *sl->missing);
		}
	}
	sl->view = *pr;
	sl->view.item_ids = NULL;
	sl->view.v = sl->v;
	sl->view.sets = sl->sets;
	sl->view.missing = sl->missing;
	sl->view.r.nitems = n;
	sl->view.r.v = sl->v;
	sl->view.set_r.nitems = n;
	sl->view.set_r.sets = sl->sets;
	sl->view.set_r.missing = sl->missing;
}

int stet_ratings_slices(struct stet_store *st,
			const struct stet_project_ratings *pr,
			const char *field, struct stet_ratings_slice **out,
			size_t *n, struct stet_error *err)
{
	size_t rows = pr->r.nitems, nslices = 0;
	struct row_value *rv = stet_xcalloc(rows ? rows : 1, sizeof *rv);
	struct stet_ratings_slice *sl = NULL;
	struct stet_txn *txn;
	struct stet_item it;
	int rc = STET_OK;

	*out = NULL;
	*n = 0;
	if (strncmp(field, "meta.", 5) == 0)
		field += 5;
	if (stet_txn_begin_read(st, &txn, err) != STET_OK) {
		free(rv);
		return STET_ERR;
	}
	stet_item_init(&it);
	for (size_t i = 0; i < rows && rc == STET_OK; i++) {
		rc = stet_item_get(txn, pr->item_ids[i], &it, err);
		rv[i].row = i;
		if (rc == STET_OK) {
			rv[i].value = stet_item_meta_value(it.meta, field);
			rv[i].absent = rv[i].value == NULL;
			if (rv[i].absent)
				rv[i].value = stet_xstrdup(NONE);
		}
	}
	stet_item_clear(&it);
	stet_txn_end(txn);
	if (rc == STET_OK) {
		qsort(rv, rows, sizeof *rv, by_value);
		sl = stet_xcalloc(rows ? rows : 1, sizeof *sl);
		for (size_t i = 0; i < rows;) {
			size_t j = i;

			while (j < rows && strcmp(rv[j].value, rv[i].value) == 0 &&
			       rv[j].absent == rv[i].absent)
				j++;
			sl[nslices].value = stet_xstrdup(rv[i].value);
			sl[nslices].absent = rv[i].absent;
			fill(&sl[nslices++], pr, &rv[i], j - i);
			i = j;
		}
	}
	for (size_t i = 0; i < rows; i++)
		free(rv[i].value);
	free(rv);
	if (rc != STET_OK) {
		stet_ratings_slices_free(sl, nslices);
		return rc;
	}
	*out = sl;
	*n = nslices;
	return STET_OK;
}

void stet_ratings_slices_free(struct stet_ratings_slice *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].value);
		free(s[i].v);
		free(s[i].sets);
		free(s[i].missing);
	}
	free(s);
}
