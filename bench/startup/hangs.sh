#!/bin/bash
# Start-up hangs (issue 15): runs a command N times, two at a time, each under a 3 s timeout, and
# counts the runs that had to be killed. Found this way: Native AOT's class-constructor deadlock
# that Program.Main now avoids (2 hangs in 10,000 one-file lints before, 0 in 30,000 after).
# Usage: bench/startup/hangs.sh N VIFMAP [ARGUMENT...]
#   e.g. bench/startup/hangs.sh 5000 artifacts/aot-bench/vifmap lint samples/configs/web-hvm.cfg
set -u
runs=${1:?usage: hangs.sh N VIFMAP [ARGUMENT...]}
shift
counts=$(mktemp -d)
trap 'rm -rf "$counts"' EXIT
# loop RUNS FILE: RUNS runs, the number killed written to FILE.
loop() {
    local hung=0 i
    for i in $(seq "$1"); do
        timeout -s KILL 3 "${command[@]}" >/dev/null 2>&1
        [ $? -eq 137 ] && hung=$((hung + 1))
    done 2>/dev/null # bash's own "Killed" line for each
    echo "$hung" >"$2"
}
command=("$@")
loop $((runs / 2)) "$counts/a" &
loop $((runs - runs / 2)) "$counts/b"
wait
echo "$runs runs of ${command[*]}: $(( $(cat "$counts/a") + $(cat "$counts/b") )) hung"
