#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define THEME_NO_CURSES
#include "../../src/tui/theme.h"
#include "stet/buf.h"
#include "tmpdir.h"

static const char *const theme_files[] = {
	"default", "light", "high-contrast", "mono",
};

static const char *srcdir(void)
{
	const char *s = getenv("srcdir");

	return s && *s ? s : ".";
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct stet_buf b;
	char chunk[4096];
	size_t got;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	stet_buf_init(&b);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		stet_buf_add(&b, chunk, got);
	fclose(f);
	*n = b.len;
	return stet_buf_take(&b);
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		fail_msg("cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

static void make_dir(const char *path)
{
	if (mkdir(path, 0700) != 0)
		fail_msg("mkdir %s", path);
}

static int parse(struct theme *t, const char *text, struct stet_error *err)
{
	return theme_parse(t, text, strlen(text), "t.theme", err);
}

static void assert_same_style(const struct theme_style *a,
			      const struct theme_style *b)
{
	assert_int_equal(a->fg8, b->fg8);
	assert_int_equal(a->bg8, b->bg8);
	assert_int_equal(a->fg256, b->fg256);
	assert_int_equal(a->bg256, b->bg256);
	assert_int_equal(a->attrs, b->attrs);
	assert_int_equal(a->set, b->set);
}

static void assert_same_theme(const struct theme *a, const struct theme *b)
{
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		assert_same_style(&a->role[r], &b->role[r]);
}

static void parse_file(const char *name, struct theme *t)
{
	struct stet_error err = {0};
	char path[512];
	size_t n;
	char *text;

	snprintf(path, sizeof path, "%s/themes/%s.theme", srcdir(), name);
	text = slurp(path, &n);
	if (theme_parse(t, text, n, path, &err) != STET_OK)
		fail_msg("%s", err.msg);
	free(text);
}

/* Isolates lookups from the user's own themes. */
static void clean_env(void)
{
	static char config[512];

	if (config[0] == '\0') {
		snprintf(config, sizeof config, "%s", tmp_path("config"));
		make_dir(config);
	}
	setenv("XDG_CONFIG_HOME", config, 1);
	unsetenv("STET_THEME_PATH");
	unsetenv("STET_THEME");
}

static void role_names_are_distinct(void **state)
{
	(void)state;
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		assert_non_null(theme_role_name((enum theme_role)r));
		for (int q = 0; q < r; q++)
			assert_string_not_equal(theme_role_name((enum theme_role)r),
						theme_role_name((enum theme_role)q));
	}
	assert_string_equal(theme_role_name(THEME_NORMAL), "normal");
	assert_string_equal(theme_role_name(THEME_LABEL1), "label.1");
	assert_string_equal(theme_role_name(THEME_LABEL8), "label.8");
	assert_null(theme_role_name(THEME_ROLE_COUNT));
	assert_null(theme_role_name((enum theme_role)-1));
}

static void shipped_themes_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof theme_files / sizeof theme_files[0]; i++) {
		struct theme t;
		bool mono = strcmp(theme_files[i], "mono") == 0;

		parse_file(theme_files[i], &t);
		assert_null(t.name);
		for (int r = 0; r < THEME_ROLE_COUNT; r++) {
			const struct theme_style *s = &t.role[r];

			assert_true(s->fg8 >= -1 && s->fg8 <= 7);
			assert_true(s->bg8 >= -1 && s->bg8 <= 7);
			assert_true(s->fg256 >= -1 && s->fg256 <= 255);
			assert_true(s->bg256 >= -1 && s->bg256 <= 255);
			if (mono) {
				assert_int_equal(s->fg8, -1);
				assert_int_equal(s->bg8, -1);
				assert_int_equal(s->fg256, -1);
				assert_int_equal(s->bg256, -1);
			} else if (r != THEME_NORMAL) {
				/* Colour themes give every role. */
				assert_true(s->set);
			}
		}
		/* What must stand out does, even without colour. */
		if (mono) {
			assert_true(t.role[THEME_CHOSEN].attrs != 0);
			assert_true(t.role[THEME_HOTKEY].attrs != 0);
			assert_true(t.role[THEME_CELL].attrs != 0);
			assert_true(t.role[THEME_STATUS].attrs != 0);
			assert_true(t.role[THEME_MATCH].attrs != 0);
			assert_true(t.role[THEME_ESCAPE].attrs != 0);
		}
		theme_free(&t);
	}
}

/* Every shipped theme is compiled in, so that --theme NAME works from
 * a build that is not installed. */
