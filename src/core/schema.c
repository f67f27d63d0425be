#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stet/item.h"
#include "stet/keys.h"
#include "stet/label_name.h"
#include "stet/schema.h"
#include "stet/text.h"

static const char default_keys[] = "1234567890";

void stet_schema_init(struct stet_schema *s)
{
	memset(s, 0, sizeof *s);
	s->next_id = 1;
}

void stet_schema_free(struct stet_schema *s)
{
	for (size_t i = 0; i < s->nlabels; i++) {
		free(s->labels[i].name);
		free(s->labels[i].description);
		free(s->labels[i].colour);
	}
	free(s->labels);
	stet_schema_init(s);
}

const struct stet_label *stet_schema_find(const struct stet_schema *s,
					  const char *name)
{
	for (size_t i = 0; i < s->nlabels; i++)
		if (strcmp(s->labels[i].name, name) == 0)
			return &s->labels[i];
	return NULL;
}

const struct stet_label *stet_schema_find_written(const struct stet_schema *s,
						  const char *name,
						  struct stet_buf *tmp)
{
	stet_label_nfc(name, tmp);
	return stet_schema_find(s, tmp->data);
}

const struct stet_label *stet_schema_find_id(const struct stet_schema *s,
					     uint32_t id)
{
	for (size_t i = 0; i < s->nlabels; i++)
		if (s->labels[i].id == id)
			return &s->labels[i];
	return NULL;
}

/* Descriptions and colours live on one line of the schema file. */
static int text_check(const char *s, const char *what, struct stet_error *err)
{
	size_t bad;

	if (s == NULL)
		return STET_OK;
	if (!stet_utf8_valid(s, strlen(s), &bad))
		return stet_error_set(err, STET_ERR, "%s is not valid UTF-8", what);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return stet_error_set(err, STET_ERR,
					      "%s has a line break or control character",
					      what);
	return STET_OK;
}

static const struct stet_label *find_key(const struct stet_schema *s,
					 const char *key)
{
	for (size_t i = 0; i < s->nlabels; i++)
		if (s->labels[i].key[0] && strcmp(s->labels[i].key, key) == 0)
			return &s->labels[i];
	return NULL;
}

static int key_check(const char *key, struct stet_error *err)
{
	size_t n = strlen(key), bad;

	if (n == 0 || n >= sizeof ((struct stet_label *)0)->key ||
	    !stet_utf8_valid(key, n, &bad) || stet_grapheme_len(key, n) != n ||
	    (unsigned char)key[0] <= ' ' || key[0] == 0x7f)
		return stet_error_set(err, STET_ERR,
				      "hotkey \"%s\" is not one printable character",
				      key);
	return STET_OK;
}

/* Whether key may be the hotkey of label name (self, when it is in s
 * already): one printable character, reserved by no screen, and no
 * other label's. key NULL takes the first free of 1..9, 0 into dkey,
 * or none; *out is the key to keep. */
static int key_take(const struct stet_schema *s, const struct stet_label *self,
		    const char *name, const char *key, char dkey[2],
		    const char **out, struct stet_error *err)
{
	if (key != NULL && *key != '\0') {
		const struct stet_label *other;
		const struct stet_binding *b;

		if (key_check(key, err) != STET_OK)
			return STET_ERR;
		b = stet_binding_for_key(key);
		if (b != NULL)
			return stet_error_set(err, STET_ERR,
				"hotkey \"%s\" of label %s is the key of \"%s\" (%s) in stet label; choose another",
				key, name, b->action, b->help);
		other = find_key(s, key);
		if (other != NULL && other != self)
			return stet_error_set(err, STET_ERR,
				"hotkey \"%s\" of label %s is already the key of %s",
				key, name, other->name);
	} else if (key == NULL) {
		dkey[1] = '\0';
		for (const char *k = default_keys; *k; k++) {
			dkey[0] = *k;
			if (find_key(s, dkey) == NULL)
				break;
			dkey[0] = '\0';
		}
		key = dkey;
	}
	*out = key;
	return STET_OK;
}

static int add_nfc(struct stet_schema *s, const char *name, const char *key,
		   const char *description, const char *colour,
		   enum stet_label_kind kind, struct stet_error *err)
{
	struct stet_label *l;
	char dkey[2] = "";

