#!/bin/sh
# stet stats end to end: sessions imported as annotation records with
# synthetic timings (testdata/stats, made by make.py there) form sessions
# as labeling in stet would; a steady session is left alone, a session
# that slows down and loses agreement is flagged with its reasons, and
# a planted run of one label is found.
. "$srcdir/tests/cli/lib.sh"

D="$srcdir/testdata/stats"
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet "$D/items.jsonl" >/dev/null
run_stet import-annotations p.stet "$D/fatigue.jsonl"
expect_rc "the sessions import" 0

# py EXPR: EXPR evaluated with d, the JSON in $OUT, and s(NAME), the
# session called NAME.
py() {
	printf '%s' "$OUT" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
def s(name):
    return [x for x in d["sessions"] if x["session"] == name][0]
v = eval(sys.argv[1])
print(json.dumps(v) if not isinstance(v, str) else v)' "$1"
}

run_stet stats p.stet --format json
expect_rc "stats --format json" 0
expect_eq "one entry a session" '["ref-1", "steady-1", "tired-1"]' \
	"$(py '[x["session"] for x in d["sessions"]]')"
expect_eq "the contract's keys are there" true "$(py 'all(set(["session", "annotator", "start", "end", "items", "active_minutes", "quarters", "trend", "longest_run", "longest_run_p", "fatigue", "reasons"]) <= set(x) for x in d["sessions"])')"
expect_eq "four quarters, each with its keys" true "$(py 'all(len(x["quarters"]) == 4 and all(set(["items_per_minute", "median_seconds", "entropy", "agreement", "gold_accuracy"]) <= set(q) for q in x["quarters"]) for x in d["sessions"])')"
expect_eq "gold_accuracy is null: no gold items yet" true \
	"$(py 'all(q["gold_accuracy"] is None for x in d["sessions"] for q in x["quarters"])')"
expect_eq "numbers are numbers" true "$(py 'all(isinstance(x["active_minutes"], float) and isinstance(x["trend"], float) and isinstance(x["longest_run"], int) and isinstance(x["longest_run_p"], float) for x in d["sessions"])')"
if printf '%s' "$OUT" | grep -q NaN; then
	not_ok "no NaN in the JSON"
else
	ok "no NaN in the JSON"
fi

# The imported sessions are sessions: the annotator, first and last
# record's time, every record an item.
expect_eq "the annotator" steady "$(py 's("steady-1")["annotator"]')"
expect_eq "start is the first record's time" 2026-11-01T10:00:06.035Z "$(py 's("steady-1")["start"]')"
expect_eq "end is the last record's time" 2026-11-01T10:18:18.226Z "$(py 's("steady-1")["end"]')"
expect_eq "120 items" 120 "$(py 's("steady-1")["items"]')"
expect_eq "30 items a quarter" '[30, 30, 30, 30]' "$(py '[q["items"] for q in s("steady-1")["quarters"]]')"
expect_eq "the ten-minute pause is a break" 1 "$(py 's("steady-1")["breaks"]')"
expect_eq "active time is the time on items, not the pause" true \
	"$(py '7 < s("steady-1")["active_minutes"] < 9')"

# The steady annotator is not flagged; the tired one is, and says why.
expect_eq "a steady session is not flagged" 'false []' \
	"$(py 's("steady-1")["fatigue"]') $(py 's("steady-1")["reasons"]')"
expect_eq "nor is the reference" false "$(py 's("ref-1")["fatigue"]')"
expect_eq "the tired session is flagged" true "$(py 's("tired-1")["fatigue"]')"
expect_match "agreement fell, in words" \
	'agreement with the other annotators fell from 0\.[0-9]+ in the first quarter to 0\.[0-9]+ in the last \(Mann-Whitney U test, p = ' \
	"$(py 's("tired-1")["reasons"]')"
expect_match "and it slowed, in words" \
	'slowing: pace fell [0-9]+% from the first quarter to the last' \
	"$(py 's("tired-1")["reasons"]')"
