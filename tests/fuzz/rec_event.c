/* An event record read back from bytes (the `events` database): one
 * that decodes must encode to a record that decodes to the same
 * record, and hashes as the chain does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "stet/annotate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_event ev = {0}, back = {0};
	struct stet_buf a, b;
	struct stet_error err;

	stet_buf_init(&a);
	stet_buf_init(&b);
	(void)stet_event_hash(data, size, 1);
	if (stet_event_decode(data, size, &ev, &err) == STET_OK) {
		stet_event_encode(&ev, &a);
		if (stet_event_decode(a.data, a.len, &back, &err) != STET_OK) {
			fprintf(stderr, "fuzz: re-encoded event: %s\n", err.msg);
			abort();
		}
		stet_event_encode(&back, &b);
		if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
			fprintf(stderr, "fuzz: an event record reads back otherwise\n");
			abort();
		}
	}
	stet_event_clear(&ev);
	stet_event_clear(&back);
	stet_buf_free(&a);
	stet_buf_free(&b);
	return 0;
}
