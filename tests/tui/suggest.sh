#!/bin/sh
# Suggestions on the label screen: a model's label pre-selected with its
# confidence and marked as the model's, accepted with Enter, overridden
# with a label key; a multi-label set pre-toggled; --suggest-rate 0
# hides them; and every label event says what was suggested, as stet
# log shows.
. "$srcdir/tests/tui/lib.sh"

i=1
while [ $i -le 6 ]; do
	printf '{"id": "r%d", "text": "Sentence number %d."}\n' $i $i
	i=$((i + 1))
done > items.jsonl
"$STET" init p.stet --labels POS,NEG >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
# Each annotator below starts at r1.
"$STET" config p.stet overlap 4 >/dev/null
# r1: POS at 0.91; r2: the scores form, NEG on top at 0.8; r3: none.
cat > pred.jsonl <<'JSON'
{"item": "r1", "label": "POS", "score": 0.91}
{"item": "r2", "scores": {"POS": 0.2, "NEG": 0.8}}
{"item": "r4", "label": "NEG", "score": 0.6}
JSON
"$STET" import-predictions p.stet --model spacy pred.jsonl >/dev/null

# title_has ID: the title line names item ID.
title_has() {
	line_has 0 " $1 "
}

tui_start a 100 24 label p.stet --as ana --suggest spacy
wait_until title_has r1
step "the model's label is shown with its confidence, model and version" \
	-- '^ suggested: POS 0\.91 \(spacy@1\)  Enter accepts'
if line_has -3 '<1 POS>' && line_has -3 ' 2 NEG( |$)' &&
   ! line_has -3 '\['; then
	ok "the bar marks it <as suggested>, not [as chosen]"
else
	not_ok_screen "the bar marks it <as suggested>, not [as chosen]"
fi
keys Enter
if wait_until title_has r2 && screen_has 'saved POS, as suggested'; then
	ok "Enter accepts it and goes on"
else
	not_ok_screen "Enter accepts it and goes on"
fi
expect_screen "the next item has its own suggestion" \
	'^ suggested: NEG 0\.80 \(spacy@1\)' '<2 NEG>'
keys 1
if wait_until title_has r3 && screen_has 'saved POS'; then
	ok "a label key overrides it"
else
	not_ok_screen "a label key overrides it"
fi
expect_screen "an item without a prediction shows no suggestion" \
	'^ no suggestion for this item'
keys 2
wait_until title_has r4
keys 2
wait_until title_has r5
keys q
expect_exit "q quits" 0

# lines EXPR: EXPR over the list of JSON lines on standard input, as d.
lines() {
	/usr/bin/python3 -c "import json, sys; d = [json.loads(l) for l in sys.stdin]; print($1)"
}
# Events 1 to 4 are ana's labels of r1 to r4, all shown (a rate of 1):
# r1 accepted, r2 overridden, r3
# without a prediction, r4 labelled NEG with NEG suggested.
expect_eq "stet log says what was suggested, in text" \
	"label POS suggested=POS:0.91:spacy@1|label POS suggested=NEG:0.80:spacy@1|label NEG|label NEG suggested=NEG:0.60:spacy@1" \
	"$("$STET" log p.stet | sed 's/^.* item=r[0-9] //; s/ ms=.*//' | paste -sd '|')"
expect_eq "and in JSON, null when nothing was" \
	"shown spacy 1 ['POS'] 0.91|shown spacy 1 ['NEG'] 0.8|None|shown spacy 1 ['NEG'] 0.6" \
	"$("$STET" log p.stet --format jsonl | lines '"|".join("None" if x["suggestion"] is None else " ".join(str(x["suggestion"][k]) for k in ("state", "model", "version", "labels", "score")) for x in d)')"

# --suggest-rate 0: the suggestion is never on screen, and the event
# says it was hidden, with what it would have been.
tui_start b 100 24 label p.stet --as bo --suggest spacy --suggest-rate 0
wait_until title_has r1
expect_screen "with --suggest-rate 0 no suggestion shows" \
	'^ no suggestion for this item'
if line_has -3 '<'; then
	not_ok_screen "and nothing is marked on the bar"
else
	ok "and nothing is marked on the bar"
fi
keys 2
wait_until title_has r2
keys q
expect_exit "q quits" 0
expect_eq "the event says HIDDEN, with what was kept from the screen" \
	"label NEG hidden=POS:0.91:spacy@1" \
	"$("$STET" log p.stet --annotator bo | sed 's/^.* item=r[0-9] //; s/ ms=.*//')"

