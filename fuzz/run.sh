#!/usr/bin/env bash
# Fuzzes one Vifmap parser with AFL++ through SharpFuzz (README "Fuzzing").
#   fuzz/run.sh TARGET [--execs N | --hours H]     targets: xlcfg xmcfg vifspec dump snapshot iplink sysfs xsframe
#   fuzz/run.sh all --execs N                      every target in turn (what test.sh runs)
# Builds fuzz/Vifmap.Fuzz, instruments Vifmap.Core.dll with the sharpfuzz tool (.config/dotnet-tools.json),
# and runs afl-fuzz (Debian package afl++) from the seeds in fuzz/corpus/TARGET. Findings go to
# fuzz/findings/TARGET; any crash makes the script exit 1 and prints how to replay it.
# A count of executions (--execs) is deterministic enough for CI; --hours is for long runs by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

targets_all="xlcfg xmcfg vifspec dump snapshot iplink sysfs xsframe"
target=${1:-}
shift || true
limit=(-E 20000)
case "${1:-}" in
    --execs) limit=(-E "$2") ;;
    --hours) limit=(-V "$(python3 -c "print(int(float('$2') * 3600))")") ;;
    "") ;;
    *) echo "usage: fuzz/run.sh TARGET|all [--execs N | --hours H]" >&2; exit 2 ;;
esac
if [ -z "$target" ] || { [ "$target" != all ] && ! [[ " $targets_all " == *" $target "* ]]; }; then
    echo "usage: fuzz/run.sh TARGET|all [--execs N | --hours H]; targets: $targets_all" >&2
    exit 2
fi
command -v afl-fuzz >/dev/null || { echo "fuzz/run.sh: afl-fuzz is missing (apt-get install afl++)" >&2; exit 2; }

bin=fuzz/out/bin
rm -f "$bin/Vifmap.Core.dll" # the build copies a fresh one; sharpfuzz refuses to instrument twice
dotnet build fuzz/Vifmap.Fuzz -c Release -nologo -v quiet -o "$bin" >/dev/null
dotnet tool restore >/dev/null
dotnet tool run sharpfuzz "$bin/Vifmap.Core.dll" >/dev/null

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    AFL_NO_AFFINITY=1 AFL_QUIET=1 DOTNET_TieredPGO=0
status=0
[ "$target" = all ] && targets=$targets_all || targets=$target
for t in $targets; do
    out=fuzz/findings/$t
    rm -rf "$out"
    mkdir -p "$out"
    # -t: a .NET process starts slowly; a real hang is far longer. -m none: the runtime reserves much address space.
    if ! afl-fuzz -i "fuzz/corpus/$t" -o "$out" "${limit[@]}" -t 10000 -m none -- dotnet "$bin/Vifmap.Fuzz.dll" "$t" \
            >"$out/afl.log" 2>&1; then
        tail -20 "$out/afl.log" >&2
        echo "fuzz $t: afl-fuzz failed" >&2
        status=1
        continue
    fi
    stats=$out/default/fuzzer_stats
    execs=$(awk -F' *: *' '$1=="execs_done"{print $2}' "$stats")
    paths=$(awk -F' *: *' '$1=="corpus_count"{print $2}' "$stats")
    crashes=$(find "$out/default/crashes" -type f ! -name README.txt | wc -l)
    hangs=$(find "$out/default/hangs" -type f | wc -l)
    echo "fuzz $t: $execs executions, $paths inputs in corpus, $crashes crashes, $hangs hangs"
    if [ "$crashes" -gt 0 ]; then
        echo "  replay: dotnet $bin/Vifmap.Fuzz.dll $t --replay $out/default/crashes" >&2
        status=1
    fi
done
exit $status
