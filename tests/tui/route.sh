#!/bin/sh
# Items routed by stet route on the label screen: the items the model
# accepted are never served to a person, the spot check kept among them
# is, and the status line counts only what the routes leave a person.
. "$srcdir/tests/tui/lib.sh"

items_jsonl 6 t > items.jsonl
# At A = 0.9, B = 0.6: t01, t02 and t03 accepted, one of them (a share
# 0.34 of 3, rounded) kept as a spot check; t04 for one person; t05 the
# overlap; t06 has no prediction.
cat > pred.jsonl <<'PRED'
{"item": "t01", "label": "POS", "score": 0.95}
{"item": "t02", "label": "POS", "score": 0.97}
{"item": "t03", "label": "POS", "score": 0.99}
{"item": "t04", "label": "NEG", "score": 0.7}
{"item": "t05", "label": "POS", "score": 0.3}
PRED
"$STET" init p.stet --labels POS,NEG >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import-predictions p.stet --model m pred.jsonl >/dev/null
"$STET" route p.stet --model m --accept-above 0.9 --review-below 0.6 \
	--spot-check 0.34 >/dev/null
SPOT=$("$STET" log p.stet | sed -n 's/.* item=\(t0[123]\) route .*routed=spot:.*/\1/p')
expect_match "one of t01, t02 and t03 is the spot check" '^t0[123]$' "$SPOT"

# ana is owed the spot check, t04, t05 and t06: 4, served in the
# project's order, the spot check first. She takes the model's
# suggestions, but a spot check shows none: it is her own look.
tui_start s1 100 30 label p.stet --as ana --suggest m
expect_screen "the spot check is served first, and 4 items are left" \
	"^ stet  p\\.stet  ana  item $SPOT " '^ 0 done · 4 left '
if screen_has '^ suggested: '; then
	not_ok_screen "the spot check shows no suggestion"
else
	ok "the spot check shows no suggestion"
fi
step "then t04: the accepted items before it are not served" 1 -- \
	' item t04 ' '^ 1 done · 3 left '
expect_screen "t04, for one person, shows the model's suggestion" \
	'^ suggested: NEG 0\.70 \(m@1\)'
step "then t05" 2 -- ' item t05 ' '^ 2 done · 2 left '
step "then t06, which has no prediction" 1 -- ' item t06 ' '^ 3 done · 1 left '
step "and that was the last item" 1 -- \
	'^ saved POS \(that was the last item\)$' '^ 4 done · 0 left '
keys q
expect_exit "the session quits with status 0" 0
# Routed items need fewer people than the overlap: what ends ana's
# queue is that each has the labels its route needs.
tui_start s3 100 30 label p.stet --as ana
expect_screen "an emptied queue says each item has the labels it needs" \
	'^ nothing is left for you to label: every item has your label or skip, or all the labels it needs'
keys q
expect_exit "that session quits with status 0" 0
run_stet log p.stet --annotator ana
expect_match "the spot check's label says no suggestion was shown" \
	"item=$SPOT label POS ms=[0-9]+ schema=1 served=sequential\$" "$OUT"
expect_eq "ana labeled the spot check and t04 to t06, and no accepted item" \
	"$SPOT t04 t05 t06" \
	"$(printf '%s\n' "$OUT" | sed -n 's/.* item=\([a-z0-9]*\) label .*/\1/p' | tr '\n' ' ' | sed 's/ $//')"
run_stet verify p.stet
expect_rc "stet verify finds every item the routes ask for reachable" 0

# Taken back, the accepted items are served again, behind where ana's
# order had got to.
"$STET" route p.stet --undo >/dev/null
tui_start s2 100 30 label p.stet --as ana
expect_screen "after the undo the two accepted items are owed to ana" \
	'^ 4 done · 2 left '
keys q
expect_exit "and the session quits with status 0" 0

done_testing
