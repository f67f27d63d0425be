/* stet import --one-per-file: a folder of documents, one item a file.
 * The files are found first (sorted, hidden ones left out), then read
 * and stored in one write transaction, so that a bad file leaves the
 * project as it was. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import_in.h"
#include "stet/import.h"
#include "stet/input.h"
#include "stet/item.h"

struct doc_file {
	char *path; /* as opened */
	char *id;   /* below the folder given, or the path given */
};

struct docs_ctx {
	const struct stet_import_opts *opts;
	struct stet_import_result *res;
	struct doc_file *v;
	size_t n, cap;
	struct stet_buf found_bad; /* the walk's faults, NUL-separated */
	struct stet_buf found_notes;
	struct stet_buf skipped;   /* per attempt, as the notes below */
	struct stet_buf notes;
	struct stet_buf text;
	struct stet_item_writer writer;
	bool want_tokens; /* the schema has span or token labels */
};

static void add_msg(struct stet_buf *b, const char *fmt, const char *path,
		    const char *why)
{
	char msg[sizeof ((struct stet_error *)0)->msg];

	snprintf(msg, sizeof msg, fmt, path, why);
	stet_buf_add(b, msg, strlen(msg) + 1);
}

static void add_file(struct docs_ctx *dc, const char *path, const char *id)
{
	if (dc->n == dc->cap) {
		dc->cap = dc->cap ? dc->cap * 2 : 64;
		dc->v = stet_xrealloc(dc->v, dc->cap * sizeof *dc->v);
	}
	dc->v[dc->n].path = stet_xstrdup(path);
	dc->v[dc->n].id = stet_xstrdup(id);
	dc->n++;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	char *out;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	out = stet_xmalloc(n + strlen(name) + 2);
	memcpy(out, dir, n);
	out[n] = '/';
	strcpy(out + n + 1, name);
	return out;
}

/* Adds the files below dir, in byte order of their names, a folder's
 * files where its name sorts. Names starting with '.' are left out, as
 * ls leaves them; a link is read when it leads to a file and not
 * followed into a folder, so that no tree is read twice or forever. */
