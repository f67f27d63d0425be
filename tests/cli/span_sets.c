/* span_sets PROJECT.stet < SCRIPT: saves span sets in a project as the
 * span view saves them (one SPANS event an item, holding its whole set),
 * for the stet agree tests to measure. One line a step:
 *
 *   session ANNOTATOR NAME        later sets of ANNOTATOR go in a new
 *                                 session called NAME
 *   ITEM ANNOTATOR SPAN...        ANNOTATOR's set on the item of
 *                                 external id ITEM: SPAN is
 *                                 START:END:LABEL in code points, or
 *                                 "-" alone for the empty set
 *   undo ITEM ANNOTATOR           undoes ANNOTATOR's last set there
 *
 * The token range of each span comes from the item's tokens. Every
 * event is one second after the one before, from 2026-01-01. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/item.h"
#include "stet/project.h"
#include "stet/schema.h"
#include "stet/spans.h"

struct who {
	char name[64];
	uint32_t id;
	struct stet_session s;
	bool open;
};

struct script {
	FILE *in;
	struct who w[16];
	size_t nw;
	int64_t t;
	int line;
};

static struct who *who(struct stet_txn *txn, struct script *sc,
		       const char *name, const char *session, int *rc,
		       struct stet_error *err)
{
	struct who *w = NULL;
	bool created;

	for (size_t i = 0; i < sc->nw; i++)
		if (strcmp(sc->w[i].name, name) == 0)
			w = &sc->w[i];
	if (w == NULL) {
		if (sc->nw == 16) {
			*rc = stet_error_set(err, STET_ERR, "too many annotators");
			return NULL;
		}
		w = &sc->w[sc->nw++];
		memset(w, 0, sizeof *w);
		snprintf(w->name, sizeof w->name, "%s", name);
		*rc = stet_annotator_ensure(txn, name, STET_ROLE_ANNOTATOR,
					    &w->id, &created, err);
		if (*rc != STET_OK)
			return NULL;
	}
	if (!w->open || session != NULL) {
		memset(&w->s, 0, sizeof w->s);
		w->s.annotator = w->id;
		w->s.start_ms = sc->t;
		*rc = stet_session_add(txn, &w->s, err);
		if (*rc == STET_OK && session != NULL) {
			w->s.name = strdup(session);
			*rc = stet_session_put(txn, &w->s, err);
			free(w->s.name);
			w->s.name = NULL;
		}
		if (*rc != STET_OK)
			return NULL;
		w->open = true;
	}
	*rc = STET_OK;
	return w;
}

static int set_line(struct stet_txn *txn, struct script *sc, char *item,
		    char *ann, char **spans, size_t nspans,
		    struct stet_error *err)
{
	struct stet_schema schema;
	struct stet_tokens toks;
	struct stet_event ev;
	struct stet_span_set set;
	struct who *w;
	uint64_t id;
	int rc;

	if ((rc = stet_item_find_ext(txn, item, &id, err)) != STET_OK)
		return stet_error_set(err, STET_ERR, "line %d: no item %s", sc->line, item);
	if ((w = who(txn, sc, ann, NULL, &rc, err)) == NULL)
		return rc;
	stet_schema_init(&schema);
	stet_tokens_init(&toks);
	stet_span_set_init(&set);
	rc = stet_schema_load(txn, &schema, err);
	if (rc == STET_OK && stet_item_tokens(txn, id, &toks, err) == STET_ERR)
		rc = STET_ERR;
	for (size_t k = 0; rc == STET_OK && k < nspans; k++) {
		const char *tok = spans[k];
		struct stet_span sp;
		const struct stet_label *l;
		char label[64];

		if (strcmp(tok, "-") == 0)
			continue;
		if (sscanf(tok, "%u:%u:%63s", &sp.start, &sp.end, label) != 3 ||
		    (l = stet_schema_find(&schema, label)) == NULL) {
			rc = stet_error_set(err, STET_ERR, "line %d: bad span %s",
					    sc->line, tok);
			break;
		}
		sp.label = l->id;
		stet_span_token_range(&toks, sp.start, sp.end, &sp.tok_start,
				      &sp.tok_end);
		stet_span_set_add(&set, &sp);
	}
	memset(&ev, 0, sizeof ev);
	ev.action = STET_ACT_SPANS;
	ev.item = id;
	ev.annotator = w->id;
	ev.session = w->s.id;
	ev.time_ms = sc->t += 1000;
	ev.schema_version = schema.version;
	ev.has_spans = true;
	if (rc == STET_OK) {
		/* the event owns the spans from here */
		ev.spans = set.v;
		ev.nspans = set.n;
		rc = stet_event_append(txn, &ev, err);
	} else {
		stet_span_set_free(&set);
	}
	stet_event_clear(&ev);
	stet_schema_free(&schema);
	stet_tokens_free(&toks);
	return rc;
}

static int undo_line(struct stet_txn *txn, struct script *sc, char *item,
		     char *ann, struct stet_error *err)
{
	struct stet_span_set set;
	struct stet_event ev;
	struct who *w;
	uint64_t id, event = 0;
	int rc;

	if ((rc = stet_item_find_ext(txn, item, &id, err)) != STET_OK ||
	    (w = who(txn, sc, ann, NULL, &rc, err)) == NULL)
		return STET_ERR;
	stet_span_set_init(&set);
	rc = stet_spans_get(txn, id, w->id, &set, &event, err);
	stet_span_set_free(&set);
	if (rc != STET_OK)
		return stet_error_set(err, STET_ERR, "line %d: no set to undo", sc->line);
	memset(&ev, 0, sizeof ev);
	ev.action = STET_ACT_UNDO;
	ev.item = id;
	ev.annotator = w->id;
	ev.session = w->s.id;
	ev.time_ms = sc->t += 1000;
	ev.target = event;
	rc = stet_event_append(txn, &ev, err);
	stet_event_clear(&ev);
	return rc;
}

static int run(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct script *sc = ctx;
	char buf[8192], *tok[512];
	int rc = STET_OK;

	while (rc == STET_OK && fgets(buf, sizeof buf, sc->in) != NULL) {
		size_t n = 0;

		sc->line++;
		for (char *t = strtok(buf, " \t\n"); t != NULL && n < 512;
		     t = strtok(NULL, " \t\n"))
			tok[n++] = t;
		if (n == 0 || *tok[0] == '#')
			continue;
		if (n < 3)
			rc = stet_error_set(err, STET_ERR, "line %d: too short", sc->line);
		else if (strcmp(tok[0], "session") == 0)
			(void)who(txn, sc, tok[1], tok[2], &rc, err);
		else if (strcmp(tok[0], "undo") == 0)
			rc = undo_line(txn, sc, tok[1], tok[2], err);
		else
			rc = set_line(txn, sc, tok[0], tok[1], tok + 2, n - 2, err);
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct stet_store *st;
	struct stet_error err = {0};
	struct script sc;

	if (argc != 2) {
		fprintf(stderr, "usage: span_sets PROJECT.stet < SCRIPT\n");
		return 2;
	}
	memset(&sc, 0, sizeof sc);
	sc.in = stdin;
	sc.t = 1767225600000; /* 2026-01-01T00:00:00Z */
	if (stet_project_open(argv[1], 0, &st, &err) != STET_OK) {
		fprintf(stderr, "span_sets: %s\n", err.msg);
		return 1;
	}
	if (stet_store_write(st, run, &sc, &err) != STET_OK) {
		fprintf(stderr, "span_sets: %s\n", err.msg);
		stet_store_close(st);
		return 1;
	}
	stet_store_close(st);
	return 0;
}
