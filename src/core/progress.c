#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/gold.h"
#include "stet/options.h"
#include "stet/progress.h"
#include "stet/queue.h"
#include "stet/routes.h"

void stet_progress_settle(struct stet_progress *p, uint32_t gold_rate)
{
	uint64_t plain = p->plain_seen + p->plain_left;
	uint64_t quota;

	/* One gold item in gold_rate served is one to every gold_rate - 1
	 * plain ones, rounded up so that a short queue has its check. */
	if (gold_rate == 0)
		quota = 0;
	else if (gold_rate == 1)
		quota = UINT64_MAX;
	else
		quota = (plain + gold_rate - 2) / (gold_rate - 1);
	p->gold_left = quota > p->gold_seen ? quota - p->gold_seen : 0;
	if (p->gold_left > p->gold_unseen)
		p->gold_left = p->gold_unseen;
	p->left = p->plain_left + p->gold_left;
}

/* a + after - before, never below 0 (others' writes since the counts
 * were made can take an item's part away twice). */
static uint64_t moved(uint64_t a, uint64_t before, uint64_t after)
{
	return a + after >= before ? a + after - before : 0;
}

void stet_progress_move(struct stet_progress *p,
			const struct stet_progress *before,
			const struct stet_progress *after, uint32_t gold_rate)
{
	p->done = moved(p->done, before->done, after->done);
	p->plain_seen = moved(p->plain_seen, before->plain_seen,
			      after->plain_seen);
	p->plain_left = moved(p->plain_left, before->plain_left,
			      after->plain_left);
	p->gold_seen = moved(p->gold_seen, before->gold_seen,
			     after->gold_seen);
	p->gold_unseen = moved(p->gold_unseen, before->gold_unseen,
			       after->gold_unseen);
	stet_progress_settle(p, gold_rate);
}

int stet_progress_item(struct stet_txn *txn, uint64_t n, uint64_t item,
		       uint32_t annotator, uint32_t overlap,
		       struct stet_progress *p, struct stet_error *err)
{
	struct stet_current cur;
	struct stet_gold g;
	uint32_t count;
	bool skipped = false, gold;
	int rc;

	memset(p, 0, sizeof *p);
	if (item == 0 || item > n)
		return STET_OK;
	rc = stet_current_get(txn, item, annotator, &cur, err);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return STET_ERR;
	p->done = rc == STET_OK;
	if (!p->done &&
	    stet_skip_get(txn, item, annotator, &skipped, err) != STET_OK)
		return STET_ERR;
	rc = stet_gold_get(txn, item, &g, err);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return STET_ERR;
	gold = rc == STET_OK;
	if (gold) {
		p->gold_seen = p->done || skipped;
		p->gold_unseen = !p->gold_seen;
	} else if (p->done || skipped) {
		p->plain_seen = 1;
	} else {
		uint32_t required;

		if (stet_current_count(txn, item, &count, err) != STET_OK ||
		    stet_required(txn, item, overlap, &required, err) != STET_OK)
			return STET_ERR;
		p->plain_left = count < required;
	}
	p->left = p->plain_left;
	return STET_OK;
}

/* A walk over one database keyed by item first (8 bytes, then for
 * `current` and `skips` the annotator): the item at the head, 0 at the
 * end. */
struct stream {
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	uint64_t item;
};

static int stream_step(struct stream *s, int rc)
{
	if (rc == STET_NOTFOUND) {
		s->item = 0;
		return STET_OK;
	}
	if (rc != STET_OK)
		return STET_ERR;
	s->item = s->kl >= 8 ? stet_get_u64be(s->k) : 0;
	return STET_OK;
}

static int stream_open(struct stet_txn *txn, enum stet_db db, struct stream *s,
		       struct stet_error *err)
{
	memset(s, 0, sizeof s[0]);
	if (stet_cursor_open(txn, db, &s->c, err) != STET_OK)
		return STET_ERR;
	return stream_step(s, stet_cursor_seek(s->c, NULL, 0, &s->k, &s->kl,
					       &s->v, &s->vl, err));
}

