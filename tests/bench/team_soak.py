"""A team on one project (with /usr/bin/python3): several `stet label`
processes, each through its own pty, label one project at once while a
lead runs reports on it in a loop.

  team_soak.py STET WORKDIR [--annotators N] [--pace max|KEYS_PER_S]
               [--duration S] [--overlap N] [--items N] [--solo S]
               [--no-lead] [--fsyncs N] [--seed N] [--keys FILE]
               [--project FILE] [--rt]

It makes WORKDIR/team.stet (3 labels, --items generated items, the
given overlap), then:

  1. solo: one annotator ("solo") alone for --solo seconds at the same
     pace: the single-annotator figure the team's is set beside;
  2. team: --annotators processes ("ann1", "ann2", ...) for --duration
     seconds. At --pace max each presses its next key as soon as its
     screen shows the last one saved; at a number of keys a second each
     waits a random time between half and one and a half times 1/pace
     after a save (a person's pace, with their pauses: stet's own idle
     work runs after a second without a key). Meanwhile a lead runs
     `stet agree`, `stet stats`, `stet export`, `stet verify` and, when
     the stet given has it, `stet backup` followed by `stet verify` of
     the copy, one after the other, again and again.

With --rt the harness itself runs at real-time priority (SCHED_FIFO 1,
where the user may; its children, stet and the lead's commands, are
reset to the ordinary policy at fork): on a machine busy with other work
the time the observer waits for a CPU is then not counted as stet's.

A key's latency is measured as tests/bench/label_bench.py measures it
(whose screen model and pty driver this uses): from writing the key to
the last byte of the frame that shows the next count of items done and
"saved", then 1 ms of quiet. One python3 process reads every pty, so at
--pace max with many annotators its own work is part of the figure.

Checks at the end, each reported as ok or FAILED:
  - errors: no labeling process left with an error on its screen or an
    exit status other than 0, and no lead command failed;
  - lost: every label a screen showed saved (the key's label on the
    item the title named, once the status line counted it and said
    "saved"; the message line, when it names one, must name the same) is
    the annotator's label on that item in `stet export`;
  - overlap: no item in the export has more annotators than the overlap;
  - verify: `stet verify` of the project passes at the end;
  - memory: each labeling process's anonymous resident memory
    (RssAnon: its heap, not the project's pages it maps, which grow with
    the project), sampled every few seconds, ends within 2 MiB or 10% of
    where it was at its first sample after the first tenth of the run (a
    leak grows all the way).

It prints the latency (p50, p90, p99, max) of the solo and team runs,
the fsync(2) reference of label_bench.py measured before and after in
WORKDIR, the lead's loops, labels saved, the load average before and
after, and exits 1 when a check failed (0 otherwise). `make bench` runs
it briefly (STET_BENCH_SOAK_* below); the soak itself is

  python3 tests/bench/team_soak.py build/stet /var/tmp/soak \\
          --annotators 8 --overlap 3 --duration 600 --pace max

and again with --pace 1 and --annotators 8, 16 and 32 (one key a second
each, a person's pace).

Environment, as defaults of the options (used by `make bench`):
  STET_BENCH_SOAK_ANNOTATORS (8), STET_BENCH_SOAK_PACE (max),
  STET_BENCH_SOAK_DURATION (20), STET_BENCH_SOAK_SOLO (10),
  STET_BENCH_SOAK_OVERLAP (3)
"""
import argparse
import json
import os
import random
import re
import select
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import label_bench as lb  # noqa: E402  (the screen model and pty driver)

LABELS = ("pos", "neg", "neutral")
KEYS = (b"1", b"2", b"3")
RSS_EVERY_S = 5.0
RSS_SLACK_KB = 2048
RSS_SLACK_SHARE = 0.10
ITEM = re.compile(r" item (\S+)")
SAVED = re.compile(r"^\s*saved (\S+)")
say = lb.say


def run(argv, what, **kw):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, **kw)
    if p.returncode != 0:
        raise lb.GiveUp("%s failed (exit %d): %s" % (
            what, p.returncode, p.stderr.strip()[:300]))
    return p.stdout


def make_project(stet, workdir, items, overlap, seed):
    path = os.path.join(workdir, "team.stet")
    for f in (path, path + "-lock"):
        if os.path.exists(f):
            os.unlink(f)
    run([stet, "init", path, "--labels", ",".join(LABELS)], "stet init")
    corpus = os.path.join(workdir, "team.jsonl")
    rnd = random.Random(seed)
    words = ("team", "label", "item", "overlap", "lead", "soak", "report",
             "screen", "saved", "queue", "writer", "commit", "pace")
    with open(corpus, "w") as f:
        for i in range(items):
            f.write(json.dumps({"id": "t%d" % i, "text": " ".join(
                rnd.choice(words) for _ in range(8 + i % 13))}) + "\n")
    run([stet, "import", path, corpus], "stet import")
    run([stet, "config", path, "overlap", str(overlap)], "stet config")
    return path


