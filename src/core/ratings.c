#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/ratings.h"

static bool is_number(const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	return end != s && *end == '\0' && isfinite(*v);
}

static int by_value(const void *a, const void *b, void *ctx)
{
	const double *value = ctx;
	double x = value[*(const size_t *)a], y = value[*(const size_t *)b];

	return (x > y) - (x < y);
}

/* Categories in their order: numeric when every label is a number
 * ("10" after "2"), else the schema's. */
static int categories(struct stet_project_ratings *pr, enum stet_level level,
		      struct stet_error *err)
{
	const struct stet_schema *s = &pr->schema;
	size_t n = 0, *order, *item = stet_xcalloc(s->nlabels + 1, sizeof *item);
	double *num = stet_xcalloc(s->nlabels + 1, sizeof *num);

	/* Span and token labels are not values of an item (stet agree
	 * measures them in its "spans" and "tokens" reports). */
	for (size_t i = 0; i < s->nlabels; i++)
		if (s->labels[i].kind == STET_KIND_ITEM)
			item[n++] = i;
	pr->numeric = n > 0;
	for (size_t i = 0; i < n; i++)
		if (!is_number(s->labels[item[i]].name, &num[i]))
			pr->numeric = false;
	if (!pr->numeric && (level == STET_LEVEL_INTERVAL ||
			     level == STET_LEVEL_RATIO)) {
		free(num);
		free(item);
		return stet_error_set(err, STET_ERR,
			"the %s level needs labels that are numbers; this schema's are not (use nominal or ordinal)",
			level == STET_LEVEL_INTERVAL ? "interval" : "ratio");
	}
	order = stet_xcalloc(n ? n : 1, sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	if (pr->numeric)
		qsort_r(order, n, sizeof *order, by_value, num);
	pr->ncat = n;
	pr->categories = stet_xcalloc(n ? n : 1, sizeof *pr->categories);
	pr->label_of = stet_xcalloc(n ? n : 1, sizeof *pr->label_of);
	if (pr->numeric)
		pr->value = stet_xcalloc(n, sizeof *pr->value);
	for (size_t c = 0; c < n; c++) {
		pr->categories[c] = stet_xstrdup(s->labels[item[order[c]]].name);
		pr->label_of[c] = s->labels[item[order[c]]].id;
		if (pr->numeric)
			pr->value[c] = num[order[c]];
	}
	free(order);
	free(item);
	free(num);
	return STET_OK;
}

static int raters(struct stet_project_ratings *pr, struct stet_txn *txn,
		  const struct stet_ratings_opts *o, uint32_t **rater_of,
		  uint32_t *nids, struct stet_error *err)
{
	struct stet_annotator *list;
	size_t n;

	if (stet_annotators_load(txn, &list, &n, err) != STET_OK)
		return STET_ERR;
	*nids = (uint32_t)n;
	*rater_of = stet_xcalloc(n + 1, sizeof **rater_of);
	pr->raters = stet_xcalloc(n ? n : 1, sizeof *pr->raters);
	for (size_t i = 0; i < n; i++) {
		bool keep = o->annotators == NULL;

		for (size_t k = 0; !keep && k < o->nannotators; k++)
			keep = strcmp(o->annotators[k], list[i].name) == 0;
		(*rater_of)[list[i].id] = UINT32_MAX;
		if (!keep)
			continue;
		(*rater_of)[list[i].id] = (uint32_t)pr->nraters;
		pr->raters[pr->nraters++] = stet_xstrdup(list[i].name);
	}
	for (size_t k = 0; k < o->nannotators; k++) {
		bool found = false;

		for (size_t i = 0; i < pr->nraters; i++)
			found |= strcmp(pr->raters[i], o->annotators[k]) == 0;
		if (!found) {
			stet_annotators_free(list, n);
			return stet_error_set(err, STET_ERR,
					      "no annotator named \"%s\"",
					      o->annotators[k]);
		}
	}
	stet_annotators_free(list, n);
	return STET_OK;
}

static bool in_window(struct stet_txn *txn, const struct stet_ratings_opts *o,
		      uint64_t event, int *rc, struct stet_error *err)
{
	struct stet_event ev;
	bool in;

	if (o->since_ms == 0 && o->until_ms == 0)
		return true;
	memset(&ev, 0, sizeof ev);
	*rc = stet_event_get(txn, event, &ev, err);
	in = *rc == STET_OK && (o->since_ms == 0 || ev.time_ms >= o->since_ms) &&
	     (o->until_ms == 0 || ev.time_ms < o->until_ms);
	stet_event_clear(&ev);
	return in;
}

struct rows {
	size_t n, cap;
};

static size_t new_row(struct stet_project_ratings *pr, struct rows *rows,
		      uint64_t item)
{
	size_t w = pr->nraters;

	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? 2 * rows->cap : 1024;
		pr->item_ids = stet_xrealloc(pr->item_ids,
					     rows->cap * sizeof *pr->item_ids);
		pr->v = stet_xrealloc(pr->v, rows->cap * w * sizeof *pr->v);
		if (pr->multi) {
			pr->sets = stet_xrealloc(pr->sets, rows->cap * w *
						 pr->words * sizeof *pr->sets);
			pr->missing = stet_xrealloc(pr->missing, rows->cap * w *
						    sizeof *pr->missing);
		}
	}
	pr->item_ids[rows->n] = item;
	for (size_t r = 0; r < w; r++) {
		pr->v[rows->n * w + r] = STET_MISSING;
		if (pr->multi) {
			memset(&pr->sets[(rows->n * w + r) * pr->words], 0,
			       pr->words * sizeof *pr->sets);
			pr->missing[rows->n * w + r] = true;
		}
	}
	return rows->n++;
}

