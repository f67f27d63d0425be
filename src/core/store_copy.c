/* stet backup's copy of a project: LMDB's compacting copy of one read
 * snapshot, taken while others keep writing, into a file that gets the
 * copy's name only once it is whole and on disk. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stet/buf.h"
#include "store_in.h"

/* Whether the LMDB file at path has stet's `meta` database: read
 * without LMDB's locking, which writes nothing and makes no file. */
static int has_meta(const char *path, struct stet_error *err)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	int rc = mdb_env_create(&env);

	if (rc != 0)
		return stet_error_set(err, STET_ERR, "%s: %s", path,
				      mdb_strerror(rc));
	rc = mdb_env_set_maxdbs(env, STET_DB_COUNT);
	if (rc == 0)
		rc = mdb_env_open(env, path, MDB_NOSUBDIR | MDB_RDONLY |
				  MDB_NOLOCK | MDB_NOTLS, 0664);
	if (rc == 0)
		rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
	if (rc == 0) {
		rc = mdb_dbi_open(txn, "meta", 0, &dbi);
		mdb_txn_abort(txn);
	}
	mdb_env_close(env);
	if (rc == MDB_NOTFOUND || rc == MDB_INCOMPATIBLE || rc == MDB_INVALID)
		return stet_error_set(err, STET_ERR,
				      "%s: not a stet project (no \"meta\" database)",
				      path);
	if (rc != 0)
		return stet_error_set(err, STET_ERR, "%s: %s", path,
				      mdb_strerror(rc));
	return STET_OK;
}

/* The copy may take the place of an existing file only when that file
 * is a stet project other than the one copied. */
static int check_target(const char *path, const char *copy, bool replace,
			struct stet_error *err)
{
	struct stat a, b;

	if (lstat(copy, &b) != 0) {
		if (errno == ENOENT)
			return STET_OK;
		return stet_error_set(err, STET_ERR, "%s: %s", copy,
				      strerror(errno));
	}
	if (stat(path, &a) == 0 && stat(copy, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return stet_error_set(err, STET_ERR,
				      "%s: is the project itself, not a copy of it",
				      copy);
	if (!replace)
		return stet_error_set(err, STET_EXISTS,
				      "%s: already exists (--force replaces a project there)",
				      copy);
	if (S_ISLNK(b.st_mode))
		return stet_error_set(err, STET_ERR,
				      "%s: is a symbolic link; name the file itself",
				      copy);
	if (store_check_data_file(copy, false, err) != STET_OK ||
	    has_meta(copy, err) != STET_OK) {
		stet_error_prefix(err, "will not replace it");
		return STET_ERR;
	}
	return STET_OK;
}

static int sync_dir(const char *file, struct stet_error *err)
{
	char *dup = stet_xstrdup(file);
	const char *dir = dirname(dup);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = STET_OK;

	if (fd < 0 || fsync(fd) != 0)
		rc = stet_error_set(err, STET_ERR, "%s: cannot sync: %s", dir,
				    strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dup);
	return rc;
}

/* LMDB's compacting copy of one snapshot of env into the new file tmp,
 * synced; *bytes its size. */
static int copy_into(MDB_env *env, const char *tmp, int fd, uint64_t *bytes,
		     struct stet_error *err)
{
	struct stat sb;
	int rc = mdb_env_copyfd2(env, fd, MDB_CP_COMPACT);

	if (rc == ENOSPC || rc == EDQUOT)
		return stet_error_set(err, STET_ERR,
				      "%s: no space left on device", tmp);
	if (rc != 0)
		return stet_error_set(err, STET_ERR, "%s: copy: %s", tmp,
				      mdb_strerror(rc));
	if (fsync(fd) != 0 || fstat(fd, &sb) != 0)
		return stet_error_set(err, STET_ERR, "%s: %s", tmp,
				      strerror(errno));
	*bytes = (uint64_t)sb.st_size;
	return STET_OK;
}

/* Gives the whole copy its name: rename over a project --force lets it
 * replace, else a link that fails if the name was taken meanwhile. */
static int publish(const char *tmp, const char *copy, bool replace,
		   struct stet_error *err)
{
	if (replace) {
		if (rename(tmp, copy) != 0)
			return stet_error_set(err, STET_ERR, "%s: %s", copy,
					      strerror(errno));
	} else if (link(tmp, copy) != 0) {
		if (errno == EEXIST)
			return stet_error_set(err, STET_EXISTS,
					      "%s: already exists (--force replaces a project there)",
					      copy);
		return stet_error_set(err, STET_ERR, "%s: %s", copy,
				      strerror(errno));
	} else {
		unlink(tmp);
	}
	return sync_dir(copy, err);
}

int stet_store_backup(const char *path, const char *copy, bool replace,
		      uint64_t *bytes, struct stet_error *err)
{
	struct store_lock lock = {.fd = -1};
	unsigned flags = MDB_NOSUBDIR | MDB_RDONLY | MDB_NOTLS;
	MDB_env *env = NULL;
	struct stet_buf tmp;
	int fd = -1, rc;

	*bytes = 0;
	stet_buf_init(&tmp);
	if (store_check_data_file(path, false, err) != STET_OK ||
	    has_meta(path, err) != STET_OK ||
	    check_target(path, copy, replace, err) != STET_OK)
		return err->status;
	/* With LMDB's locking, so that writers see the snapshot's reader
	 * and leave its pages alone until the copy ends. */
	if (store_lock_prepare(&lock, path, true, err) != STET_OK)
		return STET_ERR;
	if (lock.none)
		flags |= MDB_NOLOCK;
	rc = mdb_env_create(&env);
	if (rc == 0)
		rc = mdb_env_set_maxdbs(env, STET_DB_COUNT);
	if (rc == 0)
		rc = mdb_env_open(env, path, flags, 0664);
	if (rc != 0) {
		rc = stet_error_set(err, STET_ERR, "%s: open: %s", path,
				    mdb_strerror(rc));
		goto leave;
	}
	if ((rc = store_lock_back(&lock, err)) != STET_OK)
		goto leave;
	stet_buf_adds(&tmp, copy);
	stet_buf_adds(&tmp, ".partial-XXXXXX");
	fd = mkostemp(tmp.data, O_CLOEXEC);
	if (fd < 0) {
		rc = stet_error_set(err, STET_ERR, "%s: cannot create: %s",
				    copy, strerror(errno));
		goto leave;
	}
	rc = copy_into(env, tmp.data, fd, bytes, err);
	if (close(fd) != 0 && rc == STET_OK)
		rc = stet_error_set(err, STET_ERR, "%s: %s", tmp.data,
				    strerror(errno));
	fd = -1;
	if (rc == STET_OK)
		rc = publish(tmp.data, copy, replace, err);
	if (rc != STET_OK)
		unlink(tmp.data);
leave:
	if (env != NULL)
		mdb_env_close(env);
	store_lock_release(&lock, false);
	stet_buf_free(&tmp);
	return rc;
}
