#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stacked VLAN tags (VLAN hopping): once the switch has classified a frame
# into a VLAN, a frame that still carries an 802.1Q or 802.1ad tag is
# dropped -- counted in the ingress port's drop_stacked_tag, reason
# stacked-tag on the guestlan:guestlan_drop tracepoint -- unless the port
# has stacked_tags on.  Without that, a VLAN-1 access guest's
# [802.1Q 1][802.1Q 20] ARP frames leave the host port (and a trunk whose
# native VLAN is 1) untagged, and the receiver takes the inner tag for
# VLAN 20: they reach the host's sw.20 and the trunk peer's eth0.20.  The
# host port has the option too (a VLAN device stacked on sw.10 sends such
# frames) and takes no other port-set option.
#
#   NSA: eth0 (MA) ==veth== pa --+  access: VLAN 1 PVID untagged
#   NST: eth0 (MT) ==veth== pt --+  trunk: VLAN 1 PVID untagged (native)
#        eth0.20 10.20.0.3/24    |         + VLAN 20 tagged
#   NSC: eth0 (MC) ==veth== pc --+  trunk: VLAN 10 tagged only
#        eth0.10                 |
#        eth0.10.30 10.30.0.3/24 |
#                               sw (guestlan) -- the host port: VLAN 1 PVID
#                                |   untagged, VLANs 10 and 20 tagged
#             +------------------+---------------+
#          sw.20 10.20.0.1/24   sw.ad20        sw.10
#          (802.1Q 20)          (802.1ad 20)     |
#                                              sw.10.30 10.30.0.1/24
#
# A's frames are ARP requests from 10.20.0.66 (VLAN 20's subnet) built with
# scapy; what arrives is counted on the receiving interfaces' counters
# (sw.20, sw.ad20, T's eth0/eth0.20, C's eth0/eth0.10.30) and the switch's,
# never with captures.  glctl's port show lists the ports, not the host
# port: its drop_stacked_tag is the switch's (the sum over the host port
# and the ports) minus the ports', its stacked-tags option is read with a
# port-get on the switch's own ifindex (ynl's cli.py).
#
# Run one case: TESTS="host_hop stacked_on" ./stacked_tags.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="
	host_hop
	inner_ad
	trunk_hop
	stacked_on
	host_stacked
	refused
"
# shellcheck disable=SC2034 # gl_plan_cases reads it
declare -A NCHECKS=([host_hop]=4 [inner_ad]=5 [trunk_hop]=4 [stacked_on]=5
		    [host_stacked]=6 [refused]=7)
: "${TESTS:=$ALL_TESTS}"

# no tap-helper here: scapy builds the frames
gl_require_root
gl_modprobe veth 8021q af_packet
gl_require_cmd ip jq timeout awk
gl_require_module
gl_require_glctl
PY=
for p in python3 /usr/bin/python3; do
	# find_spec: importing scapy here would cost seconds in the VM
	if "$p" -c 'import importlib.util as u, sys
sys.exit(not (u.find_spec("scapy") and u.find_spec("yaml")))' 2>/dev/null; then
		PY=$p
		break
	fi
done
[ -n "$PY" ] || gl_skip_all "no python3 with scapy and yaml"
[ -r "$YNL_DIR/cli.py" ] || gl_skip_all "no ynl cli.py in YNL_DIR (${YNL_DIR:-unset})"
[ -r "$GUESTLAN_SPEC" ] || gl_skip_all "no spec at GUESTLAN_SPEC (${GUESTLAN_SPEC:-unset})"

TR=/sys/kernel/tracing
if [ ! -d "$TR/events" ]; then
	mount -t tracefs nodev "$TR" 2>/dev/null ||
		gl_skip_all "cannot mount tracefs at $TR"
fi
EV=$TR/events/guestlan/guestlan_drop
[ -d "$EV" ] || gl_skip_all "no tracepoint guestlan:guestlan_drop"

