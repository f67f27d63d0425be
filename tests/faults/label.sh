#!/bin/sh
# stet label on a failing disk (tests/faults/screen.sh walks every
# write and flush of a session: open, a label, a skip, the undo of the
# skip, another label, a pause that flushes, quit). Wherever the fault
# falls:
# - an action it stops says "not saved:" (or "not undone:") with the
#   project and the error, keeps the item on screen, records nothing,
#   and the same key then saves;
# - a failed flush says so with the project and the error, and stet
#   goes on;
# - a session that cannot open, or whose end cannot be recorded, ends
#   with exit status 1 and one line naming the project and the error;
# - the project then verifies and holds every action the screen said
#   was saved, once, and nothing else.
. "$srcdir/tests/tui/lib.sh"
. "$srcdir/tests/faults/lib.sh"

items_jsonl 4 t > items.jsonl
"$STET" init base.stet --labels POSITIVE,NEGATIVE >/dev/null
"$STET" import base.stet items.jsonl >/dev/null

# What the project must hold after the session, whatever failed on the
# way: the actions of `stet log`, in order.
expected='t01 label POSITIVE
t02 skip
t02 undo
t02 label NEGATIVE'

actions() {
	"$STET" log p.stet | awk '{ sub(/^item=/, "", $5); print $5, $6, ($6 == "label" ? $7 : "") }' |
		sed 's/ $//'
}

. "$srcdir/tests/faults/screen.sh"

WALK_CMD=label
WALK_FIRST=' item t01 '
WALK_KEPT=label
walk_keys() {
	act 1 '^ saved POSITIVE$' 1 &&
		act Space '^ saved skip$' 2 &&
		act u '^ saved undo of the skip$' 3 &&
		act 2 '^ saved NEGATIVE$' 4
}
walk_screen

done_testing
