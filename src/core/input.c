#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "stet/error.h"
#include "stet/input.h"
#include "stet/text.h"

#define CHUNK ((size_t)64 * 1024)
#define HEAD_MAX CHUNK

/* Room for the longest line we accept, its CR, one more chunk and the
 * terminating NUL: after compaction a fill always has a whole chunk of
 * space, so the buffer grows only when a longer line is allowed. */
#define BUF_CAP ((size_t)STET_LINE_MAX + 2 + CHUNK + 1)

/* iconv keeps an incomplete sequence at the end of a chunk for the next
 * call; this is more than any charset's longest sequence. */
#define RAW_SLACK 64

enum fill_result { FILL_MORE, FILL_EOF, FILL_ERR };

struct stet_input {
	char *name;
	char *utf8_hint; /* for "invalid UTF-8" messages, or NULL */
	int fd;
	bool own_fd;
	bool seekable;
	off_t base; /* where the file started for us (stdin may be mid-file) */
	uint64_t total;

	/* The first bytes exactly as read, delivered again from memory so
	 * that a pipe's head is not lost to sniffing. */
	unsigned char *head;
	size_t head_len;
	bool head_eof;    /* the head is the whole input */
	bool past_head;   /* read(2) was used beyond the head */
	bool raw_eof;
	uint64_t raw_pos; /* raw bytes handed on so far */

	iconv_t cd;
	char *encoding;
	char *raw;        /* raw bytes waiting for conversion */
	size_t raw_len;
	bool conv_bad;    /* an invalid sequence stops conversion here */
	bool conv_trunc;  /* ...or the input ended inside a sequence */
	unsigned char conv_byte;

	char *buf;
	size_t cap;      /* bytes at buf */
	size_t line_max; /* the longest line taken */
	size_t start; /* first byte of the next line */
	size_t scan;  /* bytes before this were searched for LF already */
	size_t end;
	bool eof;     /* nothing more will come into buf */
	bool failed;  /* a read error ended the input */
	bool at_start;
	bool skip_to_lf;
	uint64_t lineno;
};

static bool convert(const struct stet_input *in)
{
	return in->cd != (iconv_t)-1;
}

/* Reads up to max raw bytes: first from the kept head, then from the
 * descriptor. Returns the count, 0 at end of input, or -1. */
static ssize_t raw_read(struct stet_input *in, void *dst, size_t max,
			struct stet_error *err)
{
	ssize_t got;

	if (in->raw_pos < in->head_len) {
		size_t left = in->head_len - (size_t)in->raw_pos;
		size_t n = left < max ? left : max;

		memcpy(dst, in->head + in->raw_pos, n);
		in->raw_pos += n;
		return (ssize_t)n;
	}
	if (in->head_eof || in->raw_eof)
		return 0;
	do
		got = read(in->fd, dst, max);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		stet_error_set(err, STET_ERR, "%s: %s", in->name,
			       strerror(errno));
		return -1;
	}
	if (got == 0) {
		/* Nothing past the head was lost: a pipe may still rewind. */
		if (!in->past_head)
			in->head_eof = true;
		in->raw_eof = true;
		return 0;
	}
	in->past_head = true;
	in->raw_pos += (uint64_t)got;
	return got;
}

/* Makes room for at least one chunk after end. Moving the unfinished
 * line only when space runs out keeps the copying rare. */
static void make_room(struct stet_input *in)
{
	size_t pending = in->end - in->start;

	if (pending == 0) {
		in->start = in->scan = in->end = 0;
		return;
	}
	if (in->cap - 1 - in->end >= CHUNK)
		return;
	memmove(in->buf, in->buf + in->start, pending);
	in->scan -= in->start;
	in->start = 0;
	in->end = pending;
	/* Only a line longer than STET_LINE_MAX, allowed, gets here. */
	if (in->cap - 1 - in->end < CHUNK) {
		in->cap = in->cap * 2;
		in->buf = stet_xrealloc(in->buf, in->cap);
	}
}

static enum fill_result fill_plain(struct stet_input *in,
				   struct stet_error *err)
{
	ssize_t got = raw_read(in, in->buf + in->end, CHUNK, err);

	if (got < 0)
		return FILL_ERR;
	if (got == 0) {
		in->eof = true;
		return FILL_EOF;
	}
	in->end += (size_t)got;
	return FILL_MORE;
}

/* Converts raw bytes into buf until some output is there, the input ends
 * or an invalid sequence is met (then conv_bad holds until reported). */
