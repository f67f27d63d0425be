#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <errno.h>
#include <magic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "stet/error.h"
#include "stet/sniff.h"

/* How many records of the head the content checks look at: enough to
 * see a pattern, few enough that a long head costs nothing. */
#define SAMPLE_LINES 20

/* Loading the magic database takes milliseconds; it is done once per
 * process and kept, like the database itself, until exit. */
static magic_t cookie;

static const char *const format_names[] = {
	[STET_FMT_AUTO] = "auto",   [STET_FMT_JSONL] = "jsonl",
	[STET_FMT_CSV] = "csv",     [STET_FMT_TSV] = "tsv",
	[STET_FMT_TXT] = "txt",     [STET_FMT_CONLL] = "conll",
};

static const struct {
	const char *name;
	enum stet_format fmt;
} format_aliases[] = {
	{"jsonl", STET_FMT_JSONL}, {"ndjson", STET_FMT_JSONL},
	{"csv", STET_FMT_CSV},     {"tsv", STET_FMT_TSV},
	{"txt", STET_FMT_TXT},     {"text", STET_FMT_TXT},
	{"conll", STET_FMT_CONLL}, {"conllu", STET_FMT_CONLL},
	{"conllx", STET_FMT_CONLL},
};

static const struct {
	const char *ext;
	enum stet_format fmt;
} extensions[] = {
	{"jsonl", STET_FMT_JSONL}, {"ndjson", STET_FMT_JSONL},
	{"json", STET_FMT_JSONL},  {"csv", STET_FMT_CSV},
	{"tsv", STET_FMT_TSV},     {"tab", STET_FMT_TSV},
	{"conll", STET_FMT_CONLL}, {"conllu", STET_FMT_CONLL},
	{"conllx", STET_FMT_CONLL}, {"txt", STET_FMT_TXT},
};

/* libmagic names text it recognises with application/ types too. */
static const char *const text_mimes[] = {
	"application/json",       "application/x-ndjson",
	"application/csv",        "application/xml",
	"application/javascript", "application/x-empty",
	"inode/x-empty",
};

static int open_magic(struct stet_error *err)
{
	magic_t m;

	if (cookie != NULL)
		return STET_OK;
	m = magic_open(MAGIC_MIME_TYPE | MAGIC_MIME_ENCODING);
	if (m == NULL)
		return stet_error_set(err, STET_ERR, "libmagic: cannot start: %s",
				      strerror(errno));
	if (magic_load(m, NULL) != 0) {
		const char *why = magic_error(m);

		stet_error_set(err, STET_ERR,
			       "libmagic: cannot load its database: %s (apt-get install libmagic-mgc)",
			       why != NULL ? why : "unknown error");
		magic_close(m);
		return STET_ERR;
	}
	cookie = m;
	return STET_OK;
}

