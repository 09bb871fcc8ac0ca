#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mirror sessions copying GSO frames (issue 21): a source port receives
# superframes -- a TCP stream over veth (TSO), UDP with UDP_SEGMENT, TSO
# frames written into a tap with a virtio-net header as a QEMU guest sends
# them -- and a SPAN, RSPAN or ERSPAN session copies them whole, cut to
# snaplen 128 (below the MSS) or cut to 1600 (above it).  Every copy the
# session counts as mirrored must reach the analyzer, none may be counted
# as dropped, and the kernel must not warn (skb_warn_bad_offload: a cut
# copy that kept its GSO state).  Copies are counted on the analyzer's
# interface counters, never in captures.
#
#   NSA: eth0 (MA, 10.77.0.1) ==veth== pa --+  source of tcp_*, udp_*
#   NSB: eth0 (MB, 10.77.0.2) ==veth== pb --+
#   tap-helper -G (a VM guest) ==tap== ta --+  source of tap_*
#   NSD: eth0 (SPAN analyzer) ==veth== pd --+-- sw (guestlan)
#   NSR: eth0 (RSPAN analyzer) =veth== pr --+  in VLAN 99 (tagged) only
#                                     ers --+  erspan external
#                                      |
#                                      | underlay, routed in the init netns
#   ul0 192.0.2.1/24 ==veth== ul1 192.0.2.2/24 (NSF: the ERSPAN analyzer;
#                                 its erspan external device "far" ends GRE)
#
# Counted: SPAN and RSPAN, the analyzer's eth0 rx_packets; ERSPAN, far's
# rx_packets (decapsulated copies).  A whole copy goes to a veth as one
# superframe, one frame at the peer (a tap's frames too: SKB_GSO_DODGY,
# but tcp_gso_segment() only checks them when just NETIF_F_GSO_ROBUST is
# missing); to ERSPAN, as its segments, each one a mirrored copy.
# unpriv_udp_span_1600: the same as an unprivileged user (uid 65534) in its
# own user and network namespace (unshare -Urn), on its own switch.
#
# Takes 62-71 s per kernel in the TCG test VM (one vCPU, as make check gives
# each of its two VMs; 8 s of it the topology).
# Run one case: TESTS="tcp_span_128 tap_erspan_full" ./mirror_gso.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="
	tcp_span_full tcp_span_128 tcp_span_1600
	tcp_rspan_full tcp_rspan_128 tcp_rspan_1600
	tcp_erspan_full tcp_erspan_128 tcp_erspan_1600
	udp_span_full udp_span_128 udp_span_1600
	udp_rspan_full udp_rspan_128 udp_rspan_1600
	udp_erspan_full udp_erspan_128 udp_erspan_1600
	tap_span_full tap_span_128 tap_span_1600
	tap_rspan_full tap_rspan_128 tap_rspan_1600
	tap_erspan_full tap_erspan_128 tap_erspan_1600
	unpriv_udp_span_1600
"
declare -A NCHECKS
# shellcheck disable=SC2034 # gl_plan_cases reads it
for t in $ALL_TESTS; do
	NCHECKS[$t]=4
done
: "${TESTS:=$ALL_TESTS}"

gl_require_all
gl_require_cmd jq python3 setpriv unshare nsenter
gl_modprobe ip_gre

sw=gg$GL_ID
pa=gga$GL_ID
# shellcheck disable=SC2034 # gl_guests_add finds pX and MX by name
pb=ggb$GL_ID
pd=ggd$GL_ID
pr=ggr$GL_ID
ta=ggt$GL_ID
ers=gge$GL_ID
ul0=ggu$GL_ID
MA=02:00:00:00:2a:01
MB=02:00:00:00:2b:01
# shellcheck disable=SC2034
MD=02:00:00:00:2d:01
# shellcheck disable=SC2034
MR=02:00:00:00:2e:01
MT=02:00:00:00:2f:01
IPA=10.77.0.1
IPB=10.77.0.2
LOCAL=192.0.2.1
REMOTE=192.0.2.2
RSPAN_VID=99
TCP_BYTES=2000000	# a fixed amount, not a fixed time
UDP_SENDS=40		# of UDP_BYTES, in UDP_GSO_SIZE segments
UDP_BYTES=14000
UDP_GSO_SIZE=1400
TAP_FRAMES=20		# of TAP_SEGS segments of TAP_MSS bytes
TAP_MSS=1448
TAP_SEGS=10
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)

