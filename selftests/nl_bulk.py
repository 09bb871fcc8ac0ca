#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Bulk guestlan netlink requests for the scale tests (one process, many
requests: thousands of glctl runs would take minutes in an emulated VM).

  nl_bulk.py trunk SW PORT    add VLANs 2-4094 to PORT (ifindexes), every
                              odd one egress-untagged: 4093 one-VID ranges;
                              prints "ok" or "refused VID: extack message"
  nl_bulk.py scatter SW PORT  on PORT (the trunk): a grant on every odd
                              VLAN, then vlan-del of every fourth VID, each
                              port-ntf read as it comes; prints "vlans=N
                              grant=N ntf=N last=N" from ynl's parse of
                              port-get and of the notifications (last: the
                              last port-ntf's VLANs), or "refused OP: msg"
  nl_bulk.py deaf RCVBUF SECS join the hostnotify group with a receive
                              buffer of RCVBUF bytes, read nothing for SECS
                              seconds, then read: prints "enobufs" if the
                              kernel reported lost messages, else the number
                              of host-ntf messages read
  nl_bulk.py join GROUP       try to join GROUP: prints "ok" or the error

Needs YNL_DIR (tools/net/ynl of linux-source-6.12) and GUESTLAN_SPEC.
"""
import errno
import os
import socket
import sys
import time

sys.path.insert(0, os.environ["YNL_DIR"])
from lib import NlError, YnlFamily  # noqa: E402  pylint: disable=wrong-import-position


def family():
    return YnlFamily(os.environ["GUESTLAN_SPEC"], schema="")


def trunk(sw, port):
    ynl = family()
    for vid in range(2, 4095):
        try:
            ynl.do("vlan-add", {"ifindex": sw,
                                "port": {"ifindex": port,
                                         "vlan": {"vid": vid,
                                                  "untagged": vid % 2 == 1}}})
        except NlError as e:
            print(f"refused {vid}: {(e.nl_msg.extack or {}).get('msg', '')}")
            return
    print("ok")


def count_vids(pairs):
    """VIDs in a vlan-ranges attribute: u16 pairs, first and last of a run"""
    return sum(pairs[i + 1] - pairs[i] + 1 for i in range(0, len(pairs), 2))


def scatter(sw, port):
    ynl = family()
    mon = family()		# notifications on their own socket
    mon.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 24)
    mon.ntf_subscribe("events")
    ntf, last = 0, None

    def drain():
        nonlocal ntf, last
        mon.check_ntf()
        while mon.async_msg_queue:
            msg = mon.async_msg_queue.pop(0)
            p = msg["msg"].get("port", {})
            if msg["name"] == "port-ntf" and p.get("ifindex") == port:
                ntf += 1
                last = count_vids(p["vlan-ranges"])

    try:
        ynl.do("grant-set", {"ifindex": sw,
                             "port": {"ifindex": port,
                                      "grant": {"vid": list(range(1, 4094, 2))}}})
    except NlError as e:
        print(f"refused grant-set: {(e.nl_msg.extack or {}).get('msg', '')}")
        return
    for vid in range(4, 4095, 4):
        try:
            ynl.do("vlan-del", {"ifindex": sw,
                                "port": {"ifindex": port, "vlan": {"vid": vid}}})
        except NlError as e:
            print(f"refused vlan-del {vid}: {(e.nl_msg.extack or {}).get('msg', '')}")
            return
        drain()
    time.sleep(0.5)
    drain()
    reply = ynl.do("port-get", {"ifindex": sw, "port": {"ifindex": port}})
    p = reply["port"]
    print(f"vlans={count_vids(p['vlan-ranges'])}"
          f" grant={count_vids(p['grant']['vlan-ranges'])} ntf={ntf} last={last}")


def deaf(rcvbuf, secs):
    ynl = family()
    ynl.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    ynl.ntf_subscribe("hostnotify")
    print("joined", flush=True)
    time.sleep(secs)
    n = 0
    while True:
        try:
            reply = ynl.sock.recv(1 << 20, socket.MSG_DONTWAIT)
        except BlockingIOError:
            break
        except OSError as e:
            if e.errno == errno.ENOBUFS:
                print("enobufs")
                return
            raise
        n += 1 if reply else 0
    print(n)


def join(group):
    try:
        family().ntf_subscribe(group)
    except OSError as e:
        print(os.strerror(e.errno))
        return
    print("ok")


def main():
    cmd = sys.argv[1]
    if cmd == "trunk":
        trunk(int(sys.argv[2]), int(sys.argv[3]))
    elif cmd == "scatter":
        scatter(int(sys.argv[2]), int(sys.argv[3]))
    elif cmd == "deaf":
        deaf(int(sys.argv[2]), float(sys.argv[3]))
    elif cmd == "join":
        join(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
