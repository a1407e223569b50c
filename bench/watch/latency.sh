#!/bin/bash
# Latency of `vifmap watch` (issue 12): from a xenstore write to the printed event, on a real lab
# xenstored holding 1,000 guests × 4 NICs (tests/lab/host-tree.sh), median and p99.
# Each sample: flip one guest's frontend state (4 -> 3 or back) with an XS_WRITE sent on one open
# connection to the real daemon (as a toolstack or a guest's driver writes: no process start-up in the
# figure), and time from just before the request is sent until `vifmap watch --json` has printed the
# frontend-state line. --client xenstore-write times a whole `xenstore-write` process instead (its
# start-up then counts against vifmap; on a loaded machine that start-up dominates).
#
# Usage: bench/watch/latency.sh [--samples N] [--guests N] [--vifmap PATH] [--client socket|xenstore-write]
# Needs root and the lab (tests/lab/install-deps.sh, tests/lab/build.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lab=$root/tests/lab
samples=200 guests=1000 vifmap="" client=socket
while [ $# -gt 0 ]; do
    case "$1" in
    --samples) samples=$2; shift ;;
    --guests) guests=$2; shift ;;
    --vifmap) vifmap=$2; shift ;;
    --client) client=$2; shift ;;
    *) echo "usage: $0 [--samples N] [--guests N] [--vifmap PATH] [--client socket|xenstore-write]" >&2; exit 2 ;;
    esac
    shift
done

if [ -z "$vifmap" ]; then
    vifmap=$("$root/bench/publish.sh")
fi

dir=$(mktemp -d /tmp/vifmap-watch-bench.XXXXXX)
cleanup() {
    "$lab/xenstored-stop.sh" "$dir" || true
    rm -rf "$dir"
}
trap cleanup EXIT
"$lab/xenstored-start.sh" "$dir" --owner $$ >/dev/null
export XENSTORED_PATH=$dir/socket

echo "== filling xenstore: $guests guests x 4 NICs" >&2
printf '%s\0%s\0' /local/domain/0/name Domain-0 | "$lab/build/xs-bulk-write"
"$lab/host-tree.sh" "$guests" 4 | "$lab/build/xs-bulk-write"

echo "== $samples samples" >&2
python3 - "$vifmap" "$guests" "$samples" "$client" "$XENSTORED_PATH" <<'PY'
import json, socket, struct, subprocess, sys, time, random, statistics, os
vifmap, guests, samples, client, sock_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
XS_WRITE = 11  # xen/include/public/io/xs_wire.h
xs = socket.socket(socket.AF_UNIX)
xs.connect(sock_path)
def recv_exact(n):
    b = b""
    while len(b) < n:
        chunk = xs.recv(n - len(b))
        if not chunk:
            sys.exit("xenstored closed the connection")
        b += chunk
    return b
def xs_write(path, value, rid=[0]):
    rid[0] += 1
    payload = path.encode() + b"\0" + value.encode()
    xs.sendall(struct.pack("<IIII", XS_WRITE, rid[0], 0, len(payload)) + payload)
    kind, _, _, length = struct.unpack("<IIII", recv_exact(16))
    body = recv_exact(length)
    if kind != XS_WRITE:
        sys.exit(f"XS_WRITE {path}: {body!r}")
w = subprocess.Popen([vifmap, "watch", "--json"], stdout=subprocess.PIPE, text=True, bufsize=1)  # stderr passes through
present = 0
while present < guests * 4:
    e = json.loads(w.stdout.readline())
    present += e["type"] == "present"
state = {}
lat = []
random.seed(12)
for i in range(samples):
    d = random.randint(1, guests)
    new = "3" if state.get(d, "4") == "4" else "4"
    state[d] = new
    t0 = time.monotonic()
    if client == "socket":
        xs_write(f"/local/domain/{d}/device/vif/0/state", new)
    else:
        subprocess.run(["xenstore-write", f"/local/domain/{d}/device/vif/0/state", new], check=True)
    while True:
        e = json.loads(w.stdout.readline())
        if e["type"] == "frontend-state" and e["domid"] == d and e["to"] == new:
            break
    lat.append((time.monotonic() - t0) * 1000)
    time.sleep(0.02)
rss = 0
with open(f"/proc/{w.pid}/status") as f:
    for line in f:
        if line.startswith("VmHWM:"):
            rss = int(line.split()[1]) // 1024
w.terminate()
w.wait()
lat.sort()
p99 = lat[min(len(lat) - 1, int(round(0.99 * len(lat))) - 1)]
print(f"client={client} guests={guests} nics={guests*4} samples={len(lat)} median={statistics.median(lat):.1f} ms p99={p99:.1f} ms max={lat[-1]:.1f} ms watcher peak RSS={rss} MB exit={w.returncode}")
PY