class Annotator:
    """One `stet label` through a pty, driven without blocking: the
    main loop feeds it what its pty gives and asks when it wants to be
    woken."""

    def __init__(self, stet, project, name, pace, rnd):
        self.name = name
        self.pace = pace
        self.rnd = rnd
        self.lab = lb.Label(stet, project, name)
        self.state = "starting"
        self.deadline = time.perf_counter_ns() + int(lb.KEY_TIMEOUT_S * 1e9)
        self.next_at = 0
        self.done = 0
        self.t0 = self.last = 0
        self.want = 0
        self.item = None
        self.latencies = []
        self.sent = []        # when each key was written (ns, monotonic)
        self.saved = []       # (item id, label) the screen showed saved
        self.rss = []         # (time, RssAnon kB, VmRSS kB)
        self.error = None
        self.drained = False
        self.keys = 0

    @property
    def fd(self):
        return self.lab.master

    def wake_at(self):
        if self.state == "idle":
            return self.next_at
        return self.deadline

    def fail(self, why):
        self.error = "%s: %s (the screen reads: %r / %r)" % (
            self.name, why, self.lab.screen.row(0).rstrip(),
            self.lab.screen.row(lb.ROWS - 1).rstrip())
        self.state = "failed"

    def schedule(self, now):
        self.state = "idle"
        if self.pace is None:
            self.next_at = now
        else:
            self.next_at = now + int(self.rnd.uniform(0.5, 1.5) / self.pace
                                     * 1e9)

    def fed(self, t):
        """After output read at t (ns)."""
        scr = self.lab.screen
        st = lb.status_of(scr)
        if self.state == "starting":
            if st is not None and " item " in scr.row(0):
                self.done = st[0]
                self.item = self.item_shown()
                self.schedule(t)
        elif self.state == "waiting":
            # ncurses writes a frame in several pieces (it flushes at
            # every cursor move): the frame is whole once the message
            # line no longer names the label before (the keys cycle, so
            # it names the key's label, or a reminder took the line).
            m = SAVED.match(scr.row(lb.ROWS - 1))
            if (st is not None and st[0] == self.want and st[2] and
                    (m is None or m.group(1) == self.label())):
                self.state = "quiet"
                self.last = t
                self.deadline = t + lb.QUIET_NS
        elif self.state == "quiet":
            self.last = t
            self.deadline = t + lb.QUIET_NS

    def label(self):
        """The label of the key pressed last."""
        return LABELS[(self.keys - 1) % len(KEYS)]

    def item_shown(self):
        m = ITEM.search(self.lab.screen.row(0))
        return m.group(1) if m else None

    def timed_out(self, now):
        if self.state == "quiet":
            self.latencies.append(self.last - self.t0)
            self.sent.append(self.t0)
            # The key's label, which the message line names unless a
            # reminder (a break, fatigue) holds it.
            label = self.label()
            m = SAVED.match(self.lab.screen.row(lb.ROWS - 1))
            if self.item is None or (m and m.group(1) != label):
                self.fail("saved, but not %s on the item shown" % label)
                return
            self.saved.append((self.item, label))
            self.done = self.want
            st = lb.status_of(self.lab.screen)
            self.item = self.item_shown()
            if st is not None and st[1] == 0:
                self.drained = True
                self.state = "drained"
                return
            self.schedule(now)
        elif self.state in ("starting", "waiting"):
            self.fail("no saved frame within %g s" % lb.KEY_TIMEOUT_S
                      if self.state == "waiting" else "no item shown")

    def press(self, now):
        self.want = self.done + 1
        self.state = "waiting"
        self.deadline = now + int(lb.KEY_TIMEOUT_S * 1e9)
        self.t0 = self.lab.key(KEYS[self.keys % len(KEYS)])
        self.keys += 1

    def sample_rss(self):
        try:
            m = lb.proc_status(self.lab.proc.pid)
            self.rss.append((time.monotonic(), m["RssAnon"], m["VmRSS"]))
        except (OSError, KeyError):
            pass


