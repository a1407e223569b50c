#!/usr/bin/env python3
"""Writes a big host as `vifmap ls --xenstore-dump` input: DIR/xs.txt (what `xenstore-ls -f` prints,
libxl 4.17's layout: reference §4.1-4.3, as tests/lab/host-tree.sh and bench/compare/ls-1000x4.sh
write it) and DIR/links.json (what `ip -j -s -d link show` prints: a bridge per 100 guests, a netback
vif per NIC, a QEMU tap per NIC of an HVM guest).

Usage: make-host.py DIR GUESTS NICS [--sparse] [--hvm-every K]
  --sparse       devids spread out (devid n*STRIDE + domid % 7, up to ~30,000) instead of 0..NICS-1
  --hvm-every K  every K-th guest is HVM (vif_ioemu, a tap, frontend not connected); default 2;
                 0 = all PV. Interface names stay within IFNAMSIZ (15 bytes), as the kernel requires.
Deterministic: the same arguments give the same files."""
import json
import os
import sys


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    sparse = "--sparse" in argv
    hvm_every = 2
    if "--hvm-every" in argv:
        hvm_every = int(argv[argv.index("--hvm-every") + 1])
        args.remove(str(hvm_every))
    if len(args) != 3:
        sys.exit(__doc__)
    out, guests, nics = args[0], int(args[1]), int(args[2])
    stride = max(1, 30000 // max(nics, 1)) if sparse else 1
    os.makedirs(out, exist_ok=True)
    script = "/etc/xen/scripts/vif-bridge"
    ifindex = [1]

    def link(name, master, kind_slave, mac, extra=None):
        ifindex[0] += 1
        i = ifindex[0]
        d = {
            "ifindex": i, "ifname": name, "flags": ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
            "mtu": 1500, "qdisc": "noqueue" if kind_slave else "noqueue", "operstate": "UP",
            "linkmode": "DEFAULT", "group": "default", "txqlen": 1000, "link_type": "ether",
            "address": mac, "broadcast": "ff:ff:ff:ff:ff:ff", "promiscuity": 1 if master else 0,
            "allmulti": 0, "min_mtu": 68, "max_mtu": 65535,
        }
        if master:
            d["master"] = master
            d["linkinfo"] = {"info_slave_kind": "bridge", "info_slave_data": {
                "state": "forwarding", "priority": 32, "cost": 2, "hairpin": False, "guard": False,
                "root_block": False, "fastleave": False, "learning": True, "flood": True,
                "port_id": "0x8001", "port_no": "0x1", "designated_port": 32769,
                "designated_cost": 0, "bridge_id": "8000.0:16:3e:0:0:1", "root_id": "8000.0:16:3e:0:0:1",
                "hold_timer": 0.0, "message_age_timer": 0.0, "forward_delay_timer": 0.0,
                "topology_change_ack": 0, "config_pending": 0, "proxy_arp": False,
                "proxy_arp_wifi": False, "multicast_router": 1, "mcast_flood": True,
                "bcast_flood": True, "mcast_to_unicast": False, "neigh_suppress": False,
                "group_fwd_mask": "0", "group_fwd_mask_str": "0x0", "vlan_tunnel": False,
                "isolated": False, "locked": False}}
        if extra:
            d["linkinfo"] = dict(d.get("linkinfo", {}), **extra)
        d.update({"inet6_addr_gen_mode": "none", "num_tx_queues": 1, "num_rx_queues": 1,
                  "gso_max_size": 65536, "gso_max_segs": 65535, "tso_max_size": 65536,
                  "tso_max_segs": 65535, "gro_max_size": 65536,
                  "stats64": {"rx": {"bytes": 1000 * i, "packets": 10 * i, "errors": 0, "dropped": 0,
                                     "over_errors": 0, "multicast": 0},
                              "tx": {"bytes": 2000 * i, "packets": 20 * i, "errors": 0, "dropped": 0,
                                     "carrier_errors": 0, "collisions": 0}}})
        return d

    links = [{"ifindex": 1, "ifname": "lo", "flags": ["LOOPBACK", "UP", "LOWER_UP"], "mtu": 65536,
              "operstate": "UNKNOWN", "link_type": "loopback", "address": "00:00:00:00:00:00",
              "stats64": {"rx": {"bytes": 0, "packets": 0}, "tx": {"bytes": 0, "packets": 0}}}]
    for b in range(guests // 100 + 1):
        links.append(link(f"xenbr{b}", None, False, "00:16:3e:00:00:01", {"info_kind": "bridge"}))

    w = open(os.path.join(out, "xs.txt"), "w")
    p = w.write
    p('/local = ""\n/local/domain = ""\n/local/domain/0 = ""\n/local/domain/0/name = "Domain-0"\n'
      '/local/domain/0/domid = "0"\n/local/domain/0/backend = ""\n/local/domain/0/backend/vif = ""\n')
    count = 0
    for d in range(1, guests + 1):
        hvm = hvm_every > 0 and d % hvm_every == 1 % hvm_every
        nictype = "vif_ioemu" if hvm else "vif"
        bridge = f"xenbr{d // 100}"
        be0 = f"/local/domain/0/backend/vif/{d}"
        p(f'{be0} = ""\n')
        for n in range(nics):
            devid = n * stride + (d % 7 if sparse else 0)
            mac = f"00:16:3e:{(d >> 8) & 255:02x}:{d & 255:02x}:{n & 255:02x}"
            be = f"{be0}/{devid}"
            fe = f"/local/domain/{d}/device/vif/{devid}"
            p(f'{be} = ""\n{be}/frontend = "{fe}"\n{be}/frontend-id = "{d}"\n{be}/online = "1"\n'
              f'{be}/state = "4"\n{be}/script = "{script}"\n{be}/mac = "{mac}"\n{be}/bridge = "{bridge}"\n'
              f'{be}/handle = "{devid}"\n{be}/type = "{nictype}"\n{be}/hotplug-status = "connected"\n'
              f'{be}/feature-sg = "1"\n{be}/feature-gso-tcpv4 = "1"\n{be}/feature-rx-copy = "1"\n')
            links.append(link(f"vif{d}.{devid}", bridge, True, "fe:ff:ff:ff:ff:ff"))
            if hvm:
                links.append(link(f"vif{d}.{devid}-emu", bridge, True, mac, {"info_kind": "tun"}))
            count += 1
    for d in range(1, guests + 1):
        hvm = hvm_every > 0 and d % hvm_every == 1 % hvm_every
        dom = f"/local/domain/{d}"
        uuid = f"00000000-0000-4000-8000-{d:012d}"
        p(f'{dom} = ""\n{dom}/vm = "/vm/{uuid}"\n{dom}/name = "guest-{d}"\n{dom}/domid = "{d}"\n'
          f'{dom}/cpu = ""\n{dom}/cpu/0 = ""\n{dom}/cpu/0/availability = "online"\n'
          f'{dom}/memory = ""\n{dom}/memory/static-max = "1048576"\n{dom}/memory/target = "1048577"\n'
          f'{dom}/device = ""\n{dom}/device/vif = ""\n')
        for n in range(nics):
            devid = n * stride + (d % 7 if sparse else 0)
            mac = f"00:16:3e:{(d >> 8) & 255:02x}:{d & 255:02x}:{n & 255:02x}"
            fe = f"{dom}/device/vif/{devid}"
            state = "1" if hvm else "4"
            p(f'{fe} = ""\n{fe}/backend = "/local/domain/0/backend/vif/{d}/{devid}"\n{fe}/backend-id = "0"\n'
              f'{fe}/state = "{state}"\n{fe}/handle = "{devid}"\n{fe}/mac = "{mac}"\n')
            if not hvm:
                p(f'{fe}/tx-ring-ref = "{8 + devid}"\n{fe}/rx-ring-ref = "{9 + devid}"\n'
                  f'{fe}/event-channel = "{20 + devid}"\n{fe}/request-rx-copy = "1"\n')
    p('/libxl = ""\n')
    for d in range(1, guests + 1):
        hvm = hvm_every > 0 and d % hvm_every == 1 % hvm_every
        p(f'/libxl/{d} = ""\n/libxl/{d}/type = "{"hvm" if hvm else "pv"}"\n'
          f'/libxl/{d}/dm-version = "qemu_xen"\n')
    w.close()
    with open(os.path.join(out, "links.json"), "w") as f:
        json.dump(links, f, separators=(",", ":"))
    print(f"{out}: {guests} guests, {count} NICs, {len(links)} links", file=sys.stderr)


main(sys.argv[1:])
