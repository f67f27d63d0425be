#!/bin/sh
# Damaged copies of a project: bits flipped at random (seeded: a failure
# names the seed, the copy and the bits, and STET_DAMAGE_SEED=S reruns
# it), and the file cut at every page boundary and inside every page.
# Each copy is read by one of info, verify, export, log, agree, stats,
# team and export --annotations in turn: every run ends with exit status
# 0 or 1, no signal and no sanitizer report.
. "$srcdir/tests/cli/lib.sh"

PY=/usr/bin/python3
SEED=${STET_DAMAGE_SEED:-14}
COPIES=${STET_DAMAGE_COPIES:-240}
CMDS=info,verify,export,log,agree,stats,team,annotations

"$PY" "$srcdir/tests/cli/damage.py" corpus . 40
"$STET" init p.stet --labels POSITIVE,NEGATIVE,NEUTRAL >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import-annotations p.stet ann.jsonl >/dev/null
mkdir work

# survived "what" ARGS...: damage.py ARGS; ok when no run crashed, else
# not ok with every failing run.
survived() {
	what=$1
	shift
	"$PY" "$srcdir/tests/cli/damage.py" "$STET" p.stet work "$@" > runs.txt
	rc=$?
	summary=$(tail -n 1 runs.txt)
	if [ "$rc" -eq 0 ]; then
		ok "$what: $summary"
	else
		not_ok "$what: $summary" "$(grep '^FAIL' runs.txt | head -n 20)"
	fi
}

survived "$COPIES copies with bits flipped (seed $SEED)" flip --seed "$SEED" \
	--copies "$COPIES" --commands "$CMDS"
survived "cut at every page boundary and inside every page" trunc \
	--commands "$CMDS"

done_testing
