"""The span agreement benchmark, run by tests/bench/run.sh (with
/usr/bin/python3):

  span_agree_bench.py SPAN_AGREE_BENCH WORKDIR [STET SPAN_SETS]

SPAN_AGREE_BENCH (tests/bench/span_agree_bench.c, built by make bench)
makes a study of 100,000 items, 3 annotators, 4 labels and about 10
spans an annotator on each item (fixed seed; STET_BENCH_SPAN_ITEMS
changes the number of items), writes it to WORKDIR/span_study.txt and
times stet's span agreement on it in memory: every pair's exact and
partial span counts overall and per label, the IOB2 tags of every token
and each pair's Cohen kappa over all tokens and over marked ones, and
Krippendorff's unitizing alpha per label and overall (the median of 5
runs, STET_BENCH_SPAN_RUNS).

This script then reads the same study and computes exactly the same
figures in pure Python (no numpy: the arithmetic as stet/span_agree.h
defines it, with the same algorithms: sorted copies, the greedy partial
matching, the gap walk for the expected disagreement), timed with
time.perf_counter around the computation alone (reading the file is
timed apart), one run. It checks that both give the same counts, and
kappas and alphas to 1e-9, and reports:

  - stet: the median wall time, and its CPU time (on a machine shared
    with other work the steadier figure: the computation runs on one
    thread); target < 1 s;
  - the pure-Python time of the same computation, wall and CPU; target:
    stet / Python < 0.1.

With STET and SPAN_SETS (tests/cli/span_sets, which saves span sets as
the span view does), the same study then goes into a project: each item
a text of 3-letter words, so that its words are the study's tokens
(STET_BENCH_SPAN_PROJECT=0 skips this); `stet agree PROJECT --format
json` is timed end to end (wall time and the CPU time of the child, the
median of 3 runs after a warm-up; it reads every set, item and event,
and adds the session rows), and its "spans" figures are checked against
the arithmetic's. Its CPU time has the issue's target, < 1 s, and is
set against two references measured in the same run: the pure-Python
CPU time of reading the study and computing the same figures (target:
stet agree / Python < 0.1), and stet's own arithmetic in memory (the
ratio says what reading the project adds). Building the project is
timed and reported, not judged.

Like the other benchmarks it reports and never fails: the exit status
is 0 whatever the figures.
"""
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import time

RATERS = 3
LABELS = 4
TOL = 1e-9


def load(path):
    items = []
    with open(path) as f:
        for line in f:
            head, *sets = line.rstrip("\n").split("|")
            length, ntok = head.split()
            parsed = []
            for s in sets:
                if s == "-":
                    parsed.append(None)
                elif s == "":
                    parsed.append([])
                else:
                    parsed.append([tuple(int(x) for x in sp.split(","))
                                   for sp in s.split(" ")])
            items.append((int(length), int(ntok), parsed))
    return items


def sorted_unique(spans):
    """(label, start, end, tok_start, tok_end), each (label, start, end)
    once, start < end, in (label, start, end) order."""
    seen = {}
    for s, e, l, ts, te in spans:
        if s < e and l < LABELS and (l, s, e) not in seen:
            seen[(l, s, e)] = (l, s, e, ts, te)
    return [seen[k] for k in sorted(seen)]


def iob2(spans, ntok):
    tags = [0] * ntok
    for l, s, e, ts, te in sorted(spans, key=lambda x: (x[3], -x[4], x[0])):
        run = False
        for t in range(ts, min(te, ntok)):
            if tags[t]:
                run = False
                continue
            tags[t] = (2 if run else 1) + 2 * l
            run = True
    return tags


def by_label(spans):
    out = {}
    for sp in spans:
        out.setdefault(sp[0], []).append(sp)
    return out


