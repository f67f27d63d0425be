"""stet learn --eval against scikit-learn, run by tests/cli/learn_oracle.sh:

    learn_oracle.py EVAL.json ITEMS (text|table)

EVAL.json is `stet learn --eval --format json` on a project of ITEMS
(JSONL {"id", "text"}, or a CSV table with an "id" column). The folds
are stet's, read from the JSON by each item's id, so both models are
trained and tested on the same items.

The reference: scikit-learn's LogisticRegression (L-BFGS) on features
as close to stet's as it allows. Text: HashingVectorizer word 1- and
2-grams and char_wb 3- to 5-grams (character n-grams inside word
boundaries, padded with a space: stet's n-grams also cross the spaces
between words, which no analyzer of scikit-learn does), 2^20 buckets
each, counts, the two joined and scaled to length 1, as stet scales.
Tables: numeric columns standardised (StandardScaler, fitted on the
training folds, as stet takes its statistics from them), other columns
one-hot. Its C is the best of 0.1, 1, 10 and 100 on these folds: an
optimistic reference, so that stet is held to scikit-learn tuned, not
to a default that happens to suit it or not (C = 1 is printed too).

Checks, one line each ("ok<TAB>what" or "not ok<TAB>what<TAB>detail"):
  - the folds are those stet(1) describes, made again here from the
    seed: a Fisher-Yates shuffle of the examples (in item order) by
    splitmix64, the example at place i in fold i mod k;
  - stet's accuracy, recomputed from its per-item scores, is the one it
    reports (the JSON is consistent);
  - stet beats the majority-class baseline by MARGIN (10 points);
  - stet is within TOLERANCE (2 points) of the reference.
"""
import csv
import json
import sys
import warnings

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder, StandardScaler, normalize

MARGIN = 0.10
TOLERANCE = 0.02
CS = (0.1, 1.0, 10.0, 100.0)


def say(ok, what, detail=""):
    print(("ok" if ok else "not ok") + "\t" + what +
          ("\t" + detail if detail and not ok else ""))


M64 = (1 << 64) - 1


def mix64(x):
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


def folds(n, k, seed):
    order = list(range(n))
    gen = seed
    for i in range(n - 1, 0, -1):
        j = mix64(gen) % (i + 1)
        gen = (gen + 0x9E3779B97F4A7C15) & M64
        order[i], order[j] = order[j], order[i]
    fold = [0] * n
    for place, example in enumerate(order):
        fold[example] = place % k
    return fold


def number(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


def text_features(texts):
    word = HashingVectorizer(n_features=2**20, ngram_range=(1, 2),
                             alternate_sign=False, norm=None)
    char = HashingVectorizer(n_features=2**20, analyzer="char_wb",
                             ngram_range=(3, 5), alternate_sign=False,
                             norm=None)
    return normalize(hstack([word.transform(texts),
                             char.transform(texts)]).tocsr())


def table_split(rows, cols, train, test):
    """Standardised numeric columns and one-hot others, fitted on train."""
    numeric = [c for c in cols if all(number(r[c]) for r in rows if r[c])]
    other = [c for c in cols if c not in numeric]
    num = np.array([[float(r[c]) if r[c] else np.nan for c in numeric]
                    for r in rows])
    mean = np.nanmean(num[train], axis=0)
    num = np.where(np.isnan(num), mean, num)
    scale = StandardScaler().fit(num[train])
    parts_tr, parts_te = [scale.transform(num[train])], [scale.transform(num[test])]
    if other:
        cat = np.array([[r[c] for c in other] for r in rows], dtype=object)
        enc = OneHotEncoder(handle_unknown="ignore").fit(cat[train])
        parts_tr.append(enc.transform(cat[train]).toarray())
        parts_te.append(enc.transform(cat[test]).toarray())
    return np.hstack(parts_tr), np.hstack(parts_te)


def main():
    ev = json.load(open(sys.argv[1], encoding="utf-8"))
    path, kind = sys.argv[2], sys.argv[3]
    items = ev["items"]
    ids = [it["id"] for it in items]
    y = np.array([it["labels"][0] for it in items])
    fold = np.array([it["fold"] for it in items])
    labels = ev["labels"]

    again = folds(len(items), ev["folds"], ev["seed"])
    say(again == list(fold), f"{kind}: the folds follow from the seed",
        f"{sum(a != b for a, b in zip(again, fold))} items differ")

    # The JSON is consistent: stet's accuracy from its own scores.
    top = [max(labels, key=lambda l, it=it: it["scores"][l]) for it in items]
    mine = float(np.mean(np.array(top) == y))
    say(abs(mine - ev["accuracy"]["value"]) < 1e-12,
        f"{kind}: accuracy from the items' scores is the one reported",
        f"{mine} against {ev['accuracy']['value']}")

    if kind == "text":
        by_id = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                by_id[rec["id"]] = rec["text"]
        X = text_features([by_id[i] for i in ids])
    else:
        with open(path, encoding="utf-8", newline="") as f:
            table = {r["id"]: r for r in csv.DictReader(f)}
        cols = [c for c in next(iter(table.values())) if c != "id"]
        rows = [table[i] for i in ids]

    accuracy = {}
    for C in CS:
        right = 0
        for k in range(ev["folds"]):
            train, test = fold != k, fold == k
            if kind == "text":
                Xtr, Xte = X[train], X[test]
            else:
                Xtr, Xte = table_split(rows, cols, train, test)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = LogisticRegression(C=C, max_iter=5000)
                model.fit(Xtr, y[train])
            right += int((model.predict(Xte) == y[test]).sum())
        accuracy[C] = right / len(y)
    best = max(CS, key=lambda c: accuracy[c])
    ref = accuracy[best]
    stet = ev["accuracy"]["value"]
    base = ev["majority_baseline"]
    detail = (f"stet {stet:.4f}, scikit-learn {ref:.4f} (C={best:g}; "
              f"C=1: {accuracy[1.0]:.4f}), majority class {base:.4f}")
    print(f"# {kind}: {detail}", file=sys.stderr)
    say(stet >= base + MARGIN,
        f"{kind}: stet's k-fold accuracy beats the majority class by "
        f"{MARGIN * 100:.0f} points", detail)
    say(abs(stet - ref) <= TOLERANCE,
        f"{kind}: stet's k-fold accuracy is within {TOLERANCE * 100:.0f} "
        f"points of scikit-learn's LogisticRegression on the same folds",
        detail)


main()
