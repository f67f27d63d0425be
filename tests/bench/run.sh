#!/bin/sh
# The import benchmark, run by `make bench`:
#
#   sh tests/bench/run.sh /abs/path/to/stet /abs/path/to/srcdir
#
# Generates a JSONL corpus (1,000,000 items of about 150 bytes, fixed
# seed) in a temporary directory and reports, in one table:
#
#   - stet import: wall time, against the time /usr/bin/python3 takes
#     merely to parse the same file line by line with json.loads
#     (target: ratio < 1.0);
#   - stet import: peak RSS (target: < 512 MB);
#   - stet import into a project with span labels, which splits every
#     item into words: time, CPU, peak RSS and project size against the
#     plain import (no target: what tokens cost);
#   - stet info on the 1M-item project against the same on a 1,000-item
#     project, each the median of several runs (target: ratio < 2.0).
#
# Then, on the same two projects, the stet label benchmark
# (tests/bench/label_bench.py, which says what it measures): keystroke
# latency against fsync, the same with a model learning from each label
# (--learn --order uncertainty) against the plain keystroke, start-up to
# the first item, peak RSS.
#
# Then the span labeling benchmark (tests/bench/span_bench.py, which
# says what it measures): the same corpus imported into a project of
# span labels, and the keystroke that changes an item's spans (one
# durable write) judged against fsync as the label keystroke is.
#
# Then, on the 1,000,000-item project, the stet learn benchmark
# (tests/bench/learn_bench.py, which says what it measures): stet learn
# (train on standing labels, store, predict every item) against
# scikit-learn's SGDClassifier on HashingVectorizer features doing the
# same, time ratio and peak RSS. It runs before the stet simulate
# benchmark (tests/bench/simulate_bench.py, which says what it
# measures), which labels every item of the same two projects by a rule
# of their words and reports stet simulate's time and peak RSS on each.
#
# Then, on a project of its own (5 annotators x 200,000 items x 10
# labels, every annotator on every item: a million annotations, in
# sessions of 2,000; fixed seed), the stet agree benchmark
# (tests/bench/agree_bench.py, which says what it measures): wall and
# CPU time and peak RSS of `stet agree --format json`, the same on a
# tenth of the items (how the time grows), against a python3 reference
# computing the same kappas with sklearn and statsmodels.
#
# Then, each on a project of its own: the stet merge benchmark
# (tests/bench/merge_bench.py: merging 100,000 events made in a clone
# into 400,000), the stet verify benchmark (verify_bench.py: a million
# events) and the queue benchmark (queue_bench.c: serving the next
# item on a million items with overlap 3 and 20 annotators' history),
# the predicted orders benchmark (order_bench.c: opening a queue that
# ranks a million items by a model's predictions), the routing
# benchmark (route_bench.c: stet route and its undo on a million items,
# and serving from the routed queue), the span agreement benchmark
# (span_agree_bench.py: F1, token kappa and u-alpha on 100,000 items of
# 3 annotators, against the same in pure Python), and last the learner
# benchmark (learner_bench.c: features, online update and prediction of
# 20-word sentences, one at a time, on a model in memory). Each script
# says what it measures.
#
# After the verify benchmark, a short team soak (team_soak.py: 8
# annotators, each a `stet label` through a pty, on one project with
# overlap 3 for 20 s while a lead loops agree, stats, export and verify;
# STET_BENCH_SOAK_* set its options, STET_BENCH_SOAK=0 skips it): the
# keystroke latency of the team beside one annotator alone, and checks
# that no saved label was lost, the overlap held, verify passes and
# memory stayed flat. The ten-minute soak is run by hand (its --help).
#
# A benchmark reports; it never fails the build: the exit status is 0
# whatever the figures (and whatever goes wrong, which is reported).
#
# Environment (all optional):
#   TMPDIR                 where the temporary directory goes (its
#                          filesystem is printed: LMDB wants a local one)
#   STET_BENCH_ITEMS       corpus size (default 1000000)
#   STET_BENCH_SMALL       items in the small project for info (default 1000)
#   STET_BENCH_INFO_RUNS   runs per info median (default 20)
#   STET_BENCH_SEED        generator seed (default 20240601)
#   STET_BENCH_KEEP=1      keep the temporary directory and say where
#   STET_BENCH_NO_GNU_TIME=1  use the python3 getrusage wrapper even when
#                          GNU time is installed (to test the fallback)
#   STET_BENCH_LABEL=0     skip the stet label benchmark (its own knobs:
#                          see tests/bench/label_bench.py)
#   STET_BENCH_SPANS=0     skip the span labeling benchmark (its own
#                          knobs: see tests/bench/span_bench.py)
#   STET_BENCH_LEARN=0     skip the stet learn benchmark (its own knobs:
#                          see tests/bench/learn_bench.py)
#   STET_BENCH_AGREE=0     skip the stet agree benchmark (its own knobs:
#                          see tests/bench/agree_bench.py)
#   STET_BENCH_MERGE=0     skip the stet merge benchmark (its own knobs:
#                          see tests/bench/merge_bench.py)
#   STET_BENCH_VERIFY=0    skip the stet verify benchmark (verify_bench.py)
#   STET_BENCH_QUEUE=0     skip the queue benchmark (queue_bench.c;
#                          STET_BENCH_QUEUE_ITEMS, default 1000000)
#   STET_BENCH_LEARNER=0   skip the learner benchmark (learner_bench.c)
#   STET_BENCH_SIMULATE=0  skip the stet simulate benchmark (its own knobs:
#                          see tests/bench/simulate_bench.py)
#   STET_BENCH_ORDER=0     skip the predicted orders benchmark
#                          (order_bench.c; STET_BENCH_ORDER_ITEMS, default
#                          1000000)
#   STET_BENCH_TOKENS=0    skip the import into a project with span labels
#                          (which tokenizes every item)
#   STET_BENCH_ROUTE=0     skip the routing benchmark (route_bench.c;
#                          STET_BENCH_ROUTE_ITEMS, default 1000000)
#   STET_BENCH_SPAN_AGREE=0  skip the span agreement benchmark
#                          (span_agree_bench.py; STET_BENCH_SPAN_ITEMS,
#                          default 100000)

