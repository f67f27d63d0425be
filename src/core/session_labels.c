#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/agree.h"
#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/gold.h"
#include "stet/history.h"
#include "stet/item.h"
#include "stet/session_labels.h"

/* ---- label sets, interned ---- */

struct intern {
	uint32_t *slot;   /* set index + 1, 0 empty */
	size_t cap;       /* a power of two */
	uint32_t *single; /* single[id]: the set {id} + 1, 0 not yet seen;
			   * most label sets have one label, and this spares
			   * them the sort and the hash */
	size_t nsingle;
};

static uint64_t set_hash(const uint32_t *l, size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ n;

	for (size_t i = 0; i < n; i++) {
		h ^= l[i];
		h *= 1099511628211ULL;
		h ^= h >> 29;
	}
	return h;
}

static bool set_is(const struct stet_session_labels *sl, uint32_t s,
		   const uint32_t *l, size_t n)
{
	size_t off = sl->set_off[s], len = sl->set_off[s + 1] - off;

	return len == n && (n == 0 ||
			    memcmp(&sl->set_labels[off], l, n * sizeof *l) == 0);
}

static void intern_grow(struct stet_session_labels *sl)
{
	struct intern *in = sl->intern;
	size_t cap = in->cap ? in->cap * 2 : 64;
	uint32_t *slot = stet_xcalloc(cap, sizeof *slot);

	for (size_t s = 0; s < sl->nsets; s++) {
		size_t off = sl->set_off[s];
		uint64_t h = set_hash(&sl->set_labels[off],
				      sl->set_off[s + 1] - off);
		size_t i = (size_t)h & (cap - 1);

		while (slot[i] != 0)
			i = (i + 1) & (cap - 1);
		slot[i] = (uint32_t)s + 1;
	}
	free(in->slot);
	in->slot = slot;
	in->cap = cap;
}

static int by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* The index of the set of labels l[0..n) (any order, duplicates
 * ignored), adding it when new. */
static uint32_t intern_set(struct stet_session_labels *sl, const uint32_t *l,
			   size_t n)
{
	struct intern *in = sl->intern;
	uint32_t sorted[STET_MAX_LABELS];
	size_t m = 0, i;
	uint64_t h;

	if (n == 1 && l[0] < in->nsingle && in->single[l[0]] != 0)
		return in->single[l[0]] - 1;
	if (n == 1 && l[0] < 65536 && l[0] >= in->nsingle) {
		size_t want = (size_t)l[0] + 1 > 2 * in->nsingle ?
			(size_t)l[0] + 1 : 2 * in->nsingle;

		in->single = stet_xrealloc(in->single, want * sizeof *in->single);
		memset(in->single + in->nsingle, 0,
		       (want - in->nsingle) * sizeof *in->single);
		in->nsingle = want;
	}
	memcpy(sorted, l, n * sizeof *l);
	qsort(sorted, n, sizeof *sorted, by_u32);
	for (i = 0; i < n; i++)
		if (m == 0 || sorted[m - 1] != sorted[i])
			sorted[m++] = sorted[i];
	if (2 * (sl->nsets + 1) > in->cap)
		intern_grow(sl);
	h = set_hash(sorted, m);
	for (i = (size_t)h & (in->cap - 1); in->slot[i] != 0;
	     i = (i + 1) & (in->cap - 1))
		if (set_is(sl, in->slot[i] - 1, sorted, m))
			return in->slot[i] - 1;
	in->slot[i] = (uint32_t)sl->nsets + 1;
	if (n == 1 && l[0] < in->nsingle)
		in->single[l[0]] = (uint32_t)sl->nsets + 1;
	sl->set_off = stet_xrealloc(sl->set_off,
				    (sl->nsets + 2) * sizeof *sl->set_off);
	if (sl->nsets == 0)
		sl->set_off[0] = 0;
	sl->set_labels = stet_xrealloc(sl->set_labels,
		(sl->set_off[sl->nsets] + m + 1) * sizeof *sl->set_labels);
	memcpy(&sl->set_labels[sl->set_off[sl->nsets]], sorted,
	       m * sizeof *sorted);
	sl->set_off[sl->nsets + 1] = sl->set_off[sl->nsets] + m;
	return (uint32_t)sl->nsets++;
}

