#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reach.h"
#include "stet/buf.h"
#include "stet/options.h"
#include "stet/pending.h"
#include "stet/queue.h"
#include "stet/routes.h"

/* A frontier kept in meta ("frontier.ORDER[.SEED]", see serve.c): the
 * queue's order and how far its search for new items has moved. */
struct front {
	struct stet_queue q;
	uint64_t pos;
	char name[STET_QUEUE_MARK_MAX];
};

struct fronts {
	struct front *v;
	size_t n, cap;
};

static const char prefix[] = "frontier.";

/* The frontier named name (after the prefix) with value v, or nothing
 * when it cannot hold an item back: one made at another item count
 * (any order but sequential) reads as 0, and one of a model version
 * since replaced belongs to an order no one is served from. */
static int front_add(struct stet_txn *txn, struct fronts *fs, const char *k,
		     size_t kl, const unsigned char *v, size_t vl,
		     struct stet_error *err)
{
	char name[STET_QUEUE_MARK_MAX];
	struct front f;
	bool usable;

	if (kl >= sizeof name)
		return STET_OK;
	memcpy(name, k, kl);
	name[kl] = '\0';
	if (stet_queue_open_mark(txn, name + sizeof prefix - 1, &f.q, &usable,
				 err) != STET_OK)
		return STET_ERR;
	if (!usable)
		return STET_OK;
	if (vl != 16 || (f.q.order != STET_ORDER_SEQUENTIAL &&
			 stet_get_u64be(v) != f.q.n)) {
		stet_queue_close(&f.q);
		if (vl != 16)
			return stet_error_set(err, STET_ERR,
					      "meta %s: damaged", name);
		return STET_OK;
	}
	f.pos = stet_get_u64be(v + 8);
	snprintf(f.name, sizeof f.name, "%s", name);
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? 2 * fs->cap : 4;
		fs->v = stet_xrealloc(fs->v, fs->cap * sizeof *fs->v);
	}
	fs->v[fs->n++] = f;
	return STET_OK;
}

static int fronts_load(struct stet_txn *txn, struct fronts *fs,
		       struct stet_error *err)
{
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (stet_cursor_open(txn, STET_DB_META, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, prefix, sizeof prefix - 1, &k, &kl, &v,
				   &vl, err);
	     rc == STET_OK && kl >= sizeof prefix - 1 &&
	     memcmp(k, prefix, sizeof prefix - 1) == 0;
	     rc = stet_cursor_next(c, &k, &kl, &v, &vl, err))
		if (front_add(txn, fs, k, kl, v, vl, err) != STET_OK) {
			rc = STET_ERR;
			break;
		}
	stet_cursor_close(c);
	return rc == STET_ERR ? STET_ERR : STET_OK;
}

