/* stet salvage: a new project rebuilt from what a damaged project file
 * still holds. The schema, settings, team, sessions, items (each
 * checked against its content hash) and gold answers are copied as far
 * as they read; the event log is replayed into the new project, event
 * by event, as far as its records read and the hash chain vouches for
 * them, so that everything derived from the events (the labels that
 * stand, skips, decisions, spans, routes, the queue's counts) is made
 * anew and `stet verify` of the new project passes. */
#ifndef STET_SALVAGE_H
#define STET_SALVAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

struct stet_salvage_result {
	/* How each database read (stet/store.h): records and faults. */
	struct stet_salvage_read meta, annotators, sessions, items, gold,
		models, predictions, learners, weights, events;
	uint32_t schema_version; /* 0: the current schema read; else the
				  * stored version that stands in for it */
	uint64_t items_kept;
	uint64_t items_damaged;   /* records that do not decode or whose
				   * content no longer matches its hash */
	uint64_t annotators_kept;
	uint64_t annotators_made; /* stand-ins for annotators lost whose
				   * events were kept ("lost-N") */
	uint64_t sessions_kept;
	uint64_t sessions_damaged;
	uint64_t sessions_made;   /* stand-ins for sessions lost */
	uint64_t other_kept;      /* gold answers, models, predictions,
				   * learners and weights */
	uint64_t other_damaged;
	uint64_t events_last;     /* the greatest event id read */
	uint64_t events_total;    /* the events the file held: its own
				   * count of them, or events_last */
	uint64_t events_kept;     /* replayed into the new project */
	uint64_t events_unchecked; /* of those, the head of the log, which
				    * no next event vouches for */
	uint64_t events_unvouched; /* lost: their next event is lost or
				    * damaged, so none vouches for them */
	uint64_t events_unread;   /* of events_total, never read */
	uint64_t events_undecodable;
	uint64_t events_chain;    /* records the next event's hash disowns */
	uint64_t events_no_item;  /* on an item that was lost */
	uint64_t events_no_target; /* undos of an event not kept */
};

/* Creates new_path (refused if it exists) from the project file at
 * damaged, which is only read (stet_store_salvage), in one write
 * transaction: on any failure new_path is removed. STET_ERR when not
 * even a schema can be read. An event is kept when its record decodes
 * (to an action stet has) and the next event's hash of it matches, or
 * when it is the last event read (the head of the log, which no event
 * vouches for); it is dropped, and counted, when no next event can
 * vouch for it (its next is lost or damaged), when the next event
 * disowns it, when its item is lost, or when it undoes an event that
 * was dropped. Kept events get ids 1..N in their order, keep their
 * uids (a merge still knows them), and form a new hash chain. */
int stet_salvage(const char *damaged, const char *new_path,
		 struct stet_salvage_result *res, struct stet_error *err);

#endif
