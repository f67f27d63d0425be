/* The store's insides, shared by its files (store.c, store_check.c,
 * store_walk.c, store_salvage.c, store_copy.c) and no one else: the one place besides them that sees
 * LMDB's handles. */
#ifndef STET_STORE_IN_H
#define STET_STORE_IN_H

#include <lmdb.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/store.h"
#include "store_files.h"

struct stet_store {
	MDB_env *env;
	MDB_dbi dbi[STET_DB_COUNT];
	char *path;
	bool readonly;
	bool created;         /* this open made the data file */
	bool older;           /* read-only, and the format needs migrating */
	bool nometasync;      /* stet_store_set_meta_sync(false) is in force */
	unsigned envflags;    /* how env was opened, to open it again */
	struct store_lock lock;
	atomic_int readers; /* live read transactions, in any thread */
	int map_slot;       /* in the table of maps (store_map_note), or -1 */
	uint64_t committed;   /* the transaction id of this process's last commit */
};

struct stet_txn {
	struct stet_store *st;
	MDB_txn *txn;
};

/* While this thread is inside LMDB, the path of the project it reads:
 * a fault there is the file's, wherever it points (a damaged page can
 * send LMDB through a null pointer), for stet_store_fault_path. */
extern _Thread_local const char *volatile store_in_lmdb;

static inline int store_lmdb_done(int rc)
{
	store_in_lmdb = NULL;
	return rc;
}

/* Runs call, an LMDB call returning int, marked as reading path. */
#define LMDB_CALL(path, call) (store_in_lmdb = (path), store_lmdb_done(call))

/* LMDB's assertion callback (mdb_env_set_assert): hands what LMDB
 * found false to the handler of stet_store_set_damage_handler. */
void store_lmdb_assert(MDB_env *env, const char *msg);

/* The name of each database in the file. */
extern const char *const store_db_names[STET_DB_COUNT];
/* Whether key[0..klen) is the name of one of stet's databases. */
bool store_db_known(const void *key, size_t klen);

/* Notes where st's file is mapped now, after an open or a remap, in a
 * table that stet_store_fault_path reads; store_map_forget takes it out
 * before the map goes. */
void store_map_note(struct stet_store *st);
void store_map_forget(struct stet_store *st);
/* Where st's file is mapped as last noted; 0 when unknown. */
uintptr_t store_map_base(const struct stet_store *st);

#endif
