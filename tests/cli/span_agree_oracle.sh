#!/bin/sh
# Span agreement against scikit-learn and the definitions: on five random
# studies of fixed seeds (2 to 4 annotators, 1 to 6 labels, up to 80
# items, some left out by some annotators, spans that overlap, nest and
# cut tokens), each pair's token kappa over all tokens and over marked
# tokens matches sklearn's cohen_kappa_score on IOB2 tags made by the
# documented rule, the exact and partial span counts match their
# definitions, and the unitizing alpha of every label matches the
# segment walk of Krippendorff (2004) in exact fractions, all to 1e-9.
# tests/cli/span_agree_oracle.py makes the studies and the oracles;
# tests/cli/span_agree_fit runs the C arithmetic on them.
. "$srcdir/tests/cli/lib.sh"

PY=/usr/bin/python3
FIT="$builddir/tests/cli/span_agree_fit"
if ! "$PY" -c 'import numpy, sklearn' 2>/dev/null; then
	echo "1..0 # SKIP no numpy or sklearn for $PY (python3-sklearn)"
	exit 0
fi

if ! "$PY" "$srcdir/tests/cli/span_agree_oracle.py" "$FIT" "$SCRATCH" \
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
