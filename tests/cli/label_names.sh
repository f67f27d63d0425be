#!/bin/sh
# Label names are free text: another tool's project comes in and goes
# out with its own names (spaces, commas, quotes, '=', '|', other
# scripts), through --labels, the schema file, import, import-annotations
# from every tool, export in every format and a re-import. Only what
# cannot be shown as it is is refused.
. "$srcdir/tests/cli/lib.sh"

# The names of the schema, in order, one a line.
names() {
	"$STET" info "$1" --format json |
		/usr/bin/python3 -c 'import json, sys; print("\n".join(json.load(sys.stdin)["labels"]))'
}

LIST='Not Humor, Humor ,"Yes, really","say ""hi""",가나다,a|b,Très positif,k=v'
WANT=$(printf '%s\n' 'Not Humor' Humor 'Yes, really' 'say "hi"' 가나다 'a|b' \
	'Très positif' k=v)

run_stet init p.stet --multi --labels "$LIST"
expect_rc "init --labels takes names with spaces, commas, quotes and other scripts" 0
expect_eq "each name is kept as written, quotes and the spaces around names dropped" \
	"$WANT" "$(names p.stet)"

run_stet schema p.stet
expect_match "the schema quotes a name with a space or a quote" \
	'^"say ""hi""" key=4$' "$OUT"
expect_match "and leaves a name without them bare" '^a\|b key=6$' "$OUT"
printf '%s\n' "$OUT" >schema.txt
run_stet init q.stet --schema schema.txt
expect_rc "the printed schema is a schema file" 0
expect_eq "read back, it gives the same names" "$WANT" "$(names q.stet)"
run_stet schema q.stet
expect_eq "and prints the same" "$(cat schema.txt)" "$OUT"

run_stet schema q.stet --rename '"k=v"="k = v"'
expect_rc "--rename quotes a name that holds '='" 0
expect_eq "the renamed label keeps its place" "k = v" "$(names q.stet | tail -n 1)"

run_stet init bad.stet --labels "$(printf 'A,B\tC')"
expect_rc "a name with a tab is a usage error" 2
expect_match "naming the name's place and the character" \
	'--labels: name 2 \(byte 3\): label name "B\\tC" holds U\+0009 at byte 2' "$ERR"
run_stet init bad.stet --labels 'A,"B'
expect_rc "an unclosed quote is a usage error" 2
expect_match "said so" '--labels: name 2 \(byte 3\): a quote that is not closed' "$ERR"
printf 'A\n"B C\n' >bad-schema.txt
run_stet init bad.stet --schema bad-schema.txt
expect_match "a schema file's unclosed quote names the file and line" \
	'bad-schema.txt:2: a quote that is not closed' "$ERR"
if [ -e bad.stet ]; then not_ok "no project is left behind"; else ok "no project is left behind"; fi

# Items with reference labels and gold answers that name these labels:
# an array joins with '|', a '|' in a name escaped.
printf '%s\n' \
	'{"id": "1", "text": "one", "label": ["Not Humor", "a|b"]}' \
	'{"id": "2", "text": "two", "label": "가나다"}' \
	'{"id": "3", "text": "three"}' >items.jsonl
printf '%s\n' \
	'{"id": "g1", "text": "gold one", "label": ["a|b", "Yes, really"]}' \
	'{"id": "g2", "text": "gold two", "label": "a|b"}' >gold.jsonl
run_stet import p.stet items.jsonl
expect_rc "items import" 0
run_stet import p.stet --gold gold.jsonl
expect_rc "gold answers naming 'a|b' import" 0
run_stet export p.stet
expect_match "the reference label keeps the '|' of a name escaped" \
	'"id":"1","text":"one","label":"Not Humor\|a\\\\\|b"' "$OUT"
expect_match "a gold answer of two labels, one with '|'" \
	'"id":"g1",.*"gold":\["Yes, really","a\|b"\]' "$OUT"
expect_match "a gold answer that is one name with '|'" '"id":"g2",.*"gold":\["a\|b"\]' "$OUT"

# Annotations from each tool, with their own names.
cat >ls.json <<'JSON'
[{"id": 7, "data": {"text": "one"}, "annotations": [{"completed_by": {"email": "ana@example.org"}, "result": [{"type": "choices", "from_name": "humor", "to_name": "text", "value": {"choices": ["Not Humor", "a|b"]}}]}]},
 {"id": 8, "data": {"text": "two"}, "annotations": [{"completed_by": {"email": "ana@example.org"}, "result": [{"type": "choices", "from_name": "humor", "to_name": "text", "value": {"choices": ["Très positif"]}}]}]}]
