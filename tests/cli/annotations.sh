#!/bin/sh
# Annotations made elsewhere: import-annotations and export --annotations.
. "$srcdir/tests/cli/lib.sh"

cat > items.jsonl <<'JSON'
{"id": "r1", "text": "The battery lasts all day."}
{"id": "r2", "text": "It broke after a week."}
{"id": "r3", "text": "Arrived on time."}
JSON
cat > ann.jsonl <<'JSON'
{"item": "r1", "annotator": "alice", "label": "POSITIVE", "session": "a-1", "time": "2026-11-02T10:00:00Z", "duration_ms": 1500}
{"item": "r2", "annotator": "alice", "label": "NEGATIVE", "session": "a-1", "time": "2026-11-02T10:00:04.250Z", "duration_ms": 4250}
{"item": "r1", "annotator": "bob", "label": "POSITIVE", "session": "b-1", "time": "2026-11-02T11:00:00Z", "duration_ms": 900}
{"item": "r2", "annotator": "bob", "label": "NEUTRAL", "session": "b-1", "time": "2026-11-02T11:00:02Z", "duration_ms": 2000}
{"item": "r2", "annotator": "bob", "label": "NEGATIVE", "session": "b-1", "time": "2026-11-02T11:00:05Z", "duration_ms": 3000}
JSON

"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

run_stet import-annotations p.stet ann.jsonl
expect_rc "annotations import" 0
expect_match "the summary counts records, annotators and sessions" \
	"ann.jsonl: 5 annotations, 2 new annotators, 2 new sessions" "$OUT"

run_stet info p.stet --format json
expect_eq "a changed label stands once: 4 annotations" 4 "$(json_get annotations)"
expect_eq "every record is an event" 5 "$(json_get events)"
expect_eq "two sessions" 2 "$(json_get sessions)"

run_stet export p.stet
expect_match "items carry every annotator's standing label, by name" \
	'^\{"id":"r2","text":"It broke after a week.","labels":\{"alice":"NEGATIVE","bob":"NEGATIVE"\}\}$' "$OUT"

run_stet export p.stet --annotations
expect_rc "export --annotations" 0
printf '%s\n' "$OUT" > exported.jsonl
expect_eq "only standing labels are exported" 4 "$(wc -l < exported.jsonl | tr -d ' ')"
expect_match "records keep session, time and duration" \
	'^\{"item":"r2","annotator":"alice","label":"NEGATIVE","session":"a-1","time":"2026-11-02T10:00:04.250Z","duration_ms":4250\}$' "$OUT"

# The same records into a fresh project give the same records back.
"$STET" init q.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import q.stet items.jsonl >/dev/null
run_stet import-annotations q.stet exported.jsonl
expect_rc "exported annotations import into a new project" 0
"$STET" export q.stet --annotations > again.jsonl
if cmp -s exported.jsonl again.jsonl; then
	ok "annotations round-trip byte for byte"
else
	not_ok "annotations round-trip byte for byte" "$(diff exported.jsonl again.jsonl | head -5)"
fi

# Re-importing into the same project keeps the sessions it has.
run_stet import-annotations q.stet exported.jsonl
expect_match "sessions are matched by annotator and name" "0 new sessions" "$OUT"

# Failures leave the project as it was.
cp p.stet before.stet
printf '%s\n' '{"item": "r1", "annotator": "carol", "label": "POSITIVE"}' \
	'{"item": "r9", "annotator": "carol", "label": "POSITIVE"}' > unknown.jsonl
run_stet import-annotations p.stet unknown.jsonl
expect_rc "an unknown item fails" 1
expect_match "the error names file and line and says what to do" \
	'^stet: import-annotations: unknown.jsonl:2: no item with id "r9" .*--create-items' "$ERR"
cmp -s p.stet before.stet && ok "a failed import changes nothing" || not_ok "a failed import changes nothing"

printf '%s\n' '{"item": "r1", "annotator": "carol", "label": "MIXED"}' > newlabel.jsonl
run_stet import-annotations p.stet newlabel.jsonl
expect_rc "a label outside the schema fails" 1
expect_match "the error suggests --add-labels" 'label "MIXED" is not in the schema.*--add-labels' "$ERR"
cmp -s p.stet before.stet && ok "the refused label changes nothing" || not_ok "the refused label changes nothing"

printf '%s\n' '{"item": "r1", "annotator": "carol", "label": "POSITIVE", "time": "last tuesday"}' > badtime.jsonl
run_stet import-annotations p.stet badtime.jsonl
expect_rc "a time that is not ISO 8601 fails" 1
expect_match "the bad time is named" 'badtime.jsonl:1: "time" must be an ISO 8601 time' "$ERR"

printf '%s\n' '{"item": "r1", "annotator": "carol", "label": "POSITIVE"' > truncated.jsonl
run_stet import-annotations p.stet truncated.jsonl
expect_rc "truncated JSON fails" 1
expect_match "truncated JSON is reported at its line and byte" '^stet: import-annotations: truncated.jsonl:1:[0-9]+: ' "$ERR"

run_stet import-annotations p.stet --add-labels --create-items unknown.jsonl newlabel.jsonl
expect_rc "--create-items and --add-labels accept them" 0
run_stet info p.stet --format json
expect_eq "the unknown item was created" 4 "$(json_get items)"
expect_eq "the schema has a new version" 2 "$(json_get schema_version)"
expect_match "the new label is in the schema" '"MIXED"' "$OUT"

# Multi-label schemas write arrays.
"$STET" init m.stet --labels PER,LOC,ORG --multi >/dev/null
"$STET" import m.stet items.jsonl >/dev/null
printf '%s\n' '{"item": "r1", "annotator": "alice", "label": ["PER", "ORG"]}' > multi.jsonl
"$STET" import-annotations m.stet multi.jsonl >/dev/null
run_stet export m.stet
expect_match "a multi-label value is an array" '"labels":\{"alice":\["PER","ORG"\]\}' "$OUT"
run_stet export m.stet --format csv
expect_match "CSV joins a multi-label value with |" '^r1,The battery lasts all day\.,PER\|ORG' "$OUT"

printf '%s\n' '{"item": "r2", "annotator": "alice", "label": ["POSITIVE", "NEGATIVE"]}' > two.jsonl
run_stet import-annotations p.stet two.jsonl
expect_rc "several labels on a single-label schema fail" 1

done_testing
