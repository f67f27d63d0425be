#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stet/label_name.h"
#include "stet/schema.h"

enum change_kind { ADD, RENAME, DESCRIBE, OVERLAP, HOTKEY };

struct change {
	enum change_kind kind;
	const char *a, *b;
};

struct schema_ctx {
	struct change *changes;
	size_t n;
	const char *key;
	const char *colour;
	enum stet_label_kind kind; /* of the labels added */
	int span_overlap;          /* -1: unchanged, else 0 or 1 */
	bool rekey;                /* move hotkeys the span view keeps */
	struct stet_buf moved;     /* what --rekey moved, a line each */
	struct stet_schema schema;
};

/* Whether this command's --hotkey gave the label name its key. */
static bool given_key(const struct schema_ctx *sc, const char *name)
{
	struct stet_buf nfc;
	bool given = false;

	stet_buf_init(&nfc);
	for (size_t i = 0; i < sc->n && !given; i++) {
		stet_label_nfc(sc->changes[i].a ? sc->changes[i].a : "", &nfc);
		given = sc->changes[i].kind == HOTKEY &&
			strcmp(nfc.data, name) == 0;
	}
	stet_buf_free(&nfc);
	return given;
}

/* The hotkeys the span view keeps are refused in a schema with span or
 * token labels. --rekey gives each such label the first free default
 * key (or none) and says so; without it the refusal names the way out. */
static int span_keys(struct schema_ctx *sc, struct stet_error *err)
{
	const struct stet_binding *b;
	const struct stet_label *l;

	stet_buf_reset(&sc->moved);
	while ((l = stet_schema_span_key_clash(&sc->schema, &b)) != NULL) {
		char old[sizeof l->key];

		if (!sc->rekey && given_key(sc, l->name))
			return stet_error_set(err, STET_ERR,
					      "--hotkey %s=%s: stet label's span view keeps %s for %s (%s); choose another",
					      l->name, l->key, l->key,
					      b->action, b->help);
		if (!sc->rekey)
			return stet_error_set(err, STET_ERR,
					      "the label \"%s\" has the hotkey %s, which stet label's span view keeps for %s (%s): give it another in the same command with --hotkey '%s=K' (K a free key, or none), or let stet choose with --rekey",
					      l->name, l->key, b->action,
					      b->help, l->name);
		memcpy(old, l->key, sizeof old);
		if (stet_schema_set_key(&sc->schema, l->name, NULL, err) != STET_OK)
			return STET_ERR;
		if (l->key[0])
			stet_buf_printf(&sc->moved, "label \"%s\": hotkey %s moved to %s\n",
					l->name, old, l->key);
		else
			stet_buf_printf(&sc->moved, "label \"%s\": hotkey %s dropped, no key of 1-9 or 0 is free (t picks the label from a list)\n",
					l->name, old);
	}
	return STET_OK;
}

static int apply_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct schema_ctx *sc = ctx;

	stet_schema_free(&sc->schema);
	if (stet_schema_load(txn, &sc->schema, err) != STET_OK)
		return STET_ERR;
	for (size_t i = 0; i < sc->n; i++) {
		const struct change *ch = &sc->changes[i];
		int rc;

		if (ch->kind == ADD)
			rc = stet_schema_add_kind(&sc->schema, ch->a, sc->key,
						  NULL, sc->colour, sc->kind,
						  err);
		else if (ch->kind == RENAME)
			rc = stet_schema_rename(&sc->schema, ch->a, ch->b, err);
		else if (ch->kind == DESCRIBE)
			rc = stet_schema_describe(&sc->schema, ch->a, ch->b, err);
		else if (ch->kind == HOTKEY)
			rc = stet_schema_set_key(&sc->schema, ch->a, ch->b, err);
		else
			rc = STET_OK; /* the overlap, set below */
		if (rc != STET_OK)
			return rc;
	}
	if (sc->span_overlap >= 0)
		sc->schema.no_overlap = !sc->span_overlap;
	if (span_keys(sc, err) != STET_OK)
		return STET_ERR;
	return stet_schema_save(txn, &sc->schema, err);
}

