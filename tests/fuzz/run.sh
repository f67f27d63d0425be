#!/bin/sh
# Fuzzes one target, a program built with libFuzzer (configure
# --enable-fuzzing), for FUZZ_TIME seconds and at most FUZZ_RUNS inputs
# (-1: no bound), from the inputs kept in the tree and those earlier
# runs of this build found; reports TAP: one line with the figures, or
# "not ok" with the input that failed, kept in tests/fuzz/NAME.found/.
# The automake harness runs it as `run.sh tests/fuzz/NAME`.
set -u
prog=$1
name=$(basename "$prog")
time=${FUZZ_TIME:-10}
runs=${FUZZ_RUNS:--1}
src=${srcdir:-.}/tests/fuzz
work=$(dirname "$prog")/$name.corpus
found=$(dirname "$prog")/$name.found
log=$(dirname "$prog")/$name.fuzz.out
mkdir -p "$work"
rm -rf "$found"
mkdir -p "$found"

case $name in
items_csv | items_tsv) dict=csv.dict ;;
items_txt | items_conll | ann_brat | ann_conll | ann_conllu | schema | theme | rec_*) dict= ;;
*) dict=json.dict ;;
esac
set -- -max_total_time="$time" -runs="$runs" -timeout=60 \
	-rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$found/" "$work"
[ -n "$dict" ] && set -- -dict="$src/$dict" "$@"
for d in "$src/corpus/$name" "$src/regress/$name"; do
	[ -d "$d" ] && set -- "$@" "$d"
done

echo "1..1"
# Leaks are findings too; a report aborts so that libFuzzer keeps the
# input.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$prog" "$@" >"$log" 2>&1
rc=$?
stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
execs=$(stat number_of_executed_units)
secs=$(stat average_exec_per_sec)
last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p')
figures="${execs:-?} runs (${secs:-?}/s) in ${time}s, cov ${cov:-?} ft ${ft:-?} corpus ${corp:-?}"
if [ "$rc" -eq 0 ]; then
	echo "ok 1 - $name: $figures"
	exit 0
fi
echo "not ok 1 - $name: a finding after $figures"
# The first report, without libFuzzer's own frames.
sed -n '/ERROR\|runtime error\|WARNING/,/SUMMARY/p' "$log" |
	grep -v 'fuzzer::\|libc_start\|_start (\|^$' | head -n 30 | sed 's/^/# /'
for f in "$found"/*; do
	[ -e "$f" ] && echo "# input kept: $f (add it to tests/fuzz/regress/$name/ once fixed)"
done
echo "# whole log: $log"
exit 1
