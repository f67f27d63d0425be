#!/bin/sh
# The names of annotators and sessions follow one rule wherever they
# enter a project (stet/name.h, stet(1) NAMES): one word of printable
# characters in NFC, no '|', at most 200 bytes. A file that breaks it
# fails whole, at the record that does, and writes nothing.
. "$srcdir/tests/cli/lib.sh"

ESC=$(printf '\033')
# "e" and a combining acute, and the precomposed U+00E9.
DECOMPOSED=$(printf 'rene\314\201')
PRECOMPOSED=$(printf 'ren\303\251')

"$STET" init p.stet --labels POS,NEG >/dev/null
printf '%s\n' '{"id": "r1", "text": "The battery lasts all day."}' >items.jsonl
"$STET" import p.stet items.jsonl >/dev/null
cp p.stet before.stet

unchanged() {
	if cmp -s p.stet before.stet; then
		ok "$1"
	else
		not_ok "$1"
		cp before.stet p.stet
	fi
}

# refused WHAT FILE PATTERN [ARGS...]: import-annotations of FILE fails,
# naming the file and line, with the name's controls made visible.
refused() {
	what=$1 file=$2 pattern=$3
	shift 3
	run_stet import-annotations p.stet "$@" "$file"
	expect_rc "$what: refused" 1
	expect_match "$what: the message names the record and the fault" "$pattern" "$ERR"
	case $ERR in
	*"$ESC"*) not_ok "$what: no raw ESC in the message" ;;
	*) ok "$what: no raw ESC in the message" ;;
	esac
	unchanged "$what: nothing written"
}

printf '%s\n' '{"item": "r1", "annotator": "ana", "label": "POS"}' \
	'{"item": "r1", "annotator": "\u001b]0;PWNED\u0007x", "label": "POS"}' >esc.jsonl
refused "an OSC sequence in an annotator name" esc.jsonl \
	'^stet: import-annotations: esc.jsonl:2: annotator name "\\x1b\]0;PWNED\\x07x" holds U\+001B at byte 1: a name is one word of printable characters$'

printf '%s\n' '{"item": "r1", "annotator": "a\tb", "label": "POS"}' >tab.jsonl
refused "a tab in an annotator name" tab.jsonl 'tab.jsonl:1: annotator name "a\\tb" holds U\+0009'

printf '%s\n' '{"item": "r1", "annotator": "ana bo", "label": "POS"}' >space.jsonl
refused "a space in an annotator name" space.jsonl 'annotator name "ana bo" holds U\+0020 at byte 4'

printf '%s\n' '{"item": "r1", "annotator": "a\u00a0b", "label": "POS"}' >nbsp.jsonl
refused "a no-break space in an annotator name" nbsp.jsonl 'holds U\+00A0'

printf '%s\n' '{"item": "r1", "annotator": "a\u009b31mb", "label": "POS"}' >c1.jsonl
refused "a C1 CSI in an annotator name" c1.jsonl 'annotator name "a\\x9b31mb" holds U\+009B'

printf '%s\n' '{"item": "r1", "annotator": "ana", "label": "POS", "session": "s\u202eevil"}' >bidi.jsonl
refused "a bidi override in a session name" bidi.jsonl \
	'bidi.jsonl:1: session name "s\\u\{202e\}evil" holds U\+202E'

printf '%s\n' '{"item": "r1", "annotator": "ana|bo", "label": "POS"}' >pipe.jsonl
refused "a '|' in an annotator name" pipe.jsonl \
	"annotator name \"ana\\|bo\" holds '\\|', which stet agree puts between two names"

long=$(printf '%0201d' 0)
printf '{"item": "r1", "annotator": "%s", "label": "POS"}\n' "$long" >long.jsonl
refused "a 201-byte annotator name" long.jsonl 'is longer than 200 bytes'

refused "--annotator follows the rule too" tab.jsonl 'annotator name' \
	--annotator "$(printf 'x\007')"

# Other tools' files go through the same rule.
printf '%s\n' '{"text": "The battery lasts all day.", "label": "POS", "answer": "accept", "_annotator_id": "x\u001b[2Jy", "_session_id": "s"}' >prodigy.jsonl
refused "prodigy: an ESC in _annotator_id" prodigy.jsonl \
	'prodigy.jsonl:1: annotator name "x\\x1b\[2Jy"' --from prodigy
printf '%s\n' '[{"data": {"text": "The battery lasts all day."}, "annotations": [{"completed_by": {"email": "a\u0007@x"}, "result": [{"type": "choices", "from_name": "s", "value": {"choices": ["POS"]}}]}]}]' >ls.json
refused "labelstudio: a BEL in an email" ls.json \
	'ls.json: \[0\]\.annotations\[0\]: annotator name "a\\x07@x"' --from labelstudio
printf '%s\n' '{"text": "The battery lasts all day.", "label": ["POS"]}' >"$(printf 'ann\033[31m.jsonl')"
refused "doccano: a file name that is no annotator name" "$(printf 'ann\033[31m.jsonl')" \
	'annotator name "ann\\x1b\[31m"' --from doccano

# Names are taken in NFC: the decomposed name is the precomposed one.
printf '{"item": "r1", "annotator": "%s", "label": "POS", "session": "%s"}\n' \
	"$DECOMPOSED" "$DECOMPOSED" >nfc.jsonl
run_stet import-annotations p.stet nfc.jsonl
expect_rc "a decomposed name imports" 0
run_stet team p.stet add "$PRECOMPOSED"
run_stet import-annotations p.stet nfc.jsonl
expect_match "it is the precomposed member, not a new annotator" \
	': 1 annotation, 0 new annotators, 0 new sessions' "$OUT"
run_stet team p.stet
expect_match "the team lists the name in NFC" "^$PRECOMPOSED +annotator\$" "$OUT"
cp p.stet before.stet

# The command line: team add, label --as, review --as, clone --for.
for bad in "$(printf 'x\033]0;PWNED\007')" 'ana|bo' 'ana bo' '' "$long"; do
	run_stet team p.stet add "$bad"
	expect_rc "team add refuses \"$(printf '%s' "$bad" | head -c 20 | tr -d '\033\007')\"" 2
done
expect_match "saying why" "annotator name \"0+\\.\\.\\.\" is longer than 200 bytes" "$ERR"
run_stet team p.stet add "$(printf 'x\033]0;PWNED\007')"
expect_eq "the refusal shows the name's controls as escapes" \
	"stet: team: annotator name \"x\\x1b]0;PWNED\\x07\" holds U+001B at byte 2: a name is one word of printable characters
Try 'stet team --help'." "$ERR"
run_stet label p.stet --as 'ana|bo'
expect_rc "label --as refuses a '|'" 2
run_stet review p.stet --as "$(printf 'a\tb')"
expect_rc "review --as refuses a tab" 2
run_stet clone p.stet c.stet --for "$(printf 'a\302\233b')"
expect_rc "clone --for refuses a C1 control" 2
if [ -e c.stet ]; then not_ok "and makes no copy"; else ok "and makes no copy"; fi
unchanged "no refused name was written"

# A member is removed by the name they have.
run_stet team p.stet remove "$PRECOMPOSED"
expect_rc "team remove" 0

done_testing
