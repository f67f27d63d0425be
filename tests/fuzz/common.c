#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "stet/import.h"
#include "stet/input.h"
#include "stet/item.h"
#include "stet/project.h"
#include "stet/schema.h"
#include "stet/verify.h"

static char dir[256];
static char path[512];

static int remove_one(const char *p, const struct stat *sb, int flag,
		      struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(p);
	return 0;
}

static void dir_remove(void)
{
	nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

static void fail(const char *what, const char *where)
{
	fprintf(stderr, "fuzz: %s %s: %s\n", what, where, strerror(errno));
	abort();
}

const char *fuzz_dir(void)
{
	const char *base = getenv("TMPDIR");

	if (dir[0] != '\0')
		return dir;
	if (base == NULL || *base == '\0')
		base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof dir, "%s/stet-fuzz.XXXXXX", base);
	if (mkdtemp(dir) == NULL)
		fail("cannot make a directory in", base);
	atexit(dir_remove);
	return dir;
}

const char *fuzz_file(const char *name, const void *data, size_t size)
{
	int fd;

	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		fail("cannot write", path);
	for (size_t done = 0; done < size;) {
		ssize_t w = write(fd, (const char *)data + done, size - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			fail("cannot write", path);
		done += (size_t)w;
	}
	if (close(fd) != 0)
		fail("cannot write", path);
	return path;
}

static struct stet_store *project_at(const char *file, const char *schema)
{
	char p[512];
	struct stet_schema s;
	struct stet_store *st;
	struct stet_error err;

	snprintf(p, sizeof p, "%s/%s", fuzz_dir(), file);
	stet_schema_init(&s);
	if (stet_schema_parse(&s, schema, strlen(schema), "schema", &err) !=
	    STET_OK ||
	    stet_project_create(p, &s, "lead", &st, &err) != STET_OK) {
		fprintf(stderr, "fuzz: %s\n", err.msg);
		abort();
	}
	stet_schema_free(&s);
	return st;
}

/* Opening an LMDB environment costs more than a whole import under
 * AddressSanitizer (megabytes of tables mapped and poisoned), so each
 * schema's project is made once, its every record kept, and put back
 * as it was, in one transaction, before each run. */
struct entry {
	enum stet_db db;
	void *key, *val;
	size_t klen, vlen;
};

struct kept_project {
	const char *schema;
	struct stet_store *st;
	struct entry *v;
	size_t n;
};

static struct kept_project projects[4];
static size_t nprojects;

static void *copy(const void *p, size_t n)
{
	void *c = malloc(n ? n : 1);

	if (c == NULL)
		abort();
	memcpy(c, p, n);
	return c;
}

static void snapshot(struct kept_project *kp)
{
	struct stet_txn *txn;
	struct stet_cursor *c;
	struct stet_error err;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (stet_txn_begin_read(kp->st, &txn, &err) != STET_OK)
		goto fail;
	for (int db = 0; db < STET_DB_COUNT; db++) {
		if (stet_cursor_open(txn, (enum stet_db)db, &c, &err) != STET_OK)
			goto fail;
		for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, &err);
		     rc == STET_OK;
		     rc = stet_cursor_next(c, &k, &kl, &v, &vl, &err)) {
			kp->v = realloc(kp->v, (kp->n + 1) * sizeof *kp->v);
			if (kp->v == NULL)
				abort();
			kp->v[kp->n++] = (struct entry){(enum stet_db)db,
				copy(k, kl), copy(v, vl), kl, vl};
		}
		stet_cursor_close(c);
		if (rc != STET_NOTFOUND)
			goto fail;
	}
	stet_txn_end(txn);
	return;
fail:
	fprintf(stderr, "fuzz: snapshot: %s\n", err.msg);
	abort();
}

static int restore_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	const struct kept_project *kp = ctx;

	for (int db = 0; db < STET_DB_COUNT; db++) {
		struct stet_cursor *c;
		const void *k, *v;
		size_t kl, vl;
		int rc;

		/* The first key, deleted, until there is none. */
		do {
			void *key = NULL;

			if (stet_cursor_open(txn, (enum stet_db)db, &c, err) !=
			    STET_OK)
				return STET_ERR;
			rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
			if (rc == STET_OK)
				key = copy(k, kl);
			stet_cursor_close(c);
			if (rc == STET_OK)
				rc = stet_del(txn, (enum stet_db)db, key, kl, err);
			free(key);
		} while (rc == STET_OK);
		if (rc != STET_NOTFOUND)
			return rc;
	}
	for (size_t i = 0; i < kp->n; i++)
		if (stet_put(txn, kp->v[i].db, kp->v[i].key, kp->v[i].klen,
			     kp->v[i].val, kp->v[i].vlen, 0, err) != STET_OK)
			return STET_ERR;
	return STET_OK;
}

static void projects_close(void)
{
	for (size_t i = 0; i < nprojects; i++) {
		stet_store_discard(projects[i].st);
		for (size_t j = 0; j < projects[i].n; j++) {
			free(projects[i].v[j].key);
			free(projects[i].v[j].val);
		}
		free(projects[i].v);
	}
	nprojects = 0;
}

struct stet_store *fuzz_project(const char *schema)
{
	struct kept_project *kp;
	struct stet_error err;
	char name[32];

