#!/bin/sh
# What reads a lead's decisions on spans: stet agree's "spans against
# the decisions" and stet export --final. The decisions are recorded as
# stet review records them (tests/cli/span_decide), the annotators'
# sets as the span view saves them (tests/cli/span_sets).
. "$srcdir/tests/cli/lib.sh"

SETS="$builddir/tests/cli/span_sets"
DECIDE="$builddir/tests/cli/span_decide"
PY=/usr/bin/python3

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

# expect_has "what" STRING TEXT: TEXT holds STRING as it is.
expect_has() {
	if printf '%s\n' "$3" | grep -Fq -- "$2"; then
		ok "$1"
	else
		not_ok "$1" "string: $2" "text:   $(printf '%s' "$3" | head -c 800)"
	fi
}

cat >items.jsonl <<'EOF2'
{"id":"a","text":"Bo Chen met Ann in Oslo"}
{"id":"b","text":"ACME hired Dan"}
{"id":"c","text":"no names here"}
EOF2
cat >sets <<'EOF2'
a ana 0:7:PER 12:15:PER 19:23:LOC
a bo 0:7:PER 19:23:PER
b ana 0:4:ORG
b bo 0:4:ORG 11:14:PER
c ana -
c bo -
EOF2
"$STET" init s.stet --spans PER,ORG,LOC >/dev/null
"$STET" import s.stet items.jsonl >/dev/null
check "the span sets are saved" "$SETS" s.stet <sets

# A project of spans alone is reviewed on its spans (tests/tui/
# review_spans.sh); flags are not a review of spans: --flagged there is
# a usage error naming the option, as --spans is where there are no
# spans, and nothing is written either way.
"$STET" team s.stet add lead --role lead >/dev/null
before=$("$STET" log s.stet | wc -l)
run_stet review s.stet --flagged --as lead
expect_rc "--flagged on a project of spans is a usage error" 2
expect_has "naming the option" "--flagged is for item labels" "$ERR"
"$STET" init l.stet --labels YES,NO >/dev/null
"$STET" team l.stet add lead --role lead >/dev/null
run_stet review l.stet --spans --as lead
expect_rc "--spans on a project without span labels is a usage error" 2
expect_has "naming the option" "--spans: l.stet has no span or token labels" "$ERR"
expect_eq "no review session was opened" "$before" "$("$STET" log s.stet | wc -l)"

# A project of item labels and spans: stet review decides the item
# labels, and where those agree says on how many items the spans
# differ, and how to decide them, rather than let "nothing to review"
# pass for agreement. a and b differ, c does not.
"$STET" init m.stet --labels YES,NO --spans PER,ORG,LOC >/dev/null
"$STET" import m.stet items.jsonl >/dev/null
check "the span sets are saved" "$SETS" m.stet <sets
"$STET" team m.stet add lead --role lead >/dev/null
run_stet review m.stet --as lead
expect_rc "stet review on a mixed project with no label to decide exits 0" 0
expect_has "it says which spans differ, and how to decide them" "2 items of m.stet have annotators whose spans or tags differ: stet review --spans decides them" "$OUT"
# A decision on a's spans alone is no decision on its item label:
# export --final keeps "final" null, and stet agree sets nobody's
# labels against it.
check "a decision on a's spans alone" "$DECIDE" m.stet lead a 0:7:PER
run_stet export m.stet --final
expect_match "export --final: a's spans decided, its label not" \
	'"id":"a".*"final":null,"final_spans":\[\{"start":0,"end":7' "$OUT"
run_stet agree m.stet --format json
expect_eq "stet agree: no item labels decided" None \
	"$(printf '%s' "$OUT" | "$PY" -c 'import json,sys; print(json.load(sys.stdin).get("adjudicated"))')"
run_stet review m.stet --spans --flagged --as lead
expect_rc "--spans with --flagged is a usage error" 2
expect_has "saying how to review flagged items' labels" "leave out --spans" "$ERR"

# e edits a row in stet review of spans: a span schema keeps it from
# hotkeys, as it does the span view's keys.
printf 'PER key=e kind=span\nLOC kind=span\n' >e.schema
run_stet init e.stet --schema e.schema
expect_rc "a span label with the hotkey e is refused" 1
expect_has "naming the label and what e does" 'hotkey "e" of label PER is the key of "edit"' "$ERR"

run_stet agree s.stet --format json
expect_eq "no decision: no spans against the decisions" null \
	"$(printf '%s' "$OUT" | "$PY" -c 'import json,sys; print(json.load(sys.stdin).get("adjudicated_spans"))' | sed 's/None/null/')"

check "a decision taking ana's set on a" "$DECIDE" s.stet lead a 0:7:PER 12:15:PER 19:23:LOC
check "a decision of bo's set on b" "$DECIDE" s.stet lead b 0:4:ORG 11:14:PER
run_stet agree s.stet --format json
expect_rc "stet agree with decisions on spans succeeds" 0
# a: decision 3 spans; ana 3, all exact; bo 2, [0,7) PER exact, [19,23)
# PER against LOC no match. b: decision 2; ana 1 exact; bo 2 exact.
# ana: a=5, b=4, exact 4: F1 8/9 = .889. bo: a=5, b=4, exact 3: 6/9.
expect_eq "two items decided" 2 "$(get adjudicated_spans items)"
expect_eq "ana's exact F1 against the decisions is 8/9" 0.889 \
	"$(get adjudicated_spans annotators ana exact_f1)"
expect_eq "bo's is 6/9" 0.667 "$(get adjudicated_spans annotators bo exact_f1)"
expect_eq "bo's decided spans are 5" 5 \
	"$(get adjudicated_spans annotators bo decided_spans)"
run_stet agree s.stet
expect_has "the text report has the table" "spans against the decisions (2 items decided)" "$OUT"
run_stet agree s.stet --format csv
expect_has "CSV has bo's row" 'spans-adjudicated,"bo",exact_f1,0.66' "$OUT"

run_stet export s.stet --final
expect_rc "stet export --final succeeds" 0
expect_has "b's decision with its text" '"final_spans":[{"start":0,"end":4,"label":"ORG","text":"ACME"},{"start":11,"end":14,"label":"PER","text":"Dan"}]' "$OUT"
expect_match "c, undecided, has null" '"id":"c".*"final_spans":null' "$OUT"

# A span past the end of the item is refused, naming it, and nothing
# is written.
run_check_fail() { "$DECIDE" "$@" 2>err; echo $? >rc; }
run_check_fail s.stet lead c 0:40:PER
expect_eq "a span that does not fit is refused" 1 "$(cat rc)"
expect_has "the message names the item and span" "item c: span [0, 40) PER" "$(cat err)"
run_stet export s.stet --final
expect_match "nothing was written for c" '"id":"c".*"final_spans":null' "$OUT"
done_testing
