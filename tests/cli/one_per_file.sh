#!/bin/sh
# stet import --one-per-file: a corpus kept as a folder of documents,
# one text item a file, its id its path below the folder given.
. "$srcdir/tests/cli/lib.sh"

"$STET" init p.stet --labels A,B >/dev/null

mkdir -p docs/b docs/a docs/.git
printf 'first doc\nline two\n' >docs/z.txt
printf 'one\r\ntwo\r\n' >docs/a/crlf.txt
printf 'nested\n\n' >docs/b/two.md
printf 'Tre\314\200s\n' >docs/a/nfd.txt
: >docs/empty.txt
printf '  \n\t\n' >docs/blank.txt
printf 'hidden' >docs/.hidden
printf 'git' >docs/.git/HEAD
ln -s z.txt docs/y-link.txt
ln -s nowhere docs/dead
ln -s ../docs docs/loop

run_stet import p.stet --one-per-file docs
expect_rc "a folder imports" 0
expect_eq "one item a file with text; empty, blank, hidden and links elsewhere none" \
	"5 items added, 0 duplicates, 0 skipped" "$OUT"
expect_match "an empty file is said and passed over" \
	'^stet: import: docs/empty.txt: empty, no item$' "$ERR"
expect_match "so is a file of white space" \
	'^stet: import: docs/blank.txt: only white space, no item$' "$ERR"
expect_match "a link to a folder is not followed" \
	'^stet: import: docs/loop: a link to a folder, not followed$' "$ERR"
expect_match "a link that leads nowhere is said" \
	'^stet: import: docs/dead: a link that leads nowhere, passed over$' "$ERR"

run_stet export p.stet
# Sorted by path, byte order: a/ before b/ before y-link.txt and z.txt.
expect_eq "ids are paths below the folder, in sorted order; texts without their last line ends, CRLF read as LF, in NFC" \
	"$(printf '%s\n' \
		'{"id":"a/crlf.txt","text":"one\ntwo"}' \
		'{"id":"a/nfd.txt","text":"Très"}' \
		'{"id":"b/two.md","text":"nested"}' \
		'{"id":"y-link.txt","text":"first doc\nline two"}' \
		'{"id":"z.txt","text":"first doc\nline two"}')" "$OUT"
run_stet import p.stet --one-per-file docs
expect_eq "importing the folder again adds nothing" \
	"0 items added, 5 duplicates, 0 skipped" "$OUT"

run_stet import p.stet --one-per-file ./docs/z.txt docs/b/two.md
expect_eq "files named outright are their own ids, as written" \
	"2 items added, 0 duplicates, 0 skipped" "$OUT"
run_stet export p.stet
expect_match "without a leading ./" '^\{"id":"docs/z.txt","text":"first doc\\nline two"\}$' "$OUT"

# A bad file fails them all: nothing of any file is written.
cp p.stet p.before
printf 'changed\n' >docs/b/two.md
printf 'new one\n' >docs/new.txt
run_stet import p.stet --one-per-file docs
expect_rc "a file whose id names other content fails" 1
expect_eq "named by its path and id" \
	'stet: import: docs/b/two.md: id "b/two.md" already names an item with other content' "$ERR"
if cmp -s p.stet p.before; then ok "nothing is written, not even the new file"; else not_ok "nothing is written, not even the new file"; fi
printf 'nested\n\n' >docs/b/two.md

cp "$TESTDATA/bad/image.png" docs/b/image.png
printf 'caf\351\n' >docs/b/latin.txt
run_stet import p.stet --one-per-file docs
expect_rc "a binary file fails the import" 1
expect_eq "said so, with libmagic's type" \
	'stet: import: docs/b/image.png: a binary file (image/png), not a document' "$ERR"
if cmp -s p.stet p.before; then ok "and nothing is written"; else not_ok "and nothing is written"; fi
run_stet import p.stet --one-per-file --skip-bad docs
expect_eq "--skip-bad imports the good files" "1 item added, 5 duplicates, 2 skipped" "$OUT"
expect_match "and lists the binary file" \
	'^stet: import: skipped docs/b/image.png: a binary file \(image/png\), not a document$' "$ERR"
expect_match "and the file that is not UTF-8, by line and byte" \
	'^stet: import: skipped docs/b/latin.txt:1:4: invalid UTF-8 byte 0xe9' "$ERR"
run_stet import p.stet --one-per-file --encoding ISO-8859-1 docs/b/latin.txt
expect_rc "--encoding reads a file in another charset" 0
run_stet export p.stet
expect_match "converted to UTF-8" '^\{"id":"docs/b/latin.txt","text":"café"\}$' "$OUT"

run_stet import p.stet --one-per-file nowhere
expect_rc "a path that is not there fails" 1
expect_eq "named" "stet: import: nowhere: No such file or directory" "$ERR"
for args in "--gold docs" "--format txt docs" "--paragraphs docs" "-"; do
	# shellcheck disable=SC2086
	run_stet import p.stet --one-per-file $args
	expect_rc "a usage error: --one-per-file $args" 2
done

done_testing
