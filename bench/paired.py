#!/usr/bin/env python3
"""Paired whole-process timing: runs command A and command B in turn (A B A B ...), after one
warm-up of each, and prints each run, the medians of wall and CPU time, the largest peak RSS, and
the median of the per-pair ratios A/B. Output of the commands goes to /dev/null. Shared by the
bench/ scripts so each prints the same figures.

Usage: paired.py [--runs N] [--label-a NAME] [--label-b NAME] -- 'COMMAND A' 'COMMAND B'
(each command one shell string, run with sh -c)."""
import os
import statistics
import subprocess
import sys
import time


def run(cmd):
    start = time.monotonic()
    p = subprocess.Popen(["sh", "-c", "exec " + cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code, err


def main(argv):
    runs, la, lb = 5, "A", "B"
    while argv and argv[0] != "--":
        if argv[0] == "--runs":
            runs = int(argv[1])
        elif argv[0] == "--label-a":
            la = argv[1]
        elif argv[0] == "--label-b":
            lb = argv[1]
        else:
            sys.exit(__doc__)
        argv = argv[2:]
    if len(argv) != 3:
        sys.exit(__doc__)
    a, b = argv[1], argv[2]
    for cmd in (a, b):
        code = run(cmd)[3]
        if code not in (0, 1):
            sys.exit(f"warm-up failed (exit {code}): {cmd}")
    rows = []
    print(f"run  {la}: wall s  cpu s  peak MiB   |  {lb}: wall s  cpu s  peak MiB", file=sys.stderr)
    for i in range(runs):
        ra, rb = run(a), run(b)
        rows.append((ra, rb))
        print(f"{i + 1:3}  {ra[0]:8.3f} {ra[1]:6.3f} {ra[2] / 1024:8.1f}   |  {rb[0]:8.3f} {rb[1]:6.3f} {rb[2] / 1024:8.1f}", file=sys.stderr)

    def med(k, side):
        return statistics.median(r[side][k] for r in rows)

    for side, label in ((0, la), (1, lb)):
        peak = max(r[side][2] for r in rows) / 1024
        print(f"{label}: median wall {med(0, side):.3f} s, median CPU {med(1, side):.3f} s, peak RSS {peak:.1f} MiB")
    ratio = statistics.median(r[0][0] / r[1][0] for r in rows)
    cpu = statistics.median(r[0][1] / max(r[1][1], 1e-6) for r in rows)
    print(f"ratio {la}/{lb}: wall {ratio:.2f} (median of {runs} pairs), CPU {cpu:.2f}")


main(sys.argv[1:])
