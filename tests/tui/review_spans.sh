#!/bin/sh
# stet review on spans: each annotator's spans a row of marks under
# the text; Alt-N takes row N's set whole as the decision and goes on;
# e edits a row's set with the span view's keys, Enter decides the
# edit; u takes a decision back; Esc drops an edit, writing nothing.
# Each decision is one ADJUDICATE event carrying the set (stet log:
# "adjudicate spans=START:END:LABEL,..." in code points). Hebrew drawn
# right to left with its rows under it, the mono theme, token tags, and
# a decision that outlives a kill -9 right after it.
. "$srcdir/tests/tui/lib.sh"

# ICU splits s01 into Barack [0,6) Obama [7,12) visited [13,20) Paris
# [21,26) . [27,28); s03 (Hebrew "peace world good") into [0,4) [5,9)
# [10,13).
cat >items.jsonl <<'JSON'
{"id": "s01", "text": "Barack Obama visited Paris ."}
{"id": "s02", "text": "Angela Merkel met Macron ."}
{"id": "s03", "text": "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd \u05d8\u05d5\u05d1"}
JSON
cat >ann.jsonl <<'JSON'
{"item": "s01", "annotator": "ana", "spans": [[0, 12, "PER"], [21, 26, "LOC"]]}
{"item": "s01", "annotator": "bo", "spans": [[7, 12, "PER"], [21, 26, "ORG"]]}
{"item": "s02", "annotator": "ana", "spans": [[0, 13, "PER"]]}
{"item": "s02", "annotator": "bo", "spans": [[0, 13, "PER"], [18, 24, "PER"]]}
{"item": "s03", "annotator": "ana", "spans": [[0, 4, "LOC"]]}
{"item": "s03", "annotator": "bo", "spans": [[5, 9, "LOC"]]}
JSON
"$STET" init p.stet --spans PER,ORG,LOC >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import-annotations p.stet ann.jsonl >/dev/null
"$STET" team p.stet add lead --role lead >/dev/null

# last_decision ID: the span set of item ID's last adjudicate event.
last_decision() {
	"$STET" log p.stet --item "$1" | grep ' adjudicate ' | tail -n 1 |
		sed 's/.* spans=\([^ ]*\) .*/\1/'
}

