# A labeling screen on a failing disk, for tests/faults/label.sh and
# review.sh, sourced after tests/tui/lib.sh and tests/faults/lib.sh.
# A session of the screen (`stet $WALK_CMD p.stet`, on a fresh copy of
# base.stet) is run once with its writes and flushes only counted, then
# once for each of them with that one failing, EIO and ENOSPC in turn.
# The test defines:
#   WALK_CMD     label or review
#   WALK_FIRST   a regex of the first screen
#   WALK_KEPT    what the screen saves: label or decision
#   walk_keys    a function pressing the session's keys with act
#   actions      a function printing what p.stet holds, one line an
#                event, and $expected, what it must hold after the
#                session whatever failed on the way

nevents() {
	"$STET" log p.stet | wc -l | tr -d ' '
}

bad=0
# fail "what" LINES...: a failure of run $n, with the screen.
fail() {
	bad=$((bad + 1))
	not_ok_screen "call $n ($(fault_failed)) failing with $e: $1" "$@"
}

# error_re: a failed write's message, after what it stopped.
error_re() {
	echo "p\\.stet: .*$(strerror "$e")"
}

# act KEY SAVED EVENTS: presses KEY, after which the screen says SAVED
# and the project holds EVENTS events more than base.stet. When the
# write fails, the screen says so, the project holds what it held, and
# KEY again saves.
act() {
	keys "$1"
	if ! wait_for "$2|not (saved|undone): "; then
		fail "$1 is saved or not" "waited for: $2"
		return 1
	fi
	if screen_has 'not (saved|undone): '; then
		if ! screen_has "not (saved|undone): $(error_re)" ' item [^ ]+ '; then
			fail "$1: the screen names the project and the error, and shows the item"
			return 1
		fi
		if [ "$(nevents)" != $((base_events + $3 - 1)) ]; then
			fail "$1: nothing is recorded" "events: $(nevents), not $((base_events + $3 - 1))"
			return 1
		fi
		keys "$1"
		if ! wait_for "$2"; then
			fail "$1 again saves" "waited for: $2"
			return 1
		fi
	fi
	return 0
}

# logged_more C: the session has made more than C calls.
logged_more() {
	[ "$(calls_logged)" -gt "$1" ]
}

# session N ERRNO: one session with call N failing (0: none).
session() {
	n=$1 e=$2
	rm -f p.stet p.stet-lock "$SCRATCH/iofail.log"
	cp base.stet p.stet
	TUI_ENV=$(fault_env "$n" "$e")
	tui_start "s$n$e" 100 30 "$WALK_CMD" p.stet
	if ! wait_until rc_written_or_item; then
		fail "the session opens or ends"
		return
	fi
	if rc_written; then
		wait_exit
		if [ "$RC" != 1 ] || [ "$(printf '%s\n' "$ERR" | wc -l)" != 1 ] ||
			! printf '%s\n' "$ERR" | grep -Eq "^stet: $WALK_CMD: $(error_re)"; then
			fail "a session that cannot open: exit status 1 and one line naming the project and the error" "exit status $RC" "stderr: $ERR"
		elif [ "$(nevents)" != "$base_events" ] || ! "$STET" verify p.stet >/dev/null 2>&1; then
			fail "a session that cannot open records nothing and the project verifies"
		fi
		# Without the fault, the session opens.
		TUI_ENV=
		tui_start "s$n${e}again" 100 30 "$WALK_CMD" p.stet
		if ! wait_for "$WALK_FIRST"; then
			fail "without the fault, the session opens"
		fi
		keys q
		wait_exit
		return
	fi
	walk_keys || {
		keys q
		wait_exit
		return
	}
	# A pause: with no key for a second, stet flushes the session's
	# commits, a call of its own (the runs that fail a call before it
	# need not wait for it).
	c=$(calls_logged)
	[ "$n" = 0 ] && pause_at=$((c + 1))
	if [ "$n" != 0 ] && [ "$n" -lt "$pause_at" ]; then
		:
	elif ! wait_until logged_more "$c"; then
		fail "a pause flushes the session's commits"
	elif [ "$(fault_failed | cut -d ' ' -f 1)" -gt "$c" ] 2>/dev/null &&
		! wait_for "sync: $(error_re)"; then
		fail "a failed flush says so, naming the project and the error"
	fi
	keys q
	wait_exit
	if [ "$RC" = 1 ]; then
		if [ "$(printf '%s\n' "$ERR" | wc -l)" != 1 ] ||
			! printf '%s\n' "$ERR" | grep -Eq "^stet: $WALK_CMD: the session.s end was not recorded \\(every $WALK_KEPT shown as saved is kept\\): $(error_re)"; then
			fail "a session whose end cannot be recorded: one line naming the project and the error" "stderr: $ERR"
		fi
	elif [ "$RC" != 0 ]; then
		fail "stet quits with exit status 0, or 1 when the session's end cannot be recorded" "exit status $RC"
	fi
	if ! "$STET" verify p.stet >/dev/null 2>&1; then
		fail "the project verifies"
	elif [ "$(actions)" != "$expected" ]; then
		fail "the project holds every action saved, once" "$(actions)"
	fi
}

rc_written_or_item() {
	rc_written || screen_has "$WALK_FIRST"
}

# walk_screen: the walk, with one TAP line for the session without a
# fault and one for all the others (a not-ok line each run that fails).
walk_screen() {
	cp base.stet p.stet
	base_events=$(nevents)
	session 0 EIO
	calls=$(calls_logged)
	if [ "$bad" = 0 ] && [ "$calls" -gt 0 ]; then
		ok "$WALK_CMD: a session without a fault saves every action ($calls calls)"
	else
		not_ok "$WALK_CMD: a session without a fault saves every action ($calls calls)"
	fi
	# A pause may come earlier under load and flush once more: two more.
	i=1
	while [ "$i" -le $((calls + 2)) ]; do
		if [ $((i % 2)) = 1 ]; then
			session "$i" EIO
		else
			session "$i" ENOSPC
		fi
		tm kill-session -t "=s$i$e" >/dev/null 2>&1
		i=$((i + 1))
	done
	if [ "$bad" = 0 ]; then
		ok "$WALK_CMD: each of $((calls + 2)) calls failing in turn (EIO on odd, ENOSPC on even): the session goes on or ends cleanly, and the project holds every action saved, once"
	fi
}