static enum fill_result fill_iconv(struct stet_input *in,
				   struct stet_error *err)
{
	size_t before = in->end;

	while (in->end == before) {
		char *ip, *op;
		size_t ileft, oleft, r;
		int e;

		/* Read only when what is left is at most a split sequence:
		 * after E2BIG a whole chunk may still wait here. */
		if (in->raw_len < RAW_SLACK && !in->raw_eof) {
			ssize_t got = raw_read(in, in->raw + in->raw_len,
					       CHUNK, err);

			if (got < 0)
				return FILL_ERR;
			if (got == 0)
				in->raw_eof = true;
			in->raw_len += (size_t)got;
		}
		ip = in->raw;
		ileft = in->raw_len;
		op = in->buf + in->end;
		oleft = in->cap - 1 - in->end;
		if (ileft == 0) {
			/* Stateful decoders may still hold a character. */
			iconv(in->cd, NULL, NULL, &op, &oleft);
			in->end = (size_t)(op - in->buf);
			if (in->end == before) {
				in->eof = true;
				return FILL_EOF;
			}
			return FILL_MORE;
		}
		r = iconv(in->cd, &ip, &ileft, &op, &oleft);
		e = errno;
		in->end = (size_t)(op - in->buf);
		if (r == (size_t)-1 && e == EILSEQ) {
			in->conv_bad = true;
			in->conv_byte = (unsigned char)*ip;
			ip++;
			ileft--;
		} else if (r == (size_t)-1 && e == EINVAL && in->raw_eof) {
			in->conv_bad = true;
			in->conv_trunc = true;
			ip += ileft;
			ileft = 0;
		} else if (r == (size_t)-1 && e != EINVAL && e != E2BIG) {
			stet_error_set(err, STET_ERR, "%s: %s: %s", in->name,
				       in->encoding, strerror(e));
			return FILL_ERR;
		}
		memmove(in->raw, ip, ileft);
		in->raw_len = ileft;
		if (in->conv_bad)
			return FILL_MORE;
	}
	return FILL_MORE;
}

static enum fill_result fill(struct stet_input *in, struct stet_error *err)
{
	enum fill_result r;

	make_room(in);
	r = convert(in) ? fill_iconv(in, err) : fill_plain(in, err);
	if (r == FILL_ERR) {
		in->failed = true;
		in->eof = true;
		in->start = in->scan = in->end = 0;
	}
	return r;
}

/* The offset of the first byte that is NUL or not ASCII, or n. Eight
 * bytes at a time: corpora are mostly ASCII and this is the hot path. */
static size_t ascii_prefix(const unsigned char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u;
	const uint64_t highs = 0x8080808080808080u;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t v;

		memcpy(&v, s + i, 8);
		if ((v & highs) != 0 || ((v - ones) & ~v & highs) != 0)
			break;
	}
	for (; i < n; i++)
		if (s[i] == 0 || s[i] >= 0x80)
			break;
	return i;
}

static int check_line(const struct stet_input *in, const char *s, size_t n,
		      struct stet_error *err)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = ascii_prefix(u, n);
	const unsigned char *nul;
	size_t upto, bad;

	if (i == n)
		return STET_OK;
	if (u[i] != 0) {
		/* Everything before i is ASCII, so i starts a sequence. */
		nul = memchr(u + i, 0, n - i);
		upto = nul != NULL ? (size_t)(nul - u) : n;
		if (!stet_utf8_valid(s + i, upto - i, &bad))
			return stet_error_set(
				err, STET_ERR,
				"%s:%llu:%zu: invalid UTF-8 byte 0x%02x%s%s%s",
				in->name, (unsigned long long)in->lineno,
				i + bad + 1, u[i + bad],
				in->utf8_hint ? " (" : "",
				in->utf8_hint ? in->utf8_hint : "",
				in->utf8_hint ? ")" : "");
		if (nul == NULL)
			return STET_OK;
		i = upto;
	}
	return stet_error_set(err, STET_ERR, "%s:%llu:%zu: NUL byte", in->name,
			      (unsigned long long)in->lineno, i + 1);
}

static int too_long(struct stet_input *in, struct stet_error *err)
{
	return stet_error_set(err, STET_ERR, "%s:%llu: line is longer than %zu MiB",
			      in->name, (unsigned long long)in->lineno,
			      in->line_max >> 20);
}

