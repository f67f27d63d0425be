/* Theme files: reading, checking and finding them. No curses here (see
 * theme.h): theme_term.c puts the result on the screen. */
#define THEME_NO_CURSES
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stet/buf.h"
#include "stet/text.h"
#include "theme.h"

#ifndef STET_THEMEDIR
#error "STET_THEMEDIR must name the directory themes are installed in"
#endif

#define THEME_LINE_MAX 1024        /* bytes, not counting the line end */
#define THEME_FILE_MAX (64 * 1024) /* far more than any theme needs */
#define SHOWN_MAX 40               /* bytes of a bad word quoted back */

/* A colour a line leaves to normal; only while the file is read. */
#define INHERIT (-2)

enum word_status { WORD_OK, WORD_BAD, WORD_RANGE };

static const char *const role_names[THEME_ROLE_COUNT] = {
	[THEME_NORMAL] = "normal",
	[THEME_TITLE] = "title",
	[THEME_STATUS] = "status",
	[THEME_PROGRESS] = "progress",
	[THEME_SAVED] = "saved",
	[THEME_NOTICE] = "notice",
	[THEME_ERROR] = "error",
	[THEME_LABEL] = "label",
	[THEME_HOTKEY] = "hotkey",
	[THEME_CHOSEN] = "chosen",
	[THEME_ESCAPE] = "escape",
	[THEME_HEADER] = "header",
	[THEME_CELL] = "cell",
	[THEME_META] = "meta",
	[THEME_OVERLAY] = "overlay",
	[THEME_MATCH] = "match",
	[THEME_PROMPT] = "prompt",
	[THEME_DIM] = "dim",
	[THEME_SUGGESTED] = "suggested",
	[THEME_LABEL1] = "label.1",
	[THEME_LABEL2] = "label.2",
	[THEME_LABEL3] = "label.3",
	[THEME_LABEL4] = "label.4",
	[THEME_LABEL5] = "label.5",
	[THEME_LABEL6] = "label.6",
	[THEME_LABEL7] = "label.7",
	[THEME_LABEL8] = "label.8",
};

/* In curses order: the index is the colour number. */
static const char *const colour_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{"bold", THEME_ATTR_BOLD},
	{"dim", THEME_ATTR_DIM},
	{"underline", THEME_ATTR_UNDERLINE},
	{"reverse", THEME_ATTR_REVERSE},
	{"italic", THEME_ATTR_ITALIC},
	{"standout", THEME_ATTR_STANDOUT},
};

struct parse {
	struct theme *t;
	size_t line_of[THEME_ROLE_COUNT]; /* where a role was given; 0: not */
};

/* How much of a word to quote in a message: all of a short one, else a
 * prefix that does not end inside a UTF-8 sequence. */
static int shown(const char *w, size_t n)
{
	if (n <= SHOWN_MAX)
		return (int)n;
	n = SHOWN_MAX;
	while (n > 0 && ((unsigned char)w[n] & 0xc0) == 0x80)
		n--;
	return (int)n;
}

static bool word_is(const char *w, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(w, name, n) == 0;
}

static int role_find(const char *w, size_t n)
{
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		if (word_is(w, n, role_names[r]))
			return r;
	return -1;
}

static unsigned attr_find(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++)
		if (word_is(w, n, attr_names[i].name))
			return attr_names[i].bit;
	return 0;
}

/* One side of a colour: "-", "default", a name, or a number 0..max. */
static enum word_status colour_word(const char *w, size_t n, int max,
				    short *out)
{
	long v = 0;

	if (word_is(w, n, "-")) {
		*out = INHERIT;
		return WORD_OK;
	}
	if (word_is(w, n, "default")) {
		*out = THEME_COLOUR_DEFAULT;
		return WORD_OK;
	}
	for (short i = 0; i < 8; i++)
		if (word_is(w, n, colour_names[i])) {
			*out = i;
			return WORD_OK;
		}
	if (n == 0)
		return WORD_BAD;
	for (size_t i = 0; i < n; i++) {
		if (w[i] < '0' || w[i] > '9')
			return WORD_BAD;
		if (v <= max)
			v = v * 10 + (w[i] - '0');
	}
	if (v > max)
		return WORD_RANGE;
	*out = (short)v;
	return WORD_OK;
}

