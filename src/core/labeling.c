#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/labeling.h"
#include "stet/mix.h"
#include "stet/predict.h"
#include "stet/progress.h"
#include "stet/serve.h"
#include "stet/timefmt.h"

/* The counts of the status line, and the event they stand at. */
static int count_progress(struct stet_txn *txn, struct stet_labeling *l,
			  struct stet_error *err)
{
	const void *k;
	size_t kl;
	int rc = stet_last_key(txn, STET_DB_EVENTS, &k, &kl, err);

	if (rc != STET_OK && rc != STET_NOTFOUND)
		return STET_ERR;
	l->progress_at = rc == STET_OK && kl == 8 ? stet_get_u64be(k) : 0;
	return stet_progress_count(txn, l->queue.n, l->annotator,
				   l->options.overlap, l->options.gold_rate,
				   &l->progress, err);
}

struct open_ctx {
	struct stet_labeling *l;
	const struct stet_labeling_opts *o;
};

/* The options given over the project's; the draw goes by the
 * project's seed, so every session of an annotator draws alike. */
static int open_suggester(struct stet_txn *txn, struct stet_labeling *l,
			  const struct stet_labeling_opts *o,
			  struct stet_error *err)
{
	return stet_suggester_open(txn, &l->suggester,
		o->suggest_given ? o->suggest : l->options.suggest,
		o->suggest_rate_given ? o->suggest_rate :
		l->options.suggest_rate,
		l->options.seed, l->annotator, err);
}

static int open_session(struct stet_txn *txn, void *ctx,
			struct stet_error *err)
{
	struct open_ctx *oc = ctx;
	struct stet_labeling *l = oc->l;
	bool created;

	stet_schema_free(&l->schema);
	if (stet_schema_load(txn, &l->schema, err) != STET_OK ||
	    stet_options_load(txn, &l->options, err) != STET_OK ||
	    stet_annotator_ensure(txn, oc->o->annotator, STET_ROLE_ANNOTATOR,
				  &l->annotator, &created, err) != STET_OK)
		return STET_ERR;
	if (open_suggester(txn, l, oc->o, err) != STET_OK)
		return STET_ERR;
	l->session.annotator = l->annotator;
	l->session.schema_version = l->schema.version;
	return stet_session_add(txn, &l->session, err);
}

/* The order the session walks: the project's, or the one asked for with
 * the project's order as its tail. */
static void order_of(const struct stet_labeling *l,
		     const struct stet_labeling_opts *o,
		     struct stet_order_spec *spec)
{
	if (o->project_order) {
		stet_options_order(&l->options, spec);
	} else if (o->spec != NULL) {
		*spec = *o->spec;
	} else {
		stet_order_spec_init(spec);
		spec->order = o->order;
		spec->seed = o->seed;
	}
	if (!stet_order_predicted(l->options.order))
		spec->tail = l->options.order;
}

static int checkpoint(struct stet_labeling *l, struct stet_error *err);

/* The model to learn, NULL for none: the one asked for, else the
 * project's, else (when asked to learn) the default. */
static const char *learn_model(const struct stet_labeling *l,
			       const struct stet_labeling_opts *o)
{
	const char *name = o->learn_given ? o->learn : NULL;

	if (name == NULL)
		name = l->options.learn;
	if (o->learn_given && name[0] == '\0')
		name = STET_LIVE_MODEL_DEFAULT;
	return *name == '\0' || strcmp(name, "off") == 0 ? NULL : name;
}

/* Learning: the order ranks the learned model's stored predictions,
 * or, while it has none, serves the project's order, whose queue is
 * also the one served in until the model has seen enough. */
static int open_live(struct stet_txn *txn, struct stet_labeling *l,
		     const char *model, uint64_t min_labels,
		     struct stet_order_spec *spec, struct stet_error *err)
{
	struct stet_live_opts lo = {
		.model = model, .min_labels = min_labels,
		.order = spec->order, .by = spec->by,
		.explore_ppm = spec->explore_ppm, .seed = spec->seed,
		.annotator = l->annotator,
	};
	const struct stet_label *lb;
	struct stet_model m;
	int rc;

