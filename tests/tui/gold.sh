#!/bin/sh
# Gold checks on the label screen: gold items come among the others,
# and a wrong label on one is saved and then answered with the right
# label and its guideline; with gold_feedback off, nothing is said.
. "$srcdir/tests/tui/lib.sh"

items_jsonl 8 p > items.jsonl
i=1
while [ $i -le 8 ]; do
	printf '{"id": "g%02d", "text": "Gold sentence %d, a complaint.", "label": "NEG"}\n' "$i" "$i"
	i=$((i + 1))
done > gold.jsonl
"$STET" init p.stet --labels POS,NEG >/dev/null
"$STET" schema p.stet --describe NEG "complaints are NEG" >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import p.stet --gold gold.jsonl >/dev/null
"$STET" config p.stet gold_rate 2 >/dev/null

# title_is: the first line of the screen, for waiting on the next item.
title_is() {
	[ "$(line 0)" = "$1" ]
}

# label_until_gold KEY: labels with KEY, one item at a time, until a
# gold item has had its label (the screen then names it g..), at most
# 16 times; the screen after that label is in $SCREEN, and the counts
# before it ("DONE LEFT") in $COUNTS.
label_until_gold() {
	n=0
	while [ $n -lt 16 ]; do
		snap
		before=$(line 0)
		COUNTS=$(printf '%s\n' "$SCREEN" |
			sed -n 's/.* \([0-9]*\) done · \([0-9]*\) left .*/\1 \2/p')
		gold=no
		case "$before" in *" g"[0-9]*) gold=yes ;; esac
		keys "$1"
		wait_until sh -c '! [ "$(printf "%s\n" "$SCREEN" | sed -n 1p)" = "$0" ]' "$before" ||
			return 1
		[ $gold = yes ] && return 0
		n=$((n + 1))
	done
	return 1
}

tui_start g 100 24 label p.stet --as ana
wait_for ' done · [0-9]+ left '
if label_until_gold 1; then
	ok "gold items come among the others"
else
	not_ok_screen "gold items come among the others"
fi
expect_screen "a wrong label on a gold item is answered with the answer and its guideline" \
	'gold check: the answer was NEG - complaints are NEG'
# Any label moves the counts one each way: a gold item's must too, or
# the status line would tell it from the rest.
set -- $COUNTS
expect_screen "a label on a gold item counts as any label does" \
	" $(($1 + 1)) done · $(($2 - 1)) left "
keys q
expect_exit "q quits" 0
if "$STET" export p.stet --annotations | grep -q '"annotator":"ana","label":"POS"'; then
	ok "the wrong label was saved all the same"
else
	not_ok "the wrong label was saved all the same"
fi

"$STET" config p.stet gold_feedback off >/dev/null
tui_start h 100 24 label p.stet --as bo
wait_for ' done · [0-9]+ left '
label_until_gold 1
if screen_has 'gold check'; then
	not_ok_screen "with gold_feedback off nothing is said"
else
	ok "with gold_feedback off nothing is said"
fi
keys q
expect_exit "q quits" 0
done_testing
