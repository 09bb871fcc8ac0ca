#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Listen to the kernel's psample genl family and print each sample.

    psample_rx.py [--ready FILE] [--done FILE2] [--idle SECS] [--count N]

Joins the "packets" multicast group of family "psample" (what hsflowd's
psample module reads), touches FILE once subscribed, and prints one line
per sample until N samples arrived or none for SECS seconds (counted once
FILE2 exists, with --done: the sender says it has finished):

    group=G seq=S rate=R iif=I oif=O origsize=L datalen=D src=MAC dst=MAC

(oif=0 when the sample has none).  Only the standard library: raw
netlink sockets, as the kernel's own uapi describes them.
"""
import argparse
import os
import select
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
GENL_ID_CTRL = 0x10
SO_RCVBUFFORCE = 33             # asm-generic/socket.h; not in Python 3.11
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2
NLMSG_ERROR = 2
NLM_F_REQUEST = 1

# include/uapi/linux/psample.h
PSAMPLE_ATTR_IIFINDEX = 0
PSAMPLE_ATTR_OIFINDEX = 1
PSAMPLE_ATTR_ORIGSIZE = 2
PSAMPLE_ATTR_SAMPLE_GROUP = 3
PSAMPLE_ATTR_GROUP_SEQ = 4
PSAMPLE_ATTR_SAMPLE_RATE = 5
PSAMPLE_ATTR_DATA = 6


def attrs(buf):
    """The netlink attributes of buf: {type: payload}."""
    out = {}
    off = 0
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from("=HH", buf, off)
        if alen < 4:
            break
        out[atype & 0x3fff] = buf[off + 4:off + alen]
        off += (alen + 3) & ~3
    return out


def messages(data):
    """(type, payload after nlmsghdr) of each netlink message in data."""
    off = 0
    while off + 16 <= len(data):
        mlen, mtype, _flags, _seq, _pid = struct.unpack_from("=IHHII", data, off)
        if mlen < 16:
            break
        yield mtype, data[off + 16:off + mlen]
        off += (mlen + 3) & ~3


def resolve(sock):
    """The psample family's id and its "packets" group id."""
    name = b"psample\0"
    attr = struct.pack("=HH", 4 + len(name), CTRL_ATTR_FAMILY_NAME) + name
    attr += b"\0" * (-len(attr) % 4)
    genl = struct.pack("=BBH", CTRL_CMD_GETFAMILY, 1, 0) + attr
    sock.send(struct.pack("=IHHII", 16 + len(genl), GENL_ID_CTRL,
                          NLM_F_REQUEST, 1, 0) + genl)
    for mtype, payload in messages(sock.recv(65536)):
        if mtype == NLMSG_ERROR:
            err = struct.unpack_from("=i", payload)[0]
            sys.exit("psample_rx: no psample family (%s)" % os.strerror(-err))
        a = attrs(payload[4:])
        grp = None
        for g in attrs(a.get(CTRL_ATTR_MCAST_GROUPS, b"")).values():
            ga = attrs(g)
            if ga.get(CTRL_ATTR_MCAST_GRP_NAME, b"").rstrip(b"\0") == b"packets":
                grp = struct.unpack("=I", ga[CTRL_ATTR_MCAST_GRP_ID])[0]
        if grp is None:
            sys.exit("psample_rx: psample has no packets group")
        return struct.unpack("=H", a[CTRL_ATTR_FAMILY_ID])[0], grp
    sys.exit("psample_rx: no answer from the genl controller")


def mac(b):
    return ":".join("%02x" % x for x in b)


def u32(a, t):
    return struct.unpack("=I", a[t])[0] if t in a else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ready")
    ap.add_argument("--idle", type=float, default=3.0)
    ap.add_argument("--done")
    ap.add_argument("--count", type=int, default=0)
    args = ap.parse_args()

    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    # a burst of samples must not overflow the socket (root: FORCE)
    try:
        sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 32 << 20)
    except PermissionError:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 << 20)
    sock.bind((0, 0))
    family, group = resolve(sock)
    sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group)
    if args.ready:
        open(args.ready, "w").close()
    n = 0
    quiet = 0.0
    while not args.count or n < args.count:
        if not select.select([sock], [], [], 0.25)[0]:
            # idle: counts only once the sender is done (--done FILE)
            if args.done and not os.path.exists(args.done):
                continue
            quiet += 0.25
            if quiet >= args.idle:
                break
            continue
        quiet = 0.0
        try:
            data = sock.recv(1 << 20)
        except OSError as e:
            # ENOBUFS: samples were lost; say so, the count shows it
            print("psample_rx: %s" % e, file=sys.stderr, flush=True)
            continue
        for mtype, payload in messages(data):
            if mtype != family:
                continue
            a = attrs(payload[4:])
            data = a.get(PSAMPLE_ATTR_DATA, b"")
            print("group=%d seq=%d rate=%d iif=%d oif=%d origsize=%d "
                  "datalen=%d src=%s dst=%s" %
                  (u32(a, PSAMPLE_ATTR_SAMPLE_GROUP),
                   u32(a, PSAMPLE_ATTR_GROUP_SEQ),
                   u32(a, PSAMPLE_ATTR_SAMPLE_RATE),
                   struct.unpack("=H", a[PSAMPLE_ATTR_IIFINDEX])[0]
                   if PSAMPLE_ATTR_IIFINDEX in a else 0,
                   struct.unpack("=H", a[PSAMPLE_ATTR_OIFINDEX])[0]
                   if PSAMPLE_ATTR_OIFINDEX in a else 0,
                   u32(a, PSAMPLE_ATTR_ORIGSIZE), len(data),
                   mac(data[6:12]), mac(data[0:6])), flush=True)
            n += 1


if __name__ == "__main__":
    main()
