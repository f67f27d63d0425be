/* Features of items. The keys hashed, byte for byte (K is the kind's
 * letter, see enum stet_feature_kind; 0xff never occurs in UTF-8, so it
 * can mark what text cannot hold):
 *
 *   word      'w' word                 "wstrasse"
 *   bigram    'b' word ' ' word        "bgood day"
 *   chars     'c' 3..5 code points of 0xff, the flat text, 0xff
 *                                      "c\xffhi", "chi\xff", "c\xffhi\xff"
 *   numeric   'n' column               "nage"
 *   cell      'f' column 0xff value    "fcolour\xffred"
 *
 * A word is a longest run of letters, marks and digits (Unicode L, M and
 * N), the folded text split at anything else: "don't" is "don" and "t",
 * "e-mail" is "e" and "mail". Marks belong to words so that a script
 * that writes vowels as combining marks (Devanagari, Thai) is not cut
 * inside its words. The flat text is the folded text with each run of
 * white space made one space and none at either end, so that line breaks
 * and indentation change no n-gram.
 *
 * The index is the hash's low bits: XXH3's output is defined on bytes,
 * not on the host's integers, so it is the same on any machine
 * (tests/unit/test_features.c pins vectors made with `xxhsum -H3`). */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "features.h"
#include "stet/text.h"

#define MARK 0xff
#define NGRAM_MIN 3
#define NGRAM_MAX 5
/* A standardised value beyond this many deviations is cut to it: a cell
 * far outside what training saw would otherwise outweigh its whole row. */
#define Z_LIMIT 10.0
#define COLSTATS_VERSION 1

uint32_t stet_features_bucket(unsigned bits, enum stet_feature_kind kind,
			      const void *key, size_t n)
{
	/* Small keys, hashed from a stack copy; the rare long word is
	 * hashed from a heap one. */
	unsigned char small[64], *buf = small;
	uint64_t h;

	if (n + 1 > sizeof small)
		buf = stet_xmalloc(n + 1);
	buf[0] = (unsigned char)kind;
	if (n > 0)
		memcpy(buf + 1, key, n);
	h = XXH3_64bits(buf, n + 1);
	if (buf != small)
		free(buf);
	return (uint32_t)(h & ((UINT64_C(1) << bits) - 1));
}

/* --- Column statistics --- */

bool stet_features_number(const char *s, double *v)
{
	const char *p = s, *point = localeconv()->decimal_point;
	char tmp[80], *end;
	size_t digits = 0, at = 0;

	if (*p == '+' || *p == '-')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (digits == 0)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p != '\0')
		return false;
	/* strtod reads the locale's decimal point: write it in. */
	for (p = s; *p != '\0'; p++) {
		size_t plen = *p == '.' ? strlen(point) : 1;

		if (at + plen >= sizeof tmp)
			return false;
		memcpy(tmp + at, *p == '.' ? point : p, plen);
		at += plen;
	}
	tmp[at] = '\0';
	*v = strtod(tmp, &end);
	return *end == '\0' && isfinite(*v);
}

void stet_colstats_init(struct stet_colstats *cs)
{
	memset(cs, 0, sizeof *cs);
}

void stet_colstats_free(struct stet_colstats *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		free(cs->col[i].name);
	free(cs->col);
	stet_colstats_init(cs);
}

const struct stet_colstat *stet_colstats_find(const struct stet_colstats *cs,
					      const char *name)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->col[i].name, name) == 0)
			return &cs->col[i];
	return NULL;
}

static struct stet_colstat *colstats_get(struct stet_colstats *cs,
					 const char *name)
{
	struct stet_colstat *c;

	c = (struct stet_colstat *)stet_colstats_find(cs, name);
	if (c != NULL)
		return c;
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? 2 * cs->cap : 8;
		cs->col = stet_xrealloc(cs->col, cs->cap * sizeof *cs->col);
	}
	c = &cs->col[cs->n++];
	memset(c, 0, sizeof *c);
	c->name = stet_xstrdup(name);
	return c;
}