static int conv_error(struct stet_input *in, struct stet_error *err)
{
	in->lineno++;
	in->conv_bad = false;
	/* Whatever of the line came before the bad bytes goes with it. */
	in->start = in->scan = in->end;
	if (in->conv_trunc) {
		in->conv_trunc = false;
		return stet_error_set(err, STET_ERR,
				      "%s:%llu: incomplete %s sequence at the end of the file",
				      in->name, (unsigned long long)in->lineno,
				      in->encoding);
	}
	in->skip_to_lf = true;
	return stet_error_set(err, STET_ERR, "%s:%llu: invalid %s byte 0x%02x",
			      in->name, (unsigned long long)in->lineno,
			      in->encoding, in->conv_byte);
}

/* Drops bytes up to and including the next LF: STET_OK, STET_NOTFOUND
 * when the input ends first, or STET_ERR on a read error. */
static int skip_line(struct stet_input *in, struct stet_error *err)
{
	for (;;) {
		char *lf = memchr(in->buf + in->start, '\n', in->end - in->start);
		enum fill_result r;

		if (lf != NULL) {
			in->start = in->scan = (size_t)(lf - in->buf) + 1;
			in->skip_to_lf = false;
			return STET_OK;
		}
		in->start = in->scan = in->end;
		/* The line is being dropped: a bad sequence in it changes
		 * nothing. */
		in->conv_bad = false;
		in->conv_trunc = false;
		r = fill(in, err);
		if (r == FILL_ERR)
			return STET_ERR;
		if (r == FILL_EOF) {
			in->skip_to_lf = false;
			return STET_NOTFOUND;
		}
	}
}

static int strip_bom(struct stet_input *in, struct stet_error *err)
{
	while (in->end - in->start < 3 && !in->eof && !in->conv_bad) {
		if (fill(in, err) == FILL_ERR)
			return STET_ERR;
	}
	if (in->end - in->start >= 3 &&
	    memcmp(in->buf + in->start, "\xef\xbb\xbf", 3) == 0) {
		in->start += 3;
		in->scan = in->start;
	}
	in->at_start = false;
	return STET_OK;
}

static void reset(struct stet_input *in)
{
	in->raw_pos = 0;
	in->raw_eof = false;
	in->past_head = false;
	in->raw_len = 0;
	in->conv_bad = false;
	in->conv_trunc = false;
	in->start = in->scan = in->end = 0;
	in->eof = false;
	in->failed = false;
	in->at_start = true;
	in->skip_to_lf = false;
	in->lineno = 0;
	if (convert(in))
		iconv(in->cd, NULL, NULL, NULL, NULL);
}

static int read_head(struct stet_input *in, struct stet_error *err)
{
	in->head = stet_xmalloc(HEAD_MAX);
	while (in->head_len < HEAD_MAX) {
		ssize_t got = read(in->fd, in->head + in->head_len,
				   HEAD_MAX - in->head_len);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return stet_error_set(err, STET_ERR, "%s: %s", in->name,
					      strerror(errno));
		if (got == 0) {
			in->head_eof = true;
			break;
		}
		in->head_len += (size_t)got;
	}
	return STET_OK;
}

static bool is_utf8_name(const char *enc)
{
	return strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
}

