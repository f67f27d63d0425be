#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stet/buf.h"
#include "store_in.h"

/* Sparse on every filesystem LMDB supports: the file grows only as pages
 * are used, so a generous first map costs nothing. $STET_MAPSIZE sets it
 * (tests use a tiny one to exercise growth). */
#define DEFAULT_MAPSIZE ((size_t)1 << 30)
#define MAX_RETRIES 40

const char *const store_db_names[STET_DB_COUNT] = {
	[STET_DB_META] = "meta",
	[STET_DB_ITEMS] = "items",
	[STET_DB_ITEM_BY_EXT] = "item_by_ext",
	[STET_DB_ITEM_BY_HASH] = "item_by_hash",
	[STET_DB_ANNOTATORS] = "annotators",
	[STET_DB_SESSIONS] = "sessions",
	[STET_DB_EVENTS] = "events",
	[STET_DB_CURRENT] = "current",
	[STET_DB_SKIPS] = "skips",
	[STET_DB_GOLD] = "gold",
	[STET_DB_FINAL] = "final",
	[STET_DB_PENDING] = "pending",
	[STET_DB_LEASES] = "leases",
	[STET_DB_MODELS] = "models",
	[STET_DB_PREDICTIONS] = "predictions",
	[STET_DB_ROUTES] = "routes",
	[STET_DB_LEARNERS] = "learners",
	[STET_DB_WEIGHTS] = "weights",
	[STET_DB_SPANS] = "spans",
	[STET_DB_SPAN_FINAL] = "span_final",
};

/* The format that introduced each database: an older project lacks it
 * until its migration, which needs the database open to fill it. */
static const int db_since[STET_DB_COUNT] = {
	[STET_DB_SKIPS] = 3,
	[STET_DB_GOLD] = 4, [STET_DB_FINAL] = 4, [STET_DB_PENDING] = 4,
	[STET_DB_LEASES] = 4,
	[STET_DB_MODELS] = 7, [STET_DB_PREDICTIONS] = 7,
	[STET_DB_ROUTES] = 8,
	[STET_DB_LEARNERS] = 9, [STET_DB_WEIGHTS] = 9,
	[STET_DB_SPANS] = 10, [STET_DB_SPAN_FINAL] = 10,
};

struct stet_cursor {
	MDB_cursor *cur;
	struct stet_store *st;
};

/* LMDB's codes for a file whose pages contradict each other. */
static bool damage_code(int rc)
{
	return rc == MDB_CORRUPTED || rc == MDB_PAGE_NOTFOUND ||
	       rc == MDB_BAD_TXN || rc == MDB_CURSOR_FULL;
}

static int lmdb_fail(struct stet_store *st, int rc, const char *what,
		     struct stet_error *err)
{
	if (rc == MDB_MAP_FULL)
		return stet_error_set(err, STET_MAPFULL, "%s: %s: map full",
				      st->path, what);
	if (rc == ENOSPC)
		return stet_error_set(err, STET_ERR,
			"%s: %s: no space left on device; nothing was written",
			st->path, what);
	if (rc == EFBIG)
		return stet_error_set(err, STET_ERR,
			"%s: %s: file too large for this system's limit; nothing was written",
			st->path, what);
	if (damage_code(rc))
		return stet_error_set(err, STET_ERR, "%s is damaged (%s: %s)",
				      st->path, what, mdb_strerror(rc));
	return stet_error_set(err, STET_ERR, "%s: %s: %s", st->path, what,
			      mdb_strerror(rc));
}

static size_t initial_mapsize(void)
{
	const char *s = getenv("STET_MAPSIZE");
	char *end;
	unsigned long long v;

	if (s == NULL || *s == '\0')
		return DEFAULT_MAPSIZE;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 65536)
		return DEFAULT_MAPSIZE;
	return (size_t)v;
}

static int reopen(struct stet_store *st, struct stet_error *err);

static int begin(struct stet_store *st, unsigned flags, MDB_txn **txn,
		 struct stet_error *err)
{
	int rc;

