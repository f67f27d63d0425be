/* A lead's review session: opening it, decisions and their undo, each
 * a durable write, where the review resumes, and closing it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/item.h"
#include "stet/review.h"
#include "stet/timefmt.h"

struct open_ctx {
	struct stet_review *r;
	const char *lead;
};

static int open_session(struct stet_txn *txn, void *ctx,
			struct stet_error *err)
{
	struct open_ctx *oc = ctx;
	struct stet_review *r = oc->r;
	bool created;

	stet_schema_free(&r->schema);
	if (stet_schema_load(txn, &r->schema, err) != STET_OK ||
	    stet_annotator_ensure(txn, oc->lead, STET_ROLE_LEAD, &r->lead,
				  &created, err) != STET_OK)
		return STET_ERR;
	r->session.annotator = r->lead;
	r->session.schema_version = r->schema.version;
	return stet_session_add(txn, &r->session, err);
}

int stet_review_open(struct stet_review *r, struct stet_store *st,
		     const char *lead, const char *host, const char *tty,
		     struct stet_error *err)
{
	struct open_ctx oc = {r, lead};

	memset(r, 0, sizeof *r);
	r->st = st;
	stet_schema_init(&r->schema);
	r->session.start_ms = stet_time_now_ms();
	r->session.host = host ? stet_xstrdup(host) : NULL;
	r->session.tty = tty ? stet_xstrdup(tty) : NULL;
	if (stet_store_write(st, open_session, &oc, err) != STET_OK) {
		r->session.id = 0; /* nothing stored: nothing to close */
		return STET_ERR;
	}
	return stet_store_set_meta_sync(st, false, err);
}

/* Where a lead's review resumes: meta "review.LEAD", the id of the item
 * they were on. */
static void resume_name(uint32_t lead, char *out, size_t len)
{
	snprintf(out, len, "review.%u", lead);
}

static int resume_put(struct stet_txn *txn, uint32_t lead, uint64_t item,
		      struct stet_error *err)
{
	char name[32];

	resume_name(lead, name, sizeof name);
	return stet_meta_put_u64(txn, name, item, err);
}

/* Where the lead's last review stopped: the item kept in meta, 0 for
 * none; then the first of n entries (in item order, item_at giving
 * each one's item) at or after it, or 0. */