def partial(a, b):
    cand = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if y[1] >= x[2]:
                break
            ov = min(x[2], y[2]) - max(x[1], y[1])
            if ov > 0:
                cand.append((-ov, x[1], y[1], x[2], y[2], i, j))
    if not cand:
        return 0
    cand.sort()
    ua, ub, m = set(), set(), 0
    for c in cand:
        if c[5] in ua or c[6] in ub:
            continue
        ua.add(c[5])
        ub.add(c[6])
        m += 1
    return m


def units(spans, length):
    """Per label, the annotator's units: overlapping spans joined."""
    out = {}
    for l, s, e, _, _ in spans:
        if e > length:
            continue
        us = out.setdefault(l, [])
        if us and s < us[-1][1]:
            if e > us[-1][1]:
                us[-1][1] = e
        else:
            us.append([s, e])
    return out


def observed(a, b):
    d, i, j = 0, 0, 0
    ha, hb = [False] * len(a), [False] * len(b)
    while i < len(a) and j < len(b):
        if a[i][0] < b[j][1] and b[j][0] < a[i][1]:
            d += (a[i][0] - b[j][0]) ** 2 + (a[i][1] - b[j][1]) ** 2
            ha[i] = hb[j] = True
        if a[i][1] < b[j][1]:
            i += 1
        elif b[j][1] < a[i][1]:
            j += 1
        else:
            i += 1
            j += 1
    d += sum((u[1] - u[0]) ** 2 for u, h in zip(a, ha) if not h)
    d += sum((u[1] - u[0]) ** 2 for u, h in zip(b, hb) if not h)
    return d


def kappa(n, same, row, col):
    rc = sum(row[c] * col[c] for c in range(len(row)))
    if n == 0 or n * n - rc <= 0:
        return None
    return (n * same - rc) / (n * n - rc)


class Walk:
    """Counts and sums of a sorted list at or above rising lengths."""

    def __init__(self, v):
        self.v, self.k, self.bn, self.bs, self.sum = v, 0, 0, 0, sum(v)

    def at_least(self, l):
        v = self.v
        while self.k < len(v) and v[self.k] < l:
            self.bn += 1
            self.bs += v[self.k]
            self.k += 1
        return len(v) - self.bn, self.sum - self.bs


