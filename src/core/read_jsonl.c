/* JSONL: one JSON object a line, with "text" (a text item) or "fields"
 * (a table row), optional "id", "meta", "label", "prediction", "score".
 * Prodigy tasks and doccano exports are JSONL of the same shape; their
 * "tokens" become the item's tokens, checked against the text, and
 * their other keys, and labels stet cannot hold here (spans, a
 * rejected answer), are left aside. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stet/label_name.h"
#include "stet/reader.h"

static char *scalar_text(json_t *v)
{
	char tmp[64];

	switch (json_typeof(v)) {
	case JSON_STRING:
		return stet_xstrndup(json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		snprintf(tmp, sizeof tmp, "%lld",
			 (long long)json_integer_value(v));
		return stet_xstrdup(tmp);
	case JSON_REAL: {
		double d = json_real_value(v);

		/* The shortest form that reads back as the same double. */
		snprintf(tmp, sizeof tmp, "%.15g", d);
		if (strtod(tmp, NULL) != d)
			snprintf(tmp, sizeof tmp, "%.17g", d);
		return stet_xstrdup(tmp);
	}
	case JSON_TRUE:
		return stet_xstrdup("true");
	case JSON_FALSE:
		return stet_xstrdup("false");
	case JSON_NULL:
		return stet_xstrdup("");
	default: {
		char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

		if (s == NULL)
			return stet_xstrdup("");
		return s; /* jansson allocates with malloc: ours to free */
	}
	}
}

/* A label given as a string or an array of strings; arrays join with '|'
 * as stet/label_name.h says, a '|' in a name escaped. */
static int label_text(json_t *v, char **out, const char *what,
		      struct stet_error *err)
{
	struct stet_buf b;
	size_t i;
	json_t *e;

	if (v == NULL || json_is_null(v))
		return STET_OK;
	if (json_is_string(v)) {
		*out = scalar_text(v);
		return STET_OK;
	}
	/* No label at all (doccano writes [] for an unlabelled line), or
	 * spans as [start, end, TAG] (doccano sequence labelling): stet
	 * labels whole items, so there is no item label to keep. */
	if (json_is_array(v) &&
	    (json_array_size(v) == 0 || json_is_array(json_array_get(v, 0))))
		return STET_OK;
	if (!json_is_array(v))
		return stet_error_set(err, STET_ERR,
				      "\"%s\" must be a string or an array of strings",
				      what);
	stet_buf_init(&b);
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			stet_buf_free(&b);
			return stet_error_set(err, STET_ERR,
					      "\"%s\" must be a string or an array of strings",
					      what);
		}
		stet_label_join(&b, json_string_value(e), i == 0);
	}
	*out = stet_buf_take(&b);
	return STET_OK;
}

/* Moves *pos (bytes) and *cp (code points) of valid UTF-8 text to code
 * point want; false when the text ends first. */
static bool walk_to(const char *text, size_t tlen, size_t *pos, size_t *cp,
		    json_int_t want)
{
	while ((json_int_t)*cp < want && *pos < tlen) {
		unsigned char c = (unsigned char)text[*pos];

		*pos += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		++*cp;
	}
	return (json_int_t)*cp == want;
}

/* Prodigy's tokens: [{"text", "start", "end", "id", "ws"}, ...], start
 * and end in characters of the task's text (Python's: code points),
 * end exclusive. Each is checked against the text it claims; they
 * must come in order, one after another. */
static int prodigy_tokens(json_t *v, struct stet_item *it,
			  struct stet_error *err)
{
	const char *text = it->text;
	size_t tlen = strlen(text), pos = 0, cp = 0, i;
	json_int_t prev_end = 0;
	json_t *e;

