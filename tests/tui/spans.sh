#!/bin/sh
# Spans from the keyboard in stet label's span view: a selection made
# with v and w (and Shift+arrows) marked by a label key, x deleting, u
# undoing, ] and [ going between spans, Esc dropping a selection, Enter
# finishing the item; each change one SPANS event holding the item's
# whole set (stet log shows START:END:LABEL in code points). Hebrew text
# drawn right to left while the cursor walks it in stored order; the
# mono theme showing spans by brackets, names and underlining; and a
# session killed with SIGKILL losing no span it showed as saved.
. "$srcdir/tests/tui/lib.sh"

# ICU splits these at word boundaries: s01 into Barack(0) Obama(1)
# visited(2) Paris(3) .(4), at code points [0,6) [7,12) [13,20)
# [21,26) [27,28); s03 (Hebrew "peace world good") into three words
# at [0,4) [5,9) [10,13).
cat >items.jsonl <<'JSON'
{"id": "s01", "text": "Barack Obama visited Paris ."}
{"id": "s02", "text": "Angela Merkel met Macron ."}
{"id": "s03", "text": "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd \u05d8\u05d5\u05d1"}
JSON
"$STET" init p.stet --spans PER,ORG,LOC >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

# last_spans ID: the span set of item ID's last spans event in stet log.
last_spans() {
	"$STET" log p.stet --item "$1" | grep ' spans ' | tail -n 1 |
		sed 's/.* spans \([^ ]*\) .*/\1/'
}

