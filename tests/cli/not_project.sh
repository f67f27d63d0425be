#!/bin/sh
# A file that is not a project is never written: every command refuses
# it in one line with exit status 1, and the file and its directory are
# byte-for-byte as they were (no LMDB header, no lock file beside it).
# A project in a place read-only to its reader is read without a lock
# file, and a writer is told which file it cannot write, and why.
. "$srcdir/tests/cli/lib.sh"

LC_ALL=C.UTF-8
export LC_ALL

# snap DIR: the directory's own time, and every entry's name, mode,
# size, time and content, so that a file made and removed again shows.
snap() {
	stat -c '%y' "$1"
	(cd "$1" && ls -lA --time-style=full-iso . &&
		find . -type f -exec sha256sum {} + | sort -k 2)
}

# unchanged "what" DIR BEFORE: the exit status is 1, stderr one line
# that names FILE (set by the caller), and DIR is as it was.
unchanged() {
	expect_rc "$1: exit status 1" 1
	expect_eq "$1: one line on stderr" 1 "$(printf '%s\n' "$ERR" | wc -l)"
	expect_match "$1: the file is named" "^stet: [a-z-]+: .*$FILE: " "$ERR"
	expect_eq "$1: the file and its directory are unchanged" "$3" "$(snap "$2")"
}

"$STET" init a.stet --labels A,B >/dev/null
printf '%s\n' '{"id": "x", "text": "an item"}' > c.jsonl
"$STET" import a.stet c.jsonl >/dev/null
# nobody, the second user below, reads as a lead: export is for leads.
"$STET" team a.stet add nobody --role lead >/dev/null
printf '%s\n' '{"item": "x", "annotator": "ana", "label": "A"}' > ann.jsonl

mkdir d
: > d/empty.txt
printf 'root:x:0:0:root:/root:/bin/sh\n' > d/passwd
cp c.jsonl d/c.jsonl

# The reported cases: an empty file given to import, a text file given
# to info, and a corpus given where the project goes.
FILE=d/empty.txt
before=$(snap d)
run_stet import d/empty.txt c.jsonl
unchanged "import of an empty file" d "$before"
expect_match "an empty file is called that" 'not a stet project \(an empty file\)' "$ERR"

FILE=d/passwd
run_stet info d/passwd
unchanged "info of a text file" d "$before"
expect_match "a text file is not an LMDB file" 'd/passwd: not a stet project \(not an LMDB file\)' "$ERR"

FILE=d/c.jsonl
cp a.stet d/a.stet
before=$(snap d)
run_stet import d/c.jsonl d/a.stet
unchanged "import with its arguments swapped" d "$before"

# Every command that opens a project, on each kind of file that is not
# one.
for f in empty.txt passwd c.jsonl; do
	FILE=d/$f
	before=$(snap d)
	for args in "info d/$f" "import d/$f c.jsonl" "import-annotations d/$f ann.jsonl" \
		"export d/$f" "agree d/$f" "stats d/$f" "report d/$f" "log d/$f" \
		"verify d/$f" "config d/$f" "config d/$f seed 3" "team d/$f list" \
		"team d/$f add bo" "schema d/$f" "schema d/$f --add-label C" \
		"clone d/$f d/copy.stet --for ana --add" "merge d/$f a.stet" \
		"merge a.stet d/$f" "label d/$f" "review d/$f"; do
		# shellcheck disable=SC2086
		run_stet $args
		unchanged "$args" d "$before"
	done
done

# An LMDB file of another program has no meta database: refused before
# LMDB makes a lock file for it.
if command -v mdb_load >/dev/null 2>&1; then
	printf 'VERSION=3\nformat=bytevalue\ntype=btree\nHEADER=END\n 6b\n 76\nDATA=END\n' |
		mdb_load -n d/other.mdb
	rm -f d/other.mdb-lock
	FILE=d/other.mdb
	before=$(snap d)
	run_stet import d/other.mdb c.jsonl
	unchanged "import into another program's LMDB file" d "$before"
	expect_match "it has no meta database" 'not a stet project \(no "meta" database\)' "$ERR"
	run_stet info d/other.mdb
	unchanged "info of another program's LMDB file" d "$before"
else
	ok "# SKIP mdb_load (lmdb-utils) is not installed"
fi

