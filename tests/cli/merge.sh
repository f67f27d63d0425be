#!/bin/sh
# stet clone and stet merge: a copy for one annotator, labels made in it
# while others label the main project, the merge (twice: the second adds
# nothing), and the errors.
. "$srcdir/tests/cli/lib.sh"

D="$srcdir/testdata/merge"

# events N of project P, from stet info
events() {
	"$STET" info "$1" --format json | sed -n 's/.*"events":\([0-9]*\).*/\1/p'
}

"$STET" init p.stet --labels POS,NEG,NEU >/dev/null
"$STET" import p.stet "$D/items.jsonl" >/dev/null
"$STET" import p.stet --gold "$D/gold.jsonl" >/dev/null
"$STET" import-annotations p.stet "$D/before.jsonl" >/dev/null

# --- clone ---------------------------------------------------------------

run_stet clone p.stet c.stet
expect_rc "clone without --for is a usage error" 2
expect_match "saying what is missing" '--for NAME is needed' "$ERR"

run_stet clone p.stet c.stet --for zed
expect_rc "clone for an unknown annotator fails" 1
expect_match "naming who the project has" 'no annotator "zed" \(it has: .*ana, bo\); --add' "$ERR"
[ ! -e c.stet ] && ok "and leaves no copy behind" || not_ok "and leaves no copy behind"

run_stet clone p.stet c.stet --for ana
expect_rc "clone for ana" 0
expect_eq "the clone's report" \
	"c.stet: 9 items, 1 schema version, 1 session and 2 events of ana (annotator)" "$OUT"
