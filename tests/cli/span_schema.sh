#!/bin/sh
# Span and token labels in the schema: stet init --spans, --tokens and
# --no-overlap, the schema file's kind= and span-overlap:, and stet
# schema adding labels of a kind.
. "$srcdir/tests/cli/lib.sh"

run_stet init ner.stet --labels Relevant,Noise --spans PER,ORG,LOC,MISC --no-overlap
expect_rc "init with item and span labels" 0
expect_eq "init says what it made" \
	"created ner.stet: 2 labels (single-label), 4 span labels (no overlap), lead $(id -un)" "$OUT"
run_stet schema ner.stet
expect_eq "the schema shows each label's kind and the overlap rule" \
"# schema version 1
multi: no
span-overlap: no
Relevant key=1
Noise key=2
PER key=3 kind=span
ORG key=4 kind=span
LOC key=5 kind=span
MISC key=6 kind=span" "$OUT"

run_stet info ner.stet
expect_match "info marks a span label" '^  3   PER \(span\)$' "$OUT"
expect_match "and the overlap rule" '^schema       version 1, single-label, 6 labels, spans may not overlap$' "$OUT"
run_stet info ner.stet --format json
expect_match "info's JSON lists the kinds apart" '"labels":\["Relevant","Noise"\],"multi":false,"span_labels":\["PER","ORG","LOC","MISC"\],"token_labels":\[\],"span_overlap":false' "$OUT"

# The printed schema reads back as a schema file.
"$STET" schema ner.stet > printed.txt
"$STET" init copy.stet --schema printed.txt >/dev/null
"$STET" schema copy.stet > reprinted.txt
if [ "$(sed 1d printed.txt)" = "$(sed 1d reprinted.txt)" ]; then
	ok "a schema with kinds reads back"
else
	not_ok "a schema with kinds reads back" "$(diff printed.txt reprinted.txt)"
fi

# The 17 Universal POS tags as token labels: ten get the default keys.
run_stet init pos.stet --tokens ADJ,ADP,ADV,AUX,CCONJ,DET,INTJ,NOUN,NUM,PART,PRON,PROPN,PUNCT,SCONJ,SYM,VERB,X
expect_rc "init --tokens" 0
expect_eq "a token project says so" "created pos.stet: 17 token labels, lead $(id -un)" "$OUT"
run_stet schema pos.stet
expect_match "the eleventh tag has no key" '^PRON key=none kind=token$' "$OUT"
case $OUT in
*span-overlap*) not_ok "a token project has no overlap rule to show" "$OUT" ;;
*) ok "a token project has no overlap rule to show" ;;
esac

run_stet init both.stet --spans PER --tokens NOUN
expect_rc "spans and tokens together are a usage error" 2
expect_match "the refusal says why" 'a project marks spans or tags tokens, not both' "$ERR"
[ ! -e both.stet ] && ok "nothing is made" || not_ok "nothing is made"

run_stet init lone.stet --labels A,B --no-overlap
expect_rc "--no-overlap without span labels is a usage error" 2
expect_match "it says there are none" '--no-overlap: the schema has no span labels' "$ERR"

run_stet init dup.stet --labels PER --spans PER
expect_rc "a name used by two kinds is refused" 2
expect_match "the name is given" 'label "PER" is already in the schema' "$ERR"

# stet schema adds labels of a kind, with keys unique across kinds.
run_stet init p.stet --labels Yes,No
run_stet schema p.stet --add-label PER --add-label ORG --kind span
expect_rc "--add-label --kind span" 0
run_stet schema p.stet --add-label LOC --kind span --key 1
expect_rc "a key of an item label is refused for a span label" 1
expect_match "the refusal names both" 'hotkey "1" of label LOC is already the key of Yes' "$ERR"
run_stet schema p.stet --add-label NOUN --kind token
expect_rc "token labels in a span project are refused" 1
run_stet schema p.stet --span-overlap no
expect_rc "--span-overlap no" 0
expect_eq "a new version" "schema version 3" "$OUT"
run_stet schema p.stet
expect_match "the rule is shown" '^span-overlap: no$' "$OUT"
expect_match "the span labels are kept" '^ORG key=4 kind=span$' "$OUT"
# A span schema's labels may not take the span view's keys.
run_stet init w.stet --labels A
run_stet schema w.stet --add-label Keep --key w
expect_rc "w is free for an item label where there are no spans" 0
run_stet schema w.stet --add-label PER --kind span
expect_rc "the first span label is refused while w is a hotkey" 1
expect_match "the refusal names the label and the key's action" \
	'the label "Keep" has the hotkey w, which stet label.s span view keeps for token-next \(the cursor to the next token\)' "$ERR"
expect_match "and the options that get past it" \
	"give it another in the same command with --hotkey 'Keep=K' \(K a free key, or none\), or let stet choose with --rekey" "$ERR"
run_stet schema w.stet
expect_match "nothing was written: still version 2" '^# schema version 2$' "$OUT"
case $OUT in
*PER*) not_ok "nor PER added" "$OUT" ;;
*) ok "nor PER added" ;;
esac

