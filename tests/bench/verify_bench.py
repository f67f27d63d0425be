"""The `stet verify` benchmark (with /usr/bin/python3):

  verify_bench.py STET WORKDIR

It builds its own project in WORKDIR: 100,000 items and 1,000,000
label events, made with `stet init`, `stet import` (the items) and
`stet import-annotations` (generated JSONL, fixed seed): 10 annotators,
one session each, each labelling every item once, then about a tenth of
those labels again (a changed mind, so that `current` holds fewer values
than there are events). Both imports are timed and reported, not judged.

It then reports, in one table row: the wall time of `stet verify
PROJECT` (time.perf_counter around the child), the median of 3 runs
after a warm-up run, with its peak RSS (os.wait4's ru_maxrss); target
< 2 s. The check must have said the project verifies (exit 0, "hash
chain intact") for the figure to count.

Like the other benchmarks it reports and never fails: the exit status
is 0 whatever the figures.

Environment (all optional):
  STET_BENCH_VERIFY_EVENTS  events (default 1000000)
  STET_BENCH_VERIFY_RUNS    timed runs (default 3)
  STET_BENCH_SEED           generator seed (default 20240601)
"""
import os
import random
import statistics
import subprocess
import sys
import time

EVENTS = int(os.environ.get("STET_BENCH_VERIFY_EVENTS", "1000000"))
RUNS = int(os.environ.get("STET_BENCH_VERIFY_RUNS", "3"))
SEED = int(os.environ.get("STET_BENCH_SEED", "20240601"))
ANNOTATORS = 10
LABELS = ["L%d" % i for i in range(10)]
REDO = 0.1  # share of labels given a second time
WALL_LIMIT_S = 2.0


def say(*a):
    print(*a, flush=True)


class GiveUp(Exception):
    pass


def run(argv, what):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if p.returncode != 0:
        raise GiveUp("%s failed (exit %d): %s" % (what, p.returncode,
                                                  p.stderr.strip()[:300]))
    return p.stdout


def timed(argv):
    """(wall seconds, exit status, stdout) of one run."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, _ = p.communicate()
    t = time.perf_counter() - t0
    return t, p.returncode, out.decode("utf-8", "replace")


def peak_rss_kb(argv):
    """Peak RSS in KiB and exit status of one more run, alone."""
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    return ru.ru_maxrss, os.waitstatus_to_exitcode(status)


def build(stet, work):
    rng = random.Random(SEED)
    per = EVENTS / (ANNOTATORS * (1 + REDO))
    items = max(1, int(per))
    items_path = os.path.join(work, "verify-items.jsonl")
    ann_path = os.path.join(work, "verify-ann.jsonl")
    proj = os.path.join(work, "verify.stet")
    for p in (proj, proj + "-lock"):
        if os.path.exists(p):
            os.unlink(p)
    with open(items_path, "w", encoding="utf-8") as f:
        for i in range(items):
            f.write('{"id":"v%d","text":"item number %d of the verify bench"}\n'
                    % (i, i))
    n = 0
    base = 1798000000  # seconds; times only grow
    with open(ann_path, "w", encoding="utf-8") as f:
        a = 0
        while n < EVENTS:
            name = "ann%d" % (a % ANNOTATORS)
            for i in range(items):
                if n >= EVENTS:
                    break
                if a >= ANNOTATORS and rng.random() > REDO:
                    continue
                t = base + n
                f.write('{"item":"v%d","annotator":"%s","label":"%s",'
                        '"session":"s-%s","time":"%s","duration_ms":%d}\n'
                        % (i, name, LABELS[rng.randrange(len(LABELS))], name,
                           time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)),
                           rng.randrange(500, 9000)))
                n += 1
            a += 1
    run([stet, "init", proj, "--labels", ",".join(LABELS)], "stet init")
    t0 = time.perf_counter()
    run([stet, "import", proj, items_path], "stet import")
    t_items = time.perf_counter() - t0
    t0 = time.perf_counter()
    run([stet, "import-annotations", proj, ann_path], "stet import-annotations")
    t_ann = time.perf_counter() - t0
    os.unlink(items_path)
    os.unlink(ann_path)
    return proj, items, n, t_items, t_ann


def main():
    if len(sys.argv) != 3:
        say("usage: verify_bench.py STET WORKDIR")
        return 0
    stet, work = sys.argv[1], sys.argv[2]
    say("")
    say("stet verify benchmark")
    try:
        say("bench: building a project of %d events ..." % EVENTS)
        proj, items, n, t_items, t_ann = build(stet, work)
        say("  project     %d items, %d label events, %d annotators, seed %d"
            % (items, n, ANNOTATORS, SEED))
        say("  imports     items %.2f s, annotations %.2f s (reported, not judged)"
            % (t_items, t_ann))
        say("  file        %d bytes" % os.path.getsize(proj))
        argv = [stet, "verify", proj]
        _, rc, out = timed(argv)  # warm-up: the page cache holds the file
        if rc != 0 or "hash chain intact" not in out:
            raise GiveUp("stet verify did not verify the project (exit %d): %s"
                         % (rc, out.strip()[:300]))
        times = []
        for _ in range(RUNS):
            t, rc, out = timed(argv)
            if rc != 0:
                raise GiveUp("stet verify failed (exit %d)" % rc)
            times.append(t)
        rss_kb, _ = peak_rss_kb(argv)
    except GiveUp as e:
        say("bench: %s" % e)
        say("bench: benchmark not completed")
        return 0
    except OSError as e:
        say("bench: %s" % e)
        say("bench: benchmark not completed")
        return 0
    med = statistics.median(times)
    say("  stet said   %s" % out.strip())
    say("")

    def row(*c):
        say("%-34s %12s  %-26s %6s  %-8s %s" % c)

    row("measurement", "value", "reference", "ratio", "target", "result")
    row("-" * 34, "-" * 12, "-" * 26, "-" * 6, "-" * 8, "------")
    row("verify %d events (median of %d)" % (n, RUNS), "%.2f s" % med,
        "%.1f s limit" % WALL_LIMIT_S, "%.2f" % (med / WALL_LIMIT_S),
        "< 1.00", "PASS" if med < WALL_LIMIT_S else "MISS")
    say("")
    say("  verify      runs %s s; peak RSS %.1f MiB"
        % (", ".join("%.2f" % t for t in times), rss_kb / 1024))
    return 0


if __name__ == "__main__":
    sys.exit(main())
