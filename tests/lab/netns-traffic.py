#!/usr/bin/env python3
"""Moves the counters of the lab's interfaces with real frames.

  hold PIDFILE TAP:FRAMES...  attach to each tap with TUNSETIFF (as QEMU does), write FRAMES
                              frames into it, write PIDFILE, then keep the taps open until SIGTERM
  send IFACE FRAMES           send FRAMES frames out of IFACE with an AF_PACKET socket
  write TAP FRAMES            attach to TAP (nobody else may hold it), write FRAMES frames, let go

Each frame is 60 bytes, sent from and to the same made-up MAC (ethertype 0x88b5, local
experimental): the bridge learns the MAC on the ingress port and drops the frame instead of
flooding it, so only the sending interface's counters move.
"""
import fcntl
import os
import signal
import socket
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
MAC = bytes.fromhex("02000000beef")
FRAME = MAC + MAC + b"\x88\xb5" + bytes(46)


def hold(pidfile, specs):
    fds = []
    for spec in specs:
        name, frames = spec.rsplit(":", 1)
        fd = os.open("/dev/net/tun", os.O_RDWR)
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
        for _ in range(int(frames)):
            os.write(fd, FRAME)
        fds.append(fd)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with open(pidfile + ".tmp", "w") as f:
        f.write(str(os.getpid()))
    os.rename(pidfile + ".tmp", pidfile)
    while True:
        signal.pause()


def write(name, frames):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    for _ in range(frames):
        os.write(fd, FRAME)
    os.close(fd)


def send(iface, frames):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    for _ in range(frames):
        s.send(FRAME)
    s.close()


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "hold":
        hold(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 4 and sys.argv[1] == "send":
        send(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit("usage: netns-traffic.py hold PIDFILE TAP:FRAMES... | send IFACE FRAMES | write TAP FRAMES")
