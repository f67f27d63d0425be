/* What a file is: libmagic's MIME type and charset for its first bytes,
 * and the corpus format that follows from them, the name and a look at
 * the content. The only module that includes <magic.h>. */
#ifndef STET_SNIFF_H
#define STET_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "stet/error.h"

enum stet_format {
	STET_FMT_AUTO = 0,
	STET_FMT_JSONL,
	STET_FMT_CSV,
	STET_FMT_TSV,
	STET_FMT_TXT,
	STET_FMT_CONLL
};

struct stet_sniff {
	char mime[64];    /* "text/plain", "application/octet-stream", … */
	char charset[32]; /* "utf-8", "us-ascii", "iso-8859-1", "binary", … */
};

int stet_sniff_buffer(const void *buf, size_t n, struct stet_sniff *out,
		      struct stet_error *err);

/* True when libmagic calls the bytes binary. */
bool stet_sniff_is_binary(const struct stet_sniff *s);

/* The format for a file from its name, libmagic's verdict and its first
 * bytes. Never fails: plain text is the last resort. */
enum stet_format stet_format_detect(const char *name, const void *head,
				    size_t n, const struct stet_sniff *s);

const char *stet_format_name(enum stet_format f);
/* STET_FMT_AUTO when name is no format stet reads. */
enum stet_format stet_format_parse(const char *name);

#endif