/* A first word the schema file would read as something else. */
static bool looks_special(const char *name)
{
	return name[0] == '#' || strncmp(name, "multi:", 6) == 0 ||
	       strncmp(name, "span-overlap:", 13) == 0 ||
	       strchr(name, '\t') != NULL;
}

static void print_schema(const struct stet_schema *s)
{
	struct stet_buf name;

	stet_buf_init(&name);
	printf("# schema version %u\nmulti: %s\n", s->version,
	       s->multi ? "yes" : "no");
	if (stet_schema_count_kind(s, STET_KIND_SPAN) > 0 || s->no_overlap)
		printf("span-overlap: %s\n", s->no_overlap ? "no" : "yes");
	for (size_t i = 0; i < s->nlabels; i++) {
		const struct stet_label *l = &s->labels[i];

		/* The output reads back as a schema file: a label without a
		 * hotkey says so, or it would get a default one. */
		stet_buf_reset(&name);
		stet_label_quote(l->name, ' ', looks_special, &name);
		printf("%s key=%s", name.data, l->key[0] ? l->key : "none");
		if (l->colour)
			printf(" colour=%s", l->colour);
		if (l->kind != STET_KIND_ITEM)
			printf(" kind=%s", stet_label_kind_name(l->kind));
		if (l->description)
			printf(" %s", l->description);
		putchar('\n');
	}
	stet_buf_free(&name);
}