sw=gh$GL_ID
pa=gha$GL_ID
pt=ght$GL_ID
pc=ghc$GL_ID
h20=$sw.20
had=$sw.ad20
h10=$sw.10
h1030=$sw.10.30
MA=02:00:00:00:0a:01
# shellcheck disable=SC2034 # gl_guests_add finds MX by name
{
MT=02:00:00:00:0d:01
MC=02:00:00:00:0c:01
}
BC=ff:ff:ff:ff:ff:ff
SIP=10.20.0.66		# A's sender IP: in VLAN 20's subnet
H20=10.20.0.1		# sw.20
T20=10.20.0.3		# T's eth0.20
H30=10.30.0.1		# sw.10.30
N=10

# The frame sender: one python3 importing scapy once (that import costs
# seconds in the TCG test VM), started by sender_start as a coprocess.  Per
# line "NS DEV MAC SIP TIP N SPEC..." on its stdin it builds, per SPEC, a
# broadcast ARP request (SIP asks for TIP, from MAC) and sends it N times
# out of DEV in netns NS ("-": the init netns) through a packet socket, as
# sendp() would, then answers "sent COUNT" (or "error ...").  SPEC lists
# the tags outermost first: "q1,q20" is [802.1Q 1][802.1Q 20], "q1,ad20"
# [802.1Q 1][802.1ad 20], "-" none (DEV is then a VLAN device).
IFS= read -r -d '' SENDER_PY <<'PYEOF'
import ctypes, os, socket, sys
from scapy.layers.l2 import ARP, Dot1AD, Dot1Q, Ether

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)
home = os.open("/proc/self/ns/net", os.O_RDONLY)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET):
        raise OSError(ctypes.get_errno(), "setns")


print("ready", flush=True)
for line in sys.stdin:
    ns, dev, mac, sip, tip, n, *specs = line.split()
    frames = []
    for spec in specs:
        p = Ether(src=mac, dst="ff:ff:ff:ff:ff:ff")
        for t in filter(None, spec.strip("-").split(",")):
            if t.startswith("ad"):
                p = p / Dot1AD(vlan=int(t[2:]))
            else:
                p = p / Dot1Q(vlan=int(t[1:]))
        frames += [bytes(p / ARP(op=1, hwsrc=mac, psrc=sip, pdst=tip))] * int(n)
    try:
        if ns != "-":
            fd = os.open("/run/netns/" + ns, os.O_RDONLY)
            setns(fd)
            os.close(fd)
        with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
            s.bind((dev, 0))
            for f in frames:
                s.send(f)
        print("sent %d" % len(frames), flush=True)
    except OSError as e:
        print("error %s" % e, flush=True)
    finally:
        setns(home)
PYEOF

sender_start()
{
	coproc SENDER { exec "$PY" -u -c "$SENDER_PY"; }
	GL_PIDS+=("$SENDER_PID")
}

# sender_ready: wait until it has imported scapy
sender_ready()
{
	local line

	read -r -t 120 line <&"${SENDER[0]}" && [ "$line" = ready ]
}

# send NS|- DEV MAC SIP TIP SPEC...: N frames per SPEC (see SENDER_PY)
send()
{
	local line

	if [ -z "${SENDER[1]:-}" ]; then
		ktap_print_msg "the scapy sender is gone"
		return 1
	fi
	echo "$1 $2 $3 $4 $5 $N ${*:6}" >&"${SENDER[1]}"
	read -r -t 60 line <&"${SENDER[0]}"
	[ "$line" = "sent $((N * ($# - 5)))" ] || ktap_print_msg "sender: ${line:-no answer}"
	gl_settle
}

# a_send TIP SPEC...: guest A's frames asking for TIP
a_send()
{
	send "$NSA" eth0 "$MA" "$SIP" "$@"
}

# h_send: the host's sw.10.30 sends ([Q 10][Q 30] on the wire)
h_send()
{
	send - "$h1030" "$(cat "/sys/class/net/$sw/address")" "$H30" 10.30.0.99 -
}

# num V: V if it is a number, else "none" (the old module has no counter)
num()
{
	if [[ $1 =~ ^[0-9]+$ ]]; then
		echo "$1"
	else
		echo none
	fi
}

# since BEFORE AFTER: the difference, or "no counter"
since()
{
	if [[ $1 =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ ]]; then
		echo $(($2 - $1))
	else
		echo "no counter"
	fi
}

