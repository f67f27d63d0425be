/* CSV (RFC 4180) and TSV with a header row, parsed by libcsv. Each row
 * is a table item with the header's column names in order, or, with a
 * text column, a text item whose other columns become its meta. TSV has
 * no quoting: a '"' in a TSV field is just a character. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>

#include "stet/reader.h"

struct row {
	char **fields;
	size_t *lens;
	size_t n, cap;
};

struct csv_state {
	struct stet_input *in;
	const struct stet_read_opts *opts;
	const struct stet_reader_cb *cb;
	struct stet_error *err;
	struct row header;
	struct row row;
	uint64_t row_line;  /* line on which the current row began */
	long text_col;      /* -1: table items */
	long id_col;        /* -1: ids from the content hash */
	long label_col;     /* -1: no label column */
	int stop;           /* a non-zero callback result, sticky */
};

static void row_clear(struct row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->fields[i]);
	r->n = 0;
}

static void row_free(struct row *r)
{
	row_clear(r);
	free(r->fields);
	free(r->lens);
	memset(r, 0, sizeof *r);
}

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void on_field(void *s, size_t len, void *data)
{
	struct csv_state *st = data;
	struct row *r = &st->row;

	if (r->n == 0)
		st->row_line = stet_input_lineno(st->in);
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->fields = stet_xrealloc(r->fields, r->cap * sizeof *r->fields);
		r->lens = stet_xrealloc(r->lens, r->cap * sizeof *r->lens);
	}
	r->fields[r->n] = stet_xstrndup(s ? s : "", s ? len : 0);
	r->lens[r->n] = s ? len : 0;
	r->n++;
}

static long column_index(const struct row *h, const char *name)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->fields[i], name) == 0)
			return (long)i;
	return -1;
}

static int no_column(struct csv_state *st, const char *name)
{
	struct stet_buf cols;

	stet_buf_init(&cols);
	for (size_t i = 0; i < st->header.n; i++) {
		if (i > 0)
			stet_buf_adds(&cols, ", ");
		stet_buf_adds(&cols, st->header.fields[i]);
	}
	stet_error_set(st->err, STET_ERR,
		       "%s: no column \"%s\" (the columns are: %s)",
		       stet_input_name(st->in), name, cols.data ? cols.data : "");
	stet_buf_free(&cols);
	return STET_ERR;
}

static int take_header(struct csv_state *st)
{
	const char *name = stet_input_name(st->in);

	st->header = st->row;
	memset(&st->row, 0, sizeof st->row);
	for (size_t i = 0; i < st->header.n; i++) {
		if (st->header.fields[i][0] == '\0')
			return stet_error_set(st->err, STET_ERR,
				"%s:%llu: column %zu of the header has no name",
				name, (unsigned long long)st->row_line, i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(st->header.fields[i], st->header.fields[j]) == 0)
				return stet_error_set(st->err, STET_ERR,
					"%s:%llu: column name \"%s\" appears twice in the header",
					name, (unsigned long long)st->row_line,
					st->header.fields[i]);
	}
	st->text_col = -1;
	if (st->opts->text_column != NULL) {
		st->text_col = column_index(&st->header, st->opts->text_column);
		if (st->text_col < 0)
			return no_column(st, st->opts->text_column);
	}
	st->label_col = -1;
	if (st->opts->label_column != NULL) {
		st->label_col = column_index(&st->header, st->opts->label_column);
		if (st->label_col < 0)
			return no_column(st, st->opts->label_column);
	}
	st->id_col = column_index(&st->header,
				  st->opts->id_column ? st->opts->id_column : "id");
	if (st->id_col < 0 && st->opts->id_column != NULL)
		return no_column(st, st->opts->id_column);
	return STET_OK;
}

static void build_item(struct csv_state *st, struct stet_item *it)
{
	json_t *meta = NULL;

	it->kind = st->text_col >= 0 ? STET_ITEM_TEXT : STET_ITEM_TABLE;
	for (size_t i = 0; i < st->row.n; i++) {
		const char *col = st->header.fields[i];
		const char *v = st->row.fields[i];

		if ((long)i == st->id_col) {
			if (v[0] != '\0')
				it->ext_id = stet_xstrdup(v);
		} else if ((long)i == st->text_col) {
			it->text = stet_xstrndup(v, st->row.lens[i]);
		} else if ((long)i == st->label_col) {
			if (v[0] != '\0')
				it->label = stet_xstrndup(v, st->row.lens[i]);
		} else if (st->text_col >= 0) {
			if (meta == NULL)
				meta = json_object();
			json_object_set_new(meta, col,
				json_stringn(v, st->row.lens[i]));
		} else {
			stet_item_add_field(it, col, strlen(col), v,
					    st->row.lens[i]);
		}
	}
	if (meta != NULL) {
		char *s = json_dumps(meta, JSON_COMPACT);

		if (s != NULL) {
			it->meta = stet_xstrdup(s);
			free(s);
		}
		json_decref(meta);
	}
	it->source = stet_xstrdup(stet_input_name(st->in));
	it->line = st->row_line;
}

