# What the full-screen tests share. Each script sources this, after which
# it has the TAP functions of tests/cli/lib.sh, a scratch directory as its
# working directory, and a private tmux server in which it runs the real
# binary ($STET) in panes of a fixed size: keys types into a pane,
# capture reads it, wait_for polls it until something shows.
#
# Nothing here sleeps for a fixed time to let stet catch up: every step
# waits for what the screen must show next, up to a timeout that is long
# because the tests run under sanitizers on busy machines.

. "$srcdir/tests/cli/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi

# A terminal type the terminfo database knows, for the panes.
TUI_TERM=screen
for t in tmux-256color screen-256color screen; do
	if infocmp "$t" >/dev/null 2>&1; then
		TUI_TERM=$t
		break
	fi
done

TUI_SOCK="stet-test-$$"
TUI_TIMEOUT=${TUI_TIMEOUT:-10}
TUI_CUR=
SCREEN=
unset TMUX TMUX_PANE

tm() {
	tmux -L "$TUI_SOCK" -f /dev/null "$@"
}

tui_cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$SCRATCH"
}
trap tui_cleanup EXIT
trap 'exit 130' INT TERM HUP

# The server, with a session that only keeps it alive. Panes stay after
# their program ends (remain-on-exit), so that a failing test can still
# show the last screen.
tm new-session -d -s keep -x 80 -y 24 -c "$SCRATCH" "exec sleep 100000" \; \
	set-option -g remain-on-exit on \; \
	set-option -g status off \; \
	set-option -g history-limit 0 || {
	echo "1..0 # SKIP cannot start a tmux server"
	exit 0
}
# Should this script be killed outright, the server goes too.
(
	while kill -0 $$ 2>/dev/null; do
		sleep 1
	done
	tm kill-server
) >/dev/null 2>&1 &

# now_ms: milliseconds since the epoch (GNU date).
now_ms() {
	t=$(date +%s%N)
	echo $((t / 1000000))
}

# tui_start NAME COLS LINES ARGS...: runs `$STET ARGS...` in a new tmux
# session NAME of COLS x LINES, which becomes the current one. The pane
# runs a shell that runs stet, with its stderr going to NAME.err in the
# scratch directory, and then writes stet's exit status to NAME.rc (tmux
# 3.3 sometimes never reaps a pane's own process, so #{pane_dead_status}
# cannot be relied on). The shell outlives a Ctrl-C typed into the pane
# (which signals the whole process group). The environment is ours with TERM, LC_ALL=C.UTF-8
# and STET_THEME_PATH set and NO_COLOR, STET_THEME, STET_BREAK and LANG
# removed; then the words of $TUI_ENV (VAR=value ...) are added.
tui_start() {
	name=$1 cols=$2 rows=$3
	shift 3
	rm -f "$SCRATCH/$name.err" "$SCRATCH/$name.rc"
	# shellcheck disable=SC2086
	tm new-session -d -s "$name" -x "$cols" -y "$rows" -c "$SCRATCH" \
		sh -c 'trap : INT QUIT; "$@" 2>"$0.err"; echo $? >"$0.rc.tmp"; mv "$0.rc.tmp" "$0.rc"' \
		"$SCRATCH/$name" \
		env -u NO_COLOR -u STET_THEME -u STET_BREAK -u LANG \
		TERM="$TUI_TERM" LC_ALL=C.UTF-8 \
		STET_THEME_PATH="$srcdir/themes" ${TUI_ENV:-} "$STET" "$@"
	TUI_CUR=$name
}

# use NAME: make session NAME the current one.
use() {
	TUI_CUR=$1
}

# keys KEY...: tmux key names (1, q, Space, Enter, Left, BSpace ...).
keys() {
	tm send-keys -t "=$TUI_CUR:" "$@"
}

# capture: the pane's screen, one line a screen line, trailing blanks cut.
capture() {
	tm capture-pane -p -t "=$TUI_CUR:"
}

# capture_full: the same with trailing blanks kept (every line as wide
# as the pane).
capture_full() {
	tm capture-pane -p -N -t "=$TUI_CUR:"
}

# pane FORMAT: a tmux format of the current pane, e.g. '#{pane_pid}'.
pane() {
	tm display-message -p -t "=$TUI_CUR:" "$1"
}

# snap: the screen into $SCREEN, a blank last line made " " so that it
# keeps every line and line_has can count from the bottom.
snap() {
	SCREEN=$(capture | sed '$s/^$/ /')
}

# max_width: the widest line of $SCREEN in terminal cells.
max_width() {
	printf '%s\n' "$SCREEN" | PYTHONIOENCODING=utf-8 /usr/bin/python3 -c '
import sys, unicodedata
def w(s):
    n = 0
    for c in s:
        if unicodedata.combining(c) or c == "\u200d" or unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        n += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return n
print(max([w(l.rstrip("\n")) for l in sys.stdin] + [0]))
'
}

