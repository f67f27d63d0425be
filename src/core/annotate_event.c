/* An event's stored record (stet(5)). Version 1 holds what every event
 * has; version 2 follows it with tagged fields, each a tag, a length and
 * its bytes, for what only some events carry: what a model suggested,
 * how the queue served the item, how stet route decided for it, the
 * item's span set. A decoder skips a tag it does not
 * know, so that a field added later does not make older events of the
 * same version unreadable, and an event with neither field is still
 * written as version 1, byte for byte as before. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "spans_rec.h"

#define EVENT_V1 1
#define EVENT_V2 2

enum {
	TAG_SUGGESTION = 1,
	TAG_SERVED = 2,
	TAG_ROUTE = 3,
	TAG_SPANS = 4
};

static void put_s(struct stet_buf *b, const char *s)
{
	stet_buf_put_str(b, s ? s : "", s ? strlen(s) : 0);
}

static void put_field(struct stet_buf *b, unsigned tag,
		      const struct stet_buf *f)
{
	stet_buf_put_varint(b, tag);
	stet_buf_put_varint(b, f->len);
	stet_buf_add(b, f->data, f->len);
}

static void suggestion_encode(const struct stet_suggestion *sg,
			      struct stet_buf *f)
{
	stet_buf_reset(f);
	stet_buf_addc(f, (char)sg->state);
	put_s(f, sg->model);
	stet_buf_put_varint(f, sg->version);
	stet_buf_put_varint(f, sg->nlabels);
	for (size_t i = 0; i < sg->nlabels; i++)
		stet_buf_put_varint(f, sg->labels[i]);
	stet_buf_put_f64(f, sg->score);
}

static void served_encode(const struct stet_served *sv, struct stet_buf *f)
{
	stet_buf_reset(f);
	stet_buf_addc(f, (char)sv->order);
	stet_buf_addc(f, sv->explore ? 1 : 0);
	stet_buf_put_f64(f, sv->value);
}

static void route_encode(const struct stet_route_mark *rt,
			 struct stet_buf *f)
{
	stet_buf_reset(f);
	stet_buf_addc(f, (char)rt->band);
	stet_buf_put_varint(f, rt->run);
	stet_buf_put_varint(f, rt->version);
	stet_buf_put_f64(f, rt->score);
}

void stet_event_encode(const struct stet_event *ev, struct stet_buf *b)
{
	bool routed = ev->route.band != STET_BAND_NONE;
	bool v2 = ev->suggestion.state != STET_SUGGEST_NONE ||
		  ev->served.recorded || routed || ev->has_spans;

	stet_buf_reset(b);
	stet_buf_addc(b, v2 ? EVENT_V2 : EVENT_V1);
	stet_buf_add(b, ev->uid, sizeof ev->uid);
	stet_buf_put_u64be(b, (uint64_t)ev->time_ms);
	stet_buf_put_varint(b, ev->session);
	stet_buf_put_varint(b, ev->annotator);
	stet_buf_put_varint(b, ev->item);
	stet_buf_addc(b, (char)ev->action);
	stet_buf_put_varint(b, ev->nlabels);
	for (size_t i = 0; i < ev->nlabels; i++)
		stet_buf_put_varint(b, ev->labels[i]);
	put_s(b, ev->text);
	stet_buf_put_varint(b, ev->duration_ms);
	stet_buf_put_varint(b, ev->schema_version);
	stet_buf_put_varint(b, ev->target);
	stet_buf_put_varint(b, ev->replaced);
	stet_buf_put_u64be(b, ev->prev_hash);
	if (v2) {
		struct stet_buf f;

		stet_buf_init(&f);
		stet_buf_put_varint(b, (ev->suggestion.state !=
					STET_SUGGEST_NONE) +
				    ev->served.recorded + routed +
				    ev->has_spans);
		if (ev->suggestion.state != STET_SUGGEST_NONE) {
			suggestion_encode(&ev->suggestion, &f);
			put_field(b, TAG_SUGGESTION, &f);
		}
		if (ev->served.recorded) {
			served_encode(&ev->served, &f);
			put_field(b, TAG_SERVED, &f);
		}
		if (routed) {
			route_encode(&ev->route, &f);
			put_field(b, TAG_ROUTE, &f);
		}
		if (ev->has_spans) {
			stet_buf_reset(&f);
			stet_spans_encode(ev->spans, ev->nspans, &f);
			put_field(b, TAG_SPANS, &f);
		}
		stet_buf_free(&f);
	}
}

static bool suggestion_decode(struct stet_rd *r, struct stet_suggestion *sg)
{
	uint8_t state;
	const char *model;
	size_t mlen;
	uint64_t n;

	stet_rd_u8(r, &state);
	stet_rd_str(r, &model, &mlen);
	stet_rd_varint(r, &sg->version);
	stet_rd_varint(r, &n);
	if (r->bad || state < STET_SUGGEST_SHOWN ||
	    state > STET_SUGGEST_HIDDEN || mlen > STET_SUGGEST_MODEL_MAX ||
	    n > STET_SUGGEST_MAX)
		return false;
	for (uint64_t i = 0; i < n && !r->bad; i++) {
		uint64_t l;

		stet_rd_varint(r, &l);
		sg->labels[i] = (uint32_t)l;
	}
	stet_rd_f64(r, &sg->score);
	memcpy(sg->model, model, mlen);
	sg->model[mlen] = '\0';
	sg->nlabels = (size_t)n;
	sg->state = (enum stet_suggest_state)state;
	return stet_rd_done(r);
}

static bool served_decode(struct stet_rd *r, struct stet_served *sv)
{
	uint8_t explore;

	stet_rd_u8(r, &sv->order);
	stet_rd_u8(r, &explore);
	stet_rd_f64(r, &sv->value);
	sv->explore = explore != 0;
	sv->recorded = stet_rd_done(r) && explore <= 1;
	return sv->recorded;
}

static bool route_decode(struct stet_rd *r, struct stet_route_mark *rt)
{
	stet_rd_u8(r, &rt->band);
	stet_rd_varint(r, &rt->run);
	stet_rd_varint(r, &rt->version);
	stet_rd_f64(r, &rt->score);
	return stet_rd_done(r) && rt->band >= STET_BAND_ACCEPT &&
	       rt->band <= STET_BAND_OVERLAP;
}

static bool spans_decode(struct stet_rd *r, struct stet_event *ev)
{
	/* A record holds the field once; a second would leak the first. */
	if (ev->has_spans ||
	    !stet_spans_decode(r, &ev->spans, &ev->nspans))
		return false;
	ev->has_spans = true;
	return stet_rd_done(r);
}

