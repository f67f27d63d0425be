/* The route that stands for an item (stet route, stet/route.h) and
 * what a band asks of people: what the write path, the queue, progress
 * and stet verify read of routing.
 *
 * `routes`: item id (8 bytes, big-endian) -> the band (1 byte) and the
 * id of the ROUTE event that set it (varint).
 *
 * How many people an item needs (its required count) follows from its
 * route: ACCEPT none, SPOT and ONE one, OVERLAP and no route the
 * project's overlap; never more than the overlap. */
#ifndef STET_ROUTES_H
#define STET_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

/* How stet route decided for an item, by the top score of a model's
 * prediction: the model's label stands and no person is needed
 * (ACCEPT), or it stands and one person checks it (SPOT), or one
 * person labels it (ONE), or the project's overlap does (OVERLAP). A
 * ROUTE event carries it (stet/annotate.h). */
enum stet_band {
	STET_BAND_NONE = 0,
	STET_BAND_ACCEPT = 1,
	STET_BAND_SPOT = 2,
	STET_BAND_ONE = 3,
	STET_BAND_OVERLAP = 4
};

/* The standing route of an item. */
struct stet_route {
	enum stet_band band; /* STET_BAND_NONE: no route stands */
	uint64_t event;      /* the ROUTE event that set it */
};

/* STET_NOTFOUND when no route stands for item. */
int stet_route_get(struct stet_txn *txn, uint64_t item, struct stet_route *r,
		   struct stet_error *err);
int stet_route_decode(const void *val, size_t vlen, struct stet_route *r,
		      struct stet_error *err);
/* Sets (band not NONE) or clears item's standing route. */
int stet_route_put(struct stet_txn *txn, uint64_t item, enum stet_band band,
		   uint64_t event, struct stet_error *err);

/* The people an item routed to band needs, at the project's overlap. */
uint32_t stet_band_required(enum stet_band band, uint32_t overlap);
/* Whether going from band `from` to band `to` can ask more people of
 * the item than before, whatever the overlap: the item must then be
 * findable by the queue wherever its order has got to. */
bool stet_band_raises(enum stet_band from, enum stet_band to);
/* The band of a top score (spot only picks SPOT over ACCEPT). */
enum stet_band stet_band_of(double top, double accept, double review,
			    bool spot);
/* "accept", "spot", "one", "overlap"; "none" for NONE. */
const char *stet_band_name(enum stet_band band);

/* Where an item with count standing values is kept in `pending`
 * (stet/pending.h): at its count, or at STET_PENDING_MET when its band
 * asks a fixed number of people (ACCEPT none, SPOT and ONE one) and
 * that many values stand. No overlap reaches that count, so the queue,
 * which walks `pending` below the overlap, never passes over the items
 * the routes say are done, however many there are. */
#define STET_PENDING_MET 255
uint32_t stet_band_pending(enum stet_band band, uint32_t count);

/* How many items a model accepted (band ACCEPT), kept in meta
 * "routes.accept" by the write path as routes change, so that counting
 * what people are owed never walks `routes`. */
int stet_routes_accepted(struct stet_txn *txn, uint64_t *n,
			 struct stet_error *err);
/* Keeps that number as an item's route goes from band `from` to `to`. */
int stet_routes_accepted_move(struct stet_txn *txn, enum stet_band from,
			      enum stet_band to, struct stet_error *err);

/* item's required count: by its standing route at overlap. */
int stet_required(struct stet_txn *txn, uint64_t item, uint32_t overlap,
		  uint32_t *required, struct stet_error *err);

#endif
