#include <string.h>

#include "stet/reader.h"

int stet_reader_bad(const struct stet_reader_cb *cb, struct stet_error *bad,
		    struct stet_error *err)
{
	int rc = cb->bad ? cb->bad(cb->ctx, bad) : STET_ERR;

	if (rc != 0 && err != bad) {
		err->status = bad->status;
		memcpy(err->msg, bad->msg, sizeof err->msg);
	}
	return rc;
}

int stet_reader_line(struct stet_input *in, const struct stet_reader_cb *cb,
		     const char **line, size_t *len, bool *skipped,
		     struct stet_error *err)
{
	struct stet_error bad;
	int rc;

	if (skipped != NULL)
		*skipped = false;
	while ((rc = stet_input_line(in, line, len, &bad)) != STET_OK) {
		if (rc == STET_NOTFOUND)
			return rc;
		rc = stet_reader_bad(cb, &bad, err);
		if (rc != 0)
			return rc;
		if (skipped != NULL)
			*skipped = true;
	}
	return STET_OK;
}

int stet_read_items(struct stet_input *in, enum stet_format fmt,
		    const struct stet_read_opts *opts,
		    const struct stet_reader_cb *cb, struct stet_error *err)
{
	switch (fmt) {
	case STET_FMT_JSONL:
		return stet_read_jsonl(in, opts, cb, err);
	case STET_FMT_CSV:
		return stet_read_csv(in, ',', opts, cb, err);
	case STET_FMT_TSV:
		return stet_read_csv(in, '\t', opts, cb, err);
	case STET_FMT_TXT:
		return stet_read_txt(in, opts, cb, err);
	case STET_FMT_CONLL:
		return stet_read_conll(in, opts, cb, err);
	case STET_FMT_AUTO:
		break;
	}
	return stet_error_set(err, STET_ERR, "%s: no format chosen",
			      stet_input_name(in));
}
