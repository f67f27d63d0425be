#include <stdlib.h>
#include <string.h>

#include "agree_out.h"
#include "agree_spans.h"
#include "cli.h"
#include "stet/buf.h"
#include "stet/text.h"

void agree_table_init(struct agree_table *t, const char *align,
		       const char *const *heads)
{
	memset(t, 0, sizeof *t);
	t->align = align;
	t->ncols = strlen(align) < AGREE_TABLE_COLS ? strlen(align) : AGREE_TABLE_COLS;
	for (size_t c = 0; c < t->ncols; c++)
		t->heads[c] = heads[c];
}

static void table_free(struct agree_table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
}

char **agree_table_row(struct agree_table *t)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->cells = stet_xrealloc(t->cells,
					 t->cap * t->ncols * sizeof *t->cells);
	}
	for (size_t c = 0; c < t->ncols; c++)
		t->cells[t->nrows * t->ncols + c] = NULL;
	return &t->cells[t->nrows++ * t->ncols];
}

char *agree_num(json_t *v)
{
	char buf[64];

	if (!json_is_number(v))
		return stet_xstrdup("-");
	snprintf(buf, sizeof buf, "%.3f", json_number_value(v));
	return stet_xstrdup(buf);
}

char *agree_integer(json_t *v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
	return stet_xstrdup(buf);
}

/* Text: control characters made visible, so a name cannot drive the
 * terminal and its width is what the terminal will show. */
static void shown_text(struct stet_buf *b, const char *s)
{
	stet_text_escape(s, strlen(s), 0, false, b);
}

static bool alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* Markdown: a GFM table cell ends at an unescaped '|' and a line ends
 * the row; the other characters escaped are those that would turn a
 * name into emphasis, code, a link, HTML or an entity ('_' within a
 * word cannot, so krippendorff_alpha stays as it is). Controls are
 * made visible first, and their backslashes escaped with the rest. */
static void shown_markdown(struct stet_buf *b, const char *s)
{
	struct stet_buf t;

	stet_buf_init(&t);
	shown_text(&t, s);
	for (size_t i = 0; i < t.len; i++) {
		char c = t.data[i];
		bool inword = c == '_' && i > 0 && i + 1 < t.len &&
			alnum(t.data[i - 1]) && alnum(t.data[i + 1]);

		if (!inword && strchr("\\|*_`[]<>&~!", c) != NULL)
			stet_buf_addc(b, '\\');
		stet_buf_addc(b, c);
	}
	stet_buf_free(&t);
}

void agree_put_shown(FILE *out, const char *s, bool markdown)
{
	struct stet_buf b;

	stet_buf_init(&b);
	if (markdown)
		shown_markdown(&b, s);
	else
		shown_text(&b, s);
	if (b.len > 0)
		fwrite(b.data, 1, b.len, out);
	stet_buf_free(&b);
}

static void pad(FILE *out, size_t n)
{
	while (n-- > 0)
		fputc(' ', out);
}

static void print_markdown_table(FILE *out, const struct agree_table *t)
{
	for (size_t c = 0; c < t->ncols; c++) {
		fputs(c ? " | " : "| ", out);
		agree_put_shown(out, t->heads[c], true);
	}
	fputs(" |\n", out);
	for (size_t c = 0; c < t->ncols; c++)
		fputs(t->align[c] == 'r' ? "| ---: " : "| --- ", out);
	fputs("|\n", out);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];

			fputs(c ? " | " : "| ", out);
			agree_put_shown(out, s ? s : "", true);
		}
		fputs(" |\n", out);
	}
}

/* Columns as wide as their widest cell in terminal cells (graphemes,
 * wide CJK), two spaces apart, numbers to the right. */
