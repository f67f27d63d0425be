/* How a session's labels agree with the standing values of the other
 * annotators: the comparisons stet agree and stet stats report. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stet/agree.h"
#include "stet/buf.h"
#include "stet/session_labels.h"

void stet_session_item_agreement(const struct stet_session_labels *sl,
				 const struct stet_sl_session *s, size_t pos,
				 size_t *pairs, size_t *agreed)
{
	const struct stet_sl_item *it = &s->items[pos];

	*pairs = *agreed = 0;
	for (size_t j = it->standing;
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
	/* The session's sets down one side, the others' across: a
	 * two-rater table, one row a comparison. */
	uint64_t *mine = stet_xcalloc(sl->nsets + 1, sizeof *mine);
	uint64_t *theirs = stet_xcalloc(sl->nsets + 1, sizeof *theirs);

	memset(out, 0, sizeof *out);
	out->percent = out->kappa = out->gold_accuracy = NAN;
	if (to > s->nitems)
		to = s->nitems;
	for (size_t p = from; p < to; p++) {
		const struct stet_sl_item *it = &s->items[p];
		size_t before = out->pairs;

		if (it->gold != STET_SL_NONE) {
			out->gold++;
			out->gold_right += it->gold == it->set;
		}
		for (size_t j = it->standing;
		     j < sl->nstanding && sl->standing[j].item == it->item; j++) {
			if (sl->standing[j].annotator == s->annotator)
				continue;
			mine[it->set]++;
			theirs[sl->standing[j].set]++;
			out->agreed += sl->standing[j].set == it->set;
			out->pairs++;
		}
		out->items += out->pairs > before;
	}
	if (out->pairs > 0) {
		out->percent = (double)out->agreed / (double)out->pairs;
		out->kappa = stet_kappa_margins(out->pairs, out->agreed, mine,
						theirs, sl->nsets);
	}
	if (out->gold > 0)
		out->gold_accuracy = (double)out->gold_right / (double)out->gold;
	free(mine);
	free(theirs);
}
