#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/agree.h"
#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/item.h"
#include "stet/session_labels.h"

/* ---- label sets, interned ---- */

struct intern {
	uint32_t *slot; /* set index + 1, 0 empty */
	size_t cap;     /* a power of two */
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

/* ---- words ---- */

/* The code point at s (valid UTF-8, as items are) and its length. */
static uint32_t utf8_at(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0 && s[1]) {
		*len = 2;
		return ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
	}
	if ((s[0] & 0xf0) == 0xe0 && s[1] && s[2]) {
		*len = 3;
		return ((uint32_t)(s[0] & 0x0f) << 12) |
		       ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
	}
	if ((s[0] & 0xf8) == 0xf0 && s[1] && s[2] && s[3]) {
		*len = 4;
		return ((uint32_t)(s[0] & 0x07) << 18) |
		       ((uint32_t)(s[1] & 0x3f) << 12) |
		       ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
	}
	*len = 1;
	return 0xfffd;
}

static bool is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 ||
	       c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	       c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
	       c == 0x3000;
}

/* Kana and CJK ideographs: scripts written without spaces, whose
 * reading rates are counted in characters. */
static bool is_cjk(uint32_t c)
{
	return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	       (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
	       (c >= 0x20000 && c <= 0x3134f);
}

uint32_t stet_count_words(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t n = 0;
	bool in_word = false;

	if (s == NULL)
		return 0;
	while (*p) {
		size_t len;
		uint32_t c = utf8_at(p, &len);

		if (is_space(c)) {
			in_word = false;
		} else if (is_cjk(c)) {
			n++;
			in_word = false;
		} else if (!in_word) {
			n++;
			in_word = true;
		}
		p += len;
	}
	return n;
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

static int load_sessions(struct stet_session_labels *sl, struct stet_txn *txn,
			 const struct stet_session_labels_opts *o,
			 uint32_t annotator, struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_session s;
	const void *k, *v;
	size_t kl, vl, cap = 0;
	int rc;

	memset(&s, 0, sizeof s);
	if (stet_cursor_open(txn, STET_DB_SESSIONS, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		struct stet_sl_session *ss;
		char buf[32];
		uint64_t id;

		if (kl != 8) {
			rc = stet_error_set(err, STET_ERR, "sessions: damaged key");
			break;
		}
		id = stet_get_u64be(k);
		if (o->session != 0 && id != o->session)
			continue;
		rc = stet_session_get(txn, id, &s, err);
		if (rc != STET_OK)
			break;
		if (annotator != 0 && s.annotator != annotator)
			continue;
		if (sl->nsessions == cap) {
			cap = cap ? 2 * cap : 16;
			sl->sessions = stet_xrealloc(sl->sessions,
						     cap * sizeof *sl->sessions);
		}
		ss = &sl->sessions[sl->nsessions++];
		memset(ss, 0, sizeof *ss);
		ss->id = id;
		ss->name = stet_xstrdup(stet_session_label(&s, buf, sizeof buf));
		ss->annotator = s.annotator;
		ss->annotator_name = s.annotator >= 1 &&
			s.annotator <= sl->nannotators ?
			sl->annotators[s.annotator - 1] : "?";
		ss->start_ms = s.start_ms;
		ss->end_ms = s.end_ms;
	}
	stet_session_clear(&s);
	stet_cursor_close(c);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

static int load_events(struct stet_session_labels *sl, struct stet_txn *txn,
		       const struct stet_session_labels_opts *o,
		       struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_event ev;
	const void *k, *v;
	size_t kl, vl, *cap;
	unsigned char from[8];
	int rc;

	if (sl->nsessions == 0)
		return STET_OK;
	memset(&ev, 0, sizeof ev);
	cap = stet_xcalloc(sl->nsessions, sizeof *cap);
	if (stet_cursor_open(txn, STET_DB_EVENTS, &c, err) != STET_OK) {
		free(cap);
		return STET_ERR;
	}
	stet_u64be(from, o->first_event);
	for (rc = stet_cursor_seek(c, o->first_event ? from : NULL,
				   o->first_event ? 8 : 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		struct stet_sl_session *s;
		struct stet_sl_step *st;
		size_t si;

		if (kl != 8) {
			rc = stet_error_set(err, STET_ERR, "events: damaged key");
			break;
		}
		if (stet_event_decode(v, vl, &ev, err) != STET_OK) {
			stet_error_prefix(err, "event %llu",
					  (unsigned long long)stet_get_u64be(k));
			rc = STET_ERR;
			break;
		}
		s = find_session(sl, ev.session);
		if (s == NULL || ev.annotator != s->annotator)
			continue;
		si = (size_t)(s - sl->sessions);
		if (s->nsteps == cap[si]) {
			cap[si] = cap[si] ? 2 * cap[si] : 64;
			s->steps = stet_xrealloc(s->steps,
						 cap[si] * sizeof *s->steps);
		}
		st = &s->steps[s->nsteps++];
		memset(st, 0, sizeof *st);
		st->event = stet_get_u64be(k);
		st->item = ev.item;
		st->target = ev.target;
		st->time_ms = ev.time_ms;
		st->duration_ms = ev.duration_ms;
		st->action = (uint8_t)ev.action;
		st->pos = STET_SL_NONE;
		st->set = ev.action == STET_ACT_LABEL ?
			intern_set(sl, ev.labels, ev.nlabels) : STET_SL_NONE;
		s->labels += ev.action == STET_ACT_LABEL;
		s->undos += ev.action == STET_ACT_UNDO;
	}
	stet_event_clear(&ev);
	stet_cursor_close(c);
	free(cap);
	return rc == STET_NOTFOUND ? STET_OK : rc;
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

/* Steps that set or clear a value, sorted by item then log order. */
static int by_item_then_order(const void *a, const void *b, void *ctx)
{
	const struct stet_sl_step *steps = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	uint64_t ix = steps[x].item, iy = steps[y].item;

	if (ix != iy)
		return (ix > iy) - (ix < iy);
	return (x > y) - (x < y);
}

struct first_label {
	size_t step;    /* the first LABEL not undone */
	size_t last;    /* the last LABEL or UNLABEL not undone */
	uint64_t item;
};

static int by_step(const void *a, const void *b)
{
	size_t x = ((const struct first_label *)a)->step;
	size_t y = ((const struct first_label *)b)->step;

	return (x > y) - (x < y);
}

struct pos_of {
	uint64_t item;
	uint32_t pos;
};

static int by_item(const void *a, const void *b)
{
	uint64_t x = ((const struct pos_of *)a)->item;
	uint64_t y = ((const struct pos_of *)b)->item;

	return (x > y) - (x < y);
}

static uint32_t lookup_pos(const struct pos_of *p, size_t n, uint64_t item)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p[mid].item < item)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && p[lo].item == item ? p[lo].pos : STET_SL_NONE;
}

/* From the steps: what was undone, which items the session left a label
 * on, their order, and where each step stands in it. */
static void build_items(struct stet_sl_session *s)
{
	size_t n = 0, nfl = 0, *idx;
	struct first_label *fl;
	struct pos_of *pos;

	for (size_t i = 0; i < s->nsteps; i++) {
		struct stet_sl_step *t;

		if (s->steps[i].action == STET_ACT_UNDO &&
		    (t = find_step(s, s->steps[i].target)) != NULL &&
		    t->action != STET_ACT_UNDO)
			t->undone = true;
	}
	for (size_t i = 0; i < s->nsteps; i++)
		s->skipped += s->steps[i].action == STET_ACT_SKIP &&
			      !s->steps[i].undone;
	idx = stet_xcalloc(s->nsteps ? s->nsteps : 1, sizeof *idx);
	for (size_t i = 0; i < s->nsteps; i++)
		if (!s->steps[i].undone &&
		    (s->steps[i].action == STET_ACT_LABEL ||
		     s->steps[i].action == STET_ACT_UNLABEL))
			idx[n++] = i;
	qsort_r(idx, n, sizeof *idx, by_item_then_order, s->steps);
	fl = stet_xcalloc(n ? n : 1, sizeof *fl);
	for (size_t i = 0; i < n;) {
		size_t j = i, first = SIZE_MAX;

		while (j < n && s->steps[idx[j]].item == s->steps[idx[i]].item) {
			if (first == SIZE_MAX &&
			    s->steps[idx[j]].action == STET_ACT_LABEL)
				first = idx[j];
			j++;
		}
		if (s->steps[idx[j - 1]].action == STET_ACT_LABEL)
			fl[nfl++] = (struct first_label){first, idx[j - 1],
							 s->steps[idx[i]].item};
		i = j;
	}
	qsort(fl, nfl, sizeof *fl, by_step);
	s->items = stet_xcalloc(nfl ? nfl : 1, sizeof *s->items);
	s->nitems = nfl;
	pos = stet_xcalloc(nfl ? nfl : 1, sizeof *pos);
	for (size_t p = 0; p < nfl; p++) {
		const struct stet_sl_step *last = &s->steps[fl[p].last];

		s->items[p] = (struct stet_sl_item){
			.item = fl[p].item, .set = last->set,
			.event = last->event,
			.first_ms = s->steps[fl[p].step].time_ms,
			.time_ms = last->time_ms,
		};
		pos[p] = (struct pos_of){fl[p].item, (uint32_t)p};
	}
	qsort(pos, nfl, sizeof *pos, by_item);
	for (size_t i = 0, at = 0; i < s->nsteps; i++) {
		struct stet_sl_step *t = &s->steps[i];

		while (at < nfl && fl[at].step <= i)
			at++;
		t->at = (uint32_t)at;
		t->pos = lookup_pos(pos, nfl, t->item);
		if (t->pos != STET_SL_NONE)
			s->items[t->pos].duration_ms += t->duration_ms;
	}
	free(pos);
	free(fl);
	free(idx);
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

static int by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int load_standing(struct stet_session_labels *sl, struct stet_txn *txn,
			 struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_current cur;
	uint64_t *items;
	size_t n = 0, m = 0, cap = 0;
	int rc = STET_OK;

	for (size_t s = 0; s < sl->nsessions; s++)
		n += sl->sessions[s].nitems;
	if (n == 0)
		return STET_OK;
	items = stet_xcalloc(n, sizeof *items);
	for (size_t s = 0; s < sl->nsessions; s++)
		for (size_t p = 0; p < sl->sessions[s].nitems; p++)
			items[m++] = sl->sessions[s].items[p].item;
	qsort(items, m, sizeof *items, by_u64);
	if (stet_cursor_open(txn, STET_DB_CURRENT, &c, err) != STET_OK) {
		free(items);
		return STET_ERR;
	}
	for (size_t i = 0; i < m && rc == STET_OK; i++) {
		unsigned char key[12];
		const void *k, *v;
		size_t kl, vl;

		if (i > 0 && items[i] == items[i - 1])
			continue;
		stet_current_key(key, items[i], 0);
		for (rc = stet_cursor_seek(c, key, 12, &k, &kl, &v, &vl, err);
		     rc == STET_OK;
		     rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
			if (kl != 12 || stet_get_u64be(k) != items[i])
				break;
			rc = stet_current_decode(v, vl, &cur, err);
			if (rc != STET_OK)
				break;
			if (cur.nlabels == 0)
				continue;
			if (sl->nstanding == cap) {
				cap = cap ? 2 * cap : 256;
				sl->standing = stet_xrealloc(sl->standing,
					cap * sizeof *sl->standing);
			}
			sl->standing[sl->nstanding++] = (struct stet_sl_standing){
				items[i],
				stet_get_u32be((const unsigned char *)k + 8),
				intern_set(sl, cur.labels, cur.nlabels)};
		}
		if (rc == STET_NOTFOUND || rc == STET_OK)
			rc = STET_OK;
	}
	stet_cursor_close(c);
	free(items);
	return rc;
}

int stet_session_labels_load(struct stet_store *st,
			     const struct stet_session_labels_opts *o,
			     struct stet_session_labels *sl,
			     struct stet_error *err)
{
	struct stet_txn *txn;
	struct stet_annotator *list = NULL;
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
	rc = load_sessions(sl, txn, o, annotator, err);
	if (rc == STET_OK)
		rc = load_events(sl, txn, o, err);
	if (rc != STET_OK)
		goto leave;
	for (size_t s = 0; s < sl->nsessions; s++) {
		struct stet_sl_session *ss = &sl->sessions[s];

		if (ss->nsteps == 0) {
			free(ss->name);
			continue;
		}
		build_items(ss);
		sl->sessions[kept++] = *ss;
	}
	sl->nsessions = kept;
	if (o->words)
		rc = load_words(sl, txn, err);
	if (rc == STET_OK && o->standing)
		rc = load_standing(sl, txn, err);
leave:
	stet_txn_end(txn);
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
	if (in != NULL)
		free(in->slot);
	free(in);
	stet_schema_free(&sl->schema);
	memset(sl, 0, sizeof *sl);
}

/* ---- agreement ---- */

static size_t standing_first(const struct stet_session_labels *sl,
			     uint64_t item)
{
	size_t lo = 0, hi = sl->nstanding;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sl->standing[mid].item < item)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void stet_session_item_agreement(const struct stet_session_labels *sl,
				 const struct stet_sl_session *s, size_t pos,
				 size_t *pairs, size_t *agreed)
{
	const struct stet_sl_item *it = &s->items[pos];

	*pairs = *agreed = 0;
	for (size_t j = standing_first(sl, it->item);
	     j < sl->nstanding && sl->standing[j].item == it->item; j++) {
		if (sl->standing[j].annotator == s->annotator)
			continue;
		(*pairs)++;
		*agreed += sl->standing[j].set == it->set;
	}
}

void stet_session_agreement(const struct stet_session_labels *sl,
			    const struct stet_sl_session *s, size_t from,
			    size_t to, struct stet_session_agreement *out)
{
	struct stet_ratings r;
	struct stet_pair pair;
	uint32_t *v = NULL;
	size_t cap = 0;

	memset(out, 0, sizeof *out);
	out->percent = out->kappa = NAN;
	if (to > s->nitems)
		to = s->nitems;
	for (size_t p = from; p < to; p++) {
		const struct stet_sl_item *it = &s->items[p];
		size_t before = out->pairs;

		for (size_t j = standing_first(sl, it->item);
		     j < sl->nstanding && sl->standing[j].item == it->item; j++) {
			if (sl->standing[j].annotator == s->annotator)
				continue;
			if (out->pairs == cap) {
				cap = cap ? 2 * cap : 64;
				v = stet_xrealloc(v, 2 * cap * sizeof *v);
			}
			v[2 * out->pairs] = it->set;
			v[2 * out->pairs + 1] = sl->standing[j].set;
			out->agreed += sl->standing[j].set == it->set;
			out->pairs++;
		}
		out->items += out->pairs > before;
	}
	if (out->pairs > 0) {
		out->percent = (double)out->agreed / (double)out->pairs;
		r = (struct stet_ratings){out->pairs, 2, sl->nsets, v, NULL};
		stet_cohen_kappa(&r, 0, 1, &pair);
		out->kappa = pair.kappa;
	}
	free(v);
}
