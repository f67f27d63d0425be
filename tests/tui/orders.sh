#!/bin/sh
# stet label --order uncertainty serves the item the model is least sure
# of first, then the next, and each label records how its item was
# served; --order score with --label serves the highest score of that
# label first; the project option order does the same without flags.
. "$srcdir/tests/tui/lib.sh"

items_jsonl 6 t > items.jsonl
# Binary scores: one score s leaves 1 - s to the other label, so least
# confidence 1 - max(s, 1 - s) is 0.05, 0.3, 0.1, 0.45, 0.01 for t01..t05:
# t04 first, then t02, t03, t01, t05; t06 has no prediction and comes
# last. The NEG scores are 0.05, 0.3, 0.9, 0.55, 0.01.
cat > pred.jsonl <<'PRED'
{"item": "t01", "label": "POS", "score": 0.95}
{"item": "t02", "label": "POS", "score": 0.7}
{"item": "t03", "scores": {"POS": 0.1, "NEG": 0.9}}
{"item": "t04", "label": "NEG", "score": 0.55}
{"item": "t05", "label": "POS", "score": 0.99}
PRED
# Each session has a project of its own: in a shared one, items others
# have begun come first.
for p in p q r; do
	"$STET" init $p.stet --labels POS,NEG >/dev/null
	"$STET" import $p.stet items.jsonl >/dev/null
	"$STET" import-predictions $p.stet --model m pred.jsonl >/dev/null
done

tui_start s1 100 30 label p.stet --as ana --order uncertainty
expect_screen "the most uncertain item comes first" '^ stet  p\.stet  ana  item t04 '
step "then the next most uncertain" 1 -- ' item t02 ' '^ saved POS$'
step "and the next" 2 -- ' item t03 ' '^ saved NEG$'
keys q
expect_exit "the session quits with status 0" 0
run_stet log p.stet --annotator ana
expect_match "t04's label says it was served for its uncertainty, 0.45" \
	'item=t04 label POS ms=[0-9]+ schema=1 served=uncertainty:0\.45$' "$OUT"
expect_match "and t02's, 0.3" \
	'item=t02 label NEG ms=[0-9]+ schema=1 served=uncertainty:0\.3$' "$OUT"
run_stet verify p.stet
expect_rc "stet verify reads the frontier of the uncertainty order and finds every item reachable" 0

tui_start s2 100 30 label q.stet --as bo --order score --label NEG
expect_screen "--order score --label NEG: the highest NEG score first" \
	'^ stet  q\.stet  bo  item t03 '
step "then the next highest" 1 -- ' item t04 '
keys q
expect_exit "bo's session quits with status 0" 0

"$STET" config r.stet order uncertainty
"$STET" config r.stet order_by margin
tui_start s3 100 30 label r.stet --as cy
expect_screen "the project's order: uncertainty by margin, t04 first" \
	'^ stet  r\.stet  cy  item t04 '
keys q
expect_exit "cy's session quits with status 0" 0

done_testing
