#!/bin/sh
# Two annotators label one project at the same time, each in their own
# stet process; neither loses a label, and neither sees the other's.
. "$srcdir/tests/tui/lib.sh"

items_jsonl 20 c > items.jsonl
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL --overlap 9 >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

name() {
	case $1 in
	1) echo POSITIVE ;;
	2) echo NEGATIVE ;;
	3) echo NEUTRAL ;;
	esac
}

labels_of() {
	"$STET" export p.stet --annotations |
		sed -n "s/^{\"item\":\"\\([^\"]*\\)\",\"annotator\":\"$1\",\"label\":\"\\([^\"]*\\)\",.*/\\1 \\2/p" | sort
}

tui_start alice 100 30 label p.stet --as alice
expect_screen "alice's screen opens on c01" '^ stet  p\.stet  alice  item c01 '
tui_start bob 100 30 label p.stet --as bob
expect_screen "bob's screen opens on c01" '^ stet  p\.stet  bob  item c01 '

# Turn by turn: alice labels an item, then bob labels the same one with
# another key, each waiting for the screen to say it is saved.
: > want_alice
: > want_bob
i=1
while [ $i -le 8 ]; do
	id=$(printf 'c%02d' $i)
	next=$(printf 'c%02d' $((i + 1)))
	ka=$((i % 3 + 1))
	kb=$(((i + 1) % 3 + 1))
	use alice
	step "alice labels $id $(name $ka)" $ka -- " item $next " "^ saved $(name $ka)\$"
	use bob
	if [ $i -eq 1 ]; then
		if wait_until screen_has ' item c01 ' && ! line_has -3 '\['; then
			ok "bob does not see alice's label on c01"
		else
			not_ok_screen "bob does not see alice's label on c01"
		fi
	fi
	step "bob labels $id $(name $kb)" $kb -- " item $next " "^ saved $(name $kb)\$"
	echo "$id $(name $ka)" >> want_alice
	echo "$id $(name $kb)" >> want_bob
	i=$((i + 1))
done

# Typed ahead into both at once, without waiting in between.
while [ $i -le 16 ]; do
	id=$(printf 'c%02d' $i)
	use alice
	keys 1
	use bob
	keys 2
	echo "$id POSITIVE" >> want_alice
	echo "$id NEGATIVE" >> want_bob
	i=$((i + 1))
done
# 16 of the 20 items labeled by each; at overlap 9 the rest are left to
# both.
use alice
expect_screen "alice has labeled up to c16" ' item c17 ' '^ saved POSITIVE$' '^ 16 done · 4 left '
use bob
expect_screen "bob has labeled up to c16" ' item c17 ' '^ saved NEGATIVE$' '^ 16 done · 4 left '

# bob changes his mind on c16 while alice labels on.
use bob
step "bob goes back to c16" b -- ' item c16 ' '\[2 NEGATIVE\]'
use alice
keys 3
use bob
keys 3
use alice
expect_screen "alice labels c17" ' item c18 ' '^ saved NEUTRAL$'
use bob
expect_screen "bob relabels c16" ' item c17 ' '^ saved NEUTRAL$'
echo "c17 NEUTRAL" >> want_alice
grep -v '^c16 ' want_bob > want_bob.new
echo "c16 NEUTRAL" >> want_bob.new
mv want_bob.new want_bob

use alice
keys q
expect_exit "alice quits with status 0" 0
use bob
keys q
expect_exit "bob quits with status 0" 0

sort want_alice > want
labels_of alice > got
if cmp -s want got; then
	ok "alice's 17 labels are all there"
else
	not_ok "alice's 17 labels are all there" "$(diff want got | head -n 20)"
fi
sort want_bob > want
labels_of bob > got
if cmp -s want got; then
	ok "bob's 16 labels are all there, c16 changed"
else
	not_ok "bob's 16 labels are all there, c16 changed" "$(diff want got | head -n 20)"
fi
run_stet info p.stet --format json
expect_eq "33 annotations stand" 33 "$(json_get annotations)"
expect_eq "two sessions" 2 "$(json_get sessions)"
run_stet export p.stet
expect_match "c01 carries both annotators' labels" \
	'^\{"id":"c01","text":"[^"]*","labels":\{"alice":"NEGATIVE","bob":"NEUTRAL"\}\}$' "$OUT"

done_testing