static void builtins_match_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof theme_files / sizeof theme_files[0]; i++) {
		struct theme file, builtin;
		struct stet_error err = {0};
		const char *text = theme_builtin(theme_files[i]);

		assert_non_null(text);
		parse_file(theme_files[i], &file);
		assert_int_equal(theme_parse(&builtin, text, strlen(text), "b",
					     &err), STET_OK);
		assert_same_theme(&file, &builtin);
		theme_free(&file);
		theme_free(&builtin);
	}
	assert_null(theme_builtin("warm"));
	assert_null(theme_builtin(NULL));
}

static void format_details(void **state)
{
	static const char text[] =
		"\xef\xbb\xbf# a comment\r\n"
		"\n"
		"   # an indented comment\n"
		"normal = white/252 black/234\r\n"
		"title=red/196 blue/21 bold\tunderline # the top line\n"
		"\tstatus\t=\t-/235 -\n"
		"hotkey = - - reverse\n"
		"cell = italic standout dim\n"
		"match = default\n"
		"label.3 = 117";
	struct theme t;
	struct stet_error err = {0};
	const struct theme_style *s;

	(void)state;
	assert_int_equal(parse(&t, text, &err), STET_OK);
	s = &t.role[THEME_NORMAL];
	assert_true(s->set);
	assert_int_equal(s->fg8, 7);
	assert_int_equal(s->fg256, 252);
	assert_int_equal(s->bg8, 0);
	assert_int_equal(s->bg256, 234);
	s = &t.role[THEME_TITLE];
	assert_int_equal(s->fg8, 1);
	assert_int_equal(s->fg256, 196);
	assert_int_equal(s->bg8, 4);
	assert_int_equal(s->bg256, 21);
	assert_int_equal(s->attrs, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);
	/* "-" is normal's colour, on one side of "/" or both. */
	s = &t.role[THEME_STATUS];
	assert_int_equal(s->fg8, 7);
	assert_int_equal(s->fg256, 235);
	assert_int_equal(s->bg8, 0);
	assert_int_equal(s->bg256, 234);
	assert_int_equal(s->attrs, 0);
	s = &t.role[THEME_HOTKEY];
	assert_int_equal(s->fg256, 252);
	assert_int_equal(s->attrs, THEME_ATTR_REVERSE);
	/* Attributes alone leave both colours to normal. */
	s = &t.role[THEME_CELL];
	assert_int_equal(s->fg256, 252);
	assert_int_equal(s->bg256, 234);
	assert_int_equal(s->attrs, THEME_ATTR_ITALIC | THEME_ATTR_STANDOUT |
			 THEME_ATTR_DIM);
	/* One colour: the foreground; the background is normal's. */
	s = &t.role[THEME_MATCH];
	assert_int_equal(s->fg8, -1);
	assert_int_equal(s->fg256, -1);
	assert_int_equal(s->bg256, 234);
	/* A number alone is approximated for 8 colours. */
	s = &t.role[THEME_LABEL3];
	assert_int_equal(s->fg256, 117);
	assert_int_equal(s->fg8, 6);
	/* Roles not given are normal, and say so; normal's attributes are
	 * inherited with it. */
	s = &t.role[THEME_ERROR];
	assert_false(s->set);
	assert_int_equal(s->fg256, 252);
	assert_int_equal(s->bg256, 234);
	theme_free(&t);

	assert_int_equal(parse(&t, "normal = - - bold\n", &err), STET_OK);
	assert_int_equal(t.role[THEME_NORMAL].fg8, -1);
	assert_int_equal(t.role[THEME_NORMAL].bg256, -1);
	assert_int_equal(t.role[THEME_DIM].attrs, THEME_ATTR_BOLD);
	theme_free(&t);

	/* An empty file is a theme of terminal defaults. */
	assert_int_equal(theme_parse(&t, "", 0, "e", &err), STET_OK);
	assert_int_equal(t.role[THEME_TITLE].fg256, -1);
	assert_false(t.role[THEME_TITLE].set);
	theme_free(&t);
}

