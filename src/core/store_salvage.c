/* Reading what is left of a damaged project file, for stet salvage.
 * LMDB does not checksum its pages: a damaged page can send a read
 * outside the map (SIGBUS, SIGSEGV) or down a wrong branch. So every
 * walk runs in a child process of its own, which opens the file afresh
 * (an environment is never used across fork), reads records in key
 * order and hands them to the parent through a pipe. A child that dies
 * costs the records of the pages it could not read; the parent starts
 * another after the last record it got. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stet/buf.h"
#include "store_in.h"

/* The databases keyed by an id (8 bytes, big-endian) that stet hands
 * out one after another and never deletes: each id is looked up on
 * its own, so that a page that lies about its keys costs only the
 * records it holds. The rest are walked with a cursor, and backward
 * from their end down to a fault. */
static const bool by_id[STET_DB_COUNT] = {
	[STET_DB_ITEMS] = true,
	[STET_DB_SESSIONS] = true,
	[STET_DB_EVENTS] = true,
};

/* A record bigger than this is a damaged size, not a record. */
#define MAX_RECORD ((size_t)1 << 28)
/* Readers started for one database before the rest is given up. */
#define MAX_CHILDREN 2048
/* Ids are looked for this far past a fault, and no farther: a gap
 * wider than this in a log of events is taken for its end. */
#define MAX_GAP ((uint64_t)1 << 32)
/* Ids missing one after another past the last found (and past the
 * count the file gives) that end a database of ids. */
#define END_GAP 1024
/* A child that sends nothing for this long is taken to be lost in a
 * damaged tree (a safety net: a healthy child sends records at once). */
#define STALL_MS 30000

/* What a child says, one byte and its fields. */
enum {
	F_RECORD = 'R', /* u32 klen, u32 vlen, key, value */
	F_COUNT = 'C',  /* u64: the entries the file says the database has */
	F_MISSING = 'M', /* u64: an id looked up and not there */
	F_END = 'E',    /* no more records (or the limit reached) */
	F_NODB = 'N',   /* the file has no such database */
	F_FAIL = 'F',   /* i32: LMDB found the tree inconsistent */
	F_OPEN = 'O'    /* i32: LMDB could not open the file */
};

enum walk_dir { FORWARD, BACKWARD, IDS };

struct walk {
	enum walk_dir dir;
	const void *from; /* FORWARD: first key >= from (NULL: the first);
			   * BACKWARD: stop at a key <= from */
	size_t fromlen;
	bool after;       /* FORWARD: skip a key equal to from */
	uint64_t limit;   /* FORWARD: records at most; IDS: ids looked up
			   * at most; 0: no limit */
	uint64_t id;      /* IDS: the first id looked up */
};

/* ---- the child ---- */

static void put_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(3);
		c += w;
		n -= (size_t)w;
	}
}

static void put_frame(int fd, char tag, int32_t code)
{
	char b[5];

	b[0] = tag;
	memcpy(b + 1, &code, 4);
	put_all(fd, b, tag == F_FAIL || tag == F_OPEN ? 5 : 1);
	_exit(0);
}

static void put_record(int fd, const MDB_val *k, const MDB_val *v)
{
	char h[9];
	uint32_t kl = (uint32_t)k->mv_size, vl = (uint32_t)v->mv_size;

	h[0] = F_RECORD;
	memcpy(h + 1, &kl, 4);
	memcpy(h + 5, &vl, 4);
	put_all(fd, h, sizeof h);
	put_all(fd, k->mv_data, k->mv_size);
	put_all(fd, v->mv_data, v->mv_size);
}

/* Looks up ids one by one from w->id: each found is sent, each missing
 * said, until END_GAP go missing in a row past the last found and past
 * the file's count, or w->limit have been looked up. */
static __attribute__((noreturn)) void child_ids(MDB_txn *txn, MDB_dbi dbi,
						const struct walk *w,
						uint64_t entries, int fd)
{
	uint64_t miss = 0;

	for (uint64_t id = w->id, n = 0;; id++) {
		unsigned char key[8];
		MDB_val k = {8, key}, v;
		int rc;

		if (w->limit != 0 && n++ == w->limit)
			put_frame(fd, F_END, 0);
		stet_u64be(key, id);
		rc = mdb_get(txn, dbi, &k, &v);
		if (rc == MDB_NOTFOUND) {
			char m[9];

			m[0] = F_MISSING;
			memcpy(m + 1, &id, 8);
			put_all(fd, m, sizeof m);
			if (++miss >= END_GAP && id > entries)
				put_frame(fd, F_END, 0);
			continue;
		}
		if (rc != 0)
			put_frame(fd, F_FAIL, rc);
		if (v.mv_size > MAX_RECORD)
			put_frame(fd, F_FAIL, MDB_CORRUPTED);
		miss = 0;
		put_record(fd, &k, &v);
		if (id == UINT64_MAX)
			put_frame(fd, F_END, 0);
	}
}

