# What the I/O-fault tests share, sourced after tests/cli/lib.sh or
# tests/tui/lib.sh: runs stet with tests/faults/iofail.so preloaded, so
# that the Nth write or flush of a project's files fails (see iofail.c).
#
# A walk runs an action once with the calls only counted, then once for
# each N from 1 to that count with the Nth call failing, and checks
# after each that the action failed cleanly or, where the failure fell
# on a write that was not needed, that it succeeded; that the project is
# as it was, or holds the whole action; and that the action then
# succeeds without the fault.

: "${builddir:?builddir must name the build tree}"
IOFAIL_SO="$builddir/tests/faults/iofail.so"
if [ ! -f "$IOFAIL_SO" ]; then
	echo "1..0 # SKIP $IOFAIL_SO is not built"
	exit 0
fi
# AddressSanitizer's runtime must come first among the libraries a
# process loads: when stet is built with it, the runtime is preloaded
# before the shim, whose calls its interceptors then reach.
IOFAIL_PRELOAD=$IOFAIL_SO
asan=$(ldd "$STET" 2>/dev/null | awk '$1 ~ /^libasan/ { print $3 }')
if [ -n "$asan" ]; then
	IOFAIL_PRELOAD="$asan:$IOFAIL_SO"
fi

# with_fault N ERRNO COMMAND...: COMMAND with the Nth call on a project
# failing with ERRNO (N 0: none fails); calls are logged to
# $SCRATCH/iofail.log.
with_fault() {
	wf_n=$1 wf_e=$2
	shift 2
	rm -f "$SCRATCH/iofail.log"
	LD_PRELOAD="$IOFAIL_PRELOAD" IOFAIL_AT="$wf_n" IOFAIL_ERRNO="$wf_e" \
		IOFAIL_LOG="$SCRATCH/iofail.log" "$@"
}

# fault_env N ERRNO: the same as words VAR=value for TUI_ENV.
fault_env() {
	echo "LD_PRELOAD=$IOFAIL_PRELOAD IOFAIL_AT=$1 IOFAIL_ERRNO=$2 IOFAIL_LOG=$SCRATCH/iofail.log"
}

# calls_logged: how many calls the last run made on a project's files.
calls_logged() {
	if [ -f "$SCRATCH/iofail.log" ]; then
		wc -l < "$SCRATCH/iofail.log" | tr -d ' '
	else
		echo 0
	fi
}

# fault_failed: the call the last run failed ("N call path"), if any.
fault_failed() {
	grep ' failed$' "$SCRATCH/iofail.log" 2>/dev/null | sed 's/ failed$//'
}

# strerror ERRNO: the C library's text for EIO or ENOSPC, as stet shows it.
strerror() {
	case $1 in
	EIO) echo 'Input/output error' ;;
	ENOSPC) echo '[Nn]o space left on device' ;;
	esac
}


# state P: what a project holds, as its readers see it: its summary
# (less the file's size: a failed commit may leave pages it wrote in
# the file, free for the next), its events and its items with their
# labels; and the output of `stet $WALK_SHOW P` when that is set.
state() {
	"$STET" info "$1" 2>&1 | grep -v '^file '
	"$STET" log "$1" 2>&1
	"$STET" export "$1" --format jsonl 2>&1
	if [ -n "${WALK_SHOW:-}" ]; then
		"$STET" "$WALK_SHOW" "$1" 2>&1
	fi
}

# walk WHAT BASE COMMAND ARG...: walks the calls of `stet COMMAND ARG...`
# on a fresh copy p.stet of project BASE (ARG names it p.stet), for EIO
# and ENOSPC. A failed run must exit 1 with one line naming the command,
# the project and the error, leave p.stet as BASE was and verifying, and
# the same command must then succeed and leave p.stet as a run without
# a fault does.
walk() {
	wk_what=$1 wk_base=$2 wk_cmd=$3
	shift 3
	rm -f p.stet p.stet-lock
	cp "$wk_base" p.stet
	wk_before=$(state p.stet)
	with_fault 0 EIO "$STET" "$wk_cmd" "$@" >/dev/null 2>wk_err.txt ||
		{ not_ok "$wk_what: runs without a fault" "$(cat wk_err.txt)"; return; }
	wk_calls=$(calls_logged)
	wk_after=$(state p.stet)
	[ "$wk_calls" -gt 0 ] || { not_ok "$wk_what: writes to the project"; return; }
	wk_bad=0 wk_runs=0
	for wk_e in EIO ENOSPC; do
		wk_n=1
		while [ "$wk_n" -le "$wk_calls" ]; do
			wk_runs=$((wk_runs + 1))
			walk_one "$wk_n" "$wk_e" "$@" || wk_bad=$((wk_bad + 1))
			wk_n=$((wk_n + 1))
		done
	done
	if [ "$wk_bad" = 0 ]; then
		ok "$wk_what: each of $wk_calls calls failing ($wk_runs runs, EIO and ENOSPC): a clear error, the project as before, and the command then succeeds"
	fi
}