	if (stet_order_predicted(spec->order) && spec->order == STET_ORDER_SCORE &&
	    spec->label[0] != '\0') {
		if ((lb = stet_schema_find(&l->schema, spec->label)) == NULL)
			return stet_error_set(err, STET_NOTFOUND,
					      "no label \"%s\"", spec->label);
		lo.label = lb->id;
	}
	if ((rc = stet_live_open(txn, &lo, &l->schema, &l->live, err)) !=
	    STET_OK)
		return rc;
	if (stet_queue_open(txn, &l->fallback, spec->tail, spec->seed,
			    l->annotator, err) != STET_OK)
		return STET_ERR;
	if (!stet_order_predicted(spec->order))
		return STET_OK;
	snprintf(spec->model, sizeof spec->model, "%s", model);
	memset(&m, 0, sizeof m);
	rc = stet_model_get(txn, model, &m, err);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return rc;
	if (rc == STET_NOTFOUND || m.items == 0) {
		spec->order = spec->tail;
		spec->explore_ppm = 0;
	}
	stet_model_clear(&m);
	return STET_OK;
}

int stet_labeling_open(struct stet_labeling *l, struct stet_store *st,
		       const struct stet_labeling_opts *o,
		       struct stet_error *err)
{
	struct open_ctx oc = {l, o};
	struct stet_order_spec spec;
	struct stet_txn *txn;
	const char *model;
	int rc = STET_OK;

	memset(l, 0, sizeof *l);
	l->st = st;
	stet_schema_init(&l->schema);
	l->session.start_ms = stet_time_now_ms();
	l->session.host = o->host ? stet_xstrdup(o->host) : NULL;
	l->session.tty = o->tty ? stet_xstrdup(o->tty) : NULL;
	if (stet_store_write(st, open_session, &oc, err) != STET_OK) {
		l->session.id = 0; /* nothing stored: nothing to close */
		return STET_ERR;
	}
	if (stet_store_set_meta_sync(st, false, err) != STET_OK)
		return STET_ERR;
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	order_of(l, o, &spec);
	if ((model = learn_model(l, o)) != NULL)
		rc = open_live(txn, l, model, o->min_labels ? o->min_labels :
			       l->options.min_labels, &spec, err);
	if (rc == STET_OK)
		rc = stet_queue_open_spec(txn, &l->queue, &spec, l->annotator,
					  err);
	if (rc == STET_OK)
		rc = count_progress(txn, l, err);
	stet_txn_end(txn);
	/* Examples logged by sessions that ended before applying them. */
	if (rc == STET_OK && l->live != NULL)
		rc = checkpoint(l, err);
	return rc;
}

/* The counts brought up to the last event by replaying the others'
 * events since they were made (stet_progress_replay); *whole is false
 * when that stopped short of it. */
static int replay(struct stet_txn *txn, const struct stet_labeling *l,
		  struct stet_progress *p, uint64_t *at, bool *whole,
		  struct stet_error *err)
{
	return stet_progress_replay(txn, l->queue.n, l->annotator,
				    l->options.overlap, l->options.gold_rate,
				    at, p, whole, err);
}

