#!/bin/sh
# stet agree against Debian's Python libraries: on random datasets of
# fixed seeds (2 to 5 annotators, 30 to 200 items, 3 to 6 labels, up to
# 30% missing, some with a dominant label, some with numeric labels),
# every pair's Cohen kappa (plain, linear, quadratic) matches sklearn's
# cohen_kappa_score and statsmodels' cohens_kappa, Fleiss' kappa matches
# statsmodels' fleiss_kappa where every item has the same number of
# values, Krippendorff's alpha (nominal, interval) matches nltk's
# AnnotationTask.alpha and Scott's pi its pi, and percent agreement,
# Scott's pi and the counts match their definitions, all to 1e-9. tests/cli/agree_oracle.py makes the data and the oracles.
. "$srcdir/tests/cli/lib.sh"

PY=/usr/bin/python3
ORACLE="$srcdir/tests/cli/agree_oracle.py"
if ! "$PY" -c 'import json, random' 2>/dev/null; then
	echo "1..0 # SKIP no $PY"
	exit 0
fi
if ! "$PY" -c 'import numpy' 2>/dev/null; then
	echo "1..0 # SKIP no numpy for $PY (python3-numpy)"
	exit 0
fi
for mod in sklearn statsmodels nltk; do
	"$PY" -c "import $mod" 2>/dev/null ||
		echo "# $mod is not installed for $PY: its comparisons are skipped"
done

if ! "$PY" "$ORACLE" gen "$SCRATCH" 2>"$SCRATCH/gen.err"; then
	not_ok "the oracle makes the datasets" "$(head -c 2000 "$SCRATCH/gen.err")"
	done_testing
	exit
fi

# The plan: "dataset NAME LABELS", then its "run NAME ID LEVEL ANNOTATORS"
# lines (ANNOTATORS "-" for all).
while read -r kind name a b c; do
	case $kind in
	dataset)
		built=yes
		for step in "init $name/p.stet --labels $a" \
			"import $name/p.stet $name/items.jsonl" \
			"import-annotations $name/p.stet $name/ann.jsonl"; do
			# shellcheck disable=SC2086 # the words of the step
			if ! "$STET" $step >"$name/.out" 2>&1; then
				not_ok "$name: stet $step" "$(head -c 2000 "$name/.out")"
				built=no
				break
			fi
		done
		;;
	run)
		if [ "$built" = no ]; then
			echo 99 >"$name/$a.rc"
			echo "the project was not built" >"$name/$a.err"
			continue
		fi
		if [ "$c" = - ]; then
			set -- --level "$b"
		else
			set -- --level "$b" --annotators "$c"
		fi
		"$STET" agree "$name/p.stet" --format json "$@" \
			>"$name/$a.json" 2>"$name/$a.err"
		echo $? >"$name/$a.rc"
		;;
	esac
done <"$SCRATCH/plan"

"$PY" "$ORACLE" check "$SCRATCH" >"$SCRATCH/results" 2>"$SCRATCH/check.err"
rc=$?
tab=$(printf '\t')
while IFS=$tab read -r status what d1 d2 d3; do
	case $status in
	ok) ok "$what" ;;
	skip) ok "$what # SKIP $d1" ;;
	*)
		set --
		for d in "$d1" "$d2" "$d3"; do
			[ -n "$d" ] && set -- "$@" "$d"
		done
		not_ok "$what" "$@"
		;;
	esac
done <"$SCRATCH/results"
if [ "$rc" -eq 0 ]; then
	ok "the oracle ran to the end"
else
	not_ok "the oracle ran to the end" "exit status $rc" \
		"$(tail -c 2000 "$SCRATCH/check.err")"
fi

done_testing