	if (stet_label_name_check(name, err) != STET_OK)
		return STET_ERR;
	if (stet_schema_find(s, name) != NULL)
		return stet_error_set(err, STET_ERR,
				      "label \"%s\" is already in the schema",
				      name);
	if (text_check(description, "description", err) != STET_OK ||
	    text_check(colour, "colour", err) != STET_OK)
		return STET_ERR;
	if (colour != NULL && strpbrk(colour, " \t") != NULL)
		return stet_error_set(err, STET_ERR,
				      "colour \"%s\" has a space", colour);
	if (key_take(s, NULL, name, key, dkey, &key, err) != STET_OK)
		return STET_ERR;
	s->labels = stet_xrealloc(s->labels,
				  (s->nlabels + 1) * sizeof *s->labels);
	l = &s->labels[s->nlabels++];
	memset(l, 0, sizeof *l);
	l->id = s->next_id++;
	l->name = stet_xstrdup(name);
	snprintf(l->key, sizeof l->key, "%s", key);
	l->description = description && *description ?
			 stet_xstrdup(description) : NULL;
	l->colour = colour && *colour ? stet_xstrdup(colour) : NULL;
	l->kind = kind;
	return STET_OK;
}

int stet_schema_item_labels_check(const struct stet_schema *s,
				  const uint32_t *ids, size_t n,
				  bool empty_ok, struct stet_error *err)
{
	if (n == 0 && !empty_ok &&
	    stet_schema_count_kind(s, STET_KIND_ITEM) > 0)
		return stet_error_set(err, STET_ERR, "choose a label");
	for (size_t i = 0; i < n; i++) {
		const struct stet_label *l = stet_schema_find_id(s, ids[i]);

		if (l == NULL)
			return stet_error_set(err, STET_ERR,
					      "no label with id %u", ids[i]);
		if (l->kind != STET_KIND_ITEM)
			return stet_error_set(err, STET_ERR,
					      "%s is a %s label: it marks the text, not the item",
					      l->name,
					      stet_label_kind_name(l->kind));
	}
	return STET_OK;
}

/* A name typed decomposed is the label of its precomposed form. */
int stet_schema_add_kind(struct stet_schema *s, const char *name,
			 const char *key, const char *description,
			 const char *colour, enum stet_label_kind kind,
			 struct stet_error *err)
{
	struct stet_buf nfc;
	int rc;

	if (kind != STET_KIND_ITEM && kind != STET_KIND_SPAN &&
	    kind != STET_KIND_TOKEN)
		return stet_error_set(err, STET_ERR,
				      "label \"%s\": no kind %d", name,
				      (int)kind);
	stet_buf_init(&nfc);
	stet_label_nfc(name, &nfc);
	rc = add_nfc(s, nfc.data, key, description, colour, kind, err);
	stet_buf_free(&nfc);
	return rc;
}

int stet_schema_add(struct stet_schema *s, const char *name, const char *key,
		    const char *description, const char *colour,
		    struct stet_error *err)
{
	return stet_schema_add_kind(s, name, key, description, colour,
				    STET_KIND_ITEM, err);
}

static const char *const kind_names[] = {
	[STET_KIND_ITEM] = "item",
	[STET_KIND_SPAN] = "span",
	[STET_KIND_TOKEN] = "token",
};

const char *stet_label_kind_name(enum stet_label_kind kind)
{
	return (unsigned)kind < 3 ? kind_names[kind] : "?";
}

int stet_label_kind_parse(const char *word)
{
	for (int k = 0; k < 3; k++)
		if (strcmp(word, kind_names[k]) == 0)
			return k;
	return -1;
}

void stet_schema_keep_kind(struct stet_schema *s, enum stet_label_kind kind)
{
	size_t out = 0;

	for (size_t i = 0; i < s->nlabels; i++) {
		struct stet_label *l = &s->labels[i];

		if (l->kind == kind) {
			s->labels[out++] = *l;
			continue;
		}
		free(l->name);
		free(l->description);
		free(l->colour);
	}
	s->nlabels = out;
}

size_t stet_schema_count_kind(const struct stet_schema *s,
			      enum stet_label_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nlabels; i++)
		n += s->labels[i].kind == kind;
	return n;
}

int stet_schema_check(const struct stet_schema *s, struct stet_error *err)
{
	const struct stet_label *l;
	const struct stet_binding *b;

	if (s->nlabels == 0)
		return stet_error_set(err, STET_ERR, "the schema has no labels");
	if (stet_schema_count_kind(s, STET_KIND_SPAN) > 0 &&
	    stet_schema_count_kind(s, STET_KIND_TOKEN) > 0)
		return stet_error_set(err, STET_ERR,
				      "span labels and token labels in one schema: a project marks spans or tags tokens, not both (make two projects)");
	/* Such a project is labeled in the span view, whose keys move the
	 * token cursor and edit spans: no label may take one. */
	if ((l = stet_schema_span_key_clash(s, &b)) != NULL)
		return stet_error_set(err, STET_ERR,
				      "hotkey \"%s\" of label %s is the key of \"%s\" (%s) in stet label's span view or stet review of spans; choose another",
				      l->key, l->name, b->action, b->help);
	return STET_OK;
}

