#!/bin/sh
# Prints the xenstore nodes of a benchmark-sized host as NUL-separated "path\0value\0" pairs,
# ready for xs-bulk-write: GUESTS guests (domids 1..GUESTS, named guest-D), each with NICS PV
# NICs in backend domain 0, laid out as libxl 4.17 writes them (xen-reference.md §4.1-4.3):
# /local/domain/D/{name,domid}, /local/domain/0/backend/vif/D/N/*, /local/domain/D/device/vif/N/*,
# /libxl/D/device/vif/N/*. MACs are 00:16:3e:HH:LL:NN from the domid and the devid.
# The same tree as LabGuestTree.Host in tests/Vifmap.LabTests (a lab test keeps them equal).
#
# Usage: host-tree.sh GUESTS NICS | XENSTORED_PATH=DIR/socket tests/lab/build/xs-bulk-write
set -eu
if [ $# -ne 2 ]; then
    echo "usage: $0 GUESTS NICS" >&2
    exit 2
fi
guests=$1
nics=$2
script=/etc/xen/scripts/vif-bridge
d=1
while [ "$d" -le "$guests" ]; do
    printf '%s\0%s\0' "/local/domain/$d/name" "guest-$d" "/local/domain/$d/domid" "$d"
    n=0
    while [ "$n" -lt "$nics" ]; do
        mac=$(printf '00:16:3e:%02x:%02x:%02x' $(((d >> 8) & 255)) $((d & 255)) "$n")
        be=/local/domain/0/backend/vif/$d/$n
        fe=/local/domain/$d/device/vif/$n
        mi=/libxl/$d/device/vif/$n
        printf '%s\0%s\0' \
            "$be/frontend" "$fe" "$be/frontend-id" "$d" "$be/online" 1 "$be/state" 4 \
            "$be/script" "$script" "$be/mac" "$mac" "$be/bridge" xenbr0 "$be/handle" "$n" \
            "$be/type" vif "$be/hotplug-status" connected \
            "$fe/backend" "$be" "$fe/backend-id" 0 "$fe/state" 4 "$fe/handle" "$n" \
            "$fe/mac" "$mac" "$fe/mtu" 1500 "$fe/trusted" 1 \
            "$mi/backend" "$be" \
            "$mi/frontend" "$fe" "$mi/frontend-id" "$d" "$mi/online" 1 "$mi/state" 1 \
            "$mi/script" "$script" "$mi/mac" "$mac" "$mi/bridge" xenbr0 "$mi/handle" "$n" \
            "$mi/type" vif "$mi/hotplug-status" connected
        n=$((n + 1))
    done
    d=$((d + 1))
done
