#!/bin/sh
# Output that other tools read: stet agree's text, Markdown and CSV
# forms with names that would break them (a pair key with '|', 36-
# character Prodigy UUIDs, CJK, Markdown punctuation, quotes), its
# bootstrap intervals in every form, counts in words, and option
# errors.
. "$srcdir/tests/cli/lib.sh"

U1=6f1c2b8e-3a4d-4e5f-8a9b-0c1d2e3f4a5b
U2=0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d
"$STET" init o.stet --labels A,B >/dev/null
printf '{"id":"i%d","text":"t%d","meta":{"lang":"en"}}\n' 1 1 2 2 3 3 > items.jsonl
"$STET" import o.stet items.jsonl >/dev/null
cat > ann.jsonl <<EOF
{"item":"i1","annotator":"ana","label":"A"}
{"item":"i1","annotator":"bo","label":"A"}
{"item":"i2","annotator":"ana","label":"B"}
{"item":"i2","annotator":"bo","label":"A"}
{"item":"i3","annotator":"ana","label":"B"}
{"item":"i3","annotator":"bo","label":"B"}
{"item":"i1","annotator":"$U1","label":"A"}
{"item":"i2","annotator":"$U1","label":"B"}
{"item":"i1","annotator":"$U2","label":"B"}
{"item":"i3","annotator":"$U2","label":"B"}
{"item":"i3","annotator":"名前","label":"B"}
{"item":"i1","annotator":"名前","label":"A"}
{"item":"i2","annotator":"x*y_z","label":"A"}
{"item":"i3","annotator":"x*y_z","label":"A"}
{"item":"i1","annotator":"q\"t,","label":"A"}
{"item":"i2","annotator":"q\"t,","label":"A"}
EOF
"$STET" import-annotations o.stet ann.jsonl >/dev/null

