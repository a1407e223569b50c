#!/bin/sh
# Builds the native libxlutil parse harness (needs gcc and libxen-dev).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/bin}
mkdir -p "$out"
gcc -O2 -Wall -Wextra -o "$out/xlu_parse_bench" "$here/xlu_parse_bench.c" -lxlutil
echo "$out/xlu_parse_bench"