def drive(anns, seconds):
    """Runs the annotators for `seconds` (the ones still starting are
    given their keys once they show an item)."""
    t_end = time.perf_counter_ns() + int(seconds * 1e9)
    rss_next = time.monotonic()
    by_fd = {a.fd: a for a in anns}
    while True:
        now = time.perf_counter_ns()
        live = [a for a in anns if a.state in ("starting", "idle", "waiting",
                                               "quiet")]
        if not live:
            break
        if now >= t_end and not [a for a in live if a.state in
                                 ("waiting", "quiet", "starting")]:
            break
        if time.monotonic() >= rss_next:
            for a in live:
                a.sample_rss()
            rss_next = time.monotonic() + RSS_EVERY_S
        for a in live:
            if a.state == "idle" and a.next_at <= now and now < t_end:
                a.press(now)
        wake = min([a.wake_at() for a in live
                    if a.state != "idle" or now < t_end] + [t_end])
        timeout = max(0, wake - time.perf_counter_ns())
        fds = [a.fd for a in anns if not a.lab.eof]
        r, _, _ = select.select(fds, [], [], timeout / 1e9)
        got = []
        for fd in r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            got.append((time.perf_counter_ns(), by_fd[fd], data))
        for t, a, data in got:
            if not data:
                a.lab.eof = True
                if a.state not in ("failed", "drained"):
                    a.fail("stet label exited")
                continue
            a.lab.screen.feed(data)
            a.fed(t)
        now = time.perf_counter_ns()
        for a in live:
            if a.state != "idle" and a.deadline <= now:
                a.timed_out(now)