expect_decision() {
	got=$(last_decision "$2")
	if [ "$got" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "stet log has $got, expected $3"
	fi
}

events() {
	"$STET" log p.stet | wc -l
}

# The gutter is the widest row name ("1 ana", 5 cells) and 2: the text
# starts at column 7. ana's PER [0,12) is 12 cells from column 7, her
# LOC under Paris at 7 + 21 = 28; bo's PER under Obama at 14.
tui_start rev 80 20 review p.stet --as lead
expect_screen "each annotator's spans are a row under the text" \
	'^ {7}Barack Obama visited Paris \.$' \
	'^1 ana  \[PER─{7}\] {9}\[LOC\]$' '^2 bo {10}\[PER\] {9}\[ORG\]$'
step "Alt-2 takes bo's set whole as the decision and goes on" M-2 -- \
	'saved decision: bo, 2 spans' 'item s02' ' 1 decided '
expect_decision "the decision is one adjudicate event with bo's set" s01 \
	7:12:PER,21:26:ORG
# With a decision row ("  decision", 10 cells) the text starts at 12.
step "Left goes back; the decision has its own row" Left -- \
	'^  decision {9}\[PER\] {9}\[ORG\]$' '1 decided'

# e edits the decision's set: w w w to Paris, x deletes ORG there; from
# Barack v w selects Barack Obama and 1 (PER) marks it, beside the PER
# on Obama; Enter decides the edited set.
n=$(events)
step "e edits the selected row's spans, the token cursor shown" e -- \
	'editing the decision' 'editing$'
step "x deletes a span of the edit, saving nothing yet" w w w x -- \
	'edited: ORG deleted; Enter decides'
step "a label key marks a selection in the edit" Home v w 1 -- \
	'edited: PER; Enter decides' '^  edit {6}\[PER─{7}\]$'
expect_eq "nothing was written while editing" "$n" "$(events)"
step "Enter decides the edited set and goes on" Enter -- \
	'saved decision: the edited set, 2 spans' 'item s02'
expect_decision "as one adjudicate event" s01 0:12:PER,7:12:PER

step "u takes the decision back, and shows its item" u -- \
	'saved undo of the decision' 'item s01' \
	'^  decision {9}\[PER\] {9}\[ORG\]$'
if "$STET" export p.stet --final | grep '"id":"s01"' | grep -Fq \
	'"final_spans":[{"start":7,"end":12,"label":"PER","text":"Obama"},{"start":21,"end":26,"label":"ORG","text":"Paris"}]'; then
	ok "bo's set stands again (export --final)"
else
	not_ok "bo's set stands again (export --final)" \
		"$("$STET" export p.stet --final | head -n 1)"
fi
if "$STET" log p.stet --item s01 | tail -n 1 | grep -q ' undo '; then
	ok "the undo is an event"
else
	not_ok "the undo is an event" "$("$STET" log p.stet --item s01)"
fi

n=$(events)
step "Esc leaves an edit, deciding nothing" e x Escape -- \
	'edit dropped; nothing decided'
expect_eq "and writes nothing" "$n" "$(events)"
step "span keys do nothing outside an edit but say so" x -- \
	'e edits the selected row'
step "Tab selects the next row" Tab Tab -- '1 / 3'

# s03 right to left: its 13 cells end at the text's right edge, column
# 78 (80 less the gutter's 7 and 2): shalom, stored first, at 74 to 77,
# olam at 69 to 72.
step "n goes on to the Hebrew item" n n -- 'item s03'
expect_screen "Hebrew is drawn right to left, each row's marks under its words" \
	"^ {65}$(printf '\327\221\327\225\327\230 \327\235\327\234\327\225\327\242 \327\235\327\225\327\234\327\251')\$" \
	'^1 ana {69}\[LOC\]$' '^2 bo {65}\[LOC\]$'
step "Alt-1 takes ana's set on the last item" M-1 -- \
	'saved decision: ana, 1 span \(that was the last item\)'
kill -9 "$(stet_pid)"
wait_exit
expect_decision "a decision shown as saved outlives kill -9" s03 0:4:LOC

# The review resumes at the item the lead was on, with its decision.
tui_start rev2 80 20 review p.stet --as lead --theme mono
expect_screen "a new review resumes there, the decision standing" \
	'item s03' '^  decision {64}\[LOC\]$'
# Mono: no colour; the brackets and names say what each span is.
step "in the mono theme the rows are brackets and label names" Left -- \
	'item s02' '^2 bo   \[PER─{8}\] {5}\[PER─\]$'
keys q
expect_exit "stet review quits" 0

# Token tags (POS): each annotator's tags under the tokens; the same
# keys. "The dog barks ." is The [0,3) dog [4,7) barks [8,13) . [14,15).
printf '{"id": "t01", "text": "The dog barks ."}\n' >tok.jsonl
cat >tann.jsonl <<'JSON'
{"item": "t01", "annotator": "ana", "tags": ["DET", "NOUN", "VERB", "PUNCT"]}
{"item": "t01", "annotator": "bo", "tags": ["DET", "VERB", "VERB", "PUNCT"]}
JSON
"$STET" init t.stet --tokens DET,NOUN,VERB,PUNCT >/dev/null
"$STET" import t.stet tok.jsonl >/dev/null
"$STET" import-annotations t.stet tann.jsonl >/dev/null
"$STET" team t.stet add lead --role lead >/dev/null
tui_start tags 80 20 review t.stet --as lead
expect_screen "a token project shows each annotator's tags under the tokens" \
	'^1 ana  DET NOUN {6}PUNCT$' '^2 bo   DET VERB {6}PUNCT$'
# e edits bo's tags (Tab selects his row): w to dog, 2 tags it NOUN and
# the cursor moves on; Enter decides.
step "e and a tag key retag a token in the edit" Tab e w 2 -- \
	'edited: NOUN; Enter decides'
step "Enter decides the tags" Enter -- \
	'saved decision: the edited set, 4 tags \(that was the last item\)'
got=$("$STET" log t.stet | grep ' adjudicate ' | tail -n 1 |
	sed 's/.* spans=\([^ ]*\) .*/\1/')
if [ "$got" = "0:3:DET,4:7:NOUN,8:13:VERB,14:15:PUNCT" ]; then
	ok "the decision holds every token's tag"
else
	not_ok "the decision holds every token's tag" "log has $got"
fi
keys q
expect_exit "stet review quits" 0

done_testing
