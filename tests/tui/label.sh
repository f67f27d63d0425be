#!/bin/sh
# stet label end to end: label, undo, go back and relabel, skip, quit; the
# export holds exactly the labels pressed, and the next session resumes
# at the first item neither labeled nor skipped. Then a multi-label
# project: toggles, Enter saves the set.
. "$srcdir/tests/tui/lib.sh"

items_jsonl 25 t > items.jsonl
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL --overlap 9 >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

# name KEY: the label a hotkey sets.
name() {
	case $1 in
	1) echo POSITIVE ;;
	2) echo NEGATIVE ;;
	3) echo NEUTRAL ;;
	esac
}

# The label bar is the third line from the bottom.
bar_has() {
	line_has -3 "$1"
}
bar_lacks() {
	! line_has -3 "$1"
}

tui_start s1 100 30 label p.stet --as ana
expect_screen "the screen opens on the first item" \
	'^ stet  p\.stet  ana  item t01 ' 'Item number 1 of the test corpus\.' \
	'^ 0 done · 25 left \[' '1 POSITIVE +2 NEGATIVE +3 NEUTRAL'

: > expected
# label ID KEY NEXT: press KEY on item ID; the screen moves to item NEXT
# and says what was saved.
label() {
	step "$1: key $2 saves $(name "$2") and shows $3" "$2" -- \
		" item $3 " "^ saved $(name "$2")\$" " saved\$"
}

label t01 1 t02
label t02 2 t03
label t03 3 t04
label t04 1 t05
# The status line counts ana's items: t01..t03 labeled, 22 of 25 left.
step "u undoes the label of t04 and goes back to it" u -- \
	" item t04 " '^ saved undo of the label$' '^ 3 done · 22 left '
if wait_until bar_lacks '\['; then
	ok "t04 shows no label after the undo"
else
	not_ok_screen "t04 shows no label after the undo"
fi
label t04 2 t05
label t05 3 t06
step "b goes back to t05" b -- " item t05 " '^ 5 done · 20 left '
if wait_until bar_has '\[3 NEUTRAL\]'; then
	ok "t05 shows its label NEUTRAL in brackets"
else
	not_ok_screen "t05 shows its label NEUTRAL in brackets"
fi
label t05 1 t06
# A new label on a labeled item leaves the counts as they were.
step "Left goes back to t05" Left -- " item t05 " '^ 5 done · 20 left '
if wait_until bar_has '\[1 POSITIVE\]' && bar_lacks NEUTRAL\\]; then
	ok "the new label POSITIVE replaced NEUTRAL on t05"
else
	not_ok_screen "the new label POSITIVE replaced NEUTRAL on t05"
fi
step "Right goes on to t06" Right -- " item t06 " '^ 5 done · 20 left '
# A skip is not done, but no longer left.
step "Space skips t06" Space -- " item t07 " '^ saved skip$' " saved\$" '^ 5 done · 19 left '
step "b shows t06 again" b -- " item t06 "
if wait_until bar_has '^ skipped '; then
	ok "the label bar says t06 was skipped"
else
	not_ok_screen "the label bar says t06 was skipped"
fi
step "n goes on to t07" n -- " item t07 "

printf 't01 POSITIVE\nt02 NEGATIVE\nt03 NEUTRAL\nt04 NEGATIVE\nt05 POSITIVE\n' > expected
k=1
for i in 07 08 09 10 11 12 13 14 15 16 17 18 19; do
	label "t$i" $k "t$(printf %02d $((1$i - 100 + 1)))"
	echo "t$i $(name $k)" >> expected
	k=$((k % 3 + 1))
done
# Undo twice: the newest label, then the one before.
step "u undoes the label of t19" u -- " item t19 " '^ saved undo of the label$'
# 18 labeled (t01..t05, t07..t19) less the two undone: 16 done; 25 less
# those and the skip of t06: 8 left.
step "u again undoes the label of t18" u -- " item t18 " '^ saved undo of the label$' '^ 16 done · 8 left '
if wait_until bar_lacks '\['; then
	ok "t18 shows no label after the second undo"
else
	not_ok_screen "t18 shows no label after the second undo"
fi
label t18 3 t19
label t19 2 t20
grep -v '^t1[89] ' expected > expected.new
printf 't18 NEUTRAL\nt19 NEGATIVE\n' >> expected.new
mv expected.new expected
step "Space skips t20" Space -- " item t21 " '^ saved skip$'
step "u undoes the skip" u -- " item t20 " '^ saved undo of the skip$'
if wait_until bar_lacks '^ skipped '; then
	ok "t20 is no longer shown as skipped"
else
	not_ok_screen "t20 is no longer shown as skipped"
fi
step "Space skips t20 again" Space -- " item t21 " '^ saved skip$'
keys q
expect_exit "q quits with status 0" 0
[ -z "$ERR" ] && ok "nothing on stderr" || not_ok "nothing on stderr" "$ERR"

