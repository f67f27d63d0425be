#!/bin/sh
# stet agree on span and token projects, end to end: span sets saved as
# the span view saves them (tests/cli/span_sets), figures worked out by
# hand below, and the whole "spans" report held against the arithmetic
# itself (tests/cli/span_agree_fit) on the same study written out by
# hand, so that what stet agree reads from a project (annotators, labels,
# item lengths in code points, tokens) is what the arithmetic is given.
. "$srcdir/tests/cli/lib.sh"

SETS="$builddir/tests/cli/span_sets"
FIT="$builddir/tests/cli/span_agree_fit"
PY=/usr/bin/python3

# jq-like: a value of the JSON report in $OUT by a path of keys, a
# number with 3 decimals (null as "null").
get() {
	printf '%s' "$OUT" | "$PY" -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1:]:
    v = v[int(k)] if isinstance(v, list) else v[k]
if isinstance(v, float):
    print("%.3f" % v)
elif v is None:
    print("null")
else:
    print(json.dumps(v) if isinstance(v, (list, dict)) else v)' "$@"
}

# Item a has 29 code points (30 bytes: the é), b 14, c 13. ICU gives
# a 7 words, b 3, c 3.
cat >items.jsonl <<'EOF'
{"id":"a","text":"José Lima met Bo Chen in Oslo","meta":{"lang":"pt"}}
{"id":"b","text":"ACME hired Dan","meta":{"lang":"en"}}
{"id":"c","text":"no names here","meta":{"lang":"en"}}
EOF
cat >sets <<'EOF'
session ana one
a ana 0:9:PER 14:21:PER
b ana 0:4:ORG 11:14:PER
c ana -
session bo two
a bo 0:9:PER 14:17:PER
b bo 0:4:ORG
c bo -
session bo late
b bo 0:4:ORG 11:14:PER
undo b bo
EOF
"$STET" init s.stet --spans PER,ORG >/dev/null
"$STET" import s.stet items.jsonl >/dev/null
check "the span sets are saved" "$SETS" s.stet <sets

run_stet agree s.stet --format json
expect_rc "stet agree on a span project succeeds" 0
# Exact: a's [0,9) PER and b's ORG, 2 of ana's 4 and bo's 3 spans:
# 2*2/7 = .571. Partial: a's [14,21) and [14,17) share 3 too: 2*3/7 =
# .857. bo's undone PER on b does not stand.
expect_eq "exact F1 is 4/7" 0.571 "$(get spans exact_f1)"
expect_eq "partial F1 is 6/7" 0.857 "$(get spans partial_f1)"
expect_eq "the pair ana|bo compares 3 items" 3 "$(get spans pairs 'ana|bo' items)"
expect_eq "ana as reference: exact precision 2/3" 0.667 "$(get spans pairs 'ana|bo' exact_precision)"
expect_eq "exact recall 2/4" 0.500 "$(get spans pairs 'ana|bo' exact_recall)"
expect_eq "partial recall 3/4" 0.750 "$(get spans pairs 'ana|bo' partial_recall)"
# PER: ana 3, bo 2, 1 exact: 2/5; ORG: 1 of 1 each.
expect_eq "PER's exact F1 is 2/5" 0.400 "$(get spans per_label PER exact_f1)"
expect_eq "ORG's exact F1 is 1" 1.000 "$(get spans per_label ORG exact_f1)"
expect_eq "ORG's units are the same: u-alpha 1" 1.000 "$(get spans unitizing_alpha_per_label ORG)"
# 13 tokens. ana: B-PER I-PER O B-PER I-PER O O | B-ORG O B-PER | O O O;
# bo: B-PER I-PER O B-PER O O O | B-ORG O O | O O O. 11 of 13 agree;
# margins ana O 7, B-PER 3, I-PER 2, B-ORG 1; bo O 9, B-PER 2, I-PER 1,
# B-ORG 1: p_e = (63 + 6 + 2 + 1)/169, kappa = (143 - 72)/(169 - 72) =
# 71/97 = .732. Marked tokens (6: José Lima Bo Chen ACME Dan): 4 agree,
# margins ana B-PER 3, I-PER 2, B-ORG 1; bo B-PER 2, I-PER 1, B-ORG 1,
# O 2: p_e = 9/36, kappa = (24 - 9)/(36 - 9) = 5/9 = .556.
expect_eq "token kappa over all tokens is 71/97" 0.732 "$(get spans token_kappa all)"
expect_eq "token kappa over marked tokens is 5/9" 0.556 "$(get spans token_kappa marked)"
expect_eq "the labels of the item report hold no span label" "[]" "$(get labels)"
expect_eq "no notes of undefined item-level figures" "[]" "$(get notes)"
# Sessions: ana's one against bo's standing sets, as the pair; bo's
# "two" the same; "late" holds only an undone set: no row.
expect_eq "a row for each session with a standing set" \
	'one ana 3 3 0.571|two bo 3 3 0.571|' \
	"$(printf '%s' "$OUT" | "$PY" -c '