	json_array_foreach(v, i, e) {
		json_t *js = json_object_get(e, "start");
		json_t *je = json_object_get(e, "end");
		json_t *jt = json_object_get(e, "text");
		json_int_t start, end;
		size_t from;

		if (!json_is_integer(js) || !json_is_integer(je) ||
		    !json_is_string(jt))
			return stet_error_set(err, STET_ERR,
					      "token %zu must be an object with integers \"start\" and \"end\" and a string \"text\"",
					      i);
		start = json_integer_value(js);
		end = json_integer_value(je);
		if (start < prev_end || end <= start)
			return stet_error_set(err, STET_ERR,
					      "token %zu (\"%s\") at %" JSON_INTEGER_FORMAT "-%" JSON_INTEGER_FORMAT ": tokens must not be empty, overlap or go back (the one before ends at %" JSON_INTEGER_FORMAT ")",
					      i, json_string_value(jt), start, end,
					      prev_end);
		if (!walk_to(text, tlen, &pos, &cp, start) ||
		    (from = pos, !walk_to(text, tlen, &pos, &cp, end)))
			return stet_error_set(err, STET_ERR,
					      "token %zu (\"%s\") at %" JSON_INTEGER_FORMAT "-%" JSON_INTEGER_FORMAT " ends past the text (%zu characters)",
					      i, json_string_value(jt), start, end,
					      cp);
		if (pos - from != json_string_length(jt) ||
		    memcmp(text + from, json_string_value(jt), pos - from) != 0)
			return stet_error_set(err, STET_ERR,
					      "token %zu (\"%s\") at %" JSON_INTEGER_FORMAT "-%" JSON_INTEGER_FORMAT " does not match the text there (\"%.*s\")",
					      i, json_string_value(jt), start, end,
					      (int)(pos - from), text + from);
		stet_tokens_add(&it->toks, (uint32_t)start, (uint32_t)end, 0);
		prev_end = end;
	}
	it->has_toks = true;
	return STET_OK;
}

/* CoNLL token lines, as stet's own export writes them, or Prodigy's
 * token objects. */
static int tokens_text(json_t *v, struct stet_item *it, bool own_text,
		       struct stet_error *err)
{
	struct stet_buf b;
	size_t i;
	json_t *e;

	if (v == NULL || json_is_null(v))
		return STET_OK;
	if (json_is_array(v) && json_is_object(json_array_get(v, 0))) {
		/* The tokens of a task with its own "text"; a Label Studio
		 * task's data has none of Prodigy's. */
		if (!own_text)
			return STET_OK;
		return prodigy_tokens(v, it, err);
	}
	if (!json_is_array(v))
		return stet_error_set(err, STET_ERR,
				      "\"tokens\" must be an array of strings");
	stet_buf_init(&b);
	json_array_foreach(v, i, e) {
		if (!json_is_string(e) ||
		    memchr(json_string_value(e), '\n', json_string_length(e))) {
			stet_buf_free(&b);
			return stet_error_set(err, STET_ERR,
				"\"tokens\" must be an array of one-line strings");
		}
		if (i > 0)
			stet_buf_addc(&b, '\n');
		stet_buf_add(&b, json_string_value(e), json_string_length(e));
	}
	if (b.len > 0)
		it->tokens = stet_buf_take(&b);
	stet_buf_free(&b);
	/* A CoNLL sentence exported by stet: its words again, so that a
	 * round trip keeps the tokens spans were made on. */
	if (own_text && it->tokens != NULL && it->kind == STET_ITEM_TEXT) {
		if (stet_conll_tokens(it->tokens, strlen(it->tokens), it->text,
				      &it->toks, err) != STET_OK)
			return STET_ERR;
		it->has_toks = true;
	}
	return STET_OK;
}

/* A Label Studio task: {"id": 7, "data": {"text": ..., ...},
 * "annotations": [...]}. The text is data.text, else data's first
 * string but its id, else data as JSON, as import-annotations --from labelstudio
 * takes it, so that its annotations find these items; the id is
 * data.id, else the task's; data's other keys are the meta. The
 * annotations are left to import-annotations. */
static int ls_task(json_t *data, struct stet_item *it, json_t **id)
{
	const char *key, *text_key = NULL;
	json_t *v, *meta;

	if (json_is_string(json_object_get(data, "text"))) {
		text_key = "text";
	} else {
		json_object_foreach(data, key, v)
			if (json_is_string(v) && strcmp(key, "id") != 0) {
				text_key = key;
				break;
			}
	}
	it->kind = STET_ITEM_TEXT;
	if (text_key == NULL) {
		/* A chat's messages, an image's URL in an object...: the
		 * data as JSON, which the label screen shows as it is. */
		it->text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
		return it->text != NULL ? STET_OK : STET_ERR;
	}
	it->text = scalar_text(json_object_get(data, text_key));
	if (json_object_get(data, "id") != NULL &&
	    !json_is_null(json_object_get(data, "id")))
		*id = json_object_get(data, "id");
	meta = json_deep_copy(data);
	if (meta == NULL)
		return STET_ERR;
	json_object_del(meta, text_key);
	json_object_del(meta, "id");
	if (json_object_size(meta) > 0)
		it->meta = json_dumps(meta, JSON_COMPACT);
	json_decref(meta);
	return STET_OK;
}

