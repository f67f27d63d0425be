#!/bin/sh
# stet label on a damaged project never crashes: a file cut short is
# refused before the screen starts; an item record LMDB faults on is
# caught with the screen up, and the terminal is put back (main screen,
# keypad, cursor) before the one line that says the file is damaged.
. "$srcdir/tests/tui/lib.sh"

PY=/usr/bin/python3
"$PY" "$srcdir/tests/cli/damage.py" corpus . 40
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
SIZE=$(wc -c < p.stet)
head -c $((SIZE / 2)) p.stet > half.stet

tui_start cut 80 24 label half.stet --as ana
expect_exit "a file cut short: exit status 1" 1
expect_eq "one line says so" \
	"stet: label: half.stet is damaged (the file is $((SIZE / 2)) bytes but its pages in use take $SIZE: it was cut short)" "$ERR"

# Item r0 is the first served. Its node in the items database (data
# size, flags, key size 8, its 8-byte id) marked as holding duplicates,
# which no database of stet's has: LMDB faults reading it.
"$PY" - p.stet dup.stet <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
text = d.find(b"Item 0 says")
key = d.rfind(b"\x08\x00" + (1).to_bytes(8, "big"), text - 200, text)
assert text > 0 and key > 0, "item r0's node not found"
d[key - 2] |= 0x04
open(sys.argv[2], "wb").write(d)
PY
tui_start dup 80 24 label dup.stet --as ana
expect_exit "a record LMDB faults on: exit status 1" 1
expect_eq "one line says the file is damaged" \
	"stet: label: dup.stet is damaged (a read of the file faulted; stet verify says where)" \
	"$(printf '%s\n' "$ERR" | tr -d '\r' | grep -v '^$')"
# (tmux reports no cursor in a pane whose program has ended: the
# cursor cannot be checked here.)
expect_eq "the terminal is back on its main screen" 0 "$(pane '#{alternate_on}')"
expect_eq "and its keypad in normal mode" 0 "$(pane '#{keypad_flag}')"

done_testing
