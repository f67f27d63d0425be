/* stet import of a corpus file whose format stet finds itself (the
 * name says nothing: libmagic and the first lines decide), into a
 * project with span labels (so text items get tokens), then again (the
 * same file imported twice meets its own items). */
#include "common.h"
#include "stet/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_import_opts o = {.format = STET_FMT_AUTO};
	struct stet_import_result res;
	struct stet_error err;
	struct stet_store *st = fuzz_project(FUZZ_SCHEMA);
	const char *path = fuzz_file("corpus", data, size);

	if (stet_import_file(st, path, &o, &res, &err) == STET_OK) {
		o.skip_bad = true;
		stet_import_file(st, path, &o, &res, &err);
	}
	fuzz_verify(st);
	fuzz_project_drop(st);
	return 0;
}
