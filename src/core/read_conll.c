/* CoNLL and CoNLL-U: one sentence an item, sentences separated by blank
 * lines. The sentence's lines, comments and token lines, are kept as
 * they are, so that an export can write them back byte for byte; the
 * text is "# text = …" when the sentence has it, else the surface forms
 * joined by spaces (a multiword token's form stands for the words inside
 * its range, and empty nodes have no surface). "# sent_id = …" is the
 * id; other "# key = value" comments become meta too. A -DOCSTART-
 * block is no item: its line is the meta "docstart" of the sentence
 * after it, which begins a document.
 *
 * The words are the item's tokens, as given: each surface form (a
 * word's, or a multiword token's) is found in the text in order, and
 * the words of a multiword token all get its surface's offsets. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stet/reader.h"

/* A surface form in order: a word, or a multiword token standing for
 * the words of its range. */
struct unit {
	size_t off, len; /* bytes of forms */
	uint64_t line;
	uint32_t words;
	bool multi;
};

struct sentence {
	struct stet_buf text;   /* from "# text =" */
	struct stet_buf forms;  /* surface forms joined */
	struct stet_buf tokens; /* the sentence's lines, comments too */
	size_t nlines;          /* token lines among them */
	struct stet_buf doc_line; /* a -DOCSTART- line for the next sentence */
	struct unit *units;
	size_t nunits, cap;
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
	s->nlines = 0;
	s->nunits = 0;
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

static void add_line(struct sentence *s, const char *line, size_t len)
{
	if (s->tokens.len > 0)
		stet_buf_addc(&s->tokens, '\n');
	stet_buf_add(&s->tokens, line, len);
}

static void comment(struct sentence *s, const char *line, size_t len)
{
	const char *p = line + 1, *end = line + len, *eq;
	size_t klen;

	add_line(s, line, len);
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

static void add_form(struct sentence *s, const char *f, size_t n,
		     uint64_t line, uint32_t words, bool multi)
{
	struct unit *u;

	if (s->forms.len > 0)
		stet_buf_addc(&s->forms, ' ');
	if (s->nunits == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		s->units = stet_xrealloc(s->units, s->cap * sizeof *s->units);
	}
	u = &s->units[s->nunits++];
	u->off = s->forms.len;
	u->len = n;
	u->line = line;
	u->words = words;
	u->multi = multi;
	stet_buf_add(&s->forms, f, n);
}

static void token(struct sentence *s, const char *line, size_t len,
		  uint64_t lineno)
{
	const char *tab = memchr(line, '\t', len);
	const char *f1 = line, *f2, *end = line + len, *dash;
	size_t n1;

	add_line(s, line, len);
	s->nlines++;
	if (len >= 10 && memcmp(line, "-DOCSTART-", 10) == 0) {
		s->docstart = true;
		stet_buf_reset(&s->doc_line);
		stet_buf_add(&s->doc_line, line, len);
		return;
	}
	if (tab == NULL) {
		/* CoNLL-2003 style: space-separated, the word first. */
		const char *sp = memchr(line, ' ', len);

		add_form(s, line, sp ? (size_t)(sp - line) : len, lineno, 1,
			 false);
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
		add_form(s, f1, n1, lineno, 1, false);
		return;
	}
	if (all_digits(f1, n1)) {
		unsigned long id = strtoul(f1, NULL, 10);

		if (id > s->skip_to)
			add_form(s, f2, (size_t)(end - f2), lineno, 1, false);
		else if (s->nunits > 0)
			s->units[s->nunits - 1].words++;
		return;
	}
	dash = memchr(f1, '-', n1);
	if (dash != NULL && all_digits(f1, (size_t)(dash - f1))) {
		s->skip_to = strtoul(dash + 1, NULL, 10);
		add_form(s, f2, (size_t)(end - f2), lineno, 0, true);
		return;
	}
	/* Anything else in a numbered sentence is an empty node (8.1),
	 * which has no surface form. */
}

static size_t count_cps(const char *p, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)p[i] & 0xc0) != 0x80;
	return k;
}

/* Finds each surface form in text, in order, from where the one before
 * ended: the words as tokens, in code points of text. */
