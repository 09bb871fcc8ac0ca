#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Bounded netlink fuzzer for the guestlan generic netlink family.

First, for every command, the attribute types past the request policy
(the last one of the enum, which only the kernel sends, and one beyond):
each must be refused with an extack message.  With --spec, it learns each
operation's request from the YAML spec (the do's and the dump's request
attribute lists, and the req-OP-NEST subsets for what goes inside nests)
and checks that every attribute a request does not list - reply-only ones
(ifname, stats, grant.range, vlan.vid-end, fdb.flags...) and those of other
commands - is refused in it with an extack message (inside a nest, one
naming the attribute, e.g. "port.grant.range is reply-only"); the first
--ifindex is the switch, the second one of its ports.  Then sends COUNT random and
malformed messages (bad lengths, wrong attribute types, nested garbage,
missing attributes, huge values, unknown commands, dumps) and checks every
answer:
  - the kernel answers every request (an ack or an error, never silence);
  - a request that reached one of guestlan's handlers and was rejected
    carries an extack message (or the kernel's missing-attribute report);
  - with --unpriv, no write command (nor mirror-get) ever succeeds.
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

READ_OPS = ("switch-get", "port-get", "fdb-get", "mirror-get")
WRITE_OPS = ("switch-set", "fdb-add", "fdb-del", "fdb-flush", "vlan-add",
             "vlan-del", "grant-set", "grant-del", "port-set", "mirror-add",
             "mirror-del")
# Admin only (uns-admin-perm in the spec): every write, and the mirror
# sessions' reads (who is watched is the admin's business)
ADMIN_READ_OPS = ("mirror-get",)
READ_CMDS, WRITE_CMDS, ADMIN_CMDS, CMD_BY_OP = {}, {}, {}, {}
HEADER_VALUES = {}
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
        HEADER_VALUES.update(e)
        if "GUESTLAN_CMD_SWITCH_GET" in e:
            for name, v in e.items():
                op = name[len("GUESTLAN_CMD_"):].lower().replace("_", "-")
                CMD_BY_OP[op] = v
                if op in READ_OPS:
                    READ_CMDS[v] = op
                elif op in WRITE_OPS:
                    WRITE_CMDS[v] = op
                if op in WRITE_OPS or op in ADMIN_READ_OPS:
                    ADMIN_CMDS[v] = op
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
            # a dump's end: its error (if it failed) and extack follow
            err, msg = 0, None
            if length >= 20:
                err = struct.unpack_from("=i", data, off + 16)[0]
            toff = off + 20
            while flags & NLM_F_ACK_TLVS and toff + 4 <= off + length:
                alen, atype = struct.unpack_from("=HH", data, toff)
                if alen < 4:
                    break
                if atype == NLMSGERR_ATTR_MSG:
                    msg = data[toff + 4:toff + alen].split(b"\0")[0]
                toff += (alen + 3) & ~3
            yield seq, err, msg
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


class Spec:
    """Operations, attribute sets and request rules of the YAML spec."""

    def __init__(self, path):
        import yaml
        y = yaml.safe_load(open(path))
        self.consts = {c["name"]: c.get("value") for c in y.get("definitions", [])}
        self.sets = {s["name"]: s for s in y["attribute-sets"]}
        self.ops = {o["name"]: o for o in y["operations"]["list"]}
        self.req = {}
        for name, s in self.sets.items():
            if name.startswith("req-"):
                self.req[name] = [a["name"] for a in s["attributes"]]

    def attrs(self, set_name):
        """[(name, value, spec)] of a (real) attribute set"""
        s = self.sets[set_name]
        s = self.sets.get(s.get("subset-of"), s)
        out, val = [], 1
        for a in s["attributes"]:
            val = a.get("value", val)
            out.append((a["name"], val, a))
            val += 1
        return out

    def attr(self, set_name, name):
        return {n: (v, a) for n, v, a in self.attrs(set_name)}[name]

    def requests(self):
        """[(op, mode, [top-level attribute names])]"""
        out = []
        for name, op in self.ops.items():
            for mode in ("do", "dump"):
                if mode in op:
                    req = op[mode].get("request", {}).get("attributes", [])
                    out.append((name, mode, req))
        return out

    def nests(self, op):
        """[(path, set name, accepted names)] of the nests op's request takes"""
        out = []
        for name, accepted in self.req.items():
            if not name.startswith(f"req-{op}-"):
                continue
            tail, cur, path = name[len(f"req-{op}-"):], self.ops[op]["attribute-set"], []
            while tail:
                nest = max((n for n, _, a in self.attrs(cur) if a["type"] == "nest" and
                            (tail == n or tail.startswith(n + "-"))), key=len)
                path.append(nest)
                cur = self.attr(cur, nest)[1]["nested-attributes"]
                tail = tail[len(nest) + 1:]
            # only a longest-operation-name match is ours (req-grant-set-*
            # is not grant's)
            if any(o != op and o.startswith(op + "-") and name.startswith(f"req-{o}-")
                   for o in self.ops):
                continue
            out.append((tuple(path), cur, accepted))
        return out

    def value(self, a):
        """A payload that passes the attribute's own checks"""
        checks = a.get("checks", {})
        low = checks.get("min", 0)
        low = self.consts.get(low, low) if isinstance(low, str) else low
        t = a["type"]
        if t == "flag" or t == "unused" or t == "pad":
            return b""
        if t == "nest":
            return b""
        if t == "string":
            return b"x\0"
        if t == "binary":
            return bytes([2, 0, 0, 0, 0, 1][:checks.get("exact-len", 6)])
        fmt = {"u8": "=B", "u16": "=H", "u32": "=I", "u64": "=Q"}[t]
        return struct.pack(fmt, low)


def reply_only_checks(spec, exchange, seq, ifindexes, unpriv):
    """Every attribute a request does not list is refused, with a message."""
    bad = checked = 0
    sw, port = ifindexes[0], ifindexes[1] if len(ifindexes) > 1 else ifindexes[0]

    def nest(atype, payload):
        return nla(atype | NLA_F_NESTED, payload)

    def wrap(top, path, inner, inner_name, acc):
        """inner in the nests of path; a port nest that takes an ifindex
        (acc: what each nest accepts) names the port"""
        chain, cur = [], top
        for n in path:
            v, a = spec.attr(cur, n)
            cur = a["nested-attributes"]
            chain.append((v, cur))
        out = inner
        for depth in range(len(chain) - 1, -1, -1):
            v, inside = chain[depth]
            pre = b""
            if inside == "port" and \
                    "ifindex" in acc.get(tuple(path[:depth + 1]), ()) and \
                    not (depth == len(chain) - 1 and inner_name == "ifindex"):
                pre = nla(spec.attr("port", "ifindex")[0], struct.pack("=I", port))
            out = nest(v, pre + out)
        return out

    def expect_refused(op, mode, payload, what, name_in_msg):
        nonlocal seq, bad, checked
        seq += 1
        checked += 1
        cmd = CMD_BY_OP[op]
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if mode == "dump" else 0)
        answer = exchange(seq, cmd, flags, payload)
        want_eperm = unpriv and cmd in ADMIN_CMDS
        if answer is None or answer[0] == 0:
            print(f"VIOLATION {op} {mode} accepted {what}: {answer}")
            bad += 1
        elif want_eperm:
            if -answer[0] != errno.EPERM:
                print(f"VIOLATION unprivileged {op} {mode} with {what}: {answer}, not EPERM")
                bad += 1
        elif not answer[1]:
            print(f"VIOLATION {op} {mode} refused {what} without extack message: {answer}")
            bad += 1
        elif name_in_msg and name_in_msg.encode() not in answer[1]:
            print(f"VIOLATION {op} {mode} refused {what}, message does not name it: {answer}")
            bad += 1

    for op, mode, req in spec.requests():
        top = spec.ops[op]["attribute-set"]
        base = nla(spec.attr(top, "ifindex")[0], struct.pack("=I", sw)) \
            if "ifindex" in req else b""
        # top level: the operation's policy has only its request's attributes
        for name, val, a in spec.attrs(top):
            if name in req or a["type"] == "unused":
                continue
            payload = nest(val, b"") if a["type"] == "nest" else nla(val, spec.value(a))
            expect_refused(op, mode, base + payload, name, None)
        # nests: what req-OP-PATH does not list
        acc = {tuple(p): a for p, _, a in spec.nests(op)}
        for path, set_name, accepted in spec.nests(op):
            if path[0] not in req:
                continue
            for name, val, a in spec.attrs(set_name):
                if name in accepted or a["type"] in ("unused", "pad"):
                    continue
                inner = nest(val, b"") if a["type"] == "nest" else nla(val, spec.value(a))
                dotted = ".".join(path + (name,))
                expect_refused(op, mode, base + wrap(top, path, inner, name, acc),
                               dotted, dotted)
    return seq, bad, checked


