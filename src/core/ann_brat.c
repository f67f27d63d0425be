/* brat's standoff files: DOC.ann next to DOC.txt, the text never
 * changed by the tool. Text-bound annotations ("T1<TAB>PER 0 5<TAB>Japan")
 * are spans, offsets in characters as brat's Python server counts them
 * (code points; brat's data format page: "character offsets", start
 * inclusive, end exclusive); a discontinuous one ("0 5;10 15") is kept as
 * its parts, each a span of the label. Events, relations, attributes,
 * normalizations and notes are passed over. brat keeps no annotator: the
 * spans are --annotator's, the item is the text, known by DOC. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_in.h"
#include "stet/text.h"

struct brat_state {
	char *text;          /* DOC.txt */
	char *doc;           /* DOC: the item's id */
	char *ann;           /* DOC.ann */
	struct ann_span *spans;
	char **strings;      /* labels, texts and names the spans point to */
	size_t nspans, nstrings;
	size_t parts;        /* discontinuous spans, kept as their parts */
	struct ann_names passed;
};

static void brat_free(void *state)
{
	struct brat_state *b = state;

	for (size_t i = 0; i < b->nstrings; i++)
		free(b->strings[i]);
	free(b->strings);
	free(b->spans);
	free(b->text);
	free(b->doc);
	free(b->ann);
	ann_names_free(&b->passed);
	free(b);
}

static const char *keep(struct brat_state *b, const char *s, size_t n)
{
	b->strings = stet_xrealloc(b->strings,
				   (b->nstrings + 1) * sizeof *b->strings);
	b->strings[b->nstrings] = stet_xstrndup(s, n);
	return b->strings[b->nstrings++];
}

static int slurp(const char *path, char **out, size_t *len,
		 struct stet_error *err)
{
	FILE *f = fopen(path, "rb");
	struct stet_buf b;
	char chunk[65536];
	size_t n, bad;

	if (f == NULL)
		return stet_error_set(err, STET_ERR, "%s: %s", path,
				      strerror(errno));
	stet_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		stet_buf_add(&b, chunk, n);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		stet_buf_free(&b);
		return stet_error_set(err, STET_ERR, "%s: %s", path,
				      strerror(e));
	}
	fclose(f);
	if (!stet_utf8_valid(b.data ? b.data : "", b.len, &bad)) {
		stet_buf_free(&b);
		return stet_error_set(err, STET_ERR,
				      "%s: invalid UTF-8 at byte %zu", path, bad);
	}
	*len = b.len;
	*out = b.len > 0 ? stet_buf_take(&b) : stet_xstrdup("");
	stet_buf_free(&b);
	return STET_OK;
}

static bool number(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;

	*v = 0;
	while (*p < end && **p >= '0' && **p <= '9') {
		if (*v > UINT32_MAX)
			return false;
		*v = *v * 10 + (uint64_t)(**p - '0');
		(*p)++;
	}
	return *p > s;
}

static void add_span(struct brat_state *b, uint64_t s, uint64_t e,
		     const char *label, const char *text, const char *name)
{
	struct ann_span *sp;

	b->spans = stet_xrealloc(b->spans, (b->nspans + 1) * sizeof *b->spans);
	sp = &b->spans[b->nspans++];
	memset(sp, 0, sizeof *sp);
	sp->start = s;
	sp->end = e;
	sp->label = label;
	sp->text = text;
	sp->name = name;
}

/* "T1<TAB>TYPE START END[;START END]...<TAB>TEXT" */
static int text_bound(struct brat_state *b, const char *line, size_t len,
		      struct stet_error *err)
{
	const char *end = line + len, *tab1 = memchr(line, '\t', len), *p, *sp,
		   *tab2, *label, *name, *text;
	size_t first = b->nspans, nparts = 0;

	if (tab1 == NULL || (tab2 = memchr(tab1 + 1, '\t',
					   (size_t)(end - tab1 - 1))) == NULL)
		return stet_error_set(err, STET_ERR,
			"a text-bound annotation is ID<TAB>TYPE START END<TAB>TEXT");
	name = keep(b, line, (size_t)(tab1 - line));
	p = tab1 + 1;
	sp = memchr(p, ' ', (size_t)(tab2 - p));
	if (sp == NULL || sp == p)
		return stet_error_set(err, STET_ERR,
				      "%s: no type and offsets", name);
	label = keep(b, p, (size_t)(sp - p));
	text = keep(b, tab2 + 1, (size_t)(end - tab2 - 1));
	p = sp + 1;
	for (;;) {
		uint64_t s, e;

		if (!number(&p, tab2, &s) || p == tab2 || *p++ != ' ' ||
		    !number(&p, tab2, &e))
			return stet_error_set(err, STET_ERR,
				"%s: offsets must be START END, or START END;START END for a discontinuous span",
				name);
		add_span(b, s, e, label, NULL, name);
		nparts++;
		if (p == tab2)
			break;
		if (*p++ != ';')
			return stet_error_set(err, STET_ERR,
				"%s: offsets must be START END, or START END;START END for a discontinuous span",
				name);
	}
	/* brat writes a discontinuous span's text as its parts' joined by
	 * a space: each part takes as many characters as it spans, and is
	 * checked against them. */
	if (nparts == 1) {
		b->spans[first].text = text;
		return STET_OK;
	}
	b->parts++;
	p = text;
	for (size_t i = first; i < b->nspans; i++) {
		const char *q = p;
		uint64_t want = b->spans[i].end > b->spans[i].start ?
			b->spans[i].end - b->spans[i].start : 0;

		for (uint64_t k = 0; k < want && *q; k++) {
			q++;
			while (((unsigned char)*q & 0xc0) == 0x80)
				q++;
		}
		b->spans[i].text = keep(b, p, (size_t)(q - p));
		p = *q == ' ' ? q + 1 : q;
	}
	return STET_OK;
}

