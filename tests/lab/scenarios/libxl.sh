# Sourced by scenario scripts: emits the xenstore nodes libxl 4.17 writes, as NUL-separated
# "path\0value\0" pairs on stdout, for tests/lab/build/xs-bulk-write (or xs_apply below).
#
# What libxl writes, and where (Xen RELEASE-4.17.0, tools/libs/light/):
#   domain:  libxl_create.c libxl__domain_make (vm, name, /vm/<uuid>/{uuid,name}, control/...,
#            /libxl/<D>/type), libxl_dom.c libxl__build_post (domid, memory/*, store/*)
#   stubdom: libxl_dm.c libxl__spawn_stub_dm (name <guest>-dm, target, image/device-model-domid)
#   nic:     libxl_device.c libxl__device_generic_add + libxl_nic.c libxl__set_xenstore_nic:
#            backend  frontend frontend-id online state=1 script [vifname] mac bridge handle type
#                     hotplug-status="" (4.17+)
#            frontend backend backend-id state=1 handle mac mtu trusted
#            /libxl/<D>/device/vif/<N>: frontend backend + a copy of the backend keys (stale state)
#   then the kernel (netback) and the hotplug script move things on (reference §4.5):
#            netback probe: backend state 2; vif-bridge: hotplug-status=connected;
#            a PV frontend: frontend ring keys, frontend state 4, backend state 4.
# Permissions (xs_set_permissions) are not reproduced: dom0 reads everything anyway.

# emit PATH VALUE
emit() {
    printf '%s\0%s\0' "$1" "$2"
}

# xs_dom0: what xen-init-dom0 writes for domain 0.
xs_dom0() {
    emit /local/domain/0/name Domain-0
    emit /local/domain/0/domid 0
}

# xs_domain DOMID NAME UUID TYPE(pv|hvm)
xs_domain() {
    d=$1 name=$2 uuid=$3 type=$4
    dom=/local/domain/$d
    emit "/vm/$uuid/uuid" "$uuid"
    emit "/vm/$uuid/name" "$name"
    emit "/vm/$uuid/start_time" "1764190000.00"
    emit "$dom/vm" "/vm/$uuid"
    emit "$dom/name" "$name"
    emit "$dom/domid" "$d"
    emit "$dom/cpu/0/availability" online
    emit "$dom/memory/static-max" 1048576
    emit "$dom/memory/target" 1048576
    emit "$dom/memory/videoram" 0
    emit "$dom/store/port" 1
    emit "$dom/store/ring-ref" 1044476
    emit "$dom/console/port" 2
    emit "$dom/console/ring-ref" 1044477
    emit "$dom/control/shutdown" ""
    emit "$dom/control/feature-poweroff" ""
    emit "$dom/control/feature-reboot" ""
    emit "$dom/control/feature-suspend" ""
    emit "$dom/control/sysrq" ""
    emit "$dom/control/platform-feature-multiprocessor-suspend" 1
    emit "$dom/control/platform-feature-xs_reset_watches" 1
    emit "$dom/data" ""
    emit "$dom/drivers" ""
    emit "$dom/feature" ""
    emit "$dom/attr" ""
    emit "$dom/error" ""
    emit "$dom/device" ""
    emit "/libxl/$d/type" "$type"
    if [ "$type" = hvm ]; then
        emit "$dom/hvmloader/allow-memory-relocate" 1
        emit "/libxl/$d/dm-version" qemu_xen
    fi
}

# xs_stubdom GUEST STUB GUESTNAME UUID: the device-model stub domain of an HVM guest.
xs_stubdom() {
    guest=$1 stub=$2 gname=$3 uuid=$4
    xs_domain "$stub" "$gname-dm" "$uuid" pv
    emit "/local/domain/$stub/target" "$guest"
    emit "/local/domain/$guest/image/device-model-domid" "$stub"
}

