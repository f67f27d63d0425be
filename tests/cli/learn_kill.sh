#!/bin/sh
# stet learn killed with SIGKILL leaves all or nothing: its rows, state
# and every item's prediction are one transaction, so after a kill the
# model is either as it was (the last version, every item predicted by
# it) or the new version whole. The kills come at several moments of a
# run on 20,000 items (reading, training, writing, or after the commit:
# where each lands depends on the machine, and the test holds whatever
# the moment), then a run to the end.
. "$srcdir/tests/cli/lib.sh"

N=20000
/usr/bin/python3 -c '
import random, sys
n = int(sys.argv[1])
r = random.Random(5)
words = "the of and film rain wind plot cast cold warm sun scene storm".split()
with open("items.jsonl", "w") as f, open("labels.jsonl", "w") as g:
    for i in range(n):
        t = " ".join(r.choice(words) for _ in range(12))
        f.write("{\"id\": \"i%d\", \"text\": \"%s\"}\n" % (i, t))
        if i % 10 == 0:
            lab = "A" if t.count("film") > t.count("rain") else "B"
            g.write("{\"item\": \"i%d\", \"annotator\": \"ann\", \"label\": \"%s\"}\n" % (i, lab))
' $N
"$STET" init p.stet --labels A,B >/dev/null
"$STET" import p.stet items.jsonl >/dev/null
"$STET" import-annotations p.stet labels.jsonl >/dev/null
"$STET" learn p.stet >/dev/null

# whole V: model stet is at version V and every item's prediction is of
# version V; prints what it found.
whole() {
	"$STET" info p.stet --format json | /usr/bin/python3 -c '
import json, sys
m = [m for m in json.load(sys.stdin)["models"] if m["name"] == "stet"][0]
print(m["version"], m["items"])'
	"$STET" export p.stet --predictions stet | /usr/bin/python3 -c '
import collections, json, sys
c = collections.Counter(json.loads(l)["prediction"]["model"] for l in sys.stdin)
print(" ".join(f"{k}:{v}" for k, v in sorted(c.items())))'
}

version=1
for wait in 0.2 0.6 1.2 2.5; do
	"$STET" learn p.stet >/dev/null 2>&1 &
	pid=$!
	sleep "$wait"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	got=$(whole)
	if [ "$got" = "$version $N
stet@$version:$N" ]; then
		ok "killed after ${wait}s: version $version as it was"
	elif [ "$got" = "$((version + 1)) $N
stet@$((version + 1)):$N" ]; then
		version=$((version + 1))
		ok "killed after ${wait}s: version $version, whole"
	else
		not_ok "killed after ${wait}s: all or nothing" \
			"expected version $version or $((version + 1)) on all $N items" \
			"found: $got"
	fi
	run_stet verify p.stet
	expect_rc "and the project verifies" 0
done
run_stet learn p.stet
expect_rc "a run after the kills goes through" 0
expect_eq "to the next version, whole" "$((version + 1)) $N
stet@$((version + 1)):$N" "$(whole)"

done_testing
