#!/bin/bash
# Scrape comparison (metrics issue "Fast on big hosts"): on the lab host of ls-1000x4.sh (a real
# xenstored with 1,000 guests x 4 NICs, 6,000 dom0 interfaces in a namespace), `vifmap serve` (AOT)
# against the real node_exporter 1.5 of Debian 12 (--collector.disable-defaults --collector.netdev)
# scraping the same interfaces. Both run in the namespace; scrapes alternate; each is timed from
# request to last byte; RSS is read from /proc after the runs (VmRSS now, VmHWM peak).
#
# Usage: bench/compare/metrics-1000x4.sh [--runs N] [--guests N] [--vifmap PATH]
# Needs root, the lab packages and the unpacked Prometheus tools (tests/lab/install-deps.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=20 args=()
while [ $# -gt 0 ]; do
    case "$1" in
    --runs) runs=$2; shift ;;
    --guests | --vifmap) args+=("$1" "$2"); shift ;;
    *) echo "usage: $0 [--runs N] [--guests N] [--vifmap PATH]" >&2; exit 2 ;;
    esac
    shift
done
exporter=$root/tests/lab/build/prometheus/usr/bin/prometheus-node-exporter
[ -x "$exporter" ] || { echo "$0: no node_exporter in $exporter: run tests/lab/install-deps.sh" >&2; exit 2; }

export RUNS=$runs EXPORTER=$exporter
exec "$root/bench/compare/ls-1000x4.sh" "${args[@]}" --exec "$(cat <<'INNER'
set -eu
"$VIFMAP" serve --listen 127.0.0.1:9478 >/dev/null 2>/tmp/vifmap-bench-serve.err &
vpid=$!
"$EXPORTER" --collector.disable-defaults --collector.netdev --web.listen-address=127.0.0.1:9100 >/dev/null 2>&1 &
npid=$!
trap 'kill $vpid $npid 2>/dev/null || true' EXIT
python3 - "$vpid" "$npid" "$RUNS" <<'PY'
import os, statistics, sys, time, urllib.request
vpid, npid, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
def scrape(url):
    t = time.perf_counter()
    req = urllib.request.Request(url, headers={"Accept": accept})
    body = urllib.request.urlopen(req, timeout=60).read()
    return time.perf_counter() - t, body
def wait(url):
    for _ in range(300):
        try:
            return scrape(url)
        except OSError:
            time.sleep(0.1)
    sys.exit("no answer from " + url)
def rss(pid):
    f = dict(l.split(":", 1) for l in open(f"/proc/{pid}/status"))
    return int(f["VmRSS"].split()[0]) / 1024, int(f["VmHWM"].split()[0]) / 1024
v = "http://127.0.0.1:9478/metrics"; n = "http://127.0.0.1:9100/metrics"
_, vb = wait(v); _, nb = wait(n)
# serve answers before its first full read when that takes longer than --timeout: wait for the map.
for _ in range(600):
    if b"\nvifmap_up 1\n" in vb:
        break
    time.sleep(0.5); _, vb = scrape(v)
else:
    sys.exit("vifmap serve never read the host: " + open("/tmp/vifmap-bench-serve.err").read())
vs = sum(1 for l in vb.decode().splitlines() if l.startswith("vifmap_interface_receive_bytes_total"))
ns = sum(1 for l in nb.decode().splitlines() if l.startswith("node_network_receive_bytes_total"))
print(f"series: vifmap {vs} receive-bytes series ({len(vb)} bytes), node_exporter {ns} ({len(nb)} bytes)", file=sys.stderr)
def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
vt, nt = [], []
vc0, nc0 = cpu(vpid), cpu(npid)
for i in range(runs):
    a, _ = scrape(v); b, _ = scrape(n)
    vt.append(a); nt.append(b)
    print(f"{i + 1:3}  vifmap {a * 1000:8.1f} ms  node_exporter {b * 1000:8.1f} ms", file=sys.stderr)
vc, nc = (cpu(vpid) - vc0) / runs, (cpu(npid) - nc0) / runs
vr, vh = rss(vpid); nr, nh = rss(npid)
vm, nm = statistics.median(vt), statistics.median(nt)
print(f"vifmap serve:       median {vm * 1000:.1f} ms per scrape (p90 {sorted(vt)[int(runs * 0.9) - 1] * 1000:.1f}), CPU {vc * 1000:.0f} ms per scrape, RSS {vr:.1f} MiB (peak {vh:.1f})")
print(f"node_exporter 1.5:  median {nm * 1000:.1f} ms per scrape (p90 {sorted(nt)[int(runs * 0.9) - 1] * 1000:.1f}), CPU {nc * 1000:.0f} ms per scrape, RSS {nr:.1f} MiB (peak {nh:.1f})")
print(f"ratio vifmap/node_exporter: {vm / nm:.2f} (goal <= 1)")
PY
INNER
)"