void stet_colstats_add(struct stet_colstats *cs, const struct stet_item *it)
{
	if (it->kind != STET_ITEM_TABLE)
		return;
	for (size_t i = 0; i < it->nfields; i++) {
		struct stet_colstat *c = colstats_get(cs, it->fields[i].name);
		const char *value = it->fields[i].value;
		double x, delta;

		if (value == NULL || value[0] == '\0')
			continue;
		if (!stet_features_number(value, &x)) {
			c->others++;
			continue;
		}
		/* Welford: no catastrophic cancellation of a sum of
		 * squares when the mean is large against the spread. */
		c->numbers++;
		delta = x - c->mean;
		c->mean += delta / (double)c->numbers;
		c->m2 += delta * (x - c->mean);
	}
}

bool stet_colstat_numeric(const struct stet_colstat *c)
{
	return c->numbers > 0 && c->others <= (c->numbers + c->others) / 10;
}

double stet_colstat_sd(const struct stet_colstat *c)
{
	if (c->numbers < 2)
		return 0;
	return sqrt(c->m2 / (double)c->numbers);
}

void stet_colstats_encode(const struct stet_colstats *cs,
			  struct stet_buf *out)
{
	stet_buf_put_varint(out, COLSTATS_VERSION);
	stet_buf_put_varint(out, cs->n);
	for (size_t i = 0; i < cs->n; i++) {
		const struct stet_colstat *c = &cs->col[i];

		stet_buf_put_str(out, c->name, strlen(c->name));
		stet_buf_put_varint(out, c->numbers);
		stet_buf_put_varint(out, c->others);
		stet_buf_put_f64(out, c->mean);
		stet_buf_put_f64(out, c->m2);
	}
}

int stet_colstats_decode(const void *in, size_t len,
			 struct stet_colstats *cs, struct stet_error *err)
{
	struct stet_rd r;
	uint64_t version, n;

	stet_colstats_init(cs);
	stet_rd_init(&r, in, len);
	stet_rd_varint(&r, &version);
	stet_rd_varint(&r, &n);
	if (r.bad || version != COLSTATS_VERSION)
		goto bad;
	for (uint64_t i = 0; i < n && !r.bad; i++) {
		struct stet_colstat *c;
		const char *name;
		size_t nlen;

		if (!stet_rd_str(&r, &name, &nlen) || memchr(name, 0, nlen))
			goto bad;
		if (cs->n == cs->cap) {
			cs->cap = cs->cap ? 2 * cs->cap : 8;
			cs->col = stet_xrealloc(cs->col,
						cs->cap * sizeof *cs->col);
		}
		c = &cs->col[cs->n++];
		memset(c, 0, sizeof *c);
		c->name = stet_xstrndup(name, nlen);
		stet_rd_varint(&r, &c->numbers);
		stet_rd_varint(&r, &c->others);
		stet_rd_f64(&r, &c->mean);
		stet_rd_f64(&r, &c->m2);
		if (!isfinite(c->mean) || !isfinite(c->m2) || c->m2 < 0)
			goto bad;
	}
	if (r.bad || r.p != r.end)
		goto bad;
	return STET_OK;
bad:
	stet_colstats_free(cs);
	return stet_error_set(err, STET_ERR,
			      "column statistics: damaged record (%zu bytes)",
			      len);
}

/* --- Vectors --- */

int stet_featurizer_init(struct stet_featurizer *fz, unsigned bits,
			 struct stet_error *err)
{
	memset(fz, 0, sizeof *fz);
	if (bits < STET_FEATURES_BITS_MIN || bits > STET_FEATURES_BITS_MAX)
		return stet_error_set(err, STET_ERR,
				      "features: %u bits (%d to %d)", bits,
				      STET_FEATURES_BITS_MIN,
				      STET_FEATURES_BITS_MAX);
	fz->bits = bits;
	stet_buf_init(&fz->utf8);
	stet_buf_init(&fz->key);
	stet_fvec_init(&fz->raw);
	return STET_OK;
}

void stet_featurizer_free(struct stet_featurizer *fz)
{
	free(fz->cps);
	free(fz->flat);
	free(fz->kind);
	free(fz->off);
	stet_buf_free(&fz->utf8);
	stet_buf_free(&fz->key);
	stet_fvec_free(&fz->raw);
	free(fz->sidx);
	free(fz->sval);
	memset(fz, 0, sizeof *fz);
}

