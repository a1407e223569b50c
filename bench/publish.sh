#!/bin/sh
# The benchmarks' vifmap, built as the Debian package installs it (eng/package.sh):
# artifacts/aot-bench/vifmap is /usr/bin/vifmap (no Kestrel, packed relocations) and
# artifacts/aot-bench/vifmap-serve the whole program its `serve` execs. Prints the path of vifmap.
# Usage: VIFMAP=$(bench/publish.sh)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/artifacts/aot-bench
echo "== publishing AOT vifmap and vifmap-serve into $out" >&2
dotnet publish "$root/src/Vifmap.Cli" -c Release -r linux-x64 -nologo -o "$out/whole" >/dev/null
dotnet publish "$root/src/Vifmap.Cli" -c Release -r linux-x64 -nologo -o "$out" -p:VifmapDebianBinary=true >/dev/null
cp "$out/whole/vifmap" "$out/vifmap-serve"
echo "$out/vifmap"
