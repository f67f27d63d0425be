/* The event log: appending an event and keeping what stands (`current`,
 * `final`, `skips`, `routes`, `spans`, `span_final`) in step with it in
 * the same transaction. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <xxhash.h>

#include "stet/annotate.h"
#include "stet/pending.h"
#include "stet/buf.h"
#include "stet/routes.h"
#include "annotate_spans.h"

static int damaged(struct stet_txn *txn, struct stet_error *err,
		   const char *what, uint64_t id)
{
	return stet_error_set(err, STET_ERR,
			      "%s is damaged (%s %llu: its record does not decode)",
			      stet_txn_path(txn), what, (unsigned long long)id);
}

void stet_event_clear(struct stet_event *ev)
{
	free(ev->text);
	free(ev->spans);
	memset(ev, 0, sizeof *ev);
}

void stet_current_key(unsigned char key[12], uint64_t item,
		      uint32_t annotator)
{
	stet_u64be(key, item);
	stet_u32be(key + 8, annotator);
}

int stet_item_entries(struct stet_txn *txn, enum stet_db db, uint64_t item,
		      stet_item_entry_fn fn, void *ctx, struct stet_error *err)
{
	struct stet_cursor *c;
	unsigned char from[12];
	const void *k, *v;
	size_t kl, vl;
	int rc;

	stet_current_key(from, item, 0);
	if (stet_cursor_open(txn, db, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, from, 12, &k, &kl, &v, &vl, err);
	     rc == STET_OK && kl == 12 && stet_get_u64be(k) == item;
	     rc = stet_cursor_next(c, &k, &kl, &v, &vl, err))
		if (fn(stet_get_u32be((const unsigned char *)k + 8), v, vl,
		       ctx) != STET_OK)
			break;
	stet_cursor_close(c);
	return rc == STET_ERR ? STET_ERR : STET_OK;
}

static int count_one(uint32_t annotator, const void *val, size_t vlen,
		     void *ctx)
{
	(void)annotator;
	(void)val;
	(void)vlen;
	(*(uint32_t *)ctx)++;
	return STET_OK;
}

int stet_current_count(struct stet_txn *txn, uint64_t item, uint32_t *n,
		       struct stet_error *err)
{
	*n = 0;
	return stet_item_entries(txn, STET_DB_CURRENT, item, count_one, n, err);
}

int stet_current_decode(const void *val, size_t vlen,
			struct stet_current *cur, struct stet_error *err)
{
	struct stet_rd r;
	uint64_t n;

	/* No memset of the label slots: nlabels says how many hold labels,
	 * and this runs once per value in every agreement scan. */
	stet_rd_init(&r, val, vlen);
	stet_rd_varint(&r, &n);
	if (n > STET_MAX_LABELS)
		r.bad = true;
	for (uint64_t i = 0; i < n && !r.bad; i++) {
		uint64_t l;

		stet_rd_varint(&r, &l);
		cur->labels[i] = (uint32_t)l;
	}
	stet_rd_varint(&r, &cur->event);
	if (!stet_rd_done(&r)) {
		cur->nlabels = 0;
		cur->event = 0;
		return stet_error_set(err, STET_ERR, "current: damaged record");
	}
	cur->nlabels = (size_t)n;
	return STET_OK;
}

int stet_current_get(struct stet_txn *txn, uint64_t item, uint32_t annotator,
		     struct stet_current *cur, struct stet_error *err)
{
	unsigned char key[12];
	const void *v;
	size_t vl;
	int rc;

	stet_current_key(key, item, annotator);
	rc = stet_get(txn, STET_DB_CURRENT, key, 12, &v, &vl, err);
	if (rc != STET_OK)
		return rc;
	return stet_current_decode(v, vl, cur, err);
}

/* Where an event's value stands: a LABEL or UNLABEL in `current` under
 * its item and annotator, an ADJUDICATE in `final` under its item. */
struct slot {
	enum stet_db db;
	unsigned char key[12];
	size_t klen;
};

static bool has_slot(enum stet_action a)
{
	return a == STET_ACT_LABEL || a == STET_ACT_UNLABEL ||
	       a == STET_ACT_ADJUDICATE;
}

static void slot_of(const struct stet_event *ev, struct slot *sl)
{
	if (ev->action == STET_ACT_ADJUDICATE) {
		sl->db = STET_DB_FINAL;
		stet_u64be(sl->key, ev->item);
		sl->klen = 8;
	} else {
		sl->db = STET_DB_CURRENT;
		stet_current_key(sl->key, ev->item, ev->annotator);
		sl->klen = 12;
	}
}

