/* The records derived from the events that stet reads back one at a
 * time: a gold answer (`gold`), a model's prediction for an item
 * (`predictions`) and an item's route (`routes`), each from bytes. */
#include "common.h"
#include "stet/gold.h"
#include "stet/predict.h"
#include "stet/routes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_gold g;
	struct stet_prediction p;
	struct stet_route r;
	struct stet_error err;
	uint32_t label;

	stet_gold_decode(data, size, &g, &err);
	if (stet_prediction_decode(data, size, &p, &err) == STET_OK)
		stet_prediction_top(&p, &label);
	stet_route_decode(data, size, &r, &err);
	return 0;
}
