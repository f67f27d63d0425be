/* stet import --gold: each record's label its known answer, the
 * format found from the content, into a single-label project and then
 * into a multi-label one. */
#include "common.h"
#include "stet/import.h"

static void gold(const char *path, const char *schema)
{
	struct stet_import_opts o = {.format = STET_FMT_AUTO, .gold = true};
	struct stet_import_result res;
	struct stet_error err;
	struct stet_store *st = fuzz_project(schema);

	stet_import_file(st, path, &o, &res, &err);
	fuzz_verify(st);
	fuzz_project_drop(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("gold", data, size);

	gold(path, FUZZ_SCHEMA);
	gold(path, "multi: yes\n" FUZZ_SCHEMA);
	return 0;
}
