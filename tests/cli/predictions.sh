#!/bin/sh
# A model's predictions from outside: stet import-predictions in both
# forms, from a file and from a pipe, each run one version of the
# model; stet info lists the models; stet export --predictions gives
# them back; and every bad file is refused at its line with nothing
# written.
. "$srcdir/tests/cli/lib.sh"

cat > items.jsonl <<'EOF'
{"id": "a", "text": "A fine film."}
{"id": "b", "text": "A dull film."}
{"id": "c", "text": "A film."}
{"id": "7", "text": "An item with a number for its id."}
EOF
"$STET" init p.stet --labels POS,NEG,NEU >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

# py EXPR: EXPR over the JSON document on standard input, as d.
py() {
	/usr/bin/python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}
# lines EXPR: EXPR over the list of JSON lines on standard input, as d.
lines() {
	/usr/bin/python3 -c "import json, sys; d = [json.loads(l) for l in sys.stdin]; print($1)"
}

cat > run1.jsonl <<'EOF'
{"item": "a", "label": "POS", "score": 0.9}
{"item": "b", "scores": {"POS": 0.25, "NEG": 0.75}, "text": "ignored"}

{"item": 7, "label": "NEG", "score": 1}
EOF
run_stet import-predictions p.stet --model sent run1.jsonl
expect_rc "a file of predictions is read" 0
expect_eq "and summed up: three, all new, version 1" \
	"run1.jsonl: 3 predictions of model sent, version 1: 3 new, 0 replaced" "$OUT"
run_stet info p.stet
expect_match "stet info lists the model" \
	'^  sent       version 1, 3 items, [0-9]{4}-[0-9]{2}-[0-9]{2}T' "$OUT"
expect_eq "and so does its JSON" "sent 1 3 outside" \
	"$("$STET" info p.stet --format json | py '" ".join(str(m[k]) for m in d["models"] for k in ("name", "version", "items", "kind"))')"

"$STET" export p.stet --predictions sent > out.jsonl
# a: label and score; b: the scores form, top NEG 0.75; c: none.
expect_eq "export --predictions gives each item its prediction" \
	"POS 0.9 None sent@1|NEG 0.75 {'POS': 0.25, 'NEG': 0.75} sent@1|None|NEG 1.0 None sent@1" \
	"$(lines '"|".join("None" if x["prediction"] is None else " ".join(str(v) for v in (x["prediction"]["label"], x["prediction"]["score"], x["prediction"].get("scores"), x["prediction"]["model"])) for x in d)' < out.jsonl)"

# A second run replaces what it names and leaves the rest.
printf '{"item": "a", "label": "NEG", "score": 0.6}\n{"item": "c", "label": "POS", "score": 0.5}\n' > run2.jsonl
run_stet import-predictions p.stet --model sent - < run2.jsonl
expect_eq "a second run from a pipe is version 2" \
	"stdin: 2 predictions of model sent, version 2: 1 new, 1 replaced" "$OUT"
expect_eq "the items it named are version 2, the others stay at 1" \
	"sent@2 sent@1 sent@2 sent@1" \
	"$("$STET" export p.stet --predictions sent | lines '" ".join(x["prediction"]["model"] for x in d)')"

# The round trip the manual shows: items out, a model in between,
# predictions back in.
"$STET" export p.stet | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    x = json.loads(line)
    pos = 0.8 if "fine" in x["text"] else 0.3
    print(json.dumps({"item": x["id"], "scores": {"POS": pos, "NEG": 1 - pos}}))
' > toy.jsonl
run_stet import-predictions p.stet --model toy - < toy.jsonl
expect_eq "stet export | a model | stet import-predictions" \
	"stdin: 4 predictions of model toy, version 1: 4 new, 0 replaced" "$OUT"

# Every bad file is refused at its line, and nothing of it is written.
"$STET" export p.stet --predictions sent > before.jsonl
bad() {
	what=$1 want=$2
	shift 2
	printf '%s\n' "$@" > bad.jsonl
	run_stet import-predictions p.stet --model sent bad.jsonl
	expect_rc "refused: $what" 1
	expect_eq "named at its line: $what" "stet: import-predictions: $want" "$ERR"
}
bad "a score above 1" 'bad.jsonl:2: the score of "POS" must be a number in [0, 1]' \
	'{"item": "a", "label": "POS", "score": 0.5}' '{"item": "b", "label": "POS", "score": 1.5}'
bad "a score that is a string" 'bad.jsonl:1: the score of "NEG" must be a number in [0, 1]' \
	'{"item": "a", "scores": {"POS": 0.5, "NEG": "0.5"}}'
bad "a score that is true" 'bad.jsonl:1: the score of "POS" must be a number in [0, 1]' \
	'{"item": "a", "label": "POS", "score": true}'
bad "a negative score" 'bad.jsonl:1: the score of "POS" must be a number in [0, 1]' \
	'{"item": "a", "label": "POS", "score": -0.1}'
bad "a label without its score" 'bad.jsonl:1: "label" needs its "score", a number in [0, 1]' \
	'{"item": "a", "label": "POS"}'
bad "both forms" 'bad.jsonl:1: give "label" and "score", or "scores", not both' \
	'{"item": "a", "label": "POS", "score": 0.5, "scores": {"POS": 0.5}}'
bad "neither form" 'bad.jsonl:1: a prediction needs "label" and "score", or "scores"' \
	'{"item": "a"}'
