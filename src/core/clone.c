/* stet clone: a project of its own for one annotator working offline.
 * See stet/merge.h for what is copied and what is left out. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/history.h"
#include "stet/item.h"
#include "stet/merge.h"
#include "stet/route.h"
#include "stet/team.h"
#include "stet/timefmt.h"

/* A main event id and the id its copy got, in main's order. */
struct id_pair {
	uint64_t from, to;
};

struct clone_ctx {
	struct stet_txn *src;   /* a read snapshot of the main project */
	const struct stet_clone_opts *opts;
	const char *origin;     /* the main project's path, as recorded */
	uint32_t src_id;        /* the annotator in main, 0 when added */
	enum stet_role role;
	struct stet_clone_result *res;
	struct id_pair *ids;    /* the annotator's events copied */
	size_t nids, capids;
	struct stet_txn *dst;   /* the copy, inside its write */
	uint32_t to_id;         /* the annotator in the copy */
	int64_t now;
};

static bool has_prefix(const void *k, size_t kl, const char *prefix)
{
	size_t n = strlen(prefix);

	return kl >= n && memcmp(k, prefix, n) == 0;
}

static bool is_key(const void *k, size_t kl, const char *name)
{
	return kl == strlen(name) && memcmp(k, name, kl) == 0;
}