int stet_labeling_progress(struct stet_labeling *l, struct stet_error *err)
{
	struct stet_txn *txn;
	const void *k;
	size_t kl;
	bool whole = false;
	int rc;

	if (stet_txn_begin_read(l->st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_last_key(txn, STET_DB_EVENTS, &k, &kl, err);
	if (rc == STET_OK && kl == 8 && stet_get_u64be(k) == l->progress_at)
		rc = STET_OK;
	else if (rc == STET_OK && kl == 8 &&
		 (rc = replay(txn, l, &l->progress, &l->progress_at, &whole,
			      err)) == STET_OK && whole)
		rc = STET_OK;
	else if (rc == STET_OK || rc == STET_NOTFOUND)
		rc = count_progress(txn, l, err);
	if (rc == STET_OK && l->live != NULL)
		rc = stet_live_refresh(txn, l->live, err);
	stet_txn_end(txn);
	return rc;
}

static int close_session(struct stet_txn *txn, void *ctx,
			 struct stet_error *err)
{
	struct stet_labeling *l = ctx;

	if (l->leased != 0 &&
	    stet_lease_release(txn, l->leased, l->annotator, err) != STET_OK)
		return STET_ERR;
	return stet_session_put(txn, &l->session, err);
}

int stet_labeling_close(struct stet_labeling *l, struct stet_error *err)
{
	struct stet_error ck_err = {0};
	int rc = STET_OK, ck = STET_OK;

	/* The examples left are applied by the next session or stet learn
	 * when this fails: the session is closed all the same. */
	if (l->live != NULL && l->session.id != 0)
		ck = checkpoint(l, &ck_err);
	if (l->st != NULL)
		rc = stet_store_set_meta_sync(l->st, true, err);
	if (rc == STET_OK && l->session.id != 0) {
		l->session.end_ms = stet_time_now_ms();
		rc = stet_store_write(l->st, close_session, l, err);
		/* What was saved before is in the project: say so, lest
		 * "nothing was written" read as the whole session lost. */
		if (rc != STET_OK)
			stet_error_prefix(err, "the session's end was not recorded (every label shown as saved is kept)");
	}
	if (rc == STET_OK && ck != STET_OK) {
		*err = ck_err;
		rc = ck;
	}
	stet_session_clear(&l->session);
	stet_schema_free(&l->schema);
	stet_queue_close(&l->queue);
	stet_queue_close(&l->fallback);
	stet_live_free(l->live);
	free(l->done);
	memset(l, 0, sizeof *l);
	return rc;
}

int stet_labeling_flush(struct stet_labeling *l, struct stet_error *err)
{
	if (l->live != NULL && stet_live_behind(l->live) &&
	    checkpoint(l, err) != STET_OK)
		return STET_ERR;
	if (!l->unflushed)
		return STET_OK;
	if (stet_store_sync(l->st, NULL, err) != STET_OK)
		return STET_ERR;
	l->unflushed = false;
	return STET_OK;
}

int stet_labeling_get(struct stet_labeling *l, uint64_t pos,
		      struct stet_item *it, struct stet_current *cur,
		      bool *skipped, struct stet_error *err)
{
	struct stet_txn *txn;
	uint64_t id = stet_queue_item(&l->queue, pos);
	int rc;

	if (stet_txn_begin_read(l->st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_item_get(txn, id, it, err);
	if (rc == STET_OK) {
		rc = stet_current_get(txn, id, l->annotator, cur, err);
		if (rc == STET_NOTFOUND) {
			memset(cur, 0, sizeof *cur);
			rc = STET_OK;
		}
	}
	if (rc == STET_OK)
		rc = stet_skip_get(txn, id, l->annotator, skipped, err);
	l->suggestion_item = 0;
	if (rc == STET_OK)
		rc = stet_suggest_read(txn, &l->suggester, &l->schema, id,
				       &l->suggestion, err);
	if (rc == STET_OK)
		l->suggestion_item = id;
	stet_txn_end(txn);
	return rc;
}

struct record_ctx {
	struct stet_labeling *l;
	struct stet_event ev;
	uint64_t pos;
	enum stet_action undone; /* undo: the action taken back */
	uint64_t exclude;        /* serve: the item passed over */
	uint64_t next;           /* the item served next, 0 none */
	struct stet_served how;  /* and how it was chosen */
	bool checked_gold, checked_right;
	struct stet_gold answer;
	/* the item's part in the progress counts, before and after */
	struct stet_progress before, after;
	/* the session's counts brought up to the event before this one
	 * (replay), which the write adopts once it is committed */
	struct stet_progress progress;
	uint64_t progress_at;
};

/* Serves from the learning model's pool when it ranks, from the
 * project's order while it is cold, else from the session's queue; and
 * notes how the item was chosen. */
static int serve_ranked(struct stet_txn *txn, struct record_ctx *rc,
			struct stet_serve *sv, struct stet_error *err)
{
	struct stet_labeling *l = rc->l;
	const struct stet_queue *q = &l->queue;
	bool gold;

	if (l->live != NULL && stet_live_ranks(l->live)) {
		if (stet_live_rank(txn, l->live, q, rc->ev.item, sv->draw,
				   &sv->first, &sv->nfirst, err) != STET_OK)
			return STET_ERR;
	} else if (l->live != NULL && stet_live_pooled(l->live)) {
		q = &l->fallback;
	}
	if (stet_serve_next(txn, q, sv, &rc->next, &gold, err) != STET_OK)
		return STET_ERR;
	if (rc->next != 0 && (l->live == NULL ||
			      !stet_live_how(l->live, rc->next, &rc->how)))
		stet_queue_served(q, stet_queue_pos(q, rc->next), &rc->how);
	return STET_OK;
}

/* The next item for the session, leased, inside the caller's write;
 * the counts it goes by are those after the action being recorded. */
static int serve_in(struct stet_txn *txn, struct record_ctx *rc,
		    struct stet_error *err)
{
	struct stet_labeling *l = rc->l;
	struct stet_progress p = rc->progress, after;
	struct stet_serve sv = {
		.overlap = l->options.overlap,
		.now_ms = stet_time_now_ms(),
		.lease_ms = (int64_t)l->options.lease_minutes * 60000,
		.draw = stet_mix64(l->session.id * 0x9e3779b97f4a7c15ULL +
				   l->served),
		.exclude = rc->exclude,
		.held = l->leased,
	};

	if (rc->ev.item != 0) {
		if (stet_progress_item(txn, l->queue.n, rc->ev.item,
				       l->annotator, l->options.overlap,
				       &after, err) != STET_OK)
			return STET_ERR;
		stet_progress_move(&p, &rc->before, &after,
				   l->options.gold_rate);
	}
	sv.plain_left = p.plain_left;
	sv.gold_left = p.gold_left;
	return serve_ranked(txn, rc, &sv, err);
}

static int by_label(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Whether a label on a gold item is its answer (a set: sorted, no
 * repeats, as the answer is kept). */
static int check_gold(struct stet_txn *txn, struct record_ctx *rc,
		      struct stet_error *err)
{
	int st = stet_gold_get(txn, rc->ev.item, &rc->answer, err);
	uint32_t given[STET_MAX_LABELS];
	size_t n = 0;

	rc->checked_gold = st == STET_OK;
	if (st != STET_OK)
		return st == STET_NOTFOUND ? STET_OK : st;
	memcpy(given, rc->ev.labels, rc->ev.nlabels * sizeof *given);
	qsort(given, rc->ev.nlabels, sizeof *given, by_label);
	for (size_t i = 0; i < rc->ev.nlabels; i++)
		if (n == 0 || given[n - 1] != given[i])
			given[n++] = given[i];
	rc->checked_right = n == rc->answer.n &&
		memcmp(given, rc->answer.labels, n * sizeof *given) == 0;
	return STET_OK;
}

static int serve_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct record_ctx *rc = ctx;

	if (rc->l->live != NULL)
		stet_live_begin(rc->l->live);
	return serve_in(txn, ctx, err);
}

/* After a write that may have learned or ranked. */
static void live_after(struct stet_labeling *l, int status)
{
	if (l->live == NULL)
		return;
	if (status == STET_OK)
		stet_live_commit(l->live);
	else
		stet_live_abort(l->live);
}

static int checkpoint_fn(struct stet_txn *txn, void *ctx,
			 struct stet_error *err)
{
	return stet_live_checkpoint(txn, ctx, err);
}

/* The examples the model was given applied to its stored rows, in a
 * write of their own (stet/live.h). */
static int checkpoint(struct stet_labeling *l, struct stet_error *err)
{
	int status = stet_store_write(l->st, checkpoint_fn, l->live, err);

	live_after(l, status);
	if (status == STET_OK)
		l->unflushed = true;
	return status;
}

static void served_next(struct stet_labeling *l, const struct record_ctx *rc)
{
	l->how_item = rc->next;
	l->how = rc->how;
}

void stet_labeling_served(const struct stet_labeling *l, uint64_t pos,
			  struct stet_served *out)
{
	if (l->how_item != 0 && stet_queue_item(&l->queue, pos) == l->how_item)
		*out = l->how;
	else
		stet_queue_served(&l->queue, pos, out);
}

int stet_labeling_serve(struct stet_labeling *l, uint64_t exclude,
			uint64_t *pos, bool *found, struct stet_error *err)
{
	struct record_ctx rc;
	int status;

	memset(&rc, 0, sizeof rc);
	rc.l = l;
	rc.exclude = exclude;
	rc.progress = l->progress;
	status = stet_store_write(l->st, serve_fn, &rc, err);
	live_after(l, status);
	if (status != STET_OK)
		return STET_ERR;
	served_next(l, &rc);
	l->unflushed = true;
	l->leased = rc.next;
	l->served++;
	*found = rc.next != 0;
	*pos = rc.next ? stet_queue_pos(&l->queue, rc.next) : l->queue.n;
	return STET_OK;
}

/* LABEL and SKIP make an item seen; an undo of either may make it unseen
 * again, which only the stored state can tell. */
static int record_event(struct stet_txn *txn, struct record_ctx *rc,
			struct stet_error *err)
{
	struct stet_queue *q = &rc->l->queue;
	uint64_t item = rc->ev.item;
	bool seen;
	int status;

	/* STET_MAPFULL goes back as it is, for the store to grow the map
	 * and run this again. */
	if ((status = stet_event_append(txn, &rc->ev, err)) != STET_OK)
		return status;
	switch (rc->ev.action) {
	case STET_ACT_LABEL:
	case STET_ACT_SKIP:
		if (rc->ev.action == STET_ACT_LABEL &&
		    check_gold(txn, rc, err) != STET_OK)
			return STET_ERR;
		if (rc->ev.action == STET_ACT_LABEL && rc->l->live != NULL &&
		    rc->ev.nlabels > 0 &&
		    (status = stet_live_learn(txn, rc->l->live, rc->ev.id, item,
					      rc->ev.labels, rc->ev.nlabels,
					      err)) != STET_OK)
			return status;
		rc->exclude = item;
		status = serve_in(txn, rc, err);
		if (status != STET_OK)
			return status;
		return stet_queue_update(txn, q, rc->pos, true, err);
	case STET_ACT_UNDO:
	case STET_ACT_UNLABEL:
		if (stet_queue_seen(txn, q, item, &seen, err) != STET_OK)
			return STET_ERR;
		return seen ? STET_OK :
			stet_queue_update(txn, q, rc->pos, false, err);
	default:
		return STET_OK;
	}
}

static int record_in(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct record_ctx *rc = ctx;
	const struct stet_labeling *l = rc->l;
	bool whole;
	int status;

	rc->ev.id = 0;
	rc->ev.replaced = 0;
	memset(rc->ev.uid, 0, sizeof rc->ev.uid);
	rc->next = 0;
	/* What others committed since the read before this write: usually
	 * nothing, or the few events of the moment in between. */
	rc->progress = l->progress;
	rc->progress_at = l->progress_at;
	if (replay(txn, l, &rc->progress, &rc->progress_at, &whole, err) !=
	    STET_OK)
		return STET_ERR;
	if (l->live != NULL)
		stet_live_begin(l->live);
	if (stet_progress_item(txn, l->queue.n, rc->ev.item, l->annotator,
			       l->options.overlap, &rc->before, err) != STET_OK)
		return STET_ERR;
	if ((status = record_event(txn, rc, err)) != STET_OK)
		return status;
	return stet_progress_item(txn, l->queue.n, rc->ev.item, l->annotator,
				  l->options.overlap, &rc->after, err);
}

/* The counts, brought up to the event before this one by the write,
 * move by the item's part; they stay exact as long as that replay
 * reached it. */
static void progress_moved(struct stet_labeling *l,
			   const struct record_ctx *rc)
{
	l->progress = rc->progress;
	l->progress_at = rc->progress_at;
	stet_progress_move(&l->progress, &rc->before, &rc->after,
			   l->options.gold_rate);
	if (l->progress_at + 1 == rc->ev.id)
		l->progress_at = rc->ev.id;
}

/* Before a write: the others' events since the counts were made are
 * replayed in a read transaction, so that the write, which holds the
 * one writer's lock, replays only those committed in between. */
static int catch_up(struct stet_labeling *l, struct stet_error *err)
{
	struct stet_txn *txn;
	bool whole;
	int rc;

	if (stet_txn_begin_read(l->st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = replay(txn, l, &l->progress, &l->progress_at, &whole, err);
	stet_txn_end(txn);
	return rc;
}

static void record_init(struct record_ctx *rc, struct stet_labeling *l,
			uint64_t pos, enum stet_action action)
{
	memset(rc, 0, sizeof *rc);
	rc->l = l;
	rc->pos = pos;
	rc->ev.time_ms = stet_time_now_ms();
	rc->ev.session = l->session.id;
	rc->ev.annotator = l->annotator;
	rc->ev.item = stet_queue_item(&l->queue, pos);
	rc->ev.action = action;
	rc->ev.schema_version = l->schema.version;
	rc->progress = l->progress;
	rc->progress_at = l->progress_at;
	if (action == STET_ACT_LABEL || action == STET_ACT_SKIP)
		stet_labeling_served(l, pos, &rc->ev.served);
}

/* An action of this session, for undo. */
static void done_push(struct stet_labeling *l, uint64_t id, uint64_t pos)
{
	if (l->first_event == 0)
		l->first_event = id;
	if (l->ndone == l->capdone) {
		l->capdone = l->capdone ? 2 * l->capdone : 64;
		l->done = stet_xrealloc(l->done, l->capdone * sizeof *l->done);
	}
	l->done[l->ndone++] = (struct stet_done){id, pos};
}

/* A SPANS event only with a set that may stand on its item, checked
 * against the item as stored in the same transaction. */
static int spans_in(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct record_ctx *rc = ctx;
	struct stet_span_set set = {rc->ev.spans, rc->ev.nspans, rc->ev.nspans};
	struct stet_item it;
	int status;

	stet_item_init(&it);
	status = stet_item_get(txn, rc->ev.item, &it, err);
	if (status == STET_OK &&
	    stet_spans_check(&rc->l->schema, it.text ? it.text : "",
			     it.text ? strlen(it.text) : 0,
			     it.has_toks ? &it.toks : NULL, &set, err) != STET_OK) {
		stet_error_prefix(err, "item %s", it.ext_id ? it.ext_id : "?");
		status = STET_ERR;
	}
	stet_item_clear(&it);
	return status == STET_OK ? record_in(txn, ctx, err) : status;
}

int stet_labeling_spans(struct stet_labeling *l, uint64_t pos,
			const struct stet_span_set *set, uint32_t duration_ms,
			struct stet_error *err)
{
	struct record_ctx rc;
	uint64_t id;
	int status;

	if (catch_up(l, err) != STET_OK)
		return STET_ERR;
	record_init(&rc, l, pos, STET_ACT_SPANS);
	rc.ev.duration_ms = duration_ms;
	rc.ev.has_spans = true;
	rc.ev.nspans = set->n;
	if (set->n > 0) {
		rc.ev.spans = stet_xmalloc(set->n * sizeof *rc.ev.spans);
		memcpy(rc.ev.spans, set->v, set->n * sizeof *rc.ev.spans);
	}
	status = stet_store_write(l->st, spans_in, &rc, err);
	live_after(l, status);
	id = rc.ev.id;
	stet_event_clear(&rc.ev);
	if (status != STET_OK)
		return status;
	rc.ev.id = id;
	progress_moved(l, &rc);
	l->unflushed = true;
	done_push(l, id, pos);
	return STET_OK;
}

int stet_labeling_record(struct stet_labeling *l, uint64_t pos,
			 enum stet_action action, const uint32_t *labels,
			 size_t n, const char *text, uint32_t duration_ms,
			 uint64_t *next, struct stet_error *err)
{
	struct record_ctx rc;
	uint64_t id;
	int status;

	if (n > STET_MAX_LABELS)
		return stet_error_set(err, STET_ERR, "too many labels (%zu)", n);
	if (action == STET_ACT_LABEL &&
	    stet_schema_item_labels_check(&l->schema, labels, n,
					  l->schema.multi, err) != STET_OK)
		return STET_ERR;
	if (catch_up(l, err) != STET_OK)
		return STET_ERR;
	record_init(&rc, l, pos, action);
	if (n > 0)
		memcpy(rc.ev.labels, labels, n * sizeof *labels);
	rc.ev.nlabels = n;
	if (action == STET_ACT_LABEL && l->suggestion_item == rc.ev.item)
		rc.ev.suggestion = l->suggestion;
	rc.ev.duration_ms = duration_ms;
	rc.ev.text = text ? stet_xstrdup(text) : NULL;
	status = stet_store_write(l->st, spans_in, &rc, err);
	live_after(l, status);
	id = rc.ev.id;
	stet_event_clear(&rc.ev);
	if (status != STET_OK)
		return status;
	rc.ev.id = id;
	progress_moved(l, &rc);
	l->unflushed = true;
	if (action == STET_ACT_LABEL || action == STET_ACT_SKIP) {
		served_next(l, &rc);
		l->leased = rc.next;
		l->served++;
		l->checked_gold = rc.checked_gold;
		l->checked_right = rc.checked_right;
		l->answer = rc.answer;
	}
	if (next != NULL)
		*next = rc.next ? stet_queue_pos(&l->queue, rc.next) :
			l->queue.n;
	done_push(l, id, pos);
	if (action == STET_ACT_LABEL)
		l->labeled++;
	/* An annotator who never pauses: the examples are applied now. */
	if (l->live != NULL && stet_live_log_full(l->live))
		return checkpoint(l, err);
	return STET_OK;
}

int stet_labeling_undo(struct stet_labeling *l, uint64_t *pos,
		       enum stet_action *undone, struct stet_error *err)
{
	struct record_ctx rc;
	struct stet_event target;
	struct stet_txn *txn;
	struct stet_done d;
	int status;

	if (l->ndone == 0)
		return STET_NOTFOUND;
	d = l->done[l->ndone - 1];
	memset(&target, 0, sizeof target);
	if (stet_txn_begin_read(l->st, &txn, err) != STET_OK)
		return STET_ERR;
	status = stet_event_get(txn, d.event, &target, err);
	stet_txn_end(txn);
	if (status == STET_NOTFOUND)
		return stet_error_set(err, STET_ERR, "event %llu is missing",
				      (unsigned long long)d.event);
	if (status != STET_OK)
		return STET_ERR;
	if (catch_up(l, err) != STET_OK) {
		stet_event_clear(&target);
		return STET_ERR;
	}
	record_init(&rc, l, d.pos, STET_ACT_UNDO);
	rc.ev.target = d.event;
	status = stet_store_write(l->st, record_in, &rc, err);
	live_after(l, status);
	if (status != STET_OK) {
		stet_event_clear(&rc.ev);
		stet_event_clear(&target);
		return status;
	}
	progress_moved(l, &rc);
	stet_event_clear(&rc.ev);
	l->unflushed = true;
	l->ndone--;
	if (target.action == STET_ACT_LABEL && l->labeled > 0)
		l->labeled--;
	*pos = d.pos;
	*undone = target.action;
	stet_event_clear(&target);
	return STET_OK;
}