	if (st->env == NULL && reopen(st, err) != STET_OK)
		return STET_ERR;
	rc = LMDB_CALL(st->path, mdb_txn_begin(st->env, NULL, flags, txn));
	if (rc == MDB_PANIC) {
		if (reopen(st, err) != STET_OK)
			return STET_ERR;
		rc = LMDB_CALL(st->path,
			       mdb_txn_begin(st->env, NULL, flags, txn));
	}
	/* Another process grew the map: adopt its size and try once more.
	 * LMDB remaps only when no transaction of this process is live, so
	 * a reader in another thread makes this an error to retry. */
	if (rc == MDB_MAP_RESIZED && atomic_load(&st->readers) > 0)
		return stet_error_set(err, STET_ERR,
				      "%s: the project grew while it was being read; run the command again",
				      st->path);
	if (rc == MDB_MAP_RESIZED) {
		rc = mdb_env_set_mapsize(st->env, 0);
		store_map_note(st);
		if (rc == 0)
			rc = LMDB_CALL(st->path,
				      mdb_txn_begin(st->env, NULL, flags, txn));
	}
	if (rc != 0)
		return lmdb_fail(st, rc, "begin transaction", err);
	return STET_OK;
}

static int grow(struct stet_store *st, struct stet_error *err)
{
	MDB_envinfo info;
	int rc;

	if (atomic_load(&st->readers) > 0)
		return stet_error_set(err, STET_ERR,
				      "%s: the project is full and cannot grow while it is being read",
				      st->path);
	rc = mdb_env_info(st->env, &info);
	if (rc == 0)
		rc = mdb_env_set_mapsize(st->env, info.me_mapsize * 2);
	store_map_note(st);
	if (rc != 0)
		return lmdb_fail(st, rc, "grow map", err);
	return STET_OK;
}

static int open_dbs(struct stet_store *st, bool create, struct stet_error *err)
{
	MDB_txn *txn;
	int rc;

	if (begin(st, st->readonly ? MDB_RDONLY : 0, &txn, err) != STET_OK)
		return STET_ERR;
	for (int i = 0; i < STET_DB_COUNT; i++) {
		rc = LMDB_CALL(st->path,
			       mdb_dbi_open(txn, store_db_names[i],
					    create ? MDB_CREATE : 0, &st->dbi[i]));
		if (rc == MDB_NOTFOUND && db_since[i] > 1) {
			/* A read-only open of an older format is refused by
			 * the version check before the database is used. */
			if (st->readonly)
				continue;
			rc = LMDB_CALL(st->path,
				       mdb_dbi_open(txn, store_db_names[i],
						    MDB_CREATE, &st->dbi[i]));
		}
		if (rc == MDB_NOTFOUND) {
			mdb_txn_abort(txn);
			return stet_error_set(err, STET_ERR,
				"%s: not a stet project (no \"%s\" database)",
				st->path, store_db_names[i]);
		}
		if (rc != 0) {
			mdb_txn_abort(txn);
			return lmdb_fail(st, rc, "open database", err);
		}
	}
	rc = LMDB_CALL(st->path, mdb_txn_commit(txn));
	if (rc != 0)
		return lmdb_fail(st, rc, "open databases", err);
	return STET_OK;
}

static int migrate(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	const struct stet_migrations *mig = ctx;
	uint64_t v;

	if (stet_meta_get_u64(txn, "format_version", &v, err) != STET_OK)
		return STET_ERR;
	for (; v < STET_FORMAT_VERSION; v++) {
		if (mig == NULL || v < 1 || mig->step[v] == NULL)
			return stet_error_set(err, STET_ERR,
				"no migration from format %llu",
				(unsigned long long)v);
		if (mig->step[v](txn, err) != STET_OK)
			return STET_ERR;
	}
	return stet_meta_put_u64(txn, "format_version", STET_FORMAT_VERSION,
				 err);
}

