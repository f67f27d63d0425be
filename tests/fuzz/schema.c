/* The schema file (stet init --schema FILE, stet(5)), and the same
 * bytes as a list of labels (stet init --labels LIST). */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "stet/schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_schema s;
	struct stet_error err;
	char *list;

	stet_schema_init(&s);
	stet_schema_parse(&s, (const char *)data, size, "schema", &err);
	stet_schema_free(&s);
	if (memchr(data, '\0', size) != NULL)
		return 0;
	list = malloc(size + 1);
	if (list == NULL)
		abort();
	memcpy(list, data, size);
	list[size] = '\0';
	stet_schema_init(&s);
	stet_schema_from_list(&s, list, &err);
	stet_schema_free(&s);
	free(list);
	return 0;
}
