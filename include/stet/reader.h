/* Format readers: each turns an input into items through the same
 * callbacks. Readers report where input is at fault; the caller decides
 * whether a bad record stops the file. */
#ifndef STET_READER_H
#define STET_READER_H

#include <stdbool.h>

#include "stet/error.h"
#include "stet/input.h"
#include "stet/item.h"
#include "stet/sniff.h"

struct stet_read_opts {
	const char *text_column; /* CSV/TSV: make text items from this column */
	const char *id_column;   /* CSV/TSV: external ids from this column */
	const char *label_column; /* CSV/TSV: the item's label from this
				   * column (not a field) */
	bool paragraphs;         /* plain text: blank-line-separated items */
};

struct stet_reader_cb {
	/* An item read; its strings are valid UTF-8 but not yet normalised.
	 * The reader clears it after the call. Non-zero stops reading and is
	 * returned. */
	int (*item)(void *ctx, struct stet_item *it, struct stet_error *err);
	/* A bad record, described in bad->msg with file:line:byte. Return 0
	 * to go on past it, non-zero to stop (the reader returns that value
	 * with the message in err). */
	int (*bad)(void *ctx, const struct stet_error *bad);
	void *ctx;
};

int stet_read_items(struct stet_input *in, enum stet_format fmt,
		    const struct stet_read_opts *opts,
		    const struct stet_reader_cb *cb, struct stet_error *err);

/* One function per format, each in its own file. */
int stet_read_jsonl(struct stet_input *in, const struct stet_read_opts *opts,
		    const struct stet_reader_cb *cb, struct stet_error *err);
int stet_read_csv(struct stet_input *in, char delim,
		  const struct stet_read_opts *opts,
		  const struct stet_reader_cb *cb, struct stet_error *err);
int stet_read_txt(struct stet_input *in, const struct stet_read_opts *opts,
		  const struct stet_reader_cb *cb, struct stet_error *err);
int stet_read_conll(struct stet_input *in, const struct stet_read_opts *opts,
		    const struct stet_reader_cb *cb, struct stet_error *err);

/* The words of CoNLL token lines (LF-separated, as an item keeps them
 * and stet export writes them in JSONL) as tokens of text, appended to
 * out, as stet_read_conll finds them; a form not in the text is
 * STET_ERR naming its token line. */
int stet_conll_tokens(const char *lines, size_t n, const char *text,
		      struct stet_tokens *out, struct stet_error *err);

/* Shared by the readers: the next line of input that is good. Lines the
 * input refuses (invalid UTF-8, NUL, too long) go to cb->bad and are
 * passed over, setting *skipped when skipped is not NULL. Returns STET_OK
 * with a line, STET_NOTFOUND at the end, or the stop value. */
int stet_reader_line(struct stet_input *in, const struct stet_reader_cb *cb,
		     const char **line, size_t *len, bool *skipped,
		     struct stet_error *err);

/* Shared by the readers: hands a bad line to cb->bad. Returns 0 to go
 * on, or the stop value with err filled. */
int stet_reader_bad(const struct stet_reader_cb *cb, struct stet_error *bad,
		    struct stet_error *err);

#endif
