#!/bin/sh
# One file, start-up and all (issue 15): `vifmap lint FILE` (AOT) against the real `xl -N create FILE`
# (Xen 4.17's xl, dry run, through tests/lab/xl.sh against a lab xenstored), in turn, same run; prints
# the medians and the ratio vifmap/xl (goal: <= 1.5).
# Usage: bench/lint/lint-one.sh [FILE=samples/configs/web-hvm.cfg] [RUNS=10]; VIFMAP=PATH as in
# lint-many.sh. Needs the lab (tests/lab/install-deps.sh, tests/lab/build.sh) and python3.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lab=$root/tests/lab
file=$(realpath "${1:-$root/samples/configs/web-hvm.cfg}")
runs=${2:-10}
if [ -z "${VIFMAP:-}" ]; then
    VIFMAP=$("$root/bench/publish.sh")
fi
dir=$(mktemp -d /tmp/vifmap-lint-one.XXXXXX)
trap '"$lab/xenstored-stop.sh" "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
"$lab/xenstored-start.sh" "$dir" --owner $$ >/dev/null
VIFMAP_LAB_DIR=$dir "$lab/xl.sh" -N create "$file" >/dev/null || { echo "xl -N create rejects $file" >&2; exit 1; }
# xl itself, as tests/lab/xl.sh starts it, without that script's own shell and build check in the timing.
shim=$("$lab/build.sh")
echo "== $file; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 "$root/bench/paired.py" --runs "$runs" --label-a "vifmap lint" --label-b "xl -N create" -- \
    "$VIFMAP lint $file" \
    "env XENSTORED_PATH=$dir/socket VIFMAP_LAB_XL_CONF=$lab/build/xl-empty.conf LD_PRELOAD=$shim /usr/lib/xen-4.17/bin/xl -N create $file"
