#!/bin/sh
# Text from input never reaches the terminal raw. A project holds names,
# labels, an item id, meta keys and values, notes, flags and a decision
# with terminal escapes (OSC, CSI, BEL), C1 controls, bidi overrides,
# tabs and CR; every command is run in every form, and what it prints
# for a person (text and markdown forms, and every message) must show
# each of them as a visible escape. The data forms (JSON, CSV, exports)
# keep the data as it is: JSON escapes C0 controls itself.
. "$srcdir/tests/cli/lib.sh"

HOSTILE="$builddir/tests/cli/hostile_project"

# raw FILE: the characters of FILE that would act on a terminal, one a
# line: C0 controls but LF, DEL, C1 controls (as UTF-8 or as bare bytes),
# invalid UTF-8, line and paragraph separators and bidi controls.
raw() {
	/usr/bin/python3 - "$1" <<'PY'
import sys, unicodedata
data = open(sys.argv[1], "rb").read().decode("utf-8", "surrogateescape")
for ch in data:
    c = ord(ch)
    if ch == "\n":
        continue
    if (unicodedata.category(ch) == "Cc" or 0xdc80 <= c <= 0xdcff or
            c in (0x2028, 0x2029) or 0x202a <= c <= 0x202e or
            0x2066 <= c <= 0x2069):
        print("U+%04X" % (c - 0xdc00 if 0xdc80 <= c <= 0xdcff else c))
PY
}

# c0 FILE: the C0 controls but LF, and DEL, in FILE (what JSON escapes).
c0() {
	LC_ALL=C tr -d '\n' <"$1" | LC_ALL=C tr -d '\040-\176\200-\377' | od -An -tx1 | tr -s ' \n' ' ' | sed 's/^ *//; s/ *$//'
}

# shown "what" ARGS...: stet ARGS prints nothing raw on stdout or stderr.
shown() {
	what=$1
	shift
	"$STET" "$@" >out.txt 2>err.txt
	rc=$?
	bad=$(raw out.txt; raw err.txt)
	if [ "$rc" -gt 2 ]; then
		not_ok "$what" "exit status $rc" "$(head -c 600 err.txt)"
	elif [ -z "$bad" ]; then
		ok "$what"
	else
		not_ok "$what" "raw: $(printf '%s' "$bad" | sort -u | tr '\n' ' ')" \
			"stdout: $(head -c 300 out.txt)" "stderr: $(head -c 300 err.txt)"
	fi
}

# data "what" ARGS...: a data form; JSON has no raw C0 control.
data() {
	what=$1
	shift
	"$STET" "$@" >out.txt 2>err.txt
	rc=$?
	bad="$(c0 out.txt)$(raw err.txt)"
	if [ "$rc" -eq 0 ] && [ -z "$bad" ]; then
		ok "$what"
	else
		not_ok "$what" "exit status $rc, raw: $bad" "$(head -c 300 err.txt)"
	fi
}

# The labels get a C1 CSI and a bidi override in their names from
# hostile_project, as a schema kept before names were checked may have.
LABELS=POS,NEG,RTL
"$STET" init p.stet --labels "$LABELS" >/dev/null
printf '%s\n' \
	'{"id": "i\u001b]0;PWNED\u0007d", "text": "t\u001b[2Jx\u009b31m", "meta": {"k\u001bey": "v\u0007al\u202e", "src": "a\tb\r"}}' \
	'{"id": "i2", "text": "second", "meta": {"src": "a\tb\r"}}' >items.jsonl
"$STET" import p.stet items.jsonl >/dev/null
# Two items: see hostile_project.c for what it writes on each.
check "the project gets its hostile names" "$HOSTILE" p.stet 2

run_stet team p.stet
expect_match "the team lists the hostile name, escaped" \
	'^ann\\x1b\]0;PWNED\\x07 +annotator$' "$OUT"

