#!/bin/sh
# The break reminder of stet label speaks up when stet stats would call
# the session tired: here a long run of one label, planted after a
# balanced start (the verdict is asked for every 50 labels).
. "$srcdir/tests/tui/lib.sh"

items_jsonl 130 f > items.jsonl
"$STET" init p.stet --labels A,B,C >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

TUI_ENV="STET_BREAK=0" tui_start f 100 30 label p.stet --as ana
wait_for ' 1 / 130 '
i=0
while [ $i -lt 20 ]; do
	keys 1 2 3
	i=$((i + 1))
done
wait_for ' 61 / 130 '
if screen_has 'fatigue'; then
	not_ok_screen "a balanced start is not called tired"
else
	ok "a balanced start is not called tired"
fi
i=0
while [ $i -lt 45 ]; do
	keys 1
	i=$((i + 1))
done
# Under load the pace may be the first reason given; any will do.
expect_screen "a run of one label brings the reminder, with its reason" \
	'This session shows fatigue \(' 'break\?'
keys q
expect_exit "and labeling ends normally" 0
"$STET" stats p.stet --format json > stats.json
if /usr/bin/python3 -c '
import json, sys
s = json.load(open("stats.json"))["sessions"][-1]
sys.exit(0 if s["fatigue"] and s["longest_run"] >= 45 else 1)'; then
	ok "stet stats gives the same verdict"
else
	not_ok "stet stats gives the same verdict" "$(cat stats.json)"
fi

done_testing
