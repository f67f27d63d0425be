/* An I/O fault for the tests, loaded with LD_PRELOAD: the Nth call that
 * writes to or flushes a project's files fails, as a failing or full
 * disk makes it fail.
 *
 *   IOFAIL_AT=N       the first call to fail, counting from 1 (unset or
 *                     0: none fails, the calls are only counted)
 *   IOFAIL_TIMES=K    how many calls fail from the Nth on (default 1;
 *                     0: every one from it on, a disk gone for good)
 *   IOFAIL_ERRNO=E    EIO (default) or ENOSPC
 *   IOFAIL_MATCH=S    counts only calls on a file whose path contains S
 *                     (default ".stet": a project and its lock file,
 *                     never the terminal, a pipe or stderr's file)
 *   IOFAIL_LOG=FILE   appends "N call path [failed]" for every call
 *                     counted, so that a test learns how many there are
 *
 * The calls: write, pwrite, pwrite64, writev, pwritev, pwritev64,
 * fsync, fdatasync, and msync (on any mapping, as it names no file). A
 * failing write writes nothing; a failing flush flushes nothing.
 *
 * Under AddressSanitizer its runtime must come first in LD_PRELOAD;
 * its interceptors then call on into these, which call on into libc. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static unsigned long counted;

/* The shim's own output goes straight to the kernel, past every
 * interposed write, its own included. */
static void say(int fd, const char *s, size_t n)
{
	while (n > 0) {
		long w = syscall(SYS_write, fd, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void *real(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (f == NULL) {
		static const char msg[] = "iofail: no next definition of a call\n";

		say(2, msg, sizeof msg - 1);
		abort();
	}
	return f;
}

static unsigned long env_ulong(const char *name, unsigned long dflt)
{
	const char *s = getenv(name);

	return s != NULL && *s != '\0' ? strtoul(s, NULL, 10) : dflt;
}

static void fd_path(int fd, char *out, size_t len)
{
	char link[64];
	ssize_t n;

	if (fd < 0) {
		snprintf(out, len, "-");
		return;
	}
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, out, len - 1);
	out[n > 0 ? (size_t)n : 0] = '\0';
}

/* Whether this call (on fd, or on no file when fd is -1) fails: 0 when
 * it goes on to the real call. */
static int fault(const char *call, int fd)
{
	const char *match = getenv("IOFAIL_MATCH");
	const char *log = getenv("IOFAIL_LOG");
	unsigned long at = env_ulong("IOFAIL_AT", 0);
	unsigned long times = env_ulong("IOFAIL_TIMES", 1);
	char path[4096], line[4200];
	unsigned long n;
	bool fail;
	int saved = errno;

	fd_path(fd, path, sizeof path);
	if (fd >= 0 && strstr(path, match != NULL ? match : ".stet") == NULL) {
		errno = saved;
		return 0;
	}
	n = __atomic_add_fetch(&counted, 1, __ATOMIC_SEQ_CST);
	fail = at != 0 && n >= at && (times == 0 || n < at + times);
	if (log != NULL && *log != '\0') {
		int lfd = (int)syscall(SYS_open, log,
				       O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
				       0644);

		if (lfd >= 0) {
			int len = snprintf(line, sizeof line, "%lu %s %s%s\n",
					   n, call, path, fail ? " failed" : "");

			if (len > 0)
				say(lfd, line, (size_t)len < sizeof line ?
				    (size_t)len : sizeof line - 1);
			syscall(SYS_close, lfd);
		}
	}
	if (!fail) {
		errno = saved;
		return 0;
	}
	{
		const char *e = getenv("IOFAIL_ERRNO");

		errno = e != NULL && strcmp(e, "ENOSPC") == 0 ? ENOSPC : EIO;
	}
	return -1;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	ssize_t (*f)(int, const void *, size_t) = real("write");

	return fault("write", fd) ? -1 : f(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	ssize_t (*f)(int, const void *, size_t, off_t) = real("pwrite");

	return fault("pwrite", fd) ? -1 : f(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	ssize_t (*f)(int, const void *, size_t, off64_t) = real("pwrite64");

	return fault("pwrite", fd) ? -1 : f(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
	ssize_t (*f)(int, const struct iovec *, int) = real("writev");

	return fault("writev", fd) ? -1 : f(fd, iov, n);
}

ssize_t pwritev(int fd, const struct iovec *iov, int n, off_t off)
{
	ssize_t (*f)(int, const struct iovec *, int, off_t) = real("pwritev");

	return fault("pwritev", fd) ? -1 : f(fd, iov, n, off);
}

ssize_t pwritev64(int fd, const struct iovec *iov, int n, off64_t off)
{
	ssize_t (*f)(int, const struct iovec *, int, off64_t) =
		real("pwritev64");

	return fault("pwritev", fd) ? -1 : f(fd, iov, n, off);
}

int fsync(int fd)
{
	int (*f)(int) = real("fsync");

	return fault("fsync", fd) ? -1 : f(fd);
}

int fdatasync(int fd)
{
	int (*f)(int) = real("fdatasync");

	return fault("fdatasync", fd) ? -1 : f(fd);
}

int msync(void *addr, size_t len, int flags)
{
	int (*f)(void *, size_t, int) = real("msync");

	return fault("msync", -1) ? -1 : f(addr, len, flags);
}
