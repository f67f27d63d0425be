/* What stet import's readers of corpus files and of folders of
 * documents share: the verdicts on a file's first bytes. */
#ifndef STET_IMPORT_IN_H
#define STET_IMPORT_IN_H

#include <stdbool.h>
#include <stddef.h>

#include "stet/error.h"
#include "stet/input.h"
#include "stet/item.h"
#include "stet/schema.h"
#include "stet/sniff.h"

/* True when the head is a binary file, not text with a few bad bytes
 * (libmagic's verdict, checked line by line), given the --encoding. */
bool import_binary(const void *head, size_t n, const struct stet_sniff *sn,
		   const char *encoding);

/* STET_ERR, saying to name the charset, for UTF-16 or UTF-32 met
 * without --encoding. */
int import_check_wide(const char *name, const struct stet_sniff *sn,
		      struct stet_error *err);

/* Gives the input libmagic's charset guess as a hint for its messages
 * about bytes that are not UTF-8. */
void import_charset_hint(struct stet_input *in, const void *head, size_t n,
			 const struct stet_sniff *sn);

/* Whether items get tokens at import: the schema has a label of kind
 * span or token. */
bool import_want_tokens(const struct stet_schema *schema);

/* Gives a text item without tokens the words stet_tokenize finds. */
int import_tokenize(struct stet_item *it, struct stet_error *err);

#endif