STET=${1:-}
SRCDIR=${2:-}
PY=/usr/bin/python3
ITEMS=${STET_BENCH_ITEMS:-1000000}
SMALL=${STET_BENCH_SMALL:-1000}
INFO_RUNS=${STET_BENCH_INFO_RUNS:-20}
SEED=${STET_BENCH_SEED:-20240601}
RSS_LIMIT_MB=512
HERE=$SRCDIR/tests/bench

say() { printf '%s\n' "$*"; }
# Reports a problem and ends the benchmark, still with status 0.
give_up() { say "bench: $*" >&2; say "bench: benchmark not completed"; exit 0; }

if [ -z "$STET" ] || [ -z "$SRCDIR" ]; then
	give_up "usage: run.sh ABS_PATH_TO_STET ABS_SRCDIR"
fi
[ -x "$STET" ] || give_up "$STET: not an executable"
[ -f "$HERE/gen_corpus.c" ] || give_up "$HERE/gen_corpus.c: not found"
[ -x "$PY" ] || give_up "$PY: not found (the reference needs it)"
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || give_up "no C compiler ($CC) for the generator"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stet-bench.XXXXXX") ||
	give_up "cannot make a temporary directory"
cleanup() {
	if [ "${STET_BENCH_KEEP:-0}" = 1 ]; then
		say "bench: kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 0' HUP INT TERM

# --- how to measure ---------------------------------------------------

# GNU time gives wall time and peak RSS of exactly the command; without
# it a small python3 wrapper reads the same from getrusage.
if [ "${STET_BENCH_NO_GNU_TIME:-0}" != 1 ] &&
	/usr/bin/time -f '%e %M' -o "$tmp/probe" true 2>/dev/null &&
	read -r _ _ <"$tmp/probe" 2>/dev/null; then
	TIMER="GNU time (/usr/bin/time -f '%e %M %U %S')"
	timed() { # OUT CMD... : OUT gets "WALL_S MAXRSS_KB USER_S SYS_S"
		_out=$1
		shift
		/usr/bin/time -f '%e %M %U %S' -o "$_out" "$@"
	}
else
	TIMER="python3 getrusage(RUSAGE_CHILDREN) wrapper (GNU time not installed)"
	timed() { # OUT CMD... : OUT gets "WALL_S MAXRSS_KB USER_S SYS_S"
		_out=$1
		shift
		"$PY" "$HERE/measure.py" run -- "$@" >"$_out.run"
		_rc=$?
		tail -n 1 "$_out.run" >"$_out"
		sed '$d' "$_out.run"
		return $_rc
	}
fi
rm -f "$tmp/probe"

# Reads the page cache full of FILE so that neither side pays for disk.
warm() { cat "$1" >/dev/null; }

fmt() { awk -v x="$1" -v d="$2" 'BEGIN { printf "%.*f", d, x }'; }

# ratio VALUE REFERENCE
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# verdict VALUE LIMIT: PASS when VALUE < LIMIT
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || a == "") print "n/a"; else print (a + 0 < b + 0) ? "PASS" : "MISS" }'; }