# The traffic, both ends in one process (python3 starts slowly under TCG):
#   tcp|udp RXNS TXNS DSTIP BYTES  (namespaces as paths: /run/netns/X, /proc/PID/ns/net)
# the receiver's socket is made in RXNS, the sender's in TXNS (setns);
# TCP sends BYTES and waits until the receiver read them all; UDP sends
# BYTES in sends of UDP_BYTES with UDP_SEGMENT UDP_GSO_SIZE.
PY=$(cat <<EOF
import ctypes, os, socket, sys, threading
mode, rxns, txns, dst = sys.argv[1:5]
total = int(sys.argv[5])
libc = ctypes.CDLL(None, use_errno=True)
def enter(path):
    fd = os.open(path, os.O_RDONLY)
    if libc.setns(fd, 0x40000000):
        sys.exit("setns %s: %s" % (path, os.strerror(ctypes.get_errno())))
    os.close(fd)
enter(rxns)
if mode == "tcp":
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((dst, 5201))
    srv.listen(1)
else:
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind((dst, 5201))
enter(txns)
if mode == "udp":
    c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    c.setsockopt(17, 103, $UDP_GSO_SIZE)  # SOL_UDP, UDP_SEGMENT
    buf = bytes($UDP_BYTES)
    for _ in range(total // len(buf)):
        c.sendto(buf, (dst, 5201))
    print(total // len(buf) * len(buf))
    sys.exit(0)
got = [0]
def sink():
    s, _ = srv.accept()
    s.settimeout(60)
    while True:
        b = s.recv(1 << 16)
        if not b:
            break
        got[0] += len(b)
t = threading.Thread(target=sink)
t.start()
c = socket.create_connection((dst, 5201), timeout=60)
buf = bytes(1 << 16)
left = total
while left > 0:
    left -= c.send(buf[:min(left, len(buf))])
c.shutdown(socket.SHUT_WR)
t.join(60)
print(got[0])
sys.exit(0 if got[0] == total else 1)
EOF
)

mirror()
{
	"$GLCTL" mirror "$@"
}

# lib.sh's gl_dmesg_mark counts lines, but the WARNs of a broken module
# (each with an skb_dump) fill the ring buffer: its line count then stays
# put and gl_dmesg_new would show nothing.  Mark by time: the new messages
# are those stamped after the last one at the mark (gl_dmesg_clean reads
# them through gl_dmesg_new).
gl_dmesg_mark()
{
	GL_DMESG_TIME=$(dmesg 2>/dev/null | tail -n 1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
}

gl_dmesg_new()
{
	dmesg 2>/dev/null | awk -v t="${GL_DMESG_TIME:-0}" \
		'{ s = $0; sub(/^\[ */, "", s); if (s + 0 > t + 0) print }'
}

# Static neighbours and no IPv6 (gl_ns_add): nothing but the test's
# traffic is mirrored or reaches an analyzer
setup()
{
	local x

	gl_switch_add "$sw" || return 1
	gl_guests_add "$sw" a b d r || return 1
	"$GLCTL" set "$sw" ageing 1000000
	ip -n "$NSA" addr add "$IPA/24" dev eth0 &&
		ip -n "$NSB" addr add "$IPB/24" dev eth0 &&
		ip -n "$NSA" neigh replace "$IPB" dev eth0 lladdr "$MB" &&
		ip -n "$NSB" neigh replace "$IPA" dev eth0 lladdr "$MA" || return 1
	gl_tap_add "$ta" "$sw" || return 1

	# RSPAN: VLAN 99 tagged on the analyzer's port, and nothing else
	"$GLCTL" vlan add "$sw" port "$pr" vid "$RSPAN_VID" || return 1
	"$GLCTL" vlan del "$sw" port "$pr" vid 1 || return 1

	# ERSPAN: the underlay to the analyzer, static neighbours
	gl_ns_add NSF || return 1
	ip link add "$ul0" type veth peer name ul1 netns "$NSF" || return 1
	GL_DEVS+=("$ul0")
	gl_quiet "$ul0"
	ip addr add "$LOCAL/24" dev "$ul0" &&
		ip link set "$ul0" up &&
		ip -n "$NSF" addr add "$REMOTE/24" dev ul1 &&
		ip -n "$NSF" link set ul1 up || return 1
	ip neigh replace "$REMOTE" dev "$ul0" \
		lladdr "$(ip -n "$NSF" -j link show ul1 | jq -r '.[0].address')" &&
	ip -n "$NSF" neigh replace "$LOCAL" dev ul1 \
		lladdr "$(ip -j link show "$ul0" | jq -r '.[0].address')" || return 1
	ip link add "$ers" type erspan external || return 1
	GL_DEVS+=("$ers")
	gl_quiet "$ers"
	ip link set "$ers" up && ip link set "$ers" master "$sw" || return 1
	# the analyzer ends GRE (else it answers ICMP and the tunnel drops)
	ip -n "$NSF" link add far type erspan external &&
		ip -n "$NSF" link set far up || return 1

	# the FDB knows the guests
	for x in a b; do
		gl_guest_send "$x" ff:ff:ff:ff:ff:ff 1
	done
	gl_settle
}

send_tcp()
{
	python3 -c "$PY" tcp "/run/netns/$NSB" "/run/netns/$NSA" "$IPB" \
		"$TCP_BYTES" >/dev/null
}

send_udp()
{
	python3 -c "$PY" udp "/run/netns/$NSB" "/run/netns/$NSA" "$IPB" \
		$((UDP_SENDS * UDP_BYTES)) >/dev/null
}

# TSO frames of a virtio-net guest to B (not for B's address: B drops them)
send_tap()
{
	"$TAPH" open "$ta" send -G "$TAP_MSS" -l $((54 + TAP_SEGS * TAP_MSS)) \
		-s "$MT" -d "$MB" -n "$TAP_FRAMES" >/dev/null
}

# settled TAG: gl_rx_delta TAG once it stops moving (copies still in the
# analyzer's backlog), after at most ~5 s
settled()
{
	local a b

	a=$(gl_rx_delta "$1")
	for _ in $(seq 1 25); do
		sleep 0.2
		b=$(gl_rx_delta "$1")
		[ "$a" = "$b" ] && break
		a=$b
	done
	echo "$b"
}

# gso_case TRAFFIC KIND SNAPLEN: session 1 copies what the source of
# TRAFFIC (tcp, udp: A; tap: the tap) sends to a KIND destination (span,
# rspan, erspan), cut to SNAPLEN (0: whole)
gso_case()
{
	local traffic=$1 kind=$2 snap=$3 src=$pa t0=$SECONDS what j mirrored dropped rx
	local dest=()

	[ "$traffic" = tap ] && src=$ta
	case "$kind" in
	span)	dest=(dest "$pd") ;;
	rspan)	dest=(dest vlan "$RSPAN_VID") ;;
	erspan)	dest=(dest "$ers" erspan 1 remote "$REMOTE" local "$LOCAL") ;;
	esac
	[ "$snap" -gt 0 ] && dest+=(snaplen "$snap")
	what="$traffic to $kind, snaplen ${snap/#0/none}"
	gl_dmesg_mark
	mirror add "$sw" id 1 source "$src" rx "${dest[@]}"
	case "$kind" in
	span)	gl_rx_mark an "$NSD" eth0 ;;
	rspan)	gl_rx_mark an "$NSR" eth0 ;;
	erspan)	gl_rx_mark an "$NSF" far ;;
	esac
	"send_$traffic" || ktap_print_msg "$what: the $traffic traffic failed"
	rx=$(settled an)
	j=$("$GLCTL" -j mirror show "$sw" id 1)
	mirrored=$(gl_json_stat "$j" mirrored)
	dropped=$(gl_json_stat "$j" dropped)
	ktap_print_msg "$what: mirrored $mirrored, dropped $dropped," \
		"truncated $(gl_json_stat "$j" truncated), analyzer rx $rx" \
		"($((SECONDS - t0))s)"
	gl_check "$what: frames were mirrored" test "${mirrored:-0}" -gt 0
	gl_check_eq "$what: the analyzer got every copy counted as mirrored" \
		"$mirrored" "$rx"
	gl_check_eq "$what: the session dropped nothing (dropped 0)" 0 "$dropped"
	gl_check "$what: no kernel warning" gl_dmesg_clean
	mirror del "$sw" id 1
}

