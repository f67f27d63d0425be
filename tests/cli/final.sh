#!/bin/sh
# The leads' decisions going out: stet export --final (JSONL, CSV,
# CoNLL-U), and stet agree's "adjudicated" key, each annotator against
# the decisions, in every output format. The decisions are made the only
# way there is, through stet review, so this runs it in tmux.
. "$srcdir/tests/tui/lib.sh"

D="$srcdir/testdata/review"
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet "$D/items.jsonl" >/dev/null
"$STET" import-annotations p.stet "$D/annotations.jsonl" >/dev/null
# The decisions are made --as lead; where the team knows roles, make
# "lead" one (the login user made the project, and is its first lead).
"$STET" team p.stet add lead --role lead >/dev/null 2>&1 || :

# json EXPR: a Python expression over the agree report `o`.
json() {
	printf '%s\n' "$OUT" | /usr/bin/python3 -c '
import json, sys
o = json.load(sys.stdin)
print(json.dumps(eval(sys.argv[1]), sort_keys=True))' "$1"
}

run_stet agree p.stet --format json
expect_rc "stet agree runs before any decision" 0
expect_eq "there is no \"adjudicated\" key while nothing is decided" "false" \
	"$(json '"adjudicated" in o')"
run_stet export p.stet --final
expect_eq "export --final writes every item, each with \"final\": null" \
	"8 8" "$(printf '%s\n' "$OUT" | grep -c '"final":null') $(printf '%s\n' "$OUT" | wc -l)"
case $OUT in
*'"labels"'*) not_ok "and no annotator's labels" "$OUT" ;;
*) ok "and no annotator's labels" ;;
esac

# r2 NEGATIVE, r4 NEUTRAL; r6 is left undecided.
tui_start rv 100 24 review p.stet --as lead
expect_screen "the review opens on r2" ' item r2 '
step "2 decides r2" 2 -- ' item r4 ' 'saved decision NEGATIVE'
step "3 decides r4" 3 -- ' item r6 ' 'saved decision NEUTRAL'
keys q
expect_exit "the review ends" 0

run_stet export p.stet --final
expect_rc "export --final" 0
expect_eq "r2 has its decision" \
	'{"id":"r2","text":"It works, mostly; the switch is stiff.","meta":{"lang":"en"},"final":"NEGATIVE"}' \
	"$(printf '%s\n' "$OUT" | grep '"r2"')"
expect_eq "r4 has its decision" '"final":"NEUTRAL"' \
	"$(printf '%s\n' "$OUT" | grep '"r4"' | grep -o '"final":"[A-Z]*"')"
expect_eq "the six others are null, r6 among them" "6" \
	"$(printf '%s\n' "$OUT" | grep -c '"final":null')"

run_stet export p.stet --final --format csv
expect_eq "CSV: a final column, empty when undecided" \
	"$(printf 'id,text,final\nr1,The lamp is bright and the battery lasts all night.,\nr2,"It works, mostly; the switch is stiff.",NEGATIVE\nr3,Broke on the second day.,\nr4,Arrived on Tuesday in a brown box.,NEUTRAL')" \
	"$(printf '%s\n' "$OUT" | tr -d '\r' | head -n 5)"

run_stet export p.stet --final --format conll
expect_eq "CoNLL-U: a final comment on the decided items only" \
	"$(printf '# sent_id = r2\n# text = It works, mostly; the switch is stiff.\n# final = NEGATIVE')" \
	"$(printf '%s\n' "$OUT" | grep -A2 '^# sent_id = r2$')"
expect_eq "and only there" "2" "$(printf '%s\n' "$OUT" | grep -c '^# final = ')"

run_stet export p.stet --final --annotations
expect_rc "--final with --annotations is a usage error" 2
run_stet export p.stet --final --format prodigy
expect_rc "--final with --format prodigy is a usage error" 2

# r2 NEGATIVE: alice POSITIVE, bob NEGATIVE, carol POSITIVE
# r4 NEUTRAL:  alice NEUTRAL, bob POSITIVE, carol NEGATIVE
# alice and bob agree once in two (kappa 1/3: chance 1/4), carol never
# (kappa -1/3).
run_stet agree p.stet --format json
expect_rc "stet agree with decisions" 0
expect_eq "adjudicated: two items decided, each annotator on both" \
	'{"alice": [2, 0.5, 0.333333], "bob": [2, 0.5, 0.333333], "carol": [2, 0.0, -0.333333]} 2' \
	"$(json '{k: [v["items"], v["percent_agreement"], round(v["kappa"], 6)] for k, v in o["adjudicated"]["annotators"].items()}') $(json 'o["adjudicated"]["items"]')"
expect_eq "the keys already there stay as they were" \
	'["alice", "bob", "carol"] 7' "$(json 'o["annotators"]') $(json 'o["items"]')"

run_stet agree p.stet --format json --annotators alice,bob
expect_eq "--annotators limits it too" '["alice", "bob"]' \
	"$(json 'sorted(o["adjudicated"]["annotators"])')"

run_stet agree p.stet
expect_match "text: a section against the decisions" \
	'against the decisions \(2 items decided\)' "$OUT"
expect_match "with a line per annotator" 'carol +2 +0\.000 +-0\.333' "$OUT"

run_stet agree p.stet --format markdown
expect_match "markdown: a table" '\| carol \| 2 \| 0\.000 \| -0\.333 \|' "$OUT"

run_stet agree p.stet --format csv
expect_match "CSV: adjudicated rows" \
	'adjudicated,"alice",kappa,0\.3333333333333333[0-9]*,2' "$OUT"
expect_match "percent agreement too" \
	'adjudicated,"carol",percent_agreement,0,2' "$OUT"

done_testing
