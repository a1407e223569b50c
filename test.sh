#!/usr/bin/env bash
# Runs every Vifmap test on a Debian 12 machine with the .NET 10 SDK, installing what the tests need:
# the Debian Xen packages (real xenstored, xl, libxlutil, xenstore clients), the lab's preload shim,
# then build (zero warnings), all test projects (lab tests included), a Native AOT publish that
# must be free of trim/AOT warnings, and the Debian package and dotnet tool built from that publish
# (eng/package.sh) and tested installed (tests/package). Needs root (apt, network namespaces,
# xenstored's socket).
set -euo pipefail
cd "$(dirname "$0")"

if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: run as root (it installs packages and creates network namespaces)" >&2
    exit 2
fi
command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 2; }

echo "== installing test dependencies"
tests/lab/install-deps.sh
echo "== building the lab"
tests/lab/build.sh

echo "== building (warnings are errors)"
dotnet build Vifmap.slnx -c Release -nologo -v quiet

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
for project in tests/Vifmap.Tests tests/Vifmap.Cli.Tests tests/Vifmap.LabTests; do
    name=$(basename "$project")
    echo "== $name"
    if ! dotnet test "$project" -c Release --no-build -nologo \
            --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=minimal"; then
        status=1
    fi
done

echo "== Native AOT publish (no trim/AOT warnings allowed)"
publish_log="$results/publish.log"
if ! dotnet publish src/Vifmap.Cli -c Release -r linux-x64 -nologo -o artifacts/aot >"$publish_log" 2>&1; then
    cat "$publish_log"; status=1
elif grep -E "warning (IL|AOT)[0-9]+" "$publish_log"; then
    echo "AOT publish produced warnings" >&2; status=1
else
    echo "artifacts/aot/vifmap ($(du -h artifacts/aot/vifmap | cut -f1))"
    # The package is built from the binary just published and checked (no second AOT compile for
    # the .deb), then installed into a throwaway root and checked as an admin would meet it.
    echo "== Debian package and dotnet tool (eng/package.sh), tested (tests/package)"
    if ! eng/package.sh --aot artifacts/aot; then
        status=1
    elif ! tests/package/test-package.sh artifacts/vifmap_"$(dotnet msbuild src/Vifmap.Cli -nologo -getProperty:Version)"_amd64.deb; then
        status=1
    fi
fi

# One closing line over all projects, summed from the TRX result files.
python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for trx in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(trx).getroot().find(".//{*}Counters")
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0))
    s += int(c.get("notExecuted", 0))
print(f"tests: {p} passed, {f} failed, {s} skipped")
PY
exit $status
