/* The project file: one LMDB environment (MDB_NOSUBDIR), its named
 * databases, the format version and the running of migrations, and map
 * growth. The only module that includes <lmdb.h>; everything else sees
 * these types. Of the core it includes only error and buf: what the
 * databases mean belongs to the modules above it. */
#ifndef STET_STORE_H
#define STET_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stet/error.h"

/* Format 1 had no per-kind item counters; format 2 keeps them in meta;
 * format 3 adds `skips`; format 4 adds `gold`, `final`, `pending` and
 * `leases`; format 5 keeps gold answers out of item records; format 6
 * keeps items whose values were all taken back in `pending` at count 0;
 * format 7 adds `models` and `predictions`; format 8 adds `routes`;
 * format 9 adds `learners` and `weights`, the stored models of stet's
 * learner; format 10 adds `spans` and `span_final`, the span sets that
 * stand. */
#define STET_FORMAT_VERSION 10

enum stet_db {
	STET_DB_META,
	STET_DB_ITEMS,
	STET_DB_ITEM_BY_EXT,
	STET_DB_ITEM_BY_HASH,
	STET_DB_ANNOTATORS,
	STET_DB_SESSIONS,
	STET_DB_EVENTS,
	STET_DB_CURRENT,
	STET_DB_SKIPS,
	STET_DB_GOLD,
	STET_DB_FINAL,
	STET_DB_PENDING,
	STET_DB_LEASES,
	STET_DB_MODELS,
	STET_DB_PREDICTIONS,
	STET_DB_ROUTES,
	STET_DB_LEARNERS,
	STET_DB_WEIGHTS,
	STET_DB_SPANS,
	STET_DB_SPAN_FINAL,
	STET_DB_COUNT
};

struct stet_store;
struct stet_txn;
struct stet_cursor;

enum stet_open_flags {
	STET_OPEN_CREATE = 1,   /* create the file; fail if it exists */
	STET_OPEN_READONLY = 2,
	/* With READONLY: a project of an older format is opened for
	 * writing instead, which migrates it. */
	STET_OPEN_MIGRATE = 4
};

/* One step of a migration: takes the project in txn from one format
 * to the next, inside the one write transaction that migrates it. */
typedef int (*stet_migrate_fn)(struct stet_txn *txn, struct stet_error *err);
/* What an older project needs to reach STET_FORMAT_VERSION: step[v]
 * takes format v to v + 1 (step[0] is unused). The store knows the
 * format number and nothing of what the databases hold, so the steps
 * that rebuild derived databases come from the modules above it, handed
 * in by whoever opens projects (stet_project_open). */
struct stet_migrations {
	stet_migrate_fn step[STET_FORMAT_VERSION];
};

/* Opens (or creates) the project at path. Clears stale reader slots left
 * by killed processes, refuses a newer format, migrates an older one in
 * one transaction with the steps of mig (NULL: an older project is
 * refused, as is one whose step is missing). *out is freed with
 * stet_store_close.
 * A path that is not a project is refused before anything is written,
 * and only STET_OPEN_CREATE makes a data file. A damaged file (see
 * stet_store_check_file) is refused with STET_DAMAGED. A reader that can make
 * no lock file because the directory is read-only to it reads without
 * LMDB's locking. A failed open leaves no file it made. */
int stet_store_open(const char *path, int flags,
		    const struct stet_migrations *mig,
		    struct stet_store **out, struct stet_error *err);
void stet_store_close(struct stet_store *st);

/* What the file says of itself, as stet_store_check_file read it. */
struct stet_file_check {
	uint64_t file_bytes;
	uint32_t page_size;
	uint64_t pages;     /* pages in use: the last one's number + 1 */
	uint64_t txnid;     /* the last committed write transaction */
	int meta;           /* the meta page (0 or 1) that holds it */
};
/* Whether the file at path can be handed to LMDB without LMDB reading
 * past its end or where no page is: both meta pages (LMDB's magic, data
 * format, page number and size, transactions taking turns), the file's
 * size against the last page in use, and the main tree that lists the
 * databases, each database's record and root page. Reads the file with
 * plain reads (no map, no lock file, nothing written), on any bytes.
 * Cheap: a few pages, whatever the project's size. What it cannot see
 * is damage inside the databases' other pages: LMDB's pages carry no
 * checksums (stet verify reads them all).
 * Returns STET_OK (and fills *out, which may be NULL), STET_DAMAGED for
 * a project file that is damaged ("PATH is damaged (REASON)"), and
 * STET_ERR for a file that is not a project at all or cannot be read. */
int stet_store_check_file(const char *path, struct stet_file_check *out,
			  struct stet_error *err);