static void errors_name_path_and_line(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{"normal = default\nstatsu = red\n",
		 "t.theme:2: unknown role \"statsu\""},
		{"Title = red\n", "t.theme:1: unknown role \"Title\""},
		{"label.9 = red\n", "t.theme:1: unknown role \"label.9\""},
		{"title = rde blue\n",
		 "t.theme:1: unknown colour or attribute \"rde\""},
		{"title = blod\n",
		 "t.theme:1: unknown colour or attribute \"blod\""},
		{"\n\ntitle = 256\n",
		 "t.theme:3: colour 256 is out of range (0 to 255)"},
		{"title = 99999999999999999999\n", "is out of range"},
		{"title = 9/100\n",
		 "t.theme:1: colour 9 before \"/\" is for 8-colour terminals"},
		{"title = red/300\n", "colour 300 after \"/\" is out of range"},
		{"title = purple/100\n", "unknown colour \"purple\" before \"/\""},
		{"title = red/\n", "unknown colour \"\" after \"/\""},
		{"title = red/1/2\n", "unknown colour \"1/2\" after \"/\""},
		{"title = +5\n", "unknown colour or attribute \"+5\""},
		{"title = red blue blod\n",
		 "t.theme:1: unknown attribute \"blod\""},
		{"title = red\n# x\ntitle = blue\n",
		 "t.theme:3: role \"title\" is already given on line 1"},
		{"title = bold red\n",
		 "colour \"red\" after an attribute: colours come first"},
		{"title = red blue green\n", "a third colour \"green\""},
		{"title = bold underline bold\n",
		 "attribute \"bold\" given twice"},
		{"title =\n", "t.theme:1: nothing after \"=\""},
		{"title = # nothing\n", "t.theme:1: nothing after \"=\""},
		{"title red\n", "t.theme:1: no \"=\""},
		{" = red\n", "t.theme:1: no role before \"=\""},
		{"sta tus = red\n", "unknown role \"sta tus\""},
		{"title = red\x1b[0m\n",
		 "t.theme:1: control character 0x1b at byte 12"},
		{"ok = 1\r\n", "unknown role \"ok\""},
		{"title = red\rblue\n", "control character 0x0d"},
		{"title = red\x7f\n", "control character 0x7f"},
		{"title = red \xc2\x9b\n", "control character U+009B at byte 13"},
		{"# fine\ntitle = r\xff\n", "t.theme:2: invalid UTF-8 at byte 10"},
		{"title = \xe2\x82\n", "invalid UTF-8"},
		{"title = \xc3\xa9t\xc3\xa9\n",
		 "unknown colour or attribute \"\xc3\xa9t\xc3\xa9\""},
	};
	struct theme t;
	struct stet_error err = {0};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&err, 0, sizeof err);
		if (parse(&t, cases[i].text, &err) != STET_ERR)
			fail_msg("accepted: %s", cases[i].text);
		if (strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("for %s: got \"%s\", want \"%s\"",
				 cases[i].text, err.msg, cases[i].msg);
		assert_null(t.name);
		theme_free(&t);
	}
	/* NUL is a control character, not the end of the text. */
	assert_int_equal(theme_parse(&t, "title = red\0x\n", 14, "n.theme", &err),
			 STET_ERR);
	assert_string_equal(err.msg, "n.theme:1: control character 0x00 at byte 12");
}

static void long_lines(void **state)
{
	char text[1200];
	struct theme t;
	struct stet_error err = {0};
	char word[80];

	(void)state;
	/* 1024 bytes is the most a line may hold, CR not counted. */
	memset(text, ' ', sizeof text);
	memcpy(text, "title = red", 11);
	text[1024] = '\r';
	text[1025] = '\n';
	memcpy(text + 1026, "# next\n", 8);
	assert_int_equal(parse(&t, text, &err), STET_OK);
	assert_int_equal(t.role[THEME_TITLE].fg8, 1);
	theme_free(&t);
	text[1024] = ' ';
	assert_int_equal(parse(&t, text, &err), STET_ERR);
	assert_string_equal(err.msg, "t.theme:1: line is longer than 1024 bytes");

	/* Long words are cut in messages, between characters. */
	memcpy(word, "title = x", 9);
	for (int i = 0; i < 30; i++)
		memcpy(word + 9 + 2 * i, "\xc3\xa9", 2);
	word[69] = '\0';
	assert_int_equal(parse(&t, word, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "\"x\xc3\xa9\xc3\xa9"));
	assert_null(strstr(err.msg, "\xc3\"")); /* not cut inside é */
}

