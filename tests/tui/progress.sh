#!/bin/sh
# The status line of stet label says how many items the annotator has
# done and how many are left for them, not where the item lies in the
# project, and agrees with stet info and stet export after a restart,
# an undo and the last item. An item whose label is undone comes back
# (labels 2 2 2, u, q: the next start shows item 3, not 4). When the
# queue runs dry, that message wins over the break reminder.
. "$srcdir/tests/tui/lib.sh"

items_jsonl 12 u > items.jsonl
"$STET" init u.stet --labels SPAM,HAM >/dev/null
"$STET" import u.stet items.jsonl >/dev/null

# agrees WHAT DONE LEFT: stet info gives ana DONE done and LEFT left, and
# stet export holds DONE labels of hers.
agrees() {
	info=$("$STET" info u.stet)
	"$STET" export u.stet --annotations > ann.jsonl
	n=$(grep -c '"annotator":"ana"' ann.jsonl)
	if printf '%s\n' "$info" | grep -Eq "^  ana +$2 done, $3 left\$" &&
	   [ "$n" -eq "$2" ]; then
		ok "$1: stet info and stet export agree ($2 done, $3 left)"
	else
		not_ok "$1: stet info and stet export agree ($2 done, $3 left)" \
			"export has $n of ana's labels" "$info"
	fi
}

tui_start a1 80 24 label u.stet --as ana
expect_screen "the first start: nothing done, all 12 left" \
	' item u01 ' '^ 0 done · 12 left \['
step "2 2 2 labels u01 to u03" 2 2 2 -- ' item u04 ' '^ 3 done · 9 left '
step "u undoes u03's label: one more left" u -- \
	' item u03 ' '^ saved undo of the label$' '^ 2 done · 10 left '
agrees "after the undo" 2 10
keys q
expect_exit "q ends labeling" 0

tui_start a2 80 24 label u.stet --as ana
expect_screen "the next start serves u03, the undone item, first" \
	' item u03 ' '^ 2 done · 10 left '
agrees "after the restart" 2 10
# 10 items left: nine labels leave one.
for k in 1 1 1 1 1 1 1 1 1; do
	keys "$k"
done
expect_screen "nine labels later one is left" '^ 11 done · 1 left '
step "the last label says so" 1 -- \
	'^ saved SPAM \(that was the last item\)$' '^ 12 done · 0 left '
agrees "after the last item" 12 0
keys q
expect_exit "and labeling ends normally again" 0

tui_start a3 80 24 label u.stet --as ana
expect_screen "a start with nothing left says so, with the same counts" \
	'^ nothing is left for you to label' '^ 12 done · 0 left '
step "g goes to an item by position, and the position shows" g -- 'go to item'
step "typing 7 and Enter" 7 Enter -- ' item u07 ' '^ at 7 / 12 · 12 done · 0 left '
keys q
expect_exit "and ends" 0

# A break reminder (after a second here) is on the message line when
# the last item is labeled: the end of the queue is what shows.
items_jsonl 3 r > r.jsonl
"$STET" init r.stet --labels SPAM,HAM >/dev/null
"$STET" import r.stet r.jsonl >/dev/null
TUI_ENV="STET_BREAK=1s" tui_start b 80 24 label r.stet --as ana
expect_screen "the break reminder shows" 'A short break keeps the labels good'
step "three labels reach the end of the queue" 1 1 1 -- \
	'^ saved SPAM \(that was the last item\)$' '^ 3 done · 0 left '
keys q
expect_exit "and labeling ends" 0

done_testing
