#!/bin/sh
# stet review through tmux: a project with three annotators' records
# imported; the screen walks the items they disagree on with every
# annotator's label and name, a label key decides the item (as stet
# export --final shows afterwards), u takes the decision back, n and b
# move without deciding, ? shows the keys, q quits. --blind hides the
# names, --labels narrows the walk, and a walk with nothing in it says
# so in one line without opening the screen.
. "$srcdir/tests/tui/lib.sh"

D="$srcdir/testdata/review"
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet "$D/items.jsonl" >/dev/null
"$STET" import-annotations p.stet "$D/annotations.jsonl" >/dev/null
# The decisions are made --as lead; where the team knows roles, make
# "lead" one (the login user made the project, and is its first lead).
"$STET" team p.stet add lead --role lead >/dev/null 2>&1 || :

# The decisions as `stet export --final` writes them: "r2=NEGATIVE" a
# line, for the items decided.
finals() {
	"$STET" export p.stet --final --format csv |
		tr -d '\r' | awk -F, 'NR > 1 && $NF != "" { print $1 "=" $NF }'
}

tui_start r1 100 24 review p.stet --as lead
expect_screen "the review opens on the first disagreement, r2, with every name and label" \
	'^ stet review  p\.stet  lead  item r2 ' 'the switch is stiff' \
	'^ alice  POSITIVE   bob  NEGATIVE   carol  POSITIVE$' \
	'^ decision  none yet$' '^ 1 / 3 \[' '1 POSITIVE +2 NEGATIVE +3 NEUTRAL'
if screen_has ' item r1 ' || screen_has ' item r3 '; then
	not_ok_screen "items where everyone agrees are not shown"
else
	ok "items where everyone agrees are not shown"
fi
step "2 decides NEGATIVE, says saved and goes on to r4" 2 -- \
	' item r4 ' '^ saved decision NEGATIVE$' ' saved$' '^ 2 / 3 ' '1 decided' \
	'^ alice  NEUTRAL   bob  POSITIVE   carol  NEGATIVE$'
expect_eq "the decision is in the project at once" "r2=NEGATIVE" "$(finals)"
step "b goes back to r2, which shows the decision" b -- \
	' item r2 ' '^ decision  NEGATIVE  by lead$' '\[2 NEGATIVE\]'
step "n moves on to r4 without deciding" n -- ' item r4 ' '^ decision  none yet$'
step "3 decides r4 NEUTRAL" 3 -- ' item r6 ' '^ saved decision NEUTRAL$' '2 decided'
step "u undoes the decision on r4 and goes back to it" u -- \
	' item r4 ' '^ saved undo of the decision$' '^ decision  none yet$' '1 decided'
expect_eq "the undone decision is gone from the export" "r2=NEGATIVE" "$(finals)"
step "Right goes on to r6" Right -- ' item r6 ' '^ 3 / 3 ' \
	'^ bob  NEGATIVE   carol  NEUTRAL$'
step "n on the last item says so" n -- '^ this is the last item$'
step "1 decides the last item and stays there" 1 -- \
	' item r6 ' 'saved decision POSITIVE \(that was the last item\)' \
	'^ decision  POSITIVE  by lead$'
step "Left goes back" Left -- ' item r4 '
step "? shows the keys" '?' -- 'Keys of stet review' 'undo your last decision'
step "Esc closes them" Escape -- '^ decision  none yet$'
keys q
expect_exit "q quits with status 0" 0
expect_eq "the export holds exactly the decisions standing" \
	"$(printf 'r2=NEGATIVE\nr6=POSITIVE')" "$(finals)"

tui_start r2 100 24 review p.stet --as lead --blind
expect_screen "--blind shows annotator 1, 2, 3 for the names" \
	' item r2 ' '^ annotator 1  [A-Z]+   annotator 2  [A-Z]+   annotator 3  [A-Z]+$' \
	'labels \(blind\)'
if screen_has 'alice|bob|carol'; then
	not_ok_screen "and no name"
else
	ok "and no name"
fi
step "a blind decision is recorded all the same" n 3 -- \
	' item r6 ' 'saved decision NEUTRAL'
keys q
expect_exit "and quits with status 0" 0
expect_eq "r4 is now decided" \
	"$(printf 'r2=NEGATIVE\nr4=NEUTRAL\nr6=POSITIVE')" "$(finals)"

tui_start r3 100 24 review p.stet --as lead --labels NEUTRAL,NEGATIVE
expect_screen "--labels NEUTRAL,NEGATIVE walks r4 and r6 only" \
	' item r4 ' '^ 1 / 2 ' '2 decided'
step "n goes to r6" n -- ' item r6 ' '^ 2 / 2 '
keys q
expect_exit "and quits" 0

tui_start r4 100 24 review p.stet --as lead --all
expect_screen "--all walks every item with two labels or more, r1 first" \
	' item r1 ' '^ 1 / 6 ' '^ alice  POSITIVE   bob  POSITIVE   carol  POSITIVE$'
keys q
expect_exit "and quits" 0

run_stet review p.stet --labels NEUTRAL,NEUTRAL --meta lang=en
expect_rc "nothing to review exits 0" 0
expect_eq "with one line saying so" \
	"nothing to review: no item of p.stet has annotators who disagree, one saying NEUTRAL and another NEUTRAL, with lang=en" \
	"$OUT"
run_stet review p.stet --labels POSITIVE,MAYBE
expect_rc "an unknown label is an error" 1
case $ERR in
*'no label "MAYBE"'*) ok "naming the label" ;;
*) not_ok "naming the label" "$ERR" ;;
esac
run_stet review p.stet --labels POSITIVE
expect_rc "--labels takes two labels" 2

done_testing
