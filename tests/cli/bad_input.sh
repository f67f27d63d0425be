#!/bin/sh
# stet import on bad input: one line on stderr naming the file, and the
# line and byte where they apply, exit status 1, and the project file
# byte for byte as it was. Then --skip-bad, which imports the good
# records and lists every one it skipped.
. "$srcdir/tests/cli/lib.sh"

CORPUS=$TESTDATA/corpus
BAD=$TESTDATA/bad

rm -f p.stet p.stet-lock
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null 2>&1
"$STET" import -q p.stet "$CORPUS/sentences.txt"
cp p.stet p.before

# refused "what" FILE "MESSAGE" [OPTIONS...]: importing FILE fails with
# exactly "stet: import: MESSAGE" on stderr, nothing on stdout, exit
# status 1, and p.stet unchanged.
refused() {
	what=$1 file=$2 msg=$3
	shift 3
	run_stet import p.stet "$@" "$file"
	expect_rc "$what: exit status 1" 1
	expect_eq "$what: one line on stderr" "stet: import: $msg" "$ERR"
	expect_eq "$what: nothing on stdout" "" "$OUT"
	if cmp -s p.stet p.before; then
		ok "$what: the project is unchanged"
	else
		not_ok "$what: the project is unchanged"
		cp p.before p.stet
	fi
}

refused "invalid UTF-8" "$BAD/invalid-utf8.jsonl" \
	"$BAD/invalid-utf8.jsonl:3:26: invalid UTF-8 byte 0xc3"
refused "truncated JSON" "$BAD/truncated.jsonl" \
	"$BAD/truncated.jsonl:3:59: premature end of input"
refused "a binary file" "$BAD/image.png" \
	"$BAD/image.png: a binary file (image/png), not a corpus"
refused "a binary file forced to a format" "$BAD/image.png" \
	"$BAD/image.png: a binary file (image/png), not a corpus" --format txt
refused "ragged CSV" "$BAD/ragged.csv" \
	"$BAD/ragged.csv:3: row has 2 fields, the header has 3"
refused "a quote inside an unquoted CSV field" "$BAD/bad-quotes.csv" \
	"$BAD/bad-quotes.csv:3:8: a '\"' inside a field that does not start with one (quote the field and double the '\"')"
refused "NUL bytes" "$BAD/nul.txt" \
	"$BAD/nul.txt:2:28: NUL byte"
# libmagic's charset is a hint in the message, the verdict the line's.
refused "Latin-1 without --encoding" "$BAD/latin1.txt" \
	"$BAD/latin1.txt:1:4: invalid UTF-8 byte 0xe9 (libmagic takes the file for iso-8859-1: if it is, import it with --encoding iso-8859-1)"

# Windows-1252 quotes are no charset libmagic names: the message says
# what to do, with no placeholder for a value.
printf 'He said \223hi\224 to me.\nA plain line.\n' >cp1252.txt
refused "an unnamed charset" cp1252.txt \
	"cp1252.txt:1:9: invalid UTF-8 byte 0x93 (no UTF-8 in the first 34 bytes: if the file is in another charset, name it with --encoding; iconv -l lists the names)"
refused "the mixed file without --skip-bad stops at its first bad line" \
	"$BAD/mixed.jsonl" "$BAD/mixed.jsonl:2:51: premature end of input"

# A UTF-8 file whose first non-ASCII byte is the stray one is still
# UTF-8 when it holds UTF-8 further on: told where, not to convert.
{
	i=1
	while [ $i -le 16 ]; do
		echo "{\"text\": \"line $i\"}"
		i=$((i + 1))
	done
	printf '{"text": "caf\303 au lait"}\n{"text": "Gr\303\274\303\237e"}\n'
} >stray.jsonl
refused "a stray byte before any other non-ASCII" stray.jsonl \
	"stray.jsonl:17:14: invalid UTF-8 byte 0xc3"

