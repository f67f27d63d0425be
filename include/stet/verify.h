/* Auditing a project: the event log's key sequence and hash chain, the
 * derived databases (current, skips, final, pending) rebuilt in memory
 * from the events by the rules of annotate.c and compared with the
 * stored ones in both directions, and the queue's invariant: every item
 * below its overlap can be served, and every item record against the
 * content hash stored with it. Reads only; one read transaction. */
#ifndef STET_VERIFY_H
#define STET_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

enum stet_verify_kind {
	STET_VERIFY_SEQUENCE = 0, /* event ids not 1..N without a gap */
	STET_VERIFY_RECORD,       /* an event record that does not decode */
	STET_VERIFY_CHAIN,        /* a record the next event's hash disowns */
	STET_VERIFY_HISTORY,      /* an event that contradicts those before it */
	STET_VERIFY_DERIVED,      /* a derived database differs from the events */
	STET_VERIFY_QUEUE,        /* an item below its overlap the queue
				   * cannot reach */
	STET_VERIFY_ITEM          /* an item record that does not decode, or
				   * whose content no longer gives its hash */
};

/* One fault. event is where it starts: for SEQUENCE the first missing
 * id; RECORD the event that does not decode; CHAIN the event whose
 * record no longer matches the hash the next event holds (the edited
 * one); HISTORY the contradicting event; DERIVED the event that set the
 * value the events give, or 0 when no event sets it (a stored entry
 * the events do not justify); QUEUE and ITEM 0. */
struct stet_verify_finding {
	enum stet_verify_kind kind;
	const char *db;  /* DERIVED: the database ("current"); else NULL */
	uint64_t event;
	char *msg;       /* owned by the report; names the event or key */
};

/* Faults of one kind (or, for derived differences, of one database):
 * how many, and the first event where they start. */
struct stet_verify_tally {
	const char *name; /* "sequence", "record", "chain", "history", a
			   * derived database's name, "queue" or "item";
			   * static */
	uint64_t count;
	uint64_t first;   /* the smallest event of its findings; 0: none
			   * sets it (or count is 0) */
};

#define STET_VERIFY_MAX_TALLY 16

struct stet_verify_report {
	uint64_t events;  /* event records read */
	uint64_t last;    /* the last event's id; 0 when there is none */
	/* XXH3 of the last event's record seeded with its id: the hash the
	 * next event will hold. No chain reveals an edit of the last event;
	 * a head noted earlier does. 0 when there are no events. */
	uint64_t head;
	uint64_t total;   /* faults found, all kinds */
	struct stet_verify_finding *findings; /* the first max_findings */
	size_t nfindings;
	/* Every kind, in a fixed order, including those with no fault. */
	struct stet_verify_tally tally[STET_VERIFY_MAX_TALLY];
	size_t ntally;
};

/* Verifies the project. Returns STET_OK when the check ran, whatever it
 * found (rep->total says), and STET_ERR only when it could not read the
 * project. Keeps at most max_findings findings (all are counted). Free
 * rep with stet_verify_report_free, after either outcome. */
int stet_verify(struct stet_store *st, size_t max_findings,
		struct stet_verify_report *rep, struct stet_error *err);
/* The same inside a read transaction the caller holds. */
int stet_verify_txn(struct stet_txn *txn, size_t max_findings,
		    struct stet_verify_report *rep, struct stet_error *err);
void stet_verify_report_free(struct stet_verify_report *rep);

/* "sequence", "record", "chain", "history", "derived", "queue" or
 * "item". */
const char *stet_verify_kind_name(enum stet_verify_kind kind);

#endif
