#!/bin/sh
# A JSON array of records ([{...}, {...}], as Label Studio's task files
# are) imports as JSONL does: each element one record, its errors named
# by file, line and element. A Label Studio task's text is in "data".
. "$srcdir/tests/cli/lib.sh"

"$STET" init p.stet --labels 'Humor,Not Humor' >/dev/null

printf '%s\n' '[' \
	'  {"id": "a", "text": "one", "meta": {"src": "x"}},' \
	'  {"id": "b",' \
	'   "text": "two [with, brackets] and \"quotes\""},' \
	'  {"id": "c", "fields": {"k": "v"}, "label": "Humor"}' \
	']' >records.json
run_stet import p.stet records.json
expect_rc "a pretty-printed JSON array imports" 0
expect_eq "one item an element" "3 items added, 0 duplicates, 0 skipped" "$OUT"
"$STET" export p.stet >got.jsonl
printf '%s\n' '{"id": "a", "text": "one", "meta": {"src": "x"}}' \
	'{"id": "b", "text": "two [with, brackets] and \"quotes\""}' \
	'{"id": "c", "fields": {"k": "v"}, "label": "Humor"}' >same.jsonl
"$STET" init q.stet --labels 'Humor,Not Humor' >/dev/null
"$STET" import -q q.stet same.jsonl
"$STET" export q.stet >want.jsonl
expect_file "the same items as the same records in JSONL" want.jsonl got.jsonl
run_stet import p.stet records.json
expect_eq "re-import: every element a duplicate" "0 items added, 3 duplicates, 0 skipped" "$OUT"

# Label Studio tasks, compact on one line as its export writes them:
# the text is data.text (else data's first string), the id data.id or
# else the task's; data's other keys are meta; annotations are left to
# import-annotations.
printf '%s' '[{"id": 11, "data": {"text": "Joe rules out a bid", "source": "news"}, "annotations": [{"completed_by": {"email": "ann@example.org"}, "result": [{"type": "choices", "from_name": "humor", "to_name": "text", "value": {"choices": ["Not Humor"]}}]}], "predictions": []},' \
	'{"id": 12, "data": {"id": "t-12", "headline": "A pitch so slow"}, "annotations": []}]' >ls.json
run_stet import p.stet ls.json
expect_rc "Label Studio tasks import" 0
run_stet export p.stet
expect_match "the task's data.text is the text, its id the task id, the rest of data meta" \
	'^\{"id":"11","text":"Joe rules out a bid","meta":\{"source":"news"\}\}$' "$OUT"
expect_match "data's first string is the text when it has no text, data.id the id" \
	'^\{"id":"t-12","text":"A pitch so slow"\}$' "$OUT"
run_stet import-annotations p.stet --from labelstudio ls.json
expect_match "the tasks' annotations then find these items" \
	': 1 annotation, 1 new annotator, 1 new session, 0 items created' "$OUT"

# import-annotations takes the same text for a task it has no item for:
# data's first string that is not data.id (it took the id before).
printf '%s\n' '[{"data": {"id": "t-31", "headline": "Slow news day"}, "annotations": [{"completed_by": 2, "result": [{"type": "choices", "from_name": "humor", "value": {"choices": ["Humor"]}}]}]}]' >ls-id.json
run_stet import-annotations p.stet --from labelstudio --create-items ls-id.json
expect_match "import-annotations makes the task's item" ': 1 annotation, .* 1 item created' "$OUT"
run_stet export p.stet
expect_match "whose text is the headline, not the id" '^\{"id":"t-31","text":"Slow news day"' "$OUT"

# A task file of one line longer than the 1 MiB a JSONL line may be.
/usr/bin/python3 - <<'PY'
import json
tasks = [{"id": "big-%d" % i, "data": {"text": "task %d " % i + "x" * 2000}}
         for i in range(600)]
open("big.json", "w").write(json.dumps(tasks))
PY
run_stet import p.stet big.json
expect_eq "a one-line array of 1.2 MB imports (600 tasks of 2,000 bytes)" \
	"600 items added, 0 duplicates, 0 skipped" "$OUT"

# Errors name the file, the line the element starts on, and the element.
printf '%s\n' '[' '  {"id": "e1", "text": "fine"},' '  {"id": "e2",' \
	'   "txt": "typo"},' '  3,' '  {"id": "e4", "text": "fine too"}' ']' >bad.json
cp p.stet p.before
run_stet import p.stet bad.json
expect_rc "a bad element fails the file" 1
expect_eq "named by file, line and element" \
	'stet: import: bad.json:3: element 2: has no "text" or "fields"' "$ERR"
if cmp -s p.stet p.before; then ok "nothing of the file is written"; else not_ok "nothing of the file is written"; fi
run_stet import p.stet --skip-bad bad.json
expect_eq "--skip-bad imports the good elements" "2 items added, 0 duplicates, 2 skipped" "$OUT"
expect_match "and lists each bad one" \
	'skipped bad.json:5: element 3: expected a JSON object' "$ERR"
printf '%s\n' '[{"id": "t1", "text": "one"},' ' {"id": "t2", "text": "two"}' >cut.json
run_stet import p.stet cut.json
expect_rc "an array that is not closed fails" 1
expect_match "with the parser's line and column, saying the file is one array" \
	'^stet: import: cut.json:[0-9]+:[0-9]+: .* \(the file is one JSON array\)$' "$ERR"

# One task as a top-level object over several lines, as Label Studio
# writes a file of one task, is one record; an object cut short is
# still the first line's error, saying what JSONL needs.
printf '%s\n' '{' '  "id": 21,' '  "data": {"text": "only one"}' '}' >object.json
run_stet import p.stet object.json
expect_eq "one object spread over lines is one record" "1 item added, 0 duplicates, 0 skipped" "$OUT"
printf '%s\n' '{"id": "x",' '"text": "y"' >cut.jsonl
run_stet import p.stet cut.jsonl
expect_rc "an object that is not closed fails" 1
expect_match "saying JSONL has one object a line" \
	'^stet: import: cut.jsonl:1:11: .*\(JSONL has one whole JSON object a line\)$' "$ERR"

done_testing