# walk_one N ERRNO ARG...: one run of walk; one not-ok line (status 1)
# for the first thing wrong.
walk_one() {
	wo_n=$1 wo_e=$2
	shift 2
	rm -f p.stet p.stet-lock
	cp "$wk_base" p.stet
	with_fault "$wo_n" "$wo_e" "$STET" "$wk_cmd" "$@" >wk_out.txt 2>wk_err.txt
	wo_rc=$?
	wo_err=$(cat wk_err.txt)
	wo_at="$wk_what: call $wo_n ($(fault_failed)) failing with $wo_e"
	if [ "$wo_rc" = 0 ]; then
		# A call whose failure does not matter to the result.
		[ "$(state p.stet)" = "$wk_after" ] && return 0
		not_ok "$wo_at: exit status 0 yet the project is not as after the command"
		return 1
	fi
	if [ "$wo_rc" != 1 ]; then
		not_ok "$wo_at: exit status 1" "got $wo_rc" "stderr: $wo_err"
		return 1
	fi
	if [ "$(printf '%s\n' "$wo_err" | wc -l)" != 1 ] ||
		! printf '%s\n' "$wo_err" | grep -Eq "^stet: $wk_cmd: (.*: )?p\.stet: .*$(strerror "$wo_e")"; then
		not_ok "$wo_at: one line naming the command, the project and the error" "stderr: $wo_err"
		return 1
	fi
	if ! "$STET" verify p.stet >/dev/null 2>wk_verr.txt; then
		not_ok "$wo_at: the project verifies" "$(cat wk_verr.txt)"
		return 1
	fi
	wo_state=$(state p.stet)
	if [ "$wo_state" != "$wk_before" ]; then
		not_ok "$wo_at: the project holds what it held" \
			"$(printf '%s\n' "$wk_before" >wk_b.txt; printf '%s\n' "$wo_state" >wk_a.txt; diff wk_b.txt wk_a.txt | head -n 20)"
		return 1
	fi
	if ! "$STET" "$wk_cmd" "$@" >/dev/null 2>wk_err.txt; then
		not_ok "$wo_at: the command then succeeds" "$(cat wk_err.txt)"
		return 1
	fi
	if [ "$(state p.stet)" != "$wk_after" ]; then
		not_ok "$wo_at: and leaves the project as a run without a fault"
		return 1
	fi
	return 0
}

# walk_new WHAT NEW COMMAND ARG...: walks the calls of a command that
# makes the project NEW (init, clone) for EIO and ENOSPC: a failed run
# must exit 1 with one line naming the command, NEW and the error, and
# leave neither NEW nor its lock file; the command then succeeds.
walk_new() {
	wn_what=$1 wn_new=$2 wn_cmd=$3
	shift 3
	rm -f "$wn_new" "$wn_new-lock"
	with_fault 0 EIO "$STET" "$wn_cmd" "$@" >/dev/null 2>wk_err.txt ||
		{ not_ok "$wn_what: runs without a fault" "$(cat wk_err.txt)"; return; }
	wn_calls=$(calls_logged)
	wn_bad=0 wn_runs=0
	for wn_e in EIO ENOSPC; do
		wn_n=1
		while [ "$wn_n" -le "$wn_calls" ]; do
			wn_runs=$((wn_runs + 1))
			rm -f "$wn_new" "$wn_new-lock"
			with_fault "$wn_n" "$wn_e" "$STET" "$wn_cmd" "$@" >/dev/null 2>wk_err.txt
			wn_rc=$?
			wn_err=$(cat wk_err.txt)
			wn_at="$wn_what: call $wn_n ($(fault_failed)) failing with $wn_e"
			if [ "$wn_rc" != 1 ]; then
				not_ok "$wn_at: exit status 1" "got $wn_rc" "stderr: $wn_err"
				wn_bad=$((wn_bad + 1))
			elif [ "$(printf '%s\n' "$wn_err" | wc -l)" != 1 ] ||
				! printf '%s\n' "$wn_err" | grep -Eq "^stet: $wn_cmd: (.*: )?$wn_new: .*$(strerror "$wn_e")"; then
				not_ok "$wn_at: one line naming the command, the project and the error" "stderr: $wn_err"
				wn_bad=$((wn_bad + 1))
			elif [ -e "$wn_new" ] || [ -e "$wn_new-lock" ]; then
				not_ok "$wn_at: no file left behind" "$(ls -l "$wn_new"*)"
				wn_bad=$((wn_bad + 1))
			elif ! "$STET" "$wn_cmd" "$@" >/dev/null 2>wk_err.txt; then
				not_ok "$wn_at: the command then succeeds" "$(cat wk_err.txt)"
				wn_bad=$((wn_bad + 1))
			fi
			wn_n=$((wn_n + 1))
		done
	done
	if [ "$wn_bad" = 0 ]; then
		ok "$wn_what: each of $wn_calls calls failing ($wn_runs runs, EIO and ENOSPC): a clear error, no file left, and the command then succeeds"
	fi
}
