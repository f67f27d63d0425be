/* `stet --complete N WORD...`: what the shell may put in word N of the
 * command line WORD... (WORD 0 is stet itself), for the bash completion
 * (completion/stet). The commands come from main.c's table and each
 * command's options from its own --help text, so that a new command or
 * option completes as soon as it exists; labels, annotators and models
 * are read from the project named on the line.
 *
 * The answer is a kind on the first line, then the candidates:
 * "words" and the words that begin with word N, one a line; "files"
 * or "projects" (file names, or *.stet and directories) for the shell
 * to find; "none". Nothing goes to stderr: a half-typed line is not an
 * error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tui/screens.h"
#include "cli.h"
#include "stet/annotate.h"
#include "stet/options.h"
#include "stet/predict.h"
#include "stet/project.h"
#include "stet/schema.h"

enum source {
	NOTHING,
	WORDS,      /* the words given */
	FILES,
	PROJECTS,
	THEMES,
	LABELS,
	ANNOTATORS,
	MODELS,
	OPTION_NAMES, /* of stet config */
};

/* The values of an option the help text does not list as a|b|c, or
 * that come from the project. command NULL: every command. */
static const struct {
	const char *command;
	const char *option;
	enum source what;
	const char *words; /* WORDS: space-separated */
	bool list;         /* a comma-separated list: complete its last */
} option_values[] = {
	{NULL, "theme", THEMES, NULL, false},
	{NULL, "as", ANNOTATORS, NULL, false},
	{NULL, "annotator", ANNOTATORS, NULL, false},
	{NULL, "for", ANNOTATORS, NULL, false},
	{NULL, "annotators", ANNOTATORS, NULL, true},
	{"label", "label", LABELS, NULL, false},
	{"review", "labels", LABELS, NULL, true},
	{"schema", "rename", LABELS, NULL, false},
	{"schema", "describe", LABELS, NULL, false},
	{NULL, "model", MODELS, NULL, false},
	{NULL, "predictions", MODELS, NULL, false},
	{NULL, "suggest", MODELS, NULL, false},
	{NULL, "schema", FILES, NULL, false},
	{NULL, "output", FILES, NULL, false},
	{"init", "order", WORDS, "sequential shuffled uncertainty score", false},
	{"label", "order", WORDS, "sequential shuffled uncertainty score", false},
	{"import", "format", WORDS, "jsonl csv tsv txt conll", false},
	{"import-annotations", "from", WORDS,
	 "stet prodigy labelstudio doccano brat conllu conll", false},
	{NULL, "offsets", WORDS, "codepoints utf16 bytes", false},
	{NULL, "scheme", WORDS, "iob1 iob2", false},
	{"learn", "format", WORDS, "text json", false},
	{"simulate", "format", WORDS, "text json", false},
	{"simulate", "strategies", WORDS, "random least margin entropy", true},
};

/* One long option of a command, as its --help shows it. */
struct opt {
	char name[48];
	char shortname; /* 0: none */
	bool arg;       /* takes a value */
};

struct line {
	char **words;
	int n;
	int cword;
	const char *cur;
};

static const struct opt *find_long(const struct opt *o, size_t n,
				   const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(o[i].name) == len && strncmp(o[i].name, name, len) == 0)
			return &o[i];
	return NULL;
}

/* The options of the table in cmd's help: lines such as
 * "  -t, --theme NAME   colour theme..." or "      --all   every...":
 * a value when one space and a word follow the name. The synopsis
 * (up to the first blank line) is left to values_in_usage. */
static size_t parse_options(const char *usage, struct opt *o, size_t max)
{
	const char *p = strstr(usage, "\n\n");
	size_t n = 0;

	while (p != NULL && *p && n < max) {
		const char *s = p + 1, *end = strchr(s, '\n');
		char shortname = 0;
		size_t len;

		p = end;
		s += strspn(s, " ");
		if (s[0] == '-' && s[1] != '-' && s[1] && s[2] == ',') {
			shortname = s[1];
			s += 3 + strspn(s + 3, " ");
		}
		if (s[0] != '-' || s[1] != '-')
			continue;
		s += 2;
		len = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-");
		/* A wrapped description may start with an option it names
		 * ("  --spans, the table of ..."): the first line is the one. */
		if (len == 0 || len >= sizeof o[n].name ||
		    find_long(o, n, s, len) != NULL)
			continue;
		memcpy(o[n].name, s, len);
		o[n].name[len] = '\0';
		o[n].shortname = shortname;
		o[n].arg = s[len] == ' ' && s[len + 1] != ' ' &&
			   s[len + 1] != '\n' && s[len + 1] != '\0';
		n++;
	}
	return n;
}