static __attribute__((noreturn)) void child(const char *path, const char *db,
					    const struct walk *w, int fd)
{
	MDB_env *env;
	MDB_txn *txn = NULL;
	MDB_dbi dbi;
	MDB_cursor *cur = NULL;
	MDB_val k, v, prev = {0, NULL};
	char *prevbuf = NULL;
	uint64_t n = 0, entries = 0;
	int rc, op;

	/* A damaged page ends the child by a signal: no report, no core. */
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);
	rc = mdb_env_create(&env);
	if (rc == 0)
		rc = mdb_env_set_maxdbs(env, STET_DB_COUNT);
	if (rc == 0)
		rc = mdb_env_open(env, path, MDB_NOSUBDIR | MDB_RDONLY |
				  MDB_NOLOCK | MDB_NOTLS, 0664);
	if (rc == 0)
		rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
	if (rc != 0)
		put_frame(fd, F_OPEN, rc);
	rc = mdb_dbi_open(txn, db, 0, &dbi);
	if (rc == MDB_NOTFOUND)
		put_frame(fd, F_NODB, 0);
	if (rc == 0) {
		MDB_stat ms;
		char c[9];

		rc = mdb_stat(txn, dbi, &ms);
		entries = rc == 0 ? (uint64_t)ms.ms_entries : 0;
		c[0] = F_COUNT;
		memcpy(c + 1, &entries, 8);
		if (rc == 0)
			put_all(fd, c, sizeof c);
	}
	if (rc == 0)
		rc = mdb_cursor_open(txn, dbi, &cur);
	if (rc != 0)
		put_frame(fd, F_FAIL, rc);
	if (w->dir == IDS)
		child_ids(txn, dbi, w, entries, fd);
	k.mv_size = w->fromlen;
	k.mv_data = (void *)w->from;
	if (w->dir == BACKWARD)
		op = MDB_LAST;
	else
		op = w->from == NULL ? MDB_FIRST : MDB_SET_RANGE;
	for (;;) {
		rc = mdb_cursor_get(cur, &k, &v, op);
		if (rc == MDB_NOTFOUND)
			put_frame(fd, F_END, 0);
		if (rc != 0)
			put_frame(fd, F_FAIL, rc);
		op = w->dir == BACKWARD ? MDB_PREV : MDB_NEXT;
		if (w->dir == FORWARD && w->after && n == 0 &&
		    k.mv_size == w->fromlen &&
		    memcmp(k.mv_data, w->from, k.mv_size) == 0)
			continue;
		/* A seek that lands before its key went down a wrong page. */
		if (w->dir == FORWARD && w->from != NULL && n == 0 &&
		    mdb_cmp(txn, dbi, &k, &(MDB_val){w->fromlen,
						   (void *)w->from}) < 0)
			put_frame(fd, F_FAIL, MDB_CORRUPTED);
		if (w->dir == BACKWARD && w->from != NULL &&
		    mdb_cmp(txn, dbi, &k, &(MDB_val){w->fromlen,
						   (void *)w->from}) <= 0)
			put_frame(fd, F_END, 0);
		/* Keys out of order, or a size no record has, are a page
		 * that lies: what it says is not read. */
		if (k.mv_size > MAX_RECORD || v.mv_size > MAX_RECORD ||
		    (prev.mv_data != NULL &&
		     (mdb_cmp(txn, dbi, &k, &prev) > 0) != (w->dir == FORWARD)))
			put_frame(fd, F_FAIL, MDB_CORRUPTED);
		put_record(fd, &k, &v);
		free(prevbuf);
		prevbuf = malloc(k.mv_size ? k.mv_size : 1);
		if (prevbuf == NULL)
			_exit(3);
		memcpy(prevbuf, k.mv_data, k.mv_size);
		prev.mv_size = k.mv_size;
		prev.mv_data = prevbuf;
		if (++n == w->limit)
			put_frame(fd, F_END, 0);
	}
}

/* ---- the parent ---- */

enum outcome { O_END, O_NODB, O_FAIL, O_OPEN, O_CRASH };

struct run {
	struct stet_buf in;   /* bytes read, not yet taken */
	size_t used;
	uint64_t got;         /* records in this run */
	struct stet_buf last; /* the last key of this run */
	int code;             /* F_FAIL, F_OPEN: LMDB's */
	uint64_t entries;     /* F_COUNT's */
	bool counted;
	uint64_t next;        /* IDS: the id after the last looked up */
	uint64_t found;       /* IDS: ids found or missing: no fault */
};