static void colours_for_labels(void **state)
{
	short c8 = 99, c256 = 99;

	(void)state;
	assert_true(theme_colour_parse("red", &c8, &c256));
	assert_int_equal(c8, 1);
	assert_int_equal(c256, 1);
	assert_true(theme_colour_parse("208", &c8, &c256));
	assert_int_equal(c256, 208);
	assert_int_equal(c8, 1); /* orange: red more than yellow */
	assert_true(theme_colour_parse("green/28", &c8, &c256));
	assert_int_equal(c8, 2);
	assert_int_equal(c256, 28);
	assert_true(theme_colour_parse("default", &c8, &c256));
	assert_int_equal(c8, -1);
	assert_int_equal(c256, -1);
	assert_false(theme_colour_parse(NULL, &c8, &c256));
	assert_false(theme_colour_parse("", &c8, &c256));
	assert_false(theme_colour_parse("-", &c8, &c256));
	assert_false(theme_colour_parse("red/-", &c8, &c256));
	assert_false(theme_colour_parse("purple", &c8, &c256));
	assert_false(theme_colour_parse("Red", &c8, &c256));
	assert_false(theme_colour_parse("256", &c8, &c256));
	assert_false(theme_colour_parse("red ", &c8, &c256));

	assert_int_equal(theme_colour_to8(-1), -1);
	assert_int_equal(theme_colour_to8(5), 5);
	assert_int_equal(theme_colour_to8(12), 4);
	assert_int_equal(theme_colour_to8(16), 0);
	assert_int_equal(theme_colour_to8(231), 7);
	assert_int_equal(theme_colour_to8(24), 4);   /* deep blue */
	assert_int_equal(theme_colour_to8(117), 6);  /* sky blue */
	assert_int_equal(theme_colour_to8(114), 2);  /* pale green */
	assert_int_equal(theme_colour_to8(203), 1);  /* light red */
	assert_int_equal(theme_colour_to8(176), 5);  /* orchid */
	assert_int_equal(theme_colour_to8(221), 3);  /* gold */
	assert_int_equal(theme_colour_to8(237), 0);  /* dark grey */
	assert_int_equal(theme_colour_to8(250), 7);  /* light grey */
}

static void found_on_theme_path(void **state)
{
	struct theme t, file;
	struct stet_error err = {0};
	char a[512], b[512], path[1024], list[2048];

	(void)state;
	clean_env();
	snprintf(a, sizeof a, "%s", tmp_path("a"));
	snprintf(b, sizeof b, "%s", tmp_path("b"));
	make_dir(a);
	make_dir(b);
	snprintf(path, sizeof path, "%s/warm.theme", a);
	spit(path, "title = red\n");
	snprintf(path, sizeof path, "%s/warm.theme", b);
	spit(path, "title = yellow\n");
	snprintf(path, sizeof path, "%s/default.theme", b);
	spit(path, "title = green\n");
	snprintf(path, sizeof path, "%s/broken.theme", b);
	spit(path, "title = red\nstatsu = blue\n");

	/* Empty and missing directories are passed over; the first
	 * directory that has the theme wins. */
	snprintf(list, sizeof list, "::/nonexistent/dir:%s:%s", a, b);
	setenv("STET_THEME_PATH", list, 1);
	assert_int_equal(theme_load(&t, "warm", &err), STET_OK);
	assert_string_equal(t.name, "warm");
	assert_int_equal(t.role[THEME_TITLE].fg8, 1);
	theme_free(&t);

	snprintf(list, sizeof list, "%s:%s", b, a);
	setenv("STET_THEME_PATH", list, 1);
	assert_int_equal(theme_load(&t, "warm", &err), STET_OK);
	assert_int_equal(t.role[THEME_TITLE].fg8, 3);
	theme_free(&t);

	/* A file of the same name comes before the built-in copy. */
	assert_int_equal(theme_load(&t, "default", &err), STET_OK);
	assert_int_equal(t.role[THEME_TITLE].fg8, 2);
	theme_free(&t);

	/* The user's configuration directory comes after the path. */
	snprintf(path, sizeof path, "%s/stet", getenv("XDG_CONFIG_HOME"));
	make_dir(path);
	snprintf(path, sizeof path, "%s/stet/themes", getenv("XDG_CONFIG_HOME"));
	make_dir(path);
	snprintf(path, sizeof path, "%s/stet/themes/cool.theme",
		 getenv("XDG_CONFIG_HOME"));
	spit(path, "title = cyan\n");
	assert_int_equal(theme_load(&t, "cool", &err), STET_OK);
	assert_int_equal(t.role[THEME_TITLE].fg8, 6);
	theme_free(&t);
	unlink(path);

	assert_int_equal(theme_load(&t, "broken", &err), STET_ERR);
	snprintf(path, sizeof path, "%s/broken.theme:2: unknown role \"statsu\"", b);
	assert_string_equal(err.msg, path);
	assert_null(t.name);
	theme_free(&t);

	assert_int_equal(theme_load(&t, "nope", &err), STET_ERR);
	assert_non_null(strstr(err.msg, "no theme \"nope\""));
	assert_non_null(strstr(err.msg, a));
	assert_non_null(strstr(err.msg, b));
	assert_int_equal(theme_load(&t, "light.theme", &err), STET_ERR);
	assert_non_null(strstr(err.msg, "as a path"));

	/* A name with a slash is a file. */
	snprintf(path, sizeof path, "%s/themes/light.theme", srcdir());
	assert_int_equal(theme_load(&t, path, &err), STET_OK);
	assert_string_equal(t.name, "light");
	parse_file("light", &file);
	assert_same_theme(&t, &file);
	theme_free(&file);
	theme_free(&t);
	assert_int_equal(theme_load(&t, "./no/such.theme", &err), STET_ERR);
	assert_non_null(strstr(err.msg, "./no/such.theme: "));
	assert_int_equal(theme_load(&t, a, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "not a regular file"));

	assert_int_equal(theme_load(&t, "", &err), STET_ERR);
	assert_int_equal(theme_load(&t, "bad\x1bname", &err), STET_ERR);
	assert_non_null(strstr(err.msg, "control character"));
	theme_free(&t);
	clean_env();
}

