/* Loading a project's span sets for the span agreement, and the slices
 * of --by over them. */
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/item.h"
#include "stet/span_study.h"
#include "stet/spans.h"

#define NONE "(none)"

struct entry {
	uint64_t item;
	uint64_t event; /* the SPANS event that saved the set */
	uint32_t slot;  /* index into the kept annotators */
	struct stet_span_set set;
};

struct loader {
	const struct stet_span_study_opts *o;
	struct stet_txn *txn;
	const struct stet_schema *schema;
	uint32_t *slot_of;   /* annotator id -> slot, UINT32_MAX: not kept */
	size_t nids;
	uint32_t *index_of;  /* label id -> study index, UINT32_MAX: other */
	uint32_t maxid;
	struct entry *e;
	size_t n, cap;
	bool *used;          /* slot has a set */
};

static bool in_window(struct loader *ld, uint64_t event, int *rc,
		      struct stet_error *err)
{
	struct stet_event ev;
	bool in;

	if (ld->o->since_ms == 0 && ld->o->until_ms == 0)
		return true;
	memset(&ev, 0, sizeof ev);
	*rc = stet_event_get(ld->txn, event, &ev, err);
	in = *rc == STET_OK &&
	     (ld->o->since_ms == 0 || ev.time_ms >= ld->o->since_ms) &&
	     (ld->o->until_ms == 0 || ev.time_ms < ld->o->until_ms);
	stet_event_clear(&ev);
	return in;
}

static int take(void *ctx, uint64_t item, uint32_t annotator,
		struct stet_span_set *s, uint64_t event, struct stet_error *err)
{
	struct loader *ld = ctx;
	struct stet_span_set mine;
	size_t other = 0;
	int rc = STET_OK;

	if (annotator == 0 || annotator > ld->nids ||
	    ld->slot_of[annotator] == UINT32_MAX)
		return STET_OK;
	/* The walk's set is taken, not copied: a study holds a set for
	 * every item and annotator. Its spans keep their order, those of
	 * the other kind left out. */
	mine = *s;
	mine.n = 0;
	s->v = NULL;
	s->n = s->cap = 0;
	for (size_t i = 0; i < mine.cap; i++) {
		uint32_t l = mine.v[i].label;

		if (l > ld->maxid || ld->index_of[l] == UINT32_MAX) {
			other++;
			continue;
		}
		mine.v[mine.n] = mine.v[i];
		mine.v[mine.n++].label = ld->index_of[l];
	}
	/* A set of labels of the other kind alone marks nothing of this
	 * kind; an empty set says "nothing here" for every kind. */
	if ((other > 0 && mine.n == 0) ||
	    !in_window(ld, event, &rc, err)) {
		stet_span_set_free(&mine);
		return rc;
	}
	if (ld->n == ld->cap) {
		ld->cap = ld->cap ? ld->cap * 2 : 256;
		ld->e = stet_xrealloc(ld->e, ld->cap * sizeof *ld->e);
	}
	ld->e[ld->n++] = (struct entry){item, event, ld->slot_of[annotator],
					mine};
	ld->used[ld->slot_of[annotator]] = true;
	return STET_OK;
}

static bool wanted(const struct stet_span_study_opts *o, const char *name)
{
	if (o->annotators == NULL)
		return true;
	for (size_t i = 0; i < o->nannotators; i++)
		if (strcmp(o->annotators[i], name) == 0)
			return true;
	return false;
}

struct named {
	const char *name;
	uint32_t slot;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name,
		      ((const struct named *)b)->name);
}

/* The bytes that are not UTF-8 continuation bytes (10xxxxxx), counted
 * eight at a time: a study reads the length of every item. */
static uint32_t code_points(const char *s, size_t len)
{
	const uint64_t high = 0x8080808080808080ULL;
	size_t i = 0, cont = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		/* Bit 7 set and bit 6 clear, each byte on its own; the
		 * multiplication adds the bytes' ones into the top byte. */
		w = (w & ~(w << 1) & high) >> 7;
		cont += (size_t)((w * 0x0101010101010101ULL) >> 56);
	}
	for (; i < len; i++)
		cont += ((unsigned char)s[i] & 0xc0) == 0x80;
	return (uint32_t)(len - cont);
}

