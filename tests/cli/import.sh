#!/bin/sh
# stet import on good input: every corpus format, detected and forced,
# the reader options, normalisation and deduplication, the summary line,
# BOM, CRLF, other charsets, stdin, empty files, and import → export →
# import round trips that must give the same bytes back.
. "$srcdir/tests/cli/lib.sh"

CORPUS=$TESTDATA/corpus
DEMO=$TESTDATA/demo
BAD=$TESTDATA/bad

# new_project NAME: a fresh NAME.stet with three labels.
new_project() {
	rm -f "$1.stet" "$1.stet-lock"
	"$STET" init "$1.stet" --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null 2>&1 ||
		not_ok "init $1.stet"
}

# Drops the 16-digit ids stet derives from content, leaving what was read.
strip_ids() {
	sed -E 's/^\{"id":"[0-9a-f]{16}",/{/'
}

# Keeps only the id and text of each exported line.
id_text() {
	sed -E 's/^(\{"id":"[^"]*","text":"([^"\\]|\\.)*").*/\1}/'
}

# --- each format, detected from the name ---------------------------------

# file format added text table
while read -r file format added text table; do
	new_project p
	run_stet import p.stet "$CORPUS/$file"
	expect_rc "$file imports" 0
	# reviews.jsonl's r5 has a "prediction" and a "score": model
	# import's, on a project whose schema has POSITIVE.
	pred=
	[ "$file" = reviews.jsonl ] && pred="; 1 prediction of model import, version 1"
	expect_eq "$file: summary" \
		"$added items added, 0 duplicates, 0 skipped$pred" "$OUT"
	expect_eq "$file: nothing on stderr" "" "$ERR"
	expect_eq "$file: item counts" "$added $text $table" "$(counts p.stet)"
	"$STET" export p.stet >"$file.ref"

	# The same bytes under a name that says nothing: found from content,
	# named as that format in the per-file line.
	cp "$CORPUS/$file" noext
	new_project q
	run_stet import q.stet noext "$BAD/empty.txt"
	expect_eq "$file without its extension is detected as $format" \
		"noext ($format): $added items added, 0 duplicates, 0 skipped$pred" \
		"$(printf '%s\n' "$OUT" | head -n 1)"
	"$STET" export q.stet >"$file.noext"
	expect_file "$file detected from content reads the same items" \
		"$file.ref" "$file.noext"

	# And forced with --format under a name no format claims.
	cp "$CORPUS/$file" corpus.dat
	new_project q
	run_stet import q.stet --format "$format" corpus.dat
	expect_eq "$file with --format $format" \
		"$added items added, 0 duplicates, 0 skipped$pred" "$OUT"
	"$STET" export q.stet >"$file.forced"
	expect_file "$file with --format reads the same items" \
		"$file.ref" "$file.forced"
done <<EOF
reviews.jsonl jsonl 7 6 1
transactions.csv csv 5 0 5
tokens.tsv tsv 4 0 4
sentences.txt txt 4 4 0
paragraphs.txt txt 6 6 0
sample.conllu conll 3 3 0
sample.conll conll 3 3 0
EOF

# --format wins over the name: a TSV read as text is one item a line,
# its header included.
new_project p
run_stet import p.stet --format txt "$CORPUS/tokens.tsv"
expect_eq "--format txt overrides .tsv" \
	"5 items added, 0 duplicates, 0 skipped" "$OUT"
expect_eq "--format txt makes text items" "5 5 0" "$(counts p.stet)"

run_stet import p.stet --format yaml "$CORPUS/tokens.tsv"
expect_rc "an unknown --format is a usage error" 2

# --- JSONL -----------------------------------------------------------------