/* Copies every entry of db as it is; keys come in order, so appending. */
static int copy_db(struct clone_ctx *cc, struct stet_txn *dst,
		   enum stet_db db, uint64_t *n, struct stet_error *err)
{
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	*n = 0;
	if (stet_cursor_open(cc->src, db, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		rc = stet_put(dst, db, k, kl, v, vl, STET_PUT_APPEND, err);
		if (rc != STET_OK)
			break;
		(*n)++;
	}
	stet_cursor_close(c);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

/* Every item, concealed (stet_item_conceal): the copy goes where its
 * annotator may read every byte, and gold items must look like the
 * rest. Keys come in order, so appending. */
static int copy_items(struct clone_ctx *cc, struct stet_txn *dst,
		      struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_item it;
	struct stet_buf rec;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	cc->res->items = 0;
	if (stet_cursor_open(cc->src, STET_DB_ITEMS, &c, err) != STET_OK)
		return STET_ERR;
	stet_item_init(&it);
	stet_buf_init(&rec);
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		rc = stet_item_decode(v, vl, &it, err);
		if (rc != STET_OK) {
			stet_error_prefix(err, "item %llu", kl == 8 ?
				(unsigned long long)stet_get_u64be(k) : 0ULL);
			break;
		}
		stet_item_conceal(&it);
		stet_item_encode(&it, &rec);
		rc = stet_put(dst, STET_DB_ITEMS, k, kl, rec.data, rec.len,
			      STET_PUT_APPEND, err);
		if (rc != STET_OK)
			break;
		cc->res->items++;
	}
	stet_item_clear(&it);
	stet_buf_free(&rec);
	stet_cursor_close(c);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

/* The schema and every stored version of it, the item counters and the
 * project options. Nothing else of meta: the format version is the
 * copy's own, and settings this code does not know are not copied. */
static int copy_meta(struct clone_ctx *cc, struct stet_txn *dst,
		     struct stet_error *err)
{
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl;
	int rc;

	if (stet_cursor_open(cc->src, STET_DB_META, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		bool version = has_prefix(k, kl, "schema.");
		bool option = has_prefix(k, kl, "option.");

		if (!version && !option && !is_key(k, kl, "schema") &&
		    !is_key(k, kl, "count.text") &&
		    !is_key(k, kl, "count.table"))
			continue;
		rc = stet_put(dst, STET_DB_META, k, kl, v, vl, 0, err);
		if (rc != STET_OK)
			break;
		cc->res->schema_versions += version;
		cc->res->options += option;
	}
	stet_cursor_close(c);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

static int copy_session(const struct stet_session *s, void *ctx,
			struct stet_error *err)
{
	struct clone_ctx *cc = ctx;
	struct stet_session t = *s;
	int rc;

	if (s->annotator != cc->src_id)
		return STET_OK;
	/* The same id, so that a session without a name reads the same in
	 * both projects. */
	t.annotator = cc->to_id;
	rc = stet_session_put(cc->dst, &t, err);
	if (rc == STET_OK)
		cc->res->sessions++;
	return rc;
}

/* The project's leads, names and role only, after the annotator (who
 * is the copy's annotator 1): whoever leads the project may run the
 * lead's commands on the copy. None of their work comes along. */
static int copy_leads(struct clone_ctx *cc, struct stet_txn *dst,
		      struct stet_error *err)
{
	struct stet_annotator *list;
	size_t n;
	int rc;

	if (stet_annotators_load(cc->src, &list, &n, err) != STET_OK)
		return STET_ERR;
	rc = STET_OK;
	for (size_t i = 0; i < n && rc == STET_OK; i++) {
		uint32_t id;
		bool created;

		if (list[i].role != STET_ROLE_LEAD || list[i].id == cc->src_id)
			continue;
		rc = stet_annotator_ensure(dst, list[i].name, STET_ROLE_LEAD,
					   &id, &created, err);
		cc->res->leads += created;
	}
	stet_annotators_free(list, n);
	return rc;
}

static uint64_t copied_id(const struct clone_ctx *cc, uint64_t from)
{
	size_t lo = 0, hi = cc->nids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cc->ids[mid].from < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cc->nids && cc->ids[lo].from == from ? cc->ids[lo].to : 0;
}

/* The annotator's events, re-appended in order with their uids: labels,
 * span sets, skips, flags, notes, undos of their own copied events. Adjudications
 * stay behind (the copy holds no `final`). */
static int copy_event(struct stet_event *ev, void *ctx,
		      struct stet_error *err)
{
	struct clone_ctx *cc = ctx;
	uint64_t from = ev->id;
	int rc;

	if (ev->annotator != cc->src_id)
		return STET_OK;
	if (ev->action == STET_ACT_ADJUDICATE) {
		cc->res->events_left++;
		return STET_OK;
	}
	if (ev->action == STET_ACT_UNDO) {
		ev->target = copied_id(cc, ev->target);
		if (ev->target == 0) {
			cc->res->events_left++;
			return STET_OK;
		}
	}
	ev->annotator = cc->to_id;
	rc = stet_event_append(cc->dst, ev, err);
	if (rc != STET_OK)
		return rc;
	if (cc->nids == cc->capids) {
		cc->capids = cc->capids ? cc->capids * 2 : 1024;
		cc->ids = stet_xrealloc(cc->ids, cc->capids * sizeof *cc->ids);
	}
	cc->ids[cc->nids].from = from;
	cc->ids[cc->nids].to = ev->id;
	cc->nids++;
	cc->res->events++;
	return STET_OK;
}

/* The routes that stand (stet route), each its ROUTE event again, with
 * its uid, by the same automatic annotator in a session of the copy:
 * so the copy's queue leaves the items a model accepted alone, as the
 * project's does. A merge brings none back (routing is the project's). */
static int copy_routes(struct clone_ctx *cc, struct stet_txn *dst,
		       struct stet_error *err)
{
	struct stet_cursor *c;
	struct stet_event ev;
	struct stet_session s;
	struct stet_annotator *list = NULL;
	const void *k, *v;
	size_t kl, vl, n = 0;
	int rc;

	memset(&ev, 0, sizeof ev);
	memset(&s, 0, sizeof s);
	if (stet_annotators_load(cc->src, &list, &n, err) != STET_OK ||
	    stet_cursor_open(cc->src, STET_DB_ROUTES, &c, err) != STET_OK) {
		stet_annotators_free(list, n);
		return STET_ERR;
	}
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		struct stet_route r;
		uint32_t who = 0;
		bool created;

		if ((rc = stet_route_decode(v, vl, &r, err)) != STET_OK ||
		    (rc = stet_event_get(cc->src, r.event, &ev, err)) != STET_OK)
			break;
		for (size_t i = 0; i < n && who == 0; i++)
			if (list[i].id == ev.annotator &&
			    (rc = stet_annotator_ensure(dst, list[i].name,
							STET_ROLE_AUTOMATIC, &who,
							&created, err)) != STET_OK)
				break;
		if (rc != STET_OK)
			break;
		if (s.id == 0 || s.annotator != who) {
			s.annotator = who;
			s.start_ms = s.end_ms = cc->now;
			s.schema_version = ev.schema_version;
			if ((rc = stet_session_add(dst, &s, err)) != STET_OK)
				break;
		}
		ev.annotator = who;
		ev.session = s.id;
		if ((rc = stet_event_append(dst, &ev, err)) != STET_OK)
			break;
	}
	stet_cursor_close(c);
	stet_annotators_free(list, n);
	stet_event_clear(&ev);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

/* The main project's last event id: a merge looks for what changed
 * there after it. */
static int last_event(struct stet_txn *txn, uint64_t *last,
		      struct stet_error *err)
{
	const void *k;
	size_t kl;
	int rc = stet_last_key(txn, STET_DB_EVENTS, &k, &kl, err);

	*last = 0;
	if (rc == STET_NOTFOUND)
		return STET_OK;
	if (rc != STET_OK)
		return rc;
	if (kl != 8)
		return stet_error_set(err, STET_ERR, "events: damaged key");
	*last = stet_get_u64be(k);
	return STET_OK;
}

static int clone_fn(struct stet_txn *dst, void *ctx, struct stet_error *err)
{
	struct clone_ctx *cc = ctx;
	const char *name = cc->opts->annotator;
	uint64_t last = 0, n;
	bool created;
	int rc;

	/* Redone from the start when the copy's map has to grow: every
	 * status is passed on as it is, so that STET_MAPFULL reaches the
	 * store. */
	memset(cc->res, 0, sizeof *cc->res);
	cc->res->role = cc->role;
	cc->res->added = cc->src_id == 0;
	cc->nids = 0;
	cc->dst = dst;
	cc->to_id = 0;
	rc = copy_meta(cc, dst, err);
	if (rc == STET_OK)
		rc = copy_items(cc, dst, err);
	if (rc == STET_OK)
		rc = copy_db(cc, dst, STET_DB_ITEM_BY_EXT, &n, err);
	if (rc == STET_OK)
		rc = copy_db(cc, dst, STET_DB_ITEM_BY_HASH, &n, err);
	if (rc == STET_OK)
		rc = stet_annotator_ensure(dst, name, cc->role, &cc->to_id,
					   &created, err);
	if (rc == STET_OK)
		rc = copy_leads(cc, dst, err);
	if (rc == STET_OK && cc->src_id != 0)
		rc = stet_sessions_each(cc->src, copy_session, cc, err);
	if (rc == STET_OK && cc->src_id != 0)
		rc = stet_events_each(cc->src, 0, copy_event, cc, err);
	if (rc == STET_OK)
		rc = copy_routes(cc, dst, err);
	if (rc == STET_OK)
		rc = last_event(cc->src, &last, err);
	if (rc == STET_OK)
		rc = stet_meta_put(dst, "clone.of", cc->origin,
				   strlen(cc->origin), err);
	if (rc == STET_OK)
		rc = stet_meta_put(dst, "clone.for", name, strlen(name), err);
	if (rc == STET_OK)
		rc = stet_meta_put_u64(dst, "clone.events", last, err);
	if (rc == STET_OK)
		rc = stet_meta_put_u64(dst, "clone.time", (uint64_t)cc->now,
				       err);
	return rc;
}

/* "ana, bo, cy" into out, cut short with "..." when long. */
static void known_names(struct stet_txn *txn, char *out, size_t len)
{
	struct stet_annotator *list;
	struct stet_error err = {0};
	size_t n, used = 0;

	out[0] = '\0';
	if (stet_annotators_load(txn, &list, &n, &err) != STET_OK)
		return;
	for (size_t i = 0; i < n && used < len; i++) {
		int w = snprintf(out + used, len - used, "%s%s",
				 i ? ", " : "", list[i].name);

		if (w < 0 || (size_t)w >= len - used) {
			if (len > 4)
				memcpy(out + len - 4, "...", 4);
			break;
		}
		used += (size_t)w;
	}
	stet_annotators_free(list, n);
}

int stet_clone(struct stet_store *project, const char *copy_path,
	       const struct stet_clone_opts *opts,
	       struct stet_clone_result *res, struct stet_error *err)
{
	struct clone_ctx cc;
	struct stet_store *copy = NULL;
	char origin[PATH_MAX];
	int rc;

	memset(res, 0, sizeof *res);
	memset(&cc, 0, sizeof cc);
	cc.opts = opts;
	cc.res = res;
	cc.now = stet_time_now_ms();
	if (opts->annotator == NULL || *opts->annotator == '\0' ||
	    strlen(opts->annotator) > 200)
		return stet_error_set(err, STET_ERR,
				      "annotator names are 1 to 200 bytes");
	if (realpath(stet_store_path(project), origin) == NULL)
		snprintf(origin, sizeof origin, "%s", stet_store_path(project));
	cc.origin = origin;
	if (stet_txn_begin_read(project, &cc.src, err) != STET_OK)
		return STET_ERR;
	cc.role = STET_ROLE_ANNOTATOR;
	rc = stet_member_get(cc.src, opts->annotator, &cc.src_id, &cc.role,
			     err);
	if (rc == STET_NOTFOUND)
		rc = STET_OK; /* cc.src_id stays 0 */
	if (rc == STET_OK && cc.src_id == 0 && !opts->add) {
		char names[300];

		known_names(cc.src, names, sizeof names);
		rc = stet_error_set(err, STET_NOTFOUND,
			"%s has no annotator \"%s\" (it has: %s); --add clones for a new one",
			stet_store_path(project), opts->annotator,
			names[0] ? names : "none");
	}
	if (rc == STET_OK && cc.src_id != 0 && cc.role != STET_ROLE_ANNOTATOR &&
	    cc.role != STET_ROLE_LEAD)
		rc = stet_error_set(err, STET_ERR,
				    cc.role == STET_ROLE_AUTOMATIC ?
				    "%s is a model that labels (stet route) in %s: no one works offline as it" :
				    "%s is no longer on the team of %s",
				    opts->annotator, stet_store_path(project));
	if (rc != STET_OK)
		goto leave;
	rc = stet_store_open(copy_path, STET_OPEN_CREATE, NULL, &copy, err);
	if (rc != STET_OK)
		goto leave;
	rc = stet_store_write(copy, clone_fn, &cc, err);
	if (rc != STET_OK) {
		stet_store_discard(copy);
		stet_error_prefix(err, "%s", copy_path);
	} else {
		stet_store_close(copy);
	}
leave:
	stet_txn_end(cc.src);
	free(cc.ids);
	return rc;
}
