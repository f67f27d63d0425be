#!/bin/sh
# Control characters and escape sequences in a corpus reach the screen as
# visible escapes (\x1b, \r ...), never as terminal commands: the pane's
# title stays as it was, the screen is not cleared, no colour leaks.
. "$srcdir/tests/tui/lib.sh"

# JSON's \u escapes put the raw control characters into the items.
cat > items.jsonl <<'JSON'
{"id": "e00", "text": "A plain first item."}
{"id": "e01", "text": "title \u001b]0;HACKED\u0007 after"}
{"id": "e02", "text": "clear \u001b[2J\u001b[H after"}
{"id": "e03", "text": "\u001b[31mred\u001b[0m plain"}
{"id": "e04", "text": "AAAAAAAA\rBB carriage"}
{"id": "e05", "text": "back\bspace"}
{"id": "e06", "text": "tab\there"}
{"id": "e07", "text": "csi \u009b2J and st \u001b]2;HACKED2\u001b\\ done"}
{"id": "e08", "text": "bidi \u202eevil\u202c end"}
{"id": "e09", "text": "bell\u0007 nul-free \u007f del"}
{"id": "x\u001b]0;IDHACK\u0007", "text": "the id is hostile"}
{"id": "e11", "text": "hostile meta", "meta": {"note": "\u001b]0;METAHACK\u0007\u001b[2J"}}
JSON
"$STET" init p.stet --labels POSITIVE,NEGATIVE >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

tui_start s1 100 30 label p.stet --as ana
expect_screen "the screen opens on e00" ' item e00 ' 'A plain first item\.'
# The title tmux keeps for the pane, set now; an OSC sequence reaching the
# terminal would change it.
tm select-pane -t "=s1:" -T CLEAN
title_clean() {
	[ "$(pane '#{pane_title}')" = CLEAN ]
}
if wait_until title_clean; then
	ok "the pane's title is set to CLEAN"
else
	not_ok "the pane's title is set to CLEAN" "title: $(pane '#{pane_title}')"
fi

ESC=$(printf '\033')
# intact: the title line, the label bar and the status line are where
# they belong, the title of the pane is CLEAN, and the screen holds no
# raw ESC.
intact() {
	line_has 0 '^ stet  p\.stet  ana  item ' &&
		line_has -3 '1 POSITIVE +2 NEGATIVE' &&
		line_has -2 '^ [0-9]+ done · [0-9]+ left ' &&
		! printf '%s' "$SCREEN" | grep -q "$ESC" &&
		[ "$(pane '#{pane_title}')" = CLEAN ]
}

# see ID "what" FIXED-TEXT: n goes on to item ID, whose text shows
# FIXED-TEXT (a literal string), and the screen is intact.
see() {
	keys n
	if wait_until screen_has " item $1 " && wait_until grep_fixed "$3" &&
		intact; then
		ok "$2"
	else
		not_ok_screen "$2" "looked for: $3" "pane title: $(pane '#{pane_title}')"
	fi
}
grep_fixed() {
	printf '%s\n' "$SCREEN" | grep -Fq -- "$1"
}

see e01 "an OSC title sequence is shown as \\x1b...\\x07" \
	' title \x1b]0;HACKED\x07 after'
see e02 "a clear-screen sequence is shown, the screen not cleared" \
	' clear \x1b[2J\x1b[H after'
see e03 "a colour sequence is shown as text" ' \x1b[31mred\x1b[0m plain'
# The item's line with its attributes (tmux writes one SGR an attribute):
# no red foreground (SGR 31) on it.
if tm capture-pane -e -p -t "=s1:" | grep -F 'red\x1b' | grep -Eq "$ESC\\[31m"; then
	not_ok "no red reaches the terminal" "$(tm capture-pane -e -p -t "=s1:" | grep -F 'red\x1b' | od -c | head)"
else
	ok "no red reaches the terminal"
fi
see e04 "a carriage return is shown escaped, nothing overwritten" \
	' AAAAAAAA\rBB carriage'
see e05 "a backspace is shown as \\x08" ' back\x08space'
see e06 "a tab is drawn as spaces" ' tab    here'
see e07 "a C1 CSI and an ST-terminated OSC are shown" \
	' csi \x9b2J and st \x1b]2;HACKED2\x1b\ done'
see e08 "bidi controls are shown as \\u{...}" ' bidi \u{202e}evil\u{202c} end'
see e09 "BEL and DEL are shown as \\x07 and \\x7f" ' bell\x07 nul-free \x7f del'
keys n
if wait_until grep_fixed ' item x\x1b]0;IDHACK\x07 ' && intact; then
	ok "a hostile id is shown escaped in the title line"
else
	not_ok_screen "a hostile id is shown escaped in the title line" \
		"pane title: $(pane '#{pane_title}')"
fi
see e11 "an item with hostile meta data" ' hostile meta'
keys m
if wait_until screen_has 'meta \(m hides\)' && wait_until grep_fixed 'METAHACK' &&
	intact; then
	ok "the meta view shows hostile meta data as text"
else
	not_ok_screen "the meta view shows hostile meta data as text" \
		"pane title: $(pane '#{pane_title}')"
fi
keys m

# Labeling a hostile item works and keeps the text as it was.
keys 1
expect_screen "a label on the last item is saved" '^ saved POSITIVE'
keys q
expect_exit "q quits with status 0" 0
expect_eq "the pane's title never changed" CLEAN "$(pane '#{pane_title}')"
run_stet export p.stet
expect_match "the export keeps the text byte for byte (as JSON escapes)" \
	'^\{"id":"e11","text":"hostile meta","meta":\{"note":"\\u001B\]0;METAHACK\\u0007\\u001B\[2J"\},"labels":\{"ana":"POSITIVE"\}\}$' "$OUT"

done_testing