def compute(items):
    q = 1 + 2 * LABELS
    pairs = [(a, b) for a in range(RATERS) for b in range(a + 1, RATERS)]
    res = [dict(a=a, b=b, items=0, na=0, nb=0, exact=0, partial=0,
                label_exact=[0] * LABELS, label_partial=[0] * LABELS)
           for a, b in pairs]
    tabs = [[[0, 0, [0] * q, [0] * q] for _ in range(2)] for _ in pairs]
    ua_obs = [0] * LABELS
    ua_units = [[] for _ in range(LABELS)]
    ua_gaps = [[] for _ in range(LABELS)]
    ua_whole = [[] for _ in range(LABELS)]
    base = []
    L = 0
    for length, ntok, sets in items:
        srt = [sorted_unique(s) if s is not None else None for s in sets]
        lab = [by_label(s) if s is not None else None for s in srt]
        tags = [iob2(s, ntok) if s is not None and ntok else None for s in srt]
        for k, (a, b) in enumerate(pairs):
            if srt[a] is None or srt[b] is None:
                continue
            r = res[k]
            r["items"] += 1
            r["na"] += len(srt[a])
            r["nb"] += len(srt[b])
            for c in set(lab[a]) & set(lab[b]):
                xa, xb = lab[a][c], lab[b][c]
                ex = len({sp[:3] for sp in xa} & {sp[:3] for sp in xb})
                pa = partial(xa, xb)
                r["exact"] += ex
                r["partial"] += pa
                r["label_exact"][c] += ex
                r["label_partial"][c] += pa
            if ntok:
                ta, tb = tags[a], tags[b]
                t_all, t_marked = tabs[k]
                for x, y in zip(ta, tb):
                    t_all[0] += 1
                    t_all[1] += x == y
                    t_all[2][x] += 1
                    t_all[3][y] += 1
                    if x or y:
                        t_marked[0] += 1
                        t_marked[1] += x == y
                        t_marked[2][x] += 1
                        t_marked[3][y] += 1
        if length == 0 or any(s is None for s in srt):
            continue
        L += length
        base.append(length)
        us = [units(s, length) for s in srt]
        for u in us:
            for c, run in u.items():
                ua_whole[c].append(length)
                at = 0
                for s, e in run:
                    if s > at:
                        ua_gaps[c].append(s - at)
                    ua_units[c].append(e - s)
                    at = e
                if length > at:
                    ua_gaps[c].append(length - at)
        for a in range(RATERS):
            for b in range(a + 1, RATERS):
                for c in set(us[a]) | set(us[b]):
                    ua_obs[c] += observed(us[a].get(c, []), us[b].get(c, []))
    for k in range(len(pairs)):
        for name, t in zip(("kappa_all", "kappa_marked"), tabs[k]):
            res[k][name] = kappa(*t)
    base.sort()
    R = RATERS
    alphas, mo, me = [], 0.0, 0.0
    for c in range(LABELS):
        lens = sorted(ua_units[c])
        if not lens:
            alphas.append(None)
            continue
        nc = len(lens)
        wb = Walk(base)
        wg = Walk(sorted(ua_gaps[c]))
        ww = Walk(sorted(ua_whole[c]))
        num, sq = 0, 0
        for l in lens:
            cb, sb = wb.at_least(l)
            cg, sg = wg.at_least(l)
            cw, sw = ww.at_least(l)
            n = R * cb + cg - cw
            s = R * sb + sg - sw
            num += (nc - 1) * (2 * l ** 3 - 3 * l ** 2 + l) // 3 + \
                l * l * (s - (l - 1) * n)
            sq += l * (l - 1)
        d_o = 2 * ua_obs[c] / (R * (R - 1) * L * L)
        d_e = 2 / L * num / (R * L * (R * L - 1) - sq)
        alphas.append(1 - d_o / d_e if d_e > 0 else None)
        mo += d_o
        me += d_e
    ualpha = 1 - mo / me if me > 0 else None
    return dict(pairs=res, ualpha=ualpha, ualpha_label=alphas)


def close(x, y):
    if x is None or y is None:
        return x is None and y is None
    return abs(x - y) <= TOL * max(1.0, abs(y))


def compare(c, p):
    bad = []
    for pc, pp in zip(c["pairs"], p["pairs"]):
        for key in ("items", "na", "nb", "exact", "partial", "label_exact",
                    "label_partial"):
            if pc[key] != pp[key]:
                bad.append("pair %d-%d %s: stet %s, python %s"
                           % (pc["a"], pc["b"], key, pc[key], pp[key]))
        for key in ("kappa_all", "kappa_marked"):
            if not close(pc[key], pp[key]):
                bad.append("pair %d-%d %s: stet %r, python %r"
                           % (pc["a"], pc["b"], key, pc[key], pp[key]))
    if not close(c["ualpha"], p["ualpha"]):
        bad.append("ualpha: stet %r, python %r" % (c["ualpha"], p["ualpha"]))
    for k, (x, y) in enumerate(zip(c["ualpha_label"], p["ualpha_label"])):
        if not close(x, y):
            bad.append("ualpha of label %d: stet %r, python %r" % (k, x, y))
    return bad


WORDS = ["abc", "bcd", "cde", "def", "efg", "fgh", "ghi", "hij", "ijk",
         "jkl", "klm", "lmn", "mno", "nop", "opq", "pqr"]


