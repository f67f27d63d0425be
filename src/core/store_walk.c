#include <string.h>

#include "store_in.h"

/* LMDB's own trees, walked before stet's databases: the free-page tree
 * (whose records list pages free for reuse) and the main tree (whose
 * records are the databases). */
#define FREE_DBI 0
#define MAIN_DBI 1

const char *stet_store_walk_db_name(int db)
{
	if (db == 0)
		return "free-page";
	if (db == 1)
		return "main";
	if (db >= 2 && db < STET_WALK_DBS)
		return store_db_names[db - 2];
	return "?";
}

static uint64_t touch(const unsigned char *p, size_t n)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += p[i];
	return sum;
}

/* A record of the free-page tree: a count and that many page numbers,
 * each a page that is in the file and is not a meta page. A writer
 * would reuse what it lists: a damaged one would have it overwrite a
 * page in use. */
static bool free_list_ok(const MDB_val *v, uint64_t pages)
{
	size_t n, w = sizeof(size_t);

	if (v->mv_size < w || v->mv_size % w != 0)
		return false;
	memcpy(&n, v->mv_data, w);
	if (n != v->mv_size / w - 1)
		return false;
	for (size_t i = 1; i <= n; i++) {
		size_t pg;

		memcpy(&pg, (const char *)v->mv_data + i * w, w);
		if (pg < 2 || pg >= pages)
			return false;
	}
	return true;
}

static int walk_db(struct stet_store *st, MDB_txn *txn, MDB_dbi dbi, int db,
		   uint64_t pages, struct stet_walk_pos *pos,
		   struct stet_error *err)
{
	MDB_cursor *cur = NULL;
	MDB_val k, v;
	MDB_stat ms;
	uintptr_t base = store_map_base(st);
	int rc = LMDB_CALL(st->path, mdb_cursor_open(txn, dbi, &cur));

	if (rc == 0)
		rc = mdb_env_stat(st->env, &ms);
	pos->db = db;
	pos->page = 0;
	pos->records = 0;
	pos->klen = 0;
	pos->reading = false;
	for (MDB_cursor_op op = MDB_FIRST; rc == 0; op = MDB_NEXT) {
		pos->reading = false;
		rc = LMDB_CALL(st->path, mdb_cursor_get(cur, &k, &v, op));
		if (rc != 0)
			break;
		pos->klen = k.mv_size;
		memcpy(pos->key, k.mv_data, k.mv_size < sizeof pos->key ?
		       k.mv_size : sizeof pos->key);
		pos->page = base != 0 && (uintptr_t)k.mv_data >= base ?
			    ((uintptr_t)k.mv_data - base) / ms.ms_psize : 0;
		pos->reading = true;
		pos->sum += touch(k.mv_data, k.mv_size) +
			    touch(v.mv_data, v.mv_size);
		pos->records++;
		if (dbi == FREE_DBI && !free_list_ok(&v, pages)) {
			mdb_cursor_close(cur);
			return stet_error_set(err, STET_DAMAGED,
				"%s is damaged (the free-page database's record on page %llu lists pages that cannot be free)",
				st->path, (unsigned long long)pos->page);
		}
	}
	pos->reading = false;
	if (rc == MDB_NOTFOUND)
		rc = 0;
	if (cur != NULL)
		mdb_cursor_close(cur);
	if (rc != 0)
		return stet_error_set(err, STET_DAMAGED,
			"%s is damaged (the %s database, page %llu: %s)",
			st->path, stet_store_walk_db_name(db),
			(unsigned long long)pos->page, mdb_strerror(rc));
	return STET_OK;
}

int stet_store_walk(struct stet_store *st, struct stet_walk_pos *pos,
		    struct stet_error *err)
{
	struct stet_txn *txn;
	MDB_envinfo info;
	MDB_stat ms;
	uint64_t pages;
	int rc;

	memset(pos, 0, sizeof *pos);
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = mdb_env_info(st->env, &info);
	if (rc == 0)
		rc = mdb_env_stat(st->env, &ms);
	if (rc != 0) {
		stet_txn_end(txn);
		return stet_error_set(err, STET_ERR, "%s: %s", st->path,
				      mdb_strerror(rc));
	}
	pages = (uint64_t)info.me_last_pgno + 1;
	rc = walk_db(st, txn->txn, FREE_DBI, 0, pages, pos, err);
	if (rc == STET_OK)
		rc = walk_db(st, txn->txn, MAIN_DBI, 1, pages, pos, err);
	for (int i = 0; i < STET_DB_COUNT && rc == STET_OK; i++)
		rc = walk_db(st, txn->txn, st->dbi[i], i + 2, pages, pos, err);
	stet_txn_end(txn);
	return rc;
}
