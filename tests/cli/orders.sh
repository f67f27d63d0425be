#!/bin/sh
# The options of the orders from a model's predictions: stet label
# refuses, as usage errors, an option that belongs to another order, a
# bad measure or share, and a model or label the project lacks (naming
# those it has), before any screen starts; stet config keeps the
# project options of the orders, and refuses bad values.
. "$srcdir/tests/cli/lib.sh"

cat > items.jsonl <<'ITEMS'
{"id": "a", "text": "A fine film."}
{"id": "b", "text": "A dull film."}
ITEMS
"$STET" init p.stet --labels POS,NEG >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

# usage WHAT MESSAGE ARGS...: stet label ARGS exits 2, saying MESSAGE.
usage() {
	what=$1 msg=$2
	shift 2
	run_stet label p.stet "$@"
	expect_rc "$what: a usage error" 2
	expect_match "$what: says so" "$msg" "$ERR"
}

usage "no predictions at all" \
	'the uncertainty order needs a model.s predictions, and the project has none \(stet import-predictions adds them\)' \
	--order uncertainty
usage "an unknown order" "--order takes sequential, shuffled, uncertainty or score, not 'best'" \
	--order best
usage "--by alone" '--by, --model, --label and --explore go with --order uncertainty or score' \
	--by margin
usage "--by with score" '--by goes with --order uncertainty' --order score --by margin
usage "--label with uncertainty" '--label goes with --order score' \
	--order uncertainty --label POS
usage "--explore with shuffled" '--model and --explore go with --order uncertainty or score' \
	--order shuffled --explore 0.1
usage "an unknown measure" "--by takes least, margin or entropy, not 'max'" \
	--order uncertainty --by max
usage "a share above 1" "--explore takes a share from 0 to 1 \(0.1 or 10%\), not '1.5'" \
	--order uncertainty --explore 1.5

printf '{"item": "a", "label": "POS", "score": 0.9}\n' > one.jsonl
"$STET" import-predictions p.stet --model one one.jsonl >/dev/null
"$STET" import-predictions p.stet --model two one.jsonl >/dev/null
usage "two models and no choice" \
	'the project has 2 models: choose one with --model \(one, two\)' \
	--order score
usage "a model the project lacks" \
	'no model "three" \(the models are: one, two\)' \
	--order score --model three
usage "a label the schema lacks" \
	'no label "NEU" \(the labels are: POS, NEG\)' \
	--order score --model one --label NEU
run_stet label p.stet --order uncertainty --model one --as ana >/dev/null </dev/null
expect_match "a good order goes on to the screen, which needs a terminal" \
	'terminal' "$ERR"

run_stet config p.stet order score
expect_rc "order score is a project option" 0
run_stet config p.stet order_by entropy
run_stet config p.stet order_model two
run_stet config p.stet order_label NEG
run_stet config p.stet explore 10%
expect_rc "explore takes a percentage" 0
run_stet config p.stet
expect_match "config lists the measure" '^order_by +entropy$' "$OUT"
expect_match "the model" '^order_model +two$' "$OUT"
expect_match "the label" '^order_label +NEG$' "$OUT"
expect_match "and the share, as a fraction" '^explore +0\.1$' "$OUT"
run_stet config p.stet order_model ""
run_stet config p.stet order_model
expect_eq "an empty model name is the default again" "" "$OUT"
run_stet config p.stet order_by max
expect_rc "a bad measure is refused" 2
expect_match "saying what is taken" 'order_by takes least, margin or entropy, not "max"' "$ERR"
run_stet config p.stet explore 2
expect_rc "a share above 1 is refused" 2

done_testing
