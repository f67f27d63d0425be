#!/bin/sh
# stet label follows the terminal's size: the normal layout down to 40x10,
# a notice below that, everything back when it grows, and labeling goes
# on as before.
. "$srcdir/tests/tui/lib.sh"

items_jsonl 10 r > items.jsonl
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

# size COLS LINES: resizes the current window.
size() {
	tm resize-window -t "=$TUI_CUR:" -x "$1" -y "$2"
}

# layout: the normal screen, whatever the size: the title on the first
# line, the item below, progress on the status line (last but one) and
# the label bar above it.
layout() {
	line_has 0 '^ stet  p\.stet  ana  item r' &&
		screen_has 'Item number' &&
		line_has -2 '^ [0-9]+ done · [0-9]+ left ' &&
		line_has -3 '1 POSITIVE' &&
		! screen_has 'terminal too small'
}

lines_are() {
	[ "$(printf '%s\n' "$SCREEN" | wc -l)" -eq "$1" ]
}

tui_start s1 120 40 label p.stet --as ana
expect_screen "the screen opens at 120x40" ' item r01 ' '^ 0 done · 10 left '
if wait_until layout && lines_are 40; then
	ok "the normal layout on 40 lines"
else
	not_ok_screen "the normal layout on 40 lines"
fi
step "a label at 120x40" 1 -- ' item r02 ' '^ saved POSITIVE$' '^ 1 done · 9 left '

size 40 10
if wait_until lines_are 10 && wait_until layout; then
	ok "at 40x10 the normal layout is still there"
else
	not_ok_screen "at 40x10 the normal layout is still there"
fi
if line_has 0 ' item r02 ' && screen_has 'Item number 2 of'; then
	ok "at 40x10 the same item is shown"
else
	not_ok_screen "at 40x10 the same item is shown"
fi
w=$(max_width)
if [ "$w" -le 40 ]; then
	ok "no line is wider than 40 columns"
else
	not_ok_screen "no line is wider than 40 columns" "widest: $w"
fi
step "a label at 40x10" 2 -- ' item r03 ' '^ 2 done · 8 left ' 'saved NEGATIVE'

size 39 10
expect_screen "at 39x10 the terminal is too small" 'terminal too small' '39x10, needs 40x10'
size 40 9
expect_screen "at 40x9 the terminal is too small" 'terminal too small' '40x9, needs 40x10'
size 30 8
expect_screen "at 30x8 the screen says the terminal is too small" \
	'terminal too small' '30x8, needs 40x10'
if ! screen_has 'item r0' 'Item number'; then
	ok "nothing of the item is shown while too small"
else
	not_ok_screen "nothing of the item is shown while too small"
fi
# A label key where nothing can be seen labels nothing.
keys 3

size 120 40
if wait_until lines_are 40 && wait_until layout; then
	ok "back at 120x40 the normal layout returns"
else
	not_ok_screen "back at 120x40 the normal layout returns"
fi
if line_has 0 ' item r03 ' && line_has -2 '^ 2 done · 8 left ' &&
	screen_has 'Item number 3 of the test corpus\.' &&
	! line_has -3 '\['; then
	ok "the item and status are back, r03 unlabeled"
else
	not_ok_screen "the item and status are back, r03 unlabeled"
fi
step "labeling works after the resizes" 3 -- ' item r04 ' '^ saved NEUTRAL$' '^ 3 done · 7 left '
step "and goes on" 1 -- ' item r05 ' '^ saved POSITIVE$' '^ 4 done · 6 left '

# Shrinking while a message is up, and growing again, keeps the state.
size 50 12
expect_screen "at 50x12 the message is still there" '^ saved POSITIVE$' ' item r05 '
size 100 30
expect_screen "at 100x30 too" '^ saved POSITIVE$' ' item r05 ' '^ 4 done · 6 left '
keys q
expect_exit "q quits with status 0" 0

run_stet export p.stet --annotations
got=$(printf '%s\n' "$OUT" | sed -n 's/^{"item":"\([^"]*\)","annotator":"ana","label":"\([^"]*\)",.*/\1 \2/p' | tr '\n' ' ')
expect_eq "the export has the four labels" \
	"r01 POSITIVE r02 NEGATIVE r03 NEUTRAL r04 POSITIVE " "$got"

done_testing