static int check_version(struct stet_store *st,
			 const struct stet_migrations *mig,
			 struct stet_error *err)
{
	struct stet_txn *txn;
	uint64_t v;
	int rc;

	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_meta_get_u64(txn, "format_version", &v, err);
	stet_txn_end(txn);
	if (rc == STET_NOTFOUND)
		return stet_error_set(err, STET_ERR,
				      "%s: not a stet project (no format version)",
				      st->path);
	if (rc != STET_OK)
		return STET_ERR;
	/* Format 0 never was; a number past any stet's is a damaged one. */
	if (v == 0 || v > 0xffff)
		return stet_error_set(err, STET_ERR,
				      "%s is damaged (format version %llu)",
				      st->path, (unsigned long long)v);
	if (v > STET_FORMAT_VERSION)
		return stet_error_set(err, STET_ERR,
			"%s: project format %llu is newer than this stet understands (%d); upgrade stet",
			st->path, (unsigned long long)v, STET_FORMAT_VERSION);
	if (v == STET_FORMAT_VERSION)
		return STET_OK;
	if (st->readonly) {
		st->older = true;
		return stet_error_set(err, STET_ERR,
			"%s: project format %llu must be migrated to %d; open it writable once",
			st->path, (unsigned long long)v, STET_FORMAT_VERSION);
	}
	/* A write's context is not const; migrate only reads the steps. */
	if (stet_store_write(st, migrate, (void *)mig, err) != STET_OK) {
		stet_error_prefix(err, "%s: migrating format %llu to %d",
				  st->path, (unsigned long long)v,
				  STET_FORMAT_VERSION);
		return STET_ERR;
	}
	return STET_OK;
}

static int init_meta(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	(void)ctx;
	if (stet_meta_put_u64(txn, "format_version", STET_FORMAT_VERSION,
			      err) != STET_OK ||
	    stet_meta_put_u64(txn, "count.text", 0, err) != STET_OK ||
	    stet_meta_put_u64(txn, "count.table", 0, err) != STET_OK)
		return STET_ERR;
	return STET_OK;
}

/* The second look at an existing file, before any lock file is made:
 * LMDB reads it without its locking (which writes nothing and makes no
 * file) to see the `meta` database, so that an LMDB file of another
 * program is refused as any other file that is not a project. */
static int probe(const char *path, unsigned lockless,
		 struct stet_error *err)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	int rc = mdb_env_create(&env);

	if (rc != 0)
		return stet_error_set(err, STET_ERR, "%s: open: %s", path,
				      mdb_strerror(rc));
	rc = mdb_env_set_maxdbs(env, STET_DB_COUNT);
	if (rc == 0)
		rc = mdb_env_set_assert(env, store_lmdb_assert);
	if (rc == 0)
		rc = mdb_env_open(env, path, MDB_NOSUBDIR | MDB_RDONLY |
				  lockless | MDB_NOTLS, 0664);
	if (rc == 0)
		rc = LMDB_CALL(path, mdb_txn_begin(env, NULL, MDB_RDONLY, &txn));
	if (rc == 0) {
		rc = LMDB_CALL(path, mdb_dbi_open(txn, store_db_names[STET_DB_META],
						  0, &dbi));
		mdb_txn_abort(txn);
	}
	mdb_env_close(env);
	/* Read without locking, pages a writer freed may be reused under
	 * the reader: a project being written can look like anything. Where
	 * its lock file is there already, LMDB's locking makes nothing new,
	 * and its reader slot keeps those pages from reuse. */
	if (rc != 0 && lockless && store_lock_exists(path))
		return probe(path, 0, err);
	if (rc == MDB_NOTFOUND || rc == MDB_INCOMPATIBLE)
		return stet_error_set(err, STET_ERR,
			"%s: not a stet project (no \"%s\" database)", path,
			store_db_names[STET_DB_META]);
	if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH ||
	    rc == MDB_CORRUPTED || rc == MDB_PAGE_NOTFOUND)
		return stet_error_set(err, STET_ERR,
				      "%s: not a stet project (%s)", path,
				      mdb_strerror(rc));
	if (rc != 0)
		return stet_error_set(err, STET_ERR, "%s: open: %s", path,
				      mdb_strerror(rc));
	return STET_OK;
}

static int env_open(struct stet_store *st, unsigned envflags,
		    struct stet_error *err)
{
	int rc = mdb_env_create(&st->env);

