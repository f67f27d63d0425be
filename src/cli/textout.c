/* Text for the terminal: see cli.h. The streams write straight to
 * their file descriptor, each write passed through stet_text_escape. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stet/buf.h"
#include "stet/text.h"

#define SAFE_SLOTS 16

struct text_stream {
	int fd;
	unsigned char held[4]; /* a UTF-8 sequence the last write cut */
	size_t nheld;
	struct stet_buf in, out;
};

/* Static, so that its buffers are reachable to the end. */
static struct text_stream text_out;

static struct stet_buf *safe_slot(const char *s)
{
	static struct stet_buf slots[SAFE_SLOTS];
	static unsigned next;
	struct stet_buf *b = &slots[next++ % SAFE_SLOTS];

	stet_buf_reset(b);
	if (s != NULL)
		stet_text_escape(s, strlen(s), 0, false, b);
	return b;
}

const char *cli_safe(const char *s)
{
	struct stet_buf *b = safe_slot(s);

	return b->len > 0 ? b->data : "";
}

const char *cli_padded(const char *s, size_t cols)
{
	struct stet_buf *b = safe_slot(s);

	for (size_t w = stet_text_width(b->data ? b->data : "", b->len);
	     w < cols; w++)
		stet_buf_add(b, " ", 1);
	return b->len > 0 ? b->data : "";
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* How many bytes at the end of s[0..n) start a UTF-8 sequence that
 * goes on past n: they wait for the next write. */
static size_t cut_tail(const unsigned char *s, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned char c = s[n - k];
		size_t need;

		if ((c & 0xc0) == 0x80)
			continue;
		need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		return need > k ? k : 0;
	}
	return 0;
}

static int emit(struct text_stream *ts, const char *s, size_t n)
{
	stet_buf_reset(&ts->out);
	stet_text_escape(s, n, 0, true, &ts->out);
	return write_all(ts->fd, ts->out.data, ts->out.len);
}

static ssize_t text_write(void *cookie, const char *data, size_t n)
{
	struct text_stream *ts = cookie;
	size_t keep;

	stet_buf_reset(&ts->in);
	stet_buf_add(&ts->in, ts->held, ts->nheld);
	stet_buf_add(&ts->in, data, n);
	keep = cut_tail((const unsigned char *)ts->in.data, ts->in.len);
	memcpy(ts->held, ts->in.data + ts->in.len - keep, keep);
	ts->nheld = keep;
	if (ts->in.len > keep && emit(ts, ts->in.data, ts->in.len - keep) != 0)
		return -1;
	return (ssize_t)n;
}

/* A sequence the output ended in the middle of: its bytes, escaped. */
static void text_end(void)
{
	if (fflush(stdout) == 0 && text_out.nheld > 0 &&
	    emit(&text_out, (const char *)text_out.held, text_out.nheld) == 0)
		text_out.nheld = 0;
}

int cli_text_stdout(const struct cli_command *cmd)
{
	static const cookie_io_functions_t io = {.write = text_write};
	FILE *f;

	if (text_out.fd != 0)
		return EXIT_OK;
	if (fflush(stdout) != 0 ||
	    (f = fopencookie(&text_out, "w", io)) == NULL)
		return cli_fail(cmd, "standard output: %s", strerror(errno));
	text_out.fd = STDOUT_FILENO;
	stdout = f;
	if (atexit(text_end) != 0)
		return cli_fail(cmd, "standard output: cannot register its end");
	return EXIT_OK;
}