static void add_key(struct stet_featurizer *fz, enum stet_feature_kind kind,
		    const void *key, size_t n, double v)
{
	stet_fvec_push(&fz->raw, stet_features_bucket(fz->bits, kind, key, n),
		       v);
}

/* Sorts fz->raw by bucket (least significant digit first radix sort, a
 * byte a pass: the buckets have at most 24 bits) and moves it into out
 * with equal buckets added up. */
static void merge_into(struct stet_featurizer *fz, struct stet_fvec *out)
{
	struct stet_fvec *raw = &fz->raw;
	uint32_t *from_i = raw->idx, *to_i;
	double *from_v = raw->val, *to_v;
	size_t n = raw->n;

	if (n > fz->scap) {
		fz->scap = raw->cap;
		fz->sidx = stet_xrealloc(fz->sidx, fz->scap * sizeof *fz->sidx);
		fz->sval = stet_xrealloc(fz->sval, fz->scap * sizeof *fz->sval);
	}
	to_i = fz->sidx;
	to_v = fz->sval;
	for (unsigned shift = 0; shift < fz->bits; shift += 8) {
		size_t count[257] = { 0 };
		uint32_t *ti;
		double *tv;

		for (size_t i = 0; i < n; i++)
			count[((from_i[i] >> shift) & 0xff) + 1]++;
		for (size_t d = 1; d < 257; d++)
			count[d] += count[d - 1];
		for (size_t i = 0; i < n; i++) {
			size_t at = count[(from_i[i] >> shift) & 0xff]++;

			to_i[at] = from_i[i];
			to_v[at] = from_v[i];
		}
		ti = from_i, from_i = to_i, to_i = ti;
		tv = from_v, from_v = to_v, to_v = tv;
	}
	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (out->n > 0 && out->idx[out->n - 1] == from_i[i])
			out->val[out->n - 1] += from_v[i];
		else
			stet_fvec_push(out, from_i[i], from_v[i]);
	}
	raw->n = 0;
}

static void grow_flat(struct stet_featurizer *fz, size_t n)
{
	if (n <= fz->capflat)
		return;
	fz->capflat = n > 2 * fz->capflat ? n : 2 * fz->capflat;
	fz->flat = stet_xrealloc(fz->flat, fz->capflat * sizeof *fz->flat);
	fz->kind = stet_xrealloc(fz->kind, fz->capflat * sizeof *fz->kind);
	fz->off = stet_xrealloc(fz->off, (fz->capflat + 1) * sizeof *fz->off);
}

static size_t put_utf8(unsigned char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | cp >> 6);
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xe0 | cp >> 12);
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | cp >> 18);
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Lays out the flat text with its marks: flat[0] and flat[m-1] are the
 * marks, utf8 holds their bytes, off[i] where flat[i] starts. Returns m. */
static size_t flatten(struct stet_featurizer *fz)
{
	size_t m = 0;
	bool space = false;
	unsigned char *u;

	grow_flat(fz, fz->ncps + 2);
	fz->flat[m] = MARK;
	fz->kind[m++] = STET_CP_OTHER;
	for (size_t i = 0; i < fz->ncps; i++) {
		uint32_t cp = fz->cps[i];
		enum stet_cp_kind k = stet_text_cp_kind(cp);

		if (k == STET_CP_SPACE) {
			space = m > 1;
			continue;
		}
		if (space) {
			fz->flat[m] = ' ';
			fz->kind[m++] = STET_CP_SPACE;
			space = false;
		}
		fz->flat[m] = cp;
		fz->kind[m++] = (unsigned char)k;
	}
	fz->flat[m] = MARK;
	fz->kind[m++] = STET_CP_OTHER;

	stet_buf_reset(&fz->utf8);
	stet_buf_reserve(&fz->utf8, 4 * m + 1);
	u = (unsigned char *)fz->utf8.data;
	for (size_t i = 0; i < m; i++) {
		fz->off[i] = fz->utf8.len;
		if (i == 0 || i == m - 1)
			u[fz->utf8.len++] = MARK;
		else
			fz->utf8.len += put_utf8(u + fz->utf8.len,
						 fz->flat[i]);
	}
	fz->off[m] = fz->utf8.len;
	u[fz->utf8.len] = '\0';
	return m;
}

