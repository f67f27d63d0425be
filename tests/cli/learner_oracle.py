"""The learner against scikit-learn, run by tests/cli/learner_oracle.sh:

    learner_oracle.py LEARNER_FIT

On small problems whose labels are drawn at random (so no plane
separates them and the unregularised maximum-likelihood model is finite
and unique), stet's learner, trained without regularisation (l1 = l2 =
0, beta = 0) for many epochs, must give the probabilities of
scikit-learn's LogisticRegression without penalty fitted by L-BFGS to
tight tolerance: softmax against the multinomial model, one-vs-rest
against one binary model a label.

Why unregularised: FTRL-Proximal's l2 weighs the sum of every loss seen
over all epochs, evaluated at the weights of their time, so a model
trained with l2 > 0 does not end at the optimum of any one C of
LogisticRegression; without it, both reach the one maximum-likelihood
model, FTRL's steps shrinking as 1/sqrt(n). Measured on these problems
(2,000 epochs, alpha 0.1) the largest difference of a probability is a
few 1e-5; TOLERANCE is 1e-3, and the check that a wrong model (one-vs-
rest probabilities, renormalised, in place of softmax) differs by more
than SEPARATION = 1e-2 shows that the tolerance tells models apart.

Prints one line a check: "ok<TAB>what" or "not ok<TAB>what<TAB>detail".
"""
import subprocess
import sys
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression

TOLERANCE = 1e-3
SEPARATION = 1e-2
EPOCHS = 2000
ALPHA = 0.1


def fit(binary, k, multilabel, X, labels):
    """stet's probabilities for each row of X after training on it."""
    n, d = X.shape
    lines = [f"{k} {int(multilabel)} 4 {EPOCHS} 7 {ALPHA} 0 0 0", str(n)]
    for i in range(n):
        feats = " ".join(f"{j} {X[i, j]!r}" for j in range(d))
        labs = " ".join(str(v) for v in labels[i])
        lines.append(f"{len(labels[i])} {labs} {d} {feats}")
    lines.append(str(n))
    for i in range(n):
        lines.append(f"{d} " + " ".join(f"{j} {X[i, j]!r}" for j in range(d)))
    out = subprocess.run([binary], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True).stdout
    return np.array([[float(v) for v in line.split()]
                     for line in out.splitlines()])


def sklearn_fit(X, y, multi_class):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = LogisticRegression(penalty="none", solver="lbfgs", tol=1e-12,
                                   max_iter=100000, multi_class=multi_class)
        return model.fit(X, y)


def report(ok, what, detail=""):
    if ok:
        print(f"ok\t{what}")
    else:
        print(f"not ok\t{what}\t{detail}")


def main():
    binary = sys.argv[1]
    rng = np.random.default_rng(20240601)

    # Softmax: 3 labels, 3 features in [-1, 1], 60 items.
    X = rng.uniform(-1, 1, (60, 3)).round(3)
    y = rng.integers(0, 3, 60)
    ref = sklearn_fit(X, y, "multinomial")
    finite = np.abs(ref.coef_).max() < 10
    report(finite, "the softmax problem is not separable",
           f"sklearn's largest weight is {np.abs(ref.coef_).max():.3g}")
    got = fit(binary, 3, False, X, [[int(v)] for v in y])
    diff = np.abs(got - ref.predict_proba(X)).max()
    report(diff < TOLERANCE,
           f"softmax probabilities match sklearn's multinomial model "
           f"(largest difference {diff:.1e} < {TOLERANCE:g})",
           f"largest difference {diff:.3g}")
    ovr = sklearn_fit(X, y, "ovr").predict_proba(X)
    wrong = np.abs(got - ovr).max()
    report(wrong > SEPARATION,
           f"and differ from its one-vs-rest model by {wrong:.1e} "
           f"> {SEPARATION:g}", f"only {wrong:.3g}")

    # One-vs-rest: 2 labels drawn independently, 4 features, 80 items;
    # some items have both labels, some neither.
    X = rng.uniform(-1, 1, (80, 4)).round(3)
    Y = rng.integers(0, 2, (80, 2))
    got = fit(binary, 2, True, X,
              [[j for j in range(2) if Y[i, j]] for i in range(80)])
    both = int((Y.sum(axis=1) == 2).sum())
    for j in range(2):
        ref = sklearn_fit(X, Y[:, j], "auto")
        diff = np.abs(got[:, j] - ref.predict_proba(X)[:, 1]).max()
        report(diff < TOLERANCE,
               f"one-vs-rest label {j} matches sklearn's binary model "
               f"({both} items have both labels; largest difference "
               f"{diff:.1e})", f"largest difference {diff:.3g}")


main()