static void print_text_table(FILE *out, const struct agree_table *t)
{
	size_t width[AGREE_TABLE_COLS] = {0}, nrows = t->nrows + 1;
	struct stet_buf *shown = stet_xcalloc(nrows * t->ncols, sizeof *shown);

	for (size_t r = 0; r < nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			struct stet_buf *b = &shown[r * t->ncols + c];
			const char *s = r == 0 ? t->heads[c] :
				t->cells[(r - 1) * t->ncols + c];
			size_t w;

			stet_buf_init(b);
			shown_text(b, s ? s : "");
			w = stet_text_width(b->data ? b->data : "", b->len);
			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < nrows; r++) {
		size_t owed = 0;

		fputs("  ", out);
		for (size_t c = 0; c < t->ncols; c++) {
			struct stet_buf *b = &shown[r * t->ncols + c];
			size_t w = stet_text_width(b->data ? b->data : "", b->len);

			if (c > 0)
				owed += 2;
			/* Spaces are owed until something follows them, so
			 * no line ends in spaces. */
			if (b->len == 0) {
				owed += width[c];
				continue;
			}
			if (t->align[c] == 'r') {
				pad(out, owed + width[c] - w);
				owed = 0;
			} else {
				pad(out, owed);
				owed = width[c] - w;
			}
			fwrite(b->data, 1, b->len, out);
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < nrows * t->ncols; i++)
		stet_buf_free(&shown[i]);
	free(shown);
}

void agree_table_print(FILE *out, struct agree_table *t, bool markdown)
{
	fputc('\n', out);
	if (markdown)
		print_markdown_table(out, t);
	else
		print_text_table(out, t);
	table_free(t);
}

static char *interval(json_t *iv)
{
	char buf[80];

	if (!json_is_array(iv))
		return NULL;
	if (!json_is_number(json_array_get(iv, 0)) ||
	    !json_is_number(json_array_get(iv, 1)))
		return stet_xstrdup("-");
	snprintf(buf, sizeof buf, "%.3f to %.3f",
		 json_number_value(json_array_get(iv, 0)),
		 json_number_value(json_array_get(iv, 1)));
	return stet_xstrdup(buf);
}

static void coefficients(FILE *out, json_t *o, bool markdown)
{
	static const char *const keys[] = {
		"percent_agreement", "krippendorff_alpha", "fleiss_kappa",
		"gwet_ac1", "gwet_ac2", "scott_pi", "masi_alpha",
	};
	static const char *const heads[] = {"coefficient", "value",
					    "95% interval"};
	json_t *iv = json_object_get(o, "intervals");
	struct agree_table t;

	agree_table_init(&t, iv ? "lrr" : "lr", heads);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		json_t *v = json_object_get(o, keys[i]);
		char **row;

		if (v == NULL)
			continue;
		row = agree_table_row(&t);
		row[0] = stet_xstrdup(keys[i]);
		row[1] = agree_num(v);
		if (iv != NULL)
			row[2] = interval(json_object_get(iv, keys[i]));
	}
	agree_table_print(out, &t, markdown);
}

/* Pairs in the report's order: by the first name, then the second. */
static void pairs(FILE *out, json_t *o, bool markdown)
{
	static const char *const heads[] = {"pair", "", "items", "agreement",
					    "kappa"};
	const char *k;
	json_t *v;
	struct agree_table t;

	agree_table_init(&t, "llrrr", heads);
	json_object_foreach(json_object_get(o, "cohen_kappa"), k, v) {
		json_t *names = json_object_get(v, "annotators");
		char **row = agree_table_row(&t);

		row[0] = stet_xstrdup(json_string_value(json_array_get(names, 0)));
		row[1] = stet_xstrdup(json_string_value(json_array_get(names, 1)));
		row[2] = agree_integer(json_object_get(v, "items"));
		row[3] = agree_num(json_object_get(v, "percent_agreement"));
		row[4] = agree_num(json_object_get(v, "kappa"));
	}
	agree_table_print(out, &t, markdown);
}

static void labels(FILE *out, json_t *o, bool markdown)
{
	static const char *const heads[] = {"label", "kappa", "disagreements"};
	const char *k;
	json_t *v;
	struct agree_table t;

	agree_table_init(&t, "lrr", heads);
	json_object_foreach(json_object_get(o, "per_label"), k, v) {
		char **row = agree_table_row(&t);

		row[0] = stet_xstrdup(k);
		row[1] = agree_num(json_object_get(v, "kappa"));
		row[2] = agree_integer(json_object_get(v, "disagreements"));
	}
	agree_table_print(out, &t, markdown);
}

