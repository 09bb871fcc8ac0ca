#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Bounded netlink fuzzer for the guestlan generic netlink family.

First, for every command, the attribute types past the request policy
(the last one of the enum, which only the kernel sends, and one beyond):
each must be refused with an extack message.  Then sends COUNT random and
malformed messages (bad lengths, wrong attribute types, nested garbage,
missing attributes, huge values, unknown commands, dumps) and checks every
answer:
  - the kernel answers every request (an ack or an error, never silence);
  - a request that reached one of guestlan's handlers and was rejected
    carries an extack message (or the kernel's missing-attribute report);
  - with --unpriv, no write command ever succeeds.
Prints one line per violation and a summary; exits 1 on any violation.
"""
import argparse
import errno
import os
import random
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_MISS_TYPE = 5
SOL_NETLINK, NETLINK_EXT_ACK, NETLINK_CAP_ACK = 270, 11, 10
NLA_F_NESTED = 0x8000

READ_OPS = ("switch-get", "port-get", "fdb-get")
WRITE_OPS = ("switch-set", "fdb-add", "fdb-del", "fdb-flush", "vlan-add",
             "vlan-del", "grant-set", "grant-del", "port-set")
READ_CMDS, WRITE_CMDS = {}, {}
MAX_CMD = 0
A_IFINDEX, A_PORT = 0, 0
A_MAX = 0


def load_header(path):
    """Command and attribute numbers from the generated uapi header."""
    global MAX_CMD, A_IFINDEX, A_PORT, A_MAX
    enums, cur = [], None
    for line in open(path):
        line = line.strip()
        if line.startswith("enum"):
            cur, val = {}, 0
        elif line.startswith("}") and cur is not None:
            enums.append(cur)
            cur = None
        elif cur is not None and line.lstrip("_").startswith("GUESTLAN_"):
            name, _, rest = line.rstrip(",").partition("=")
            name = name.strip()
            if rest.strip().isdigit():
                val = int(rest)
            cur[name] = val
            val += 1
    for e in enums:
        if "GUESTLAN_CMD_SWITCH_GET" in e:
            for name, v in e.items():
                op = name[len("GUESTLAN_CMD_"):].lower().replace("_", "-")
                if op in READ_OPS:
                    READ_CMDS[v] = op
                elif op in WRITE_OPS:
                    WRITE_CMDS[v] = op
            MAX_CMD = e["__GUESTLAN_CMD_MAX"] + 1  # CMD_MAX + 2: unknown ones too
        if "GUESTLAN_A_IFINDEX" in e:
            A_IFINDEX, A_PORT = e["GUESTLAN_A_IFINDEX"], e["GUESTLAN_A_PORT"]
            A_MAX = e["__GUESTLAN_A_MAX"] - 1
    assert len(READ_CMDS) == len(READ_OPS) and len(WRITE_CMDS) == len(WRITE_OPS)


def nla(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    pad = b"\0" * ((4 - len(payload) % 4) % 4)
    return hdr + payload + pad


def genl_msg(family, cmd, flags, seq, payload):
    ghdr = struct.pack("=BBH", cmd, 1, 0)
    body = ghdr + payload
    return struct.pack("=IHHII", 16 + len(body), family, flags, seq, 0) + body


def parse_acks(data):
    """Yield (seq, error, extack message) for every NLMSG_ERROR/DONE."""
    off = 0
    while off + 16 <= len(data):
        length, mtype, flags, seq, _ = struct.unpack_from("=IHHII", data, off)
        if length < 16:
            break
        if mtype == NLMSG_ERROR:
            err = struct.unpack_from("=i", data, off + 16)[0]
            msg = None
            if flags & NLM_F_ACK_TLVS:
                # skip the error and the echoed header (capped with CAP_ACK)
                toff = off + 16 + 4 + 16
                while toff + 4 <= off + length:
                    alen, atype = struct.unpack_from("=HH", data, toff)
                    if alen < 4:
                        break
                    if atype == NLMSGERR_ATTR_MSG:
                        msg = data[toff + 4:toff + alen].split(b"\0")[0]
                    elif atype == NLMSGERR_ATTR_MISS_TYPE and msg is None:
                        # the kernel's way to say "missing attribute N"
                        msg = b"missing attribute %d" % struct.unpack_from(
                            "=I", data, toff + 4)[0]
                    toff += (alen + 3) & ~3
            yield seq, err, msg
        elif mtype == NLMSG_DONE:
            yield seq, 0, None
        off += (length + 3) & ~3


class Fuzzer:
    def __init__(self, rng, ifindexes):
        self.rng = rng
        self.ifindexes = ifindexes or [1]

    def value(self):
        r = self.rng.random()
        if r < 0.3:
            return struct.pack("=I", self.rng.choice(self.ifindexes))
        if r < 0.5:
            return struct.pack("=I", self.rng.choice(
                [0, 1, 4094, 4095, 0xffff, 0x7fffffff, 0xffffffff]))
        if r < 0.6:
            return struct.pack("=H", self.rng.randrange(0, 5000))
        if r < 0.7:
            return struct.pack("=B", self.rng.randrange(0, 256))
        if r < 0.8:
            return bytes([2, 0, 0, 0, self.rng.randrange(256),
                          self.rng.randrange(256)])
        return os.urandom(self.rng.randrange(0, 40))

    def attrs(self, depth=0):
        out = b""
        for _ in range(self.rng.randrange(0, 5)):
            atype = self.rng.randrange(0, A_MAX + 4)
            if depth < 3 and self.rng.random() < 0.35:
                inner = self.attrs(depth + 1)
                flag = NLA_F_NESTED if self.rng.random() < 0.5 else 0
                out += nla(atype | flag, inner)
            else:
                out += nla(atype, self.value())
        return out

    def message(self):
        """Return (cmd, flags, payload, wellformed)."""
        rng = self.rng
        cmd = rng.randrange(0, MAX_CMD + 1)
        flags = NLM_F_REQUEST | NLM_F_ACK
        if cmd in READ_CMDS and rng.random() < 0.5:
            flags |= NLM_F_DUMP
        payload = b""
        if rng.random() < 0.8:
            payload += nla(A_IFINDEX, struct.pack(
                "=I", rng.choice(self.ifindexes + [0, 999999])))
        payload += self.attrs()
        wellformed = True
        r = rng.random()
        if r < 0.05:
            payload += os.urandom(rng.randrange(1, 3))  # trailing junk
            wellformed = False
        elif r < 0.1:
            payload = struct.pack("=HH", 200, A_PORT) + payload  # bad length
            wellformed = False
        return cmd, flags, payload, wellformed


def family_id(sock):
    req = genl_msg(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_REQUEST, 1,
                   nla(CTRL_ATTR_FAMILY_NAME, b"guestlan\0"))
    sock.send(req)
    data = sock.recv(65536)
    off = 16 + 4
    length = struct.unpack_from("=I", data, 0)[0]
    while off + 4 <= length:
        alen, atype = struct.unpack_from("=HH", data, off)
        if atype == CTRL_ATTR_FAMILY_ID:
            return struct.unpack_from("=H", data, off + 4)[0]
        off += (alen + 3) & ~3
    raise SystemExit("nl_fuzz: guestlan family not found")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ifindex", type=int, action="append", default=[])
    ap.add_argument("--unpriv", action="store_true")
    ap.add_argument("--header", required=True,
                    help="uapi/linux/guestlan_netlink.h")
    args = ap.parse_args()
    load_header(args.header)

    rng = random.Random(args.seed)
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    sock.settimeout(5)
    fam = family_id(sock)
    fz = Fuzzer(rng, args.ifindex)

    def exchange(seq, cmd, flags, payload):
        """Send one request; its (error, extack message), None if no answer."""
        sock.send(genl_msg(fam, cmd, flags, seq, payload))
        try:
            while True:
                for aseq, err, msg in parse_acks(sock.recv(1 << 20)):
                    if aseq == seq:
                        return err, msg
        except socket.timeout:
            return None

    bad = 0
    seq = 2
    # Attribute types past the request policy: refused, never looked up
    # (a policy array indexed past its end is a KASAN global-out-of-bounds).
    ifindex = nla(A_IFINDEX, struct.pack("=I", fz.ifindexes[0]))
    for cmd, op in sorted({**READ_CMDS, **WRITE_CMDS}.items()):
        for atype in (A_MAX, A_MAX + 1):
            seq += 1
            flags = NLM_F_REQUEST | NLM_F_ACK
            if cmd in READ_CMDS:
                flags |= NLM_F_DUMP     # fdb-get is a dump only
            answer = exchange(seq, cmd, flags,
                              ifindex + nla(atype, struct.pack("=I", 1)))
            want_eperm = args.unpriv and cmd in WRITE_CMDS
            if answer is None or answer[0] == 0 or \
               (not want_eperm and not answer[1]) or \
               (want_eperm and -answer[0] != errno.EPERM):
                print(f"VIOLATION {op} with attribute type {atype}: {answer}")
                bad += 1

    stats = {"sent": 0, "ok": 0, "rejected": 0, "with_msg": 0}
    for seq in range(seq + 1, seq + 1 + args.count):
        cmd, flags, payload, wellformed = fz.message()
        answer = exchange(seq, cmd, flags, payload)
        stats["sent"] += 1
        if answer is None:
            print(f"VIOLATION seq {seq} cmd {cmd}: no answer")
            bad += 1
            continue
        err, msg = answer
        if err == 0:
            stats["ok"] += 1
            if args.unpriv and cmd in WRITE_CMDS:
                print(f"VIOLATION seq {seq}: unprivileged {WRITE_CMDS[cmd]} succeeded")
                bad += 1
            continue
        stats["rejected"] += 1
        if msg:
            stats["with_msg"] += 1
        # Rejections by guestlan itself (a known command that passed the
        # permission check, in a well-formed message) must say why.  Core
        # genetlink rejects unknown commands (EOPNOTSUPP) and permissions
        # (EPERM) without a message; malformed framing may fail before us.
        ours = (cmd in READ_CMDS or cmd in WRITE_CMDS) and wellformed and \
            -err not in (errno.EPERM, errno.EOPNOTSUPP)
        if ours and not msg:
            print(f"VIOLATION seq {seq} {READ_CMDS.get(cmd) or WRITE_CMDS.get(cmd)} "
                  f"flags {flags:#x}: error {-err} ({os.strerror(-err)}) without extack message, "
                  f"payload {payload.hex()}")
            bad += 1
        if args.unpriv and cmd in WRITE_CMDS and -err != errno.EPERM:
            print(f"VIOLATION seq {seq}: unprivileged {WRITE_CMDS[cmd]} got {-err}, not EPERM")
            bad += 1

    print(f"nl_fuzz: {stats['sent']} sent, {stats['ok']} accepted, "
          f"{stats['rejected']} rejected ({stats['with_msg']} with a message), "
          f"{bad} violations")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
