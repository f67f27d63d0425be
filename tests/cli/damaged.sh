#!/bin/sh
# A damaged project file never crashes stet. A file cut short (at a page
# boundary or inside a page) or with damaged meta pages or list of
# databases is refused by every command at open, in one line naming the
# file, with exit status 1, the file unchanged and no lock file made. A
# damaged item record whose length sends LMDB's reads past the map is
# caught as a fault: one line, exit status 1; stet verify reads every
# page in a child process and names the database, page and key. A
# changed byte of an item's text is found by verify.
#
# The offsets are LMDB 0.9's on a 64-bit host, pages of 4096 bytes: a
# meta page is a 16-byte page header, then the magic (16), data format
# (20), map address (24) and size (32), the free-page tree (40..87), the
# main tree (88..135, its root page at 128), the last page in use (136)
# and the transaction (144).
. "$srcdir/tests/cli/lib.sh"

PY=/usr/bin/python3
"$PY" "$srcdir/tests/cli/damage.py" corpus . 40
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import-annotations p.stet ann.jsonl >/dev/null
SIZE=$(wc -c < p.stet)
COMMANDS="info verify export log agree stats"

# word FILE OFFSET: the 8-byte little-endian word at OFFSET.
word() {
	"$PY" -c 'import sys; d = open(sys.argv[1], "rb").read(); print(int.from_bytes(d[int(sys.argv[2]):int(sys.argv[2]) + 8], "little"))' "$1" "$2"
}

# set_word FILE OFFSET VALUE: writes VALUE there as such a word.
set_word() {
	"$PY" -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(int(sys.argv[2])); f.write(int(sys.argv[3]).to_bytes(8, "little"))' "$1" "$2" "$3"
}

# xor_byte FILE OFFSET MASK
xor_byte() {
	"$PY" -c 'import sys; f = open(sys.argv[1], "r+b"); o = int(sys.argv[2]); f.seek(o); b = f.read(1)[0]; f.seek(o); f.write(bytes([b ^ int(sys.argv[3])]))' "$1" "$2" "$3"
}

# The meta page in use: the one with the higher transaction.
if [ "$(word p.stet 144)" -gt "$(word p.stet 4240)" ]; then
	CUR=0
else
	CUR=4096
fi
PAGES=$(( $(word p.stet $((CUR + 136))) + 1 ))
expect_eq "the project's pages in use fill its file" "$SIZE" $((PAGES * 4096))

# refused "what" FILE REGEX: every command refuses FILE with exit
# status 1 and one line on stderr matching REGEX after "stet: CMD: ",
# leaving the file as it was and making no lock file.
refused() {
	sum=$(cksum < "$2")
	bad=
	for cmd in $COMMANDS; do
		run_stet "$cmd" "$2"
		if [ "$RC" -ne 1 ] || [ -n "$OUT" ] ||
		    [ "$(printf '%s\n' "$ERR" | wc -l)" -ne 1 ] ||
		    ! printf '%s\n' "$ERR" | grep -Eq -- "^stet: $cmd: $3\$"; then
			bad="$bad $cmd (status $RC: $ERR)"
		fi
	done
	expect_eq "$1: every command refuses it in one line" "" "$bad"
	expect_eq "$1: the file is unchanged" "$sum" "$(cksum < "$2")"
	if [ -e "$2-lock" ]; then
		not_ok "$1: no lock file is made"
	else
		ok "$1: no lock file is made"
	fi
}

# --- cut short ---------------------------------------------------------
head -c $((SIZE / 2)) p.stet > half.stet
refused "cut in half, at a page boundary" half.stet \
	"half\\.stet is damaged \\(the file is $((SIZE / 2)) bytes but its pages in use take $SIZE: it was cut short\\)"
head -c $((SIZE / 2 + 1000)) p.stet > odd.stet
refused "cut inside a page" odd.stet \
	"odd\\.stet is damaged \\(the file is $((SIZE / 2 + 1000)) bytes but its pages in use take $SIZE: it was cut short\\)"
head -c $((SIZE - 4096)) p.stet > last.stet
refused "its last page cut off" last.stet \
	"last\\.stet is damaged \\(the file is $((SIZE - 4096)) bytes but .*cut short\\)"
head -c 200 p.stet > meta1.stet
refused "cut in its first page" meta1.stet \
	"meta1\\.stet is damaged \\(the file is 200 bytes, cut short in its meta page 1\\)"

# --- the meta pages ----------------------------------------------------
cp p.stet magic.stet
xor_byte magic.stet 16 1
refused "meta page 0's magic number" magic.stet \
	"magic\\.stet is damaged \\(meta page 0: its magic number is wrong\\)"

cp p.stet magic1.stet
xor_byte magic1.stet 4112 1
refused "meta page 1's magic number" magic1.stet \
	"magic1\\.stet is damaged \\(meta page 1: its magic number is wrong\\)"

cp p.stet txn.stet
xor_byte txn.stet $((CUR + 144 + 5)) 1
refused "a transaction number" txn.stet \
	"txn\\.stet is damaged \\(the meta pages hold transactions [0-9]+ and [0-9]+\\)"

cp p.stet last_pg.stet
set_word last_pg.stet $((CUR + 136)) $((PAGES + 10))
refused "the last page in use" last_pg.stet \
	"last_pg\\.stet is damaged \\(.*\\)"

