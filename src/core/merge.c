/* stet merge: the events of a copy (stet clone, or any copy of the
 * project file) brought back into the project, matched by uid.
 *
 * The copy is read twice: once before the write, into a table of its
 * events (uid, session, target, time) with a hash index on the uids;
 * once inside the write, to append the new ones. The project's events
 * are read once, inside the write transaction, each looked up in that
 * index: memory follows the copy's size, not the project's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/history.h"
#include "stet/item.h"
#include "stet/merge.h"
#include "stet/schema.h"
#include "stet/team.h"
#include "pairmap.h"

static uint64_t uid_a(const unsigned char uid[16])
{
	return stet_get_u64be(uid);
}

static uint64_t uid_b(const unsigned char uid[16])
{
	return stet_get_u64be(uid + 8);
}

/* ---- the state of one merge ---- */

/* One event of the copy, in the copy's order. */
struct centry {
	uint64_t id;      /* in the copy */
	uint64_t session; /* in the copy */
	uint64_t proj;    /* its id in the project: found, or appended */
	uint64_t proj_session; /* when found: its session in the project */
	bool present;     /* found in the project by uid */
	bool routed;      /* a ROUTE: routing is the project's, never merged */
};

/* A value the project changed after the clone, by annotator on item. */
struct later {
	uint64_t item;
	uint32_t annotator;
	int64_t time_ms;
};

struct pair {
	uint64_t item;      /* in the project */
	uint32_t annotator; /* in the project */
	int64_t copy_ms;
	int64_t project_ms;
	bool conflict;
};

struct merge_ctx {
	struct stet_txn *copy;     /* a read snapshot of the copy */
	const char *copy_path;
	const char *project_path;
	bool dry_run;
	struct stet_merge_result *res;
	struct stet_annotator *canns;  /* the copy's annotators, canns[i].id == i + 1 */
	size_t ncanns;
	uint32_t *ann_map;             /* copy annotator id - 1 -> project id, 0 none */
	struct centry *ev;             /* the copy's events */
	size_t nev, capev;
	struct stet_pairmap uids;      /* uid -> index into ev */
	/* Rebuilt on every run of the write function: */
	struct stet_pairmap items;     /* copy item -> project item */
	struct stet_pairmap sessions;  /* copy session -> project session */
	struct stet_pairmap touched;   /* copy sessions met among new events */
	struct stet_pairmap session_ids; /* (annotator, start) -> project session */
	bool session_ids_loaded;
	struct stet_pairmap pairs;     /* (item, annotator) -> index into pair */
	struct pair *pair;
	size_t npair, cappair;
	struct later *later;
	size_t nlater, caplater;
	struct stet_event scratch;
};

/* One event of the copy into its event table and uid index, made once
 * before the write. */
static int note_copy_event(struct stet_event *ev, void *ctx,
			   struct stet_error *err)
{
	struct merge_ctx *mc = ctx;
	struct centry *e;
	uint64_t *slot;

	if (mc->nev == mc->capev) {
		mc->capev = mc->capev ? mc->capev * 2 : 1024;
		mc->ev = stet_xrealloc(mc->ev, mc->capev * sizeof *mc->ev);
	}
	e = &mc->ev[mc->nev];
	memset(e, 0, sizeof *e);
	e->id = ev->id;
	e->session = ev->session;
	e->routed = ev->action == STET_ACT_ROUTE;
	slot = stet_pairmap_put(&mc->uids, uid_a(ev->uid), uid_b(ev->uid),
				mc->nev);
	if (*slot != mc->nev)
		return stet_error_set(err, STET_ERR,
			"events %llu and %llu have the same uid: the copy is damaged",
			(unsigned long long)mc->ev[*slot].id,
			(unsigned long long)e->id);
	mc->nev++;
	return STET_OK;
}