int stet_schema_set_key(struct stet_schema *s, const char *name,
			const char *key, struct stet_error *err)
{
	struct stet_label *l = (struct stet_label *)stet_schema_find(s, name);
	char dkey[2] = "";

	if (l == NULL)
		return stet_error_set(err, STET_ERR,
				      "no label \"%s\" in the schema", name);
	if (key == NULL)
		l->key[0] = '\0'; /* its own key counts as free */
	if (key_take(s, l, name, key, dkey, &key, err) != STET_OK)
		return STET_ERR;
	snprintf(l->key, sizeof l->key, "%s", key);
	return STET_OK;
}

const struct stet_label *stet_schema_span_key_clash(const struct stet_schema *s,
						    const struct stet_binding **b)
{
	if (stet_schema_count_kind(s, STET_KIND_ITEM) == s->nlabels)
		return NULL;
	for (size_t i = 0; i < s->nlabels; i++) {
		const struct stet_label *l = &s->labels[i];

		if (l->key[0] && (*b = stet_span_binding_for_key(l->key)) != NULL)
			return l;
	}
	return NULL;
}

static int rename_nfc(struct stet_schema *s, const char *from,
		      const char *to, struct stet_error *err)
{
	struct stet_label *l = (struct stet_label *)stet_schema_find(s, from);

	if (l == NULL)
		return stet_error_set(err, STET_ERR,
				      "no label \"%s\" in the schema", from);
	if (stet_label_name_check(to, err) != STET_OK)
		return STET_ERR;
	if (stet_schema_find(s, to) != NULL)
		return stet_error_set(err, STET_ERR,
				      "label \"%s\" is already in the schema", to);
	free(l->name);
	l->name = stet_xstrdup(to);
	return STET_OK;
}

int stet_schema_rename(struct stet_schema *s, const char *from,
		       const char *to, struct stet_error *err)
{
	struct stet_buf nfc;
	int rc;

	stet_buf_init(&nfc);
	stet_label_nfc(to, &nfc);
	rc = rename_nfc(s, from, nfc.data, err);
	stet_buf_free(&nfc);
	return rc;
}

int stet_schema_describe(struct stet_schema *s, const char *name,
			 const char *description, struct stet_error *err)
{
	struct stet_label *l = (struct stet_label *)stet_schema_find(s, name);

	if (l == NULL)
		return stet_error_set(err, STET_ERR,
				      "no label \"%s\" in the schema", name);
	if (text_check(description, "description", err) != STET_OK)
		return STET_ERR;
	free(l->description);
	l->description = *description ? stet_xstrdup(description) : NULL;
	return STET_OK;
}

int stet_schema_from_list_kind(struct stet_schema *s, const char *list,
			       enum stet_label_kind kind,
			       struct stet_error *err)
{
	struct stet_names names;
	int rc;

	if (stet_label_list_parse(list, ',', &names, err) != STET_OK)
		return STET_ERR;
	rc = STET_OK;
	for (size_t i = 0; i < names.n && rc == STET_OK; i++)
		rc = stet_schema_add_kind(s, names.v[i], NULL, NULL, NULL,
					  kind, err);
	stet_names_free(&names);
	return rc;
}

int stet_schema_from_list(struct stet_schema *s, const char *list,
			  struct stet_error *err)
{
	return stet_schema_from_list_kind(s, list, STET_KIND_ITEM, err);
}

static char *skip_space(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static char *word_end(char *p)
{
	while (*p && *p != ' ' && *p != '\t')
		p++;
	return p;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on")) {
		*out = true;
		return STET_OK;
	}
	if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off")) {
		*out = false;
		return STET_OK;
	}
	return STET_ERR;
}

/* One line: "multi: yes", "span-overlap: no", or a label
 * "NAME [key=K] [colour=C] [kind=span|token|item] [text…]". */
static int parse_line(struct stet_schema *s, char *line,
		      struct stet_buf *word, struct stet_error *err)
{
	char *name = skip_space(line), *p, *key = NULL, *colour = NULL;
	size_t n = strlen(name);
	int kind = STET_KIND_ITEM;