/* A colour word of a theme line: a colour for every terminal, or
 * NAME/NUMBER, the first for 8 colours and the second for 256. */
static int colour_parse(const char *w, short *c8, short *c256,
			struct stet_error *err)
{
	const char *slash = strchr(w, '/');
	size_t n = strlen(w);
	enum word_status s;

	if (slash == NULL) {
		s = colour_word(w, n, 255, c256);
		if (s == WORD_BAD)
			return stet_error_set(err, STET_ERR,
					      "unknown colour or attribute \"%.*s\"",
					      shown(w, n), w);
		if (s == WORD_RANGE)
			return stet_error_set(err, STET_ERR,
					      "colour %.*s is out of range (0 to 255)",
					      shown(w, n), w);
		*c8 = theme_colour_to8(*c256);
		return STET_OK;
	}
	n = (size_t)(slash - w);
	s = colour_word(w, n, 7, c8);
	if (s == WORD_BAD)
		return stet_error_set(err, STET_ERR,
				      "unknown colour \"%.*s\" before \"/\"",
				      shown(w, n), w);
	if (s == WORD_RANGE)
		return stet_error_set(err, STET_ERR,
			"colour %.*s before \"/\" is for 8-colour terminals: a name or 0 to 7",
			shown(w, n), w);
	w = slash + 1;
	n = strlen(w);
	s = colour_word(w, n, 255, c256);
	if (s == WORD_BAD)
		return stet_error_set(err, STET_ERR,
				      "unknown colour \"%.*s\" after \"/\"",
				      shown(w, n), w);
	if (s == WORD_RANGE)
		return stet_error_set(err, STET_ERR,
				      "colour %.*s after \"/\" is out of range (0 to 255)",
				      shown(w, n), w);
	return STET_OK;
}

/* Bytes a theme line may not hold, found before the line is split so
 * that nothing later has to think about them. */
static int line_check(const char *s, size_t n, struct stet_error *err)
{
	size_t bad;

	if (n > THEME_LINE_MAX)
		return stet_error_set(err, STET_ERR,
				      "line is longer than %d bytes",
				      THEME_LINE_MAX);
	if (!stet_utf8_valid(s, n, &bad))
		return stet_error_set(err, STET_ERR,
				      "invalid UTF-8 at byte %zu", bad + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return stet_error_set(err, STET_ERR,
					      "control character 0x%02x at byte %zu",
					      c, i + 1);
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] < 0xa0)
			return stet_error_set(err, STET_ERR,
					      "control character U+%04X at byte %zu",
					      (unsigned char)s[i + 1], i + 1);
	}
	return STET_OK;
}