/* "scores": an object of labels and numbers from 0 to 1, kept as
 * compact JSON for the import's predictions. */
static int scores_text(json_t *v, char **out, struct stet_error *err)
{
	const char *name;
	json_t *s;

	if (v == NULL || json_is_null(v))
		return STET_OK;
	if (!json_is_object(v) || json_object_size(v) == 0)
		return stet_error_set(err, STET_ERR,
				      "\"scores\" must be an object of labels and their scores");
	json_object_foreach(v, name, s)
		if (!json_is_number(s) || !(json_number_value(s) >= 0 &&
					    json_number_value(s) <= 1))
			return stet_error_set(err, STET_ERR,
					      "the score of \"%s\" in \"scores\" must be a number in [0, 1]",
					      name);
	*out = json_dumps(v, JSON_COMPACT);
	if (*out == NULL)
		return stet_error_set(err, STET_ERR,
				      "\"scores\" cannot be written");
	return STET_OK;
}

static int fill_item(json_t *o, struct stet_item *it, struct stet_error *err)
{
	json_t *text = json_object_get(o, "text");
	json_t *fields = json_object_get(o, "fields");
	json_t *id = json_object_get(o, "id");
	json_t *meta = json_object_get(o, "meta");
	json_t *score = json_object_get(o, "score");
	json_t *label = json_object_get(o, "label");
	json_t *answer;

	if (!json_is_object(o))
		return stet_error_set(err, STET_ERR, "expected a JSON object");
	if (text != NULL && fields != NULL)
		return stet_error_set(err, STET_ERR,
				      "has both \"text\" and \"fields\"");
	if (text != NULL) {
		if (!json_is_string(text))
			return stet_error_set(err, STET_ERR,
					      "\"text\" must be a string");
		it->kind = STET_ITEM_TEXT;
		it->text = scalar_text(text);
	} else if (fields != NULL) {
		const char *name;
		json_t *v;

		if (!json_is_object(fields) || json_object_size(fields) == 0)
			return stet_error_set(err, STET_ERR,
					      "\"fields\" must be a non-empty object");
		it->kind = STET_ITEM_TABLE;
		json_object_foreach(fields, name, v) {
			char *value = scalar_text(v);

			stet_item_add_field(it, name, strlen(name), value,
					    strlen(value));
			free(value);
		}
	} else if (json_is_object(json_object_get(o, "data"))) {
		if (ls_task(json_object_get(o, "data"), it, &id) != STET_OK)
			return stet_error_set(err, STET_ERR,
					      "\"data\" cannot be read");
	} else {
		return stet_error_set(err, STET_ERR,
				      "has no \"text\" or \"fields\"");
	}
	if (id != NULL && !json_is_null(id)) {
		if (!json_is_string(id) && !json_is_integer(id))
			return stet_error_set(err, STET_ERR,
					      "\"id\" must be a string or an integer");
		it->ext_id = scalar_text(id);
		if (it->ext_id[0] == '\0')
			return stet_error_set(err, STET_ERR, "\"id\" is empty");
	}
	if (meta != NULL && !json_is_null(meta)) {
		if (!json_is_object(meta))
			return stet_error_set(err, STET_ERR,
					      "\"meta\" must be an object");
		if (json_object_size(meta) > 0) {
			char *s = json_dumps(meta, JSON_COMPACT);

			if (s == NULL)
				return stet_error_set(err, STET_ERR,
						      "\"meta\" cannot be written");
			/* A Label Studio task's own meta wins over the
			 * other keys of its data. */
			free(it->meta);
			it->meta = s;
		}
	}
	/* A Prodigy task's "label" is the question it asked; only an
	 * accepted answer makes it the item's label. */
	answer = json_object_get(o, "answer");
	if (answer != NULL && !(json_is_string(answer) &&
				strcmp(json_string_value(answer), "accept") == 0))
		label = NULL;
	if (label_text(label, &it->label, "label", err) != STET_OK ||
	    label_text(json_object_get(o, "prediction"), &it->prediction,
		       "prediction", err) != STET_OK)
		return STET_ERR;
	if (tokens_text(json_object_get(o, "tokens"), it, text != NULL, err) !=
	    STET_OK)
		return STET_ERR;
	if (score != NULL && !json_is_null(score)) {
		if (!json_is_number(score))
			return stet_error_set(err, STET_ERR,
					      "\"score\" must be a number");
		it->score = json_number_value(score);
		it->has_score = true;
	}
	return scores_text(json_object_get(o, "scores"), &it->scores, err);
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* jansson's words, with a hint where they would puzzle someone holding
 * a corpus. */
static const char *json_reason(const json_error_t *jerr)
{
	static _Thread_local char reason[sizeof jerr->text + 64];

	if (strstr(jerr->text, "JSON_ALLOW_NUL") != NULL)
		return "\\u0000 (a NUL character) cannot be stored";
	if (strstr(jerr->text, "near end of file") != NULL) {
		snprintf(reason, sizeof reason,
			 "%s (JSONL has one whole JSON object a line)",
			 jerr->text);
		return reason;
	}
	return jerr->text;
}

static int parse_line(const char *line, size_t len, const char *name,
		      uint64_t lineno, struct stet_item *it,
		      struct stet_error *bad)
{
	json_error_t jerr;
	json_t *o = json_loadb(line, len, 0, &jerr);
	int rc;

	if (o == NULL)
		return stet_error_set(bad, STET_ERR, "%s:%llu:%d: %s", name,
				      (unsigned long long)lineno,
				      jerr.position > 0 ? jerr.position : 1,
				      json_reason(&jerr));
	rc = fill_item(o, it, bad);
	json_decref(o);
	if (rc != STET_OK)
		stet_error_prefix(bad, "%s:%llu", name, (unsigned long long)lineno);
	return rc;
}

/* ---- a JSON array of records, as Label Studio's task files are ---- */

/* A JSON array file is held whole: up to this many bytes a line. */
#define JSON_DOC_MAX ((size_t)1 << 30)

static bool opens_array(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && s[i] == '[';
}

/* A first line that opens an object and ends before it does: the
 * start of one object written over several lines. */
static bool cut_object(const char *s, size_t n)
{
	json_error_t jerr;
	json_t *o;
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n || s[i] != '{')
		return false;
	o = json_loadb(s, n, 0, &jerr);
	json_decref(o);
	return o == NULL && strstr(jerr.text, "end of file") != NULL;
}

