/* A learner's record read back from bytes (the `learners` database:
 * its parameters, labels and column statistics), through a project as
 * stet loads a model it goes on training; and the same bytes as one of
 * its rows of weights. */
#include <stdlib.h>

#include "common.h"
#include "../../src/core/learner.h"
#include "../../src/core/weights.h"

struct input {
	const uint8_t *data;
	size_t size;
};

static void read_back(struct stet_txn *txn, void *ctx)
{
	const struct input *in = ctx;
	struct stet_weights_state s;
	struct stet_error err;
	float *row;

	stet_weights_state_init(&s);
	if (stet_weights_state_load(txn, 1, &s, &err) == STET_OK) {
		row = malloc(stet_learner_row_floats(&s.p) * sizeof *row);
		if (row == NULL)
			abort();
		stet_learner_row_decode(&s.p, in->data, in->size, row, &err);
		free(row);
	}
	stet_weights_state_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	unsigned char key[4];

	stet_u32be(key, 1);
	fuzz_record(STET_DB_LEARNERS, key, sizeof key, data, size, read_back,
		    &in);
	return 0;
}
