#!/bin/sh
# Dump → map growth (issue 15): `vifmap ls --json --xenstore-dump xs.txt --links links.json` (AOT) on
# generated hosts of 4,000 to 100,000 NICs (bench/scale/make-host.py: half the guests HVM with a tap
# per NIC), and on few guests with many NICs each (100 × 1,000, sparse devids up to ~30,000). Each
# size is run RUNS times; prints per size the median wall and CPU time, peak RSS, and µs per NIC, so
# growth shows at a glance (linear: µs per NIC stays flat). Goals: 16,000 NICs < 1 s, 100,000 < 5 s,
# peak RSS at 100,000 < 512 MiB. No Xen tool maps a dump, so there is no ratio here: the live
# comparison with xenstore-ls is bench/compare/ls-1000x4.sh.
# Usage: bench/scale/scale.sh [RUNS=3] [SHAPE...]; SHAPE is GUESTSxNICS or GUESTSxNICSs (sparse),
# default 1000x4 4000x4 16000x4 25000x4 100x1000s. VIFMAP=PATH uses that binary instead of
# bench/publish.sh's (the Debian package's build). Inputs are written once to bench/scale/data/ (about 350 MB
# for 25000x4).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-3}
[ $# -gt 0 ] && shift
shapes=${*:-1000x4 4000x4 16000x4 25000x4 100x1000s}
if [ -z "${VIFMAP:-}" ]; then
    VIFMAP=$("$root/bench/publish.sh")
fi
echo "== $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf '%-10s %8s %8s %8s %9s %8s\n' shape NICs wall_s cpu_s peak_MiB us/NIC
for shape in $shapes; do
    guests=${shape%%x*}
    rest=${shape#*x}
    nics=${rest%s}
    sparse=
    [ "$rest" != "$nics" ] && sparse="--sparse --hvm-every 0"
    data=$here/data/$shape
    if [ ! -f "$data/links.json" ]; then
        # shellcheck disable=SC2086
        python3 "$here/make-host.py" "$data" "$guests" "$nics" $sparse
    fi
    python3 - "$VIFMAP" "$data" "$runs" "$shape" $((guests * nics)) <<'PY'
import os, statistics, subprocess, sys, time
vifmap, data, runs, shape, nics = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
cmd = [vifmap, "ls", "--json", "--timeout", "600", "--xenstore-dump", f"{data}/xs.txt", "--links", f"{data}/links.json"]
rows = []
for _ in range(runs):
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    rows.append((time.monotonic() - start, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024))
    assert os.waitstatus_to_exitcode(status) == 0, shape
    assert out.count(b'"devid"') == nics, (shape, out.count(b'"devid"'))
wall = statistics.median(r[0] for r in rows)
cpu = statistics.median(r[1] for r in rows)
peak = max(r[2] for r in rows)
print(f"{shape:<10} {nics:8} {wall:8.2f} {cpu:8.2f} {peak:9.1f} {wall / nics * 1e6:8.1f}")
PY
done
