"""Oracle for tests/cli/span_agree_oracle.sh: random span studies of fixed
seeds, run through tests/cli/span_agree_fit (the C arithmetic of
stet/span_agree.h), and held against

  - sklearn.metrics.cohen_kappa_score on the IOB2 tags of each pair's
    tokens, over all tokens of the items both marked and over the tokens
    either tagged other than O (the tags made here, by the rule the
    header documents: earlier span first, then the longer, then the
    lower label; a later span tags only free tokens, B first);
  - exact and partial span counts by their definitions (the partial
    matching greedy, largest overlap first, ties as documented);
  - Krippendorff's unitizing alpha by the segment walk of Krippendorff
    (2004, ch. 11) in exact fractions, over each item's own segments,
    on the items every annotator marked.

  span_agree_oracle.py FIT DIR   prints one result a line:
                                   ok<TAB>what
                                   not ok<TAB>what<TAB>diagnostic
"""

import json
import math
import os
import random
import subprocess
import sys
from fractions import Fraction

import warnings

from sklearn.metrics import cohen_kappa_score

TOL = 1e-9

# seed, annotators, labels, items, chance an annotator leaves an item out
DATASETS = [
    (101, 2, 3, 40, 0.0),
    (202, 3, 4, 60, 0.2),
    (303, 4, 2, 50, 0.3),
    (404, 2, 1, 30, 0.0),
    (505, 3, 6, 80, 0.1),
]


def make(seed, raters, labels, nitems, missing):
    rnd = random.Random(seed)
    items = []
    for _ in range(nitems):
        ntok = rnd.randint(0, 14)
        length = 4 * ntok + rnd.randint(0, 3)
        truth = []
        t = 0
        while t < ntok:
            if rnd.random() < 0.35:
                w = rnd.randint(1, 3)
                truth.append((t, min(ntok, t + w), rnd.randrange(labels)))
                t += w + 1
            else:
                t += 1
        sets = []
        for _ in range(raters):
            if rnd.random() < missing:
                sets.append(None)
                continue
            mine = []
            for ts, te, lab in truth:
                if rnd.random() < 0.15:
                    continue
                if rnd.random() < 0.1:
                    lab = rnd.randrange(labels)
                if rnd.random() < 0.15 and te - ts > 1:
                    te -= 1
                elif rnd.random() < 0.1 and te < ntok:
                    te += 1
                mine.append((ts, te, lab))
            if ntok and rnd.random() < 0.3:
                ts = rnd.randrange(ntok)
                mine.append((ts, min(ntok, ts + rnd.randint(1, 4)),
                             rnd.randrange(labels)))
            spans = []
            for ts, te, lab in mine:
                start, end = 4 * ts, 4 * te - 1
                # now and then an imported span that cuts its last token
                if rnd.random() < 0.1 and end - start > 1:
                    end -= 1
                spans.append([start, end, lab, ts, te])
            sets.append(spans)
        items.append({"length": length, "ntokens": ntok, "sets": sets})
    return {"raters": raters, "labels": labels, "items": items}


def unique(spans):
    seen, out = set(), []
    for s in spans:
        if s[0] < s[1] and (s[2], s[0], s[1]) not in seen:
            seen.add((s[2], s[0], s[1]))
            out.append(s)
    return out


def iob2(spans, ntok):
    tags = [0] * ntok
    for start, end, lab, ts, te in sorted(unique(spans),
                                          key=lambda s: (s[3], -s[4], s[2])):
        run = False
        for t in range(ts, min(te, ntok)):
            if tags[t]:
                run = False
                continue
            tags[t] = (2 if run else 1) + 2 * lab
            run = True
    return tags


def counts(a, b):
    a, b = unique(a), unique(b)
    ka = {(s[0], s[1], s[2]) for s in a}
    kb = {(s[0], s[1], s[2]) for s in b}
    exact = len(ka & kb)
    cand = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            ov = min(x[1], y[1]) - max(x[0], y[0])
            if x[2] == y[2] and ov > 0:
                cand.append((-ov, x[0], y[0], x[1], y[1], i, j))
    cand.sort()
    ua, ub, partial = set(), set(), 0
    for c in cand:
        if c[5] in ua or c[6] in ub:
            continue
        ua.add(c[5])
        ub.add(c[6])
        partial += 1
    return len(a), len(b), exact, partial


def units(spans, lab, length):
    """An annotator's units of one label: overlapping spans joined."""
    out = []
    for s, e in sorted((s[0], s[1]) for s in unique(spans)
                       if s[2] == lab and s[1] <= length):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def segments(us, length):
    """(start, end, is_unit) covering [0, length)."""
    out, at = [], 0
    for s, e in us:
        if s > at:
            out.append((at, s, False))
        out.append((s, e, True))
        at = e
    if at < length:
        out.append((at, length, False))
    return out


def dist(x, y):
    if x[2] and y[2]:
        return (x[0] - y[0]) ** 2 + (x[1] - y[1]) ** 2
    if x[2] and not y[2] and y[0] <= x[0] and x[1] <= y[1]:
        return (x[1] - x[0]) ** 2
    if y[2] and not x[2] and x[0] <= y[0] and y[1] <= x[1]:
        return (y[1] - y[0]) ** 2
    return 0


