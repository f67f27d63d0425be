#!/bin/sh
# stet salvage rebuilds a project from what a damaged copy still holds:
# every event whose record reads and which the hash chain does not
# disown, and nothing else. Copies are damaged where lmdb_pages.py finds
# the records in the file (a byte of one event, a whole page of events,
# an item's text, cuts at and between page boundaries, bytes set at
# random in pages of the log, by salvage_flips.py), and the new
# project's log is compared with the original's, event for event.
. "$srcdir/tests/cli/lib.sh"

PAGES="/usr/bin/python3 $srcdir/tests/cli/lmdb_pages.py"

# 300 items, each labeled by ana and bo: 600 events in one import, ana's
# first (import-annotations writes a file's records in order).
/usr/bin/python3 -c '
import json
with open("items.jsonl", "w") as f:
    for i in range(300):
        print(json.dumps({"id": "k%03d" % i, "text": "item %d of the salvage test" % i}), file=f)
with open("ann.jsonl", "w") as f:
    for a in ("ana", "bo"):
        for i in range(300):
            print(json.dumps({"item": "k%03d" % i, "annotator": a, "label": "ABC"[(i + len(a)) % 3]}), file=f)
'
"$STET" init p.stet --labels A,B,C >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import-annotations p.stet ann.jsonl >/dev/null

# log_lines P: P's log without event ids (a salvage numbers them anew).
log_lines() {
	"$STET" log "$1" | sed 's/ #[0-9]* / /'
}
log_lines p.stet > orig.log
expect_eq "the original log has 600 events" 600 "$(wc -l < orig.log | tr -d ' ')"

# without IDS...: orig.log without the lines of those event ids.
without() {
	awk -v ids=" $* " 'index(ids, " " NR " ") == 0' orig.log
}

# ---- an intact project ----
run_stet salvage p.stet whole.stet
expect_rc "salvage of an intact project succeeds" 0
expect_match "it says nothing was lost" '^  nothing lost$' "$OUT"
log_lines whole.stet > whole.log
expect_file "its log is the original's" orig.log whole.log
"$STET" export p.stet --annotations > a1.jsonl
"$STET" export whole.stet --annotations > a2.jsonl
expect_file "its annotations are the original's" a1.jsonl a2.jsonl
run_stet verify whole.stet
expect_rc "stet verify passes on it" 0
expect_match "with the same head: the same chain" \
	"$("$STET" verify p.stet | sed 's/.*head //')" "$OUT"

# ---- refusals ----
run_stet salvage p.stet whole.stet
expect_rc "an existing new project is refused" 1
expect_match "naming it" 'whole\.stet: already exists' "$ERR"
run_stet log whole.stet
expect_eq "and left as it was" 600 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
run_stet salvage nowhere.stet n.stet
expect_rc "a missing file is refused" 1
[ ! -e n.stet ] && ok "and nothing is made" || not_ok "and nothing is made"
echo 'not a project' > junk.stet
run_stet salvage junk.stet n.stet
expect_rc "a file that is not a project is refused" 1
[ ! -e n.stet ] && ok "and nothing is made for it" || not_ok "and nothing is made for it"
run_stet salvage p.stet
expect_rc "no new project named is a usage error" 2

# ---- one byte of one event ----
cp p.stet flip.stet
set -- $($PAGES value flip.stet events 250)
# The byte in the middle of event 250's record.
printf '\377' | dd of=flip.stet bs=1 seek=$(($1 + $2 / 2)) conv=notrunc 2>/dev/null
run_stet salvage flip.stet flip.new
expect_rc "salvage of a copy with one event's byte changed succeeds" 0
expect_match "it says one event is lost" '^  lost: 1 event, 0 items$' "$OUT"
log_lines flip.new > flip.log
without 250 > want.log
expect_file "every event but 250 is kept, in order" want.log flip.log
run_stet verify flip.new
expect_rc "stet verify passes on the new project" 0

