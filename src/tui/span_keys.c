/* What the keys of the span view do (its key table is in
 * label_keys.c, beside stet label's, whose handlers it shares): the
 * token cursor moves in stored order whatever the direction the text
 * is drawn in, a selection grows with it, a label key marks a span or
 * tags a token, x deletes, ] and [ go from span to span. Every change
 * to the spans is saved at once as the item's whole set, one durable
 * write (stet_labeling_spans), which u takes back a step at a time;
 * or, where the screen stores the set itself (sp.local: stet review's
 * decision on spans), kept in sp.set until it does. The handlers take
 * the screen's data as a struct label_screen: stet review's screen of
 * spans begins with one, so that they serve it too. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label.h"

static struct label_screen *state(struct screen *sc)
{
	return sc->data;
}

static size_t ntok(const struct label_screen *s)
{
	return s->loaded && s->item.kind == STET_ITEM_TEXT ?
		s->item.toks.n : 0;
}

static bool no_tokens(struct label_screen *s)
{
	if (ntok(s) > 0)
		return false;
	screen_note(&s->note, NOTE_INFO, s->loaded &&
		    s->item.kind == STET_ITEM_TABLE ?
		    "spans are marked in text; this item is a table row" :
		    "this item has no tokens to mark");
	return true;
}

static enum stet_label_kind kind_of(const struct label_screen *s, uint32_t id)
{
	const struct stet_label *l = stet_schema_find_id(s->sp.schema, id);

	return l ? l->kind : STET_KIND_ITEM;
}

/* The first token with no tag, or 0: where tagging an item resumes. */
static size_t first_untagged(const struct label_screen *s)
{
	const struct stet_tokens *tk = &s->item.toks;
	bool *tagged = stet_xcalloc(tk->n ? tk->n : 1, sizeof *tagged);
	size_t t = 0;

	for (size_t i = 0; i < s->sp.set.n; i++) {
		const struct stet_span *v = &s->sp.set.v[i];

		if (v->tok_end == v->tok_start + 1 && v->tok_start < tk->n &&
		    kind_of(s, v->label) == STET_KIND_TOKEN)
			tagged[v->tok_start] = true;
	}
	while (t < tk->n && tagged[t])
		t++;
	free(tagged);
	return t < tk->n ? t : 0;
}

void span_loaded(struct label_screen *s, uint64_t previous_item)
{
	struct span_state *sp = &s->sp;
	struct stet_error err = {0};

	sp->selecting = false;
	sp->current = SIZE_MAX;
	if (stet_labeling_spans_get(&s->lab, s->pos, &sp->set, &err) != STET_OK) {
		screen_note_error(&s->note, "cannot read the spans", &err);
		return;
	}
	if (s->item.id != previous_item)
		sp->tok = sp->tags ? first_untagged(s) : 0;
	else if (sp->tok >= ntok(s))
		sp->tok = ntok(s) ? ntok(s) - 1 : 0;
	sp->follow = true;
}

void span_free(struct label_screen *s)
{
	stet_span_set_free(&s->sp.set);
	free(s->sp.g_cp);
	free(s->sp.g_off);
	memset(&s->sp, 0, sizeof s->sp);
}

const char *span_keys_hint(const struct label_screen *s)
{
	static char word[256];
	const struct stet_tokens *tk = &s->item.toks;
	size_t t = s->sp.tok, first = t, last = t;

	/* The words of a multiword token share its surface, which the
	 * cursor shows alike for each: which word it is on is said. */
	if (ntok(s) > 0 && t < tk->n && (tk->v[t].flags & STET_TOKEN_IN_MULTIWORD)) {
		while (first > 0 && tk->v[first - 1].start == tk->v[t].start &&
		       tk->v[first - 1].end == tk->v[t].end)
			first--;
		while (last + 1 < tk->n && tk->v[last + 1].start == tk->v[t].start &&
		       tk->v[last + 1].end == tk->v[t].end)
			last++;
		snprintf(word, sizeof word,
			 "word %zu of %zu of one multiword token · w b move · x deletes · Enter done · ? help",
			 t - first + 1, last - first + 1);
		return word;
	}
	return s->sp.tags ?
		"a tag key tags the token and moves on · w b move · x deletes · Enter done · u undo · ? help" :
		"w b move · v selects · a label key marks · x deletes · ] [ spans · Enter done · ? help";
}

