#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "store_files.h"

/* The lock file LMDB makes for its 126 default readers: a 192-byte
 * header and 64 bytes a reader slot after the first, on 32- and 64-bit
 * Linux alike. Reserving exactly this much keeps a new lock file the
 * size LMDB would give it; should LMDB want more, it grows the file and
 * store_lock_back reserves the rest. Never more: every process derives
 * its reader count from the size, so a size changed under a process
 * that has the file open would split them. */
#define LOCK_BYTES 8192

/* Space is reserved with fallocate(2) (Linux), not posix_fallocate:
 * where a filesystem cannot reserve, glibc's emulation of the latter
 * writes into the file, which other processes may be using. */

static int not_project(const char *path, const char *why,
		       struct stet_error *err)
{
	return stet_error_set(err, STET_ERR, "%s: not a stet project (%s)",
			      path, why);
}

int store_check_data_file(const char *path, bool writable,
			  struct stet_error *err)
{
	struct stat sb;
	int fd;

	if (stat(path, &sb) != 0)
		return stet_error_set(err, STET_ERR,
			"%s: %s (create a project with: stet init %s --labels A,B)",
			path, strerror(errno), path);
	if (!S_ISREG(sb.st_mode))
		return not_project(path, "not a regular file", err);
	fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 && writable && (errno == EACCES || errno == EPERM ||
				   errno == EROFS))
		return stet_error_set(err, STET_ERR,
			"%s: cannot open the project for writing: %s; nothing was written",
			path, strerror(errno));
	if (fd < 0)
		return stet_error_set(err, STET_ERR, "%s: cannot read: %s",
				      path, strerror(errno));
	close(fd);
	return STET_OK;
}

/* Only stet init makes the data file, and makes it itself, so that a
 * name already taken is refused at once and a name in a missing
 * directory is blamed on the project; LMDB writes its first pages into
 * the empty file. */
int store_make_data_file(const char *path, struct stet_error *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0664);

	if (fd < 0 && errno == EEXIST)
		return stet_error_set(err, STET_ERR, "%s: already exists",
				      path);
	if (fd < 0 && (errno == ENOSPC || errno == EDQUOT))
		return stet_error_set(err, STET_ERR,
			"%s: no space left on device; nothing was written",
			path);
	if (fd < 0)
		return stet_error_set(err, STET_ERR, "%s: cannot create: %s",
				      path, strerror(errno));
	close(fd);
	return STET_OK;
}

static int no_space(const struct store_lock *lk, struct stet_error *err)
{
	return stet_error_set(err, STET_ERR,
		"%s: no space left on device for the lock file; nothing was written",
		lk->path);
}

/* Reserves the first `want` bytes of the lock file, or its whole size
 * when that is larger. A filesystem that cannot reserve space is left
 * to LMDB as it would be without stet. */
static int reserve(struct store_lock *lk, off_t want, struct stet_error *err)
{
	struct stat sb;

	if (fstat(lk->fd, &sb) != 0)
		return stet_error_set(err, STET_ERR, "%s: %s", lk->path,
				      strerror(errno));
	if (sb.st_size > want)
		want = sb.st_size;
	if (want == 0 || fallocate(lk->fd, 0, 0, want) == 0)
		return STET_OK;
	if (errno == EOPNOTSUPP || errno == ENOSYS)
		return STET_OK;
	if (errno == ENOSPC || errno == EDQUOT)
		return no_space(lk, err);
	return stet_error_set(err, STET_ERR,
			      "%s: cannot reserve space for the lock file: %s",
			      lk->path, strerror(errno));
}

static void drop(struct store_lock *lk)
{
	if (lk->fd >= 0)
		close(lk->fd);
	if (lk->created)
		unlink(lk->path);
	lk->fd = -1;
	lk->created = false;
}

static bool read_only_to_us(int e)
{
	return e == EACCES || e == EPERM || e == EROFS;
}

