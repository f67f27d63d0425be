#!/bin/sh
# stet learn trains on a snapshot and then writes; if the project moved
# in between, it trains again inside its write, on what is there now.
# Made to happen for certain: an import holds the project's one write
# transaction open while it waits on a FIFO; stet learn reads its
# snapshot, trains and waits for the write; the import is then let
# finish, adding its items. The model stored must have been trained
# again and must predict the new items too.
. "$srcdir/tests/cli/lib.sh"

if ! [ -r /proc/self/wchan ] || ! [ -r /proc/self/syscall ]; then
	echo "1..0 # SKIP no /proc/PID/wchan and syscall to see stet wait"
	exit 0
fi

# until_ok CMD...: runs CMD every 0.05 s until it succeeds; fails after
# 20 s (a bound for a stuck test, not a measurement).
until_ok() {
	uo_n=0
	while ! "$@"; do
		uo_n=$((uo_n + 1))
		[ $uo_n -lt 400 ] || return 1
		sleep 0.05
	done
}

if ! command -v mdb_stat >/dev/null 2>&1; then
	echo "1..0 # SKIP mdb_stat (lmdb-utils) is not installed"
	exit 0
fi

# 600 labeled items, and 300 passes over them: a training of seconds,
# which the steps below need to outlast a few milliseconds.
: > items.jsonl
: > labels.jsonl
i=1
while [ $i -le 300 ]; do
	printf '{"id": "a%d", "text": "the film %d had a fine cast"}\n' $i $i >> items.jsonl
	printf '{"id": "b%d", "text": "rain %d fell all day"}\n' $i $i >> items.jsonl
	printf '{"item": "a%d", "annotator": "ann", "label": "FILM"}\n' $i >> labels.jsonl
	printf '{"item": "b%d", "annotator": "ann", "label": "WEATHER"}\n' $i >> labels.jsonl
	i=$((i + 1))
done
"$STET" init p.stet --labels FILM,WEATHER >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import-annotations p.stet labels.jsonl >/dev/null

# waits PID CHANNEL: some thread of PID waits in a kernel function whose
# name holds CHANNEL.
waits() {
	for thread in /proc/$1/task/*; do
		grep -q "$2" "$thread/wchan" 2>/dev/null && return 0
	done
	return 1
}
# reading PID: PID holds a read transaction of p.stet (its snapshot).
reading() {
	mdb_stat -nr p.stet 2>/dev/null | awk -v pid="$1" '$1 == pid { f = 1 } END { exit !f }'
}

# The import opens the project and waits on the FIFO, holding nothing.
mkfifo feed.jsonl
exec 3<>feed.jsonl
"$STET" import p.stet feed.jsonl > import.out 2>&1 3>&- &
importer=$!
until_ok waits $importer pipe_read ||
	not_ok "the import waits for its file" "$(cat import.out)"

# stet learn takes its snapshot and trains.
"$STET" learn p.stet --epochs 300 --format json > learn.json 2> learn.err 3>&- &
learner=$!
if until_ok reading $learner; then
	ok "stet learn has its snapshot"
else
	not_ok "stet learn has its snapshot" "$(cat learn.err)"
fi

# Meanwhile the import takes the write and holds it: 3000 lines, for
# import reads in batches and holds its transaction open once the first
# is in (see tests/cli/kill.sh).
i=0
while [ $i -lt 3000 ]; do
	printf '{"id": "n%d", "text": "new item %d"}\n' $i $i
	i=$((i + 1))
done >&3
if until_ok waits $importer pipe_read; then
	ok "the import has read its lines and waits for more"
else
	not_ok "the import has read its lines and waits for more" \
		"$(cat import.out)"
fi
# LMDB's writer lock is a process-shared mutex: a writer waiting for it
# sleeps in futex_wait.
if until_ok waits $learner futex; then
	ok "stet learn has trained, and waits to write"
else
	not_ok "stet learn has trained, and waits to write" \
		"$(cat learn.err)" "$(cat /proc/$learner/task/*/wchan 2>/dev/null | tr '\n' ' ')"
fi
exec 3>&-
wait $importer
expect_eq "the import ends, adding its items" \
	"3000 items added, 0 duplicates, 0 skipped" "$(tail -n 1 import.out)"
wait $learner
RC=$?
ERR=$(cat learn.err)
OUT=$(cat learn.json)
expect_rc "stet learn ends" 0
expect_eq "having trained again, and predicted all 3600 items" "True 3600" \
	"$(/usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["retrained"], d["predicted"])' < learn.json)"

done_testing
