#!/bin/sh
# lint throughput, whole process (issue 15): `vifmap lint --json` (AOT) over FILES generated xl.cfg
# files against libxlutil reading the same files in one C process, one after another
# (xlu_lint_files.c: xlu_cfg_init + xlu_cfg_readfile per file, as xl does), in turn, same run.
# Prints each pair, the medians, peak RSS and the ratio vifmap/libxlutil (goal: <= 0.5; RSS < 64 MiB).
# Usage: bench/lint/lint-many.sh [FILES=10000] [RUNS=5]; VIFMAP=PATH uses that binary instead of
# bench/publish.sh's (the Debian package's build). Needs gcc, libxen-dev, python3.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
files=${1:-10000}
runs=${2:-5}
bin=$here/bin
corpus=$here/corpus-$files
mkdir -p "$bin"
gcc -O2 -Wall -Wextra -o "$bin/xlu_lint_files" "$here/xlu_lint_files.c" -lxlutil
if [ -z "${VIFMAP:-}" ]; then
    VIFMAP=$("$root/bench/publish.sh")
fi
if [ ! -d "$corpus" ]; then
    # The same deterministic corpus as bench/compare/compare.sh (Vifmap.Benchmarks' generator).
    dotnet build -c Release "$root/bench/Vifmap.Benchmarks" -o "$bin/dotnet" >/dev/null
    "$bin/dotnet/Vifmap.Benchmarks" corpus "$corpus" "$files" >/dev/null
fi
echo "== $(ls "$corpus" | wc -l) files, $(du -sk "$corpus" | cut -f1) KiB; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 "$root/bench/paired.py" --runs "$runs" --label-a "vifmap lint --json" --label-b "libxlutil, one C process" -- \
    "$VIFMAP lint --json $corpus/*.cfg" "$bin/xlu_lint_files $corpus/*.cfg"
