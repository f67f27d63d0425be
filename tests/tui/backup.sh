#!/bin/sh
# stet backup copies a project while an annotator keeps labeling it: the
# copy is one moment of the project (every label saved before it, in
# the order they were saved), passes stet verify, and is replaced only
# with --force and only where a project is. The labels are counted from
# the screen and from the export.
. "$srcdir/tests/tui/lib.sh"

items_jsonl 120 k > items.jsonl
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

# labels_of P: "item label" lines of ana's standing labels in P, in order.
labels_of() {
	"$STET" export "$1" --annotations |
		sed -n 's/^{"item":"\([^"]*\)","annotator":"ana","label":"\([^"]*\)",.*/\1 \2/p' | sort -V
}

# done_count: the "N done" the screen shows now.
done_count() {
	snap
	printf '%s\n' "$SCREEN" | sed -n 's/^ \([0-9]*\) done · .*/\1/p' | tail -n 1
}

tui_start s1 100 30 label p.stet --as ana
expect_screen "the screen opens on k01" ' item k01 ' '^ 0 done · 120 left '
step "k01 labeled" 1 -- ' item k02 ' '^ saved POSITIVE$'
step "k02 labeled" 2 -- 'item k03 ' '^ saved NEGATIVE$'

# A hundred labels typed ahead; the backup runs while stet saves them.
keys 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3
keys 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3
wait_for '^ ([3-9]|[1-9][0-9]|10[0-2]) done · ' >/dev/null
before=$(done_count)
run_stet backup p.stet b1.stet
expect_rc "backup while ana labels succeeds" 0
expect_match "it says what the copy holds" \
	'^b1\.stet: 120 items, [0-9]+ events, [0-9]+ bytes \(p\.stet: [0-9]+ bytes\)$' "$OUT"
expect_screen "all hundred typed-ahead labels are saved" '^ 102 done · 18 left '
labels_of b1.stet > b1.labels
n1=$(wc -l < b1.labels | tr -d ' ')
# At least what the screen showed as saved before the backup began, at
# most all 102.
if [ -n "$before" ] && [ "$n1" -ge "$before" ] && [ "$n1" -le 102 ]; then
	ok "the copy holds $n1 labels: at least the $before shown before it began, at most 102"
else
	not_ok "the copy holds between the labels shown before it began and 102" \
		"shown before: $before, in the copy: $n1"
fi
labels_of p.stet > p.labels
expect_eq "the project holds 102 labels" 102 "$(wc -l < p.labels | tr -d ' ')"
expect_eq "the copy's labels are the project's first $n1, as saved" \
	"$(cat b1.labels)" "$(head -n "$n1" p.labels)"
run_stet verify b1.stet
expect_rc "stet verify passes on the copy" 0
expect_match "it read the copy's $n1 events" "^$n1 events, hash chain intact" "$OUT"

keys q
expect_exit "q quits" 0

# ---- after the session: the copy is the whole project ----
run_stet backup p.stet b2.stet
expect_rc "a second backup succeeds" 0
"$STET" export p.stet --annotations > p.jsonl
"$STET" export b2.stet --annotations > b2.jsonl
expect_file "it holds every annotation of the project" p.jsonl b2.jsonl
size_p=$(stat -c %s p.stet)
size_b=$(stat -c %s b2.stet)
if [ "$size_b" -le "$size_p" ]; then
	ok "the copy ($size_b bytes) is no bigger than the project ($size_p)"
else
	not_ok "the copy is no bigger than the project" "$size_b > $size_p"
fi

# ---- what it will not write over ----
run_stet backup p.stet b1.stet
expect_rc "an existing copy is refused" 1
expect_match "with a word about --force" 'b1\.stet: already exists \(--force' "$ERR"
expect_eq "and is left as it was" "$(cat b1.labels)" "$(labels_of b1.stet)"
run_stet backup p.stet b1.stet --force
expect_rc "--force replaces a copy" 0
expect_eq "which then holds all 102 labels" 102 "$(labels_of b1.stet | wc -l | tr -d ' ')"
echo 'my notes' > notes.txt
run_stet backup p.stet notes.txt --force
expect_rc "--force never replaces a file that is not a project" 1
expect_match "saying so" 'will not replace it: notes\.txt: not a stet project' "$ERR"
expect_eq "which is left as it was" "my notes" "$(cat notes.txt)"
run_stet backup p.stet p.stet --force
expect_rc "the project is never its own copy" 1
expect_eq "and holds its 102 labels still" 102 "$(labels_of p.stet | wc -l | tr -d ' ')"
run_stet backup missing.stet b3.stet
expect_rc "a missing project is refused" 1
[ ! -e b3.stet ] && ok "and no copy is made" || not_ok "and no copy is made"
if ls | grep -q partial; then
	not_ok "no partial copy is left behind" "$(ls)"
else
	ok "no partial copy is left behind"
fi
run_stet backup p.stet
expect_rc "no copy named is a usage error" 2

done_testing
