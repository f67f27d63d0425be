#!/bin/sh
# What each role may read (stet(1), ROLES): an annotator sees their own
# work and nothing that tells them another annotator's labels, which
# items are gold or what the gold answers are; a lead sees everything.
# Every command an annotator may run is run as one, on a project with
# gold items and on their clone of it, and every output is searched for
# what must not be in it; the lead's runs show the same things are
# there to be found. The annotator is nobody, through setpriv, so the
# script needs root; as anyone else it skips.
. "$srcdir/tests/cli/lib.sh"

# The secrets, each a string the annotator nobody must never see: the
# gold file's name, the other annotator zed, zed's label NEG and the
# gold answer NEU (nobody labels POS only). Commands that list the
# schema name every label, NEG and NEU among them: for those only the
# first two are secrets.
GOLD_FILE=answers-gold
ALL_SECRETS="$GOLD_FILE zed NEG NEU"
NAMES_SECRETS="$GOLD_FILE zed"

"$STET" init p.stet --labels POS,NEG,NEU >/dev/null
# i2 comes with its label in the corpus and is made gold later: the
# reference label of a plain import must go when the item turns gold.
cat > items.jsonl <<'EOF'
{"id": "i1", "text": "first of the corpus", "label": "POS"}
{"id": "i2", "text": "second of the corpus", "label": "NEU"}
{"id": "i3", "text": "third of the corpus"}
EOF
cat > "$GOLD_FILE.jsonl" <<'EOF'
{"id": "i2", "text": "second of the corpus", "label": "NEU"}
{"id": "g1", "text": "a gold sentence", "label": "NEU"}
EOF
ann() {
	printf '{"item": "%s", "annotator": "%s", "label": "%s", "session": "%s", "time": "2026-11-23T09:%02d:00Z", "duration_ms": 2000}\n' "$@"
}
{
	ann i1 zed NEG z1 1
	ann g1 zed NEG z1 2
	ann i3 zed NEG z1 3
	ann i1 nobody POS n1 4
	ann g1 nobody POS n1 5
} > ann.jsonl
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import p.stet --gold "$GOLD_FILE.jsonl" >/dev/null
"$STET" import-annotations p.stet ann.jsonl >/dev/null

# The lead's own export: the gold answers beside the items, and none in
# an item's record (which would also reach a clone).
run_stet export p.stet
expect_match "the lead's export gives a gold answer as gold" \
	'^\{"id":"g1","text":"a gold sentence","gold":"NEU",' "$OUT"
expect_match "and an item turned gold loses its reference label" \
	'^\{"id":"i2","text":"second of the corpus","gold":"NEU"\}$' "$OUT"
expect_match "while another item keeps its own" \
	'^\{"id":"i1","text":"first of the corpus","label":"POS",' "$OUT"

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	ok "# SKIP an annotator's view needs root to run stet as another user"
	done_testing
	exit
fi
chmod 777 .
chmod 666 p.stet p.stet-lock
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$STET" "$@" \
		>"$SCRATCH/.stdout" 2>"$SCRATCH/.stderr"
	RC=$?
	OUT=$(cat "$SCRATCH/.stdout")
	ERR=$(cat "$SCRATCH/.stderr")
}

# hides "what" SECRETS: neither output of the last run holds any of them.
hides() {
	found=
	for s in $2; do
		if printf '%s\n%s\n' "$OUT" "$ERR" | grep -q -- "$s"; then
			found="$found $s"
		fi
	done
	if [ -z "$found" ]; then
		ok "$1"
	else
		not_ok "$1" "shows:$found" "stdout: $(printf '%s' "$OUT" | head -c 600)" \
			"stderr: $ERR"
	fi
}

# annotator_view P: every command an annotator may run on project P,
# and those refused to them.
annotator_view() {
	p=$1
	for args in "info $p" "info $p --format json" "schema $p" \
		"config $p"; do
		# shellcheck disable=SC2086
		as_nobody $args
		expect_rc "$args: an annotator may" 0
		hides "$args: names neither the gold file nor others" "$NAMES_SECRETS"
	done
	# The team is who is on it, zed too, and nothing of their work.
	as_nobody team "$p"
	expect_rc "team $p: an annotator may" 0
	hides "team $p: names no file, no label" "$GOLD_FILE NEG NEU"

	for args in "log $p" "log $p --format jsonl" "log $p --item g1" \
		"stats $p" "stats $p --format json" "stats $p --format csv"; do
		# shellcheck disable=SC2086
		as_nobody $args
		expect_rc "$args: an annotator may" 0
		expect_match "$args: shows their own work" 'nobody' "$OUT"
		hides "$args: and nothing else" "$ALL_SECRETS"
	done
	for args in "log $p --annotator zed" "stats $p --annotator zed" \
		"agree $p" "agree $p --format json" "report $p" "verify $p" \
		"export $p" "export $p --annotations" "review $p" \
		"simulate $p --budget 1 --step 1" \
		"learn $p" "learn $p --eval"; do
		# shellcheck disable=SC2086
		as_nobody $args
		expect_rc "$args: refused to an annotator" 1
		expect_match "$args: as for leads" 'is for leads, and nobody is' "$ERR"
		hides "$args: giving nothing away" "$ALL_SECRETS"
	done
}

annotator_view p.stet
# Their own progress is theirs to see: i1 and g1 labeled (2 done); i2 is
# gold and i3 is zed's at overlap 1, so nothing is left for them.
as_nobody info p.stet
expect_match "info shows an annotator their own progress" \
	'^  nobody +2 done, 0 left$' "$OUT"
as_nobody clone p.stet mine.stet --for nobody
expect_rc "an annotator may clone for themselves" 0
hides "the clone's summary gives nothing away" "$ALL_SECRETS"
if grep -q "$GOLD_FILE" mine.stet; then
	not_ok "no byte of the clone names the gold file"
else
	ok "no byte of the clone names the gold file"
fi
# The project's lead is a lead of the clone too, and sees all it holds.
run_stet export mine.stet
expect_rc "the lead exports the clone" 0
hides "its items carry no gold answer nor zed's labels" "$ALL_SECRETS"
if printf '%s\n' "$OUT" | grep -q '"label":\|"gold":'; then
	not_ok "and no reference label: every record is alike" "$OUT"
else
	ok "and no reference label: every record is alike"
fi
annotator_view mine.stet

# The lead reads all of it.
run_stet log p.stet
expect_match "the lead's log has zed's labels" 'annotator=zed .*NEG' "$OUT"
run_stet stats p.stet
expect_match "the lead's stats count gold items" '1 gold item, 0% answered right' "$OUT"
expect_match "and have zed's session" 'session z1, zed' "$OUT"
run_stet agree p.stet --format json
expect_rc "the lead may read agreement" 0
expect_match "with zed in it" '"zed"' "$OUT"
run_stet verify p.stet
expect_rc "the lead may verify" 0
run_stet info p.stet
expect_match "the lead's info has zed's progress" '^  zed ' "$OUT"
run_stet log p.stet --annotator zed
expect_match "and ask for anyone's events" 'annotator=zed' "$OUT"
done_testing
