#!/bin/sh
# An import on a failing disk: each write and flush of the import in
# turn fails with EIO, then with ENOSPC. Every time stet says so in one
# line naming the project and the error and exits 1, the project holds
# exactly what it held before and verifies, and the same import then
# succeeds. Items are imported, and annotations too.
. "$srcdir/tests/cli/lib.sh"
. "$srcdir/tests/faults/lib.sh"

LC_ALL=C.UTF-8
export LC_ALL

# A project with some history: items, a team, labels.
awk 'BEGIN { for (i = 0; i < 20; i++) printf "{\"id\": \"a%d\", \"text\": \"a first item, number %d\"}\n", i, i }' > first.jsonl
"$STET" init base.stet --labels POS,NEG >/dev/null
"$STET" import base.stet first.jsonl >/dev/null
"$STET" team base.stet add ana >/dev/null
awk 'BEGIN { for (i = 0; i < 10; i++) printf "{\"item\": \"a%d\", \"annotator\": \"ana\", \"label\": \"%s\", \"time\": \"2026-01-02T10:00:%02dZ\"}\n", i, i % 2 ? "POS" : "NEG", i }' > ann.jsonl
"$STET" import-annotations base.stet ann.jsonl >/dev/null

# New items: enough of them, some long, to take several pages.
awk 'BEGIN { for (i = 0; i < 300; i++) { printf "{\"id\": \"b%d\", \"text\": \"", i; for (j = 0; j < 1 + i % 7; j++) printf "item %d of the second file, sentence %d. ", i, j; printf "\"}\n" } }' > second.jsonl
walk "import of 300 items" base.stet import p.stet second.jsonl

printf 'id,text\nc1,a row\nc2,another row\n' > third.csv
walk "import of a CSV file" base.stet import p.stet third.csv --text-column text

# Annotations of items the project holds, by an annotator it does not.
awk 'BEGIN { for (i = 0; i < 20; i++) printf "{\"item\": \"a%d\", \"annotator\": \"bo\", \"label\": \"%s\", \"time\": \"2026-01-03T10:00:%02dZ\"}\n", i, i % 3 ? "POS" : "NEG", i }' > more.jsonl
walk "import of annotations" base.stet import-annotations p.stet more.jsonl

done_testing
