#!/bin/sh
# Every screen's keys are one table: what `stet label --keys`, `stet
# review --keys` and `stet report --keys` print is what ? shows in that
# screen, binding for binding and in the same order, and the actions
# are the ones stet(1) documents for each screen.
. "$srcdir/tests/tui/lib.sh"

D="$srcdir/testdata/review"
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet "$D/items.jsonl" >/dev/null
"$STET" import-annotations p.stet "$D/annotations.jsonl" >/dev/null
"$STET" team p.stet add lead --role lead >/dev/null 2>&1 || :

# in_order FILE: each line of FILE is in a line of $SCREEN, blanks
# squeezed, in the order of FILE; what is missing goes to missing.txt.
in_order() {
	printf '%s\n' "$SCREEN" | tr -s ' ' | sed 's/^ //' >"$SCRATCH/screen.txt"
	awk 'NR == FNR { want[n++] = $0; next }
		i < n && index($0, want[i]) > 0 { i++ }
		END { if (i < n) { print want[i]; exit 1 } }' \
		"$1" "$SCRATCH/screen.txt" >"$SCRATCH/missing.txt"
}

# check CMD TITLE ARGS...: --keys of stet CMD against its ? box.
check() {
	cmd=$1 title=$2
	shift 2
	# "Space s" and the first 40 characters of the help: the box
	# wraps longer lines.
	if ! "$STET" "$cmd" --keys >"$cmd.keys"; then
		not_ok "stet $cmd --keys prints the key table"
		return
	fi
	awk -F '\t' 'NF == 3 { print $1 " " substr($3, 1, 40) }' "$cmd.keys" |
		tr -s ' ' >"$cmd.want"
	n=$(wc -l <"$cmd.want")
	if [ "$n" -gt 0 ] && [ "$n" -eq "$(wc -l <"$cmd.keys")" ]; then
		ok "stet $cmd --keys prints $n bindings, keys, action and help each"
	else
		not_ok "stet $cmd --keys prints bindings, keys, action and help each" \
			"$(cat "$cmd.keys")"
	fi
	tui_start "$cmd" 100 50 "$cmd" p.stet "$@"
	wait_for ' \? help' >/dev/null
	step "? in stet $cmd lists what --keys prints, in its order" '?' -- \
		"$title"
	if wait_until in_order "$cmd.want"; then
		ok "and every binding of stet $cmd --keys is in it"
	else
		not_ok_screen "and every binding of stet $cmd --keys is in it" \
			"missing: $(cat "$SCRATCH/missing.txt")"
	fi
	keys Escape q
	expect_exit "stet $cmd quits" 0
}

check label 'Keys of stet label'
check review 'Keys of stet review' --as lead
check report 'Keys of stet report'

# A project with span labels is labeled in the span view, whose table
# `stet label --keys PROJECT` prints.
"$STET" init sp.stet --spans PER,LOC >/dev/null
"$STET" import sp.stet "$D/items.jsonl" >/dev/null
"$STET" label --keys sp.stet >spans.keys
awk -F '\t' 'NF == 3 { print $1 " " substr($3, 1, 40) }' spans.keys |
	tr -s ' ' >spans.want
if grep -q '^w	token-next	' spans.keys && ! cmp -s spans.keys label.keys; then
	ok "stet label --keys with a span project prints the span view's table"
else
	not_ok "stet label --keys with a span project prints the span view's table" \
		"$(cat spans.keys)"
fi
tui_start spans 100 50 label sp.stet
wait_for ' \? help' >/dev/null
step "? in the span view lists what --keys prints for the project" '?' -- \
	'Keys of stet label on spans and tokens'
if wait_until in_order spans.want; then
	ok "and every binding of the span view is in it"
else
	not_ok_screen "and every binding of the span view is in it" \
		"missing: $(cat "$SCRATCH/missing.txt")"
fi
keys Escape q
expect_exit "stet label quits" 0
cat label.keys spans.keys >label.both
mv label.both label.keys

# stet review on spans has its own table, which `stet review --keys
# PROJECT` prints for a project of spans (and --keys --spans for any).
printf '{"id": "k1", "text": "Ann met Bo"}\n' >k.jsonl
printf '%s\n' '{"item": "k1", "annotator": "ana", "spans": [[0, 3, "PER"]]}' \
	'{"item": "k1", "annotator": "bo", "spans": [[8, 10, "PER"]]}' >kann.jsonl
"$STET" init rs.stet --spans PER,LOC >/dev/null
"$STET" import rs.stet k.jsonl >/dev/null
"$STET" import-annotations rs.stet kann.jsonl >/dev/null
"$STET" team rs.stet add lead --role lead >/dev/null
"$STET" review --keys rs.stet >rspans.keys
"$STET" review --keys --spans >rspans2.keys
awk -F '\t' 'NF == 3 { print $1 " " substr($3, 1, 40) }' rspans.keys |
	tr -s ' ' >rspans.want
if grep -q '^e	edit	' rspans.keys && cmp -s rspans.keys rspans2.keys &&
	! cmp -s rspans.keys review.keys; then
	ok "stet review --keys with a span project (or --spans) prints the table of spans"
else
	not_ok "stet review --keys with a span project (or --spans) prints the table of spans" \
		"$(cat rspans.keys)"
fi
tui_start rspans 100 50 review rs.stet --as lead
wait_for ' \? help' >/dev/null
step "? in stet review on spans lists what --keys prints" '?' -- \
	'Keys of stet review on spans'
if wait_until in_order rspans.want; then
	ok "and every binding of stet review on spans is in it"
else
	not_ok_screen "and every binding of stet review on spans is in it" \
		"missing: $(cat "$SCRATCH/missing.txt")"
fi
keys Escape q
expect_exit "stet review quits" 0
cat review.keys rspans.keys >review.both
mv review.both review.keys

# stet(1) names each action of each screen, in that screen's section.
MAN1="$srcdir/man/stet.1"
for cmd in label review report; do
	actions=$(cut -f2 "$cmd.keys" | tr '\n' ' ')
	missing=
	for a in $actions; do
		awk -v s="stet $cmd" -v a="$a" '
			/^\.SS/ { in_s = index($0, "\"" s "\"") > 0; next }
			{ gsub(/\\-/, "-") }
			in_s && match($0, "[(, ]" a "[,)]") { found = 1 }
			END { exit !found }' "$MAN1" || missing="$missing $a"
	done
	if [ -z "$missing" ]; then
		ok "stet.1 names every action of stet $cmd"
	else
		not_ok "stet.1 names every action of stet $cmd" "missing:$missing"
	fi
done

done_testing