static int resume_pos(struct stet_review *r, size_t n,
		      uint64_t (*item_at)(const void *ctx, size_t i),
		      const void *ctx, size_t *pos, struct stet_error *err)
{
	struct stet_txn *txn;
	size_t lo = 0, hi = n;
	char name[32];
	uint64_t item;
	int rc;

	*pos = 0;
	resume_name(r->lead, name, sizeof name);
	if (stet_txn_begin_read(r->st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_meta_get_u64(txn, name, &item, err);
	stet_txn_end(txn);
	if (rc == STET_NOTFOUND)
		return STET_OK;
	if (rc != STET_OK)
		return rc;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (item_at(ctx, mid) < item)
			lo = mid + 1;
		else
			hi = mid;
	}
	*pos = lo < n ? lo : 0;
	return STET_OK;
}

static uint64_t label_entry_item(const void *ctx, size_t i)
{
	return ((const struct stet_review_list *)ctx)->v[i].item;
}

static uint64_t spans_entry_item(const void *ctx, size_t i)
{
	return ((const struct stet_review_spans_list *)ctx)->v[i].item;
}

int stet_review_resume(struct stet_review *r,
		       const struct stet_review_list *l, size_t *pos,
		       struct stet_error *err)
{
	return resume_pos(r, l->n, label_entry_item, l, pos, err);
}

int stet_review_spans_resume(struct stet_review *r,
			     const struct stet_review_spans_list *l,
			     size_t *pos, struct stet_error *err)
{
	return resume_pos(r, l->n, spans_entry_item, l, pos, err);
}

struct append_ctx {
	struct stet_event *ev;
	uint32_t lead;
	const struct stet_schema *schema; /* decisions on spans */
};

static int append(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct append_ctx *ac = ctx;
	struct stet_event *ev = ac->ev;

	/* Redone from the start when the map grows: what append set on
	 * the first try is set again. */
	ev->id = 0;
	ev->replaced = 0;
	memset(ev->uid, 0, sizeof ev->uid);
	if (stet_event_append(txn, ev, err) != STET_OK)
		return STET_ERR;
	/* A decision also marks where the review resumes, in the same
	 * write: a review killed after it resumes there. */
	return resume_put(txn, ac->lead, ev->item, err);
}

static void done_push(struct stet_review *r, uint64_t id, uint64_t item)
{
	r->unflushed = true;
	if (r->ndone == r->capdone) {
		r->capdone = r->capdone ? 2 * r->capdone : 64;
		r->done = stet_xrealloc(r->done, r->capdone * sizeof *r->done);
		r->done_item = stet_xrealloc(r->done_item,
					     r->capdone * sizeof *r->done_item);
	}
	r->done[r->ndone] = id;
	r->done_item[r->ndone++] = item;
	r->decided++;
}

static void event_init(struct stet_review *r, struct stet_event *ev,
		       uint64_t item, enum stet_action action)
{
	memset(ev, 0, sizeof *ev);
	ev->time_ms = stet_time_now_ms();
	ev->session = r->session.id;
	ev->annotator = r->lead;
	ev->item = item;
	ev->action = action;
	ev->schema_version = r->schema.version;
}

int stet_review_decide(struct stet_review *r, uint64_t item,
		       const uint32_t *labels, size_t n, uint32_t duration_ms,
		       struct stet_error *err)
{
	struct stet_event ev;
	struct append_ctx ac = {&ev, r->lead, NULL};
	uint64_t id;
	int rc;

	if (n > STET_MAX_LABELS)
		return stet_error_set(err, STET_ERR, "too many labels (%zu)", n);
	if (n == 0 && !r->schema.multi &&
	    stet_schema_count_kind(&r->schema, STET_KIND_ITEM) > 0)
		return stet_error_set(err, STET_ERR,
				      "a decision needs a label");
	if (stet_schema_item_labels_check(&r->schema, labels, n, true,
					  err) != STET_OK)
		return STET_ERR;
	event_init(r, &ev, item, STET_ACT_ADJUDICATE);
	if (n > 0)
		memcpy(ev.labels, labels, n * sizeof *labels);
	ev.nlabels = n;
	ev.duration_ms = duration_ms;
	rc = stet_store_write(r->st, append, &ac, err);
	id = ev.id;
	stet_event_clear(&ev);
	if (rc != STET_OK)
		return rc;
	done_push(r, id, item);
	return STET_OK;
}

/* A decision on spans: the set checked against the item in the write
 * that records it, and the labels of the decision standing carried, so
 * that `final` keeps them. */
static int append_spans(struct stet_txn *txn, void *ctx,
			struct stet_error *err)
{
	struct append_ctx *ac = ctx;
	struct stet_event *ev = ac->ev;
	struct stet_span_set set = {ev->spans, ev->nspans, ev->nspans};
	struct stet_current cur;
	struct stet_item it;
	int rc;

	stet_item_init(&it);
	rc = stet_item_get(txn, ev->item, &it, err);
	if (rc == STET_OK &&
	    stet_spans_check(ac->schema, it.text ? it.text : "",
			     it.text ? strlen(it.text) : 0,
			     it.has_toks ? &it.toks : NULL, &set,
			     err) != STET_OK) {
		stet_error_prefix(err, "item %s", it.ext_id ? it.ext_id : "?");
		rc = STET_ERR;
	}
	stet_item_clear(&it);
	if (rc != STET_OK)
		return rc;
	ev->nlabels = 0;
	rc = stet_final_get(txn, ev->item, &cur, err);
	if (rc == STET_OK) {
		memcpy(ev->labels, cur.labels, cur.nlabels * sizeof *cur.labels);
		ev->nlabels = cur.nlabels;
	} else if (rc != STET_NOTFOUND) {
		return rc;
	}
	return append(txn, ctx, err);
}

int stet_review_decide_spans(struct stet_review *r, uint64_t item,
			     const struct stet_span_set *set,
			     uint32_t duration_ms, struct stet_error *err)
{
	struct stet_event ev;
	struct append_ctx ac = {&ev, r->lead, &r->schema};
	uint64_t id;
	int rc;

	event_init(r, &ev, item, STET_ACT_ADJUDICATE);
	ev.duration_ms = duration_ms;
	ev.has_spans = true;
	ev.nspans = set->n;
	if (set->n > 0) {
		ev.spans = stet_xmalloc(set->n * sizeof *ev.spans);
		memcpy(ev.spans, set->v, set->n * sizeof *ev.spans);
	}
	rc = stet_store_write(r->st, append_spans, &ac, err);
	id = ev.id;
	stet_event_clear(&ev);
	if (rc != STET_OK)
		return rc;
	done_push(r, id, item);
	return STET_OK;
}

int stet_review_undo(struct stet_review *r, uint64_t *item,
		     struct stet_error *err)
{
	struct stet_event ev;
	struct append_ctx ac = {&ev, r->lead, NULL};
	int rc;

	if (r->ndone == 0)
		return STET_NOTFOUND;
	event_init(r, &ev, r->done_item[r->ndone - 1], STET_ACT_UNDO);
	ev.target = r->done[r->ndone - 1];
	rc = stet_store_write(r->st, append, &ac, err);
	stet_event_clear(&ev);
	if (rc != STET_OK)
		return rc;
	r->unflushed = true;
	*item = r->done_item[--r->ndone];
	if (r->decided > 0)
		r->decided--;
	return STET_OK;
}

int stet_review_flush(struct stet_review *r, struct stet_error *err)
{
	if (!r->unflushed)
		return STET_OK;
	if (stet_store_sync(r->st, NULL, err) != STET_OK)
		return STET_ERR;
	r->unflushed = false;
	return STET_OK;
}

static int close_session(struct stet_txn *txn, void *ctx,
			 struct stet_error *err)
{
	struct stet_review *r = ctx;

	if (r->at != 0 && resume_put(txn, r->lead, r->at, err) != STET_OK)
		return STET_ERR;
	return stet_session_put(txn, &r->session, err);
}

int stet_review_close(struct stet_review *r, struct stet_error *err)
{
	int rc = STET_OK;

	if (r->st != NULL)
		rc = stet_store_set_meta_sync(r->st, true, err);
	if (rc == STET_OK && r->session.id != 0) {
		r->session.end_ms = stet_time_now_ms();
		rc = stet_store_write(r->st, close_session, r, err);
		/* What was saved before is in the project: say so, lest
		 * "nothing was written" read as the whole session lost. */
		if (rc != STET_OK)
			stet_error_prefix(err, "the session's end was not recorded (every decision shown as saved is kept)");
	}
	stet_session_clear(&r->session);
	stet_schema_free(&r->schema);
	free(r->done);
	free(r->done_item);
	memset(r, 0, sizeof *r);
	return rc;
}
