#include "unit.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stet/buf.h"
#include "stet/error.h"
#include "stet/input.h"
#include "stet/sniff.h"

static char tmpdir[] = "/tmp/stet-input-XXXXXX";

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int make_tmpdir(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	(void)state;
	return nftw(tmpdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* Writes a fixture file; the returned path is the caller's to free. */
static char *fixture(const char *name, const void *data, size_t n)
{
	struct stet_buf path;
	FILE *f;

	stet_buf_init(&path);
	stet_buf_printf(&path, "%s/%s", tmpdir, name);
	f = fopen(path.data, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return stet_buf_take(&path);
}

static char *fixture_str(const char *name, const char *data)
{
	return fixture(name, data, strlen(data));
}

static struct stet_input *open_ok(const char *path, const char *encoding)
{
	struct stet_input *in = NULL;
	struct stet_error err;
	int rc;

	stet_error_clear(&err);
	rc = stet_input_open(path, encoding, &in, &err);
	if (rc != STET_OK)
		print_message("open %s: %s\n", path, err.msg);
	assert_int_equal(rc, STET_OK);
	assert_non_null(in);
	return in;
}

static void expect_line_n(struct stet_input *in, const char *want, size_t n)
{
	struct stet_error err;
	const char *line;
	size_t len;
	int rc;

	stet_error_clear(&err);
	rc = stet_input_line(in, &line, &len, &err);
	if (rc != STET_OK)
		print_message("unexpected: %s\n", err.msg);
	assert_int_equal(rc, STET_OK);
	assert_int_equal(len, n);
	assert_memory_equal(line, want, n);
	assert_int_equal(line[len], '\0');
}

static void expect_line(struct stet_input *in, const char *want)
{
	expect_line_n(in, want, strlen(want));
}

/* want is the message after "NAME:". */
static void expect_error(struct stet_input *in, const char *want)
{
	struct stet_error err;
	char full[2048];
	const char *line;
	size_t len;

	stet_error_clear(&err);
	assert_int_equal(stet_input_line(in, &line, &len, &err), STET_ERR);
	snprintf(full, sizeof full, "%s:%s", stet_input_name(in), want);
	assert_string_equal(err.msg, full);
}

static void expect_end(struct stet_input *in)
{
	struct stet_error err;
	const char *line;
	size_t len;

	assert_int_equal(stet_input_line(in, &line, &len, &err), STET_NOTFOUND);
	assert_int_equal(stet_input_line(in, &line, &len, &err), STET_NOTFOUND);
}

/* Lines "line N" padded to lengths that vary, so that line ends and
 * multi-byte characters fall on every side of the 64 KiB reads. */
static void make_lines(struct stet_buf *b, size_t count, const char *eol)
{
	for (size_t i = 0; i < count; i++) {
		stet_buf_printf(b, "line %zu ", i);
		for (size_t k = 0; k < i % 173; k++)
			stet_buf_adds(b, k % 7 == 0 ? "\xc3\xa9" : "x");
		stet_buf_adds(b, eol);
	}
}

static void expect_made_lines(struct stet_input *in, size_t count)
{
	struct stet_buf want;

	stet_buf_init(&want);
	for (size_t i = 0; i < count; i++) {
		stet_buf_reset(&want);
		stet_buf_printf(&want, "line %zu ", i);
		for (size_t k = 0; k < i % 173; k++)
			stet_buf_adds(&want, k % 7 == 0 ? "\xc3\xa9" : "x");
		expect_line_n(in, want.data, want.len);
		assert_int_equal(stet_input_lineno(in), i + 1);
	}
	stet_buf_free(&want);
}

/* A child process writes data into a pipe; returns its read end. */
static pid_t feed_pipe(const void *data, size_t n, int *rfd)
{
	int p[2];
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *s = data;

		/* Never outlive a parent that failed before reading. */
		alarm(30);
		close(p[0]);
		while (n > 0) {
			ssize_t w = write(p[1], s, n);

			if (w <= 0)
				_exit(1);
			s += w;
			n -= (size_t)w;
		}
		_exit(0);
	}
	close(p[1]);
	*rfd = p[0];
	return pid;
}

static void reap(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void lf_lines(void **state)
{
	char *path = fixture_str("lf.txt", "a\nbb\n\nccc\n");
	struct stet_input *in;

	(void)state;
	in = open_ok(path, NULL);
	assert_string_equal(stet_input_name(in), path);
	expect_line(in, "a");
	assert_int_equal(stet_input_lineno(in), 1);
	expect_line(in, "bb");
	expect_line(in, "");
	expect_line(in, "ccc");
	assert_int_equal(stet_input_lineno(in), 4);
	expect_end(in);
	stet_input_close(in);
	free(path);
}

static void crlf_lines(void **state)
{
	char *path = fixture_str("crlf.txt", "a\r\nb\r\n\r\nc\rd\r\r\n");
	struct stet_input *in;

	(void)state;
	in = open_ok(path, NULL);
	expect_line(in, "a");
	expect_line(in, "b");
	expect_line(in, "");
	/* Only the CR right before LF belongs to the line end. */
	expect_line(in, "c\rd\r");
	expect_end(in);
	stet_input_close(in);
	free(path);
}

static void last_line_without_newline(void **state)
{
	char *path = fixture_str("nofinal.txt", "first\nlast");
	char *cr = fixture_str("finalcr.txt", "x\r");
	char *empty = fixture_str("empty.txt", "");
	struct stet_input *in;

	(void)state;
	in = open_ok(path, NULL);
	expect_line(in, "first");
	expect_line(in, "last");
	assert_int_equal(stet_input_lineno(in), 2);
	expect_end(in);
	stet_input_close(in);

	in = open_ok(cr, NULL);
	expect_line(in, "x\r");
	expect_end(in);
	stet_input_close(in);

	in = open_ok(empty, NULL);
	expect_end(in);
	assert_int_equal(stet_input_lineno(in), 0);
	stet_input_close(in);
	free(path);
	free(cr);
	free(empty);
}

static void bom_is_stripped_at_start_only(void **state)
{
	static const char data[] = "\xef\xbb\xbfhead\n\xef\xbb\xbftail\n";
	char *path = fixture_str("bom.txt", data);
	char *only = fixture_str("bomonly.txt", "\xef\xbb\xbf");
	struct stet_input *in;
	const void *head;
	size_t n;

	(void)state;
	in = open_ok(path, NULL);
	head = stet_input_head(in, &n);
	assert_int_equal(n, strlen(data));
	assert_memory_equal(head, data, n);
	expect_line(in, "head");
	expect_line(in, "\xef\xbb\xbftail");
	expect_end(in);
	stet_input_close(in);

	in = open_ok(only, NULL);
	expect_end(in);
	stet_input_close(in);
	free(path);
	free(only);
}

static void invalid_utf8_names_line_and_byte(void **state)
{
	char *path = fixture_str("bad.txt", "ok\nab\xc3(z\nfine \xc3\xa9\n"
					    "\xff\n\xe2\x82\n");
	char *bom = fixture_str("badbom.txt", "\xef\xbb\xbfx\xfe\ny\n");
	struct stet_input *in;

	(void)state;
	in = open_ok(path, NULL);
	expect_line(in, "ok");
	expect_error(in, "2:3: invalid UTF-8 byte 0xc3");
	assert_int_equal(stet_input_lineno(in), 2);
	expect_line(in, "fine \xc3\xa9");
	assert_int_equal(stet_input_lineno(in), 3);
	expect_error(in, "4:1: invalid UTF-8 byte 0xff");
	/* A sequence cut by the line end. */
	expect_error(in, "5:1: invalid UTF-8 byte 0xe2");
	expect_end(in);
	stet_input_close(in);

	/* Bytes count from after the BOM on line 1. */
	in = open_ok(bom, NULL);
	expect_error(in, "1:2: invalid UTF-8 byte 0xfe");
	expect_line(in, "y");
	expect_end(in);
	stet_input_close(in);
	free(path);
	free(bom);
}

static void nul_byte_is_refused(void **state)
{
	static const char data[] = "a\0b\n\xc3\xa9\0\nabcdefghij\0\n"
				   "ab\0cdefghijklmnop\nnext\n";
	char *path = fixture("nul.txt", data, sizeof data - 1);
	struct stet_input *in;

	(void)state;
	in = open_ok(path, NULL);
	expect_error(in, "1:2: NUL byte");
	expect_error(in, "2:3: NUL byte");
	expect_error(in, "3:11: NUL byte");
	expect_error(in, "4:3: NUL byte");
	expect_line(in, "next");
	assert_int_equal(stet_input_lineno(in), 5);
	expect_end(in);
	stet_input_close(in);
	free(path);
}

static void long_lines_are_refused_and_skipped(void **state)
{
	size_t big = 2u << 20;
	char *data = malloc(big + 64);
	char *path, *edge, *tail;
	struct stet_input *in;
	char *maxline;

	(void)state;
	assert_non_null(data);
	memset(data, 'x', big);
	memcpy(data + big, "\nafter\n", 7);
	path = fixture("long.txt", data, big + 7);

	in = open_ok(path, NULL);
	expect_error(in, "1: line is longer than 1 MiB");
	expect_line(in, "after");
	assert_int_equal(stet_input_lineno(in), 2);
	expect_end(in);
	stet_input_close(in);

	/* Exactly the limit (with CRLF) is fine, one more is not. */
	memset(data, 'y', STET_LINE_MAX + 1);
	memcpy(data + STET_LINE_MAX, "\r\n", 2);
	memset(data + STET_LINE_MAX + 2, 'z', STET_LINE_MAX + 1);
	memcpy(data + 2 * STET_LINE_MAX + 3, "\nend", 4);
	edge = fixture("edge.txt", data, 2 * STET_LINE_MAX + 7);
	in = open_ok(edge, NULL);
	maxline = malloc(STET_LINE_MAX);
	assert_non_null(maxline);
	memset(maxline, 'y', STET_LINE_MAX);
	expect_line_n(in, maxline, STET_LINE_MAX);
	expect_error(in, "2: line is longer than 1 MiB");
	expect_line(in, "end");
	expect_end(in);
	stet_input_close(in);

	/* Too long and never ended. */
	tail = fixture("tail.txt", data + STET_LINE_MAX + 2,
		       STET_LINE_MAX + 1);
	in = open_ok(tail, NULL);
	expect_error(in, "1: line is longer than 1 MiB");
	expect_end(in);
	stet_input_close(in);

	free(maxline);
	free(data);
	free(path);
	free(edge);
	free(tail);
}

static void lines_across_chunks(void **state)
{
	struct stet_buf data;
	char *path;
	struct stet_input *in;
	uint64_t done, total;

	(void)state;
	stet_buf_init(&data);
	make_lines(&data, 5000, "\r\n");
	assert_true(data.len > 4 * 65536);
	path = fixture("chunks.txt", data.data, data.len);
	in = open_ok(path, NULL);
	stet_input_progress(in, &done, &total);
	assert_int_equal(total, data.len);
	expect_made_lines(in, 5000);
	expect_end(in);
	stet_input_progress(in, &done, &total);
	assert_int_equal(done, data.len);
	assert_int_equal(total, data.len);
	stet_input_close(in);
	stet_buf_free(&data);
	free(path);
}

static void latin1_is_converted(void **state)
{
	static const char raw[] = "caf\xe9\nna\xefve\n";
	char *path = fixture_str("latin1.txt", raw);
	struct stet_input *in;
	const void *head;
	size_t n;

	(void)state;
	in = open_ok(path, "ISO-8859-1");
	head = stet_input_head(in, &n);
	assert_int_equal(n, strlen(raw));
	assert_memory_equal(head, raw, n);
	expect_line(in, "caf\xc3\xa9");
	expect_line(in, "na\xc3\xafve");
	expect_end(in);
	stet_input_close(in);
	free(path);
}

static void big_latin1_streams(void **state)
{
	/* Twice as long once converted, so iconv runs out of room. */
	size_t count = 30000, width = 100;
	char *data = malloc(count * (width + 1));
	char want[2 * 100];
	struct stet_input *in;
	uint64_t done, total;
	char *path;

	(void)state;
	assert_non_null(data);
	for (size_t i = 0; i < count; i++) {
		memset(data + i * (width + 1), '\xe9', width);
		data[i * (width + 1) + width] = '\n';
	}
	for (size_t k = 0; k < width; k++)
		memcpy(want + 2 * k, "\xc3\xa9", 2);
	path = fixture("big-latin1.txt", data, count * (width + 1));
	in = open_ok(path, "latin1");
	for (size_t i = 0; i < count; i++)
		expect_line_n(in, want, sizeof want);
	expect_end(in);
	stet_input_progress(in, &done, &total);
	assert_int_equal(done, count * (width + 1));
	stet_input_close(in);
	free(data);
	free(path);
}

static void invalid_input_in_encoding(void **state)
{
	char *path = fixture_str("ascii.txt", "ok\nbad\x80x\nnext\n\x90\nlast");
	static const char u16[] = "a\0\n\0b";
	char *odd = fixture("odd.txt", u16, sizeof u16 - 1);
	static const char bom16[] = "\xff\xfeh\0i\0\n\0";
	char *withbom = fixture("bom16.txt", bom16, sizeof bom16 - 1);
	struct stet_input *in;

	(void)state;
	in = open_ok(path, "ASCII");
	expect_line(in, "ok");
	expect_error(in, "2: invalid ASCII byte 0x80");
	expect_line(in, "next");
	assert_int_equal(stet_input_lineno(in), 3);
	expect_error(in, "4: invalid ASCII byte 0x90");
	expect_line(in, "last");
	assert_int_equal(stet_input_lineno(in), 5);
	expect_end(in);
	stet_input_close(in);

	in = open_ok(odd, "UTF-16LE");
	expect_line(in, "a");
	expect_error(in,
		     "2: incomplete UTF-16LE sequence at the end of the file");
	expect_end(in);
	stet_input_close(in);

	in = open_ok(withbom, "UTF-16");
	expect_line(in, "hi");
	expect_end(in);
	stet_input_close(in);
	free(path);
	free(odd);
	free(withbom);
}

static void open_errors(void **state)
{
	char *path = fixture_str("enc.txt", "x\n");
	struct stet_input *in = (struct stet_input *)&in; /* not NULL */
	struct stet_error err;
	char want[1024];

	(void)state;
	assert_int_equal(stet_input_open(path, "NO-SUCH-CHARSET-42", &in, &err),
			 STET_ERR);
	assert_null(in);
	assert_string_equal(err.msg,
			    "unknown encoding NO-SUCH-CHARSET-42 (see iconv -l)");

	snprintf(want, sizeof want, "%s/missing.txt", tmpdir);
	assert_int_equal(stet_input_open(want, NULL, &in, &err), STET_ERR);
	strcat(want, ": No such file or directory");
	assert_string_equal(err.msg, want);

	assert_int_equal(stet_input_open(tmpdir, NULL, &in, &err), STET_ERR);
	snprintf(want, sizeof want, "%s: Is a directory", tmpdir);
	assert_string_equal(err.msg, want);

	/* UTF-8 named as the encoding reads as if none were given. */
	in = open_ok(path, "utf-8");
	expect_line(in, "x");
	stet_input_close(in);
	free(path);
}

static void rewind_regular_file(void **state)
{
	struct stet_buf data;
	struct stet_error err;
	struct stet_input *in;
	char *path;

	(void)state;
	stet_buf_init(&data);
	make_lines(&data, 3000, "\n");
	path = fixture("rewind.txt", data.data, data.len);
	in = open_ok(path, NULL);
	expect_made_lines(in, 5);
	assert_int_equal(stet_input_rewind(in, &err), STET_OK);
	assert_int_equal(stet_input_lineno(in), 0);
	expect_made_lines(in, 3000);
	expect_end(in);
	assert_int_equal(stet_input_rewind(in, &err), STET_OK);
	expect_made_lines(in, 3000);
	expect_end(in);
	stet_input_close(in);
	stet_buf_free(&data);
	free(path);
}

static void rewind_starts_conversion_afresh(void **state)
{
	/* Ends shifted into JIS X 0208: the decoder must forget that. */
	char *path = fixture_str("jis.txt", "a\n\x1b$B$\"");
	struct stet_error err;
	struct stet_input *in;

	(void)state;
	in = open_ok(path, "ISO-2022-JP");
	expect_line(in, "a");
	assert_int_equal(stet_input_rewind(in, &err), STET_OK);
	expect_line(in, "a");
	expect_line(in, "\xe3\x81\x82");
	expect_end(in);
	assert_int_equal(stet_input_rewind(in, &err), STET_OK);
	expect_line(in, "a");
	expect_line(in, "\xe3\x81\x82");
	expect_end(in);
	stet_input_close(in);
	free(path);
}

static void stdin_pipe_keeps_head(void **state)
{
	struct stet_buf data;
	struct stet_error err;
	struct stet_input *in;
	uint64_t done, total;
	const void *head;
	int saved, rfd;
	size_t n;
	pid_t pid;

	(void)state;
	stet_buf_init(&data);
	make_lines(&data, 3000, "\n");
	assert_true(data.len > 3 * 65536);
	pid = feed_pipe(data.data, data.len, &rfd);
	saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(rfd, STDIN_FILENO), STDIN_FILENO);
	close(rfd);

	in = open_ok("-", NULL);
	assert_string_equal(stet_input_name(in), "stdin");
	head = stet_input_head(in, &n);
	assert_int_equal(n, 65536);
	assert_memory_equal(head, data.data, n);
	/* Still within the head: a pipe can start over. */
	expect_made_lines(in, 10);
	assert_int_equal(stet_input_rewind(in, &err), STET_OK);
	expect_made_lines(in, 3000);
	expect_end(in);
	stet_input_progress(in, &done, &total);
	assert_int_equal(done, data.len);
	assert_int_equal(total, 0);
	assert_int_equal(stet_input_rewind(in, &err), STET_ERR);
	assert_string_equal(err.msg, "stdin: cannot read a pipe again once "
				     "more than its first 65536 bytes were read");
	stet_input_close(in);

	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	reap(pid);
	stet_buf_free(&data);
}

static void fifo_within_head_rewinds(void **state)
{
	struct stet_buf data;
	struct stet_error err;
	struct stet_input *in;
	char path[256];
	pid_t pid;

	(void)state;
	/* Exactly one head long: the end is seen only after the head. */
	stet_buf_init(&data);
	while (data.len < 65536)
		stet_buf_adds(&data, "abcdefg\n");
	assert_int_equal(data.len, 65536);
	snprintf(path, sizeof path, "%s/fifo", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd;

		alarm(30);
		fd = open(path, O_WRONLY);
		if (fd < 0 || write(fd, data.data, data.len) != (ssize_t)data.len)
			_exit(1);
		_exit(0);
	}
	in = open_ok(path, NULL);
	for (size_t i = 0; i < 8192; i++)
		expect_line(in, "abcdefg");
	expect_end(in);
	assert_int_equal(stet_input_rewind(in, &err), STET_OK);
	expect_line(in, "abcdefg");
	assert_int_equal(stet_input_lineno(in), 1);
	stet_input_close(in);
	reap(pid);
	stet_buf_free(&data);
}

static void stdin_file_starts_where_it_is(void **state)
{
	struct stet_buf data;
	struct stet_error err;
	struct stet_input *in;
	uint64_t done, total;
	int saved, fd;
	char *path;

	(void)state;
	stet_buf_init(&data);
	stet_buf_adds(&data, "not ours\n");
	make_lines(&data, 3000, "\n");
	path = fixture("offset.txt", data.data, data.len);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(lseek(fd, 9, SEEK_SET), 9);
	saved = dup(STDIN_FILENO);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	in = open_ok("-", NULL);
	stet_input_progress(in, &done, &total);
	assert_int_equal(total, data.len - 9);
	expect_made_lines(in, 3000);
	expect_end(in);
	assert_int_equal(stet_input_rewind(in, &err), STET_OK);
	expect_made_lines(in, 3000);
	expect_end(in);
	stet_input_close(in);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	stet_buf_free(&data);
	free(path);
}

static void sniff_binary(void **state)
{
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
		'I', 'H', 'D', 'R', 0, 0, 0, 16, 0, 0, 0, 16, 8, 2, 0, 0, 0,
		0x90, 0x91, 0x68, 0x36};
	unsigned char elf[128] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
	struct stet_sniff s;
	struct stet_error err;

	(void)state;
	assert_int_equal(stet_sniff_buffer(png, sizeof png, &s, &err), STET_OK);
	assert_string_equal(s.mime, "image/png");
	assert_string_equal(s.charset, "binary");
	assert_true(stet_sniff_is_binary(&s));

	elf[16] = 2;    /* an executable */
	elf[18] = 0x3e; /* x86-64 */
	elf[20] = 1;
	assert_int_equal(stet_sniff_buffer(elf, sizeof elf, &s, &err), STET_OK);
	assert_string_equal(s.charset, "binary");
	assert_true(stet_sniff_is_binary(&s));
}

static void sniff_text(void **state)
{
	static const char utf8[] = "h\xc3\xa9llo w\xc3\xb6rld, \xe2\x82\xac 5\n";
	static const char latin1[] = "caf\xe9 cr\xe8me br\xfbl\xe9\x65, "
				     "na\xefve fa\xe7\x61\x64\x65\n";
	static const char json[] = "{\"text\": \"a\"}\n{\"text\": \"b\"}\n";
	struct stet_sniff s;
	struct stet_error err;

	(void)state;
	assert_int_equal(stet_sniff_buffer(utf8, strlen(utf8), &s, &err),
			 STET_OK);
	assert_string_equal(s.mime, "text/plain");
	assert_string_equal(s.charset, "utf-8");
	assert_false(stet_sniff_is_binary(&s));

	/* A head may end inside a character: still text. */
	assert_int_equal(stet_sniff_buffer(utf8, strlen(utf8) - 4, &s, &err),
			 STET_OK);
	assert_string_equal(s.charset, "utf-8");
	assert_int_equal(stet_sniff_buffer(utf8, 9, &s, &err), STET_OK);
	assert_string_equal(s.charset, "utf-8");

	assert_int_equal(stet_sniff_buffer(latin1, strlen(latin1), &s, &err),
			 STET_OK);
	assert_string_equal(s.charset, "iso-8859-1");
	assert_false(stet_sniff_is_binary(&s));

	assert_int_equal(stet_sniff_buffer(json, strlen(json), &s, &err),
			 STET_OK);
	assert_string_equal(s.charset, "us-ascii");
	assert_false(stet_sniff_is_binary(&s));

	/* libmagic calls nothing at all binary; an empty file is not. */
	assert_int_equal(stet_sniff_buffer("", 0, &s, &err), STET_OK);
	assert_false(stet_sniff_is_binary(&s));
}

static void sniff_input_head(void **state)
{
	char *path = fixture_str("head-latin1.txt",
				 "Le caf\xe9 est tr\xe8s bon, merci.\n"
				 "\xc0 bient\xf4t, ch\xe8re amie.\n");
	struct stet_input *in;
	struct stet_sniff s;
	struct stet_error err;
	const void *head;
	size_t n;

	(void)state;
	in = open_ok(path, NULL);
	head = stet_input_head(in, &n);
	assert_int_equal(stet_sniff_buffer(head, n, &s, &err), STET_OK);
	assert_string_equal(s.charset, "iso-8859-1");
	stet_input_close(in);
	free(path);
}

static void binary_verdicts(void **state)
{
	static const struct {
		const char *mime, *charset;
		bool binary;
	} cases[] = {
		{"application/json", "us-ascii", false},
		{"application/csv", "utf-8", false},
		{"text/csv", "us-ascii", false},
		{"application/octet-stream", "binary", true},
		{"image/png", "binary", true},
		{"text/plain", "", false},
		{"application/x-ndjson", "", false},
		{"application/octet-stream", "", true},
		{"application/x-empty", "binary", false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct stet_sniff s;

		snprintf(s.mime, sizeof s.mime, "%s", cases[i].mime);
		snprintf(s.charset, sizeof s.charset, "%s", cases[i].charset);
		if (stet_sniff_is_binary(&s) != cases[i].binary)
			fail_msg("%s; %s", cases[i].mime, cases[i].charset);
	}
}

static void format_by_extension(void **state)
{
	static const struct {
		const char *name;
		enum stet_format fmt;
	} cases[] = {
		{"a.jsonl", STET_FMT_JSONL},     {"a.ndjson", STET_FMT_JSONL},
		{"dir/a.json", STET_FMT_JSONL},  {"a.csv", STET_FMT_CSV},
		{"A.CSV", STET_FMT_CSV},         {"a.tsv", STET_FMT_TSV},
		{"a.tab", STET_FMT_TSV},         {"a.conll", STET_FMT_CONLL},
		{"x.y.conllu", STET_FMT_CONLL},  {"a.conllx", STET_FMT_CONLL},
		{"a.txt", STET_FMT_TXT},
	};
	static const char jsonl[] = "{\"text\": \"x\"}\n";

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		/* The content says JSONL; the name wins. */
		enum stet_format f = stet_format_detect(cases[i].name, jsonl,
							strlen(jsonl), NULL);

		if (f != cases[i].fmt)
			fail_msg("%s: %s", cases[i].name, stet_format_name(f));
	}
	/* A dot in a directory is no extension. */
	assert_int_equal(stet_format_detect("v1.csv/data", "plain words\n", 12,
					    NULL),
			 STET_FMT_TXT);
}

static void format_by_content(void **state)
{
	static const struct {
		const char *head;
		enum stet_format fmt;
	} cases[] = {
		{"{\"text\": \"a\"}\n{\"text\": \"b\"}\n", STET_FMT_JSONL},
		{"\xef\xbb\xbf\n  {\"text\": \"a\"}\n", STET_FMT_JSONL},
		{"# sent_id = 1\n# text = Hi .\n1\tHi\thi\n2\t.\t.\n\n",
		 STET_FMT_CONLL},
		{"# newdoc id = x\n", STET_FMT_CONLL},
		{"1\tThe\tthe\tDET\n2-3\tdon't\t_\t_\n2\tdo\tdo\tAUX\n"
		 "3.1\tn't\tnot\tPART\n\n1\tOk\tok\tINTJ\n",
		 STET_FMT_CONLL},
		{"-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\n", STET_FMT_CONLL},
		{"EU\tNNP\tB-ORG\nrejects\tVBZ\tO\n\nPeter\tNNP\tB-PER\n",
		 STET_FMT_CONLL},
		{"id\ttext\n1\thello, world\n2\tbye\n", STET_FMT_TSV},
		{"text\tlabel\r\nfine\tpos\r\nbad\tneg", STET_FMT_TSV},
		{"id,text\n1,hello\n2,bye\n", STET_FMT_CSV},
		{"id,text\n1,\"hello, world\"\n2,\"a \"\"quote\"\"\"\n"
		 "3,\"two\nlines, here\"\n",
		 STET_FMT_CSV},
		/* The head cut the last record short. */
		{"a,b,c\n1,2,3\n4,5", STET_FMT_CSV},
		{"Hello there.\nHow are you?\n", STET_FMT_TXT},
		{"Hello, world.\nNo commas here\n", STET_FMT_TXT},
		{"one line, with a comma\n", STET_FMT_TXT},
		{"", STET_FMT_TXT},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum stet_format f = stet_format_detect(
			i % 2 ? "-" : NULL, cases[i].head,
			strlen(cases[i].head), NULL);

		if (f != cases[i].fmt)
			fail_msg("case %zu: %s, not %s", i, stet_format_name(f),
				 stet_format_name(cases[i].fmt));
	}
}

static void format_from_libmagic(void **state)
{
	static const char tsv[] = "a\tb\n1\t2\n";
	static const char csv[] = "name;age\nann;3\n";
	struct stet_sniff s;
	struct stet_error err;

	(void)state;
	snprintf(s.mime, sizeof s.mime, "text/csv");
	snprintf(s.charset, sizeof s.charset, "us-ascii");
	assert_int_equal(stet_format_detect("stdin", csv, strlen(csv), &s),
			 STET_FMT_CSV);
	assert_int_equal(stet_format_detect("stdin", csv, strlen(csv), NULL),
			 STET_FMT_TXT);
	/* What libmagic says about real bytes leads to the same answers. */
	assert_int_equal(stet_sniff_buffer(tsv, strlen(tsv), &s, &err), STET_OK);
	assert_int_equal(stet_format_detect("-", tsv, strlen(tsv), &s),
			 STET_FMT_TSV);
}

static void format_names_round_trip(void **state)
{
	static const enum stet_format all[] = {
		STET_FMT_JSONL, STET_FMT_CSV, STET_FMT_TSV, STET_FMT_TXT,
		STET_FMT_CONLL};

	(void)state;
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		assert_int_equal(stet_format_parse(stet_format_name(all[i])),
				 all[i]);
	assert_string_equal(stet_format_name(STET_FMT_AUTO), "auto");
	assert_string_equal(stet_format_name(STET_FMT_CONLL), "conll");
	assert_int_equal(stet_format_parse("conllu"), STET_FMT_CONLL);
	assert_int_equal(stet_format_parse("text"), STET_FMT_TXT);
	assert_int_equal(stet_format_parse("ndjson"), STET_FMT_JSONL);
	assert_int_equal(stet_format_parse("JSONL"), STET_FMT_JSONL);
	assert_int_equal(stet_format_parse("xlsx"), STET_FMT_AUTO);
	assert_int_equal(stet_format_parse("auto"), STET_FMT_AUTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lf_lines),
		cmocka_unit_test(crlf_lines),
		cmocka_unit_test(last_line_without_newline),
		cmocka_unit_test(bom_is_stripped_at_start_only),
		cmocka_unit_test(invalid_utf8_names_line_and_byte),
		cmocka_unit_test(nul_byte_is_refused),
		cmocka_unit_test(long_lines_are_refused_and_skipped),
		cmocka_unit_test(lines_across_chunks),
		cmocka_unit_test(latin1_is_converted),
		cmocka_unit_test(big_latin1_streams),
		cmocka_unit_test(invalid_input_in_encoding),
		cmocka_unit_test(open_errors),
		cmocka_unit_test(rewind_regular_file),
		cmocka_unit_test(rewind_starts_conversion_afresh),
		cmocka_unit_test(stdin_pipe_keeps_head),
		cmocka_unit_test(fifo_within_head_rewinds),
		cmocka_unit_test(stdin_file_starts_where_it_is),
		cmocka_unit_test(sniff_binary),
		cmocka_unit_test(sniff_text),
		cmocka_unit_test(sniff_input_head),
		cmocka_unit_test(binary_verdicts),
		cmocka_unit_test(format_by_extension),
		cmocka_unit_test(format_by_content),
		cmocka_unit_test(format_from_libmagic),
		cmocka_unit_test(format_names_round_trip),
	};

	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