static int load_clone_meta(struct merge_ctx *mc, struct stet_error *err)
{
	const char *v;
	size_t vl;
	int rc;

	rc = stet_meta_get(mc->copy, "clone.of", &v, &vl, err);
	if (rc == STET_OK)
		mc->res->clone_of = stet_xstrndup(v, vl);
	else if (rc != STET_NOTFOUND)
		return rc;
	rc = stet_meta_get(mc->copy, "clone.for", &v, &vl, err);
	if (rc == STET_OK)
		mc->res->clone_for = stet_xstrndup(v, vl);
	else if (rc != STET_NOTFOUND)
		return rc;
	rc = stet_meta_get_u64(mc->copy, "clone.events",
			       &mc->res->clone_events, err);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

/* ---- checks and mappings inside the write ---- */

static bool label_same(const struct stet_label *a, const struct stet_label *b)
{
	return a->id == b->id && strcmp(a->name, b->name) == 0 &&
	       strcmp(a->key, b->key) == 0 &&
	       !strcmp(a->description ? a->description : "",
		       b->description ? b->description : "") &&
	       !strcmp(a->colour ? a->colour : "", b->colour ? b->colour : "");
}

static bool schema_same(const struct stet_schema *a,
			const struct stet_schema *b)
{
	if (a->multi != b->multi || a->nlabels != b->nlabels ||
	    a->next_id != b->next_id)
		return false;
	for (size_t i = 0; i < a->nlabels; i++)
		if (!label_same(&a->labels[i], &b->labels[i]))
			return false;
	return true;
}

/* Every version of the copy's schema is in the project, the same. */
static int check_schema(struct merge_ctx *mc, struct stet_txn *txn,
			struct stet_error *err)
{
	struct stet_schema cs, ps;
	uint32_t top;
	int rc;

	stet_schema_init(&cs);
	stet_schema_init(&ps);
	rc = stet_schema_load(mc->copy, &cs, err);
	if (rc != STET_OK) {
		stet_error_prefix(err, "%s", mc->copy_path);
		return STET_ERR;
	}
	top = cs.version;
	for (uint32_t v = 1; v <= top && rc == STET_OK; v++) {
		rc = stet_schema_load_version(mc->copy, v, &cs, err);
		if (rc == STET_NOTFOUND) {
			rc = STET_OK; /* never stored there: nothing to hold */
			continue;
		}
		if (rc != STET_OK)
			break;
		rc = stet_schema_load_version(txn, v, &ps, err);
		if (rc == STET_NOTFOUND)
			rc = stet_error_set(err, STET_CONFLICT,
				"%s has schema version %u, which %s does not have: the schema was changed in the copy; change it the same way in the project first",
				mc->copy_path, v, mc->project_path);
		else if (rc == STET_OK && !schema_same(&cs, &ps))
			rc = stet_error_set(err, STET_CONFLICT,
				"schema version %u differs between %s and %s: the copy is of another project, or its schema was changed",
				v, mc->copy_path, mc->project_path);
	}
	stet_schema_free(&cs);
	stet_schema_free(&ps);
	return rc;
}

static const struct stet_annotator *copy_annotator(const struct merge_ctx *mc,
						   uint32_t id,
						   struct stet_error *err)
{
	if (id == 0 || id > mc->ncanns) {
		stet_error_set(err, STET_ERR,
			       "%s: an event names annotator %u, which it does not have",
			       mc->copy_path, id);
		return NULL;
	}
	return &mc->canns[id - 1];
}

/* The project's annotator for copy annotator id, added when missing (a
 * dry run counts it and maps it to UINT32_MAX). */
static int map_annotator(struct merge_ctx *mc, struct stet_txn *txn,
			 uint32_t id, uint32_t *out, struct stet_error *err)
{
	const struct stet_annotator *a = copy_annotator(mc, id, err);
	bool created;

	if (a == NULL)
		return STET_ERR;
	if (mc->ann_map[id - 1] == 0) {
		if (mc->dry_run) {
			mc->ann_map[id - 1] = UINT32_MAX;
			mc->res->annotators++;
		} else {
			/* Never a lead: a copy cannot make one. */
			int rc = stet_annotator_ensure(txn, a->name,
						       STET_ROLE_ANNOTATOR,
						       &mc->ann_map[id - 1],
						       &created, err);

			if (rc != STET_OK)
				return rc; /* STET_MAPFULL: the store redoes */
			mc->res->annotators += created;
		}
	}
	*out = mc->ann_map[id - 1];
	return STET_OK;
}

static int item_record(struct stet_txn *txn, uint64_t id, const void **v,
		       size_t *vl, struct stet_error *err)
{
	unsigned char key[8];

	stet_u64be(key, id);
	return stet_get(txn, STET_DB_ITEMS, key, 8, v, vl, err);
}

/* The project item that is copy item cid: the same id when the records
 * or the content hashes agree, else the one with its external id and
 * content, else the one with its content. */
static int resolve_item(struct merge_ctx *mc, struct stet_txn *txn,
			uint64_t cid, uint64_t *out, struct stet_error *err)
{
	struct stet_item ci, pi;
	const void *cv, *pv;
	size_t cvl, pvl;
	unsigned char hkey[8];
	uint64_t id = 0;
	int rc;

	rc = item_record(mc->copy, cid, &cv, &cvl, err);
	if (rc == STET_NOTFOUND)
		return stet_error_set(err, STET_ERR,
				      "%s: an event names item %llu, which it does not have",
				      mc->copy_path, (unsigned long long)cid);
	if (rc != STET_OK)
		return rc;
	rc = item_record(txn, cid, &pv, &pvl, err);
	if (rc == STET_OK && pvl == cvl && memcmp(pv, cv, cvl) == 0) {
		*out = cid;
		return STET_OK;
	}
	if (rc != STET_OK && rc != STET_NOTFOUND)
		return rc;
	stet_item_init(&ci);
	stet_item_init(&pi);
	rc = stet_item_decode(cv, cvl, &ci, err);
	if (rc != STET_OK) {
		stet_error_prefix(err, "%s: item %llu", mc->copy_path,
				  (unsigned long long)cid);
		stet_item_clear(&ci);
		return rc;
	}
	rc = stet_item_get(txn, cid, &pi, err);
	if (rc == STET_OK && pi.hash == ci.hash)
		id = cid;
	if (rc == STET_OK || rc == STET_NOTFOUND)
		rc = STET_OK;
	if (rc == STET_OK && id == 0 && ci.ext_id != NULL) {
		uint64_t eid;

		rc = stet_item_find_ext(txn, ci.ext_id, &eid, err);
		stet_item_clear(&pi);
		if (rc == STET_OK)
			rc = stet_item_get(txn, eid, &pi, err);
		if (rc == STET_OK && pi.hash == ci.hash)
			id = eid;
		if (rc == STET_NOTFOUND || rc == STET_OK)
			rc = STET_OK;
	}
	if (rc == STET_OK && id == 0) {
		const void *v;
		size_t vl;

		stet_u64be(hkey, ci.hash);
		rc = stet_get(txn, STET_DB_ITEM_BY_HASH, hkey, 8, &v, &vl, err);
		if (rc == STET_OK && vl == 8)
			id = stet_get_u64be(v);
		if (rc == STET_NOTFOUND || rc == STET_OK)
			rc = STET_OK;
	}
	if (rc == STET_OK && id == 0)
		rc = stet_error_set(err, STET_CONFLICT,
			"item \"%s\" of %s is not in %s (no item there has its id and content, or its content): the copy is of another project, or the item was made in the copy",
			ci.ext_id ? ci.ext_id : "?", mc->copy_path,
			mc->project_path);
	stet_item_clear(&ci);
	stet_item_clear(&pi);
	if (rc == STET_OK)
		*out = id;
	return rc;
}

static int map_item(struct merge_ctx *mc, struct stet_txn *txn, uint64_t cid,
		    uint64_t *out, struct stet_error *err)
{
	uint64_t *slot = stet_pairmap_find(&mc->items, cid, 0);
	int rc;

	if (slot != NULL) {
		*out = *slot;
		return STET_OK;
	}
	rc = resolve_item(mc, txn, cid, out, err);

	if (rc != STET_OK)
		return rc;
	stet_pairmap_put(&mc->items, cid, 0, *out);
	return STET_OK;
}

/* An action that sets what stands for an (item, annotator): the
 * project and the copy both making one after the clone is a conflict. */
static bool has_slot(enum stet_action a)
{
	return a == STET_ACT_LABEL || a == STET_ACT_UNLABEL ||
	       a == STET_ACT_ADJUDICATE || a == STET_ACT_SPANS;
}

/* One event of the project: one of the copy's (and in which session),
 * or a value changed after the clone. */
static int scan_one(struct stet_event *ev, void *ctx, struct stet_error *err)
{
	struct merge_ctx *mc = ctx;
	uint64_t *slot = stet_pairmap_find(&mc->uids, uid_a(ev->uid),
					   uid_b(ev->uid));

	(void)err;
	if (slot != NULL) {
		mc->ev[*slot].present = true;
		mc->ev[*slot].proj = ev->id;
		mc->ev[*slot].proj_session = ev->session;
		mc->res->present++;
		return STET_OK;
	}
	if (ev->id <= mc->res->clone_events || !has_slot(ev->action))
		return STET_OK;
	if (mc->nlater == mc->caplater) {
		mc->caplater = mc->caplater ? mc->caplater * 2 : 256;
		mc->later = stet_xrealloc(mc->later,
					  mc->caplater * sizeof *mc->later);
	}
	mc->later[mc->nlater++] = (struct later){ev->item, ev->annotator,
						 ev->time_ms};
	return STET_OK;
}

static int copy_event_get(struct merge_ctx *mc, uint64_t id,
			  struct stet_event *ev, struct stet_error *err)
{
	int rc = stet_event_get(mc->copy, id, ev, err);

	if (rc == STET_NOTFOUND)
		rc = stet_error_set(err, STET_ERR, "%s: no event %llu",
				    mc->copy_path, (unsigned long long)id);
	return rc;
}

/* Project sessions by (annotator, start): how a copy session made in the
 * project and cloned, but with no event merged yet, is found again. */
static int note_session_id(const struct stet_session *s, void *ctx,
			   struct stet_error *err)
{
	struct merge_ctx *mc = ctx;

	(void)err;
	stet_pairmap_put(&mc->session_ids, s->annotator, (uint64_t)s->start_ms,
			 s->id);
	return STET_OK;
}

static bool str_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The project session for a copy session: mapped already, found through
 * an event of it merged before, found by its annotator, start, host, tty
 * and name, or else created. A reused session takes the copy's end when
 * that is later. */
static int map_session(struct merge_ctx *mc, struct stet_txn *txn,
		       uint64_t csid, uint32_t annotator, uint64_t *out,
		       struct stet_error *err)
{
	struct stet_session cs, ps;
	uint64_t *slot = stet_pairmap_find(&mc->sessions, csid, 0), psid = 0;
	int rc;

	if (slot != NULL && stet_pairmap_find(&mc->touched, csid, 0) != NULL) {
		*out = *slot;
		return STET_OK;
	}
	memset(&cs, 0, sizeof cs);
	memset(&ps, 0, sizeof ps);
	stet_pairmap_put(&mc->touched, csid, 0, 1);
	rc = stet_session_get(mc->copy, csid, &cs, err);
	if (rc == STET_NOTFOUND)
		rc = stet_error_set(err, STET_ERR, "%s: no session %llu",
				    mc->copy_path, (unsigned long long)csid);
	if (rc != STET_OK)
		goto leave;
	if (slot != NULL) {
		psid = *slot;
	} else {
		if (!mc->session_ids_loaded) {
			mc->session_ids_loaded = true;
			rc = stet_sessions_each(txn, note_session_id, mc, err);
			if (rc != STET_OK)
				goto leave;
		}
		slot = stet_pairmap_find(&mc->session_ids, annotator,
				(uint64_t)cs.start_ms);
	}
	if (psid == 0 && slot != NULL) {
		rc = stet_session_get(txn, *slot, &ps, err);
		if (rc != STET_OK)
			goto leave;
		if (ps.annotator == annotator && str_same(ps.host, cs.host) &&
		    str_same(ps.tty, cs.tty) && str_same(ps.name, cs.name))
			psid = ps.id;
	}
	if (psid != 0 && !mc->dry_run) {
		if (ps.id != psid)
			rc = stet_session_get(txn, psid, &ps, err);
		if (rc == STET_OK && cs.end_ms > ps.end_ms) {
			ps.end_ms = cs.end_ms;
			rc = stet_session_put(txn, &ps, err);
		}
	} else if (psid == 0 && mc->dry_run) {
		psid = UINT64_MAX - mc->res->sessions;
		mc->res->sessions++;
	} else if (psid == 0) {
		cs.id = 0;
		cs.annotator = annotator;
		rc = stet_session_add(txn, &cs, err);
		psid = cs.id;
		mc->res->sessions++;
		if (rc == STET_OK)
			stet_pairmap_put(&mc->session_ids, annotator,
				(uint64_t)cs.start_ms, psid);
	}
	if (rc == STET_OK) {
		*stet_pairmap_put(&mc->sessions, csid, 0, psid) = psid;
		*out = psid;
	}
leave:
	stet_session_clear(&cs);
	stet_session_clear(&ps);
	return rc;
}

static const struct centry *entry_by_id(const struct merge_ctx *mc,
					uint64_t id)
{
	size_t lo = 0, hi = mc->nev;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mc->ev[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < mc->nev && mc->ev[lo].id == id ? &mc->ev[lo] : NULL;
}

static void note_pair(struct merge_ctx *mc, uint64_t item, uint32_t annotator,
		      int64_t t)
{
	uint64_t *slot = stet_pairmap_put(&mc->pairs, item, annotator, mc->npair);
	struct pair *p;

	if (*slot == mc->npair) {
		if (mc->npair == mc->cappair) {
			mc->cappair = mc->cappair ? mc->cappair * 2 : 256;
			mc->pair = stet_xrealloc(mc->pair,
						 mc->cappair * sizeof *mc->pair);
		}
		mc->pair[mc->npair++] = (struct pair){item, annotator, t, 0,
						      false};
	}
	p = &mc->pair[*slot];
	if (t > p->copy_ms)
		p->copy_ms = t;
}

/* Appends one new copy event, every id mapped into the project. */
static int merge_one(struct merge_ctx *mc, struct stet_txn *txn,
		     struct centry *e, struct stet_error *err)
{
	struct stet_event *ev = &mc->scratch;
	uint32_t annotator;
	int rc;

	if (copy_event_get(mc, e->id, ev, err) != STET_OK)
		return STET_ERR;
	rc = map_annotator(mc, txn, ev->annotator, &annotator, err);
	if (rc == STET_OK && ev->item != 0)
		rc = map_item(mc, txn, ev->item, &ev->item, err);
	if (rc == STET_OK)
		rc = map_session(mc, txn, ev->session, annotator, &ev->session,
				 err);
	if (rc != STET_OK)
		goto fail;
	ev->annotator = annotator;
	if (ev->action == STET_ACT_UNDO) {
		const struct centry *t = entry_by_id(mc, ev->target);

		if (t == NULL || t->proj == 0) {
			rc = stet_error_set(err, STET_ERR,
				"undoes event %llu, which is neither in %s nor in the copy",
				(unsigned long long)ev->target, mc->project_path);
			goto fail;
		}
		ev->target = t->proj;
	}
	if (has_slot(ev->action) && annotator != UINT32_MAX)
		note_pair(mc, ev->item, annotator, ev->time_ms);
	if (mc->dry_run) {
		e->proj = UINT64_MAX; /* stands for the id it would get */
	} else {
		rc = stet_event_append(txn, ev, err);
		if (rc != STET_OK)
			return rc;
		e->proj = ev->id;
	}
	mc->res->merged++;
	return STET_OK;
fail:
	/* A full map is redone by the store, not reported. */
	if (rc != STET_MAPFULL)
		stet_error_prefix(err, "%s: event %llu", mc->copy_path,
				  (unsigned long long)e->id);
	return rc;
}

static void conflicts_free(struct stet_merge_result *res)
{
	for (size_t i = 0; i < res->nconflicts; i++) {
		free(res->conflicts[i].item);
		free(res->conflicts[i].annotator);
	}
	free(res->conflicts);
	res->conflicts = NULL;
	res->nconflicts = 0;
}

static const char *project_annotator_name(const struct merge_ctx *mc,
					  uint32_t id)
{
	for (size_t i = 0; i < mc->ncanns; i++)
		if (mc->ann_map[i] == id)
			return mc->canns[i].name;
	return "?";
}

/* Pairs the project changed after the clone and the copy changed too. */
static int find_conflicts(struct merge_ctx *mc, struct stet_txn *txn,
			  struct stet_error *err)
{
	struct stet_merge_result *res = mc->res;
	size_t n = 0;

	for (size_t i = 0; i < mc->nlater; i++) {
		uint64_t *slot = stet_pairmap_find(&mc->pairs, mc->later[i].item,
					  mc->later[i].annotator);
		struct pair *p;

		if (slot == NULL)
			continue;
		p = &mc->pair[*slot];
		if (!p->conflict)
			n++;
		p->conflict = true;
		if (mc->later[i].time_ms > p->project_ms)
			p->project_ms = mc->later[i].time_ms;
	}
	if (n == 0)
		return STET_OK;
	res->conflicts = stet_xcalloc(n, sizeof *res->conflicts);
	for (size_t i = 0; i < mc->npair; i++) {
		struct stet_merge_conflict *c;
		struct stet_item it;
		int rc;

		if (!mc->pair[i].conflict)
			continue;
		c = &res->conflicts[res->nconflicts++];
		stet_item_init(&it);
		rc = stet_item_get(txn, mc->pair[i].item, &it, err);
		if (rc != STET_OK) {
			stet_item_clear(&it);
			return STET_ERR;
		}
		c->item = stet_xstrdup(it.ext_id ? it.ext_id : "?");
		stet_item_clear(&it);
		c->annotator = stet_xstrdup(project_annotator_name(mc,
							mc->pair[i].annotator));
		c->project_ms = mc->pair[i].project_ms;
		c->copy_ms = mc->pair[i].copy_ms;
	}
	return STET_OK;
}

static int merge_fn(struct stet_txn *txn, void *ctx, struct stet_error *err)
{
	struct merge_ctx *mc = ctx;
	struct stet_merge_result *res = mc->res;
	int rc;

	/* Redone from the start when the project's map has to grow. */
	res->merged = res->present = res->sessions = res->annotators = 0;
	conflicts_free(res);
	stet_pairmap_clear(&mc->items);
	stet_pairmap_clear(&mc->sessions);
	stet_pairmap_clear(&mc->touched);
	stet_pairmap_clear(&mc->session_ids);
	stet_pairmap_clear(&mc->pairs);
	mc->session_ids_loaded = false;
	mc->npair = mc->nlater = 0;
	for (size_t i = 0; i < mc->nev; i++) {
		mc->ev[i].present = false;
		mc->ev[i].proj = mc->ev[i].proj_session = 0;
	}
	rc = check_schema(mc, txn, err);
	if (rc != STET_OK)
		return rc;
	for (size_t i = 0; i < mc->ncanns; i++) {
		enum stet_role role;

		rc = stet_member_get(txn, mc->canns[i].name, &mc->ann_map[i],
				     &role, err);
		if (rc == STET_NOTFOUND)
			mc->ann_map[i] = 0; /* a redo may find it set */
		else if (rc != STET_OK)
			return STET_ERR;
	}
	if (stet_events_each(txn, 0, scan_one, mc, err) != STET_OK) {
		stet_error_prefix(err, "%s", mc->project_path);
		return STET_ERR;
	}
	/* A copy session some of whose events are in the project already
	 * continues that project session. */
	for (size_t i = 0; i < mc->nev; i++)
		if (mc->ev[i].present)
			stet_pairmap_put(&mc->sessions, mc->ev[i].session, 0,
				mc->ev[i].proj_session);
	for (size_t i = 0; i < mc->nev; i++) {
		if (mc->ev[i].present || mc->ev[i].routed)
			continue;
		rc = merge_one(mc, txn, &mc->ev[i], err);
		if (rc != STET_OK)
			return rc;
	}
	return find_conflicts(mc, txn, err);
}

static void ctx_free(struct merge_ctx *mc)
{
	stet_annotators_free(mc->canns, mc->ncanns);
	free(mc->ann_map);
	free(mc->ev);
	stet_pairmap_free(&mc->uids);
	stet_pairmap_free(&mc->items);
	stet_pairmap_free(&mc->sessions);
	stet_pairmap_free(&mc->touched);
	stet_pairmap_free(&mc->session_ids);
	stet_pairmap_free(&mc->pairs);
	free(mc->pair);
	free(mc->later);
	stet_event_clear(&mc->scratch);
}

int stet_merge(struct stet_store *project, struct stet_store *copy,
	       bool dry_run, struct stet_merge_result *res,
	       struct stet_error *err)
{
	struct merge_ctx mc;
	struct stet_txn *ptxn = NULL;
	int rc;

	memset(res, 0, sizeof *res);
	memset(&mc, 0, sizeof mc);
	mc.copy_path = stet_store_path(copy);
	mc.project_path = stet_store_path(project);
	mc.dry_run = dry_run;
	mc.res = res;
	if (stet_txn_begin_read(copy, &mc.copy, err) != STET_OK)
		return STET_ERR;
	rc = stet_annotators_load(mc.copy, &mc.canns, &mc.ncanns, err);
	if (rc == STET_OK) {
		for (size_t i = 0; i < mc.ncanns && rc == STET_OK; i++)
			if (mc.canns[i].id != i + 1)
				rc = stet_error_set(err, STET_ERR,
					"%s: annotator ids are not dense",
					mc.copy_path);
		mc.ann_map = stet_xcalloc(mc.ncanns + 1, sizeof *mc.ann_map);
	}
	if (rc == STET_OK)
		rc = load_clone_meta(&mc, err);
	if (rc == STET_OK)
		rc = stet_events_each(mc.copy, 0, note_copy_event, &mc, err);
	if (rc == STET_OK && dry_run) {
		rc = stet_txn_begin_read(project, &ptxn, err);
		if (rc == STET_OK)
			rc = merge_fn(ptxn, &mc, err);
		stet_txn_end(ptxn);
	} else if (rc == STET_OK) {
		rc = stet_store_write(project, merge_fn, &mc, err);
	}
	stet_txn_end(mc.copy);
	ctx_free(&mc);
	if (rc != STET_OK)
		stet_merge_result_free(res);
	return rc;
}

void stet_merge_result_free(struct stet_merge_result *res)
{
	conflicts_free(res);
	free(res->clone_of);
	free(res->clone_for);
	memset(res, 0, sizeof *res);
}