/* Annotators without a single standing value have nothing to agree
 * or disagree on: their columns would only fill the pairs with
 * undefined kappas. */
static void drop_empty_raters(struct stet_project_ratings *pr, size_t nitems)
{
	size_t w = pr->nraters, kept = 0, *keep = stet_xcalloc(w ? w : 1, sizeof *keep);

	for (size_t r = 0; r < w; r++) {
		bool used = false;

		for (size_t i = 0; i < nitems && !used; i++)
			used = pr->v[i * w + r] != STET_MISSING;
		if (used)
			keep[kept++] = r;
		else
			free(pr->raters[r]);
	}
	for (size_t k = 0; k < kept; k++)
		pr->raters[k] = pr->raters[keep[k]];
	for (size_t i = 0; i < nitems; i++) {
		for (size_t k = 0; k < kept; k++) {
			size_t from = i * w + keep[k], to = i * kept + k;

			pr->v[to] = pr->v[from];
			if (pr->multi) {
				memmove(&pr->sets[to * pr->words],
					&pr->sets[from * pr->words],
					pr->words * sizeof *pr->sets);
				pr->missing[to] = pr->missing[from];
			}
		}
	}
	pr->nraters = kept;
	free(keep);
}

static uint64_t set_hash(const uint64_t *set, size_t w)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;

	for (size_t i = 0; i < w; i++) {
		h ^= set[i] + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
		h *= 0xbf58476d1ce4e5b9ULL;
	}
	return h ^ (h >> 31);
}

/* Multi-label values as categories of their own: each distinct set is
 * one, so that the nominal coefficients measure exact agreement on the
 * set (MASI alpha and the per-label kappas see the sets themselves).
 * An open-addressing table keeps this linear in the values. */
static void set_categories(struct stet_project_ratings *pr, size_t nitems)
{
	size_t n = nitems * pr->nraters, w = pr->words, slots = 1024;
	size_t *table = stet_xcalloc(slots, sizeof *table); /* value + 1 */

	pr->nsets = 0;
	for (size_t at = 0; at < n; at++) {
		const uint64_t *set = &pr->sets[at * w];
		size_t h;

		if (pr->missing[at]) {
			pr->v[at] = STET_MISSING;
			continue;
		}
		if (2 * (pr->nsets + 1) > slots) {
			size_t *bigger = stet_xcalloc(slots * 2, sizeof *bigger);

			for (size_t i = 0; i < slots; i++) {
				if (!table[i])
					continue;
				h = set_hash(&pr->sets[(table[i] - 1) * w], w) & (2 * slots - 1);
				while (bigger[h])
					h = (h + 1) & (2 * slots - 1);
				bigger[h] = table[i];
			}
			free(table);
			table = bigger;
			slots *= 2;
		}
		h = set_hash(set, w) & (slots - 1);
		while (table[h] && memcmp(&pr->sets[(table[h] - 1) * w], set,
					  w * sizeof *set) != 0)
			h = (h + 1) & (slots - 1);
		if (!table[h]) {
			table[h] = at + 1;
			pr->v[at] = (uint32_t)pr->nsets++;
		} else {
			pr->v[at] = pr->v[table[h] - 1];
		}
	}
	free(table);
}