new_project p
"$STET" import -q p.stet "$CORPUS/reviews.jsonl"
"$STET" export p.stet >reviews.out
cat >reviews.want <<'EOF'
{"id":"r1","text":"The kettle boils in under two minutes and switches itself off.","meta":{"source":"shop","stars":5}}
{"id":"r2","text":"Arrived with a cracked lid; the replacement took three weeks.","meta":{"source":"shop","stars":1}}
{"id":"r3","text":"It does what the box says, nothing more.","meta":{"source":"forum"}}
{"text":"Battery lasts a weekend of hiking, charging is slow.","meta":{"source":"forum","stars":3},"label":"NEUTRAL"}
{"id":"r5","text":"Quiet, light, and the handle stays cool.","prediction":"POSITIVE","score":0.875}
{"text":"The hinge squeaked from day one.","meta":{"source":"prodigy"},"label":"NEGATIVE"}
{"id":"r7","fields":{"product":"desk lamp","rating":"4","comment":"Bright enough to read by, dim enough at night."}}
EOF
strip_ids <reviews.out >reviews.got
expect_file "JSONL: ids, meta, label, prediction, score, a Prodigy task and a fields row" \
	reviews.want reviews.got

# A Prodigy task's label is the question it asked: it is the item's
# label only when the answer was accept.
cat >prodigy.jsonl <<'EOF'
{"text": "Accepted task.", "label": "POSITIVE", "answer": "accept", "_input_hash": 1, "_task_hash": 2}
{"text": "Rejected task.", "label": "POSITIVE", "answer": "reject", "_input_hash": 3, "_task_hash": 4}
{"text": "Ignored task.", "label": "POSITIVE", "answer": "ignore", "_input_hash": 5, "_task_hash": 6}
{"text": "Tokens as objects.", "tokens": [{"text": "Tokens", "start": 0, "end": 6, "id": 0, "ws": true}], "spans": []}
{"text": "A doccano span line.", "label": [[0, 1, "ORG"]]}
{"text": "A doccano line with no labels.", "label": []}
EOF
new_project p
run_stet import p.stet prodigy.jsonl
expect_eq "Prodigy and doccano keys stet cannot hold are left aside" \
	"6 items added, 0 duplicates, 0 skipped" "$OUT"
"$STET" export p.stet | strip_ids >prodigy.got
cat >prodigy.want <<'EOF'
{"text":"Accepted task.","label":"POSITIVE"}
{"text":"Rejected task."}
{"text":"Ignored task."}
{"text":"Tokens as objects."}
{"text":"A doccano span line."}
{"text":"A doccano line with no labels."}
EOF
expect_file "only an accepted Prodigy answer keeps its label" \
	prodigy.want prodigy.got

# --- CSV and TSV -----------------------------------------------------------

new_project p
"$STET" import -q p.stet "$CORPUS/transactions.csv"
"$STET" export p.stet >csv.got
cat >csv.want <<'EOF'
{"id":"t1","fields":{"date":"2024-03-01","merchant":"Corner Bakery","amount":"4.50","memo":"croissant"}}
{"id":"t2","fields":{"date":"2024-03-02","merchant":"Smith, Jones & Co","amount":"120.00","memo":"invoice 17, second half"}}
{"id":"t3","fields":{"date":"2024-03-02","merchant":"Fuel Stop","amount":"61.20","memo":"pump 4\nreceipt lost"}}
{"id":"t4","fields":{"date":"2024-03-03","merchant":"The \"Good\" Grocer","amount":"33.05","memo":"bag of \"organic\" apples"}}
{"id":"t5","fields":{"date":"2024-03-04","merchant":"Book Nook","amount":"","memo":""}}
EOF
expect_file "CSV: quoted commas, quoted newlines, doubled quotes, empty fields, column order, id column" \
	csv.want csv.got
"$STET" export p.stet --format csv | tr -d '\r' >csv.back
expect_file "CSV export gives the file back (but for CRLF row ends)" \
	"$CORPUS/transactions.csv" csv.back
"$STET" export p.stet --format csv | head -n 1 >csv.head
expect_eq "CSV export keeps the column order, rows end in CRLF" \
	"$(printf 'id,date,merchant,amount,memo\r')" "$(cat csv.head)"

new_project p
run_stet import p.stet --text-column merchant "$CORPUS/transactions.csv"
expect_eq "--text-column: one item a row" \
	"5 items added, 0 duplicates, 0 skipped" "$OUT"