static int stream_next(struct stream *s, struct stet_error *err)
{
	return stream_step(s, stet_cursor_next(s->c, &s->k, &s->kl, &s->v,
					       &s->vl, err));
}

/* Walks s over item's entries: how many, and whether annotator has one. */
static int stream_take(struct stream *s, uint64_t item, uint32_t annotator,
		       uint32_t *count, bool *mine, struct stet_error *err)
{
	*count = 0;
	*mine = false;
	while (s->item != 0 && s->item == item) {
		(*count)++;
		*mine |= s->kl == 12 &&
			 stet_get_u32be((const unsigned char *)s->k + 8) ==
			 annotator;
		if (stream_next(s, err) != STET_OK)
			return STET_ERR;
	}
	return STET_OK;
}

static uint64_t least(const struct stream *s, size_t n)
{
	uint64_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i].item != 0 && (m == 0 || s[i].item < m))
			m = s[i].item;
	return m;
}

/* The band of item's route, s moved on to it: step by step while it is
 * near, as when most items have labels, else by a seek, as when few do;
 * either way a count costs what the labels cost, not what the routes
 * do. */
static int stream_band_at(struct stream *s, uint64_t item,
			  enum stet_band *band, struct stet_error *err)
{
	struct stet_route r = {STET_BAND_NONE, 0};

	for (int step = 0; s->item != 0 && s->item < item && step < 16; step++)
		if (stream_next(s, err) != STET_OK)
			return STET_ERR;
	if (s->item != 0 && s->item < item) {
		unsigned char key[8];

		stet_u64be(key, item);
		if (stream_step(s, stet_cursor_seek(s->c, key, 8, &s->k,
						    &s->kl, &s->v, &s->vl,
						    err)) != STET_OK)
			return STET_ERR;
	}
	if (s->item == item &&
	    stet_route_decode(s->v, s->vl, &r, err) != STET_OK)
		return STET_ERR;
	*band = r.band;
	return STET_OK;
}

/* Items after n accepted by a model (stet route): imported since the
 * queue counted its n items, they are no part of its counts. */
static int accepted_after(struct stet_txn *txn, uint64_t n, uint64_t *after,
			  struct stet_error *err)
{
	struct stet_cursor *c;
	unsigned char from[8];
	const void *k, *v;
	size_t kl, vl;
	int rc;

	*after = 0;
	stet_u64be(from, n + 1);
	if (stet_cursor_open(txn, STET_DB_ROUTES, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, from, 8, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		struct stet_route r;

		if (stet_route_decode(v, vl, &r, err) != STET_OK) {
			rc = STET_ERR;
			break;
		}
		*after += r.band == STET_BAND_ACCEPT;
	}
	stet_cursor_close(c);
	return rc == STET_NOTFOUND ? STET_OK : STET_ERR;
}

/* Every item no stream holds is plain and needs a label, but those a
 * model accepted (stet route), which need no one: their number is kept
 * (stet_routes_accepted), so that they cost no walk. The walk takes
 * the others off plain_left, one item at a time in id order, each
 * against the people its route asks (one look-up an item touched). */
int stet_progress_count(struct stet_txn *txn, uint64_t n, uint32_t annotator,
			uint32_t overlap, uint32_t gold_rate,
			struct stet_progress *p, struct stet_error *err)
{
	enum { CUR, SKIP, GOLD, NSTREAMS };
	static const enum stet_db dbs[] = {STET_DB_CURRENT, STET_DB_SKIPS,
					   STET_DB_GOLD};
	struct stream s[NSTREAMS], routes;
	size_t opened = 0;
	uint64_t item, accepted = 0, touched = 0, after = 0;
	int rc = STET_OK;