static int in_pending(struct stet_txn *txn, uint64_t item, uint32_t count,
		      bool *there, struct stet_error *err)
{
	unsigned char key[STET_PENDING_KEY];
	const void *v;
	size_t vl;
	int rc;

	stet_pending_key(key, count, item);
	rc = stet_get(txn, STET_DB_PENDING, key, sizeof key, &v, &vl, err);
	*there = rc == STET_OK;
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

/* Why item, with count standing values, cannot be reached; "" when it
 * can. An item no label stands on and no frontier has passed needs no
 * lookup: that is most of a large project. */
static int why_not(struct stet_txn *txn, const struct fronts *fs,
		   uint64_t item, uint32_t count, uint32_t required,
		   char *why, size_t len, struct stet_error *err)
{
	const struct front *passed = NULL;
	uint64_t pos = 0;
	bool there;

	why[0] = '\0';
	for (size_t i = 0; i < fs->n && count == 0 && passed == NULL; i++) {
		pos = stet_queue_pos(&fs->v[i].q, item);
		if (item <= fs->v[i].q.n && pos < fs->v[i].pos)
			passed = &fs->v[i];
	}
	if (count == 0 && passed == NULL)
		return STET_OK;
	if (in_pending(txn, item, count, &there, err) != STET_OK)
		return STET_ERR;
	if (there)
		return STET_OK;
	if (count > 0)
		snprintf(why, len,
			 "%u of its %u labels stand, but pending does not hold it at %u",
			 count, required, count);
	else
		snprintf(why, len,
			 "no label stands and pending does not hold it, but %s has passed it (position %llu, frontier at %llu)",
			 passed->name, (unsigned long long)pos + 1,
			 (unsigned long long)passed->pos + 1);
	return STET_OK;
}

/* A cursor over a database keyed by item first, walked alongside the
 * items in id order. */
struct walk {
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	int rc;
};

static int walk_open(struct stet_txn *txn, enum stet_db db, struct walk *w,
		     struct stet_error *err)
{
	if (stet_cursor_open(txn, db, &w->c, err) != STET_OK) {
		w->c = NULL;
		return STET_ERR;
	}
	w->rc = stet_cursor_seek(w->c, NULL, 0, &w->k, &w->kl, &w->v, &w->vl,
				 err);
	return w->rc == STET_ERR ? STET_ERR : STET_OK;
}

/* The band of item's route, moving the cursor past it. */
static int walk_band(struct walk *w, uint64_t item, enum stet_band *band,
		     struct stet_error *err)
{
	struct stet_route r = {STET_BAND_NONE, 0};

	while (w->rc == STET_OK && w->kl >= 8 && stet_get_u64be(w->k) <= item) {
		if (stet_get_u64be(w->k) == item &&
		    stet_route_decode(w->v, w->vl, &r, err) != STET_OK)
			return STET_ERR;
		w->rc = stet_cursor_next(w->c, &w->k, &w->kl, &w->v, &w->vl,
					 err);
	}
	*band = r.band;
	return w->rc == STET_ERR ? STET_ERR : STET_OK;
}

/* How many entries item has, moving the cursor past them. */
static int walk_count(struct walk *w, uint64_t item, uint32_t *n,
		      struct stet_error *err)
{
	*n = 0;
	while (w->rc == STET_OK && w->kl >= 8 && stet_get_u64be(w->k) <= item) {
		*n += stet_get_u64be(w->k) == item;
		w->rc = stet_cursor_next(w->c, &w->k, &w->kl, &w->v, &w->vl,
					 err);
	}
	return w->rc == STET_ERR ? STET_ERR : STET_OK;
}

int stet_reach_check(struct stet_txn *txn, stet_unreachable_fn fn, void *ctx,
		     struct stet_error *err)
{
	struct stet_options o;
	struct stet_queue all;
	struct fronts fs = {NULL, 0, 0};
	struct walk cur = {0}, gold = {0}, routes = {0};
	int rc = STET_OK;

	if (stet_options_load(txn, &o, err) != STET_OK ||
	    stet_queue_open(txn, &all, STET_ORDER_SEQUENTIAL, 0, 0, err) !=
	    STET_OK || fronts_load(txn, &fs, err) != STET_OK ||
	    walk_open(txn, STET_DB_CURRENT, &cur, err) != STET_OK ||
	    walk_open(txn, STET_DB_GOLD, &gold, err) != STET_OK ||
	    walk_open(txn, STET_DB_ROUTES, &routes, err) != STET_OK)
		rc = STET_ERR;
	for (uint64_t item = 1; item <= all.n && rc == STET_OK; item++) {
		uint32_t count, isgold, required;
		enum stet_band band;
		char why[STET_QUEUE_MARK_MAX + 160];

		if (walk_count(&gold, item, &isgold, err) != STET_OK ||
		    walk_count(&cur, item, &count, err) != STET_OK ||
		    walk_band(&routes, item, &band, err) != STET_OK) {
			rc = STET_ERR;
			break;
		}
		required = stet_band_required(band, o.overlap);
		if (isgold > 0 || count >= required)
			continue;
		rc = why_not(txn, &fs, item, count, required, why, sizeof why,
			     err);
		if (rc == STET_OK && why[0] != '\0')
			fn(ctx, item, why);
	}
	if (cur.c != NULL)
		stet_cursor_close(cur.c);
	if (gold.c != NULL)
		stet_cursor_close(gold.c);
	if (routes.c != NULL)
		stet_cursor_close(routes.c);
	for (size_t i = 0; i < fs.n; i++)
		stet_queue_close(&fs.v[i].q);
	free(fs.v);
	return rc;
}
