#!/bin/sh
# Lint growth with the NICs of one config (issue 15, "find every superlinear step"): `vifmap lint --json`
# (AOT) on one HVM config whose vif list holds N specs, every fourth with a finding (an unknown token,
# a MAC in an unusual form, a vifname too long for its -emu twin), for N from 1,000 to 64,000. Each size
# is run RUNS times; prints the median wall and CPU time, peak RSS and µs per NIC (linear: µs per NIC
# stays flat). A search of the NICs for every finding made 20,000 NICs take 14 s before 2026-12-02.
# Then the same for an xm config (xend 4.4) built by N statements `vif.append('…')`: each append
# copied the whole list before 2026-12-02 (20,000 appends: 3 s; 80,000: over 20 s).
# No Xen tool is timed: xl -N create stops at the first long vifname it meets.
# Usage: bench/lint/lint-wide.sh [RUNS=3] [N...]; VIFMAP=PATH uses that binary instead of bench/publish.sh's.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-3}
[ $# -gt 0 ] && shift
sizes=${*:-1000 4000 16000 64000}
if [ -z "${VIFMAP:-}" ]; then
    VIFMAP=$("$root/bench/publish.sh")
fi
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
echo "== $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf '%-4s %8s %8s %8s %9s %8s %9s\n' kind NICs wall_s cpu_s peak_MiB us/NIC findings
for n in $sizes; do
    python3 - "$data/wide-$n.cfg" "$n" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
specs = []
for i in range(n):
    mac = "00:16:3e:%02x:%02x:%02x" % (i >> 16 & 255, i >> 8 & 255, i & 255)
    kind = i % 4
    if kind == 0:
        specs.append(f"'mac={mac},bridge=xenbr0,speed=fast'")        # an unknown token
    elif kind == 1:
        specs.append(f"'mac=0:16:3e:{i >> 8 & 255:x}:{i & 255:x}:1,bridge=xenbr0'")  # an unusual MAC form
    elif kind == 2:
        specs.append(f"'mac={mac},bridge=xenbr1,vifname=guestnic{i:06d}'")  # too long for -emu
    else:
        specs.append(f"'mac={mac},bridge=xenbr0,model=e1000'")
with open(path, "w") as f:
    f.write('name = "wide"\ntype = "hvm"\nmemory = 1024\nvif = [\n    ' + ",\n    ".join(specs) + "\n]\n")
PY
    python3 - "$data/wide-xm-$n.cfg" "$n" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("name = 'wide'\nbuilder = 'hvm'\nvif = []\n")
    for i in range(n):
        f.write("vif.append('mac=00:16:3e:%02x:%02x:%02x,bridge=xenbr0')\n" % (i >> 16 & 255, i >> 8 & 255, i & 255))
PY
done
for kind in xl xm; do
for n in $sizes; do
    cfg=$data/wide-$n.cfg
    [ "$kind" = xm ] && cfg=$data/wide-xm-$n.cfg
    python3 - "$VIFMAP" "$cfg" "$runs" "$n" "$kind" <<'PY'
import os, statistics, subprocess, sys, time
vifmap, cfg, runs, n, kind = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
release = ["--toolstack", "xend", "--xen", "4.4"] if kind == "xm" else []
rows, findings = [], 0
for _ in range(runs):
    start = time.perf_counter()
    p = subprocess.Popen([vifmap, "lint", "--json", *release, cfg], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"lint-wide: vifmap exited {os.waitstatus_to_exitcode(status)} on {n} NICs")
    findings = out.count(b'"code"')
    rows.append((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024))
wall = statistics.median(r[0] for r in rows)
cpu = statistics.median(r[1] for r in rows)
peak = max(r[2] for r in rows)
print(f"{kind:4} {n:8d} {wall:8.2f} {cpu:8.2f} {peak:9.1f} {wall * 1e6 / n:8.1f} {findings:9d}")
PY
done
done