typedef int (*record_fn)(const void *k, size_t kl, const void *v,
			 size_t vl, void *ctx, struct stet_error *err);

/* Takes the whole frames in r->in; *done when an end frame came. */
static int take(struct run *r, record_fn fn, void *ctx, enum outcome *out,
		bool *done, struct stet_error *err)
{
	while (r->in.len - r->used >= 1) {
		const char *p = r->in.data + r->used;
		size_t have = r->in.len - r->used;
		uint32_t kl, vl;

		if (p[0] == F_END || p[0] == F_NODB) {
			*out = p[0] == F_END ? O_END : O_NODB;
			*done = true;
			return STET_OK;
		}
		if (p[0] == F_FAIL || p[0] == F_OPEN) {
			if (have < 5)
				return STET_OK;
			memcpy(&r->code, p + 1, 4);
			*out = p[0] == F_FAIL ? O_FAIL : O_OPEN;
			*done = true;
			return STET_OK;
		}
		if (have < 9)
			return STET_OK;
		if (p[0] == F_COUNT) {
			memcpy(&r->entries, p + 1, 8);
			r->counted = true;
			r->used += 9;
			continue;
		}
		if (p[0] == F_MISSING) {
			uint64_t id;

			memcpy(&id, p + 1, 8);
			r->next = id + 1;
			r->found++;
			r->used += 9;
			continue;
		}
		memcpy(&kl, p + 1, 4);
		memcpy(&vl, p + 5, 4);
		if (have < 9 + (size_t)kl + vl)
			return STET_OK;
		if (fn != NULL) {
			int rc = fn(p + 9, kl, p + 9 + kl, vl, ctx, err);

			/* STET_MAPFULL too: the caller's write is redone. */
			if (rc != STET_OK)
				return rc;
		}
		r->last.len = 0;
		stet_buf_add(&r->last, p + 9, kl);
		if (kl == 8)
			r->next = stet_get_u64be((const unsigned char *)p + 9) + 1;
		r->got++;
		r->found++;
		r->used += 9 + (size_t)kl + vl;
	}
	return STET_OK;
}

/* Runs one child over w; fn gets each record it sends (NULL: counted
 * only). *out says how it ended. */
static int run_child(const char *path, const char *db, const struct walk *w,
		     record_fn fn, void *ctx, struct run *r,
		     enum outcome *out, struct stet_error *err)
{
	int p[2], status, rc = STET_OK;
	bool done = false;
	pid_t pid;

	r->got = 0;
	r->found = 0;
	r->next = w->id;
	r->counted = false;
	r->in.len = 0;
	r->used = 0;
	r->last.len = 0;
	*out = O_CRASH;
	if (pipe2(p, O_CLOEXEC) != 0)
		return stet_error_set(err, STET_ERR, "salvage: pipe: %s",
				      strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return stet_error_set(err, STET_ERR, "salvage: fork: %s",
				      strerror(errno));
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		close(p[0]);
		if (null >= 0)
			dup2(null, 2);
		child(path, db, w, p[1]);
	}
	close(p[1]);
	while (!done && rc == STET_OK) {
		struct pollfd pf = {.fd = p[0], .events = POLLIN};
		char buf[65536];
		ssize_t n;

		if (poll(&pf, 1, STALL_MS) == 0)
			break;
		n = read(p[0], buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		stet_buf_add(&r->in, buf, (size_t)n);
		rc = take(r, fn, ctx, out, &done, err);
		if (r->used > (1u << 20)) {
			memmove(r->in.data, r->in.data + r->used,
				r->in.len - r->used);
			r->in.len -= r->used;
			r->used = 0;
		}
	}
	close(p[0]);
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return rc;
}

/* After the lookup of id `bad` failed, finds the first id after it
 * whose lookup does not: ids ahead at growing distances until one
 * reads (or is plainly missing), then back by halves to the nearest.
 * *found false when none does within MAX_GAP (the rest is lost). */
static int ids_past(const char *path, const char *db, uint64_t bad,
		    struct run *r, unsigned *children, uint64_t *next,
		    bool *found, struct stet_error *err)
{
	uint64_t lo = bad, hi, step = 1;
	enum outcome out;

	*found = false;
	for (;;) {
		struct walk w = {IDS, NULL, 0, false, 1, bad + step};

		if (step > MAX_GAP || bad + step < bad ||
		    ++*children > MAX_CHILDREN)
			return STET_OK;
		if (run_child(path, db, &w, NULL, NULL, r, &out, err) != STET_OK)
			return STET_ERR;
		if (r->found > 0) {
			hi = bad + step;
			break;
		}
		lo = bad + step;
		step *= 2;
	}
	while (hi - lo > 1 && *children < MAX_CHILDREN) {
		struct walk w = {IDS, NULL, 0, false, 1, lo + (hi - lo) / 2};

		++*children;
		if (run_child(path, db, &w, NULL, NULL, r, &out, err) != STET_OK)
			return STET_ERR;
		if (r->found > 0)
			hi = w.id;
		else
			lo = w.id;
	}
	*next = hi;
	*found = true;
	return STET_OK;
}

static void note_count(const struct run *r, struct stet_salvage_read *res)
{
	if (r->counted && !res->counted) {
		res->counted = true;
		res->entries = r->entries;
	}
}

/* A database of ids, id by id from 1, past each fault. */
static int salvage_ids(const char *path, const char *db, stet_salvage_fn fn,
		       void *ctx, struct run *r,
		       struct stet_salvage_read *res, struct stet_error *err)
{
	unsigned children = 0;
	uint64_t id = 1;
	enum outcome out;
	int rc;

