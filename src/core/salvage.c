/* stet salvage: see stet/salvage.h. The damaged file is read by the
 * store's guarded walks (stet_store_salvage); everything read is
 * checked here before it goes into the new project, inside the one
 * write transaction that makes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/gold.h"
#include "stet/item.h"
#include "stet/name.h"
#include "stet/predict.h"
#include "stet/salvage.h"
#include "stet/schema.h"
#include "stet/timefmt.h"

/* A clock this far ahead is still believed of the log's last event. */
#define DAY_MS (24 * 3600 * 1000LL)

/* Ids in ascending order. */
struct idset {
	uint64_t *v;
	size_t n, cap;
};

static void idset_add(struct idset *s, uint64_t id)
{
	size_t i;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = stet_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	/* Keys come in order but for stand-ins and annotators (keyed by
	 * name): insertion from the end is a step for the former. */
	for (i = s->n; i > 0 && s->v[i - 1] > id; i--)
		s->v[i] = s->v[i - 1];
	s->v[i] = id;
	s->n++;
}

static size_t idset_find(const struct idset *s, uint64_t id)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool idset_has(const struct idset *s, uint64_t id)
{
	size_t i = idset_find(s, id);

	return i < s->n && s->v[i] == id;
}

/* An event record read, waiting for the two after it to say whether
 * the chain vouches for it. */
struct pending_event {
	uint64_t id;
	struct stet_buf raw;
	bool ok;            /* it decodes, to an action stet has */
	uint64_t prev_hash; /* its hash of the event before it */
};


/* A session made to stand in for one lost, widened to its events. */
struct made_session {
	uint64_t id;
	struct stet_session s;
};

struct salv {
	const char *path;
	struct stet_txn *txn;
	struct stet_salvage_result *res;
	struct idset items, sessions, annotators, versions;
	struct made_session *made;
	size_t nmade, capmade;
	struct { uint64_t from, to; } *map; /* kept events, old id order */
	size_t nmap, capmap;
	uint64_t next_annotator, text, table;
	uint64_t ids_read; /* event records with an id in order */
	struct pending_event win[3];
	size_t nwin;
	bool draining;      /* every event record has been read */
	struct stet_event ev;
	struct stet_item item;
};

static bool is_name(const void *k, size_t kl, const char *name)
{
	return kl == strlen(name) && memcmp(k, name, kl) == 0;
}

/* ---- meta, the team, sessions ---- */

static int meta_cb(const void *k, size_t kl, const void *v, size_t vl,
		   void *ctx, struct stet_error *err)
{
	struct salv *sv = ctx;
	char num[24];

	/* Counters and the format are the new project's own. */
	if (is_name(k, kl, "format_version") || is_name(k, kl, "count.text") ||
	    is_name(k, kl, "count.table") || is_name(k, kl, "next.annotator") ||
	    kl == 0 || memchr(k, '\0', kl) != NULL)
		return STET_OK;
	if (kl > 7 && kl - 7 < sizeof num && memcmp(k, "schema.", 7) == 0) {
		char *end;
		unsigned long ver;

		memcpy(num, (const char *)k + 7, kl - 7);
		num[kl - 7] = '\0';
		ver = strtoul(num, &end, 10);
		if (*end == '\0' && ver > 0 && ver <= UINT32_MAX)
			idset_add(&sv->versions, ver);
	}
	return stet_put(sv->txn, STET_DB_META, k, kl, v, vl, 0, err);
}

/* The schema that stands, or failing it the latest stored version
 * that reads, written as the one that stands. */
static int settle_schema(struct salv *sv, struct stet_error *err)
{
	struct stet_schema s;
	struct stet_error e = {0};
	int rc;

	stet_schema_init(&s);
	rc = stet_schema_load(sv->txn, &s, &e);
	stet_schema_free(&s);
	if (rc == STET_OK)
		return STET_OK;
	for (size_t i = sv->versions.n; i-- > 0;) {
		uint32_t ver = (uint32_t)sv->versions.v[i];
		char key[32];
		const char *text;
		size_t n;
		char *copy;

		stet_schema_init(&s);
		rc = stet_schema_load_version(sv->txn, ver, &s, &e);
			stet_schema_free(&s);
		if (rc != STET_OK)
			continue;
		snprintf(key, sizeof key, "schema.%u", ver);
		if ((rc = stet_meta_get(sv->txn, key, &text, &n, err)) != STET_OK)
			return rc;
		copy = stet_xstrndup(text, n);
		rc = stet_meta_put(sv->txn, "schema", copy, n, err);
		free(copy);
		sv->res->schema_version = ver;
		return rc;
	}
	return stet_error_set(err, STET_ERR,
			      "%s: no schema can be read from it", sv->path);
}