static bool head_opens_array(const struct stet_input *in)
{
	size_t n;
	const char *h = stet_input_head(in, &n);

	if (n >= 3 && memcmp(h, "\xef\xbb\xbf", 3) == 0) {
		h += 3;
		n -= 3;
	}
	while (n > 0 && (*h == ' ' || *h == '\t' || *h == '\r' || *h == '\n')) {
		h++;
		n--;
	}
	return n > 0 && *h == '[';
}

/* The whole document, and the input line of each of its lines (a line
 * the input refused is not in it). */
struct doc {
	struct stet_buf text;
	uint64_t *lines;
	size_t nlines, cap;
};

static void doc_add(struct doc *d, const char *line, size_t len,
		    uint64_t lineno)
{
	if (d->nlines == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->lines = stet_xrealloc(d->lines, d->cap * sizeof *d->lines);
	}
	d->lines[d->nlines++] = lineno;
	stet_buf_add(&d->text, line, len);
	stet_buf_addc(&d->text, '\n');
}

static uint64_t doc_line(const struct doc *d, size_t i)
{
	return i < d->nlines ? d->lines[i] : d->lines[d->nlines - 1];
}

/* The input line on which each element of the top-level array starts,
 * found by walking the text jansson has already parsed (so it is valid
 * JSON): jansson keeps no positions of its own. */
