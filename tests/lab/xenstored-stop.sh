#!/bin/sh
# Stops the lab daemon started by xenstored-start.sh DIR (SIGTERM, then SIGKILL after ~5 s).
# Leaves DIR and its files (trace.log, xenstored.out) in place; exit 0 also when none runs.
set -eu
if [ $# -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
pidfile="$1/xenstored.pid"
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
# An exited daemon whose parent has not reaped it yet still answers kill -0.
is_zombie() {
    state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)
    [ "$state" = Z ]
}
# Only signal the pid if it still is a xenstored (the number may have been reused).
if [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = xenstored ]; then
    kill -TERM "$pid" 2>/dev/null || true
    tries=0
    while kill -0 "$pid" 2>/dev/null && ! is_zombie "$pid"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 100 ]; then
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.05
    done
fi
rm -f "$pidfile" "$1/socket"