static int annotator_cb(const void *k, size_t kl, const void *v, size_t vl,
			void *ctx, struct stet_error *err)
{
	struct salv *sv = ctx;
	struct stet_error e = {0};
	const unsigned char *r = v;
	char *name;
	uint32_t id;
	bool ok, model;
	int rc;

	if (vl != 5 || kl == 0 || kl > STET_NAME_MAX)
		return STET_OK;
	id = stet_get_u32be(r);
	name = stet_xstrndup(k, kl);
	model = strncmp(name, STET_AUTOMATIC_PREFIX,
			sizeof STET_AUTOMATIC_PREFIX - 1) == 0;
	ok = strlen(name) == kl && id != 0 && r[4] <= STET_ROLE_AUTOMATIC &&
	     model == (r[4] == STET_ROLE_AUTOMATIC) &&
	     !idset_has(&sv->annotators, id) &&
	     stet_name_check("annotator", name, &e) == STET_OK;
	free(name);
	if (!ok)
		return STET_OK;
	if ((rc = stet_put(sv->txn, STET_DB_ANNOTATORS, k, kl, v, vl, 0,
			   err)) != STET_OK)
		return rc;
	idset_add(&sv->annotators, id);
	if (id >= sv->next_annotator)
		sv->next_annotator = (uint64_t)id + 1;
	sv->res->annotators_kept++;
	return STET_OK;
}

static int session_cb(const void *k, size_t kl, const void *v, size_t vl,
		      void *ctx, struct stet_error *err)
{
	struct salv *sv = ctx;
	struct stet_session s = {0};
	struct stet_error e = {0};
	uint64_t id;
	int rc;

	if (kl != 8) {
		sv->res->sessions_damaged++;
		return STET_OK;
	}
	id = stet_get_u64be(k);
	if ((rc = stet_put(sv->txn, STET_DB_SESSIONS, k, kl, v, vl, 0,
			   err)) != STET_OK)
		return rc;
	/* Decoded where it now lies, by the reader every command uses. */
	rc = stet_session_get(sv->txn, id, &s, &e);
	stet_session_clear(&s);
	if (rc != STET_OK || id == 0) {
		sv->res->sessions_damaged++;
		return stet_del(sv->txn, STET_DB_SESSIONS, k, kl, err);
	}
	idset_add(&sv->sessions, id);
	sv->res->sessions_kept++;
	return STET_OK;
}

/* ---- items and what hangs on them ---- */

static int item_cb(const void *k, size_t kl, const void *v, size_t vl,
		   void *ctx, struct stet_error *err)
{
	struct salv *sv = ctx;
	struct stet_item *it = &sv->item;
	struct stet_error e = {0};
	unsigned char hkey[8];
	int rc;

	stet_item_clear(it);
	stet_item_init(it);
	if (kl != 8 || stet_get_u64be(k) == 0 ||
	    stet_item_decode(v, vl, it, &e) != STET_OK ||
	    stet_item_content_hash(it) != it->hash || it->ext_id == NULL) {
		sv->res->items_damaged++;
		return STET_OK;
	}
	stet_u64be(hkey, it->hash);
	rc = stet_put(sv->txn, STET_DB_ITEM_BY_EXT, it->ext_id,
		      strlen(it->ext_id), k, 8, STET_PUT_NOOVERWRITE, err);
	if (rc == STET_EXISTS) {
		/* Two items claim one id: the first read keeps it. */
		sv->res->items_damaged++;
		return STET_OK;
	}
	if (rc == STET_OK)
		rc = stet_put(sv->txn, STET_DB_ITEM_BY_HASH, hkey, 8, k, 8,
			      STET_PUT_NOOVERWRITE, err);
	if (rc == STET_EXISTS)
		rc = STET_OK; /* the first item of a content is the one */
	if (rc == STET_OK)
		rc = stet_put(sv->txn, STET_DB_ITEMS, k, 8, v, vl, 0, err);
	if (rc != STET_OK)
		return rc;
	idset_add(&sv->items, stet_get_u64be(k));
	if (it->kind == STET_ITEM_TABLE)
		sv->table++;
	else
		sv->text++;
	sv->res->items_kept++;
	return STET_OK;
}

struct copy_as {
	struct salv *sv;
	enum stet_db db;
};

/* Gold answers, models, predictions, learners and weights, as they
 * read; those that belong to an item only while the item is kept. */
