/* A hash map from a pair of u64 to a u64, in memory: open addressing,
 * linear probing, at most half full. What merge matches a copy against
 * the project with (uids, items, sessions, item and annotator pairs). A
 * zeroed struct is an empty map. For the core only (merge.c). */
#ifndef STET_PAIRMAP_H
#define STET_PAIRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stet_pairmap_slot {
	uint64_t a, b, v;
	bool used;
};

struct stet_pairmap {
	struct stet_pairmap_slot *slots;
	size_t cap, n; /* cap a power of two, at most half full */
};

/* The value under (a, b), or NULL. Valid until the next put. */
uint64_t *stet_pairmap_find(const struct stet_pairmap *m, uint64_t a,
			    uint64_t b);
/* The value under (a, b), inserted as v when absent: *result == v tells
 * a new entry when v is one no entry holds. Valid until the next put. */
uint64_t *stet_pairmap_put(struct stet_pairmap *m, uint64_t a, uint64_t b,
			   uint64_t v);
/* Empties m, keeping its memory for reuse. */
void stet_pairmap_clear(struct stet_pairmap *m);
/* Frees m's memory; m is an empty map after. */
void stet_pairmap_free(struct stet_pairmap *m);

#endif