static void on_row(int term, void *data)
{
	struct csv_state *st = data;
	struct stet_error bad;
	struct stet_item it;

	(void)term;
	if (st->stop)
		goto leave;
	if (st->header.fields == NULL) {
		if (take_header(st) != STET_OK)
			st->stop = STET_ERR;
		return;
	}
	if (st->row.n != st->header.n) {
		stet_error_set(&bad, STET_ERR,
			       "%s:%llu: row has %zu field%s, the header has %zu",
			       stet_input_name(st->in),
			       (unsigned long long)st->row_line, st->row.n,
			       st->row.n == 1 ? "" : "s", st->header.n);
		st->stop = stet_reader_bad(st->cb, &bad, st->err);
		goto leave;
	}
	stet_item_init(&it);
	build_item(st, &it);
	if (it.kind == STET_ITEM_TABLE && it.nfields == 0) {
		stet_item_clear(&it);
		stet_error_set(&bad, STET_ERR, "%s:%llu: row has no fields besides its id",
			       stet_input_name(st->in),
			       (unsigned long long)st->row_line);
		st->stop = stet_reader_bad(st->cb, &bad, st->err);
		goto leave;
	}
	st->stop = st->cb->item(st->cb->ctx, &it, st->err);
	stet_item_clear(&it);
leave:
	row_clear(&st->row);
}

static int parser_init(struct csv_parser *p, char delim)
{
	if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return STET_ERR;
	csv_set_delim(p, (unsigned char)delim);
	if (delim == '\t')
		csv_set_quote(p, '\0');
	csv_set_space_func(p, no_space);
	return STET_OK;
}

/* After malformed quoting the parser is in an unknown state: the bad row
 * is reported and parsing starts afresh on the next line. libcsv stops
 * at the offending byte, so line and byte are where the fault is, not
 * where its row began; byte 0 is the end of the file, where only the
 * row's first line can be named. */
static int parse_failed(struct csv_state *st, struct csv_parser *p,
			char delim, uint64_t line, size_t byte, char c)
{
	struct stet_error bad;
	const char *name = stet_input_name(st->in);

	if (csv_error(p) != CSV_EPARSE)
		stet_error_set(&bad, STET_ERR, "%s:%llu:%zu: %s", name,
			       (unsigned long long)line, byte,
			       csv_strerror(csv_error(p)));
	else if (byte == 0)
		stet_error_set(&bad, STET_ERR,
			       "%s:%llu: a quoted field of this row is still open at the end of the file",
			       name, (unsigned long long)line);
	else if (c == '"')
		stet_error_set(&bad, STET_ERR,
			       "%s:%llu:%zu: a '\"' inside a field that does not start with one (quote the field and double the '\"')",
			       name, (unsigned long long)line, byte);
	else
		stet_error_set(&bad, STET_ERR,
			       "%s:%llu:%zu: text after the '\"' that closes a quoted field",
			       name, (unsigned long long)line, byte);
	row_clear(&st->row);
	csv_free(p);
	if (parser_init(p, delim) != STET_OK)
		return stet_error_set(st->err, STET_ERR, "libcsv: cannot start");
	return stet_reader_bad(st->cb, &bad, st->err);
}

int stet_read_csv(struct stet_input *in, char delim,
		  const struct stet_read_opts *opts,
		  const struct stet_reader_cb *cb, struct stet_error *err)
{
	struct csv_state st = {.in = in, .opts = opts, .cb = cb, .err = err,
			       .text_col = -1, .id_col = -1};
	struct csv_parser p;
	const char *line;
	size_t len;
	uint64_t pending = 0; /* first line of a row still open in the parser */
	size_t got;
	int rc;

	if (parser_init(&p, delim) != STET_OK)
		return stet_error_set(err, STET_ERR, "libcsv: cannot start");
	for (;;) {
		rc = stet_reader_line(in, cb, &line, &len, NULL, err);
		if (rc == STET_NOTFOUND)
			break;
		if (rc != STET_OK)
			goto leave;
		if (pending == 0)
			pending = stet_input_lineno(in);
		/* csv_parse stops at the offending byte; the line end is
		 * the byte after the line. */
		got = csv_parse(&p, line, len, on_field, on_row, &st);
		if (got == len)
			got += csv_parse(&p, "\n", 1, on_field, on_row, &st);
		if (got != len + 1) {
			rc = parse_failed(&st, &p, delim, stet_input_lineno(in),
					  got + 1, got < len ? line[got] : '\n');
			pending = 0;
			if (rc != 0)
				goto leave;
			continue;
		}
		if (st.stop) {
			rc = st.stop;
			goto leave;
		}
		if (st.row.n == 0)
			pending = 0;
	}
	if (csv_fini(&p, on_field, on_row, &st) != 0) {
		rc = parse_failed(&st, &p, delim, pending, 0, '\0');
		if (rc != 0)
			goto leave;
	}
	rc = st.stop;
leave:
	csv_free(&p);
	row_free(&st.row);
	row_free(&st.header);
	return rc;
}
