#!/bin/sh
# CoNLL-U and CoNLL-2003 in and out: a treebank's tags taken as one
# annotator's, words tagged by two more, and each annotator's tags
# written back into the treebank with every other column, comment,
# multiword token line and empty node byte for byte; IOB spans in a
# MISC key and in CoNLL-2003 (IOB1 and IOB2, -DOCSTART- kept); spans
# IOB cannot carry named when dropped.
. "$srcdir/tests/cli/lib.sh"

TB="$srcdir/testdata/spans/treebank.conllu"
NER="$srcdir/testdata/spans/ner2003.txt"
UPOS=ADJ,ADP,ADV,AUX,CCONJ,DET,INTJ,NOUN,NUM,PART,PRON,PROPN,PUNCT,SCONJ,SYM,VERB,X

# ---- a treebank's UPOS as annotator ud ----

"$STET" init pos.stet --tokens "$UPOS" >/dev/null
"$STET" import pos.stet "$TB" >/dev/null
run_stet import-annotations pos.stet --from conllu --column upos --annotator ud "$TB"
expect_rc "conllu: the treebank's UPOS import" 0
# Four sentences, the last two of the same words under two ids: four
# items, four sets of tags.
expect_match "conllu: one tag set a sentence" \
	": 0 annotations, 1 new annotator, 1 new session, 0 items created, 0 labels added, 0 skips, 4 span sets$" "$OUT"
# The multiword token lines and the empty node carry no tag of a word:
# the empty node 6.1's VERB is said to be left.
expect_match "conllu: the empty node's tag is named as not read, in the singular" \
	": 1 tag of a multiword token line or an empty node not read \(stet tags the words\)$" "$ERR"
run_stet export pos.stet --format conllu --annotator ud
printf '%s\n' "$OUT" >ud.conllu
# $(...) drops the final newlines: the file ends with one blank line.
printf '\n' >>ud.conllu
expect_file "conllu: the treebank comes back byte for byte" "$TB" ud.conllu

# Without stet import first, import-annotations makes the items as it
# would: four, the repeated sentence under its own id.
"$STET" init pos0.stet --tokens "$UPOS" >/dev/null
run_stet import-annotations pos0.stet --from conllu --annotator ud "$TB"
expect_match "conllu: four items made, one a sentence" ", 4 items created, 0 labels added, 0 skips, 4 span sets$" "$OUT"
"$STET" export pos0.stet --format conllu --annotator ud >ud0.conllu
expect_file "conllu: ... and the treebank comes back byte for byte" "$TB" ud0.conllu

# ---- two annotators tag the words ----

# ana agrees with the treebank but for café (NOUN -> PROPN); bo tags
# only the first sentence and leaves its last word untagged. Tags are
# one a word: José, 's, café, in, 東京, opened, 🎉, . (8 words; the
# multiword token and the empty node are no words).
cat >tags.jsonl <<'JSON'
{"item": "d1-s1", "annotator": "ana", "tags": ["PROPN", "PART", "PROPN", "ADP", "PROPN", "VERB", "SYM", "PUNCT"]}
{"item": "d1-s2", "annotator": "ana", "tags": ["NOUN", "NOUN"]}
{"item": "d1-s3", "annotator": "ana", "tags": ["INTJ", "NOUN"]}
{"item": "d2-s1", "annotator": "ana", "tags": ["PROPN", "PROPN", "PROPN", "PART"]}
{"item": "d1-s1", "annotator": "bo", "tags": ["PROPN", "PART", "NOUN", "ADP", "PROPN", "VERB", "SYM", null]}
JSON
run_stet import-annotations pos.stet tags.jsonl
expect_rc "stet records with tags import" 0
expect_match "one tag set a record" ", 5 span sets$" "$OUT"
"$STET" export pos.stet --format conllu --annotator ana >ana.conllu
# Only café's UPOS (line 8, column 4) differs from the treebank.
sed '8s/^3\tcafé\tcafé\tNOUN\t/3\tcafé\tcafé\tPROPN\t/' "$TB" >ana.want
expect_file "conllu: ana's UPOS in the treebank, all else byte for byte" ana.want ana.conllu
"$STET" export pos.stet --format conllu --annotator bo --column upos >bo.conllu
# Every line but the words' column 4 is the treebank's; bo's words have
# bo's tags, and the words bo left, "_".
col_but() { # FILE: every line with its fourth field (of word lines) cut out
	awk -F'\t' 'BEGIN { OFS = "\t" } $1 ~ /^[0-9]+$/ { $4 = "" } { print }' "$1"
}
col_but "$TB" >tb.rest
col_but bo.conllu >bo.rest
expect_file "conllu: bo's export keeps every other column byte for byte" tb.rest bo.rest
expect_eq "conllu: bo's tags, \"_\" where bo tagged nothing" \
	"PROPN PART NOUN ADP PROPN VERB SYM _ _ _ _ _ _ _ _ _" \
	"$(awk -F'\t' '$1 ~ /^[0-9]+$/ { printf "%s ", $4 }' bo.conllu | sed 's/ $//')"

# JSONL: items carry each annotator's tags, one a token; records too.
run_stet export pos.stet
expect_match "jsonl items: tags per annotator, null where none" \
	'"tags":\{"ana":\["PROPN","PART","PROPN","ADP","PROPN","VERB","SYM","PUNCT"\],"bo":\["PROPN","PART","NOUN","ADP","PROPN","VERB","SYM",null\],"ud":' "$OUT"