static void copy_trimmed(char *dst, size_t cap, const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* One line of s[0..n) from *pos, without its LF or CRLF. partial says
 * that the line had no LF: the head may have cut it. */
static bool next_line(const char *s, size_t n, size_t *pos, const char **line,
		      size_t *len, bool *partial)
{
	const char *lf;
	size_t at = *pos;

	if (at >= n)
		return false;
	lf = memchr(s + at, '\n', n - at);
	*line = s + at;
	*partial = lf == NULL;
	*len = lf != NULL ? (size_t)(lf - (s + at)) : n - at;
	*pos = lf != NULL ? (size_t)(lf - s) + 1 : n;
	if (*len > 0 && (*line)[*len - 1] == '\r')
		--*len;
	return true;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

static size_t digits(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* A CoNLL token line: an index ("7", a range "1-2", an empty node "8.1")
 * and a TAB. */
static bool token_line(const char *s, size_t n)
{
	size_t i = digits(s, n);

	if (i == 0)
		return false;
	if (i < n && (s[i] == '-' || s[i] == '.')) {
		size_t k = digits(s + i + 1, n - i - 1);

		if (k == 0)
			return false;
		i += 1 + k;
	}
	return i < n && s[i] == '\t';
}

static bool conll_comment(const char *s, size_t n)
{
	return starts_with(s, n, "# sent_id") || starts_with(s, n, "# text =") ||
	       starts_with(s, n, "# text=") || starts_with(s, n, "# newdoc");
}

static size_t count_byte(const char *s, size_t n, char c)
{
	size_t k = 0;
	const char *p = s, *end = s + n;

	while ((p = memchr(p, c, (size_t)(end - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

/* strict asks for more than one sentence of numbered tokens: a ".txt"
 * file may be a numbered list, which one block of them resembles. */
static bool looks_conll(const char *s, size_t n, bool strict)
{
	size_t pos = 0, tokens = 0, tabbed = 0, lines = 0;
	size_t tabs = 0;
	bool consistent = true, gap = false, block_after_gap = false;
	const char *line;
	size_t len;
	bool partial;

	while (lines < SAMPLE_LINES * 4 &&
	       next_line(s, n, &pos, &line, &len, &partial)) {
		size_t t;

		if (starts_with(line, len, "-DOCSTART-") || conll_comment(line, len))
			return true;
		if (blank(line, len)) {
			if (tabbed > 0)
				gap = true;
			continue;
		}
		if (line[0] == '#')
			continue;
		if (partial)
			break;
		lines++;
		if (token_line(line, len))
			tokens++;
		t = count_byte(line, len, '\t');
		if (t == 0 || (tabbed > 0 && t != tabs))
			consistent = false;
		tabs = t;
		tabbed++;
		if (gap)
			block_after_gap = true;
	}
	if (lines > 0 && tokens == lines && (!strict || block_after_gap))
		return true;
	/* CoNLL-2003 style: token columns without an index, sentences
	 * separated by blank lines; a table has no blank rows. */
	return consistent && block_after_gap && tabbed >= 2;
}

/* The number of delimiters in each of the first records of s, counted
 * outside double-quoted fields (a quoted field may hold the delimiter
 * and line ends). True when at least two records agree on one count of
 * at least 1 and none disagrees; a record the head cut short may have
 * fewer. */
static bool looks_delimited(const char *s, size_t n, char delim)
{
	size_t records = 0, count = 0, want = 0;
	bool quoted = false, field_start = true, any = false;

	for (size_t i = 0; i < n && records < SAMPLE_LINES; i++) {
		char c = s[i];

		if (quoted) {
			if (c == '"') {
				if (i + 1 < n && s[i + 1] == '"')
					i++;
				else
					quoted = false;
			}
			continue;
		}
		if (c == '"' && field_start) {
			quoted = true;
			field_start = false;
			any = true;
			continue;
		}
		if (c == delim) {
			count++;
			field_start = true;
			any = true;
			continue;
		}
		if (c == '\n') {
			if (any) {
				if (records > 0 && count != want)
					return false;
				want = count;
				records++;
			}
			count = 0;
			field_start = true;
			any = false;
			continue;
		}
		if (c != '\r') {
			field_start = false;
			any = true;
		}
	}
	/* The head may have cut the last record: it counts only when it
	 * agrees, and only more delimiters than the others disagree. */
	if (any && records > 0 && records < SAMPLE_LINES) {
		if (count > want)
			return false;
		if (count == want && !quoted)
			records++;
	}
	return records >= 2 && want >= 1;
}

static enum stet_format by_extension(const char *name)
{
	const char *slash, *dot;

	if (name == NULL)
		return STET_FMT_AUTO;
	slash = strrchr(name, '/');
	dot = strrchr(slash != NULL ? slash + 1 : name, '.');
	if (dot == NULL)
		return STET_FMT_AUTO;
	for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++)
		if (strcasecmp(dot + 1, extensions[i].ext) == 0)
			return extensions[i].fmt;
	return STET_FMT_AUTO;
}

int stet_sniff_buffer(const void *buf, size_t n, struct stet_sniff *out,
		      struct stet_error *err)
{
	const char *r, *semi, *cs;

	out->mime[0] = '\0';
	out->charset[0] = '\0';
	if (open_magic(err) != STET_OK)
		return STET_ERR;
	r = magic_buffer(cookie, buf, n);
	if (r == NULL) {
		const char *why = magic_error(cookie);

		return stet_error_set(err, STET_ERR, "libmagic: %s",
				      why != NULL ? why : "unknown error");
	}
	semi = strchr(r, ';');
	copy_trimmed(out->mime, sizeof out->mime, r,
		     semi != NULL ? (size_t)(semi - r) : strlen(r));
	cs = semi != NULL ? strstr(semi, "charset=") : NULL;
	if (cs != NULL) {
		cs += strlen("charset=");
		copy_trimmed(out->charset, sizeof out->charset, cs,
			     strcspn(cs, ";"));
	}
	return STET_OK;
}

bool stet_sniff_is_binary(const struct stet_sniff *s)
{
	/* An empty file is "binary" to libmagic, but it is no such thing. */
	if (strcmp(s->mime, "application/x-empty") == 0 ||
	    strcmp(s->mime, "inode/x-empty") == 0)
		return false;
	if (s->charset[0] != '\0')
		return strcmp(s->charset, "binary") == 0;
	if (strncmp(s->mime, "text/", 5) == 0)
		return false;
	for (size_t i = 0; i < sizeof text_mimes / sizeof text_mimes[0]; i++)
		if (strcmp(s->mime, text_mimes[i]) == 0)
			return false;
	return true;
}

enum stet_format stet_format_detect(const char *name, const void *head,
				    size_t n, const struct stet_sniff *s)
{
	enum stet_format f = by_extension(name);
	const char *p = head;
	size_t pos = 0, len;
	const char *line;
	bool partial;

	if (p == NULL)
		n = 0;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		n -= 3;
	}
	/* ".txt" says only that the file is text: CoNLL-2003 data is often
	 * named so, and its token columns are no prose. */
	if (f == STET_FMT_TXT && looks_conll(p, n, true))
		return STET_FMT_CONLL;
	if (f != STET_FMT_AUTO)
		return f;
	while (next_line(p, n, &pos, &line, &len, &partial)) {
		if (blank(line, len))
			continue;
		while (len > 0 && isspace((unsigned char)*line)) {
			line++;
			len--;
		}
		if (*line == '{')
			return STET_FMT_JSONL;
		/* A JSON array of records: "[" alone on its line, or "[{".
		 * A line such as "[1] a note" stays text. */
		if (*line == '[') {
			size_t i = 1;

			while (i < len && isspace((unsigned char)line[i]))
				i++;
			if (i == len || line[i] == '{')
				return STET_FMT_JSONL;
		}
		break;
	}
	if (s != NULL && strcmp(s->mime, "application/x-ndjson") == 0)
		return STET_FMT_JSONL;
	if (looks_conll(p, n, false))
		return STET_FMT_CONLL;
	if (looks_delimited(p, n, '\t'))
		return STET_FMT_TSV;
	if (looks_delimited(p, n, ','))
		return STET_FMT_CSV;
	if (s != NULL && (strcmp(s->mime, "text/csv") == 0 ||
			  strcmp(s->mime, "application/csv") == 0))
		return STET_FMT_CSV;
	return STET_FMT_TXT;
}

const char *stet_format_name(enum stet_format f)
{
	if ((unsigned)f >= sizeof format_names / sizeof format_names[0])
		return "auto";
	return format_names[f];
}

enum stet_format stet_format_parse(const char *name)
{
	if (name == NULL)
		return STET_FMT_AUTO;
	for (size_t i = 0; i < sizeof format_aliases / sizeof format_aliases[0];
	     i++)
		if (strcasecmp(name, format_aliases[i].name) == 0)
			return format_aliases[i].fmt;
	return STET_FMT_AUTO;
}
