/* CSV as stet's export writes it: fields quoted as RFC 4180 asks, and
 * the header's names for item fields and annotators' labels. */
#ifndef STET_CSV_OUT_H
#define STET_CSV_OUT_H

#include <stdbool.h>

#include "stet/buf.h"

/* Appends s as one field, a comma before it unless first. */
void csv_out_field(struct stet_buf *b, const char *s, bool first);
/* The header's name for an item field: NAME, or field:NAME when NAME
 * is one of stet's own columns (id, final, label:..., field:...). */
void csv_out_field_column(struct stet_buf *b, const char *name);
/* The header's name for an annotator's labels: label:ANNOTATOR. */
void csv_out_label_column(struct stet_buf *b, const char *annotator);

#endif
