#!/bin/sh
# stet learn: a model trained on the labels that stand, stored, and its
# prediction written for every item as the next version of model stet
# (too big an item too, from the bias alone); --eval writing nothing and
# giving the same figures for the same seed; and each refusal: too few
# labels or a label with none, a model name that is an outside model's,
# and every bad option (exit 2).
. "$srcdir/tests/cli/lib.sh"

# py EXPR: EXPR over the JSON document on standard input, as d.
py() {
	/usr/bin/python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}
# lines EXPR: EXPR over the list of JSON lines on standard input, as d.
lines() {
	/usr/bin/python3 -c "import json, sys; d = [json.loads(l) for l in sys.stdin]; print($1)"
}

# 24 short texts: a1..a12 about films, b1..b12 about weather; and one
# item of 300,000 bytes (over the 256 KiB a text may have for features).
: > items.jsonl
: > labels.jsonl
i=1
while [ $i -le 12 ]; do
	printf '{"id": "a%d", "text": "the film %d had a fine cast and a good plot"}\n' $i $i >> items.jsonl
	printf '{"id": "b%d", "text": "rain %d fell all day and the wind was cold"}\n' $i $i >> items.jsonl
	i=$((i + 1))
done
/usr/bin/python3 -c 'print("{\"id\": \"huge\", \"text\": \"" + "word " * 60000 + "\"}")' >> items.jsonl
"$STET" init p.stet --labels FILM,WEATHER >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

run_stet learn p.stet
expect_rc "no labels standing: refused" 1
expect_match "saying how many there are and how many it needs" \
	'^stet: learn: 0 items have labels standing .*needs at least 20 \(--min-labels\)$' "$ERR"

# Three labels, one of each annotator's choice.
printf '%s\n' '{"item": "a1", "annotator": "ann", "label": "FILM"}' \
	'{"item": "a2", "annotator": "ann", "label": "FILM"}' \
	'{"item": "a3", "annotator": "ann", "label": "FILM"}' > few.jsonl
"$STET" import-annotations p.stet few.jsonl >/dev/null
run_stet learn p.stet
expect_rc "3 labels standing, under the 20 of --min-labels: refused" 1
expect_match "saying it has 3" '3 items have labels standing' "$ERR"
run_stet learn p.stet --min-labels 3
expect_rc "enough labels, but none of WEATHER: refused" 1
expect_match "naming the label with none" 'no item stands labeled WEATHER yet' "$ERR"
run_stet info p.stet --format json
expect_eq "nothing was written: no model" "0" \
	"$(printf '%s' "$OUT" | py 'len(d["models"])')"

# Every item labeled by ann; b1 also by bob, who disagrees (a tie: out),
# b2 by bob and cy, who outvote ann (a majority of 2 to 1).
: > all.jsonl
i=1
while [ $i -le 12 ]; do
	printf '{"item": "a%d", "annotator": "ann", "label": "FILM"}\n' $i >> all.jsonl
	printf '{"item": "b%d", "annotator": "ann", "label": "WEATHER"}\n' $i >> all.jsonl
	i=$((i + 1))
done
printf '%s\n' '{"item": "b1", "annotator": "bob", "label": "FILM"}' \
	'{"item": "b2", "annotator": "bob", "label": "FILM"}' \
	'{"item": "b2", "annotator": "cy", "label": "FILM"}' \
	'{"item": "huge", "annotator": "ann", "label": "FILM"}' >> all.jsonl
"$STET" import-annotations p.stet all.jsonl >/dev/null

run_stet learn p.stet
expect_rc "24 items standing: trained" 0
# 25 labeled items, b1 a tie: 24 stand. FILM: a1..a12, b2, huge = 14;
# WEATHER: b3..b12 = 10.
expect_eq "it says what stood and what it did" \
"24 items have labels standing: 0 by a lead's decision, 24 by a majority; 1 tie left out
1 of them has no features (empty, or over 256 KiB): only its labels taught
  FILM         14
  WEATHER      10" "$(printf '%s\n' "$OUT" | sed -n 1,4p)"
expect_match "model stet, version 1" \
	'^model stet, version 1: 5 epochs over 2\^20 buckets, [0-9]+ rows stored$' \
	"$(printf '%s\n' "$OUT" | sed -n 5p)"
expect_eq "every item predicted, the huge one from the bias" \
	"predicted 25 items (1 from the labels' base rates alone)" \
	"$(printf '%s\n' "$OUT" | sed -n 6p)"
