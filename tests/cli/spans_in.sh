#!/bin/sh
# Spans from Label Studio, doccano, Prodigy, brat and stet's own records
# land on the same code points of the same item, whatever unit each tool
# counts in, through NFC, on emoji sequences, flags, skin tones,
# combining marks, CJK, Hebrew and Arabic; exports give them back in
# each unit.
. "$srcdir/tests/cli/lib.sh"

# The text as the tools hold it: a ZWJ family, "Jose" with a combining
# acute (decomposed: stet keeps the NFC "José"), 中文, Hebrew with
# points, Arabic with a fatha, the French flag, a victory hand with a
# skin tone. As JSON escapes:
T='\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67 met Jose\u0301 in \u4e2d\u6587, \u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd and \u0633\u064e\u0644\u0627\u0645 \ud83c\uddeb\ud83c\uddf7 \u270c\ud83c\udffd.'
# Code points of the text as given (47; NFC makes it 46), one word at a
# time: family 0-5 (woman ZWJ woman ZWJ girl), " met " 5-10, Jose+U+0301
# 10-15, " in " 15-19, 中文 19-21, ", " 21-23, shin qamats shin-dot lamed
# vav holam final-mem 23-30, " and " 30-35, seen fatha lam alef meem
# 35-40, space, two regional indicators 41-43, space, U+270C U+1F3FD
# 44-46, "." 46-47. In NFC José is 4 code points, so every offset after
# it is one less: 0-5 10-14 18-20 22-29 34-39 40-42 43-45.
CP='[[0,5,"E"],[10,14,"P"],[18,20,"C"],[22,29,"H"],[34,39,"A"],[40,42,"F"],[43,45,"S"]]'
# UTF-16 units of the NFC text: each astral code point (the three
# people, the regional indicators, the skin tone) is 2 units, so the
# family ends at 8 and every later offset is 3 more than in code points
# until the flag (4 units, 43-47) and the hand (1 + 2, 48-51).
U16='[[0,8,"E"],[13,17,"P"],[21,23,"C"],[25,32,"H"],[37,42,"A"],[43,47,"F"],[48,51,"S"]]'
# UTF-8 bytes of the NFC text: family 4+3+4+3+4 = 18; " met " to 23;
# José 3 + 2 to 28; " in " to 32; 中文 3+3 to 38; ", " to 40; seven
# Hebrew code points of 2 bytes to 54; " and " to 59; five Arabic of 2
# to 69; space; the flag 4+4, 70-78; space; the hand 3+4, 79-86.
BYTES='[[0,18,"E"],[23,28,"P"],[32,38,"C"],[40,54,"H"],[59,69,"A"],[70,78,"F"],[79,86,"S"]]'

spans_of() { # P: the "spans" of the one annotation record of P
	"$STET" export "$1" --annotations ${2:+--offsets "$2"} |
		sed -n 's/.*"spans":\(\[\[.*\]\]\).*/\1/p'
}

check_project() { # P WHAT
	expect_eq "$2: code points of the NFC text" "$CP" "$(spans_of "$1")"
	expect_eq "$2: exported in UTF-16 units" "$U16" "$(spans_of "$1" utf16)"
	expect_eq "$2: exported in bytes" "$BYTES" "$(spans_of "$1" bytes)"
}