tcp_span_full()		{ gso_case tcp span 0; }
tcp_span_128()		{ gso_case tcp span 128; }
tcp_span_1600()		{ gso_case tcp span 1600; }
tcp_rspan_full()	{ gso_case tcp rspan 0; }
tcp_rspan_128()		{ gso_case tcp rspan 128; }
tcp_rspan_1600()	{ gso_case tcp rspan 1600; }
tcp_erspan_full()	{ gso_case tcp erspan 0; }
tcp_erspan_128()	{ gso_case tcp erspan 128; }
tcp_erspan_1600()	{ gso_case tcp erspan 1600; }
udp_span_full()		{ gso_case udp span 0; }
udp_span_128()		{ gso_case udp span 128; }
udp_span_1600()		{ gso_case udp span 1600; }
udp_rspan_full()	{ gso_case udp rspan 0; }
udp_rspan_128()		{ gso_case udp rspan 128; }
udp_rspan_1600()	{ gso_case udp rspan 1600; }
udp_erspan_full()	{ gso_case udp erspan 0; }
udp_erspan_128()	{ gso_case udp erspan 128; }
udp_erspan_1600()	{ gso_case udp erspan 1600; }
tap_span_full()		{ gso_case tap span 0; }
tap_span_128()		{ gso_case tap span 128; }
tap_span_1600()		{ gso_case tap span 1600; }
tap_rspan_full()	{ gso_case tap rspan 0; }
tap_rspan_128()		{ gso_case tap rspan 128; }
tap_rspan_1600()	{ gso_case tap rspan 1600; }
tap_erspan_full()	{ gso_case tap erspan 0; }
tap_erspan_128()	{ gso_case tap erspan 128; }
tap_erspan_1600()	{ gso_case tap erspan 1600; }