import json, sys
for s in json.load(sys.stdin)["spans"]["sessions"]:
    print(s["session"], s["annotator"], s["items"], s["items_compared"],
          "%.3f" % s["exact_f1"], end="|")')"

# The same study by hand, through the arithmetic alone.
cat >study.json <<'EOF'
{"raters": 2, "labels": 2, "items": [
 {"length": 29, "ntokens": 7, "sets": [[[0,9,0,0,2],[14,21,0,3,5]], [[0,9,0,0,2],[14,17,0,3,4]]]},
 {"length": 14, "ntokens": 3, "sets": [[[0,4,1,0,1],[11,14,0,2,3]], [[0,4,1,0,1]]]},
 {"length": 13, "ntokens": 3, "sets": [[], []]}]}
EOF
if ! "$FIT" study.json >fit.json 2>fit.err; then
	not_ok "span_agree_fit runs" "$(cat fit.err)"
else
	printf '%s' "$OUT" >agree.json
	verdict=$("$PY" - agree.json fit.json <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))["spans"]
f = json.load(open(sys.argv[2]))
p = f["pairs"][0]
pairs = [
    (a["unitizing_alpha"], f["ualpha"]),
    (a["unitizing_alpha_per_label"]["PER"], f["ualpha_label"][0]["alpha"]),
    (a["token_kappa"]["all"], p["kappa_all"]),
    (a["token_kappa"]["marked"], p["kappa_marked"]),
    (a["exact_f1"], 2 * p["exact"] / (p["na"] + p["nb"])),
    (a["partial_f1"], 2 * p["partial"] / (p["na"] + p["nb"])),
]
bad = [(x, y) for x, y in pairs if abs(x - y) > 1e-12]
print("same" if not bad else "differ: %r" % bad)
EOF
)
	expect_eq "the report equals the arithmetic on the study written by hand" same "$verdict"
fi

run_stet agree s.stet
expect_match "the text report has the spans table" '^  exact_f1 +0\.571$' "$OUT"
expect_match "and the pair with precision and recall" '^  ana +bo +0\.667 +0\.500 +1\.000 +0\.750$' "$OUT"
run_stet agree s.stet --format markdown
expect_match "Markdown names the section" '^\*\*spans\*\*: 3 items marked' "$OUT"
run_stet agree s.stet --format csv
expect_match "CSV has the overall span rows" '^spans,,exact_f1,0\.5714' "$OUT"
expect_match "and the pairs'" '^spans-pair,"ana\|bo",partial_f1,0\.857' "$OUT"

# Slices: pt holds item a alone (exact 1 of 2 and 2: 2/4), en items b
# and c (ORG exact, ana's PER not: 2*1/3).
run_stet agree s.stet --by meta.lang --format json
expect_eq "slice pt: exact F1 1/2" 0.500 "$(get slices pt spans exact_f1)"
expect_eq "slice en: exact F1 2/3" 0.667 "$(get slices en spans exact_f1)"
expect_eq "slice en has 2 items" 2 "$(get slices en spans items)"
run_stet agree s.stet --by meta.lang
expect_match "the text report heads each slice" '^== meta\.lang = pt ==$' "$OUT"
run_stet agree s.stet --by meta.lnag
expect_match "a misspelt field is warned of" "no item with spans has the meta field 'meta.lnag'" "$ERR"

# Time: span_sets saves one set a second from 00:00:01: ana's a, b, c
# at 1-3 s, bo's at 4-6 s (his b restored by the undo to the one of
# 5 s). Before 4 s only ana marked anything: nothing to compare. From
# 2 s on, ana's a is out: b and c compared, exact ORG of ana's 2 and
# bo's 1 span: 2/3.
run_stet agree s.stet --until 2026-01-01T00:00:04Z --format json
expect_eq "--until: one annotator, nothing compared" 0 "$(get spans items_compared)"
run_stet agree s.stet --since 2026-01-01T00:00:02Z --format json
expect_eq "--since: two items compared" 2 "$(get spans items_compared)"
expect_eq "--since: exact F1 2/3" 0.667 "$(get spans exact_f1)"

# A third annotator marks only item c; --annotators leaves her out.
printf 'c cy 0:2:PER\n' | "$SETS" s.stet
run_stet agree s.stet --format json
expect_eq "three annotators make three pairs" 3 \
	"$(printf '%s' "$OUT" | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["spans"]["pairs"]))')"