static int brat_load(struct ann_ctx *ac, void **state, struct stet_error *err)
{
	const char *path = ann_path(ac);
	size_t plen = strlen(path), tlen, alen;
	struct brat_state *b;
	char *txt_path, *ann_text = NULL;
	const char *base, *p, *end;
	uint64_t line = 0;
	int rc;

	if (strcmp(path, "-") == 0)
		return stet_error_set(err, STET_ERR,
			"brat: give the .ann file (the .txt beside it is read too)");
	if (ann_opts(ac)->encoding != NULL)
		return stet_error_set(err, STET_ERR,
			"--encoding: brat's files are read as UTF-8");
	b = stet_xcalloc(1, sizeof *b);
	*state = b;
	/* DOC.ann or DOC.txt (or DOC): both files are read. */
	if (plen > 4 && (strcmp(path + plen - 4, ".ann") == 0 ||
			 strcmp(path + plen - 4, ".txt") == 0))
		plen -= 4;
	txt_path = stet_xmalloc(plen + 5);
	memcpy(txt_path, path, plen);
	memcpy(txt_path + plen, ".txt", 5);
	b->ann = stet_xmalloc(plen + 5);
	memcpy(b->ann, path, plen);
	memcpy(b->ann + plen, ".ann", 5);
	base = strrchr(txt_path, '/');
	base = base ? base + 1 : txt_path;
	b->doc = stet_xstrndup(base, (size_t)(txt_path + plen - base));
	rc = slurp(txt_path, &b->text, &tlen, err);
	if (rc == STET_OK)
		rc = slurp(b->ann, &ann_text, &alen, err);
	if (rc == STET_OK && memchr(b->text, '\0', tlen) != NULL)
		rc = stet_error_set(err, STET_ERR, "%s: a NUL byte in the text",
				    txt_path);
	/* As in the text: a NUL byte would end a line's fields early, and
	 * one at a line's start would pass for a kind of line. */
	if (rc == STET_OK && (p = memchr(ann_text, '\0', alen)) != NULL) {
		uint64_t at = 1;

		for (const char *q = ann_text; q < p; q++)
			at += *q == '\n';
		rc = stet_error_set(err, STET_ERR, "%s:%llu: a NUL byte",
				    b->ann, (unsigned long long)at);
	}
	for (p = ann_text; rc == STET_OK && p < ann_text + alen; p = end + 1) {
		size_t len;

		end = memchr(p, '\n', (size_t)(ann_text + alen - p));
		if (end == NULL)
			end = ann_text + alen;
		len = (size_t)(end - p);
		line++;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len == 0)
			continue;
		if (p[0] == 'T') {
			rc = text_bound(b, p, len, err);
			if (rc != STET_OK)
				stet_error_prefix(err, "%s:%llu", b->ann,
						  (unsigned long long)line);
			continue;
		}
		{
			const char *kinds = "ERAMN#*";
			static const char *const names[] = {
				"events", "relations", "attributes",
				"attributes", "normalizations", "notes",
				"equivalences"};
			const char *k = strchr(kinds, p[0]);

			if (k == NULL) {
				rc = stet_error_set(err, STET_ERR,
					"%s:%llu: not a brat annotation (T, E, R, A, M, N, # or * lines)",
					b->ann, (unsigned long long)line);
				break;
			}
			ann_names_add(&b->passed, names[k - kinds]);
		}
	}
	free(ann_text);
	free(txt_path);
	return rc;
}

static int brat_walk(struct ann_ctx *ac, void *state, struct stet_error *err)
{
	struct brat_state *b = state;
	struct ann_rec r = {0};
	int rc;

	for (size_t i = 0; i < b->passed.n; i++)
		ann_note(ac, NOTE_PASSED, b->passed.v[i]);
	for (size_t i = 0; i < b->parts; i++)
		ann_note(ac, NOTE_PARTS, NULL);
	r.ext_id = b->doc;
	r.text = b->text;
	r.what = ANN_MARKS;
	r.has_spans = true;
	r.unit = STET_UNIT_CODEPOINTS;
	r.spans = b->spans;
	r.nspans = b->nspans;
	rc = ann_record(ac, &r, err);
	if (rc != STET_OK && rc != STET_MAPFULL)
		stet_error_prefix(err, "%s", b->ann);
	return rc;
}

const struct ann_reader ann_reader_brat = {
	.name = "brat",
	.load = brat_load,
	.walk = brat_walk,
	.free = brat_free,
};
