/* The names of annotators and sessions: see stet/name.h. */
#include <stdio.h>
#include <string.h>

#include "stet/name.h"
#include "stet/text.h"

/* The name for a message: controls made visible, and cut to 60 cells
 * (more says nothing the user does not see in their file). */
static void quoted(const char *name, size_t n, struct stet_buf *out)
{
	size_t used;

	stet_text_escape(name, n, 0, false, out);
	stet_text_crop(out->data, out->len, 60, &used);
	if (used < out->len) {
		out->len = used;
		stet_buf_adds(out, "...");
	}
}

static int refuse(const char *what, const char *name, size_t n,
		  const char *why, struct stet_error *err)
{
	struct stet_buf q;

	stet_buf_init(&q);
	quoted(name, n, &q);
	stet_error_set(err, STET_ERR, "%s name \"%s\" %s", what,
		       q.len ? q.data : "", why);
	stet_buf_free(&q);
	return STET_ERR;
}

int stet_name_check(const char *what, const char *name,
		    struct stet_error *err)
{
	size_t n = strlen(name), at;
	struct stet_buf nfc;
	unsigned cp;
	char why[160];
	bool same;

	if (n == 0)
		return stet_error_set(err, STET_ERR, "empty %s name", what);
	if (n > STET_NAME_MAX) {
		snprintf(why, sizeof why, "is longer than %d bytes",
			 STET_NAME_MAX);
		return refuse(what, name, n, why, err);
	}
	if (!stet_utf8_valid(name, n, &at)) {
		snprintf(why, sizeof why, "is not valid UTF-8 (byte %zu)",
			 at + 1);
		return refuse(what, name, n, why, err);
	}
	if (stet_text_find_unprintable(name, n, &at, &cp)) {
		snprintf(why, sizeof why,
			 "holds U+%04X at byte %zu: a name is one word of printable characters",
			 cp, at + 1);
		return refuse(what, name, n, why, err);
	}
	if (strchr(name, '|') != NULL)
		return refuse(what, name, n,
			      "holds '|', which stet agree puts between two names",
			      err);
	stet_buf_init(&nfc);
	same = stet_text_nfc(name, n, &nfc, err) == STET_OK && nfc.len == n &&
	       memcmp(nfc.data, name, n) == 0;
	stet_buf_free(&nfc);
	if (!same)
		return refuse(what, name, n, "is not in Unicode NFC", err);
	return STET_OK;
}

int stet_name_normalise(const char *what, const char *name,
			struct stet_buf *out, struct stet_error *err)
{
	size_t n = strlen(name), bad;

	stet_buf_reset(out);
	if (!stet_utf8_valid(name, n, &bad))
		return stet_name_check(what, name, err);
	if (stet_text_nfc(name, n, out, err) != STET_OK)
		return STET_ERR;
	return stet_name_check(what, out->len ? out->data : "", err);
}