# --- the machine --------------------------------------------------------

fstype=$(df -PT "$tmp" 2>/dev/null | awk 'NR == 2 { print $2 }')
[ -n "$fstype" ] || fstype=$(stat -f -c %T "$tmp" 2>/dev/null)
cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)

say "stet import benchmark"
say "  stet        $STET ($("$STET" --version 2>/dev/null | head -n 1))"
say "  machine     $(nproc 2>/dev/null || echo '?') CPUs (nproc), ${cpu:-unknown CPU}, ${mem:-? GiB}, $(uname -srm)"
say "  load        $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) (1, 5, 15 min: other work on the machine skews the figures)"
say "  temp dir    $tmp (filesystem ${fstype:-unknown})"
say "  timing      $TIMER"
say "  reference   $("$PY" --version 2>&1) at $PY"

# --- the corpus ---------------------------------------------------------

"$CC" -O2 -std=c11 -o "$tmp/gen_corpus" "$HERE/gen_corpus.c" ||
	give_up "cannot compile $HERE/gen_corpus.c"
corpus=$tmp/corpus.jsonl
small=$tmp/small.jsonl
"$tmp/gen_corpus" "$ITEMS" "$SEED" >"$corpus" || give_up "generator failed"
head -n "$SMALL" "$corpus" >"$small"
bytes=$(wc -c <"$corpus" | tr -d ' ')
lines=$(wc -l <"$corpus" | tr -d ' ')
say "  corpus      $lines items, $bytes bytes ($(fmt "$(awk -v b="$bytes" 'BEGIN { print b / 1048576 }')" 1) MiB, $(awk -v b="$bytes" -v n="$lines" 'BEGIN { printf "%.0f", n ? b / n : 0 }') bytes an item), seed $SEED"
say ""

# --- the reference: python3 json.loads, line by line ---------------------

say "bench: reference: $PY parsing the corpus with json.loads ..."
warm "$corpus"
timed "$tmp/ref.t" "$PY" -c '
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        json.loads(line)
' "$corpus" || give_up "the python3 reference failed"
read -r ref_s ref_kb ref_user ref_sys <"$tmp/ref.t"

# --- stet import ---------------------------------------------------------

for p in big small; do
	"$STET" init "$tmp/$p.stet" --labels pos,neg,neutral >/dev/null ||
		give_up "stet init $tmp/$p.stet failed"
done

say "bench: stet import of $lines items ..."
warm "$corpus"
import_ok=1
if ! timed "$tmp/import.t" "$STET" import "$tmp/big.stet" "$corpus" \
	>"$tmp/import.out" 2>"$tmp/import.err"; then
	import_ok=0
	say "bench: stet import failed:"
	sed 's/^/    /' "$tmp/import.err" | head -n 5
fi
read -r imp_s imp_kb imp_user imp_sys <"$tmp/import.t" 2>/dev/null
imp_summary=$(tail -n 1 "$tmp/import.out" 2>/dev/null)
added=$(say "$imp_summary" | awk '{ print $1 + 0 }')
if [ "$import_ok" = 1 ] && [ "$added" != "$lines" ]; then
	say "bench: note: stet says \"$imp_summary\" for $lines lines"
fi
proj_bytes=$(wc -c <"$tmp/big.stet" 2>/dev/null | tr -d ' ')

"$STET" import "$tmp/small.stet" "$small" >/dev/null 2>"$tmp/small.err" ||
	say "bench: stet import of the small corpus failed: $(head -n 1 "$tmp/small.err")"