"$STET" export pos.stet --annotations >records.jsonl
expect_match "annotation records carry tags" \
	'^\{"item":"d1-s1","annotator":"bo","tags":\["PROPN","PART","NOUN","ADP","PROPN","VERB","SYM",null\],' \
	"$(cat records.jsonl)"
"$STET" init pos2.stet --tokens "$UPOS" >/dev/null
"$STET" import pos2.stet "$TB" >/dev/null
"$STET" import-annotations pos2.stet records.jsonl >/dev/null
"$STET" export pos2.stet --annotations >records2.jsonl
expect_file "tag records round-trip byte for byte" records.jsonl records2.jsonl

run_stet import-annotations pos.stet --from conllu --column lemma --annotator x "$TB"
expect_rc "conllu: an unknown column is refused" 1
expect_match "conllu: ... naming it" '--column: upos, xpos or misc:KEY' "$ERR"
printf '%s\n' '{"item": "d1-s2", "annotator": "cy", "tags": ["NOUN"]}' >short.jsonl
run_stet import-annotations pos.stet short.jsonl
expect_match "a tag list of the wrong length is refused" \
	'short.jsonl:1: 1 tag for an item of 2 tokens' "$ERR"

# ---- spans in a MISC key ----

"$STET" init ne.stet --spans PER,LOC >/dev/null
run_stet import-annotations ne.stet --from conllu --column misc:NE --annotator ne "$TB"
expect_rc "conllu: IOB2 spans in MISC NE import" 0
run_stet export ne.stet --annotations
# 東京 is code points 15-17 of "José's café in 東京 ..." (José's 6,
# space, café 4, space, in 2, space); New York 0-8, two words.
expect_match "conllu: 東京" '"item":"d1-s1","annotator":"ne","spans":\[\[15,17,"LOC"\]\]' "$OUT"
expect_match "conllu: New York, B- then I-" \
	'"item":"d2-s1","annotator":"ne","spans":\[\[0,8,"LOC"\]\]' "$OUT"
"$STET" export ne.stet --format conllu --annotator ne --column misc:NE >ne.conllu
expect_file "conllu: the MISC spans come back byte for byte" "$TB" ne.conllu

# ---- CoNLL-2003 ----

"$STET" init ner.stet --spans PER,LOC,ORG,MISC >/dev/null
run_stet import-annotations ner.stet --from conll --annotator gold "$NER"
expect_rc "conll2003: IOB1 spans import" 0
expect_match "conll2003: three sentences" ", 3 span sets$" "$OUT"
run_stet export ner.stet --annotations
# "Paris Tokyo": B-LOC begins a span next to BRUSSELS, I-LOC goes on.
expect_match "conll2003: IOB1 read as conlleval reads it" \
	'"spans":\[\[0,8,"LOC"\],\[9,20,"LOC"\],\[21,25,"PER"\],\[29,31,"LOC"\]\]' "$OUT"
run_stet import-annotations ner.stet --from conll --annotator strict --scheme iob2 "$NER"
expect_rc "conll2003: --scheme iob2 holds an IOB1 file to IOB2" 1
expect_match "conll2003: ... naming the first tag that breaks it" \
	'ner2003.txt:3: "I-ORG" is not IOB2' "$ERR"
run_stet import-annotations ner.stet --from conll --annotator strict --scheme iob1 "$NER"
expect_rc "conll2003: --scheme iob1 takes the file" 0
"$STET" export ner.stet --format conll2003 --annotator gold --scheme iob1 >iob1.txt
expect_file "conll2003: IOB1 and -DOCSTART- come back byte for byte" "$NER" iob1.txt
run_stet export ner.stet --format conll2003 --annotator gold
expect_match "conll2003: IOB2 begins every span with B-" \
	'BRUSSELS NNP I-NP B-LOC
Paris NNP I-NP B-LOC
Tokyo NNP I-NP I-LOC
José NNP I-NP B-PER' "$OUT"

# Spans IOB cannot carry are named, never dropped in silence.
printf '%s\n' '{"item": "'"$(sed -n 's/.*"id":"\([^"]*\)","text":"BRUSSELS.*/\1/p' <<EOF2
$("$STET" export ner.stet)
EOF2
)"'", "annotator": "ana", "spans": [[0, 8, "LOC"], [0, 14, "ORG"], [9, 12, "LOC"]]}' >overlap.jsonl
run_stet import-annotations ner.stet overlap.jsonl
expect_rc "overlapping and token-cutting spans import (the schema allows overlap)" 0
run_stet export ner.stet --format conll2003 --annotator ana
expect_rc "conll2003: the export succeeds" 0
expect_match "conll2003: the nested span is named as dropped" \
	'span 0-14 "ORG" dropped: it overlaps a span before it' "$ERR"
expect_match "conll2003: the span cutting Paris is named as dropped" \
	'span 9-12 "LOC" dropped: it does not begin and end with tokens' "$ERR"
expect_match "conll2003: the count" '2 spans dropped' "$ERR"
# One span dropped is said in the singular.
sed 's/"ana"/"bea"/; s/\[0, 14, "ORG"\], //' overlap.jsonl >one.jsonl
"$STET" import-annotations ner.stet one.jsonl >/dev/null
run_stet export ner.stet --format conll2003 --annotator bea
expect_match "conll2003: one span dropped, in the singular" \
	'^stet: export: 1 span dropped: IOB tags carry' "$ERR"
run_stet export ner.stet --format conll2003
expect_rc "conll2003 needs --annotator" 2
run_stet export ner.stet --format conll2003 --annotator gold --scheme bio
expect_rc "--scheme takes iob1 or iob2" 2

done_testing
