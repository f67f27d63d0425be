"""Oracle for tests/cli/agree_oracle.sh: random annotation datasets, and
the agreement numbers of Debian's Python libraries to compare with those
of `stet agree --format json`.

  agree_oracle.py gen DIR    writes DIR/plan (datasets and runs for the
                             shell) and each dataset's items.jsonl and
                             ann.jsonl under DIR/<name>/
  agree_oracle.py check DIR  reads the datasets back, and each run's
                             <run>.json, .rc and .err that the shell left,
                             and prints one result a line:
                               ok<TAB>what
                               not ok<TAB>what<TAB>diagnostic...
                               skip<TAB>what<TAB>reason

The oracles: sklearn.metrics.cohen_kappa_score (Cohen's kappa, linear
and quadratic weights), statsmodels.stats.inter_rater (cohens_kappa on
the pair's table, plain and with linear and quadratic weights;
fleiss_kappa and each label's kappa where every item has the same
number of values), nltk.metrics.agreement.AnnotationTask (alpha:
Krippendorff's alpha, nominal and interval; pi: Scott's pi for two
annotators), and percent agreement, Scott's pi and label disagreements
by their definitions. Gwet's AC1 and AC2, alpha at the ordinal and
ratio levels, MASI and the session rows have no peer in these
libraries: tests/unit/test_agree.c checks them against published
worked examples and textbook formulas.
"""

import json
import math
import os
import random
import sys
from datetime import datetime, timedelta, timezone

TOL = 1e-9
NAMES = ["zoe", "alice", "mika", "bob", "ines"]  # not in sorted order

# seed: the dataset's name and generator seed. raters: how many.
# missing: the chance that an annotator leaves an item out. exact: each
# item gets exactly this many values (and no other missing). dominant:
# the share of items whose true label is the first one. runs: (level,
# annotator subset or None).
DATASETS = [
    dict(seed=11, raters=2, items=120, labels="POS,NEG,NEU", missing=0.15,
         runs=[("nominal", None)]),
    dict(seed=23, raters=3, items=80, labels="red,green,blue,amber",
         missing=0.0, runs=[("nominal", None)]),
    dict(seed=37, raters=4, items=200, labels="spam,ham,promo,phish,other",
         missing=0.30, dominant=0.7,
         runs=[("nominal", None), ("nominal", ["mika", "zoe"])]),
    dict(seed=41, raters=5, items=150, labels="A,B,C,D,E,F", exact=3,
         dominant=0.6, runs=[("nominal", None)]),
    dict(seed=53, raters=3, items=100, labels="1,2,3,4,5", missing=0.2,
         numeric=True,
         runs=[("nominal", None), ("ordinal", None), ("interval", None)]),
    dict(seed=67, raters=2, items=60, labels="10,2,1,20", missing=0.1,
         numeric=True, runs=[("ordinal", None), ("interval", None)]),
    dict(seed=79, raters=4, items=50, labels="low,medium,high,critical",
         missing=0.0, ordered=True,
         runs=[("ordinal", None), ("ordinal", ["bob", "zoe", "alice"])]),
    dict(seed=97, raters=2, items=30, labels="OK,BAD,UNSURE", missing=0.3,
         dominant=0.85, runs=[("nominal", None)]),
]


def run_id(level, subset):
    return level + ("-" + "-".join(subset) if subset else "")


def run_what(d, level, subset):
    s = "seed %d %s" % (d["seed"], level)
    if subset:
        s += " --annotators " + ",".join(subset)
    return s


# ---------------------------------------------------------------- gen