/* Version 2's tagged fields, to the end of the record; a spans field
 * is stepped over unless with_spans. */
static bool fields_decode(struct stet_rd *r, struct stet_event *ev,
			  bool with_spans)
{
	uint64_t n;

	stet_rd_varint(r, &n);
	for (uint64_t i = 0; i < n && !r->bad; i++) {
		uint64_t tag, len;
		struct stet_rd f;
		bool ok = true;

		stet_rd_varint(r, &tag);
		stet_rd_varint(r, &len);
		if (r->bad || len > (uint64_t)(r->end - r->p))
			return false;
		stet_rd_init(&f, r->p, (size_t)len);
		r->p += len;
		if (tag == TAG_SUGGESTION)
			ok = suggestion_decode(&f, &ev->suggestion);
		else if (tag == TAG_SERVED)
			ok = served_decode(&f, &ev->served);
		else if (tag == TAG_ROUTE)
			ok = route_decode(&f, &ev->route);
		else if (tag == TAG_SPANS && with_spans)
			ok = spans_decode(&f, ev);
		if (!ok)
			return false;
	}
	return !r->bad && n > 0;
}

static int event_decode(const void *val, size_t vlen, struct stet_event *ev,
			bool with_spans, struct stet_error *err)
{
	struct stet_rd r;
	uint8_t version, action;
	uint64_t session, annotator, item, n, duration, schema, target, t;

	/* Every field is set below; clearing the whole record (a kilobyte
	 * of label slots) on each of a million events would cost more than
	 * decoding them. */
	free(ev->text);
	ev->text = NULL;
	free(ev->spans);
	ev->spans = NULL;
	ev->nspans = 0;
	ev->has_spans = false;
	ev->id = 0;
	ev->suggestion.state = STET_SUGGEST_NONE;
	ev->suggestion.nlabels = 0;
	ev->served.recorded = false;
	ev->route.band = STET_BAND_NONE;
	stet_rd_init(&r, val, vlen);
	stet_rd_u8(&r, &version);
	if (r.bad || (version != EVENT_V1 && version != EVENT_V2) ||
	    (size_t)(r.end - r.p) < sizeof ev->uid) {
		stet_event_clear(ev);
		return stet_error_set(err, STET_ERR,
				      "event record of unknown version");
	}
	memcpy(ev->uid, r.p, sizeof ev->uid);
	r.p += sizeof ev->uid;
	stet_rd_u64be(&r, &t);
	stet_rd_varint(&r, &session);
	stet_rd_varint(&r, &annotator);
	stet_rd_varint(&r, &item);
	stet_rd_u8(&r, &action);
	stet_rd_varint(&r, &n);
	if (n > STET_MAX_LABELS)
		r.bad = true;
	for (uint64_t i = 0; i < n && !r.bad; i++) {
		uint64_t l;

		stet_rd_varint(&r, &l);
		ev->labels[i] = (uint32_t)l;
	}
	ev->text = stet_rd_opt_str(&r);
	stet_rd_varint(&r, &duration);
	stet_rd_varint(&r, &schema);
	stet_rd_varint(&r, &target);
	stet_rd_varint(&r, &ev->replaced);
	stet_rd_u64be(&r, &ev->prev_hash);
	if ((version == EVENT_V2 && !fields_decode(&r, ev, with_spans)) ||
	    !stet_rd_done(&r)) {
		stet_event_clear(ev);
		return stet_error_set(err, STET_ERR, "event record is damaged");
	}
	ev->time_ms = (int64_t)t;
	ev->session = session;
	ev->annotator = (uint32_t)annotator;
	ev->item = item;
	ev->action = action;
	ev->nlabels = (size_t)n;
	ev->duration_ms = (uint32_t)duration;
	ev->schema_version = (uint32_t)schema;
	ev->target = target;
	return STET_OK;
}

int stet_event_decode(const void *val, size_t vlen, struct stet_event *ev,
		      struct stet_error *err)
{
	return event_decode(val, vlen, ev, true, err);
}

bool stet_event_peek_action(const void *val, size_t vlen, uint8_t *action)
{
	struct stet_rd r;
	uint8_t version;
	uint64_t v;

	stet_rd_init(&r, val, vlen);
	stet_rd_u8(&r, &version);
	if (r.bad || (size_t)(r.end - r.p) < sizeof ((struct stet_event *)0)->uid)
		return false;
	r.p += sizeof ((struct stet_event *)0)->uid;
	stet_rd_u64be(&r, &v);
	stet_rd_varint(&r, &v);
	stet_rd_varint(&r, &v);
	stet_rd_varint(&r, &v);
	return stet_rd_u8(&r, action);
}

int stet_event_decode_no_spans(const void *val, size_t vlen,
			       struct stet_event *ev, struct stet_error *err)
{
	return event_decode(val, vlen, ev, false, err);
}