run_stet info p.stet --format json
expect_eq "stet info lists the learner's model" "stet 1 25 learner" \
	"$(printf '%s' "$OUT" | py '" ".join(str(m[k]) for m in d["models"] for k in ("name", "version", "items", "kind"))')"
"$STET" export p.stet --predictions stet > out.jsonl
expect_eq "each item's prediction scores both labels, summing to 1" "25" \
	"$(lines 'sum(1 for x in d if sorted(x["prediction"]["scores"]) == ["FILM", "WEATHER"] and abs(sum(x["prediction"]["scores"].values()) - 1) < 1e-9)' < out.jsonl)"
# The model learned the task: films are FILM, weather is WEATHER (b2,
# labeled FILM by its majority, may go either way): 12 a + 11 b.
expect_eq "and tells films from weather" "23" \
	"$(lines 'sum(1 for x in d if x["id"][0] in "ab" and x["id"] != "b2" and x["prediction"]["label"] == {"a": "FILM", "b": "WEATHER"}[x["id"][0]])' < out.jsonl)"
# The bias alone: FILM had 14 of 24 examples, so it leans FILM.
expect_eq "the huge item gets the bias: FILM, the commoner label" "FILM" \
	"$(lines '[x["prediction"]["label"] for x in d if x["id"] == "huge"][0]' < out.jsonl)"
run_stet verify p.stet
expect_rc "the project verifies after training" 0

run_stet learn p.stet --format json --epochs 3 --seed 9
expect_rc "training again" 0
expect_eq "is version 2, in JSON" "stet 2 3 24 1 1 25 1 FILM=14,WEATHER=10" \
	"$(printf '%s' "$OUT" | py '" ".join(str(x) for x in (d["model"], d["version"], d["epochs"], d["standing"]["examples"], d["standing"]["ties"], d["standing"]["bias_only"], d["predicted"], d["predicted_bias_only"], ",".join(f"{k}={v}" for k, v in d["labels"].items())))')"
run_stet info p.stet --format json
expect_eq "replacing every prediction: still 25 items, version 2" "2 25" \
	"$(printf '%s' "$OUT" | py '" ".join(str(d["models"][0][k]) for k in ("version", "items"))')"
"$STET" export p.stet --predictions stet > out2.jsonl
expect_eq "each written by version 2" "25" \
	"$(lines 'sum(1 for x in d if x["prediction"]["model"] == "stet@2")' < out2.jsonl)"
run_stet learn p.stet --model second
expect_rc "a second model beside it" 0
expect_match "version 1 of its own" '^model second, version 1:' \
	"$(printf '%s\n' "$OUT" | grep '^model')"

# Nor are the learner's predictions any file's to replace.
printf '{"item": "a1", "label": "FILM", "score": 0.5}\n' > outside.jsonl
run_stet import-predictions p.stet --model stet outside.jsonl
expect_rc "import-predictions into the learner's model: refused" 1
expect_match "saying whose it is" 'model "stet" is stet.s own learner' "$ERR"

# The name of an outside model is not the learner's to take.
"$STET" import-predictions p.stet --model spacy outside.jsonl >/dev/null
run_stet learn p.stet --model spacy
expect_rc "--model naming an outside model: refused" 1
expect_match "saying whose it is" \
	'model "spacy" holds predictions imported from outside .* name another with --model' "$ERR"
"$STET" export p.stet --predictions spacy > spacy.jsonl
expect_eq "and the outside model's predictions are as they were" "1" \
	"$(lines 'sum(1 for x in d if x["prediction"] is not None)' < spacy.jsonl)"

# --eval reads only, and its figures follow from the seed.
cp p.stet before.stet
run_stet learn p.stet --eval --folds 4 --format json
expect_rc "--eval" 0
"$STET" learn p.stet --eval --folds 4 --format json > e1.json
cmp -s p.stet before.stet && ok "--eval writes nothing" ||
	not_ok "--eval writes nothing"
expect_eq "4 folds of 24 items: 6 in each" "[6, 6, 6, 6]" \
	"$(py '[sum(1 for x in d["items"] if x["fold"] == f) for f in range(4)]' < e1.json)"
# The confusion matrix counts every example once; rows are the labels
# that stand (14 FILM, 10 WEATHER).
expect_eq "the confusion matrix's rows hold each label's examples" "[14, 10]" \
	"$(py '[sum(r) for r in d["confusion"]]' < e1.json)"