static void sessions(FILE *out, json_t *o, bool markdown)
{
	static const char *const heads[] = {"session", "annotator", "items",
		"compared", "agreement", "kappa", "gold"};
	json_t *list = json_object_get(o, "sessions"), *v;
	struct agree_table t;
	size_t i;

	if (json_array_size(list) == 0)
		return;
	agree_table_init(&t, "llrrrrr", heads);
	json_array_foreach(list, i, v) {
		char **row = agree_table_row(&t);

		row[0] = stet_xstrdup(json_string_value(json_object_get(v, "session")));
		row[1] = stet_xstrdup(json_string_value(json_object_get(v, "annotator")));
		row[2] = agree_integer(json_object_get(v, "items"));
		row[3] = agree_integer(json_object_get(v, "items_compared"));
		row[4] = agree_num(json_object_get(v, "percent_agreement"));
		row[5] = agree_num(json_object_get(v, "kappa"));
		row[6] = agree_num(json_object_get(v, "gold_accuracy"));
	}
	agree_table_print(out, &t, markdown);
}

static void adjudicated(FILE *out, json_t *adj, bool markdown)
{
	static const char *const heads[] = {"annotator", "items", "agreement",
					    "kappa"};
	long long n = (long long)json_integer_value(json_object_get(adj, "items"));
	const char *k;
	json_t *v;
	struct agree_table t;

	if (!json_is_object(adj))
		return;
	fprintf(out, markdown ? "\n**against the decisions** (%lld %s decided)\n" :
		"\nagainst the decisions (%lld %s decided)\n", n,
		cli_plural((unsigned long long)n, "item", "items"));
	agree_table_init(&t, "lrrr", heads);
	json_object_foreach(json_object_get(adj, "annotators"), k, v) {
		char **row = agree_table_row(&t);

		row[0] = stet_xstrdup(k);
		row[1] = agree_integer(json_object_get(v, "items"));
		row[2] = agree_num(json_object_get(v, "percent_agreement"));
		row[3] = agree_num(json_object_get(v, "kappa"));
	}
	agree_table_print(out, &t, markdown);
}

/* How often each model that routed items was right on its spot checks
 * (stet route): a lead's check that the accept threshold was safe. */
static void spot_checks(FILE *out, json_t *sc, bool markdown)
{
	static const char *const heads[] = {"model", "checks", "agree",
					    "accuracy", "95% interval",
					    "waiting"};
	const char *k;
	json_t *v;
	struct agree_table t;

	if (!json_is_object(sc))
		return;
	fputs(markdown ? "\n**the models' spot checks** (stet route; Wilson interval)\n" :
	      "\nthe models' spot checks (stet route; Wilson interval)\n", out);
	agree_table_init(&t, "lrrrlr", heads);
	json_object_foreach(sc, k, v) {
		char **row = agree_table_row(&t);

		row[0] = stet_xstrdup(k);
		row[1] = agree_integer(json_object_get(v, "checks"));
		row[2] = agree_integer(json_object_get(v, "agree"));
		row[3] = agree_num(json_object_get(v, "accuracy"));
		row[4] = interval(json_object_get(v, "interval"));
		row[5] = agree_integer(json_object_get(v, "waiting"));
	}
	agree_table_print(out, &t, markdown);
}

/* One table of the automation section: the annotators, then
 * everyone, a column for each of keys. */
static void automation_table(FILE *out, json_t *au, const char *const *heads,
			     const char *const *keys, size_t nkeys,
			     bool markdown)
{
	char align[AGREE_TABLE_COLS + 1] = "l";
	json_t *all = json_object();
	const char *k;
	json_t *v;
	struct agree_table t;

	for (size_t c = 0; c < nkeys && c + 1 < AGREE_TABLE_COLS; c++)
		strcat(align, "r");
	agree_table_init(&t, align, heads);
	json_object_update(all, json_object_get(au, "annotators"));
	json_object_set(all, "(everyone)", json_object_get(au, "everyone"));
	json_object_foreach(all, k, v) {
		char **row = agree_table_row(&t);

		row[0] = stet_xstrdup(k);
		for (size_t c = 0; c < nkeys; c++) {
			json_t *x = json_object_get(v, keys[c]);

			row[1 + c] = json_is_integer(x) ? agree_integer(x) : agree_num(x);
		}
	}
	json_decref(all);
	agree_table_print(out, &t, markdown);
}