# A quoted field that runs into the next line and closes wrongly there:
# the line and byte of the fault, not of the row's start.
printf 'id,text\na,"two\nlines"x\n' >late.csv
refused "text after a quote on a row's second line" late.csv \
	"late.csv:3:7: text after the '\"' that closes a quoted field"
printf 'id,text\na,"never closed\nb,more\n' >open.csv
refused "a quoted field open at the end of the file" open.csv \
	"open.csv:2: a quoted field of this row is still open at the end of the file"

# UTF-16 without a BOM is half NUL bytes: binary, not text with NULs.
printf 'h\000e\000l\000l\000o\000\n\000w\000o\000r\000l\000d\000\n\000' >utf16.txt
refused "UTF-16 without a BOM" utf16.txt \
	"utf16.txt: a binary file (application/octet-stream), not a corpus"

# With a BOM, libmagic names UTF-16, and so does the message.
printf '\377\376h\000e\000l\000l\000o\000\n\000w\000o\000r\000l\000d\000\n\000' >bom16.txt
refused "UTF-16 with a BOM" bom16.txt \
	"bom16.txt: not UTF-8 (libmagic says the charset is utf-16le); import it with --encoding utf-16le"

# A line of 10 MB, made here rather than kept in the tree.
{
	printf '{"text": "'
	head -c 10485760 /dev/zero | tr '\000' 'x'
	printf '"}\n{"text": "after the long line"}\n'
} >long.jsonl
refused "a 10 MB line" long.jsonl "long.jsonl:1: line is longer than 1 MiB"
refused "a 10 MB line on stdin" - "stdin:1: line is longer than 1 MiB" <long.jsonl

# One transaction per file: the good file before a bad one stays.
run_stet import p.stet "$CORPUS/reviews.jsonl" "$BAD/ragged.csv"
expect_rc "a good file then a bad one: exit status 1" 1
printf '%s\n' \
	"stet: import: $BAD/ragged.csv:3: row has 2 fields, the header has 3" \
	"stet: import: nothing of $BAD/ragged.csv was imported" >two.want
expect_file "a good file then a bad one: the bad one named" two.want "$SCRATCH/.stderr"
expect_eq "a good file then a bad one: the good one is in" "11 10 1" "$(counts p.stet)"
cp p.before p.stet

# --- --skip-bad --------------------------------------------------------------

# skipped "what" FILE ADDED SKIPPED LINE...: --skip-bad imports FILE
# with that summary and exactly those "skipped" lines on stderr.
skipped() {
	what=$1 file=$2 added=$3 nskipped=$4
	shift 4
	run_stet import p.stet --skip-bad "$file"
	expect_rc "$what --skip-bad: exit status 0" 0
	expect_eq "$what --skip-bad: summary" \
		"$added added, 0 duplicates, $nskipped skipped" "$OUT"
	: >skip.want
	for line in "$@"; do
		echo "stet: import: skipped $line" >>skip.want
	done
	expect_file "$what --skip-bad: every skipped line listed" skip.want \
		"$SCRATCH/.stderr"
}

skipped "mixed.jsonl" "$BAD/mixed.jsonl" "4 items" 3 \
	"$BAD/mixed.jsonl:2:51: premature end of input" \
	"$BAD/mixed.jsonl:4:34: invalid UTF-8 byte 0xff" \
	"$BAD/mixed.jsonl:5: has no \"text\" or \"fields\""
expect_eq "mixed.jsonl --skip-bad: the good lines are in" \
	"$(printf '%s\n' m1 m3 m6 m7)" \
	"$("$STET" export p.stet | sed -n 's/^{"id":"\(m[0-9]\)".*/\1/p')"
cp p.before p.stet

skipped "ragged.csv" "$BAD/ragged.csv" "3 items" 2 \
	"$BAD/ragged.csv:3: row has 2 fields, the header has 3" \
	"$BAD/ragged.csv:5: row has 4 fields, the header has 3"
expect_eq "ragged.csv --skip-bad: the good rows are in" \
	"$(printf '%s\n' c1 c3 c5)" \
	"$("$STET" export p.stet | sed -n 's/^{"id":"\(c[0-9]\)".*/\1/p')"
