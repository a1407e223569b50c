#!/bin/sh
# Starts a private, real C xenstored (Xen 4.17) for tests, with the lab shim standing in for
# the hypervisor. Everything it writes stays in DIR:
#   DIR/socket          the unix socket clients reach via XENSTORED_PATH=DIR/socket
#   DIR/proc-xen/       stand-in for /proc/xen (xsd_port, xsd_kva) read by the daemon's dom0 set-up
#   DIR/xenstored.pid   the daemon's pid (also printed on stdout)
#   DIR/xenstored.out   the daemon's stdout/stderr
#   DIR/trace.log       every message in and out, only with --trace
#
# Usage: xenstored-start.sh DIR [--trace] [--owner PID]
#   --owner PID  also stop the daemon once process PID is gone (a guard against a test
#                runner that dies without cleaning up).
# Exit: 0 ready; 1 daemon failed to start (its output is copied to stderr); 2 usage/setup.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
xenstored=/usr/lib/xen-4.17/bin/xenstored

if [ $# -lt 1 ]; then
    echo "usage: $0 DIR [--trace] [--owner PID]" >&2
    exit 2
fi
dir=$1
shift
trace=""
owner=""
while [ $# -gt 0 ]; do
    case "$1" in
    --trace) trace=1 ;;
    --owner) owner=${2:?--owner needs a PID}; shift ;;
    *) echo "$0: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

if [ ! -x "$xenstored" ]; then
    echo "$0: $xenstored missing (install xen-utils-4.17: tests/lab/install-deps.sh)" >&2
    exit 2
fi
if ! command -v xenstore-exists >/dev/null 2>&1; then
    echo "$0: xenstore-exists missing (install xenstore-utils: tests/lab/install-deps.sh)" >&2
    exit 2
fi
shim=$("$here/build.sh")

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ -f "$dir/xenstored.pid" ] && kill -0 "$(cat "$dir/xenstored.pid")" 2>/dev/null; then
    echo "$0: a lab daemon already runs for $dir (pid $(cat "$dir/xenstored.pid"))" >&2
    exit 2
fi
# The daemon's dom0 set-up reads the event-channel port and maps one page of ring memory.
mkdir -p "$dir/proc-xen"
printf 1 > "$dir/proc-xen/xsd_port"
head -c 4096 /dev/zero > "$dir/proc-xen/xsd_kva"
rm -f "$dir/socket" "$dir/xenstored.pid"

set -- -N
if [ -n "$trace" ]; then
    set -- "$@" -T "$dir/trace.log"
fi
# XENSTORED_RUNDIR and XENSTORED_PATH keep the daemon off /var/run/xenstored entirely.
XENSTORED_RUNDIR="$dir" XENSTORED_PATH="$dir/socket" VIFMAP_LAB_PROC_XEN="$dir/proc-xen" \
    LD_PRELOAD="$shim" "$xenstored" "$@" </dev/null >"$dir/xenstored.out" 2>&1 &
pid=$!
echo "$pid" > "$dir/xenstored.pid"

# Ready once a real client gets an answer; give up after ~10 s or when the daemon dies.
tries=0
until XENSTORED_PATH="$dir/socket" xenstore-exists /tool/xenstored 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "$0: xenstored exited during start-up:" >&2
        cat "$dir/xenstored.out" >&2
        rm -f "$dir/xenstored.pid"
        exit 1
    fi
    tries=$((tries + 1))
    if [ "$tries" -ge 200 ]; then
        echo "$0: xenstored not ready after 10 s; stopping it" >&2
        kill "$pid" 2>/dev/null || true
        rm -f "$dir/xenstored.pid"
        exit 1
    fi
    sleep 0.05
done

if [ -n "$owner" ]; then
    # Detached guard: stops the daemon when the owner goes away, exits when the daemon does.
    (
        # The daemon counts as gone once it is a zombie (its reaper may be slow).
        while kill -0 "$owner" 2>/dev/null && grep -q '^State:[[:space:]]*[^Z]' "/proc/$pid/status" 2>/dev/null; do
            sleep 1
        done
        if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = xenstored ]; then
            kill "$pid" 2>/dev/null || true
        fi
    ) </dev/null >/dev/null 2>&1 &
fi
echo "$pid"
