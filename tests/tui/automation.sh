#!/bin/sh
# What the suggestions did, end to end: ana labels three items with a
# model's suggestion on screen and three with it hidden
# (--suggest-rate 0), and stet agree counts what she took and what she
# would have agreed with anyway.
. "$srcdir/tests/tui/lib.sh"

i=1
while [ $i -le 6 ]; do
	printf '{"id": "r%d", "text": "Sentence number %d."}\n' $i $i
	printf '{"item": "r%d", "label": "POS", "score": 0.9}\n' $i >> pred.jsonl
	i=$((i + 1))
done > items.jsonl
"$STET" init p.stet --labels POS,NEG >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import-predictions p.stet --model m pred.jsonl >/dev/null

title_has() {
	line_has 0 " $1 "
}

# Shown: Enter takes POS on r1 and r2, 2 gives r3 NEG.
tui_start a 100 24 label p.stet --as ana --suggest m
wait_until title_has r1
keys Enter
wait_until title_has r2
keys Enter
wait_until title_has r3
keys 2
wait_until title_has r4
keys q
expect_exit "the session with suggestions ends" 0
# Hidden: POS on r4 (what the model says), NEG on r5 and r6.
tui_start b 100 24 label p.stet --as ana --suggest m --suggest-rate 0
wait_until title_has r4
keys 1
wait_until title_has r5
keys 2
wait_until title_has r6
keys 2
wait_for 'that was the last item|nothing is left'
keys q
expect_exit "the session with them hidden ends" 0

"$STET" agree p.stet --format json > agree.json
# Shown 3, taken 2; hidden 3, agreeing with the model 1: 2/3 against
# 1/3, a difference of 1/3.
expect_eq "stet agree counts the suggestions taken and the model's pull" \
	"3 2 0.6667 3 0.3333 0.3333" \
	"$(/usr/bin/python3 -c '
import json
a = json.load(open("agree.json"))["automation"]["annotators"]["ana"]
print(a["suggestions_shown"], a["accepted"], "%.4f" % a["acceptance"],
      a["suggestions_hidden"], "%.4f" % a["model_agreement_hidden"],
      "%.4f" % a["difference"])')"
run_stet agree p.stet
expect_rc "stet agree's text form" 0
expect_match "and says it in words" \
	'^ana accepted 67% of the suggestions shown \(2 of 3\); with the suggestion hidden, ana agreed with the model 33% of the time \(1 of 3\)$' \
	"$OUT"
done_testing