# ---- a whole page of events ----
cp p.stet page.stet
# A leaf in the middle of the log, overwritten with 0xff.
set -- $($PAGES leaves page.stet events | sed -n 4p)
pg=$1
shift
# The page's events, and the one before them, whose next event is lost
# and cannot vouch for it.
lost="$(($1 - 1)) $*"
set -- $lost
dd if=/dev/zero bs=4096 count=1 2>/dev/null | tr '\0' '\377' |
	dd of=page.stet bs=4096 seek="$pg" conv=notrunc 2>/dev/null
run_stet salvage page.stet page.new
expect_rc "salvage of a copy with a page of events wrecked succeeds" 0
expect_match "it says the page's events and the one before are lost ($#)" "^  lost: $# events, 0 items\$" "$OUT"
log_lines page.new > page.log
without $lost > want.log
expect_file "every other event is kept" want.log page.log
run_stet verify page.new
expect_rc "stet verify passes on it" 0

# ---- an item's text ----
cp p.stet item.stet
set -- $($PAGES value item.stet items 7)
printf 'Z' | dd of=item.stet bs=1 seek=$(($1 + $2 - 3)) conv=notrunc 2>/dev/null
run_stet salvage item.stet item.new
expect_rc "salvage of a copy with an item's text changed succeeds" 0
expect_match "it keeps 299 items and names 1 damaged" '^  items: 299 kept, 1 damaged$' "$OUT"
expect_match "it loses the item's 2 events with it" \
	'2 on items lost' "$OUT"
run_stet export item.new --annotations
expect_eq "no annotation names the item" 0 \
	"$(printf '%s\n' "$OUT" | grep -c '"item":"k006"')"
run_stet verify item.new
expect_rc "stet verify passes on it" 0

# ---- cut short ----
# At a page boundary where settings, team, sessions and items are whole
# and some events are not, and 1000 bytes further (inside a page).
cut=$($PAGES cuts p.stet events | sed -n 3p)
set -- $cut
if [ -n "$cut" ]; then
	ok "lmdb_pages.py finds a cut that leaves $2 of $3 events ($1 bytes)"
else
	not_ok "lmdb_pages.py finds a cut that leaves some of the events"
	set -- 0 0 0
fi
for size in "$1" $(($1 + 1000)); do
	cp p.stet cut.stet
	truncate -s "$size" cut.stet
	rm -f cut.new
	run_stet salvage cut.stet cut.new
	expect_rc "salvage of a copy cut at $size bytes succeeds" 0
	$PAGES reachable p.stet events "$size" > reach.ids
	log_lines cut.new > cut.log
	# Every reachable event's line (whose next is reachable too, or
	# the last) is in the new log, and every line of it is the
	# original's, in the original order.
	if /usr/bin/python3 - orig.log cut.log reach.ids <<'EOF'
import sys
orig = open(sys.argv[1]).read().splitlines()
got = open(sys.argv[2]).read().splitlines()
reach = [int(x) for x in open(sys.argv[3]).read().split()]
at, kept = 0, set()
for line in got:
    while at < len(orig) and orig[at] != line:
        at += 1
    if at == len(orig):
        sys.exit("not an original event in order: " + line)
    kept.add(at + 1)
    at += 1
# The last event before the cut is kept as the head of what was read.
missing = [i for i in reach if i not in kept and (i + 1 in reach or i == max(reach))]
if missing:
    sys.exit("reachable events not kept: %s" % missing[:10])
EOF
	then
		ok "at $size bytes every reachable event ($(wc -l < reach.ids | tr -d ' ')) is kept, and only original events ($(wc -l < cut.log | tr -d ' '))"
	else
		not_ok "at $size bytes every reachable event is kept, and only original events"
	fi
	run_stet verify cut.new
	expect_rc "stet verify passes on what was made of it" 0
done

# ---- bytes set at random in pages of the log ----
# 16 copies, seeded: see salvage_flips.py for what each must satisfy.
if /usr/bin/python3 "$srcdir/tests/cli/salvage_flips.py" "$STET" p.stet 14 16 > flips.out; then
	ok "16 copies with bytes set at random in event pages: salvage never fails, verify passes, only original events, every intact one"
else
	not_ok "16 copies with bytes set at random in event pages" "$(cat flips.out)"
fi

done_testing
