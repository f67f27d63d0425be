"""The span labeling benchmark, run by tests/bench/run.sh after the stet
label benchmark (with /usr/bin/python3):

  span_bench.py STET CORPUS WORKDIR [ITEMS.stet]

It makes WORKDIR/spans.stet with span labels (stet init --spans
PER,ORG,LOC) and imports CORPUS into it (the import benchmark's
1,000,000 items; each text item is split into tokens at import), then
drives `stet label spans.stet --as bench-spans` through a pty as
label_bench.py drives the item screen (100x30, TERM=xterm-256color,
LC_ALL=C.UTF-8; a frame is complete when the screen model shows what
the key must bring to the lines of marks under the text, or for a
motion its first output, and then the output stays quiet for 1 ms;
time is to the frame's last byte). On each
item it presses, in turn:

  1      mark the token under the cursor PER   (a span change: one
         SPANS event, one durable commit)
  w      the cursor to the next token           (no write: a redraw)
  2      mark that token ORG                    (a span change)
  x      delete the span under the cursor       (a span change)
  Enter  finish the item: a label event, and the next item served

The judged figure is the p99 of the span-changing keys (1, 2 and x)
against the p99 of one fsync(2) of a 100-byte appending write on the
same filesystem, the same target as the item screen's keystroke (< 2);
for information, against "commit I/O" (the disk work of one LMDB
commit done by python3 without LMDB: label_bench.py's reference),
and the p99 of the motion key and of Enter. Given ITEMS.stet (the
import benchmark's item project), a plain `stet label` session on it
(as bench-spans-pair) is open beside the span view and given 100 label
keys after every 100 keys of the span view, as label_bench.py pairs its
--learn run, so that the span key's p99 can be set against the label
key's under the same load from the rest of the machine. Like the other benchmarks
it reports and never fails: the exit status is 0 whatever the figures.

Environment (all optional):
  STET_BENCH_SPAN_ITEMS   items labeled, five keys each (default 2000)
  STET_BENCH_FSYNCS       fsyncs in the reference (default 1000)
"""
import gc
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import label_bench as lb  # noqa: E402  (its pty driver, screen model, references)

ITEMS = int(os.environ.get("STET_BENCH_SPAN_ITEMS", "2000"))
FSYNCS = int(os.environ.get("STET_BENCH_FSYNCS", "1000"))
ANNOTATOR = "bench-spans"
PAIR_ANNOTATOR = "bench-spans-pair"


def last_row(scr):
    return scr.row(lb.ROWS - 1).strip()


def marks(scr):
    """The lines of marks under the item's first line of text."""
    return " ".join(scr.row(r) for r in (3, 4, 5))


# Each key, and what its frame shows once it is done: the marks under
# the text, which the message line cannot stand for (a break reminder
# may take it over).
STEPS = [
    (b"1", "span", lambda scr: marks(scr).lstrip().startswith("[PER")),
    (b"w", "motion", lambda scr: True),  # a redraw: its first output
    (b"2", "span", lambda scr: "[ORG" in marks(scr)),
    (b"x", "span", lambda scr: "[ORG" not in marks(scr)),
]


class SpanSession:
    """stet label on the span project, five keys an item."""

    def __init__(self, stet, project):
        self.lab = lb.Label(stet, project, ANNOTATOR)
        self.times = {"span": [], "motion": [], "finish": []}
        self.lab.until(lambda scr: lb.status_of(scr) is not None and
                       "w b move" in last_row(scr), self.lab.t_spawn)
        if marks(self.lab.screen).strip():
            raise lb.GiveUp("the first item already has spans: %r"
                            % marks(self.lab.screen))
        self.start = self.done = lb.status_of(self.lab.screen)[0]

    def item(self):
        lab = self.lab
        for key, kind, done in STEPS:
            t0 = lab.key(key)
            self.times[kind].append(lab.until(done, t0)[2])
        want = self.done + 1

        def finished(scr):
            s = lb.status_of(scr)
            return s is not None and s[0] == want and "[" not in marks(scr)
        t0 = lab.key(b"\r")
        self.times["finish"].append(lab.until(finished, t0)[2])
        self.done = want