static const struct opt *find_short(const struct opt *o, size_t n, char c)
{
	for (size_t i = 0; i < n; i++)
		if (o[i].shortname == c)
			return &o[i];
	return NULL;
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* head and then name, when name begins with prefix. */
static void offer(const char *head, const char *prefix, const char *name)
{
	if (starts(name, prefix))
		printf("%s%s\n", head, name);
}

/* The words of the synopsis's "--NAME a|b|c": lower-case choices only,
 * so that "--suggest MODEL|off" gives off (the models come from the
 * project). True when the synopsis has such a list. */
static bool values_in_usage(const char *usage, const char *name,
			    const char *prefix)
{
	const char *end = strstr(usage, "\n\n");
	size_t len = strlen(name);
	bool found = false;

	for (const char *p = strstr(usage, "--"); p != NULL && (end == NULL || p < end);
	     p = strstr(p + 2, "--")) {
		const char *v = p + 2 + len, *stop;

		if (strncmp(p + 2, name, len) != 0 || *v != ' ')
			continue;
		v++;
		stop = v + strcspn(v, " ]\n");
		if (memchr(v, '|', (size_t)(stop - v)) == NULL)
			continue;
		while (v < stop) {
			size_t w = strcspn(v, "|] \n");
			char word[64];

			if (w > 0 && w < sizeof word && v[0] >= 'a' && v[0] <= 'z') {
				memcpy(word, v, w);
				word[w] = '\0';
				offer("", prefix, word);
				found = true;
			}
			v += w + (v[w] == '|');
		}
	}
	return found;
}

static void offer_words(const char *words, const char *head,
			const char *prefix)
{
	while (*words) {
		size_t w = strcspn(words, " ");
		char word[64];

		if (w < sizeof word) {
			memcpy(word, words, w);
			word[w] = '\0';
			offer(head, prefix, word);
		}
		words += w + strspn(words + w, " ");
	}
}

/* Labels, annotators or models of the project at path. */
static void offer_from_project(const char *path, enum source what,
			       const char *head, const char *prefix)
{
	struct stet_store *st;
	struct stet_txn *txn;
	struct stet_error err = {0};

	if (path == NULL ||
	    stet_project_open(path, STET_OPEN_READONLY, &st, &err) != STET_OK)
		return;
	if (stet_txn_begin_read(st, &txn, &err) != STET_OK) {
		stet_store_close(st);
		return;
	}
	if (what == LABELS) {
		struct stet_schema sc;

		stet_schema_init(&sc);
		if (stet_schema_load(txn, &sc, &err) == STET_OK)
			for (size_t i = 0; i < sc.nlabels; i++)
				offer(head, prefix, sc.labels[i].name);
		stet_schema_free(&sc);
	} else if (what == ANNOTATORS) {
		struct stet_annotator *a = NULL;
		size_t n = 0;

		if (stet_annotators_load(txn, &a, &n, &err) == STET_OK)
			for (size_t i = 0; i < n; i++)
				offer(head, prefix, a[i].name);
		stet_annotators_free(a, n);
	} else if (what == MODELS) {
		struct stet_model *m = NULL;
		size_t n = 0;

		if (stet_models_load(txn, &m, &n, &err) == STET_OK)
			for (size_t i = 0; i < n; i++)
				offer(head, prefix, m[i].name);
		stet_models_free(m, n);
	}
	stet_txn_end(txn);
	stet_store_close(st);
}

/* Says the kind and lists what source gives. */
static void answer(enum source what, const char *words, bool list,
		   const char *cur, const char *project)
{
	const char *comma = list ? strrchr(cur, ',') : NULL;
	const char *prefix = comma ? comma + 1 : cur;
	char head[256] = "";

	if (comma != NULL && (size_t)(comma - cur) + 1 < sizeof head)
		memcpy(head, cur, (size_t)(comma - cur) + 1);
	switch (what) {
	case NOTHING: printf("none\n"); return;
	case FILES: printf("files\n"); return;
	case PROJECTS: printf("projects\n"); return;
	default: printf("words\n"); break;
	}
	if (what == WORDS) {
		offer_words(words, head, prefix);
	} else if (what == THEMES) {
		char **names;
		size_t n;

		theme_names(&names, &n);
		for (size_t i = 0; i < n; i++)
			offer(head, prefix, names[i]);
		theme_names_free(names, n);
	} else if (what == OPTION_NAMES) {
		for (size_t i = 0; i < stet_noptions; i++)
			offer(head, prefix, stet_option_names[i]);
	} else {
		offer_from_project(project, what, head, prefix);
	}
}

static void option_value(const struct cli_command *cmd, const char *name,
			 const char *cur, const char *project)
{
	for (size_t i = 0; i < sizeof option_values / sizeof option_values[0]; i++) {
		const char *c = option_values[i].command;

		if ((c != NULL && strcmp(c, cmd->name) != 0) ||
		    strcmp(option_values[i].option, name) != 0)
			continue;
		if (option_values[i].what == WORDS ||
		    option_values[i].what == FILES) {
			answer(option_values[i].what, option_values[i].words,
			       option_values[i].list, cur, project);
			return;
		}
		/* A project's names, and any choice the synopsis adds
		 * ("--suggest MODEL|off"). */
		answer(option_values[i].what, NULL, option_values[i].list, cur,
		       project);
		values_in_usage(cmd->usage, name, cur);
		return;
	}
	printf("words\n");
	values_in_usage(cmd->usage, name, cur);
}

/* Positional argument pos (0: the project) of cmd; pos_words the
 * positional arguments before it. */
static void positional(const struct cli_command *cmd, int pos,
		       char **pos_words, const char *cur, const char *project)
{
	const char *c = cmd->name;

	if (pos == 0 || (pos == 1 && (!strcmp(c, "clone") || !strcmp(c, "merge"))))
		answer(PROJECTS, NULL, false, cur, project);
	else if (starts(c, "import"))
		answer(FILES, NULL, false, cur, project);
	else if (!strcmp(c, "team") && pos == 1)
		answer(WORDS, "list add remove", false, cur, project);
	else if (!strcmp(c, "team") && pos == 2 && strcmp(pos_words[1], "list"))
		answer(ANNOTATORS, NULL, false, cur, project);
	else if (!strcmp(c, "config") && pos == 1)
		answer(OPTION_NAMES, NULL, false, cur, project);
	else
		answer(NOTHING, NULL, false, cur, project);
}

static void complete_command(const struct cli_command *cmd,
			     const struct line *l)
{
	struct opt opts[64];
	size_t nopts = parse_options(cmd->usage, opts, 64);
	char *pos_words[8];
	int npos = 0;
	bool dashdash = false;
	const struct opt *want = NULL; /* the option word cword is a value of */

	for (int i = 2; i < l->cword; i++) {
		const char *w = l->words[i];
		const struct opt *o = NULL;

		want = NULL;
		if (dashdash || w[0] != '-' || w[1] == '\0') {
			if (npos < 8)
				pos_words[npos] = l->words[i];
			npos++;
			continue;
		}
		if (strcmp(w, "--") == 0) {
			dashdash = true;
			continue;
		}
		if (w[1] == '-') {
			size_t len = strcspn(w + 2, "=");

			o = find_long(opts, nopts, w + 2, len);
			if (w[2 + len] == '=')
				continue;
		} else if (w[2] == '\0') {
			o = find_short(opts, nopts, w[1]);
		}
		if (o == NULL || !o->arg)
			continue;
		/* bash splits "--as=ann" into "--as", "=", "ann". */
		if (i + 1 < l->n && strcmp(l->words[i + 1], "=") == 0)
			i++;
		if (i + 1 < l->cword)
			i++;
		else
			want = o;
	}
	if (want != NULL) {
		const char *cur = strcmp(l->cur, "=") == 0 ? "" : l->cur;

		option_value(cmd, want->name, cur, npos > 0 ? pos_words[0] : NULL);
	} else if (!dashdash && l->cur[0] == '-') {
		size_t n = strlen(l->cur);

		printf("words\n");
		for (size_t i = 0; i < nopts; i++)
			if (strncmp(l->cur, "--", n < 2 ? n : 2) == 0)
				offer("--", n > 2 ? l->cur + 2 : "", opts[i].name);
	} else {
		positional(cmd, npos, pos_words, l->cur,
			   npos > 0 ? pos_words[0] : NULL);
	}
}

int cli_complete(const struct cli_command *const *commands, size_t ncommands,
		 int argc, char **argv)
{
	struct line l;
	char *end;
	long cword;

	if (argc < 2)
		return EXIT_USAGE;
	cword = strtol(argv[0], &end, 10);
	if (*argv[0] == '\0' || *end != '\0' || cword < 0 || cword > 4096)
		return EXIT_USAGE;
	l.words = argv + 1;
	l.n = argc - 1;
	l.cword = (int)cword;
	l.cur = l.cword < l.n ? l.words[l.cword] : "";
	/* Word N may be the one after the last (a shell that leaves out an
	 * empty last word); any further is not on the line. */
	if (l.cword == 0 || l.cword > l.n) {
		printf("none\n");
		return EXIT_OK;
	}
	if (l.cword == 1) {
		printf("words\n");
		if (l.cur[0] == '-') {
			offer("", l.cur, "--help");
			offer("", l.cur, "--version");
			return EXIT_OK;
		}
		for (size_t i = 0; i < ncommands; i++)
			offer("", l.cur, commands[i]->name);
		return EXIT_OK;
	}
	for (size_t i = 0; i < ncommands; i++)
		if (strcmp(l.words[1], commands[i]->name) == 0) {
			complete_command(commands[i], &l);
			return EXIT_OK;
		}
	printf("none\n");
	return EXIT_OK;
}
