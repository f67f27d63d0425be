#!/bin/sh
# The options of suggestions: stet config suggest takes a model of the
# project or off, and suggest_rate a share from 0 to 1; stet label
# refuses a bad --suggest or --suggest-rate as a usage error before it
# needs a terminal.
. "$srcdir/tests/cli/lib.sh"

printf '{"id": "a", "text": "A fine film."}\n' > items.jsonl
"$STET" init p.stet --labels POS,NEG >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
# A model name as long as a name may be: 200 bytes.
long=$(printf 'm%.0s' $(seq 200))
printf '{"item": "a", "label": "POS", "score": 0.9}\n' > pred.jsonl
"$STET" import-predictions p.stet --model "$long" pred.jsonl >/dev/null
"$STET" import-predictions p.stet --model spacy pred.jsonl >/dev/null

run_stet config p.stet
expect_match "suggestions are off by default" '^suggest +off$' "$OUT"
expect_match "and shown on every item when on" '^suggest_rate +1$' "$OUT"
run_stet config p.stet suggest nosuch
expect_rc "a model the project lacks is refused" 1
expect_match "by name" 'suggest: the project has no model "nosuch" \(stet info lists its models\)' "$ERR"
expect_eq "and nothing is set" off "$("$STET" config p.stet suggest)"
run_stet config p.stet suggest 'a@1'
expect_rc "a name with a version is a usage error" 2
run_stet config p.stet suggest "$long"
expect_rc "a model of the longest name is taken" 0
expect_eq "and listed whole" "$long" "$("$STET" config p.stet suggest)"
run_stet config p.stet suggest off
expect_eq "off turns it off" off "$("$STET" config p.stet suggest)"
run_stet config p.stet suggest_rate 0.25
expect_rc "a share is taken" 0
expect_eq "and listed as given" 0.25 "$("$STET" config p.stet suggest_rate)"
for bad in 1.5 -0.1 half nan; do
	run_stet config p.stet suggest_rate "$bad"
	expect_rc "suggest_rate $bad is a usage error" 2
done
expect_match "saying what is taken" 'suggest_rate takes a share from 0 to 1' "$ERR"
run_stet label p.stet --suggest-rate 2
expect_rc "stet label --suggest-rate 2 is a usage error" 2
expect_match "saying what is taken" '--suggest-rate takes a share from 0 to 1' "$ERR"
run_stet label p.stet --suggest off --suggest-rate 0.5
expect_rc "stet label --suggest-rate with --suggest off is a usage error" 2
expect_match "saying why" '--suggest-rate shares out a model.s suggestions; --suggest off shows none' "$ERR"
run_stet label p.stet --suggest 'spacy@1'
expect_rc "stet label --suggest with a version is a usage error" 2
expect_match "saying why" "holds '@'" "$ERR"
done_testing