	if (rc == 0)
		rc = mdb_env_set_maxdbs(st->env, STET_DB_COUNT);
	if (rc == 0)
		rc = mdb_env_set_mapsize(st->env, initial_mapsize());
	if (rc == 0)
		rc = mdb_env_set_assert(st->env, store_lmdb_assert);
	if (rc != 0)
		return lmdb_fail(st, rc, "create environment", err);
	rc = LMDB_CALL(st->path, mdb_env_open(st->env, st->path, envflags, 0664));
	if (rc == MDB_INVALID)
		return stet_error_set(err, STET_ERR, "%s: not a stet project",
				      st->path);
	if (rc == ENOSPC || rc == EDQUOT)
		return stet_error_set(err, STET_ERR,
			"%s: no space left on device; nothing was written",
			st->path);
	/* A short write of LMDB's first pages into a new file. */
	if (rc == EIO && st->created)
		return stet_error_set(err, STET_ERR,
			"%s: open: %s (is the disk full?); nothing was written",
			st->path, mdb_strerror(rc));
	if (rc != 0)
		return lmdb_fail(st, rc, "open", err);
	return STET_OK;
}

int stet_store_open(const char *path, int flags,
		    const struct stet_migrations *mig,
		    struct stet_store **out, struct stet_error *err)
{
	struct stet_store *st;
	bool create = flags & STET_OPEN_CREATE;
	unsigned envflags = MDB_NOSUBDIR | MDB_NOTLS;
	int dead;

	*out = NULL;
	/* Nothing reaches LMDB, and no lock file is made, until the path
	 * is known to be a project (or, for init, a new file). */
	if (create) {
		if (store_make_data_file(path, err) != STET_OK)
			return STET_ERR;
	} else {
		/* LMDB trusts the file's pages: what it would read past
		 * the end or where no page is, is found here first. */
		int rc = store_check_data_file(path,
					       !(flags & STET_OPEN_READONLY),
					       err);

		if (rc == STET_OK)
			rc = stet_store_check_file(path, NULL, err);
		if (rc == STET_OK)
			rc = probe(path, MDB_NOLOCK, err);
		if (rc != STET_OK)
			return rc;
	}
	st = stet_xcalloc(1, sizeof *st);
	st->path = stet_xstrdup(path);
	st->readonly = flags & STET_OPEN_READONLY;
	st->created = create;
	st->lock.fd = -1;
	st->map_slot = -1;
	if (st->readonly)
		envflags |= MDB_RDONLY;
	if (store_lock_prepare(&st->lock, path, st->readonly, err) != STET_OK)
		goto fail;
	if (st->lock.none)
		envflags |= MDB_NOLOCK;
	st->envflags = envflags;
	if (env_open(st, envflags, err) != STET_OK)
		goto fail;
	store_map_note(st);
	if (store_lock_back(&st->lock, err) != STET_OK)
		goto fail;
	/* Readers killed with a transaction open keep pages from reuse. */
	mdb_reader_check(st->env, &dead);
	if (open_dbs(st, create, err) != STET_OK)
		goto fail;
	if (create) {
		if (stet_store_write(st, init_meta, NULL, err) != STET_OK)
			goto fail;
	} else if (check_version(st, mig, err) != STET_OK) {
		goto fail;
	}
	*out = st;
	return STET_OK;
fail:
	if (st->older && (flags & STET_OPEN_MIGRATE)) {
		stet_store_close(st);
		stet_error_clear(err);
		return stet_store_open(path, flags & ~(STET_OPEN_READONLY |
						       STET_OPEN_MIGRATE),
				       mig, out, err);
	}
	stet_store_discard(st);
	return STET_ERR;
}

/* A commit whose meta page could not be written (a failing disk) leaves
 * LMDB refusing every later transaction of the process (MDB_PANIC),
 * though the file holds the commit before intact: LMDB writes the old
 * meta page back. The environment is opened again, as the next process
 * would open it, so that a screen goes on once the disk does; failing
 * that, st->env is NULL and the next transaction tries again. */
static int reopen(struct stet_store *st, struct stet_error *err)
{
	int dead;

	if (atomic_load(&st->readers) > 0)
		return stet_error_set(err, STET_ERR,
			"%s: the project could not be written and is being read; run the command again",
			st->path);
	mdb_env_close(st->env);
	st->env = NULL;
	if (env_open(st, st->envflags, err) == STET_OK) {
		store_map_note(st);
		mdb_reader_check(st->env, &dead);
		if (stet_store_set_meta_sync(st, !st->nometasync, err) == STET_OK &&
		    open_dbs(st, false, err) == STET_OK)
			return STET_OK;
	}
	mdb_env_close(st->env);
	st->env = NULL;
	return STET_ERR;
}