# line N: screen line N (from 0) of $SCREEN, the last capture.
line() {
	printf '%s\n' "$SCREEN" | sed -n "$(($1 + 1))p"
}

# wait_until [-t SECONDS] COMMAND...: captures the screen into $SCREEN
# every 0.05 s until COMMAND succeeds (it may look at $SCREEN), or the
# timeout ($TUI_TIMEOUT, 10 s) passes; then the status is 1.
wait_until() {
	wu_timeout=$TUI_TIMEOUT
	if [ "$1" = -t ]; then
		wu_timeout=$2
		shift 2
	fi
	wu_end=$(($(now_ms) + wu_timeout * 1000))
	while :; do
		snap
		if "$@"; then
			return 0
		fi
		[ "$(now_ms)" -lt "$wu_end" ] || return 1
		sleep 0.05
	done
}

# screen_has REGEX...: every extended regex matches some line of $SCREEN.
screen_has() {
	for re in "$@"; do
		printf '%s\n' "$SCREEN" | grep -Eq -- "$re" || return 1
	done
	return 0
}

# line_has N REGEX: screen line N (negative: counted from the bottom, -1
# the last) matches REGEX.
line_has() {
	ln=$1
	if [ "$ln" -lt 0 ]; then
		ln=$(($(printf '%s\n' "$SCREEN" | wc -l) + ln))
	fi
	line "$ln" | grep -Eq -- "$2"
}

# wait_for REGEX [SECONDS]: waits until the screen shows REGEX.
wait_for() {
	wait_until -t "${2:-$TUI_TIMEOUT}" screen_has "$1"
}

# wait_screen REGEX...: waits until the screen shows every REGEX at once.
wait_screen() {
	wait_until screen_has "$@"
}

# step "what" KEYS -- REGEX...: presses KEYS, then one TAP line: ok when
# the screen shows every REGEX within the timeout, otherwise not ok with
# the screen.
step() {
	st_what=$1
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		keys "$1"
		shift
	done
	[ $# -gt 0 ] && shift
	if wait_screen "$@"; then
		ok "$st_what"
	else
		not_ok_screen "$st_what" "waited for: $*"
	fi
}

# expect_screen "what" REGEX...: ok when the screen shows every REGEX
# within the timeout.
expect_screen() {
	es_what=$1
	shift
	if wait_screen "$@"; then
		ok "$es_what"
	else
		not_ok_screen "$es_what" "waited for: $*"
	fi
}

# not_ok_screen "what" LINES...: a failure, with the last screen and the
# pane's stderr as diagnostics.
not_ok_screen() {
	nos_what=$1
	shift
	not_ok "$nos_what" "$@" "screen of $TUI_CUR:"
	printf '%s\n' "$SCREEN" | sed 's/^/#   |/'
	if [ -s "$SCRATCH/$TUI_CUR.err" ]; then
		echo "#   stderr of $TUI_CUR:"
		head -c 3000 "$SCRATCH/$TUI_CUR.err" | sed 's/^/#   /'
	fi
}

rc_written() {
	[ -f "$SCRATCH/$TUI_CUR.rc" ]
}

# wait_exit [SECONDS]: waits for stet in the current pane to end and sets
# RC to its exit status (128+N when killed by signal N), or to "running"
# when it did not end in time; ERR to its stderr.
wait_exit() {
	if wait_until -t "${1:-$TUI_TIMEOUT}" rc_written; then
		RC=$(cat "$SCRATCH/$TUI_CUR.rc")
	else
		RC=running
	fi
	ERR=$(cat "$SCRATCH/$TUI_CUR.err" 2>/dev/null)
}

# expect_exit "what" N [SECONDS]: the current pane's program ends with
# status N within the timeout.
expect_exit() {
	wait_exit "${3:-}"
	if [ "$RC" = "$2" ]; then
		ok "$1"
	else
		not_ok_screen "$1" "expected exit status $2, got $RC"
	fi
}

# stet_pid: the process id of stet in the current pane: the child of the
# pane's shell.
stet_pid() {
	ps -o pid= --ppid "$(pane '#{pane_pid}')" | head -n 1 | tr -d ' '
}

# title_id: the item id the title line (line 0 of $SCREEN) shows.
title_id() {
	line 0 | sed -n 's/.* item \([^ ]*\) .*/\1/p'
}

# items_jsonl N PREFIX: N text items with ids PREFIX01.. on stdout.
items_jsonl() {
	i=1
	while [ "$i" -le "$1" ]; do
		printf '{"id": "%s%02d", "text": "Item number %d of the test corpus."}\n' "$2" "$i" "$i"
		i=$((i + 1))
	done
}
