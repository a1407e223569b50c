#!/bin/bash
# The demo lab host (the ls issue §4), built from real pieces:
#   xs      print the xenstore nodes as NUL-separated pairs (pipe into xs_apply / xs-bulk-write)
#   fill    write them into the daemon at XENSTORED_PATH and INTRODUCE the guests
#   net NS  create dom0's interfaces in network namespace NS (guest ends in NS-g), move counters
#   destroy NS  stop the tap holder, delete the namespaces
#   release-taps NS  the tap holder exits (netns-traffic.py write can then move a tap's counters)
#   recreate NS D  win10 (domid 2) shut down and created again as domid D, as xl does on a reboot:
#               new domid, same name, uuid and NIC; its interfaces are vifD.0 and the tap vifD.0-emu
#               (held by nobody: netns-traffic.py write moves its counters)
#
# Guests (domid: what it shows):
#   1      web      PV, 3 NICs, frontends connected
#   2      win10    HVM without PV drivers: emulated path (tap vif2.0-emu, traffic), vif2.0 no carrier
#   3      deb-hvm  PVHVM: frontend connected, tap unplugged (gone)
#   4      mail     HVM, vifname=mail0: mail0 + mail0-emu, emulated path
#   5      legacy   HVM with stub domain 6 (legacy-dm): stub vif vif6.0 carries the emulated NIC
#   7      netdd    driver domain; serves NIC 0 of guest 8
#   8      tenant   NIC 0 in driver domain 7, NIC 1 in dom0
#   31234  rnd      PV with a random 5-digit domid
#   and an orphan interface vif9.0 (domain 9 does not exist) on xenbr0.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=libxl.sh
source "$here/libxl.sh"
# shellcheck source=../netns.sh
source "$here/../netns.sh"

GUESTS="1 2 3 4 5 6 7 8 31234"

xs() {
    xs_dom0
    xs_domain 1 web 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b01 pv
    for n in 0 1 2; do
        bridge=xenbr0; [ "$n" = 2 ] && bridge=xenbr1
        xs_nic 0 1 "$n" "00:16:3e:4a:01:0$n" "$bridge" vif
        xs_netback_ready 0 1 "$n"
        xs_frontend_connected 0 1 "$n"
    done

    xs_domain 2 win10 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b02 hvm
    xs_nic 0 2 0 00:16:3e:4a:02:00 xenbr0 vif_ioemu
    xs_netback_ready 0 2 0

    xs_domain 3 deb-hvm 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b03 hvm
    xs_nic 0 3 0 00:16:3e:4a:03:00 xenbr0 vif_ioemu
    xs_netback_ready 0 3 0
    xs_frontend_connected 0 3 0

    xs_domain 4 mail 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b04 hvm
    xs_nic 0 4 0 00:16:3e:4a:04:00 xenbr1 vif_ioemu mail0
    xs_netback_ready 0 4 0

    xs_domain 5 legacy 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b05 hvm
    xs_stubdom 5 6 legacy 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b06
    xs_nic 0 5 0 00:16:3e:4a:05:00 xenbr0 vif_ioemu
    xs_netback_ready 0 5 0
    # libxl__dm_vifs_from_hvm_guest_config: the stub gets a copy of the NIC with nictype VIF (§3.5).
    xs_nic 0 6 0 00:16:3e:4a:05:00 xenbr0 vif
    xs_netback_ready 0 6 0
    xs_frontend_connected 0 6 0

    xs_domain 7 netdd 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b07 pv
    xs_domain 8 tenant 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b08 pv
    xs_nic 7 8 0 00:16:3e:4a:08:00 br-tenant vif
    xs_netback_ready 7 8 0
    xs_frontend_connected 7 8 0
    xs_nic 0 8 1 00:16:3e:4a:08:01 xenbr0 vif
    xs_netback_ready 0 8 1
    xs_frontend_connected 0 8 1

    xs_domain 31234 rnd 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b09 pv
    xs_nic 0 31234 0 00:16:3e:4a:09:00 xenbr0 vif
    xs_netback_ready 0 31234 0
    xs_frontend_connected 0 31234 0
}

fill() {
    xs | xs_apply
    xs_introduce $GUESTS
}

net() {
    ns=$1
    ns_create "$ns"
    ns_bridge "$ns" xenbr0
    ns_bridge "$ns" xenbr1
    ns_netback "$ns" vif1.0 xenbr0 up
    ns_netback "$ns" vif1.1 xenbr0 up
    ns_netback "$ns" vif1.2 xenbr1 up
    ns_netback "$ns" vif2.0 xenbr0 down
    ns_tap "$ns" vif2.0-emu xenbr0
    ns_netback "$ns" vif3.0 xenbr0 up
    ns_netback "$ns" vif4.0 xenbr1 down
    ns_tap "$ns" vif4.0-emu xenbr1
    # vif-common.sh rename_vif: created with the default names, renamed by hotplug (§3.2).
    ns_rename "$ns" vif4.0 mail0
    ns_rename "$ns" vif4.0-emu mail0-emu
    ns_netback "$ns" vif5.0 xenbr0 down
    ns_netback "$ns" vif6.0 xenbr0 up
    ns_netback "$ns" vif8.1 xenbr0 up
    ns_netback "$ns" vif31234.0 xenbr0 up
    ns_netback "$ns" vif9.0 xenbr0 down
    # QEMU holds the taps; guests send a known number of frames (dom0 counts them as rx).
    ns_hold_taps "$ns" vif2.0-emu:10 mail0-emu:3
    ns_guest_send "$ns" vif1.0 5
    ns_guest_send "$ns" vif3.0 4
    ns_guest_send "$ns" vif6.0 7
    ns_guest_send "$ns" vif8.1 2
    ns_guest_send "$ns" vif31234.0 1
}

# release_taps NS: the tap holder (QEMU's stand-in) lets go of the taps; they stay, with their counters.
release_taps() {
    holder=/run/vifmap-lab-$1.holder.pid
    if [ -f "$holder" ]; then
        kill "$(cat "$holder")" 2>/dev/null || true
        rm -f "$holder"
    fi
}

recreate() {
    ns=$1 d=$2
    # QEMU of the old domain exits: the tap holder lets go of vif2.0-emu.
    release_taps "$ns"
    xenstore-rm /local/domain/0/backend/vif/2
    xenstore-rm /local/domain/2
    xenstore-rm /libxl/2
    ip -n "$ns" link del vif2.0
    ip -n "$ns" link del vif2.0-emu
    {
        xs_domain "$d" win10 8a3c9b2e-5d41-4f6a-9e1b-2c7d8f0a1b02 hvm
        xs_nic 0 "$d" 0 00:16:3e:4a:02:00 xenbr0 vif_ioemu
        xs_netback_ready 0 "$d" 0
    } | xs_apply
    xs_introduce "$d"
    ns_netback "$ns" "vif$d.0" xenbr0 down
    ns_tap "$ns" "vif$d.0-emu" xenbr0
}

case "${1:-}" in
xs) xs ;;
fill) fill ;;
net) net "${2:?usage: $0 net NS}" ;;
destroy) ns_destroy "${2:?usage: $0 destroy NS}" ;;
release-taps) release_taps "${2:?usage: $0 release-taps NS}" ;;
recreate) recreate "${2:?usage: $0 recreate NS DOMID}" "${3:?usage: $0 recreate NS DOMID}" ;;
*) echo "usage: $0 xs | fill | net NS | destroy NS | recreate NS DOMID" >&2; exit 2 ;;
esac
