#!/bin/sh
# stet route: the bands of a small project counted by hand, a dry run
# that writes nothing, a run the log, verify, export, info and agree
# see (the model's labels stand, people are owed the rest, the model is
# no person in agreement or stats), the spot checks' accuracy, the undo
# that gives the project back byte for byte, and every bad option.
. "$srcdir/tests/cli/lib.sh"

# py EXPR: EXPR over the JSON document on standard input, as d.
py() {
	/usr/bin/python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

for i in 1 2 3 4 5 6 7 8 9 10 11; do
	printf '{"id": "i%s", "text": "item number %s"}\n' "$i" "$i"
done > items.jsonl
printf '{"id": "g1", "text": "a gold item", "label": "POS"}\n' > gold.jsonl
"$STET" init p.stet --labels POS,NEG --overlap 2 >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import p.stet --gold gold.jsonl >/dev/null
"$STET" config p.stet gold_rate 0 >/dev/null
printf '{"item": "i11", "annotator": "ana", "label": "NEG"}\n' > ana.jsonl
"$STET" import-annotations p.stet ana.jsonl >/dev/null

# The top scores, and the band each falls in at A = 0.9, B = 0.6:
#   i1 .95  i2 .95  i3 .99  i4 .9  i10 .92   accept (5; a share 0.2 of
#                                            them, 1, kept as spot check)
#   i5 .7  i6 .6                             one person (2)
#   i7 .3  i8 .5 (its top of two scores)     the overlap (2)
#   i9                                       no prediction (1)
#   i11 .99 (ana labeled it)  g1 .99 (gold)  left as they are
cat > pred.jsonl <<'EOF'
{"item": "i1", "label": "POS", "score": 0.95}
{"item": "i2", "label": "POS", "score": 0.95}
{"item": "i3", "label": "POS", "score": 0.99}
{"item": "i4", "label": "POS", "score": 0.9}
{"item": "i5", "label": "NEG", "score": 0.7}
{"item": "i6", "label": "POS", "score": 0.6}
{"item": "i7", "label": "POS", "score": 0.3}
{"item": "i8", "scores": {"POS": 0.4, "NEG": 0.5}}
{"item": "i10", "label": "NEG", "score": 0.92}
{"item": "i11", "label": "POS", "score": 0.99}
{"item": "g1", "label": "POS", "score": 0.99}
EOF
"$STET" import-predictions p.stet --model m pred.jsonl >/dev/null
ARGS="--model m --accept-above 0.9 --review-below 0.6 --spot-check 0.2"

"$STET" export p.stet > before.jsonl
"$STET" export p.stet --annotations > before_ann.jsonl
run_stet route p.stet $ARGS --dry-run
expect_rc "a dry run succeeds" 0
expect_match "and says it wrote nothing" '^dry run, nothing written: model m version 1' "$OUT"
expect_match "it counts the accepted items" '^  accept +4  labeled by model:m' "$OUT"
expect_match "and the spot checks" '^  spot check +1  ' "$OUT"
run_stet route p.stet $ARGS --dry-run --format json
expect_eq "its JSON counts every band as worked out above" \
	"True None 4 1 2 2 1 1 1 0" \
	"$(printf '%s' "$OUT" | py '" ".join(str(x) for x in (d["dry_run"], d["run"], d["bands"]["accept"], d["bands"]["spot"], d["bands"]["one"], d["bands"]["overlap"], d["labeled"], d["gold"], d["no_prediction"], d["events"]))')"
"$STET" export p.stet > after_dry.jsonl
expect_file "a dry run writes nothing: the export is the same, byte for byte" \
	before.jsonl after_dry.jsonl
run_stet log p.stet
expect_eq "nor an event" 1 "$(printf '%s\n' "$OUT" | grep -c .)"

run_stet route p.stet $ARGS --format json
expect_rc "a run succeeds" 0
expect_eq "run 1 writes one event for each of the 9 items it routes (4 + 1 + 2 + 2)" \
	"1 9 model:m" \
	"$(printf '%s' "$OUT" | py '" ".join(str(x) for x in (d["run"], d["events"], d["annotator"]))')"
run_stet verify p.stet
expect_rc "stet verify passes after a run" 0
run_stet log p.stet
expect_eq "stet log shows the 4 accepted items" 4 \
	"$(printf '%s\n' "$OUT" | grep -c ' route [A-Z]* ms=0 schema=1 routed=accept:')"
expect_match "each with its score, run and the model's version" \
	'annotator=model:m item=i3 route POS ms=0 schema=1 routed=accept:0.99 run=1 version=1$' "$OUT"
expect_match "and the items below A without a label" \
	'item=i7 route ms=0 schema=1 routed=overlap:0.3 run=1 version=1$' "$OUT"
SPOT=$(printf '%s\n' "$OUT" | sed -n 's/.* item=\([a-z0-9]*\) route .*routed=spot:.*/\1/p')
expect_match "one item is a spot check" '^i(1|2|3|4|10)$' "$SPOT"
expect_eq "its JSONL carries the decision" "spot 1" \
	"$("$STET" log p.stet --format jsonl | grep "\"item\":\"$SPOT\"" | py '" ".join(str(x) for x in (d["route"]["band"], d["route"]["run"]))')"

