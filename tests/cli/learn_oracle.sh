#!/bin/sh
# stet learn --eval on real labeled data (testdata/learn: genre of UD
# English EWT sentences, and the UCI wine table) against scikit-learn's
# LogisticRegression on the same folds: well above the majority class,
# and within 2 points of the reference. tests/cli/learn_oracle.py says
# how the reference is made and checks the folds and the JSON too.
. "$srcdir/tests/cli/lib.sh"

PY=/usr/bin/python3
if ! "$PY" -c 'import numpy, scipy, sklearn' 2>/dev/null; then
	# The TAP way to skip: the driver counts exit status 77 an error.
	echo "1..0 # SKIP no numpy, scipy or sklearn for $PY (python3-sklearn)"
	exit 0
fi
D=$srcdir/testdata/learn

"$STET" init g.stet --labels email,weblog >/dev/null
"$STET" import g.stet "$D/ewt-genre.jsonl" >/dev/null
"$STET" import-annotations g.stet "$D/ewt-genre-labels.jsonl" >/dev/null
"$STET" init w.stet --labels cultivar_1,cultivar_2,cultivar_3 >/dev/null
"$STET" import w.stet "$D/wine.csv" >/dev/null
"$STET" import-annotations w.stet "$D/wine-labels.jsonl" >/dev/null

tab=$(printf '\t')
for set in "g.stet ewt-genre.jsonl text" "w.stet wine.csv table"; do
	# shellcheck disable=SC2086
	set -- $set
	if ! "$STET" learn "$1" --eval --format json >"$1.json" 2>"$1.err"; then
		not_ok "stet learn --eval on $2" "$(head -c 2000 "$1.err")"
		continue
	fi
	if ! "$PY" "$srcdir/tests/cli/learn_oracle.py" "$1.json" "$D/$2" "$3" \
		>"$1.results" 2>"$1.err"; then
		not_ok "the oracle runs on $2" "$(head -c 2000 "$1.err")"
		continue
	fi
	sed 's/^/# /' "$1.err"
	while IFS=$tab read -r status what detail; do
		case $status in
		ok) ok "$what" ;;
		*) not_ok "$what" "$detail" ;;
		esac
	done <"$1.results"
done
[ "$tap_n" -gt 0 ] || not_ok "the oracle reports its checks"
done_testing
