#!/bin/sh
# Nothing a project holds can drive the terminal, on any screen: item
# text and meta with every C0 control, every C1 control, the bidi
# embedding, override and isolate controls, the line and paragraph
# separators, terminal sequences that retitle the pane, show the cursor,
# leave the alternate screen, turn the mouse on, set colours and write
# the clipboard (OSC 52), and a line far wider than the pane; annotator,
# session and label names and comments, flags and decisions as hostile,
# with an invalid byte (tests/cli/hostile_project.c writes those past
# the checks, as a project made before them may hold). The label,
# review, report, suggestion and span screens each show them, and the
# pane's title, cursor, modes, colours and clipboard stay as they were.
. "$srcdir/tests/tui/lib.sh"

HOSTILE="$builddir/tests/cli/hostile_project"

# An OSC 52 that reached tmux would land in its paste buffers.
tm set-option -g set-clipboard on

/usr/bin/python3 - <<'PY'
import json
c0 = "".join(chr(c) for c in range(1, 32) if c != 10) + "\x7f"
c1 = "".join(chr(c) for c in range(0x80, 0xa0))
bidi = "".join(chr(c) for c in list(range(0x202a, 0x202f)) +
               list(range(0x2066, 0x206a))) + "\u2028\u2029"
modes = ("\x1b[?25h\x1b[?1049l\x1b[?1000h\x1b[38;5;201m\x1b[48;2;1;2;3m"
         "\x1b]52;c;SGVsbG8=\x07\x1b]0;PWNED\x07\x1b]2;PWNED2\x1b\\"
         "\x9d0;PWNED3\x9c")
texts = [
    ("h1", "c0 " + c0 + " end"),
    ("h2", "c1 " + c1 + " end"),
    ("h3", "bidi a" + bidi + "b end"),
    ("h4", "modes " + modes + " end"),
    ("h5", "long " + "x" * 3000 + modes + " end"),
    ("h6", "\u05e9\u05dc\u05d5\u05dd \u202eabc\u202c " + modes),
]
meta = {"k\x1b]52;c;SGk=\x07ey": "v\x1b]0;META\x07" + c1 + bidi,
        "src": c0, "wide": "y" * 500}
with open("items.jsonl", "w") as f:
    for i, t in texts:
        f.write(json.dumps({"id": i, "text": t, "meta": meta}) + "\n")
with open("pred.jsonl", "w") as f:
    for i, _ in texts:
        f.write(json.dumps({"item": i, "scores": {"POS": 0.1, "NEG": 0.7,
                                                 "RTL": 0.2}}) + "\n")
PY
"$STET" init p.stet --labels POS,NEG,RTL >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import-predictions p.stet --model m pred.jsonl >/dev/null
# Two annotators with hostile names label all six items; labels 2 and 3
# get hostile names.
if "$HOSTILE" p.stet 6; then
	ok "the project gets its hostile names"
else
	not_ok "the project gets its hostile names"
fi
"$STET" config p.stet overlap 4 >/dev/null

ESC=$(printf '\033')

# clean: the pane's state is as the test left it: its title, no paste
# buffer (OSC 52), the alternate screen on, the cursor hidden (shown
# while a prompt takes text: CURSOR=1), no mouse reporting, none of the
# corpus's colours on the screen (as attributes: tmux writes them as
# SGR sequences), and no raw ESC in what it shows.
CURSOR=0
clean() {
	[ "$(pane '#{pane_title}')" = CLEAN ] &&
		[ -z "$(tm list-buffers)" ] &&
		[ "$(pane '#{alternate_on}#{cursor_flag}#{mouse_any_flag}')" = "1${CURSOR}0" ] &&
		! tm capture-pane -e -p -t "=$TUI_CUR:" |
			grep -Eq "$ESC\\[[0-9;]*(38;5;201|48;2;1;2;3)" &&
		! printf '%s' "$SCREEN" | grep -q "$ESC"
}

state() {
	echo "title $(pane '#{pane_title}'), buffers $(tm list-buffers | wc -l), alternate/cursor/mouse $(pane '#{alternate_on}#{cursor_flag}#{mouse_any_flag}')"
}

# see "what" FIXED...: the screen shows every fixed string, and is clean.
see() {
	see_what=$1
	shift
	if wait_until shows "$@" && clean; then
		ok "$see_what"
	else
		not_ok_screen "$see_what" "looked for: $*" "$(state)"
	fi
}
shows() {
	for s in "$@"; do
		printf '%s\n' "$SCREEN" | grep -Fq -- "$s" || return 1
	done
}

# start NAME ARGS...: a pane of stet ARGS, its title set to CLEAN.
start() {
	start_name=$1
	shift
	tui_start "$start_name" 100 30 "$@"
	wait_until screen_has ' \? help'
	tm select-pane -t "=$start_name:" -T CLEAN
	wait_until title_clean
}
title_clean() {
	[ "$(pane '#{pane_title}')" = CLEAN ]
}

