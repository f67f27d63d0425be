"""The `stet simulate` benchmark, run by tests/bench/run.sh after the
label benchmark (with /usr/bin/python3):

  simulate_bench.py STET WORKDIR BIG.stet BIG.jsonl SMALL.stet SMALL.jsonl

It labels the import benchmark's two projects (1,000,000 and 1,000
items of generated text) with `stet import-annotations`, one record an
item by the annotator "sim", the label a rule of the words any model
of them can learn ("pos" when the text has the word "the", else "neg"
when it has "of", else "neutral"), and reports, in one table, with no
target and no verdict:

  - `stet simulate SMALL --budget 200 --step 20` (all four strategies,
    defaults otherwise): wall time, CPU time (user + system) and peak
    RSS (os.wait4), the median of 3 runs: what a few hundred labels
    cost on a small project;
  - `stet simulate BIG --budget 100 --step 50` (all four strategies),
    one run: the cost on a million items with a small budget. Most of
    it is training the full-data model on the 800,000 items of the
    pool (5 epochs) and scoring the pool with the seed set's model
    (once for the three uncertainty strategies); the feature vectors of a million texts do not fit in the
    memory stet keeps for them, so most are made again each time. Peak
    RSS counts the pages of the project file read through the map.

The import of the annotations is timed and reported too. The label
benchmark may have left labels of its own on some items: they stand
with "sim"'s as a majority, and an item where they disagree is a tie,
left out and counted ("used" in the table).

Like the other benchmarks it reports and never fails: the exit status
is 0 whatever the figures.

Environment (all optional):
  STET_BENCH_SIMULATE_BIG=0   skip the million-item run
  STET_BENCH_SIMULATE_ARGS    the big run's options instead of
                              "--budget 100 --step 50"
"""
import json
import os
import statistics
import subprocess
import sys
import time


def say(*a):
    print(*a, flush=True)


class GiveUp(Exception):
    pass


def timed(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd once: (wall s, peak RSS KiB, user s, sys s, status,
    stderr)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    errdata = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    p.stderr.close()
    return (wall, ru.ru_maxrss, ru.ru_utime, ru.ru_stime, code,
            errdata.decode("utf-8", "replace"))


def run_stet(argv, what, stdout=subprocess.DEVNULL):
    r = timed(argv, stdout)
    if r[4] != 0:
        raise GiveUp("%s failed (status %d): %s"
                     % (what, r[4], r[5].strip()[:300]))
    return r


def label_of(text):
    words = set(text.lower().split())
    return "pos" if "the" in words else "neg" if "of" in words else "neutral"


def annotations(corpus, out):
    n = 0
    with open(corpus, encoding="utf-8") as f, \
            open(out, "w", encoding="utf-8") as o:
        for line in f:
            rec = json.loads(line)
            o.write(json.dumps({"item": rec["id"], "annotator": "sim",
                                "label": label_of(rec["text"])}) + "\n")
            n += 1
    return n


def simulate(stet, project, args, workdir, tag):
    """One run: its measures and the JSON it printed."""
    out_path = os.path.join(workdir, "simulate-%s.json" % tag)
    with open(out_path, "w") as out:
        r = run_stet([stet, "simulate", project, "--format", "json"] + args,
                     "stet simulate %s" % tag, stdout=out)
    with open(out_path) as f:
        return r, json.load(f)


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def row(*a):
    say("%-40s %10s %10s %10s  %s" % a)


def describe(d):
    to95 = ", ".join("%s %s" % (k, v if v is not None else "never")
                     for k, v in d["labels_to_95"].items())
    return ("used %d of %d, test %d, pool %d; full accuracy %.3f; "
            "labels to 95%%: %s" % (d["used"], d["items"], d["test"],
                                   d["pool"], d["full_accuracy"], to95))


def main(argv):
    if len(argv) != 7:
        sys.stderr.write(__doc__)
        return 0
    stet, workdir, big, big_corpus, small, small_corpus = argv[1:]
    say("")
    say("stet simulate benchmark")
    say("  load        %s (1, 5, 15 min: other work on the machine skews the figures)"
        % loadavg())
    runs_big = os.environ.get("STET_BENCH_SIMULATE_BIG", "1") != "0"
    big_args = os.environ.get("STET_BENCH_SIMULATE_ARGS",
                              "--budget 100 --step 50").split()
    small_args = ["--budget", "200", "--step", "20"]

    imports = []
    for project, corpus in ((small, small_corpus), (big, big_corpus)):
        if project == big and not runs_big:
            continue
        ann = os.path.join(workdir, os.path.basename(project) + ".sim.jsonl")
        n = annotations(corpus, ann)
        say("bench: stet import-annotations of %d records into %s ..."
            % (n, os.path.basename(project)))
        r = run_stet([stet, "import-annotations", project, ann],
                     "stet import-annotations")
        imports.append((n, r))

    say("bench: stet simulate %s on the small project, 3 runs ..."
        % " ".join(small_args))
    small_runs = [simulate(stet, small, small_args, workdir, "small")
                  for _ in range(3)]
    big_run = None
    if runs_big:
        say("bench: stet simulate %s on the big project, 1 run ..."
            % " ".join(big_args))
        big_run = simulate(stet, big, big_args, workdir, "big")

    say("")
    row("measurement", "wall", "CPU", "peak RSS", "")
    row("-" * 40, "-" * 10, "-" * 10, "-" * 10, "")
    for n, r in imports:
        row("import-annotations, %d records" % n, "%.2f s" % r[0],
            "%.2f s" % (r[2] + r[3]), "%.1f MiB" % (r[1] / 1024), "")
    walls = [r[0] for r, _ in small_runs]
    cpus = [r[2] + r[3] for r, _ in small_runs]
    rss = max(r[1] for r, _ in small_runs)
    d = small_runs[0][1]
    row("simulate, %d items (median of 3)" % d["items"],
        "%.2f s" % statistics.median(walls),
        "%.2f s" % statistics.median(cpus), "%.1f MiB" % (rss / 1024), "")
    if big_run is not None:
        r, bd = big_run
        row("simulate, %d items" % bd["items"], "%.1f s" % r[0],
            "%.1f s" % (r[2] + r[3]), "%.1f MiB" % (r[1] / 1024), "")
    say("")
    say("  small       %s %s; %s" % (" ".join(small_args),
                                      "all four strategies", describe(d)))
    if big_run is not None:
        say("  big         %s, all four strategies; %s"
            % (" ".join(big_args), describe(big_run[1])))
    else:
        say("  big         skipped (STET_BENCH_SIMULATE_BIG=0)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (GiveUp, OSError, ValueError, KeyError) as e:
        say("bench: simulate: %s" % e)
        say("bench: simulate benchmark not completed")
        sys.exit(0)
