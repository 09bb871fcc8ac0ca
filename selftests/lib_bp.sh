#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the bridge-port and VNIC characteristics tests (vnicc.sh,
# bridgeport.sh, reflect_promisc.sh, hostnotify.sh, bridge_uplink.sh).
# Sources lib.sh:
#   source "$(dirname "$(readlink -f "$0")")/lib_bp.sh"

# shellcheck source=selftests/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

: "${GUESTLAN_UAPI:=$GL_TOP/uapi/linux/guestlan_netlink.h}"
# The system's python3 starts much faster than a pyenv shim in the VM.
BP_PY=python3
[ -x /usr/bin/python3 ] && BP_PY=/usr/bin/python3

# The standard preamble plus a glctl that knows "port set".
bp_require_all()
{
	gl_require_all
	"$GLCTL" help 2>&1 | grep -q "port set" ||
		gl_skip_all "$GLCTL has no 'port set' (glctl too old)"
}

# bp_set SWITCH PORT ARGS...: glctl port set SWITCH port PORT ARGS...
bp_set()
{
	local sw=$1 port=$2; shift 2

	"$GLCTL" port set "$sw" port "$port" "$@"
}

# bp_port SWITCH PORT JQEXPR: a field of the port's "glctl -j -s port show"
bp_port()
{
	"$GLCTL" -j -s port show "$1" |
		jq -r --arg p "$2" ".[] | select(.ifname == \$p) | $3"
}

# bp_states SWITCH PORT...: "role/state role/state ..." of the ports
bp_states()
{
	local sw=$1; shift

	"$GLCTL" -j port show "$sw" | jq -r --args \
		'. as $all | [$ARGS.positional[] as $p |
		  ($all[] | select(.ifname == $p) | "\(.role)/\(.state)") // "-"] |
		 join(" ")' "$@"
}

# bp_states_are SWITCH "EXPECTED" PORT...: succeeds when bp_states matches
bp_states_are()
{
	local sw=$1 want=$2; shift 2

	[ "$(bp_states "$sw" "$@")" == "$want" ]
}

# bp_check_states DESC SWITCH "EXPECTED" PORT...: wait a little for the
# states (links and promiscuous flags are polled), then compare.
bp_check_states()
{
	local desc=$1 sw=$2 want=$3; shift 3

	busywait 5000 bp_states_are "$sw" "$want" "$@"
	gl_check_eq "$desc" "$want" "$(bp_states "$sw" "$@")"
}

# bp_rx_counts SRC_NS SRC_MAC DST N NS...: SRC_NS sends N test frames from
# SRC_MAC to DST; prints how many the eth0 of each NS received.
bp_rx_counts()
{
	local sns=$1 smac=$2 dst=$3 n=$4; shift 4
	local i ns out=()

	i=0
	for ns in "$@"; do
		gl_cap_start "R$i" "$ns" raw eth0 -s "$smac" -e "$GL_ETYPE"
		i=$((i + 1))
	done
	gl_ns_send "$sns" eth0 -s "$smac" -d "$dst" -n "$n"
	gl_settle
	for ((i = 0; i < $#; i++)); do
		out+=("$(gl_cap_stop "R$i")")
	done
	echo "${out[*]}"
}

# bp_txs SWITCH PORT...: tx_packets of each port ("-" if not a port)
bp_txs()
{
	local sw=$1; shift

	"$GLCTL" -j -s port show "$sw" | jq -r --args \
		'. as $all | [$ARGS.positional[] as $p |
		  ([$all[] | select(.ifname == $p) | .stats.tx_packets] | first) //
		  "-" | tostring] | join(" ")' "$@"
}

bp_rx_reached()
{
	[ "$(gl_port_stat "$1" "$2" rx_packets)" -ge "$3" ]
}

# bp_tx_counts SWITCH SRC_NS SRC_PORT SRC_MAC DST N PORT...: SRC_NS sends
# N test frames from SRC_MAC to DST; prints how many frames the switch
# sent out of each PORT meanwhile ("-": not a port).  Cheaper than
# captures: no settling, nothing started per receiver.
bp_tx_counts()
{
	local sw=$1 sns=$2 sport=$3 smac=$4 dst=$5 n=$6; shift 6
	local before after rx0

	before=$(bp_txs "$sw" "$@")
	rx0=$(gl_port_stat "$sw" "$sport" rx_packets)
	gl_ns_send "$sns" eth0 -s "$smac" -d "$dst" -n "$n"
	busywait 10000 bp_rx_reached "$sw" "$sport" $((rx0 + n))
	after=$(bp_txs "$sw" "$@")
	# (no process substitution: the test VM has no /dev/fd)
	awk -v b="$before" -v a="$after" 'BEGIN {
		n = split(b, x, " "); split(a, y, " ")
		for (i = 1; i <= n; i++)
			printf "%s%s", (x[i] == "-" || y[i] == "-") ? "-" : y[i] - x[i],
			       i < n ? " " : "\n"
	}'
}

##############################################################################
# Events: glctl -j monitor, kernel uevents

# bp_mon_start SWITCH: "glctl -j monitor" into $GL_TMP/mon.json, once it
# is listening (it must have seen the switch-ntf of a no-op "glctl set").
bp_mon_start()
{
	local sw=$1 ageing

	gl_bg mon "$GLCTL" -j monitor
	ageing=$(gl_sw_get "$sw" .ageing_time)
	BP_MON=$GL_TMP/mon.out
	# shellcheck disable=SC2016
	slowwait 30 bash -c '
		"$1" set "$2" ageing "$3" >/dev/null
		grep -q "\"event\":\"switch\"" "$4"' _ \
		"$GLCTL" "$sw" "$ageing" "$BP_MON"
}