	while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		name[--n] = '\0';
	if (*name == '\0' || *name == '#')
		return STET_OK;
	if (strncmp(name, "multi:", 6) == 0) {
		if (parse_bool(skip_space(name + 6), &s->multi) != STET_OK)
			return stet_error_set(err, STET_ERR,
					      "multi: takes yes or no");
		return STET_OK;
	}
	if (strncmp(name, "span-overlap:", 13) == 0) {
		bool overlap;

		if (parse_bool(skip_space(name + 13), &overlap) != STET_OK)
			return stet_error_set(err, STET_ERR,
					      "span-overlap: takes yes or no");
		s->no_overlap = !overlap;
		return STET_OK;
	}
	{
		const char *q = name;

		/* A name with a space or a quote is quoted, CSV style. */
		if (stet_label_word(&q, " \t", word, err) != STET_OK)
			return STET_ERR;
		p = line + (q - line);
		name = word->data;
	}
	for (;;) {
		char *w = skip_space(p), *end = word_end(w);

		if (strncmp(w, "key=", 4) == 0) {
			key = w + 4;
			/* "key=none": a label reached only through the picker. */
			if (strncmp(key, "none", 4) == 0 && (key[4] == '\0' ||
			    key[4] == ' ' || key[4] == '\t'))
				key = "";
		} else if (strncmp(w, "colour=", 7) == 0) {
			colour = w + 7;
		} else if (strncmp(w, "color=", 6) == 0) {
			colour = w + 6;
		} else if (strncmp(w, "kind=", 5) == 0) {
			char c = *end;

			*end = '\0';
			kind = stet_label_kind_parse(w + 5);
			*end = c;
			if (kind < 0)
				return stet_error_set(err, STET_ERR,
						      "label %s: kind=%.*s: the kinds are item, span and token",
						      name, (int)(end - w - 5),
						      w + 5);
		} else {
			p = w;
			break;
		}
		p = *end ? end + 1 : end;
		*end = '\0';
	}
	return stet_schema_add_kind(s, name, key, p, colour,
				    (enum stet_label_kind)kind, err);
}

int stet_schema_parse(struct stet_schema *s, const char *text, size_t n,
		      const char *path, struct stet_error *err)
{
	size_t lineno = 0, bad;
	const char *p = text, *end = text + n;
	struct stet_buf word;

	if (!stet_utf8_valid(text, n, &bad)) {
		size_t line = 1, col = 1;

		for (size_t i = 0; i < bad; i++, col++)
			if (text[i] == '\n') {
				line++;
				col = 0;
			}
		return stet_error_set(err, STET_ERR,
				      "%s:%zu:%zu: invalid UTF-8 byte 0x%02x",
				      path, line, col, (unsigned char)text[bad]);
	}
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	stet_buf_init(&word);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line;
		int rc;

		lineno++;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		line = stet_xstrndup(p, len);
		if (memchr(p, '\0', len) != NULL)
			rc = stet_error_set(err, STET_ERR, "NUL byte");
		else
			rc = parse_line(s, line, &word, err);
		free(line);
		if (rc != STET_OK) {
			stet_buf_free(&word);
			stet_error_prefix(err, "%s:%zu", path, lineno);
			return STET_ERR;
		}
		p += nl ? (size_t)(nl - p) + 1 : len;
		if (!nl)
			break;
	}
	stet_buf_free(&word);
	if (s->nlabels == 0)
		return stet_error_set(err, STET_ERR, "%s: no labels", path);
	if (stet_schema_check(s, err) != STET_OK) {
		stet_error_prefix(err, "%s", path);
		return STET_ERR;
	}
	return STET_OK;
}

static json_t *schema_to_json(const struct stet_schema *s)
{
	json_t *o = json_object(), *labels = json_array();

	json_object_set_new(o, "version", json_integer(s->version));
	json_object_set_new(o, "multi", json_boolean(s->multi));
	json_object_set_new(o, "next_id", json_integer(s->next_id));
	/* Absent when false, and a label's kind when it labels the item,
	 * so that a schema without spans is stored as before them. */
	if (s->no_overlap)
		json_object_set_new(o, "no_overlap", json_true());
	for (size_t i = 0; i < s->nlabels; i++) {
		const struct stet_label *l = &s->labels[i];
		json_t *lo = json_object();

		json_object_set_new(lo, "id", json_integer(l->id));
		json_object_set_new(lo, "name", json_string(l->name));
		json_object_set_new(lo, "key", json_string(l->key));
		if (l->description)
			json_object_set_new(lo, "description",
					    json_string(l->description));
		if (l->colour)
			json_object_set_new(lo, "colour", json_string(l->colour));
		if (l->kind != STET_KIND_ITEM)
			json_object_set_new(lo, "kind", json_string(
				stet_label_kind_name(l->kind)));
		json_array_append_new(labels, lo);
	}
	json_object_set_new(o, "labels", labels);
	return o;
}