class Lead(threading.Thread):
    """The lead's reports, one after the other until stopped."""

    def __init__(self, stet, project, workdir, backup):
        super().__init__(daemon=True)
        self.stet, self.project, self.workdir = stet, project, workdir
        self.backup = backup
        self.stop = threading.Event()
        self.loops = 0
        self.runs = {}        # command -> [wall seconds]
        self.errors = []

    def one(self, name, argv):
        t = time.perf_counter()
        p = subprocess.run(argv, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        self.runs.setdefault(name, []).append(time.perf_counter() - t)
        if p.returncode != 0:
            self.errors.append("%s exited %d: %s" % (
                name, p.returncode, p.stderr.strip()[:300]))

    def run(self):
        s, p = self.stet, self.project
        out = os.path.join(self.workdir, "lead-export.jsonl")
        copy = os.path.join(self.workdir, "lead-backup.stet")
        while not self.stop.is_set():
            self.one("agree", [s, "agree", p])
            self.one("stats", [s, "stats", p])
            self.one("export", [s, "export", p, "-o", out])
            self.one("verify", [s, "verify", p])
            if self.backup:
                for f in (copy, copy + "-lock"):
                    if os.path.exists(f):
                        os.unlink(f)
                self.one("backup", [s, "backup", p, copy])
                self.one("verify copy", [s, "verify", copy])
            self.loops += 1


def has_command(stet, name):
    p = subprocess.run([stet, "--help"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return re.search(r"^\s+%s\s" % re.escape(name), p.stdout, re.M) is not None


def quit_all(anns):
    for a in anns:
        if a.state == "failed":
            a.lab.kill()
            continue
        rc = a.lab.quit()
        if rc != 0 and a.error is None:
            a.error = "%s: stet label exited with %s after q" % (a.name, rc)


def ms(ns):
    return "%.2f ms" % (ns / 1e6)


def figures(lat):
    if not lat:
        return "no keys"
    return "p50 %s, p90 %s, p99 %s, max %s (%d keys)" % (
        ms(lb.pct(lat, .5)), ms(lb.pct(lat, .9)), ms(lb.pct(lat, .99)),
        ms(max(lat)), len(lat))


def check_export(stet, project, anns, overlap):
    """(lost, over, labels): labels shown saved missing from the export,
    items over the overlap, and the labels the export holds."""
    out = run([stet, "export", project], "stet export")
    standing = {}
    over = []
    labels = 0
    for line in out.splitlines():
        rec = json.loads(line)
        got = rec.get("labels") or {}
        labels += len(got)
        if len(got) > overlap:
            over.append(rec["id"])
        standing[rec["id"]] = got
    lost = []
    for a in anns:
        for item, label in a.saved:
            if standing.get(item, {}).get(a.name) != label:
                lost.append("%s: %s on %s" % (a.name, label, item))
    return lost, over, labels


def rss_flat(a, t_first):
    """(flat, first kB, last kB, max kB) over the samples after t_first."""
    s = [kb for t, kb, _ in a.rss if t >= t_first] or \
        [kb for _, kb, _ in a.rss]
    if not s:
        return True, 0, 0, 0
    first, last = s[0], s[-1]
    grew = last - first
    return (grew <= RSS_SLACK_KB or grew <= first * RSS_SLACK_SHARE,
            first, last, max(s))


def observer(rt):
    """Raises this process to SCHED_FIFO when asked and allowed."""
    if not rt:
        return "ordinary priority"
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO | os.SCHED_RESET_ON_FORK,
                              os.sched_param(1))
    except (OSError, AttributeError) as e:
        return "ordinary priority (--rt refused: %s)" % e
    return "SCHED_FIFO 1, its children reset to the ordinary policy"


def parse(argv):
    env = os.environ.get
    ap = argparse.ArgumentParser(prog="team_soak.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stet")
    ap.add_argument("workdir")
    ap.add_argument("--annotators", type=int,
                    default=int(env("STET_BENCH_SOAK_ANNOTATORS", "8")))
    ap.add_argument("--pace", default=env("STET_BENCH_SOAK_PACE", "max"),
                    help="max, or keys a second for each annotator")
    ap.add_argument("--duration", type=float,
                    default=float(env("STET_BENCH_SOAK_DURATION", "20")))
    ap.add_argument("--solo", type=float,
                    default=float(env("STET_BENCH_SOAK_SOLO", "10")))
    ap.add_argument("--overlap", type=int,
                    default=int(env("STET_BENCH_SOAK_OVERLAP", "3")))
    ap.add_argument("--items", type=int, default=0,
                    help="items in the project (default: enough for the run)")
    ap.add_argument("--no-lead", action="store_true")
    ap.add_argument("--project", metavar="FILE",
                    help="label FILE (changed in place, its labels kept:"
                    " a project with history) instead of a new project;"
                    " --overlap and --items are then not used")
    ap.add_argument("--fsyncs", type=int, default=400)
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--rt", action="store_true",
                    help="run this harness (never stet) at real-time"
                    " priority where allowed")
    ap.add_argument("--keys", metavar="FILE",
                    help="write each key (annotator, pid, time written on"
                    " CLOCK_MONOTONIC in ns, latency in ns) to FILE")
    a = ap.parse_args(argv)
    if a.pace == "max":
        a.rate = None
    else:
        try:
            a.rate = float(a.pace)
        except ValueError:
            ap.error("--pace: max or a number of keys a second")
        if a.rate <= 0:
            ap.error("--pace: more than 0 keys a second")
    if a.annotators < 1 or a.overlap < 1 or a.duration <= 0 or a.solo < 0:
        ap.error("--annotators and --overlap at least 1, --duration above 0")
    if a.items == 0:
        # At most ~300 saved keys a second in all at max pace on a fast
        # disk; every annotator labels an item once.
        per_s = 300 if a.rate is None else a.rate * (a.annotators + 1)
        a.items = max(2000, int(per_s * (a.duration + a.solo) * 2 /
                                max(1, min(a.overlap, a.annotators))))
    return a


def main(argv):
    a = parse(argv[1:])
    os.makedirs(a.workdir, exist_ok=True)
    rnd = random.Random(a.seed)
    t_all = time.monotonic()
    pace = "as fast as the screen saves" if a.rate is None else \
        "%g keys a second each (a random wait of 0.5 to 1.5 times 1/pace)" % a.rate
    say("")
    say("stet team soak: %d annotators, overlap %d, %s, %g s (solo %g s first)"
        % (a.annotators, a.overlap, pace, a.duration, a.solo))
    load0 = lb.loadavg()
    say("  load        %s (1, 5, 15 min) at the start; %d CPUs" %
        (load0, os.cpu_count() or 0))
    say("  observer    %s" % observer(a.rt))
    if a.project:
        project = a.project
        pinfo = lb.info(a.stet, project)
        a.overlap = int(run([a.stet, "config", project, "overlap"],
                            "stet config").split()[-1])
        say("  project     %s: %d items, %d annotations already, overlap %d"
            % (project, pinfo["items"], pinfo["annotations"], a.overlap))
    else:
        project = make_project(a.stet, a.workdir, a.items, a.overlap, a.seed)
        say("  project     %s: %d items, overlap %d" % (project, a.items,
                                                      a.overlap))
    os.sync()
    fs = lb.fsync_reference(a.workdir, a.fsyncs // 2)

    failures = []
    solo = None
    if a.solo > 0:
        say("bench: solo, one annotator for %g s ..." % a.solo)
        solo = Annotator(a.stet, project, "solo", a.rate, rnd)
        drive([solo], a.solo)
        quit_all([solo])
        if solo.error:
            failures.append(solo.error)

    backup = has_command(a.stet, "backup")
    lead = None
    if not a.no_lead:
        lead = Lead(a.stet, project, a.workdir, backup)
    say("bench: team, %d annotators for %g s%s ..." % (
        a.annotators, a.duration,
        "" if lead is None else ", the lead looping agree, stats, export, verify"
        + (", backup" if backup else " (no stet backup in this stet: skipped)")))
    anns = [Annotator(a.stet, project, "ann%d" % (i + 1), a.rate,
                      random.Random(rnd.random())) for i in range(a.annotators)]
    t_team = time.monotonic()
    if lead is not None:
        lead.start()
    try:
        drive(anns, a.duration)
    finally:
        if lead is not None:
            lead.stop.set()
            lead.join()
        quit_all(anns)
    team_s = time.monotonic() - t_team
    fs += lb.fsync_reference(a.workdir, a.fsyncs - a.fsyncs // 2)
    load1 = lb.loadavg()

    for x in anns:
        if x.error:
            failures.append(x.error)
    if lead is not None:
        failures += ["lead: " + e for e in lead.errors]
    everyone = anns + ([solo] if solo else [])
    lost, over, labels = check_export(a.stet, project, everyone, a.overlap)
    vp = subprocess.run([a.stet, "verify", project], stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, text=True)
    flat = [(x, rss_flat(x, t_team + team_s / 10)) for x in anns]

    lat = [v for x in anns for v in x.latencies]
    if a.keys:
        with open(a.keys, "w") as f:
            for x in everyone:
                for t0, v in zip(x.sent, x.latencies):
                    f.write("%s %d %d %d\n" % (x.name, x.lab.proc.pid, t0, v))
    saved = sum(len(x.saved) for x in anns)
    say("")
    say("  solo        %s" % (figures(solo.latencies) if solo else "not run"))
    say("  team        %s" % figures(lat))
    say("  fsync       p50 %s, p99 %s (%d fsyncs of a 100-byte append in %s, half"
        " before, half after)" % (ms(lb.pct(fs, .5)), ms(lb.pct(fs, .99)),
                                   len(fs), a.workdir))
    if solo and solo.latencies and lat:
        say("  ratio       team / solo: p50 %.1f, p99 %.1f" % (
            lb.pct(lat, .5) / lb.pct(solo.latencies, .5),
            lb.pct(lat, .99) / lb.pct(solo.latencies, .99)))
    per = sorted((len(x.latencies), x.name) for x in anns)
    say("  saved       %d labels by the team in %.0f s (%.1f a second; fewest %d by"
        " %s, most %d by %s); %d labels stand in the export"
        % (saved, team_s, saved / team_s if team_s else 0, per[0][0], per[0][1],
           per[-1][0], per[-1][1], labels))
    drained = [x.name for x in anns if x.drained]
    if drained:
        say("  drained     %s ran out of items" % ", ".join(drained))
    if lead is not None:
        say("  lead        %d loops; %s" % (lead.loops, "; ".join(
            "%s median %.2f s" % (k, sorted(v)[len(v) // 2])
            for k, v in lead.runs.items())))
    worst = max(flat, key=lambda f: f[1][2] - f[1][1])
    say("  memory      RssAnon of each labeling process: largest growth %s, %d -> %d kB"
        " (max %d kB), sampled every %g s after the first tenth of the run;"
        " VmRSS, which counts the project's pages mapped, %d -> %d kB"
        % (worst[0].name, worst[1][1], worst[1][2], worst[1][3], RSS_EVERY_S,
           worst[0].rss[0][2] if worst[0].rss else 0,
           worst[0].rss[-1][2] if worst[0].rss else 0))
    say("  load        %s at the start, %s at the end; %.0f s in all"
        % (load0, load1, time.monotonic() - t_all))

    def check(name, ok, detail):
        say("  check %-8s %s%s" % (name, "ok" if ok else "FAILED",
                                   (": " + detail) if detail else ""))
        return ok

    ok = True
    ok &= check("errors", not failures, "; ".join(failures[:5]))
    ok &= check("lost", not lost, "%d of %d saved labels missing%s" % (
        len(lost), saved + (len(solo.saved) if solo else 0),
        (": " + ", ".join(lost[:5])) if lost else ""))
    ok &= check("overlap", not over, "%d items over %d annotators%s" % (
        len(over), a.overlap, (": " + ", ".join(over[:5])) if over else ""))
    ok &= check("verify", vp.returncode == 0, vp.stdout.strip().splitlines()[-1]
                if vp.stdout.strip() else "")
    ok &= check("memory", all(f[1][0] for f in flat), "" if all(
        f[1][0] for f in flat) else ", ".join("%s %d -> %d kB" % (
            x.name, f[1], f[2]) for x, f in flat if not f[0]))
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except lb.GiveUp as e:
        say("bench: %s" % e)
        say("bench: team soak not completed")
        sys.exit(1)
