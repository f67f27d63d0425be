#!/bin/sh
# Label names with spaces, commas and other scripts on the screens: the
# label bar shows them whole, a hotkey gives the label under its own
# name (as stet export shows), and stet review lists two annotators'
# labels with a comma inside a name quoted.
. "$srcdir/tests/tui/lib.sh"

"$STET" init p.stet --labels 'Not Humor,"Yes, really",가나다' >/dev/null
printf '%s\n' '{"id": "j1", "text": "Joe rules out a bid"}' \
	'{"id": "j2", "text": "A pitch so slow"}' >items.jsonl
"$STET" import p.stet items.jsonl >/dev/null

tui_start s1 100 24 label p.stet --as ana
expect_screen "the label bar shows each name whole" \
	'1 Not Humor +2 Yes, really +3 가나다'
step "1 gives Not Humor and goes on to j2" 1 -- 'A pitch so slow'
step "2 gives Yes, really" 2 -- 'that was the last item|nothing is left'
keys q
run_stet export p.stet
expect_eq "the export holds the names as they are" \
	"$(printf '%s\n' '{"id":"j1","text":"Joe rules out a bid","labels":{"ana":"Not Humor"}}' \
		'{"id":"j2","text":"A pitch so slow","labels":{"ana":"Yes, really"}}')" "$OUT"

printf '%s\n' '{"item": "j1", "annotator": "bo", "label": "Yes, really"}' >bo.jsonl
"$STET" import-annotations p.stet bo.jsonl >/dev/null
"$STET" team p.stet add lead --role lead >/dev/null 2>&1 || :
tui_start r1 100 24 review p.stet --as lead
expect_screen "the review shows both labels, the one with a comma quoted" \
	' item j1 ' '^ ana  Not Humor   bo  "Yes, really"$'

done_testing