static void store_free(struct stet_store *st, bool remove)
{
	store_map_forget(st);
	if (st->env != NULL)
		mdb_env_close(st->env);
	if (remove && st->created)
		unlink(st->path);
	/* After LMDB has let go of the lock file: closing it any earlier
	 * would drop LMDB's locks on it, which belong to the process. */
	store_lock_release(&st->lock, remove);
	free(st->path);
	free(st);
}

void stet_store_close(struct stet_store *st)
{
	if (st != NULL)
		store_free(st, false);
}

void stet_store_discard(struct stet_store *st)
{
	if (st != NULL)
		store_free(st, true);
}

const char *stet_store_path(const struct stet_store *st)
{
	return st->path;
}

const char *stet_txn_path(const struct stet_txn *txn)
{
	return txn->st->path;
}

int stet_txn_begin_read(struct stet_store *st, struct stet_txn **out,
			struct stet_error *err)
{
	MDB_txn *txn;

	*out = NULL;
	if (begin(st, MDB_RDONLY, &txn, err) != STET_OK)
		return STET_ERR;
	*out = stet_xmalloc(sizeof **out);
	(*out)->st = st;
	(*out)->txn = txn;
	atomic_fetch_add(&st->readers, 1);
	return STET_OK;
}

void stet_txn_end(struct stet_txn *txn)
{
	if (txn == NULL)
		return;
	atomic_fetch_sub(&txn->st->readers, 1);
	mdb_txn_abort(txn->txn);
	free(txn);
}

int stet_store_write(struct stet_store *st, stet_write_fn fn, void *ctx,
		     struct stet_error *err)
{
	if (st->readonly)
		return stet_error_set(err, STET_ERR, "%s: opened read-only",
				      st->path);
	for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
		struct stet_txn txn = {.st = st};
		size_t id;
		int rc;

		if (begin(st, 0, &txn.txn, err) != STET_OK)
			return STET_ERR;
		rc = fn(&txn, ctx, err);
		id = mdb_txn_id(txn.txn);
		if (rc == STET_MAPFULL) {
			mdb_txn_abort(txn.txn);
			if (grow(st, err) != STET_OK)
				return STET_ERR;
			continue;
		}
		if (rc != STET_OK) {
			mdb_txn_abort(txn.txn);
			return rc;
		}
		rc = LMDB_CALL(st->path, mdb_txn_commit(txn.txn));
		if (rc == MDB_MAP_FULL) {
			if (grow(st, err) != STET_OK)
				return STET_ERR;
			continue;
		}
		if (rc == ENOSPC || rc == EFBIG)
			return lmdb_fail(st, rc, "commit", err);
		/* LMDB reports a short write (a full disk or a file size
		 * limit) as EIO; either way the commit did not happen. */
		if (rc != 0)
			return stet_error_set(err, STET_ERR,
				"%s: commit: %s (is the disk full?); nothing was written",
				st->path, mdb_strerror(rc));
		st->committed = id;
		return STET_OK;
	}
	return stet_error_set(err, STET_ERR, "%s: map could not grow enough",
			      st->path);
}

static MDB_dbi dbi(struct stet_txn *txn, enum stet_db db)
{
	return txn->st->dbi[db];
}

int stet_store_set_meta_sync(struct stet_store *st, bool meta_sync,
			     struct stet_error *err)
{
	int rc;

	st->nometasync = !meta_sync;
	if (st->env == NULL)
		return STET_OK; /* set when it is opened again */
	rc = mdb_env_set_flags(st->env, MDB_NOMETASYNC, meta_sync ? 0 : 1);
	return rc == 0 ? STET_OK : lmdb_fail(st, rc, "set sync mode", err);
}

int stet_store_sync(struct stet_store *st, bool *flushed,
		    struct stet_error *err)
{
	MDB_envinfo info;
	int rc;

	if (st->env == NULL && reopen(st, err) != STET_OK)
		return STET_ERR;

