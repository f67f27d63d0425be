/* The span sets of SPANS and ADJUDICATE events (stet(5)): `spans` and
 * `span_final` kept in step with the event log, as annotate.c keeps
 * `current` and `final`. */
#include <stdlib.h>
#include <string.h>

#include "stet/annotate.h"
#include "stet/spans.h"
#include "annotate_spans.h"
#include "spans_rec.h"

int stet_spans_event_prepare(struct stet_event *ev, struct stet_error *err)
{
	struct stet_span_set set;

	if (ev->action == STET_ACT_SPANS && !ev->has_spans)
		return stet_error_set(err, STET_ERR,
				      "item %llu: a SPANS event without a span set",
				      (unsigned long long)ev->item);
	if (!ev->has_spans)
		return STET_OK;
	for (size_t i = 0; i < ev->nspans; i++) {
		const struct stet_span *sp = &ev->spans[i];

		if (sp->start >= sp->end || sp->tok_start > sp->tok_end)
			return stet_error_set(err, STET_ERR,
					      "item %llu: span [%u, %u) of tokens [%u, %u) is empty or reversed",
					      (unsigned long long)ev->item,
					      sp->start, sp->end,
					      sp->tok_start, sp->tok_end);
	}
	set.v = ev->spans;
	set.n = set.cap = ev->nspans;
	stet_span_set_normalize(&set);
	ev->nspans = set.n;
	return STET_OK;
}

int stet_spans_standing(struct stet_txn *txn, const struct stet_event *ev,
			uint64_t *id, struct stet_error *err)
{
	unsigned char key[12];
	int rc;

	stet_spans_key(key, ev->item, ev->annotator);
	rc = stet_spans_record_event(txn, STET_DB_SPANS, key, 12, id, err);
	return rc == STET_NOTFOUND ? STET_OK : rc;
}

int stet_spans_apply(struct stet_txn *txn, const struct stet_event *ev,
		     struct stet_error *err)
{
	unsigned char key[12];

	if (ev->action == STET_ACT_SPANS) {
		stet_spans_key(key, ev->item, ev->annotator);
		return stet_spans_record_put(txn, STET_DB_SPANS, key, 12, ev->id,
				  ev->spans, ev->nspans, err);
	}
	if (ev->action == STET_ACT_ADJUDICATE && ev->has_spans) {
		stet_u64be(key, ev->item);
		return stet_spans_record_put(txn, STET_DB_SPAN_FINAL, key, 8, ev->id,
				  ev->spans, ev->nspans, err);
	}
	return STET_OK;
}

int stet_spans_undo(struct stet_txn *txn, const struct stet_event *undone,
		    struct stet_error *err)
{
	unsigned char key[12];
	struct stet_event before;
	uint64_t id;
	int rc;

	stet_spans_key(key, undone->item, undone->annotator);
	rc = stet_spans_record_event(txn, STET_DB_SPANS, key, 12, &id, err);
	if (rc == STET_NOTFOUND || (rc == STET_OK && id != undone->id))
		return STET_OK;
	if (rc != STET_OK)
		return rc;
	if (undone->replaced == 0)
		return stet_spans_record_del(txn, STET_DB_SPANS, key, 12, err);
	memset(&before, 0, sizeof before);
	rc = stet_event_get(txn, undone->replaced, &before, err);
	if (rc == STET_OK && before.action == STET_ACT_SPANS)
		rc = stet_spans_record_put(txn, STET_DB_SPANS, key, 12, before.id,
				before.spans, before.nspans, err);
	else if (rc == STET_OK)
		rc = stet_error_set(err, STET_ERR,
				    "event %llu: replaced event %llu is not a SPANS event",
				    (unsigned long long)undone->id,
				    (unsigned long long)undone->replaced);
	stet_event_clear(&before);
	return rc;
}

int stet_spans_final_restore(struct stet_txn *txn, uint64_t item,
			     uint64_t before, struct stet_error *err)
{
	unsigned char key[8];
	struct stet_event ev;
	int rc = STET_OK;

	stet_u64be(key, item);
	memset(&ev, 0, sizeof ev);
	/* Every link was an ADJUDICATE standing in `final` when the next
	 * was made, so the walk ends: ids only go down along it. */
	while (before != 0) {
		uint64_t next;

		rc = stet_event_get(txn, before, &ev, err);
		if (rc != STET_OK)
			break;
		if (ev.action != STET_ACT_ADJUDICATE || ev.replaced >= before) {
			rc = stet_error_set(err, STET_ERR,
					    "event %llu: not a decision that stood for item %llu",
					    (unsigned long long)before,
					    (unsigned long long)item);
			break;
		}
		if (ev.has_spans) {
			rc = stet_spans_record_put(txn, STET_DB_SPAN_FINAL, key, 8, ev.id,
					ev.spans, ev.nspans, err);
			break;
		}
		next = ev.replaced;
		stet_event_clear(&ev);
		before = next;
	}
	stet_event_clear(&ev);
	if (rc == STET_OK && before == 0)
		rc = stet_spans_record_del(txn, STET_DB_SPAN_FINAL, key, 8, err);
	return rc;
}
