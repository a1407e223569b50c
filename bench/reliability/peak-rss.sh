#!/usr/bin/env bash
# Peak resident memory (GNU time -v, whole process) of vifmap on the big hostile inputs of issue 9.
#   bench/reliability/peak-rss.sh [VIFMAP...]   default: dotnet on the Release build of src/Vifmap.Cli
# Prints one row per input: its size, vifmap's exit code, peak RSS and wall time. The inputs are made
# here (in a temporary folder); each run is stopped after 120 s (exit 124). Nothing is asserted: the figures
# go in the README reliability section.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v /usr/bin/time >/dev/null || { echo "peak-rss.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
if [ $# -gt 0 ]; then
    vifmap=("$@")
else
    dotnet build src/Vifmap.Cli -c Release -nologo -v quiet >/dev/null
    vifmap=(dotnet "$(find src/Vifmap.Cli/bin/Release -name vifmap.dll | head -1)")
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import sys, os
w = sys.argv[1]
# item 6: one path 30,000 levels deep (60 KB)
open(f"{w}/deep-dump.txt", "w").write("/a" * 30000 + ' = "bottom"\n')
open(f"{w}/links.json", "w").write("[]")
# item 5: 400,000 findings (one unknown vif key each)
with open(f"{w}/findings.cfg", "w") as f:
    f.write("name = 'many'\nvif = [\n")
    for i in range(400000):
        f.write(f"'bogus{i}=1',\n")
    f.write("]\n")
# item 4: rate= followed by eight million digits (nine million no longer fit the 8 MiB input cap)
open(f"{w}/huge-rate.cfg", "w").write("name = 'r'\nvif = ['bridge=xenbr0,rate=" + "9" * 8000000 + "MB/s']\n")
# a huge config: 200 MB of comment lines
with open(f"{w}/huge.cfg", "w") as f:
    line = "# " + "x" * 98 + "\n"
    f.write(line * 2000000)
PY

printf '%-34s %10s %5s %12s %8s\n' "input" "size" "exit" "peak RSS" "wall"
run() {
    local label=$1 file=$2; shift 2
    local stats=$work/time.txt
    set +e
    /usr/bin/time -v -o "$stats" timeout 120 "${vifmap[@]}" "$@" >/dev/null 2>"$work/stderr.txt"
    local code=$?
    set -e
    local rss wall
    rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$stats")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$stats")
    printf '%-34s %10s %5s %9s MB %8s\n' "$label" "$(du -h "$file" | cut -f1)" "$code" "$((rss / 1024))" "$wall"
}
run "ls, dump 30,000 levels deep" "$work/deep-dump.txt" ls --xenstore-dump "$work/deep-dump.txt" --links "$work/links.json"
run "lint --json, 400,000 findings" "$work/findings.cfg" lint --json "$work/findings.cfg"
run "lint, rate= and 8,000,000 digits" "$work/huge-rate.cfg" lint "$work/huge-rate.cfg"
run "lint, 200 MB config" "$work/huge.cfg" lint "$work/huge.cfg"
run "lint /dev/zero" /dev/null lint /dev/zero
