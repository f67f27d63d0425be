"""Timing functions for tests/bench/run.sh (run with /usr/bin/python3).

  measure.py run -- CMD...        run CMD once; print "WALL_S MAXRSS_KB USER_S SYS_S"
                                  (the fallback when GNU time is absent)
  measure.py median N -- CMD...   run CMD N times after one warm-up run;
                                  print "MEDIAN_S MIN_S MAX_S"

CMD's stdout and stderr are discarded in median mode. Exit status: CMD's
(the first failing one in median mode).
"""
import os
import resource
import statistics
import subprocess
import sys
import time


def run_once(cmd, quiet):
    out = subprocess.DEVNULL if quiet else None
    t0 = time.perf_counter()
    rc = subprocess.call(cmd, stdout=out, stderr=out)
    return time.perf_counter() - t0, rc


def main(argv):
    if len(argv) < 3 or "--" not in argv:
        sys.stderr.write(__doc__)
        return 2
    sep = argv.index("--")
    mode, args, cmd = argv[1], argv[2:sep], argv[sep + 1:]
    if not cmd:
        sys.stderr.write(__doc__)
        return 2
    if mode == "run":
        wall, rc = run_once(cmd, quiet=False)
        # The only child this process has waited for is CMD, so the
        # children's peak is CMD's peak (KiB on Linux).
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        print("%.3f %d %.2f %.2f" % (wall, ru.ru_maxrss, ru.ru_utime, ru.ru_stime))
        return rc
    if mode == "median":
        n = int(args[0]) if args else 20
        _, rc = run_once(cmd, quiet=True)  # warm-up: page cache, dynamic loader
        if rc != 0:
            return rc
        times = []
        for _ in range(n):
            t, rc = run_once(cmd, quiet=True)
            if rc != 0:
                return rc
            times.append(t)
        print("%.6f %.6f %.6f" % (statistics.median(times), min(times), max(times)))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
