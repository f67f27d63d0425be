"""The `stet agree` benchmark, run by tests/bench/run.sh after the label
benchmark (with /usr/bin/python3):

  agree_bench.py STET WORKDIR

It builds its own project in WORKDIR: 5 annotators x 200,000 items x 10
labels, every annotator labelling every item (1,000,000 annotations;
STET_BENCH_AGREE_P=0.8 leaves 20% out at random), fixed seed, each
annotator's labels in sessions of 2,000 (100 sessions each, as labeling
comes in sittings: the report has a row per session). Each
item has a latent true label (drawn from a skewed distribution over the
10 labels); an annotator gives it with probability 0.62 to 0.78 (one
figure per annotator) and otherwise a uniformly random label, so the
kappas are neither 0 nor 1. The project is made with `stet init`,
`stet import` (items) and `stet import-annotations`; both imports are
timed and reported, not judged.

It then reports, in one table:

  - `stet agree PROJECT --format json`: wall time (time.perf_counter
    around the child) and peak RSS (os.wait4's ru_maxrss), the median
    of 3 runs after a warm-up run, with its CPU time (user + system:
    on a busy machine the steadier figure); target < 0.25 s;
  - the same on a project of a tenth of the items (20,000, the same
    annotators, labels and sessions of 2,000): the ratio of the CPU
    times, which is about 10 when the time grows linearly with the
    annotations and about 100 when it grows with their square;
  - the reference: /usr/bin/python3 running this file with --reference,
    end to end (interpreter start, imports of numpy, sklearn and
    statsmodels, reading the annotations as JSONL with json.loads,
    building the item x annotator matrix, sklearn's cohen_kappa_score
    for each of the 10 pairs on the items both labelled, statsmodels'
    fleiss_kappa on the items all 5 labelled, via aggregate_raters), one
    run; target: stet / reference < 0.1.

Checked: stet's 10 pairwise kappas (and their item counts) against
sklearn's, to 1e-9. statsmodels' fleiss_kappa needs the same number of
values on every item, so it is computed on the complete items only and
is not stet's fleiss_kappa (all items, Gwet's generalisation for unequal
numbers of values, as irrCAC computes it); stet's is checked, outside
the timed reference, against that formula written in numpy.

Like the other benchmarks it reports and never fails: the exit status
is 0 whatever the figures.

Environment (all optional):
  STET_BENCH_AGREE_ITEMS  items (default 200000)
  STET_BENCH_AGREE_P      P(an annotator labels an item) (default 1.0)
  STET_BENCH_AGREE_SESSION  labels in a session (default 2000)
  STET_BENCH_AGREE_RUNS   timed stet agree runs (default 3)
  STET_BENCH_SEED         generator seed (default 20240601)
"""
import json
import os
import random
import statistics
import subprocess
import sys
import time

ANNOTATORS = ["alice", "bob", "carol", "dave", "erin"]
ACCURACY = [0.78, 0.74, 0.70, 0.66, 0.62]  # P(annotator gives the true label)
NLABELS = 10
LABELS = ["L%d" % i for i in range(NLABELS)]
# How often each label is the true one: skewed, as real label sets are.
PRIOR = [0.25, 0.18, 0.13, 0.10, 0.09, 0.07, 0.06, 0.05, 0.04, 0.03]
P_LABELLED = float(os.environ.get("STET_BENCH_AGREE_P", "1.0"))
ITEMS = int(os.environ.get("STET_BENCH_AGREE_ITEMS", "200000"))
SESSION = int(os.environ.get("STET_BENCH_AGREE_SESSION", "2000"))
SCALE = 10  # the small project has ITEMS // SCALE items
RUNS = int(os.environ.get("STET_BENCH_AGREE_RUNS", "3"))
SEED = int(os.environ.get("STET_BENCH_SEED", "20240601"))
WALL_LIMIT_S = 0.25
RATIO_LIMIT = 0.1
TOLERANCE = 1e-9
PY = "/usr/bin/python3"

WORDS = ("the a service was slow quick friendly rude great terrible order "
         "delivery price quality staff food room screen battery would not "
         "again recommend never always late early broken perfect fine okay "
         "refund support manager waited hours minutes day").split()


def say(*a):
    print(*a, flush=True)