static char *dup_member(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? stet_xstrdup(v) : NULL;
}

static int schema_from_json(struct stet_schema *s, const char *text,
			    size_t n, struct stet_error *err)
{
	json_error_t jerr;
	json_t *o = json_loadb(text, n, 0, &jerr), *labels, *lo;
	size_t i;

	if (o == NULL)
		return stet_error_set(err, STET_ERR, "schema is damaged: %s",
				      jerr.text);
	s->version = (uint32_t)json_integer_value(json_object_get(o, "version"));
	s->multi = json_is_true(json_object_get(o, "multi"));
	s->no_overlap = json_is_true(json_object_get(o, "no_overlap"));
	s->next_id = (uint32_t)json_integer_value(json_object_get(o, "next_id"));
	labels = json_object_get(o, "labels");
	s->labels = stet_xcalloc(json_array_size(labels) + 1,
				 sizeof *s->labels);
	json_array_foreach(labels, i, lo) {
		struct stet_label *l = &s->labels[s->nlabels++];
		const char *key = json_string_value(json_object_get(lo, "key"));
		const char *kind = json_string_value(json_object_get(lo, "kind"));
		int k = kind ? stet_label_kind_parse(kind) : STET_KIND_ITEM;

		l->id = (uint32_t)json_integer_value(json_object_get(lo, "id"));
		l->name = dup_member(lo, "name");
		snprintf(l->key, sizeof l->key, "%s", key ? key : "");
		l->description = dup_member(lo, "description");
		l->colour = dup_member(lo, "colour");
		if (l->name == NULL) {
			json_decref(o);
			return stet_error_set(err, STET_ERR,
					      "schema is damaged: a label has no name");
		}
		/* A kind a later stet added is not one to guess at. */
		if (k < 0) {
			json_decref(o);
			return stet_error_set(err, STET_ERR,
					      "schema: label %s is of kind \"%s\", which this stet does not know; upgrade stet",
					      l->name, kind);
		}
		l->kind = (enum stet_label_kind)k;
	}
	json_decref(o);
	return STET_OK;
}

static int load_key(struct stet_txn *txn, const char *key,
		    struct stet_schema *s, struct stet_error *err)
{
	const char *v;
	size_t n;
	int rc = stet_meta_get(txn, key, &v, &n, err);

	if (rc == STET_NOTFOUND)
		return stet_error_set(err, STET_NOTFOUND, "no %s in the project",
				      key);
	if (rc != STET_OK)
		return rc;
	stet_schema_free(s);
	rc = schema_from_json(s, v, n, err);
	if (rc != STET_OK)
		stet_schema_free(s);
	return rc;
}

int stet_schema_load(struct stet_txn *txn, struct stet_schema *s,
		     struct stet_error *err)
{
	return load_key(txn, "schema", s, err);
}

int stet_schema_load_version(struct stet_txn *txn, uint32_t version,
			     struct stet_schema *s, struct stet_error *err)
{
	char key[32];

	snprintf(key, sizeof key, "schema.%u", version);
	return load_key(txn, key, s, err);
}

static bool marks_text(const struct stet_schema *s)
{
	return stet_schema_count_kind(s, STET_KIND_SPAN) > 0 ||
	       stet_schema_count_kind(s, STET_KIND_TOKEN) > 0;
}

int stet_schema_save(struct stet_txn *txn, struct stet_schema *s,
		     struct stet_error *err)
{
	struct stet_schema old;
	char key[32];
	json_t *o;
	char *text;
	int rc;

	if (stet_schema_check(s, err) != STET_OK)
		return STET_ERR;
	stet_schema_init(&old);
	rc = stet_schema_load(txn, &old, err);
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return rc;
	s->version = rc == STET_OK ? old.version + 1 : 1;
	/* Spans and tags are made on tokens: the first span or token label
	 * gives every text item that has none its words, in this
	 * transaction, never to change under the spans made on them. */
	if (marks_text(s) && !(rc == STET_OK && marks_text(&old)) &&
	    stet_items_tokenize_missing(txn, err) != STET_OK) {
		stet_schema_free(&old);
		return STET_ERR;
	}
	stet_schema_free(&old);
	o = schema_to_json(s);
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (text == NULL)
		return stet_error_set(err, STET_ERR, "schema: out of memory");
	snprintf(key, sizeof key, "schema.%u", s->version);
	rc = stet_meta_put(txn, key, text, strlen(text), err);
	if (rc == STET_OK)
		rc = stet_meta_put(txn, "schema", text, strlen(text), err);
	free(text);
	return rc;
}
