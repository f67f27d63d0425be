/* The write path for annotations: annotators, sessions, and the
 * append-only, hash-chained event log with the `current` state derived
 * from it in the same transaction. */
#ifndef STET_ANNOTATE_H
#define STET_ANNOTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/buf.h"
#include "stet/error.h"
#include "stet/routes.h"
#include "stet/store.h"

struct stet_span; /* stet/spans.h */

enum stet_role {
	STET_ROLE_ANNOTATOR = 0,
	STET_ROLE_LEAD = 1,
	STET_ROLE_REMOVED = 2, /* no longer on the team; their work stays */
	/* A model that labels items itself (stet route), named
	 * "model:NAME": never served items, never counted among people. */
	STET_ROLE_AUTOMATIC = 3
};

/* Names that begin so are kept for automatic annotators. */
#define STET_AUTOMATIC_PREFIX "model:"

struct stet_annotator {
	uint32_t id;
	char *name;
	enum stet_role role;
};

/* Finds name, or adds it with role. *created says which. A name that
 * begins with STET_AUTOMATIC_PREFIX is made only with the automatic
 * role, and one without it never is; an automatic annotator is found
 * only with that role, and a person only with another. */
int stet_annotator_ensure(struct stet_txn *txn, const char *name,
			  enum stet_role role, uint32_t *id, bool *created,
			  struct stet_error *err);
/* Every annotator, in id order, so that list[i].id == i + 1. Free with
 * stet_annotators_free. */
int stet_annotators_load(struct stet_txn *txn, struct stet_annotator **list,
			 size_t *n, struct stet_error *err);
void stet_annotators_free(struct stet_annotator *list, size_t n);

struct stet_session {
	uint64_t id;
	uint32_t annotator;
	int64_t start_ms;
	int64_t end_ms;  /* 0 while open */
	char *host;
	char *tty;
	char *name;      /* the name a session had where it was made, or NULL */
	uint32_t schema_version;
};

void stet_session_clear(struct stet_session *s);
/* Stores a new session and sets s->id. */
int stet_session_add(struct stet_txn *txn, struct stet_session *s,
		     struct stet_error *err);
/* Rewrites an existing session (its end, say). */
int stet_session_put(struct stet_txn *txn, const struct stet_session *s,
		     struct stet_error *err);
int stet_session_get(struct stet_txn *txn, uint64_t id,
		     struct stet_session *s, struct stet_error *err);
/* The session's name as annotation records carry it: its own name, or
 * its id in decimal. out holds 32 bytes or more. */
const char *stet_session_label(const struct stet_session *s, char *out,
			       size_t outlen);

enum stet_action {
	STET_ACT_LABEL = 1,
	STET_ACT_SKIP = 2,
	STET_ACT_FLAG = 3,
	STET_ACT_NOTE = 4,
	STET_ACT_UNDO = 5,
	STET_ACT_ADJUDICATE = 6,
	STET_ACT_UNLABEL = 7,
	STET_ACT_ROUTE = 8,
	/* The item's whole span set after a change to it (stet/spans.h) */
	STET_ACT_SPANS = 9
};

#define STET_MAX_LABELS 256

/* What a model suggested for the item when a LABEL was given (stet
 * label --suggest): shown on the screen, pre-selected, or hidden, as
 * --suggest-rate keeps it from a share of the items so that agreement
 * with the model can be measured without its influence. NONE: no model
 * had a suggestion to make, or none was asked for. */
enum stet_suggest_state {
	STET_SUGGEST_NONE = 0,
	STET_SUGGEST_SHOWN = 1,
	STET_SUGGEST_HIDDEN = 2
};

/* The suggested set holds at most this many labels: those a model
 * scores above one half in a multi-label schema, its top label in a
 * single-label one. */
#define STET_SUGGEST_MAX 64
#define STET_SUGGEST_MODEL_MAX 200 /* bytes of a model name, as STET_NAME_MAX */

struct stet_suggestion {
	enum stet_suggest_state state;
	char model[STET_SUGGEST_MODEL_MAX + 1];
	uint64_t version;   /* the model version of the prediction */
	uint32_t labels[STET_SUGGEST_MAX];
	size_t nlabels;
	double score;       /* the top label's score */
};

/* How the queue came to serve the item a LABEL or SKIP is about: its
 * order, and that order's value for the item (an uncertainty, a score;
 * NaN when the order has none), or an explore draw. recorded false:
 * the event says nothing of it (events before it was kept). */
struct stet_served {
	bool recorded;
	uint8_t order;      /* enum stet_order of stet/queue.h */
	bool explore;       /* served at random, off the order */
	double value;
};

/* A ROUTE event's decision (stet/route.h). */
struct stet_route_mark {
	uint8_t band;     /* enum stet_band; NONE on any other event */
	uint64_t run;     /* the stet route run, from 1 */
	uint64_t version; /* the model version of the prediction */
	double score;     /* its top score */
};