static void labels_of_kind(struct stet_project_spans *ps, struct loader *ld)
{
	const struct stet_schema *s = &ps->schema;

	ld->maxid = 0;
	for (size_t i = 0; i < s->nlabels; i++)
		if (s->labels[i].id > ld->maxid)
			ld->maxid = s->labels[i].id;
	ld->index_of = stet_xcalloc((size_t)ld->maxid + 1, sizeof *ld->index_of);
	for (size_t i = 0; i <= ld->maxid; i++)
		ld->index_of[i] = UINT32_MAX;
	ps->labels = stet_xcalloc(s->nlabels + 1, sizeof *ps->labels);
	ps->label_of = stet_xcalloc(s->nlabels + 1, sizeof *ps->label_of);
	for (size_t i = 0; i < s->nlabels; i++) {
		if (s->labels[i].kind != ld->o->kind)
			continue;
		ld->index_of[s->labels[i].id] = (uint32_t)ps->nlabels;
		ps->label_of[ps->nlabels] = s->labels[i].id;
		ps->labels[ps->nlabels++] = stet_xstrdup(s->labels[i].name);
	}
}

/* The kept annotators, in id order as slots, then the raters: the
 * slots that hold a set, by name. */
static int annotators(struct loader *ld, struct stet_annotator **list,
		      size_t *n, struct stet_error *err)
{
	if (stet_annotators_load(ld->txn, list, n, err) != STET_OK)
		return STET_ERR;
	ld->nids = *n;
	ld->slot_of = stet_xcalloc(*n + 1, sizeof *ld->slot_of);
	ld->used = stet_xcalloc(*n + 1, sizeof *ld->used);
	ld->slot_of[0] = UINT32_MAX;
	for (size_t i = 0; i < *n; i++)
		ld->slot_of[i + 1] = wanted(ld->o, (*list)[i].name) ?
			(uint32_t)i : UINT32_MAX;
	return STET_OK;
}

static void raters(struct stet_project_spans *ps, struct loader *ld,
		   const struct stet_annotator *list, size_t n,
		   uint32_t *rater_of_slot)
{
	struct named *nm = stet_xcalloc(n + 1, sizeof *nm);
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (ld->used[i])
			nm[k++] = (struct named){list[i].name, (uint32_t)i};
	qsort(nm, k, sizeof *nm, by_name);
	ps->raters = stet_xcalloc(k + 1, sizeof *ps->raters);
	ps->rater_id = stet_xcalloc(k + 1, sizeof *ps->rater_id);
	for (size_t r = 0; r < k; r++) {
		ps->raters[r] = stet_xstrdup(nm[r].name);
		ps->rater_id[r] = list[nm[r].slot].id;
		rater_of_slot[nm[r].slot] = (uint32_t)r;
	}
	ps->nraters = k;
	free(nm);
}

/* The items, their lengths, tokens and slice values; the sets moved
 * into place. An item is read for its length and token count alone
 * (and its meta under --by), not decoded: a study reads every item. */
static int items(struct stet_project_spans *ps, struct loader *ld,
		 const uint32_t *rater_of_slot, struct stet_error *err)
{
	size_t R = ps->nraters, n = 0;
	struct stet_item_shape it;
	int rc = STET_OK;

	for (size_t i = 0; i < ld->n; i++)
		n += i == 0 || ld->e[i].item != ld->e[i - 1].item;
	ps->item_ids = stet_xcalloc(n + 1, sizeof *ps->item_ids);
	ps->items = stet_xcalloc(n + 1, sizeof *ps->items);
	ps->sets = stet_xcalloc(n * R + 1, sizeof *ps->sets);
	ps->set_of = stet_xcalloc(n * R + 1, sizeof *ps->set_of);
	ps->set_event = stet_xcalloc(n * R + 1, sizeof *ps->set_event);
	if (ld->o->by != NULL) {
		ps->slice = stet_xcalloc(n + 1, sizeof *ps->slice);
		ps->absent = stet_xcalloc(n + 1, sizeof *ps->absent);
	}
	n = 0;
	for (size_t i = 0; i < ld->n && rc == STET_OK; i++) {
		struct entry *e = &ld->e[i];
		size_t at;

		if (i == 0 || e->item != ld->e[i - 1].item) {
			const char *f = ld->o->by;

			if ((rc = stet_item_shape_get(ld->txn, e->item, &it,
						      err)) != STET_OK)
				break;
			ps->item_ids[n] = e->item;
			ps->items[n].length = code_points(it.text, it.text_len);
			ps->items[n].ntokens = (uint32_t)it.ntokens;
			ps->items[n].sets = ps->set_of + n * R;
			if (f != NULL) {
				char *meta = it.meta ?
					stet_xstrndup(it.meta, it.meta_len) : NULL;

				if (strncmp(f, "meta.", 5) == 0)
					f += 5;
				ps->slice[n] = stet_item_meta_value(meta, f);
				ps->absent[n] = ps->slice[n] == NULL;
				if (ps->absent[n])
					ps->slice[n] = stet_xstrdup(NONE);
				free(meta);
			}
			n++;
		}
		at = (n - 1) * R + rater_of_slot[e->slot];
		ps->sets[at] = e->set;
		ps->set_of[at] = &ps->sets[at];
		ps->set_event[at] = e->event;
		memset(&e->set, 0, sizeof e->set);
	}
	ps->study = (struct stet_span_study){n, R, ps->nlabels, ps->items};
	return rc;
}

