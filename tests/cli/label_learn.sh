#!/bin/sh
# The options of a model that learns as people label: stet config learn
# takes a model's name or off and min_labels a number of labels; stet
# label refuses a bad --min-labels, --learn with --no-learn, and a model
# of predictions imported from outside as usage errors, before it needs
# a terminal.
. "$srcdir/tests/cli/lib.sh"

printf '{"id": "a", "text": "A fine film."}\n' > items.jsonl
"$STET" init p.stet --labels POS,NEG >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
printf '{"item": "a", "label": "POS", "score": 0.9}\n' > pred.jsonl
"$STET" import-predictions p.stet --model spacy pred.jsonl >/dev/null

run_stet config p.stet
expect_match "learning is off by default" '^learn +off$' "$OUT"
expect_match "and the cold start is 20 labels" '^min_labels +20$' "$OUT"
run_stet config p.stet learn mine
expect_rc "a model that does not exist yet is taken (the first label makes it)" 0
expect_eq "and listed" mine "$("$STET" config p.stet learn)"
run_stet config p.stet learn 'a@1'
expect_rc "a name with a version is a usage error" 2
expect_match "saying what is taken" "learn takes a model's name" "$ERR"
run_stet config p.stet learn off
expect_eq "off turns it off" off "$("$STET" config p.stet learn)"
run_stet config p.stet min_labels 5
expect_eq "min_labels as given" 5 "$("$STET" config p.stet min_labels)"
for bad in 0 -1 many 1000001; do
	run_stet config p.stet min_labels "$bad"
	expect_rc "min_labels $bad is a usage error" 2
done

for bad in 0 x 1000001; do
	run_stet label p.stet --learn --min-labels "$bad"
	expect_rc "stet label --min-labels $bad is a usage error" 2
done
expect_match "saying what is taken" '--min-labels takes a number of labels from 1 to 1000000' "$ERR"
run_stet label p.stet --learn --no-learn
expect_rc "--learn with --no-learn is a usage error" 2
run_stet label p.stet --learn --model spacy
expect_rc "--learn on a model imported from outside is a usage error" 2
expect_match "naming it" 'model "spacy" holds predictions imported from outside' "$ERR"
run_stet label p.stet --model mine
expect_rc "--model without --learn or a predicted order is still a usage error" 2
run_stet label p.stet --learn --order score --label NOPE
expect_rc "--order score with a label the schema lacks is a usage error" 2
expect_match "naming it" 'no label "NOPE"' "$ERR"
run_stet info p.stet
expect_match "nothing made a model" '^models +1$' "$OUT"

done_testing
