/* Looking back over what a project holds: its sessions and events,
 * walked in id order, and the names actions go by. For the modules that
 * read the log rather than append to it (clone, merge, the import of
 * annotations, session labels, stet log and stet verify), so that a
 * damaged key or record is reported the same way by each. */
#ifndef STET_HISTORY_H
#define STET_HISTORY_H

#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/store.h"

/* "label", "unlabel", "skip", "flag", "note", "undo", "adjudicate";
 * "unknown" for a value no action has. A static string. */
const char *stet_action_name(enum stet_action a);

/* Called once a session, s valid for the call only. STET_OK goes on,
 * STET_STOP ends the walk early; any other status ends it and is
 * returned as it is (STET_MAPFULL included). */
typedef int (*stet_session_fn)(const struct stet_session *s, void *ctx,
			       struct stet_error *err);

/* Calls fn on every session of txn, in id order. STET_OK at the end or
 * on STET_STOP; STET_ERR with "sessions: damaged key" for a key that
 * is not a session id. fn must not write to txn's sessions. */
int stet_sessions_each(struct stet_txn *txn, stet_session_fn fn, void *ctx,
		       struct stet_error *err);

/* Called once an event, decoded, ev->id set. ev belongs to the walk and
 * is reused for the next event: fn may change it (to append it to
 * another project, say) but must copy what it keeps, or take it (ev->
 * spans, leaving NULL and 0 there). The status as for
 * stet_session_fn. */
typedef int (*stet_event_fn)(struct stet_event *ev, void *ctx,
			     struct stet_error *err);

/* Calls fn on every event of txn from id `from` on (0: from the first),
 * in id order. STET_OK at the end or on STET_STOP; STET_ERR with
 * "events: damaged key" for a key that is not an event id, or with
 * "event N: ..." for a record that does not decode. fn must not write
 * to txn's events. */
int stet_events_each(struct stet_txn *txn, uint64_t from, stet_event_fn fn,
		     void *ctx, struct stet_error *err);
/* stet_events_each for walks that never read an event's spans: each
 * is decoded by stet_event_decode_no_spans. */
int stet_events_each_no_spans(struct stet_txn *txn, uint64_t from,
			      stet_event_fn fn, void *ctx,
			      struct stet_error *err);
/* stet_events_each_no_spans of the events of one action alone: the
 * others are passed over by their action, not decoded (nor checked). */
int stet_events_each_action(struct stet_txn *txn, uint64_t from,
			    enum stet_action action, stet_event_fn fn,
			    void *ctx, struct stet_error *err);

#endif