	for (size_t i = 0; i < nprojects; i++) {
		kp = &projects[i];
		if (strcmp(kp->schema, schema) != 0)
			continue;
		if (stet_store_write(kp->st, restore_fn, kp, &err) != STET_OK) {
			fprintf(stderr, "fuzz: restore: %s\n", err.msg);
			abort();
		}
		return kp->st;
	}
	if (nprojects == sizeof projects / sizeof projects[0])
		abort();
	if (nprojects == 0)
		atexit(projects_close);
	kp = &projects[nprojects];
	snprintf(name, sizeof name, "project%zu.stet", nprojects++);
	*kp = (struct kept_project){schema, project_at(name, schema), NULL, 0};
	snapshot(kp);
	return kp->st;
}

void fuzz_verify(struct stet_store *st)
{
	struct stet_verify_report rep;
	struct stet_error err;

	if (stet_verify(st, 1, &rep, &err) != STET_OK) {
		fprintf(stderr, "fuzz: verify: %s\n", err.msg);
		abort();
	}
	if (rep.total > 0) {
		fprintf(stderr, "fuzz: verify: %llu faults: %s\n",
			(unsigned long long)rep.total,
			rep.nfindings > 0 ? rep.findings[0].msg : "");
		abort();
	}
	stet_verify_report_free(&rep);
}

void fuzz_project_drop(struct stet_store *st)
{
	/* Kept for the next run, which puts its records back. */
	(void)st;
}

void fuzz_split(const uint8_t *data, size_t size, const uint8_t **a,
		size_t *alen, const uint8_t **b, size_t *blen)
{
	static const char mark[] = "----\n";
	const size_t m = sizeof mark - 1;

	for (size_t i = 0; i + m <= size; i++) {
		if ((i == 0 || data[i - 1] == '\n') &&
		    memcmp(data + i, mark, m) == 0) {
			*a = data;
			*alen = i;
			*b = data + i + m;
			*blen = size - i - m;
			return;
		}
	}
	*a = data;
	*alen = 0;
	*b = data;
	*blen = size;
}

static int on_bad(void *ctx, const struct stet_error *bad)
{
	(void)ctx;
	(void)bad;
	return 0;
}

static int on_item(void *ctx, struct stet_item *it, struct stet_error *err)
{
	struct stet_buf a, b;
	struct stet_item back;

	(void)ctx;
	if (stet_item_normalise(it, err) != STET_OK)
		return 0;
	stet_buf_init(&a);
	stet_buf_init(&b);
	stet_item_init(&back);
	stet_item_encode(it, &a);
	if (stet_item_decode(a.data, a.len, &back, err) != STET_OK) {
		fprintf(stderr, "fuzz: an item's record does not decode: %s\n",
			err->msg);
		abort();
	}
	stet_item_encode(&back, &b);
	if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
		fprintf(stderr, "fuzz: an item's record reads back otherwise\n");
		abort();
	}
	stet_item_clear(&back);
	stet_buf_free(&a);
	stet_buf_free(&b);
	return 0;
}

void fuzz_items(const uint8_t *data, size_t size, enum stet_format fmt,
		const struct stet_read_opts *opts, const char *encoding)
{
	static const struct stet_read_opts none;
	struct stet_reader_cb cb = {on_item, on_bad, NULL};
	struct stet_input *in;
	struct stet_error err;

	if (stet_input_open(fuzz_file("corpus", data, size), encoding, &in,
			    &err) != STET_OK)
		return;
	stet_read_items(in, fmt, opts ? opts : &none, &cb, &err);
	stet_input_close(in);
}

static void on_note(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

void fuzz_annotations(const uint8_t *data, size_t size, const char *name,
		      const struct stet_annot_opts *opts, const char *schema)
{
	struct stet_annot_opts o = *opts;
	struct stet_annot_result res;
	struct stet_error err;
	struct stet_store *st = fuzz_project(schema);
	char p[512];

	o.on_note = on_note;
	snprintf(p, sizeof p, "%s", fuzz_file(name, data, size));
	/* Twice: a file imported again meets its own sessions, items and
	 * labels in the project. */
	if (stet_annotations_import(st, p, &o, &res, &err) == STET_OK)
		stet_annotations_import(st, p, &o, &res, &err);
	fuzz_verify(st);
	fuzz_project_drop(st);
}

static struct stet_store *kept;

static void kept_close(void)
{
	stet_store_discard(kept);
	kept = NULL;
}

struct record {
	enum stet_db db;
	const void *key;
	size_t klen;
	const uint8_t *data;
	size_t size;
	void (*read)(struct stet_txn *txn, void *ctx);
	void *ctx;
};

static int record_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct record *r = ctx;

	if (stet_put(txn, r->db, r->key, r->klen, r->data, r->size, 0, err) !=
	    STET_OK) {
		fprintf(stderr, "fuzz: %s\n", err->msg);
		abort();
	}
	r->read(txn, r->ctx);
	return STET_STOP;
}

void fuzz_record(enum stet_db db, const void *key, size_t klen,
		 const uint8_t *data, size_t size,
		 void (*read)(struct stet_txn *txn, void *ctx), void *ctx)
{
	struct record r = {db, key, klen, data, size, read, ctx};
	struct stet_error err;

	if (kept == NULL) {
		kept = project_at("records.stet", FUZZ_SCHEMA);
		atexit(kept_close);
	}
	stet_store_write(kept, record_fn, &r, &err);
}