	memset(p, 0, sizeof *p);
	p->plain_left = n;
	memset(s, 0, sizeof s);
	memset(&routes, 0, sizeof routes);
	for (; opened < NSTREAMS && rc == STET_OK; opened++)
		rc = stream_open(txn, dbs[opened], &s[opened], err);
	/* Routes are looked up at the items the others hold, not walked. */
	if (rc == STET_OK)
		rc = stream_open(txn, STET_DB_ROUTES, &routes, err);
	while (rc == STET_OK && (item = least(s, NSTREAMS)) != 0 &&
	       item <= n) {
		uint32_t count, nskips, ngold;
		bool mine, skipped, unused;
		enum stet_band band;

		if (stream_take(&s[CUR], item, annotator, &count, &mine,
				err) != STET_OK ||
		    stream_take(&s[SKIP], item, annotator, &nskips, &skipped,
				err) != STET_OK ||
		    stream_take(&s[GOLD], item, annotator, &ngold, &unused,
				err) != STET_OK ||
		    stream_band_at(&routes, item, &band, err) != STET_OK) {
			rc = STET_ERR;
			break;
		}
		touched += band == STET_BAND_ACCEPT;
		p->done += mine;
		if (mine || skipped || ngold > 0 ||
		    count >= stet_band_required(band, overlap))
			p->plain_left--;
		if (ngold > 0) {
			p->gold_seen += mine || skipped;
			p->gold_unseen += !(mine || skipped);
		} else {
			p->plain_seen += mine || skipped;
		}
	}
	if (routes.c != NULL)
		stet_cursor_close(routes.c);
	if (rc == STET_OK &&
	    ((rc = stet_routes_accepted(txn, &accepted, err)) != STET_OK ||
	     (rc = accepted_after(txn, n, &after, err)) != STET_OK))
		rc = STET_ERR;
	/* The accepted items the walk did not meet. */
	if (rc == STET_OK && accepted >= after + touched &&
	    p->plain_left >= accepted - after - touched)
		p->plain_left -= accepted - after - touched;
	stet_progress_settle(p, gold_rate);
	for (size_t i = 0; i < opened; i++)
		if (s[i].c != NULL)
			stet_cursor_close(s[i].c);
	return rc;
}

/* An item's change in standing values by the events replayed. */
struct touched {
	uint64_t item;
	int64_t delta;
};

static int by_item(const void *a, const void *b)
{
	uint64_t x = ((const struct touched *)a)->item;
	uint64_t y = ((const struct touched *)b)->item;

	return (x > y) - (x < y);
}

/* How one event of another annotator changes its item's number of
 * standing values: a LABEL adds one unless one of theirs stood
 * (replaced), an UNLABEL takes one away if one stood; the other actions
 * leave `current` alone, but for an UNDO, whose effect depends on what
 * stood when it was made, and a ROUTE, which changes how many the item
 * requires: those stop the replay. */
static bool count_delta(const struct stet_event *ev, int64_t *delta)
{
	switch (ev->action) {
	case STET_ACT_LABEL:
		*delta = ev->replaced == 0;
		return true;
	case STET_ACT_UNLABEL:
		*delta = -(int64_t)(ev->replaced != 0);
		return true;
	case STET_ACT_UNDO:
	case STET_ACT_ROUTE:
		return false;
	default:
		*delta = 0;
		return true;
	}
}

/* plain_left moved by the item's part now against its part with
 * `delta` fewer standing values, the annotator's own state (their
 * value, their skip) and the item's (gold, route) being what they were
 * before the events replayed. */
static int move_item(struct stet_txn *txn, uint32_t annotator,
		     uint32_t overlap, const struct touched *t,
		     struct stet_progress *p, struct stet_error *err)
{
	struct stet_progress part;
	uint32_t count, required;
	int64_t before;
	bool now_left, was_left;

