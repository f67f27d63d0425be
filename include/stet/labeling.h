/* One labeling session as the TUI drives it: the annotator and their
 * session, the queue they walk, and every action recorded in its own
 * durable write transaction, so that what the screen calls saved is on
 * disk. Knows nothing of terminals. */
#ifndef STET_LABELING_H
#define STET_LABELING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/gold.h"
#include "stet/item.h"
#include "stet/live.h"
#include "stet/options.h"
#include "stet/progress.h"
#include "stet/queue.h"
#include "stet/schema.h"
#include "stet/spans.h"
#include "stet/suggest.h"
#include "stet/store.h"

struct stet_labeling_opts {
	const char *annotator;
	enum stet_order order;
	uint64_t seed;
	const char *host; /* NULL: unknown */
	const char *tty;
	bool project_order; /* the project's order and seed, not the above */
	/* The model to suggest labels (stet_suggest_off: none), and the
	 * share of items to show them on; when not given, the project's
	 * options suggest and suggest_rate. */
	bool suggest_given, suggest_rate_given;
	const char *suggest;
	double suggest_rate;
	/* When not NULL (and not project_order): the order, over order and
	 * seed; borrowed for the call to stet_labeling_open. */
	const struct stet_order_spec *spec;
	/* The model trained as labels are saved (stet/live.h). Not
	 * learn_given: the project's option learn. learn_given: learn
	 * ("off": none; NULL: the project's option learn when it names a
	 * model, else STET_LIVE_MODEL_DEFAULT). With learning, a predicted
	 * order ranks that model. min_labels 0: the project's option. */
	bool learn_given;
	const char *learn;
	uint64_t min_labels;
};

/* An action of this session that `u` can take back. */
struct stet_done {
	uint64_t event;
	uint64_t pos;
};

struct stet_labeling {
	struct stet_store *st;     /* borrowed */
	struct stet_schema schema; /* the version labels are recorded under */
	struct stet_queue queue;
	uint32_t annotator;
	struct stet_session session;
	struct stet_done *done;    /* undo stack, newest last */
	size_t ndone, capdone;
	uint64_t labeled;          /* label actions this session, for pace */
	bool unflushed;            /* a commit whose meta page may be unsynced */
	uint64_t first_event;      /* this session's first event, 0 before it */
	struct stet_options options;
	uint64_t leased;           /* the item served and leased, 0 none */
	uint64_t served;           /* items served this session */
	/* The last label recorded, when its item is gold: whether it was
	 * right, and the answer. */
	bool checked_gold, checked_right;
	struct stet_gold answer;
	/* This annotator's done and left items (stet/progress.h), as of
	 * event progress_at; kept by this session's own actions. */
	struct stet_progress progress;
	uint64_t progress_at;
	/* The model suggesting labels, and what it suggests for the item
	 * stet_labeling_get read last (suggestion_item); a LABEL on that
	 * item records it. */
	struct stet_suggester suggester;
	struct stet_suggestion suggestion;
	uint64_t suggestion_item;
	/* The model learning from this session's labels (NULL: none), and
	 * the project's order it serves in until it has seen enough. */
	struct stet_live *live;
	struct stet_queue fallback;
	/* How the item served last (how_item) was chosen. */
	uint64_t how_item;
	struct stet_served how;
};

/* Adds the annotator if new and opens a session for them (one write).
 * An order whose model or label cannot be found is STET_NOTFOUND, its
 * message naming the choices (stet_queue_open_spec). Items with no
 * prediction follow in the project's order when that is sequential or
 * shuffled. */
int stet_labeling_open(struct stet_labeling *l, struct stet_store *st,
		       const struct stet_labeling_opts *o,
		       struct stet_error *err);
/* A session commits with one disk flush (stet_store_set_meta_sync):
 * a label survives the process being killed the moment it is recorded,
 * and an operating-system crash once this has run. The screen calls it
 * whenever the annotator pauses (a second without a key), so that
 * window is that short. */
int stet_labeling_flush(struct stet_labeling *l, struct stet_error *err);
/* Ends the session (one fully synced write) and frees l. Safe to call after a failed
 * open. */