# u-alpha needs every annotator on an item: c alone has all three.
expect_match "u-alpha says over how many items it is" \
	'unitizing_alpha is over the 1 items every annotator marked, of 3 compared' "$(get notes)"
run_stet agree s.stet --annotators ana,bo --format json
expect_eq "--annotators ana,bo: the figures of the two" 0.571 "$(get spans exact_f1)"

# A session whose set was changed later is compared as it saved it:
# bo's "first" marked [0,4) (partial match with ana's [0,9) only), his
# "second" [0,9), which stands (exact). Sets that stand are counted from
# the pairs' comparisons, the others compared anew: the rows are the
# same either way.
"$STET" init r.stet --spans PER >/dev/null
"$STET" import r.stet items.jsonl >/dev/null
cat >later <<'EOF2'
session ana x
a ana 0:9:PER
session bo first
a bo 0:4:PER
session bo second
a bo 0:9:PER
EOF2
"$SETS" r.stet <later
run_stet agree r.stet --format json
expect_eq "each session against the sets that stand" \
	'x ana 1.000 1.000|first bo 0.000 1.000|second bo 1.000 1.000|' \
	"$(printf '%s' "$OUT" | "$PY" -c '
import json, sys
for s in json.load(sys.stdin)["spans"]["sessions"]:
    print(s["session"], s["annotator"], "%.3f" % s["exact_f1"],
          "%.3f" % s["partial_f1"], end="|")')"

# No set at all: nothing to compare, said, and no failure.
"$STET" init e.stet --spans PER >/dev/null
"$STET" import e.stet items.jsonl >/dev/null
run_stet agree e.stet --format json
expect_rc "a span project without sets: stet agree succeeds" 0
expect_match "and says there is nothing to compare" 'nothing to compare' "$(get notes)"
expect_eq "its F1 is null" null "$(get spans exact_f1)"

# Item labels and spans together: each measured on its own.
"$STET" init m.stet --labels POS,NEG --spans PER >/dev/null
"$STET" import m.stet items.jsonl >/dev/null
cat >labels.jsonl <<'EOF'
{"item":"a","annotator":"ana","label":"POS"}
{"item":"a","annotator":"bo","label":"POS"}
{"item":"b","annotator":"ana","label":"NEG"}
{"item":"b","annotator":"bo","label":"POS"}
EOF
"$STET" import-annotations m.stet labels.jsonl >/dev/null
printf 'a ana 0:4:PER\na bo 0:4:PER\n' | "$SETS" m.stet
run_stet agree m.stet --format json
expect_eq "the item report's labels are the item labels only" '["POS", "NEG"]' "$(get labels)"
expect_eq "its pair compares 2 items" 2 "$(get cohen_kappa 'ana|bo' items)"
expect_eq "the spans agree exactly" 1.000 "$(get spans exact_f1)"

# Token labels: the item-level report with the token as the unit.
# Tokens: the cat sat | a dog ran. ana: DET NOUN VERB, DET NOUN VERB;
# bo: DET NOUN NOUN, DET NOUN (ran untagged). 6 tokens with a tag, 5
# with two; 4 of 5 agree; ana DET 2 NOUN 2 VERB 1, bo DET 2 NOUN 3:
# p_e = (4 + 6)/25, kappa = (.8 - .4)/.6 = 2/3.
"$STET" init t.stet --tokens DET,NOUN,VERB >/dev/null
printf '%s\n' '{"id":"x","text":"the cat sat"}' '{"id":"y","text":"a dog ran"}' >pos.jsonl
"$STET" import t.stet pos.jsonl >/dev/null
cat >tags <<'EOF'
x ana 0:3:DET 4:7:NOUN 8:11:VERB
x bo 0:3:DET 4:7:NOUN 8:11:NOUN
y ana 0:1:DET 2:5:NOUN 6:9:VERB
y bo 0:1:DET 2:5:NOUN
EOF
"$SETS" t.stet <tags
run_stet agree t.stet --format json
expect_eq "tokens with a tag" 6 "$(get tokens items)"
expect_eq "tokens compared" 5 "$(get tokens items_compared)"
expect_eq "the pair's kappa over tokens is 2/3" 0.667 "$(get tokens cohen_kappa 'ana|bo' kappa)"
expect_eq "percent agreement 4/5" 0.800 "$(get tokens percent_agreement)"
run_stet agree t.stet
expect_match "the text report counts tokens" \
	'tokens, each token a unit: 6 tokens with a value, 5 compared' "$OUT"
run_stet agree t.stet --format csv
expect_match "CSV rows of the tokens' report" '^tokens-pair,"ana\|bo",kappa,0\.666' "$OUT"

done_testing
