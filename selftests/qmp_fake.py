#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A fake QEMU QMP monitor for selftests/qmp_agent.sh.

    qmp_fake.py serve SOCK NIC=BACKEND...   serve QMP on SOCK, control through the
                                            FIFOs SOCK.in, SOCK.out (SOCK.ready: up)
    qmp_fake.py ctl SOCK COMMAND...         send one control command, print the reply
    qmp_fake.py qmp SOCK EXECUTE [ARGS]     one command on a (real) QMP monitor

BACKEND: "tap:IFNAME" (a -netdev tap,ifname=IFNAME), "user" (no tap), or
"e1000:IFNAME" (a tap behind a NIC without rx-filter support).

It speaks what guestlan-qmp uses, as QEMU 7.2 does: the greeting,
qmp_capabilities (required first), human-monitor-command "info network",
query-rx-filter [name] (re-arms NIC_RX_FILTER_CHANGED of that NIC, which is
sent once and then not again until someone queries), query-status; other
commands get CommandNotFound.  NICs start in virtio-net's reset state
(promiscuous true, empty MAC tables).

Control commands (answer "ok ..." or "error ..."):
    promisc NIC on|off    the guest driver sets its filter (event if armed)
    event NIC             emit NIC_RX_FILTER_CHANGED if armed
    reset                 all NICs back to the reset state, RESET event
    garbage               a line that is not JSON to every client
    unexpected            a reply nobody asked for and a JSON array
    drop                  close every client connection
    stats                 "queries=N clients=N"