static void walk(struct docs_ctx *dc, const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (d == NULL) {
		add_msg(&dc->found_bad, "%s: %s", dir, strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = stet_xrealloc(names, cap * sizeof *names);
		}
		names[n++] = stet_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char *path = join(dir, names[i]);
		char *id = rel ? join(rel, names[i]) : stet_xstrdup(names[i]);
		struct stat st;

		bool link = false;

		if (lstat(path, &st) != 0) {
			add_msg(&dc->found_bad, "%s: %s", path, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			walk(dc, path, id);
		} else if (S_ISREG(st.st_mode)) {
			add_file(dc, path, id);
		} else if ((link = S_ISLNK(st.st_mode)) && stat(path, &st) != 0) {
			add_msg(&dc->found_notes, "%s: %s", path,
				"a link that leads nowhere, passed over");
		} else if (link && S_ISDIR(st.st_mode)) {
			add_msg(&dc->found_notes, "%s: %s", path,
				"a link to a folder, not followed");
		} else if (link && S_ISREG(st.st_mode)) {
			add_file(dc, path, id);
		} else {
			add_msg(&dc->found_notes, "%s: %s", path,
				"not a regular file, passed over");
		}
		free(path);
		free(id);
		free(names[i]);
	}
	free(names);
}

static void find(struct docs_ctx *dc, char *const *paths, size_t npaths)
{
	for (size_t i = 0; i < npaths; i++) {
		const char *p = paths[i];
		struct stat st;

		if (stat(p, &st) != 0) {
			add_msg(&dc->found_bad, "%s: %s", p, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			walk(dc, p, NULL);
		} else if (S_ISREG(st.st_mode)) {
			/* A file named outright is its own id, as written. */
			while (p[0] == '.' && p[1] == '/')
				p += 2;
			add_file(dc, paths[i], p);
		} else {
			add_msg(&dc->found_bad, "%s: %s", p,
				"not a regular file or a folder");
		}
	}
}

static bool blank_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			return false;
	return true;
}

/* The item of one file: STET_OK, STET_NOTFOUND for a file with nothing
 * to label (said in a note), or STET_ERR with the file and place. */
static int read_doc(struct docs_ctx *dc, const struct doc_file *f,
		    struct stet_item *it, struct stet_error *err)
{
	struct stet_input *in;
	struct stet_sniff sn;
	const void *head;
	const char *line;
	size_t n, len;
	int rc;

	if (stet_input_open(f->path, dc->opts->encoding, &in, err) != STET_OK)
		return STET_ERR;
	head = stet_input_head(in, &n);
	rc = n == 0 ? STET_NOTFOUND : stet_sniff_buffer(head, n, &sn, err);
	if (rc == STET_OK && import_binary(head, n, &sn, dc->opts->encoding))
		rc = stet_error_set(err, STET_ERR,
				    "%s: a binary file (%s), not a document",
				    f->path, sn.mime);
	if (rc == STET_OK && dc->opts->encoding == NULL) {
		rc = import_check_wide(f->path, &sn, err);
		import_charset_hint(in, head, n, &sn);
	}
	stet_buf_reset(&dc->text);
	while (rc == STET_OK &&
	       (rc = stet_input_line(in, &line, &len, err)) == STET_OK) {
		stet_buf_add(&dc->text, line, len);
		stet_buf_addc(&dc->text, '\n');
	}
	stet_input_close(in);
	if (rc == STET_NOTFOUND) {
		/* The file's last line end is not part of its text. */
		while (dc->text.len > 0 && dc->text.data[dc->text.len - 1] == '\n')
			dc->text.len--;
		if (blank_text(dc->text.data, dc->text.len)) {
			add_msg(&dc->notes, "%s: %s", f->path,
				n == 0 ? "empty, no item" :
				"only white space, no item");
			return STET_NOTFOUND;
		}
		it->kind = STET_ITEM_TEXT;
		it->text = stet_xstrndup(dc->text.data, dc->text.len);
		it->ext_id = stet_xstrdup(f->id);
		it->source = stet_xstrdup(f->path);
		it->line = 1;
		return STET_OK;
	}
	return STET_ERR;
}

static int bad(struct docs_ctx *dc, struct stet_error *err)
{
	if (!dc->opts->skip_bad)
		return STET_ERR;
	dc->res->skipped++;
	stet_buf_add(&dc->skipped, err->msg, strlen(err->msg) + 1);
	return STET_OK;
}

static int one(struct docs_ctx *dc, const struct doc_file *f,
	       struct stet_error *err)
{
	struct stet_item it;
	uint64_t existing;
	int rc;

	stet_item_init(&it);
	rc = read_doc(dc, f, &it, err);
	if (rc == STET_OK && (stet_item_normalise(&it, err) != STET_OK ||
			      (dc->want_tokens &&
			       import_tokenize(&it, err) != STET_OK))) {
		stet_error_prefix(err, "%s", f->path);
		rc = STET_ERR;
	}
	if (rc == STET_OK) {
		rc = stet_item_writer_add(&dc->writer, &it, &existing, err);
		if (rc == STET_OK) {
			dc->res->added++;
		} else if (rc == STET_EXISTS) {
			dc->res->duplicates++;
			rc = STET_OK;
		} else if (rc == STET_CONFLICT) {
			stet_error_prefix(err, "%s", f->path);
			rc = STET_ERR;
		} else {
			/* The store's own failure (a full map among them, which
			 * the store answers by running docs_fn again). */
			stet_item_clear(&it);
			return rc;
		}
	}
	stet_item_clear(&it);
	if (rc == STET_NOTFOUND)
		return STET_OK;
	return rc == STET_ERR ? bad(dc, err) : rc;
}

static int want_tokens(struct stet_txn *txn, bool *want,
		       struct stet_error *err)
{
	struct stet_schema schema;
	int rc;

	stet_schema_init(&schema);
	rc = stet_schema_load(txn, &schema, err);
	*want = rc == STET_OK && import_want_tokens(&schema);
	stet_schema_free(&schema);
	return rc;
}

static int docs_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct docs_ctx *dc = ctx;
	struct stet_error e;

	/* A full map runs this again from the start. */
	memset(dc->res, 0, sizeof *dc->res);
	dc->res->format = STET_FMT_TXT;
	stet_buf_reset(&dc->skipped);
	stet_buf_reset(&dc->notes);
	stet_buf_free(&dc->writer.rec);
	for (size_t off = 0; off < dc->found_bad.len;
	     off += strlen(dc->found_bad.data + off) + 1) {
		stet_error_set(&e, STET_ERR, "%s", dc->found_bad.data + off);
		if (bad(dc, &e) != STET_OK) {
			*err = e;
			return STET_ERR;
		}
	}
	if (want_tokens(txn, &dc->want_tokens, err) != STET_OK)
		return STET_ERR;
	if (stet_item_writer_begin(&dc->writer, txn, err) != STET_OK)
		return STET_ERR;
	dc->writer.ids_decide = true;
	for (size_t i = 0; i < dc->n; i++) {
		int rc = one(dc, &dc->v[i], err);

		if (rc != STET_OK)
			return rc;
	}
	return stet_item_writer_end(&dc->writer, err);
}

static void each(const struct stet_buf *b,
		 void (*fn)(void *ctx, const char *msg), void *ctx)
{
	if (fn == NULL)
		return;
	for (size_t off = 0; off < b->len; off += strlen(b->data + off) + 1)
		fn(ctx, b->data + off);
}

int stet_import_documents(struct stet_store *st, char *const *paths,
			  size_t npaths, const struct stet_import_opts *opts,
			  struct stet_import_result *res,
			  struct stet_error *err)
{
	struct docs_ctx dc = {.opts = opts, .res = res};
	int rc;

	memset(res, 0, sizeof *res);
	stet_buf_init(&dc.found_bad);
	stet_buf_init(&dc.found_notes);
	stet_buf_init(&dc.skipped);
	stet_buf_init(&dc.notes);
	stet_buf_init(&dc.text);
	find(&dc, paths, npaths);
	rc = stet_store_write(st, docs_fn, &dc, err);
	if (rc == STET_OK) {
		each(&dc.found_notes, opts->on_note, opts->ctx);
		each(&dc.notes, opts->on_note, opts->ctx);
		each(&dc.skipped, opts->on_skip, opts->ctx);
	}
	for (size_t i = 0; i < dc.n; i++) {
		free(dc.v[i].path);
		free(dc.v[i].id);
	}
	free(dc.v);
	stet_buf_free(&dc.found_bad);
	stet_buf_free(&dc.found_notes);
	stet_buf_free(&dc.skipped);
	stet_buf_free(&dc.notes);
	stet_buf_free(&dc.text);
	stet_buf_free(&dc.writer.rec);
	return rc == STET_OK ? STET_OK : STET_ERR;
}