	for (;;) {
		struct walk w = {IDS, NULL, 0, false, 0, id};
		bool found;

		if (++children > MAX_CHILDREN) {
			res->faults++;
			return STET_OK;
		}
		rc = run_child(path, db, &w, fn, ctx, r, &out, err);
		if (rc != STET_OK)
			return rc;
		res->records += r->got;
		note_count(r, res);
		if (out == O_END)
			return STET_OK;
		if (out == O_NODB) {
			res->missing = true;
			return STET_OK;
		}
		if (out == O_OPEN)
			return stet_error_set(err, STET_ERR,
					      "%s: cannot be read: %s", path,
					      mdb_strerror(r->code));
		res->faults++;
		rc = ids_past(path, db, r->next, r, &children, &id, &found,
			      err);
		if (rc != STET_OK || !found)
			return rc;
	}
}

/* Records read backward, handed on in key order at the end. */
struct backward {
	struct stet_buf recs; /* u32 klen, u32 vlen, key, value; reversed */
	size_t *at;
	size_t n, cap;
};

static int keep_backward(const void *k, size_t kl, const void *v, size_t vl,
			 void *ctx, struct stet_error *err)
{
	struct backward *b = ctx;
	uint32_t l[2] = {(uint32_t)kl, (uint32_t)vl};

	(void)err;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->at = stet_xrealloc(b->at, b->cap * sizeof *b->at);
	}
	b->at[b->n++] = b->recs.len;
	stet_buf_add(&b->recs, l, sizeof l);
	stet_buf_add(&b->recs, k, kl);
	stet_buf_add(&b->recs, v, vl);
	return STET_OK;
}

int stet_store_salvage(const char *path, enum stet_db db,
		       stet_salvage_fn fn, void *ctx,
		       struct stet_salvage_read *res, struct stet_error *err)
{
	struct run r;
	struct stet_buf from;
	struct backward b = {0};
	struct walk w = {FORWARD, NULL, 0, false, 0, 0};
	enum outcome out;
	int rc = STET_OK;

	memset(res, 0, sizeof *res);
	memset(&r, 0, sizeof r);
	stet_buf_init(&r.in);
	stet_buf_init(&r.last);
	stet_buf_init(&from);
	stet_buf_init(&b.recs);
	if (by_id[db]) {
		rc = salvage_ids(path, store_db_names[db], fn, ctx, &r, res, err);
		goto leave;
	}
	rc = run_child(path, store_db_names[db], &w, fn, ctx, &r, &out, err);
	if (rc != STET_OK)
		goto leave;
	res->records += r.got;
	note_count(&r, res);
	if (out == O_NODB)
		res->missing = true;
	if (out == O_OPEN)
		rc = stet_error_set(err, STET_ERR, "%s: cannot be read: %s",
				    path, mdb_strerror(r.code));
	if (out == O_END || out == O_NODB || out == O_OPEN)
		goto leave;
	res->faults++;
	/* No next key to guess: what lies after the fault is read from
	 * the end backward, down to the last key read. */
	stet_buf_add(&from, r.last.data, r.last.len);
	w = (struct walk){BACKWARD, r.got ? from.data : NULL, from.len, false,
			  0, 0};
	rc = run_child(path, store_db_names[db], &w, keep_backward, &b, &r, &out, err);
	if (rc == STET_OK && out != O_END)
		res->faults++;
	for (size_t i = b.n; rc == STET_OK && i-- > 0;) {
		const char *p = b.recs.data + b.at[i];
		uint32_t l[2];

		memcpy(l, p, sizeof l);
		rc = fn(p + 8, l[0], p + 8 + l[0], l[1], ctx, err);
		res->records++;
	}
leave:
	res->whole = rc == STET_OK && res->faults == 0 && !res->missing;
	stet_buf_free(&r.in);
	stet_buf_free(&r.last);
	stet_buf_free(&from);
	stet_buf_free(&b.recs);
	free(b.at);
	return rc;
}