def write_project_input(items, work, seed):
    """items.jsonl (each token a 3-letter word and a space, so ICU's
    words are the study's tokens: token t at [4t, 4t+3)) and the
    span_sets script of every set."""
    rnd = random.Random(seed)
    names = ["ann%d" % r for r in range(RATERS)]
    with open(os.path.join(work, "span_items.jsonl"), "w") as f, \
            open(os.path.join(work, "span_sets.txt"), "w") as g:
        for i, (length, ntok, sets) in enumerate(items):
            text = "".join(rnd.choice(WORDS) + " " for _ in range(ntok))
            f.write('{"id": "i%d", "text": "%s"}\n' % (i, text[:length]))
            for r, s in enumerate(sets):
                if s is None:
                    continue
                spans = " ".join("%d:%d:L%d" % (a, b, l) for a, b, l, _, _ in s)
                g.write("i%d %s %s\n" % (i, names[r], spans or "-"))


def child_run(cmd, out=None):
    """(wall seconds, CPU seconds of the child, exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    rc = subprocess.call(cmd, stdout=out or subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, rc


def end_to_end(stet, span_sets, items, c, work, seed, ref):
    """ref: CPU seconds of the references measured in this run: "python"
    (pure Python reading the study and computing, the same figures) and
    "arithmetic" (stet's computation in memory)."""
    proj = os.path.join(work, "spans.stet")
    labels = ",".join("L%d" % k for k in range(LABELS))
    write_project_input(items, work, seed)
    if subprocess.call([stet, "init", proj, "--spans", labels],
                       stdout=subprocess.DEVNULL) != 0:
        print("bench: stet init failed")
        return
    wall_i, _, rc = child_run([stet, "import", proj,
                               os.path.join(work, "span_items.jsonl")])
    if rc != 0:
        print("bench: stet import failed")
        return
    t0 = time.perf_counter()
    with open(os.path.join(work, "span_sets.txt")) as f:
        rc = subprocess.call([span_sets, proj], stdin=f)
    wall_s = time.perf_counter() - t0
    if rc != 0:
        print("bench: span_sets failed")
        return
    out = os.path.join(work, "span_agree.json")
    runs = []
    for k in range(4):
        with open(out, "w") as f:
            wall, cpu, rc = child_run([stet, "agree", proj, "--format", "json"], f)
        if rc != 0:
            print("bench: stet agree failed")
            return
        if k > 0:
            runs.append((wall, cpu))
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c_ for _, c_ in runs)
    with open(out) as f:
        sp = json.load(f)["spans"]
    na = sum(p["na"] + p["nb"] for p in c["pairs"])
    want = dict(exact_f1=2 * sum(p["exact"] for p in c["pairs"]) / na,
                partial_f1=2 * sum(p["partial"] for p in c["pairs"]) / na,
                unitizing_alpha=c["ualpha"])
    bad = ["%s: stet agree %r, arithmetic %r" % (k, sp[k], v)
           for k, v in want.items() if not close(sp[k], v)]
    kap = [p["kappa_all"] for p in c["pairs"]]
    if not close(sp["token_kappa"]["all"], sum(kap) / len(kap)):
        bad.append("token_kappa all: stet agree %r, arithmetic %r"
                   % (sp["token_kappa"]["all"], sum(kap) / len(kap)))
    print("  end to end, on a project of the same study:")
    print("  %-44s %9.3fs" % ("stet import (items, ICU words)", wall_i))
    print("  %-44s %9.3fs" % ("saving the span sets (span_sets)", wall_s))
    print("  %-44s %9.3fs" % ("stet agree --format json (median)", wall))
    print("  %-44s %9.3fs  < 1 s%s" % ("stet agree, its CPU time (median)", cpu,
                                     "" if cpu < 1 else "  MISSED"))
    py = ref["python"]
    r = cpu / py if py > 0 else float("nan")
    print("  %-44s %10.4f  < 0.1%s"
          % ("stet agree CPU / pure Python read+compute CPU", r,
             "" if r < 0.1 else "  MISSED"))
    ar = ref["arithmetic"]
    print("  %-44s %9.2fx" % ("stet agree CPU / its arithmetic's CPU",
                              cpu / ar if ar > 0 else float("nan")))
    if bad:
        print("  stet agree and the arithmetic DIFFER: " + "; ".join(bad))
    else:
        print("  stet agree gives the arithmetic's F1, u-alpha and token"
              " kappa to 1e-9")