const char *span_help_intro(const struct label_screen *s)
{
	return s->sp.tags ?
		"A tag's key tags the token under the cursor and moves to the next; the last token's tag, or Enter, finishes the item and goes on. With a selection (v) it tags every token of it." :
		"A span label's key marks the selection (v, then w, b or Shift+arrows), or else the token under the cursor, as a span of that label; on a span of the same stretch it changes its label, or takes it off when the label is the same. Enter finishes the item and goes on.";
}

/* Saves set (the item's spans after a change; freed here) and, when it
 * is saved, makes it the screen's. Returns whether it was saved. */
static bool save(struct label_screen *s, struct stet_span_set *set,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool save(struct label_screen *s, struct stet_span_set *set,
		 const char *fmt, ...)
{
	struct stet_error err = {0};
	struct stet_span_set old;
	va_list ap;

	stet_span_set_normalize(set);
	if (!s->sp.local &&
	    stet_labeling_spans(&s->lab, s->pos, set,
				screen_shown_for(s->shown_ms), &err) != STET_OK) {
		screen_note_error(&s->note, "not saved", &err);
		stet_span_set_free(set);
		return false;
	}
	old = s->sp.set;
	s->sp.set = *set;
	stet_span_set_free(&old);
	va_start(ap, fmt);
	s->note.kind = NOTE_SAVED;
	vsnprintf(s->note.text, sizeof s->note.text, fmt, ap);
	va_end(ap);
	if (s->sp.local) {
		/* Nothing is saved yet: "saved: X deleted" says "edited:
		 * X deleted", and how the edit is kept. */
		char what[sizeof s->note.text];
		const char *w = s->note.text;

		if (strncmp(w, "saved", 5) == 0)
			w += 5;
		w += strspn(w, ": ");
		snprintf(what, sizeof what, "%s", w);
		screen_note(&s->note, NOTE_INFO,
			    "edited: %s; Enter decides", what);
	}
	return true;
}

static void copy_set(const struct stet_span_set *from, struct stet_span_set *to)
{
	stet_span_set_init(to);
	for (size_t i = 0; i < from->n; i++)
		stet_span_set_add(to, &from->v[i]);
}

static size_t find(const struct stet_span_set *set, uint32_t start,
		   uint32_t end, uint32_t label)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].start == start && set->v[i].end == end &&
		    set->v[i].label == label)
			return i;
	return SIZE_MAX;
}

static void drop(struct stet_span_set *set, size_t i)
{
	memmove(&set->v[i], &set->v[i + 1], (set->n - i - 1) * sizeof *set->v);
	set->n--;
}

/* Enter, or the last token's tag: the item is done; a LABEL with the
 * item labels chosen (none in a project of spans alone) tells the
 * queue so, and the next item comes. */
static void finish(struct label_screen *s)
{
	size_t n = s->sp.set.n;

	/* With item labels, a single-label item is finished by its label. */
	if (!s->lab.schema.multi && s->nchosen == 0 &&
	    stet_schema_count_kind(&s->lab.schema, STET_KIND_ITEM) > 0) {
		screen_note(&s->note, NOTE_INFO,
			    "this item also takes an item label: its key saves it and finishes the item");
		return;
	}

	if (!label_record(s, STET_ACT_LABEL, s->chosen, s->nchosen, NULL))
		return;
	screen_note(&s->note, NOTE_SAVED, "saved: done, %zu %s%s%s", n,
		    s->sp.tags ? "tag" : "span", n == 1 ? "" : "s",
		    s->next < s->lab.queue.n ? "" : " (that was the last item)");
	label_advance(s);
}

static void tag(struct label_screen *s, const struct stet_label *l,
		size_t lo, size_t hi)
{
	const struct stet_tokens *tk = &s->item.toks;
	struct stet_span_set set;

	copy_set(&s->sp.set, &set);
	for (size_t t = lo; t <= hi; t++) {
		struct stet_span v = {tk->v[t].start, tk->v[t].end, l->id,
				      (uint32_t)t, (uint32_t)t + 1};

		/* One tag a token: this one's replaces any other. */
		for (size_t i = set.n; i-- > 0;)
			if (set.v[i].tok_start == t && set.v[i].tok_end == t + 1 &&
			    kind_of(s, set.v[i].label) == STET_KIND_TOKEN)
				drop(&set, i);
		stet_span_set_add(&set, &v);
	}
	if (!save(s, &set, "saved %s", l->name))
		return;
	s->sp.selecting = false;
	s->sp.current = SIZE_MAX;
	if (hi + 1 >= tk->n) {
		if (!s->sp.local)
			finish(s);
		return;
	}
	s->sp.tok = hi + 1;
	s->sp.follow = true;
}