static char *skip_space(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static char *word_end(char *p)
{
	while (*p && *p != ' ' && *p != '\t')
		p++;
	return p;
}

/* The words after "=": up to two colours, then attributes. */
static int parse_style(char *p, struct theme_style *st,
		       struct stet_error *err)
{
	/* The foreground first, then the background. */
	short *to8[2] = {&st->fg8, &st->bg8};
	short *to256[2] = {&st->fg256, &st->bg256};
	int ncolours = 0, nwords = 0;
	short c8, c256;

	for (p = skip_space(p); *p && *p != '#'; p = skip_space(p)) {
		char *w = p, *end = word_end(p);
		size_t n = (size_t)(end - w);
		unsigned bit = attr_find(w, n);

		p = *end ? end + 1 : end;
		*end = '\0';
		nwords++;
		if (bit != 0) {
			if (st->attrs & bit)
				return stet_error_set(err, STET_ERR,
						      "attribute \"%s\" given twice", w);
			st->attrs |= bit;
			continue;
		}
		if (st->attrs != 0 || ncolours == 2) {
			if (colour_parse(w, &c8, &c256, NULL) != STET_OK)
				return stet_error_set(err, STET_ERR,
						      "unknown attribute \"%.*s\"",
						      shown(w, n), w);
			if (st->attrs != 0)
				return stet_error_set(err, STET_ERR,
					"colour \"%.*s\" after an attribute: colours come first",
					shown(w, n), w);
			return stet_error_set(err, STET_ERR,
				"a third colour \"%.*s\": give a foreground and a background at most",
				shown(w, n), w);
		}
		if (colour_parse(w, to8[ncolours], to256[ncolours], err) != STET_OK)
			return STET_ERR;
		ncolours++;
	}
	if (nwords == 0)
		return stet_error_set(err, STET_ERR,
				      "nothing after \"=\": give colours or attributes");
	return STET_OK;
}

/* One line, NUL-terminated and checked: blank, a comment, or
 * ROLE = FOREGROUND BACKGROUND ATTRIBUTE... */
static int parse_line(struct parse *p, char *line, size_t lineno,
		      struct stet_error *err)
{
	struct theme_style st = {INHERIT, INHERIT, INHERIT, INHERIT, 0, true};
	char *role = skip_space(line), *eq, *end;
	int r;

	if (*role == '\0' || *role == '#')
		return STET_OK;
	eq = strchr(role, '=');
	if (eq == NULL)
		return stet_error_set(err, STET_ERR,
			"no \"=\": a line is ROLE = FOREGROUND BACKGROUND ATTRIBUTE...");
	end = eq;
	while (end > role && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	if (*role == '\0')
		return stet_error_set(err, STET_ERR, "no role before \"=\"");
	r = role_find(role, (size_t)(end - role));
	if (r < 0)
		return stet_error_set(err, STET_ERR, "unknown role \"%.*s\"",
				      shown(role, (size_t)(end - role)), role);
	if (p->line_of[r] != 0)
		return stet_error_set(err, STET_ERR,
				      "role \"%s\" is already given on line %zu",
				      role_names[r], p->line_of[r]);
	if (parse_style(eq + 1, &st, err) != STET_OK)
		return STET_ERR;
	p->line_of[r] = lineno;
	p->t->role[r] = st;
	return STET_OK;
}

static void inherit(short *c, short from)
{
	if (*c == INHERIT)
		*c = from;
}

/* Gives "-" colours and missing roles what normal has. */
static void resolve(struct theme *t)
{
	struct theme_style *n = &t->role[THEME_NORMAL];

	inherit(&n->fg8, THEME_COLOUR_DEFAULT);
	inherit(&n->bg8, THEME_COLOUR_DEFAULT);
	inherit(&n->fg256, THEME_COLOUR_DEFAULT);
	inherit(&n->bg256, THEME_COLOUR_DEFAULT);
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		struct theme_style *s = &t->role[r];

		if (r == THEME_NORMAL)
			continue;
		if (!s->set) {
			*s = *n;
			s->set = false;
			continue;
		}
		inherit(&s->fg8, n->fg8);
		inherit(&s->bg8, n->bg8);
		inherit(&s->fg256, n->fg256);
		inherit(&s->bg256, n->bg256);
	}
}

/* Reads a whole theme file. STET_NOTFOUND, without a message, when
 * there is no such file, so that the search can go on. */
static int read_theme(const char *path, char **text, size_t *n,
		      struct stet_error *err)
{
	struct stet_buf b;
	struct stat st;
	char chunk[4096];
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), rc = STET_OK;

	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return STET_NOTFOUND;
		return stet_error_set(err, STET_ERR, "%s: %s", path,
				      strerror(errno));
	}
	if (fstat(fd, &st) != 0) {
		rc = stet_error_set(err, STET_ERR, "%s: %s", path,
				    strerror(errno));
		close(fd);
		return rc;
	}
	/* Not a FIFO or a device: reading one could wait for ever. */
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return stet_error_set(err, STET_ERR,
				      "%s: not a regular file", path);
	}
	stet_buf_init(&b);
	while ((got = read(fd, chunk, sizeof chunk)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			rc = stet_error_set(err, STET_ERR, "%s: %s", path,
					    strerror(errno));
			break;
		}
		stet_buf_add(&b, chunk, (size_t)got);
		if (b.len > THEME_FILE_MAX) {
			rc = stet_error_set(err, STET_ERR,
				"%s: larger than %d KiB, too large for a theme",
				path, THEME_FILE_MAX / 1024);
			break;
		}
	}
	close(fd);
	if (rc != STET_OK) {
		stet_buf_free(&b);
		return rc;
	}
	*n = b.len;
	*text = b.len ? stet_buf_take(&b) : stet_xstrdup("");
	return STET_OK;
}

