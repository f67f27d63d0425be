/* stet import-predictions: a model's predictions for the items of a
 * project (ids a, b, c and 7; labels POSITIVE, NEGATIVE, NEUTRAL), read
 * in as one run of the model, then again with unknown items and
 * labels passed over (--ignore-unknown). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "stet/import.h"
#include "stet/predict.h"

static const char items[] =
	"{\"id\": \"a\", \"text\": \"A fine film.\"}\n"
	"{\"id\": \"b\", \"text\": \"A dull film.\"}\n"
	"{\"id\": \"c\", \"text\": \"A film.\"}\n"
	"{\"id\": \"7\", \"text\": \"An item with a number for its id.\"}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_import_opts io = {.format = STET_FMT_JSONL};
	struct stet_import_result ires;
	struct stet_predictions_opts o = {.model = "fuzz"};
	struct stet_predictions_result res;
	struct stet_error err;
	struct stet_store *st = fuzz_project(FUZZ_SCHEMA);
	char path[512];

	if (stet_import_file(st, fuzz_file("items.jsonl", items,
					   strlen(items)),
			     &io, &ires, &err) != STET_OK)
		abort();
	snprintf(path, sizeof path, "%s",
		 fuzz_file("predictions.jsonl", data, size));
	stet_predictions_import(st, path, &o, &res, &err);
	o.ignore_unknown = true;
	stet_predictions_import(st, path, &o, &res, &err);
	fuzz_verify(st);
	fuzz_project_drop(st);
	return 0;
}