class PlainSession:
    """stet label on the item project: the label keystroke, '1'."""

    def __init__(self, stet, project):
        self.lab = lb.Label(stet, project, PAIR_ANNOTATOR)
        self.times = []
        self.lab.until(lb.item_shown(0), self.lab.t_spawn)
        self.done = lb.status_of(self.lab.screen)[0]

    def key(self):
        want = self.done + 1

        def done(scr):
            s = lb.status_of(scr)
            return s is not None and s[0] == want and s[2]
        t0 = self.lab.key(b"1")
        self.times.append(self.lab.until(done, t0)[2])
        self.done = want


def run_keys(stet, project, items, plain_project):
    """The span session, and with plain_project a plain one beside it,
    given blocks of keys in turn so that both meet the same load."""
    sp = SpanSession(stet, project)
    pl = None
    res = {}
    try:
        if plain_project:
            pl = PlainSession(stet, plain_project)
        pid = sp.lab.proc.pid
        cpu0, io0 = lb.proc_cpu_ns(pid), lb.proc_io(pid)
        gc.disable()
        t_begin = time.perf_counter_ns()
        for i in range(items):
            sp.item()
            # 5 keys an item: a block of 20 items is 100 keys, then 100
            # label keys of the plain session.
            if pl is not None and i % 20 == 19:
                for _ in range(100):
                    pl.key()
        res["wall"] = time.perf_counter_ns() - t_begin
        gc.enable()
        cpu1, io1 = lb.proc_cpu_ns(pid), lb.proc_io(pid)
        res["cpu_ns"] = (cpu1[0] - cpu0[0], cpu1[1] - cpu0[1])
        res["io"] = {k: io1.get(k, 0) - io0.get(k, 0) for k in io1}
        res["mem"] = lb.proc_status(pid)
        res["done"] = (sp.start, sp.done)
        for ses in (sp, pl):
            if ses is not None and ses.lab.quit() != 0:
                raise lb.GiveUp("stet label exited with an error after q")
    except BaseException:
        gc.enable()
        for ses in (sp, pl):
            if ses is not None:
                ses.lab.kill()
        raise
    res["times"] = sp.times
    res["plain"] = pl.times if pl is not None else None
    return res


def events(stet, project):
    out = subprocess.run([stet, "log", project, "--annotator", ANNOTATOR],
                         capture_output=True, text=True)
    spans = sum(1 for ln in out.stdout.splitlines() if " spans " in ln)
    labels = sum(1 for ln in out.stdout.splitlines() if " label " in ln)
    return spans, labels


