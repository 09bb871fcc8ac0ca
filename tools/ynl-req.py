#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Request rules for the nests of the guestlan family, from its YAML spec.

ynl-gen-c gives every attribute set one policy, so inside a nest a request
would accept whatever a reply may carry.  The spec's attribute sets named
req-OPERATION-NEST[-NEST...] (subsets) list what each request accepts in
each nest; this writes them as C tables (kmod/netlink-req.h) that the
handlers apply after parsing a nest, and a message per refused attribute
that names it ("port.grant.range is reply-only").
  tools/ynl-req.py --spec uapi/specs/guestlan.yaml -o kmod/netlink-req.h
"""
import argparse
import sys

import yaml


def c_upper(name):
    return name.upper().replace("-", "_")


def c_lower(name):
    return name.lower().replace("-", "_")


class Spec:
    def __init__(self, path):
        self.y = yaml.safe_load(open(path))
        self.sets = {s["name"]: s for s in self.y["attribute-sets"]}
        self.ops = {o["name"]: o for o in self.y["operations"]["list"]}

    def real(self, name):
        s = self.sets[name]
        return self.sets[s["subset-of"]] if "subset-of" in s else s

    def attrs(self, set_name):
        """(name, spec) of the real set, in order"""
        return [(a["name"], a) for a in self.real(set_name)["attributes"]]

    def attr(self, set_name, name):
        return dict(self.attrs(set_name))[name]

    def prefix(self, set_name):
        return c_upper(self.real(set_name)["name-prefix"])

    def req_sets(self):
        """{(op, (nest, ...)): [attribute names]} from the req-* subsets"""
        out = {}
        for name, s in self.sets.items():
            if not name.startswith("req-"):
                continue
            rest = name[len("req-"):]
            op = max((o for o in self.ops if rest.startswith(o + "-")),
                     key=len, default=None)
            if op is None:
                raise SystemExit(f"ynl-req: {name}: no such operation")
            path, cur, tail = [], self.ops[op]["attribute-set"], rest[len(op) + 1:]
            while tail:
                nest = max((a for a, spec in self.attrs(cur)
                            if spec["type"] == "nest" and
                            (tail == a or tail.startswith(a + "-"))),
                           key=len, default=None)
                if nest is None:
                    raise SystemExit(f"ynl-req: {name}: no nest {tail} in {cur}")
                path.append(nest)
                cur = self.attr(cur, nest)["nested-attributes"]
                tail = tail[len(nest) + 1:]
            if self.real(name)["name"] != self.real(cur)["name"]:
                raise SystemExit(f"ynl-req: {name} must be a subset of {cur}")
            out[(op, tuple(path))] = [a["name"] for a in s["attributes"]]
        return out

    def requests(self):
        """{(op, mode): [top-level attribute names]}"""
        out = {}
        for name, op in self.ops.items():
            for mode in ("do", "dump"):
                if mode in op and "request" in op[mode]:
                    out[(name, mode)] = op[mode]["request"]["attributes"]
        return out

    def nest_set(self, op, path):
        cur = self.ops[op]["attribute-set"]
        for nest in path:
            cur = self.attr(cur, nest)["nested-attributes"]
        return self.real(cur)["name"]

    def check(self, req):
        """Every nest a request accepts has its req- set"""
        for (op, _), attrs in self.requests().items():
            todo = [((a,), a) for a in attrs]
            top = self.ops[op]["attribute-set"]
            while todo:
                path, a = todo.pop()
                parent = self.nest_set(op, path[:-1]) if path[:-1] else top
                if self.attr(parent, a)["type"] != "nest":
                    continue
                if (op, path) not in req:
                    raise SystemExit(f"ynl-req: {op} accepts {'.'.join(path)} "
                                     f"but there is no req-{op}-{'-'.join(path)}")
                todo += [(path + (b,), b) for b in req[(op, path)]]


def render(spec, out):
    req = spec.req_sets()
    spec.check(req)
    w = out.write
    w("/* SPDX-License-Identifier: GPL-2.0 */\n")
    w("/* Do not edit directly, auto-generated from: */\n")
    w("/*\tspecs/guestlan.yaml (attribute sets req-*) by tools/ynl-req.py */\n\n")
    w("#ifndef _GUESTLAN_NETLINK_REQ_H\n#define _GUESTLAN_NETLINK_REQ_H\n\n")
    w("#include <linux/bits.h>\n#include <uapi/linux/guestlan_netlink.h>\n\n")
    w("/*\n * What one request accepts in one nest; the rest is refused with\n"
      " * refused[type].  Every file of the family includes these tables and\n"
      " * keeps those it uses.\n */\n")
    w("struct gl_req_nest {\n\tu64 allowed;\n\tunsigned int maxtype;\n"
      "\tconst char * const *refused;\n};\n\n")

    # every set reached by a path, with the attributes any request accepts
    # and, per set, what any request accepts anywhere: the rest is reply-only
    paths = {}
    set_used = {}
    for (op, path), attrs in req.items():
        key = (spec.nest_set(op, path), ".".join(path))
        paths.setdefault(key, set()).update(attrs)
        set_used.setdefault(key[0], set()).update(attrs)
    for (set_name, dotted), _ in sorted(paths.items(), key=lambda x: x[0][1]):
        used = set_used[set_name]
        pfx = spec.prefix(set_name)
        w(f"static const char * const gl_req_refused_{c_lower(dotted.replace('.', '_'))}"
          f"[{pfx}MAX + 1] __maybe_unused = {{\n")
        for name, a in spec.attrs(set_name):
            if a["type"] == "unused":
                continue
            why = "is not accepted by this command" if name in used else \
                "is reply-only"
            w(f"\t[{pfx}{c_upper(name)}] =\n"
              f"\t\t\"guestlan: {dotted}.{name} {why}\",\n")
        w("};\n\n")
    for (op, path), attrs in sorted(req.items()):
        set_name = spec.nest_set(op, path)
        pfx = spec.prefix(set_name)
        dotted = "_".join(path)
        bits = " |\n\t\t   ".join(f"BIT_ULL({pfx}{c_upper(a)})" for a in attrs)
        w(f"static const struct gl_req_nest gl_req_{c_lower(op)}_{c_lower(dotted)} __maybe_unused = {{\n")
        w(f"\t.allowed = {bits},\n")
        w(f"\t.maxtype = {pfx}MAX,\n")
        w(f"\t.refused = gl_req_refused_{c_lower(dotted)},\n}};\n\n")
    # the port nest of each do whose pre_doit resolves a port
    w("/* The port nest each do on a port accepts (its pre_doit resolves port.ifindex) */\n")
    w("static const struct gl_req_nest *const gl_req_do_port[] __maybe_unused = {\n")
    for name, op in spec.ops.items():
        pre = op.get("do", {}).get("pre", "")
        if not pre.startswith("gl-nl-pre-doit-"):
            continue
        if (name, ("port",)) not in req:
            raise SystemExit(f"ynl-req: {name}: {pre} but no req-{name}-port")
        w(f"\t[GUESTLAN_CMD_{c_upper(name)}] = &gl_req_{c_lower(name)}_port,\n")
    w("};\n\n")
    w("#endif /* _GUESTLAN_NETLINK_REQ_H */\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", required=True)
    ap.add_argument("-o", dest="out", required=True)
    args = ap.parse_args()
    with open(args.out, "w") as out:
        render(Spec(args.spec), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