static int slot_get(struct stet_txn *txn, const struct slot *sl,
		    struct stet_current *cur, struct stet_error *err)
{
	const void *v;
	size_t vl;
	int rc = stet_get(txn, sl->db, sl->key, sl->klen, &v, &vl, err);

	if (rc != STET_OK)
		return rc;
	return stet_current_decode(v, vl, cur, err);
}

static int slot_set(struct stet_txn *txn, const struct slot *sl,
		    const uint32_t *labels, size_t n, uint64_t event,
		    struct stet_error *err)
{
	struct stet_buf b;
	int rc;

	stet_buf_init(&b);
	stet_buf_put_varint(&b, n);
	for (size_t i = 0; i < n; i++)
		stet_buf_put_varint(&b, labels[i]);
	stet_buf_put_varint(&b, event);
	rc = stet_put(txn, sl->db, sl->key, sl->klen, b.data, b.len, 0, err);
	stet_buf_free(&b);
	return rc;
}

static int slot_clear(struct stet_txn *txn, const struct slot *sl,
		      struct stet_error *err)
{
	int rc = stet_del(txn, sl->db, sl->key, sl->klen, err);

	return rc == STET_NOTFOUND ? STET_OK : rc;
}

int stet_final_get(struct stet_txn *txn, uint64_t item,
		   struct stet_current *cur, struct stet_error *err)
{
	struct slot sl = {.db = STET_DB_FINAL, .klen = 8};

	stet_u64be(sl.key, item);
	return slot_get(txn, &sl, cur, err);
}

int stet_final_decides_labels(struct stet_txn *txn,
			      const struct stet_current *cur, bool *yes,
			      struct stet_error *err)
{
	struct stet_event ev;
	uint64_t id = cur->event;
	int rc = STET_OK;

	/* Labels come only from a decision on labels, carried along by
	 * those on spans that replaced it. */
	*yes = cur->nlabels > 0;
	memset(&ev, 0, sizeof ev);
	while (!*yes && id != 0) {
		uint64_t next;

		rc = stet_event_get(txn, id, &ev, err);
		if (rc != STET_OK)
			break;
		if (ev.action != STET_ACT_ADJUDICATE || ev.replaced >= id) {
			rc = stet_error_set(err, STET_ERR,
					    "final: event %llu is not a decision that stood",
					    (unsigned long long)id);
			break;
		}
		*yes = !ev.has_spans;
		next = ev.replaced;
		stet_event_clear(&ev);
		id = next;
	}
	stet_event_clear(&ev);
	return rc;
}

int stet_final_labels_get(struct stet_txn *txn, uint64_t item,
			  struct stet_current *cur, struct stet_error *err)
{
	bool yes;
	int rc = stet_final_get(txn, item, cur, err);

	if (rc != STET_OK)
		return rc;
	if (stet_final_decides_labels(txn, cur, &yes, err) != STET_OK)
		return STET_ERR;
	return yes ? STET_OK : STET_NOTFOUND;
}

static int put_skip(struct stet_txn *txn, const struct stet_event *ev,
		    struct stet_error *err)
{
	unsigned char key[12], val[8];

	stet_current_key(key, ev->item, ev->annotator);
	stet_u64be(val, ev->id);
	return stet_put(txn, STET_DB_SKIPS, key, 12, val, 8, 0, err);
}

/* Only the skip that stands is removed: undoing an older skip of an item
 * skipped again since leaves the newer one. */
static int unskip(struct stet_txn *txn, const struct stet_event *skip,
		  struct stet_error *err)
{
	unsigned char key[12];
	const void *v;
	size_t vl;
	int rc;

	stet_current_key(key, skip->item, skip->annotator);
	rc = stet_get(txn, STET_DB_SKIPS, key, 12, &v, &vl, err);
	if (rc == STET_NOTFOUND)
		return STET_OK;
	if (rc != STET_OK)
		return rc;
	if (vl != 8 || stet_get_u64be(v) != skip->id)
		return STET_OK;
	rc = stet_del(txn, STET_DB_SKIPS, key, 12, err);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

/* A route changed from `from` to `to`: the count of accepted items and
 * the item's entry in `pending` follow (stet_band_pending); and when the new route can ask more
 * people of it, the queue must find it wherever its order has got to,
 * as it finds an item whose values were taken back, so it gets an
 * entry if it had none. */
static int route_moved(struct stet_txn *txn, uint64_t item,
		       enum stet_band from, enum stet_band to,
		       struct stet_error *err)
{
	unsigned char key[STET_PENDING_KEY];
	uint32_t count, kf, kt;
	const void *v;
	size_t vl;
	int rc;

