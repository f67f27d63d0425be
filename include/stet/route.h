/* Routing items by a model's confidence (stet route). Each item with a
 * prediction of the model, not gold and with no value a person gave,
 * falls in a band by the prediction's top score t:
 *
 *   t >= accept        ACCEPT: the model's label stands, given by the
 *                      automatic annotator "model:NAME"; no person is
 *                      served the item, except a seeded share of these
 *                      kept as SPOT checks, which one person labels;
 *   review <= t < accept  ONE: one person labels it;
 *   t < review         OVERLAP: the project's overlap, as before.
 *
 * Each decision is a ROUTE event of the automatic annotator (its
 * labels: the model's, for ACCEPT and SPOT), and the one that stands
 * for an item is kept in `routes` (stet/routes.h), which the queue,
 * progress and stet verify's reach check count standing values
 * against. A run's events are written in one transaction and taken
 * back as a whole, each by an UNDO, in another; an undone ROUTE puts
 * back the route it replaced, or none. */
#ifndef STET_ROUTE_H
#define STET_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/routes.h"
#include "stet/store.h"

/* ---- a run (route.c) ---- */

/* The ROUTE event whose label, the model's, stands on item (routed
 * ACCEPT or SPOT) in *ev; STET_NOTFOUND when none does. */
int stet_route_labeled(struct stet_txn *txn, uint64_t item,
		       struct stet_event *ev, struct stet_error *err);
/* The id of that event alone, as stet_current_get gives a value's. */
int stet_route_standing(struct stet_txn *txn, uint64_t item, uint64_t *event,
			struct stet_error *err);

struct stet_route_opts {
	const char *model;     /* the model whose predictions decide */
	double accept, review; /* 0 <= review <= accept <= 1 */
	double spot;           /* the share of ACCEPT items kept as SPOT */
	uint64_t seed;         /* which of them */
	bool dry_run;          /* count, write nothing */
	int64_t now_ms;
	const char *host, *tty; /* for the run's session */
};

struct stet_route_result {
	uint64_t run;           /* 0 for a dry run */
	uint64_t version;       /* of the model */
	char annotator[STET_SUGGEST_MODEL_MAX + sizeof STET_AUTOMATIC_PREFIX];
	uint64_t band[5];       /* items per enum stet_band (SPOT counted
				 * apart from ACCEPT) */
	uint64_t no_prediction; /* plain items the model says nothing of */
	uint64_t labeled;       /* items a person has a value on: left */
	uint64_t gold;          /* gold items: left */
	uint64_t events;        /* ROUTE events written */
};

/* Decides every item's band and, unless a dry run, writes the run: a
 * session of the automatic annotator, its ROUTE events and the routes,
 * in one durable transaction. */
int stet_route_run(struct stet_store *st, const struct stet_route_opts *o,
		   struct stet_route_result *res, struct stet_error *err);

/* The last run that stands (*run 0: none) and the name of its model's
 * annotator, into annotator (len bytes). Reads meta and one event. */
int stet_route_last(struct stet_txn *txn, uint64_t *run, char *annotator,
		    size_t len, struct stet_error *err);

/* Takes back the last run that stands, in one durable transaction: an
 * UNDO of each of its ROUTE events. STET_NOTFOUND (with a message) when
 * no run stands. */
struct stet_route_undo_result {
	uint64_t run;
	char annotator[STET_SUGGEST_MODEL_MAX + sizeof STET_AUTOMATIC_PREFIX];
	uint64_t events;        /* UNDO events written */
	uint64_t band[5];       /* the undone decisions, per band */
};
int stet_route_undo(struct stet_store *st, int64_t now_ms, const char *host,
		    const char *tty, struct stet_route_undo_result *res,
		    struct stet_error *err);

/* ---- the model's accuracy on its spot checks (route_spot.c) ---- */

/* Per automatic annotator: the SPOT items that stand and that a person
 * has labeled, and on how many their value is the model's (the same
 * label, or the same set in a multi-label schema); one item counts once
 * per person who labeled it. lo and hi bound the share agreeing: the
 * 95% Wilson score interval. */
struct stet_spot_row {
	char *annotator; /* "model:NAME" */
	uint64_t checks; /* (item, person) pairs */
	uint64_t agree;
	uint64_t waiting; /* SPOT items no person has labeled yet */
	double accuracy, lo, hi;
};
int stet_spot_accuracy(struct stet_txn *txn, struct stet_spot_row **rows,
		       size_t *n, struct stet_error *err);
void stet_spot_rows_free(struct stet_spot_row *rows, size_t n);
/* The 95% Wilson score interval of k successes in n (0, 1 when n is 0). */
void stet_wilson(uint64_t k, uint64_t n, double *lo, double *hi);

#endif
