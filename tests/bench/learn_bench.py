"""The `stet learn` benchmark, run by tests/bench/run.sh after the label
benchmark, on the imported 1,000,000-item project (with /usr/bin/python3):

  learn_bench.py STET BIG.stet CORPUS.jsonl WORKDIR

It gives the project labels to learn from: 20,000 items (every 25th
from the 500,000th on, away from the items the label benchmark labels
at the front) labeled by the annotator "bench-learn" with a rule on
their words (pos when more of excellent, amazing, recommend, helpful,
fast, cheap than of terrible, disappointed, broken, slow, rude,
expensive; neg when fewer; else neutral), so there is something to
learn. The labels that stand are then what stet says they are (the
items of `stet learn --eval --folds 2 --format json`, which also shows
the rule is learned): these and the label benchmark's, if it ran. It
runs before the simulate benchmark, which labels every item: where the
two rules disagree the item is a tie there, left out of its replay.

It reports, in one table, in the same run:

  - `stet learn BIG.stet`: wall time and peak RSS (os.wait4's
    ru_maxrss), one run: it reads the standing labels, trains 5 epochs
    over 2^20 buckets, stores the model and predicts all 1,000,000
    items in one transaction; targets: RSS < 256 MiB, and time below
    the reference's (ratio < 1);
  - the reference: /usr/bin/python3 running this file with
    --reference, end to end: reading the corpus (JSONL, json.loads),
    HashingVectorizer features of the standing items (word 1- and
    2-grams and char_wb 3- to 5-grams, 2^20 buckets each, scaled to
    length 1: as close to stet's as scikit-learn allows), an
    SGDClassifier(loss="log_loss") of 5 epochs fitted on them, then the
    same features and predict_proba for all 1,000,000 items, 50,000 at a
    time (the work stet learn does); its time to the end of the fit is
    reported too, for information.

Like the other benchmarks it reports and never fails: the exit status
is 0 whatever the figures. STET_BENCH_LEARN_LABELS sets the number of
rule labels (default 20000).
"""
import json
import os
import re
import subprocess
import sys
import time

POS = {"excellent", "amazing", "recommend", "helpful", "fast", "cheap"}
NEG = {"terrible", "disappointed", "broken", "slow", "rude", "expensive"}
RSS_LIMIT_MB = 256
CHUNK = 50000


def rule(text):
    words = re.findall(r"\w+", text.lower())
    p = sum(w in POS for w in words)
    q = sum(w in NEG for w in words)
    return "pos" if p > q else "neg" if q > p else "neutral"