# unpriv_switch GLCTL PY BYTES: what uid 65534 runs in its own user and
# network namespace (unshare -Urn; a bash of its own, given this function
# by declare -f): its own switch, guests A, B and the analyzer D in network
# namespaces held by sleeping processes, a SPAN session cut to 1600 and A's
# UDP_SEGMENT traffic to B.  Prints "mirrored dropped rx".
unpriv_switch()
{
	local glctl=$1 py=$2 bytes=$3 me a b rx0

	# guest X MAC [IP/24]: port pX of sw, its peer eth0 in a network
	# namespace held by a sleeping process, upid[X]
	guest()
	{
		local p

		unshare -n sleep 600 &
		p=$!
		upid[$1]=$p
		while [ "$(readlink "/proc/$p/ns/net")" = "$me" ]; do
			sleep 0.05
		done
		nsenter -t "$p" -n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
		ip link add "p$1" type veth peer name eth0 netns "$p"
		sysctl -qw "net.ipv6.conf.p$1.disable_ipv6=1"
		ip link set "p$1" up master sw
		nsenter -t "$p" -n ip link set eth0 address "$2" up
		[ -z "$3" ] || nsenter -t "$p" -n ip addr add "$3" dev eth0
	}
	# rxp: the analyzer eth0's rx_packets (/proc/net/dev shows the
	# reader's network namespace; /sys/class/net the one sysfs was
	# mounted in)
	rxp()
	{
		# shellcheck disable=SC2016 # awk's $2
		nsenter -t "${upid[d]}" -n awk '{ sub(/^ */, "") }
			/^eth0:/ { sub(/^eth0: */, ""); print $2 }' /proc/net/dev
	}

	set -e
	declare -gA upid=()
	trap 'kill "${upid[@]}" 2>/dev/null' EXIT
	me=$(readlink /proc/self/ns/net)
	ip link add sw type guestlan
	sysctl -qw net.ipv6.conf.sw.disable_ipv6=1
	ip link set sw up
	guest a 02:00:00:00:3a:01 10.78.0.1/24
	guest b 02:00:00:00:3b:01 10.78.0.2/24
	guest d 02:00:00:00:3d:01
	nsenter -t "${upid[a]}" -n ip neigh replace 10.78.0.2 dev eth0 \
		lladdr 02:00:00:00:3b:01
	nsenter -t "${upid[b]}" -n ip neigh replace 10.78.0.1 dev eth0 \
		lladdr 02:00:00:00:3a:01
	"$glctl" mirror add sw id 1 source pa rx dest pd snaplen 1600
	rx0=$(rxp)
	python3 -c "$py" udp "/proc/${upid[b]}/ns/net" "/proc/${upid[a]}/ns/net" \
		10.78.0.2 "$bytes" >/dev/null
	a=$(rxp)
	for _ in $(seq 1 25); do
		sleep 0.2
		b=$(rxp)
		[ "$a" = "$b" ] && break
		a=$b
	done
	echo "$("$glctl" -j mirror show sw id 1 |
		jq -r '.[0].stats | "\(.mirrored) \(.dropped)"') $((b - rx0))"
}