	if (stet_routes_accepted_move(txn, from, to, err) != STET_OK ||
	    stet_current_count(txn, item, &count, err) != STET_OK)
		return STET_ERR;
	kf = stet_band_pending(from, count);
	kt = stet_band_pending(to, count);
	stet_pending_key(key, kf, item);
	rc = stet_get(txn, STET_DB_PENDING, key, sizeof key, &v, &vl, err);
	if (rc == STET_OK)
		return stet_pending_move(txn, item, kf, kt, err);
	if (rc != STET_NOTFOUND)
		return rc;
	return stet_band_raises(from, to) ?
		stet_pending_ensure(txn, item, kt, err) : STET_OK;
}

static int route_set(struct stet_txn *txn, const struct stet_event *ev,
		     struct stet_error *err)
{
	struct stet_route r;
	int rc = stet_route_get(txn, ev->item, &r, err);

	if (rc != STET_OK && rc != STET_NOTFOUND)
		return rc;
	if ((rc = stet_route_put(txn, ev->item, ev->route.band, ev->id,
				 err)) != STET_OK)
		return rc;
	return route_moved(txn, ev->item, r.band, ev->route.band, err);
}

/* As undo() for a value: a ROUTE that stands gives way to the route it
 * replaced, or to none. */
static int unroute(struct stet_txn *txn, const struct stet_event *undone,
		   struct stet_event *before, struct stet_error *err)
{
	struct stet_route r;
	enum stet_band back = STET_BAND_NONE;
	int rc = stet_route_get(txn, undone->item, &r, err);

	if (rc == STET_NOTFOUND || (rc == STET_OK && r.event != undone->id))
		return STET_OK;
	if (rc != STET_OK)
		return rc;
	if (undone->replaced != 0) {
		rc = stet_event_get(txn, undone->replaced, before, err);
		if (rc != STET_OK)
			return rc;
		if (before->action == STET_ACT_ROUTE)
			back = before->route.band;
	}
	rc = stet_route_put(txn, undone->item, back,
			    back == STET_BAND_NONE ? 0 : before->id, err);
	if (rc != STET_OK)
		return rc;
	return route_moved(txn, undone->item, r.band, back, err);
}

/* Puts back the value that stood before `undone`: the value of the event
 * it replaced, or nothing. Only the standing event can be undone this
 * way; an older one has already been replaced and its undo changes
 * nothing that stands. */
static int undo(struct stet_txn *txn, const struct stet_event *ev,
		struct stet_error *err)
{
	struct stet_event undone, before;
	struct stet_current cur;
	struct slot sl;
	int rc;

	memset(&undone, 0, sizeof undone);
	memset(&before, 0, sizeof before);
	rc = stet_event_get(txn, ev->target, &undone, err);
	if (rc == STET_NOTFOUND)
		return stet_error_set(err, STET_ERR, "undo: no event %llu",
				      (unsigned long long)ev->target);
	if (rc != STET_OK)
		return rc;
	rc = STET_OK;
	if (undone.action == STET_ACT_SKIP) {
		rc = unskip(txn, &undone, err);
		goto leave;
	}
	if (undone.action == STET_ACT_ROUTE) {
		rc = unroute(txn, &undone, &before, err);
		goto leave;
	}
	if (undone.action == STET_ACT_SPANS) {
		rc = stet_spans_undo(txn, &undone, err);
		goto leave;
	}
	if (!has_slot(undone.action))
		goto leave;
	slot_of(&undone, &sl);
	rc = slot_get(txn, &sl, &cur, err);
	if (rc == STET_NOTFOUND)
		cur.event = 0; /* nothing stands: only an UNLABEL can */
	else if (rc != STET_OK)
		goto leave;
	rc = STET_OK;
	/* After an UNLABEL nothing stands, so it is "standing" when the
	 * current entry is still empty. */
	if ((undone.action != STET_ACT_UNLABEL && cur.event != undone.id) ||
	    (undone.action == STET_ACT_UNLABEL && cur.event != 0))
		goto leave;
	if (undone.action == STET_ACT_ADJUDICATE && undone.has_spans &&
	    (rc = stet_spans_final_restore(txn, undone.item, undone.replaced,
					   err)) != STET_OK)
		goto leave;
	if (undone.replaced == 0) {
		rc = slot_clear(txn, &sl, err);
		goto leave;
	}
	rc = stet_event_get(txn, undone.replaced, &before, err);
	if (rc != STET_OK)
		goto leave;
	if (before.action == STET_ACT_LABEL ||
	    before.action == STET_ACT_ADJUDICATE)
		rc = slot_set(txn, &sl, before.labels, before.nlabels,
			      before.id, err);
	else
		rc = slot_clear(txn, &sl, err);
leave:
	stet_event_clear(&undone);
	stet_event_clear(&before);
	return rc;
}

static int apply_slot(struct stet_txn *txn, const struct stet_event *ev,
		      struct stet_error *err)
{
	struct slot sl;

