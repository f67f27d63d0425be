/* CoNLL and CoNLL-U: one sentence an item, sentences separated by blank
 * lines. Token lines are kept as they are; the text is "# text = …" when
 * the sentence has it, else the surface forms joined by spaces (a
 * multiword token's form stands for the words inside its range, and
 * empty nodes have no surface). "# sent_id = …" is the id; other
 * "# key = value" comments become meta. -DOCSTART- blocks are skipped. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stet/reader.h"

struct sentence {
	struct stet_buf text;   /* from "# text =" */
	struct stet_buf forms;  /* surface forms joined */
	struct stet_buf tokens; /* token lines */
	char *sent_id;
	json_t *meta;
	uint64_t start;
	unsigned long skip_to; /* last word id inside the open multiword range */
	int numbered;          /* first column is a word index; -1: not seen yet */
	bool docstart;
};

static void sentence_reset(struct sentence *s)
{
	stet_buf_reset(&s->text);
	stet_buf_reset(&s->forms);
	stet_buf_reset(&s->tokens);
	free(s->sent_id);
	s->sent_id = NULL;
	if (s->meta != NULL)
		json_decref(s->meta);
	s->meta = NULL;
	s->start = 0;
	s->skip_to = 0;
	s->numbered = -1;
	s->docstart = false;
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static void comment(struct sentence *s, const char *line, size_t len)
{
	const char *p = line + 1, *end = line + len, *eq;
	size_t klen;

	while (p < end && *p == ' ')
		p++;
	eq = memchr(p, '=', (size_t)(end - p));
	if (eq == NULL)
		return;
	klen = (size_t)(eq - p);
	while (klen > 0 && p[klen - 1] == ' ')
		klen--;
	eq++;
	while (eq < end && *eq == ' ')
		eq++;
	if (klen == 4 && memcmp(p, "text", 4) == 0) {
		stet_buf_reset(&s->text);
		stet_buf_add(&s->text, eq, (size_t)(end - eq));
	} else if (klen == 7 && memcmp(p, "sent_id", 7) == 0) {
		free(s->sent_id);
		s->sent_id = stet_xstrndup(eq, (size_t)(end - eq));
	} else if (klen > 0) {
		char *key = stet_xstrndup(p, klen);

		if (s->meta == NULL)
			s->meta = json_object();
		json_object_set_new(s->meta, key,
				    json_stringn(eq, (size_t)(end - eq)));
		free(key);
	}
}

static void add_form(struct sentence *s, const char *f, size_t n)
{
	if (s->forms.len > 0)
		stet_buf_addc(&s->forms, ' ');
	stet_buf_add(&s->forms, f, n);
}

static void token(struct sentence *s, const char *line, size_t len)
{
	const char *tab = memchr(line, '\t', len);
	const char *f1 = line, *f2, *end = line + len, *dash;
	size_t n1;

	if (s->tokens.len > 0)
		stet_buf_addc(&s->tokens, '\n');
	stet_buf_add(&s->tokens, line, len);
	if (len >= 10 && memcmp(line, "-DOCSTART-", 10) == 0) {
		s->docstart = true;
		return;
	}
	if (tab == NULL) {
		/* CoNLL-2003 style: space-separated, the word first. */
		const char *sp = memchr(line, ' ', len);

		add_form(s, line, sp ? (size_t)(sp - line) : len);
		return;
	}
	n1 = (size_t)(tab - line);
	f2 = tab + 1;
	tab = memchr(f2, '\t', (size_t)(end - f2));
	if (tab != NULL)
		end = tab;
	/* A numbered sentence starts at word 1 (or a range 1-N); otherwise
	 * the word comes first and "3-1" or "U.S." is just a word. */
	if (s->numbered < 0)
		s->numbered = (n1 == 1 && f1[0] == '1') ||
			      (n1 > 2 && f1[0] == '1' && f1[1] == '-');
	if (!s->numbered) {
		add_form(s, f1, n1);
		return;
	}
	if (all_digits(f1, n1)) {
		unsigned long id = strtoul(f1, NULL, 10);

		if (id > s->skip_to)
			add_form(s, f2, (size_t)(end - f2));
		return;
	}
	dash = memchr(f1, '-', n1);
	if (dash != NULL && all_digits(f1, (size_t)(dash - f1))) {
		s->skip_to = strtoul(dash + 1, NULL, 10);
		add_form(s, f2, (size_t)(end - f2));
		return;
	}
	/* Anything else in a numbered sentence is an empty node (8.1),
	 * which has no surface form. */
}

static int emit(struct sentence *s, struct stet_input *in,
		const struct stet_reader_cb *cb, struct stet_error *err)
{
	struct stet_item it;
	int rc;

	if (s->docstart || (s->tokens.len == 0 && s->text.len == 0)) {
		sentence_reset(s);
		return STET_OK;
	}
	stet_item_init(&it);
	it.kind = STET_ITEM_TEXT;
	it.text = stet_buf_take(s->text.len > 0 ? &s->text : &s->forms);
	it.tokens = s->tokens.len > 0 ? stet_buf_take(&s->tokens) : NULL;
	it.ext_id = s->sent_id;
	s->sent_id = NULL;
	if (s->meta != NULL) {
		char *m = json_dumps(s->meta, JSON_COMPACT);

		if (m != NULL) {
			it.meta = stet_xstrdup(m);
			free(m);
		}
	}
	it.source = stet_xstrdup(stet_input_name(in));
	it.line = s->start;
	rc = cb->item(cb->ctx, &it, err);
	stet_item_clear(&it);
	sentence_reset(s);
	return rc;
}

int stet_read_conll(struct stet_input *in, const struct stet_read_opts *opts,
		    const struct stet_reader_cb *cb, struct stet_error *err)
{
	struct sentence s;
	const char *line;
	size_t len;
	int rc;

	(void)opts;
	memset(&s, 0, sizeof s);
	s.numbered = -1;
	stet_buf_init(&s.text);
	stet_buf_init(&s.forms);
	stet_buf_init(&s.tokens);
	for (;;) {
		bool is_blank = true, skipped;

		rc = stet_reader_line(in, cb, &line, &len, &skipped, err);
		if (rc == STET_NOTFOUND)
			break;
		if (rc != STET_OK)
			goto leave;
		/* A sentence with a bad line in it is dropped whole, never
		 * imported with a token missing. */
		if (skipped)
			sentence_reset(&s);
		for (size_t i = 0; i < len && is_blank; i++)
			is_blank = line[i] == ' ' || line[i] == '\t';
		if (is_blank) {
			rc = emit(&s, in, cb, err);
			if (rc != 0)
				goto leave;
			continue;
		}
		if (s.start == 0)
			s.start = stet_input_lineno(in);
		if (line[0] == '#')
			comment(&s, line, len);
		else
			token(&s, line, len);
	}
	rc = emit(&s, in, cb, err);
leave:
	sentence_reset(&s);
	stet_buf_free(&s.text);
	stet_buf_free(&s.forms);
	stet_buf_free(&s.tokens);
	return rc;
}