shown "info" info p.stet
data "info --format json" info p.stet --format json
shown "team" team p.stet
shown "team list" team p.stet list
shown "config" config p.stet
shown "schema" schema p.stet
shown "agree" agree p.stet
shown "agree --format markdown" agree p.stet --format markdown
shown "agree --by a meta field with a tab and CR" agree p.stet --by src
shown "agree --by a meta field whose name holds ESC" agree p.stet --by "$(printf 'k\033ey')"
data "agree --format json" agree p.stet --format json
shown "stats" stats p.stet
data "stats --format json" stats p.stet --format json
shown "log" log p.stet
shown "log --item with ESC and BEL" log p.stet --item "$(printf 'i\033]0;PWNED\007d')"
shown "log --annotator with ESC and BEL" log p.stet --annotator "$(printf 'ann\033]0;PWNED\007')"
shown "log --session with RLO and BEL" log p.stet --session "$(printf 's\342\200\256\007')"
shown "log --flags" log p.stet --flags
data "log --format jsonl" log p.stet --format jsonl
shown "verify" verify p.stet
data "verify --format json" verify p.stet --format json
data "export" export p.stet
data "export --annotations" export p.stet --annotations
data "export --final" export p.stet --final
data "export --format prodigy" export p.stet --format prodigy
shown "review, with nothing to review" review p.stet --annotator "$(printf 'x\033]0;PWNED\007')"
shown "clone" clone p.stet c.stet --for "$(id -un)"
shown "merge" merge p.stet c.stet

run_stet log p.stet
expect_match "a note shows its escapes in place" \
	'note "note \\x1b\]8;;http://x\\x07link\\x1b\]8;;\\x07 end"' "$OUT"
expect_match "a CR LF in a decision's text does not start a line" \
	'"decided \\u\{202e\}\\r\\nforged line"' "$OUT"

# Input quoted in messages.
shown "an unknown command" "$(printf 'x\033]0;PWNED\007')"
shown "a missing file named with escapes" import p.stet "$(printf 'no\033[31m.jsonl')"
printf '%s\n' '{"id": "z", "text": "third"}' >"$(printf 'f\033]0;PWNED\007.jsonl')"
shown "an import summary naming the file" import p.stet "$(printf 'f\033]0;PWNED\007.jsonl')"
shown "an unknown --format value" info p.stet --format "$(printf 'x\033[2J')"
shown "a bad option" info p.stet "$(printf -- '--\033[2J')"
shown "a project that is not there" info "$(printf 'q\007.stet')"
printf '%s\n' '[{"data": {"text": "second"}, "annotations": [{"completed_by": 1, "result": [{"type": "choices", "from_name": "s", "value": {"choices": ["a \u001b[31mb"]}}, {"type": "x\u001b]0;PWNED\u0007", "from_name": "s"}]}]}]' >ls.json
"$STET" import-annotations p.stet --from labelstudio --add-labels ls.json >out.txt 2>err.txt
rc=$?
bad=$(raw err.txt)
if [ "$rc" -eq 1 ] && [ -z "$bad" ] && grep -q 'label name "a \\x1b\[31mb" holds U+001B' err.txt; then
	ok "import-annotations refuses a label with ESC, naming it escaped"
else
	not_ok "import-annotations refuses a label with ESC, naming it escaped" "exit status $rc, raw: $bad" "$(head -c 300 err.txt)"
fi
sed 's/a \\u001b\[31mb/a b/' ls.json >ls-ok.json
shown "import-annotations notes quoting a result type" \
	import-annotations p.stet --from labelstudio --add-labels ls-ok.json
printf '%s\n' '{"item": "i2", "annotator": "ana", "label": "no\u001b]0;PWNED\u0007pe"}' >bad-label.jsonl
shown "an unknown label in a refusal" import-annotations p.stet bad-label.jsonl

# A copy labeled where the name rule was not kept does not bring its
# names in.
"$STET" init q.stet --labels A,B >/dev/null
"$STET" import q.stet items.jsonl >/dev/null
"$STET" clone q.stet qc.stet --for "$(id -un)" >/dev/null
"$HOSTILE" qc.stet 2
cp q.stet q.before
run_stet merge q.stet qc.stet
expect_rc "merge refuses a copy whose annotators break the name rule" 1
expect_match "naming the annotator, escaped" 'annotator name "ann\\x1b\]0;PWNED\\x07" holds U\+001B' "$ERR"
if cmp -s q.stet q.before; then ok "the refused merge wrote nothing"; else not_ok "the refused merge wrote nothing"; fi

# CSV is data for spreadsheets and programs: the values stay as they are.
run_stet export p.stet --format csv
case $OUT in
*"$(printf '\033')"*) ok "CSV export keeps the data byte for byte" ;;
*) not_ok "CSV export keeps the data byte for byte" "$OUT" ;;
esac

done_testing
