#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/history.h"
#include "stet/item.h"
#include "stet/pending.h"
#include "stet/routes.h"
#include "stet/spans.h"
#include "stet/verify.h"
#include "reach.h"
#include "slots.h"
#include "verify_expect.h"
#include "verify_items.h"

/* ---- the replay ---- */

struct replay {
	struct stet_txn *txn;
	struct stet_verify_report *rep;
	size_t max;
	struct slots slots;
	uint32_t *labels;
	size_t nlabels, labcap;
	struct stet_event undone, before; /* undo's lookups, reused */
	struct stet_annotator *annotators; /* for messages, loaded lazily */
	size_t nannotators;
	int annotators_loaded;
};

enum { T_SEQUENCE, T_RECORD, T_CHAIN, T_HISTORY, T_DERIVED };

static bool keeping(const struct replay *rp)
{
	return rp->rep->nfindings < rp->max;
}

/* Counts a fault in tally t; keeps it, with msg (owned, may be NULL
 * when not kept), while there is room. */
static void add_finding(struct replay *rp, enum stet_verify_kind kind,
			size_t t, const char *db, uint64_t event, char *msg)
{
	struct stet_verify_report *rep = rp->rep;
	struct stet_verify_tally *ty = &rep->tally[t];

	rep->total++;
	ty->count++;
	if (event != 0 && (ty->first == 0 || event < ty->first))
		ty->first = event;
	if (!keeping(rp) || msg == NULL) {
		free(msg);
		return;
	}
	rep->findings[rep->nfindings].kind = kind;
	rep->findings[rep->nfindings].db = db;
	rep->findings[rep->nfindings].event = event;
	rep->findings[rep->nfindings].msg = msg;
	rep->nfindings++;
}

