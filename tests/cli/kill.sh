#!/bin/sh
# An import killed with SIGKILL half way leaves the project as it was:
# one transaction per file, nothing of the file written.
. "$srcdir/tests/cli/lib.sh"

"$STET" init p.stet --labels A,B >/dev/null
printf '%s\n' '{"id": "keep", "text": "Already here."}' > first.jsonl
"$STET" import p.stet first.jsonl >/dev/null
"$STET" export p.stet > before.jsonl

# A FIFO lets the test stop the writer half way: stet has read and stored
# (in its open transaction) every line so far and is waiting for more.
mkfifo feed.jsonl
(
	i=0
	while [ $i -lt 3000 ]; do
		printf '{"id": "n%d", "text": "line %d of a file that never ends, padded out a little"}\n' $i $i
		i=$((i + 1))
	done
	sleep 30
) > feed.jsonl &
writer=$!
"$STET" import p.stet feed.jsonl > import.out 2>&1 &
importer=$!
sleep 2
if kill -0 $importer 2>/dev/null; then
	ok "the import is still running half way"
else
	not_ok "the import is still running half way" "$(cat import.out)"
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

# A real file, killed at whatever point it has reached: all or nothing.
i=0
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "{\"id\": \"b%d\", \"text\": \"bulk item %d with some words to store\"}\n", i, i }' > bulk.jsonl
"$STET" import p.stet bulk.jsonl > /dev/null 2>&1 &
importer=$!
sleep 1
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