run_stet export c.stet --annotations
expect_eq "the copy holds ana's labels and no one else's" \
	"ana ana" "$(printf '%s\n' "$OUT" | sed 's/.*"annotator":"\([^"]*\)".*/\1/' | tr '\n' ' ' | sed 's/ $//')"
run_stet info c.stet --format json
expect_match "ana and the project's lead, nine items" '"annotators":2,' "$OUT"
expect_match "no gold answers in the copy" '"gold_items":0' "$OUT"

run_stet clone p.stet c.stet --for ana
expect_rc "clone over an existing file fails" 1
expect_match "saying so" 'c.stet: already exists' "$ERR"

run_stet clone p.stet n.stet --for newcomer --add
expect_rc "clone --add for a new annotator" 0
expect_match "who is new" 'of newcomer \(annotator, new\)' "$OUT"

# --- labels on both sides, then merge -----------------------------------

run_stet import-annotations c.stet "$D/offline.jsonl"
expect_rc "ana labels in the copy" 0
run_stet import-annotations p.stet "$D/online.jsonl"
expect_rc "bo (and ana) label the main project meanwhile" 0
before=$(events p.stet)

run_stet merge p.stet c.stet --dry-run
expect_rc "merge --dry-run" 0
expect_match "reports what it would do" \
	'^4 events to merge \(2 already present\), 1 session, 1 conflict$' "$OUT"
expect_match "and that it wrote nothing" 'dry run: nothing was written' "$OUT"
expect_eq "nothing was written" "$before" "$(events p.stet)"

run_stet merge p.stet c.stet
expect_rc "merge" 0
expect_match "the summary line" \
	'^4 events merged \(2 already present\), 1 session, 1 conflict$' "$OUT"
expect_match "the conflict: ana on m5, both times" \
	'conflict: item m5, annotator ana: project 2026-03-03T11:00:00Z, copy 2026-03-03T07:30:09Z' "$OUT"
expect_eq "four events more" "$((before + 4))" "$(events p.stet)"

run_stet merge p.stet c.stet
expect_rc "merge again" 0
expect_eq "adds nothing" "0 events merged (6 already present), 0 sessions, 0 conflicts" "$OUT"
expect_eq "the event count stays" "$((before + 4))" "$(events p.stet)"

run_stet export p.stet --annotations
expect_match "the export has bo's online label" '"item":"m6","annotator":"bo","label":"NEG"' "$OUT"
expect_match "and ana's offline ones" '"item":"m4","annotator":"ana","label":"NEG","session":"ana-train"' "$OUT"
expect_match "ana's gold answer counts" '"item":"m9","annotator":"ana","label":"POS"' "$OUT"
expect_match "on the conflict the copy's label stands" '"item":"m5","annotator":"ana","label":"POS"' "$OUT"

# --- errors -----------------------------------------------------------------

run_stet merge p.stet
expect_rc "merge without a copy is a usage error" 2
run_stet merge p.stet missing.stet
expect_rc "a missing copy fails" 1
expect_match "naming it" 'missing.stet: No such file' "$ERR"
run_stet merge p.stet p.stet
expect_rc "merging a project into itself fails" 1
expect_match "saying why" 'are the same file' "$ERR"

"$STET" init o.stet --labels POS,NEG,NEU >/dev/null
"$STET" import o.stet "$D/other-items.jsonl" >/dev/null
"$STET" import-annotations o.stet "$D/before.jsonl" --create-items >/dev/null 2>&1
"$STET" clone o.stet oc.stet --for ana >/dev/null
before=$(events p.stet)
run_stet merge p.stet oc.stet
expect_rc "a copy of another project fails" 1
expect_match "naming the item" 'item "m1" of oc.stet is not in p.stet.*another project' "$ERR"
expect_eq "and writes nothing" "$before" "$(events p.stet)"

"$STET" clone p.stet s.stet --for ana >/dev/null
"$STET" schema s.stet --add-label MAYBE >/dev/null
run_stet merge p.stet s.stet
expect_rc "a copy whose schema was changed fails" 1
expect_match "naming the version" 'schema version 2, which p.stet does not have' "$ERR"

# --- who may: merging is a lead's work; cloning for oneself is anyone's ----

ME=$(id -un)
"$STET" clone p.stet mine.stet --for ana >/dev/null
"$STET" team p.stet add boss --role lead >/dev/null
"$STET" team p.stet add "$ME" --role annotator >/dev/null
run_stet merge p.stet mine.stet
expect_rc "an annotator may not merge" 1
expect_match "saying it is for leads" 'merging a copy is for leads' "$ERR"
run_stet clone p.stet theirs.stet --for bo
expect_rc "nor clone for someone else" 1
expect_match "saying so" 'cloning for someone else is for leads' "$ERR"
run_stet clone p.stet self.stet --for "$ME"
expect_rc "but may clone for themselves" 0
"$STET" init r.stet --labels POS,NEG,NEU >/dev/null
"$STET" import r.stet "$D/items.jsonl" >/dev/null
"$STET" import-annotations r.stet "$D/before.jsonl" >/dev/null
"$STET" team r.stet remove bo >/dev/null
run_stet clone r.stet rc.stet --for bo
expect_rc "no copy for a member removed from the team" 1
expect_match "saying so" 'bo is no longer on the team of r.stet' "$ERR"

# --- a small map: clone and merge grow it and redo their transaction --------

awk 'BEGIN { for (i = 1; i <= 600; i++)
	printf "{\"id\": \"g%d\", \"text\": \"growing item number %d, with some words to take room\"}\n", i, i }' >big.jsonl
awk 'BEGIN { for (i = 1; i <= 600; i++)
	printf "{\"item\": \"g%d\", \"annotator\": \"cy\", \"label\": \"POS\", \"session\": \"cy-1\", \"time\": \"2026-03-04T08:%02d:%02dZ\"}\n", i, (i / 60) % 60, i % 60 }' >big-ann.jsonl
"$STET" init g.stet --labels POS,NEG >/dev/null
"$STET" import g.stet big.jsonl >/dev/null
"$STET" import-annotations g.stet big-ann.jsonl --annotator cy >/dev/null
STET_MAPSIZE=65536
export STET_MAPSIZE
run_stet clone g.stet gc.stet --for cy
unset STET_MAPSIZE
expect_rc "clone with a map that must grow" 0
expect_match "copies everything" '600 items, 1 schema version, 1 session and 600 events of cy' "$OUT"
sed 's/"label": "POS"/"label": "NEG"/; s/cy-1/cy-2/' big-ann.jsonl >big-ann2.jsonl
"$STET" import-annotations gc.stet big-ann2.jsonl >/dev/null
STET_MAPSIZE=65536
export STET_MAPSIZE
run_stet merge g.stet gc.stet
unset STET_MAPSIZE
expect_rc "merge with a map that must grow" 0
expect_eq "merges all of it" "600 events merged (600 already present), 1 session, 0 conflicts" "$OUT"

done_testing
