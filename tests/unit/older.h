/* A project as an older stet left it, for the tests of migrations:
 * the databases that format lacked dropped, its format number in meta,
 * through raw LMDB behind stet's back. */
#ifndef STET_TEST_OLDER_H
#define STET_TEST_OLDER_H

#include <string.h>

#include <lmdb.h>

#include "stet/buf.h"

/* Turns the closed project at path into one of format version, without
 * the databases named in drop (NULL-terminated). */
static inline void make_older(const char *path, uint64_t version,
			      const char *const *drop)
{
	MDB_env *env;
	MDB_txn *mt;
	MDB_dbi dbi;
	MDB_val key = {strlen("format_version"), "format_version"}, val;
	unsigned char v[8];

	stet_u64be(v, version);
	val.mv_size = sizeof v;
	val.mv_data = v;
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 32), 0);
	assert_int_equal(mdb_env_open(env, path, MDB_NOSUBDIR, 0664), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &mt), 0);
	for (size_t i = 0; drop[i] != NULL; i++) {
		assert_int_equal(mdb_dbi_open(mt, drop[i], 0, &dbi), 0);
		assert_int_equal(mdb_drop(mt, dbi, 1), 0);
	}
	assert_int_equal(mdb_dbi_open(mt, "meta", 0, &dbi), 0);
	assert_int_equal(mdb_put(mt, dbi, &key, &val, 0), 0);
	assert_int_equal(mdb_txn_commit(mt), 0);
	mdb_env_close(env);
}

#endif
