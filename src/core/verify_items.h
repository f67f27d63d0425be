/* stet verify's look at the items: each record decodes, and its
 * content still gives the hash stored with it. */
#ifndef STET_VERIFY_ITEMS_H
#define STET_VERIFY_ITEMS_H

#include "stet/error.h"
#include "stet/store.h"

/* Calls found with a message (owned by found) for each item record that
 * does not decode or whose content no longer matches its hash: a byte
 * changed in the file behind stet's back. STET_ERR only when the items
 * cannot be read. */
int verify_items(struct stet_txn *txn, void (*found)(void *ctx, char *msg),
		 void *ctx, struct stet_error *err);

#endif
