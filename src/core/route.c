/* A stet route run and its undo (stet/route.h). The run decides in
 * two passes inside its one transaction: the model's predictions, in
 * item order, give each routable item its band; then a seeded draw
 * picks the spot checks among the ACCEPT items, and one ROUTE event per
 * item is appended. Runs are kept in meta so that --undo finds the last
 * one standing without reading the log:
 *
 *   route.next     the next run's number
 *   route.last     the run that stands last (absent: none)
 *   route.run.N    first event (8), last event (8), the run standing
 *                  before it (8), all big-endian */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/buf.h"
#include "stet/gold.h"
#include "stet/mix.h"
#include "stet/predict.h"
#include "stet/queue.h"
#include "stet/route.h"
#include "stet/schema.h"
#include "stet/suggest.h"

int stet_route_standing(struct stet_txn *txn, uint64_t item, uint64_t *event,
			struct stet_error *err)
{
	struct stet_route r;
	int rc = stet_route_get(txn, item, &r, err);

	*event = r.event;
	if (rc == STET_OK && r.band != STET_BAND_ACCEPT &&
	    r.band != STET_BAND_SPOT)
		return STET_NOTFOUND;
	return rc;
}

int stet_route_labeled(struct stet_txn *txn, uint64_t item,
		       struct stet_event *ev, struct stet_error *err)
{
	uint64_t id;
	int rc = stet_route_standing(txn, item, &id, err);

	return rc == STET_OK ? stet_event_get(txn, id, ev, err) : rc;
}

struct planned {
	uint64_t item;
	uint64_t version; /* of the prediction */
	double score;
	uint8_t band;
};

struct plan {
	struct planned *v;
	size_t n, cap;
};

struct route_ctx {
	const struct stet_route_opts *o;
	struct stet_route_result *res;
	struct stet_model model;
	struct plan plan;
};

static int run_meta_name(char *out, size_t len, uint64_t run)
{
	return snprintf(out, len, "route.run.%llu", (unsigned long long)run);
}

/* Whether a person's decision stands on item: a value in `current` or
 * a lead's in `final`. Routing leaves such items as they are. */
static int decided(struct stet_txn *txn, uint64_t item, bool *yes,
		   struct stet_error *err)
{
	struct stet_current cur;
	uint32_t count;
	int rc;

