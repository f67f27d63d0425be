/* A theme file (stet label --theme PATH, stet(5) "THEME FILES"), and
 * the same bytes as a label's colour in a schema. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "../../src/tui/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme t;
	struct stet_error err;
	char *colour;
	short c8, c256;

	memset(&t, 0, sizeof t);
	theme_load(&t, fuzz_file("fuzz.theme", data, size), &err);
	theme_free(&t);
	if (size > 64 || memchr(data, '\0', size) != NULL)
		return 0;
	colour = malloc(size + 1);
	if (colour == NULL)
		abort();
	memcpy(colour, data, size);
	colour[size] = '\0';
	theme_colour_parse(colour, &c8, &c256);
	free(colour);
	return 0;
}
