#!/bin/sh
# xl.cfg parse throughput: Vifmap's parser against libxlutil's xlu_cfg_readdata, same corpus, same
# session. Usage: bench/compare/compare.sh [CONFIGS=10000] [PASSES=20]
# Writes the corpus (deterministic seed) to bench/compare/corpus/, builds both sides, runs the C
# harness and the .NET one in turn, prints both figures and the ratio (>= 1.0: Vifmap is as fast).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
configs=${1:-10000}
passes=${2:-20}
corpus=$here/corpus
bin=$here/bin

"$here/build.sh" "$bin" >/dev/null
dotnet build -c Release "$root/bench/Vifmap.Benchmarks" -o "$bin/dotnet" >/dev/null
bench="$bin/dotnet/Vifmap.Benchmarks"

rm -rf "$corpus"
"$bench" corpus "$corpus" "$configs"

native=$("$bin/xlu_parse_bench" "$corpus" "$passes")
managed=$("$bench" throughput "$corpus" "$passes")
echo "$native"
echo "$managed"
n=$(echo "$native" | sed -n 's/.*= \([0-9]*\) configs\/s.*/\1/p')
m=$(echo "$managed" | sed -n 's/.*= \([0-9]*\) configs\/s.*/\1/p')
awk -v m="$m" -v n="$n" 'BEGIN { printf "ratio vifmap/libxlutil: %.2f\n", m / n }'