# Label Studio: UTF-16 units of the text as given (José is 5 units
# there, so its end is 18 and later offsets one more than U16's), with
# each region's text.
cat >ls.json <<JSON
[{"id": 1, "data": {"text": "$T"}, "annotations": [{"completed_by": {"email": "ana@example.org"}, "result": [
 {"type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 0, "end": 8, "text": "\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67", "labels": ["E"]}},
 {"type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 13, "end": 18, "text": "Jose\u0301", "labels": ["P"]}},
 {"type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 22, "end": 24, "text": "\u4e2d\u6587", "labels": ["C"]}},
 {"type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 26, "end": 33, "labels": ["H"]}},
 {"type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 38, "end": 43, "labels": ["A"]}},
 {"type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 44, "end": 48, "text": "\ud83c\uddeb\ud83c\uddf7", "labels": ["F"]}},
 {"type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 49, "end": 52, "text": "\u270c\ud83c\udffd", "labels": ["S"]}}
]}]}]
JSON
"$STET" init ls.stet --labels item >/dev/null
run_stet import-annotations ls.stet --from labelstudio --add-labels ls.json
expect_rc "labelstudio: spans import" 0
expect_match "labelstudio: one span set" "1 span set" "$OUT"
check_project ls.stet labelstudio

# doccano: [start, end, TAG] in UTF-16 units too (doccano issue 2290).
printf '{"id": 7, "text": "%s", "label": [[0, 8, "E"], [13, 18, "P"], [22, 24, "C"], [26, 33, "H"], [38, 43, "A"], [44, 48, "F"], [49, 52, "S"]]}\n' "$T" >ana.jsonl
"$STET" init dc.stet --labels item >/dev/null
run_stet import-annotations dc.stet --from doccano --add-labels ana.jsonl
expect_rc "doccano: spans import" 0
check_project dc.stet doccano
expect_match "doccano: the annotator is the file's name" '"annotator":"ana"' \
	"$("$STET" export dc.stet --annotations)"

# Prodigy ner_manual: code points of the text as given (Python's).
printf '{"text": "%s", "spans": [{"start": 0, "end": 5, "label": "E"}, {"start": 10, "end": 15, "label": "P", "text": "Jose\\u0301"}, {"start": 19, "end": 21, "label": "C"}, {"start": 23, "end": 30, "label": "H"}, {"start": 35, "end": 40, "label": "A"}, {"start": 41, "end": 43, "label": "F"}, {"start": 44, "end": 46, "label": "S"}], "_view_id": "ner_manual", "answer": "accept", "_annotator_id": "ner-ana"}\n' "$T" >prodigy.jsonl
"$STET" init pr.stet --labels item >/dev/null
run_stet import-annotations pr.stet --from prodigy --add-labels prodigy.jsonl
expect_rc "prodigy: ner_manual spans import" 0
check_project pr.stet prodigy

# brat: DOC.txt as written, offsets in code points of it.
printf '%s' "$T" | /usr/bin/python3 -c 'import json,sys; sys.stdout.write(json.loads("\"" + sys.stdin.read() + "\""))' >doc1.txt
printf 'T1\tE 0 5\t%s\nT2\tP 10 15\tJosé\nT3\tC 19 21\t中文\nT4\tH 23 30\tx\nT5\tA 35 40\tx\nT6\tF 41 43\tx\nT7\tS 44 46\tx\nR1\tRel Arg1:T1 Arg2:T2\n' "$(head -c 18 doc1.txt)" >doc1.ann
"$STET" init br.stet --labels item >/dev/null
run_stet import-annotations br.stet --from brat --add-labels --annotator ana doc1.ann
expect_rc "brat: a text that differs from the offsets' is refused" 1
expect_match "brat: the span is named, with its offsets and label" \
	'doc1.ann: T2 \(10-15 "P"\): the text at its offsets is "Jose.", the file says "José"' "$ERR"
# brat writes the text as the file has it: with it, all is read.
/usr/bin/python3 - doc1.txt >doc1.ann <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read()
spans = [(0, 5, "E"), (10, 15, "P"), (19, 21, "C"), (23, 30, "H"),
         (35, 40, "A"), (41, 43, "F"), (44, 46, "S")]
for i, (s, e, l) in enumerate(spans):
    print("T%d\t%s %d %d\t%s" % (i + 1, l, s, e, t[s:e]))
print("R1\tRel Arg1:T1 Arg2:T2")
PY
run_stet import-annotations br.stet --from brat --add-labels --annotator ana doc1.ann
expect_rc "brat: spans import" 0
expect_match "brat: relations are named as passed over" "relations" "$ERR"
check_project br.stet brat
# A NUL byte in the .ann, even at the start of a line, is refused like
# one in the text (it once indexed past the table of kinds of line).
printf 'T1\tE 0 5\tx\n\000 x\n' >nul.ann
cp doc1.txt nul.txt
"$STET" init nul.stet --labels item >/dev/null
run_stet import-annotations nul.stet --from brat --add-labels --annotator ana nul.ann
expect_rc "brat: a NUL byte in the .ann is refused" 1
expect_eq "brat: the NUL byte's line is named" \
	"stet: import-annotations: nul.ann:2: a NUL byte" "$ERR"

# stet's own records: code points of the item's (NFC) text, and what
# stet exports it reads back unchanged.
"$STET" export ls.stet --annotations >own.jsonl
"$STET" export ls.stet >items.jsonl
"$STET" init own.stet --labels item >/dev/null
"$STET" import own.stet items.jsonl >/dev/null
run_stet import-annotations own.stet --add-labels own.jsonl
expect_rc "stet: span records import" 0
check_project own.stet "stet records"
"$STET" export own.stet --annotations >own2.jsonl
expect_file "stet: annotation records round-trip byte for byte" own.jsonl own2.jsonl
"$STET" export own.stet >items2.jsonl
expect_file "stet: items with their spans round-trip byte for byte" items.jsonl items2.jsonl
expect_match "items carry each annotator's spans with their text" \
	'"spans":\{"ana@example.org":\[\{"start":0,"end":5,"label":"E","text":"👩‍👩‍👧"\},\{"start":10,"end":14,"label":"P","text":"José"\}' \
	"$(cat items.jsonl)"

# Prodigy answers out and in: a span set is a ner_manual answer, its
# offsets code points, and reads back to the same spans.
"$STET" export ls.stet --format prodigy >answers.jsonl
expect_match "prodigy: a span set is a ner_manual answer" \
	'"spans":\[\{"start":0,"end":5,"text":"👩‍👩‍👧","token_start":0,"token_end":0,"label":"E"\}' \
	"$(cat answers.jsonl)"
"$STET" init back.stet --spans E,P,C,H,A,F,S >/dev/null
"$STET" import back.stet items.jsonl >/dev/null
run_stet import-annotations back.stet --from prodigy answers.jsonl
expect_rc "prodigy: the answers import" 0
check_project back.stet "prodigy answers back"

# Offsets that cut a character are refused, naming the span.
printf '{"text": "%s", "label": [[1, 8, "E"]]}\n' "$T" >cut.jsonl
run_stet import-annotations dc.stet --from doccano --add-labels --annotator bo cut.jsonl
expect_rc "doccano: an offset inside a surrogate pair is refused" 1
expect_match "doccano: ... naming the record and the span" \
	'cut.jsonl:1: span 1 \(1-8 "E"\): UTF-16 offset 1 falls between the two halves' "$ERR"
printf '{"text": "%s", "label": [[2, 8, "E"]]}\n' "$T" >cut2.jsonl
run_stet import-annotations dc.stet --from doccano --add-labels --annotator bo cut2.jsonl
expect_match "doccano: a span that cuts the family is refused" \
	'its start falls inside a character' "$ERR"
run_stet import-annotations dc.stet --from doccano --offsets codepoints --add-labels --annotator bo ana.jsonl
expect_rc "--offsets codepoints reads doccano's numbers as code points" 1
# The same spans in bytes of the text as given (José decomposed is 6
# bytes there: 23-29; every later offset one more than BYTES'), read
# with --offsets bytes, land on the same code points.
printf '{"id": 8, "text": "%s", "label": [[0, 18, "E"], [23, 29, "P"], [33, 39, "C"], [41, 55, "H"], [60, 70, "A"], [71, 79, "F"], [80, 87, "S"]]}\n' "$T" >bytes.jsonl
"$STET" init by.stet --spans E,P,C,H,A,F,S >/dev/null
run_stet import-annotations by.stet --from doccano --offsets bytes --annotator ana bytes.jsonl
expect_rc "--offsets bytes: doccano's numbers read as bytes" 0
check_project by.stet "--offsets bytes"
run_stet import-annotations dc.stet --offsets words ana.jsonl
expect_rc "--offsets takes only the three units" 2

# In a schema of span labels alone, an imported set finishes the item
# for its annotator, as Enter does on the label screen: the queue
# counts it done.
"$STET" init fin.stet --spans ORG,PERSON >/dev/null
printf '{"text": "Google hired Ana.", "label": [[0, 6, "ORG"], [13, 16, "PERSON"]]}\n' >fin.jsonl
"$STET" import-annotations fin.stet --from doccano fin.jsonl >/dev/null
expect_match "a span set finishes the item: 1 done, 0 left" '^  fin +1 done, 0 left$' \
	"$("$STET" info fin.stet)"
expect_match "... by a label of no labels after the spans" \
	'#2 session=import annotator=fin item=[0-9a-f]+ label ms=0' "$("$STET" log fin.stet)"

# doccano's relation extraction example is one object printed over
# several lines: read whole, its entities are spans.
cat >rel.jsonl <<'JSON'
{
    "text": "Google was founded by Larry Page.",
    "entities": [
        {"id": 0, "start_offset": 0, "end_offset": 6, "label": "ORG"},
        {"id": 1, "start_offset": 22, "end_offset": 32, "label": "PERSON"}
    ],
    "relations": [{"id": 0, "from_id": 1, "to_id": 0, "type": "founded"}]
}
JSON
"$STET" init rel.stet --spans ORG,PERSON >/dev/null
run_stet import-annotations rel.stet --from doccano rel.jsonl
expect_rc "doccano: one object over several lines is one record" 0
expect_match "doccano: relations are named as passed over" \
	": 1 result passed over: relations$" "$ERR"
expect_match "doccano: its entities, relations left" \
	'"annotator":"rel","spans":\[\[0,6,"ORG"\],\[22,32,"PERSON"\]\]' \
	"$("$STET" export rel.stet --annotations)"

# Label Studio: a region whose text is not the text at its offsets is
# an error naming it; one that differs only by white space around it is
# noted, and its offsets taken.
cat >ls-bad.json <<'JSON'
[{"id": 2, "data": {"text": "Ana met Bo."}, "annotations": [{"completed_by": 3, "result": [
 {"type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 0, "end": 3, "text": "Ana ", "labels": ["P"]}},
 {"type": "labels", "from_name": "ner", "to_name": "text", "value": {"start": 8, "end": 10, "text": "Bob", "labels": ["P"]}}
]}]}]
JSON
cp ls.stet ls.before
run_stet import-annotations ls.stet --from labelstudio --add-labels ls-bad.json
expect_rc "labelstudio: a span whose text differs is refused" 1
if cmp -s ls.stet ls.before; then
	ok "labelstudio: the failed file writes nothing"
else
	not_ok "labelstudio: the failed file writes nothing"
fi
expect_eq "labelstudio: ... naming the task, annotation and result" \
	'stet: import-annotations: ls-bad.json: [0].annotations[0] result 1 (8-10 "P"): the text at its offsets is "Bo", the file says "Bob"' "$ERR"
sed 's/"Bob"/"Bo"/' ls-bad.json >ls-space.json
run_stet import-annotations ls.stet --from labelstudio --add-labels ls-space.json
expect_rc "labelstudio: white space around a span's text is no error" 0
expect_match "labelstudio: ... but a note naming the span" \
	': 1 span whose text differs from the text at its offsets only by white space around it \(the offsets were taken\): \[0\].annotations\[0\] result 0 \(0-3 "P"\)' "$ERR"

# Prodigy pos_manual in a project of token labels: each span is one
# token's tag; a span over two tokens is refused.
"$STET" init pos.stet --tokens NOUN,VERB,DET >/dev/null
printf '%s\n' '{"text": "The dog barks", "tokens": [{"text": "The", "start": 0, "end": 3, "id": 0}, {"text": "dog", "start": 4, "end": 7, "id": 1}, {"text": "barks", "start": 8, "end": 13, "id": 2}], "spans": [{"start": 0, "end": 3, "token_start": 0, "token_end": 0, "label": "DET"}, {"start": 8, "end": 13, "token_start": 2, "token_end": 2, "label": "VERB"}], "_view_id": "pos_manual", "answer": "accept", "_annotator_id": "p-ana"}' >pos.jsonl
run_stet import-annotations pos.stet --from prodigy pos.jsonl
expect_rc "prodigy pos_manual: tags import" 0
expect_match "prodigy pos_manual: the tags, null for the untagged dog" \
	'"annotator":"p-ana","tags":\["DET",null,"VERB"\]' "$("$STET" export pos.stet --annotations)"
printf '%s\n' '{"text": "The dog barks", "spans": [{"start": 0, "end": 7, "label": "DET"}], "_view_id": "pos_manual", "answer": "accept", "_annotator_id": "p-bo"}' >pos2.jsonl
run_stet import-annotations pos.stet --from prodigy pos2.jsonl
expect_match "prodigy pos_manual: a tag over two tokens is refused" \
	'pos2.jsonl:1: spans\[0\] \(0-7 "DET"\): "DET" is a token label, and the span is not one token of the item' "$ERR"

# brat: a discontinuous span is kept as its parts, each checked against
# its piece of the text brat writes (the parts' joined by a space).
printf 'one two three four' >d2.txt
printf 'T1\tX 0 3;8 13\tone three\nT2\tY 4 7\ttwo\n' >d2.ann
"$STET" init brat2.stet --spans X,Y >/dev/null
run_stet import-annotations brat2.stet --from brat --annotator a d2.ann
expect_rc "brat: a discontinuous span imports" 0
expect_match "brat: ... noted as kept in parts" ": 1 discontinuous span kept as its parts, each a span of its label$" "$ERR"
expect_match "brat: the parts are spans of the label" \
	'"spans":\[\[0,3,"X"\],\[4,7,"Y"\],\[8,13,"X"\]\]' "$("$STET" export brat2.stet --annotations)"
printf 'T1\tX 0 3;8 13\tone there\n' >d2.ann
run_stet import-annotations brat2.stet --from brat --annotator a d2.ann
expect_match "brat: a part whose text differs is named" \
	'T1 \(8-13 "X"\): the text at its offsets is "three", the file says "there"' "$ERR"

done_testing