const char *stet_sl_set_name(const struct stet_session_labels *sl,
			     uint32_t set, char *out, size_t outlen)
{
	size_t used = 0;

	if (outlen == 0)
		return out;
	out[0] = '\0';
	if (set >= sl->nsets)
		return out;
	for (size_t i = sl->set_off[set]; i < sl->set_off[set + 1]; i++) {
		const struct stet_label *l =
			stet_schema_find_id(&sl->schema, sl->set_labels[i]);
		char idbuf[24];
		const char *name = l ? l->name : idbuf;
		int w;

		if (l == NULL)
			snprintf(idbuf, sizeof idbuf, "#%u", sl->set_labels[i]);
		w = snprintf(out + used, outlen - used, "%s%s",
			     i > sl->set_off[set] ? "+" : "", name);
		if (w < 0 || (size_t)w >= outlen - used)
			break;
		used += (size_t)w;
	}
	return out;
}

static uint32_t item_words(const struct stet_item *it)
{
	uint64_t n = stet_count_words(it->text);

	for (size_t i = 0; i < it->nfields; i++)
		n += stet_count_words(it->fields[i].value);
	return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

/* ---- loading ---- */

static struct stet_sl_session *find_session(struct stet_session_labels *sl,
					    uint64_t id)
{
	size_t lo = 0, hi = sl->nsessions;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sl->sessions[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sl->nsessions && sl->sessions[lo].id == id ?
		&sl->sessions[lo] : NULL;
}

/* What loading the sessions and their events walks with. */
struct sl_load {
	struct stet_session_labels *sl;
	const struct stet_session_labels_opts *o;
	uint32_t annotator;
	uint64_t items_end;
	size_t cap;      /* of sl->sessions */
	size_t *stepcap; /* of each session's steps */
	struct stet_sl_session *last; /* the last event's session */
	const struct stet_annotator *list; /* by id - 1, for their roles */
	size_t nlist;
};

static int load_session(const struct stet_session *s, void *ctx,
			struct stet_error *err)
{
	struct sl_load *ld = ctx;
	struct stet_session_labels *sl = ld->sl;
	struct stet_sl_session *ss;
	char buf[32];

	(void)err;
	if (ld->o->session != 0 && s->id != ld->o->session)
		return STET_OK;
	/* A model's routing runs are no sessions of labeling. */
	if ((ld->annotator != 0 && s->annotator != ld->annotator) ||
	    (s->annotator >= 1 && s->annotator <= ld->nlist &&
	     ld->list[s->annotator - 1].role == STET_ROLE_AUTOMATIC))
		return STET_OK;
	if (sl->nsessions == ld->cap) {
		ld->cap = ld->cap ? 2 * ld->cap : 16;
		sl->sessions = stet_xrealloc(sl->sessions,
					     ld->cap * sizeof *sl->sessions);
	}
	ss = &sl->sessions[sl->nsessions++];
	memset(ss, 0, sizeof *ss);
	ss->id = s->id;
	ss->name = stet_xstrdup(stet_session_label(s, buf, sizeof buf));
	ss->annotator = s->annotator;
	ss->annotator_name = s->annotator >= 1 &&
		s->annotator <= sl->nannotators ?
		sl->annotators[s->annotator - 1] : "?";
	ss->start_ms = s->start_ms;
	ss->end_ms = s->end_ms;
	return STET_OK;
}

static int load_event(struct stet_event *ev, void *ctx,
		      struct stet_error *err)
{
	struct sl_load *ld = ctx;
	struct stet_session_labels *sl = ld->sl;
	struct stet_sl_session *s;
	struct stet_sl_step *st;
	size_t si;

	/* A session's events come in runs (one sitting, one import), so
	 * the last event's session is most often this one's. */
	if (ld->last != NULL && ld->last->id == ev->session)
		s = ld->last;
	else
		s = ld->last = find_session(sl, ev->session);
	if (s == NULL || ev->annotator != s->annotator)
		return STET_OK;
	if (ev->item >= ld->items_end)
		return stet_error_set(err, STET_ERR, "event %llu: no item %llu",
				      (unsigned long long)ev->id,
				      (unsigned long long)ev->item);
	si = (size_t)(s - sl->sessions);
	if (s->nsteps == ld->stepcap[si]) {
		ld->stepcap[si] = ld->stepcap[si] ? 2 * ld->stepcap[si] : 64;
		s->steps = stet_xrealloc(s->steps,
					 ld->stepcap[si] * sizeof *s->steps);
	}
	st = &s->steps[s->nsteps++];
	memset(st, 0, sizeof *st);
	st->event = ev->id;
	st->item = ev->item;
	st->target = ev->target;
	st->time_ms = ev->time_ms;
	st->duration_ms = ev->duration_ms;
	st->action = (uint8_t)ev->action;
	st->pos = STET_SL_NONE;
	st->set = ev->action == STET_ACT_LABEL ?
		intern_set(sl, ev->labels, ev->nlabels) : STET_SL_NONE;
	st->accepted = -1;
	if (ev->action == STET_ACT_LABEL &&
	    ev->suggestion.state == STET_SUGGEST_SHOWN)
		st->accepted = st->set == intern_set(sl, ev->suggestion.labels,
						     ev->suggestion.nlabels);
	s->labels += ev->action == STET_ACT_LABEL;
	s->undos += ev->action == STET_ACT_UNDO;
	return STET_OK;
}

static int load_events(struct sl_load *ld, struct stet_txn *txn,
		       struct stet_error *err)
{
	int rc;

	if (ld->sl->nsessions == 0)
		return STET_OK;
	ld->stepcap = stet_xcalloc(ld->sl->nsessions, sizeof *ld->stepcap);
	rc = stet_events_each_no_spans(txn, ld->o->first_event, load_event,
				       ld, err);
	free(ld->stepcap);
	ld->stepcap = NULL;
	return rc;
}

static struct stet_sl_step *find_step(struct stet_sl_session *s, uint64_t id)
{
	size_t lo = 0, hi = s->nsteps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->steps[mid].event < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nsteps && s->steps[lo].event == id ? &s->steps[lo] : NULL;
}

/* Item ids are dense (1, 2, ... in import order), so a table indexed by
 * item id, as long as the project has items, matches items up faster
 * than sorting or hashing them. One table serves every session in turn
 * (each puts back what it used) and then the standing values. Values
 * are kept inverted so that the zeroed pages calloc hands out read as
 * ID_UNUSED: a session that touches few items (the break reminder's
 * check of the session running) touches few pages of a table sized for
 * a million. */
#define ID_UNUSED UINT32_MAX
#define ID_WANTED (UINT32_MAX - 1) /* labeled, no standing value yet */

struct by_item {
	uint32_t *at;   /* ~value, by item: use at_get and at_set */
	uint64_t size;  /* items 0 .. size - 1 */
};

static inline uint32_t at_get(const struct by_item *t, uint64_t item)
{
	return ~t->at[item];
}

static inline void at_set(struct by_item *t, uint64_t item, uint32_t v)
{
	t->at[item] = ~v;
}

static int by_item_init(struct by_item *t, struct stet_txn *txn,
			struct stet_error *err)
{
	const void *k;
	size_t kl;
	int rc = stet_last_key(txn, STET_DB_ITEMS, &k, &kl, err);

	t->size = 1;
	if (rc == STET_OK && kl == 8)
		t->size = stet_get_u64be(k) + 1;
	else if (rc != STET_NOTFOUND && rc != STET_OK)
		return STET_ERR;
	if (t->size > SIZE_MAX / sizeof *t->at || t->size > UINT32_MAX)
		return stet_error_set(err, STET_ERR,
				      "items: %llu ids are more than stet can compare",
				      (unsigned long long)t->size);
	t->at = stet_xcalloc((size_t)t->size, sizeof *t->at);
	return STET_OK;
}

/* From the steps: what was undone, which items the session left a label
 * on, their order (by the first LABEL not undone), and where each step
 * stands in it. The slots of `t` are this session's while it runs. */
static void build_items(struct stet_sl_session *s, struct by_item *t)
{
	size_t *last = stet_xcalloc(s->nsteps, sizeof *last);
	uint32_t *pos = stet_xcalloc(s->nsteps, sizeof *pos);
	uint32_t nslots = 0;

	for (size_t i = 0; i < s->nsteps && s->undos > 0; i++) {
		struct stet_sl_step *u;

		if (s->steps[i].action == STET_ACT_UNDO &&
		    (u = find_step(s, s->steps[i].target)) != NULL &&
		    u->action != STET_ACT_UNDO)
			u->undone = true;
	}
	for (size_t i = 0; i < s->nsteps; i++) {
		const struct stet_sl_step *st = &s->steps[i];
		uint32_t slot = at_get(t, st->item);

		if (slot == ID_UNUSED) {
			slot = nslots;
			at_set(t, st->item, slot);
			last[nslots] = SIZE_MAX;
			pos[nslots++] = STET_SL_NONE;
		}
		s->skipped += st->action == STET_ACT_SKIP && !st->undone;
		if (!st->undone && (st->action == STET_ACT_LABEL ||
				    st->action == STET_ACT_UNLABEL))
			last[slot] = i;
	}
	s->items = stet_xcalloc(nslots ? nslots : 1, sizeof *s->items);
	for (size_t i = 0; i < s->nsteps; i++) {
		struct stet_sl_step *st = &s->steps[i];
		uint32_t k = at_get(t, st->item);

		if (!st->undone && st->action == STET_ACT_LABEL &&
		    pos[k] == STET_SL_NONE &&
		    s->steps[last[k]].action == STET_ACT_LABEL) {
			const struct stet_sl_step *l = &s->steps[last[k]];

			pos[k] = (uint32_t)s->nitems;
			s->items[s->nitems++] = (struct stet_sl_item){
				.item = st->item, .set = l->set,
				.event = l->event, .first_ms = st->time_ms,
				.time_ms = l->time_ms,
				.standing = STET_SL_NO_STANDING,
				.gold = STET_SL_NONE,
				.accepted = l->accepted,
			};
		}
		st->at = (uint32_t)s->nitems;
	}
	for (size_t i = 0; i < s->nsteps; i++) {
		struct stet_sl_step *st = &s->steps[i];

		st->pos = pos[at_get(t, st->item)];
		if (st->pos != STET_SL_NONE)
			s->items[st->pos].duration_ms += st->duration_ms;
	}
	for (size_t i = 0; i < s->nsteps; i++)
		at_set(t, s->steps[i].item, ID_UNUSED);
	free(pos);
	free(last);
}

static int load_words(struct stet_session_labels *sl, struct stet_txn *txn,
		      struct stet_error *err)
{
	struct stet_item it;

	stet_item_init(&it);
	for (size_t s = 0; s < sl->nsessions; s++) {
		struct stet_sl_session *ss = &sl->sessions[s];

		for (size_t p = 0; p < ss->nitems; p++) {
			int rc = stet_item_get(txn, ss->items[p].item, &it, err);

			if (rc == STET_NOTFOUND)
				continue; /* a damaged project: no length */
			if (rc != STET_OK)
				return STET_ERR;
			ss->items[p].words = item_words(&it);
			stet_item_clear(&it);
		}
	}
	return STET_OK;
}

/* The answers of the gold items: one walk over `gold`, which holds a
 * small share of the items, into t (the answer's set by item); *marked
 * lists the items set, for gold_clear. */
static int gold_read(struct stet_session_labels *sl, struct by_item *t,
		     struct stet_txn *txn, uint64_t **marked, size_t *n,
		     struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_gold g;
	const void *k, *v;
	size_t kl, vl, cap = 0;
	int rc;

	*marked = NULL;
	*n = 0;
	if (stet_cursor_open(txn, STET_DB_GOLD, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		uint64_t item;

		if (kl != 8) {
			rc = stet_error_set(err, STET_ERR, "gold: damaged key");
			break;
		}
		item = stet_get_u64be(k);
		if (item >= t->size)
			continue; /* no such item: nobody labeled it */
		if (stet_gold_decode(v, vl, &g, err) != STET_OK) {
			stet_error_prefix(err, "item %llu",
					  (unsigned long long)item);
			rc = STET_ERR;
			break;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*marked = stet_xrealloc(*marked, cap * sizeof **marked);
		}
		(*marked)[(*n)++] = item;
		at_set(t, item, intern_set(sl, g.labels, g.n));
	}
	stet_cursor_close(c);
	return rc == STET_NOTFOUND ? STET_OK : STET_ERR;
}

static void gold_clear(struct by_item *t, uint64_t *marked, size_t n)
{
	for (size_t i = 0; i < n; i++)
		at_set(t, marked[i], ID_UNUSED);
	free(marked);
}

/* A session's items take their gold answers and their first entries
 * in standing from the tables gold_read and load_standing filled. */
static void items_from_tables(struct stet_sl_session *s,
			      const struct by_item *gold,
			      const struct by_item *std)
{
	for (size_t p = 0; p < s->nitems; p++) {
		struct stet_sl_item *it = &s->items[p];
		uint32_t f;

		if (gold != NULL && at_get(gold, it->item) != ID_UNUSED)
			it->gold = at_get(gold, it->item);
		if (std != NULL) {
			f = at_get(std, it->item);
			it->standing = f >= ID_WANTED ? STET_SL_NO_STANDING : f;
		}
	}
}

static int by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* One `current` entry: kept when its item is one the sessions labeled.
 * t->at[item] becomes the item's first entry in standing. */
static int take_standing(struct stet_session_labels *sl, struct by_item *t,
			 const void *k, const void *v, size_t vl, size_t *cap,
			 struct stet_error *err)
{
	struct stet_current cur;
	uint64_t item = stet_get_u64be(k);

	if (item >= t->size || at_get(t, item) == ID_UNUSED)
		return STET_OK;
	if (stet_current_decode(v, vl, &cur, err) != STET_OK)
		return STET_ERR;
	if (cur.nlabels == 0)
		return STET_OK;
	if (sl->nstanding == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		sl->standing = stet_xrealloc(sl->standing,
					     *cap * sizeof *sl->standing);
	}
	if (at_get(t, item) == ID_WANTED)
		at_set(t, item, (uint32_t)sl->nstanding);
	sl->standing[sl->nstanding++] = (struct stet_sl_standing){
		item, stet_get_u32be((const unsigned char *)k + 8),
		intern_set(sl, cur.labels, cur.nlabels)};
	return STET_OK;
}

/* The items whose standing values are wanted: those the sessions left a
 * label on, or, before their items are built (from_steps), every item
 * a LABEL event of theirs named. Each is marked ID_WANTED in t and
 * listed once in *items; returns how many. */
static size_t want_items(const struct stet_session_labels *sl,
			 struct by_item *t, bool from_steps, uint64_t **items)
{
	size_t n = 0, cap = 0;

	*items = NULL;
	for (size_t s = 0; s < sl->nsessions; s++) {
		const struct stet_sl_session *ss = &sl->sessions[s];
		size_t m = from_steps ? ss->nsteps : ss->nitems;

		for (size_t p = 0; p < m; p++) {
			uint64_t item;

			if (from_steps && ss->steps[p].action != STET_ACT_LABEL)
				continue;
			item = from_steps ? ss->steps[p].item : ss->items[p].item;
			if (at_get(t, item) != ID_UNUSED)
				continue;
			at_set(t, item, ID_WANTED);
			if (n == cap) {
				cap = cap ? 2 * cap : 256;
				*items = stet_xrealloc(*items, cap * sizeof **items);
			}
			(*items)[n++] = item;
		}
	}
	return n;
}

/* Every annotator's standing value on the items want_items marked in
 * t, which then holds each one's first entry in standing. When those
 * are a good part of the project, one walk over `current` beats a seek
 * per item; when they are few (one session's stats), the seeks win. */
static int load_standing(struct stet_session_labels *sl, struct by_item *t,
			 bool from_steps, struct stet_txn *txn,
			 struct stet_error *err)
{
	struct stet_cursor *c;
	uint64_t entries, *items;
	size_t cap = 0, n = want_items(sl, t, from_steps, &items);
	const void *k, *v;
	size_t kl, vl;
	int rc = STET_OK;

	if (n == 0)
		return STET_OK;
	if (stet_count(txn, STET_DB_CURRENT, &entries, err) != STET_OK ||
	    stet_cursor_open(txn, STET_DB_CURRENT, &c, err) != STET_OK) {
		free(items);
		return STET_ERR;
	}
	if (n * 16 >= entries) {
		for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
		     rc == STET_OK;
		     rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
			if (kl != 12) {
				rc = stet_error_set(err, STET_ERR,
						    "current: damaged key");
				break;
			}
			if (take_standing(sl, t, k, v, vl, &cap, err) != STET_OK) {
				rc = STET_ERR;
				break;
			}
		}
	} else {
		/* Few items: seek each, in order, rather than walk the
		 * whole table. */
		qsort(items, n, sizeof *items, by_u64);
		for (size_t i = 0; i < n && rc != STET_ERR; i++) {
			unsigned char key[12];

			stet_current_key(key, items[i], 0);
			for (rc = stet_cursor_seek(c, key, 12, &k, &kl, &v, &vl,
						   err);
			     rc == STET_OK;
			     rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
				if (kl != 12 || stet_get_u64be(k) != items[i])
					break;
				if (take_standing(sl, t, k, v, vl, &cap, err) !=
				    STET_OK) {
					rc = STET_ERR;
					break;
				}
			}
		}
	}
	stet_cursor_close(c);
	free(items);
	return rc == STET_ERR ? STET_ERR : STET_OK;
}

/* opts.agreement: the standing values first (for the items the steps
 * name), then one session at a time: its items, their gold answers and
 * standing entries, its agreement; then its items and steps go, so
 * that their memory serves the next. */
static int load_agreements(struct stet_session_labels *sl,
			   struct by_item *t, struct stet_txn *txn,
			   struct stet_error *err)
{
	struct by_item gold = {NULL, t->size}, std = {NULL, t->size};
	uint64_t *marked;
	size_t nmarked;
	int rc;

	/* calloc'd tables cost no memory until written: gold's only
	 * where there are gold items. */
	gold.at = stet_xcalloc((size_t)t->size, sizeof *gold.at);
	std.at = stet_xcalloc((size_t)t->size, sizeof *std.at);
	rc = load_standing(sl, &std, true, txn, err);
	if (rc == STET_OK) {
		rc = gold_read(sl, &gold, txn, &marked, &nmarked, err);
		free(marked);
	}
	if (rc == STET_OK) {
		for (size_t s = 0; s < sl->nsessions; s++) {
			struct stet_sl_session *ss = &sl->sessions[s];

			build_items(ss, t);
			items_from_tables(ss, &gold, &std);
			stet_session_agreement(sl, ss, 0, ss->nitems,
					       &ss->agreement);
			free(ss->items);
			free(ss->steps);
			ss->items = NULL;
			ss->steps = NULL;
		}
	}
	free(gold.at);
	free(std.at);
	return rc;
}

int stet_session_labels_load(struct stet_store *st,
			     const struct stet_session_labels_opts *o,
			     struct stet_session_labels *sl,
			     struct stet_error *err)
{
	struct stet_txn *txn;
	struct stet_annotator *list = NULL;
	struct by_item table = {NULL, 0};
	struct sl_load ld = {0};
	size_t nlist = 0, kept = 0;
	uint32_t annotator = 0;
	int rc;

	memset(sl, 0, sizeof *sl);
	stet_schema_init(&sl->schema);
	sl->intern = stet_xcalloc(1, sizeof(struct intern));
	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	rc = stet_schema_load(txn, &sl->schema, err);
	if (rc == STET_OK)
		rc = stet_annotators_load(txn, &list, &nlist, err);
	if (rc != STET_OK)
		goto leave;
	sl->annotators = stet_xcalloc(nlist ? nlist : 1, sizeof *sl->annotators);
	sl->nannotators = nlist;
	for (size_t i = 0; i < nlist; i++) {
		sl->annotators[i] = list[i].name;
		list[i].name = NULL;
		if (o->annotator && strcmp(o->annotator, sl->annotators[i]) == 0)
			annotator = list[i].id;
	}
	if (o->annotator && annotator == 0) {
		rc = stet_error_set(err, STET_ERR, "no annotator named \"%s\"",
				    o->annotator);
		goto leave;
	}
	rc = by_item_init(&table, txn, err);
	ld.sl = sl;
	ld.o = o;
	ld.annotator = annotator;
	ld.list = list;
	ld.nlist = nlist;
	ld.items_end = table.size;
	if (rc == STET_OK)
		rc = stet_sessions_each(txn, load_session, &ld, err);
	if (rc == STET_OK)
		rc = load_events(&ld, txn, err);
	if (rc != STET_OK)
		goto leave;
	for (size_t s = 0; s < sl->nsessions; s++) {
		struct stet_sl_session *ss = &sl->sessions[s];

		if (ss->nsteps == 0) {
			free(ss->name);
			continue;
		}
		sl->sessions[kept++] = *ss;
	}
	sl->nsessions = kept;
	if (o->agreement && o->standing) {
		rc = load_agreements(sl, &table, txn, err);
		goto leave;
	}
	for (size_t s = 0; s < sl->nsessions; s++)
		build_items(&sl->sessions[s], &table);
	if (o->words)
		rc = load_words(sl, txn, err);
	/* An annotator's view of their own sessions leaves gold out. */
	if (rc == STET_OK && !o->no_gold) {
		uint64_t *marked;
		size_t nmarked;

		rc = gold_read(sl, &table, txn, &marked, &nmarked, err);
		if (rc == STET_OK)
			for (size_t s = 0; s < sl->nsessions; s++)
				items_from_tables(&sl->sessions[s], &table,
						  NULL);
		gold_clear(&table, marked, nmarked);
	}
	if (rc == STET_OK && o->standing) {
		rc = load_standing(sl, &table, false, txn, err);
		for (size_t s = 0; s < sl->nsessions && rc == STET_OK; s++)
			items_from_tables(&sl->sessions[s], NULL, &table);
	}
leave:
	stet_txn_end(txn);
	free(table.at);
	stet_annotators_free(list, nlist);
	if (rc != STET_OK)
		stet_session_labels_free(sl);
	return rc;
}

void stet_session_labels_free(struct stet_session_labels *sl)
{
	struct intern *in = sl->intern;

	for (size_t i = 0; i < sl->nannotators; i++)
		free(sl->annotators[i]);
	free(sl->annotators);
	for (size_t i = 0; i < sl->nsessions; i++) {
		free(sl->sessions[i].name);
		free(sl->sessions[i].items);
		free(sl->sessions[i].steps);
	}
	free(sl->sessions);
	free(sl->set_labels);
	free(sl->set_off);
	free(sl->standing);
	if (in != NULL) {
		free(in->slot);
		free(in->single);
	}
	free(in);
	stet_schema_free(&sl->schema);
	memset(sl, 0, sizeof *sl);
}