expect_eq "the reliability table holds every item" "24" \
	"$(py 'sum(b["items"] for b in d["calibration"]["bins"])' < e1.json)"
expect_eq "accuracy lies in its interval" "True" \
	"$(py 'd["accuracy"]["low"] <= d["accuracy"]["value"] <= d["accuracy"]["high"]' < e1.json)"
"$STET" learn p.stet --eval --folds 4 --format json > e2.json
expect_file "the same seed gives the same evaluation" e1.json e2.json
"$STET" learn p.stet --eval --folds 4 --seed 2 --format json > e3.json
expect_eq "another seed, other folds" "True" \
	"$(/usr/bin/python3 -c 'import json, sys; a, b = (json.load(open(p)) for p in sys.argv[1:]); print([x["fold"] for x in a["items"]] != [x["fold"] for x in b["items"]])' e1.json e3.json)"
run_stet learn p.stet --eval
expect_rc "--eval as text" 0
expect_match "shows accuracy with its interval" \
	'^accuracy   [01]\.[0-9]{3}  \[[01]\.[0-9]{3}, [01]\.[0-9]{3}\]$' "$OUT"
expect_match "and the calibration error" \
	'^calibration: expected calibration error [01]\.[0-9]{3} over each item' "$OUT"
run_stet learn p.stet --eval --folds 30
expect_rc "more folds than items: refused" 1
expect_match "saying so" '24 items have labels standing, fewer than the 30 folds' "$ERR"

# A multi-label project: per-label F1, micro and macro, no confusion.
"$STET" init m.stet --labels FILM,WEATHER,COLD --multi >/dev/null
"$STET" import m.stet items.jsonl >/dev/null
: > m.jsonl
i=1
while [ $i -le 12 ]; do
	printf '{"item": "a%d", "annotator": "ann", "label": ["FILM"]}\n' $i >> m.jsonl
	printf '{"item": "b%d", "annotator": "ann", "label": ["WEATHER", "COLD"]}\n' $i >> m.jsonl
	i=$((i + 1))
done
"$STET" import-annotations m.stet m.jsonl >/dev/null
run_stet learn m.stet --eval --format json
expect_rc "multi-label --eval" 0
expect_eq "gives micro F1 and no confusion matrix" "True True" \
	"$(printf '%s' "$OUT" | py 'd["multi_label"], d["confusion"] is None and d["micro_f1"]["value"] > 0')"
# Calibration over every (item, label) probability: 24 items x 3 labels.
expect_eq "calibration over every label's probability on every item" "72" \
	"$(printf '%s' "$OUT" | py 'sum(b["items"] for b in d["calibration"]["bins"])')"
run_stet learn m.stet
expect_rc "multi-label training" 0
"$STET" export m.stet --predictions stet > m-out.jsonl
expect_eq "b1 is WEATHER and COLD, each above one half" "True" \
	"$(lines '[x["prediction"]["scores"]["WEATHER"] > 0.5 and x["prediction"]["scores"]["COLD"] > 0.5 for x in d if x["id"] == "b1"][0]' < m-out.jsonl)"

# A map too small for the write (1 MiB, and the model's rows alone are
# about 2 MB): the store grows it and runs the whole write again, which
# must give the model and predictions a first run would.
export STET_MAPSIZE=1048576
"$STET" init tiny.stet --labels FILM,WEATHER >/dev/null
"$STET" import tiny.stet items.jsonl >/dev/null
"$STET" import-annotations tiny.stet all.jsonl >/dev/null
run_stet learn tiny.stet --format json
expect_rc "trained in a map that had to grow" 0
expect_eq "predicting every item" "25" "$(printf '%s' "$OUT" | py 'd["predicted"]')"
unset STET_MAPSIZE

# Bad options: exit 2, nothing run.
for args in "--epochs 0" "--epochs 1001" "--epochs x" "--bits 17" \
	"--bits 25" "--seed -1" "--min-labels 0" "--folds 3" \
	"--eval --folds 1" "--eval --folds 101" "--format xml" \
	"--model a@b" "--model" "--eval --model x" "extra"; do
	# shellcheck disable=SC2086
	run_stet learn p.stet $args
	expect_rc "learn $args: a usage error" 2
done
run_stet learn
expect_rc "no project: a usage error" 2
run_stet learn nothing.stet
expect_rc "a project that is not there" 1

done_testing
