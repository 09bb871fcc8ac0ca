#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# host-trace (guestlan(4), "host traces the whole LAN"): who among the
# packet sockets bound to the switch device gets a copy of the LAN's
# frames.  auto (the default): every socket on lan0 while lan0 is
# promiscuous for any reason -- its own tcpdump, ip link set lan0 promisc
# on, a bridge lan0 is a port of; on: whenever a socket is open; off:
# never.
#
#   NSA: eth0 (MA) ==veth== pa --+
#                                +-- sw (guestlan) == lan0 on the host:
#   NSB: eth0 (MB) ==veth== pb --+      a packet socket (the tap), and in
#                                       one case a bridge lan0 is a port of
#
# A sends N unicast frames to B (known: never for the host).  The tap is a
# python3 AF_PACKET socket bound to lan0 with a filter for A->B, like
# tcpdump -p until it joins PACKET_MR_PROMISC itself; what it got is its
# kernel-side count (PACKET_STATISTICS).
#
# Run one case: TESTS="bridge trace_off" ./host_trace.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="
	auto
	bridge
	trace_on
	trace_off
"
# shellcheck disable=SC2034 # gl_plan_cases reads it
declare -A NCHECKS=([auto]=5 [bridge]=3 [trace_on]=3 [trace_off]=3)
: "${TESTS:=$ALL_TESTS}"

gl_require_all
gl_require_cmd jq python3

sw=gh$GL_ID
br=ghbr$GL_ID
# shellcheck disable=SC2034 # gl_guests_add finds pX and MX by name
{
pa=gha$GL_ID
pb=ghb$GL_ID
MA=02:00:00:00:5a:01
MB=02:00:00:00:5b:01
}
N=10

# The tap: per line "count" it answers the frames A->B it received since
# the last count; "promisc on|off" joins or leaves PACKET_MR_PROMISC (what
# tcpdump without -p does); "ready" once bound.
IFS= read -r -d '' TAP_PY <<'PYEOF'
import ctypes, socket, struct, sys

SOL_PACKET, PACKET_ADD_MEMBERSHIP, PACKET_DROP_MEMBERSHIP = 263, 1, 2
PACKET_STATISTICS, PACKET_MR_PROMISC, SO_ATTACH_FILTER = 6, 1, 26
dev, etype, dst = sys.argv[1], int(sys.argv[2], 16), sys.argv[3]
low = int("".join(dst.split(":")[2:]), 16)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
prog = [(0x28, 0, 0, 12), (0x15, 0, 3, etype),	# ldh [12]; jeq etype
        (0x20, 0, 0, 2), (0x15, 0, 1, low),	# ld [2]; jeq dst[2:6]
        (0x06, 0, 0, 0x40000), (0x06, 0, 0, 0)]
code = b"".join(struct.pack("HBBI", *i) for i in prog)
buf = ctypes.create_string_buffer(code)
fprog = struct.pack("HL", len(prog), ctypes.addressof(buf))
s.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, fprog)
s.bind((dev, 0x0003))
ifindex = socket.if_nametoindex(dev)
s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8)	# from now on
print("ready", flush=True)
for line in sys.stdin:
    w = line.split()
    if w[0] == "count":
        n, _ = struct.unpack("II", s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))
        print(n, flush=True)
    elif w[0] == "promisc":
        mr = struct.pack("iHH8s", ifindex, PACKET_MR_PROMISC, 0, b"")
        s.setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP if w[1] == "on"
                     else PACKET_DROP_MEMBERSHIP, mr)
        print("ok", flush=True)
PYEOF

# tap CMD...: one command to the tap, its answer
tap()
{
	local line

	echo "$*" >&"${TAP[1]}"
	read -r -t 30 line <&"${TAP[0]}" || line="no answer"
	echo "$line"
}

# got: A sends N frames to B; the frames the tap got
got()
{
	tap count >/dev/null
	gl_guest_send a "$MB" $N
	gl_settle
	tap count
}

setup()
{
	gl_switch_add "$sw" || return 1
	gl_guests_add "$sw" a b || return 1
	gl_guest_send b ff:ff:ff:ff:ff:ff 1	# B learned: A->B is known
	coproc TAP { exec python3 -u -c "$TAP_PY" "$sw" "$GL_ETYPE" "$MB"; }
	GL_PIDS+=("$TAP_PID")
	read -r -t 60 line <&"${TAP[0]}" && [ "$line" = ready ]
}

trace()
{
	"$GLCTL" -j show "$sw" | jq -r '.[0].host_trace'
}

auto()
{
	gl_check_eq "a new switch: host-trace auto" auto "$(trace)"
	gl_check_eq "auto, the tap alone (tcpdump -p): nothing" 0 "$(got)"
	tap promisc on >/dev/null
	gl_check_eq "auto, the tap's own promiscuity (tcpdump): every frame" $N "$(got)"
	tap promisc off >/dev/null
	ip link set "$sw" promisc on
	gl_check_eq "auto, ip link set lan0 promisc on: the -p tap too" $N "$(got)"
	ip link set "$sw" promisc off
	gl_check_eq "auto, promiscuity gone: nothing" 0 "$(got)"
}

# A bridge lan0 is a port of makes lan0 promiscuous: in auto the host's
# daemons' sockets on lan0 see the LAN; off keeps them out.
bridge()
{
	ip link add "$br" type bridge && GL_DEVS+=("$br") &&
		ip link set "$sw" master "$br" ||
		{ gl_check "bridge $br set up" false; return; }
	gl_check_eq "auto, lan0 a bridge port: the -p tap gets every frame" \
		$N "$(got)"
	"$GLCTL" set "$sw" host-trace off
	gl_check_eq "off, lan0 a bridge port: nothing" 0 "$(got)"
	ip link set "$sw" nomaster
	"$GLCTL" set "$sw" host-trace auto
	gl_check_eq "auto, no bridge: nothing" 0 "$(got)"
	ip link del "$br"
}

trace_on()
{
	"$GLCTL" set "$sw" host-trace on
	gl_check_eq "show: host-trace on" on "$(trace)"
	gl_check_eq "on, the -p tap, lan0 not promiscuous: every frame" $N "$(got)"
	"$GLCTL" set "$sw" host-trace auto
	gl_check_eq "auto again: nothing" 0 "$(got)"
}

trace_off()
{
	"$GLCTL" set "$sw" host-trace off
	gl_check_eq "show: host-trace off" off "$(trace)"
	tap promisc on >/dev/null
	gl_check_eq "off, the tap's own promiscuity: nothing" 0 "$(got)"
	"$GLCTL" set "$sw" host-trace auto
	gl_check_eq "auto again, the same tap: every frame" $N "$(got)"
	tap promisc off >/dev/null
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark
setup || ktap_exit_fail_msg "cannot set up the topology"
for t in $TESTS; do
	"$t"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