# xs_nic BACKEND DOMID DEVID MAC BRIDGE TYPE(vif|vif_ioemu) [VIFNAME]: the NIC as libxl creates it.
xs_nic() {
    be=$1 d=$2 n=$3 mac=$4 bridge=$5 type=$6 vifname=${7:-}
    bpath=/local/domain/$be/backend/vif/$d/$n
    fpath=/local/domain/$d/device/vif/$n
    lpath=/libxl/$d/device/vif/$n
    emit "$lpath/frontend" "$fpath"
    emit "$lpath/backend" "$bpath"
    emit "$fpath/backend" "$bpath"
    emit "$fpath/backend-id" "$be"
    emit "$fpath/state" 1
    emit "$fpath/handle" "$n"
    emit "$fpath/mac" "$mac"
    emit "$fpath/mtu" 1500
    emit "$fpath/trusted" 1
    emit "$bpath/frontend" "$fpath"
    for p in "$bpath" "$lpath"; do
        emit "$p/frontend-id" "$d"
        emit "$p/online" 1
        emit "$p/state" 1
        emit "$p/script" /etc/xen/scripts/vif-bridge
        if [ -n "$vifname" ]; then
            emit "$p/vifname" "$vifname"
        fi
        emit "$p/mac" "$mac"
        emit "$p/bridge" "$bridge"
        emit "$p/handle" "$n"
        emit "$p/type" "$type"
        emit "$p/hotplug-status" ""
    done
}

# xs_netback_ready BACKEND DOMID DEVID: netback probed (state 2, features) and vif-bridge succeeded.
xs_netback_ready() {
    bpath=/local/domain/$1/backend/vif/$2/$3
    emit "$bpath/feature-sg" 1
    emit "$bpath/feature-gso-tcpv4" 1
    emit "$bpath/feature-gso-tcpv6" 1
    emit "$bpath/feature-rx-copy" 1
    emit "$bpath/feature-rx-flip" 0
    emit "$bpath/feature-split-event-channels" 1
    emit "$bpath/multi-queue-max-queues" 2
    emit "$bpath/state" 2
    emit "$bpath/hotplug-status" connected
}

# xs_frontend_connected BACKEND DOMID DEVID: the guest's netfront connected (reference §4.2, §4.5).
xs_frontend_connected() {
    be=$1 d=$2 n=$3
    fpath=/local/domain/$d/device/vif/$n
    emit "$fpath/tx-ring-ref" 8
    emit "$fpath/rx-ring-ref" 9
    emit "$fpath/event-channel" 10
    emit "$fpath/request-rx-copy" 1
    emit "$fpath/feature-rx-notify" 1
    emit "$fpath/feature-sg" 1
    emit "$fpath/feature-gso-tcpv4" 1
    emit "$fpath/state" 4
    emit "/local/domain/$be/backend/vif/$d/$n/state" 4
}

# xs_apply: writes the pairs read on stdin into the daemon at XENSTORED_PATH, with the lab's
# pipelined writer when built (tests/lab/build.sh), else with xenstore-write in small batches.
xs_apply() {
    lab=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    if [ -x "$lab/build/xs-bulk-write" ]; then
        "$lab/build/xs-bulk-write"
    else
        xargs -0 -n 64 xenstore-write
    fi
}

# xs_introduce DOMID...: XS_INTRODUCE each guest as libxl does after building it (xs-introduce.c,
# compiled once into tests/lab/build/).
xs_introduce() {
    lab=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    tool=$lab/build/xs-introduce
    src=$lab/scenarios/xs-introduce.c
    if [ ! -x "$tool" ] || [ "$src" -nt "$tool" ]; then
        mkdir -p "$lab/build"
        tmp=$lab/build/.tmp.$$.xs-introduce
        gcc -O2 -Wall -Wextra -Werror -o "$tmp" "$src" -lxenstore
        mv -f "$tmp" "$tool"
    fi
    "$tool" "$@"
}