# LMDB's magic with another data format: LMDB would refuse it too.
cp a.stet d/v2.stet
# The data format is the 32-bit word after the magic: byte 20 of each
# meta page (a 16-byte page header, then the 4-byte magic) on 64-bit
# hosts, pages 0 and 1 of 4096 bytes. A file of another format has it
# in both; one meta page of another format is a damaged project
# (damaged.sh).
printf '\002' | dd of=d/v2.stet bs=1 seek=20 conv=notrunc 2>/dev/null
printf '\002' | dd of=d/v2.stet bs=1 seek=4116 conv=notrunc 2>/dev/null
FILE=d/v2.stet
before=$(snap d)
run_stet import d/v2.stet c.jsonl
unchanged "import into an LMDB file of another data format" d "$before"
expect_match "its format is named" 'not a stet project \(LMDB data format 2, not 1\)' "$ERR"

# A directory is not a project either.
mkdir d/dir.stet
FILE=d/dir.stet
before=$(snap d)
run_stet import d/dir.stet c.jsonl
unchanged "import into a directory" d "$before"

# Something else where the lock file goes: named as the lock file.
cp a.stet d/l.stet
mkdir d/l.stet-lock
FILE=d/l.stet-lock
before=$(snap d)
run_stet info d/l.stet
unchanged "a directory where the lock file goes" d "$before"
expect_match "the lock file is blamed" 'd/l.stet-lock: cannot open the lock file: Is a directory' "$ERR"

# Read-only to the reader: a directory where no lock file can be made,
# and a lock file that cannot be written. As root, a second user shows
# it (root writes anywhere); without root, the permission bits do.
as_other() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$STET" "$@"
	else
		"$STET" "$@"
	fi >"$SCRATCH/.stdout" 2>"$SCRATCH/.stderr"
	RC=$?
	OUT=$(cat "$SCRATCH/.stdout")
	ERR=$(cat "$SCRATCH/.stderr")
}
if [ "$(id -u)" != 0 ] || command -v setpriv >/dev/null 2>&1; then
	mkdir ro
	cp a.stet ro/p.stet
	chmod 755 "$SCRATCH"
	chmod 644 ro/p.stet c.jsonl
	chmod 555 ro
	before=$(snap ro)
	as_other info ro/p.stet --format json
	expect_rc "a reader in a read-only directory reads" 0
	expect_eq "the whole project" 1 "$(json_get items)"
	expect_eq "and makes no lock file there" "$before" "$(snap ro)"
	for args in "export ro/p.stet" "stats ro/p.stet" "log ro/p.stet" \
		"verify ro/p.stet" "config ro/p.stet" "team ro/p.stet list" \
		"schema ro/p.stet"; do
		# shellcheck disable=SC2086
		as_other $args
		expect_rc "read-only directory: $args reads" 0
	done
	expect_eq "none of them writes there" "$before" "$(snap ro)"

	FILE=ro/p.stet
	as_other import ro/p.stet c.jsonl
	unchanged "a writer on a read-only project" ro "$before"
	expect_match "says it cannot write the project, and why" \
		'ro/p.stet: cannot open the project for writing: Permission denied; nothing was written' "$ERR"

	# A lock file its reader cannot write: named, not the project.
	chmod 755 ro
	"$STET" info ro/p.stet >/dev/null
	chmod 644 ro/p.stet-lock
	FILE=ro/p.stet-lock
	before=$(snap ro)
	as_other info ro/p.stet
	unchanged "a lock file the reader cannot write" ro "$before"
	expect_match "the lock file is blamed, with the reason" \
		'ro/p.stet-lock: cannot open the lock file for writing: Permission denied' "$ERR"

	# A writable project in a directory where no lock file can be made.
	rm ro/p.stet-lock
	chmod 666 ro/p.stet
	chmod 555 ro
	before=$(snap ro)
	as_other import ro/p.stet c.jsonl
	unchanged "a writer where no lock file can be made" ro "$before"
	expect_match "the lock file it cannot make is named" \
		'ro/p.stet-lock: cannot make the lock file: Permission denied' "$ERR"
	chmod 755 ro
else
	ok "# SKIP a read-only place needs root with setpriv, or another user"
fi

# A read-only filesystem: LMDB's own rule, a reader needs no lock file
# there (a bind mount, as root).
mkdir rofs
if [ "$(id -u)" = 0 ] && mount --bind ro rofs 2>/dev/null &&
	mount -o remount,ro,bind rofs 2>/dev/null; then
	before=$(snap ro)
	run_stet info rofs/p.stet --format json
	expect_rc "a reader on a read-only filesystem reads" 0
	expect_eq "and leaves it as it was" "$before" "$(snap ro)"
	FILE=rofs/p.stet
	run_stet import rofs/p.stet c.jsonl
	expect_rc "a writer on a read-only filesystem fails" 1
	expect_match "saying so" 'rofs/p.stet: cannot open the project for writing: Read-only file system' "$ERR"
	umount rofs
else
	umount rofs 2>/dev/null
	ok "# SKIP cannot make a read-only bind mount here"
fi

done_testing