struct stet_event {
	uint64_t id;         /* assigned on append, monotonic */
	unsigned char uid[16]; /* globally unique, for merging copies */
	int64_t time_ms;
	uint64_t session;
	uint32_t annotator;
	uint64_t item;
	enum stet_action action;
	uint32_t labels[STET_MAX_LABELS]; /* label ids, for LABEL/ADJUDICATE */
	size_t nlabels;
	char *text;          /* note or flag text, or NULL; owned */
	uint32_t duration_ms;
	uint32_t schema_version;
	uint64_t target;     /* UNDO: the event undone */
	/* LABEL/UNLABEL: the event whose value stood for this item and
	 * annotator before this one (0: none), set on append; SPANS: the
	 * SPANS that stood for them; ADJUDICATE: the ADJUDICATE that
	 * stood in `final`; ROUTE: the ROUTE that stood for the item.
	 * Undoing this event restores that
	 * one's value. */
	uint64_t replaced;
	uint64_t prev_hash;  /* hash of the previous event's record */
	struct stet_suggestion suggestion;
	struct stet_served served;
	struct stet_route_mark route; /* ROUTE: the decision */
	/* SPANS: the item's span set after the change, in the order of
	 * stet_span_set_normalize (append sorts it); ADJUDICATE: the lead's
	 * spans when has_spans. Owned (stet_xmalloc), freed by
	 * stet_event_clear; has_spans with nspans 0 is the empty set. */
	struct stet_span *spans;
	size_t nspans;
	bool has_spans;
};

void stet_event_clear(struct stet_event *ev);
/* The stored record of ev (annotate_event.c): version 1 when it has
 * neither a suggestion, a served order, a route nor spans, else
 * version 2, which adds them as tagged fields after version 1's. */
void stet_event_encode(const struct stet_event *ev, struct stet_buf *b);
/* Appends ev: sets id, uid (random unless already set), replaced and
 * prev_hash, writes it, and updates `current` to match: LABEL sets the
 * value, UNLABEL clears it, UNDO of the standing event restores the value
 * it replaced; ROUTE sets the item's route in `routes` (stet/route.h),
 * and its UNDO restores the one it replaced; SPANS sets the annotator's
 * set in `spans` (its replaced: the SPANS event that stood), an
 * ADJUDICATE with spans the item's in `span_final`, and the UNDO of
 * either restores the set that stood before; other actions leave
 * `current` alone. A SPANS event must carry a set (has_spans) whose
 * spans have start < end and tok_start <= tok_end: whether they fit
 * the item and the schema is stet_spans_check's to say. */
int stet_event_append(struct stet_txn *txn, struct stet_event *ev,
		      struct stet_error *err);
/* The hash the event after event `id` holds of its stored record. */
uint64_t stet_event_hash(const void *record, size_t len, uint64_t id);
int stet_event_get(struct stet_txn *txn, uint64_t id, struct stet_event *ev,
		   struct stet_error *err);
int stet_event_decode(const void *val, size_t vlen, struct stet_event *ev,
		      struct stet_error *err);
/* stet_event_decode stepping over an event's spans instead of decoding
 * them (has_spans false, spans NULL): for walks that never read them,
 * which a log of span events would otherwise spend most on. */
/* The action of a stored event record, read without decoding the rest
 * (false when the record is too short to hold one): for walks that pass
 * most events over. */
bool stet_event_peek_action(const void *val, size_t vlen, uint8_t *action);
int stet_event_decode_no_spans(const void *val, size_t vlen,
			       struct stet_event *ev, struct stet_error *err);

/* The value that stands for (item, annotator). */
struct stet_current {
	uint32_t labels[STET_MAX_LABELS];
	size_t nlabels;
	uint64_t event;
};
int stet_current_get(struct stet_txn *txn, uint64_t item, uint32_t annotator,
		     struct stet_current *cur, struct stet_error *err);
int stet_current_decode(const void *val, size_t vlen,
			struct stet_current *cur, struct stet_error *err);
/* The adjudicated value of item: the last ADJUDICATE not undone, kept in
 * `final` (item id -> the same record as `current`). STET_NOTFOUND when
 * no lead has decided the item. */
int stet_final_get(struct stet_txn *txn, uint64_t item,
		   struct stet_current *cur, struct stet_error *err);
/* Whether cur, as `final` holds it, is a decision on the item's labels.
 * A decision on spans alone stands in `final` too (it keeps the labels
 * of a decision standing before it, so that undo can put either back):
 * it is no decision on labels, which only a decision without spans
 * among those it replaced makes. Reads the events only for a value
 * with no labels. */
int stet_final_decides_labels(struct stet_txn *txn,
			      const struct stet_current *cur, bool *yes,
			      struct stet_error *err);
/* stet_final_get of a decision on the item's labels alone:
 * STET_NOTFOUND also where only its spans are decided. */
int stet_final_labels_get(struct stet_txn *txn, uint64_t item,
			  struct stet_current *cur, struct stet_error *err);
/* Whether a skip by annotator stands for item (one not undone). Skips
 * live in `skips`, keyed like `current`, valued with the skip's event
 * id, so that an item skipped counts as seen but never as a value. */
int stet_skip_get(struct stet_txn *txn, uint64_t item, uint32_t annotator,
		  bool *skipped, struct stet_error *err);
/* Fills `skips` from the events: the migration to format 3. */
int stet_skips_rebuild(struct stet_txn *txn, struct stet_error *err);

/* Key layout of `current`: item id then annotator id, big-endian. */
void stet_current_key(unsigned char key[12], uint64_t item,
		      uint32_t annotator);
/* Calls fn for each entry of item in db (a database keyed like
 * `current`), in annotator order, until fn returns other than STET_OK. */
typedef int (*stet_item_entry_fn)(uint32_t annotator, const void *val,
				  size_t vlen, void *ctx);
int stet_item_entries(struct stet_txn *txn, enum stet_db db, uint64_t item,
		      stet_item_entry_fn fn, void *ctx, struct stet_error *err);
/* How many annotators have a standing value on item (in `current`). */
int stet_current_count(struct stet_txn *txn, uint64_t item, uint32_t *n,
		       struct stet_error *err);

#endif