class GiveUp(Exception):
    pass


# --- the reference: run as `python3 agree_bench.py --reference FILE` ---------

def reference(path):
    """Reads the annotations, computes the kappas; prints one JSON line
    with the values and the time of each phase."""
    t0 = time.perf_counter()
    import numpy as np
    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
    t_import = time.perf_counter()

    items, raters, labels = {}, {}, {}
    rows, cols, vals = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            i = items.setdefault(rec["item"], len(items))
            r = raters.setdefault(rec["annotator"], len(raters))
            lab = labels.setdefault(rec["label"], len(labels))
            rows.append(i)
            cols.append(r)
            vals.append(lab)
    t_read = time.perf_counter()
    m = np.full((len(items), len(raters)), -1, dtype=np.int64)
    # The last record for an (item, annotator) stands, as in stet.
    m[np.asarray(rows), np.asarray(cols)] = np.asarray(vals)
    t_matrix = time.perf_counter()

    names = sorted(raters)
    pairs = {}
    for ai in range(len(names)):
        for bi in range(ai + 1, len(names)):
            a, b = raters[names[ai]], raters[names[bi]]
            both = (m[:, a] >= 0) & (m[:, b] >= 0)
            k = cohen_kappa_score(m[both, a], m[both, b])
            pairs["%s|%s" % (names[ai], names[bi])] = {
                "kappa": float(k), "items": int(both.sum())}
    t_cohen = time.perf_counter()
    complete = m[(m >= 0).all(axis=1)]
    table, _ = aggregate_raters(complete, n_cat=len(labels))
    fk = float(fleiss_kappa(table, method="fleiss"))
    t_fleiss = time.perf_counter()
    print(json.dumps({
        "cohen_kappa": pairs, "fleiss_kappa_complete": fk,
        "complete_items": int(complete.shape[0]),
        "records": len(vals), "items": len(items),
        "phases": {"import": t_import - t0, "read": t_read - t_import,
                   "matrix": t_matrix - t_read, "cohen": t_cohen - t_matrix,
                   "fleiss": t_fleiss - t_cohen, "total": t_fleiss - t0}}))
    return 0


# --- the data -----------------------------------------------------------------

def generate(workdir, nitems=ITEMS, tag="agree"):
    """Writes TAG-items.jsonl and TAG-ann.jsonl; returns their paths
    and the number of annotations."""
    rng = random.Random(SEED)
    items_path = os.path.join(workdir, "%s-items.jsonl" % tag)
    ann_path = os.path.join(workdir, "%s-ann.jsonl" % tag)
    ids = ["i%06d" % (n + 1) for n in range(nitems)]
    with open(items_path, "w", encoding="utf-8") as f:
        for iid in ids:
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 24)))
            f.write(json.dumps({"id": iid, "text": text}) + "\n")
    truth = rng.choices(range(NLABELS), weights=PRIOR, k=nitems)
    start = 1717200000  # 2024-06-01T00:00:00Z
    n = 0
    with open(ann_path, "w", encoding="utf-8") as f:
        for a, name in enumerate(ANNOTATORS):
            t_ms = (start + 3600 * a) * 1000
            acc = ACCURACY[a]
            out = []
            for i, iid in enumerate(ids):
                if rng.random() >= P_LABELLED:
                    continue
                lab = truth[i] if rng.random() < acc else rng.randrange(NLABELS)
                dur = rng.randint(400, 9000)
                t_ms += dur + rng.randint(50, 400)
                s, ms = divmod(t_ms, 1000)
                out.append('{"item": "%s", "annotator": "%s", "label": "%s", '
                           '"session": "%s-%d", "time": "%s.%03dZ", "duration_ms": %d}\n'
                           % (iid, name, LABELS[lab], name, 1 + len(out) // SESSION,
                              time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s)),
                              ms, dur))
            n += len(out)
            f.writelines(out)
    return items_path, ann_path, n


# --- measuring ------------------------------------------------------------------

def timed(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd once: (wall s, peak RSS KiB, user s, sys s, status,
    stderr). The rusage is os.wait4's: exactly the child's."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    errdata = p.stderr.read()  # small: only messages
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    p.stderr.close()
    return (wall, ru.ru_maxrss, ru.ru_utime, ru.ru_stime, p.returncode,
            errdata.decode("utf-8", "replace"))


def run_stet(argv, what):
    r = timed(argv)
    if r[4] != 0:
        raise GiveUp("%s failed (status %d): %s" % (what, r[4], r[5].strip()[:300]))
    return r


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 20):
            pass