expect_eq "stet export gives the 5 items the model labeled as model:m's" 5 \
	"$("$STET" export p.stet | grep -c '"model:m":')"
expect_eq "and so do the annotation records" 5 \
	"$("$STET" export p.stet --annotations | grep -c '"annotator":"model:m"')"

# What people are owed now: ana labeled i11 (overlap 2, one label), so
# the lead owes the spot check, i5 and i6 (one person each), i7 and i8
# (the overlap), i9 (no prediction) and i11: 7; ana the same but i11: 6.
run_stet info p.stet --format json
expect_eq "stet info counts what each person is owed by the routes, and lists no model" \
	"root:7 ana:6" \
	"$(printf '%s' "$OUT" | py '" ".join("%s:%s" % (r["annotator"], r["left"]) for r in d["progress"])')"
run_stet team p.stet
expect_match "stet team shows the model as automatic" '^model:m +automatic$' "$OUT"
run_stet info p.stet
expect_match "stet info says which run stands" \
	'^routing      run 1 of model:m stands \(stet route --undo takes it back\)$' "$OUT"
expect_eq "and so does its JSON" "1 model:m" \
	"$("$STET" info p.stet --format json | py '"%s %s" % (d["route"]["run"], d["route"]["annotator"])')"

# The spot check, labeled as the model did by bo, and i5 by ana.
MODEL_LABEL=$("$STET" export p.stet | grep "\"id\":\"$SPOT\"" | py 'd["labels"]["model:m"]')
printf '{"item": "%s", "annotator": "bo", "label": "%s"}\n{"item": "i5", "annotator": "ana", "label": "NEG"}\n' \
	"$SPOT" "$MODEL_LABEL" > bo.jsonl
"$STET" import-annotations p.stet bo.jsonl >/dev/null
run_stet agree p.stet --format json
expect_eq "stet agree counts no item of the model's: 3 items have a person's value" 3 \
	"$(printf '%s' "$OUT" | py 'd["items"]')"
expect_eq "and reports the model's accuracy on its spot checks: 1 of 1, Wilson 1/(1+1.96^2) to 1" \
	"1 1 1.0 0.2065 1.0 0" \
	"$(printf '%s' "$OUT" | py '" ".join(str(x) for x in (d["spot_checks"]["model:m"]["checks"], d["spot_checks"]["model:m"]["agree"], d["spot_checks"]["model:m"]["accuracy"], round(d["spot_checks"]["model:m"]["interval"][0], 4), d["spot_checks"]["model:m"]["interval"][1], d["spot_checks"]["model:m"]["waiting"]))')"
