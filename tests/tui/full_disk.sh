#!/bin/sh
# stet label on a full disk: a label that cannot be written is said to
# be not saved, the item stays on screen, stet goes on, and quits with
# one line saying nothing was written; the project holds nothing of it.
# With room again, the same key saves. Needs root to mount a small tmpfs; skipped elsewhere.
. "$srcdir/tests/tui/lib.sh"

mkdir full
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=512k tmpfs full 2>/dev/null; then
	echo "1..0 # SKIP a full disk needs root to mount a small tmpfs"
	exit 0
fi
trap 'tm kill-server >/dev/null 2>&1; umount "$SCRATCH/full" 2>/dev/null; rm -rf "$SCRATCH"' EXIT

items_jsonl 3 t > items.jsonl
"$STET" init full/p.stet --labels POSITIVE,NEGATIVE >/dev/null
"$STET" import full/p.stet items.jsonl >/dev/null
cat /dev/zero > full/fill 2>/dev/null

tui_start s1 100 30 label full/p.stet
expect_screen "the label screen opens on a full disk" ' item t01 ' '1 POSITIVE +2 NEGATIVE'
step "a label that cannot be written is not saved, and says why" 1 -- \
	'not saved: full/p\.stet: commit: .*(no space left on device|is the disk full).*nothing was written' \
	' item t01 '
keys q
# Quitting writes the session's end, which cannot be written either.
expect_exit "stet quits with exit status 1" 1
expect_match "saying in one line that the session's end was not written, and what was saved is kept" \
	'^stet: label: the session.s end was not recorded \(every label shown as saved is kept\): full/p\.stet: commit: .*(no space left on device|is the disk full).*; nothing was written$' "$ERR"
run_stet export full/p.stet --format jsonl
expect_eq "the project holds no label" 0 "$(grep -c '"labels"' "$SCRATCH/.stdout")"
run_stet verify full/p.stet
expect_rc "and verifies" 0

rm full/fill
tui_start s2 100 30 label full/p.stet
expect_screen "with room again, the screen opens" ' item t01 '
step "the same key saves" 1 -- '^ saved POSITIVE$' ' item t02 '
keys q
expect_exit "and stet quits" 0
run_stet export full/p.stet --format jsonl
expect_eq "the one label is in the project" 1 "$(grep -c '"labels"' "$SCRATCH/.stdout")"

done_testing
