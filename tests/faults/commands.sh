#!/bin/sh
# The commands that change a project, on a failing disk: each write and
# flush of the command in turn fails with EIO, then with ENOSPC. Every
# time stet says so in one line naming the project and the error and
# exits 1, the project holds exactly what it held before and verifies,
# and the same command then succeeds; a command that makes a project
# leaves no file of it behind.
. "$srcdir/tests/cli/lib.sh"
. "$srcdir/tests/faults/lib.sh"

LC_ALL=C.UTF-8
export LC_ALL

walk_new "init" p.stet init p.stet --labels POS,NEG

awk 'BEGIN { for (i = 0; i < 20; i++) printf "{\"id\": \"a%d\", \"text\": \"an item, number %d\"}\n", i, i }' > items.jsonl
"$STET" init base.stet --labels POS,NEG >/dev/null
"$STET" import base.stet items.jsonl >/dev/null
"$STET" team base.stet add ana >/dev/null
awk 'BEGIN { for (i = 0; i < 10; i++) printf "{\"item\": \"a%d\", \"annotator\": \"bo\", \"label\": \"%s\", \"time\": \"2026-01-02T10:00:%02dZ\"}\n", i, i % 2 ? "POS" : "NEG", i }' > ann.jsonl
"$STET" import-annotations base.stet ann.jsonl >/dev/null

WALK_SHOW=schema
walk "a new label" base.stet schema p.stet --add-label MAYBE
walk "a renamed label" base.stet schema p.stet --rename NEG=NEGATIVE
WALK_SHOW=team
walk "a new member" base.stet team p.stet add cy
walk "a new lead" base.stet team p.stet add ana --role lead
WALK_SHOW=config
walk "an option" base.stet config p.stet overlap 2
WALK_SHOW=

# Work done in a copy, brought back.
walk_new "clone" copy.stet clone base.stet copy.stet --for ana
awk 'BEGIN { for (i = 10; i < 20; i++) printf "{\"item\": \"a%d\", \"annotator\": \"ana\", \"label\": \"%s\", \"time\": \"2026-01-03T10:00:%02dZ\"}\n", i, i % 3 ? "POS" : "NEG", i }' > work.jsonl
"$STET" import-annotations copy.stet work.jsonl >/dev/null
walk "merge" base.stet merge p.stet copy.stet

done_testing