/* A damaged page can make LMDB find one of its own assertions false,
 * upon which it prints a line and aborts. The handler installed here is
 * called first, with the project's path and LMDB's words, and is not to
 * return (the CLI puts the terminal back, says the file is damaged and
 * exits); without one, or if it returns, LMDB goes on to abort. */
void stet_store_set_damage_handler(void (*handler)(const char *path,
						   const char *what));

/* The path of the project a fault at addr is the fault of: the one
 * this thread is inside LMDB for, else the open project whose map holds
 * addr or lies just before it (where a damaged length carries a read);
 * NULL when none is. For
 * a handler of SIGBUS and SIGSEGV: reads only atomics, calls nothing.
 * The path is valid while that project is open. */
const char *stet_store_fault_path(const void *addr);
/* Closes a project this process created and removes its files: the
 * data file, and the lock file unless another process has it open. */
void stet_store_discard(struct stet_store *st);
const char *stet_store_path(const struct stet_store *st);
/* The path of the project txn reads or writes. */
const char *stet_txn_path(const struct stet_txn *txn);

/* Where stet_store_walk is, kept up to date as it goes, so that what a
 * fault interrupts (in a child process that shares this memory) can be
 * named. Databases are numbered as the walk takes them: LMDB's own
 * free-page tree 0 and main tree 1, then 2 + each enum stet_db. */
#define STET_WALK_DBS (STET_DB_COUNT + 2)
struct stet_walk_pos {
	int db;
	uint64_t page;    /* the page the last key read lies on; 0: none */
	uint64_t records; /* records of db read so far */
	unsigned char key[64]; /* the last key read, up to 64 bytes */
	size_t klen;           /* its whole length */
	bool reading;     /* in that key's value; else moving past it */
	uint64_t sum;     /* of every byte read, so that no read is elided */
};
/* "free-page", "main", or a database's name ("events"). */
const char *stet_store_walk_db_name(int db);
/* Reads every record of every database, LMDB's two trees first, every
 * byte of each key and value, with cursors in one read transaction:
 * every page a reader can reach is read once. LMDB's errors on the way
 * and a free-page record listing a page that cannot be free are
 * STET_DAMAGED ("PATH is damaged (the events database, page 12: ...)").
 * A damaged page can also make the walk fault (stet verify runs it in
 * a child process and reads *pos after). */
int stet_store_walk(struct stet_store *st, struct stet_walk_pos *pos,
		    struct stet_error *err);

/* Short read transactions. Every pointer a read returns is valid only
 * until the transaction ends. Several threads may each hold one at
 * once (a transaction belongs to the thread that began it); the map
 * then cannot be resized, so a write that fills it, or another process
 * growing it, is an error to retry rather than a remap under a reader. */
int stet_txn_begin_read(struct stet_store *st, struct stet_txn **out,
			struct stet_error *err);
void stet_txn_end(struct stet_txn *txn);

/* A write is a function run inside one transaction. On a full map the
 * store aborts, grows the map and calls fn again from the start, so fn
 * must be safe to redo (no effects outside the transaction, or effects it
 * resets itself). The commit is durable (synced) before this returns 0. */
typedef int (*stet_write_fn)(struct stet_txn *txn, void *ctx,
			     struct stet_error *err);
int stet_store_write(struct stet_store *st, stet_write_fn fn, void *ctx,
		     struct stet_error *err);

/* An interactive writer commits often and waits on each commit: with
 * meta_sync false a commit waits for one disk flush instead of two
 * (LMDB's MDB_NOMETASYNC). The commit still survives the process being
 * killed; what an operating-system crash could then undo is the last
 * commit before it, until the next commit or stet_store_sync flushes
 * it. The project stays consistent either way. */
int stet_store_set_meta_sync(struct stet_store *st, bool meta_sync,
			     struct stet_error *err);
/* Makes every commit of this process durable: flushes the project to
 * disk, unless a commit made since its last one (by any process) has
 * done so already. *flushed (when not NULL) says whether it flushed. */
int stet_store_sync(struct stet_store *st, bool *flushed,
		    struct stet_error *err);
/* The pages of the project file a process has read stay mapped into it
 * and count in its resident memory: a walk over a million items would
 * hold the whole file. This drops them from the process (the system
 * keeps them cached; a later read maps them again), in a transaction
 * or not; pointers from reads stay valid. */
void stet_store_release_pages(struct stet_store *st);

int stet_get(struct stet_txn *txn, enum stet_db db, const void *key,
	     size_t klen, const void **val, size_t *vlen,
	     struct stet_error *err);
enum stet_put_flags {
	STET_PUT_NOOVERWRITE = 1, /* STET_EXISTS if the key is there */
	STET_PUT_APPEND = 2       /* key sorts after every key in db */
};
int stet_put(struct stet_txn *txn, enum stet_db db, const void *key,
	     size_t klen, const void *val, size_t vlen, int flags,
	     struct stet_error *err);
