/* Errors from the core: an int status and a message that names what and where. */
#ifndef STET_ERROR_H
#define STET_ERROR_H

#include <stddef.h>

enum stet_status {
	STET_OK = 0,
	STET_ERR = -1,      /* a failure; the message says which */
	STET_NOTFOUND = -2, /* a lookup found nothing; not an error in itself */
	STET_EXISTS = -3,   /* a key was already present */
	STET_MAPFULL = -4,  /* the store must grow; the whole transaction is redone */
	STET_STOP = -5,     /* a callback asked to stop early; not an error */
	STET_CONFLICT = -6, /* input contradicts what is stored; message says how */
	STET_DAMAGED = -7   /* a project file is damaged; message says where */
};

struct stet_error {
	int status;
	char msg[1024];
};

/* Sets err->status and formats err->msg. Returns status so callers can
 * write `return stet_error_set(err, STET_ERR, ...)`. err may be NULL. */
int stet_error_set(struct stet_error *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prepends "prefix: " to the message already in err. */
void stet_error_prefix(struct stet_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void stet_error_clear(struct stet_error *err);

/* Allocation failure is the one fatal error in the core: it calls the
 * handler installed here (the CLI restores the terminal and exits) and
 * aborts if none is installed or it returns. */
void stet_set_oom_handler(void (*handler)(void));
void *stet_xmalloc(size_t n);
void *stet_xcalloc(size_t n, size_t size);
void *stet_xrealloc(void *p, size_t n);
char *stet_xstrdup(const char *s);
char *stet_xstrndup(const char *s, size_t n);

#endif
