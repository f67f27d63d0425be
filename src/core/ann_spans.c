/* Spans made in other tools, brought to the item's code points: each
 * tool's unit converted exactly (stet/offsets.h), the span's own text
 * checked where the tool repeats it, the offsets mapped through NFC
 * (stet_text_nfc_map) and required to fall between graphemes. Nothing is
 * snapped: a span that does not fit is named in an error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ann_in.h"
#include "stet/text.h"

struct conv {
	struct stet_offset_map given; /* of the text the offsets count in */
	struct stet_offset_map item;  /* of its NFC, where graphemes are */
	struct stet_buf nfc;
	uint32_t *map;                /* given code point -> NFC's */
	size_t ncp;
	bool same;                    /* NFC kept the text: item is given */
};

static void conv_free(struct conv *c)
{
	stet_offset_map_free(&c->given);
	if (!c->same)
		stet_offset_map_free(&c->item);
	stet_buf_free(&c->nfc);
	free(c->map);
}

static int conv_init(struct conv *c, const char *text,
		     struct stet_error *err)
{
	size_t n = strlen(text);

	memset(c, 0, sizeof *c);
	stet_buf_init(&c->nfc);
	if (stet_text_nfc_map(text, n, &c->nfc, &c->map, &c->ncp, err) !=
	    STET_OK)
		return STET_ERR;
	/* Most text is its own NFC: one map serves both. */
	c->same = c->nfc.len == n && (n == 0 || memcmp(c->nfc.data, text, n) == 0);
	if (stet_offset_map_init(&c->given, text, n, err) != STET_OK) {
		conv_free(c);
		return STET_ERR;
	}
	if (c->same) {
		c->item = c->given;
		return STET_OK;
	}
	if (stet_offset_map_init(&c->item, c->nfc.data ? c->nfc.data : "",
				 c->nfc.len, err) != STET_OK) {
		conv_free(c);
		return STET_ERR;
	}
	return STET_OK;
}

/* A piece of text for a message: quoted, on one line, at most about 60
 * bytes, cut between characters. */
static void quote(struct stet_buf *b, const char *s, size_t n)
{
	size_t i = 0;

	stet_buf_addc(b, '"');
	while (i < n && i < 60) {
		size_t len = 1;

		while (i + len < n && ((unsigned char)s[i + len] & 0xc0) == 0x80)
			len++;
		if (s[i] == '\n')
			stet_buf_adds(b, "\\n");
		else if (s[i] == '"' || s[i] == '\\')
			stet_buf_printf(b, "\\%c", s[i]);
		else
			stet_buf_add(b, s + i, len);
		i += len;
	}
	stet_buf_adds(b, i < n ? "...\"" : "\"");
}

