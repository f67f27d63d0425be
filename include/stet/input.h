/* Reading a corpus file: a bounded-memory line reader that validates
 * UTF-8, refuses NUL bytes, strips a leading BOM, ends lines at LF or
 * CRLF, converts from another charset with iconv when asked, and keeps
 * the first bytes for format detection. */
#ifndef STET_INPUT_H
#define STET_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"

/* Lines longer than this are refused: an item is something a person
 * reads, and a bound keeps memory flat whatever the file. */
#define STET_LINE_MAX (1u << 20)

struct stet_input;

/* path "-" reads standard input. encoding NULL: the file must be UTF-8. */
int stet_input_open(const char *path, const char *encoding,
		    struct stet_input **out, struct stet_error *err);
void stet_input_close(struct stet_input *in);

/* Whether iconv converts from encoding to UTF-8 here, so that a
 * misspelt --encoding is a usage error before any file is opened. */
bool stet_encoding_known(const char *encoding);

/* The name used in messages: the path, or "stdin". */
const char *stet_input_name(const struct stet_input *in);

/* The first bytes of the file as it is on disk (before conversion), for
 * sniffing. Valid until close. */
const void *stet_input_head(const struct stet_input *in, size_t *n);

/* Starts again from the first line. STET_ERR when the input is a pipe
 * that has already been read past its head. */
int stet_input_rewind(struct stet_input *in, struct stet_error *err);

/* The next line without its line end. *line is valid until the next call
 * and is NUL-terminated. Returns STET_OK, STET_NOTFOUND at end of input,
 * or STET_ERR with "NAME:LINE:BYTE: invalid UTF-8 byte 0xNN" (BYTE counts
 * from 1 within the line), a NUL byte, an overlong line or a read error.
 * After a bad line the reader is past it, so a caller may go on. */
int stet_input_line(struct stet_input *in, const char **line, size_t *len,
		    struct stet_error *err);

/* Lines up to max bytes (a multiple of 1 MiB) are taken instead of
 * STET_LINE_MAX: for a JSON document written on one line, which the
 * reader holds whole anyway. The buffer grows to the longest line. */
void stet_input_set_line_max(struct stet_input *in, size_t max);

/* A note added in parentheses to every "invalid UTF-8 byte" message:
 * what the file may be instead (a charset libmagic guessed). NULL for
 * none; the string is copied. */
void stet_input_set_utf8_hint(struct stet_input *in, const char *hint);

/* The number of the line last returned (from 1). */
uint64_t stet_input_lineno(const struct stet_input *in);

/* Bytes read so far and the file's size (0 when unknown), for progress. */
void stet_input_progress(const struct stet_input *in, uint64_t *done,
			 uint64_t *total);

#endif
