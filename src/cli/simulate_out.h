/* stet simulate's report: the text form with its plot, and the JSON
 * contract of stet-simulate(1). */
#ifndef STET_SIMULATE_OUT_H
#define STET_SIMULATE_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "stet/simulate.h"

/* The JSON object of a run (the caller json_decref's it). */
json_t *simulate_json(const struct stet_sim_opts *o,
		      const struct stet_sim_result *r);
void simulate_print_text(FILE *f, const struct stet_sim_opts *o,
			 const struct stet_sim_result *r);
/* The plot alone: accuracy against labels, one mark a strategy. */
void simulate_print_plot(FILE *f, const struct stet_sim_result *r);

#endif