int stet_spans_study_load(struct stet_store *st,
			  const struct stet_span_study_opts *o,
			  struct stet_project_spans *ps,
			  struct stet_error *err)
{
	struct loader ld;
	struct stet_annotator *list = NULL;
	uint32_t *rater_of_slot = NULL;
	size_t nlist = 0;
	int rc;

	memset(ps, 0, sizeof *ps);
	memset(&ld, 0, sizeof ld);
	ld.o = o;
	stet_schema_init(&ps->schema);
	if (stet_txn_begin_read(st, &ld.txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_schema_load(ld.txn, &ps->schema, err);
	if (rc == STET_OK) {
		labels_of_kind(ps, &ld);
		rc = annotators(&ld, &list, &nlist, err);
	}
	if (rc == STET_OK)
		rc = stet_spans_each(ld.txn, take, &ld, err);
	if (rc == STET_OK) {
		rater_of_slot = stet_xcalloc(nlist + 1, sizeof *rater_of_slot);
		raters(ps, &ld, list, nlist, rater_of_slot);
		rc = items(ps, &ld, rater_of_slot, err);
	}
	stet_txn_end(ld.txn);
	for (size_t i = 0; i < ld.n; i++)
		stet_span_set_free(&ld.e[i].set);
	free(ld.e);
	free(ld.slot_of);
	free(ld.used);
	free(ld.index_of);
	free(rater_of_slot);
	if (list != NULL)
		stet_annotators_free(list, nlist);
	if (rc != STET_OK)
		stet_spans_study_free(ps);
	return rc;
}

void stet_spans_study_free(struct stet_project_spans *ps)
{
	for (size_t r = 0; r < ps->nraters; r++)
		free(ps->raters[r]);
	for (size_t c = 0; c < ps->nlabels; c++)
		free(ps->labels[c]);
	for (size_t i = 0; i < ps->study.nitems * ps->nraters; i++)
		stet_span_set_free(&ps->sets[i]);
	for (size_t i = 0; ps->slice != NULL && i < ps->study.nitems; i++)
		free(ps->slice[i]);
	free(ps->raters);
	free(ps->rater_id);
	free(ps->labels);
	free(ps->label_of);
	free(ps->item_ids);
	free(ps->slice);
	free(ps->absent);
	free(ps->items);
	free(ps->sets);
	free(ps->set_of);
	free(ps->set_event);
	stet_schema_free(&ps->schema);
	memset(ps, 0, sizeof *ps);
}

/* ---- slices ----------------------------------------------------------------- */

static int by_slice(const void *a, const void *b, void *ctx)
{
	const struct stet_project_spans *ps = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(ps->slice[x], ps->slice[y]);

	/* A value "(none)" is not the slice of items without the field. */
	if (c == 0)
		c = (int)ps->absent[x] - (int)ps->absent[y];
	return c ? c : (x > y) - (x < y);
}

void stet_spans_study_slices(const struct stet_project_spans *ps,
			     struct stet_span_slice **out, size_t *n)
{
	size_t N = ps->study.nitems, k = 0;
	size_t *order = stet_xcalloc(N + 1, sizeof *order);
	struct stet_span_slice *sl = stet_xcalloc(N + 1, sizeof *sl);

	for (size_t i = 0; i < N; i++)
		order[i] = i;
	qsort_r(order, N, sizeof *order, by_slice, (void *)ps);
	for (size_t i = 0; i < N;) {
		size_t j = i;

		while (j < N && strcmp(ps->slice[order[j]], ps->slice[order[i]]) == 0 &&
		       ps->absent[order[j]] == ps->absent[order[i]])
			j++;
		sl[k].value = stet_xstrdup(ps->slice[order[i]]);
		sl[k].absent = ps->absent[order[i]];
		sl[k].items = stet_xcalloc(j - i + 1, sizeof *sl[k].items);
		for (size_t m = i; m < j; m++)
			sl[k].items[m - i] = ps->items[order[m]];
		sl[k].study = (struct stet_span_study){j - i, ps->nraters,
						       ps->nlabels, sl[k].items};
		k++;
		i = j;
	}
	free(order);
	*out = sl;
	*n = k;
}

void stet_spans_study_slices_free(struct stet_span_slice *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].value);
		free(s[i].items);
	}
	free(s);
}
