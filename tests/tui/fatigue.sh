#!/bin/sh
# The break reminder of stet label speaks up when stet stats would call
# the session tired. Keys sent by a script come far faster than anyone
# reads, so the first reminder names the reading floor; a long run of
# one label planted after a balanced start, in a shuffled order, is
# perseveration to stet stats. STET_FATIGUE_EVERY=60 has the verdict
# asked right after the 60th label, before the screen that follows is
# drawn, so what that screen shows does not depend on pauses; the
# reminder shows the first reason, and items not read come before the
# tests, whose verdict on a script's pace depends on the machine's load.
. "$srcdir/tests/tui/lib.sh"

items_jsonl 130 f > items.jsonl
"$STET" init p.stet --labels A,B,C >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

TUI_ENV="STET_BREAK=0 STET_FATIGUE_EVERY=60" tui_start f 250 30 label \
	p.stet --as ana --order shuffled --seed 3
wait_for ' 0 done · 130 left '
# Each phase is typed in one go.
set --
i=0
while [ $i -lt 20 ]; do
	set -- "$@" 1 2 3
	i=$((i + 1))
done
keys "$@"
# 20 x "1 2 3" is 60 labels: the verdict on them comes
# before the next item is drawn.
# Each item is 7 words, 0.42 s at 1000 words a minute; a script's keys
# take milliseconds.
expect_screen "labels faster than reading bring the reminder, with the reason" \
	' 60 done · 70 left ' \
	'This session shows fatigue \(.*[0-9]+ of [0-9]+ items labeled faster than 1000' 'break\?'
if screen_has 'perseveration'; then
	not_ok_screen "a balanced start is not called perseveration"
else
	ok "a balanced start is not called perseveration"
fi
set --
i=0
while [ $i -lt 45 ]; do
	set -- "$@" 1
	i=$((i + 1))
done
keys "$@"
# 60 + 45 = 105 labels.
wait_for ' 105 done · 25 left '
keys q
expect_exit "and labeling ends normally" 0
"$STET" stats p.stet --format json > stats.json
# The longest run is the 45 ones typed after the balanced start (which
# ends in 3), so exactly 45.
if /usr/bin/python3 -c '
import json, sys
s = json.load(open("stats.json"))["sessions"][-1]
sys.exit(0 if s["fatigue"] and s["longest_run"] == 45 and
         any("perseveration" in r for r in s["reasons"]) else 1)'; then
	ok "stet stats calls the run in a shuffled order perseveration"
else
	not_ok "stet stats calls the run in a shuffled order perseveration" "$(cat stats.json)"
fi

done_testing