cp p.before p.stet

skipped "bad-quotes.csv" "$BAD/bad-quotes.csv" "2 items" 2 \
	"$BAD/bad-quotes.csv:3:8: a '\"' inside a field that does not start with one (quote the field and double the '\"')" \
	"$BAD/bad-quotes.csv:4:12: text after the '\"' that closes a quoted field"
cp p.before p.stet

skipped "truncated.jsonl" "$BAD/truncated.jsonl" "2 items" 1 \
	"$BAD/truncated.jsonl:3:59: premature end of input"
cp p.before p.stet

skipped "nul.txt" "$BAD/nul.txt" "2 items" 1 "$BAD/nul.txt:2:28: NUL byte"
cp p.before p.stet

skipped "invalid-utf8.jsonl" "$BAD/invalid-utf8.jsonl" "3 items" 1 \
	"$BAD/invalid-utf8.jsonl:3:26: invalid UTF-8 byte 0xc3"
cp p.before p.stet

skipped "a 10 MB line" long.jsonl "1 item" 1 \
	"long.jsonl:1: line is longer than 1 MiB"
expect_eq "a 10 MB line --skip-bad: the line after it is in" \
	'{"text":"after the long line"}' \
	"$("$STET" export p.stet | sed -E 's/^\{"id":"[0-9a-f]{16}",/{/' | tail -n 1)"
cp p.before p.stet

# A file mostly ASCII with a few Latin-1 lines, none of UTF-8 before
# them: libmagic's guess no longer refuses it whole; --skip-bad skips
# the bad lines and names each.
{
	i=1
	while [ $i -le 20 ]; do
		echo "{\"text\": \"line $i\"}"
		i=$((i + 1))
	done
	printf '{"text": "caf\351 au lait"}\n{"text": "line 22"}\n{"text": "na\357ve"}\n'
} >mostly.jsonl
# 23 lines, two of them bad: 21 items.
skipped "mostly UTF-8, a few Latin-1 lines" mostly.jsonl "21 items" 2 \
	"mostly.jsonl:21:14: invalid UTF-8 byte 0xe9 (libmagic takes the file for iso-8859-1: if it is, import it with --encoding iso-8859-1)" \
	"mostly.jsonl:23:13: invalid UTF-8 byte 0xef (libmagic takes the file for iso-8859-1: if it is, import it with --encoding iso-8859-1)"
cp p.before p.stet

# A whole Latin-1 file with --skip-bad: each line is one to skip, and
# each says what the file may be.
skipped "Latin-1" "$BAD/latin1.txt" "0 items" 3 \
	"$BAD/latin1.txt:1:4: invalid UTF-8 byte 0xe9 (libmagic takes the file for iso-8859-1: if it is, import it with --encoding iso-8859-1)" \
	"$BAD/latin1.txt:2:7: invalid UTF-8 byte 0xe7 (libmagic takes the file for iso-8859-1: if it is, import it with --encoding iso-8859-1)" \
	"$BAD/latin1.txt:3:3: invalid UTF-8 byte 0xef (libmagic takes the file for iso-8859-1: if it is, import it with --encoding iso-8859-1)"
cp p.before p.stet

# A UTF-8 file with one NUL line and one stray byte is text with two
# bad lines, not a binary file.
{
	printf 'Caf\303\251 one.\nline two\n'
	printf 'nul \000 here\nline four\nstray \303 here\nline six\nline seven\nline eight\n'
} >fewbad.txt
# 8 lines, two bad: 6 items.
skipped "UTF-8 with a NUL and a stray byte" fewbad.txt "6 items" 2 \
	"fewbad.txt:3:5: NUL byte" \
	"fewbad.txt:5:7: invalid UTF-8 byte 0xc3"
cp p.before p.stet

# What is wrong with the whole file is not a line to skip.
refused "a binary file with --skip-bad" "$BAD/image.png" \
	"$BAD/image.png: a binary file (image/png), not a corpus" --skip-bad

done_testing