static int load_file(struct theme *t, const char *path,
		     struct stet_error *err)
{
	char *text;
	size_t n;
	int rc = read_theme(path, &text, &n, err);

	if (rc != STET_OK)
		return rc;
	rc = theme_parse(t, text, n, path, err);
	free(text);
	return rc;
}

/* Tries DIR/NAME.theme, dir being dlen bytes; notes dir in tried for
 * the message when no directory has it. */
static int load_from(struct theme *t, const char *dir, size_t dlen,
		     const char *name, struct stet_buf *tried,
		     struct stet_error *err)
{
	struct stet_buf path;
	int rc;

	if (dlen == 0)
		return STET_NOTFOUND;
	stet_buf_init(&path);
	stet_buf_printf(&path, "%.*s/%s.theme", (int)dlen, dir, name);
	rc = load_file(t, path.data, err);
	stet_buf_free(&path);
	if (rc == STET_NOTFOUND)
		stet_buf_printf(tried, "%s%.*s", tried->len ? ", " : "",
				(int)dlen, dir);
	return rc;
}

void theme_path(struct stet_buf *dirs)
{
	const char *path = getenv("STET_THEME_PATH"), *xdg, *home;

	while (path != NULL && *path) {
		size_t n = strcspn(path, ":");

		if (n > 0) {
			stet_buf_add(dirs, path, n);
			stet_buf_add(dirs, "", 1);
		}
		path += n;
		if (*path == ':')
			path++;
	}
	xdg = getenv("XDG_CONFIG_HOME");
	home = getenv("HOME");
	/* The XDG specification: a relative XDG_CONFIG_HOME is ignored. */
	if (xdg != NULL && xdg[0] == '/') {
		stet_buf_printf(dirs, "%s/stet/themes", xdg);
		stet_buf_add(dirs, "", 1);
	} else if (home != NULL && *home) {
		stet_buf_printf(dirs, "%s/.config/stet/themes", home);
		stet_buf_add(dirs, "", 1);
	}
	stet_buf_add(dirs, STET_THEMEDIR, strlen(STET_THEMEDIR) + 1);
}

static int load_named(struct theme *t, const char *name,
		      struct stet_error *err)
{
	const char *text;
	struct stet_buf tried, dirs;
	int rc = STET_NOTFOUND;

	stet_buf_init(&tried);
	stet_buf_init(&dirs);
	theme_path(&dirs);
	for (size_t at = 0; at < dirs.len && rc == STET_NOTFOUND;) {
		size_t n = strlen(dirs.data + at);

		rc = load_from(t, dirs.data + at, n, name, &tried, err);
		at += n + 1;
	}
	text = theme_builtin(name);
	if (rc == STET_NOTFOUND && text != NULL)
		rc = theme_parse(t, text, strlen(text), "(built in)", err);
	if (rc == STET_NOTFOUND) {
		size_t n = strlen(name);

		rc = stet_error_set(err, STET_ERR,
			"no theme \"%s\": no %s.theme in %s%s", name, name,
			tried.len ? tried.data : "any directory",
			n > 6 && strcmp(name + n - 6, ".theme") == 0 ?
			" (give a theme file as a path, such as ./NAME.theme)" : "");
	}
	stet_buf_free(&tried);
	stet_buf_free(&dirs);
	return rc;
}

