/* Annotators and their sessions (stet(5)): who labels, and when and
 * where each sitting was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/buf.h"
#include "stet/name.h"

#define SESSION_RECORD_VERSION 1

static int damaged(struct stet_txn *txn, struct stet_error *err,
		   const char *what, uint64_t id)
{
	return stet_error_set(err, STET_ERR,
			      "%s is damaged (%s %llu: its record does not decode)",
			      stet_txn_path(txn), what, (unsigned long long)id);
}

/* ---- annotators: name → u32be id, u8 role ---- */

int stet_annotator_ensure(struct stet_txn *txn, const char *name,
			  enum stet_role role, uint32_t *id, bool *created,
			  struct stet_error *err)
{
	unsigned char rec[5];
	const void *v;
	size_t vl;
	uint64_t next;
	int rc;

	*created = false;
	rc = stet_get(txn, STET_DB_ANNOTATORS, name, strlen(name), &v, &vl,
		      err);
	if (rc == STET_OK) {
		if (vl != 5)
			return stet_error_set(err, STET_ERR,
					      "annotator \"%s\": record is damaged",
					      name);
		/* A model's labels are never a person's, nor the reverse. */
		if ((((const unsigned char *)v)[4] == STET_ROLE_AUTOMATIC) !=
		    (role == STET_ROLE_AUTOMATIC))
			return stet_error_set(err, STET_ERR,
					      role == STET_ROLE_AUTOMATIC ?
					      "annotator \"%s\" is a person, not a model that labels" :
					      "annotator \"%s\" is a model that labels (stet route): no one labels as it",
					      name);
		*id = stet_get_u32be(v);
		return STET_OK;
	}
	if (rc != STET_NOTFOUND)
		return rc;
	if (stet_name_check("annotator", name, err) != STET_OK)
		return STET_ERR;
	if ((strncmp(name, STET_AUTOMATIC_PREFIX,
		     sizeof STET_AUTOMATIC_PREFIX - 1) == 0) !=
	    (role == STET_ROLE_AUTOMATIC))
		return stet_error_set(err, STET_ERR,
				      role == STET_ROLE_AUTOMATIC ?
				      "automatic annotator \"%s\": its name must begin with \"" STET_AUTOMATIC_PREFIX "\"" :
				      "annotator \"%s\": names beginning with \"" STET_AUTOMATIC_PREFIX "\" are kept for models that label (stet route)",
				      name);
	rc = stet_meta_get_u64(txn, "next.annotator", &next, err);
	if (rc == STET_NOTFOUND)
		next = 1;
	else if (rc != STET_OK)
		return rc;
	*id = (uint32_t)next;
	stet_u32be(rec, *id);
	rec[4] = (unsigned char)role;
	rc = stet_put(txn, STET_DB_ANNOTATORS, name, strlen(name), rec, 5, 0,
		      err);
	if (rc == STET_OK)
		rc = stet_meta_put_u64(txn, "next.annotator", next + 1, err);
	if (rc == STET_OK)
		*created = true;
	return rc;
}

static int by_id(const void *a, const void *b)
{
	const struct stet_annotator *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

int stet_annotators_load(struct stet_txn *txn, struct stet_annotator **list,
			 size_t *n, struct stet_error *err)
{
	struct stet_cursor *c;
	const void *k, *v;
	size_t kl, vl, cap = 8;
	int rc;

	*list = stet_xcalloc(cap, sizeof **list);
	*n = 0;
	if (stet_cursor_open(txn, STET_DB_ANNOTATORS, &c, err) != STET_OK)
		return STET_ERR;
	for (rc = stet_cursor_seek(c, NULL, 0, &k, &kl, &v, &vl, err);
	     rc == STET_OK; rc = stet_cursor_next(c, &k, &kl, &v, &vl, err)) {
		if (vl != 5) {
			rc = stet_error_set(err, STET_ERR,
					    "annotators: damaged record");
			break;
		}
		if (*n == cap) {
			cap *= 2;
			*list = stet_xrealloc(*list, cap * sizeof **list);
		}
		(*list)[*n].id = stet_get_u32be(v);
		(*list)[*n].role = ((const unsigned char *)v)[4];
		(*list)[*n].name = stet_xstrndup(k, kl);
		(*n)++;
	}
	stet_cursor_close(c);
	if (rc != STET_NOTFOUND) {
		stet_annotators_free(*list, *n);
		*list = NULL;
		*n = 0;
		return STET_ERR;
	}
	qsort(*list, *n, sizeof **list, by_id);
	return STET_OK;
}

void stet_annotators_free(struct stet_annotator *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i].name);
	free(list);
}

