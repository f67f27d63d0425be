/* Project options, kept in meta under "option.NAME": how many
 * annotators label each item (overlap), the order items are served in,
 * how often gold items come and whether a wrong answer is shown, and
 * how long an item a queue hands out stays reserved for its annotator.
 * Set at creation (`stet init`) or later by a lead (`stet config`). */
#ifndef STET_OPTIONS_H
#define STET_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/annotate.h"
#include "stet/error.h"
#include "stet/queue.h"
#include "stet/store.h"

#define STET_OVERLAP_MAX 255

struct stet_options {
	uint32_t overlap;        /* annotators per item, 1..STET_OVERLAP_MAX */
	enum stet_order order;
	uint64_t seed;           /* for the shuffled order */
	uint32_t gold_rate;      /* one gold item in gold_rate served; 0 never */
	bool gold_feedback;      /* show the answer after a wrong gold label */
	uint32_t lease_minutes;  /* how long a served item stays reserved */
	/* The model whose suggestions stet label shows ("" none), and
	 * the share of items it shows them on (stet/suggest.h). */
	char suggest[STET_SUGGEST_MODEL_MAX + 1];
	double suggest_rate;
	/* The predicted orders (stet/queue.h): order_model "" the default
	 * model, order_label "" the top label. */
	enum stet_measure order_by;
	char order_model[STET_ORDER_NAME_MAX + 1];
	char order_label[STET_ORDER_NAME_MAX + 1];
	uint32_t explore_ppm;
	/* The model stet label trains as labels are saved ("" none), and
	 * the labels it needs before it chooses the items (stet/live.h). */
	char learn[STET_SUGGEST_MODEL_MAX + 1];
	uint64_t min_labels;
};

/* The defaults: overlap 1, sequential, seed 1, gold 1 in 20, feedback
 * on, leases of 10 minutes, no suggestions, shown on every item, and
 * for the predicted orders least confidence, the default model, the
 * top label, no exploring; no learning, and 20 labels before a model
 * that learns chooses. */
void stet_options_default(struct stet_options *o);
/* The order o asks for. */
void stet_options_order(const struct stet_options *o,
			struct stet_order_spec *spec);
/* The project's options: stored values over the defaults. */
int stet_options_load(struct stet_txn *txn, struct stet_options *o,
		      struct stet_error *err);

/* The option names, in the order `stet config` lists them. */
extern const char *const stet_option_names[];
extern const size_t stet_noptions;

/* Sets one option from text, checked ("overlap" takes 1..255, "order"
 * sequential or shuffled, "gold_feedback" on or off, ...); an unknown
 * name or a bad value is an error that says what is accepted. */
int stet_option_set(struct stet_txn *txn, const char *name,
		    const char *value, struct stet_error *err);
/* Whether stet_option_set would take name and value, without writing:
 * STET_OK, or STET_ERR with its message. */
int stet_option_check(const char *name, const char *value,
		      struct stet_error *err);
/* The value of option i of o, as text. */
const char *stet_option_text(const struct stet_options *o, size_t i,
			     char *buf, size_t len);

#endif