int store_lock_prepare(struct store_lock *lk, const char *data_path,
		       bool readonly, struct stet_error *err)
{
	size_t n = strlen(data_path) + sizeof "-lock";

	lk->path = stet_xmalloc(n);
	snprintf(lk->path, n, "%s-lock", data_path);
	lk->fd = -1;
	lk->created = false;
	lk->none = false;
	/* Twice: a lock file removed between the two opens is made anew. */
	for (int attempt = 0; attempt < 2; attempt++) {
		lk->fd = open(lk->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
			      0664);
		if (lk->fd >= 0) {
			lk->created = true;
			if (reserve(lk, LOCK_BYTES, err) != STET_OK) {
				drop(lk);
				return STET_ERR;
			}
			return STET_OK;
		}
		if (errno != EEXIST)
			break;
		lk->fd = open(lk->path, O_RDWR | O_CLOEXEC | O_NOCTTY);
		if (lk->fd >= 0)
			return reserve(lk, 0, err);
		/* LMDB's own rule: nobody writes on a read-only filesystem,
		 * so a reader needs no lock there. */
		if (errno == EROFS && readonly) {
			lk->none = true;
			return STET_OK;
		}
		if (errno == EACCES || errno == EPERM)
			return stet_error_set(err, STET_ERR,
				"%s: cannot open the lock file for writing: %s (everyone who opens the project needs to write it)",
				lk->path, strerror(errno));
		if (errno != ENOENT)
			return stet_error_set(err, STET_ERR,
				"%s: cannot open the lock file: %s",
				lk->path, strerror(errno));
	}
	/* A directory this reader may not write holds no lock file: the
	 * project is read without LMDB's locking (see stet(5)). */
	if (readonly && read_only_to_us(errno)) {
		lk->none = true;
		return STET_OK;
	}
	if (errno == ENOSPC || errno == EDQUOT)
		return no_space(lk, err);
	if (read_only_to_us(errno))
		return stet_error_set(err, STET_ERR,
			"%s: cannot make the lock file: %s (writing a project needs its directory writable); nothing was written",
			lk->path, strerror(errno));
	return stet_error_set(err, STET_ERR, "%s: cannot make the lock file: %s",
			      lk->path, strerror(errno));
}

bool store_lock_exists(const char *data_path)
{
	struct stat sb;
	char *lock = stet_xmalloc(strlen(data_path) + sizeof "-lock");
	bool there;

	sprintf(lock, "%s-lock", data_path);
	there = stat(lock, &sb) == 0;
	free(lock);
	return there;
}

int store_lock_back(struct store_lock *lk, struct stet_error *err)
{
	if (lk->fd < 0)
		return STET_OK;
	return reserve(lk, 0, err);
}

void store_lock_release(struct store_lock *lk, bool remove)
{
	if (lk->fd >= 0 && remove && lk->created) {
		/* Every process with the project open in LMDB holds a read
		 * lock on the lock file's first byte: a write lock granted
		 * here means none does, and the file can go. */
		struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET,
				   .l_start = 0, .l_len = 1};

		if (fcntl(lk->fd, F_SETLK, &fl) == 0)
			unlink(lk->path);
	}
	if (lk->fd >= 0)
		close(lk->fd);
	lk->fd = -1;
	free(lk->path);
	lk->path = NULL;
}

void store_map_release(int fd)
{
	struct stat sb;
	FILE *maps;
	char *line = NULL;
	size_t cap = 0;

	if (fstat(fd, &sb) != 0 || (maps = fopen("/proc/self/maps", "r")) == NULL)
		return;
	/* "start-end perms offset major:minor inode path", in hex but the
	 * inode. */
	while (getline(&line, &cap, maps) > 0) {
		unsigned long lo, hi, ino;
		unsigned int major, minor;

		if (sscanf(line, "%lx-%lx %*s %*s %x:%x %lu", &lo, &hi, &major,
			   &minor, &ino) == 5 && ino == sb.st_ino &&
		    makedev(major, minor) == sb.st_dev && hi > lo)
			(void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
	}
	free(line);
	fclose(maps);
}
