#!/bin/sh
# Project options (stet init --overlap/--order/--seed/--group, stet
# config) and the team (stet team, and what only leads may do). The
# refusals need a second login user: as root the script runs stet as
# nobody; as anyone else it skips them.
. "$srcdir/tests/cli/lib.sh"

ME=$(id -un)
run_stet init p.stet --labels POS,NEG --overlap 3 --order shuffled --seed 7
expect_rc "init with options" 0
run_stet config p.stet
expect_rc "config lists" 0
expect_match "overlap as given" '^overlap +3$' "$OUT"
expect_match "order as given" '^order +shuffled$' "$OUT"
expect_match "seed as given" '^seed +7$' "$OUT"
expect_match "gold rate by default" '^gold_rate +20$' "$OUT"
expect_match "feedback by default" '^gold_feedback +on$' "$OUT"
expect_match "lease by default" '^lease +10$' "$OUT"
run_stet config p.stet overlap
expect_eq "one option" 3 "$OUT"
run_stet config p.stet gold_feedback off
expect_rc "a lead sets an option" 0
expect_match "and sees the list" '^gold_feedback +off$' "$OUT"
run_stet config p.stet overlap 0
expect_rc "a bad value is a usage error" 2
expect_match "saying what is accepted" 'overlap takes a whole number of annotators from 1 to 255, not "0"' "$ERR"
run_stet config p.stet colour blue
expect_rc "an unknown option is a usage error" 2
expect_match "listing the options" 'no option "colour" \(the options are: overlap, order, seed, gold_rate, gold_feedback, lease, suggest, suggest_rate, order_by, order_model, order_label, explore, learn, min_labels\)' "$ERR"
run_stet init q.stet --labels POS --overlap 300
expect_rc "init refuses a bad option, a usage error" 2
if [ -e q.stet ]; then not_ok "and leaves no file"; else ok "and leaves no file"; fi

run_stet team p.stet
expect_eq "the creator is the first lead" "$ME lead" "$(printf '%s' "$OUT" | tr -s ' ')"
run_stet team p.stet add ana
expect_eq "add an annotator" "p.stet: ana is an annotator" "$OUT"
run_stet team p.stet add bo --role lead
run_stet team p.stet list
expect_match "a second lead" '^bo +lead$' "$OUT"
expect_match "and the annotator" '^ana +annotator$' "$OUT"
run_stet team p.stet remove ana
expect_eq "remove" "p.stet: ana removed (their work stays)" "$OUT"
run_stet team p.stet list
if printf '%s' "$OUT" | grep -q '^ana'; then not_ok "removed members are not listed"; else ok "removed members are not listed"; fi
run_stet team p.stet remove nobody-at-all
expect_rc "removing a stranger fails" 1
run_stet team p.stet remove "$ME"
expect_match "a lead cannot remove themselves" 'cannot remove themselves' "$ERR"
run_stet team p.stet add ana --role boss
expect_rc "a bad role is a usage error" 2

# The role column starts at the same terminal column whatever script a
# name is in: "José" is 5 bytes in 4 cells, "山田" 6 bytes in 4 cells
# (East Asian wide), so padding by bytes would push their roles left.
run_stet team p.stet add José
run_stet team p.stet add 山田
run_stet team p.stet list
expect_eq "the roles line up under names in any script" "25 25 25 25" \
	"$(printf '%s\n' "$OUT" | /usr/bin/python3 -c '
import sys, unicodedata
def cells(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(" ".join(str(cells(l[:len(l) - len(l.split()[-1])])) for l in sys.stdin.read().splitlines()))')"
run_stet info p.stet
# 山田 is 4 cells, padded to 10, then a space.
expect_match "and so do the counts in stet info" '^  山田       0 done' "$OUT"

# --group: group-writable, nothing wider.
GROUP=$(id -gn)
run_stet init g.stet --labels A --group "$GROUP"
expect_rc "init --group" 0
expect_eq "the file is the group's, mode 660" "660 $GROUP" "$(stat -c '%a %G' g.stet)"
expect_eq "so is the lock file" "660 $GROUP" "$(stat -c '%a %G' g.stet-lock)"
run_stet init h.stet --labels A --group no-such-group-here
expect_rc "an unknown group fails" 1
if [ -e h.stet ]; then not_ok "and leaves no file"; else ok "and leaves no file"; fi

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	# nobody joins as an annotator; every lead's action is refused.
	chmod 777 .
	chmod 666 p.stet p.stet-lock
	as_nobody() {
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$STET" "$@" \
			>"$SCRATCH/.stdout" 2>"$SCRATCH/.stderr"
		RC=$?
		OUT=$(cat "$SCRATCH/.stdout")
		ERR=$(cat "$SCRATCH/.stderr")
	}
	printf '{"id": "i1", "text": "one"}\n' > items.jsonl
	printf '{"id": "i2", "text": "two", "label": "POS"}\n' > gold.jsonl
	printf '{"item": "i1", "annotator": "x", "label": "POS"}\n' > ann.jsonl
	printf '{"item": "i1", "label": "POS", "score": 0.5}\n' > pred.jsonl
	chmod 644 items.jsonl gold.jsonl ann.jsonl pred.jsonl
	as_nobody import p.stet items.jsonl
	expect_rc "an annotator may import items" 0
	for args in "config p.stet overlap 2" "team p.stet add x" \
		"schema p.stet --add-label NEU" "import p.stet --gold gold.jsonl" \
		"import-annotations p.stet ann.jsonl" "export p.stet" \
		"import-predictions p.stet --model m pred.jsonl" \
		"review p.stet"; do
		# shellcheck disable=SC2086
		as_nobody $args
		expect_rc "refused to an annotator: $args" 1
		expect_match "with a reason: $args" 'is for leads, and nobody is not on the team' "$ERR"
	done
	as_nobody label p.stet --as "$ME"
	expect_match "--as is for leads" 'labeling as someone else \(--as '"$ME"'\) is for leads' "$ERR"
	run_stet team p.stet add nobody
	as_nobody config p.stet seed 3
	expect_match "a member annotator is refused too" 'is for leads, and nobody is an annotator' "$ERR"
	run_stet team p.stet remove nobody
	as_nobody label p.stet
	expect_match "a removed member cannot label" 'nobody is no longer on the team' "$ERR"
	run_stet config p.stet seed
	expect_eq "nothing the annotator tried was written" 7 "$OUT"
else
	ok "# SKIP the refusals need root to run stet as another user"
fi
done_testing