# --- stet import with tokenization -------------------------------------------
#
# A project with a span label splits every text item into words at
# import (ICU's word break iterator, stet_tokenize) and stores the
# tokens with the item: the same corpus again, into such a project.

tok_s=n/a tok_kb=n/a tok_user=? tok_sys=? tok_bytes=?
if [ "${STET_BENCH_TOKENS:-1}" = 0 ]; then
	say "bench: tokenizing import skipped (STET_BENCH_TOKENS=0)"
elif ! "$STET" init "$tmp/tok.stet" --labels pos,neg,neutral --spans PER,ORG \
	>/dev/null 2>"$tmp/tok.err"; then
	say "bench: tokenizing import not run: stet init --spans failed: $(head -n 1 "$tmp/tok.err")"
else
	say "bench: stet import of $lines items into a project with span labels ..."
	warm "$corpus"
	if timed "$tmp/tok.t" "$STET" import "$tmp/tok.stet" "$corpus" \
		>/dev/null 2>"$tmp/tok.err"; then
		read -r tok_s tok_kb tok_user tok_sys <"$tmp/tok.t"
		tok_bytes=$(wc -c <"$tmp/tok.stet" | tr -d ' ')
	else
		say "bench: the tokenizing import failed: $(head -n 1 "$tmp/tok.err")"
	fi
	rm -f "$tmp/tok.stet" "$tmp/tok.stet-lock"
fi

# --- stet info -------------------------------------------------------------

say "bench: stet info, median of $INFO_RUNS runs on each project ..."
info_big=n/a
info_small=n/a
if [ "$import_ok" = 1 ]; then
	if "$PY" "$HERE/measure.py" median "$INFO_RUNS" -- "$STET" info "$tmp/big.stet" >"$tmp/info_big.t"; then
		read -r info_big info_big_min info_big_max <"$tmp/info_big.t"
	else
		say "bench: stet info on the big project failed"
	fi
fi
if "$PY" "$HERE/measure.py" median "$INFO_RUNS" -- "$STET" info "$tmp/small.stet" >"$tmp/info_small.t"; then
	read -r info_small info_small_min info_small_max <"$tmp/info_small.t"
else
	say "bench: stet info on the small project failed"
fi

# --- the table ---------------------------------------------------------------

if [ "$import_ok" = 1 ]; then
	imp_ratio=$(ratio "$imp_s" "$ref_s")
	imp_rate="$(awk -v n="$lines" -v s="$imp_s" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "?" }') items/s, $(awk -v b="$bytes" -v s="$imp_s" 'BEGIN { if (s > 0) printf "%.1f", b / 1048576 / s; else print "?" }') MiB/s"
	imp_mb=$(fmt "$(awk -v k="$imp_kb" 'BEGIN { print k / 1024 }')" 1)
	rss_ratio=$(ratio "$imp_mb" "$RSS_LIMIT_MB")
	imp_time_txt="$(fmt "$imp_s" 2) s"
	imp_rss_txt="$imp_mb MiB"
else
	imp_ratio=n/a rss_ratio=n/a imp_rate="import failed"
	imp_time_txt=failed imp_rss_txt=n/a imp_mb=n/a
fi
ref_mb=$(fmt "$(awk -v k="$ref_kb" 'BEGIN { print k / 1024 }')" 1)
if [ "$info_big" != n/a ] && [ "$info_small" != n/a ]; then
	info_ratio=$(ratio "$info_big" "$info_small")
else
	info_ratio=n/a
fi
ms() { [ "$1" = n/a ] && { printf 'n/a'; return; }; printf '%s ms' "$(awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }')"; }

say ""
row() { printf '%-34s %12s  %-26s %6s  %-8s %s\n' "$@"; }
row "measurement" "value" "reference" "ratio" "target" "result"
row "----------------------------------" "------------" "--------------------------" "------" "--------" "------"
row "import $lines items: wall time" "$imp_time_txt" "$(fmt "$ref_s" 2) s python3 json.loads" \
	"$imp_ratio" "< 1.00" "$(verdict "$imp_ratio" 1)"
row "import: peak RSS" "$imp_rss_txt" "$RSS_LIMIT_MB MiB limit" \
	"$rss_ratio" "< 1.00" "$(verdict "$imp_mb" "$RSS_LIMIT_MB")"