# expect_spans "what" ID SET: the last spans event of ID holds SET.
expect_spans() {
	got=$(last_spans "$2")
	if [ "$got" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "stet log has $got, expected $3"
	fi
}

# A span label whose hotkey the span view keeps for itself (w: the next
# token) never reaches the screen: the schema refuses it, or stet label
# does, naming the label.
printf 'PER key=w kind=span\nLOC kind=span\n' >w.schema
if ! "$STET" init w.stet --schema w.schema >/dev/null 2>init.err; then
	if grep -q 'PER' init.err; then
		ok "a span schema refuses the hotkey w"
	else
		not_ok "a span schema refuses the hotkey w" "$(cat init.err)"
	fi
else
	"$STET" import w.stet items.jsonl >/dev/null
	"$STET" label w.stet --as ana </dev/null >/dev/null 2>label.err
	rc=$?
	if [ "$rc" = 1 ] && grep -q '"PER" has the hotkey w' label.err; then
		ok "stet label refuses a span label with the hotkey w, naming it"
	else
		not_ok "stet label refuses a span label with the hotkey w, naming it" \
			"exit $rc: $(cat label.err)"
	fi
fi

tui_start spans 80 20 label p.stet --as ana
expect_screen "a span project opens stet label's span view" \
	'^ Barack Obama visited Paris \.$' 'w b move · v selects'

# The mark runs under "Barack Obama", 12 cells: [ PER, 7 rules and ].
step "v, w and a label key mark the selection as a span" v w 1 -- \
	'^ \[PER─{7}\]$' 'saved PER'
expect_spans "the span is saved as one event with the item's set" s01 0:12:PER
# From Obama, w w reaches Paris (column 22): the PER mark ends at
# column 12, then 9 blank cells, then [LOC] under Paris.
step "a label key with no selection marks the token under the cursor" \
	w w 3 -- '^ \[PER─{7}\] {9}\[LOC\]$'
expect_spans "and the event holds both spans" s01 0:12:PER,21:26:LOC
step "x deletes the span under the cursor" x -- 'saved: LOC deleted' \
	'^ \[PER─{7}\]$'
expect_spans "as a new set without it" s01 0:12:PER
step "u brings it back" u -- 'saved undo of the span change' \
	'^ \[PER─{7}\] {9}\[LOC\]$'
# [ from Paris goes back to the PER span (its start is before the
# cursor), which becomes the current one that x deletes.
step "[ goes to the previous span and x deletes that one" '[' x -- \
	'saved: PER deleted' '^ {22}\[LOC\]$'
expect_spans "leaving the other" s01 21:26:LOC
# The label bar brackets the labels of the spans at the cursor.
step "] from the start goes to the next span" Home ']' -- '\[3 LOC\]'
# Shift+Right twice from Barack selects Barack Obama visited (20 cells).
step "Shift+arrows select, and a label key marks the selection" \
	Home S-Right S-Right 2 -- '^ \[ORG─{15}\] \[LOC\]$'
expect_spans "as one span of three tokens" s01 0:20:ORG,21:26:LOC
step "the same key on the same stretch takes the span off" \
	Home S-Right S-Right 2 -- 'saved: ORG taken off' '^ {22}\[LOC\]$'
step "Esc drops a selection" v w Escape -- 'selection dropped'
# Obama is columns 8 to 12: its mark is [PER], no shorter.
step "a label key after Esc marks only the token under the cursor" \
	b b 1 -- '^ {8}\[PER\] {9}\[LOC\]$'
expect_spans "Obama alone" s01 7:12:PER,21:26:LOC
step "Enter finishes the item and the queue goes on" Enter -- \
	'saved: done, 2 spans' '^ Angela Merkel met Macron \.$'
if "$STET" log p.stet --item s01 | tail -n 1 | grep -q ' label ms='; then
	ok "finishing is a label event with no item label"
else
	not_ok "finishing is a label event with no item label" \
		"$("$STET" log p.stet --item s01)"
fi
step "Enter on an item without spans finishes it too" Enter -- \
	'saved: done, 0 spans'

# s03 is right to left: 13 cells from column 66 to 78 of 80, the first
# word stored (shalom) at the right, at 75; the second (olam) at 70.
expect_screen "Hebrew is drawn right to left, from the right edge" \
	"^ {66}$(printf '\327\221\327\225\327\230 \327\235\327\234\327\225\327\242 \327\235\327\225\327\234\327\251')\$"
step "w moves to the next word stored, which is drawn to the left" \
	w 1 -- '^ {70}\[PER\]$'
expect_spans "the span is the second word's code points" s03 5:9:PER

# Killed outright with the span on screen as saved: nothing is lost.
kill -9 "$(stet_pid)"
wait_exit
tui_start spans2 80 20 label p.stet --as ana
expect_screen "after kill -9 the unfinished item comes back with its span" \
	'^ {70}\[PER\]$'
expect_spans "and the log still holds it" s03 5:9:PER
keys q
expect_exit "stet label quits" 0

# The mono theme: no colour, so brackets and names say what a span is,
# and its text is underlined.
"$STET" init m.stet --spans PER,LOC >/dev/null
"$STET" import m.stet items.jsonl >/dev/null
tui_start mono 80 20 label m.stet --as bo --theme mono
wait_for '^ Barack Obama' >/dev/null
step "in the mono theme a span has its brackets and its name" v w 1 -- \
	'^ \[PER─{7}\]$'
if tm capture-pane -p -e -t "=mono:" | grep '^.*Barack' |
	grep -q "$(printf '\033')\\[4m"; then
	ok "and its text is underlined"
else
	not_ok "and its text is underlined" \
		"$(tm capture-pane -p -e -t "=mono:" | sed -n 3p | cat -v)"
fi
keys q
expect_exit "stet label quits" 0

# Item labels beside span labels: a single-label item is finished by
# its item label's key, which Enter without one says.
"$STET" init mx.stet --labels Relevant,Noise --spans PER,ORG >/dev/null
"$STET" import mx.stet items.jsonl >/dev/null
tui_start mixed 80 20 label mx.stet --as ana
wait_for '^ Barack Obama' >/dev/null
step "with item labels, Enter alone says an item label finishes the item" \
	3 Enter -- 'its key saves it and finishes the item'
step "and the item label's key does, the span standing" 1 -- \
	'saved Relevant' '^ Angela Merkel'
expect_mixed=$("$STET" log mx.stet --item s01 | grep -c ' spans \| label ')
if [ "$expect_mixed" = 2 ]; then
	ok "one spans event and one label event"
else
	not_ok "one spans event and one label event" "$("$STET" log mx.stet)"
fi
keys q
expect_exit "stet label quits" 0

# A long item in a small pane: the view follows the cursor, counting
# the lines of marks under each line of text.
words="alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu"
printf '{"id": "long", "text": "%s %s %s end"}\n' "$words" "$words" "$words" >long.jsonl
"$STET" init l.stet --spans PER,LOC >/dev/null
"$STET" import l.stet long.jsonl >/dev/null
tui_start long 40 12 label l.stet --as cy
wait_for '^ alpha bravo' >/dev/null
step "End takes the view to the last token" End 1 -- '^ .*end$' \
	'^ .*\[PER\]$' 'saved PER'
step "Home takes it back to the first" Home 2 -- '^ alpha bravo' \
	'^ \[LOC\]$' 'saved LOC'
# The item screen's other keys work the same in the span view.
step "c comments on the item" c n o t e Enter -- 'saved comment'
step "f flags it" f Enter -- 'saved flag'
step "Space skips it" Space -- 'saved skip'
if "$STET" log l.stet | grep -q ' skip '; then
	ok "and the skip is in the log"
else
	not_ok "and the skip is in the log" "$("$STET" log l.stet)"
fi
keys q
expect_exit "stet label quits" 0

done_testing
