#!/bin/sh
# stet log: every event in order, with its session, annotator, item,
# labels by name and times to the millisecond; the filters, JSONL, and
# clear errors for names the project does not have.
. "$srcdir/tests/cli/lib.sh"

D="$TESTDATA/audit"
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet "$D/items.jsonl" >/dev/null
"$STET" import-annotations p.stet "$D/annotations.jsonl" >/dev/null

cat >all.expected <<'TXT'
2026-11-02T10:00:00.000Z #1 session=a-1 annotator=alice item=r1 label POSITIVE ms=1500 schema=1
2026-11-02T10:00:04.250Z #2 session=a-1 annotator=alice item=r2 label NEGATIVE ms=4250 schema=1
2026-11-02T11:00:00.000Z #3 session=b-1 annotator=bob item=r1 label POSITIVE ms=900 schema=1
2026-11-02T11:00:02.000Z #4 session=b-1 annotator=bob item=r2 label NEUTRAL ms=2000 schema=1
2026-11-02T11:00:05.000Z #5 session=b-1 annotator=bob item=r2 label NEGATIVE ms=3000 schema=1
2026-11-03T09:30:00.500Z #6 session=a-2 annotator=alice item=r\x1b[2J4 label NEUTRAL ms=700 schema=1
TXT

"$STET" log p.stet >all.out 2>log.err
expect_eq "stet log succeeds" 0 "$?"
expect_file "every event, in order, one a line" all.expected all.out
if grep -q "$(printf '\033')" all.out; then
	not_ok "an escape in an item id is shown as \\x1b"
else
	ok "an escape in an item id is shown as \\x1b"
fi

run_stet log p.stet --item r2
expect_rc "--item" 0
expect_eq "--item takes the external id" "$(grep ' item=r2 ' all.expected)" "$OUT"

run_stet log p.stet --annotator bob
expect_eq "--annotator" "$(grep ' annotator=bob ' all.expected)" "$OUT"

run_stet log p.stet --session a-1
expect_eq "--session by name" "$(grep ' session=a-1 ' all.expected)" "$OUT"
run_stet log p.stet --session 2
expect_eq "--session by number" "$(grep ' session=b-1 ' all.expected)" "$OUT"

run_stet log p.stet -i r2 -a bob -s b-1
expect_eq "filters combine" "$(sed -n '4,5p' all.expected)" "$OUT"

run_stet log p.stet --item r3
expect_rc "no events: exit 0" 0
expect_eq "no events: nothing printed" "" "$OUT"
run_stet log p.stet --item r1 --session a-2
expect_eq "filters that exclude each other: nothing" "" "$OUT"

run_stet log p.stet --format jsonl --item r2 --annotator alice
expect_rc "--format jsonl" 0
expect_eq "JSONL: one object an event, every key always there" \
	'{"event":2,"time":"2026-11-02T10:00:04.250Z","session":"a-1","annotator":"alice","item":"r2","action":"label","labels":["NEGATIVE"],"text":null,"duration_ms":4250,"schema_version":1,"undoes":null,"suggestion":null,"served":null,"route":null,"spans":null}' "$OUT"
run_stet log p.stet --format jsonl
expect_eq "JSONL: as many lines as events" 6 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
expect_match "JSONL: ids are kept as they are, JSON-escaped" '"item":"r\\u001[bB]\[2J4"' "$OUT"

run_stet log p.stet --flags
expect_rc "--flags" 0
expect_eq "--flags: annotations brought in hold no flag or comment" "" "$OUT"

run_stet log p.stet --item nosuch
expect_rc "an unknown item fails" 1
expect_eq "and names it" "stet: log: no item 'nosuch' in the project" "$ERR"
run_stet log p.stet --annotator carol
expect_rc "an unknown annotator fails" 1
expect_eq "and names it" "stet: log: no annotator 'carol' in the project" "$ERR"
run_stet log p.stet --session z-9
expect_rc "an unknown session fails" 1
expect_eq "and names it" "stet: log: no session 'z-9' in the project" "$ERR"
run_stet log p.stet --session 99
expect_rc "an unknown session number fails" 1

run_stet log p.stet --format csv
expect_rc "an unknown format: usage" 2
expect_match "naming it" "--format takes text or jsonl, not 'csv'" "$ERR"
run_stet log missing.stet
expect_rc "a missing project fails" 1
run_stet log
expect_rc "no project: usage" 2

done_testing
