/* span_decide PROJECT.stet LEAD ITEM [SPAN...]: records LEAD's decision
 * on the spans of the item of external id ITEM as stet review records
 * it (stet_review_decide_spans), SPAN being START:END:LABEL in code
 * points, none for the empty set. For the tests of what reads
 * decisions on spans (stet agree, stet export). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stet/item.h"
#include "stet/project.h"
#include "stet/review.h"

static int parse(struct stet_store *st, const struct stet_schema *schema,
		 const char *ext, char **argv, int argc, uint64_t *id,
		 struct stet_span_set *set, struct stet_error *err)
{
	struct stet_tokens toks;
	struct stet_txn *txn;
	int rc;

	if (stet_txn_begin_read(st, &txn, err) != STET_OK)
		return STET_ERR;
	stet_tokens_init(&toks);
	rc = stet_item_find_ext(txn, ext, id, err);
	if (rc == STET_OK && stet_item_tokens(txn, *id, &toks, err) == STET_ERR)
		rc = STET_ERR;
	for (int i = 0; rc == STET_OK && i < argc; i++) {
		const struct stet_label *l;
		struct stet_span sp;
		char label[64];

		if (sscanf(argv[i], "%u:%u:%63s", &sp.start, &sp.end,
			   label) != 3 ||
		    (l = stet_schema_find(schema, label)) == NULL) {
			rc = stet_error_set(err, STET_ERR, "bad span %s", argv[i]);
			break;
		}
		sp.label = l->id;
		stet_span_token_range(&toks, sp.start, sp.end, &sp.tok_start,
				      &sp.tok_end);
		stet_span_set_add(set, &sp);
	}
	stet_tokens_free(&toks);
	stet_txn_end(txn);
	return rc;
}

int main(int argc, char **argv)
{
	struct stet_error err = {0};
	struct stet_span_set set;
	struct stet_review r;
	struct stet_store *st;
	uint64_t id;
	int rc;

	if (argc < 4) {
		fprintf(stderr, "usage: span_decide PROJECT LEAD ITEM [SPAN...]\n");
		return 2;
	}
	if (stet_project_open(argv[1], 0, &st, &err) != STET_OK) {
		fprintf(stderr, "span_decide: %s\n", err.msg);
		return 1;
	}
	stet_span_set_init(&set);
	rc = stet_review_open(&r, st, argv[2], NULL, NULL, &err);
	if (rc == STET_OK) {
		struct stet_error cerr = {0};

		rc = parse(st, &r.schema, argv[3], argv + 4, argc - 4, &id,
			   &set, &err);
		if (rc == STET_OK)
			rc = stet_review_decide_spans(&r, id, &set, 0, &err);
		if (stet_review_close(&r, &cerr) != STET_OK && rc == STET_OK) {
			err = cerr;
			rc = STET_ERR;
		}
	}
	stet_span_set_free(&set);
	stet_store_close(st);
	if (rc != STET_OK) {
		fprintf(stderr, "span_decide: %s\n", err.msg);
		return 1;
	}
	return 0;
}
