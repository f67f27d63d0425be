#!/bin/sh
# stet label --learn: the model learns from each label, and with
# --order uncertainty the next item is the one it is least sure of now.
# While it has seen fewer than --min-labels the project's order serves
# and the screen says so; after, the line above the label bar says how
# each item was chosen.
. "$srcdir/tests/tui/lib.sh"

# t03 and t04 repeat the words of t01 and t02; t05 shares no word and no
# character trigram with them. Once t01 is POS and t02 NEG, the model is
# sure of t03 (POS) and t04 (NEG) and knows nothing of t05, whose score
# is the bias alone, about 0.5: t05 is served, where the project's order
# (sequential) would serve t03.
cat > items.jsonl <<'ITEMS'
{"id": "t01", "text": "apple apple"}
{"id": "t02", "text": "zebra zebra"}
{"id": "t03", "text": "apple apple apple"}
{"id": "t04", "text": "zebra zebra zebra"}
{"id": "t05", "text": "quick fox"}
ITEMS
"$STET" init p.stet --labels POS,NEG >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

tui_start s1 100 30 label p.stet --as ana --learn --order uncertainty --min-labels 2
expect_screen "cold, the project's order serves t01 and the screen says so" \
	'^ stet  p\.stet  ana  item t01 ' 'learning: 0 of 2 labels · project order$'
step "after one label, still cold" 1 -- ' item t02 ' \
	'learning: 1 of 2 labels · project order$'
step "after one of each label the model chooses: t05, not t03" 2 -- \
	' item t05 ' 'uncertainty 0\.(49|50) · learned from 2 labels$'
if screen_has 'project order'; then
	not_ok_screen "the cold start message is gone"
else
	ok "the cold start message is gone"
fi
step "then the item it is least sure of after three labels" 1 -- \
	' item t0[34] ' 'uncertainty 0\.[0-9][0-9] · learned from 3 labels$'
keys q
expect_exit "the session quits with status 0" 0
run_stet log p.stet --annotator ana
expect_match "t01 was served by the project's order" \
	'item=t01 label POS .* served=sequential$' "$OUT"
expect_match "t05 by its uncertainty under the model as it stood" \
	'item=t05 label POS .* served=uncertainty:0\.(49|50)[0-9]*$' "$OUT"
run_stet info p.stet
expect_match "the model was made at the first label and has no run yet" \
	'^  stet +version 0, 0 items' "$OUT"
run_stet verify p.stet
expect_rc "stet verify finds the project whole" 0

# Another annotator, in the mono theme: the model is warm already, and
# how the item was chosen is words, not a colour.
tui_start s2 100 30 label p.stet --as bo --learn --order uncertainty --min-labels 2 --theme mono
expect_screen "bo's first item is chosen by the model, and says so in mono" \
	'uncertainty 0\.[0-9][0-9] · learned from 3 labels$'
keys q
expect_exit "bo's session quits with status 0" 0

# The project option: every session learns, the project's order serves.
"$STET" config p.stet learn stet >/dev/null
"$STET" config p.stet min_labels 2 >/dev/null
tui_start s3 100 30 label p.stet --as cy
expect_screen "the project option learn: the order and the model's count" \
	'sequential · learned from 3 labels$'
step "cy's label is learned too" 1 -- 'sequential · learned from 4 labels$'
keys q
expect_exit "cy's session quits with status 0" 0
tui_start s4 100 30 label p.stet --as dee --no-learn
expect_screen "--no-learn: no model, no model line" '^ stet  p\.stet  dee  item '
if screen_has 'learned from'; then
	not_ok_screen "--no-learn shows nothing of the model"
else
	ok "--no-learn shows nothing of the model"
fi
keys q
expect_exit "dee's session quits with status 0" 0

done_testing