# bp_mon_events JQFILTER: the monitor's events selected by JQFILTER
# (e.g. 'select(.event == "bridgeport")'), compact, one per line.
bp_mon_events()
{
	grep '^{' "$BP_MON" | jq -c "$1" 2>/dev/null
}

# bp_mon_has JQFILTER: some event matches JQFILTER (a select())
bp_mon_has()
{
	[ -n "$(bp_mon_events "$1")" ]
}

# bp_uev_start: kernel uevents with BRIDGEPORT= into $GL_TMP/uev.out as
# "INTERFACE ROLE STATE" lines.
bp_uev_start()
{
	BP_UEV=$GL_TMP/uev.out
	rm -f "$GL_TMP/uev.ready"
	gl_bg uev "$BP_PY" -u -c '
import socket, sys
s = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 15)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
s.bind((0, 1))
open(sys.argv[1], "w").close()
while True:
    d = s.recv(65536)
    env = dict(f.split(b"=", 1) for f in d.split(b"\0")[1:] if b"=" in f)
    if b"BRIDGEPORT" in env:
        print(" ".join(env.get(k, b"-").decode() for k in
                       (b"INTERFACE", b"BRIDGEPORT", b"ROLE", b"STATE")))
' "$GL_TMP/uev.ready"
	BP_UEV=$GL_TMP/uev.out
	slowwait 30 test -e "$GL_TMP/uev.ready"
}

# bp_uev_has "LINE": the uevent reader saw exactly this line
bp_uev_has()
{
	grep -qxF "$1" "$BP_UEV"
}

##############################################################################
# Exact errno of a port-set request (glctl prints the extack message only)

# bp_errno SWITCH PORT ATTR=VALUE...: send port-set with the port
# attributes (names as in the uapi header: role=primary, flooding=0,
# reflect_promisc=secondary, max_learned=5 ...); print OK or the errno name.
bp_errno()
{
	"$BP_PY" - "$GUESTLAN_UAPI" "$(gl_ifindex "$1")" "$(gl_ifindex "$2")" \
		"${@:3}" <<'EOF'
import errno, os, re, socket, struct, sys

hdr, sw, port, args = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
consts = {}
for body in re.findall(r"enum\s*\w*\s*\{(.*?)\}", open(hdr).read(), re.S):
    n = 0
    for item in body.split(","):
        item = re.sub(r"/\*.*?\*/", "", item, flags=re.S).strip()
        if not item:
            continue
        m = re.match(r"(\w+)\s*(?:=\s*(\w+))?$", item)
        if not m:
            continue
        if m.group(2):
            v = m.group(2)
            n = consts[v] if v in consts else int(v, 0)
        consts[m.group(1)] = n
        n += 1

def nla(t, payload):
    l = 4 + len(payload)
    return struct.pack("HH", l, t) + payload + b"\0" * ((4 - l % 4) % 4)

seq = 0

def genl_req(s, fam, cmd, attrs, flags=0x5):
    # returns (first reply message or b"", error code of the ACK)
    global seq
    seq += 1
    body = struct.pack("BBH", cmd, 1, 0) + attrs
    s.send(struct.pack("IHHII", 16 + len(body), fam, flags, seq, 0) + body)
    reply = b""
    while True:
        d = s.recv(65536)
        off = 0
        while off + 16 <= len(d):
            l, t, _, sq, _ = struct.unpack_from("IHHII", d, off)
            if sq == seq:
                if t == 2:                         # NLMSG_ERROR
                    return reply, struct.unpack_from("i", d, off + 16)[0]
                if not reply:
                    reply = d[off:off + l]
            off += (l + 3) & ~3

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
s.bind((0, 0))
r, _ = genl_req(s, 0x10, 3, nla(2, b"guestlan\0"))  # CTRL_CMD_GETFAMILY
fam = None
off = 20
while off < len(r):
    l, t = struct.unpack_from("HH", r, off)
    if t == 1:                                     # CTRL_ATTR_FAMILY_ID
        fam = struct.unpack_from("H", r, off + 4)[0]
    off += (l + 3) & ~3
if fam is None:
    print("NOFAMILY")
    sys.exit(1)

pa = nla(consts["GUESTLAN_PORT_A_IFINDEX"], struct.pack("I", port))
for a in args:
    k, v = a.split("=", 1)
    k = k.upper().replace("-", "_")
    role = "GUESTLAN_BRIDGE_ROLE_" + v.upper()
    v = consts[role] if role in consts else int(v, 0)
    fmt = "I" if k in ("LEARNING_TIMEOUT", "MAX_LEARNED") else "B"
    pa += nla(consts["GUESTLAN_PORT_A_" + k], struct.pack(fmt, v))
attrs = nla(consts["GUESTLAN_A_IFINDEX"], struct.pack("I", sw))
attrs += nla(consts["GUESTLAN_A_PORT"] | 0x8000, pa)
_, err = genl_req(s, fam, consts["GUESTLAN_CMD_PORT_SET"], attrs)
print("OK" if err == 0 else errno.errorcode.get(-err, str(err)))
EOF
}

# bp_check_errno DESC ERRNO SWITCH PORT ATTR=VALUE...
bp_check_errno()
{
	local desc=$1 want=$2; shift 2

	gl_check_eq "$desc" "$want" "$(bp_errno "$@")"
}
