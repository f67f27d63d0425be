#!/bin/sh
# The learner against scikit-learn: trained without regularisation on
# small problems with labels drawn at random, its softmax probabilities
# match the multinomial LogisticRegression's, and its one-vs-rest ones
# the binary model's of each label, within 1e-3 (they differ by a few
# 1e-5; a wrong model by more than 1e-2). tests/cli/learner_oracle.py
# makes the problems, runs tests/cli/learner_fit on them and says why
# the comparison is unregularised.
. "$srcdir/tests/cli/lib.sh"

PY=/usr/bin/python3
FIT="$builddir/tests/cli/learner_fit"
if ! "$PY" -c 'import numpy, sklearn' 2>/dev/null; then
	echo "1..0 # SKIP no numpy or sklearn for $PY (python3-sklearn)"
	exit 0
fi

if ! "$PY" "$srcdir/tests/cli/learner_oracle.py" "$FIT" \
	>"$SCRATCH/results" 2>"$SCRATCH/err"; then
	not_ok "the oracle runs" "$(head -c 2000 "$SCRATCH/err")"
fi
tab=$(printf '\t')
while IFS=$tab read -r status what detail; do
	case $status in
	ok) ok "$what" ;;
	*) not_ok "$what" "$detail" ;;
	esac
done <"$SCRATCH/results"
[ "$tap_n" -gt 0 ] || not_ok "the oracle reports its checks"
done_testing
