/* Label names: see stet/label_name.h. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/label_name.h"
#include "stet/text.h"

/* Unicode space separators (Zs): a label name may hold them, as it may
 * hold an ASCII space; stet_text_find_unprintable reports them with
 * the controls, which a name may not hold. */
static bool is_space_separator(unsigned cp)
{
	return cp == 0x20 || cp == 0xa0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f ||
	       cp == 0x205f || cp == 0x3000;
}

/* The name for a message, its controls shown as escapes and cut. */
static const char *shown(const char *name, struct stet_buf *b)
{
	size_t used;

	stet_buf_reset(b);
	stet_text_escape(name, strlen(name), 0, false, b);
	stet_text_crop(b->data ? b->data : "", b->len, 60, &used);
	if (used < b->len) {
		b->len = used;
		stet_buf_adds(b, "...");
	}
	return b->len ? b->data : "";
}

int stet_label_name_check(const char *name, struct stet_error *err)
{
	size_t n = strlen(name), at, off = 0, start, spaces = 0;
	struct stet_buf b, nfc;
	unsigned cp;
	bool same;
	int rc = STET_OK;

	if (n == 0)
		return stet_error_set(err, STET_ERR, "empty label name");
	stet_buf_init(&b);
	if (n > STET_LABEL_NAME_MAX) {
		rc = stet_error_set(err, STET_ERR,
				    "label name \"%s\" is longer than %d bytes",
				    shown(name, &b), STET_LABEL_NAME_MAX);
		goto leave;
	}
	if (!stet_utf8_valid(name, n, &at)) {
		rc = stet_error_set(err, STET_ERR,
				    "label name \"%s\" is not valid UTF-8 (byte %zu)",
				    shown(name, &b), at + 1);
		goto leave;
	}
	while (stet_text_find_unprintable(name + off, n - off, &at, &cp)) {
		if (!is_space_separator(cp)) {
			rc = stet_error_set(err, STET_ERR,
				"label name \"%s\" holds U+%04X at byte %zu: a label name may not hold a control character, line break or bidi control",
				shown(name, &b), cp, off + at + 1);
			goto leave;
		}
		start = off + at;
		off += at + 1;
		while (off < n && ((unsigned char)name[off] & 0xc0) == 0x80)
			off++;
		spaces += off - start;
	}
	if (spaces == n) {
		rc = stet_error_set(err, STET_ERR,
				    "label name \"%s\" is nothing but white space",
				    shown(name, &b));
		goto leave;
	}
	stet_buf_init(&nfc);
	same = stet_text_nfc(name, n, &nfc, err) == STET_OK && nfc.len == n &&
	       memcmp(nfc.data, name, n) == 0;
	stet_buf_free(&nfc);
	if (!same)
		rc = stet_error_set(err, STET_ERR,
				    "label name \"%s\" is not in Unicode NFC",
				    shown(name, &b));
leave:
	stet_buf_free(&b);
	return rc;
}

void stet_label_nfc(const char *name, struct stet_buf *out)
{
	size_t n = strlen(name);

	stet_buf_reset(out);
	if (stet_text_nfc(name, n, out, NULL) != STET_OK) {
		stet_buf_reset(out);
		stet_buf_add(out, name, n);
	}
	stet_buf_addc(out, '\0');
	out->len--;
}

