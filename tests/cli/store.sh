#!/bin/sh
# The project file under pressure: a map that must grow, a file size
# limit, concurrent writers.
. "$srcdir/tests/cli/lib.sh"

awk 'BEGIN { for (i = 0; i < 5000; i++) printf "{\"id\": \"g%d\", \"text\": \"growth item %d, long enough to fill pages quickly and more\"}\n", i, i }' > many.jsonl

STET_MAPSIZE=131072 "$STET" init small.stet --labels A,B >/dev/null
STET_MAPSIZE=131072 run_stet import small.stet many.jsonl
expect_rc "an import larger than the map succeeds" 0
expect_eq "every item is stored" "5000 items added, 0 duplicates, 0 skipped" "$OUT"
run_stet info small.stet --format json
expect_eq "the grown project reads back" 5000 "$(json_get items)"

# A file size limit makes writes fail with EFBIG: the import fails with a
# clear message and the project stays consistent.
"$STET" init limited.stet --labels A,B >/dev/null
printf '%s\n' '{"id": "x", "text": "before the limit"}' > one.jsonl
"$STET" import limited.stet one.jsonl >/dev/null
size=$(wc -c < limited.stet)
(
	trap '' XFSZ
	ulimit -f $(( (size + 8192) / 512 )) 2>/dev/null || ulimit -f $(( (size + 8192) / 1024 ))
	exec "$STET" import limited.stet many.jsonl
) > limit.out 2> limit.err
rc=$?
expect_eq "the import past the size limit fails with 1" 1 "$rc"
expect_match "the message says why and that nothing was written" \
	'^stet: import: limited.stet: commit: .*nothing was written' "$(cat limit.err)"
run_stet info limited.stet --format json
expect_rc "the project opens after the failed write" 0
expect_eq "it has only what was committed before" 1 "$(json_get items)"

# A full disk: a small tmpfs (needs root; skipped elsewhere).
mkdir full
if mount -t tmpfs -o size=256k tmpfs full 2>/dev/null; then
	"$STET" init full/p.stet --labels A,B >/dev/null
	"$STET" import full/p.stet one.jsonl >/dev/null
	run_stet import full/p.stet many.jsonl
	expect_rc "an import onto a full disk fails with 1" 1
	expect_match "the full disk is named and nothing was written" \
		'^stet: import: full/p.stet: .*(no space|disk full).*nothing was written' "$ERR"
	run_stet info full/p.stet --format json
	expect_eq "the project on the full disk still reads back" 1 "$(json_get items)"
	umount full
else
	ok "an import onto a full disk fails with 1 # SKIP cannot mount a tmpfs here"
fi

# Two writers at once: LMDB's single writer lock serialises them and
# both files arrive whole.
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "{\"id\": \"a%d\", \"text\": \"first writer %d\"}\n", i, i }' > a.jsonl
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "{\"id\": \"b%d\", \"text\": \"second writer %d\"}\n", i, i }' > b.jsonl
"$STET" init both.stet --labels A,B >/dev/null
"$STET" import both.stet a.jsonl > a.out 2>&1 &
pa=$!
"$STET" import both.stet b.jsonl > b.out 2>&1 &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
expect_eq "both concurrent imports succeed" "0 0" "$ra $rb"
run_stet info both.stet --format json
expect_eq "both files are there whole" 6000 "$(json_get items)"

done_testing