static void fault(struct replay *rp, enum stet_verify_kind kind,
		  uint64_t event, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fault(struct replay *rp, enum stet_verify_kind kind,
		  uint64_t event, const char *fmt, ...)
{
	struct stet_buf b;
	va_list ap;
	char *msg = NULL;

	if (keeping(rp)) {
		stet_buf_init(&b);
		va_start(ap, fmt);
		{
			char line[512];

			vsnprintf(line, sizeof line, fmt, ap);
			stet_buf_adds(&b, line);
		}
		va_end(ap);
		msg = stet_buf_take(&b);
	}
	add_finding(rp, kind, (size_t)kind, NULL, event, msg);
}

static void set_labels(struct replay *rp, struct slot *s,
		       const uint32_t *labels, size_t n, uint64_t event)
{
	if (rp->nlabels + n > rp->labcap) {
		while (rp->nlabels + n > rp->labcap)
			rp->labcap = rp->labcap ? rp->labcap * 2 : 4096;
		rp->labels = stet_xrealloc(rp->labels,
					   rp->labcap * sizeof *rp->labels);
	}
	memcpy(rp->labels + rp->nlabels, labels, n * sizeof *labels);
	s->lab_off = rp->nlabels;
	s->nlabels = (uint16_t)n;
	s->event = event;
	s->ever = 1;
	rp->nlabels += n;
}

/* A span set into s, in the pool as slots.h lays it out. */
static void set_spans(struct replay *rp, struct slot *s,
		      const struct stet_event *ev)
{
	size_t n = 1 + 5 * ev->nspans;
	uint32_t *p;

	if (rp->nlabels + n > rp->labcap) {
		while (rp->nlabels + n > rp->labcap)
			rp->labcap = rp->labcap ? rp->labcap * 2 : 4096;
		rp->labels = stet_xrealloc(rp->labels,
					   rp->labcap * sizeof *rp->labels);
	}
	p = rp->labels + rp->nlabels;
	*p++ = (uint32_t)ev->nspans;
	for (size_t i = 0; i < ev->nspans; i++) {
		*p++ = ev->spans[i].start;
		*p++ = ev->spans[i].end;
		*p++ = ev->spans[i].label;
		*p++ = ev->spans[i].tok_start;
		*p++ = ev->spans[i].tok_end;
	}
	s->lab_off = rp->nlabels;
	s->nlabels = 0;
	s->event = ev->id;
	s->ever = 1;
	rp->nlabels += n;
}

/* A fault for event ev, whose undo of u needed event id, which could
 * not be read (rc). */
static void lost_replaced(struct replay *rp, const struct stet_event *ev,
			  uint64_t u, uint64_t id, int rc)
{
	fault(rp, STET_VERIFY_HISTORY, ev->id,
	      "event %llu undoes event %llu, which replaced event %llu, which %s",
	      (unsigned long long)ev->id, (unsigned long long)u,
	      (unsigned long long)id,
	      rc == STET_NOTFOUND ? "is not in the log" : "cannot be read");
}

/* An UNDO of SPANS event u, as annotate_spans.c's stet_spans_undo. */
static void replay_unspans(struct replay *rp, const struct stet_event *ev,
			   const struct stet_event *u)
{
	struct stet_error e = {0};
	struct slot *s = slots_find(&rp->slots, SP_SPANS, u->item,
				    u->annotator);
	int rc;

	if (s == NULL || s->event != u->id)
		return;
	if (u->replaced == 0) {
		s->event = 0;
		return;
	}
	rc = stet_event_get(rp->txn, u->replaced, &rp->before, &e);
	if (rc != STET_OK)
		lost_replaced(rp, ev, u->id, u->replaced, rc);
	else if (rp->before.action != STET_ACT_SPANS)
		fault(rp, STET_VERIFY_HISTORY, ev->id,
		      "event %llu undoes event %llu, which says it replaced event %llu, which is no spans event",
		      (unsigned long long)ev->id, (unsigned long long)u->id,
		      (unsigned long long)u->replaced);
	else
		set_spans(rp, s, &rp->before);
}

/* The ADJUDICATE u with spans stood and is undone: `span_final` gets
 * the spans of the latest decision carrying spans in the chain of
 * decisions it replaced, as stet_spans_final_restore. */
static void replay_final_spans(struct replay *rp, const struct stet_event *ev,
			       const struct stet_event *u)
{
	struct stet_error e = {0};
	struct slot *s = slots_put(&rp->slots, SP_SPAN_FINAL, u->item, 0);
	struct stet_event *b = &rp->before;
	uint64_t id = u->replaced;

	while (id != 0) {
		int rc = stet_event_get(rp->txn, id, b, &e);

		if (rc != STET_OK) {
			lost_replaced(rp, ev, u->id, id, rc);
			return;
		}
		if (b->action != STET_ACT_ADJUDICATE || b->replaced >= id) {
			fault(rp, STET_VERIFY_HISTORY, ev->id,
			      "event %llu undoes event %llu, whose decisions before it lead to event %llu, which is no earlier decision",
			      (unsigned long long)ev->id,
			      (unsigned long long)u->id,
			      (unsigned long long)id);
			return;
		}
		if (b->has_spans) {
			set_spans(rp, s, b);
			return;
		}
		id = b->replaced;
	}
	s->event = 0;
}

static bool has_slot(enum stet_action a)
{
	return a == STET_ACT_LABEL || a == STET_ACT_UNLABEL ||
	       a == STET_ACT_ADJUDICATE;
}

/* The slot an event's value stands in, as annotate.c's slot_of. */
static struct slot *slot_of(struct replay *rp, const struct stet_event *ev)
{
	if (ev->action == STET_ACT_ADJUDICATE)
		return slots_put(&rp->slots, SP_FINAL, ev->item, 0);
	return slots_put(&rp->slots, SP_CURRENT, ev->item, ev->annotator);
}

/* Item's route goes to band (event standing for it; 0: none), from
 * what stood in s, as annotate.c's route_set and unroute. */
static void route_to(struct replay *rp, struct slot *s, uint64_t event,
		     enum stet_band band, uint64_t by)
{
	enum stet_band from = s->event != 0 ? (enum stet_band)s->nlabels :
			      STET_BAND_NONE;
	uint64_t item = s->item;

	s->event = event;
	s->nlabels = (uint16_t)band;
	s->ever = 1;
	if (stet_band_raises(from, band))
		slots_put(&rp->slots, SP_RAISED, item, 0)->event = by;
}

static void replay_unroute(struct replay *rp, const struct stet_event *ev,
			   const struct stet_event *u)
{
	struct stet_error e = {0};
	struct stet_event *b = &rp->before;
	struct slot *s = slots_find(&rp->slots, SP_ROUTES, u->item, 0);
	int rc;

	if (s == NULL || s->event != u->id)
		return;
	if (u->replaced == 0) {
		route_to(rp, s, 0, STET_BAND_NONE, ev->id);
		return;
	}
	rc = stet_event_get(rp->txn, u->replaced, b, &e);
	if (rc != STET_OK) {
		lost_replaced(rp, ev, u->id, u->replaced, rc);
		return;
	}
	if (b->action == STET_ACT_ROUTE)
		route_to(rp, s, b->id, (enum stet_band)b->route.band, ev->id);
	else
		route_to(rp, s, 0, STET_BAND_NONE, ev->id);
}

/* An UNDO, as annotate.c's undo(): a skip is taken back only if it is
 * the one standing; a label, unlabel or adjudication only if it stands
 * (its slot holds it, or for an unlabel is empty), and then the value it
 * replaced comes back. An undo that annotate.c would have refused is a
 * history fault and changes nothing here. */
static void replay_undo(struct replay *rp, const struct stet_event *ev)
{
	struct stet_error e = {0};
	struct stet_event *u = &rp->undone, *b = &rp->before;
	struct slot *s;
	uint64_t stands;
	int rc;

	if (ev->target == 0 || ev->target >= ev->id) {
		fault(rp, STET_VERIFY_HISTORY, ev->id,
		      "event %llu undoes event %llu, which does not come before it",
		      (unsigned long long)ev->id,
		      (unsigned long long)ev->target);
		return;
	}
	rc = stet_event_get(rp->txn, ev->target, u, &e);
	if (rc != STET_OK) {
		fault(rp, STET_VERIFY_HISTORY, ev->id,
		      "event %llu undoes event %llu, which %s",
		      (unsigned long long)ev->id,
		      (unsigned long long)ev->target,
		      rc == STET_NOTFOUND ? "is not in the log" :
					    "cannot be read");
		return;
	}
	if (u->action == STET_ACT_SKIP) {
		s = slots_find(&rp->slots, SP_SKIPS, u->item, u->annotator);
		if (s != NULL && s->event == u->id)
			s->event = 0;
		return;
	}
	if (u->action == STET_ACT_ROUTE) {
		replay_unroute(rp, ev, u);
		return;
	}
	if (u->action == STET_ACT_SPANS) {
		replay_unspans(rp, ev, u);
		return;
	}
	if (!has_slot(u->action))
		return;
	s = slot_of(rp, u);
	stands = s->event;
	if (u->action == STET_ACT_UNLABEL ? stands != 0 : stands != u->id)
		return;
	if (u->action == STET_ACT_ADJUDICATE && u->has_spans) {
		replay_final_spans(rp, ev, u);
		s = slot_of(rp, u); /* the table may have moved */
	}
	if (u->replaced == 0) {
		s->event = 0;
		return;
	}
	rc = stet_event_get(rp->txn, u->replaced, b, &e);
	if (rc != STET_OK) {
		lost_replaced(rp, ev, u->id, u->replaced, rc);
		return;
	}
	if (b->action == STET_ACT_LABEL || b->action == STET_ACT_ADJUDICATE)
		set_labels(rp, s, b->labels, b->nlabels, b->id);
	else
		s->event = 0;
}

/* One event, as annotate.c's apply(), checking on the way that what it
 * says it replaced is what stood. */
static void replay_event(struct replay *rp, const struct stet_event *ev)
{
	struct slot *s;

	switch (ev->action) {
	case STET_ACT_LABEL:
	case STET_ACT_ADJUDICATE:
	case STET_ACT_UNLABEL:
		s = slot_of(rp, ev);
		if (ev->replaced != s->event && s->event != 0)
			fault(rp, STET_VERIFY_HISTORY, ev->id,
			      "event %llu (%s) says it replaced event %llu, but event %llu stood",
			      (unsigned long long)ev->id, stet_action_name(ev->action),
			      (unsigned long long)ev->replaced,
			      (unsigned long long)s->event);
		else if (ev->replaced != s->event)
			fault(rp, STET_VERIFY_HISTORY, ev->id,
			      "event %llu (%s) says it replaced event %llu, but nothing stood",
			      (unsigned long long)ev->id, stet_action_name(ev->action),
			      (unsigned long long)ev->replaced);
		if (ev->action == STET_ACT_UNLABEL)
			s->event = 0;
		else
			set_labels(rp, s, ev->labels, ev->nlabels, ev->id);
		if (ev->action == STET_ACT_ADJUDICATE && ev->has_spans)
			set_spans(rp, slots_put(&rp->slots, SP_SPAN_FINAL,
						ev->item, 0), ev);
		break;
	case STET_ACT_SPANS:
		s = slots_put(&rp->slots, SP_SPANS, ev->item, ev->annotator);
		if (ev->replaced != s->event)
			fault(rp, STET_VERIFY_HISTORY, ev->id,
			      "event %llu (spans) says it replaced event %llu, but %s stood",
			      (unsigned long long)ev->id,
			      (unsigned long long)ev->replaced,
			      s->event ? "another spans event" : "no span set");
		set_spans(rp, s, ev);
		break;
	case STET_ACT_SKIP:
		s = slots_put(&rp->slots, SP_SKIPS, ev->item, ev->annotator);
		s->event = ev->id;
		break;
	case STET_ACT_UNDO:
		replay_undo(rp, ev);
		break;
	case STET_ACT_ROUTE:
		s = slots_put(&rp->slots, SP_ROUTES, ev->item, 0);
		if (ev->replaced != s->event)
			fault(rp, STET_VERIFY_HISTORY, ev->id,
			      "event %llu (route) says it replaced event %llu, but %s stood",
			      (unsigned long long)ev->id,
			      (unsigned long long)ev->replaced,
			      s->event ? "another route" : "no route");
		route_to(rp, s, ev->id, (enum stet_band)ev->route.band, ev->id);
		break;
	default:
		break;
	}
}

static bool action_known(enum stet_action a)
{
	return a >= STET_ACT_LABEL && a <= STET_ACT_SPANS;
}

/* Walks the events in key order: the sequence, each record, the chain,
 * and the replay. */
static int walk_events(struct replay *rp, struct stet_error *err)
{
	struct stet_verify_report *rep = rp->rep;
	struct stet_cursor *c;
	struct stet_event ev;
	const void *k, *v;
	size_t kl, vl;
	uint64_t prev_id = 0, prev_h = 0;
	bool linked = false; /* prev_h is the hash of event prev_id */
	int rc;

	memset(&ev, 0, sizeof ev);
	if (stet_cursor_open(rp->txn, STET_DB_EVENTS, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		struct stet_error derr = {0};
		uint64_t id, h;

		rep->events++;
		if (kl != 8) {
			fault(rp, STET_VERIFY_SEQUENCE, prev_id + 1,
			      "a key of %zu bytes follows event %llu", kl,
			      (unsigned long long)prev_id);
			linked = false;
			continue;
		}
		id = stet_get_u64be(k);
		if (id == 0) {
			fault(rp, STET_VERIFY_SEQUENCE, 0,
			      "an event has id 0; ids start at 1");
			continue;
		}
		if (id != prev_id + 1) {
			if (id == prev_id + 2)
				fault(rp, STET_VERIFY_SEQUENCE, prev_id + 1,
				      "event %llu is missing",
				      (unsigned long long)(prev_id + 1));
			else
				fault(rp, STET_VERIFY_SEQUENCE, prev_id + 1,
				      "events %llu to %llu are missing",
				      (unsigned long long)(prev_id + 1),
				      (unsigned long long)(id - 1));
			linked = false;
		}
		h = stet_event_hash(v, vl, id);
		if (stet_event_decode(v, vl, &ev, &derr) != STET_OK) {
			fault(rp, STET_VERIFY_RECORD, id,
			      "event %llu: %s (%zu bytes)",
			      (unsigned long long)id, derr.msg, vl);
		} else if (!action_known(ev.action)) {
			fault(rp, STET_VERIFY_RECORD, id,
			      "event %llu: unknown action %d",
			      (unsigned long long)id, (int)ev.action);
		} else if ((ev.action == STET_ACT_ROUTE) !=
			   (ev.route.band != STET_BAND_NONE)) {
			fault(rp, STET_VERIFY_RECORD, id,
			      ev.action == STET_ACT_ROUTE ?
			      "event %llu: a route with no decision" :
			      "event %llu: a decision of stet route on an event that is no route",
			      (unsigned long long)id);
		} else if (ev.action == STET_ACT_SPANS ? !ev.has_spans :
			   ev.has_spans && ev.action != STET_ACT_ADJUDICATE) {
			fault(rp, STET_VERIFY_RECORD, id,
			      ev.action == STET_ACT_SPANS ?
			      "event %llu: a spans event with no span set" :
			      "event %llu: a span set on an event that is neither spans nor adjudicate",
			      (unsigned long long)id);
		} else {
			ev.id = id;
			if (id == 1 && ev.prev_hash != 0)
				fault(rp, STET_VERIFY_CHAIN, 1,
				      "event 1 holds a previous hash (%016llx); the first event holds 0",
				      (unsigned long long)ev.prev_hash);
			else if (linked && ev.prev_hash != prev_h)
				fault(rp, STET_VERIFY_CHAIN, prev_id,
				      "event %llu: its record no longer matches the hash event %llu holds",
				      (unsigned long long)prev_id,
				      (unsigned long long)id);
			replay_event(rp, &ev);
		}
		prev_id = id;
		prev_h = h;
		linked = true;
		rep->last = id;
		rep->head = h;
	}
	stet_event_clear(&ev);
	stet_cursor_close(c);
	if (rc != STET_NOTFOUND) {
		stet_error_prefix(err, "events");
		return STET_ERR;
	}
	return STET_OK;
}

/* ---- the derived databases: what the events give, and the stored ---- */

#define NDERIVED VERIFY_NDERIVED
#define T_QUEUE (T_DERIVED + NDERIVED)
#define T_ITEM (T_QUEUE + 1)
_Static_assert(T_ITEM + 1 <= STET_VERIFY_MAX_TALLY,
	       "too many derived databases for the tally");

static int expent_cmp(const void *a, const void *b)
{
	const struct expent *x = a, *y = b;
	int c = memcmp(x->key, y->key, sizeof x->key);

	return c ? c : (x->klen > y->klen) - (x->klen < y->klen);
}

/* LMDB's default order: bytes, then the shorter first. */
static int key_cmp(const void *k, size_t kl, const struct expent *e)
{
	size_t n = kl < e->klen ? kl : e->klen;
	int c = memcmp(k, e->key, n);

	return c ? c : (kl > e->klen) - (kl < e->klen);
}

static const char *annotator_name(struct replay *rp, uint32_t id)
{
	if (!rp->annotators_loaded) {
		struct stet_error e = {0};

		rp->annotators_loaded = 1;
		if (stet_annotators_load(rp->txn, &rp->annotators,
					 &rp->nannotators, &e) != STET_OK) {
			rp->annotators = NULL;
			rp->nannotators = 0;
		}
	}
	for (size_t i = 0; i < rp->nannotators; i++)
		if (rp->annotators[i].id == id)
			return rp->annotators[i].name;
	return NULL;
}

/* "item r5 (12), annotator bob (2)" for a key of current or skips;
 * "item r5 (12)" for final; hex for any other. */
static void show_key(struct replay *rp, const unsigned char *k, size_t kl,
		     struct stet_buf *out)
{
	struct stet_item it;
	struct stet_error e = {0};
	uint64_t item;

	if (kl != 8 && kl != 12) {
		stet_buf_adds(out, "key ");
		for (size_t i = 0; i < kl; i++)
			stet_buf_printf(out, "%02x", k[i]);
		return;
	}
	item = stet_get_u64be(k);
	stet_item_init(&it);
	if (stet_item_get(rp->txn, item, &it, &e) == STET_OK && it.ext_id)
		stet_buf_printf(out, "item %s (%llu)", it.ext_id,
				(unsigned long long)item);
	else
		stet_buf_printf(out, "item %llu (not in the project)",
				(unsigned long long)item);
	stet_item_clear(&it);
	if (kl == 12) {
		uint32_t who = stet_get_u32be(k + 8);
		const char *name = annotator_name(rp, who);

		if (name != NULL)
			stet_buf_printf(out, ", annotator %s (%u)", name, who);
		else
			stet_buf_printf(out, ", annotator %u (unknown)", who);
	}
}

/* A difference in derived database d. stored or given may be NULL. */
static void differ(struct replay *rp, size_t d, const void *k, size_t kl,
		   const void *sv, size_t svl, const struct expent *e,
		   const struct expect *x)
{
	const struct verify_derived *dv = &verify_derived[d];
	struct stet_buf b;
	char *msg = NULL;

	if (keeping(rp)) {
		stet_buf_init(&b);
		stet_buf_printf(&b, "%s: ", dv->name);
		show_key(rp, k, kl, &b);
		if (sv != NULL) {
			stet_buf_adds(&b, ": stored ");
			dv->show(sv, svl, &b);
		} else {
			stet_buf_adds(&b, ": missing");
		}
		if (e != NULL) {
			stet_buf_adds(&b, "; the events give ");
			dv->show(x->vals.data + e->voff, e->vlen, &b);
		} else {
			stet_buf_adds(&b, "; no event sets it");
		}
		msg = stet_buf_take(&b);
	}
	add_finding(rp, STET_VERIFY_DERIVED, T_DERIVED + d, dv->name,
		    e ? e->origin : 0, msg);
}

/* Compares derived database d with what the events give, both ways. */
static int compare_derived(struct replay *rp, size_t d,
			   struct stet_error *err)
{
	const struct verify_derived *dv = &verify_derived[d];
	struct expect x;
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl, i = 0;
	int rc;

	memset(&x, 0, sizeof x);
	stet_buf_init(&x.vals);
	dv->expect(&rp->slots, rp->labels, &x);
	if (x.n > 1)
		qsort(x.v, x.n, sizeof *x.v, expent_cmp);
	if (stet_cursor_open(rp->txn, dv->db, &c, err) != STET_OK) {
		rc = STET_ERR;
		goto leave;
	}
	rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	while (rc == STET_OK || i < x.n) {
		int cmp;

		if (rc != STET_OK && rc != STET_NOTFOUND)
			break;
		cmp = rc != STET_OK ? 1 : i == x.n ? -1 : key_cmp(k, kl, &x.v[i]);
		if (cmp < 0) {
			differ(rp, d, k, kl, v, vl, NULL, &x);
		} else if (cmp > 0) {
			differ(rp, d, x.v[i].key, x.v[i].klen, NULL, 0, &x.v[i],
			       &x);
			i++;
			continue;
		} else {
			const struct expent *e = &x.v[i++];

			if (vl != e->vlen || (vl > 0 &&
			    memcmp(v, x.vals.data + e->voff, vl) != 0))
				differ(rp, d, k, kl, v, vl, e, &x);
		}
		rc = stet_cursor_next(c, &k, &kl, &v, &vl, err);
	}
	stet_cursor_close(c);
	if (rc == STET_NOTFOUND) {
		rc = STET_OK;
	} else {
		stet_error_prefix(err, "%s", dv->name);
		rc = STET_ERR;
	}
leave:
	free(x.v);
	stet_buf_free(&x.vals);
	return rc;
}

/* The number of accepted items kept in meta (stet_routes_accepted)
 * against the replayed routes, as part of `routes`. */
static int check_accepted(struct replay *rp, struct stet_error *err)
{
	uint64_t stored, given = 0;
	size_t d = 0;
	char line[160];

	if (stet_routes_accepted(rp->txn, &stored, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < rp->slots.cap; i++) {
		const struct slot *s = &rp->slots.v[i];

		given += s->space == SP_ROUTES && s->event != 0 &&
			 s->nlabels == STET_BAND_ACCEPT;
	}
	if (stored == given)
		return STET_OK;
	while (d < NDERIVED && verify_derived[d].db != STET_DB_ROUTES)
		d++;
	snprintf(line, sizeof line,
		 "routes: meta routes.accept counts %llu accepted items; the events give %llu",
		 (unsigned long long)stored, (unsigned long long)given);
	add_finding(rp, STET_VERIFY_DERIVED, T_DERIVED + d, "routes", 0,
		    stet_xstrdup(line));
	return STET_OK;
}

/* An item below its overlap that no annotator would be served. */
static void unreachable(void *ctx, uint64_t item, const char *why)
{
	struct replay *rp = ctx;
	struct stet_buf b;
	unsigned char key[8];
	char *msg = NULL;

	if (keeping(rp)) {
		stet_buf_init(&b);
		stet_buf_adds(&b, "queue: ");
		stet_u64be(key, item);
		show_key(rp, key, 8, &b);
		stet_buf_printf(&b, ": the queue cannot reach it: %s", why);
		msg = stet_buf_take(&b);
	}
	add_finding(rp, STET_VERIFY_QUEUE, T_QUEUE, NULL, 0, msg);
}

static void item_fault(void *ctx, char *msg)
{
	add_finding(ctx, STET_VERIFY_ITEM, T_ITEM, NULL, 0, msg);
}

/* ---- the public calls ---- */

const char *stet_verify_kind_name(enum stet_verify_kind kind)
{
	static const char *const names[] = {
		[STET_VERIFY_SEQUENCE] = "sequence",
		[STET_VERIFY_RECORD] = "record",
		[STET_VERIFY_CHAIN] = "chain",
		[STET_VERIFY_HISTORY] = "history",
		[STET_VERIFY_DERIVED] = "derived",
		[STET_VERIFY_QUEUE] = "queue",
		[STET_VERIFY_ITEM] = "item",
	};

	if ((unsigned)kind < sizeof names / sizeof names[0])
		return names[kind];
	return "?";
}

int stet_verify_txn(struct stet_txn *txn, size_t max_findings,
		    struct stet_verify_report *rep, struct stet_error *err)
{
	struct replay rp;
	int rc = STET_OK;

	memset(rep, 0, sizeof *rep);
	for (int t = 0; t < T_DERIVED; t++)
		rep->tally[t].name = stet_verify_kind_name(t);
	for (size_t d = 0; d < NDERIVED; d++)
		rep->tally[T_DERIVED + d].name = verify_derived[d].name;
	rep->tally[T_QUEUE].name = stet_verify_kind_name(STET_VERIFY_QUEUE);
	rep->tally[T_ITEM].name = stet_verify_kind_name(STET_VERIFY_ITEM);
	rep->ntally = T_ITEM + 1;
	rep->findings = stet_xcalloc(max_findings ? max_findings : 1,
				     sizeof *rep->findings);
	memset(&rp, 0, sizeof rp);
	rp.txn = txn;
	rp.rep = rep;
	rp.max = max_findings;
	if (walk_events(&rp, err) != STET_OK)
		rc = STET_ERR;
	for (size_t d = 0; d < NDERIVED && rc == STET_OK; d++)
		rc = compare_derived(&rp, d, err);
	if (rc == STET_OK)
		rc = check_accepted(&rp, err);
	if (rc == STET_OK)
		rc = stet_reach_check(txn, unreachable, &rp, err);
	if (rc == STET_OK)
		rc = verify_items(txn, item_fault, &rp, err);
	free(rp.slots.v);
	free(rp.labels);
	stet_event_clear(&rp.undone);
	stet_event_clear(&rp.before);
	stet_annotators_free(rp.annotators, rp.nannotators);
	return rc;
}

int stet_verify(struct stet_store *st, size_t max_findings,
		struct stet_verify_report *rep, struct stet_error *err)
{
	struct stet_txn *txn;
	int rc;

	memset(rep, 0, sizeof *rep);
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_verify_txn(txn, max_findings, rep, err);
	stet_txn_end(txn);
	return rc;
}

void stet_verify_report_free(struct stet_verify_report *rep)
{
	for (size_t i = 0; i < rep->nfindings; i++)
		free(rep->findings[i].msg);
	free(rep->findings);
	memset(rep, 0, sizeof *rep);
}
