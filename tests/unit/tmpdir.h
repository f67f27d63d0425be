/* A scratch directory per test program, removed at exit. */
#ifndef STET_TMPDIR_H
#define STET_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char tmpdir_path[256];

static void tmpdir_remove(void)
{
	char cmd[300];

	if (tmpdir_path[0] == '\0')
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir_path);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", tmpdir_path);
}

/* A fresh path inside the scratch directory. */
static const char *tmp_path(const char *name)
{
	static char path[512];

	if (tmpdir_path[0] == '\0') {
		const char *base = getenv("TMPDIR");

		snprintf(tmpdir_path, sizeof tmpdir_path, "%s/stet-unit.XXXXXX",
			 base && *base ? base : "/tmp");
		if (mkdtemp(tmpdir_path) == NULL) {
			perror("mkdtemp");
			exit(99);
		}
		atexit(tmpdir_remove);
	}
	snprintf(path, sizeof path, "%s/%s", tmpdir_path, name);
	return path;
}

#endif