# quit_clean "what": q ends stet with status 0, and the pane is back out
# of the alternate screen with its title kept and no paste buffer. (A
# dead pane reports no cursor: that stet shows it again is checked once,
# below, in a pane that outlives it.)
quit_clean() {
	keys q
	wait_exit
	if [ "$RC" = 0 ] && [ "$(pane '#{pane_title}')" = CLEAN ] &&
	   [ -z "$(tm list-buffers)" ] &&
	   [ "$(pane '#{alternate_on}#{mouse_any_flag}')" = 00 ]; then
		ok "$1"
	else
		not_ok_screen "$1" "exit status $RC" "$(state)"
	fi
}

# ---- the label screen --------------------------------------------------------
start l label p.stet --as ana
see "label: C0 controls are shown as escapes" \
	'c0 \x01\x02\x03\x04\x05\x06\x07\x08' '\x0b\x0c\r\x0e' '\x1f\x7f end'
see "label: hostile label names are shown escaped in the bar" \
	'2 NEG\x9b31m' '3 R\u{202e}TL'
keys n
see "label: C1 controls are shown as escapes" \
	'\x80\x81\x82\x83' '\x9b\x9c\x9d\x9e\x9f end'
keys n
see "label: bidi controls and separators are shown, reordering nothing" \
	'bidi a\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}\u{2028}\u{2029}b'
keys n
see "label: title, cursor, screen, mouse, colour and clipboard sequences are text" \
	'\x1b[?25h\x1b[?1049l\x1b[?1000h\x1b[38;5;201m' '\x1b]52;c;SGVsbG8=\x07'
keys n
see "label: a line far wider than the pane wraps" 'long' \
	'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
keys n
see "label: a Hebrew item with an override" 'abc\u{202c}'
keys m
see "label: hostile meta keys and values are shown escaped" \
	'meta: {"k\u001B]52;c;SGk=\u0007ey"'
keys m t
see "label: the label picker shows the names escaped" 'NEG\x9b31m' 'R\u{202e}TL'
keys Escape
# A comment typed with a C1 control and an override in it.
keys c
wait_until screen_has 'comment'
tm send-keys -t "=l:" -l "$(printf 'typed \342\200\256 and \342\201\246 here')"
CURSOR=1
see "label: a comment being typed shows its bidi controls escaped" \
	'typed \u{202e} and \u{2066} here'
CURSOR=0
keys Enter
keys 1
wait_until screen_has 'saved'
quit_clean "label: q leaves the terminal as it was"
run_stet log p.stet
expect_match "the comment is kept as typed, and stet log shows it escaped" \
	'typed \\u\{202e\} and \\u\{2066\} here' "$OUT"

# ---- the suggestion --------------------------------------------------------
start s label p.stet --as sue --suggest m
see "suggestion: the model's label is shown with its name escaped" \
	'suggested: NEG\x9b31m 0.70'
quit_clean "suggestion: q leaves the terminal as it was"

# ---- review ------------------------------------------------------------------
start r review p.stet --all
see "review: annotator names, notes, flags and the decision are escaped" \
	'ann\x1b]0;PWNED\x07' 'bob\x9b31m' 'note \x1b]8;;http://x\x07link' \
	'flag \x1b[31mred\x1b[0m\x9b' 'decision  NEG\x9b31m'
keys n n n
see "review: an item of terminal sequences" '\x1b[?25h\x1b[?1049l' 'ann\x1b]0;PWNED\x07'
quit_clean "review: q leaves the terminal as it was"

# ---- report ------------------------------------------------------------------
start rp report p.stet
see "report: hostile annotator, session and label names are escaped" \
	'ann\x1b]0;P' 'NEG\x9b31m' 's\x1b[2J\x1b[H'
# A name longer than its column is cut to it: the count after it stays.
if wait_until screen_has '^ s\\x1b\[2J\\x1b\[H +ann\\x1b\]0;PWNED\\ +6 '; then
	ok "report: a session row keeps its columns"
else
	not_ok_screen "report: a session row keeps its columns"
fi
keys Enter
see "report: the confusion matrix names them escaped" 'Confusion:' 'ann\x1b]0;PWNED\x07'
keys q
quit_clean "report: q leaves the terminal as it was"

# ---- the span view -----------------------------------------------------------
"$STET" schema p.stet --add-label PER --kind span >/dev/null
start sp label p.stet --as ana
see "spans: the hostile text is shown escaped in the span view" \
	'c0 \x01\x02' '4 PER'
keys v w 4
see "spans: a span over escaped text is saved" 'saved PER'
keys n n n
see "spans: the sequences are text here too" '\x1b]52;c;SGVsbG8=\x07'
quit_clean "spans: q leaves the terminal as it was"

# The cursor stet hid is shown again when it ends: in a pane whose shell
# outlives it.
tm new-session -d -s after -x 100 -y 30 -c "$SCRATCH" \
	"env TERM=$TUI_TERM LC_ALL=C.UTF-8 STET_THEME_PATH=$srcdir/themes $STET label p.stet --as zed; echo ended; exec sleep 100000"
use after
wait_until screen_has ' \? help'
keys q
if wait_until screen_has '^ended' &&
   [ "$(pane '#{alternate_on}#{cursor_flag}#{mouse_any_flag}')" = 010 ]; then
	ok "after stet the cursor is shown, the screen is the main one, no mouse"
else
	not_ok_screen "after stet the cursor is shown, the screen is the main one, no mouse" "$(state)"
fi

done_testing