	if (stet_current_count(txn, item, &count, err) != STET_OK)
		return STET_ERR;
	*yes = count > 0;
	if (*yes)
		return STET_OK;
	rc = stet_final_labels_get(txn, item, &cur, err);
	*yes = rc == STET_OK;
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

/* One prediction: its item planned, or counted as left. *seen says the
 * prediction has a top score (one of no label says nothing). */
static int plan_item(struct stet_txn *txn, struct route_ctx *rc_,
		     uint64_t item, const void *v, size_t vl, uint64_t nitems,
		     bool *seen, struct stet_error *err)
{
	struct stet_route_result *res = rc_->res;
	struct stet_prediction p;
	struct stet_gold g;
	struct planned *pl;
	uint32_t label;
	double top;
	bool yes;
	int rc;

	*seen = false;
	if (item == 0 || item > nitems)
		return STET_OK;
	if (stet_prediction_decode(v, vl, &p, err) != STET_OK)
		return STET_ERR;
	top = stet_prediction_top(&p, &label);
	if (label == 0)
		return STET_OK;
	*seen = true;
	rc = stet_gold_get(txn, item, &g, err);
	if (rc == STET_OK) {
		res->gold++;
		return STET_OK;
	}
	if (rc != STET_NOTFOUND || decided(txn, item, &yes, err) != STET_OK)
		return STET_ERR;
	if (yes) {
		res->labeled++;
		return STET_OK;
	}
	if (rc_->plan.n == rc_->plan.cap) {
		rc_->plan.cap = rc_->plan.cap ? 2 * rc_->plan.cap : 1024;
		rc_->plan.v = stet_xrealloc(rc_->plan.v,
					    rc_->plan.cap * sizeof *rc_->plan.v);
	}
	pl = &rc_->plan.v[rc_->plan.n++];
	pl->item = item;
	pl->score = top;
	pl->version = p.version;
	pl->band = (uint8_t)stet_band_of(pl->score, rc_->o->accept,
					 rc_->o->review, false);
	return STET_OK;
}

/* The first pass: every prediction of the model, one cursor run. */
static int plan_bands(struct stet_txn *txn, struct route_ctx *c,
		      uint64_t nitems, struct stet_error *err)
{
	unsigned char from[STET_PREDICTION_KEY];
	struct stet_cursor *cur;
	const void *k, *v;
	size_t kl, vl;
	uint64_t seen = 0;
	int rc;

	stet_prediction_key(from, c->model.id, 0);
	if (stet_cursor_open(txn, STET_DB_PREDICTIONS, &cur, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(cur, from, sizeof from, &k, &kl, &v, &vl,
				   err);
	     rc == STET_OK && kl == STET_PREDICTION_KEY &&
	     stet_get_u32be(k) == c->model.id;
	     rc = stet_cursor_next(cur, &k, &kl, &v, &vl, err)) {
		uint64_t item = stet_get_u64be((const unsigned char *)k + 4);
		bool saw;

		if (plan_item(txn, c, item, v, vl, nitems, &saw, err) !=
		    STET_OK) {
			rc = STET_ERR;
			break;
		}
		seen += saw;
	}
	stet_cursor_close(cur);
	if (rc == STET_ERR)
		return STET_ERR;
	c->res->no_prediction = nitems - seen;
	return STET_OK;
}

/* The second pass's draw: round(share * n) of the ACCEPT items, by a
 * partial Fisher-Yates shuffle of their places driven by the seed, so
 * that the same seed picks the same items from the same predictions. */
static void pick_spots(struct plan *pl, double share, uint64_t seed)
{
	size_t n = 0, k, *at;
	uint64_t x = stet_mix64(seed);

	for (size_t i = 0; i < pl->n; i++)
		n += pl->v[i].band == STET_BAND_ACCEPT;
	k = (size_t)llround(share * (double)n);
	if (k == 0)
		return;
	at = stet_xcalloc(n, sizeof *at);
	n = 0;
	for (size_t i = 0; i < pl->n; i++)
		if (pl->v[i].band == STET_BAND_ACCEPT)
			at[n++] = i;
	for (size_t i = 0; i < k; i++) {
		size_t j, t;

		x = stet_mix64(x);
		j = i + (size_t)(x % (n - i));
		t = at[i];
		at[i] = at[j];
		at[j] = t;
		pl->v[at[i]].band = STET_BAND_SPOT;
	}
	free(at);
}

static int begin_session(struct stet_txn *txn, const struct stet_route_opts *o,
			 const char *annotator, uint32_t schema_version,
			 uint32_t *who, struct stet_session *s,
			 struct stet_error *err)
{
	bool created;

	if (stet_annotator_ensure(txn, annotator, STET_ROLE_AUTOMATIC, who,
				  &created, err) != STET_OK)
		return STET_ERR;
	memset(s, 0, sizeof *s);
	s->annotator = *who;
	s->start_ms = s->end_ms = o->now_ms;
	s->host = o->host ? stet_xstrdup(o->host) : NULL;
	s->tty = o->tty ? stet_xstrdup(o->tty) : NULL;
	s->schema_version = schema_version;
	return stet_session_add(txn, s, err);
}

static int write_run(struct stet_txn *txn, struct route_ctx *c,
		     const struct stet_schema *schema, struct stet_error *err)
{
	const struct stet_route_opts *o = c->o;
	struct stet_route_result *res = c->res;
	struct stet_session s;
	struct stet_event ev;
	uint64_t run, last = 0, first = 0;
	unsigned char rec[24];
	char name[64];
	uint32_t who;
	int rc;

	rc = stet_meta_get_u64(txn, "route.next", &run, err);
	if (rc == STET_NOTFOUND)
		run = 1;
	else if (rc != STET_OK)
		return rc;
	rc = stet_meta_get_u64(txn, "route.last", &last, err);
	if (rc == STET_NOTFOUND)
		last = 0;
	else if (rc != STET_OK)
		return rc;
	if (begin_session(txn, o, res->annotator, schema->version, &who, &s,
			  err) != STET_OK) {
		stet_session_clear(&s);
		return STET_ERR;
	}
	rc = STET_OK;
	memset(&ev, 0, sizeof ev);
	for (size_t i = 0; i < c->plan.n && rc == STET_OK; i++) {
		const struct planned *pl = &c->plan.v[i];
		struct stet_prediction p;

		stet_event_clear(&ev);
		ev.time_ms = o->now_ms;
		ev.session = s.id;
		ev.annotator = who;
		ev.item = pl->item;
		ev.action = STET_ACT_ROUTE;
		ev.schema_version = schema->version;
		ev.route.band = pl->band;
		ev.route.run = run;
		ev.route.version = pl->version;
		ev.route.score = pl->score;
		/* The model's label, as a suggestion of it would be. */
		if (pl->band == STET_BAND_ACCEPT || pl->band == STET_BAND_SPOT) {
			rc = stet_prediction_get(txn, c->model.id, pl->item, &p,
						 err);
			if (rc != STET_OK)
				break;
			ev.nlabels = stet_suggest_labels(&p, schema, ev.labels);
		}
		rc = stet_event_append(txn, &ev, err);
		if (first == 0)
			first = ev.id;
		res->events++;
	}
	stet_event_clear(&ev);
	stet_session_clear(&s);
	if (rc != STET_OK)
		return rc;
	stet_u64be(rec, first);
	stet_u64be(rec + 8, first ? first + res->events - 1 : 0);
	stet_u64be(rec + 16, last);
	run_meta_name(name, sizeof name, run);
	if ((rc = stet_meta_put(txn, name, (const char *)rec, sizeof rec,
				err)) != STET_OK ||
	    (rc = stet_meta_put_u64(txn, "route.next", run + 1, err)) != STET_OK ||
	    (rc = stet_meta_put_u64(txn, "route.last", run, err)) != STET_OK)
		return rc;
	res->run = run;
	return STET_OK;
}

static void reset_result(struct stet_route_result *res, const char *model)
{
	memset(res, 0, sizeof *res);
	snprintf(res->annotator, sizeof res->annotator, "%s%s",
		 STET_AUTOMATIC_PREFIX, model);
}

static int route_txn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct route_ctx *c = ctx;
	struct stet_schema schema;
	struct stet_queue all;
	int rc;

	/* The store may call this again from the start on a full map. */
	reset_result(c->res, c->o->model);
	c->plan.n = 0;
	stet_model_clear(&c->model);
	rc = stet_model_get(txn, c->o->model, &c->model, err);
	if (rc == STET_NOTFOUND)
		return stet_error_set(err, STET_ERR,
				      "no model \"%s\" in this project (stet info lists its models; stet import-predictions adds one)",
				      c->o->model);
	if (rc != STET_OK)
		return rc;
	c->res->version = c->model.version;
	if (stet_queue_open(txn, &all, STET_ORDER_SEQUENTIAL, 0, 0, err) !=
	    STET_OK)
		return STET_ERR;
	rc = plan_bands(txn, c, all.n, err);
	stet_queue_close(&all);
	if (rc != STET_OK)
		return rc;
	pick_spots(&c->plan, c->o->spot, c->o->seed);
	for (size_t i = 0; i < c->plan.n; i++)
		c->res->band[c->plan.v[i].band]++;
	if (c->o->dry_run)
		return STET_OK;
	stet_schema_init(&schema);
	rc = stet_schema_load(txn, &schema, err);
	if (rc == STET_OK)
		rc = write_run(txn, c, &schema, err);
	stet_schema_free(&schema);
	return rc;
}

static int read_txn(struct stet_store *st, stet_write_fn fn, void *ctx,
		    struct stet_error *err)
{
	struct stet_txn *txn;
	int rc;

	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = fn(txn, ctx, err);
	stet_txn_end(txn);
	return rc;
}

int stet_route_run(struct stet_store *st, const struct stet_route_opts *o,
		   struct stet_route_result *res, struct stet_error *err)
{
	struct route_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.o = o;
	c.res = res;
	if (stet_model_name_check(o->model, err) != STET_OK)
		return STET_ERR;
	if (o->dry_run)
		rc = read_txn(st, route_txn, &c, err);
	else
		rc = stet_store_write(st, route_txn, &c, err);
	free(c.plan.v);
	stet_model_clear(&c.model);
	return rc;
}

/* ---- undo ---- */

static int annotator_name(struct stet_txn *txn, uint32_t id, char *out,
			  size_t len, struct stet_error *err)
{
	struct stet_annotator *a;
	size_t n;

	if (stet_annotators_load(txn, &a, &n, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < n; i++)
		if (a[i].id == id)
			snprintf(out, len, "%s", a[i].name);
	stet_annotators_free(a, n);
	return STET_OK;
}

struct undo_ctx {
	int64_t now_ms;
	const char *host, *tty;
	struct stet_route_undo_result *res;
};

static int undo_events(struct stet_txn *txn, struct undo_ctx *u,
		       uint64_t first, uint64_t last, uint64_t session,
		       struct stet_error *err)
{
	struct stet_event ev, un;
	int rc = STET_OK;

	memset(&ev, 0, sizeof ev);
	memset(&un, 0, sizeof un);
	for (uint64_t id = first; id != 0 && id <= last && rc == STET_OK; id++) {
		rc = stet_event_get(txn, id, &ev, err);
		if (rc != STET_OK)
			break;
		if (ev.action != STET_ACT_ROUTE || ev.route.run != u->res->run)
			continue;
		stet_event_clear(&un);
		un.time_ms = u->now_ms;
		un.session = session;
		un.annotator = ev.annotator;
		un.item = ev.item;
		un.action = STET_ACT_UNDO;
		un.target = ev.id;
		un.schema_version = ev.schema_version;
		rc = stet_event_append(txn, &un, err);
		u->res->events++;
		u->res->band[ev.route.band]++;
	}
	stet_event_clear(&ev);
	stet_event_clear(&un);
	return rc;
}

/* The record of run in meta: its first and last events and the run
 * that stood before it. */
static int run_get(struct stet_txn *txn, uint64_t run, uint64_t *first,
		   uint64_t *last, uint64_t *prev, struct stet_error *err)
{
	const char *v;
	size_t vl;
	char name[64];
	int rc;

	run_meta_name(name, sizeof name, run);
	rc = stet_meta_get(txn, name, &v, &vl, err);
	if (rc == STET_NOTFOUND)
		return stet_error_set(err, STET_ERR, "meta %s: missing", name);
	if (rc == STET_OK && vl != 24)
		rc = stet_error_set(err, STET_ERR, "meta %s: damaged", name);
	if (rc != STET_OK)
		return rc;
	*first = stet_get_u64be((const unsigned char *)v);
	*last = stet_get_u64be((const unsigned char *)v + 8);
	*prev = stet_get_u64be((const unsigned char *)v + 16);
	return STET_OK;
}

/* The name of the annotator of event id (0: none), into out. */
static int event_annotator(struct stet_txn *txn, uint64_t id, char *out,
			   size_t len, struct stet_error *err)
{
	struct stet_event ev;
	int rc;

	out[0] = '\0';
	if (id == 0)
		return STET_OK;
	memset(&ev, 0, sizeof ev);
	rc = stet_event_get(txn, id, &ev, err);
	if (rc == STET_OK)
		rc = annotator_name(txn, ev.annotator, out, len, err);
	stet_event_clear(&ev);
	return rc;
}

int stet_route_last(struct stet_txn *txn, uint64_t *run, char *annotator,
		    size_t len, struct stet_error *err)
{
	uint64_t first, last, prev;
	int rc = stet_meta_get_u64(txn, "route.last", run, err);

	annotator[0] = '\0';
	if (rc == STET_NOTFOUND) {
		*run = 0;
		return STET_OK;
	}
	if (rc != STET_OK || *run == 0)
		return rc;
	if (run_get(txn, *run, &first, &last, &prev, err) != STET_OK)
		return STET_ERR;
	return event_annotator(txn, first, annotator, len, err);
}

static int undo_txn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct undo_ctx *u = ctx;
	struct stet_route_undo_result *res = u->res;
	struct stet_session s, made;
	struct stet_event ev;
	uint64_t run, first, last, prev;
	int rc;

	memset(res, 0, sizeof *res);
	rc = stet_meta_get_u64(txn, "route.last", &run, err);
	if (rc == STET_NOTFOUND || (rc == STET_OK && run == 0))
		return stet_error_set(err, STET_NOTFOUND,
				      "no stet route run stands to take back");
	if (rc != STET_OK ||
	    (rc = run_get(txn, run, &first, &last, &prev, err)) != STET_OK)
		return rc;
	res->run = run;
	memset(&s, 0, sizeof s);
	memset(&made, 0, sizeof made);
	memset(&ev, 0, sizeof ev);
	/* The undo is the run's model's doing, in a session of its own. */
	if (first != 0) {
		rc = stet_event_get(txn, first, &ev, err);
		if (rc == STET_OK)
			rc = stet_session_get(txn, ev.session, &s, err);
		if (rc == STET_OK) {
			made.annotator = s.annotator;
			made.start_ms = made.end_ms = u->now_ms;
			made.host = u->host ? stet_xstrdup(u->host) : NULL;
			made.tty = u->tty ? stet_xstrdup(u->tty) : NULL;
			made.schema_version = s.schema_version;
			rc = stet_session_add(txn, &made, err);
		}
		if (rc == STET_OK)
			rc = annotator_name(txn, made.annotator, res->annotator,
					    sizeof res->annotator, err);
		if (rc == STET_OK)
			rc = undo_events(txn, u, first, last, made.id, err);
	}
	stet_event_clear(&ev);
	stet_session_clear(&s);
	stet_session_clear(&made);
	if (rc != STET_OK)
		return rc;
	if (prev == 0) {
		rc = stet_del(txn, STET_DB_META, "route.last",
			      strlen("route.last"), err);
		return rc == STET_NOTFOUND ? STET_OK : rc;
	}
	return stet_meta_put_u64(txn, "route.last", prev, err);
}

int stet_route_undo(struct stet_store *st, int64_t now_ms, const char *host,
		    const char *tty, struct stet_route_undo_result *res,
		    struct stet_error *err)
{
	struct undo_ctx u = {now_ms, host, tty, res};

	return stet_store_write(st, undo_txn, &u, err);
}
