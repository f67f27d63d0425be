#!/bin/sh
# stet label ends cleanly on SIGHUP, SIGTERM and SIGINT (status 0, the
# terminal restored, labels kept); starts with every theme and with
# NO_COLOR; refuses a bad theme, a locale that is not UTF-8 and a
# standard input that is not a terminal.
. "$srcdir/tests/tui/lib.sh"

items_jsonl 12 g > items.jsonl
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL --overlap 9 >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

labels_of() {
	"$STET" export p.stet --annotations |
		sed -n "s/^{\"item\":\"\\([^\"]*\\)\",\"annotator\":\"$1\",\"label\":\"\\([^\"]*\\)\",.*/\\1 \\2/p" | sort
}

ESC=$(printf '\033')
# colours_on_screen: the current pane, captured with its attributes, has
# a foreground or background colour other than the default (tmux writes
# one SGR an attribute: 31m, 38;5;n, 48;2;r;g;b ...).
colours_on_screen() {
	tm capture-pane -e -p -t "=$TUI_CUR:" |
		grep -Eq "$ESC\\[([34][0-7]|9[0-7]|10[0-7]|[34]8;)"
}

# restored: after stet is gone the pane no longer shows its screen.
restored() {
	snap
	! screen_has '^ stet  p\.stet '
}

# by_signal SIG ANNOTATOR: label two items, send SIG, expect status 0,
# the screen restored and both labels kept.
by_signal() {
	tui_start "$2" 100 30 label p.stet --as "$2"
	expect_screen "$2: the screen opens" " item g01 " "^ stet  p\\.stet  $2  "
	step "$2: g01 labeled" 1 -- ' item g02 ' '^ saved POSITIVE$'
	step "$2: g02 labeled" 2 -- ' item g03 ' '^ saved NEGATIVE$'
	pid=$(stet_pid)
	if [ "$1" = INT ]; then
		keys C-c
	else
		kill -"$1" "$pid"
	fi
	expect_exit "$2: SIG$1 ends stet with status 0" 0
	if [ -z "$ERR" ]; then
		ok "$2: nothing on stderr"
	else
		not_ok "$2: nothing on stderr" "$ERR"
	fi
	if restored; then
		ok "$2: the terminal is restored"
	else
		not_ok_screen "$2: the terminal is restored"
	fi
	expect_eq "$2: both labels are kept" "$(printf 'g01 POSITIVE\ng02 NEGATIVE')" "$(labels_of "$2")"
}

by_signal HUP hana
by_signal TERM tess
by_signal INT ines

# A session ended by a signal is closed like any other: the next one
# resumes where it stopped.
tui_start hana2 100 30 label p.stet --as hana
expect_screen "after SIGHUP the next session resumes at g03" ' item g03 ' '^ 2 done · 10 left '
keys q
expect_exit "and quits with status 0" 0

# Themes. The default theme has colours (which makes the NO_COLOR check
# below able to fail).
tui_start th0 100 30 label p.stet --as theo
expect_screen "the default theme starts" ' item g01 '
if colours_on_screen; then
	ok "the default theme draws in colour"
else
	not_ok_screen "the default theme draws in colour"
fi
keys q
expect_exit "the default theme quits with status 0" 0

TUI_ENV="NO_COLOR=1"
tui_start th1 100 30 label p.stet --as theo
expect_screen "NO_COLOR=1 starts" ' item g01 ' '1 POSITIVE'
if ! colours_on_screen; then
	ok "NO_COLOR=1 draws without colours"
else
	not_ok_screen "NO_COLOR=1 draws without colours" \
		"$(tm capture-pane -e -p -t "=th1:" | head -n 3 | od -c | head -n 8)"
fi
step "NO_COLOR=1 labels" 3 -- ' item g02 ' '^ saved NEUTRAL$'
keys q
expect_exit "NO_COLOR=1 quits with status 0" 0
TUI_ENV=