static int other_cb(const void *k, size_t kl, const void *v, size_t vl,
		    void *ctx, struct stet_error *err)
{
	struct copy_as *ca = ctx;
	struct salv *sv = ca->sv;
	struct stet_error e = {0};
	bool ok = kl > 0;

	if (ca->db == STET_DB_GOLD) {
		struct stet_gold g;

		ok = kl == 8 && idset_has(&sv->items, stet_get_u64be(k)) &&
		     stet_gold_decode(v, vl, &g, &e) == STET_OK;
	} else if (ca->db == STET_DB_PREDICTIONS) {
		struct stet_prediction p;

		ok = kl == STET_PREDICTION_KEY &&
		     idset_has(&sv->items,
			       stet_get_u64be((const unsigned char *)k + 4)) &&
		     stet_prediction_decode(v, vl, &p, &e) == STET_OK;
	}
	if (!ok) {
		sv->res->other_damaged++;
		return STET_OK;
	}
	sv->res->other_kept++;
	return stet_put(sv->txn, ca->db, k, kl, v, vl, 0, err);
}

/* ---- events ---- */

static int stand_in_annotator(struct salv *sv, uint32_t id, bool model,
			      struct stet_error *err)
{
	unsigned char rec[5];
	char name[64];
	const void *v;
	size_t vl;
	int rc;

	for (unsigned n = 0;; n++) {
		snprintf(name, sizeof name, n ? "%slost-%u-%u" : "%slost-%u",
			 model ? STET_AUTOMATIC_PREFIX : "", id, n);
		rc = stet_get(sv->txn, STET_DB_ANNOTATORS, name, strlen(name),
			      &v, &vl, err);
		if (rc == STET_NOTFOUND)
			break;
		if (rc != STET_OK)
			return rc;
	}
	stet_u32be(rec, id);
	rec[4] = model ? STET_ROLE_AUTOMATIC : STET_ROLE_ANNOTATOR;
	rc = stet_put(sv->txn, STET_DB_ANNOTATORS, name, strlen(name), rec, 5,
		      0, err);
	if (rc != STET_OK)
		return rc;
	idset_add(&sv->annotators, id);
	if (id >= sv->next_annotator)
		sv->next_annotator = (uint64_t)id + 1;
	sv->res->annotators_made++;
	return STET_OK;
}

/* A session lost stands in as its events show it: the annotator, from
 * its first event's time to its last. */
static int stand_in_session(struct salv *sv, const struct stet_event *ev,
			    struct stet_error *err)
{
	size_t lo = 0, hi = sv->nmade;
	struct made_session *m;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sv->made[mid].id < ev->session)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < sv->nmade && sv->made[lo].id == ev->session) {
		m = &sv->made[lo];
		if (ev->time_ms <= m->s.end_ms)
			return STET_OK;
		m->s.end_ms = ev->time_ms;
		return stet_session_put(sv->txn, &m->s, err);
	}
	if (idset_has(&sv->sessions, ev->session))
		return STET_OK;
	if (sv->nmade == sv->capmade) {
		sv->capmade = sv->capmade ? sv->capmade * 2 : 16;
		sv->made = stet_xrealloc(sv->made,
					 sv->capmade * sizeof *sv->made);
	}
	memmove(sv->made + lo + 1, sv->made + lo,
		(sv->nmade - lo) * sizeof *sv->made);
	m = &sv->made[lo];
	sv->nmade++;
	memset(m, 0, sizeof *m);
	m->id = ev->session;
	m->s.id = ev->session;
	m->s.annotator = ev->annotator;
	m->s.start_ms = m->s.end_ms = ev->time_ms;
	m->s.schema_version = ev->schema_version;
	sv->res->sessions_made++;
	return stet_session_put(sv->txn, &m->s, err);
}

static uint64_t kept_as(const struct salv *sv, uint64_t from)
{
	size_t lo = 0, hi = sv->nmap;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sv->map[mid].from < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sv->nmap && sv->map[lo].from == from ? sv->map[lo].to : 0;
}

/* Replays one event that the chain lets stand into the new project. */
static int keep_event(struct salv *sv, const struct pending_event *pe,
		      bool checked, const struct pending_event *next,
		      struct stet_error *err)
{
	struct stet_event *ev = &sv->ev;
	struct stet_error e = {0};
	uint64_t from = pe->id;
	int rc;

