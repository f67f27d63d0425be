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

/* The pieces the report's sections are made of, for the sections of
 * other files (agree_spans.c). */
#define AGREE_TABLE_COLS 8

/* One table of the report. Cells are kept as they come (names as the
 * project has them); the writer makes them safe for its format. */
struct agree_table {
	size_t ncols;
	const char *heads[AGREE_TABLE_COLS];
	const char *align; /* per column: 'l' left, 'r' right */
	char **cells;      /* nrows * ncols, owned */
	size_t nrows, cap;
};

/* align has a letter for each column, at most AGREE_TABLE_COLS. */
void agree_table_init(struct agree_table *t, const char *align,
		      const char *const *heads);
/* A new row; its cells are empty until set (cells are freed with the
 * table: give them stet_xstrdup'd strings). */
char **agree_table_row(struct agree_table *t);
/* Prints t after an empty line, and frees it. */
void agree_table_print(FILE *out, struct agree_table *t, bool markdown);
/* A number as the tables show it ("-" for null), an integer. */
char *agree_num(json_t *v);
char *agree_integer(json_t *v);
/* s made safe for the terminal or for Markdown. */
void agree_put_shown(FILE *out, const char *s, bool markdown);
/* One CSV row: scope, name, coefficient, value, items, interval,
 * slice. */
void agree_csv_row(FILE *out, const char *scope, const char *name,
		   const char *coef, json_t *value, json_t *items, json_t *iv,
		   const char *slice);

#endif
