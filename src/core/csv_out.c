/* CSV as stet writes it (RFC 4180 quoting) and the header names of its
 * CSV export. */
#include <string.h>

#include "csv_out.h"

static bool needs_quotes(const char *s)
{
	if (*s == ' ' || (*s && s[strlen(s) - 1] == ' '))
		return true;
	return strpbrk(s, ",\"\r\n") != NULL;
}

void csv_out_field(struct stet_buf *b, const char *s, bool first)
{
	if (!first)
		stet_buf_addc(b, ',');
	if (!needs_quotes(s)) {
		stet_buf_adds(b, s);
		return;
	}
	stet_buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			stet_buf_addc(b, '"');
		stet_buf_addc(b, *s);
	}
	stet_buf_addc(b, '"');
}

/* The header names stet's own columns id, final and label:ANNOTATOR;
 * an item field that would take one of those names (or begin with
 * field:, the escape itself) is written as field:NAME, so no name
 * appears twice and a tool can tell the fields from the labels. */
void csv_out_field_column(struct stet_buf *b, const char *name)
{
	struct stet_buf n;

	if (strcmp(name, "id") != 0 && strcmp(name, "final") != 0 &&
	    strncmp(name, "label:", 6) != 0 && strncmp(name, "field:", 6) != 0) {
		csv_out_field(b, name, false);
		return;
	}
	stet_buf_init(&n);
	stet_buf_adds(&n, "field:");
	stet_buf_adds(&n, name);
	csv_out_field(b, n.data, false);
	stet_buf_free(&n);
}

void csv_out_label_column(struct stet_buf *b, const char *annotator)
{
	struct stet_buf n;

	stet_buf_init(&n);
	stet_buf_adds(&n, "label:");
	stet_buf_adds(&n, annotator);
	csv_out_field(b, n.data, false);
	stet_buf_free(&n);
}