bad "no item" 'bad.jsonl:1: "item" must be the item'"'"'s id, a string or an integer' \
	'{"label": "POS", "score": 0.5}'
bad "an item the project lacks" 'bad.jsonl:2: no item "zz" in the project (--ignore-unknown skips it)' \
	'{"item": "a", "label": "POS", "score": 0.5}' '{"item": "zz", "label": "POS", "score": 0.5}'
bad "a label the schema lacks" 'bad.jsonl:1: no label "MAYBE" in the schema (--ignore-unknown skips it)' \
	'{"item": "a", "scores": {"POS": 0.5, "MAYBE": 0.5}}'
bad "an item twice" 'bad.jsonl:2: item "a" has a prediction earlier in the file' \
	'{"item": "a", "label": "POS", "score": 0.5}' '{"item": "a", "label": "NEG", "score": 0.5}'
bad "a line that is not an object" 'bad.jsonl:1: expected a JSON object' '[1, 2]'
bad "a line that is not JSON" "bad.jsonl:1: '[' or '{' expected near 'item'" 'item a POS'
: > empty.jsonl
run_stet import-predictions p.stet --model sent empty.jsonl
expect_eq "an empty file has no predictions" \
	"stet: import-predictions: empty.jsonl: no predictions in it" "$ERR"
"$STET" export p.stet --predictions sent > after.jsonl
expect_file "nothing of a refused file was written" before.jsonl after.jsonl
expect_eq "and the model is still at version 2" 2 \
	"$("$STET" info p.stet --format json | py '[m["version"] for m in d["models"] if m["name"] == "sent"][0]')"

printf '%s\n' '{"item": "zz", "label": "POS", "score": 0.5}' \
	'{"item": "a", "scores": {"POS": 0.4, "MAYBE": 0.6}}' \
	'{"item": "b", "label": "MAYBE", "score": 0.6}' > unknown.jsonl
run_stet import-predictions p.stet --model sent --ignore-unknown unknown.jsonl
expect_eq "--ignore-unknown skips what the project lacks, and counts it" \
	"unknown.jsonl: 1 prediction of model sent, version 3: 0 new, 1 replaced, 1 unknown item skipped, 2 scores of unknown labels skipped, 1 record with no known label skipped" \
	"$OUT"

# Items that come with a model's output ("prediction" and "score", or
# "scores") bring it in as model import: a label the schema lacks, or a
# score outside [0, 1], is left out and counted, as such fields were
# free text before.
cat > scored.jsonl <<'EOF'
{"id": "s1", "text": "Scored by a label.", "prediction": "POS", "score": 0.75}
{"id": "s2", "text": "Scored by every label.", "scores": {"POS": 0.125, "NEG": 0.875, "MAYBE": 0.5}}
{"id": "s3", "text": "Scored by a label not in the schema.", "prediction": "MAYBE", "score": 0.5}
{"id": "s4", "text": "A prediction with no score.", "prediction": "POS"}
EOF
"$STET" init s.stet --labels POS,NEG >/dev/null
run_stet import s.stet scored.jsonl
expect_eq "import reads the items' predictions as model import" \
	"4 items added, 0 duplicates, 0 skipped; 2 predictions of model import, version 1 (2 scores left out: a label the schema lacks, or outside [0, 1])" \
	"$OUT"
expect_eq "which export --predictions gives back" \
	"s1 POS 0.75 None import@1|s2 NEG 0.875 {'POS': 0.125, 'NEG': 0.875} import@1|s3|s4" \
	"$("$STET" export s.stet --predictions import | lines '"|".join(x["id"] + ("" if x["prediction"] is None else " " + " ".join(str(v) for v in (x["prediction"]["label"], x["prediction"]["score"], x["prediction"].get("scores"), x["prediction"]["model"]))) for x in d)')"
run_stet import s.stet scored.jsonl
expect_eq "a second import of the file is the model's second run" \
	"0 items added, 4 duplicates, 0 skipped; 2 predictions of model import, version 2 (2 scores left out: a label the schema lacks, or outside [0, 1])" \
	"$OUT"
printf '{"id": "s5", "text": "Bad.", "scores": {"POS": 2}}\n' > badscores.jsonl
run_stet import s.stet badscores.jsonl
expect_eq "a score outside [0, 1] in scores is the record's error" \
	'stet: import: badscores.jsonl:1: the score of "POS" in "scores" must be a number in [0, 1]' \
	"$ERR"

# Usage errors.
run_stet import-predictions p.stet run1.jsonl
expect_rc "a run needs its model" 2
run_stet import-predictions p.stet --model 'a@b' run1.jsonl
expect_rc "a model name with @ is refused" 2
expect_match "saying why" "holds '@', which joins a model to its version" "$ERR"
run_stet import-predictions p.stet --model 'two words' run1.jsonl
expect_rc "a model name follows the name rule" 2
run_stet import-predictions p.stet --model m run1.jsonl run1.jsonl
expect_rc "one file a run" 2
run_stet export p.stet --predictions nope
expect_rc "export of a model the project lacks fails" 1
expect_eq "naming it" \
	'stet: export: no model "nope" in the project (stet info lists the models)' "$ERR"
run_stet export p.stet --predictions sent --format csv
expect_rc "--predictions goes with JSONL" 2

done_testing