	stet_event_clear(ev);
	if (stet_event_decode(pe->raw.data, pe->raw.len, ev, &e) != STET_OK) {
		sv->res->events_undecodable++;
		return STET_OK;
	}
	ev->id = from;
	/* No next event vouches for it: kept only when it is the last
	 * event read, the head of the log, which nothing ever vouches for
	 * (a head noted earlier does; stet verify prints it), and then not
	 * from the future. */
	if (!checked && (!(next == NULL && sv->draining) ||
			 ev->time_ms > stet_time_now_ms() + DAY_MS)) {
		sv->res->events_unvouched++;
		return STET_OK;
	}
	if (ev->item != 0 && !idset_has(&sv->items, ev->item)) {
		sv->res->events_no_item++;
		return STET_OK;
	}
	if (ev->action == STET_ACT_UNDO &&
	    (ev->target = kept_as(sv, ev->target)) == 0) {
		sv->res->events_no_target++;
		return STET_OK;
	}
	if (!idset_has(&sv->annotators, ev->annotator) &&
	    (rc = stand_in_annotator(sv, ev->annotator,
				     ev->action == STET_ACT_ROUTE, err)) != STET_OK)
		return rc;
	if (ev->session != 0 && (rc = stand_in_session(sv, ev, err)) != STET_OK)
		return rc;
	ev->id = 0;
	if ((rc = stet_event_append(sv->txn, ev, err)) != STET_OK)
		return rc;
	if (sv->nmap == sv->capmap) {
		sv->capmap = sv->capmap ? sv->capmap * 2 : 1024;
		sv->map = stet_xrealloc(sv->map, sv->capmap * sizeof *sv->map);
	}
	sv->map[sv->nmap].from = from;
	sv->map[sv->nmap].to = ev->id;
	sv->nmap++;
	sv->res->events_kept++;
	sv->res->events_unchecked += !checked;
	return STET_OK;
}

static bool follows(const struct pending_event *a,
		    const struct pending_event *b)
{
	return b != NULL && b->id == a->id + 1 && b->ok;
}

static uint64_t hash_of(const struct pending_event *pe)
{
	return stet_event_hash(pe->raw.data, pe->raw.len, pe->id);
}

/* The first waiting event, judged by the two after it (NULL when not
 * read): kept when the next one's hash of it matches, or when no next
 * one can say; dropped when the next one, itself vouched for or with
 * nothing after it to say otherwise, disowns it. */
static int judge_first(struct salv *sv, struct stet_error *err)
{
	struct pending_event *a = &sv->win[0];
	struct pending_event *b = sv->nwin > 1 ? &sv->win[1] : NULL;
	struct pending_event *c = sv->nwin > 2 ? &sv->win[2] : NULL;
	struct pending_event keep;
	int rc = STET_OK;

	if (!a->ok)
		sv->res->events_undecodable++;
	else if (!follows(a, b))
		rc = keep_event(sv, a, false, b, err);
	else if (b->prev_hash == hash_of(a))
		rc = keep_event(sv, a, true, b, err);
	else if (follows(b, c) && c->prev_hash != hash_of(b))
		rc = keep_event(sv, a, false, b, err); /* b's own bytes are bad */
	else
		sv->res->events_chain++;
	keep = sv->win[0];
	memmove(sv->win, sv->win + 1, (sv->nwin - 1) * sizeof *sv->win);
	sv->win[--sv->nwin] = keep;
	return rc;
}

static int event_cb(const void *k, size_t kl, const void *v, size_t vl,
		    void *ctx, struct stet_error *err)
{
	struct salv *sv = ctx;
	struct pending_event *pe;
	struct stet_error e = {0};
	int rc;

	if (kl != 8 || stet_get_u64be(k) == 0 ||
	    (sv->nwin > 0 && stet_get_u64be(k) <= sv->win[sv->nwin - 1].id)) {
		sv->res->events_undecodable++;
		return STET_OK;
	}
	if (sv->nwin == 3 && (rc = judge_first(sv, err)) != STET_OK)
		return rc;
	sv->ids_read++;
	pe = &sv->win[sv->nwin++];
	pe->id = stet_get_u64be(k);
	pe->raw.len = 0;
	stet_buf_add(&pe->raw, v, vl);
	stet_event_clear(&sv->ev);
	pe->ok = stet_event_decode(v, vl, &sv->ev, &e) == STET_OK &&
		 sv->ev.action >= STET_ACT_LABEL &&
		 sv->ev.action <= STET_ACT_SPANS;
	pe->prev_hash = sv->ev.prev_hash;
	if (pe->ok && pe->id > sv->res->events_last)
		sv->res->events_last = pe->id;
	return STET_OK;
}

/* ---- the whole ---- */