static bool overlaps_any(const struct label_screen *s,
			 const struct stet_span_set *set, uint32_t start,
			 uint32_t end, size_t *which)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].start < end && set->v[i].end > start &&
		    kind_of(s, set->v[i].label) == STET_KIND_SPAN) {
			*which = i;
			return true;
		}
	return false;
}

static void mark(struct label_screen *s, const struct stet_label *l,
		 size_t lo, size_t hi)
{
	const struct stet_tokens *tk = &s->item.toks;
	uint32_t start = tk->v[lo].start, end = tk->v[hi].end;
	struct stet_span v = {start, end, l->id, (uint32_t)lo, (uint32_t)hi + 1};
	struct stet_span_set set;
	size_t i, other;

	/* The tokens the offsets touch: all the words of a multiword
	 * token, whose offsets they share. */
	stet_span_token_range(tk, start, end, &v.tok_start, &v.tok_end);
	copy_set(&s->sp.set, &set);
	if ((i = find(&set, start, end, l->id)) != SIZE_MAX) {
		drop(&set, i);
		if (save(s, &set, "saved: %s taken off", l->name)) {
			s->sp.selecting = false;
			s->sp.current = SIZE_MAX;
		}
		return;
	}
	/* The same stretch under another label: a new label for it. */
	for (i = 0; i < set.n; i++)
		if (set.v[i].start == start && set.v[i].end == end &&
		    kind_of(s, set.v[i].label) == STET_KIND_SPAN)
			break;
	if (i < set.n) {
		drop(&set, i);
	} else if (s->sp.schema->no_overlap &&
		   overlaps_any(s, &set, start, end, &other)) {
		screen_note(&s->note, NOTE_INFO,
			    "spans may not overlap in this project: this one would overlap %s (x deletes it)",
			    screen_label_name(s->sp.schema, set.v[other].label));
		stet_span_set_free(&set);
		return;
	}
	stet_span_set_add(&set, &v);
	if (!save(s, &set, "saved %s", l->name))
		return;
	s->sp.selecting = false;
	s->sp.current = find(&s->sp.set, start, end, l->id);
}

void span_mark(struct label_screen *s, const struct stet_label *l)
{
	size_t lo = s->sp.tok, hi = s->sp.tok;

	if (no_tokens(s))
		return;
	if (s->sp.selecting) {
		lo = s->sp.anchor < s->sp.tok ? s->sp.anchor : s->sp.tok;
		hi = s->sp.anchor < s->sp.tok ? s->sp.tok : s->sp.anchor;
	}
	if (l->kind == STET_KIND_TOKEN)
		tag(s, l, lo, hi);
	else
		mark(s, l, lo, hi);
}

/* The cursor to token t; with extend, a selection starts if none has. */
static unsigned move_to(struct label_screen *s, size_t t, bool extend)
{
	struct span_state *sp = &s->sp;

	if (extend && !sp->selecting) {
		sp->selecting = true;
		sp->anchor = sp->tok;
	}
	sp->tok = t;
	sp->current = SIZE_MAX;
	sp->follow = true;
	return SCREEN_DRAW;
}

static unsigned step(struct screen *sc, int dir, bool extend)
{
	struct label_screen *s = state(sc);
	size_t n = ntok(s);

	if (no_tokens(s))
		return SCREEN_DRAW;
	if (dir > 0 && s->sp.tok + 1 >= n)
		screen_note(&s->note, NOTE_INFO, "this is the last token");
	else if (dir < 0 && s->sp.tok == 0)
		screen_note(&s->note, NOTE_INFO, "this is the first token");
	else
		return move_to(s, dir > 0 ? s->sp.tok + 1 : s->sp.tok - 1,
			       extend);
	return SCREEN_DRAW;
}

unsigned span_act_next(struct screen *sc)
{
	return step(sc, +1, false);
}

unsigned span_act_prev(struct screen *sc)
{
	return step(sc, -1, false);
}

unsigned span_act_extend_right(struct screen *sc)
{
	return step(sc, +1, true);
}