def generate(d, outdir):
    rng = random.Random(d["seed"])
    labels = d["labels"].split(",")
    raters = NAMES[:d["raters"]]
    order = labels
    if d.get("numeric"):
        order = sorted(labels, key=float)
    dom = d.get("dominant")
    skill = {r: rng.uniform(0.45, 0.85) for r in raters}
    base = datetime(2026, 11, 2, 10, 0, 0, tzinfo=timezone.utc)
    tick = [0]

    def stamp():
        tick[0] += rng.randint(200, 9000)
        t = base + timedelta(milliseconds=tick[0])
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)

    def prior():
        if dom is not None and rng.random() < dom:
            return labels[0]
        return rng.choice(labels)

    def record(item, r, label):
        return json.dumps({"item": item, "annotator": r, "label": label,
                           "session": "s-" + r, "time": stamp(),
                           "duration_ms": rng.randint(300, 20000)})

    items, recs = [], []
    for i in range(d["items"]):
        item = "it-%03d" % i
        items.append(json.dumps({"id": item, "text": "item number %d" % i}))
        truth = prior()
        if "exact" in d:
            who = set(rng.sample(raters, d["exact"]))
        else:
            who = {r for r in raters if rng.random() >= d["missing"]}
        for r in raters:
            if r not in who:
                continue
            if rng.random() < skill[r]:
                label = truth
            elif (d.get("numeric") or d.get("ordered")) and rng.random() < 0.6:
                k = order.index(truth) + rng.choice((-1, 1))
                label = order[min(max(k, 0), len(order) - 1)]
            else:
                label = prior()
            if rng.random() < 0.05:  # a first thought, changed later
                recs.append(record(item, r, rng.choice(labels)))
            recs.append(record(item, r, label))
    rng.shuffle(items)  # imported in another order than labeled
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "items.jsonl"), "w") as f:
        f.write("\n".join(items) + "\n")
    with open(os.path.join(outdir, "ann.jsonl"), "w") as f:
        f.write("\n".join(recs) + "\n")


def gen(top):
    with open(os.path.join(top, "plan"), "w") as plan:
        for d in DATASETS:
            name = "seed%d" % d["seed"]
            generate(d, os.path.join(top, name))
            plan.write("dataset %s %s\n" % (name, d["labels"]))
            for level, subset in d["runs"]:
                plan.write("run %s %s %s %s\n" % (
                    name, run_id(level, subset), level,
                    ",".join(subset) if subset else "-"))


# ---------------------------------------------------------------- check

out = []


def emit(status, what, *diag):
    out.append("\t".join((status, what) + tuple(
        str(x).replace("\t", " ").replace("\n", " | ") for x in diag)))