def main():
    if len(sys.argv) not in (3, 5):
        print("usage: span_agree_bench.py SPAN_AGREE_BENCH WORKDIR [STET SPAN_SETS]",
              file=sys.stderr)
        return 0
    bench, work = sys.argv[1], sys.argv[2]
    nitems = os.environ.get("STET_BENCH_SPAN_ITEMS", "100000")
    seed = os.environ.get("STET_BENCH_SEED", "20240601")
    print("")
    print("span agreement: %s items, %d annotators, %d labels (seed %s)"
          % (nitems, RATERS, LABELS, seed))
    run = subprocess.run([bench, work, nitems, seed], capture_output=True,
                         text=True)
    if run.returncode != 0:
        print("bench: span_agree_bench failed: %s" % run.stderr[:2000])
        return 0
    figures = dict(line.split(None, 1) for line in run.stdout.splitlines())
    median, fastest = (float(x) for x in figures["time"].split())
    cpu = float(figures["cpu"])
    spans = int(figures["spans"])
    t0 = time.perf_counter()
    c0 = time.process_time()
    items = load(os.path.join(work, "span_study.txt"))
    t1 = time.perf_counter()
    c1 = time.process_time()
    py = compute(items)
    t2 = time.perf_counter()
    c2 = time.process_time()
    with open(os.path.join(work, "span_c.json")) as f:
        c = json.load(f)
    bad = compare(c, py)
    per = spans / len(items) / RATERS if items else 0
    print("  %.1f spans an annotator an item, %d spans in all" % (per, spans))
    print("  %-44s %10s  %s" % ("measure", "value", "target"))
    print("  %-44s %9.3fs  < 1 s%s" % ("stet span agreement (median of runs)",
                                     median, "" if median < 1 else "  MISSED"))
    print("  %-44s %9.3fs" % ("stet span agreement (fastest run)", fastest))
    print("  %-44s %9.3fs  < 1 s%s" % ("stet span agreement (CPU time, median)",
                                     cpu, "" if cpu < 1 else "  MISSED"))
    print("  %-44s %9.3fs" % ("pure Python, the same computation", t2 - t1))
    print("  %-44s %9.3fs" % ("pure Python, its CPU time", c2 - c1))
    print("  %-44s %9.3fs" % ("pure Python, reading the study", t1 - t0))
    ratio = median / (t2 - t1) if t2 > t1 else float("nan")
    print("  %-44s %10.4f  < 0.1%s" % ("stet / pure Python (wall)", ratio,
                                       "" if ratio < 0.1 else "  MISSED"))
    cratio = cpu / (c2 - c1) if c2 > c1 else float("nan")
    print("  %-44s %10.4f  < 0.1%s" % ("stet / pure Python (CPU)", cratio,
                                       "" if cratio < 0.1 else "  MISSED"))
    ex = sum(p["exact"] for p in c["pairs"])
    na = sum(p["na"] + p["nb"] for p in c["pairs"])
    pa = sum(p["partial"] for p in c["pairs"])
    print("  figures: exact F1 %.4f, partial F1 %.4f, token kappa (pair 0-1)"
          " all %.4f marked %.4f, u-alpha %.4f"
          % (2 * ex / na, 2 * pa / na, c["pairs"][0]["kappa_all"],
             c["pairs"][0]["kappa_marked"], c["ualpha"]))
    if bad:
        print("  stet and Python DIFFER: " + "; ".join(bad[:10]))
    else:
        print("  stet and Python agree on every count, and on every kappa"
              " and alpha to 1e-9")
    if len(sys.argv) == 5 and os.environ.get("STET_BENCH_SPAN_PROJECT", "1") != "0":
        end_to_end(sys.argv[3], sys.argv[4], items, c, work, seed,
                   dict(python=c2 - c0, arithmetic=cpu))
    return 0


sys.exit(main())