	if (flushed != NULL)
		*flushed = false;
	/* Every commit flushes the data file before it writes its meta
	 * page, and so flushes the meta pages written before it: once any
	 * process has committed after this one's last commit, that commit
	 * is on disk (LMDB: MDB_NOMETASYNC defers the flush "until the next
	 * non-MDB_RDONLY commit"). In a team that is nearly always so, and
	 * the flush it saves would queue behind the others' commits on the
	 * same disk. Without the figure, flush. */
	if (st->committed != 0 && mdb_env_info(st->env, &info) == 0 &&
	    info.me_last_txnid > st->committed)
		return STET_OK;
	rc = mdb_env_sync(st->env, 1);
	if (rc != 0)
		return lmdb_fail(st, rc, "sync", err);
	if (flushed != NULL)
		*flushed = true;
	return STET_OK;
}

void stet_store_release_pages(struct stet_store *st)
{
	mdb_filehandle_t fd;

	if (st->env != NULL && mdb_env_get_fd(st->env, &fd) == 0)
		store_map_release(fd);
}

int stet_get(struct stet_txn *txn, enum stet_db db, const void *key,
	     size_t klen, const void **val, size_t *vlen,
	     struct stet_error *err)
{
	MDB_val k = {.mv_size = klen, .mv_data = (void *)key};
	MDB_val v;
	int rc = LMDB_CALL(txn->st->path, mdb_get(txn->txn, dbi(txn, db), &k, &v));

	if (rc == MDB_NOTFOUND)
		return STET_NOTFOUND;
	if (rc != 0)
		return lmdb_fail(txn->st, rc, store_db_names[db], err);
	*val = v.mv_data;
	*vlen = v.mv_size;
	return STET_OK;
}

int stet_put(struct stet_txn *txn, enum stet_db db, const void *key,
	     size_t klen, const void *val, size_t vlen, int flags,
	     struct stet_error *err)
{
	MDB_val k = {.mv_size = klen, .mv_data = (void *)key};
	MDB_val v = {.mv_size = vlen, .mv_data = (void *)val};
	unsigned mflags = 0;
	int rc;

	if (flags & STET_PUT_NOOVERWRITE)
		mflags |= MDB_NOOVERWRITE;
	if (flags & STET_PUT_APPEND)
		mflags |= MDB_APPEND;
	rc = LMDB_CALL(txn->st->path,
		       mdb_put(txn->txn, dbi(txn, db), &k, &v, mflags));
	if (rc == MDB_KEYEXIST)
		return STET_EXISTS;
	if (rc != 0)
		return lmdb_fail(txn->st, rc, store_db_names[db], err);
	return STET_OK;
}

int stet_del(struct stet_txn *txn, enum stet_db db, const void *key,
	     size_t klen, struct stet_error *err)
{
	MDB_val k = {.mv_size = klen, .mv_data = (void *)key};
	int rc = LMDB_CALL(txn->st->path, mdb_del(txn->txn, dbi(txn, db), &k, NULL));

	if (rc == MDB_NOTFOUND)
		return STET_NOTFOUND;
	if (rc != 0)
		return lmdb_fail(txn->st, rc, store_db_names[db], err);
	return STET_OK;
}

int stet_del_prefix(struct stet_txn *txn, enum stet_db db, const void *prefix,
		    size_t plen, uint64_t *n, struct stet_error *err)
{
	MDB_cursor *cur;
	MDB_val k = {.mv_size = plen, .mv_data = (void *)prefix}, v;
	uint64_t gone = 0;
	int rc = mdb_cursor_open(txn->txn, dbi(txn, db), &cur);

	if (rc != 0)
		return lmdb_fail(txn->st, rc, store_db_names[db], err);
	/* Seeking the prefix afresh after each delete, rather than trusting
	 * where a delete leaves the cursor at the end of a page or of the
	 * database, costs a walk down the tree: little beside the delete. */
	for (;;) {
		k.mv_size = plen;
		k.mv_data = (void *)prefix;
		rc = LMDB_CALL(txn->st->path,
			       mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE));
		if (rc != 0 || k.mv_size < plen ||
		    memcmp(k.mv_data, prefix, plen) != 0)
			break;
		rc = LMDB_CALL(txn->st->path, mdb_cursor_del(cur, 0));
		if (rc != 0)
			break;
		gone++;
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return lmdb_fail(txn->st, rc, store_db_names[db], err);
	if (n != NULL)
		*n = gone;
	return STET_OK;
}

int stet_count(struct stet_txn *txn, enum stet_db db, uint64_t *n,
	       struct stet_error *err)
{
	MDB_stat ms;
	int rc = LMDB_CALL(txn->st->path, mdb_stat(txn->txn, dbi(txn, db), &ms));

