#!/bin/sh
# stet report through tmux: the pair grid with the kappas of the
# Krippendorff (2011) example, a pair's confusion matrix, the items
# behind a cell, the items annotators disagree on a label, and an item
# with every annotator's label.
. "$srcdir/tests/tui/lib.sh"

D="$srcdir/testdata/agree"
"$STET" init k.stet --labels 1,2,3,4,5 >/dev/null
"$STET" import k.stet "$D/k2011-items.jsonl" >/dev/null
"$STET" import-annotations k.stet "$D/k2011-annotations.jsonl" >/dev/null

tui_start r 90 24 report k.stet
expect_screen "the grid names the annotators" '^ +A +B +C +D$'
expect_screen "and gives each pair's kappa" '^ A +· +0\.845 +0\.478 +0\.850$' \
	'^ D +0\.850 +0\.870 +0\.615 +·$'
expect_screen "the labels table has kappa and disagreements" '^ 2 +0\.655 +9$'
expect_screen "the sessions table has each session's agreement and sparklines" \
	'^ import +A +9 +0\.808 +···· +▅█▁▆ +no$'
step "Enter opens the pair under the cursor" Enter -- \
	'Confusion: A \(rows\) against B \(columns\)' '^ 1 +2 +1 +0 +0 +0$'
step "Down, Right and Enter list the items behind a cell" Down Right Enter -- \
	'3 items: A said 2, B said 2' '^ u2 +unit 2$' '^ u9 +unit 9$'
step "Enter shows an item with every label" Enter -- \
	'item u2' '^ C +3$' '^ D +2$'
step "Esc goes back a level" Escape -- '3 items: A said 2'
step "? shows the keys" '?' -- 'Keys of stet report'
step "Esc closes them, back where they were opened" Escape -- \
	'3 items: A said 2'
step "Tab moves to the label table, and the footer says what Enter does there" \
	Escape Escape Tab -- 'Enter: the items annotators disagree on the label'
# Label 2: u2 (A, B and D said 2, C 3), u6 and u8 have a 2 beside
# another label; no other item has a 2 and a different label.
step "Enter on a label lists the items annotators disagree on it" \
	Down Enter -- '3 items where annotators disagree on 2' '^ u2 +unit 2$' \
	'^ u6 ' '^ u8 '
step "Enter shows one with every label" Enter -- 'item u2' '^ C +3$'
step "Esc twice goes back to the label table" Escape Escape -- \
	'Agreement: Cohen' 'Enter: the items annotators disagree on the label'
# A against B: row 1 of the matrix is 2 1 0 0 0, so one item has A's 1
# beside B's 2.
step "a cell with one item says \"1 item\", not \"1 items\"" \
	Tab Enter Right Enter -- '^ 1 item: A said 1, B said 2 ' '^ u6 '
step "Esc twice goes back to the grid" Escape Escape -- \
	"Enter: the pair's confusion matrix"
# The cursor starts on A against B; Left puts it on A against A, the
# diagonal, where there is no pair to open.
step "on the grid's diagonal the footer does not offer Enter" Left -- \
	'arrows move to a pair · Tab: labels · q quits'
keys Enter Right
expect_screen "and Enter there opens nothing: Right is still the grid's" \
	"Enter: the pair's confusion matrix"
keys q
expect_exit "q quits with status 0" 0

# Thirty annotators: more than the rows and columns of an 80x24 grid.
# The grid takes at most half the 20 lines below the title ((24 - 4) /
# 2 = 10 rows) and (80 - 13) / 8 = 8 columns, and scrolls with the
# cursor; the label table stays on screen below it.
"$STET" init m.stet --labels YES,NO >/dev/null
"$STET" import m.stet "$D/k2011-items.jsonl" >/dev/null
i=1
while [ $i -le 30 ]; do
	printf '{"item": "u1", "annotator": "a%02d", "label": "YES"}\n' $i
	printf '{"item": "u2", "annotator": "a%02d", "label": "NO"}\n' $i
	i=$((i + 1))
done >m.jsonl
"$STET" import-annotations m.stet m.jsonl >/dev/null
tui_start m 80 24 report m.stet
expect_screen "thirty annotators: the grid shows the first 10 rows and 8 columns, and the label table" \
	'kappa, rows 1-10, columns 1-8 of 30 ' '^ a10 ' '^ YES ' '^ NO '
# The cursor starts on a01 against a02; 20 Rights put it on a22 and 15
# Downs on a16: rows 7-16 and columns 15-22 keep it in sight.
keys Right Right Right Right Right Right Right Right Right Right \
	Right Right Right Right Right Right Right Right Right Right
keys Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down
expect_screen "the grid scrolls with the cursor" \
	'kappa, rows 7-16, columns 15-22 of 30 ' '^ +a15 +a16 .* a22$' '^ a16 ' '^ YES '
keys q
expect_exit "and quits" 0

# Twelve labels: a confusion matrix wider than the (80 - 15) / 8 = 8
# columns that fit scrolls with its cursor too.
"$STET" init c.stet --labels L01,L02,L03,L04,L05,L06,L07,L08,L09,L10,L11,L12 >/dev/null
"$STET" import c.stet "$D/k2011-items.jsonl" >/dev/null
for who in a b; do
	printf '{"item": "u1", "annotator": "%s", "label": "L01"}\n' $who
	printf '{"item": "u2", "annotator": "%s", "label": "L12"}\n' $who
done >c.jsonl
"$STET" import-annotations c.stet c.jsonl >/dev/null
tui_start c 80 24 report c.stet
wait_for 'Agreement: Cohen' >/dev/null
step "a confusion matrix of twelve labels shows the first eight" Enter -- \
	'Confusion: a \(rows\) against b' '^ +L01 .* L08$'
# Ten Rights put the cursor on L11: columns L04 to L11 keep it in sight.
keys Right Right Right Right Right Right Right Right Right Right
expect_screen "and scrolls with the cursor" '^ +L04 .* L11$'
keys q
expect_exit "and quits" 0

"$STET" init e.stet --labels A,B >/dev/null
tui_start e 80 20 report e.stet
expect_screen "a project without labels says there is nothing to compare" \
	'fewer than two annotators have labels'
if screen_has 'Enter'; then
	not_ok_screen "and its footer does not offer Enter on a grid of no pairs"
else
	ok "and its footer does not offer Enter on a grid of no pairs"
fi
keys q
expect_exit "and quits" 0

done_testing
