#!/bin/sh
# Builds the lab's native pieces into tests/lab/build/ (gitignored):
#   vifmap-lab-shim.so  LD_PRELOAD stand-in for the hypervisor (shim.c)
#   xs-bulk-write       fast pipelined filler for a lab xenstored (xs-bulk-write.c)
#   xl-empty.conf       the empty global xl config xl.sh uses by default
# Idempotent: recompiles a piece only when its source is newer. Prints the shim's path.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/build"
if [ ! -f /usr/include/xenctrl.h ] || [ ! -f /usr/include/xen/io/xs_wire.h ]; then
    echo "build.sh: Xen headers missing (install libxen-dev: tests/lab/install-deps.sh)" >&2
    exit 2
fi
if ! command -v gcc >/dev/null 2>&1; then
    echo "build.sh: gcc missing (tests/lab/install-deps.sh)" >&2
    exit 2
fi
mkdir -p "$out"

# build SOURCE TARGET GCC-ARGS...: compiles to a temporary name and renames, so a parallel
# test run never loads a half-written file.
build() {
    src=$1 target=$2
    shift 2
    if [ ! -f "$target" ] || [ "$src" -nt "$target" ]; then
        tmp="$out/.tmp.$$.$(basename "$target")"
        gcc -O2 -Wall -Wextra -Werror "$@" -o "$tmp" "$src"
        mv -f "$tmp" "$target"
    fi
}
build "$here/shim.c" "$out/vifmap-lab-shim.so" -shared -fPIC -ldl
build "$here/xs-bulk-write.c" "$out/xs-bulk-write"
# An empty xl.conf for xl.sh: xl insists on a plain file (/dev/null is refused).
[ -f "$out/xl-empty.conf" ] || : > "$out/xl-empty.conf"
echo "$out/vifmap-lab-shim.so"