# The export: one record per standing label, exactly what was pressed.
run_stet export p.stet --annotations
expect_rc "export --annotations" 0
printf '%s\n' "$OUT" |
	sed -n 's/^{"item":"\([^"]*\)","annotator":"ana","label":"\([^"]*\)",.*/\1 \2/p' |
	sort > got
sort expected > want
if cmp -s want got; then
	ok "the export holds exactly the 18 labels pressed"
else
	not_ok "the export holds exactly the 18 labels pressed" \
		"$(diff want got | head -n 20)" "export: $(printf '%s' "$OUT" | head -c 1500)"
fi
expect_eq "every exported record is one of ana's labels" \
	"$(wc -l < want | tr -d ' ')" "$(printf '%s\n' "$OUT" | grep -c .)"
expect_match "a record has item, annotator, label, session, time, duration" \
	'^\{"item":"t01","annotator":"ana","label":"POSITIVE","session":"[^"]+","time":"[0-9T:.Z-]+","duration_ms":[0-9]+\}$' "$OUT"

# The next session resumes at t21: t06 and t20 were skipped, the rest up
# to t19 labeled.
tui_start s2 100 30 label p.stet --as ana
# 18 labeled, t06 and t20 skipped: 25 - 18 - 2 = 5 left.
expect_screen "a new session resumes at t21" " item t21 " '^ 18 done · 5 left ' \
	'Item number 21 of the test corpus\.'
step "u in a new session has nothing to undo" u -- \
	'^ nothing to undo in this session$' " item t21 "
step "b goes back to t20" b -- " item t20 " '^ 18 done · 5 left '
if wait_until bar_has '^ skipped '; then
	ok "t20 shows as skipped in the new session"
else
	not_ok_screen "t20 shows as skipped in the new session"
fi
step "b goes back to t19" b -- " item t19 " '^ 18 done · 5 left '
if wait_until bar_has '\[2 NEGATIVE\]'; then
	ok "t19 shows the label of the last session in brackets"
else
	not_ok_screen "t19 shows the label of the last session in brackets"
fi
step "b goes back to t18" b -- " item t18 "
if wait_until bar_has '\[3 NEUTRAL\]'; then
	ok "t18 shows NEUTRAL, chosen after the undo"
else
	not_ok_screen "t18 shows NEUTRAL, chosen after the undo"
fi
keys q
expect_exit "the second session quits with status 0" 0
run_stet export p.stet --annotations
expect_eq "looking does not change the labels" \
	"$(wc -l < want | tr -d ' ')" "$(printf '%s\n' "$OUT" | grep -c .)"

# Another annotator starts from the beginning.
tui_start s3 100 30 label p.stet --as bea
# The overlap is 9: ana's labels leave every item to bea.
expect_screen "a new annotator starts at t01" " item t01 " '^ 0 done · 25 left ' \
	'^ stet  p\.stet  bea  '
if wait_until bar_lacks '\['; then
	ok "bea does not see ana's label on t01"
else
	not_ok_screen "bea does not see ana's label on t01"
fi
keys q
expect_exit "bea quits with status 0" 0

# A multi-label project: keys toggle, Enter saves the set.
"$STET" init m.stet --labels SPORT,POLITICS,CULTURE --multi >/dev/null
"$STET" import m.stet items.jsonl >/dev/null
tui_start m1 100 30 label m.stet --as ana
expect_screen "the multi-label screen opens on t01" " item t01 " \
	'keys toggle labels · Enter saves'
step "1 toggles SPORT on" 1 -- '^ SPORT on; Enter saves$' " item t01 "
step "3 toggles CULTURE on" 3 -- '^ CULTURE on; Enter saves$' " item t01 "
if wait_until bar_has '\[1 SPORT\] +2 POLITICS +\[3 CULTURE\]'; then
	ok "both chosen labels are in brackets"
else
	not_ok_screen "both chosen labels are in brackets"
fi
step "Enter saves the set and goes on" Enter -- " item t02 " '^ saved 2 labels$'
run_stet export m.stet --annotations
expect_match "the export has the set as an array" \
	'^\{"item":"t01","annotator":"ana","label":\["SPORT","CULTURE"\],' "$OUT"
step "b goes back to t01" b -- " item t01 "
if wait_until bar_has '\[1 SPORT\] +2 POLITICS +\[3 CULTURE\]'; then
	ok "t01 shows its saved set"
else
	not_ok_screen "t01 shows its saved set"
fi
step "1 toggles SPORT off" 1 -- '^ SPORT off; Enter saves$'
step "Enter saves the smaller set" Enter -- " item t02 " '^ saved 1 label$'
keys q
expect_exit "the multi-label session quits with status 0" 0
run_stet export m.stet --annotations
expect_eq "one standing record after the change" 1 "$(printf '%s\n' "$OUT" | grep -c .)"
expect_match "the export has the smaller set" \
	'^\{"item":"t01","annotator":"ana","label":\["CULTURE"\],' "$OUT"

done_testing