static void add_words(struct stet_featurizer *fz, size_t m)
{
	const char *u = fz->utf8.data;
	size_t prev_at = 0, prev_len = 0;
	bool have_prev = false;

	for (size_t i = 1; i + 1 < m;) {
		size_t j = i, at, len;

		if (fz->kind[i] != STET_CP_WORD) {
			i++;
			continue;
		}
		while (j + 1 < m && fz->kind[j] == STET_CP_WORD)
			j++;
		at = fz->off[i];
		len = fz->off[j] - at;
		add_key(fz, STET_FEATURE_WORD, u + at, len, 1.0);
		if (have_prev) {
			stet_buf_reset(&fz->key);
			stet_buf_add(&fz->key, u + prev_at, prev_len);
			stet_buf_addc(&fz->key, ' ');
			stet_buf_add(&fz->key, u + at, len);
			add_key(fz, STET_FEATURE_BIGRAM, fz->key.data,
				fz->key.len, 1.0);
		}
		prev_at = at;
		prev_len = len;
		have_prev = true;
		i = j;
	}
}

int stet_features_text(struct stet_featurizer *fz, const char *s, size_t n,
		       struct stet_fvec *out, struct stet_error *err)
{
	double sum = 0, scale;
	size_t m;
	int rc;

	out->n = 0;
	fz->raw.n = 0;
	fz->ncps = 0;
	rc = stet_text_fold(s, n, &fz->cps, &fz->ncps, &fz->capcps, err);
	if (rc != STET_OK)
		return rc;
	m = flatten(fz);
	if (m == 2) /* nothing but the marks */
		return STET_OK;
	add_words(fz, m);
	for (size_t len = NGRAM_MIN; len <= NGRAM_MAX; len++)
		for (size_t i = 0; i + len <= m; i++)
			add_key(fz, STET_FEATURE_CHARS,
				fz->utf8.data + fz->off[i],
				fz->off[i + len] - fz->off[i], 1.0);
	merge_into(fz, out);
	for (size_t i = 0; i < out->n; i++)
		sum += out->val[i] * out->val[i];
	scale = 1 / sqrt(sum);
	for (size_t i = 0; i < out->n; i++)
		out->val[i] *= scale;
	return STET_OK;
}

int stet_features_item(struct stet_featurizer *fz,
		       const struct stet_item *it,
		       const struct stet_colstats *stats,
		       struct stet_fvec *out, struct stet_error *err)
{
	if (it->kind != STET_ITEM_TABLE) {
		const char *text = it->text != NULL ? it->text : "";

		return stet_features_text(fz, text, strlen(text), out, err);
	}
	out->n = 0;
	fz->raw.n = 0;
	for (size_t i = 0; i < it->nfields; i++) {
		const char *name = it->fields[i].name;
		const char *value = it->fields[i].value;
		const struct stet_colstat *c = NULL;
		double x;

		if (value == NULL || value[0] == '\0')
			continue; /* a missing cell: the mean, or no category */
		if (stats != NULL)
			c = stet_colstats_find(stats, name);
		if (c != NULL && stet_colstat_numeric(c) &&
		    stet_features_number(value, &x)) {
			double sd = stet_colstat_sd(c), zv;

			if (sd == 0)
				continue; /* a constant column tells nothing */
			zv = (x - c->mean) / sd;
			zv = fmax(-Z_LIMIT, fmin(Z_LIMIT, zv));
			add_key(fz, STET_FEATURE_NUMERIC, name, strlen(name),
				zv);
			continue;
		}
		stet_buf_reset(&fz->key);
		stet_buf_adds(&fz->key, name);
		stet_buf_addc(&fz->key, (char)MARK);
		stet_buf_adds(&fz->key, value);
		add_key(fz, STET_FEATURE_CELL, fz->key.data, fz->key.len, 1.0);
	}
	merge_into(fz, out);
	return STET_OK;
}