expect_eq "--text-column makes text items" "5 5 0" "$(counts p.stet)"
"$STET" export p.stet >textcol.got
cat >textcol.want <<'EOF'
{"id":"t1","text":"Corner Bakery","meta":{"date":"2024-03-01","amount":"4.50","memo":"croissant"}}
{"id":"t2","text":"Smith, Jones & Co","meta":{"date":"2024-03-02","amount":"120.00","memo":"invoice 17, second half"}}
{"id":"t3","text":"Fuel Stop","meta":{"date":"2024-03-02","amount":"61.20","memo":"pump 4\nreceipt lost"}}
{"id":"t4","text":"The \"Good\" Grocer","meta":{"date":"2024-03-03","amount":"33.05","memo":"bag of \"organic\" apples"}}
{"id":"t5","text":"Book Nook","meta":{"date":"2024-03-04","amount":"","memo":""}}
EOF
expect_file "--text-column: the other columns become meta, in order" \
	textcol.want textcol.got

new_project p
run_stet import p.stet --id-column merchant "$CORPUS/transactions.csv"
expect_eq "--id-column imports every row" \
	"5 items added, 0 duplicates, 0 skipped" "$OUT"
"$STET" export p.stet | sed -n 2p >idcol.got
expect_eq "--id-column: ids from that column, the id column a field" \
	'{"id":"Smith, Jones & Co","fields":{"id":"t2","date":"2024-03-02","amount":"120.00","memo":"invoice 17, second half"}}' \
	"$(cat idcol.got)"

run_stet import p.stet --text-column nope "$CORPUS/transactions.csv"
expect_rc "--text-column naming no column fails" 1
expect_eq "--text-column naming no column lists the columns" \
	"stet: import: $CORPUS/transactions.csv: no column \"nope\" (the columns are: id, date, merchant, amount, memo)" \
	"$ERR"

new_project p
run_stet import p.stet --text-column word "$CORPUS/tokens.tsv"
"$STET" export p.stet | strip_ids | head -n 1 >tsvtext.got
expect_eq "TSV --text-column" \
	'{"text":"The","meta":{"lemma":"the","pos":"DET"}}' "$(cat tsvtext.got)"

# --- plain text --------------------------------------------------------------

new_project p
run_stet import p.stet --paragraphs "$CORPUS/paragraphs.txt"
expect_eq "--paragraphs: one item per paragraph" \
	"3 items added, 0 duplicates, 0 skipped" "$OUT"
"$STET" export p.stet | strip_ids >para.got
cat >para.want <<'EOF'
{"text":"The shop opens at nine. On Saturdays\nit closes early, around two."}
{"text":"Deliveries come on Tuesdays\nand Fridays,\nalways before ten."}
{"text":"Returns need the receipt."}
EOF
expect_file "--paragraphs joins a paragraph's lines with LF" para.want para.got

new_project p
"$STET" import -q p.stet "$CORPUS/sentences.txt"
"$STET" export p.stet | strip_ids >lines.got
cat >lines.want <<'EOF'
{"text":"The first train leaves at six."}
{"text":"Nobody answered the phone on Sunday."}
{"text":"Rain is expected after noon."}
{"text":"She wrote the address on the back of a receipt."}
EOF
expect_file "plain text: one item a line, blank lines none" lines.want lines.got

# --- CoNLL -------------------------------------------------------------------

new_project p
"$STET" import -q p.stet "$CORPUS/sample.conllu"
"$STET" export p.stet >conllu.out
id_text <conllu.out >conllu.got
cat >conllu.want <<'EOF'
{"id":"demo-1-s1","text":"We can't stay long."}
{"id":"demo-1-s2","text":"Don't wait up"}
{"id":"demo-1-s3","text":"Yesterday Sam bought green apples and today Kim pears"}
EOF
expect_file "CoNLL-U: sent_id is the id; # text, else the forms with a multiword token for its words and no empty node" \
	conllu.want conllu.got
expect_match "CoNLL-U: other comments become meta" \
	'^\{"id":"demo-1-s3",.*"meta":\{"genre":"example"\}' "$(cat conllu.out)"
expect_match "CoNLL-U: token lines are kept, the empty node too" \
	'"8\.1\\tbought\\tbuy\\tVERB' "$(cat conllu.out)"

new_project p
"$STET" import -q p.stet "$CORPUS/sample.conll"
"$STET" export p.stet | id_text | strip_ids >conll.got
cat >conll.want <<'EOF'
{"text":"Alice moved to Lisbon ."}
{"text":"The Tagus is wide ."}
{"text":"Acme hired Bob"}
EOF
expect_file "CoNLL-2003: a sentence an item, the words joined, -DOCSTART- none" \
	conll.want conll.got