cp p.stet root.stet
set_word root.stet $((CUR + 128)) $((PAGES + 3))
refused "the main tree's root past the pages in use" root.stet \
	"root\\.stet is damaged \\(meta page [01]: the main tree's root is page $((PAGES + 3)), of $PAGES in use\\)"

cp p.stet root2.stet
set_word root2.stet $((CUR + 128)) 2
refused "the main tree's root on another page" root2.stet \
	"root2\\.stet is damaged \\(the main database (holds [0-9]+ records on [0-9]+ pages, not the [0-9]+ on [0-9]+ its meta page counts|'s page 2 is not of its level)\\)"

# --- a record that sends reads past the map ----------------------------
# Item 8 (r7): its node in the items database is the 16-bit data size,
# flags and key size (8), then its 8-byte id; the record follows. A data
# size of 4 GiB sends every read of its value past the map.
"$PY" - p.stet far.stet <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
text = d.find(b"Item 7 says")
key = d.rfind(b"\x08\x00" + (8).to_bytes(8, "big"), text - 200, text)
assert text > 0 and key > 0, "item r7's node not found"
node = key - 6
d[node + 2:node + 4] = b"\xff\xff"
open(sys.argv[2], "wb").write(d)
PY
run_stet verify far.stet
expect_rc "verify of a record read past the map: status 1" 1
expect_match "verify names the items database, its page and the key" \
	'^damaged   the items database, page [0-9]+: a read faulted in the value of key 8$' "$OUT"
expect_match "and says it on stderr" \
	'^stet: verify: far\.stet is damaged \(the items database, page [0-9]+: a read faulted in the value of key 8\)$' "$ERR"
run_stet verify far.stet --format json
expect_match "verify --format json: the damage" \
	'^\{"ok":false,"damaged":"the items database, page [0-9]+: a read faulted in the value of key 8"\}$' "$OUT"
run_stet export far.stet
expect_rc "export of it: status 1" 1
expect_eq "export: one line, the file and the item named" \
	"stet: export: far.stet is damaged (item 8: its record does not decode)" "$ERR"

# The same node marked as holding duplicates, which no database of
# stet's has: LMDB follows a cursor for them that does not exist, and
# faults on its null pointer.
"$PY" - p.stet dup.stet <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
text = d.find(b"Item 7 says")
key = d.rfind(b"\x08\x00" + (8).to_bytes(8, "big"), text - 200, text)
assert text > 0 and key > 0, "item r7's node not found"
d[key - 2] |= 0x04
open(sys.argv[2], "wb").write(d)
PY
for cmd in export; do
	run_stet $cmd dup.stet
	expect_rc "$cmd of a node LMDB faults on: status 1" 1
	expect_eq "$cmd: one line, the file named" \
		"stet: $cmd: dup.stet is damaged (a read of the file faulted; stet verify says where)" \
		"$ERR"
done
run_stet verify dup.stet
expect_rc "verify of it: status 1" 1
expect_match "verify names the items database, its page and the key before" \
	'^stet: verify: dup\.stet is damaged \(the items database, page [0-9]+: a read faulted (after|in the value of) key [78]\)$' "$ERR"

# --- a page LMDB stops on ------------------------------------------------
# A leaf page marked as a branch (page flags at byte 10 of the page: 2
# a leaf, 1 a branch): a cursor that reaches it from its neighbour finds
# its assertion false and LMDB would abort. Every leaf page in turn; on
# at least one (the second of the events database) LMDB stops.
"$PY" - p.stet <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
for p in range(2, len(d) // 4096):
    if int.from_bytes(d[p * 4096 + 10:p * 4096 + 12], "little") == 2:
        x = bytearray(d)
        x[p * 4096 + 10] = 1
        open("leaf%d.stet" % p, "wb").write(x)
PY
stopped=0 crashed=
for f in leaf*.stet; do
	for cmd in log verify; do
		run_stet $cmd "$f"
		case $RC in
		0|1) ;;
		*) crashed="$crashed $cmd $f ($RC: $ERR)" ;;
		esac
		case $ERR in
		"stet: $cmd: $f is damaged ("*"LMDB stopped"*": mdb.c:"*"Assertion"*")") stopped=$((stopped + 1)) ;;
		esac
	done
done
expect_eq "a leaf page marked as a branch: no command aborts" "" "$crashed"
if [ "$stopped" -gt 0 ]; then
	ok "where LMDB stops, one line says the file is damaged ($stopped runs)"
else
	not_ok "where LMDB stops, one line says the file is damaged" "no run said LMDB stopped"
fi

# --- a changed byte of an item's text ------------------------------------
cp p.stet text.stet
"$PY" - text.stet <<'PY'
import sys
f = open(sys.argv[1], "r+b")
d = f.read()
at = d.find(b"Item 7 says")
f.seek(at + 5)
f.write(b"8")
PY
run_stet verify text.stet
expect_rc "verify of an item whose text changed: status 1" 1
expect_eq "the item is named" \
	"item      item r7 (8): its content no longer matches the hash stored with it" \
	"$(printf '%s\n' "$OUT" | head -n 1)"
expect_eq "the summary line" "stet: verify: text.stet: 1 fault: item" "$ERR"
run_stet verify p.stet
expect_rc "the project itself verifies" 0

done_testing