JSON
run_stet import-annotations p.stet --from labelstudio ls.json
expect_rc "labelstudio choices with these names import" 0
expect_eq "without a note" "" "$ERR"
printf '%s\n' '{"id": 1, "text": "one", "label": ["Yes, really", "say \"hi\""]}' \
	'{"id": 2, "text": "two", "label": ["Very Positive"]}' >bo.jsonl
run_stet import-annotations p.stet --from doccano bo.jsonl
expect_rc "a doccano label not in the schema fails" 1
expect_match "and the message quotes it for --add-label" \
	"label \"Very Positive\" is not in the schema \(add it with stet schema p.stet --add-label 'Very Positive', or pass --add-labels\)" "$ERR"
run_stet import-annotations p.stet --from doccano --add-labels bo.jsonl
expect_rc "--add-labels adds it" 0
expect_eq "under its own name" "Very Positive" "$(names p.stet | tail -n 1)"
printf '%s\n' '{"text": "three", "accept": ["k=v", "가나다"], "answer": "accept", "_annotator_id": "cy", "options": [{"id": "k=v"}, {"id": "가나다"}]}' >cy.jsonl
run_stet import-annotations p.stet --from prodigy cy.jsonl
expect_rc "prodigy choices with these names import" 0

run_stet export p.stet --format csv
expect_match "CSV: a cell of several labels joins them with '|', a '|' in a name escaped" \
	'^1,one,Not Humor\|a\\\|b,' "$OUT"
expect_match "CSV: a name with a comma or a quote is in a quoted cell" \
	'^1,.*,"Yes, really\|say ""hi"""' "$OUT"
run_stet export p.stet --format conll
expect_match "CoNLL: the same joined form" '^# label\[bo\] = Yes, really\|say "hi"$' "$OUT"
run_stet agree p.stet --format markdown
expect_match "markdown: a '|' in a name is escaped in its cell" '^\| a\\\|b \|' "$OUT"
run_stet log p.stet --annotator bo
expect_match "log: names with a space or comma quoted, as --labels reads them" \
	' label "Yes, really","say ""hi"""' "$OUT"

run_stet review p.stet --labels '"Yes, really", Humor'
expect_eq "review --labels reads a quoted name with a comma" \
	"nothing to review: no item of p.stet has annotators who disagree, one saying Yes, really and another Humor" \
	"$OUT"

# The way back: the annotations, exported, come into a new project made
# from the printed schema, and export the same.
run_stet export p.stet --annotations
printf '%s\n' "$OUT" >ann.jsonl
"$STET" schema p.stet >schema2.txt
"$STET" init r.stet --schema schema2.txt >/dev/null
"$STET" import -q r.stet items.jsonl
"$STET" import -q r.stet --gold gold.jsonl
run_stet import-annotations r.stet ann.jsonl
expect_rc "the exported annotations import into a new project" 0
expect_eq "with the same names" "$(names p.stet)" "$(names r.stet)"
run_stet export r.stet --annotations
expect_eq "and export byte for byte the same" "$(cat ann.jsonl)" "$OUT"
"$STET" export p.stet --format csv >p.csv
run_stet export r.stet --format csv
expect_eq "the CSV export too" "$(cat p.csv)" "$OUT"

# What cannot be shown is refused where it enters, naming file and place.
printf '%s\n' '[{"data": {"text": "one"}, "annotations": [{"completed_by": 1, "result": [{"type": "choices", "from_name": "h", "value": {"choices": ["bell\u0007"]}}]}]}]' >ctl.json
cp p.stet p.before
run_stet import-annotations p.stet --from labelstudio --add-labels ctl.json
expect_rc "a label with a control character fails" 1
expect_match "naming the file, the task and the character" \
	'ctl.json: \[0\]\.annotations\[0\]: label name "bell\\x07" holds U\+0007' "$ERR"
if cmp -s p.stet p.before; then ok "nothing was written"; else not_ok "nothing was written"; fi
# A decomposed e-grave is read in NFC: one label, not two that look alike.
printf '{"id": 3, "text": "three", "label": ["Tre\314\200s positif"]}\n' >nfd.jsonl
run_stet import-annotations p.stet --from doccano --annotator dee nfd.jsonl
expect_rc "a name in another normal form imports" 0
expect_match "read in NFC, and said" ': 1 label name read in Unicode NFC: "Très positif"$' "$ERR"
expect_eq "no new label" "$(names r.stet)" "$(names p.stet)"

done_testing