/* ---- sessions ---- */

void stet_session_clear(struct stet_session *s)
{
	free(s->host);
	free(s->tty);
	free(s->name);
	memset(s, 0, sizeof *s);
}

static void put_s(struct stet_buf *b, const char *s)
{
	stet_buf_put_str(b, s ? s : "", s ? strlen(s) : 0);
}

int stet_session_put(struct stet_txn *txn, const struct stet_session *s,
		     struct stet_error *err)
{
	unsigned char key[8];
	struct stet_buf b;
	int rc;

	stet_buf_init(&b);
	stet_buf_addc(&b, SESSION_RECORD_VERSION);
	stet_buf_put_varint(&b, s->annotator);
	stet_buf_put_u64be(&b, (uint64_t)s->start_ms);
	stet_buf_put_u64be(&b, (uint64_t)s->end_ms);
	put_s(&b, s->host);
	put_s(&b, s->tty);
	put_s(&b, s->name);
	stet_buf_put_varint(&b, s->schema_version);
	stet_u64be(key, s->id);
	rc = stet_put(txn, STET_DB_SESSIONS, key, 8, b.data, b.len, 0, err);
	stet_buf_free(&b);
	return rc;
}

int stet_session_add(struct stet_txn *txn, struct stet_session *s,
		     struct stet_error *err)
{
	const void *k;
	size_t kl;
	int rc;

	if (s->name != NULL && stet_name_check("session", s->name, err) != STET_OK)
		return STET_ERR;
	rc = stet_last_key(txn, STET_DB_SESSIONS, &k, &kl, err);
	if (rc == STET_NOTFOUND)
		s->id = 1;
	else if (rc == STET_OK && kl == 8)
		s->id = stet_get_u64be(k) + 1;
	else
		return rc == STET_OK ? stet_error_set(err, STET_ERR,
					"sessions: damaged key") : rc;
	return stet_session_put(txn, s, err);
}

int stet_session_get(struct stet_txn *txn, uint64_t id,
		     struct stet_session *s, struct stet_error *err)
{
	unsigned char key[8];
	const void *v;
	size_t vl;
	struct stet_rd r;
	uint8_t version;
	uint64_t annotator, start, end, schema;
	int rc;

	stet_session_clear(s);
	stet_u64be(key, id);
	rc = stet_get(txn, STET_DB_SESSIONS, key, 8, &v, &vl, err);
	if (rc != STET_OK)
		return rc;
	stet_rd_init(&r, v, vl);
	stet_rd_u8(&r, &version);
	stet_rd_varint(&r, &annotator);
	stet_rd_u64be(&r, &start);
	stet_rd_u64be(&r, &end);
	s->host = stet_rd_opt_str(&r);
	s->tty = stet_rd_opt_str(&r);
	s->name = stet_rd_opt_str(&r);
	stet_rd_varint(&r, &schema);
	if (!stet_rd_done(&r) || version != SESSION_RECORD_VERSION) {
		stet_session_clear(s);
		return damaged(txn, err, "session", id);
	}
	s->id = id;
	s->annotator = (uint32_t)annotator;
	s->start_ms = (int64_t)start;
	s->end_ms = (int64_t)end;
	s->schema_version = (uint32_t)schema;
	return STET_OK;
}

const char *stet_session_label(const struct stet_session *s, char *out,
			       size_t outlen)
{
	if (s->name != NULL)
		return s->name;
	snprintf(out, outlen, "%llu", (unsigned long long)s->id);
	return out;
}