static void salv_reset(struct salv *sv)
{
	sv->items.n = sv->sessions.n = sv->annotators.n = 0;
	sv->versions.n = 0;
	for (size_t i = 0; i < sv->nmade; i++)
		stet_session_clear(&sv->made[i].s);
	sv->nmade = 0;
	sv->nmap = 0;
	sv->nwin = 0;
	sv->next_annotator = 1;
	sv->text = sv->table = 0;
	sv->ids_read = 0;
	sv->draining = false;
	memset(sv->res, 0, sizeof *sv->res);
}

static int read_db(struct salv *sv, enum stet_db db, stet_salvage_fn fn,
		   void *ctx, struct stet_salvage_read *r,
		   struct stet_error *err)
{
	return stet_store_salvage(sv->path, db, fn, ctx, r, err);
}

static int salvage_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	static const enum stet_db others[] = {
		STET_DB_GOLD, STET_DB_MODELS, STET_DB_PREDICTIONS,
		STET_DB_LEARNERS, STET_DB_WEIGHTS,
	};
	struct salv *sv = ctx;
	struct stet_salvage_result *res = sv->res;
	uint64_t total;
	struct stet_salvage_read *other[] = {
		&res->gold, &res->models, &res->predictions, &res->learners,
		&res->weights,
	};
	int rc;

	/* Redone from the start when the new project's map must grow. */
	salv_reset(sv);
	sv->txn = txn;
	if ((rc = read_db(sv, STET_DB_META, meta_cb, sv, &res->meta, err)) != STET_OK ||
	    (rc = settle_schema(sv, err)) != STET_OK ||
	    (rc = read_db(sv, STET_DB_ANNOTATORS, annotator_cb, sv,
			  &res->annotators, err)) != STET_OK ||
	    (rc = read_db(sv, STET_DB_SESSIONS, session_cb, sv,
			  &res->sessions, err)) != STET_OK ||
	    (rc = read_db(sv, STET_DB_ITEMS, item_cb, sv, &res->items,
			  err)) != STET_OK)
		return rc;
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		struct copy_as ca = {sv, others[i]};

		if ((rc = read_db(sv, others[i], other_cb, &ca, other[i],
				  err)) != STET_OK)
			return rc;
	}
	if ((rc = read_db(sv, STET_DB_EVENTS, event_cb, sv, &res->events,
			  err)) != STET_OK)
		return rc;
	sv->draining = true;
	while (sv->nwin > 0)
		if ((rc = judge_first(sv, err)) != STET_OK)
			return rc;
	/* The file's own count of its events, when it can be had, is
	 * the better bound: events past the last one read are lost too. */
	total = res->events.counted && res->events.entries > res->events_last ?
		res->events.entries : res->events_last;
	res->events_total = total;
	res->events_unread = total > sv->ids_read ? total - sv->ids_read : 0;
	if ((rc = stet_meta_put_u64(txn, "next.annotator", sv->next_annotator,
				    err)) != STET_OK ||
	    (rc = stet_meta_put_u64(txn, "count.text", sv->text, err)) != STET_OK)
		return rc;
	return stet_meta_put_u64(txn, "count.table", sv->table, err);
}

int stet_salvage(const char *damaged, const char *new_path,
		 struct stet_salvage_result *res, struct stet_error *err)
{
	struct salv sv;
	struct stet_store *st;
	struct stat a, b;
	int rc;

	memset(res, 0, sizeof *res);
	if (stat(damaged, &a) != 0)
		return stet_error_set(err, STET_ERR, "%s: cannot be read",
				      damaged);
	if (stat(new_path, &b) == 0)
		return stet_error_set(err, STET_EXISTS,
				      "%s: already exists; salvage makes a new project",
				      new_path);
	memset(&sv, 0, sizeof sv);
	sv.path = damaged;
	sv.res = res;
	stet_item_init(&sv.item);
	for (size_t i = 0; i < 3; i++)
		stet_buf_init(&sv.win[i].raw);
	if (stet_store_open(new_path, STET_OPEN_CREATE, NULL, &st, err) != STET_OK)
		return STET_ERR;
	rc = stet_store_write(st, salvage_fn, &sv, err);
	if (rc != STET_OK)
		stet_store_discard(st);
	else
		stet_store_close(st);
	for (size_t i = 0; i < 3; i++)
		stet_buf_free(&sv.win[i].raw);
	for (size_t i = 0; i < sv.nmade; i++)
		stet_session_clear(&sv.made[i].s);
	free(sv.made);
	free(sv.map);
	free(sv.items.v);
	free(sv.sessions.v);
	free(sv.annotators.v);
	free(sv.versions.v);
	stet_item_clear(&sv.item);
	stet_event_clear(&sv.ev);
	return rc == STET_OK ? STET_OK : STET_ERR;
}