unpriv_udp_span_1600()
{
	local what="unprivileged user, own switch: udp to span, snaplen 1600"
	local out mirrored dropped rx t0=$SECONDS

	if ! "${NOBODY[@]}" unshare -Urn true 2>/dev/null; then
		for _ in 1 2 3 4; do
			ktap_test_skip "$what (cannot create a user namespace here)"
		done
		return
	fi
	gl_dmesg_mark
	out=$("${NOBODY[@]}" unshare -Urn \
		bash -c "$(declare -f unpriv_switch); unpriv_switch \"\$@\"" \
		unpriv "$GLCTL" "$PY" $((UDP_SENDS * UDP_BYTES)) 2>"$GL_TMP/unpriv.err")
	[ -s "$GL_TMP/unpriv.err" ] && ktap_print_msg "$(cat "$GL_TMP/unpriv.err")"
	read -r mirrored dropped rx <<<"$out"
	ktap_print_msg "$what: mirrored $mirrored, dropped $dropped, analyzer rx $rx" \
		"($((SECONDS - t0))s)"
	gl_check "$what: frames were mirrored" test "${mirrored:-0}" -gt 0
	gl_check_eq "$what: the analyzer got every copy counted as mirrored" \
		"$mirrored" "$rx"
	gl_check_eq "$what: the session dropped nothing (dropped 0)" 0 "$dropped"
	gl_check "$what: no kernel warning" gl_dmesg_clean
}

gl_plan_cases NCHECKS
setup || ktap_exit_fail_msg "cannot set up the topology"
ktap_print_msg "topology after ${SECONDS}s"
for t in $TESTS; do
	"$t"
done
gl_finished