# stk PORT: PORT's drop_stacked_tag
stk()
{
	num "$(gl_port_stat "$sw" "$1" drop_stacked_tag)"
}

# host_stk: the host port's drop_stacked_tag (the switch's minus its ports')
host_stk()
{
	local all j sum=0 n=0 re='"drop_stacked_tag":([0-9]+)'

	all=$(num "$(gl_sw_stat "$sw" drop_stacked_tag)")
	j=$("$GLCTL" -j -s port show "$sw")
	while [[ $j =~ $re ]]; do
		sum=$((sum + BASH_REMATCH[1])) n=$((n + 1))
		j=${j#*"${BASH_REMATCH[0]}"}
	done
	[ $n -eq 3 ] || sum=none	# A, T and C
	since "$sum" "$all"
}

# host_get JQ: a field of the host port's nest (a port-get do on the
# switch's own ifindex), "none" if absent
host_get()
{
	local idx

	idx=$(gl_ifindex "$sw")
	"$PY" "$YNL_DIR/cli.py" --spec "$GUESTLAN_SPEC" --no-schema --output-json \
		--do port-get --json "{\"ifindex\": $idx, \"port\": {\"ifindex\": $idx}}" \
		2>/dev/null | jq -r ".port$1 // \"none\"" 2>/dev/null
}

# port_key PORT KEY: KEY of PORT's glctl -j port show object
port_key()
{
	"$GLCTL" -j port show "$sw" |
		jq -r --arg p "$1" ".[] | select(.ifname == \$p) | .$2"
}

# port_text PORT: the word after "stacked_tags" in PORT's text port show
port_text()
{
	"$GLCTL" port show "$sw" |
		awk -v p="$1" '$1 == p { f = 1 } f && /^[^ \t]/ && $1 != p { f = 0 }
			f { for (i = 1; i < NF; i++) if ($i == "stacked_tags") print $(i + 1) }'
}

# mark TAG NS|"" DEV / got TAG: rx_packets of DEV since the mark
mark()
{
	gl_rx_mark "$@"
}

got()
{
	gl_rx_delta "$1"
}

# trace_begin / trace_end: the drop tap's lines in between, in trace.txt
trace_begin()
{
	echo 0 >"$TR/tracing_on"
	echo >"$TR/trace"
	echo 1 >"$TR/tracing_on"
}

trace_end()
{
	echo 0 >"$TR/tracing_on"
	grep "guestlan_drop" "$TR/trace" >"$GL_TMP/trace.txt"
}

# tp PORT [MORE]: stacked-tag lines of PORT (that also match MORE)
tp()
{
	grep "switch=$sw port=$1 reason=stacked-tag " "$GL_TMP/trace.txt" |
		grep -c -- "${2:-}"
}

# host_vlan NAME LINK ID [PROTO] [IP/PLEN]: a VLAN device on LINK, no IPv6
# (gl_quiet's sysctl cannot name a device with dots)
host_vlan()
{
	ip link add link "$2" name "$1" type vlan proto "${4:-802.1Q}" id "$3" ||
		return 1
	echo 1 >"/proc/sys/net/ipv6/conf/$1/disable_ipv6"
	if [ -n "$5" ]; then
		ip addr add "$5" dev "$1" || return 1
	fi
	ip link set "$1" up
}

setup()
{
	sender_start	# while the topology is made
	gl_switch_add "$sw" || return 1
	gl_guests_add "$sw" a t c || return 1
	# the host port: VLAN 1 untagged (default), 10 and 20 tagged
	"$GLCTL" vlan add "$sw" port "$sw" vid 20 &&
		"$GLCTL" vlan add "$sw" port "$sw" vid 10 &&
		"$GLCTL" vlan add "$sw" port "$pt" vid 20 &&
		"$GLCTL" vlan add "$sw" port "$pc" vid 10 &&
		"$GLCTL" vlan del "$sw" port "$pc" vid 1 || return 1
	host_vlan "$h20" "$sw" 20 802.1Q "$H20/24" &&
		host_vlan "$had" "$sw" 20 802.1ad &&
		host_vlan "$h10" "$sw" 10 &&
		host_vlan "$h1030" "$h10" 30 802.1Q "$H30/24" || return 1
	# the netns have IPv6 off by default (gl_ns_add)
	ip -n "$NST" link add link eth0 name eth0.20 type vlan id 20 &&
		ip -n "$NST" addr add "$T20/24" dev eth0.20 &&
		ip -n "$NST" link set eth0.20 up || return 1
	ip -n "$NSC" link add link eth0 name eth0.10 type vlan id 10 &&
		ip -n "$NSC" link set eth0.10 up &&
		ip -n "$NSC" link add link eth0.10 name eth0.10.30 type vlan id 30 &&
		ip -n "$NSC" addr add 10.30.0.3/24 dev eth0.10.30 &&
		ip -n "$NSC" link set eth0.10.30 up || return 1

	sender_ready || return 1

	echo 0 >"$TR/tracing_on"
	echo 1 >"$EV/enable"
	gl_defer "echo 0 >$EV/enable; echo >$TR/trace; echo 1 >$TR/tracing_on"
}

# A (access, VLAN 1) sends [Q 1][Q 20] ARP requests for sw.20's address
host_hop()
{
	local s0

	ip neigh flush dev "$h20"
	s0=$(stk "$pa")
	mark h20 "" "$h20"
	trace_begin
	a_send "$H20" q1,q20
	trace_end
	gl_check_eq "[Q 1][Q 20] from A: $h20 receives none" 0 "$(got h20)"
	gl_check_eq "... no neighbour $SIP on $h20" "" \
		"$(ip neigh show dev "$h20" to "$SIP")"
	gl_check_eq "... A's drop_stacked_tag +$N" $N "$(since "$s0" "$(stk "$pa")")"
	gl_check_eq "... tracepoint: $N reason=stacked-tag lines for A, vlan_tci 0x0001" \
		$N "$(tp "$pa" "src=$MA dst=$BC vlan_tci=0x0001 ")"
}

# an inner 802.1ad tag, and a priority-tagged outer one
inner_ad()
{
	local s0

	s0=$(stk "$pa")
	mark h20 "" "$h20"
	mark had "" "$had"
	trace_begin
	a_send "$H20" q1,ad20 q0,q20
	trace_end
	gl_check_eq "[Q 1][ad 20] from A: the host's 802.1ad $had receives none" \
		0 "$(got had)"
	gl_check_eq "[Q 0][Q 20] from A: $h20 receives none" 0 "$(got h20)"
	gl_check_eq "... A's drop_stacked_tag +$((2 * N))" $((2 * N)) \
		"$(since "$s0" "$(stk "$pa")")"
	gl_check_eq "... tracepoint: $N stacked-tag lines for A with vlan_tci 0x0001 (inner ad)" \
		$N "$(tp "$pa" "vlan_tci=0x0001 ")"
	gl_check_eq "... tracepoint: $N stacked-tag lines for A with vlan_tci 0x0000 (priority)" \
		$N "$(tp "$pa" "vlan_tci=0x0000 ")"
}

# T is a trunk with native VLAN 1: A's [Q 1][Q 20] would reach its eth0.20
trunk_hop()
{
	local s0

	ip -n "$NST" neigh flush dev eth0.20
	s0=$(stk "$pa")
	mark t20 "$NST" eth0.20
	mark t "$NST" eth0
	a_send "$T20" q1,q20
	gl_check_eq "[Q 1][Q 20] from A: T's eth0.20 receives none" 0 "$(got t20)"
	gl_check_eq "... T's eth0 receives nothing at all" 0 "$(got t)"
	gl_check_eq "... no neighbour $SIP on T's eth0.20" "" \
		"$(ip -n "$NST" neigh show dev eth0.20 to "$SIP")"
	gl_check_eq "... A's drop_stacked_tag +$N" $N "$(since "$s0" "$(stk "$pa")")"
}

# stacked_tags on on A: the same frames pass (so this test sees a hop)
stacked_on()
{
	local s0

	ip neigh flush dev "$h20"
	gl_check "port set A stacked_tags on" \
		"$GLCTL" port set "$sw" port "$pa" stacked_tags on
	s0=$(stk "$pa")
	mark h20 "" "$h20"
	mark t20 "$NST" eth0.20
	a_send "$H20" q1,q20
	gl_check_eq "stacked_tags on: $h20 receives A's $N frames" $N "$(got h20)"
	gl_check_eq "... the neighbour $SIP appears on $h20, lladdr MA" "$MA" \
		"$(ip neigh show dev "$h20" to "$SIP" | awk '{ print $3 }')"
	# A's requests (native VLAN 1) plus sw.20's replies to MA, flooded in
	# VLAN 20 (MA is only known in VLAN 1)
	gl_check_eq "... T's eth0.20 receives them and $h20's $N replies" \
		$((2 * N)) "$(got t20)"
	gl_check_eq "... A's drop_stacked_tag +0" 0 "$(since "$s0" "$(stk "$pa")")"
	"$GLCTL" port set "$sw" port "$pa" stacked_tags off
}

# the host's sw.10.30 (on sw.10) sends [Q 10][Q 30] toward C (trunk 10)
host_stacked()
{
	local s0 s1 hmac

	hmac=$(cat "/sys/class/net/$sw/address")
	s0=$(host_stk)
	mark c "$NSC" eth0
	trace_begin
	h_send
	trace_end
	s1=$(host_stk)
	gl_check_eq "$h1030 sends: the host port's drop_stacked_tag +$N" $N \
		"$(since "$s0" "$s1")"
	gl_check_eq "... C's eth0 receives none" 0 "$(got c)"
	gl_check_eq "... tracepoint: $N stacked-tag lines for the host port, vlan_tci 0x000a" \
		$N "$(tp "$sw" "src=$hmac dst=$BC vlan_tci=0x000a ")"
	gl_check "port set $sw port $sw (the host port) stacked_tags on" \
		"$GLCTL" port set "$sw" port "$sw" stacked_tags on
	mark c3 "$NSC" eth0.10.30
	h_send
	gl_check_eq "host stacked_tags on: C's eth0.10.30 receives $N" $N "$(got c3)"
	gl_check_eq "... the host port's drop_stacked_tag +0" 0 "$(since "$s1" "$(host_stk)")"
	"$GLCTL" port set "$sw" port "$sw" stacked_tags off 2>/dev/null
}

# the host port takes stacked_tags only; port show reports the option
refused()
{
	local s0

	gl_check_fail "host port: learning off refused, naming stacked-tags" \
		"stacked-tags" "$GLCTL" port set "$sw" port "$sw" learning off
	gl_check_fail "host port: stacked_tags on with max_learned 5 refused" \
		"stacked-tags" "$GLCTL" port set "$sw" port "$sw" stacked_tags on max_learned 5
	s0=$(host_stk)
	h_send
	gl_check_eq "... as a whole: $h1030's frames still dropped on the host port" \
		$N "$(since "$s0" "$(host_stk)")"
	gl_check_eq "port show -j: A's stacked_tags false by default" false \
		"$(port_key "$pa" stacked_tags)"
	"$GLCTL" port set "$sw" port "$pa" stacked_tags on
	gl_check_eq "stacked_tags on: -j true, text 'stacked_tags on'" "true on" \
		"$(port_key "$pa" stacked_tags) $(port_text "$pa")"
	"$GLCTL" port set "$sw" port "$pa" stacked_tags off
	gl_check_eq "stacked_tags off: -j false, text 'stacked_tags off'" "false off" \
		"$(port_key "$pa" stacked_tags) $(port_text "$pa")"
	"$GLCTL" port set "$sw" port "$sw" stacked_tags on 2>/dev/null
	gl_check_eq "host port on: port-get on the switch's ifindex reports stacked-tags 1" \
		1 "$(host_get '["stacked-tags"]')"
	"$GLCTL" port set "$sw" port "$sw" stacked_tags off 2>/dev/null
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark
setup || ktap_exit_fail_msg "cannot set up the topology"
for t in $TESTS; do
	"$t"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
