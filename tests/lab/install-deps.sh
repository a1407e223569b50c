#!/bin/sh
# Installs what the lab and its tests need on Debian 12 (bookworm). Needs root.
# Skips apt entirely when everything is already there.
set -eu
# python3: test.sh summary and the netns traffic helper; util-linux (setpriv) and bsdutils (script):
# the permission and terminal-dump lab tests.
# dpkg-dev, lintian, man-db, bash-completion, zsh, fish, systemd: eng/package.sh and tests/package
# (build the .deb, lint it, render its man pages, complete in each shell, verify its units).
packages="xen-utils-4.17 xenstore-utils libxen-dev gcc libc6-dev iproute2 python3 util-linux bsdutils
    dpkg-dev lintian man-db bash-completion zsh fish systemd"
missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    echo "install-deps.sh: all lab packages present"
    exit 0
fi
echo "install-deps.sh: installing$missing"
apt-get update
# xen-utils-4.17's postinst prints "Can't find hypervisor information in sysfs!" and still succeeds.
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
