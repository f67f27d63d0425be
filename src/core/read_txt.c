/* Plain text: one item a line, or with paragraphs one item per run of
 * non-blank lines (joined with LF). Blank lines are never items. */
#include <string.h>

#include "stet/reader.h"

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' &&
		    s[i] != '\v')
			return false;
	return true;
}

static int emit(const struct stet_reader_cb *cb, struct stet_input *in,
		struct stet_buf *text, uint64_t line, struct stet_error *err)
{
	struct stet_item it;
	int rc;

	stet_item_init(&it);
	it.kind = STET_ITEM_TEXT;
	it.text = stet_buf_take(text);
	it.source = stet_xstrdup(stet_input_name(in));
	it.line = line;
	rc = cb->item(cb->ctx, &it, err);
	stet_item_clear(&it);
	return rc;
}

int stet_read_txt(struct stet_input *in, const struct stet_read_opts *opts,
		  const struct stet_reader_cb *cb, struct stet_error *err)
{
	struct stet_buf para;
	const char *line;
	size_t len;
	uint64_t start = 0;
	int rc;

	stet_buf_init(&para);
	for (;;) {
		rc = stet_reader_line(in, cb, &line, &len, NULL, err);
		if (rc == STET_NOTFOUND)
			break;
		if (rc != STET_OK)
			goto leave;
		if (blank(line, len)) {
			if (para.len > 0) {
				rc = emit(cb, in, &para, start, err);
				if (rc != 0)
					goto leave;
			}
			continue;
		}
		if (!opts->paragraphs) {
			stet_buf_add(&para, line, len);
			rc = emit(cb, in, &para, stet_input_lineno(in), err);
			if (rc != 0)
				goto leave;
			continue;
		}
		if (para.len == 0)
			start = stet_input_lineno(in);
		else
			stet_buf_addc(&para, '\n');
		stet_buf_add(&para, line, len);
	}
	rc = para.len > 0 ? emit(cb, in, &para, start, err) : STET_OK;
leave:
	stet_buf_free(&para);
	return rc;
}