# Markdown: every row of every table has as many cell separators (an
# unescaped '|') as its header (GFM drops a row's extra cells without a
# word, so the rendering alone would not show it); rendered by
# cmark-gfm, the names come back as they were.
run_stet agree o.stet --format markdown --bootstrap 20
expect_rc "agree --format markdown" 0
printf '%s\n' "$OUT" > report.md
if command -v cmark-gfm >/dev/null 2>&1; then
	CELLS=$(cmark-gfm -e table report.md | /usr/bin/python3 -c '
import html, re, sys
doc = sys.stdin.read()
bad = []
for t in re.findall(r"<table>.*?</table>", doc, re.S):
    rows = re.findall(r"<tr>(.*?)</tr>", t, re.S)
    n = [len(re.findall(r"<t[hd]", r)) for r in rows]
    if len(set(n)) != 1:
        bad.append(n)
src = open("report.md").read().split("\n\n")
for block in src:
    lines = [l for l in block.split("\n") if l.startswith("|")]
    seps = [len(re.findall(r"(?<!\\)\|", l.replace("\\\\", ""))) for l in lines]
    if len(set(seps)) > 1:
        bad.append(seps)
cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", doc)]
print("ragged %s" % bad if bad else "even",
      "ana-bo" if "ana" in cells and "bo" in cells else "no ana, bo",
      "names" if {"x*y_z", "q\"t,", "名前"} <= set(cells) else "names lost %s" % cells)')
	expect_eq "Markdown: each table's rows have its header's cells, names intact" \
		"even ana-bo names" "$CELLS"
else
	ok "# SKIP cmark-gfm is not installed (build-aux/install-deps)"
fi
expect_match "Markdown: the intervals" '^\| krippendorff_alpha \| -?[0-9.]+ \| (-|-?[0-9.]+ to -?[0-9.]+) \|$' "$OUT"

# Text: with right-aligned numbers last, a table whose columns align
# has every row as wide as its header, in terminal cells (名前 takes 4).
run_stet agree o.stet
WIDTHS=$(printf '%s\n' "$OUT" | /usr/bin/python3 -c '
import sys, unicodedata
def w(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = sys.stdin.read().split("\n")
at = next(i for i, l in enumerate(lines) if l.startswith("  pair "))
rows = []
for l in lines[at:]:
    if not l:
        break
    rows.append(l)
print(len(rows) - 1, len({w(l) for l in rows}))')
# seven annotators: 7 * 6 / 2 = 21 pairs, all one width
expect_eq "text: 21 pairs, every row as wide as the header" "21 1" "$WIDTHS"
ORDER=$(printf '%s\n' "$OUT" | sed -n '/^  pair /,/^$/p' | sed '1d;$d' | awk '{print $1}' | tr '\n' ' ')
expect_eq "text: pairs by their first name, then the second (byte order)" \
	"$U2 $U2 $U2 $U2 $U2 $U2 $U1 $U1 $U1 $U1 $U1 ana ana ana ana bo bo bo q\"t, q\"t, x*y_z " "$ORDER"
run_stet agree o.stet --bootstrap 20 --seed 3
expect_match "text: the intervals" '^  krippendorff_alpha +-?[0-9.]+ +(-|-?[0-9.]+ to -?[0-9.]+)$' "$OUT"
expect_match "text: the interval column" '^  coefficient +value +95% interval$' "$OUT"

# CSV: one header, eight fields a row, names quoted as RFC 4180 says,
# intervals in low and high, the slices of --by after the whole.
run_stet agree o.stet --format csv --bootstrap 20 --by lang
printf '%s\n' "$OUT" > report.csv
CSV=$(/usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(open("report.csv", newline="")))
head = rows[0]
print(head == ["scope","name","coefficient","value","items","low","high","slice"],
      sum(r == head for r in rows),
      {len(r) for r in rows},
      any(r[1] == "q\"t,|x*y_z" for r in rows),
      [r[5] != "" for r in rows if r[0] == "overall" and r[2] == "krippendorff_alpha"],
      sorted({r[7] for r in rows[1:]}))')
expect_eq "CSV: one header, eight fields, quoted names, intervals, slices" \
	"True 1 {8} True [True, True] ['', 'en']" "$CSV"
run_stet agree o.stet --format json --bootstrap 20
expect_match "JSON keeps its intervals" '"intervals":\{"krippendorff_alpha":\[' "$OUT"

# --by a field no labeled item has: a warning naming it.
run_stet agree o.stet --by meta.lnag
expect_rc "--by a field nobody has still reports" 0
expect_match "with a warning naming the field" \
	"^stet: agree: warning: no labeled item has the meta field 'meta.lnag'" "$ERR"
run_stet agree o.stet --by lang
expect_eq "--by a field the items have: no warning" "" "$ERR"
run_stet agree o.stet --by meta.
expect_rc "--by meta. is a usage error" 2

# CSV export: annotator columns are label:NAME, and a field named like
# one of stet's columns is field:NAME, so no header name repeats.
"$STET" init e.stet --labels A,B >/dev/null
printf '{"id":"1","fields":{"alcohol":"yes","id":"x1","final":"no","label:bo":"y"}}\n{"id":"2","text":"plain"}\n' > e.jsonl
"$STET" import e.stet e.jsonl >/dev/null
printf '{"item":"1","annotator":"alcohol","label":"A"}\n{"item":"2","annotator":"id","label":"B"}\n' > e-ann.jsonl
"$STET" import-annotations e.stet e-ann.jsonl >/dev/null
run_stet export e.stet --format csv
expect_eq "CSV export: fields, then label:ANNOTATOR; field:NAME where a name is taken" \
	"id,text,alcohol,field:id,field:final,field:label:bo,label:alcohol,label:id" \
	"$(printf '%s\n' "$OUT" | head -n 1 | tr -d '\r')"
expect_match "the rows under them" '^1,,yes,x1,no,y,A,' "$OUT"
run_stet export e.stet --format csv --final
expect_eq "with --final, the final column and no other of that name" \
	"id,text,alcohol,field:id,field:final,field:label:bo,final" \
	"$(printf '%s\n' "$OUT" | head -n 1 | tr -d '\r')"

# Counts in words.
run_stet init one.stet --labels only
expect_match "init: 1 label" '^created one\.stet: 1 label \(' "$OUT"
run_stet info one.stet
expect_match "info: 1 label" 'single-label, 1 label$' "$OUT"
printf '{"id":"x","text":"x"}\n' > one.jsonl
run_stet import one.stet one.jsonl
expect_match "import: 1 item" '1 item added, 0 duplicates, 0 skipped' "$OUT"
run_stet import one.stet one.jsonl
expect_match "import: 1 duplicate" '0 items added, 1 duplicate, 0 skipped' "$OUT"
# ana labeled i1 to i3, U1 i1 and i2: i3 has a single value
run_stet agree o.stet --annotators "ana,$U1"
expect_match "agree: a single value left out, in the singular" \
	'^note: 1 item with a single value is left out' "$OUT"

# Long options: an abbreviation two options share is ambiguous, and
# the message names them; a value given to one that takes none.
run_stet agree o.stet --b 10
expect_rc "--b is a usage error" 2
expect_match "said to be ambiguous, naming both" \
	'option --b is ambiguous; it could be --bootstrap, --by' "$ERR"
run_stet agree o.stet --bogus
expect_match "an unknown option is unknown" 'unknown option --bogus' "$ERR"
run_stet agree o.stet --help=yes
expect_rc "--help=yes is a usage error" 2
expect_match "saying it takes no value" 'option --help takes no value' "$ERR"

# Every option value stet cannot take, whatever the project holds, is a
# usage error (exit status 2), and nothing is created or written: a
# label name over 200 bytes, and an unclosed quote in --rename.
LONG=$(printf '%0201d' 0)
for args in "init q.stet --labels A --overlap 0" \
	"init q.stet --labels A --order bogus" "init q.stet --labels A --seed x" \
	"config o.stet overlap 0" "config o.stet colour blue" \
	"import o.stet items.jsonl --text-column=" "import o.stet items.jsonl --id-column=" \
	"import o.stet items.jsonl --encoding=NO-SUCH" \
	"import-annotations o.stet items.jsonl --encoding=NO-SUCH" \
	"export o.stet --output=" "label o.stet --as=" "stats o.stet --annotator=" \
	"log o.stet --item=" "agree o.stet --by=" \
	"schema o.stet --add-label=$LONG" "schema o.stet --add-label C --key xy" \
	"schema o.stet --rename A=" "schema o.stet --rename =B" \
	"schema o.stet --rename A=\"b"; do
	# shellcheck disable=SC2086
	run_stet $args
	expect_rc "a usage error: $args" 2
done
if [ -e q.stet ]; then not_ok "init wrote no project"; else ok "init wrote no project"; fi
run_stet schema o.stet
expect_match "the schema is as it was" '^# schema version 1$' "$OUT"

done_testing
