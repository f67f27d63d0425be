#!/bin/sh
# stet review on a failing disk (tests/faults/screen.sh walks every
# write and flush of a lead's session: open, a decision, its undo, two
# decisions, a pause that flushes, quit). Wherever the fault falls, a
# decision it stops says "not saved:" with the project and the error
# and records nothing, and the same key then decides; a session that
# cannot open or end says so in one line and exits 1; and the project
# then verifies and holds every decision the screen said was saved,
# once, and nothing else.
. "$srcdir/tests/tui/lib.sh"
. "$srcdir/tests/faults/lib.sh"

items_jsonl 3 t > items.jsonl
"$STET" init base.stet --labels POSITIVE,NEGATIVE >/dev/null
"$STET" import base.stet items.jsonl >/dev/null
# Two annotators who disagree on every item.
for who in ana:POSITIVE bo:NEGATIVE; do
	for i in 1 2 3; do
		printf '{"item": "t0%d", "annotator": "%s", "label": "%s", "time": "2026-01-02T10:00:0%dZ"}\n' \
			"$i" "${who%%:*}" "${who#*:}" "$i"
	done
done > ann.jsonl
"$STET" import-annotations base.stet ann.jsonl >/dev/null

expected='t01 adjudicate POSITIVE
t01 undo
t01 adjudicate NEGATIVE
t02 adjudicate POSITIVE'

# The lead's events, as `stet log` shows them.
actions() {
	"$STET" log p.stet | awk '$4 == "annotator=root" { sub(/^item=/, "", $5); print $5, $6, ($6 == "undo" ? "" : $7) }' |
		sed 's/ $//'
}

. "$srcdir/tests/faults/screen.sh"

WALK_CMD=review
WALK_FIRST=' item t01 '
WALK_KEPT=decision
walk_keys() {
	act 1 '^ saved decision POSITIVE$' 1 &&
		act u '^ saved undo of the decision$' 2 &&
		act 2 '^ saved decision NEGATIVE$' 3 &&
		act 1 '^ saved decision POSITIVE$' 4
}
walk_screen

done_testing
