# Sourced by scenario scripts: dom0's side of guest networking, made of real interfaces in a
# network namespace (real-xen-lab.md "Network side"). The namespace NS is "dom0"; NS-g holds the
# guests' ends of the veth pairs, so only dom0's interfaces appear in NS.
#   netback vif  -> a veth (netback's xen-backend device cannot be faked); "up" = frontend
#                   connected (carrier on), "down" = no frontend (NO-CARRIER, §4.5)
#   QEMU tap     -> a tap (ip tuntap); netns-traffic.py holds it open like QEMU and writes frames
# IPv6 is off in both namespaces so the counters move only by the frames the test sends.

ns_create() {
    ns=$1
    ip netns add "$ns"
    ip netns add "$ns-g"
    for n in "$ns" "$ns-g"; do
        ip -n "$n" link set lo up
        ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    done
}

# ns_destroy NS: stops the tap holder (if any) and deletes both namespaces.
ns_destroy() {
    ns=$1
    holder=/run/vifmap-lab-$ns.holder.pid
    if [ -f "$holder" ]; then
        kill "$(cat "$holder")" 2>/dev/null || true
        rm -f "$holder"
    fi
    ip netns del "$ns" 2>/dev/null || true
    ip netns del "$ns-g" 2>/dev/null || true
}

ns_bridge() {
    ip -n "$1" link add "$2" type bridge
    ip -n "$1" link set "$2" up
}

# ns_guest_end NAME: the guest-side veth name for a dom0 vif (unique, at most 15 characters).
ns_guest_end() {
    printf 'g%s' "${1:0:14}"
}

# ns_netback NS NAME BRIDGE up|down
ns_netback() {
    ns=$1 name=$2 bridge=$3 state=$4
    peer=$(ns_guest_end "$name")
    ip -n "$ns" link add "$name" type veth peer name "$peer" netns "$ns-g"
    ip -n "$ns" link set "$name" master "$bridge" up
    if [ "$state" = up ]; then
        ip -n "$ns-g" link set "$peer" up
    fi
}

# ns_tap NS NAME BRIDGE
ns_tap() {
    ip -n "$1" tuntap add dev "$2" mode tap
    ip -n "$1" link set "$2" master "$3" up
}

# ns_rename NS OLD NEW: what vif-common.sh rename_vif does once hotplug runs (§3.2).
ns_rename() {
    ip -n "$1" link set "$2" down
    ip -n "$1" link set "$2" name "$3"
    ip -n "$1" link set "$3" up
}

# ns_hold_taps NS TAP:FRAMES...: attaches to each tap as QEMU does, writes FRAMES 60-byte frames
# into it (dom0 counts them as rx), and keeps the taps open until ns_destroy.
ns_hold_taps() {
    ns=$1
    shift
    holder=/run/vifmap-lab-$ns.holder.pid
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    rm -f "$holder"
    ip netns exec "$ns" python3 "$here/netns-traffic.py" hold "$holder" "$@" </dev/null >/dev/null 2>&1 &
    for _ in $(seq 100); do
        [ -s "$holder" ] && return 0
        sleep 0.05
    done
    echo "ns_hold_taps: the tap holder did not start" >&2
    return 1
}

# ns_guest_send NS VIF FRAMES: the guest sends FRAMES frames out of its end; dom0's VIF counts them as rx.
ns_guest_send() {
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    ip netns exec "$1-g" python3 "$here/netns-traffic.py" send "$(ns_guest_end "$2")" "$3"
}
