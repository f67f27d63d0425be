/* Features: an item as a sparse vector of hashed buckets, the learner's
 * input (struct stet_fvec).
 *
 * Text: the text case folded in NFC (stet_text_fold); its words (runs
 * of letters, marks and digits) and pairs of consecutive words, and its
 * character 3- to 5-grams with white space runs made one space and a
 * boundary mark before and after. Counts, then the vector scaled to
 * length 1, so that long and short texts weigh alike.
 *
 * Table rows: a numeric column gives one feature, "column", of its value
 * standardised with the mean and standard deviation of the training
 * items (struct stet_colstats); any other cell gives "column=value" of
 * value 1. Not scaled: a numeric cell's value means the same whatever
 * the other cells of its row.
 *
 * A feature's bucket is the low bits of XXH3-64 (seed 0) of its key:
 * a byte that says its kind, then its UTF-8 bytes (see features.c),
 * so the same text gives the same buckets on every machine and in every
 * version that keeps these rules; two keys of different kinds never
 * share a byte stream. Buckets that collide add up. */
#ifndef STET_FEATURES_H
#define STET_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "learner.h"
#include "stet/buf.h"
#include "stet/error.h"
#include "stet/item.h"

/* These rules as a number: a stored model records the one it was
 * trained with, since its weights mean nothing under other rules. Any
 * change to what a key holds, how it is hashed or how values are scaled
 * raises it (the pinned vectors of tests/unit/test_features.c change
 * with it). */
#define STET_FEATURES_VERSION 1

#define STET_FEATURES_BITS_MIN 18
#define STET_FEATURES_BITS_MAX 24
#define STET_FEATURES_BITS_DEFAULT 20

/* The first byte of a key: its kind. */
enum stet_feature_kind {
	STET_FEATURE_WORD = 'w',    /* a word */
	STET_FEATURE_BIGRAM = 'b',  /* two words, one space between */
	STET_FEATURE_CHARS = 'c',   /* 3 to 5 code points */
	STET_FEATURE_NUMERIC = 'n', /* a numeric column's name */
	STET_FEATURE_CELL = 'f'     /* name, 0xff, value */
};

/* The bucket of a key: XXH3-64 of kind and key[0..n), low bits. */
uint32_t stet_features_bucket(unsigned bits, enum stet_feature_kind kind,
			      const void *key, size_t n);

/* One column of a table's training items. A column is numeric when at
 * least nine in ten of its non-empty cells were numbers (optional sign,
 * digits with an optional fraction, optional exponent; ASCII, '.'
 * whatever the locale): real tables mark what is missing with "NA",
 * "?" or "-", and such a cell of a numeric column becomes a
 * column=value feature of its own, which tells the model the value is
 * missing. */
struct stet_colstat {
	char *name;
	uint64_t numbers; /* cells that were numbers */
	uint64_t others;  /* non-empty cells that were not */
	double mean;      /* of the numbers (Welford) */
	double m2;        /* sum of squared deviations from the mean */
};

struct stet_colstats {
	struct stet_colstat *col; /* in the order first seen */
	size_t n;
	size_t cap;
};

void stet_colstats_init(struct stet_colstats *cs);
void stet_colstats_free(struct stet_colstats *cs);
/* Adds a table item's cells (a text item adds nothing). */
void stet_colstats_add(struct stet_colstats *cs, const struct stet_item *it);
/* The column of that name, or NULL. */
const struct stet_colstat *stet_colstats_find(const struct stet_colstats *cs,
					      const char *name);
bool stet_colstat_numeric(const struct stet_colstat *c);
/* Population standard deviation of the numbers (0 for fewer than 2). */
double stet_colstat_sd(const struct stet_colstat *c);
/* As bytes, and back (a model keeps its statistics beside its rows).
 * decode fills cs afresh (free what it held first); on failure cs is
 * left empty. */
void stet_colstats_encode(const struct stet_colstats *cs,
			  struct stet_buf *out);
int stet_colstats_decode(const void *in, size_t len,
			 struct stet_colstats *cs, struct stet_error *err);

/* Reads a cell as a number as stet_colstat_numeric defines it. */
bool stet_features_number(const char *s, double *v);

/* Scratch reused from item to item; one per thread. */
struct stet_featurizer {
	unsigned bits;
	uint32_t *cps; /* folded code points */
	size_t ncps, capcps;
	uint32_t *flat; /* the same, white space runs made one space */
	unsigned char *kind;
	size_t *off; /* byte offset of each flat code point in utf8 */
	size_t capflat;
	struct stet_buf utf8; /* mark, flat text as UTF-8, mark */
	struct stet_buf key;
	struct stet_fvec raw; /* one entry a feature, before merging */
	uint32_t *sidx;       /* radix sort's other half */
	double *sval;
	size_t scap;
};

/* STET_ERR when bits is outside 18..24. */
int stet_featurizer_init(struct stet_featurizer *fz, unsigned bits,
			 struct stet_error *err);
void stet_featurizer_free(struct stet_featurizer *fz);

/* out gets the features of valid UTF-8 s[0..n), indices ascending and
 * distinct (out's old entries are dropped). Empty text gives none. */
int stet_features_text(struct stet_featurizer *fz, const char *s, size_t n,
		       struct stet_fvec *out, struct stet_error *err);

/* The features of an item: its text, or its cells with stats (NULL: no
 * column is numeric). */
int stet_features_item(struct stet_featurizer *fz,
		       const struct stet_item *it,
		       const struct stet_colstats *stats,
		       struct stet_fvec *out, struct stet_error *err);

#endif