static void builtin_when_not_found(void **state)
{
	const char *const *names = theme_files;

	(void)state;
	clean_env();
	setenv("STET_THEME_PATH", tmp_path("config"), 1);
#ifdef STET_THEMEDIR
	if (access(STET_THEMEDIR "/default.theme", F_OK) == 0 ||
	    access(STET_THEMEDIR "/light.theme", F_OK) == 0)
		skip(); /* installed copies would be found first */
#endif
	for (size_t i = 0; i < sizeof theme_files / sizeof theme_files[0]; i++) {
		struct theme t, builtin;
		struct stet_error err = {0};
		const char *text = theme_builtin(names[i]);

		assert_int_equal(theme_load(&t, names[i], &err), STET_OK);
		assert_string_equal(t.name, names[i]);
		assert_int_equal(theme_parse(&builtin, text, strlen(text), "b",
					     &err), STET_OK);
		assert_same_theme(&t, &builtin);
		theme_free(&t);
		theme_free(&builtin);
	}
	clean_env();
}

static void stet_theme_when_no_name(void **state)
{
	struct theme t;
	struct stet_error err = {0};
	char path[512];

	(void)state;
	clean_env();
	setenv("STET_THEME_PATH", tmp_path("config"), 1);
	setenv("STET_THEME", "mono", 1);
	assert_int_equal(theme_load(&t, NULL, &err), STET_OK);
	assert_string_equal(t.name, "mono");
	theme_free(&t);

	snprintf(path, sizeof path, "%s/themes/high-contrast.theme", srcdir());
	setenv("STET_THEME", path, 1);
	assert_int_equal(theme_load(&t, NULL, &err), STET_OK);
	assert_string_equal(t.name, "high-contrast");
	theme_free(&t);

	/* A name given outright wins over the variable. */
	assert_int_equal(theme_load(&t, "mono", &err), STET_OK);
	assert_string_equal(t.name, "mono");
	theme_free(&t);

	setenv("STET_THEME", "", 1);
	assert_int_equal(theme_load(&t, NULL, &err), STET_OK);
	assert_string_equal(t.name, "default");
	theme_free(&t);
	unsetenv("STET_THEME");
	assert_int_equal(theme_load(&t, NULL, &err), STET_OK);
	assert_string_equal(t.name, "default");
	theme_free(&t);
	theme_free(&t); /* twice is harmless */

	setenv("STET_THEME", "nope", 1);
	assert_int_equal(theme_load(&t, NULL, &err), STET_ERR);
	assert_non_null(strstr(err.msg, "no theme \"nope\""));
	theme_free(&t);
	clean_env();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(role_names_are_distinct),
		cmocka_unit_test(shipped_themes_parse),
		cmocka_unit_test(builtins_match_files),
		cmocka_unit_test(format_details),
		cmocka_unit_test(errors_name_path_and_line),
		cmocka_unit_test(long_lines),
		cmocka_unit_test(colours_for_labels),
		cmocka_unit_test(found_on_theme_path),
		cmocka_unit_test(builtin_when_not_found),
		cmocka_unit_test(stet_theme_when_no_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
