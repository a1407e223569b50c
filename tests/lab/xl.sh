#!/bin/sh
# Runs the real xl (Xen 4.17) with the lab shim, against a running lab xenstored, e.g.
#   VIFMAP_LAB_DIR=/tmp/lab tests/lab/xl.sh -N create guest.cfg   # prints libxl's domain JSON
# libxl needs a xenstore connection to initialise even for a dry run (-N sends no request).
#
# Environment read:
#   XENSTORED_PATH   socket of the lab daemon (wins when set), or
#   VIFMAP_LAB_DIR   the DIR given to xenstored-start.sh (socket DIR/socket).
#   VIFMAP_LAB_XL_CONF  file xl reads instead of /etc/xen/xl.conf (global defaults such as
#                    vif.default.bridge). Default: an empty file (tests/lab/build/xl-empty.conf),
#                    so the host's xl.conf never changes an answer. /etc/xen/xl.conf uses the host's.
#   VIFMAP_LAB_SHIM_LOG=1  log each stand-in call on stderr.
# xl writes nothing in a dry run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
xl=/usr/lib/xen-4.17/bin/xl
if [ ! -x "$xl" ]; then
    echo "$0: $xl missing (install xen-utils-4.17: tests/lab/install-deps.sh)" >&2
    exit 2
fi
if [ -z "${XENSTORED_PATH:-}" ]; then
    if [ -z "${VIFMAP_LAB_DIR:-}" ]; then
        echo "$0: set VIFMAP_LAB_DIR (a running xenstored-start.sh DIR) or XENSTORED_PATH" >&2
        exit 2
    fi
    XENSTORED_PATH="$VIFMAP_LAB_DIR/socket"
fi
shim=$("$here/build.sh")
XENSTORED_PATH="$XENSTORED_PATH" VIFMAP_LAB_XL_CONF="${VIFMAP_LAB_XL_CONF:-$here/build/xl-empty.conf}" \
    LD_PRELOAD="$shim" exec "$xl" "$@"
