/* Agreement on spans and tokens: exact-match and partial-overlap F1,
 * token-level Cohen's kappa on IOB2 tags, and Krippendorff's unitizing
 * alpha over the character continuum (Krippendorff 2004, Content
 * Analysis, 2nd ed., ch. 11, as DKPro Statistics implements it). Pure
 * functions over span sets: no store, no printing. */
#ifndef STET_SPAN_AGREE_H
#define STET_SPAN_AGREE_H

#include <stddef.h>
#include <stdint.h>

#include "stet/spans.h"

#endif
