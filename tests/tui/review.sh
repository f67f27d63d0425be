#!/bin/sh
# stet review through tmux: a project with three annotators' records
# imported; the screen walks the items they disagree on with every
# annotator's label and name, a label key decides the item (as stet
# export --final shows afterwards), u takes the decision back, n and b
# move without deciding, ? shows the keys, q quits. The next review
# resumes where the lead stopped. --blind hides the names, --labels
# narrows the walk, g goes to an item, / n N search; flags and comments
# left in stet label show beside the item, stet log --flags lists them,
# --flagged walks the flagged items; and a walk with nothing in it says
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
# The meta panel is a lead's, with the item's id and source (stet
# review once crashed on m, with no label options for the panel).
step "m shows the item's meta data" m -- 'meta \(m hides\)' '^ id: r4$'
step "m again hides it" m -- '^ decision  none yet$'
keys q
expect_exit "q quits with status 0" 0
expect_eq "the export holds exactly the decisions standing" \
	"$(printf 'r2=NEGATIVE\nr6=POSITIVE')" "$(finals)"

tui_start r2 100 24 review p.stet --as lead --blind
expect_screen "the next review resumes at r4, where the lead quit" \
	' item r4 ' '^ 2 / 3 ' '^ resumed where you stopped; g 1 goes to the first item$'
expect_screen "--blind shows annotator 1, 2, 3 for the names" \
	'^ annotator 1  [A-Z]+   annotator 2  [A-Z]+   annotator 3  [A-Z]+$' \
	'labels \(blind\)'
if screen_has 'alice|bob|carol'; then
	not_ok_screen "and no name"
else
	ok "and no name"
fi
step "a blind decision is recorded all the same" 3 -- \
	' item r6 ' 'saved decision NEUTRAL'
keys q
expect_exit "and quits with status 0" 0
expect_eq "r4 is now decided" \
	"$(printf 'r2=NEGATIVE\nr4=NEUTRAL\nr6=POSITIVE')" "$(finals)"

tui_start r3 100 24 review p.stet --as lead --labels NEUTRAL,NEGATIVE
expect_screen "--labels NEUTRAL,NEGATIVE walks r4 and r6 only, resuming at r6" \
	' item r6 ' '^ 2 / 2 ' '2 decided'
step "b goes to r4" b -- ' item r4 ' '^ 1 / 2 '
keys q
expect_exit "and quits" 0

# r1, r2, r3, r4, r6 and r7 have two labels or more.
tui_start r4 100 24 review p.stet --as lead --all
expect_screen "--all walks every item with two labels or more, resuming at r4" \
	' item r4 ' '^ 4 / 6 '
step "g 1 goes to the first, r1" g 1 Enter -- \
	' item r1 ' '^ 1 / 6 ' '^ alice  POSITIVE   bob  POSITIVE   carol  POSITIVE$'
keys q
expect_exit "and quits" 0

# alice leaves a flag with a note on r6, one without on r1, a comment
# on r3, and a flag on r8 that she takes back.
tui_start l1 100 24 label p.stet --as alice
wait_for ' item r'
step "a flag with a note" g r6 Enter f 'battery: sarcasm?' Enter -- \
	' item r6 ' '^ saved flag$'
step "a flag without one" g r1 Enter f Enter -- ' item r1 ' '^ saved flag$'
step "a comment" g r3 Enter c 'typo in the text' Enter -- \
	' item r3 ' '^ saved comment$'
step "a flag taken back" g r8 Enter f oops Enter u -- \
	' item r8 ' 'saved undo of the flag'
keys q
expect_exit "labeling ends" 0

run_stet log p.stet --flags
expect_rc "stet log --flags" 0
expect_eq "lists the two flags and the comment standing, not the one undone" \
	'r6 flag "battery: sarcasm?"|r1 flag|r3 note "typo in the text"' \
	"$(printf '%s\n' "$OUT" | sed 's/.* annotator=alice item=//; s/ ms=.*//' | paste -sd '|')"

# The review of the disagreements (r2, r4, r6) starts at r2: the lead
# stopped on r1, which comes before them.
tui_start r5 100 24 review p.stet --as lead
expect_screen "the review starts at r2" ' item r2 ' '^ 1 / 3 '
step "/ searches the items' text: 'o' is next in r4" / o Enter -- \
	' item r4 ' '/o  \(n next, N previous\)'
step "n goes to the next match, r6, which shows alice's flag" n -- \
	' item r6 ' '^ flag +alice  battery: sarcasm\?$' '  flagged'
step "N goes back to r4" N -- ' item r4 '
step "g 3 goes to the third item" Escape g 3 Enter -- ' item r6 ' '^ 3 / 3 '
step "g names an item not in the review" g r1 Enter -- \
	'^ item r1 is not among the items of this review$'
keys q
expect_exit "and quits" 0

tui_start r6 100 24 review p.stet --as lead --flagged
expect_screen "--flagged walks r1 and r6, whatever their labels, resuming at r6" \
	' stet review  p\.stet  lead  flagged ' ' item r6 ' '^ 2 / 2 '
step "r1 shows its flag without a note" b -- ' item r1 ' '^ 1 / 2 ' \
	'^ flag +alice$'
step "and is decided as any other" 1 -- ' item r6 ' '^ saved decision POSITIVE$'
keys q
expect_exit "and quits" 0

tui_start r7 100 24 review p.stet --as lead --all
step "a comment shows on its item" g r3 Enter -- ' item r3 ' \
	'^ comment  alice  typo in the text$'
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