	if (rc != 0)
		return lmdb_fail(txn->st, rc, store_db_names[db], err);
	*n = ms.ms_entries;
	return STET_OK;
}

int stet_last_key(struct stet_txn *txn, enum stet_db db, const void **key,
		  size_t *klen, struct stet_error *err)
{
	struct stet_cursor *c;
	const void *v;
	size_t vl;
	int rc;

	if (stet_cursor_open(txn, db, &c, err) != STET_OK)
		return STET_ERR;
	rc = stet_cursor_last(c, key, klen, &v, &vl, err);
	stet_cursor_close(c);
	return rc;
}

int stet_cursor_open(struct stet_txn *txn, enum stet_db db,
		     struct stet_cursor **out, struct stet_error *err)
{
	MDB_cursor *cur;
	int rc = mdb_cursor_open(txn->txn, dbi(txn, db), &cur);

	*out = NULL;
	if (rc != 0)
		return lmdb_fail(txn->st, rc, store_db_names[db], err);
	*out = stet_xmalloc(sizeof **out);
	(*out)->cur = cur;
	(*out)->st = txn->st;
	return STET_OK;
}

void stet_cursor_close(struct stet_cursor *c)
{
	if (c == NULL)
		return;
	mdb_cursor_close(c->cur);
	free(c);
}

static int cursor_op(struct stet_cursor *c, MDB_cursor_op op, MDB_val *k,
		     const void **ko, size_t *kl, const void **vo, size_t *vl,
		     struct stet_error *err)
{
	MDB_val v;
	int rc = LMDB_CALL(c->st->path, mdb_cursor_get(c->cur, k, &v, op));

	if (rc == MDB_NOTFOUND)
		return STET_NOTFOUND;
	if (rc != 0)
		return lmdb_fail(c->st, rc, "cursor", err);
	*ko = k->mv_data;
	*kl = k->mv_size;
	*vo = v.mv_data;
	*vl = v.mv_size;
	return STET_OK;
}

int stet_cursor_seek(struct stet_cursor *c, const void *key, size_t klen,
		     const void **k, size_t *kl, const void **v, size_t *vl,
		     struct stet_error *err)
{
	MDB_val mk = {.mv_size = klen, .mv_data = (void *)key};

	if (key == NULL)
		return cursor_op(c, MDB_FIRST, &mk, k, kl, v, vl, err);
	return cursor_op(c, MDB_SET_RANGE, &mk, k, kl, v, vl, err);
}

int stet_cursor_next(struct stet_cursor *c, const void **k, size_t *kl,
		     const void **v, size_t *vl, struct stet_error *err)
{
	MDB_val mk = {0};

	return cursor_op(c, MDB_NEXT, &mk, k, kl, v, vl, err);
}

int stet_cursor_prev(struct stet_cursor *c, const void **k, size_t *kl,
		     const void **v, size_t *vl, struct stet_error *err)
{
	MDB_val mk = {0};

	return cursor_op(c, MDB_PREV, &mk, k, kl, v, vl, err);
}

int stet_cursor_last(struct stet_cursor *c, const void **k, size_t *kl,
		     const void **v, size_t *vl, struct stet_error *err)
{
	MDB_val mk = {0};

	return cursor_op(c, MDB_LAST, &mk, k, kl, v, vl, err);
}

int stet_store_stat(struct stet_store *st, struct stet_store_stat *out,
		    struct stet_error *err)
{
	struct stat sb;
	MDB_envinfo info;
	struct stet_txn *txn;
	uint64_t v = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (stat(st->path, &sb) != 0)
		return stet_error_set(err, STET_ERR, "%s: %s", st->path,
				      strerror(errno));
	out->file_bytes = (uint64_t)sb.st_size;
	if (st->env == NULL && reopen(st, err) != STET_OK)
		return STET_ERR;
	rc = mdb_env_info(st->env, &info);
	if (rc != 0)
		return lmdb_fail(st, rc, "info", err);
	out->map_bytes = info.me_mapsize;
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_meta_get_u64(txn, "format_version", &v, err);
	stet_txn_end(txn);
	if (rc != STET_OK)
		return STET_ERR;
	out->format_version = (int)v;
	return STET_OK;
}