row "info, $lines items (median)" "$(ms "$info_big")" "$(ms "$info_small") on $SMALL items" \
	"$info_ratio" "< 2.00" "$(verdict "$info_ratio" 2)"
say ""
say "  import      $imp_rate; CPU ${imp_user:-?} s user + ${imp_sys:-?} s system; stet said: ${imp_summary:-nothing}"
say "  project     ${proj_bytes:-?} bytes after import ($(awk -v p="${proj_bytes:-0}" -v b="$bytes" 'BEGIN { if (b > 0) printf "%.2f", p / b; else print "?" }') x the corpus)"
say "  reference   python3: CPU ${ref_user:-?} s user + ${ref_sys:-?} s system, peak RSS $ref_mb MiB"
if [ "$info_big" != n/a ] && [ "$info_small" != n/a ]; then
	say "  info        $lines items: min $(ms "$info_big_min"), max $(ms "$info_big_max");" \
		"$SMALL items: min $(ms "$info_small_min"), max $(ms "$info_small_max") ($INFO_RUNS runs each, after a warm-up)"
fi
if [ "$tok_s" != n/a ] && [ "$import_ok" = 1 ]; then
	say "  tokens      import with span labels: $(fmt "$tok_s" 2) s ($(ratio "$tok_s" "$imp_s") x the plain import), CPU $tok_user s user + $tok_sys s system, peak RSS $(fmt "$(awk -v k="$tok_kb" 'BEGIN { print k / 1024 }')" 1) MiB, project $tok_bytes bytes ($(ratio "$tok_bytes" "$proj_bytes") x)"
fi
say "  (one run of each import: on a busy machine its time varies by 10-20% from run to run)"

# --- stet label, on the projects above -----------------------------------------

if [ "${STET_BENCH_LABEL:-1}" = 0 ]; then
	say ""
	say "bench: stet label benchmark skipped (STET_BENCH_LABEL=0)"
elif [ "$import_ok" != 1 ]; then
	say ""
	say "bench: stet label benchmark not run: it needs the imported project"
elif [ ! -f "$HERE/label_bench.py" ]; then
	say ""
	say "bench: $HERE/label_bench.py: not found"
else
	"$PY" "$HERE/label_bench.py" "$STET" "$tmp/big.stet" "$tmp/small.stet" "$tmp" ||
		say "bench: the stet label benchmark failed"
fi

# --- span labeling, on a span project of the same corpus -----------------------

if [ "${STET_BENCH_SPANS:-1}" = 0 ]; then
	say ""
	say "bench: span labeling benchmark skipped (STET_BENCH_SPANS=0)"
elif [ "$import_ok" != 1 ]; then
	say ""
	say "bench: span labeling benchmark not run: it needs the corpus imported"
elif [ ! -f "$HERE/span_bench.py" ]; then
	say ""
	say "bench: $HERE/span_bench.py: not found"
else
	"$PY" "$HERE/span_bench.py" "$STET" "$corpus" "$tmp" "$tmp/big.stet" ||
		say "bench: the span labeling benchmark failed"
	# A second million items is more than the rest of the run needs.
	rm -f "$tmp/spans.stet" "$tmp/spans.stet-lock"
fi

# --- stet learn, on the big project -------------------------------------------------

if [ "${STET_BENCH_LEARN:-1}" = 0 ]; then
	say ""
	say "bench: stet learn benchmark skipped (STET_BENCH_LEARN=0)"
elif [ "$import_ok" != 1 ]; then
	say ""
	say "bench: stet learn benchmark not run: it needs the imported project"
elif [ ! -f "$HERE/learn_bench.py" ]; then
	say ""
	say "bench: $HERE/learn_bench.py: not found"
else
	"$PY" "$HERE/learn_bench.py" "$STET" "$tmp/big.stet" "$corpus" "$tmp" ||
		say "bench: the stet learn benchmark failed"
fi

# --- stet simulate, on the projects above (labeled first) ---------------------------

if [ "${STET_BENCH_SIMULATE:-1}" = 0 ]; then
	say ""
	say "bench: stet simulate benchmark skipped (STET_BENCH_SIMULATE=0)"
elif [ "$import_ok" != 1 ]; then
	say ""
	say "bench: stet simulate benchmark not run: it needs the imported project"
