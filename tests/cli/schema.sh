#!/bin/sh
# Schema files and schema changes.
. "$srcdir/tests/cli/lib.sh"

cat > schema.txt <<'TXT'
# Sentiment of product reviews
multi: no
POSITIVE key=p colour=green The reviewer is pleased.
NEGATIVE key=x colour=red   The reviewer is not.
NEUTRAL                     Neither, or both.
TXT

run_stet init p.stet --schema schema.txt
expect_rc "init --schema" 0
run_stet schema p.stet
expect_rc "schema shows the schema" 0
expect_match "the hotkey and colour are kept" '^POSITIVE key=p colour=green The reviewer is pleased\.$' "$OUT"
expect_match "a label without a key gets the first free default" '^NEUTRAL key=1 Neither, or both\.$' "$OUT"
expect_match "the version is shown" '^# schema version 1$' "$OUT"

run_stet schema p.stet --add-label MIXED --key y --colour yellow
expect_rc "--add-label" 0
expect_eq "a change is a new version" "schema version 2" "$OUT"

run_stet schema p.stet --rename NEUTRAL=NONE --describe NONE "No opinion at all."
expect_rc "--rename and --describe in one change" 0
expect_eq "one change, one version" "schema version 3" "$OUT"
run_stet schema p.stet
expect_match "the renamed label keeps its key and gets its text" '^NONE key=1 No opinion at all\.$' "$OUT"

# The printed schema reads back as a schema file.
"$STET" schema p.stet > printed.txt
"$STET" init copy.stet --schema printed.txt >/dev/null
"$STET" schema copy.stet > reprinted.txt
if [ "$(sed 1d printed.txt)" = "$(sed 1d reprinted.txt)" ]; then
	ok "stet schema output is a schema file"
else
	not_ok "stet schema output is a schema file" "$(diff printed.txt reprinted.txt)"
fi

cp p.stet before.stet
run_stet schema p.stet --add-label OTHER --key p
expect_rc "a hotkey already taken is refused" 1
expect_match "the refusal names both labels" 'hotkey "p" of label OTHER is already the key of POSITIVE' "$ERR"
cmp -s p.stet before.stet && ok "the refused change wrote nothing" || not_ok "the refused change wrote nothing"

run_stet schema p.stet --rename GONE=HERE
expect_rc "renaming a missing label fails" 1
expect_match "the missing label is named" 'no label "GONE"' "$ERR"

run_stet schema p.stet --rename POSITIVE
expect_rc "--rename without = is a usage error" 2

# Annotations follow a renamed label.
printf '%s\n' '{"id": "r1", "text": "Fine."}' > items.jsonl
"$STET" import p.stet items.jsonl >/dev/null
printf '%s\n' '{"item": "r1", "annotator": "alice", "label": "NONE"}' > ann.jsonl
"$STET" import-annotations p.stet ann.jsonl >/dev/null
"$STET" schema p.stet --rename NONE=NEUTRAL >/dev/null
run_stet export p.stet
expect_match "the export uses the label's new name" '"labels":\{"alice":"NEUTRAL"\}' "$OUT"

printf 'multi: maybe\nA\n' > bad.txt
run_stet init q.stet --schema bad.txt
expect_rc "a bad schema file fails" 1
expect_match "the error names the schema file and line" '^stet: init: bad.txt:1: multi: takes yes or no$' "$ERR"
test -e q.stet && not_ok "no project is left behind" || ok "no project is left behind"

run_stet init q.stet --labels "$(printf 'A,has\033[31m')"
expect_rc "a label name with a control character in --labels is a usage error" 2
run_stet init q.stet --labels 'A,has space'
expect_rc "a label name with a space is a name like any other" 0
rm -f q.stet

run_stet init m.stet --labels A,B --multi
run_stet info m.stet --format json
expect_match "--multi makes a multi-label schema" '"multi":true' "$OUT"

printf 'A key=none\nB\n' > nokey.txt
"$STET" init nokey.stet --schema nokey.txt >/dev/null
run_stet schema nokey.stet
expect_match "key=none leaves a label without a hotkey" '^A key=none$' "$OUT"
expect_match "and the next label still gets 1" '^B key=1$' "$OUT"

printf 'GOOD key=g\n' > clash.txt
run_stet init clash.stet --schema clash.txt
expect_rc "a hotkey that stet label already uses is refused" 1
expect_match "naming the label, the key and what the key does" 'hotkey "g" of label GOOD is the key of "goto"' "$ERR"
if [ -e clash.stet ]; then not_ok "and no project is left behind"; else ok "and no project is left behind"; fi
"$STET" init clash2.stet --labels A,B >/dev/null
run_stet schema clash2.stet --add-label C --key q
expect_rc "--add-label with a key of stet label is refused, a usage error" 2
expect_match "and says which" 'is the key of "quit"' "$ERR"

run_stet schema nokey.stet --describe A "two
lines"
expect_rc "a description with a line break is refused" 1

done_testing