static void automation(FILE *out, json_t *au, bool markdown)
{
	static const char *const heads1[] = {
		"annotator", "shown", "accepted", "hidden", "model shown",
		"model hidden", "difference",
	};
	static const char *const keys1[] = {
		"suggestions_shown", "acceptance", "suggestions_hidden",
		"model_agreement_shown", "model_agreement_hidden", "difference",
	};
	static const char *const heads2[] = {
		"annotator", "humans shown", "humans hidden", "gold shown",
		"gold hidden", "fast accepts",
	};
	static const char *const keys2[] = {
		"human_agreement_shown", "human_agreement_hidden",
		"gold_accuracy_shown", "gold_accuracy_hidden",
		"fast_acceptances",
	};
	const char *k;
	json_t *v;

	if (!json_is_object(au))
		return;
	fputs(markdown ? "\n**suggestions shown against hidden**\n" :
	      "\nsuggestions shown against hidden\n", out);
	automation_table(out, au, heads1, keys1,
			 sizeof keys1 / sizeof *keys1, markdown);
	fputc('\n', out);
	automation_table(out, au, heads2, keys2,
			 sizeof keys2 / sizeof *keys2, markdown);
	fputc('\n', out);
	json_object_foreach(json_object_get(au, "annotators"), k, v)
		fprintf(out, "%s%s\n", markdown ? "- " : "",
			json_string_value(json_object_get(v, "summary")));
	fprintf(out, "%s%s\n", markdown ? "- " : "",
		json_string_value(json_object_get(json_object_get(au, "everyone"),
						  "summary")));
}

void agree_print_text(FILE *out, json_t *o, bool markdown)
{
	long long items = (long long)json_integer_value(json_object_get(o, "items"));
	json_t *v;
	size_t i;
	/* A project of span or token labels alone has no item-level
	 * figures to show. */
	bool item_level = json_array_size(json_object_get(o, "labels")) > 0 ||
		(json_object_get(o, "spans") == NULL &&
		 json_object_get(o, "tokens") == NULL);

	/* The tokens' report counts tokens (agree_spans.c). */
	const char *unit = json_string_value(json_object_get(o, "unit"));
	char units[64];

	if (unit == NULL)
		unit = "item";
	snprintf(units, sizeof units, "%ss", unit);
	if (item_level) {
		fprintf(out, markdown ? "**%lld %s** with a value, %lld compared (two or more values), level %s\n" :
			"%lld %s with a value, %lld compared (two or more values), level %s\n",
			items, cli_plural((unsigned long long)items, unit, units),
			(long long)json_integer_value(json_object_get(o, "items_compared")),
			json_string_value(json_object_get(o, "level")));
		coefficients(out, o, markdown);
		pairs(out, o, markdown);
		labels(out, o, markdown);
		sessions(out, o, markdown);
		adjudicated(out, json_object_get(o, "adjudicated"), markdown);
		automation(out, json_object_get(o, "automation"), markdown);
		spot_checks(out, json_object_get(o, "spot_checks"), markdown);
	}
	agree_print_spans(out, o, markdown);
	json_array_foreach(json_object_get(o, "notes"), i, v) {
		if (i == 0)
			fputc('\n', out);
		/* Markdown would join lines into one paragraph: a list. */
		fputs(markdown ? "- note: " : "note: ", out);
		agree_put_shown(out, json_string_value(v), markdown);
		fputc('\n', out);
	}
}

void agree_print_heading(FILE *out, const char *by, const char *value,
			 bool markdown)
{
	fputs(markdown ? "\n## " : "\n== ", out);
	agree_put_shown(out, by, markdown);
	fputs(" = ", out);
	agree_put_shown(out, value, markdown);
	fputs(markdown ? "\n\n" : " ==\n\n", out);
}

/* A CSV field (RFC 4180): quoted when `always` or when it holds a
 * comma, a quote, a line break or edge spaces; quotes doubled. */
