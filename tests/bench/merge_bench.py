"""The `stet merge` benchmark (run with /usr/bin/python3):

  merge_bench.py STET WORKDIR

It builds its own project in WORKDIR: 200,000 text items (fixed seed),
and, before the clone, 400,000 annotations by four annotators (100,000
each, one session each), so that the project the merge reads has half
a million events. It then clones the project for "ana" (`stet clone`,
timed and reported), makes 100,000 events in the copy with
`stet import-annotations` (ana labelling items 100,001 to 200,000 in
one new session), and while the copy is out adds 1,000 labels by "bo"
to the main project, ten of them on items ana labels in the copy (ten
conflicts).

It then reports, in one table:

  - `stet merge MAIN COPY`: wall time (time.perf_counter around the
    child) and peak RSS (os.wait4's ru_maxrss), the median of 3 runs,
    each on a fresh copy of the main file (`cp` of MAIN.stet; the lock
    file is not needed); target < 2 s;
  - a second merge of the same copy into the merged project (every
    event already present: the uid scan alone), median of 3; reported.

Checked: the first merge says "100000 events merged (100000 already
present), 1 sessions, 10 conflicts", the second "0 events merged";
a mismatch is reported, never fatal.

Like the other benchmarks it reports and never fails: the exit status
is 0 whatever the figures.

Environment (all optional):
  STET_BENCH_MERGE_ITEMS   items (default 200000)
  STET_BENCH_MERGE_EVENTS  events made in the copy (default 100000)
  STET_BENCH_MERGE_RUNS    timed merges (default 3)
  STET_BENCH_SEED          generator seed (default 20240601)
"""
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

ITEMS = int(os.environ.get("STET_BENCH_MERGE_ITEMS", "200000"))
COPY_EVENTS = int(os.environ.get("STET_BENCH_MERGE_EVENTS", "100000"))
RUNS = int(os.environ.get("STET_BENCH_MERGE_RUNS", "3"))
SEED = int(os.environ.get("STET_BENCH_SEED", "20240601"))
BEFORE = ["ana", "bo", "cy", "dee"]
PER_ANNOTATOR = 100000
ONLINE = 1000
CONFLICTS = 10
LABELS = ["POS", "NEG", "NEU"]
WALL_LIMIT_S = 2.0

WORDS = ("the a kettle lid handle boils quick slow loud quiet broken fine "
         "great terrible support refund price colour cord water tea day "
         "week month never always again would recommend").split()


def say(*a):
    print(*a, flush=True)


class GiveUp(Exception):
    pass


def iso(ms):
    s, ms = divmod(ms, 1000)
    return "%s.%03dZ" % (time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)), ms)


def write_annotations(path, rng, who, session, items, t_ms):
    with open(path, "w", encoding="utf-8") as f:
        for i in items:
            dur = rng.randint(400, 9000)
            t_ms += dur + rng.randint(50, 400)
            f.write('{"item": "i%06d", "annotator": "%s", "label": "%s", '
                    '"session": "%s", "time": "%s", "duration_ms": %d}\n'
                    % (i, who, rng.choice(LABELS), session, iso(t_ms), dur))
    return t_ms


def generate(workdir):
    rng = random.Random(SEED)
    items = os.path.join(workdir, "merge-items.jsonl")
    with open(items, "w", encoding="utf-8") as f:
        for n in range(1, ITEMS + 1):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20)))
            f.write('{"id": "i%06d", "text": "%s %d"}\n' % (n, text, n))
    t0 = 1772438400000  # 2026-03-02T08:00:00Z
    before = []
    per = min(PER_ANNOTATOR, ITEMS)
    for k, who in enumerate(BEFORE):
        path = os.path.join(workdir, "merge-before-%s.jsonl" % who)
        write_annotations(path, rng, who, who + "-1",
                          range(1, per + 1), t0 + k * 3600000)
        before.append(path)
    first = max(1, ITEMS - COPY_EVENTS + 1)
    copy_items = [first + (n % (ITEMS - first + 1)) for n in range(COPY_EVENTS)]
    offline = os.path.join(workdir, "merge-offline.jsonl")
    write_annotations(offline, rng, "ana", "ana-offline", copy_items,
                      t0 + 86400000)
    online = os.path.join(workdir, "merge-online.jsonl")
    # bo, online meanwhile: mostly items ana does not touch, CONFLICTS
    # of them ana's, labelled by ana herself online too
    bo_items = list(range(1, ONLINE - CONFLICTS + 1))
    write_annotations(online, rng, "bo", "bo-2", bo_items, t0 + 2 * 86400000)
    ana_online = os.path.join(workdir, "merge-online-ana.jsonl")
    write_annotations(ana_online, rng, "ana", "ana-2",
                      copy_items[:CONFLICTS], t0 + 2 * 86400000 + 3600000)
    return items, before, offline, [online, ana_online]


