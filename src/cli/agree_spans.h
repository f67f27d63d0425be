/* stet agree on span and token labels: the report's "spans" object
 * (exact and partial F1, token kappa on IOB2 tags, unitizing alpha,
 * per pair, label and session) and its "tokens" object (the item-level
 * report with the token as the unit), and their text and CSV. */
#ifndef STET_AGREE_SPANS_H
#define STET_AGREE_SPANS_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "stet/ratings.h"
#include "stet/schema.h"
#include "stet/store.h"

/* The item-level report of a ratings matrix (cmd_agree.c's). */
typedef json_t *(*agree_report_fn)(const struct stet_project_ratings *pr,
				   void *ctx);

/* Adds "spans" to o when the schema has span labels and "tokens" when
 * it has token labels, and with `by` the same to each of o's "slices"
 * (a slice only span or token labels have is made, with its "notes").
 * The annotators and time window are ro's; notes go to o's "notes". */
int agree_spans_add(struct stet_store *st, const struct stet_ratings_opts *ro,
		    const char *by, const struct stet_schema *schema,
		    json_t *o, agree_report_fn report, void *ctx,
		    struct stet_error *err);

/* The report o's "spans" and "tokens" sections as text or Markdown. */
void agree_print_spans(FILE *out, json_t *o, bool markdown);

/* Their CSV rows (scope spans, spans-pair, spans-label, spans-session;
 * the tokens report's rows with scope prefixed "tokens-"). */
void agree_spans_csv(FILE *out, json_t *o, const char *slice);

#endif
