/* The tags of CoNLL-U and CoNLL-2003 files as one annotator's work:
 * each sentence is the item stet import makes of it (same text, id and
 * tokens), and the column asked for gives its words' tags (CoNLL-U's
 * UPOS or XPOS: token tags) or spans (IOB tags, in a CoNLL-U MISC key
 * or a CoNLL-2003 column). IOB chunks are read as conlleval reads them,
 * so that IOB1, IOB2 and IOBES files all give their spans: a chunk
 * starts at B- or S-, or at I- or E- after O or another type, and ends
 * before O, B-, S- or another type, and after E- or S-. */
#include <stdlib.h>
#include <string.h>

#include "ann_in.h"
#include "stet/input.h"
#include "stet/reader.h"

struct conll_state {
	struct stet_input *in;
	bool conllu;
	int col;          /* 0-based; -1: the last */
	const char *misc; /* MISC key for spans, or NULL */
	int scheme;       /* 0: any IOB, as conlleval; 1: IOB1; 2: IOB2 */
};

struct walk {
	struct ann_ctx *ac;
	struct conll_state *cs;
	struct ann_names tags;    /* one a word, "" for none */
	struct ann_span *spans;
	size_t nspans, cap;
};

static void conll_free(void *state)
{
	struct conll_state *cs = state;

	if (cs->in != NULL)
		stet_input_close(cs->in);
	free(cs);
}

static int conll_load(struct ann_ctx *ac, void **state,
		      struct stet_error *err)
{
	const struct stet_annot_opts *o = ann_opts(ac);
	const char *c = o->column;
	struct conll_state *cs = stet_xcalloc(1, sizeof *cs);
	size_t n;

	*state = cs;
	cs->conllu = o->from == STET_FROM_CONLLU;
	cs->scheme = o->scheme;
	cs->col = cs->conllu ? 3 : -1;
	if (c != NULL && cs->conllu) {
		if (strcmp(c, "upos") == 0)
			cs->col = 3;
		else if (strcmp(c, "xpos") == 0)
			cs->col = 4;
		else if (strncmp(c, "misc:", 5) == 0 && c[5] != '\0')
			cs->col = 9, cs->misc = c + 5;
		else
			return stet_error_set(err, STET_ERR,
				"--column: upos, xpos or misc:KEY for CoNLL-U, not \"%s\"",
				c);
	} else if (c != NULL) {
		char *end;
		long k = strtol(c, &end, 10);

		if (*end != '\0' || k < 2 || k > 64)
			return stet_error_set(err, STET_ERR,
				"--column: a column's number, 2 or more (the word is 1), not \"%s\"",
				c);
		cs->col = (int)k - 1;
	}
	if (stet_input_open(ann_path(ac), o->encoding, &cs->in, err) != STET_OK)
		return STET_ERR;
	stet_input_head(cs->in, &n);
	return n == 0 ? STET_NOTFOUND : STET_OK;
}

/* Field k of a line (tabs, or spaces in a CoNLL-2003 line without a
 * tab); k -1 is the last. */
static bool field(const char *line, size_t len, int k, const char **f,
		  size_t *flen)
{
	char sep = memchr(line, '\t', len) ? '\t' : ' ';
	const char *p = line, *end = line + len;
	int i = 0;

	if (k < 0) {
		const char *q = end;

		while (q > line && q[-1] != sep)
			q--;
		*f = q;
		*flen = (size_t)(end - q);
		return true;
	}
	for (;;) {
		const char *q = memchr(p, sep, (size_t)(end - p));

		if (i == k) {
			*f = p;
			*flen = q ? (size_t)(q - p) : (size_t)(end - p);
			return true;
		}
		if (q == NULL)
			return false;
		p = q + 1;
		i++;
	}
}

/* KEY=VALUE in a MISC field ("_" or A=B|C=D). */
static bool misc_value(const char *f, size_t n, const char *key,
		       const char **v, size_t *vlen)
{
	size_t kl = strlen(key);
	const char *p = f, *end = f + n;

	while (p < end) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		const char *e = bar ? bar : end;

		if ((size_t)(e - p) > kl && memcmp(p, key, kl) == 0 &&
		    p[kl] == '=') {
			*v = p + kl + 1;
			*vlen = (size_t)(e - *v);
			return true;
		}
		p = e + 1;
	}
	return false;
}

static bool iob_tag(const char *t, char *prefix, const char **type)
{
	if (strcmp(t, "O") == 0 || *t == '\0') {
		*prefix = 'O';
		*type = "";
		return true;
	}
	if (strchr("BIESLU", t[0]) == NULL || t[1] != '-' || t[2] == '\0')
		return false;
	*prefix = t[0] == 'L' ? 'E' : t[0] == 'U' ? 'S' : t[0];
	*type = t + 2;
	return true;
}

/* Whether a CoNLL-2003 column holds IOB tags (spans) rather than tags
 * of words (parts of speech). */
static bool all_iob(const struct ann_names *tags)
{
	char p;
	const char *type;

	for (size_t i = 0; i < tags->n; i++)
		if (!iob_tag(tags->v[i], &p, &type))
			return false;
	return tags->n > 0;
}

static void add_chunk(struct walk *w, size_t from, size_t to,
		      const char *type)
{
	if (w->nspans == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->spans = stet_xrealloc(w->spans, w->cap * sizeof *w->spans);
	}
	memset(&w->spans[w->nspans], 0, sizeof w->spans[0]);
	w->spans[w->nspans].start = from;
	w->spans[w->nspans].end = to;
	w->spans[w->nspans++].label = type;
}

/* Whether a tag breaks the scheme asked for (1: IOB1, 2: IOB2), given
 * the tag before it and the type of the span open there (NULL: none). */
