#!/usr/bin/env python3
"""Writes the synthetic sessions tests/cli/stats.sh reads (seeded, so the
files are the same on every run; they are kept in the tree and this is
how they were made):

items.jsonl    120 short reviews, 8 to 40 words each
fatigue.jsonl  three annotators over every item:
               ref     a steady session ("ref-1") labeling the truth
               steady  a steady session ("steady-1"): 85% right, about
                       1.5 s + 0.1 s a word per item, a ten-minute break
                       before item 61
               tired   a session ("tired-1") walking the items backwards,
                       right 95% of the time at first and half of it at
                       the end, and twice as slow by the end
run.jsonl      one annotator ("stuck", session "stuck-1") over every
               item, steady but for NEGATIVE given 24 times in a row
               from the 50th item on
"""
import json
import math
import os
import random

LABELS = ["POSITIVE", "NEGATIVE", "NEUTRAL"]
WORDS = ("the battery screen phone lasts broke after week arrived on time "
         "good bad fine okay great terrible service price quality would buy "
         "again never works well poorly quickly slowly box support").split()
START = 1793523600000  # 2026-11-01T09:00:00Z, in ms
HERE = os.path.dirname(os.path.abspath(__file__))

rng = random.Random(20261123)
items = []
for i in range(1, 121):
    n = rng.randint(8, 40)
    items.append({"id": "s%03d" % i,
                  "text": " ".join(rng.choice(WORDS) for _ in range(n)) + ".",
                  "words": n, "truth": rng.choice(LABELS)})


def iso(ms):
    s, ms = divmod(ms, 1000)
    t = __import__("time").gmtime(s)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (t[:6] + (ms,))


def wrong(truth):
    return rng.choice([l for l in LABELS if l != truth])


def session(name, annotator, order, right, slow, start, pause_before=None,
            forced=None):
    out, t = [], start
    for k, it in enumerate(order):
        x = k / (len(order) - 1)
        dur = int((1500 + 100 * it["words"]) * slow(x) *
                  math.exp(rng.gauss(0, 0.25)))
        if pause_before is not None and k == pause_before:
            t += 10 * 60 * 1000
        t += dur + 300
        label = it["truth"] if rng.random() < right(x) else wrong(it["truth"])
        if forced is not None and forced(k):
            label = forced(k)
        out.append({"item": it["id"], "annotator": annotator, "label": label,
                    "session": name, "time": iso(t), "duration_ms": dur})
    return out


def write(name, records):
    with open(os.path.join(HERE, name), "w") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")


write("items.jsonl", [{"id": it["id"], "text": it["text"]} for it in items])
write("fatigue.jsonl",
      session("ref-1", "ref", items, lambda x: 1, lambda x: 1, START) +
      session("steady-1", "steady", items, lambda x: 0.85, lambda x: 1,
              START + 3600000, pause_before=60) +
      session("tired-1", "tired", items[::-1], lambda x: 0.95 - 0.5 * x,
              lambda x: 1 + 1.2 * x, START + 7200000))
write("run.jsonl",
      session("stuck-1", "stuck", items, lambda x: 0.85, lambda x: 1, START,
              forced=lambda k: "NEGATIVE" if 49 <= k < 73 else None))