unsigned span_act_extend_left(struct screen *sc)
{
	return step(sc, -1, true);
}

unsigned span_act_first(struct screen *sc)
{
	struct label_screen *s = state(sc);

	return no_tokens(s) ? SCREEN_DRAW : move_to(s, 0, false);
}

unsigned span_act_last(struct screen *sc)
{
	struct label_screen *s = state(sc);

	return no_tokens(s) ? SCREEN_DRAW : move_to(s, ntok(s) - 1, false);
}

unsigned span_act_select(struct screen *sc)
{
	struct label_screen *s = state(sc);

	if (no_tokens(s))
		return SCREEN_DRAW;
	if (s->sp.selecting) {
		s->sp.selecting = false;
		screen_note(&s->note, NOTE_INFO, "selection dropped");
	} else {
		s->sp.selecting = true;
		s->sp.anchor = s->sp.tok;
		screen_note(&s->note, NOTE_INFO,
			    "selecting: w, b or Shift+arrows extend it, a label key marks it, Esc drops it");
	}
	return SCREEN_DRAW;
}

unsigned span_act_cancel(struct screen *sc)
{
	struct label_screen *s = state(sc);

	if (s->sp.selecting)
		screen_note(&s->note, NOTE_INFO, "selection dropped");
	s->sp.selecting = false;
	s->sp.current = SIZE_MAX;
	return SCREEN_DRAW;
}

unsigned span_act_delete(struct screen *sc)
{
	struct label_screen *s = state(sc);
	struct stet_span_set set;
	size_t at[64], n, victim;
	char name[256];

	if (no_tokens(s))
		return SCREEN_DRAW;
	n = span_view_at_cursor(s, at, sizeof at / sizeof at[0]);
	if (n == 0) {
		screen_note(&s->note, NOTE_INFO, "no %s here to delete",
			    s->sp.tags ? "tag" : "span");
		return SCREEN_DRAW;
	}
	victim = at[0];
	for (size_t i = 0; i < n; i++)
		if (at[i] == s->sp.current)
			victim = at[i];
	snprintf(name, sizeof name, "%s",
		 screen_label_name(s->sp.schema, s->sp.set.v[victim].label));
	copy_set(&s->sp.set, &set);
	drop(&set, victim);
	if (save(s, &set, "saved: %s deleted", name))
		s->sp.current = SIZE_MAX;
	return SCREEN_DRAW;
}

/* The token the span starts in. */
static size_t token_of(const struct label_screen *s, const struct stet_span *v)
{
	const struct stet_tokens *tk = &s->item.toks;
	size_t t = 0;

	if (v->tok_end > v->tok_start && v->tok_start < tk->n)
		return v->tok_start;
	while (t + 1 < tk->n && tk->v[t + 1].start <= v->start)
		t++;
	return t;
}

static unsigned jump(struct screen *sc, int dir)
{
	struct label_screen *s = state(sc);
	struct span_state *sp = &s->sp;
	size_t i = SIZE_MAX;
	uint32_t at;

	if (no_tokens(s))
		return SCREEN_DRAW;
	at = s->item.toks.v[sp->tok].start;
	if (sp->current != SIZE_MAX && sp->current < sp->set.n) {
		if (dir > 0 && sp->current + 1 < sp->set.n)
			i = sp->current + 1;
		else if (dir < 0 && sp->current > 0)
			i = sp->current - 1;
	} else if (dir > 0) {
		for (size_t k = 0; k < sp->set.n && i == SIZE_MAX; k++)
			if (sp->set.v[k].start > at)
				i = k;
	} else {
		for (size_t k = sp->set.n; k-- > 0 && i == SIZE_MAX;)
			if (sp->set.v[k].start < at)
				i = k;
	}
	if (i == SIZE_MAX) {
		screen_note(&s->note, NOTE_INFO, "no %s %s",
			    s->sp.tags ? "tag" : "span",
			    dir > 0 ? "after this one" : "before this one");
		return SCREEN_DRAW;
	}
	move_to(s, token_of(s, &sp->set.v[i]), false);
	sp->current = i;
	return SCREEN_DRAW;
}

unsigned span_act_span_next(struct screen *sc)
{
	return jump(sc, +1);
}

unsigned span_act_span_prev(struct screen *sc)
{
	return jump(sc, -1);
}

unsigned span_act_finish(struct screen *sc)
{
	finish(state(sc));
	return SCREEN_DRAW;
}