static bool scheme_bad(int scheme, char p, const char *type, char prev,
		       const char *open_type)
{
	bool goes_on = open_type != NULL && prev != 'O' &&
		       strcmp(type, open_type) == 0;

	if (p == 'E' || p == 'S')
		return true;
	if (scheme == 2)
		return p == 'I' && !goes_on;
	return p == 'B' && !goes_on;
}

/* The tags as chunks, in tokens. */
static int chunks(struct walk *w, const struct stet_item *it,
		  const uint64_t *lines, struct stet_error *err)
{
	const char *open_type = NULL;
	size_t open = 0;
	char prev = 'O';

	w->nspans = 0;
	for (size_t i = 0; i <= w->tags.n; i++) {
		const char *type = "";
		char p = 'O';

		if (i < w->tags.n && !iob_tag(w->tags.v[i], &p, &type))
			return stet_error_set(err, STET_ERR,
				"%s:%llu: \"%s\" is not an IOB tag (O, B-TYPE, I-TYPE, E-TYPE, S-TYPE)",
				it->source, (unsigned long long)lines[i],
				w->tags.v[i]);
		if (i < w->tags.n && w->cs->scheme != 0 &&
		    scheme_bad(w->cs->scheme, p, type, prev, open_type))
			return stet_error_set(err, STET_ERR,
				"%s:%llu: \"%s\" %s",
				it->source, (unsigned long long)lines[i],
				w->tags.v[i], w->cs->scheme == 2 ?
				"is not IOB2: a span begins with B-, and I- goes on a span of its type" :
				"is not IOB1: a span begins with I-, or B- right after a span of its type");
		if (open_type != NULL &&
		    (p == 'O' || p == 'B' || p == 'S' || prev == 'E' ||
		     prev == 'S' || strcmp(type, open_type) != 0)) {
			add_chunk(w, open, i, open_type);
			open_type = NULL;
		}
		if (p != 'O' && open_type == NULL) {
			open_type = type;
			open = i;
		}
		prev = p;
	}
	return STET_OK;
}

static int sentence(void *ctx, struct stet_item *it, struct stet_error *err)
{
	struct walk *w = ctx;
	struct conll_state *cs = w->cs;
	struct ann_rec r = {0};
	uint64_t *lines;
	size_t nl = 0;
	int rc;

	ann_names_free(&w->tags);
	lines = stet_xcalloc(strlen(it->tokens ? it->tokens : "") + 2,
			     sizeof *lines);
	for (const char *p = it->tokens ? it->tokens : ""; *p; nl++) {
		const char *e = strchr(p, '\n'), *f, *id_end;
		size_t len = e ? (size_t)(e - p) : strlen(p), flen, vlen;
		const char *v;

		if (*p == '#')
			goto next;
		id_end = p + strcspn(p, "\t");
		/* CoNLL-U: words have a whole number; multiword ranges and
		 * empty nodes are no tokens. */
		if (cs->conllu && strspn(p, "0123456789") != (size_t)(id_end - p)) {
			if (field(p, len, cs->col, &f, &flen) && !cs->misc &&
			    !(flen == 1 && *f == '_'))
				ann_note(w->ac, NOTE_DROPPED_TAGS, NULL);
			goto next;
		}
		if (!field(p, len, cs->col, &f, &flen)) {
			free(lines);
			return stet_error_set(err, STET_ERR,
				"%s:%llu: no column %d", it->source,
				(unsigned long long)(it->line + nl), cs->col + 1);
		}
		if (cs->misc != NULL) {
			if (!misc_value(f, flen, cs->misc, &v, &vlen))
				v = "O", vlen = 1;
			f = v;
			flen = vlen;
		}
		lines[w->tags.n] = it->line + nl;
		{
			char *t = stet_xstrndup(f, flen);

			ann_names_add(&w->tags, flen == 1 && *f == '_' ? "" : t);
			free(t);
		}
next:
		p += len + (e != NULL);
	}
	r.ext_id = it->ext_id;
	r.text = it->text;
	r.meta = it->meta;
	r.model = it;
	r.what = ANN_MARKS;
	if (cs->misc != NULL || (!cs->conllu && all_iob(&w->tags))) {
		if (chunks(w, it, lines, err) != STET_OK) {
			free(lines);
			return STET_ERR;
		}
		r.has_spans = true;
		r.spans_in_tokens = true;
		r.spans = w->spans;
		r.nspans = w->nspans;
	} else {
		/* Not IOB tags: POS tags and the like, one a word. */
		for (size_t i = 0; i < w->tags.n; i++)
			if (*w->tags.v[i] == '\0') {
				free(w->tags.v[i]);
				w->tags.v[i] = NULL;
			}
		r.has_tags = true;
		r.tags = (const char *const *)w->tags.v;
		r.ntags = w->tags.n;
	}
	free(lines);
	rc = ann_record(w->ac, &r, err);
	if (rc != STET_OK && rc != STET_MAPFULL)
		stet_error_prefix(err, "%s:%llu", it->source,
				  (unsigned long long)it->line);
	return rc;
}

static int conll_walk(struct ann_ctx *ac, void *state, struct stet_error *err)
{
	struct conll_state *cs = state;
	struct walk w = {.ac = ac, .cs = cs};
	struct stet_reader_cb cb = {.item = sentence, .ctx = &w};
	int rc;

	if (stet_input_rewind(cs->in, err) != STET_OK)
		return STET_ERR;
	rc = stet_read_conll(cs->in, NULL, &cb, err);
	ann_names_free(&w.tags);
	free(w.spans);
	return rc;
}

const struct ann_reader ann_reader_conll = {
	.name = "conll",
	.load = conll_load,
	.walk = conll_walk,
	.free = conll_free,
};