static bool is_space_at(const char *s, size_t n, size_t *len)
{
	uint32_t cp;
	size_t l = 1;

	while (l < n && ((unsigned char)s[l] & 0xc0) == 0x80)
		l++;
	*len = l;
	if (l == 1)
		cp = (unsigned char)s[0];
	else if (l == 2)
		cp = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	else if (l == 3)
		cp = (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 |
		     (s[2] & 0x3f);
	else
		cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
		     (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
	return stet_text_cp_kind(cp) == STET_CP_SPACE;
}

/* s[0..*n) without the white space around it. */
static const char *trim(const char *s, size_t *n)
{
	size_t len;

	while (*n > 0 && is_space_at(s, *n, &len)) {
		s += len;
		*n -= len;
	}
	/* From the end: find the last character's start. */
	while (*n > 0) {
		size_t st = *n - 1;

		while (st > 0 && ((unsigned char)s[st] & 0xc0) == 0x80)
			st--;
		if (!is_space_at(s + st, *n - st, &len))
			break;
		*n = st;
	}
	return s;
}

static void span_name(struct stet_buf *b, const struct ann_span *sp,
		      size_t i)
{
	if (sp->name != NULL)
		stet_buf_adds(b, sp->name);
	else
		stet_buf_printf(b, "span %zu", i + 1);
	stet_buf_printf(b, " (%llu-%llu ", (unsigned long long)sp->start,
			(unsigned long long)sp->end);
	quote(b, sp->label, strlen(sp->label));
	stet_buf_addc(b, ')');
}

static int span_fail(struct stet_error *err, const struct ann_span *sp,
		     size_t i, const char *fmt, const char *detail)
{
	struct stet_buf b;

	stet_buf_init(&b);
	span_name(&b, sp, i);
	stet_error_set(err, STET_ERR, "%s: %s%s", b.data, fmt,
		       detail ? detail : "");
	stet_buf_free(&b);
	return STET_ERR;
}

/* The tool's text of the span against the text at its offsets. */
static int check_text(struct ann_notes *notes, const struct conv *c,
		      const struct ann_span *sp, size_t i, uint32_t s,
		      uint32_t e, struct stet_error *err)
{
	const char *at = c->given.text + c->given.byte_of[s];
	size_t n = c->given.byte_of[e] - c->given.byte_of[s];
	size_t m = strlen(sp->text), tn = n, tm = m;
	const char *ta, *tb;
	struct stet_buf b;

	if (n == m && memcmp(at, sp->text, n) == 0)
		return STET_OK;
	ta = trim(at, &tn);
	tb = trim(sp->text, &tm);
	stet_buf_init(&b);
	if (tn == tm && memcmp(ta, tb, tn) == 0) {
		span_name(&b, sp, i);
		ann_notes_add(notes, NOTE_SPAN_SPACE, b.data);
		stet_buf_free(&b);
		return STET_OK;
	}
	stet_buf_adds(&b, "the text at its offsets is ");
	quote(&b, at, n);
	stet_buf_adds(&b, ", the file says ");
	quote(&b, sp->text, m);
	span_fail(err, sp, i, b.data, NULL);
	stet_buf_free(&b);
	return STET_ERR;
}

/* which: "start" or "end", for the message. */
static int to_item(const struct conv *c, const struct ann_span *sp, size_t i,
		   const char *which, uint32_t given, uint32_t *out,
		   struct stet_error *err)
{
	*out = given <= c->ncp ? c->map[given] : UINT32_MAX;
	if (*out == UINT32_MAX)
		return span_fail(err, sp, i, which,
			" falls inside a character that Unicode NFC composes (stet keeps text in NFC)");
	if (!stet_offset_on_grapheme(&c->item, *out))
		return span_fail(err, sp, i, which,
			" falls inside a character (one grapheme cluster: an emoji sequence, a flag, a letter and its marks)");
	return STET_OK;
}

int ann_spans_to_item(struct ann_notes *notes, const struct ann_rec *r,
		      const char *text, struct ann_cp_span *out,
		      struct stet_error *err)
{
	struct conv c;
	int rc = STET_OK;

	if (r->nspans == 0)
		return STET_OK;
	if (conv_init(&c, text, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < r->nspans && rc == STET_OK; i++) {
		const struct ann_span *sp = &r->spans[i];
		struct stet_error e2 = {0};
		uint32_t s, e;

		if (sp->start >= sp->end) {
			rc = span_fail(err, sp, i,
				       "a span must end after it starts", NULL);
			break;
		}
		if (stet_offset_to_cp(&c.given, r->unit, sp->start, &s, &e2) !=
		    STET_OK ||
		    stet_offset_to_cp(&c.given, r->unit, sp->end, &e, &e2) !=
		    STET_OK) {
			rc = span_fail(err, sp, i, e2.msg, NULL);
			break;
		}
		if (sp->text != NULL &&
		    (rc = check_text(notes, &c, sp, i, s, e, err)) != STET_OK)
			break;
		if ((rc = to_item(&c, sp, i, "its start", s, &out[i].start,
				  err)) != STET_OK ||
		    (rc = to_item(&c, sp, i, "its end", e, &out[i].end,
				  err)) != STET_OK)
			break;
		out[i].label = sp->label;
	}
	conv_free(&c);
	return rc;
}

int ann_tokens_to_item(const struct ann_rec *r, struct stet_tokens *out,
		       struct stet_error *err)
{
	struct stet_buf nfc;
	uint32_t *map = NULL;
	size_t ncp = 0;
	int rc;

	stet_buf_init(&nfc);
	rc = stet_text_nfc_map(r->text, strlen(r->text), &nfc, &map, &ncp, err);
	for (size_t i = 0; rc == STET_OK && i < r->tokens->n; i++) {
		const struct stet_token *t = &r->tokens->v[i];
		bool inside = t->start < t->end && t->end <= ncp;

		if (!inside || map[t->start] == UINT32_MAX ||
		    map[t->end] == UINT32_MAX) {
			rc = stet_error_set(err, STET_ERR,
				"token %zu (%u-%u): %s", i, t->start, t->end,
				!inside ? "not inside the text" :
				"an offset falls inside a character that Unicode NFC composes");
			break;
		}
		stet_tokens_add(out, map[t->start], map[t->end], t->flags);
	}
	free(map);
	stet_buf_free(&nfc);
	return rc;
}