elif [ ! -f "$HERE/simulate_bench.py" ]; then
	say ""
	say "bench: $HERE/simulate_bench.py: not found"
else
	"$PY" "$HERE/simulate_bench.py" "$STET" "$tmp" "$tmp/big.stet" "$corpus" \
		"$tmp/small.stet" "$small" ||
		say "bench: the stet simulate benchmark failed"
fi

# --- the benchmarks with projects of their own, each a python3 script -------------

# py_bench NAME VAR: runs tests/bench/NAME_bench.py unless $VAR is 0.
py_bench() {
	if [ "$(eval "echo \${$2:-1}")" = 0 ]; then
		say ""
		say "bench: stet $1 benchmark skipped ($2=0)"
	elif [ ! -f "$HERE/$1_bench.py" ]; then
		say ""
		say "bench: $HERE/$1_bench.py: not found"
	else
		"$PY" "$HERE/$1_bench.py" "$STET" "$tmp" ||
			say "bench: the stet $1 benchmark failed"
	fi
}

py_bench agree STET_BENCH_AGREE
py_bench merge STET_BENCH_MERGE
py_bench verify STET_BENCH_VERIFY
if [ "${STET_BENCH_SOAK:-1}" = 0 ]; then
	say ""
	say "bench: team soak skipped (STET_BENCH_SOAK=0)"
else
	"$PY" "$HERE/team_soak.py" "$STET" "$tmp/soak" ||
		say "bench: the team soak failed a check (above)"
	rm -rf "$tmp/soak"
fi
QUEUE_BENCH="$(dirname "$STET")/tests/bench/queue_bench"
if [ "${STET_BENCH_QUEUE:-1}" = 0 ]; then
	say ""
	say "bench: queue benchmark skipped (STET_BENCH_QUEUE=0)"
elif [ ! -x "$QUEUE_BENCH" ]; then
	say ""
	say "bench: $QUEUE_BENCH: not built (make bench builds it)"
else
	"$QUEUE_BENCH" "$tmp" || say "bench: the queue benchmark failed"
fi
ORDER_BENCH="$(dirname "$STET")/tests/bench/order_bench"
if [ "${STET_BENCH_ORDER:-1}" = 0 ]; then
	say ""
	say "bench: predicted orders benchmark skipped (STET_BENCH_ORDER=0)"
elif [ ! -x "$ORDER_BENCH" ]; then
	say ""
	say "bench: $ORDER_BENCH: not built (make bench builds it)"
else
	"$ORDER_BENCH" "$tmp" || say "bench: the predicted orders benchmark failed"
fi
ROUTE_BENCH="$(dirname "$STET")/tests/bench/route_bench"
if [ "${STET_BENCH_ROUTE:-1}" = 0 ]; then
	say ""
	say "bench: routing benchmark skipped (STET_BENCH_ROUTE=0)"
elif [ ! -x "$ROUTE_BENCH" ]; then
	say ""
	say "bench: $ROUTE_BENCH: not built (make bench builds it)"
else
	"$ROUTE_BENCH" "$tmp" || say "bench: the routing benchmark failed"
fi
SPAN_AGREE_BENCH="$(dirname "$STET")/tests/bench/span_agree_bench"
if [ "${STET_BENCH_SPAN_AGREE:-1}" = 0 ]; then
	say ""
	say "bench: span agreement benchmark skipped (STET_BENCH_SPAN_AGREE=0)"
elif [ ! -x "$SPAN_AGREE_BENCH" ]; then
	say ""
	say "bench: $SPAN_AGREE_BENCH: not built (make bench builds it)"
else
	"$PY" "$HERE/span_agree_bench.py" "$SPAN_AGREE_BENCH" "$tmp" \
		"$STET" "$(dirname "$STET")/tests/cli/span_sets" ||
		say "bench: the span agreement benchmark failed"
fi
LEARNER_BENCH="$(dirname "$STET")/tests/bench/learner_bench"
if [ "${STET_BENCH_LEARNER:-1}" = 0 ]; then
	say ""
	say "bench: learner benchmark skipped (STET_BENCH_LEARNER=0)"
elif [ ! -x "$LEARNER_BENCH" ]; then
	say ""
	say "bench: $LEARNER_BENCH: not built (make bench builds it)"
else
	"$LEARNER_BENCH" || say "bench: the learner benchmark failed"
fi
exit 0