void stet_names_free(struct stet_names *names)
{
	for (size_t i = 0; i < names->n; i++)
		free(names->v[i]);
	free(names->v);
	names->v = NULL;
	names->n = 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

int stet_label_word(const char **pp, const char *stops, struct stet_buf *out,
		    struct stet_error *err)
{
	const char *p = *pp, *start;

	stet_buf_reset(out);
	while (blank(*p))
		p++;
	if (*p == '"') {
		for (p++;; p++) {
			if (*p == '\0')
				return stet_error_set(err, STET_ERR,
						      "a quote that is not closed");
			if (*p == '"' && p[1] == '"') {
				stet_buf_addc(out, '"');
				p++;
			} else if (*p == '"') {
				break;
			} else {
				stet_buf_addc(out, *p);
			}
		}
		for (p++; blank(*p) && strchr(stops, *p) == NULL; p++)
			;
		if (*p != '\0' && strchr(stops, *p) == NULL)
			return stet_error_set(err, STET_ERR,
					      "text after a closing quote (a quote inside a quoted name is doubled)");
	} else {
		start = p;
		while (*p && strchr(stops, *p) == NULL)
			p++;
		stet_buf_add(out, start, (size_t)(p - start));
		while (out->len > 0 && blank(out->data[out->len - 1]))
			out->len--;
	}
	stet_buf_addc(out, '\0');
	out->len--;
	*pp = p;
	/* A name typed decomposed is the label of its precomposed form. */
	for (size_t i = 0; i < out->len; i++)
		if ((unsigned char)out->data[i] >= 0x80) {
			struct stet_buf nfc;

			stet_buf_init(&nfc);
			stet_label_nfc(out->data, &nfc);
			stet_buf_reset(out);
			stet_buf_add(out, nfc.data, nfc.len + 1);
			out->len--;
			stet_buf_free(&nfc);
			break;
		}
	return STET_OK;
}

int stet_label_list_parse(const char *list, char delim,
			  struct stet_names *out, struct stet_error *err)
{
	const char stops[2] = {delim, '\0'};
	const char *p = list;
	struct stet_buf w;
	int rc = STET_OK;

	out->v = NULL;
	out->n = 0;
	stet_buf_init(&w);
	for (;;) {
		const char *start = p;

		rc = stet_label_word(&p, stops, &w, err);
		/* "A,,B" and a trailing comma name nothing: passed over, as
		 * before names could be quoted ("" is an empty name). */
		if (rc == STET_OK && w.len == 0 &&
		    (p - start) == (ptrdiff_t)strspn(start, " \t")) {
			if (*p == '\0')
				break;
			p++;
			continue;
		}
		if (rc == STET_OK)
			rc = stet_label_name_check(w.len ? w.data : "", err);
		if (rc != STET_OK) {
			stet_error_prefix(err, "name %zu (byte %zu)", out->n + 1,
					  (size_t)(start - list) + 1);
			break;
		}
		out->v = stet_xrealloc(out->v, (out->n + 1) * sizeof *out->v);
		out->v[out->n++] = stet_xstrdup(w.data);
		if (*p == '\0')
			break;
		p++;
	}
	stet_buf_free(&w);
	if (rc == STET_OK && out->n == 0)
		rc = stet_error_set(err, STET_ERR, "no labels given");
	if (rc != STET_OK)
		stet_names_free(out);
	return rc;
}

void stet_label_quote(const char *name, char delim,
		      bool (*needs)(const char *name), struct stet_buf *out)
{
	size_t n = strlen(name);
	bool quote = n == 0 || strchr(name, '"') != NULL ||
		     strchr(name, delim) != NULL || blank(name[0]) ||
		     blank(name[n - 1]) || (needs != NULL && needs(name));

	if (!quote) {
		stet_buf_add(out, name, n);
		return;
	}
	stet_buf_addc(out, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			stet_buf_addc(out, '"');
		stet_buf_addc(out, *p);
	}
	stet_buf_addc(out, '"');
}

void stet_label_join(struct stet_buf *out, const char *name, bool first)
{
	if (!first)
		stet_buf_addc(out, '|');
	for (const char *p = name; *p; p++) {
		if (*p == '|' || *p == '\\')
			stet_buf_addc(out, '\\');
		stet_buf_addc(out, *p);
	}
}

int stet_label_split(const char *joined,
		     int (*fn)(const char *name, void *ctx), void *ctx)
{
	struct stet_buf b;
	const char *p = joined;
	int rc = 0;

	stet_buf_init(&b);
	for (;;) {
		stet_buf_reset(&b);
		while (*p && *p != '|') {
			if (*p == '\\' && (p[1] == '|' || p[1] == '\\'))
				p++;
			stet_buf_addc(&b, *p++);
		}
		stet_buf_addc(&b, '\0');
		rc = fn(b.data, ctx);
		if (rc != 0 || *p == '\0')
			break;
		p++;
	}
	stet_buf_free(&b);
	return rc;
}