# A CoNLL-2003 file named .txt is still CoNLL: its columns are no prose.
cp "$CORPUS/sample.conll" eng.txt
new_project p
run_stet import p.stet eng.txt "$BAD/empty.txt"
expect_eq "CoNLL-2003 named .txt is read as CoNLL" \
	"eng.txt (conll): 3 items added, 0 duplicates, 0 skipped" \
	"$(printf '%s\n' "$OUT" | head -n 1)"
# But one block of numbered lines in a .txt is a list, not a sentence.
printf '1\tFirst item\n2\tSecond item\n3\tThird item\n' >list.txt
run_stet import p.stet list.txt "$BAD/empty.txt"
expect_eq "a numbered list named .txt stays text" \
	"list.txt (txt): 3 items added, 0 duplicates, 0 skipped" \
	"$(printf '%s\n' "$OUT" | head -n 1)"

# --- Unicode, NFC, deduplication ------------------------------------------

new_project p
run_stet import p.stet "$CORPUS/unicode.jsonl"
expect_eq "unicode.jsonl: precomposed and decomposed forms are one item" \
	"9 items added, 1 duplicate, 0 skipped" "$OUT"
expect_eq "unicode.jsonl: nine items stored" "9 9 0" "$(counts p.stet)"
"$STET" export p.stet >uni.out
expect_match "the first form's item stands, in NFC" \
	'^\{"id":"[0-9a-f]{16}","text":"Café crème, naïve résumé","meta":\{"form":"precomposed"\}\}$' \
	"$(cat uni.out)"
decomposed=$(printf 'e\314\201')
expect_eq "no decomposed text is stored" 0 "$(grep -c "$decomposed" uni.out)"
for id in u-cjk u-ko u-zwj u-flags u-ar u-he; do
	want=$(grep "\"$id\"" "$CORPUS/unicode.jsonl" | sed -E 's/.*"text": "([^"]*)".*/\1/')
	got=$(grep "\"$id\"" uni.out | sed -E 's/.*"text":"([^"]*)".*/\1/')
	expect_eq "$id text survives byte for byte" "$want" "$got"