def fleiss_generalised(ratings):
    """Gwet's generalisation of Fleiss' kappa to unequal numbers of
    values (irrCAC fleiss.kappa.raw), in numpy: the formula stet
    documents, to check its fleiss_kappa (not part of the reference)."""
    import numpy as np
    m = ratings
    counts = np.stack([(m == c).sum(axis=1) for c in range(NLABELS)], axis=1)
    r = counts.sum(axis=1)
    rated, two = r >= 1, r >= 2
    pa = ((counts[two] * (counts[two] - 1)).sum(axis=1)
          / (r[two] * (r[two] - 1))).mean()
    pi = (counts[rated] / r[rated][:, None]).mean(axis=0)
    pe = (pi ** 2).sum()
    return float((pa - pe) / (1 - pe))


def read_matrix(ann_path):
    import numpy as np
    items, raters = {}, {}
    rows, cols, vals = [], [], []
    lab_of = {l: i for i, l in enumerate(LABELS)}
    with open(ann_path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            rows.append(items.setdefault(rec["item"], len(items)))
            cols.append(raters.setdefault(rec["annotator"], len(raters)))
            vals.append(lab_of[rec["label"]])
    m = np.full((len(items), len(raters)), -1, dtype=np.int64)
    m[np.asarray(rows), np.asarray(cols)] = np.asarray(vals)
    return m


def agree_runs(stet, project, out_path):
    """RUNS timed runs of stet agree --format json after a warm-up."""
    cmd = [stet, "agree", project, "--format", "json"]
    runs = []
    for i in range(RUNS + 1):
        with open(out_path, "wb") as out:
            r = timed(cmd, stdout=out)
        if r[4] != 0:
            raise GiveUp("stet agree failed (status %d): %s" % (r[4], r[5].strip()[:300]))
        if i > 0:
            runs.append(r)
    return runs


def row(*a):
    say("%-34s %12s  %-26s %6s  %-8s %s" % a)


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def main(argv):
    if len(argv) == 3 and argv[1] == "--reference":
        return reference(argv[2])
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 0
    stet, workdir = argv[1:]
    t_all = time.monotonic()
    say("")
    say("stet agree benchmark")
    say("  load        %s (1, 5, 15 min: other work on the machine skews the figures)"
        % loadavg())

    t = time.monotonic()
    items_path, ann_path, nann = generate(workdir)
    say("  data        %d items, %d annotators, %d labels, %d annotations"
        " (%.1f%% of %d; P(labelled) %.1f), seed %d; generated in %.1f s"
        % (ITEMS, len(ANNOTATORS), NLABELS, nann,
           100.0 * nann / (ITEMS * len(ANNOTATORS)), ITEMS * len(ANNOTATORS),
           P_LABELLED, SEED, time.monotonic() - t))
    say("              annotators give the latent true label with P %s, else a random one"
        % "/".join("%.2f" % a for a in ACCURACY))

    project = os.path.join(workdir, "agree.stet")
    run_stet([stet, "init", project, "--labels", ",".join(LABELS)], "stet init")
    say("bench: stet import of %d items, then import-annotations of %d records ..."
        % (ITEMS, nann))
    warm(items_path)
    imp_items = run_stet([stet, "import", project, items_path], "stet import")
    warm(ann_path)
    imp_ann = run_stet([stet, "import-annotations", project, ann_path],
                       "stet import-annotations")
    proj_bytes = os.path.getsize(project) if os.path.isfile(project) else 0
    # The imports left the project dirty in the page cache; let its
    # writeback happen before, not during, the measurements.
    os.sync()

    say("bench: stet agree --format json, median of %d runs after a warm-up ..." % RUNS)
    out_path = os.path.join(workdir, "agree.json")
    runs = agree_runs(stet, project, out_path)
    with open(out_path, encoding="utf-8") as f:
        got = json.load(f)
    walls = [r[0] for r in runs]
    agree_s = statistics.median(walls)
    agree_cpu = statistics.median(r[2] + r[3] for r in runs)
    agree_kb = max(r[1] for r in runs)
    mid = sorted(runs, key=lambda r: r[0])[len(runs) // 2]

    # The same on a tenth of the items: how the time grows.
    small_n = max(1, ITEMS // SCALE)
    s_items, s_ann, s_nann = generate(workdir, small_n, "agree-small")
    small = os.path.join(workdir, "agree-small.stet")
    run_stet([stet, "init", small, "--labels", ",".join(LABELS)], "stet init")
    run_stet([stet, "import", small, s_items], "stet import")
    run_stet([stet, "import-annotations", small, s_ann], "stet import-annotations")
    os.sync()
    say("bench: the same on %d items (%d annotations) ..." % (small_n, s_nann))
    s_runs = agree_runs(stet, small, os.path.join(workdir, "agree-small.json"))
    small_cpu = statistics.median(r[2] + r[3] for r in s_runs)
    small_s = statistics.median(r[0] for r in s_runs)

    say("bench: reference: %s %s --reference (sklearn, statsmodels), one run ..."
        % (PY, os.path.basename(__file__)))
    warm(ann_path)
    ref_out = os.path.join(workdir, "agree-ref.json")
    with open(ref_out, "wb") as out:
        ref = timed([PY, os.path.abspath(__file__), "--reference", ann_path], stdout=out)
    ref_ok = ref[4] == 0
    refv = None
    if ref_ok:
        with open(ref_out, encoding="utf-8") as f:
            refv = json.load(f)
    else:
        say("bench: the reference failed (status %d): %s" % (ref[4], ref[5].strip()[-500:]))

    # --- checks (untimed) ---
    diffs = []
    if refv:
        sk = refv["cohen_kappa"]
        st = got.get("cohen_kappa", {})
        if sorted(sk) != sorted(st):
            diffs.append("pairs differ: stet %s, sklearn %s" % (sorted(st), sorted(sk)))
        for key in sorted(sk):
            s = st.get(key)
            if s is None:
                continue
            if s.get("kappa") is None or abs(s["kappa"] - sk[key]["kappa"]) > TOLERANCE:
                diffs.append("%s: stet %r, sklearn %r" % (key, s.get("kappa"), sk[key]["kappa"]))
            if s.get("items") != sk[key]["items"]:
                diffs.append("%s items: stet %r, reference %r"
                             % (key, s.get("items"), sk[key]["items"]))
        maxdiff = max((abs(st[k]["kappa"] - sk[k]["kappa"]) for k in sk
                       if k in st and st[k].get("kappa") is not None), default=float("nan"))
    fl_check = None
    try:
        fl_check = fleiss_generalised(read_matrix(ann_path))
    except Exception as e:  # numpy missing, say
        say("bench: no check of fleiss_kappa: %s: %s" % (type(e).__name__, e))

    # --- the table ---
    say("")
    row("measurement", "value", "reference", "ratio", "target", "result")
    row("-" * 34, "-" * 12, "-" * 26, "-" * 6, "-" * 8, "------")
    row("agree, %d annotations: wall" % nann, "%.3f s" % agree_s,
        "%s limit" % ("%g s" % WALL_LIMIT_S), "%.2f" % (agree_s / WALL_LIMIT_S),
        "< 1.00", "PASS" if agree_s < WALL_LIMIT_S else "MISS")
    row("agree: CPU (user + system)", "%.3f s" % agree_cpu,
        "%s limit" % ("%g s" % WALL_LIMIT_S), "%.2f" % (agree_cpu / WALL_LIMIT_S),
        "< 1.00", "PASS" if agree_cpu < WALL_LIMIT_S else "MISS")
    # Linear growth gives SCALE; allow for the fixed cost of a start.
    scale = agree_cpu / small_cpu if small_cpu > 0 else float("nan")
    row("CPU at %d / at %d annotations" % (nann, s_nann), "%.1f" % scale,
        "%d linear, %d quadratic" % (SCALE, SCALE * SCALE), "-",
        "< %d" % (2 * SCALE), "PASS" if scale < 2 * SCALE else "MISS")
    if ref_ok:
        rat = agree_s / ref[0]
        row("agree vs python3 reference", "%.3f s" % agree_s,
            "%.2f s sklearn+statsmodels" % ref[0], "%.3f" % rat,
            "< %.2f" % RATIO_LIMIT, "PASS" if rat < RATIO_LIMIT else "MISS")
    else:
        row("agree vs python3 reference", "%.3f s" % agree_s, "failed", "n/a",
            "< %.2f" % RATIO_LIMIT, "n/a")
    row("agree: peak RSS (info)", "%.1f MiB" % (agree_kb / 1024),
        ("%.1f MiB reference" % (ref[1] / 1024)) if ref_ok else "n/a",
        ("%.2f" % (agree_kb / ref[1])) if ref_ok and ref[1] else "n/a", "-", "-")
    row("import %d items (info)" % ITEMS, "%.2f s" % imp_items[0], "-", "-", "-", "-")
    row("import-annotations %d (info)" % nann, "%.2f s" % imp_ann[0], "-", "-", "-", "-")
    say("")
    say("  small       %d annotations: wall %.3f s, CPU %.3f s (medians of %d runs)"
        % (s_nann, small_s, small_cpu, RUNS))
    say("  agree       runs %s s; CPU %.2f s user + %.2f s system (the median run);"
        " output %d bytes" % (", ".join("%.3f" % w for w in walls), mid[2], mid[3],
                              os.path.getsize(out_path)))
    say("              stet: %d items, %d compared; fleiss_kappa %.6f, krippendorff_alpha %.6f"
        % (got.get("items", 0), got.get("items_compared", 0),
           got.get("fleiss_kappa") or float("nan"),
           got.get("krippendorff_alpha") or float("nan")))
    if ref_ok:
        ph = refv["phases"]
        say("  reference   %.2f s end to end: python start %.2f s, imports %.2f s, read+json.loads"
            " %.2f s, matrix %.2f s, 10 cohen_kappa_score %.2f s, fleiss %.2f s;"
            % (ref[0], ref[0] - ph["total"], ph["import"], ph["read"], ph["matrix"],
               ph["cohen"], ph["fleiss"]))
        say("              CPU %.2f s user + %.2f s system, peak RSS %.1f MiB;"
            " without start-up and imports %.2f s (stet / that: %.3f)"
            % (ref[2], ref[3], ref[1] / 1024, ph["total"] - ph["import"],
               agree_s / (ph["total"] - ph["import"])))
        say("              statsmodels fleiss_kappa %.6f on the %d items all %d annotators"
            " labelled (aggregate_raters)"
            % (refv["fleiss_kappa_complete"], refv["complete_items"], len(ANNOTATORS)))
        if refv["records"] != nann:
            say("bench: note: the reference read %d records, %d written" % (refv["records"], nann))
    say("  imports     items: %.2f s, peak RSS %.1f MiB; annotations: %.2f s (%.0f records/s),"
        " peak RSS %.1f MiB; project %d bytes"
        % (imp_items[0], imp_items[1] / 1024, imp_ann[0], nann / imp_ann[0],
           imp_ann[1] / 1024, proj_bytes))
    if refv:
        if diffs:
            say("  values      DIFFER (tolerance %g):" % TOLERANCE)
            for d in diffs:
                say("                %s" % d)
        else:
            say("  values      values agree: the %d pairwise kappas and item counts equal"
                " sklearn's (max |difference| %.1e, tolerance %g)"
                % (len(refv["cohen_kappa"]), maxdiff, TOLERANCE))
    if fl_check is not None and got.get("fleiss_kappa") is not None:
        d = abs(got["fleiss_kappa"] - fl_check)
        say("              fleiss_kappa (all items, Gwet's generalisation) against numpy:"
            " %s (|difference| %.1e)" % ("agrees" if d <= TOLERANCE else "DIFFERS", d))
    say("  load        %s at the end; the agree benchmark took %.0f s"
        % (loadavg(), time.monotonic() - t_all))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--reference":
        sys.exit(reference(sys.argv[2]))
    try:
        main(sys.argv)
    except GiveUp as e:
        say("bench: %s" % e)
        say("bench: agree benchmark not completed")
    except Exception as e:  # a benchmark reports; it never fails the build
        say("bench: agree benchmark failed: %s: %s" % (type(e).__name__, e))
        say("bench: agree benchmark not completed")
    sys.exit(0)