for theme in mono high-contrast light; do
	tui_start "th-$theme" 100 30 label p.stet --as "$theme" --theme "$theme"
	expect_screen "--theme $theme starts" ' item g01 ' '1 POSITIVE' '^ 0 done · 12 left '
	step "--theme $theme labels" 3 -- ' item g02 ' '^ saved NEUTRAL$'
	keys q
	expect_exit "--theme $theme quits with status 0" 0
	expect_eq "--theme $theme: the label is kept" "g01 NEUTRAL" "$(labels_of "$theme")"
done
tui_start th-file 100 30 label p.stet --as theo --theme "$srcdir/themes/mono.theme"
expect_screen "--theme with a file's path starts" ' item g02 '
keys q
expect_exit "--theme with a path quits with status 0" 0

tui_start th-bad 100 30 label p.stet --as theo --theme nosuchtheme
expect_exit "an unknown theme exits with status 1" 1
expect_match "the message names the theme" 'nosuchtheme' "$ERR"
expect_match "the message is one line from stet label" '^stet: label: ' "$ERR"
TUI_ENV="STET_THEME=otherbadtheme"
tui_start th-env 100 30 label p.stet --as theo
expect_exit "an unknown theme in STET_THEME exits with status 1" 1
expect_match "the message names it" 'otherbadtheme' "$ERR"
TUI_ENV=
tui_start th-path 100 30 label p.stet --as theo --theme ./no/such.theme
expect_exit "a theme file that is not there exits with status 1" 1
expect_match "the message names the file" 'no/such\.theme' "$ERR"

# Refusals write nothing (stet(1): a command that fails leaves the project
# as it was): no new annotator, no session.
run_stet info p.stet --format json
before="$(json_get annotators) annotators, $(json_get sessions) sessions, $(json_get events) events"

# A locale that is not UTF-8.
TUI_ENV="LC_ALL=C"
tui_start loc 100 30 label p.stet --as theo
expect_exit "LC_ALL=C: stet label exits with status 1" 1
expect_match "the message says UTF-8 is needed" 'UTF-8' "$ERR"
TUI_ENV=

# Standard input that is not a terminal.
run_stet label p.stet --as theo </dev/null
expect_rc "stdin from /dev/null exits with status 1" 1
expect_match "with a message that says so" '^stet: label: .*terminal' "$ERR"
expect_eq "and nothing on stdout" "" "$OUT"

run_stet info p.stet --format json
expect_eq "a refused start (stdin not a terminal) adds no annotator or session" \
	"$before" "$(json_get annotators) annotators, $(json_get sessions) sessions, $(json_get events) events"

# A terminal type ncurses does not know.
TUI_ENV="TERM=no-such-terminal"
tui_start term 100 30 label p.stet --as tom
expect_exit "an unknown TERM exits with status 1" 1
expect_match "the message names the terminal type" 'no-such-terminal' "$ERR"
TUI_ENV=
run_stet info p.stet --format json
expect_eq "a refused start (unknown TERM) adds no annotator or session" \
	"$before" "$(json_get annotators) annotators, $(json_get sessions) sessions, $(json_get events) events"

# A project with nothing to label.
"$STET" init empty.stet --labels A,B >/dev/null
run_stet info empty.stet --format json
empty_before="$(json_get annotators) annotators, $(json_get sessions) sessions"
tui_start empty 100 30 label empty.stet --as eve
expect_exit "a project without items exits with status 1" 1
expect_match "the message says to import items" 'no items yet.*stet import' "$ERR"
run_stet info empty.stet --format json
expect_eq "a refused start (no items) adds no annotator or session" \
	"$empty_before" "$(json_get annotators) annotators, $(json_get sessions) sessions"

# None of the refusals labeled anything.
expect_eq "theo has only the label of the session that labeled" \
	"g01 NEUTRAL" "$(labels_of theo)"

done_testing