static void csv_field(FILE *out, const char *s, bool always)
{
	size_t n = strlen(s);

	if (!always && strpbrk(s, ",\"\r\n") == NULL &&
	    (n == 0 || (s[0] != ' ' && s[n - 1] != ' '))) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* scope,name,coefficient,value,items,low,high,slice */
void agree_csv_row(FILE *out, const char *scope, const char *name,
		   const char *coef, json_t *value, json_t *items, json_t *iv,
		   const char *slice)
{
	fprintf(out, "%s,", scope);
	if (name != NULL)
		csv_field(out, name, true);
	fprintf(out, ",%s,%.17g,", coef, json_number_value(value));
	if (items != NULL)
		fprintf(out, "%lld", (long long)json_integer_value(items));
	if (json_is_number(json_array_get(iv, 0)) &&
	    json_is_number(json_array_get(iv, 1)))
		fprintf(out, ",%.17g,%.17g,", json_number_value(json_array_get(iv, 0)),
			json_number_value(json_array_get(iv, 1)));
	else
		fputs(",,,", out);
	if (slice != NULL)
		csv_field(out, slice, false);
	fputc('\n', out);
}

/* The scope of a row: prefixed "tokens-" in a report of tokens. */
static const char *scoped(char *buf, const char *prefix, const char *scope)
{
	snprintf(buf, 64, "%s%s", prefix, scope);
	return buf;
}

static void csv_rows(FILE *out, json_t *o, const char *slice,
		     const char *prefix)
{
	char scope[64];
	json_t *iv = json_object_get(o, "intervals");
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(o, k, v) {
		if (json_is_number(v) && strcmp(k, "items") != 0 &&
		    strcmp(k, "items_compared") != 0)
			agree_csv_row(out, scoped(scope, prefix, "overall"), NULL, k, v,
				json_object_get(o, "items_compared"),
				json_object_get(iv, k), slice);
	}
	json_object_foreach(json_object_get(o, "cohen_kappa"), k, v) {
		const char *c;
		json_t *x;

		json_object_foreach(v, c, x)
			if (json_is_real(x))
				agree_csv_row(out, scoped(scope, prefix, "pair"), k, c, x,
					json_object_get(v, "items"), NULL, slice);
	}
	json_object_foreach(json_object_get(o, "per_label"), k, v) {
		json_t *x = json_object_get(v, "kappa");

		if (json_is_real(x))
			agree_csv_row(out, scoped(scope, prefix, "label"), k, "kappa", x, NULL, NULL, slice);
	}
	json_array_foreach(json_object_get(o, "sessions"), i, v) {
		static const char *const coef[][2] = {
			{"percent_agreement", "items_compared"},
			{"kappa", "items_compared"},
			{"gold_accuracy", "gold_items"},
		};

		for (size_t c = 0; c < sizeof coef / sizeof coef[0]; c++) {
			json_t *x = json_object_get(v, coef[c][0]);

			if (json_is_number(x))
				agree_csv_row(out, scoped(scope, prefix, "session"),
					json_string_value(json_object_get(v, "session")),
					coef[c][0], x, json_object_get(v, coef[c][1]),
					NULL, slice);
		}
	}
	json_object_foreach(json_object_get(json_object_get(o, "adjudicated"),
					    "annotators"), k, v) {
		static const char *const coef[] = {"percent_agreement", "kappa"};

		for (size_t c = 0; c < sizeof coef / sizeof coef[0]; c++) {
			json_t *x = json_object_get(v, coef[c]);

			if (json_is_number(x))
				agree_csv_row(out, scoped(scope, prefix, "adjudicated"), k, coef[c], x,
					json_object_get(v, "items"), NULL, slice);
		}
	}
	if (*prefix == '\0') {
		agree_spans_csv(out, o, slice);
		if (json_object_get(o, "tokens") != NULL)
			csv_rows(out, json_object_get(o, "tokens"), slice, "tokens-");
	}
}

void agree_print_csv(FILE *out, json_t *o, const char *by)
{
	const char *k;
	json_t *v;

	fputs("scope,name,coefficient,value,items,low,high,slice\n", out);
	csv_rows(out, o, NULL, "");
	if (by == NULL)
		return;
	json_object_foreach(json_object_get(o, "slices"), k, v)
		csv_rows(out, v, k, "");
}
