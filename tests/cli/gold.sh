#!/bin/sh
# Gold items: stet import --gold (JSONL and CSV answers, bad records,
# an item already there made gold), and the accuracy on them that
# stet agree and stet stats report per session.
. "$srcdir/tests/cli/lib.sh"

D="$srcdir/testdata/gold"
"$STET" init g.stet --labels POS,NEG,NEU >/dev/null
"$STET" import g.stet "$D/items.jsonl" >/dev/null

# the number of gold items, from stet info
gold_items() {
	"$STET" info "$1" --format json | /usr/bin/python3 -c '
import json, sys
print(json.load(sys.stdin)["gold_items"])'
}

run_stet import g.stet --gold "$D/gold.jsonl"
expect_rc "import --gold succeeds" 0
expect_eq "three new items, one already there, all four gold" \
	"3 items added, 1 duplicate, 0 skipped; 4 gold" "$OUT"
expect_eq "info counts four gold items" 4 "$(gold_items g.stet)"
run_stet info g.stet
expect_match "info says so in words" 'gold         4 items' "$OUT"
"$STET" init one.stet --labels POS,NEG,NEU >/dev/null
head -n 1 "$D/gold.jsonl" > one.jsonl
"$STET" import one.stet --gold one.jsonl >/dev/null
run_stet info one.stet
expect_match "one gold item is one item" 'gold         1 item$' "$OUT"

run_stet import g.stet --gold "$D/bad-nolabel.jsonl"
expect_rc "a gold record without its answer fails the file" 1
expect_match "and says where and why" \
	'bad-nolabel.jsonl:2: a gold item needs its answer in "label"' "$ERR"
expect_eq "nothing of the file was written" 4 "$(gold_items g.stet)"

run_stet import g.stet --gold --skip-bad "$D/bad-nolabel.jsonl"
expect_rc "with --skip-bad the good record is imported" 0
expect_match "the label the schema lacks is named" \
	'bad-nolabel.jsonl:3: gold answer "MAYBE" is not a label of the schema' "$ERR"
expect_eq "one gold item more, two records skipped" \
	"1 item added, 0 duplicates, 2 skipped; 1 gold" "$OUT"
run_stet info g.stet --format json
expect_match "the skipped records left no item behind" '"items":7,' "$OUT"

run_stet import g.stet --gold "$D/gold.csv"
expect_rc "CSV gold without a label column fails" 1
expect_match "naming the column it looked for" 'no column "label" \(the columns are: id, review, answer\)' "$ERR"
run_stet import g.stet --gold --label-column answer "$D/gold.csv"
expect_eq "CSV gold with --label-column" \
	"2 items added, 0 duplicates, 0 skipped; 2 gold" "$OUT"
run_stet export g.stet
expect_match "the answer column is the gold answer, not a field" \
	  '"id":"c1","fields":\{"review":"Five stars"\},"gold":"POS"' "$OUT"

# A single-label schema takes one answer; a multi-label one, a set.
"$STET" init m.stet --labels SPORT,POLITICS --multi >/dev/null
run_stet import m.stet --gold "$D/multi-gold.jsonl"
expect_eq "multi-label answers" "2 items added, 0 duplicates, 0 skipped; 2 gold" "$OUT"
run_stet import g.stet --gold "$D/multi-gold.jsonl"
expect_rc "a set of labels on a single-label schema fails" 1
expect_match "saying why" 'gold answer "SPORT" is not a label of the schema' "$ERR"

# Accuracy: alice answers g1, g2 and g4 right and g3 wrong; bob gets g1
# wrong; n1 and n2 are not gold.
"$STET" import-annotations g.stet "$D/annotations.jsonl" >/dev/null
run_stet agree g.stet --format json
expect_rc "agree succeeds" 0
SESS=$(printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
for s in json.load(sys.stdin)["sessions"]:
    print("%s %d %s" % (s["annotator"], s["gold_items"], s["gold_accuracy"]))' | tr '\n' ' ')
expect_eq "gold accuracy per session" "alice 4 0.75 bob 1 0.0 " "$SESS"
run_stet agree g.stet --format csv
expect_match "the CSV form has it" 'session,"a1",gold_accuracy,0.75,4' "$OUT"
run_stet agree g.stet
expect_match "the text form has a gold column" 'kappa +gold' "$OUT"
expect_match "a pair's row has its three columns, no gold" '^  alice +bob +2 +[0-9.]+ +[^ ]+$' "$OUT"

run_stet stats g.stet --annotator alice --format json
GOLD=$(printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
s = json.load(sys.stdin)["sessions"][0]
print(" ".join(str(q["gold_accuracy"]) for q in s["quarters"]), s["gold_accuracy"])')
# five items in four quarters: g1 | g2 | n1 | g3 g4
expect_eq "gold accuracy per quarter and for the session" "1.0 1.0 None 0.5 0.75" "$GOLD"
done_testing