def ualpha(study):
    R, C = study["raters"], study["labels"]
    its = [it for it in study["items"]
           if it["length"] > 0 and all(s is not None for s in it["sets"])]
    L = sum(it["length"] for it in its)
    per = {}
    for c in range(C):
        observed, lens, gaps = 0, [], []
        for it in its:
            segs = [segments(units(s, c, it["length"]), it["length"])
                    for s in it["sets"]]
            for sg in segs:
                lens += [e - s for s, e, u in sg if u]
                gaps += [e - s for s, e, u in sg if not u]
            for r1 in range(R):
                for r2 in range(r1 + 1, R):
                    for x in segs[r1]:
                        for y in segs[r2]:
                            if x[0] < y[1] and y[0] < x[1]:
                                observed += dist(x, y)
        if not lens:
            continue
        n = len(lens)
        d_o = Fraction(2 * observed, R * (R - 1) * L * L)
        tot = Fraction(0)
        for l in lens:
            tot += Fraction((n - 1) * (2 * l ** 3 - 3 * l ** 2 + l), 3)
            tot += l * l * sum(g - l + 1 for g in gaps if g >= l)
        d_e = tot * Fraction(2, L) / (R * L * (R * L - 1) -
                                      sum(l * (l - 1) for l in lens))
        per[c] = (d_o, d_e)
    if not per:
        return None, {}, len(its)
    mo = sum(v[0] for v in per.values())
    me = sum(v[1] for v in per.values())
    return float(1 - mo / me), per, len(its)


def close(got, want):
    if want is None or (isinstance(want, float) and math.isnan(want)):
        return got is None
    return got is not None and abs(got - want) <= TOL * max(1, abs(want))


def sk_kappa(x, y):
    if not x:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        k = cohen_kappa_score(x, y)
    return None if math.isnan(k) else float(k)


def main():
    fit, tmp = sys.argv[1], sys.argv[2]
    for seed, R, C, n, miss in DATASETS:
        name = "seed %d (%d annotators, %d labels, %d items)" % (seed, R, C, n)
        study = make(seed, R, C, n, miss)
        path = os.path.join(tmp, "study%d.json" % seed)
        with open(path, "w") as f:
            json.dump(study, f)
        run = subprocess.run([fit, path], capture_output=True, text=True)
        if run.returncode != 0:
            print("not ok\t%s: span_agree_fit runs\t%s" % (name, run.stderr[:2000]))
            continue
        got = json.loads(run.stdout)
        k = 0
        kall, kmarked = [], []
        for a in range(R):
            for b in range(a + 1, R):
                p = got["pairs"][k]
                k += 1
                what = "%s: pair %d-%d" % (name, a, b)
                ta, tb, ma, mb = [], [], [], []
                na = nb = ex = pa = both = 0
                for it in study["items"]:
                    sa, sb = it["sets"][a], it["sets"][b]
                    if sa is None or sb is None:
                        continue
                    both += 1
                    x, y, e, q = counts(sa, sb)
                    na, nb, ex, pa = na + x, nb + y, ex + e, pa + q
                    ga, gb = iob2(sa, it["ntokens"]), iob2(sb, it["ntokens"])
                    ta += ga
                    tb += gb
                    for u, v in zip(ga, gb):
                        if u or v:
                            ma.append(u)
                            mb.append(v)
                want = dict(a=a, b=b, items=both, na=na, nb=nb, exact=ex,
                            partial=pa, tokens_all=len(ta),
                            tokens_marked=len(ma))
                bad = ["%s %s, want %s" % (key, p[key], v)
                       for key, v in want.items() if p[key] != v]
                print(("not ok\t%s: span counts\t%s" % (what, "; ".join(bad)))
                      if bad else "ok\t%s: span counts" % what)
                for key, x, y in (("kappa_all", ta, tb),
                                  ("kappa_marked", ma, mb)):
                    w = sk_kappa(x, y)
                    if close(p[key], w):
                        print("ok\t%s: %s matches sklearn" % (what, key))
                    else:
                        print("not ok\t%s: %s matches sklearn\tgot %r, sklearn %r"
                              % (what, key, p[key], w))
                    if w is not None:
                        (kall if key == "kappa_all" else kmarked).append(w)
        for key, ks in (("kappa_all", kall), ("kappa_marked", kmarked)):
            w = sum(ks) / len(ks) if ks else None
            if close(got[key], w):
                print("ok\t%s: %s is the mean of the pairs'" % (name, key))
            else:
                print("not ok\t%s: %s is the mean of the pairs'\tgot %r, want %r"
                      % (name, key, got[key], w))
        alpha, per, nits = ualpha(study)
        bad = []
        if not close(got["ualpha"], alpha):
            bad.append("alpha %r, want %r" % (got["ualpha"], alpha))
        if got["ualpha_items"] != nits:
            bad.append("items %r, want %r" % (got["ualpha_items"], nits))
        for c in range(C):
            g = got["ualpha_label"][c]
            if c in per:
                d_o, d_e = per[c]
                w = (float(d_o), float(d_e), float(1 - d_o / d_e))
            else:
                w = (None, None, None)
            for key, v in zip(("d_o", "d_e", "alpha"), w):
                if not close(g[key], v):
                    bad.append("label %d %s %r, want %r" % (c, key, g[key], v))
        print(("not ok\t%s: unitizing alpha by the segment walk\t%s"
               % (name, "; ".join(bad))) if bad else
              "ok\t%s: unitizing alpha by the segment walk" % name)


main()
