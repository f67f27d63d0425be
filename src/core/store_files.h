/* A project's two files as stet handles them around LMDB: the data
 * file is checked to be an LMDB file before LMDB is given its path, so
 * that a file that is not a project is never written; the lock file is
 * made by stet with its space reserved, so that a full disk is an error
 * and never a SIGBUS in LMDB's mapping of it. Used by the store only. */
#ifndef STET_STORE_FILES_H
#define STET_STORE_FILES_H

#include <stdbool.h>

#include "stet/error.h"

/* Whether path can be opened as an existing project: a regular file,
 * readable, and writable too when writable is set (what is in it is
 * stet_store_check_file's to say). Writes nothing. */
int store_check_data_file(const char *path, bool writable,
			  struct stet_error *err);

/* Makes the data file of a new project (stet init), refusing a name
 * already taken; LMDB writes its first pages into the empty file. */
int store_make_data_file(const char *path, struct stet_error *err);

struct store_lock {
	char *path;   /* NAME.stet-lock */
	int fd;       /* held from prepare to release, -1 when none */
	bool created; /* this open made the file */
	bool none;    /* read without a lock file (see store_lock_prepare) */
};

/* Opens NAME.stet-lock, making it when it is missing, and reserves the
 * space LMDB will map. A reader (readonly) whose lock file cannot be
 * made because the directory or filesystem is read-only to it gets
 * lk->none: it is to open the project without LMDB's locking. Every
 * other failure is an error naming the lock file; nothing is left. */
int store_lock_prepare(struct store_lock *lk, const char *data_path,
		       bool readonly, struct stet_error *err);
/* Whether data_path's lock file exists. */
bool store_lock_exists(const char *data_path);
/* Reserves any space LMDB added to the lock file while opening it, so
 * that no page of it is first touched on a full disk. */
int store_lock_back(struct store_lock *lk, struct stet_error *err);
/* Closes the lock file, after LMDB has closed it. With remove, and when
 * this open made it and no process has it open in LMDB, removes it. */
void store_lock_release(struct store_lock *lk, bool remove);

/* Unmaps from this process the pages of its mappings of the file open
 * as fd (found in /proc/self/maps: LMDB does not say where its map
 * is): they stay in the system's cache, and a later read maps them
 * again. Only for a mapping never written through (LMDB's without
 * MDB_WRITEMAP). Advice: where it cannot be given, nothing changes. */
void store_map_release(int fd);

#endif
