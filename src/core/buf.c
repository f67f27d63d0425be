#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/buf.h"
#include "stet/error.h"

void stet_buf_init(struct stet_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void stet_buf_free(struct stet_buf *b)
{
	free(b->data);
	stet_buf_init(b);
}

void stet_buf_reset(struct stet_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void stet_buf_reserve(struct stet_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap = b->cap ? b->cap : 64;

	if (need <= b->cap)
		return;
	while (cap < need)
		cap *= 2;
	b->data = stet_xrealloc(b->data, cap);
	b->cap = cap;
}

void stet_buf_add(struct stet_buf *b, const void *p, size_t n)
{
	stet_buf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void stet_buf_addc(struct stet_buf *b, char c)
{
	stet_buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void stet_buf_adds(struct stet_buf *b, const char *s)
{
	stet_buf_add(b, s, strlen(s));
}

void stet_buf_printf(struct stet_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	stet_buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *stet_buf_take(struct stet_buf *b)
{
	char *p;

	if (b->data == NULL)
		return stet_xstrdup("");
	p = b->data;
	stet_buf_init(b);
	return p;
}

void stet_buf_put_varint(struct stet_buf *b, uint64_t v)
{
	unsigned char tmp[10];
	size_t n = 0;

	do {
		unsigned char byte = v & 0x7f;

		v >>= 7;
		tmp[n++] = byte | (v ? 0x80 : 0);
	} while (v);
	stet_buf_add(b, tmp, n);
}

void stet_buf_put_str(struct stet_buf *b, const char *s, size_t n)
{
	stet_buf_put_varint(b, n);
	stet_buf_add(b, s, n);
}

void stet_buf_put_u64be(struct stet_buf *b, uint64_t v)
{
	unsigned char tmp[8];

	stet_u64be(tmp, v);
	stet_buf_add(b, tmp, 8);
}

void stet_buf_put_f64(struct stet_buf *b, double v)
{
	uint64_t bits;

	memcpy(&bits, &v, sizeof bits);
	stet_buf_put_u64be(b, bits);
}

bool stet_rd_str(struct stet_rd *r, const char **s, size_t *n)
{
	uint64_t len;

	*s = "";
	*n = 0;
	if (!stet_rd_varint(r, &len))
		return false;
	if (len > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return false;
	}
	*s = (const char *)r->p;
	*n = (size_t)len;
	r->p += len;
	return true;
}

char *stet_rd_opt_str(struct stet_rd *r)
{
	const char *s;
	size_t n;

	if (!stet_rd_str(r, &s, &n) || n == 0)
		return NULL;
	return stet_xstrndup(s, n);
}

bool stet_rd_f64(struct stet_rd *r, double *v)
{
	uint64_t bits;

	*v = 0;
	if (!stet_rd_u64be(r, &bits))
		return false;
	memcpy(v, &bits, sizeof *v);
	return true;
}
