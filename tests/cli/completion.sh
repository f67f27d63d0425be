#!/bin/sh
# The bash completion (completion/stet) run as bash runs it: COMP_WORDS
# and COMP_CWORD set, _stet called, COMPREPLY read back. Commands,
# options, project files, labels (escaped, or as they are inside a
# quote), annotators, models, themes and option values; and every value
# it offers for an option is one that command's --help names.
. "$srcdir/tests/cli/lib.sh"

COMPLETION="$srcdir/completion/stet"
if ! command -v bash >/dev/null 2>&1; then
	echo "1..0 # SKIP bash is not installed"
	exit 0
fi
# The completion asks the stet on PATH, as it does once installed.
PATH="$(dirname "$STET"):$PATH"
export PATH

# comp WORD...: the candidates for the last word, sorted, one a line.
comp() {
	bash -c '. "$1" || exit 1; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_stet; [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"' \
		bash "$COMPLETION" "$@" | LC_ALL=C sort
}

# expect_comp "what" "EXPECTED (one a line)" WORD...
expect_comp() {
	what=$1 want=$2
	shift 2
	got=$(comp "$@")
	expect_eq "$what" "$want" "$got"
}

"$STET" init p.stet --labels 'POS,NEG,"Not Humor"' >/dev/null 2>&1 &&
	"$STET" team p.stet add alice >/dev/null 2>&1 &&
	"$STET" team p.stet add bob --role lead >/dev/null 2>&1 ||
	not_ok "made the project" "stet init p.stet failed"
mkdir sub themes
: >notes.txt
: >other.stet
printf 'normal = default default\n' >themes/warm.theme
me=$("$STET" team p.stet | awk '$1 != "alice" && $1 != "bob" { print $1; exit }')

expect_comp "commands" "$("$STET" --commands | LC_ALL=C sort)" stet ""
expect_comp "commands by prefix" "import
import-annotations
import-predictions" stet im
expect_comp "stet's own options" "--help
--version" stet --
expect_comp "a command's options, from its --help" "--theme" stet label p.stet --th
# review's options as its --help lists them: all long options there.
want=$("$STET" review --help | sed -n 's/^ *\(-[a-zA-Z], *\)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p' |
	LC_ALL=C sort -u)
expect_comp "every option of stet review's --help" "$want" stet review p.stet --
expect_comp "project files: *.stet and directories, not other files" "other.stet
p.stet
sub
themes" stet info ""
expect_comp "the copy of stet merge is a project file too" "other.stet
p.stet
sub
themes" stet merge p.stet ""
expect_comp "files to import" "notes.txt" stet import p.stet no
expect_comp "labels, a name with a space escaped" "NEG
Not\\ Humor" stet label p.stet --label N
expect_comp "labels inside a quote go in as they are" "Not Humor" \
	stet label p.stet --label '"Not'
expect_comp "labels after an escaped space" "Not\\ Humor" \
	stet label p.stet --label 'Not\ H'
expect_comp "the last of a list of labels" "POS,NEG
POS,Not\\ Humor
POS,POS" stet review p.stet --labels POS,
expect_comp "annotators, for --as" "$(printf 'alice\nbob\n%s\n' "$me" | LC_ALL=C sort)" \
	stet label p.stet --as ""
expect_comp "annotators after --as=, split at = as bash does" "alice" \
	stet label p.stet --as = al
expect_comp "annotators to remove from the team" "bob" stet team p.stet remove b
expect_comp "team's verbs" "add
list
remove" stet team p.stet ""
expect_comp "stet config's option names" "order
order_by
order_label
order_model" stet config p.stet ord
STET_THEME_PATH="$SCRATCH/themes"
export STET_THEME_PATH
expect_comp "themes: the shipped ones and those on STET_THEME_PATH" "default
high-contrast
light
mono
warm" stet label p.stet -t ""
unset STET_THEME_PATH
expect_comp "export's formats, from its synopsis" "conll
conll2003" stet export p.stet --format con
expect_comp "an option value after a short option" "json" stet info p.stet -f j
expect_comp "no project, no labels" "" stet label nothere.stet --label ""

printf '{"id": "a", "text": "Good."}\n' >items.jsonl
printf '{"item": "a", "label": "POS", "score": 0.9}\n' >run.jsonl
"$STET" import p.stet items.jsonl >/dev/null 2>&1 &&
	"$STET" import-predictions p.stet --model tfidf run.jsonl >/dev/null 2>&1 ||
	not_ok "made a model" "stet import-predictions failed"
expect_comp "models, and off, for --suggest" "off
tfidf" stet label p.stet --suggest ""

run_stet --complete x stet ""
expect_rc "--complete with no word number is a usage error" 2
run_stet --complete 5 stet label p.stet
expect_eq "a word past the end of the line gets none" "none" "$OUT"
run_stet --complete 2 stet label
expect_eq "the word just past the end is an empty one" "projects" "$OUT"

# Every word offered as an option's value is named in that command's
# --help: the completion's own lists of values cannot drift from the
# program. (Themes and the project's names are read, not listed.)
for cmd in $("$STET" --commands); do
	help=$("$STET" "$cmd" --help)
	for opt in $(printf '%s\n' "$help" |
		sed -n 's/^ *\(-[a-zA-Z], *\)\{0,1\}--\([a-z][a-z0-9-]*\) [^ ].*/\2/p' |
		sort -u); do
		[ "$opt" = theme ] && continue
		words=$("$STET" --complete 4 stet "$cmd" none.stet "--$opt" "" | sed 1d)
		for w in $words; do
			if printf '%s\n' "$help" | grep -Eq -- "(^|[^a-z0-9-])$w([^a-z0-9-]|\$)"; then
				ok "stet $cmd --$opt offers $w, which its --help names"
			else
				not_ok "stet $cmd --$opt offers $w, which its --help names" \
					"'stet $cmd --help' does not name $w"
			fi
		done
	done
done

done_testing