expect_eq "and names no model among the annotators" "False" \
	"$(printf '%s' "$OUT" | py '"model:m" in json.dumps({k: v for k, v in d.items() if k != "spot_checks"})')"
run_stet agree p.stet
expect_match "its text says so too" '^  model:m +1 +1 +1\.000  0\.207 to 1\.000 +0$' "$OUT"
run_stet stats p.stet
expect_eq "stet stats shows no routing run as a session" "" \
	"$(printf '%s\n' "$OUT" | grep 'model:m')"

run_stet team p.stet add model:x
expect_rc "no one joins the team under a model's name" 1
expect_match "and the message says why" 'kept for models that label' "$ERR"
run_stet team p.stet add model:m --role lead
expect_rc "nor gives a model a role" 1
printf '{"item": "i1", "annotator": "model:m", "label": "POS"}\n' > mx.jsonl
run_stet import-annotations p.stet mx.jsonl
expect_rc "nor is imported under it" 1
expect_eq "the message names the file and line" \
	'stet: import-annotations: mx.jsonl:1: annotator "model:m" is a model that labels (stet route): no one labels as it' "$ERR"
run_stet clone p.stet mc.stet --for model:m
expect_rc "nor takes a copy as it" 1
expect_match "which the message says" 'model:m is a model that labels \(stet route\) in p\.stet' "$ERR"
run_stet label p.stet --as model:m
expect_rc "nor labels as the model" 1
expect_match "which the message says" 'model:m is a model that labels' "$ERR"

# A copy for offline work keeps the routes: of its 12 items (a copy
# holds no gold, and no one else's labels) it owes cy all but the 4 the
# model accepted; merged back, it brings no decision twice.
run_stet clone p.stet c.stet --for cy --add
expect_rc "a copy is made" 0
expect_eq "the copy's queue leaves the accepted items alone" "cy:8" \
	"$("$STET" info c.stet --format json | py '" ".join("%s:%s" % (r["annotator"], r["left"]) for r in d["progress"] if r["annotator"] == "cy")')"
run_stet verify c.stet
expect_rc "the copy verifies" 0
run_stet merge p.stet c.stet
expect_match "merged back, the copy adds no event" '^0 events merged \(9 already present\)' "$OUT"

# The undo: the people's labels stay; the model's and the routes go.
run_stet route p.stet --undo --format json
expect_rc "--undo takes the run back" 0
expect_eq "all 9 decisions of run 1" "1 9 4 1" \
	"$(printf '%s' "$OUT" | py '" ".join(str(x) for x in (d["undone_run"], d["events"], d["bands"]["accept"], d["bands"]["spot"]))')"
run_stet verify p.stet
expect_rc "stet verify passes after the undo" 0
expect_eq "no label of the model's stands" 0 \
	"$("$STET" export p.stet | grep -c '"model:m":')"
"$STET" export p.stet --annotations | grep -v '"annotator":"bo"' | \
	grep -v '"item":"i5","annotator":"ana"' > after_ann.jsonl
expect_file "and the annotations are those before the run, but the two given since" \
	before_ann.jsonl after_ann.jsonl
run_stet info p.stet --format json
# Every item but gold is owed the overlap again: 11 plain items, the
# lead has labeled none; ana i11 and i5, and bo the spot check.
expect_eq "everyone is owed the overlap again" "root:11 ana:9" \
	"$(printf '%s' "$OUT" | py '" ".join("%s:%s" % (r["annotator"], r["left"]) for r in d["progress"] if r["annotator"] != "bo")')"
expect_eq "stet info: no run stands" "None" \
	"$("$STET" info p.stet --format json | py 'd["route"]')"
run_stet route p.stet --undo
expect_rc "a second undo finds no run" 1
expect_eq "and says so" "stet: route: no stet route run stands to take back" "$ERR"

# A second run, then taken back: the export is the one before it. The
# spot check and i5 have a person's label now, so 7 items are routed.
"$STET" export p.stet > before2.jsonl
run_stet route p.stet $ARGS
expect_match "the text of a run names it and its undo" \
	'^7 routing events written; stet route --undo takes the run back$' "$OUT"
