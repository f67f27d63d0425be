#!/usr/bin/env python3
"""The kill -9 soak: stet is killed at random moments, and after every
kill the project must pass `stet verify` and hold every label the
screen showed as saved.

  kill_soak.py --stet PATH [--kills N] [--imports N] [--merges N]
               [--reviews N] [--seed S] [--tap] [--keep DIR]

Labeling (--kills rounds): `stet label` runs in a terminal (a tmux pane
of 100x30, which gives it a pty), a random number of label keys (0 to
12, each 1, 2 or 3 at random) is typed at a random pace (all at once,
or up to 5 or 20 ms between keys), the screen is read at once or up
to 30 ms later, and the process is killed with
SIGKILL at once. Then:
  - `stet verify` must pass;
  - the project must hold at least the labels the screen last showed
    as done ("N done"): any fewer is a lost label;
  - the labels of the round must be the keys typed, in the order the
    queue served the items (sequential), and no more than were typed.

Import, merge and review decisions are killed at random points too:
  - an import of 2,000 items (--imports rounds), killed after a random
    delay up to its own running time: the project passes verify and
    holds all of the file's items or none;
  - a merge of a copy holding 400 labels into a fresh copy of the
    project (--merges rounds): verify passes, and the events are all
    there or none, and merging again finishes the work and a third
    merge adds nothing;
  - stet review (--reviews rounds): a few decision keys, the screen
    read, then SIGKILL: verify passes and the project holds at least
    the decisions the screen showed ("N decided").

Nothing is judged by time: every delay only chooses where the kill
lands, and every wait is for what the screen or a file must show (with
a long bound that only stops a stuck run). Prints a summary (kills,
lost labels, verify failures, wall time); exits 1 on any failure.
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

LABELS = {"1": "POSITIVE", "2": "NEGATIVE", "3": "NEUTRAL"}
BOUND = 60  # seconds: a stuck run, not a measurement


def count(text):
    """A number as the screen writes it ("12,199")."""
    return int(text.replace(",", ""))


class Soak:
    def __init__(self, args, work):
        self.stet = args.stet
        self.work = work
        self.rng = random.Random(args.seed)
        self.sock = "stet-soak-%d" % os.getpid()
        self.failures = []
        self.tap = args.tap
        self.tap_n = 0
        term = "screen"
        for t in ("tmux-256color", "screen-256color", "screen"):
            if subprocess.run(["infocmp", t], capture_output=True).returncode == 0:
                term = t
                break
        self.env = dict(os.environ, TERM=term, LC_ALL="C.UTF-8")
        for var in ("NO_COLOR", "STET_THEME", "STET_BREAK", "LANG", "TMUX"):
            self.env.pop(var, None)
        self.tm("new-session", "-d", "-s", "keep", "-x", "80", "-y", "24",
                "sleep 100000")
        self.tm("set-option", "-g", "remain-on-exit", "on")
        self.tm("set-option", "-g", "status", "off")

    # ---- helpers ----

    def tm(self, *args, check=True):
        r = subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null", *args],
                           capture_output=True, text=True, env=self.env)
        if check and r.returncode != 0:
            raise RuntimeError("tmux %s: %s" % (" ".join(args), r.stderr))
        return r.stdout

    def run(self, *args, ok=(0,)):
        r = subprocess.run([self.stet, *args], cwd=self.work,
                           capture_output=True, text=True)
        if r.returncode not in ok:
            raise RuntimeError("stet %s: exit %d: %s" %
                               (" ".join(args), r.returncode, r.stderr))
        return r.stdout

    def fail(self, what):
        self.failures.append(what)
        print("FAIL: " + what, file=sys.stderr)

    def verify(self, project, what):
        r = subprocess.run([self.stet, "verify", project], cwd=self.work,
                           capture_output=True, text=True)
        if r.returncode != 0:
            self.fail("%s: stet verify %s exits %d: %s%s" %
                      (what, project, r.returncode, r.stdout, r.stderr))
            return False
        return True

    def start(self, name, *argv):
        self.tm("new-session", "-d", "-s", name, "-x", "100", "-y", "30",
                "-c", self.work, self.stet, *argv)
        return int(self.tm("display-message", "-p", "-t", "=%s:" % name,
                           "#{pane_pid}").strip())

    def screen(self, name):
        return self.tm("capture-pane", "-p", "-t", "=%s:" % name)

    def wait_screen(self, name, pattern):
        end = time.monotonic() + BOUND
        while time.monotonic() < end:
            s = self.screen(name)
            m = re.search(pattern, s, re.M)
            if m:
                return m, s
            time.sleep(0.01)
        pane = self.tm("display-message", "-p", "-t", "=%s:" % name,
                       "dead #{pane_dead} status #{pane_dead_status} "
                       "pid #{pane_pid}").strip()
        try:
            pid = pane.split()[-1]
            with open("/proc/%s/wchan" % pid) as w:
                pane += " waiting in " + w.read()
        except OSError:
            pass
        raise RuntimeError("waited for %r (%s); screen:\n%s" %
                           (pattern, pane, self.screen(name)))

    def kill(self, name, pid):
        os.kill(pid, signal.SIGKILL)
        end = time.monotonic() + BOUND
        while time.monotonic() < end:
            if self.tm("display-message", "-p", "-t", "=%s:" % name,
                       "#{pane_dead}").strip() == "1":
                break
            time.sleep(0.005)
        self.tm("kill-session", "-t", "=%s:" % name)

    def keys(self, name, n, pace):
        """n keys of 1, 2, 3 at random: with pace 0 in one write to the
        terminal, else one at a time, up to pace seconds apart."""
        sent = [self.rng.choice("123") for _ in range(n)]
        if pace == 0 and sent:
            self.tm("send-keys", "-t", "=%s:" % name, *sent)
            return sent
        for k in sent:
            self.tm("send-keys", "-t", "=%s:" % name, k)
            time.sleep(self.rng.uniform(0, pace))
        return sent

    def report(self, ok, what):
        if not self.tap:
            return
        self.tap_n += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", self.tap_n, what))

    # ---- labeling ----

    def labels(self, project, annotator):
        out = self.run("export", project, "--annotations")
        got = {}
        for line in out.splitlines():
            r = json.loads(line)
            if r["annotator"] == annotator:
                got[r["item"]] = r["label"]
        return got

    def label_rounds(self, n):
        items = ["k%05d" % i for i in range(1, 12 * n + 200)]
        with open(os.path.join(self.work, "items.jsonl"), "w") as f:
            for it in items:
                print(json.dumps({"id": it, "text": "Item %s of the soak." % it}),
                      file=f)
        self.run("init", "p.stet", "--labels", "POSITIVE,NEGATIVE,NEUTRAL")
        self.run("import", "p.stet", "items.jsonl")
        done = 0
        stats = {"kills": 0, "lost": 0, "wrong": 0, "verify": 0, "typed": 0,
                 "saved": 0}
        for rnd in range(n):
            pid = self.start("l", "label", "p.stet", "--as", "ana")
            m, _ = self.wait_screen("l", r"^ ([\d,]+) done · [\d,]+ left")
            if count(m.group(1)) != done:
                self.fail("round %d: the screen opens at %s done, the project has %d"
                          % (rnd, m.group(1), done))
            # A burst (stet is still saving when the kill comes) or a
            # typist's pace.
            sent = self.keys("l", self.rng.randint(0, 12),
                             self.rng.choice((0, 0.005, 0.02)))
            time.sleep(self.rng.choice((0, self.rng.uniform(0, 0.03))))
            shown_m = re.search(r"^ ([\d,]+) done · ", self.screen("l"), re.M)
            shown = count(shown_m.group(1)) if shown_m else done
            self.kill("l", pid)
            stats["kills"] += 1
            stats["typed"] += len(sent)
            if not self.verify("p.stet", "label round %d" % rnd):
                stats["verify"] += 1
            got = self.labels("p.stet", "ana")
            after = len(got)
            if after < shown:
                stats["lost"] += shown - after
                self.fail("label round %d: the screen showed %d done, the project holds %d"
                          % (rnd, shown, after))
            new = [it for it in items[done:] if it in got]
            if after - done > len(sent) or len(new) != after - done:
                stats["wrong"] += 1
                self.fail("label round %d: %d keys typed, %d new labels"
                          % (rnd, len(sent), after - done))
            for j, it in enumerate(new[:len(sent)]):
                if got[it] != LABELS[sent[j]] or it != items[done + j]:
                    stats["wrong"] += 1
                    self.fail("label round %d: %s is %s, key %s was typed for item %s"
                              % (rnd, it, got[it], sent[j], items[done + j]))
            stats["saved"] += after - done
            done = after
        return stats

    # ---- import ----

    def import_rounds(self, n):
        self.run("init", "pi.stet", "--labels", "A,B")
        stats = {"kills": 0, "partial": 0, "verify": 0, "whole": 0, "none": 0}
        count = 0
        t0 = time.monotonic()
        self.write_items("warm.jsonl", "w", 2000)
        self.run("import", "pi.stet", "warm.jsonl")
        took = time.monotonic() - t0
        count = 2000
        for rnd in range(n):
            self.write_items("r.jsonl", "r%d-" % rnd, 2000)
            p = subprocess.Popen([self.stet, "import", "pi.stet", "r.jsonl"],
                                 cwd=self.work, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(self.rng.uniform(0, took * 1.2))
            p.send_signal(signal.SIGKILL)
            p.wait()
            stats["kills"] += 1
            if not self.verify("pi.stet", "import round %d" % rnd):
                stats["verify"] += 1
            have = json.loads(self.run("info", "pi.stet", "--format", "json"))["items"]
            if have == count + 2000:
                stats["whole"] += 1
            elif have == count:
                stats["none"] += 1
            else:
                stats["partial"] += 1
                self.fail("import round %d: %d items, before %d, file 2000"
                          % (rnd, have, count))
            count = have
        return stats

    def write_items(self, name, prefix, n):
        with open(os.path.join(self.work, name), "w") as f:
            for i in range(n):
                print(json.dumps({"id": "%s%d" % (prefix, i),
                                  "text": "imported item %s%d" % (prefix, i)}),
                      file=f)

    # ---- merge ----

    def events(self, project):
        return json.loads(self.run("info", project, "--format", "json"))["events"]

    def merge_rounds(self, n):
        self.run("init", "pm.stet", "--labels", "A,B")
        self.write_items("m.jsonl", "m", 400)
        self.run("import", "pm.stet", "m.jsonl")
        self.run("clone", "pm.stet", "copy.stet", "--for", "bo", "--add")
        with open(os.path.join(self.work, "bo.jsonl"), "w") as f:
            for i in range(400):
                print(json.dumps({"item": "m%d" % i, "annotator": "bo",
                                  "label": "AB"[i % 2]}), file=f)
        self.run("import-annotations", "copy.stet", "bo.jsonl")
        t0 = time.monotonic()
        shutil.copy(os.path.join(self.work, "pm.stet"),
                    os.path.join(self.work, "warm.stet"))
        self.run("merge", "warm.stet", "copy.stet")
        took = time.monotonic() - t0
        stats = {"kills": 0, "partial": 0, "verify": 0, "whole": 0, "none": 0}
        for rnd in range(n):
            target = "pm%d.stet" % rnd
            shutil.copy(os.path.join(self.work, "pm.stet"),
                        os.path.join(self.work, target))
            before = self.events(target)
            p = subprocess.Popen([self.stet, "merge", target, "copy.stet"],
                                 cwd=self.work, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(self.rng.uniform(0, took * 1.2))
            p.send_signal(signal.SIGKILL)
            p.wait()
            stats["kills"] += 1
            if not self.verify(target, "merge round %d" % rnd):
                stats["verify"] += 1
            have = self.events(target)
            if have == before + 400:
                stats["whole"] += 1
            elif have == before:
                stats["none"] += 1
            else:
                stats["partial"] += 1
                self.fail("merge round %d: %d events, before %d, copy 400"
                          % (rnd, have, before))
            self.run("merge", target, "copy.stet")
            again = self.run("merge", target, "copy.stet")
            if self.events(target) != before + 400 or not again.startswith("0 events merged"):
                self.fail("merge round %d: merging after the kill: %d events, then %r"
                          % (rnd, self.events(target), again.strip()))
            for f in (target, target + "-lock"):
                try:
                    os.unlink(os.path.join(self.work, f))
                except FileNotFoundError:
                    pass
        return stats

    # ---- review ----

    def decided(self, project):
        out = self.run("export", project, "--final", "--format", "csv")
        rows = [l.rstrip("\r").split(",") for l in out.splitlines()[1:]]
        return sum(1 for r in rows if r and r[-1] != "")

    def review_rounds(self, n):
        self.run("init", "pr.stet", "--labels", "POSITIVE,NEGATIVE,NEUTRAL")
        self.write_items("rv.jsonl", "v", 6 * n + 50)
        self.run("import", "pr.stet", "rv.jsonl")
        with open(os.path.join(self.work, "rva.jsonl"), "w") as f:
            for i in range(6 * n + 50):
                for who, lab in (("ana", "POSITIVE"), ("bo", "NEGATIVE")):
                    print(json.dumps({"item": "v%d" % i, "annotator": who,
                                      "label": lab}), file=f)
        self.run("import-annotations", "pr.stet", "rva.jsonl")
        stats = {"kills": 0, "lost": 0, "verify": 0, "saved": 0}
        for rnd in range(n):
            pid = self.start("r", "review", "pr.stet")
            self.wait_screen("r", r" item v\d+ ")
            self.keys("r", self.rng.randint(1, 6), 0.02)
            time.sleep(self.rng.uniform(0, 0.03))
            m = re.search(r"([\d,]+) decided", self.screen("r"))
            shown = count(m.group(1)) if m else 0
            self.kill("r", pid)
            stats["kills"] += 1
            if not self.verify("pr.stet", "review round %d" % rnd):
                stats["verify"] += 1
            have = self.decided("pr.stet")
            if have < shown:
                stats["lost"] += shown - have
                self.fail("review round %d: the screen showed %d decided, the project holds %d"
                          % (rnd, shown, have))
            stats["saved"] = have
        return stats

    def close(self):
        self.tm("kill-server", check=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stet", required=True)
    ap.add_argument("--kills", type=int, default=1000)
    ap.add_argument("--imports", type=int, default=30)
    ap.add_argument("--merges", type=int, default=30)
    ap.add_argument("--reviews", type=int, default=50)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--tap", action="store_true")
    ap.add_argument("--keep", help="work in this directory and keep it")
    args = ap.parse_args()
    if shutil.which("tmux") is None:
        print("1..0 # SKIP tmux is not installed" if args.tap else
              "tmux is not installed")
        return 0
    work = args.keep or tempfile.mkdtemp(prefix="stet-soak.")
    os.makedirs(work, exist_ok=True)
    soak = Soak(args, work)
    t0 = time.monotonic()
    results = {}
    try:
        for name, n, fn in (("label", args.kills, soak.label_rounds),
                            ("import", args.imports, soak.import_rounds),
                            ("merge", args.merges, soak.merge_rounds),
                            ("review", args.reviews, soak.review_rounds)):
            if n <= 0:
                continue
            t = time.monotonic()
            results[name] = fn(n)
            results[name]["seconds"] = round(time.monotonic() - t, 1)
            bad = {k: v for k, v in results[name].items()
                   if k in ("lost", "wrong", "verify", "partial") and v}
            soak.report(not bad, "%s: %d kills, %s" % (
                name, results[name]["kills"],
                ", ".join("%s %s" % kv for kv in results[name].items()
                          if kv[0] != "kills")))
    except RuntimeError as e:
        soak.fail(str(e))
        soak.report(False, "the soak ran to its end")
    finally:
        soak.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    summary = {"seconds": round(time.monotonic() - t0, 1), "seed": args.seed,
               "failures": len(soak.failures), "results": results}
    if args.tap:
        print("1..%d" % soak.tap_n)
        for line in json.dumps(summary, indent=1).splitlines():
            print("# " + line)
    else:
        print(json.dumps(summary, indent=1))
    return 1 if soak.failures else 0


if __name__ == "__main__":
    sys.exit(main())
