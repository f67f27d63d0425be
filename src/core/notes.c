#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/history.h"
#include "stet/notes.h"

struct load_ctx {
	struct stet_notes *out;
	size_t cap;
	uint64_t item;
};

static int by_event(const void *key, const void *elem)
{
	uint64_t a = *(const uint64_t *)key;
	uint64_t b = ((const struct stet_note *)elem)->event;

	return (a > b) - (a < b);
}

const struct stet_note *stet_notes_find(const struct stet_notes *n,
					uint64_t event)
{
	if (n->n == 0)
		return NULL;
	return bsearch(&event, n->v, n->n, sizeof *n->v, by_event);
}

static int take(struct stet_event *ev, void *ctx, struct stet_error *err)
{
	struct load_ctx *lc = ctx;
	struct stet_notes *out = lc->out;
	struct stet_note *nt;

	(void)err;
	if (ev->action == STET_ACT_UNDO) {
		/* An undo names the event it took back, which came before
		 * it: a note collected already, if it was one. */
		nt = (struct stet_note *)stet_notes_find(out, ev->target);
		if (nt != NULL)
			nt->item = 0;
		return STET_OK;
	}
	if (ev->action != STET_ACT_FLAG && ev->action != STET_ACT_NOTE)
		return STET_OK;
	if (lc->item != 0 && ev->item != lc->item)
		return STET_OK;
	if (out->n == lc->cap) {
		lc->cap = lc->cap ? 2 * lc->cap : 16;
		out->v = stet_xrealloc(out->v, lc->cap * sizeof *out->v);
	}
	nt = &out->v[out->n++];
	nt->event = ev->id;
	nt->item = ev->item;
	nt->annotator = ev->annotator;
	nt->time_ms = ev->time_ms;
	nt->flag = ev->action == STET_ACT_FLAG;
	nt->text = ev->text ? stet_xstrdup(ev->text) : NULL;
	return STET_OK;
}

int stet_notes_load(struct stet_txn *txn, uint64_t item,
		    struct stet_notes *out, struct stet_error *err)
{
	struct load_ctx lc = {out, 0, item};
	size_t kept = 0;

	memset(out, 0, sizeof *out);
	if (stet_events_each(txn, 0, take, &lc, err) != STET_OK) {
		stet_notes_free(out);
		return STET_ERR;
	}
	/* Item ids start at 1: 0 marks the notes an undo took back. */
	for (size_t i = 0; i < out->n; i++) {
		if (out->v[i].item == 0) {
			free(out->v[i].text);
			continue;
		}
		out->v[kept++] = out->v[i];
	}
	out->n = kept;
	return STET_OK;
}

void stet_notes_free(struct stet_notes *n)
{
	for (size_t i = 0; i < n->n; i++)
		free(n->v[i].text);
	free(n->v);
	memset(n, 0, sizeof *n);
}