/* "themes/warm.theme" -> "warm" */
static char *name_of_path(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 6 && strcmp(base + n - 6, ".theme") == 0)
		n -= 6;
	return n ? stet_xstrndup(base, n) : stet_xstrdup(path);
}

const char *theme_role_name(enum theme_role r)
{
	if ((unsigned)r >= THEME_ROLE_COUNT)
		return NULL;
	return role_names[r];
}

short theme_colour_to8(short c)
{
	int r, g, b, m;

	if (c < 0 || c > 255)
		return c < 0 ? c : THEME_COLOUR_DEFAULT;
	if (c < 16)
		return (short)(c % 8);
	if (c >= 232) /* the grey ramp, from 8 to 238 */
		return c < 244 ? 0 : 7;
	/* The 6x6x6 cube: keep the components near the strongest, so
	 * that a light blue stays blue and a grey turns white or black. */
	r = (c - 16) / 36;
	g = (c - 16) / 6 % 6;
	b = (c - 16) % 6;
	m = r > g ? r : g;
	m = m > b ? m : b;
	if (m < 2)
		return 0;
	return (short)((r >= m - 1 && r >= 2 ? 1 : 0) |
		       (g >= m - 1 && g >= 2 ? 2 : 0) |
		       (b >= m - 1 && b >= 2 ? 4 : 0));
}

bool theme_colour_parse(const char *s, short *c8, short *c256)
{
	short a, b;

	if (s == NULL || colour_parse(s, &a, &b, NULL) != STET_OK ||
	    a == INHERIT || b == INHERIT)
		return false;
	*c8 = a;
	*c256 = b;
	return true;
}

int theme_parse(struct theme *t, const char *text, size_t n,
		const char *path, struct stet_error *err)
{
	const struct theme_style unset = {INHERIT, INHERIT, INHERIT, INHERIT,
					  0, false};
	const char *p = text, *end = text + n;
	struct parse ps;
	size_t lineno = 0;
	char line[THEME_LINE_MAX + 1];

	memset(t, 0, sizeof *t);
	memset(&ps, 0, sizeof ps);
	ps.t = t;
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		t->role[r] = unset;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		lineno++;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (line_check(p, len, err) != STET_OK)
			goto fail;
		memcpy(line, p, len);
		line[len] = '\0';
		if (parse_line(&ps, line, lineno, err) != STET_OK)
			goto fail;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	resolve(t);
	return STET_OK;
fail:
	stet_error_prefix(err, "%s:%zu", path, lineno);
	memset(t, 0, sizeof *t);
	return STET_ERR;
}

int theme_load(struct theme *t, const char *name, struct stet_error *err)
{
	size_t bad;
	int rc;

	memset(t, 0, sizeof *t);
	if (name == NULL) {
		const char *env = getenv("STET_THEME");

		name = env != NULL && *env ? env : "default";
	}
	if (*name == '\0')
		return stet_error_set(err, STET_ERR, "empty theme name");
	if (!stet_utf8_valid(name, strlen(name), &bad))
		return stet_error_set(err, STET_ERR,
				      "theme name is not valid UTF-8");
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return stet_error_set(err, STET_ERR,
					      "theme name has a control character");
	if (strchr(name, '/') != NULL) {
		rc = load_file(t, name, err);
		if (rc == STET_NOTFOUND)
			rc = stet_error_set(err, STET_ERR, "%s: %s", name,
					    strerror(ENOENT));
		if (rc == STET_OK)
			t->name = name_of_path(name);
		return rc;
	}
	rc = load_named(t, name, err);
	if (rc == STET_OK)
		t->name = stet_xstrdup(name);
	return rc;
}

void theme_free(struct theme *t)
{
	free(t->name);
	memset(t, 0, sizeof *t);
}
