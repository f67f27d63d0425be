#!/usr/bin/env python3
"""Random damage to the event log of copies of a project, and what
stet salvage makes of each (for tests/cli/salvage.sh):

  salvage_flips.py STET PROJECT SEED N

For each of N copies, 1 to 8 bytes are set at random in 1 or 2 pages
of the events database (leaves or the branches above them), chosen
with random.Random(SEED). Then stet salvage must end with status 0 (no
signal, no report of a sanitizer), stet verify must pass on what it
made, the new log must be original events only, in their order (but for its
last, when the original's last event was damaged: nothing vouches for
the head of a log), and
every event on a leaf that no changed page lies on the way to must be
kept when the next event is on such a leaf too (or it is the last). One line a copy that fails, naming its seed, variant, pages and
offsets; exits 1 when any did. (An intact event whose next event is
damaged has nothing to vouch for it, and is dropped.)
"""
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lmdb_pages  # noqa: E402


def log_lines(stet, project):
    out = subprocess.run([stet, "log", project], capture_output=True,
                         text=True, check=True).stdout
    return [" ".join(w for w in l.split(" ") if not w.startswith("#"))
            for l in out.splitlines()]


def main(argv):
    stet, project, seed, n = argv[1], argv[2], int(argv[3]), int(argv[4])
    f = lmdb_pages.File(project)
    root, above = f.root_of("events")
    leaves = list(f.walk(root))
    pages = sorted({pg for leaf, path in leaves for pg in (leaf,) + path})
    orig = log_lines(stet, project)
    rng = random.Random(seed)
    failed = 0
    for v in range(n):
        hit = rng.sample(pages, rng.randint(1, min(2, len(pages))))
        b = bytearray(f.b)
        offs = []
        for _ in range(rng.randint(1, 8)):
            off = rng.choice(hit) * f.psize + rng.randrange(f.psize)
            b[off] = rng.randrange(256)
            offs.append(off)
        dmg, new = "flip%d.stet" % v, "flip%d.new" % v
        with open(dmg, "wb") as out:
            out.write(b)
        where = "seed %d variant %d pages %s offsets %s" % (seed, v, hit, offs)
        r = subprocess.run([stet, "salvage", dmg, new], capture_output=True,
                           text=True)
        problem = None
        if r.returncode != 0:
            problem = "salvage exits %d: %s" % (r.returncode, r.stderr[-300:])
        elif subprocess.run([stet, "verify", new],
                            capture_output=True).returncode != 0:
            problem = "stet verify fails on the new project"
        else:
            got = log_lines(stet, new)
            damaged = {i for leaf, path in leaves
                       if leaf in hit or set(path) & set(hit)
                       for i in lmdb_pages.ids(f, leaf)}
            at, kept = 0, set()
            for line in got:
                while at < len(orig) and orig[at] != line:
                    at += 1
                if at == len(orig):
                    # The head of the log: no event vouches for it.
                    if line is got[-1] and len(orig) in damaged:
                        break
                    problem = "an event that is no original one: " + line
                    break
                kept.add(at + 1)
                at += 1
            intact = {i for leaf, path in leaves
                      if leaf not in hit and not set(path) & set(hit)
                      for i in lmdb_pages.ids(f, leaf)}
            # The chain vouches for an event by the next one: an intact
            # event whose next is intact too, or the last of the log.
            need = sorted(i for i in intact
                          if i + 1 in intact or i == len(orig))
            missing = [i for i in need if i not in kept]
            if problem is None and missing:
                problem = "intact events not kept: %s" % missing[:8]
        if problem:
            failed += 1
            print("%s: %s" % (where, problem))
        for name in (dmg, new, dmg + "-lock", new + "-lock"):
            if os.path.exists(name):
                os.unlink(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
