/* Whether the queue can reach every item that still needs a label: the
 * invariant stet verify checks beside the derived databases. For the
 * core only (verify.c). */
#ifndef STET_REACH_H
#define STET_REACH_H

#include <stdint.h>

#include "stet/error.h"
#include "stet/store.h"

/* Called for each item the queue cannot reach; why is valid for the
 * call only. */
typedef void (*stet_unreachable_fn)(void *ctx, uint64_t item,
				    const char *why);

/* Calls fn for every item that is not gold and has fewer standing
 * values than it requires (the project's overlap, or fewer as its
 * route says: stet/route.h), yet is neither in `pending` at
 * its count nor (at count 0) at or beyond every frontier of every
 * order the queue has walked: an item no annotator would be served.
 * STET_ERR only when the project cannot be read. */
int stet_reach_check(struct stet_txn *txn, stet_unreachable_fn fn, void *ctx,
		     struct stet_error *err);

#endif