	slot_of(ev, &sl);
	switch (ev->action) {
	case STET_ACT_LABEL:
		return slot_set(txn, &sl, ev->labels, ev->nlabels, ev->id, err);
	case STET_ACT_ADJUDICATE: {
		int rc = slot_set(txn, &sl, ev->labels, ev->nlabels, ev->id,
				  err);

		return rc != STET_OK ? rc : stet_spans_apply(txn, ev, err);
	}
	case STET_ACT_SPANS:
		return stet_spans_apply(txn, ev, err);
	case STET_ACT_UNLABEL:
		return slot_clear(txn, &sl, err);
	case STET_ACT_UNDO:
		return undo(txn, ev, err);
	case STET_ACT_SKIP:
		return put_skip(txn, ev, err);
	case STET_ACT_ROUTE:
		return route_set(txn, ev, err);
	default:
		return STET_OK;
	}
}

/* An event that may change what stands in `current` also moves its
 * item in `pending`, at the count its route gives it
 * (stet_band_pending). */
static int apply(struct stet_txn *txn, const struct stet_event *ev,
		 struct stet_error *err)
{
	uint32_t before = 0, after = 0;
	bool counts = ev->action == STET_ACT_LABEL ||
		      ev->action == STET_ACT_UNLABEL ||
		      ev->action == STET_ACT_UNDO;
	struct stet_route r = {STET_BAND_NONE, 0};
	int rc;