	if (stet_progress_item(txn, UINT64_MAX, t->item, annotator, overlap,
			       &part, err) != STET_OK)
		return STET_ERR;
	/* Gold or seen by them: the others' values are no part of it. */
	if (part.plain_seen || part.gold_seen || part.gold_unseen)
		return STET_OK;
	if (stet_current_count(txn, t->item, &count, err) != STET_OK ||
	    stet_required(txn, t->item, overlap, &required, err) != STET_OK)
		return STET_ERR;
	before = (int64_t)count - t->delta;
	now_left = count < required;
	was_left = before < (int64_t)required;
	if (now_left && !was_left)
		p->plain_left++;
	else if (!now_left && was_left && p->plain_left > 0)
		p->plain_left--;
	return STET_OK;
}

int stet_progress_replay(struct stet_txn *txn, uint64_t n, uint32_t annotator,
			 uint32_t overlap, uint32_t gold_rate, uint64_t *at,
			 struct stet_progress *p, bool *whole,
			 struct stet_error *err)
{
	struct stet_progress moved;
	struct stet_cursor *c;
	struct stet_event ev;
	struct touched *t = NULL;
	size_t nt = 0, cap = 0, distinct = 0, seen = 0;
	unsigned char from[8];
	const void *k, *v;
	size_t kl, vl;
	uint64_t upto = *at;
	int rc;

	*whole = false;
	memset(&ev, 0, sizeof ev);
	stet_u64be(from, *at + 1);
	if (stet_cursor_open(txn, STET_DB_EVENTS, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, from, 8, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		int64_t delta;

		if (kl != 8 || seen++ == STET_PROGRESS_REPLAY_MAX)
			break;
		if (stet_event_decode(v, vl, &ev, err) != STET_OK) {
			rc = STET_ERR;
			break;
		}
		/* Their own events, from another session, move the parts
		 * this replay keeps as they were. */
		if (ev.annotator == annotator || !count_delta(&ev, &delta))
			break;
		upto = stet_get_u64be(k);
		if (delta == 0 || ev.item == 0 || ev.item > n)
			continue;
		if (nt == cap) {
			cap = cap ? 2 * cap : 64;
			t = stet_xrealloc(t, cap * sizeof *t);
		}
		t[nt++] = (struct touched){ev.item, delta};
	}
	stet_cursor_close(c);
	stet_event_clear(&ev);
	if (rc == STET_ERR) {
		free(t);
		return STET_ERR;
	}
	*whole = rc == STET_NOTFOUND;
	/* One look at each item touched, with its changes summed: the part
	 * of an item depends only on where it ends and where it began. */
	if (nt > 0)
		qsort(t, nt, sizeof *t, by_item);
	for (size_t i = 0; i < nt; i++) {
		if (distinct > 0 && t[distinct - 1].item == t[i].item)
			t[distinct - 1].delta += t[i].delta;
		else
			t[distinct++] = t[i];
	}
	rc = STET_OK;
	moved = *p;
	for (size_t i = 0; i < distinct && rc == STET_OK; i++)
		if (t[i].delta != 0)
			rc = move_item(txn, annotator, overlap, &t[i], &moved,
				       err);
	free(t);
	if (rc != STET_OK)
		return rc;
	stet_progress_settle(&moved, gold_rate);
	*p = moved;
	*at = upto;
	return STET_OK;
}

int stet_progress_team(struct stet_store *st, struct stet_progress_row **rows,
		       size_t *n, struct stet_error *err)
{
	struct stet_annotator *a = NULL;
	struct stet_options o;
	struct stet_queue q;
	struct stet_txn *txn;
	size_t na = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_options_load(txn, &o, err);
	if (rc == STET_OK)
		rc = stet_queue_open(txn, &q, STET_ORDER_SEQUENTIAL, 0, 0, err);
	if (rc == STET_OK)
		rc = stet_annotators_load(txn, &a, &na, err);
	if (rc == STET_OK && na > 0)
		*rows = stet_xcalloc(na, sizeof **rows);
	/* A model that labels (stet route) is served nothing: it has no
	 * progress to show beside people's. */
	for (size_t i = 0; i < na && rc == STET_OK; i++) {
		if (a[i].role == STET_ROLE_AUTOMATIC)
			continue;
		rc = stet_progress_count(txn, q.n, a[i].id, o.overlap,
					 o.gold_rate, &(*rows)[*n].p, err);
		(*rows)[*n].name = stet_xstrdup(a[i].name);
		(*n)++;
	}
	stet_txn_end(txn);
	stet_annotators_free(a, na);
	if (rc != STET_OK) {
		stet_progress_team_free(*rows, *n);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

void stet_progress_team_free(struct stet_progress_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].name);
	free(rows);
}