def grant_range(exchange, sw, port, vid):
    """grant-set with port.grant.range {vid, vid-end}: must be refused"""
    h = HEADER_VALUES
    rng = nla(h["GUESTLAN_VLAN_A_VID"], struct.pack("=H", vid)) + \
        nla(h["GUESTLAN_VLAN_A_VID_END"], struct.pack("=H", vid))
    grant = nla(h["GUESTLAN_GRANT_A_RANGE"] | NLA_F_NESTED, rng)
    portn = nla(h["GUESTLAN_PORT_A_IFINDEX"], struct.pack("=I", port)) + \
        nla(h["GUESTLAN_PORT_A_GRANT"] | NLA_F_NESTED, grant)
    payload = nla(A_IFINDEX, struct.pack("=I", sw)) + nla(A_PORT | NLA_F_NESTED, portn)
    answer = exchange(3, CMD_BY_OP["grant-set"], NLM_F_REQUEST | NLM_F_ACK, payload)
    print(f"nl_fuzz: grant-set with grant.range {vid}..{vid}: {answer}")
    if answer and answer[0] and answer[1] and b"port.grant.range" in answer[1]:
        return 0
    return 1


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
    ap.add_argument("--spec", help="uapi/specs/guestlan.yaml: check requests "
                    "refuse what they do not list")
    ap.add_argument("--grant-range", nargs=3, type=int,
                    metavar=("SWITCH", "PORT", "VID"),
                    help="only send a grant-set whose grant has a range "
                    "VID..VID (reply-only) and exit 0 if it is refused with "
                    "a message naming port.grant.range")
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

    if args.grant_range:
        return grant_range(exchange, *args.grant_range)

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
            want_eperm = args.unpriv and cmd in ADMIN_CMDS
            if answer is None or answer[0] == 0 or \
               (not want_eperm and not answer[1]) or \
               (want_eperm and -answer[0] != errno.EPERM):
                print(f"VIOLATION {op} with attribute type {atype}: {answer}")
                bad += 1

    if args.spec:
        seq, nbad, checked = reply_only_checks(Spec(args.spec), exchange, seq,
                                               fz.ifindexes, args.unpriv)
        bad += nbad
        print(f"nl_fuzz: {checked} unlisted request attributes tried, "
              f"{nbad} not refused as they should be")

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
            if args.unpriv and cmd in ADMIN_CMDS:
                print(f"VIOLATION seq {seq}: unprivileged {ADMIN_CMDS[cmd]} succeeded")
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
        if args.unpriv and cmd in ADMIN_CMDS and -err != errno.EPERM:
            print(f"VIOLATION seq {seq}: unprivileged {ADMIN_CMDS[cmd]} got {-err}, not EPERM")
            bad += 1

    print(f"nl_fuzz: {stats['sent']} sent, {stats['ok']} accepted, "
          f"{stats['rejected']} rejected ({stats['with_msg']} with a message), "
          f"{bad} violations")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
