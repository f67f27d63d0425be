#!/bin/sh
# An import killed with SIGKILL half way leaves the project as it was:
# one transaction per file, nothing of the file written.
. "$srcdir/tests/cli/lib.sh"

"$STET" init p.stet --labels A,B >/dev/null
printf '%s\n' '{"id": "keep", "text": "Already here."}' > first.jsonl
"$STET" import p.stet first.jsonl >/dev/null
"$STET" export p.stet > before.jsonl

# until CMD...: runs CMD every 0.05 s until it succeeds; fails after
# 20 s (a bound for a stuck test, not a measurement).
until_ok() {
	uo_n=0
	while ! "$@"; do
		uo_n=$((uo_n + 1))
		[ $uo_n -lt 400 ] || return 1
		sleep 0.05
	done
}

# A FIFO that the test writes lets it stop stet half way through a file.
# The writer sends 3000 lines, about 240 KB, and says so: a pipe holds
# 64 KiB, so once the writer is done stet has read at least 170 KB of
# the file, and it has had no end of file, for the writer keeps its end
# open. stet is then seen blocked reading the FIFO (its wait channel in
# /proc is pipe_read, and the system call it waits in reads the
# descriptor that is the FIFO): mid-file, with its transaction open.
if ! [ -r /proc/self/wchan ] || ! [ -r /proc/self/syscall ]; then
	echo "1..0 # SKIP no /proc/PID/wchan and syscall to see stet wait"
	exit 0
fi
mkfifo feed.jsonl
(
	i=0
	while [ $i -lt 3000 ]; do
		printf '{"id": "n%d", "text": "line %d of a file that never ends, padded out a little"}\n' $i $i
		i=$((i + 1))
	done
	: > written
	exec sleep 600
) > feed.jsonl &
writer=$!
"$STET" import p.stet feed.jsonl > import.out 2>&1 &
importer=$!
# Some thread of stet (the reader may have one of its own) waits in
# pipe_read, in a system call on the FIFO's descriptor.
blocked_on_feed() {
	for thread in /proc/$importer/task/*; do
		grep -q pipe_read "$thread/wchan" 2>/dev/null || continue
		fd=$(awk '{ print $2 + 0 }' "$thread/syscall" 2>/dev/null)
		[ -n "$fd" ] &&
			[ "$(readlink "/proc/$importer/fd/$fd")" = "$PWD/feed.jsonl" ] &&
			return 0
	done
	return 1
}
if until_ok test -e written && until_ok blocked_on_feed; then
	ok "stet read most of the file and waits for more, mid-import"
else
	not_ok "stet read most of the file and waits for more, mid-import" \
		"written: $(test -e written && echo yes || echo no)" \
		"threads waiting in: $(cat /proc/$importer/task/*/wchan 2>/dev/null | tr '\n' ' ')" \
		"$(cat import.out)"
fi
kill -9 $importer 2>/dev/null
wait $importer 2>/dev/null
kill $writer 2>/dev/null
wait $writer 2>/dev/null

run_stet info p.stet --format json
expect_rc "the project opens after SIGKILL" 0
expect_eq "no item of the killed import is there" 1 "$(json_get items)"
"$STET" export p.stet > after.jsonl
cmp -s before.jsonl after.jsonl && ok "the project is as it was" || not_ok "the project is as it was"

# The next import works as usual (the dead writer's lock is gone).
printf '%s\n' '{"id": "next", "text": "After the crash."}' > next.jsonl
run_stet import p.stet next.jsonl
expect_rc "a later import succeeds" 0
expect_eq "and adds its item" "1 item added, 0 duplicates, 0 skipped" "$OUT"

# A real file, killed once stet is reading it (its descriptor on the
# file is past the start), wherever it then is: all or nothing.
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "{\"id\": \"b%d\", \"text\": \"bulk item %d with some words to store\"}\n", i, i }' > bulk.jsonl
"$STET" import p.stet bulk.jsonl > /dev/null 2>&1 &
importer=$!
reading_bulk() {
	kill -0 $importer 2>/dev/null || return 0 # done already
	for fd in /proc/$importer/fd/*; do
		[ "$(readlink "$fd")" = "$PWD/bulk.jsonl" ] || continue
		pos=$(awk '/^pos:/ { print $2 }' "/proc/$importer/fdinfo/${fd##*/}" 2>/dev/null)
		[ "${pos:-0}" -gt 0 ] && return 0
	done
	return 1
}
until_ok reading_bulk || true
kill -9 $importer 2>/dev/null
wait $importer 2>/dev/null
run_stet info p.stet --format json
n=$(json_get items)
if [ "$n" = 2 ] || [ "$n" = 200002 ]; then
	ok "a killed bulk import is all or nothing ($n items)"
else
	not_ok "a killed bulk import is all or nothing" "items: $n"
fi

done_testing
