/* stet agree's report, built as JSON by cmd_agree.c, written as text,
 * Markdown or CSV. */
#ifndef STET_AGREE_OUT_H
#define STET_AGREE_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

/* The report o as aligned text tables, or as GitHub-flavoured Markdown
 * tables whose cells are escaped. */
void agree_print_text(FILE *out, json_t *o, bool markdown);

/* The heading of one slice of --by: "== FIELD = VALUE ==", or a
 * Markdown heading. */
void agree_print_heading(FILE *out, const char *by, const char *value,
			 bool markdown);

/* The report o as CSV: one header, then a row per coefficient. With
 * `by` (the --by field), the rows of each of o's "slices" follow, their
 * slice column holding the field's value. */
void agree_print_csv(FILE *out, json_t *o, const char *by);

#endif
