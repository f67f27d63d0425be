#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/error.h"

static void (*oom_handler)(void);

int stet_error_set(struct stet_error *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return status;
}

void stet_error_prefix(struct stet_error *err, const char *fmt, ...)
{
	char joined[2 * sizeof err->msg + 2];
	size_t n;
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(joined, sizeof err->msg, fmt, ap);
	va_end(ap);
	n = strlen(joined);
	joined[n++] = ':';
	joined[n++] = ' ';
	memcpy(joined + n, err->msg, strnlen(err->msg, sizeof err->msg - 1) + 1);
	/* Keep the front: it says where, and the end of a long message is
	 * the least of it. */
	n = strnlen(joined, sizeof err->msg - 1);
	memcpy(err->msg, joined, n);
	err->msg[n] = '\0';
}

void stet_error_clear(struct stet_error *err)
{
	if (err == NULL)
		return;
	err->status = 0;
	err->msg[0] = '\0';
}

void stet_set_oom_handler(void (*handler)(void))
{
	oom_handler = handler;
}

static void *out_of_memory(void)
{
	if (oom_handler != NULL)
		oom_handler();
	abort();
}

void *stet_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	return p ? p : out_of_memory();
}

void *stet_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	return p ? p : out_of_memory();
}

void *stet_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	return q ? q : out_of_memory();
}

char *stet_xstrdup(const char *s)
{
	return stet_xstrndup(s, strlen(s));
}

char *stet_xstrndup(const char *s, size_t n)
{
	char *p = stet_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