int stet_labeling_close(struct stet_labeling *l, struct stet_error *err);

/* What the screen shows at pos: the item, this annotator's standing
 * value (cur->event 0 when none), whether they skipped it, and in
 * l->suggestion what the suggesting model says of it. One read
 * transaction; *it is the caller's to clear. */
int stet_labeling_get(struct stet_labeling *l, uint64_t pos,
		      struct stet_item *it, struct stet_current *cur,
		      bool *skipped, struct stet_error *err);

/* How the item at pos was served: the order and value it was chosen
 * by when it is the item served last, else its place in the queue. */
void stet_labeling_served(const struct stet_labeling *l, uint64_t pos,
			  struct stet_served *out);

/* The next item the project serves this annotator (see stet/serve.h):
 * *found false when nothing is left for them. `exclude` is an item not
 * to get now (the one on screen when passing it over), or 0. Leases the
 * item, giving up the lease held before: one write. */
int stet_labeling_serve(struct stet_labeling *l, uint64_t exclude,
			uint64_t *pos, bool *found, struct stet_error *err);

/* Records one action on the item at pos: LABEL (labels, n: item labels
 * of the schema; none only in a schema without item labels, where it
 * says the annotator is done with the item's spans or tags), UNLABEL,
 * SKIP, FLAG or NOTE (text may be NULL), with the time the item was on
 * screen. A LABEL carries l->suggestion when it is of that item (shown,
 * hidden, or none); a LABEL or SKIP says how the queue served the item
 * (stet_queue_served). Durable when it returns STET_OK. A LABEL or SKIP also serves
 * the next item in the same transaction: *next (when not NULL) is its
 * position, or l->queue.n when nothing is left. */
int stet_labeling_record(struct stet_labeling *l, uint64_t pos,
			 enum stet_action action, const uint32_t *labels,
			 size_t n, const char *text, uint32_t duration_ms,
			 uint64_t *next, struct stet_error *err);
/* Takes back the newest action of this session still standing: an UNDO
 * event that restores what it replaced. *pos is where it happened.
 * STET_NOTFOUND when there is nothing left to undo. */
int stet_labeling_undo(struct stet_labeling *l, uint64_t *pos,
		       enum stet_action *undone, struct stet_error *err);

/* This annotator's spans on the item at pos, as they stand: an empty
 * set when there are none. One read; set is the caller's (initialised,
 * emptied here). */
int stet_labeling_spans_get(struct stet_labeling *l, uint64_t pos,
			    struct stet_span_set *set, struct stet_error *err);
/* Records the item's whole span set after a change as one SPANS event,
 * with the time the item was on screen: durable when it returns
 * STET_OK, and one step for stet_labeling_undo. The set must be
 * normalised (stet_span_set_normalize) and fit the item and the schema
 * (stet_spans_check, run in the same transaction: a set that does not
 * is STET_ERR, naming the item and the first bad span, and nothing is
 * written). Serves nothing: the item stays on screen until a LABEL (or
 * SKIP) finishes it. */
int stet_labeling_spans(struct stet_labeling *l, uint64_t pos,
			const struct stet_span_set *set, uint32_t duration_ms,
			struct stet_error *err);

/* Counts l->progress again when events were written since it was
 * counted (by other annotators, or an import): one read. */
int stet_labeling_progress(struct stet_labeling *l, struct stet_error *err);

/* The first position this annotator has neither labeled nor skipped
 * (q->n when none). */
int stet_labeling_resume(struct stet_labeling *l, uint64_t *pos,
			 struct stet_error *err);

/* Looks for needle in item text (and table cells) from pos in the
 * direction dir (+1/-1), wrapping around once, ASCII case folded.
 * *found is the position, or STET_NOTFOUND. */
int stet_labeling_search(struct stet_labeling *l, const char *needle,
			 uint64_t pos, int dir, uint64_t *found,
			 struct stet_error *err);
/* An external id, or failing that a position counted from 1. */
int stet_labeling_find(struct stet_labeling *l, const char *what,
		       uint64_t *pos, struct stet_error *err);

#endif
