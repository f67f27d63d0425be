#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "store_in.h"

/* Where each open project is mapped, for stet_store_fault_path, which
 * may run in a signal handler: plain atomics, no lock on its side. A
 * slot's path is its store's, valid until store_map_forget. */
#define MAX_MAPS 16

struct map_slot {
	atomic_uintptr_t lo, hi;
	_Atomic(const char *) path;
	atomic_bool used;
};

static struct map_slot maps[MAX_MAPS];

_Thread_local const char *volatile store_in_lmdb;

static void (*damage_handler)(const char *path, const char *what);

void stet_store_set_damage_handler(void (*handler)(const char *path,
						   const char *what))
{
	damage_handler = handler;
}

void store_lmdb_assert(MDB_env *env, const char *msg)
{
	const char *path = NULL;

	if (damage_handler == NULL)
		return;
	if (mdb_env_get_path(env, &path) != 0 || path == NULL)
		path = store_in_lmdb != NULL ? store_in_lmdb : "the project";
	damage_handler(path, msg);
}

/* A damaged record's length can send a read up to 4 GiB past where it
 * starts (LMDB keeps data lengths in 32 bits), and a damaged page's
 * index 128 KiB past its page. */
#define OVERRUN (((uintptr_t)1 << 32) + ((uintptr_t)1 << 17))

bool store_db_known(const void *key, size_t klen)
{
	for (int i = 0; i < STET_DB_COUNT; i++)
		if (strlen(store_db_names[i]) == klen &&
		    memcmp(store_db_names[i], key, klen) == 0)
			return true;
	return false;
}

/* LMDB does not say where its map is: the mapping of the data file is
 * found in /proc/self/maps by its device and inode. */
static bool find_map(int fd, uintptr_t *lo, uintptr_t *hi)
{
	struct stat sb;
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	bool found = false;

	if (fstat(fd, &sb) != 0 || (f = fopen("/proc/self/maps", "r")) == NULL)
		return false;
	while (getline(&line, &cap, f) > 0) {
		unsigned long a, b, ino;
		unsigned int major, minor;

		/* The largest: a map of the whole file, not a reader's
		 * view of a page. */
		if (sscanf(line, "%lx-%lx %*s %*s %x:%x %lu", &a, &b, &major,
			   &minor, &ino) == 5 && ino == sb.st_ino &&
		    makedev(major, minor) == sb.st_dev && b > a &&
		    (!found || b - a > *hi - *lo)) {
			*lo = a;
			*hi = b;
			found = true;
		}
	}
	free(line);
	fclose(f);
	return found;
}

void store_map_note(struct stet_store *st)
{
	mdb_filehandle_t fd;
	uintptr_t lo, hi;

	if (st->env == NULL || mdb_env_get_fd(st->env, &fd) != 0 ||
	    !find_map(fd, &lo, &hi))
		return;
	if (st->map_slot < 0) {
		for (int i = 0; i < MAX_MAPS; i++) {
			bool no = false;

			if (atomic_compare_exchange_strong(&maps[i].used, &no,
							   true)) {
				st->map_slot = i;
				break;
			}
		}
		if (st->map_slot < 0)
			return;
	}
	/* Emptied first, so that no reader pairs one map's start with
	 * another's end. */
	atomic_store(&maps[st->map_slot].path, NULL);
	atomic_store(&maps[st->map_slot].lo, lo);
	atomic_store(&maps[st->map_slot].hi, hi);
	atomic_store(&maps[st->map_slot].path, st->path);
}

void store_map_forget(struct stet_store *st)
{
	if (st->map_slot < 0)
		return;
	atomic_store(&maps[st->map_slot].path, NULL);
	atomic_store(&maps[st->map_slot].used, false);
	st->map_slot = -1;
}

uintptr_t store_map_base(const struct stet_store *st)
{
	return st->map_slot < 0 ? 0 : atomic_load(&maps[st->map_slot].lo);
}

const char *stet_store_fault_path(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;

	if (store_in_lmdb != NULL)
		return store_in_lmdb;
	for (int i = 0; i < MAX_MAPS; i++) {
		const char *path = atomic_load(&maps[i].path);
		uintptr_t lo = atomic_load(&maps[i].lo);
		uintptr_t hi = atomic_load(&maps[i].hi);

		if (path != NULL && a >= lo && a - lo < hi - lo + OVERRUN)
			return path;
	}
	return NULL;
}
