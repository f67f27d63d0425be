#!/bin/sh
# A full disk is an error, never a crash: on a small tmpfs filled to the
# last byte, every command that needs to write (a new project, a lock
# file, a commit) exits 1 with one line saying the device is full and
# that nothing was written, and leaves no file of its own behind.
# Needs root to mount the tmpfs; skipped elsewhere.
. "$srcdir/tests/cli/lib.sh"

LC_ALL=C.UTF-8
export LC_ALL

mkdir full
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=512k tmpfs full 2>/dev/null; then
	echo "1..0 # SKIP a full disk needs root to mount a small tmpfs"
	exit 0
fi
trap 'umount "$SCRATCH/full" 2>/dev/null; rm -rf "$SCRATCH"' EXIT

# fill: takes the last free byte of the tmpfs into a file of its own.
fill() {
	cat /dev/zero >> full/fill 2>/dev/null
	[ "$(df --output=avail full | tail -n 1 | tr -d ' ')" = 0 ] ||
		not_ok "the tmpfs is full" "$(df full)"
}

# listing: the names on the tmpfs and the checksum of the project.
listing() {
	ls -A full
	if [ -e full/p.stet ]; then cksum < full/p.stet; fi
}

# full_fails "what": exit status 1 (not a signal), one line on stderr
# saying the device is full and nothing was written, and the tmpfs as
# it was in $before.
full_fails() {
	expect_rc "$1: exit status 1" 1
	expect_eq "$1: one line on stderr" 1 "$(printf '%s\n' "$ERR" | wc -l)"
	expect_match "$1: the full disk is named" \
		'^stet: [a-z-]+: full/[a-z.-]+: .*(no space left on device|is the disk full).*; nothing was written$' "$ERR"
	expect_eq "$1: no file left behind" "$before" "$(listing)"
}

printf '%s\n' '{"id": "x", "text": "an item"}' > one.jsonl
printf '%s\n' '{"id": "y", "text": "another item"}' > two.jsonl
printf '%s\n' '{"item": "x", "annotator": "ana", "label": "A"}' > ann.jsonl

# A new project on a full disk: the data file and the lock file.
fill
before=$(listing)
run_stet init full/p.stet --labels A,B
full_fails "init"

# A project made while there was room; then the disk fills.
rm full/fill
"$STET" init full/p.stet --labels A,B >/dev/null
"$STET" import full/p.stet one.jsonl >/dev/null
"$STET" team full/p.stet add ana >/dev/null
"$STET" clone full/p.stet copy.stet --for ana >/dev/null
"$STET" import-annotations copy.stet ann.jsonl >/dev/null

# Without its lock file (removed, as stet(1) allows when no process has
# the project open), every command must make one first: on a full disk
# that is the error, named as the lock file's.
rm full/p.stet-lock
fill
before=$(listing)
for args in "info full/p.stet" "export full/p.stet" "agree full/p.stet" \
	"stats full/p.stet" "log full/p.stet" "verify full/p.stet" \
	"config full/p.stet" "config full/p.stet seed 3" "team full/p.stet list" \
	"team full/p.stet add bo" "schema full/p.stet" \
	"schema full/p.stet --add-label C" "import full/p.stet two.jsonl" \
	"import-annotations full/p.stet ann.jsonl" "clone full/p.stet c2.stet --for ana" \
	"merge full/p.stet copy.stet" "label full/p.stet" "review full/p.stet" \
	"report full/p.stet"; do
	# shellcheck disable=SC2086
	run_stet $args
	full_fails "no room for the lock file: $args"
	expect_match "no room for the lock file: $args: it is named" 'full/p.stet-lock: no space left on device for the lock file' "$ERR"
done

# With its lock file, a full disk lets every reader read and stops every
# commit.
rm full/fill
"$STET" info full/p.stet >/dev/null
fill
before=$(listing)
for args in "info full/p.stet" "export full/p.stet" "verify full/p.stet" \
	"config full/p.stet" "team full/p.stet list" "stats full/p.stet"; do
	# shellcheck disable=SC2086
	run_stet $args
	expect_rc "full disk, lock file there: $args reads" 0
done
# A small change may fit in pages the project has freed before and
# commit without the file growing; one that does not fits nowhere.
for args in "import full/p.stet two.jsonl" "import-annotations full/p.stet ann.jsonl" \
	"team full/p.stet add bo" "config full/p.stet seed 3" \
	"schema full/p.stet --add-label C" "merge full/p.stet copy.stet"; do
	# shellcheck disable=SC2086
	run_stet $args
	if [ "$RC" = 0 ]; then
		ok "full disk, lock file there: $args fits in the project's free pages"
		continue
	fi
	expect_rc "full disk, lock file there: $args fails" 1
	expect_eq "full disk, lock file there: $args: one line on stderr" 1 \
		"$(printf '%s\n' "$ERR" | wc -l)"
	expect_match "full disk, lock file there: $args: says why" \
		'full/p.stet: commit: .*(no space left on device|is the disk full).*; nothing was written$' "$ERR"
done
run_stet verify full/p.stet
expect_rc "the project verifies after the full disk" 0

# Output sent to the full disk: one line, and the reason where stdio
# gives it.
for args in "info full/p.stet" "export full/p.stet" "team full/p.stet list" \
	"verify full/p.stet" "config full/p.stet" "stats full/p.stet" \
	"agree full/p.stet"; do
	# shellcheck disable=SC2086
	"$STET" $args > full/out 2> err.txt
	RC=$?
	ERR=$(cat err.txt)
	expect_rc "output to a full disk: $args fails" 1
	expect_eq "output to a full disk: $args: one line on stderr" 1 \
		"$(printf '%s\n' "$ERR" | wc -l)"
	case $args in
	stats* | agree*) ;;
	*) expect_match "output to a full disk: $args: says why" \
		'^stet: [a-z]+: .*No space left on device$' "$ERR" ;;
	esac
done
rm -f full/out

# A copy made on the full disk: nothing of it is left.
before=$(listing)
run_stet clone full/p.stet full/q.stet --for ana
full_fails "clone onto a full disk"

# The disk fills in the middle of an import: a little room, a big file.
# 5000 items of about 80 bytes are some 400 KiB, more than the 64 KiB
# left; the import is one transaction, so none of it is kept.
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "{\"id\": \"g%d\", \"text\": \"an item long enough to fill the pages of the project quickly, %d\"}\n", i, i }' > many.jsonl
rm full/fill
avail=$(df --output=avail -k full | tail -n 1 | tr -d ' ')
head -c $(( (avail - 64) * 1024 )) /dev/zero > full/fill
run_stet info full/p.stet --format json
items_before=$(json_get items)
run_stet import full/p.stet many.jsonl
expect_rc "an import that fills the disk: exit status 1" 1
expect_eq "an import that fills the disk: one line on stderr" 1 \
	"$(printf '%s\n' "$ERR" | wc -l)"
expect_match "an import that fills the disk: says why" \
	'^stet: import: full/p.stet: commit: .*(no space left on device|is the disk full).*; nothing was written$' "$ERR"
expect_eq "an import that fills the disk: no file left behind" \
	"fill p.stet p.stet-lock" "$(ls -A full | tr '\n' ' ' | sed 's/ $//')"
run_stet info full/p.stet --format json
expect_eq "an import that fills the disk: the project holds what it held" \
	"$items_before" "$(json_get items)"
run_stet verify full/p.stet
expect_rc "an import that fills the disk: the project verifies" 0

done_testing