static int align(const struct sentence *s, const char *text, size_t tlen,
		 const char *name, struct stet_tokens *out,
		 struct stet_error *bad)
{
	size_t pos = 0, cp = 0;

	for (size_t i = 0; i < s->nunits; i++) {
		const struct unit *u = &s->units[i];
		const char *form = s->forms.data + u->off;
		const char *at = u->len == 0 ? NULL :
				 memmem(text + pos, tlen - pos, form, u->len);
		size_t start, end;

		if (u->len == 0 || at == NULL)
			return stet_error_set(bad, STET_ERR,
					      "%s%s%llu: the form \"%.*s\" is not in the sentence's text after code point %zu",
					      name ? name : "token line",
					      name ? ":" : " ",
					      (unsigned long long)u->line,
					      (int)u->len, form, cp);
		start = cp + count_cps(text + pos, (size_t)(at - (text + pos)));
		end = start + count_cps(form, u->len);
		if (end > UINT32_MAX)
			return stet_error_set(bad, STET_ERR,
					      "%s%s%llu: the sentence is too long for code point offsets",
					      name ? name : "token line",
					      name ? ":" : " ",
					      (unsigned long long)u->line);
		for (uint32_t w = 0; w < (u->multi ? u->words : 1); w++)
			stet_tokens_add(out, (uint32_t)start, (uint32_t)end,
					u->multi ? STET_TOKEN_IN_MULTIWORD : 0);
		pos = (size_t)(at - text) + u->len;
		cp = end;
	}
	return STET_OK;
}

static int emit(struct sentence *s, struct stet_input *in,
		const struct stet_reader_cb *cb, struct stet_error *err)
{
	struct stet_item it;
	struct stet_buf *text = s->text.len > 0 ? &s->text : &s->forms;
	int rc;

	if (s->docstart || (s->nlines == 0 && s->text.len == 0)) {
		sentence_reset(s);
		return STET_OK;
	}
	if (s->doc_line.len > 0) {
		if (s->meta == NULL)
			s->meta = json_object();
		json_object_set_new(s->meta, "docstart",
				    json_stringn(s->doc_line.data,
						 s->doc_line.len));
		stet_buf_reset(&s->doc_line);
	}
	stet_item_init(&it);
	if (s->nunits > 0) {
		struct stet_error bad;

		if (align(s, text->data ? text->data : "", text->len,
			  stet_input_name(in), &it.toks, &bad) != STET_OK) {
			/* The sentence is dropped whole, as for a bad line. */
			stet_item_clear(&it);
			sentence_reset(s);
			return stet_reader_bad(cb, &bad, err);
		}
		it.has_toks = true;
	}
	it.kind = STET_ITEM_TEXT;
	it.text = stet_buf_take(text);
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

int stet_conll_tokens(const char *lines, size_t n, const char *text,
		      struct stet_tokens *out, struct stet_error *err)
{
	struct sentence s;
	uint64_t lineno = 0;
	size_t pos = 0;
	int rc;

	memset(&s, 0, sizeof s);
	s.numbered = -1;
	stet_buf_init(&s.text);
	stet_buf_init(&s.forms);
	stet_buf_init(&s.tokens);
	while (pos < n) {
		const char *lf = memchr(lines + pos, '\n', n - pos);
		size_t len = lf ? (size_t)(lf - (lines + pos)) : n - pos;

		lineno++;
		if (len > 0 && lines[pos] != '#')
			token(&s, lines + pos, len, lineno);
		pos += len + 1;
	}
	rc = align(&s, text, strlen(text), NULL, out, err);
	sentence_reset(&s);
	stet_buf_free(&s.text);
	stet_buf_free(&s.forms);
	stet_buf_free(&s.tokens);
	free(s.units);
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
	stet_buf_init(&s.doc_line);
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
			token(&s, line, len, stet_input_lineno(in));
	}
	rc = emit(&s, in, cb, err);
leave:
	sentence_reset(&s);
	stet_buf_free(&s.text);
	stet_buf_free(&s.forms);
	stet_buf_free(&s.tokens);
	stet_buf_free(&s.doc_line);
	free(s.units);
	return rc;
}
