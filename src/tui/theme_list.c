/* Which themes there are, by name: for the shell's completion of
 * --theme. No curses here (see theme.h). */
#define THEME_NO_CURSES
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "stet/buf.h"
#include "screens.h"
#include "theme.h"

struct names {
	char **v;
	size_t n, cap;
};

static void add(struct names *l, const char *name, size_t len)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = stet_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = stet_xstrndup(name, len);
}

/* NAME of each DIR/NAME.theme: a name theme_load takes as a name, so
 * neither hidden nor holding a '/'. */
static void add_dir(struct names *l, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n > 6 && e->d_name[0] != '.' &&
		    strcmp(e->d_name + n - 6, ".theme") == 0)
			add(l, e->d_name, n - 6);
	}
	closedir(d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void theme_names(char ***names, size_t *n)
{
	struct names l = {0};
	struct stet_buf dirs;
	const char *name;
	size_t kept = 0;

	stet_buf_init(&dirs);
	theme_path(&dirs);
	for (size_t at = 0; at < dirs.len; at += strlen(dirs.data + at) + 1)
		add_dir(&l, dirs.data + at);
	stet_buf_free(&dirs);
	for (size_t i = 0; (name = theme_builtin_name(i)) != NULL; i++)
		add(&l, name, strlen(name));
	qsort(l.v, l.n, sizeof *l.v, by_name);
	for (size_t i = 0; i < l.n; i++) {
		if (kept > 0 && strcmp(l.v[kept - 1], l.v[i]) == 0)
			free(l.v[i]);
		else
			l.v[kept++] = l.v[i];
	}
	*names = l.v;
	*n = kept;
}

void theme_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
