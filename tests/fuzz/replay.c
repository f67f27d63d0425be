/* The main of a fuzz target in a build without libFuzzer: feeds the
 * inputs kept in the tree to LLVMFuzzerTestOneInput, so that every
 * build replays them under its own compiler and sanitizers. With no
 * arguments it reads $srcdir/tests/fuzz/regress/NAME (inputs that once
 * crashed) and $srcdir/tests/fuzz/corpus/NAME (the seeds), NAME being
 * the program's name, and reports one TAP line per input; with
 * arguments, the files named. An input that crashes ends the program
 * with the sanitizer's report, after a line naming it. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

struct list {
	char **v;
	size_t n;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(struct list *l, const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t first = l->n;

	if (d == NULL) {
		if (errno == ENOENT)
			return;
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(99);
	}
	while ((e = readdir(d)) != NULL) {
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		len = strlen(path) + strlen(e->d_name) + 2;
		l->v = realloc(l->v, (l->n + 1) * sizeof *l->v);
		if (l->v == NULL || (l->v[l->n] = malloc(len)) == NULL)
			abort();
		snprintf(l->v[l->n++], len, "%s/%s", path, e->d_name);
	}
	closedir(d);
	qsort(l->v + first, l->n - first, sizeof *l->v, by_name);
}

static int replay(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0;

	if (f == NULL)
		return -1;
	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		size_t r = fread(buf + n, 1, cap - n, f);

		if (r == 0)
			break;
		n += r;
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	/* A copy of exactly n bytes, so that a read past the input is
	 * caught as libFuzzer would catch it. */
	unsigned char *exact = malloc(n ? n : 1);

	if (exact == NULL)
		abort();
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

int main(int argc, char **argv)
{
	struct list l = {NULL, 0};
	const char *name = strrchr(argv[0], '/');
	const char *src = getenv("srcdir");
	char path[1024];
	int failed = 0;

	name = name ? name + 1 : argv[0];
	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			l.v = realloc(l.v, (l.n + 1) * sizeof *l.v);
			if (l.v == NULL || (l.v[l.n++] = strdup(argv[i])) == NULL)
				abort();
		}
	} else {
		if (src == NULL)
			src = ".";
		snprintf(path, sizeof path, "%s/tests/fuzz/regress/%s", src,
			 name);
		list_dir(&l, path);
		snprintf(path, sizeof path, "%s/tests/fuzz/corpus/%s", src,
			 name);
		list_dir(&l, path);
	}
	printf("1..%zu\n", l.n);
	for (size_t i = 0; i < l.n; i++) {
		const char *shown = l.v[i];

		if (src != NULL && strncmp(shown, src, strlen(src)) == 0 &&
		    shown[strlen(src)] == '/')
			shown += strlen(src) + 1;
		printf("# %s\n", shown);
		fflush(stdout);
		if (replay(l.v[i]) != 0) {
			printf("not ok %zu - %s: %s\n", i + 1, shown,
			       strerror(errno));
			failed = 1;
		} else {
			printf("ok %zu - %s\n", i + 1, shown);
		}
		free(l.v[i]);
	}
	free(l.v);
	return failed;
}