done
expect_eq "control characters and escape sequences survive as data" \
	"$(printf '%s\177%s\302\23331m%s\342\200\256gnp.exe"}' \
		'{"id":"u-ctl","text":"Bell\u0007, escape \u001B[31mred\u001B[0m, clear \u001B[2J\u001B[H, tab\there, backspace x\bX, DEL ' \
		', C1 CSI ' ', override ')" \
	"$(grep '"u-ctl"' uni.out)"

# The decomposed form first: still stored in NFC, under the same id.
grep '"decomposed"' "$CORPUS/unicode.jsonl" >nfd.jsonl
grep '"precomposed"' "$CORPUS/unicode.jsonl" >>nfd.jsonl
new_project q
run_stet import q.stet nfd.jsonl
expect_eq "decomposed first: still one item and one duplicate" \
	"1 item added, 1 duplicate, 0 skipped" "$OUT"
"$STET" export q.stet >nfd.out
expect_eq "decomposed first: the text is stored in NFC under the same id" \
	"$(grep '"precomposed"' uni.out | sed 's/"precomposed"/"decomposed"/')" \
	"$(cat nfd.out)"

# Re-importing adds nothing.
run_stet import p.stet "$CORPUS/unicode.jsonl"
expect_rc "re-import exits 0" 0
expect_eq "re-import adds nothing and counts every line a duplicate" \
	"0 items added, 10 duplicates, 0 skipped" "$OUT"
expect_eq "re-import leaves the item count" "9 9 0" "$(counts p.stet)"

# --- one item per id ---------------------------------------------------------

# A treebank repeats "(Applause.)" under two sent_ids: two sentences,
# two items, and the CoNLL-U export gives the sentences back (all but
# the "# newdoc" comment, kept as meta).
new_project p
run_stet import p.stet "$CORPUS/repeated.conllu"
expect_eq "CoNLL-U: a sentence repeated under another sent_id is an item" \
	"4 items added, 0 duplicates, 0 skipped" "$OUT"
"$STET" export p.stet --format conll >repeated.got
grep -v '^# newdoc' "$CORPUS/repeated.conllu" >repeated.want
expect_file "CoNLL-U export: the same sentences, the repeat included" \
	repeated.want repeated.got
run_stet import p.stet "$CORPUS/repeated.conllu"
expect_eq "CoNLL-U re-import adds nothing" \
	"0 items added, 4 duplicates, 0 skipped" "$OUT"
expect_eq "CoNLL-U re-import: nothing to say on stderr" "" "$ERR"

# A CSV repeats a row under another id: two items.
printf 'id,text\nq1,Same words\nq2,Same words\n' >rows.csv
new_project p
run_stet import p.stet rows.csv
expect_eq "CSV: a row repeated under another id is an item" \
	"2 items added, 0 duplicates, 0 skipped" "$OUT"

# Content decides only for a record without an id: it is the item that
# has its text, said with both ids. A record whose id is taken by other
# content is refused, as before.
printf '%s\n' '{"id": "a", "text": "Applause."}' '{"id": "b", "text": "Applause."}' \
	'{"text": "Applause."}' '{"text": "Laughter."}' '{"text": "Laughter."}' >ids.jsonl
new_project p
run_stet import p.stet ids.jsonl
expect_eq "JSONL: two ids, one text: two items; records without an id are duplicates" \
	"3 items added, 2 duplicates, 0 skipped" "$OUT"
# hash_id TEXT: the id stet makes from the content of a text item.
hash_id() {
	printf '{"text": "%s"}\n' "$1" >one.jsonl
	new_project h
	"$STET" import -q h.stet one.jsonl
	"$STET" export h.stet | sed -n 's/^{"id":"\([0-9a-f]*\)".*/\1/p'
}
applause=$(hash_id Applause.)
laughter=$(hash_id Laughter.)
printf '%s\n' \
	"stet: import: ids.jsonl:3: dropped (id \"$applause\"): the same content as item \"a\" (ids.jsonl:1)" \
	"stet: import: ids.jsonl:5: dropped (id \"$laughter\"): the same content as item \"$laughter\" (ids.jsonl:4)" >dropped.want
expect_file "each dropped duplicate is listed with its id and the item's" \
	dropped.want "$SCRATCH/.stderr"
run_stet import p.stet ids.jsonl
expect_eq "JSONL re-import adds nothing" \
	"0 items added, 5 duplicates, 0 skipped" "$OUT"
expect_eq "JSONL re-import: the repeats are listed again, nothing more" \
	"$(cat dropped.want)" "$ERR"
printf '{"id": "b", "text": "Other words."}\n' >clash.jsonl
run_stet import p.stet clash.jsonl
expect_rc "an id that names other content fails the file" 1
expect_eq "an id that names other content is named" \
	'stet: import: clash.jsonl:1: id "b" already names an item with other content' "$ERR"

# --- the summary line ------------------------------------------------------

printf '{"text": "once"}\n{"text": "once"}\n' >twice.jsonl
new_project p
run_stet import p.stet twice.jsonl
expect_eq "summary in the singular" "1 item added, 1 duplicate, 0 skipped" "$OUT"

new_project p
run_stet import p.stet "$CORPUS/sentences.txt" "$CORPUS/tokens.tsv" "$CORPUS/sentences.txt"
expect_rc "several files import" 0
printf '%s\n' \
	"$CORPUS/sentences.txt (txt): 4 items added, 0 duplicates, 0 skipped" \
	"$CORPUS/tokens.tsv (tsv): 4 items added, 0 duplicates, 0 skipped" \
	"$CORPUS/sentences.txt (txt): 0 items added, 4 duplicates, 0 skipped" \
	"8 items added, 4 duplicates, 0 skipped" >several.want
expect_file "several files: a line each, then the total" \
	several.want "$SCRATCH/.stdout"

run_stet import -q p.stet "$CORPUS/reviews.jsonl"
expect_eq "--quiet prints no summary" "" "$OUT"

# --- BOM, CRLF, other charsets ---------------------------------------------

new_project p
run_stet import p.stet "$BAD/bom.csv"
expect_eq "BOM CSV imports" "2 items added, 0 duplicates, 0 skipped" "$OUT"
"$STET" export p.stet >bom.got
cat >bom.want <<'EOF'
{"id":"bom-1","fields":{"text":"Starts with a byte order mark","lang":"en"}}
{"id":"bom-2","fields":{"text":"Zweite Zeile mit Umlaut ä","lang":"de"}}
EOF
expect_file "BOM: not in the first column's name nor the first id" bom.want bom.got

printf '\357\273\277' >bom.txt
cat "$CORPUS/sentences.txt" >>bom.txt
new_project p
"$STET" import -q p.stet bom.txt
run_stet import p.stet "$CORPUS/sentences.txt"
expect_eq "BOM text: the first line is the same item as without it" \
	"0 items added, 4 duplicates, 0 skipped" "$OUT"

new_project p
run_stet import p.stet "$BAD/crlf.csv"
expect_eq "CRLF CSV imports" "3 items added, 0 duplicates, 0 skipped" "$OUT"
"$STET" export p.stet >crlf.got
cat >crlf.want <<'EOF'
{"id":"cr-1","fields":{"text":"Windows line ends","note":"plain"}}
{"id":"cr-2","fields":{"text":"A quoted field\nacross two lines","note":"multi"}}
{"id":"cr-3","fields":{"text":"Last row","note":"end"}}
EOF
expect_file "CRLF CSV: no CR in any field or id" crlf.want crlf.got

for file in reviews.jsonl sentences.txt sample.conllu; do
	sed 's/$/\r/' "$CORPUS/$file" >"crlf-$file"
	new_project p
	"$STET" import -q p.stet "crlf-$file"
	"$STET" export p.stet >crlf.out
	expect_eq "CRLF $file: no CR in the export" 0 "$(grep -c '\\r' crlf.out)"
	expect_file "CRLF $file reads as the LF file does" "$file.ref" crlf.out
done

new_project p
run_stet import p.stet --encoding ISO-8859-1 "$BAD/latin1.txt"
expect_rc "--encoding ISO-8859-1 imports Latin-1" 0
expect_eq "--encoding: three lines" "3 items added, 0 duplicates, 0 skipped" "$OUT"
"$STET" export p.stet | strip_ids >latin1.got
cat >latin1.want <<'EOF'
{"text":"Café au lait, crème brûlée."}
{"text":"Le garçon a reçu une lettre."}
{"text":"Naïve résumé à la française."}
EOF
expect_file "--encoding converts to UTF-8" latin1.want latin1.got
run_stet import p.stet -e latin1 - <"$BAD/latin1.txt"
expect_eq "--encoding on stdin: the same items" \
	"0 items added, 3 duplicates, 0 skipped" "$OUT"

# UTF-16 without a BOM looks binary to libmagic; the charset named by
# the user settles it.
printf 'h\000e\000l\000l\000o\000\n\000w\000o\000r\000l\000d\000\n\000' >utf16.txt
new_project q
run_stet import q.stet --encoding UTF-16LE utf16.txt
expect_eq "--encoding UTF-16LE: a file libmagic calls binary imports" \
	"2 items added, 0 duplicates, 0 skipped" "$OUT"
expect_eq "--encoding UTF-16LE: the text converted" \
	"$(printf '%s\n' '{"text":"hello"}' '{"text":"world"}')" \
	"$("$STET" export q.stet | strip_ids)"

run_stet import p.stet --encoding NO-SUCH-CHARSET "$BAD/latin1.txt"
expect_rc "an unknown --encoding is a usage error" 2
expect_match "an unknown --encoding is named" \
	"^stet: import: --encoding: unknown encoding 'NO-SUCH-CHARSET' \\(see iconv -l\\)" "$ERR"
run_stet import-annotations p.stet --from stet --encoding NO-SUCH-CHARSET "$BAD/latin1.txt"
expect_rc "and for import-annotations" 2

# --- stdin and empty files ---------------------------------------------------

new_project p
run_stet import p.stet - <"$CORPUS/sentences.txt"
expect_rc "- reads stdin" 0
expect_eq "- reads stdin: the summary" "4 items added, 0 duplicates, 0 skipped" "$OUT"
"$STET" export p.stet >stdin.out
expect_file "stdin gives the same items as the file" sentences.txt.ref stdin.out

new_project p
cat "$CORPUS/transactions.csv" | "$STET" import p.stet - >/dev/null 2>&1
"$STET" export p.stet >stdin-csv.out
expect_file "stdin from a pipe: the format is found from content" \
	"transactions.csv.ref" stdin-csv.out

new_project p
cp p.stet p.before
run_stet import p.stet "$BAD/empty.txt"
expect_rc "an empty file exits 0" 0
expect_eq "an empty file: said on stderr" \
	"stet: import: $BAD/empty.txt: empty file, nothing imported" "$ERR"
expect_eq "an empty file: no items" "0 0 0" "$(counts p.stet)"
run_stet import p.stet - </dev/null
expect_eq "empty stdin is named stdin" \
	"stet: import: stdin: empty file, nothing imported" "$ERR"

# --- round trips -------------------------------------------------------------

new_project p1
"$STET" import -q p1.stet "$CORPUS/reviews.jsonl" "$CORPUS/transactions.csv" \
	"$CORPUS/tokens.tsv" "$CORPUS/sentences.txt" "$CORPUS/paragraphs.txt" \
	"$CORPUS/sample.conllu" "$CORPUS/sample.conll" "$CORPUS/unicode.jsonl"
"$STET" export p1.stet >trip1.jsonl
new_project p2
run_stet import p2.stet trip1.jsonl
expect_eq "JSONL export imports whole into a new project" \
	"41 items added, 0 duplicates, 0 skipped; 1 prediction of model import, version 1" "$OUT"
"$STET" export p2.stet >trip2.jsonl
expect_file "import → export → import → export: the same JSONL bytes" \
	trip1.jsonl trip2.jsonl
expect_eq "both projects count the same" \
	"$(counts p1.stet)" "$(counts p2.stet)"
run_stet import p1.stet trip1.jsonl
expect_eq "the export is all duplicates in the project it came from" \
	"0 items added, 41 duplicates, 0 skipped; 1 prediction of model import, version 2" "$OUT"

for file in "$CORPUS/transactions.csv" "$DEMO/transactions.csv"; do
	new_project p1
	"$STET" import -q p1.stet "$file"
	"$STET" export p1.stet --format csv >trip1.csv
	new_project p2
	"$STET" import -q p2.stet trip1.csv
	"$STET" export p2.stet --format csv >trip2.csv
	expect_file "CSV round trip of ${file#"$TESTDATA/"}: the same bytes" \
		trip1.csv trip2.csv
	"$STET" export p2.stet >trip2.jsonl
	"$STET" export p1.stet >trip1.jsonl
	expect_file "CSV round trip of ${file#"$TESTDATA/"}: the same items" \
		trip1.jsonl trip2.jsonl
done

# --- the demo project of the README ------------------------------------------

rm -f demo.stet demo.stet-lock
run_stet init demo.stet --schema "$DEMO/schema.txt"
expect_rc "the demo schema loads" 0
run_stet import demo.stet "$DEMO/reviews.jsonl" "$DEMO/transactions.csv"
expect_rc "the demo corpora import" 0
printf '%s\n' \
	"$DEMO/reviews.jsonl (jsonl): 42 items added, 0 duplicates, 0 skipped" \
	"$DEMO/transactions.csv (csv): 20 items added, 0 duplicates, 0 skipped" \
	"62 items added, 0 duplicates, 0 skipped" >demo.want
expect_file "the demo corpora: summary" demo.want "$SCRATCH/.stdout"
OUT=$("$STET" info demo.stet --format json)
expect_match "the demo project: three labels, single-label" \
	'"items":62,"text_items":42,"table_items":20,.*"labels":\["POSITIVE","NEGATIVE","NEUTRAL"\],"multi":false' \
	"$OUT"

# Tab-separated CoNLL with the word first: "3-1" and "U.S." are words,
# not a multiword range and an empty node.
printf 'The\tDT\nU.S.\tNNP\nwon\tVBD\n3-1\tCD\ntoday\tNN\n.\t.\n' > wordfirst.conll
"$STET" init wf.stet --labels A,B >/dev/null
"$STET" import wf.stet wordfirst.conll >/dev/null
run_stet export wf.stet
expect_match "word-first CoNLL keeps every word in the text" '"text":"The U.S. won 3-1 today \."' "$OUT"

done_testing