# The project's option does the same as --suggest; off turns it off.
"$STET" config p.stet suggest spacy >/dev/null
tui_start c 100 24 label p.stet --as cy
wait_until title_has r1
expect_screen "the project option suggest shows the model's suggestion" \
	'^ suggested: POS 0\.91 \(spacy@1\)'
keys q
expect_exit "q quits" 0
tui_start d 100 24 label p.stet --as cy --suggest off
wait_until title_has r1
if screen_has 'suggest'; then
	not_ok_screen "--suggest off turns it off"
else
	ok "--suggest off turns it off"
fi
keys q
expect_exit "q quits" 0

# Multi-label: the set scored above 0.5 is pre-toggled, marked as the
# model's until a key toggles a label; Enter saves the set as toggled.
"$STET" init m.stet --labels A,B,C --multi >/dev/null
"$STET" import m.stet items.jsonl >/dev/null
printf '{"item": "r1", "scores": {"A": 0.9, "B": 0.7, "C": 0.1}}\n' |
	"$STET" import-predictions m.stet --model mx - >/dev/null
tui_start e 100 24 label m.stet --as ana --suggest mx
wait_until title_has r1
expect_screen "the predicted set is pre-toggled and marked as suggested" \
	'^ suggested: A\+B 0\.90 \(mx@1\)' '<1 A> <2 B>  3 C'
keys 2
expect_screen "a toggled label is the annotator's: B off, A still suggested" \
	'<1 A>  2 B   3 C'
keys 3
expect_screen "C toggled on is drawn as chosen" '<1 A>  2 B  \[3 C\]'
keys Enter
wait_until title_has r2
keys q
expect_exit "q quits" 0
expect_eq "Enter saved the set as toggled, with the suggestion recorded" \
	"label A,C suggested=A,B:0.90:mx@1" \
	"$("$STET" log m.stet | sed 's/^.* item=r[0-9] //; s/ ms=.*//')"

# A model the project lacks: stet label says so and writes nothing (no
# session, no event).
before=$("$STET" log m.stet | wc -l)
tui_start f 100 24 label m.stet --as ana --suggest nosuch
expect_exit "stet label --suggest with a model the project lacks fails" 1
expect_match "naming it" 'no model "nosuch" to suggest labels' "$ERR"
expect_eq "and writes no event" "$before" "$("$STET" log m.stet | wc -l)"

# --suggest-rate 0.5 shows the suggestion on the items stet(1)'s draw
# picks: u = the top 53 bits of mix(seed ^ mix(item ^ mix(annotator)))
# over 2^53, shown when u < 0.5, with mix the splitmix64 finaliser,
# computed here apart from stet. In a new project the creator is
# annotator 1 and ana the next, 2; the seed is the project's, 1; items
# are numbered in import order.
"$STET" init r.stet --labels POS,NEG >/dev/null
"$STET" import r.stet items.jsonl >/dev/null
"$STET" import-predictions r.stet --model spacy pred.jsonl >/dev/null
draws=$(/usr/bin/python3 -c '
M = (1 << 64) - 1
def mix(x):
    x = (x + 0x9e3779b97f4a7c15) & M
    x = ((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9) & M
    x = ((x ^ (x >> 27)) * 0x94d049bb133111eb) & M
    return x ^ (x >> 31)
# r1, r2 and r4 have predictions (items 1, 2 and 4).
print(" ".join("shown" if (mix(1 ^ mix(i ^ mix(2))) >> 11) / 2.0**53 < 0.5
               else "hidden" for i in (1, 2, 4)))')
tui_start g 100 24 label r.stet --as ana --suggest spacy --suggest-rate 0.5
seen=
for id in r1 r2 r3 r4; do
	wait_until title_has $id
	wait_for '^ (suggested|no suggestion)'
	case $id in
	r3) ;;
	*)
		if screen_has '^ suggested:'; then
			seen="$seen shown"
		else
			seen="$seen hidden"
		fi
		;;
	esac
	keys 1
done
wait_until title_has r5
keys q
expect_exit "q quits" 0
expect_eq "--suggest-rate 0.5 shows it on the items the documented draw picks" \
	"$draws" "${seen# }"
expect_eq "and the events say so" "$draws" \
	"$("$STET" log r.stet --format jsonl | lines '" ".join(x["suggestion"]["state"] for x in d if x["suggestion"])')"
done_testing