expect_eq "its agreement falls quarter by quarter" true \
	"$(py 'all(a > b for a, b in zip([q["agreement"] for q in s("tired-1")["quarters"]], [q["agreement"] for q in s("tired-1")["quarters"]][1:]))')"
expect_eq "its trend is up: it takes longer per item" true "$(py 's("tired-1")["trend"] > 0')"
expect_eq "the test behind each reason is given" '[true, true]' \
	"$(py '[s("tired-1")["tests"][k]["fired"] for k in ("agreement", "slower")]')"

run_stet stats p.stet --annotator tired --format json
expect_eq "--annotator narrows to that annotator's sessions" '["tired-1"]' \
	"$(py '[x["session"] for x in d["sessions"]]')"

run_stet stats p.stet --annotator nobody
expect_rc "an unknown annotator fails" 1
expect_match "and says so" 'stet: stats: no annotator named "nobody"' "$ERR"

run_stet stats p.stet --idle 3s --format json
expect_eq "--idle 3s: every item over 3 s is a break" true "$(py 's("steady-1")["breaks"] > 30')"
expect_eq "--idle 3s: and counts 3 s of it" true "$(py 's("steady-1")["active_minutes"] < 6')"
run_stet stats p.stet --idle never
expect_rc "--idle takes a time" 2
run_stet stats p.stet --format yaml
expect_rc "--format takes text, json or csv" 2

run_stet stats p.stet
expect_rc "text" 0
expect_match "text: the tired session's verdict" '^  verdict: fatigue$' "$OUT"
expect_match "text: the steady one's" '^  verdict: steady \(no change beyond chance\)$' "$OUT"
expect_match "text: sparklines of the quarters" '^  agreement +[▁▂▃▄▅▆▇█]{4} ' "$OUT"
expect_match "text: gold accuracy, not there yet" '^  gold accuracy +···· ' "$OUT"

run_stet stats p.stet --format csv
expect_rc "csv" 0
expect_eq "csv: a header and four rows a session" 13 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
expect_match "csv: the header" '^session,annotator,start,end,items,active_minutes,' "$OUT"
expect_eq "csv: every row has the header's columns" 1 \
	"$(printf '%s\n' "$OUT" | /usr/bin/python3 -c 'import csv, sys; print(len(set(len(r) for r in csv.reader(sys.stdin))))')"

# A planted run of one label.
"$STET" init r.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import r.stet "$D/items.jsonl" >/dev/null
"$STET" import-annotations r.stet "$D/run.jsonl" >/dev/null
run_stet stats r.stet --format json
expect_eq "the run is found" 'NEGATIVE 25 50' \
	"$(py 's("stuck-1")["longest_run_label"]') $(py 's("stuck-1")["longest_run"]') $(py 's("stuck-1")["longest_run_start"]')"
expect_eq "and is improbable under the session's label mix" true \
	"$(py 's("stuck-1")["longest_run_p"] < 0.001')"
# stuck labeled the items in import order, alone: a corpus sorted by
# topic makes such runs by itself, and nobody else's labels say
# otherwise, so the run is not judged.
expect_eq "in import order and alone, it is not called perseveration" 'false []' \
	"$(py 's("stuck-1")["fatigue"]') $(py 's("stuck-1")["reasons"]')"
expect_eq "its order is import order" import "$(py 's("stuck-1")["order"]')"
expect_match "and a note says why" \
	'runs of one label are not judged: the items came in import order' \
	"$(py 's("stuck-1")["notes"]')"
expect_eq "agreement is null with no one to agree with" '[null, null, null, null]' \
	"$(py '[q["agreement"] for q in s("stuck-1")["quarters"]]')"