"""

import fcntl
import json
import os
import selectors
import socket
import struct
import sys
import time


def now_ts():
    t = time.time()
    return {"seconds": int(t), "microseconds": int((t - int(t)) * 1e6)}


class Nic:
    def __init__(self, name, backend):
        self.name = name
        kind, _, ifname = backend.partition(":")
        self.kind, self.ifname = kind, ifname
        self.model = "e1000" if kind == "e1000" else "virtio-net-pci"
        self.armed = True
        self.reset()

    def reset(self):
        self.promisc = True
        self.mc = []

    def rxfilter(self):
        return {"name": self.name, "promiscuous": self.promisc,
                "multicast": "normal", "unicast": "normal", "vlan": "all",
                "broadcast-allowed": False, "multicast-overflow": False,
                "unicast-overflow": False, "main-mac": "52:54:00:12:34:56",
                "vlan-table": [], "unicast-table": [], "multicast-table": self.mc}


def hold_tap(ifname):
    """Attach to tap @ifname (TUNSETIFF, IFF_TAP | IFF_NO_PI); None if not"""
    try:
        fd = os.open("/dev/net/tun", os.O_RDWR | os.O_CLOEXEC)
    except OSError as e:
        sys.stderr.write("qmp_fake: /dev/net/tun: %s\n" % e)
        return None
    try:
        fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH14x", ifname.encode(), 0x0002 | 0x1000))
    except OSError as e:
        sys.stderr.write("qmp_fake: TUNSETIFF %s: %s\n" % (ifname, e))
        os.close(fd)
        return None
    return fd


class Server:
    def __init__(self, path, nics):
        self.path = path
        self.nics = {n.name: n for n in nics}
        self.sel = selectors.DefaultSelector()
        self.clients = {}		# sock -> {"buf", "caps"}
        self.queries = 0
        # the taps held open, as QEMU holds its -netdev tap (the agent
        # acts only on taps its QMP peer holds)
        self.tapfds = {}
        for n in nics:
            if n.kind in ("tap", "e1000") and n.ifname not in self.tapfds:
                self.tapfds[n.ifname] = hold_tap(n.ifname)
        for p in (path, path + ".in", path + ".out", path + ".ready"):
            try:
                os.unlink(p)
            except FileNotFoundError:
                pass
        self.lsock = self._listen(path)
        os.mkfifo(path + ".in", 0o600)
        os.mkfifo(path + ".out", 0o600)
        self.cin = os.open(path + ".in", os.O_RDWR | os.O_NONBLOCK)
        self.cbuf = b""
        self.sel.register(self.cin, selectors.EVENT_READ)
        with open(path + ".ready", "w"):
            pass

    def _listen(self, path):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path)
        s.listen(4)
        self.sel.register(s, selectors.EVENT_READ)
        return s

    def send(self, c, obj):
        try:
            c.sendall((obj if isinstance(obj, bytes) else
                       json.dumps(obj).encode()) + b"\r\n")
        except OSError:
            self.close(c)

    def broadcast(self, obj):
        for c in list(self.clients):
            if self.clients[c]["caps"]:
                self.send(c, obj)

    def close(self, c):
        if c in self.clients:
            del self.clients[c]
            self.sel.unregister(c)
            c.close()

    def info_network(self):
        out = []
        for i, n in enumerate(self.nics.values()):
            out.append("%s: index=0,type=nic,model=%s,macaddr=52:54:00:12:34:%02x"
                       % (n.name, n.model, 0x56 + i))
            if n.kind == "user":
                out.append(" \\ net%d: index=0,type=user,net=10.0.2.0,restrict=off" % i)
            else:
                out.append(" \\ net%d: index=0,type=tap,ifname=%s,script=no,downscript=no"
                           % (i, n.ifname))
        return "".join(line + "\r\n" for line in out)

    def qmp(self, c, msg):
        st = self.clients[c]
        cid = msg.get("id")
        ex = msg.get("execute")
        args = msg.get("arguments") or {}

        def ret(r):
            m = {"return": r}
            if cid is not None:
                m["id"] = cid
            self.send(c, m)

        def err(cls, desc):
            m = {"error": {"class": cls, "desc": desc}}
            if cid is not None:
                m["id"] = cid
            self.send(c, m)

        if ex == "qmp_capabilities":
            st["caps"] = True
            return ret({})
        if not st["caps"]:
            return err("CommandNotFound",
                       "Expecting capabilities negotiation with 'qmp_capabilities'")
        if ex == "human-monitor-command":
            if args.get("command-line") == "info network":
                return ret(self.info_network())
            return ret("unknown command\r\n")
        if ex == "query-status":
            return ret({"status": "running", "running": True})
        if ex == "query-rx-filter":
            self.queries += 1
            name = args.get("name")
            if name is not None and name not in self.nics:
                return err("GenericError", "net client(%s) isn't a NIC" % name)
            res = []
            for n in self.nics.values():
                if name is not None and n.name != name:
                    continue
                if n.model == "e1000":
                    if name is not None:
                        return err("GenericError",
                                   "net client(%s) doesn't support rx-filter querying"
                                   % name)
                    continue
                n.armed = True
                res.append(n.rxfilter())
            return ret(res)
        return err("CommandNotFound", "The command %s has not been found" % ex)

    def event(self, nic):
        if not nic.armed:
            return "ok disarmed"
        nic.armed = False
        self.broadcast({"timestamp": now_ts(), "event": "NIC_RX_FILTER_CHANGED",
                        "data": {"name": nic.name,
                                 "path": "/machine/peripheral/%s/virtio-backend"
                                 % nic.name}})
        return "ok sent"

    def control(self, line):
        w = line.split()
        if not w:
            return "error empty"
        if w[0] == "promisc" and len(w) == 3 and w[1] in self.nics:
            n = self.nics[w[1]]
            n.promisc = w[2] == "on"
            n.mc = ["01:00:5e:00:00:01"]
            return self.event(n)
        if w[0] == "event" and len(w) == 2 and w[1] in self.nics:
            return self.event(self.nics[w[1]])
        if w[0] == "reset":
            for n in self.nics.values():
                n.reset()
            self.broadcast({"timestamp": now_ts(), "event": "RESET",
                            "data": {"guest": True, "reason": "guest-reset"}})
            return "ok"
        if w[0] == "garbage":
            self.broadcast(b"}{ this is not JSON \x01\xff")
            return "ok"
        if w[0] == "unexpected":
            self.broadcast({"return": {}, "id": "nobody-asked"})
            self.broadcast([1, 2, 3])
            return "ok"
        if w[0] == "drop":
            for c in list(self.clients):
                self.close(c)
            return "ok"
        if w[0] == "stats":
            return "ok queries=%d clients=%d" % (self.queries, len(self.clients))
        return "error unknown command"

    def serve(self):
        while True:
            for key, _ in self.sel.select():
                s = key.fileobj
                if s is self.lsock:
                    c, _ = s.accept()
                    self.clients[c] = {"buf": b"", "caps": False}
                    self.sel.register(c, selectors.EVENT_READ)
                    self.send(c, {"QMP": {"version": {"qemu": {"micro": 0, "minor": 2,
                                                               "major": 7},
                                                      "package": "qmp_fake"},
                                          "capabilities": ["oob"]}})
                elif s is self.cin:
                    self.control_data()
                else:
                    self.client_data(s)

    def control_data(self):
        try:
            self.cbuf += os.read(self.cin, 4096)
        except BlockingIOError:
            return
        while b"\n" in self.cbuf:
            line, self.cbuf = self.cbuf.split(b"\n", 1)
            reply = self.control(line.decode("utf-8", "replace").strip())
            # the reader opens SOCK.out right after writing SOCK.in
            for _ in range(100):
                try:
                    fd = os.open(self.path + ".out", os.O_WRONLY | os.O_NONBLOCK)
                except OSError:
                    time.sleep(0.1)
                    continue
                try:
                    os.write(fd, (reply + "\n").encode())
                except OSError:
                    pass
                os.close(fd)
                break

    def client_data(self, c):
        try:
            data = c.recv(65536)
        except OSError:
            data = b""
        if not data:
            return self.close(c)
        st = self.clients[c]
        st["buf"] += data
        while c in self.clients and b"\n" in st["buf"]:
            line, st["buf"] = st["buf"].split(b"\n", 1)
            if not line.strip():
                continue
            try:
                msg = json.loads(line)
            except ValueError:
                self.send(c, {"error": {"class": "GenericError", "desc": "JSON parse error"}})
                continue
            self.qmp(c, msg)


def ctl(path, words):
    with open(path + ".in", "w") as f:
        f.write(" ".join(words) + "\n")
    with open(path + ".out") as f:
        reply = f.readline().strip()
    print(reply)
    return 0 if reply.startswith("ok") else 1


def qmp_cmd(path, execute, arguments=None):
    """One QMP command on a real monitor (the test's second -qmp)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    s.connect(path)
    f = s.makefile("rwb")

    def call(ex, args=None):
        m = {"execute": ex}
        if args:
            m["arguments"] = args
        f.write(json.dumps(m).encode() + b"\n")
        f.flush()
        while True:
            r = json.loads(f.readline())
            if "return" in r or "error" in r:
                return r

    json.loads(f.readline())
    call("qmp_capabilities")
    r = call(execute, json.loads(arguments) if arguments else None)
    print(json.dumps(r.get("return", r)))
    return 0 if "return" in r else 1


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "serve":
        nics = []
        for a in sys.argv[3:]:
            name, _, backend = a.partition("=")
            nics.append(Nic(name, backend))
        Server(sys.argv[2], nics).serve()
        return 0
    if len(sys.argv) in (4, 5) and sys.argv[1] == "qmp":
        return qmp_cmd(*sys.argv[2:])
    if len(sys.argv) >= 4 and sys.argv[1] == "ctl":
        return ctl(sys.argv[2], sys.argv[3:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