def timed(cmd, out=None):
    """(wall seconds, peak RSS KiB, exit status) of one run of cmd."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out or subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        print("bench: %s failed: %s" % (cmd[0], err.strip()[:500]))
    return wall, ru.ru_maxrss, proc.returncode


def reference(corpus, standing):
    """Run with --reference: the scikit-learn side, end to end."""
    import warnings

    import numpy as np
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.preprocessing import normalize

    t0 = time.perf_counter()
    with open(standing, encoding="utf-8") as f:
        labels = json.load(f)
    ids, texts = [], []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            ids.append(rec["id"])
            texts.append(rec["text"])
    word = HashingVectorizer(n_features=2**20, ngram_range=(1, 2),
                             alternate_sign=False, norm=None)
    char = HashingVectorizer(n_features=2**20, analyzer="char_wb",
                             ngram_range=(3, 5), alternate_sign=False,
                             norm=None)

    def features(batch):
        return normalize(hstack([word.transform(batch),
                                 char.transform(batch)]).tocsr())

    at = {i: n for n, i in enumerate(ids)}
    rows = [at[i] for i in labels]
    X = features([texts[r] for r in rows])
    y = np.array(list(labels.values()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = SGDClassifier(loss="log_loss", max_iter=5, tol=None,
                              random_state=1).fit(X, y)
    fitted = time.perf_counter() - t0
    counts = np.zeros(len(model.classes_), dtype=np.int64)
    for start in range(0, len(texts), CHUNK):
        p = model.predict_proba(features(texts[start:start + CHUNK]))
        counts += np.bincount(p.argmax(axis=1), minlength=len(counts))
    print(json.dumps({"fit_s": fitted, "examples": len(rows),
                      "predicted": int(counts.sum())}))


def main(argv):
    if len(argv) == 4 and argv[1] == "--reference":
        reference(argv[2], argv[3])
        return 0
    if len(argv) != 5:
        sys.stderr.write(__doc__)
        return 0
    stet, big, corpus, workdir = argv[1:]
    want = int(os.environ.get("STET_BENCH_LEARN_LABELS", "20000"))
    print()
    print("stet learn benchmark")

    ann = os.path.join(workdir, "learn-labels.jsonl")
    made = 0
    with open(corpus, encoding="utf-8") as f, \
            open(ann, "w", encoding="utf-8") as out:
        for n, line in enumerate(f):
            if n < 500000 or (n - 500000) % 25 or made >= want:
                continue
            rec = json.loads(line)
            out.write(json.dumps({"item": rec["id"],
                                  "annotator": "bench-learn",
                                  "label": rule(rec["text"])}) + "\n")
            made += 1
    if subprocess.call([stet, "import-annotations", big, ann],
                       stdout=subprocess.DEVNULL) != 0:
        print("bench: stet import-annotations of the rule labels failed")
        return 0

    # What stands, as stet has it; and how well the rule is learned.
    ev_path = os.path.join(workdir, "learn-eval.json")
    with open(ev_path, "w") as out:
        if subprocess.call([stet, "learn", big, "--eval", "--folds", "2",
                            "--format", "json"], stdout=out) != 0:
            print("bench: stet learn --eval failed")
            return 0
    with open(ev_path, encoding="utf-8") as f:
        ev = json.load(f)
    standing = {it["id"]: it["labels"][0] for it in ev["items"]}
    st_path = os.path.join(workdir, "learn-standing.json")
    with open(st_path, "w", encoding="utf-8") as f:
        json.dump(standing, f)

    with open(os.path.join(workdir, "learn.out"), "w") as out:
        s_wall, s_kb, s_rc = timed([stet, "learn", big, "--format", "json"],
                                   out)
    with open(os.path.join(workdir, "learn.out")) as f:
        res = json.loads(f.read() or "{}") if s_rc == 0 else {}
    ref_out = os.path.join(workdir, "learn-ref.out")
    with open(ref_out, "w") as out:
        r_wall, r_kb, r_rc = timed([sys.executable, os.path.abspath(__file__),
                                    "--reference", corpus, st_path], out)
    with open(ref_out) as f:
        ref = json.loads(f.read() or "{}") if r_rc == 0 else {}

    def row(*cols):
        print("%-34s %12s  %-30s %6s  %-8s %s" % cols)

    print()
    row("measurement", "value", "reference", "ratio", "target", "result")
    row("-" * 34, "-" * 12, "-" * 30, "-" * 6, "-" * 8, "------")
    ratio = s_wall / r_wall if s_rc == 0 and r_rc == 0 and r_wall > 0 else None
    row("learn, %d items: wall time" % res.get("predicted", 0),
        "%.2f s" % s_wall if s_rc == 0 else "failed",
        "%.2f s sklearn SGD" % r_wall if r_rc == 0 else "failed",
        "%.2f" % ratio if ratio else "n/a", "< 1.00",
        ("PASS" if ratio < 1 else "MISS") if ratio else "n/a")
    mb = s_kb / 1024
    row("learn: peak RSS", "%.1f MiB" % mb, "%d MiB limit" % RSS_LIMIT_MB,
        "%.2f" % (mb / RSS_LIMIT_MB), "< 1.00",
        "PASS" if mb < RSS_LIMIT_MB else "MISS")
    print()
    print("  standing    %d examples (%s); 2-fold accuracy %.3f, macro-F1 "
          "%.3f, majority class %.3f" % (
              len(standing), ", ".join("%s %d" % (k, v["support"]) for k, v
                                       in ev["per_label"].items()),
              ev["accuracy"]["value"], ev["macro_f1"]["value"],
              ev["majority_baseline"]))
    if res:
        print("  stet        version %d, %d rows stored, %d items predicted"
              % (res["version"], res["rows"], res["predicted"]))
    if ref:
        print("  reference   %s; fit alone (read, features, 5 epochs) "
              "%.2f s; then features and predict_proba for %d items; "
              "peak RSS %.1f MiB" % (sys.version.split()[0], ref["fit_s"],
                                     ref["predicted"], r_kb / 1024))
    print("  (one run of each: on a busy machine the times vary by 10-20%)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