# The same labels, one after the other as before, given to the items in
# a shuffled order: now the run is the annotator's.
/usr/bin/python3 - "$D/run.jsonl" > shuffled.jsonl <<'PY'
import json, random, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
items = [r["item"] for r in recs]
random.Random(7).shuffle(items)
for r, item in zip(recs, items):
    r["item"] = item
    r["session"] = "shuffled-1"
    print(json.dumps(r))
PY
"$STET" init r2.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import r2.stet "$D/items.jsonl" >/dev/null
"$STET" import-annotations r2.stet shuffled.jsonl >/dev/null
run_stet stats r2.stet --format json
expect_match "in a shuffled order, perseveration is a reason" \
	'perseveration: NEGATIVE 25 times in a row from item 50 of a shuffled order' \
	"$(py 's("shuffled-1")["reasons"]')"
expect_eq "its order is shuffled" shuffled "$(py 's("shuffled-1")["order"]')"

# Every item labeled in a tenth of a second: the items have 8 to 40
# words, which take 0.48 s or more at 1000 words a minute.
/usr/bin/python3 - "$D/run.jsonl" > skim.jsonl <<'PY'
import json, sys
for i, l in enumerate(open(sys.argv[1])):
    r = json.loads(l)
    r["session"] = "skim-1"
    r["time"] = "2026-11-01T09:%02d:%02d.%03dZ" % (i // 600, i // 10 % 60, i % 10 * 100)
    r["duration_ms"] = 100
    print(json.dumps(r))
PY
"$STET" init r3.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import r3.stet "$D/items.jsonl" >/dev/null
"$STET" import-annotations r3.stet skim.jsonl >/dev/null
run_stet stats r3.stet --format json
expect_eq "labeled faster than reading: flagged" true "$(py 's("skim-1")["fatigue"]')"
expect_match "and the reading floor is among the reasons" \
	'120 of 120 items labeled faster than 1000 words a minute, faster than anyone reads' \
	"$(py 's("skim-1")["reasons"]')"
run_stet stats r3.stet
expect_match "the text names bursts in one word (it said burstbursts)" \
	'^  120 labeled faster than 1000 words a minute; [0-9]+ in [0-9]+ bursts? of 5 or more under ' "$OUT"

# Two items, two labels: the longest run is one label once.
"$STET" init one.stet --labels A,B >/dev/null
printf '%s\n' '{"id": "o1", "text": "first"}' '{"id": "o2", "text": "second"}' >one.jsonl
"$STET" import one.stet one.jsonl >/dev/null
printf '%s\n' '{"item": "o1", "annotator": "ana", "label": "A", "time": "2026-11-01T09:00:00Z"}' \
	'{"item": "o2", "annotator": "ana", "label": "B", "time": "2026-11-01T09:00:05Z"}' >one-ann.jsonl
"$STET" import-annotations one.stet one-ann.jsonl >/dev/null
run_stet stats one.stet
expect_match "a run of one is 1 time in a row (it said 1 times)" \
	'^  longest run: [AB] 1 time in a row from item [12] ' "$OUT"

# A project with no sessions.
"$STET" init e.stet --labels A,B >/dev/null
run_stet stats e.stet --format json
expect_eq "no sessions: an empty list" '[]' "$(py 'd["sessions"]')"
run_stet stats e.stet
expect_rc "and the text says so" 0

# The manual page: every option --help shows, and groff finds nothing
# to warn about.
MAN="$srcdir/man/stet-stats.1"
for opt in $("$STET" stats --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
	if sed 's/\\-/-/g' "$MAN" | grep -q -- "$opt"; then
		ok "stet-stats.1 documents $opt"
	else
		not_ok "stet-stats.1 documents $opt"
	fi
done
if command -v groff >/dev/null 2>&1; then
	warnings=$(groff -man -ww -z "$MAN" 2>&1)
	expect_eq "groff -man -ww finds nothing in stet-stats.1" "" "$warnings"
else
	ok "groff -man -ww finds nothing in stet-stats.1 # SKIP groff is not installed"
fi

done_testing
