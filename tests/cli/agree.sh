#!/bin/sh
# stet agree end to end: the worked example of Krippendorff (2011),
# "Computing Krippendorff's Alpha-Reliability" (4 observers, 12 units,
# values 1-5 with missing data), imported as annotation records; the
# figures printed in the paper, and those irrCAC's formulas give for
# Gwet's generalised Fleiss' kappa and AC1 on the same data (.761, .775).
. "$srcdir/tests/cli/lib.sh"

D="$srcdir/testdata/agree"
"$STET" init k.stet --labels 1,2,3,4,5 >/dev/null
"$STET" import k.stet "$D/k2011-items.jsonl" >/dev/null
"$STET" import-annotations k.stet "$D/k2011-annotations.jsonl" >/dev/null

# three decimals, as the paper prints them
coef() {
	printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
v = d[sys.argv[1]]
print("null" if v is None else "%.3f" % v)' "$1"
}

# a whole number from the top level of the report
count() {
	printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

for level in nominal:0.743 ordinal:0.815 interval:0.849 ratio:0.797; do
	run_stet agree k.stet --level "${level%%:*}" --format json
	expect_rc "agree --level ${level%%:*} succeeds" 0
	expect_eq "alpha ${level%%:*} is ${level#*:} as in Krippendorff (2011)" \
		"${level#*:}" "$(coef krippendorff_alpha)"
done
run_stet agree k.stet --format json
# Exactly 7343/9647 and 31825/41041 (irrCAC's formulas in fractions,
# as tests/unit/test_agree.c checks them).
expect_eq "Fleiss' kappa, Gwet's generalisation, is .761" 0.761 "$(coef fleiss_kappa)"
expect_eq "Gwet's AC1 is .775" 0.775 "$(coef gwet_ac1)"
expect_eq "12 items have a value" 12 "$(count items)"
expect_eq "11 have two or more" 11 "$(count items_compared)"
expect_eq "scott_pi is null with four annotators" null "$(coef scott_pi)"
expect_match "the annotator without labels is not a rater" '"annotators":\["A","B","C","D"\]' "$OUT"
expect_match "the item left out is said" '1 item with a single value is left out' "$OUT"
if printf '%s' "$OUT" | grep -q NaN; then
	not_ok "no NaN in the JSON"
else
	ok "no NaN in the JSON"
fi

SESS=$(printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
for s in json.load(sys.stdin)["sessions"]:
    print("%s %d %d %.3f %s" % (s["annotator"], s["items"], s["items_compared"], s["percent_agreement"], s["gold_accuracy"]))' | tr '\n' ' ')
# A labeled 9 units; against B, C and D it agrees on 8 of 9, 5 of 8 and
# 8 of 9 shared units: 21 of 26 comparisons (0.808). Likewise B: 8/9 +
# 6/9 + 9/10 = 23/28 (0.821), on the 10 of its 11 units someone else
# labeled; C: 5/8 + 6/9 + 7/10 = 18/27 (0.667); D: 8/9 + 9/10 + 7/10 =
# 24/29 (0.828).
expect_eq "each session against the others, pooled" \
	"A 9 9 0.808 None B 11 10 0.821 None C 10 10 0.667 None D 11 11 0.828 None " "$SESS"

run_stet agree k.stet --annotators A,B --format json
CONF=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["cohen_kappa"]["A|B"]["confusion"])')
expect_eq "each pair has its confusion matrix, A in rows, B in columns" \
	"[[2, 1, 0, 0, 0], [0, 3, 0, 0, 0], [0, 0, 2, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 0]]" "$CONF"
expect_match "--annotators keeps the pair" '"cohen_kappa":\{"A\|B":' "$OUT"
# A and B share 9 units and agree on 8: po = 8/9; pooled over both,
# pe = 47/162; pi = (8/9 - 47/162) / (1 - 47/162) = 97/115 (0.843).
expect_eq "and Scott's pi is given for two" 0.843 "$(coef scott_pi)"

run_stet agree k.stet --bootstrap 200 --seed 7 --format json
A1=$OUT
run_stet agree k.stet --bootstrap 200 --seed 7 --format json
expect_eq "the same seed gives the same intervals" "$A1" "$OUT"
expect_match "intervals are given" '"intervals":\{"krippendorff_alpha":\[' "$OUT"

run_stet agree k.stet
expect_match "text names the coefficients" 'krippendorff_alpha +0\.743' "$OUT"
run_stet agree k.stet --format markdown
expect_match "markdown is a table" '^\| krippendorff_alpha \| 0\.743 \|$' "$OUT"
run_stet agree k.stet --format csv
expect_match "csv has a header" '^scope,name,coefficient,value,items,low,high,slice$' "$OUT"

"$STET" init words.stet --labels GOOD,BAD >/dev/null
run_stet agree words.stet --level interval
expect_rc "interval needs numeric labels" 1
expect_match "and says so" 'interval level needs labels that are numbers' "$ERR"
run_stet agree k.stet --annotators A,ZED
expect_rc "an unknown annotator is an error" 1
expect_match "naming it" 'no annotator named "ZED"' "$ERR"
run_stet agree k.stet --level fuzzy
expect_rc "a bad level is a usage error" 2
run_stet agree words.stet --format json
expect_rc "a project without labels reports" 0
expect_eq "with no items" 0 "$(count items)"
expect_eq "and alpha null" null "$(coef krippendorff_alpha)"

# Multi-label: exact sets for the nominal coefficients, MASI for alpha,
# a binary kappa per label.
"$STET" init m.stet --labels A,B,C --multi >/dev/null
printf '{"id":"u%d","text":"unit %d"}\n' 1 1 2 2 3 3 4 4 > m-items.jsonl
"$STET" import m.stet m-items.jsonl >/dev/null
cat > m-ann.jsonl <<'JSONL'
{"item":"u1","annotator":"x","label":["A","B"]}
{"item":"u1","annotator":"y","label":["A","B"]}
{"item":"u2","annotator":"x","label":["A"]}
{"item":"u2","annotator":"y","label":["A","C"]}
{"item":"u3","annotator":"x","label":["C"]}
{"item":"u3","annotator":"y","label":["B"]}
{"item":"u4","annotator":"x","label":["B"]}
{"item":"u4","annotator":"y","label":["B"]}
JSONL
"$STET" import-annotations m.stet m-ann.jsonl >/dev/null
run_stet agree m.stet --format json
expect_rc "agree on a multi-label project" 0
# u1 and u4 have equal sets, u2 and u3 not: 2 of 4.
expect_eq "equal sets agree, others do not" 0.500 "$(coef percent_agreement)"
MASI=$(/usr/bin/python3 -c '
from fractions import Fraction as F
units = [({"A","B"},{"A","B"}), ({"A"},{"A","C"}), ({"C"},{"B"}), ({"B"},{"B"})]
def d(a, b):
    j = F(len(a & b), len(a | b))
    m = 1 if a == b else F(2, 3) if a <= b or b <= a else F(1, 3) if a & b else 0
    return 1 - j * m
vals = [v for u in units for v in u]
n = len(vals)
do = sum(d(a, b) + d(b, a) for a, b in units)          # m_u = 2: weight 1/(m-1) = 1
de = sum(d(a, b) for i, a in enumerate(vals) for j, b in enumerate(vals) if i != j)
print("%.3f" % float(1 - (n - 1) * do / de))')
expect_eq "krippendorff_alpha is MASI alpha ($MASI)" "$MASI" "$(coef krippendorff_alpha)"
A_K=$(printf '%s' "$OUT" | /usr/bin/python3 -c 'import json,sys; p=json.load(sys.stdin)["per_label"]; print("%.3f %d %d %d" % (p["A"]["kappa"], p["A"]["disagreements"], p["B"]["disagreements"], p["C"]["disagreements"]))')
expect_eq "label A always agrees; B once and C twice do not" "1.000 0 1 2" "$A_K"
run_stet agree m.stet --level ordinal
expect_rc "a multi-label schema is nominal" 1

# --by meta.FIELD: the same report for each value of the field.
"$STET" init s.stet --labels A,B >/dev/null
printf '{"id":"i%d","text":"t%d","meta":{"lang":"%s"}}\n' 1 1 en 2 2 en 3 3 fr 4 4 fr 5 5 de > s-items.jsonl
printf '{"id":"i6","text":"t6"}\n' >> s-items.jsonl
"$STET" import s.stet s-items.jsonl >/dev/null
printf '{"item":"i%d","annotator":"%s","label":"%s"}\n' 1 x A 1 y A 2 x B 2 y B 3 x A 3 y B 4 x B 4 y A 5 x A 6 x B 6 y B > s-ann.jsonl
"$STET" import-annotations s.stet s-ann.jsonl >/dev/null
run_stet agree s.stet --by meta.lang --format json
SL=$(printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["by"], " ".join("%s:%d:%s" % (k, v["items"], v["percent_agreement"]) for k, v in sorted(d["slices"].items())))')
expect_eq "one slice per value, items without it in (none)" \
	"meta.lang (none):1:1.0 de:1:None en:2:1.0 fr:2:0.0" "$SL"
run_stet agree s.stet --by lang
expect_match "text has a section per slice" '^== lang = fr ==$' "$OUT"

done_testing
