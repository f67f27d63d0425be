"""5-fold accuracy of stet's learner beside scikit-learn's on the same
folds, on labeled data at hand (a report, never a test):

    /usr/bin/python3 learner_eval.py LEARNER_EVAL [DIR [OPTION...]]

LEARNER_EVAL is tests/bench/learner_eval (make bench builds it);
OPTIONs go to it (--epochs, --alpha, --l1, --l2, --bits, --seed).
With DIR, a folder of other tools' files, two text tasks from it:

  lang     sentences of Universal Dependencies treebanks, English or
           French (ud-en-ewt-test-first300.conllu,
           ud-en-ewt-dev-first300-mwt-empty.conllu, ud-fr-gsd-test
           .conllu): a task any character n-gram model should nearly
           solve
  textcat  the 117 sentences of Prodigy's binary textcat sample
           (prodigy-textcat-binary-multiannotator-dbout.jsonl), each
           labeled by its annotators' majority (accept or reject; ties
           left out): a hard, small text task

and always two tables:

  wine, breast_cancer
           scikit-learn's own copies of the UCI tables (numeric
           columns): the table path, standardised numbers

The reference: LogisticRegression (L-BFGS, C = 1) on HashingVectorizer
features of the same kinds (word 1-2-grams and character 3-5-grams,
2^20 buckets, counts scaled to length 1) for text, on StandardScaler
columns for tables. stet: the defaults of stet_learner_params_default,
5 epochs.
"""
import collections
import json
import os
import subprocess
import sys
import warnings

import numpy as np
from scipy.sparse import hstack
from sklearn import datasets
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler, normalize

FOLDS = 5


def conllu_texts(path):
    with open(path, encoding="utf-8") as f:
        return [line[len("# text = "):].strip() for line in f
                if line.startswith("# text = ")]


def lang(interop):
    items = []
    for name in ("ud-en-ewt-test-first300.conllu",
                 "ud-en-ewt-dev-first300-mwt-empty.conllu"):
        items += [("en", t) for t in conllu_texts(os.path.join(interop, name))]
    items += [("fr", t) for t in
              conllu_texts(os.path.join(interop, "ud-fr-gsd-test.conllu"))]
    return items


def textcat(interop):
    votes = collections.defaultdict(collections.Counter)
    path = os.path.join(interop, "prodigy-textcat-binary-multiannotator-dbout.jsonl")
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("answer") in ("accept", "reject"):
                votes[rec["text"]][rec["answer"]] += 1
    items = []
    for text, c in votes.items():
        (top, n1), *rest = c.most_common()
        if not rest or rest[0][1] < n1:
            items.append((top, text))
    return items


def table(loader):
    d = loader()
    return [(str(y), [f"{n}={v!r}" for n, v in zip(d.feature_names, row)])
            for row, y in zip(d.data, d.target)]


def folds_of(n):
    rng = np.random.default_rng(20240601)
    return rng.permutation(n) % FOLDS


def text_features(texts):
    word = HashingVectorizer(n_features=2**20, ngram_range=(1, 2),
                             alternate_sign=False, norm=None)
    char = HashingVectorizer(n_features=2**20, analyzer="char",
                             ngram_range=(3, 5), alternate_sign=False,
                             norm=None)
    return normalize(hstack([word.transform(texts),
                             char.transform(texts)]).tocsr())


def reference(items, fold, is_table):
    y = np.array([label for label, _ in items])
    if is_table:
        X = np.array([[float(c.split("=", 1)[1]) for c in cells]
                      for _, cells in items])
    else:
        X = text_features([t for _, t in items])
    acc = []
    for k in range(FOLDS):
        train, test = fold != k, fold == k
        Xtr, Xte = X[train], X[test]
        if is_table:
            scale = StandardScaler().fit(Xtr)
            Xtr, Xte = scale.transform(Xtr), scale.transform(Xte)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = LogisticRegression(max_iter=5000).fit(Xtr, y[train])
        acc.append((model.predict(Xte) == y[test]).mean())
    return float(np.mean(acc))


def stet(binary, items, fold, is_table, extra):
    lines = []
    for (label, content), k in zip(items, fold):
        body = "\t".join(content) if is_table else content.replace("\t", " ")
        lines.append(f"{k}\t{label}\t{body}")
    args = [binary] + (["--table"] if is_table else []) + extra
    out = subprocess.run(args, input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True).stdout
    return float(out.splitlines()[-1].split()[-1])


def main():
    binary = sys.argv[1]
    interop = sys.argv[2] if len(sys.argv) > 2 else None
    extra = sys.argv[3:]
    sets = []
    if interop is not None:
        sets += [("lang", lang(interop), False),
                 ("textcat", textcat(interop), False)]
    sets += [("wine", table(datasets.load_wine), True),
             ("breast_cancer", table(datasets.load_breast_cancer), True)]
    print(f"{'data':<14} {'items':>6} {'majority':>9} {'stet':>7} "
          f"{'sklearn':>8}")
    for name, items, is_table in sets:
        fold = folds_of(len(items))
        counts = collections.Counter(label for label, _ in items)
        majority = max(counts.values()) / len(items)
        ours = stet(binary, items, fold, is_table, extra)
        ref = reference(items, fold, is_table)
        print(f"{name:<14} {len(items):>6} {majority:>9.3f} {ours:>7.3f} "
              f"{ref:>8.3f}")


main()