int stet_del(struct stet_txn *txn, enum stet_db db, const void *key,
	     size_t klen, struct stet_error *err);
/* Deletes every key of db that begins with prefix[0..plen); *n (may be
 * NULL) gets how many. */
int stet_del_prefix(struct stet_txn *txn, enum stet_db db, const void *prefix,
		    size_t plen, uint64_t *n, struct stet_error *err);
/* Number of entries in db. */
int stet_count(struct stet_txn *txn, enum stet_db db, uint64_t *n,
	       struct stet_error *err);
/* The greatest key in db, or STET_NOTFOUND when it is empty. */
int stet_last_key(struct stet_txn *txn, enum stet_db db, const void **key,
		  size_t *klen, struct stet_error *err);

/* Cursors walk a database in key order. Seek positions at the first key
 * >= key (key NULL: the first key). next/prev return STET_NOTFOUND at the
 * ends. */
int stet_cursor_open(struct stet_txn *txn, enum stet_db db,
		     struct stet_cursor **out, struct stet_error *err);
void stet_cursor_close(struct stet_cursor *c);
int stet_cursor_seek(struct stet_cursor *c, const void *key, size_t klen,
		     const void **k, size_t *kl, const void **v, size_t *vl,
		     struct stet_error *err);
int stet_cursor_next(struct stet_cursor *c, const void **k, size_t *kl,
		     const void **v, size_t *vl, struct stet_error *err);
int stet_cursor_last(struct stet_cursor *c, const void **k, size_t *kl,
		     const void **v, size_t *vl, struct stet_error *err);
int stet_cursor_prev(struct stet_cursor *c, const void **k, size_t *kl,
		     const void **v, size_t *vl, struct stet_error *err);

/* meta helpers: string values and unsigned counters. */
int stet_meta_get(struct stet_txn *txn, const char *name, const char **val,
		  size_t *vlen, struct stet_error *err);
int stet_meta_put(struct stet_txn *txn, const char *name, const char *val,
		  size_t vlen, struct stet_error *err);
int stet_meta_get_u64(struct stet_txn *txn, const char *name, uint64_t *v,
		      struct stet_error *err);
int stet_meta_put_u64(struct stet_txn *txn, const char *name, uint64_t v,
		      struct stet_error *err);
int stet_meta_add_u64(struct stet_txn *txn, const char *name, int64_t delta,
		      struct stet_error *err);

struct stet_store_stat {
	uint64_t file_bytes;
	uint64_t map_bytes;
	int format_version;
};
int stet_store_stat(struct stet_store *st, struct stet_store_stat *out,
		    struct stet_error *err);

/* A copy of the project at path, as one moment of it while others
 * keep writing (LMDB's copy of one read snapshot), compacted (pages
 * no longer used are left out), for backups. It is written to a new
 * file beside copy, synced, and only then given copy's name, so that a
 * copy half written never carries it. An existing copy is refused
 * (STET_EXISTS) unless replace, and even then is replaced only when it
 * is a stet project other than path itself: no other file is ever
 * written over. *bytes gets the size of the copy. Reads path only. */
int stet_store_backup(const char *path, const char *copy, bool replace,
		      uint64_t *bytes, struct stet_error *err);

/* Reading what can still be read of a damaged project file, for stet
 * salvage. fn gets each record of db that reads, in key order; the
 * key and value are valid for the call only. */
typedef int (*stet_salvage_fn)(const void *key, size_t klen,
			       const void *val, size_t vlen, void *ctx,
			       struct stet_error *err);
struct stet_salvage_read {
	uint64_t records; /* records handed to fn */
	uint64_t faults;  /* places the walk could not read past at once:
			   * a page that crashed it or that LMDB found
			   * inconsistent */
	uint64_t entries; /* the records the file says db holds, when
			   * counted (its own count may be damaged too) */
	bool counted;
	bool missing;     /* the file has no such database */
	bool whole;       /* read to the end without a fault */
};
/* Every walk runs in a child process that opens path itself, read-only
 * and without LMDB's locking: a damaged page that crashes LMDB ends
 * the child only, and the walk goes on after the last record read (in
 * items, sessions and events, from the next id that reads; elsewhere,
 * from the end backward down to the fault). A record may still hold
 * damaged bytes: checking it is the caller's. Writes nothing, makes no
 * lock file; for a file no one is writing. STET_ERR when the file
 * cannot be opened at all, or fn fails. */
int stet_store_salvage(const char *path, enum stet_db db,
		       stet_salvage_fn fn, void *ctx,
		       struct stet_salvage_read *res, struct stet_error *err);

#endif
