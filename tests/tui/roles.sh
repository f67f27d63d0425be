#!/bin/sh
# A gold item on the label screen as an annotator sees it: the meta
# panel (m), reached through a search (/), shows what it shows of any
# item, and nothing that says gold: no answer, no reference label, no
# source naming the gold file. A lead's meta panel has an item's source
# and reference label. No second login is needed: the project's lead
# makes themselves an annotator once the project is set up, and then
# clones it for themselves.
. "$srcdir/tests/tui/lib.sh"

cat > items.jsonl <<'EOF'
{"id": "i1", "text": "A plain sentence.", "label": "POS"}
{"id": "i2", "text": "Another plain one."}
EOF
cat > answers-gold.jsonl <<'EOF'
{"id": "x7", "text": "A checked sentence.", "label": "NEG"}
EOF
"$STET" init p.stet --labels POS,NEG >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import p.stet --gold answers-gold.jsonl >/dev/null
# No gold turns: every start shows i1 first, and the gold item is
# reached by a search.
"$STET" config p.stet gold_rate 0 >/dev/null

# hides_gold "what": the screen says nothing of gold, answers or sources.
hides_gold() {
	if screen_has 'gold|answers|reference|source'; then
		not_ok_screen "$1"
	else
		ok "$1"
	fi
}

tui_start lead 80 24 label p.stet
wait_for ' item i1 '
step "m shows a lead an item's source and reference label" m -- \
	'^ *meta \(m hides\)' 'source: items\.jsonl:1' 'reference: POS'
keys q
expect_exit "the lead quits" 0

"$STET" team p.stet add "$(id -un)" --role annotator >/dev/null
tui_start ann 80 24 label p.stet
wait_for ' item i1 '
step "m shows an annotator the meta panel" m -- '^ *meta \(m hides\)' 'id: i1'
hides_gold "without the item's source or reference label"
keys /
keys -l checked
step "a search finds the gold item" Enter -- ' item x7 ' 'A checked sentence'
expect_screen "with the meta panel still open" '^ *meta \(m hides\)' 'id: x7'
hides_gold "which says nothing of gold"
keys q
expect_exit "the annotator quits" 0

# The annotator's own copy says no more.
"$STET" clone p.stet mine.stet --for "$(id -un)" >/dev/null
tui_start mine 80 24 label mine.stet
wait_for ' item i1 '
keys m
keys /
keys -l checked
step "in a clone, a search finds the gold item" Enter -- ' item x7 ' \
	'^ *meta \(m hides\)' 'id: x7'
hides_gold "and its meta panel says nothing of gold either"
keys q
expect_exit "the clone's session ends" 0
done_testing
