#!/bin/sh
# Tokens at import, as a user meets them: a CoNLL-U form or a Prodigy
# token that does not match its text is a bad record naming its file
# and line (exit 1, nothing written; --skip-bad passes over it), and a
# token that NFC would cut is refused with what to do.
. "$srcdir/tests/cli/lib.sh"

new_project() {
	rm -f "$1.stet" "$1.stet-lock"
	"$STET" init "$1.stet" --labels A,B >/dev/null 2>&1 ||
		not_ok "init $1.stet"
}

tab=$(printf '\t')
# Two sentences; the second's third word says "sat" where its text
# says "sits" (line 11: five lines of s1, a blank, two comments, two
# words before it).
cat >s.conllu <<CONLLU
# sent_id = s1
# text = Dogs bark.
1${tab}Dogs${tab}dog${tab}NOUN${tab}_${tab}_${tab}2${tab}nsubj${tab}_${tab}_
2${tab}bark${tab}bark${tab}VERB${tab}_${tab}_${tab}0${tab}root${tab}_${tab}SpaceAfter=No
3${tab}.${tab}.${tab}PUNCT${tab}_${tab}_${tab}2${tab}punct${tab}_${tab}_

# sent_id = s2
# text = The cat sits
1${tab}The${tab}the${tab}DET${tab}_${tab}_${tab}2${tab}det${tab}_${tab}_
2${tab}cat${tab}cat${tab}NOUN${tab}_${tab}_${tab}3${tab}nsubj${tab}_${tab}_
3${tab}sat${tab}sit${tab}VERB${tab}_${tab}_${tab}0${tab}root${tab}_${tab}_
CONLLU

new_project p
run_stet import p.stet s.conllu
expect_rc "a form not in the text fails the import" 1
expect_eq "the message names the file, the line and the form" \
	"stet: import: s.conllu:11: the form \"sat\" is not in the sentence's text after code point 7" \
	"$ERR"
expect_eq "nothing of the file is written" "0 0 0" "$(counts p.stet)"

run_stet import p.stet --skip-bad s.conllu
expect_rc "--skip-bad imports the other sentence" 0
expect_eq "the summary counts the sentence skipped" \
	"1 item added, 0 duplicates, 1 skipped" "$OUT"
expect_eq "the skipped sentence is listed" \
	"stet: import: skipped s.conllu:11: the form \"sat\" is not in the sentence's text after code point 7" \
	"$ERR"

# "Hi 👋 Zoë!" with Zoë at 6-9, as UTF-16 counts it (the wave is two
# units): in code points, which Prodigy uses, 6-9 is "oë!".
printf '%s\n' \
	'{"text":"ok","tokens":[{"text":"ok","start":0,"end":2,"id":0,"ws":false}]}' \
	'{"text":"Hi 👋 Zoë!","tokens":[{"text":"Zoë","start":6,"end":9,"id":2,"ws":false}]}' \
	>p.jsonl
new_project q
run_stet import q.stet p.jsonl
expect_rc "a Prodigy token that does not match its text fails the import" 1
expect_eq "the message names the line, the token and the text there" \
	"stet: import: p.jsonl:2: token 0 (\"Zoë\") at 6-9 does not match the text there (\"oë!\")" \
	"$ERR"
expect_eq "nothing of it is written" "0 0 0" "$(counts q.stet)"

# "Cafe" + U+0301 with a token ending between the e and its accent:
# stet keeps text in NFC, where the two are one character.
printf '{"text":"Cafe\314\201","tokens":[{"text":"Cafe","start":0,"end":4},{"text":"\314\201","start":4,"end":5}]}\n' >nfd.jsonl
run_stet import q.stet nfd.jsonl
expect_rc "a token NFC would cut fails the import" 1
expect_eq "the message says why and what to do" \
	"stet: import: nfd.jsonl:1: token 0 (characters 0-4) cannot be kept: stet stores text in NFC, which joins the character at its end with the one beside it; give the text and tokens in NFC" \
	"$ERR"

# The same text with whole-word tokens imports, in NFC.
printf '{"id":"c","text":"Cafe\314\201 ok","tokens":[{"text":"Cafe\314\201","start":0,"end":5},{"text":"ok","start":6,"end":8}]}\n' >nfd2.jsonl
run_stet import q.stet nfd2.jsonl
expect_rc "tokens on whole characters are carried into NFC" 0
expect_eq "its text is stored in NFC" "Café ok" \
	"$("$STET" export q.stet | /usr/bin/python3 -c 'import json, sys; print(json.loads(sys.stdin.readline())["text"])')"

done_testing