static int show(const struct cli_command *cmd, struct stet_store *st)
{
	struct stet_txn *txn;
	struct stet_schema s;
	struct stet_error err = {0};
	int rc;

	stet_schema_init(&s);
	if (stet_txn_begin_read(st, &txn, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	rc = stet_schema_load(txn, &s, &err);
	stet_txn_end(txn);
	if (rc != STET_OK)
		return cli_fail_err(cmd, &err);
	print_schema(&s);
	stet_schema_free(&s);
	return EXIT_OK;
}

/* A name, hotkey or colour no schema would take is a usage error:
 * tried on an empty schema before the project is opened. */
static int check_adds(const struct cli_command *cmd,
		      const struct schema_ctx *sc)
{
	struct stet_error err = {0};
	struct stet_schema s;
	int rc = STET_OK;

	stet_schema_init(&s);
	for (size_t i = 0; i < sc->n && rc == STET_OK; i++)
		if (sc->changes[i].kind == ADD)
			rc = stet_schema_add_kind(&s, sc->changes[i].a, sc->key,
						  NULL, sc->colour, sc->kind,
						  &err);
	stet_schema_free(&s);
	return rc == STET_OK ? EXIT_OK : cli_usage(cmd, "--add-label: %s", err.msg);
}

/* OLD=NEW, each name quoted as in --labels when it holds '=' or a
 * quote; the names are written back into arg, which is long enough. */
static int parse_rename(char *arg, const char **from, const char **to,
			struct stet_error *err)
{
	struct stet_buf a, b;
	const char *p = arg;
	char *eq;
	int rc;

	stet_buf_init(&a);
	stet_buf_init(&b);
	rc = stet_label_word(&p, "=", &a, err);
	if (rc == STET_OK && *p != '=')
		rc = stet_error_set(err, STET_ERR, "no '=' in '%s'", arg);
	if (rc == STET_OK) {
		eq = arg + (p - arg);
		p++;
		rc = stet_label_word(&p, "", &b, err);
	}
	if (rc == STET_OK && a.len == 0)
		rc = stet_error_set(err, STET_ERR, "no OLD name before '='");
	if (rc == STET_OK)
		rc = stet_label_name_check(b.len ? b.data : "", err);
	if (rc == STET_OK) {
		memcpy(arg, a.data, a.len + 1);
		memcpy(eq + 1, b.data, b.len + 1);
		*from = arg;
		*to = eq + 1;
	}
	stet_buf_free(&a);
	stet_buf_free(&b);
	return rc;
}

/* NAME=K, the name quoted as in --rename; K one character, or none
 * (or nothing) for no hotkey. The name is written back into arg. A key
 * no label may take is a usage error, found on an empty schema. */
static int parse_hotkey(char *arg, const char **name, const char **key,
			struct stet_error *err)
{
	struct stet_schema s;
	struct stet_buf a;
	const char *p = arg;
	int rc;

	stet_buf_init(&a);
	stet_schema_init(&s);
	rc = stet_label_word(&p, "=", &a, err);
	if (rc == STET_OK && *p != '=')
		rc = stet_error_set(err, STET_ERR, "no '=' in '%s'", arg);
	if (rc == STET_OK && a.len == 0)
		rc = stet_error_set(err, STET_ERR, "no label name before '='");
	if (rc == STET_OK) {
		*key = strcmp(p + 1, "none") == 0 ? "" : p + 1;
		memcpy(arg, a.data, a.len + 1);
		*name = arg;
		rc = stet_schema_add_kind(&s, *name, "", NULL, NULL,
					  STET_KIND_ITEM, err);
	}
	if (rc == STET_OK)
		rc = stet_schema_set_key(&s, *name, *key, err);
	stet_schema_free(&s);
	stet_buf_free(&a);
	return rc;
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"add-label", required_argument, NULL, 'a'},
		{"rename", required_argument, NULL, 'r'},
		{"describe", required_argument, NULL, 'd'},
		{"key", required_argument, NULL, 'k'},
		{"colour", required_argument, NULL, 'c'},
		{"color", required_argument, NULL, 'c'},
		{"kind", required_argument, NULL, 'K'},
		{"span-overlap", required_argument, NULL, 'O'},
		{"hotkey", required_argument, NULL, 'H'},
		{"rekey", no_argument, NULL, 'R'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct schema_ctx sc = {0};
	struct stet_store *st;
	struct stet_error err = {0};
	const char *path;
	size_t adds = 0, kinds = 0, overlaps = 0;
	int c, code = EXIT_OK;

	if ((code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;

	sc.changes = stet_xcalloc((size_t)argc + 1, sizeof *sc.changes);
	sc.span_overlap = -1;
	while ((c = cli_getopt(cmd, argc, argv, "a:r:d:k:c:h", longopts, &code)) != -1) {
		struct change *ch = &sc.changes[sc.n];
		switch (c) {
		case 'a':
			ch->kind = ADD;
			ch->a = optarg;
			sc.n++;
			adds++;
			break;
		case 'r':
			if (parse_rename(optarg, &ch->a, &ch->b, &err) != STET_OK) {
				free(sc.changes);
				return cli_usage(cmd, "--rename takes OLD=NEW: %s",
						 err.msg);
			}
			ch->kind = RENAME;
			sc.n++;
			break;
		case 'd':
			if (optind >= argc) {
				free(sc.changes);
				return cli_usage(cmd, "--describe takes LABEL and a text");
			}
			ch->kind = DESCRIBE;
			ch->a = optarg;
			ch->b = argv[optind++];
			sc.n++;
			break;
		case 'H':
			if (parse_hotkey(optarg, &ch->a, &ch->b, &err) != STET_OK) {
				free(sc.changes);
				return cli_usage(cmd, "--hotkey takes LABEL=K: %s",
						 err.msg);
			}
			ch->kind = HOTKEY;
			sc.n++;
			break;
		case 'R':
			sc.rekey = true;
			ch->kind = OVERLAP; /* nothing itself: a change to save */
			sc.n++;
			break;
		case 'k': sc.key = optarg; break;
		case 'c': sc.colour = optarg; break;
		case 'K':
			if ((c = stet_label_kind_parse(optarg)) < 0) {
				free(sc.changes);
				return cli_usage(cmd, "--kind: '%s': the kinds are item, span and token",
						 optarg);
			}
			sc.kind = (enum stet_label_kind)c;
			kinds++;
			break;
		case 'O':
			if (strcmp(optarg, "yes") != 0 && strcmp(optarg, "no") != 0) {
				free(sc.changes);
				return cli_usage(cmd, "--span-overlap takes yes or no");
			}
			sc.span_overlap = strcmp(optarg, "yes") == 0;
			ch->kind = OVERLAP;
			sc.n++;
			overlaps++;
			break;
		default:
			free(sc.changes);
			return code;
		}
	}
	if ((sc.key || sc.colour) && adds != 1) {
		free(sc.changes);
		return cli_usage(cmd, "--key and --colour go with one --add-label");
	}
	if ((kinds > 0 && adds == 0) || kinds > 1 || overlaps > 1) {
		free(sc.changes);
		return cli_usage(cmd, kinds > 0 && adds == 0 ?
				 "--kind goes with --add-label" :
				 "--kind and --span-overlap once each");
	}
	if (adds > 0 && (code = check_adds(cmd, &sc)) != EXIT_OK) {
		free(sc.changes);
		return code;
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL ||
	    optind < argc) {
		free(sc.changes);
		return path ? cli_usage(cmd, "unexpected argument '%s'", argv[optind]) : code;
	}
	if ((st = cli_open(cmd, path, sc.n == 0)) == NULL) {
		free(sc.changes);
		return EXIT_FAIL;
	}
	if (sc.n == 0) {
		code = show(cmd, st);
	} else if ((code = cli_require_lead(cmd, st, "changing the schema")) == EXIT_OK) {
		stet_schema_init(&sc.schema);
		stet_buf_init(&sc.moved);
		if (stet_store_write(st, apply_fn, &sc, &err) != STET_OK) {
			code = cli_fail_err(cmd, &err);
		} else {
			fputs(sc.moved.len ? sc.moved.data : "", stdout);
			printf("schema version %u\n", sc.schema.version);
		}
		stet_buf_free(&sc.moved);
		stet_schema_free(&sc.schema);
	}
	free(sc.changes);
	stet_store_close(st);
	return code;
}

const struct cli_command cmd_schema = {
	"schema", run, "show or change the label schema (each change is a new version)",
	"usage: stet schema PROJECT.stet\n"
	"       stet schema PROJECT.stet --add-label NAME [--key K] [--colour C]\n"
	"                                [--kind item|span|token]\n"
	"       stet schema PROJECT.stet --span-overlap yes|no\n"
	"       stet schema PROJECT.stet --rename OLD=NEW\n"
	"       stet schema PROJECT.stet --hotkey LABEL=K\n"
	"       stet schema PROJECT.stet --describe NAME TEXT\n\n"
	"With no option, prints the schema in the schema file format.\n\n"
	"  -a, --add-label NAME    add a label (the next free key of 1..9, 0)\n"
	"  -k, --key K             the new label's hotkey\n"
	"  -c, --colour C          the new label's colour\n"
	"      --kind KIND         what the added labels label: item (the default),\n"
	"                          span (a stretch of text) or token (one tag a token)\n"
	"      --span-overlap yes|no  whether spans may overlap or nest\n"
	"  -r, --rename OLD=NEW    rename a label; its annotations follow it (a name\n"
	"                          with '=' or '\"' in double quotes: '\"a=b\"=c')\n"
	"  -d, --describe NAME TEXT  set a label's guideline text\n"
	"      --hotkey LABEL=K    give a label the hotkey K (none: no hotkey)\n"
	"      --rekey             give each label whose hotkey stet label's span\n"
	"                          view keeps (w b v x [ ] ...) the next free key\n"
	"  -h, --help              show this help\n",
};