def isnum(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def fmt(x):
    return "%.17g" % x if isnum(x) else json.dumps(x)


def compare(what, got, want, oracle):
    """got from stet's JSON (number or None); want from the oracle, NaN
    when the oracle finds the coefficient undefined (stet: null)."""
    want = float(want)
    if math.isnan(want):
        if got is None:
            emit("ok", what)
        else:
            emit("not ok", what, "stet:   " + fmt(got),
                 "oracle: undefined (NaN), stet should print null [%s]" % oracle)
    elif isnum(got) and abs(got - want) <= TOL:
        emit("ok", what)
    else:
        emit("not ok", what, "stet:   " + fmt(got),
             "oracle: %.17g [%s]" % (want, oracle),
             "diff:   %s" % (fmt(got - want) if isnum(got) else "-"))


def expect(what, cond, *diag):
    emit("ok" if cond else "not ok", what, *([] if cond else diag))


def load_truth(dirname):
    """item -> {annotator: label}; the last record for a pair stands."""
    ratings = {}
    with open(os.path.join(dirname, "ann.jsonl")) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                ratings.setdefault(r["item"], {})[r["annotator"]] = r["label"]
    return ratings


def no_constants(name):
    raise ValueError("%s in the JSON" % name)


def try_import():
    mods = {}
    try:
        import warnings
        warnings.simplefilter("ignore")
        import numpy
        mods["numpy"] = numpy
    except ImportError as e:
        return mods, str(e)
    for key, name in (("sklearn", "sklearn.metrics"),
                      ("statsmodels", "statsmodels.stats.inter_rater"),
                      ("nltk", "nltk.metrics.agreement"),
                      ("nltk_distance", "nltk.metrics.distance")):
        try:
            mods[key] = __import__(name, fromlist=["x"])
        except ImportError as e:
            mods[key] = None
            mods[key + "_why"] = str(e)
    return mods, None


def percent_agreement(rows):
    shares = []
    for vals in rows:
        m = len(vals)
        if m < 2:
            continue
        agree = sum(vals.count(c) * (vals.count(c) - 1) for c in set(vals))
        shares.append(agree / (m * (m - 1)))
    return sum(shares) / len(shares) if shares else float("nan")


def scott_pi(x, y):
    n = len(x)
    if n == 0:
        return float("nan")
    po = sum(a == b for a, b in zip(x, y)) / n
    cats = set(x) | set(y)
    pe = sum(((x.count(c) + y.count(c)) / (2 * n)) ** 2 for c in cats)
    return (po - pe) / (1 - pe) if pe != 1 else float("nan")


def check_run(m, d, level, subset, top):
    name = "seed%d" % d["seed"]
    what = run_what(d, level, subset)
    base = os.path.join(top, name, run_id(level, subset))
    with open(base + ".rc") as f:
        rc = int(f.read().strip() or "-1")
    with open(base + ".err") as f:
        err = f.read().strip()
    expect("%s: stet agree --format json exits 0" % what, rc == 0,
           "exit status %d" % rc, "stderr: " + err[:800])
    if rc != 0:
        return
    with open(base + ".json") as f:
        text = f.read()
    try:
        o = json.loads(text, parse_constant=no_constants)
        emit("ok", "%s: the output is one JSON object with no NaN or Infinity" % what)
    except ValueError as e:
        emit("not ok", "%s: the output is one JSON object with no NaN or Infinity" % what,
             str(e), text[:800])
        return

    labels = d["labels"].split(",")
    numeric, ordered = d.get("numeric"), d.get("ordered")
    raters = subset if subset else NAMES[:d["raters"]]
    truth = load_truth(os.path.join(top, name))
    # Items with a value from the raters in the run, and those values.
    rated = {}
    for item, by in truth.items():
        vals = {r: lab for r, lab in by.items() if r in raters}
        if vals:
            rated[item] = vals
    rows = [list(v.values()) for v in rated.values()]

    # The shape of the report.
    want_keys = {"items", "items_compared", "annotators", "labels", "level",
                 "percent_agreement", "fleiss_kappa", "krippendorff_alpha",
                 "gwet_ac1", "scott_pi", "cohen_kappa", "per_label", "sessions", "notes"}
    if level != "nominal":
        want_keys.add("gwet_ac2")
    missing = sorted(want_keys - set(o))
    extra = sorted(set(o) - want_keys - {"gwet_ac2", "masi_alpha", "intervals", "sessions", "by", "slices"})
    gwet2 = ("gwet_ac2" in o) == (level != "nominal")
    expect("%s: the report has the documented keys" % what,
           not missing and not extra and gwet2,
           "missing: %s" % missing, "unexpected: %s" % extra,
           "gwet_ac2 %s at level %s" % ("present" if "gwet_ac2" in o else "absent", level))
    expect("%s: level is %s" % (what, level), o.get("level") == level,
           "stet: %s" % fmt(o.get("level")))
    expect("%s: annotators are %s" % (what, ",".join(sorted(raters))),
           sorted(o.get("annotators") or []) == sorted(raters),
           "stet: %s" % fmt(o.get("annotators")))
    want_labels = sorted(labels, key=float) if numeric else labels
    expect("%s: labels in category order %s" % (what, ",".join(want_labels)),
           o.get("labels") == want_labels, "stet: %s" % fmt(o.get("labels")))

    n1 = len(rows)
    n2 = sum(len(r) >= 2 for r in rows)
    expect("%s: items = %d items with a value" % (what, n1), o.get("items") == n1,
           "stet: %s" % fmt(o.get("items")), "expected: %d" % n1)
    expect("%s: items_compared = %d items with two or more values" % (what, n2),
           o.get("items_compared") == n2,
           "stet: %s" % fmt(o.get("items_compared")), "expected: %d" % n2)

    compare("%s: percent_agreement by its definition" % what,
            o.get("percent_agreement"), percent_agreement(rows), "definition")

    # Scott's pi: two raters only.
    if len(raters) == 2:
        a, b = raters
        both = [v for v in rated.values() if a in v and b in v]
        compare("%s: scott_pi by its definition" % what, o.get("scott_pi"),
                scott_pi([v[a] for v in both], [v[b] for v in both]), "definition")
        # NLTK's pi, on the items both labeled (it needs every coder on
        # every item): Scott's pi for two coders.
        pwhat = "%s: scott_pi vs nltk AnnotationTask.pi" % what
        if m["nltk"] is None:
            emit("skip", pwhat, "no nltk: " + m.get("nltk_why", ""))
        elif both:
            task = m["nltk"].AnnotationTask(
                data=[(r, i, v[r]) for i, v in enumerate(both) for r in (a, b)])
            try:
                want = task.pi()
            except ZeroDivisionError:
                want = float("nan")
            compare(pwhat, o.get("scott_pi"), want, "nltk AnnotationTask.pi")
    else:
        expect("%s: scott_pi is null for %d annotators" % (what, len(raters)),
               "scott_pi" in o and o["scott_pi"] is None,
               "stet: %s" % fmt(o.get("scott_pi")))

    # Krippendorff's alpha: nltk, nominal and interval.
    if level in ("nominal", "interval"):
        awhat = "%s: krippendorff_alpha vs nltk AnnotationTask.alpha (%s)" % (
            what, "binary_distance" if level == "nominal" else "interval_distance")
        if m["nltk"] is None or m["nltk_distance"] is None:
            emit("skip", awhat, "no nltk: " + m.get("nltk_why", m.get("nltk_distance_why", "")))
        else:
            ag, dist = m["nltk"], m["nltk_distance"]
            data = [(r, item, float(lab) if level == "interval" else lab)
                    for item, v in rated.items() for r, lab in v.items()]
            task = ag.AnnotationTask(
                data=data, distance=dist.interval_distance if level == "interval"
                else dist.binary_distance)
            try:
                want = task.alpha()
            except (ValueError, ZeroDivisionError):
                want = float("nan")
            compare(awhat, o.get("krippendorff_alpha"), want,
                    "nltk AnnotationTask.alpha")

    # Fleiss' kappa and the per-label kappas where every item has the
    # same number of values.
    sizes = {len(r) for r in rows}
    if len(sizes) == 1 and min(sizes) >= 2:
        k = sizes.pop()
        if m["statsmodels"] is None:
            emit("skip", "%s: fleiss_kappa vs statsmodels" % what,
                 "no statsmodels: " + m["statsmodels_why"])
        else:
            ir, np = m["statsmodels"], m["numpy"]
            index = {lab: i for i, lab in enumerate(labels)}
            table = np.zeros((len(rows), len(labels)))
            for i, r in enumerate(rows):
                for lab in r:
                    table[i, index[lab]] += 1
            compare("%s: fleiss_kappa vs statsmodels fleiss_kappa (%d values an item)" % (what, k),
                    o.get("fleiss_kappa"), ir.fleiss_kappa(table, method="fleiss"),
                    "statsmodels.stats.inter_rater.fleiss_kappa")
            pl = o.get("per_label") or {}
            for c, lab in enumerate(labels):
                binary = np.stack([table[:, c], k - table[:, c]], axis=1)
                with np.errstate(all="ignore"):
                    want = ir.fleiss_kappa(binary, method="fleiss")
                compare("%s: per_label %s kappa vs statsmodels fleiss_kappa of %s vs the rest"
                        % (what, lab, lab),
                        (pl.get(lab) or {}).get("kappa"), want,
                        "statsmodels.stats.inter_rater.fleiss_kappa")

    # Disagreeing pairs of values each label takes part in.
    pl = o.get("per_label") or {}
    dis = {lab: 0 for lab in labels}
    for r in rows:
        for i in range(len(r)):
            for j in range(i + 1, len(r)):
                if r[i] != r[j]:
                    dis[r[i]] += 1
                    dis[r[j]] += 1
    got = {lab: (pl.get(lab) or {}).get("disagreements") for lab in labels}
    expect("%s: per_label disagreements by their definition" % what,
           got == dis and set(pl) == set(labels),
           "stet:     %s" % json.dumps({k: (v or {}).get("disagreements") for k, v in pl.items()}),
           "expected: %s" % json.dumps(dis))

    # Cohen's kappa of every pair.
    ck = o.get("cohen_kappa") or {}
    pairs = sorted("|".join(sorted((raters[i], raters[j])))
                   for i in range(len(raters)) for j in range(i + 1, len(raters)))
    expect("%s: cohen_kappa has the %d pairs %s" % (what, len(pairs), " ".join(pairs)),
           sorted(ck) == pairs, "stet: %s" % " ".join(sorted(ck)))
    if level == "nominal":
        extra = [p for p, v in ck.items() if "kappa_linear" in v or "kappa_quadratic" in v]
        expect("%s: no weighted kappas at the nominal level" % what, not extra,
               "weighted kappas in: %s" % " ".join(extra))

    def num(lab):
        # the label as sklearn should order it: numbers as numbers, other
        # ordered labels by their place in the schema
        if numeric:
            return float(lab)
        return labels.index(lab) if ordered else lab

    for key in pairs:
        a, b = key.split("|")
        p = ck.get(key) or {}
        pw = "%s: cohen_kappa %s" % (what, key)
        both = [v for v in rated.values() if a in v and b in v]
        x, y = [v[a] for v in both], [v[b] for v in both]
        expect("%s items = %d labeled by both" % (pw, len(both)),
               p.get("items") == len(both), "stet: %s" % fmt(p.get("items")))
        compare("%s percent_agreement by its definition" % pw, p.get("percent_agreement"),
                sum(u == v for u, v in zip(x, y)) / len(x) if x else float("nan"),
                "definition")
        if not x:
            continue
        if m["sklearn"] is None:
            emit("skip", "%s kappa vs sklearn" % pw, "no sklearn: " + m["sklearn_why"])
        else:
            sk = m["sklearn"]
            xs, ys = [num(u) for u in x], [num(v) for v in y]
            compare("%s kappa vs sklearn cohen_kappa_score" % pw, p.get("kappa"),
                    sk.cohen_kappa_score(xs, ys), "sklearn.metrics.cohen_kappa_score")
            if level != "nominal":
                for wt in ("linear", "quadratic"):
                    compare("%s kappa_%s vs sklearn cohen_kappa_score(weights='%s')"
                            % (pw, wt, wt), p.get("kappa_" + wt),
                            sk.cohen_kappa_score(xs, ys, weights=wt),
                            "sklearn.metrics.cohen_kappa_score weights=%s" % wt)
        if m["statsmodels"] is None:
            emit("skip", "%s kappa vs statsmodels" % pw,
                 "no statsmodels: " + m["statsmodels_why"])
        else:
            ir, np = m["statsmodels"], m["numpy"]
            cats = sorted(set(x) | set(y), key=num)
            t = np.zeros((len(cats), len(cats)))
            for u, v in zip(x, y):
                t[cats.index(u), cats.index(v)] += 1
            with np.errstate(all="ignore"):
                want = ir.cohens_kappa(t, return_results=False)
            compare("%s kappa vs statsmodels cohens_kappa on the pair's table" % pw,
                    p.get("kappa"), want, "statsmodels.stats.inter_rater.cohens_kappa")
            if level != "nominal":
                # Weights by distance in the order of the categories, as
                # sklearn's: |i - j| and (i - j)^2.
                for wt in ("linear", "quadratic"):
                    with np.errstate(all="ignore"):
                        want = ir.cohens_kappa(t, wt=wt, return_results=False)
                    compare("%s kappa_%s vs statsmodels cohens_kappa(wt='%s')"
                            % (pw, wt, wt), p.get("kappa_" + wt), want,
                            "statsmodels.stats.inter_rater.cohens_kappa wt=%s" % wt)


def check(top):
    m, why = try_import()
    if why is not None:
        emit("skip", "the oracles", "no numpy: " + why)
    else:
        for d in DATASETS:
            for level, subset in d["runs"]:
                try:
                    check_run(m, d, level, subset, top)
                except Exception as e:  # a broken report must not hide the rest
                    emit("not ok", "%s: the oracle could read the report"
                         % run_what(d, level, subset), "%s: %s" % (type(e).__name__, e))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("gen", "check"):
        sys.exit("usage: agree_oracle.py gen|check DIR")
    (gen if sys.argv[1] == "gen" else check)(sys.argv[2])