	if (counts && (stet_current_count(txn, ev->item, &before, err) !=
		       STET_OK ||
		       ((rc = stet_route_get(txn, ev->item, &r, err)) !=
			STET_OK && rc != STET_NOTFOUND)))
		return STET_ERR;
	/* A full map (STET_MAPFULL) goes back as it is: the store grows
	 * the map and redoes the transaction. */
	if ((rc = apply_slot(txn, ev, err)) != STET_OK || !counts)
		return rc;
	if (stet_current_count(txn, ev->item, &after, err) != STET_OK)
		return STET_ERR;
	before = stet_band_pending(r.band, before);
	after = stet_band_pending(r.band, after);
	/* A label on an item its route needs no one more for stays where
	 * it is, but must have its entry, as every labeled item does. */
	if (before == after && ev->action == STET_ACT_LABEL &&
	    after == STET_PENDING_MET)
		return stet_pending_ensure(txn, ev->item, after, err);
	return stet_pending_move(txn, ev->item, before, after, err);
}

/* The event standing in ev's slot before ev. */
static int standing(struct stet_txn *txn, const struct stet_event *ev,
		    uint64_t *id, struct stet_error *err)
{
	struct stet_current cur;
	struct slot sl;
	int rc;

	slot_of(ev, &sl);
	rc = slot_get(txn, &sl, &cur, err);

	*id = rc == STET_OK ? cur.event : 0;
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

static int random_uid(unsigned char uid[16], struct stet_error *err)
{
	size_t got = 0;

	while (got < 16) {
		ssize_t n = getrandom(uid + got, 16 - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return stet_error_set(err, STET_ERR, "getrandom: %s",
					      strerror(errno));
		got += (size_t)n;
	}
	return STET_OK;
}

static bool uid_unset(const unsigned char uid[16])
{
	for (int i = 0; i < 16; i++)
		if (uid[i])
			return false;
	return true;
}

uint64_t stet_event_hash(const void *record, size_t len, uint64_t id)
{
	return XXH3_64bits_withSeed(record, len, id);
}

int stet_event_append(struct stet_txn *txn, struct stet_event *ev,
		      struct stet_error *err)
{
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	unsigned char key[8];
	struct stet_buf b;
	int rc;

	if (stet_cursor_open(txn, STET_DB_EVENTS, &c, err) != STET_OK)
		return STET_ERR;
	rc = stet_cursor_last(c, &k, &kl, &v, &vl, err);
	if (rc == STET_NOTFOUND) {
		ev->id = 1;
		ev->prev_hash = 0;
	} else if (rc == STET_OK && kl == 8) {
		ev->id = stet_get_u64be(k) + 1;
		ev->prev_hash = stet_event_hash(v, vl, ev->id - 1);
	} else {
		stet_cursor_close(c);
		return rc == STET_OK ? stet_error_set(err, STET_ERR,
					"events: damaged key") : rc;
	}
	stet_cursor_close(c);
	if (uid_unset(ev->uid) && random_uid(ev->uid, err) != STET_OK)
		return STET_ERR;
	if (stet_spans_event_prepare(ev, err) != STET_OK)
		return STET_ERR;
	ev->replaced = 0;
	if (has_slot(ev->action) &&
	    standing(txn, ev, &ev->replaced, err) != STET_OK)
		return STET_ERR;
	if (ev->action == STET_ACT_SPANS &&
	    stet_spans_standing(txn, ev, &ev->replaced, err) != STET_OK)
		return STET_ERR;
	if (ev->action == STET_ACT_ROUTE) {
		struct stet_route r;

		rc = stet_route_get(txn, ev->item, &r, err);
		if (rc != STET_OK && rc != STET_NOTFOUND)
			return rc;
		ev->replaced = r.event;
	}
	stet_buf_init(&b);
	stet_event_encode(ev, &b);
	stet_u64be(key, ev->id);
	rc = stet_put(txn, STET_DB_EVENTS, key, 8, b.data, b.len,
		      STET_PUT_APPEND, err);
	stet_buf_free(&b);
	if (rc != STET_OK)
		return rc;
	return apply(txn, ev, err);
}

int stet_event_get(struct stet_txn *txn, uint64_t id, struct stet_event *ev,
		   struct stet_error *err)
{
	unsigned char key[8];
	const void *v;
	size_t vl;
	int rc;

	stet_u64be(key, id);
	rc = stet_get(txn, STET_DB_EVENTS, key, 8, &v, &vl, err);
	if (rc != STET_OK)
		return rc;
	rc = stet_event_decode(v, vl, ev, err);
	if (rc != STET_OK)
		return damaged(txn, err, "event", id);
	ev->id = id;
	return STET_OK;
}

int stet_skip_get(struct stet_txn *txn, uint64_t item, uint32_t annotator,
		  bool *skipped, struct stet_error *err)
{
	unsigned char key[12];
	const void *v;
	size_t vl;
	int rc;

	stet_current_key(key, item, annotator);
	rc = stet_get(txn, STET_DB_SKIPS, key, 12, &v, &vl, err);
	*skipped = rc == STET_OK;
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

int stet_skips_rebuild(struct stet_txn *txn, struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_event ev, target;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	memset(&ev, 0, sizeof ev);
	memset(&target, 0, sizeof target);
	if (stet_cursor_open(txn, STET_DB_EVENTS, &c, err) != STET_OK)
		return STET_ERR;
	rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	while (rc == STET_OK) {
		stet_event_clear(&ev);
		rc = stet_event_decode(v, vl, &ev, err);
		/* The id is the key, not part of the record. */
		if (rc == STET_OK && kl == 8)
			ev.id = stet_get_u64be(k);
		if (rc == STET_OK && ev.action == STET_ACT_SKIP)
			rc = put_skip(txn, &ev, err);
		if (rc == STET_OK && ev.action == STET_ACT_UNDO) {
			stet_event_clear(&target);
			rc = stet_event_get(txn, ev.target, &target, err);
			if (rc == STET_OK && target.action == STET_ACT_SKIP)
				rc = unskip(txn, &target, err);
			else if (rc == STET_NOTFOUND)
				rc = STET_OK;
		}
		if (rc == STET_OK)
			rc = stet_cursor_next(c, &k, &kl, &v, &vl, err);
	}
	stet_cursor_close(c);
	stet_event_clear(&ev);
	stet_event_clear(&target);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}
