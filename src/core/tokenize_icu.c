/* Word boundaries from ICU's break iterator (UAX #29 with ICU's
 * dictionaries for Chinese, Japanese, Thai, Lao, Khmer and Burmese).
 * The only file that includes ICU.
 *
 * ICU works in UTF-16: the text is converted once, and the boundaries,
 * UTF-16 indexes in increasing order, are turned into code points by
 * one walk alongside them. */
#include <stdint.h>
#include <stdlib.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "stet/text.h"
#include "stet/tokenize.h"

/* Opening a word break iterator builds its rules' state (tens of
 * microseconds): each thread that tokenizes keeps one and only sets new
 * text on it, until stet_tokenize_release. ICU's data is process-wide;
 * the iterator is the only thing stet holds. */
static _Thread_local UBreakIterator *iter;

/* A segment that the word rules give no status (white space and
 * punctuation both) is a token unless every code point of it is white
 * space. */
static bool all_space(const UChar *u, int32_t from, int32_t to)
{
	int32_t i = from;

	while (i < to) {
		UChar32 c;

		U16_NEXT(u, i, to, c);
		if (stet_text_cp_kind((uint32_t)c) != STET_CP_SPACE)
			return false;
	}
	return true;
}

/* Code points in u[from..to): the UTF-16 index advanced to to. */
static uint32_t cps_between(const UChar *u, int32_t from, int32_t to)
{
	uint32_t k = 0;

	for (int32_t i = from; i < to; i++)
		k += !U16_IS_TRAIL(u[i]) || i == from ||
		     !U16_IS_LEAD(u[i - 1]);
	return k;
}

static int icu_error(struct stet_error *err, const char *what,
		     UErrorCode st)
{
	return stet_error_set(err, STET_ERR, "word boundaries: %s: %s", what,
			      u_errorName(st));
}

int stet_tokenize(const char *text, size_t len, struct stet_tokens *out,
		  struct stet_error *err)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar *u = NULL;
	int32_t ulen = 0, from, to;
	uint32_t cp = 0;
	size_t bad;
	int rc = STET_OK;

	if (len == 0)
		return STET_OK;
	if (len > INT32_MAX / 2)
		return stet_error_set(err, STET_ERR,
				      "word boundaries: text of %zu bytes is too long",
				      len);
	if (!stet_utf8_valid(text, len, &bad))
		return stet_error_set(err, STET_ERR,
				      "word boundaries: invalid UTF-8 at byte %zu",
				      bad);
	/* A UTF-8 text never takes more UTF-16 units than it has bytes. */
	u = stet_xmalloc(len * sizeof *u);
	u_strFromUTF8(u, (int32_t)len, &ulen, text, (int32_t)len, &st);
	if (U_FAILURE(st)) {
		rc = icu_error(err, "converting to UTF-16", st);
		goto leave;
	}
	if (iter == NULL) {
		/* The root locale's rules, never the user's: an item's
		 * tokens must not depend on who imported it. */
		iter = ubrk_open(UBRK_WORD, "root", NULL, 0, &st);
		if (U_FAILURE(st)) {
			iter = NULL;
			rc = icu_error(err, "opening the word break iterator",
				       st);
			goto leave;
		}
	}
	ubrk_setText(iter, u, ulen, &st);
	if (U_FAILURE(st)) {
		rc = icu_error(err, "setting the text", st);
		goto leave;
	}
	from = ubrk_first(iter);
	while ((to = ubrk_next(iter)) != UBRK_DONE) {
		uint32_t n = cps_between(u, from, to);
		int32_t status = ubrk_getRuleStatus(iter);

		if (status >= UBRK_WORD_NONE_LIMIT || !all_space(u, from, to))
			stet_tokens_add(out, cp, cp + n, 0);
		cp += n;
		from = to;
	}
leave:
	/* The iterator must not keep a pointer to text about to be freed. */
	if (iter != NULL) {
		UErrorCode ignore = U_ZERO_ERROR;

		ubrk_setText(iter, NULL, 0, &ignore);
	}
	free(u);
	return rc;
}

void stet_tokenize_release(void)
{
	if (iter != NULL)
		ubrk_close(iter);
	iter = NULL;
}