static uint64_t *element_lines(const struct doc *d, size_t n)
{
	uint64_t *out = stet_xcalloc(n + 1, sizeof *out);
	const char *p = d->text.data, *end = p + d->text.len;
	size_t line = 0, k = 0;
	int depth = 0;
	bool str = false, esc = false, expect = false;

	for (; p < end && k < n; p++) {
		char c = *p;

		if (c == '\n')
			line++;
		if (str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				str = false;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (expect && depth == 1 && c != ']') {
			out[k++] = doc_line(d, line);
			expect = false;
		}
		if (c == '"') {
			str = true;
		} else if (c == '[' || c == '{') {
			depth++;
			expect = depth == 1;
		} else if (c == ']' || c == '}') {
			depth--;
		} else if (c == ',' && depth == 1) {
			expect = true;
		}
	}
	return out;
}

/* Reads the rest of the input into d and parses it whole: a JSON array
 * of records, or, when first_bad is given (the first line did not end
 * its object), one object spread over lines, as Label Studio writes a
 * file of one task. Anything else is the first line's error. */
static int read_document(struct stet_input *in,
			 const struct stet_reader_cb *cb, struct doc *d,
			 struct stet_error *first_bad, struct stet_error *err)
{
	const char *name = stet_input_name(in), *line;
	struct stet_error bad;
	json_error_t jerr;
	struct stet_item it;
	uint64_t *at;
	size_t len, i;
	json_t *a, *e;
	int rc;

	while ((rc = stet_reader_line(in, cb, &line, &len, NULL, err)) == STET_OK)
		doc_add(d, line, len, stet_input_lineno(in));
	if (rc != STET_NOTFOUND)
		return rc;
	a = json_loadb(d->text.data, d->text.len, 0, &jerr);
	if (first_bad != NULL) {
		if (a == NULL || !json_is_object(a)) {
			json_decref(a);
			return stet_reader_bad(cb, first_bad, err) != 0 ?
			       STET_ERR : STET_OK;
		}
		e = a;
		a = json_array();
		json_array_append_new(a, e);
	}
	if (a == NULL) {
		stet_error_set(&bad, STET_ERR, "%s:%llu:%d: %s (the file is one JSON array)",
			       name, (unsigned long long)doc_line(d,
				       jerr.line > 0 ? (size_t)jerr.line - 1 : 0),
			       jerr.column > 0 ? jerr.column : 1, jerr.text);
		return stet_reader_bad(cb, &bad, err) != 0 ? STET_ERR : STET_OK;
	}
	at = element_lines(d, json_array_size(a));
	stet_item_init(&it);
	rc = STET_OK;
	json_array_foreach(a, i, e) {
		if (fill_item(e, &it, &bad) != STET_OK) {
			stet_item_clear(&it);
			if (first_bad != NULL)
				stet_error_prefix(&bad, "%s:%llu", name,
						  (unsigned long long)doc_line(d, 0));
			else
				stet_error_prefix(&bad, "%s:%llu: element %zu",
						  name, (unsigned long long)at[i],
						  i + 1);
			if ((rc = stet_reader_bad(cb, &bad, err)) != 0)
				break;
			continue;
		}
		it.source = stet_xstrdup(name);
		it.line = first_bad != NULL ? doc_line(d, 0) : at[i];
		rc = cb->item(cb->ctx, &it, err);
		stet_item_clear(&it);
		if (rc != 0)
			break;
	}
	free(at);
	json_decref(a);
	return rc;
}

int stet_read_jsonl(struct stet_input *in, const struct stet_read_opts *opts,
		    const struct stet_reader_cb *cb, struct stet_error *err)
{
	const char *name = stet_input_name(in);
	struct stet_error bad;
	struct stet_item it;
	const char *line;
	size_t len;
	bool first = true;
	int rc;

	(void)opts;
	stet_item_init(&it);
	/* Known from the head, before a first line of a compact export
	 * could be refused as too long. */
	if (head_opens_array(in))
		stet_input_set_line_max(in, JSON_DOC_MAX);
	while ((rc = stet_reader_line(in, cb, &line, &len, NULL, err)) == STET_OK) {
		uint64_t lineno = stet_input_lineno(in);

		if (blank(line, len))
			continue;
		/* A file that opens with '[' is one JSON array of records. */
		if (first && opens_array(line, len)) {
			struct doc d = {.lines = NULL};

			stet_buf_init(&d.text);
			doc_add(&d, line, len, lineno);
			rc = read_document(in, cb, &d, NULL, err);
			stet_buf_free(&d.text);
			free(d.lines);
			return rc;
		}
		if (parse_line(line, len, name, lineno, &it, &bad) != STET_OK) {
			stet_item_clear(&it);
			if (first && cut_object(line, len)) {
				struct doc d = {.lines = NULL};

				stet_buf_init(&d.text);
				doc_add(&d, line, len, lineno);
				rc = read_document(in, cb, &d, &bad, err);
				stet_buf_free(&d.text);
				free(d.lines);
				return rc;
			}
			first = false;
			rc = stet_reader_bad(cb, &bad, err);
			if (rc != 0)
				return rc;
			continue;
		}
		first = false;
		it.source = stet_xstrdup(name);
		it.line = lineno;
		rc = cb->item(cb->ctx, &it, err);
		stet_item_clear(&it);
		if (rc != 0)
			return rc;
	}
	return rc == STET_NOTFOUND ? STET_OK : rc;
}