# --hotkey in the same command: one write, one new version.
run_stet schema w.stet --add-label PER --kind span --hotkey Keep=K
expect_rc "--hotkey with the first span label" 0
expect_eq "one version more" "schema version 3" "$OUT"
run_stet schema w.stet
expect_match "Keep has K" '^Keep key=K$' "$OUT"
expect_match "and PER, the next default key (A has 1)" '^PER key=2 kind=span$' "$OUT"
run_stet schema w.stet --hotkey PER=x
expect_rc "--hotkey to a key of the span view in a span schema" 1
expect_match "is refused, naming the key's action" \
	"--hotkey PER=x: stet label's span view keeps x for delete" "$ERR"
run_stet schema w.stet --hotkey PER=q
expect_rc "--hotkey to a key stet label keeps is a usage error" 2
expect_match "naming it" 'hotkey "q" of label PER is the key of "quit"' "$ERR"
run_stet schema w.stet --hotkey PER=1
expect_rc "--hotkey to another label's key" 1
expect_match "names the other label" 'hotkey "1" of label PER is already the key of A' "$ERR"
run_stet schema w.stet --hotkey Nobody=z
expect_rc "--hotkey of no label" 1
expect_match "says there is none" 'no label "Nobody" in the schema' "$ERR"
run_stet schema w.stet --hotkey PER
expect_rc "--hotkey without = is a usage error" 2
run_stet schema w.stet --hotkey PER=none
expect_rc "--hotkey LABEL=none" 0
run_stet schema w.stet
expect_match "takes the key away" '^PER key=none kind=span$' "$OUT"
expect_match "version 4" '^# schema version 4$' "$OUT"
run_stet schema w.stet --hotkey PER=2
expect_rc "and --hotkey gives one back" 0

# --rekey moves every key the span view keeps to the next free default
# key and says what it moved. The changes come first, in order: PER and
# LOC take 3 and 4 after A's 1 and B's 2, then w, x and [ move to 5, 6
# and 7; nothing else moves.
printf 'A\nB\nWord key=w\nNoun key=x\nVerb key=[\n' > r.schema
run_stet init r.stet --schema r.schema
run_stet schema r.stet --add-label PER --add-label LOC --kind span --rekey
expect_rc "--rekey with the first span labels" 0
expect_eq "it says what it moved, then the version" \
'label "Word": hotkey w moved to 5
label "Noun": hotkey x moved to 6
label "Verb": hotkey [ moved to 7
schema version 2' "$OUT"
run_stet schema r.stet
expect_eq "the schema after it" \
"# schema version 2
multi: no
span-overlap: yes
A key=1
B key=2
Word key=5
Noun key=6
Verb key=7
PER key=3 kind=span
LOC key=4 kind=span" "$OUT"
# With no default key free, a moved label keeps none (t picks it).
printf '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nWord key=w\n' > full.schema
run_stet init full.stet --schema full.schema
run_stet schema full.stet --add-label PER --kind span --key P --rekey
expect_match "a key with no free default is dropped, and that is said" \
	'^label "Word": hotkey w dropped, no key of 1-9 or 0 is free \(t picks the label from a list\)$' "$OUT"
printf 'PER kind=span key=x\n' > x.schema
run_stet init x.stet --schema x.schema
expect_rc "a schema file giving a span label x is refused" 1
expect_match "the file and the key are named" '^stet: init: x.schema: hotkey "x" of label PER is the key of "delete"' "$ERR"

run_stet schema p.stet --kind span
expect_rc "--kind alone is a usage error" 2
run_stet schema p.stet --add-label X --kind entity
expect_rc "an unknown kind is a usage error" 2
expect_match "the kinds are listed" "the kinds are item, span and token" "$ERR"

printf 'PER kind=span\nNOUN kind=token\n' > mixed.schema
run_stet init m.stet --schema mixed.schema
expect_rc "a schema file with spans and tokens is refused" 1
expect_match "the file is named" '^stet: init: mixed.schema: span labels and token labels' "$ERR"

# Agreement on item labels knows nothing of span labels: no category
# PER. x gives A, B, B and y A, A, B: agreement on 2 of 3 items; Cohen's
# kappa (2/3 - 4/9) / (1 - 4/9) = 0.4, as without PER in the schema.
run_stet init ag.stet --labels A,B --spans PER
printf '%s\n' '{"id":"r1","text":"x y"}' '{"id":"r2","text":"z w"}' \
	'{"id":"r3","text":"q"}' > items.jsonl
"$STET" import ag.stet items.jsonl >/dev/null
printf '%s\n' '{"item":"r1","annotator":"x","label":"A"}' \
	'{"item":"r1","annotator":"y","label":"A"}' \
	'{"item":"r2","annotator":"x","label":"B"}' \
	'{"item":"r2","annotator":"y","label":"A"}' \
	'{"item":"r3","annotator":"x","label":"B"}' \
	'{"item":"r3","annotator":"y","label":"B"}' > ann.jsonl
"$STET" import-annotations ag.stet ann.jsonl >/dev/null
run_stet agree ag.stet --format json
expect_match "agreement's categories are the item labels" '"labels":\["A","B"\]' "$OUT"
expect_match "and kappa is that of A and B alone" '"kappa":0\.40000000000000002' "$OUT"

done_testing