bool stet_encoding_known(const char *encoding)
{
	iconv_t cd;

	if (is_utf8_name(encoding))
		return true;
	if ((cd = iconv_open("UTF-8", encoding)) == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

int stet_input_open(const char *path, const char *encoding,
		    struct stet_input **out, struct stet_error *err)
{
	struct stet_input *in;
	struct stat st;

	*out = NULL;
	in = stet_xcalloc(1, sizeof *in);
	in->fd = -1;
	in->cd = (iconv_t)-1;
	in->name = stet_xstrdup(strcmp(path, "-") == 0 ? "stdin" : path);
	reset(in);
	/* UTF-8 to UTF-8 through iconv would only lose our byte positions. */
	if (encoding != NULL && *encoding != '\0' && !is_utf8_name(encoding)) {
		in->cd = iconv_open("UTF-8", encoding);
		if (in->cd == (iconv_t)-1) {
			if (errno == EINVAL)
				stet_error_set(err, STET_ERR,
					       "unknown encoding %s (see iconv -l)",
					       encoding);
			else
				stet_error_set(err, STET_ERR, "iconv %s: %s",
					       encoding, strerror(errno));
			goto fail;
		}
		in->encoding = stet_xstrdup(encoding);
		in->raw = stet_xmalloc(CHUNK + RAW_SLACK);
	}
	if (strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			stet_error_set(err, STET_ERR, "%s: %s", in->name,
				       strerror(errno));
			goto fail;
		}
		in->own_fd = true;
	}
	if (fstat(in->fd, &st) != 0) {
		stet_error_set(err, STET_ERR, "%s: %s", in->name,
			       strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		stet_error_set(err, STET_ERR, "%s: %s", in->name,
			       strerror(EISDIR));
		goto fail;
	}
	if (S_ISREG(st.st_mode)) {
		in->base = lseek(in->fd, 0, SEEK_CUR);
		if (in->base >= 0) {
			in->seekable = true;
			if (st.st_size > in->base)
				in->total = (uint64_t)(st.st_size - in->base);
		}
	}
#ifdef POSIX_FADV_SEQUENTIAL
	if (in->seekable)
		(void)posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	if (read_head(in, err) != STET_OK)
		goto fail;
	in->cap = BUF_CAP;
	in->line_max = STET_LINE_MAX;
	in->buf = stet_xmalloc(in->cap);
	*out = in;
	return STET_OK;
fail:
	stet_input_close(in);
	return STET_ERR;
}

void stet_input_close(struct stet_input *in)
{
	if (in == NULL)
		return;
	if (in->own_fd && in->fd >= 0)
		close(in->fd);
	if (convert(in))
		iconv_close(in->cd);
	free(in->name);
	free(in->utf8_hint);
	free(in->encoding);
	free(in->raw);
	free(in->head);
	free(in->buf);
	free(in);
}

const char *stet_input_name(const struct stet_input *in)
{
	return in->name;
}

const void *stet_input_head(const struct stet_input *in, size_t *n)
{
	*n = in->head_len;
	return in->head;
}

int stet_input_rewind(struct stet_input *in, struct stet_error *err)
{
	if (in->past_head && !in->seekable)
		return stet_error_set(err, STET_ERR,
				      "%s: cannot read a pipe again once more than its first %zu bytes were read",
				      in->name, in->head_len);
	/* The head comes from memory again; the file goes on after it. */
	if (in->seekable && !in->head_eof &&
	    lseek(in->fd, in->base + (off_t)in->head_len, SEEK_SET) < 0)
		return stet_error_set(err, STET_ERR, "%s: %s", in->name,
				      strerror(errno));
	reset(in);
	return STET_OK;
}

int stet_input_line(struct stet_input *in, const char **line, size_t *len,
		    struct stet_error *err)
{
	*line = "";
	*len = 0;
	if (in->failed)
		return STET_NOTFOUND;
	if (in->at_start && strip_bom(in, err) != STET_OK)
		return STET_ERR;
	if (in->skip_to_lf) {
		int rc = skip_line(in, err);

		if (rc != STET_OK)
			return rc;
	}
	for (;;) {
		char *s = in->buf + in->start;
		char *lf = memchr(in->buf + in->scan, '\n', in->end - in->scan);
		size_t n;

		if (lf != NULL) {
			n = (size_t)(lf - s);
			if (n > 0 && lf[-1] == '\r')
				n--;
			in->start = in->scan = (size_t)(lf - in->buf) + 1;
		} else {
			in->scan = in->end;
			if (in->end - in->start > in->line_max + 1) {
				/* Its end is not here yet; drop it as it
				 * comes rather than hold it. */
				in->lineno++;
				in->start = in->scan = in->end;
				in->skip_to_lf = true;
				return too_long(in, err);
			}
			if (in->conv_bad)
				return conv_error(in, err);
			if (!in->eof) {
				if (fill(in, err) == FILL_ERR)
					return STET_ERR;
				continue;
			}
			n = in->end - in->start;
			if (n == 0)
				return STET_NOTFOUND;
			in->start = in->scan = in->end;
		}
		in->lineno++;
		if (n > in->line_max)
			return too_long(in, err);
		s[n] = '\0';
		if (check_line(in, s, n, err) != STET_OK)
			return STET_ERR;
		*line = s;
		*len = n;
		return STET_OK;
	}
}

void stet_input_set_line_max(struct stet_input *in, size_t max)
{
	in->line_max = max;
}

void stet_input_set_utf8_hint(struct stet_input *in, const char *hint)
{
	free(in->utf8_hint);
	in->utf8_hint = hint != NULL ? stet_xstrdup(hint) : NULL;
}

uint64_t stet_input_lineno(const struct stet_input *in)
{
	return in->lineno;
}

void stet_input_progress(const struct stet_input *in, uint64_t *done,
			 uint64_t *total)
{
	*done = in->raw_pos;
	*total = in->total;
}
