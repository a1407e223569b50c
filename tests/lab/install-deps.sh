#!/bin/sh
# Installs what the lab and its tests need on Debian 12 (bookworm). Needs root.
# Skips apt entirely when everything is already there.
set -eu
# python3: test.sh summary and the netns traffic helper; util-linux (setpriv) and bsdutils (script):
# the permission and terminal-dump lab tests; afl++: the fuzzing step of test.sh (fuzz/run.sh).
# dpkg-dev, lintian, man-db, bash-completion, zsh, fish, systemd: eng/package.sh and tests/package
# (build the .deb, lint it, render its man pages, complete in each shell, verify its units).
packages="xen-utils-4.17 xenstore-utils libxen-dev gcc libc6-dev iproute2 python3 util-linux bsdutils afl++
    dpkg-dev lintian man-db bash-completion zsh fish systemd"
missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    echo "install-deps.sh: all lab packages present"
else
    echo "install-deps.sh: installing$missing"
    apt-get update
    # xen-utils-4.17's postinst prints "Can't find hypervisor information in sysfs!" and still succeeds.
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi

# The metrics tests run the real Prometheus 2.42 (prometheus, promtool) and node_exporter 1.5 of
# Debian 12, unpacked into a folder the tests own: installing the packages would start their services.
prom=$(cd "$(dirname "$0")" && pwd)/build/prometheus
if [ -x "$prom/usr/bin/promtool" ] && [ -x "$prom/usr/bin/prometheus" ] && [ -x "$prom/usr/bin/prometheus-node-exporter" ]; then
    echo "install-deps.sh: prometheus and node_exporter present in $prom"
else
    echo "install-deps.sh: unpacking prometheus and prometheus-node-exporter into $prom"
    download=$(mktemp -d)
    chmod 755 "$download" # apt downloads as user _apt
    (cd "$download" && apt-get download prometheus prometheus-node-exporter) \
        || { apt-get update && (cd "$download" && apt-get download prometheus prometheus-node-exporter); }
    mkdir -p "$prom"
    for deb in "$download"/*.deb; do
        dpkg-deb -x "$deb" "$prom"
    done
    rm -rf "$download"
fi
