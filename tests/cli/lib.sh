# TAP functions for the command-level tests. Each test script sources this,
# runs the real binary ($STET) in a scratch directory, and reports
# "ok N - what" or "not ok N - what" lines.

set -u
: "${STET:?STET must name the stet binary}"
: "${srcdir:?srcdir must name the source tree}"
TESTDATA="$srcdir/testdata"
tap_n=0
tap_failed=0
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/stet-test.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH" || exit 99

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do
		printf '#   %s\n' "$line"
	done
}

# check "what" command...: passes when the command succeeds.
check() {
	what=$1
	shift
	if "$@" >"$SCRATCH/.out" 2>&1; then
		ok "$what"
	else
		not_ok "$what" "command: $*" "$(head -c 2000 "$SCRATCH/.out")"
	fi
}

# run_stet ARGS...: runs stet, keeping stdout in $OUT, stderr in $ERR and
# the exit status in $RC.
run_stet() {
	"$STET" "$@" >"$SCRATCH/.stdout" 2>"$SCRATCH/.stderr"
	RC=$?
	OUT=$(cat "$SCRATCH/.stdout")
	ERR=$(cat "$SCRATCH/.stderr")
}

# expect_rc "what" N: the last run_stet exited with N.
expect_rc() {
	if [ "$RC" -eq "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "expected exit status $2, got $RC" "stderr: $ERR" "stdout: $(printf '%s' "$OUT" | head -c 500)"
	fi
}

# expect_eq "what" EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "expected: $2" "actual:   $3"
	fi
}

# expect_match "what" PATTERN TEXT: TEXT matches the extended regex.
expect_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		ok "$1"
	else
		not_ok "$1" "pattern: $2" "text:    $3"
	fi
}

# expect_file "what" EXPECTED ACTUAL: the two files are byte-identical.
expect_file() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff -u "$2" "$3" | head -n 20 | sed 's/^/#   /'
	fi
}

# json_get FIELD: a number from `stet info --format json` in $OUT.
json_get() {
	printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

# counts P: "items text table" of project P, from info --format json.
counts() {
	OUT=$("$STET" info "$1" --format json)
	echo "$(json_get items) $(json_get text_items) $(json_get table_items)"
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