def main(argv):
    if len(argv) not in (4, 5):
        sys.stderr.write(__doc__)
        return 0
    stet, corpus, workdir = argv[1:4]
    plain = argv[4] if len(argv) == 5 else None
    project = os.path.join(workdir, "spans.stet")
    lb.say("")
    lb.say("stet label span benchmark")
    lb.say("  load        %s (1, 5, 15 min)" % lb.loadavg())
    for p in (project, project + "-lock"):
        if os.path.exists(p):
            os.unlink(p)
    subprocess.run([stet, "init", project, "--spans", "PER,ORG,LOC"],
                   check=True, capture_output=True)
    t = time.monotonic()
    imp = subprocess.run([stet, "import", project, corpus],
                         capture_output=True, text=True)
    if imp.returncode != 0:
        raise lb.GiveUp("import into the span project: %s" % imp.stderr.strip())
    t_import = time.monotonic() - t
    total = lb.info(stet, project)["items"]
    lb.say("  project     %d items imported with their tokens in %.1f s" % (total, t_import))
    os.sync()

    fs_before = lb.fsync_reference(workdir, FSYNCS // 2)
    cs = lb.commit_shaped(workdir, FSYNCS)
    lb.say("bench: %d items, 5 keys each (1 w 2 x Enter), as %s ..." % (ITEMS, ANNOTATOR))
    res = run_keys(stet, project, ITEMS, plain)
    fs = fs_before + lb.fsync_reference(workdir, FSYNCS - FSYNCS // 2)
    fs99, cs99 = lb.pct(fs, 0.99), lb.pct(cs, 0.99)
    sp = res["times"]["span"]
    s99 = lb.pct(sp, 0.99)
    spans, labels = events(stet, project)

    lb.say("")
    lb.row("measurement", "value", "reference", "ratio", "target", "result")
    lb.row("-" * 34, "-" * 12, "-" * 26, "-" * 6, "-" * 8, "------")
    lb.row("span keystroke p99, %d keys" % len(sp), lb.ms(s99),
           "%s fsync p99" % lb.ms(fs99), lb.ratio(s99, fs99),
           "< %.2f" % lb.LATENCY_RATIO,
           "PASS" if s99 / fs99 < lb.LATENCY_RATIO else "MISS")
    lb.row("span keystroke p99 (info)", lb.ms(s99),
           "%s commit I/O p99" % lb.ms(cs99), lb.ratio(s99, cs99), "-", "-")
    if res["plain"]:
        p99 = lb.pct(res["plain"], 0.99)
        lb.row("span p99 - label p99, paired", lb.ms(s99 - p99),
               "%s label key p99" % lb.ms(p99), lb.ratio(s99, p99),
               "-", "-")
    for kind, what in (("motion", "w (no write) p99 (info)"),
                       ("finish", "Enter (finish, next) p99 (info)")):
        v = lb.pct(res["times"][kind], 0.99)
        lb.row(what, lb.ms(v), "%s fsync p99" % lb.ms(fs99),
               lb.ratio(v, fs99), "-", "-")
    lb.say("")
    lb.say("  span keys   p50 %s, p90 %s, p99 %s, p99.9 %s, max %s; %d keys on %d items in %.1f s"
           % (lb.ms(lb.pct(sp, .5)), lb.ms(lb.pct(sp, .9)), lb.ms(s99),
              lb.ms(lb.pct(sp, .999)), lb.ms(max(sp)), len(sp) + 2 * ITEMS,
              ITEMS, res["wall"] / 1e9))
    if res["plain"]:
        pt = res["plain"]
        lb.say("  label key   p50 %s, p99 %s: the plain screen's '1' on the item project as %s,"
               " 100 keys after every 100 span-view keys, so that both meet the same load"
               % (lb.ms(lb.pct(pt, .5)), lb.ms(lb.pct(pt, .99)), PAIR_ANNOTATOR))
    lb.say("  fsync       p50 %s, p99 %s; commit I/O p50 %s, p99 %s"
           % (lb.ms(lb.pct(fs, .5)), lb.ms(fs99), lb.ms(lb.pct(cs, .5)), lb.ms(cs99)))
    n = len(sp) + 2 * ITEMS
    lb.say("  per key     stet CPU %.3f ms user + %.3f ms system; %.0f bytes written"
           % (res["cpu_ns"][0] / n / 1e6, res["cpu_ns"][1] / n / 1e6,
              res["io"].get("wchar", 0) / n))
    lb.say("  memory      VmHWM %.1f MiB" % (res["mem"].get("VmHWM", 0) / 1024))
    ok = spans == 3 * ITEMS and labels == ITEMS
    lb.say("  checked     done %d -> %d; stet log: %d spans events, %d label events (%s)"
           % (res["done"][0], res["done"][1], spans, labels,
              "ok" if ok else "EXPECTED %d and %d" % (3 * ITEMS, ITEMS)))
    lb.say("  load        %s at the end" % lb.loadavg())
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except lb.GiveUp as e:
        lb.say("bench: %s" % e)
        lb.say("bench: span benchmark not completed")
    except Exception as e:  # a benchmark reports; it never fails the build
        lb.say("bench: span benchmark failed: %s: %s" % (type(e).__name__, e))
        lb.say("bench: span benchmark not completed")
    sys.exit(0)