expect_match "it is run 2" '^run 2: model m version 1' "$OUT"
expect_match "and counts the two labeled since as left" '^  labeled +3  ' "$OUT"
run_stet route p.stet --undo
expect_match "its undo names it" '^run 2 of model:m taken back: 7 routing events undone' "$OUT"
"$STET" export p.stet > after2.jsonl
expect_file "after the undo the export is what it was, byte for byte" \
	before2.jsonl after2.jsonl

# Bad options: each a usage error (2), and nothing written.
bad() {
	what=$1
	shift
	run_stet route "$@"
	expect_rc "$what: exit 2" 2
	expect_match "$what: says what" "$MSG" "$ERR"
}
MSG='--accept-above takes a number from 0 to 1'
bad "A above 1" p.stet --model m --accept-above 1.5 --review-below 0.5
MSG='--review-below takes a number from 0 to 1'
bad "B below 0" p.stet --model m --accept-above 0.9 --review-below -0.1
bad "B not a number" p.stet --model m --accept-above 0.9 --review-below x
MSG='is above --accept-above'
bad "B above A" p.stet --model m --accept-above 0.5 --review-below 0.6
MSG='--model NAME says whose'
bad "no model" p.stet --accept-above 0.9 --review-below 0.5
MSG='--accept-above A and --review-below B are both needed'
bad "no A" p.stet --model m --review-below 0.5
bad "no B" p.stet --model m --accept-above 0.5
MSG='--spot-check takes a number from 0 to 1'
bad "a share above 1" p.stet $ARGS --spot-check 2
MSG='--seed takes a number'
bad "a seed not a number" p.stet $ARGS --seed x
MSG='--seed picks the spot checks'
bad "a seed without spot checks" p.stet --model m --accept-above 0.9 --review-below 0.5 --seed 3
MSG='--format takes text or json'
bad "a format not known" p.stet $ARGS --format xml
MSG='--undo takes back the last run as a whole'
bad "--undo with a threshold" p.stet --undo --accept-above 0.9
MSG='--model: '
bad "a model name with @" p.stet --model 'a@b' --accept-above 0.9 --review-below 0.5
MSG='one project at a time'
bad "two projects" p.stet p.stet $ARGS
MSG='no project file given'
bad "no project" $ARGS
run_stet route p.stet --model nosuch --accept-above 0.9 --review-below 0.5
expect_rc "a model the project does not have: exit 1" 1
expect_match "named in the message" 'no model "nosuch" in this project' "$ERR"
"$STET" export p.stet > after_bad.jsonl
expect_file "no bad run wrote anything" before2.jsonl after_bad.jsonl
run_stet verify p.stet
expect_rc "and the project verifies" 0

# A second run of the model that scores i7 alone: each decision names
# the version of the prediction it read, 2 for i7 and still 1 for i6.
printf '{"item": "i7", "label": "POS", "score": 0.95}\n' > pred2.jsonl
"$STET" import-predictions p.stet --model m pred2.jsonl >/dev/null
"$STET" route p.stet $ARGS >/dev/null
run_stet log p.stet
expect_match "i7's decision reads version 2" \
	'item=i7 route POS ms=0 schema=1 routed=(accept|spot):0\.95 run=3 version=2$' "$OUT"
expect_match "and i6's version 1" \
	'item=i6 route ms=0 schema=1 routed=one:0\.6 run=3 version=1$' "$OUT"

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	chmod 777 .
	chmod 666 p.stet p.stet-lock
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$STET" route \
		p.stet $ARGS >/dev/null 2>"$SCRATCH/.stderr"
	RC=$?
	ERR=$(cat "$SCRATCH/.stderr")
	expect_rc "routing is for leads" 1
	expect_match "which the message says" 'routing items is for leads' "$ERR"
else
	ok "# SKIP routing as a non-lead needs root to run stet as another user"
fi

done_testing