int stet_ratings_load(struct stet_store *st,
		      const struct stet_ratings_opts *o,
		      struct stet_project_ratings *pr, struct stet_error *err)
{
	struct stet_txn *txn;
	struct stet_cursor *c = NULL;
	struct stet_current cur;
	struct rows rows = {0, 0};
	uint32_t *rater_of = NULL, *cat_of = NULL, nids = 0, maxid = 0;
	const void *k, *v;
	size_t kl, vl, row = 0;
	uint64_t last_item = 0;
	int rc;

	memset(pr, 0, sizeof *pr);
	stet_schema_init(&pr->schema);
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_schema_load(txn, &pr->schema, err);
	if (rc == STET_OK)
		rc = categories(pr, o->level, err);
	if (rc == STET_OK)
		rc = raters(pr, txn, o, &rater_of, &nids, err);
	if (rc != STET_OK)
		goto leave;
	pr->multi = pr->schema.multi;
	for (size_t i = 0; i < pr->schema.nlabels; i++)
		if (pr->schema.labels[i].id > maxid)
			maxid = pr->schema.labels[i].id;
	cat_of = stet_xcalloc((size_t)maxid + 1, sizeof *cat_of);
	for (size_t i = 0; i <= maxid; i++)
		cat_of[i] = STET_MISSING;
	for (size_t ci = 0; ci < pr->ncat; ci++)
		cat_of[pr->label_of[ci]] = (uint32_t)ci;
	pr->words = (pr->ncat + 63) / 64;
	if (pr->words == 0)
		pr->words = 1;
	rc = stet_cursor_open(txn, STET_DB_CURRENT, &c, err);
	if (rc != STET_OK)
		goto leave;
	rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	while (rc == STET_OK) {
		uint64_t item;
		uint32_t ann, rater;

		if (kl != 12) {
			rc = stet_error_set(err, STET_ERR, "current: damaged key");
			break;
		}
		item = stet_get_u64be(k);
		ann = stet_get_u32be((const unsigned char *)k + 8);
		rater = ann <= nids ? rater_of[ann] : UINT32_MAX;
		rc = stet_current_decode(v, vl, &cur, err);
		if (rc != STET_OK)
			break;
		if (rater != UINT32_MAX && cur.nlabels > 0 &&
		    in_window(txn, o, cur.event, &rc, err)) {
			size_t at;

			if (rows.n == 0 || item != last_item)
				row = new_row(pr, &rows, item);
			last_item = item;
			at = row * pr->nraters + rater;
			for (size_t l = 0; l < cur.nlabels; l++) {
				uint32_t ci = cur.labels[l] <= maxid ?
					cat_of[cur.labels[l]] : STET_MISSING;

				if (ci == STET_MISSING)
					continue;
				pr->v[at] = ci;
				if (pr->multi) {
					pr->sets[at * pr->words + ci / 64] |=
						(uint64_t)1 << (ci % 64);
					pr->missing[at] = false;
				}
			}
		}
		if (rc != STET_OK)
			break;
		rc = stet_cursor_next(c, &k, &kl, &v, &vl, err);
	}
	if (rc == STET_NOTFOUND) {
		rc = STET_OK;
		drop_empty_raters(pr, rows.n);
		if (pr->multi)
			set_categories(pr, rows.n);
	}
leave:
	if (c != NULL)
		stet_cursor_close(c);
	stet_txn_end(txn);
	free(rater_of);
	free(cat_of);
	pr->r = (struct stet_ratings){rows.n, pr->nraters,
				      pr->multi ? pr->nsets : pr->ncat, pr->v,
				      pr->multi ? NULL : pr->value};
	pr->set_r = (struct stet_set_ratings){rows.n, pr->nraters, pr->words,
					      pr->sets, pr->missing};
	if (rc != STET_OK)
		stet_ratings_free(pr);
	return rc;
}

void stet_ratings_free(struct stet_project_ratings *pr)
{
	for (size_t i = 0; i < pr->nraters; i++)
		free(pr->raters[i]);
	for (size_t i = 0; i < pr->ncat; i++)
		free(pr->categories[i]);
	free(pr->raters);
	free(pr->categories);
	free(pr->label_of);
	free(pr->value);
	free(pr->item_ids);
	free(pr->v);
	free(pr->sets);
	free(pr->missing);
	stet_schema_free(&pr->schema);
	memset(pr, 0, sizeof *pr);
}