def timed_wait4(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read()
    errdata = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stdout.close()
    p.stderr.close()
    return (wall, ru.ru_maxrss, p.returncode, out.decode("utf-8", "replace"),
            errdata.decode("utf-8", "replace"))


def run_stet(argv, what):
    r = timed_wait4(argv)
    if r[2] != 0:
        raise GiveUp("%s failed (status %d): %s" % (what, r[2], r[4].strip()[:300]))
    return r


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 20):
            pass


def bench(stet, workdir):
    say("")
    say("stet merge benchmark")
    say("  %d items; %d events before the clone (%s, %d each); %d events in the copy;"
        % (ITEMS, len(BEFORE) * min(PER_ANNOTATOR, ITEMS), ", ".join(BEFORE),
           min(PER_ANNOTATOR, ITEMS), COPY_EVENTS))
    say("  %d events on the main project meanwhile, %d conflicts; seed %d"
        % (ONLINE, CONFLICTS, SEED))
    items, before, offline, online = generate(workdir)
    main = os.path.join(workdir, "merge-main.stet")
    copy = os.path.join(workdir, "merge-copy.stet")
    base = os.path.join(workdir, "merge-base.stet")
    for p in (main, copy, base):
        for q in (p, p + "-lock"):
            if os.path.exists(q):
                os.unlink(q)
    run_stet([stet, "init", main, "--labels", ",".join(LABELS)], "stet init")
    r = run_stet([stet, "import", main, items], "stet import")
    say("bench: import of %d items: %.2f s" % (ITEMS, r[0]))
    t = 0.0
    for path in before:
        t += run_stet([stet, "import-annotations", main, path],
                      "stet import-annotations (before)")[0]
    say("bench: import-annotations before the clone: %.2f s" % t)
    r = run_stet([stet, "clone", main, copy, "--for", "ana"], "stet clone")
    clone_s, clone_kb = r[0], r[1]
    say("bench: clone: %.2f s, peak RSS %.1f MiB: %s"
        % (clone_s, clone_kb / 1024, r[3].strip()))
    r = run_stet([stet, "import-annotations", copy, offline],
                 "stet import-annotations (copy)")
    say("bench: import-annotations of %d events into the copy: %.2f s"
        % (COPY_EVENTS, r[0]))
    for path in online:
        run_stet([stet, "import-annotations", main, path],
                 "stet import-annotations (online)")
    shutil.copyfile(main, base)

    expect = ("%d events merged (%d already present), 1 sessions, %d conflicts"
              % (COPY_EVENTS, min(PER_ANNOTATOR, ITEMS), CONFLICTS))
    walls, rss, first_line = [], [], ""
    for n in range(RUNS):
        shutil.copyfile(base, main)
        lock = main + "-lock"
        if os.path.exists(lock):
            os.unlink(lock)
        warm(main)
        warm(copy)
        r = run_stet([stet, "merge", main, copy], "stet merge")
        walls.append(r[0])
        rss.append(r[1])
        first_line = r[3].splitlines()[0] if r[3] else ""
    again, again_line = [], ""
    for n in range(RUNS):
        r = run_stet([stet, "merge", main, copy], "stet merge (again)")
        again.append(r[0])
        again_line = r[3].splitlines()[0] if r[3] else ""

    med = statistics.median(walls)
    med_again = statistics.median(again)
    events_main = len(BEFORE) * min(PER_ANNOTATOR, ITEMS) + ONLINE
    say("")
    row = "%-40s %12s  %-24s %-8s %s"
    say(row % ("measurement", "value", "reference", "target", "result"))
    say(row % ("-" * 40, "-" * 12, "-" * 24, "-" * 8, "------"))
    say(row % ("merge %d events (median of %d)" % (COPY_EVENTS, RUNS),
               "%.2f s" % med, "%d events in main" % events_main,
               "< %.1f s" % WALL_LIMIT_S,
               "PASS" if med < WALL_LIMIT_S else "MISS"))
    say(row % ("merge: peak RSS", "%.1f MiB" % (max(rss) / 1024), "", "", ""))
    say(row % ("merge again, nothing new (median)", "%.2f s" % med_again,
               "uid scan alone", "", ""))
    say(row % ("clone for ana", "%.2f s" % clone_s,
               "%d items" % ITEMS, "", ""))
    say("")
    say("  merge runs   %s s" % ", ".join("%.2f" % w for w in walls))
    say("  stet said    %s" % first_line)
    if first_line != expect:
        say("bench: note: expected \"%s\"" % expect)
    if not again_line.startswith("0 events merged"):
        say("bench: note: the second merge said \"%s\"" % again_line)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 0
    stet, workdir = argv[1], argv[2]
    try:
        if not os.access(stet, os.X_OK):
            raise GiveUp("%s: not an executable" % stet)
        os.makedirs(workdir, exist_ok=True)
        bench(stet, workdir)
    except GiveUp as e:
        say("bench: %s" % e)
        say("bench: merge benchmark not completed")
    except OSError as e:
        say("bench: %s" % e)
        say("bench: merge benchmark not completed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
