#!/usr/bin/python3
"""Damaged copies of a project, each read by stet commands.

usage: damage.py STET PROJECT WORKDIR MODE [--seed S] [--copies N]
                 [--commands a,b,c] [--all]
       damage.py corpus DIR N

corpus writes DIR/items.jsonl (N text items, the sixth long enough to
need pages of its own) and DIR/ann.jsonl (three annotators, each
labeling two items of three) for a project to damage.

MODE flip: N copies, each with bits flipped (seeded: copy i of seed S
is the same on every run). MODE trunc: the file cut at every page
boundary and at a byte inside each page. Each copy is read by one
command of the list in turn (every command with --all). A run passes
when stet exits 0 or 1, is not killed by a signal, and no sanitizer
speaks on its standard error. Prints one line a failure (seed, copy,
what was changed, command, status, stderr's first line) and a summary:
"variants V runs R crashes C".
"""
import json
import os
import random
import subprocess
import sys

COMMANDS = {
    "info": ["info"],
    "verify": ["verify"],
    "export": ["export"],
    "log": ["log"],
    "agree": ["agree"],
    "stats": ["stats"],
    "annotations": ["export", "--annotations"],
    "team": ["team"],
}
SANITIZER = (b"AddressSanitizer", b"LeakSanitizer", b"runtime error:",
             b"UndefinedBehaviorSanitizer")
PAGE = 4096


def live_offsets(data):
    """Offsets of the bytes stet and LMDB use: every nonzero byte and
    each page's header, where a zero may matter as much as any."""
    live = [i for i, b in enumerate(data) if b != 0]
    for p in range(0, len(data), PAGE):
        live.extend(range(p, min(p + 16, len(data))))
    return live


def flip_variant(data, live, seed, i):
    rng = random.Random(seed * 1000003 + i)
    out = bytearray(data)
    kind = i % 4
    changes = []
    if kind == 0:      # one bit anywhere
        spots = [rng.randrange(len(out))]
    elif kind == 1:    # one bit of a byte in use
        spots = [rng.choice(live)]
    elif kind == 2:    # several bits of bytes in use
        spots = [rng.choice(live) for _ in range(rng.randint(2, 8))]
    else:              # one byte in use replaced
        at = rng.choice(live)
        old = out[at]
        out[at] = rng.randrange(256)
        return out, "byte %d: 0x%02x -> 0x%02x" % (at, old, out[at])
    for at in spots:
        bit = rng.randrange(8)
        out[at] ^= 1 << bit
        changes.append("%d.%d" % (at, bit))
    return out, "bits " + " ".join(changes)


def trunc_variants(data):
    for end in range(0, len(data), PAGE):
        if end > 0:
            yield data[:end], "cut at %d (page boundary)" % end
        if end + 1000 < len(data):
            yield data[:end + 1000], "cut at %d" % (end + 1000)


def run(stet, path, cmd, env):
    try:
        p = subprocess.run([stet] + COMMANDS[cmd][:1] + [path] +
                           COMMANDS[cmd][1:], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, env=env, timeout=60)
    except subprocess.TimeoutExpired:
        return "timed out", b""
    err = p.stderr
    if p.returncode < 0:
        return "killed by signal %d" % -p.returncode, err
    if p.returncode not in (0, 1):
        return "exit %d" % p.returncode, err
    if any(s in err for s in SANITIZER):
        return "sanitizer report", err
    return None, err


def corpus(where, n):
    labels = ["POSITIVE", "NEGATIVE", "NEUTRAL"]
    with open(os.path.join(where, "items.jsonl"), "w") as f:
        for i in range(n):
            text = "Item %d says something about battery %d and the screen." % (i, i * 7)
            if i == 5:
                text = "long " * 1200
            f.write(json.dumps({"id": "r%d" % i, "text": text}) + "\n")
    with open(os.path.join(where, "ann.jsonl"), "w") as f:
        for a, who in enumerate(["alice", "bob", "carol"]):
            for i in range(n):
                if (i + a) % 3 == 0:
                    continue
                f.write(json.dumps({
                    "item": "r%d" % i, "annotator": who,
                    "label": labels[(i * a + i) % 3],
                    "session": "%s-1" % who,
                    "time": "2026-11-02T1%d:%02d:%02dZ" % (a, (i // 60) % 60, i % 60),
                    "duration_ms": 1000 + i}) + "\n")
    return 0


def main(argv):
    if argv[1] == "corpus":
        return corpus(argv[2], int(argv[3]))
    args = argv[1:]
    stet, project, work, mode = args[:4]
    seed, copies, commands, every = 1, 100, "info,verify,export,log,agree,stats", False
    rest = args[4:]
    while rest:
        opt = rest.pop(0)
        if opt == "--seed":
            seed = int(rest.pop(0))
        elif opt == "--copies":
            copies = int(rest.pop(0))
        elif opt == "--commands":
            commands = rest.pop(0)
        elif opt == "--all":
            every = True
        else:
            sys.exit("damage.py: unknown option " + opt)
    commands = commands.split(",")
    data = open(project, "rb").read()
    env = dict(os.environ)
    if mode == "flip":
        live = live_offsets(data)
        variants = (flip_variant(data, live, seed, i) for i in range(copies))
    else:
        variants = trunc_variants(data)
    path = os.path.join(work, "damaged.stet")
    nvar = nrun = ncrash = 0
    for i, (copy, what) in enumerate(variants):
        nvar += 1
        for f in (path, path + "-lock"):
            if os.path.exists(f):
                os.unlink(f)
        with open(path, "wb") as f:
            f.write(copy)
        cmds = commands if every else [commands[i % len(commands)]]
        for cmd in cmds:
            nrun += 1
            bad, err = run(stet, path, cmd, env)
            if bad:
                ncrash += 1
                first = err.decode("utf-8", "replace").strip().splitlines()
                print("FAIL seed %d copy %d (%s): stet %s: %s: %s" %
                      (seed, i, what, cmd, bad, first[0] if first else ""))
    print("variants %d runs %d crashes %d" % (nvar, nrun, ncrash))
    return 1 if ncrash else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
