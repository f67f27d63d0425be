#include <string.h>

#include "stet/buf.h"
#include "stet/history.h"

const char *stet_action_name(enum stet_action a)
{
	switch (a) {
	case STET_ACT_LABEL: return "label";
	case STET_ACT_UNLABEL: return "unlabel";
	case STET_ACT_SKIP: return "skip";
	case STET_ACT_FLAG: return "flag";
	case STET_ACT_NOTE: return "note";
	case STET_ACT_UNDO: return "undo";
	case STET_ACT_ADJUDICATE: return "adjudicate";
	case STET_ACT_ROUTE: return "route";
	case STET_ACT_SPANS: return "spans";
	}
	return "unknown";
}

int stet_sessions_each(struct stet_txn *txn, stet_session_fn fn, void *ctx,
		       struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_session s;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	memset(&s, 0, sizeof s);
	if (stet_cursor_open(txn, STET_DB_SESSIONS, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (kl != 8) {
			rc = stet_error_set(err, STET_ERR, "sessions: damaged key");
			break;
		}
		rc = stet_session_get(txn, stet_get_u64be(k), &s, err);
		if (rc == STET_OK)
			rc = fn(&s, ctx, err);
		if (rc != STET_OK)
			break;
	}
	stet_cursor_close(c);
	stet_session_clear(&s);
	return rc == STET_NOTFOUND || rc == STET_STOP ? STET_OK : rc;
}

/* only: an action, the events of others passed over undecoded; -1 all. */
static int events_each(struct stet_txn *txn, uint64_t from, bool spans,
		       int only, stet_event_fn fn, void *ctx,
		       struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_event ev;
	unsigned char key[8];
	const void *k, *v;
	size_t kl, vl;
	int rc;

	memset(&ev, 0, sizeof ev);
	if (stet_cursor_open(txn, STET_DB_EVENTS, &c, err) != STET_OK)
		return STET_ERR;
	stet_u64be(key, from);
	for (rc = stet_cursor_seek(c, from ? key : NULL, from ? 8 : 0, &k, &kl,
				   &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (kl != 8) {
			rc = stet_error_set(err, STET_ERR, "events: damaged key");
			break;
		}
		if (only >= 0) {
			uint8_t action;

			if (stet_event_peek_action(v, vl, &action) &&
			    action != only)
				continue;
		}
		rc = spans ? stet_event_decode(v, vl, &ev, err) :
		     stet_event_decode_no_spans(v, vl, &ev, err);
		if (rc != STET_OK) {
			stet_error_prefix(err, "event %llu",
					  (unsigned long long)stet_get_u64be(k));
			break;
		}
		ev.id = stet_get_u64be(k);
		rc = fn(&ev, ctx, err);
		if (rc != STET_OK)
			break;
	}
	stet_cursor_close(c);
	stet_event_clear(&ev);
	return rc == STET_NOTFOUND || rc == STET_STOP ? STET_OK : rc;
}

int stet_events_each(struct stet_txn *txn, uint64_t from, stet_event_fn fn,
		     void *ctx, struct stet_error *err)
{
	return events_each(txn, from, true, -1, fn, ctx, err);
}

int stet_events_each_no_spans(struct stet_txn *txn, uint64_t from,
			      stet_event_fn fn, void *ctx,
			      struct stet_error *err)
{
	return events_each(txn, from, false, -1, fn, ctx, err);
}

int stet_events_each_action(struct stet_txn *txn, uint64_t from,
			    enum stet_action action, stet_event_fn fn,
			    void *ctx, struct stet_error *err)
{
	return events_each(txn, from, false, (int)action, fn, ctx, err);
}
