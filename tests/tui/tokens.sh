#!/bin/sh
# Token tags from the keyboard (a --tokens project, as for parts of
# speech): a tag's key tags the token under the cursor and moves to the
# next, the last token's tag finishes the item and the queue goes on,
# u steps back one tag (or the finish) at a time, x deletes a tag, a
# selection tags every token in it. Each tag is one SPANS event with
# the item's tags after it (stet log: START:END:TAG in code points).
. "$srcdir/tests/tui/lib.sh"

# ICU's words: The(0) cat(1) sat(2) .(3) at [0,3) [4,7) [8,11)
# [11,12); Dogs(0) bark(1) .(2) at [0,4) [5,9) [9,10).
cat >items.jsonl <<'JSON'
{"id": "t01", "text": "The cat sat."}
{"id": "t02", "text": "Dogs bark."}
JSON
"$STET" init p.stet --tokens DET,NOUN,VERB,PUNCT >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

last_spans() {
	"$STET" log p.stet --item "$1" | grep ' spans ' | tail -n 1 |
		sed 's/.* spans \([^ ]*\) .*/\1/'
}

# expect_undo "what" ID: item ID's last event in stet log undoes the
# spans event before it (one step, one event).
expect_undo() {
	last=$("$STET" log p.stet --item "$2" | tail -n 1)
	spans=$("$STET" log p.stet --item "$2" | grep ' spans ' | tail -n 1 |
		sed 's/.* #\([0-9]*\) .*/\1/')
	case $last in
	*" undo #$spans "*) ok "$1" ;;
	*) not_ok "$1" "last event: $last; last spans event: #$spans" ;;
	esac
}

expect_spans() {
	got=$(last_spans "$2")
	if [ "$got" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "stet log has $got, expected $3"
	fi
}

tui_start tok 60 16 label p.stet --as ana
expect_screen "a token project opens the span view, tagging" \
	'^ The cat sat\.$' 'a tag key tags the token and moves on'
# A tag is its name under its token, on the line below the text; DET
# (3 cells) under The (columns 1-3).
step "a tag's key tags the token and moves to the next" 1 -- \
	'^ DET$' 'saved DET'
expect_spans "the tag is saved" t01 0:3:DET
# NOUN under cat starts at column 5, one cell after DET ends: the same
# line holds both.
step "the next key tags the next token" 2 -- '^ DET NOUN$'
expect_spans "the event holds every tag so far" t01 0:3:DET,4:7:NOUN
step "u takes back one tag and the cursor stays" u -- \
	'saved undo of the tag' '^ DET$'
expect_undo "the log's last event undoes the last spans event" t01
step "x deletes the tag under the cursor" b b x -- 'saved: DET deleted'
step "u brings it back" u -- 'saved undo of the tag' '^ DET$'
# From The, w to cat; then NOUN, VERB and PUNCT: the last tag finishes.
step "the last token's tag finishes the item and the queue goes on" \
	w 2 3 4 -- 'saved: done, 4 tags' '^ Dogs bark\.$'
expect_spans "with every token tagged" t01 0:3:DET,4:7:NOUN,8:11:VERB,11:12:PUNCT
step "u after the finish brings the item back, its tags standing" u -- \
	'saved undo of the finish' '^ The cat sat\.$'
step "and u again takes back the last tag" u -- 'saved undo of the tag'
expect_undo "as an undo of that tag's event" t01
# A selection of the two first tokens of t01, both tagged NOUN.
step "a selection tags every token in it" Home v w 2 -- \
	'saved NOUN'
expect_spans "each its own tag" t01 0:3:NOUN,4:7:NOUN,8:11:VERB
step "Enter finishes the item without its last tag" Enter -- \
	'saved: done, 3 tags' '^ Dogs bark\.$'
keys q
expect_exit "stet label quits" 0

# Resuming tags at the first token without one.
tui_start tok2 60 16 label p.stet --as ana
wait_for '^ Dogs bark' >/dev/null
step "tagging resumes where the item's tags stop" 2 3 -- \
	'^ NOUN VERB$'
keys q
expect_exit "stet label quits" 0
tui_start tok3 60 16 label p.stet --as ana
wait_for '^ Dogs bark' >/dev/null
step "a new session on the item goes on at its first untagged token" 4 -- \
	'saved: done, 3 tags'
expect_spans "and the item's tags are whole" t02 0:4:NOUN,5:9:VERB,9:10:PUNCT
keys q
expect_exit "stet label quits" 0

# A CoNLL-U multiword token: its words share its surface, which the
# cursor shows alike, so the message line says which word it is on;
# their tags stack under it.
printf '%s\n' "# sent_id = mw1" "# text = Today's news" \
	"1-2	Today's	_	_	_	_	_	_	_	_" \
	"1	Today	today	NOUN	NN	_	3	nmod	_	_" \
	"2	's	's	PART	POS	_	1	case	_	_" \
	"3	news	news	NOUN	NN	_	0	root	_	_" "" >mw.conllu
"$STET" init mw.stet --tokens NOUN,PART >/dev/null
"$STET" import mw.stet mw.conllu >/dev/null
tui_start mw 60 16 label mw.stet --as ana
expect_screen "on a multiword token the message line says which of its words" \
	"^ Today's news\$" 'word 1 of 2 of one multiword token'
step "and its next word is the next token, on the same surface" w -- \
	'word 2 of 2 of one multiword token'
step "their tags stack under the surface" b 1 2 -- '^ NOUN$' '^ PART$'
keys q
expect_exit "stet label quits" 0

done_testing
