#!/bin/sh
# stet verify: a project made by stet verifies and names its head; an
# event edited in the file behind stet's back is found at that event;
# files that are not projects fail cleanly.
. "$srcdir/tests/cli/lib.sh"

D="$TESTDATA/audit"
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet "$D/items.jsonl" >/dev/null
"$STET" import-annotations p.stet "$D/annotations.jsonl" >/dev/null

sum_before=$(cksum < p.stet)
run_stet verify p.stet
expect_rc "a project made by stet verifies" 0
expect_match "one line: events, chain, derived state and head" \
	'^6 events, hash chain intact, derived state matches; head [0-9a-f]{16}$' "$OUT"
expect_eq "nothing on standard error" "" "$ERR"
expect_eq "verify writes nothing to the project" "$sum_before" "$(cksum < p.stet)"
head1=${OUT##* }

run_stet verify p.stet --format json
expect_rc "--format json" 0
expect_match "JSON: ok, events, head and no findings" \
	"^\\{\"ok\":true,\"events\":6,\"last_event\":6,\"head\":\"$head1\",\"faults\":0,.*\"findings\":\\[\\]\\}\$" "$OUT"

# A new event moves the head: a lead who noted it sees the log grew.
printf '%s\n' '{"item": "r3", "annotator": "carol", "label": "POSITIVE", "session": "c-1", "time": "2026-11-04T08:00:00Z"}' >more.jsonl
"$STET" import-annotations p.stet more.jsonl >/dev/null
run_stet verify p.stet
expect_rc "still verifies after another import" 0
expect_match "7 events" '^7 events, hash chain intact' "$OUT"
if [ "${OUT##* }" != "$head1" ]; then
	ok "the head names the last event"
else
	not_ok "the head names the last event" "same head $head1 after a new event"
fi

run_stet init empty.stet --labels A,B
run_stet verify empty.stet
expect_rc "a project without events verifies" 0
expect_eq "no events, no head" \
	"0 events, hash chain intact, derived state matches; head none" "$OUT"

# Event 4 (bob's NEUTRAL for r2, replaced by event 5) gets another
# time, by patching its 8 big-endian time bytes in the file: LMDB keeps
# values as they are, and no other record holds that time (pages an
# earlier transaction left behind may hold old copies: all are patched).
cp p.stet edited.stet
/usr/bin/python3 - edited.stet <<'PY'
import sys, datetime
t = datetime.datetime(2026, 11, 2, 11, 0, 2, tzinfo=datetime.timezone.utc)
ms = int(t.timestamp() * 1000).to_bytes(8, "big")
data = bytearray(open(sys.argv[1], "rb").read())
at = data.find(ms)
assert at > 0, "time not found"
while at >= 0:
    data[at + 7] ^= 1
    at = data.find(ms, at + 8)
open(sys.argv[1], "wb").write(data)
PY
run_stet verify edited.stet
expect_rc "an edited event fails verification" 1
expect_eq "the finding names the edited event" \
	"chain     event 4: its record no longer matches the hash event 5 holds" \
	"$(printf '%s\n' "$OUT" | head -n 1)"
expect_match "the summary gives the first event of each kind" \
	'^  chain +1, first at event 4$' "$OUT"
expect_eq "one line on standard error" \
	"stet: verify: edited.stet: 1 fault: chain from event 4" "$ERR"
run_stet verify edited.stet --format json
expect_rc "JSON: exit 1 as well" 1
expect_match "JSON: the finding" \
	'"ok":false,.*"findings":\[\{"kind":"chain","event":4,"message":"event 4: its record no longer matches the hash event 5 holds"\}\]' "$OUT"
run_stet log edited.stet --item r2 --annotator bob
expect_match "log shows the edited time" '^2026-11-02T11:00:02.001Z #4 ' "$OUT"

run_stet verify missing.stet
expect_rc "a missing file fails" 1
expect_match "and says so" '^stet: verify: missing.stet: No such file' "$ERR"

printf 'not a project\n' >junk.stet
run_stet verify junk.stet
expect_rc "a file that is not a project fails" 1
expect_match "and says so" '^stet: verify: junk.stet: .*not a stet project|^stet: verify: junk.stet: ' "$ERR"

run_stet verify
expect_rc "no project: usage" 2
run_stet verify p.stet --format yaml
expect_rc "an unknown format: usage" 2
expect_match "naming it" "--format takes text or json, not 'yaml'" "$ERR"
run_stet verify p.stet extra
expect_rc "an extra argument: usage" 2

done_testing
