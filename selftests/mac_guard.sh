#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The MAC guard (guestlan(4), "Guards"): a port's guard lists the source
# MACs it may send from -- the administrator's, and sticky ones taken from
# its first frames.  Frames from other sources are dropped, any ethertype
# (drop_mac_guard), and so are ARP packets whose sender hardware address
# (drop_arp_guard) and neighbour discovery messages whose link-layer
# address option (drop_nd_guard) names another MAC, also behind IPv6
# extension headers; malformed ARP/ND and fragmented ND are dropped too.
# A MAC a guard allows is learned only on ports whose guard allows it.
# Each refusal shows on the drop tracepoint and as a rate-limited event
# on the admin-only "guard" group (glctl monitor guard).  A switch's
# template gives new ports a sticky guard, not tunnel ports.
#
#   NSA: eth0 (MA) ==veth== pa --+
#   NSB: eth0 (MB) ==veth== pb --+-- sw (guestlan)
#   NSC: eth0 (MC) ==veth== pc --+
#                           pd ..+   (template: added in the case)
#
# C is the guarded guest, the forger; frames are built by a python3
# sender (no scapy) and counted on A's eth0 (which has no IPv6: nothing
# else reaches it) and the switch's counters.
#
# Run one case: TESTS="arp nd" ./mac_guard.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="
	src_list
	arp
	nd
	sticky
	claimed
	events
	template
	clear
	unpriv
"
# shellcheck disable=SC2034 # gl_plan_cases reads it
declare -A NCHECKS=([src_list]=7 [arp]=6 [nd]=10 [sticky]=7 [claimed]=6
		    [events]=6 [template]=9 [clear]=3 [unpriv]=5)
: "${TESTS:=$ALL_TESTS}"

gl_require_all
gl_require_cmd jq python3 setpriv timeout unshare
gl_modprobe vxlan

sw=gg$GL_ID
# shellcheck disable=SC2034 # gl_guests_add finds pX and MX by name
{
pa=gga$GL_ID
pb=ggb$GL_ID
pc=ggc$GL_ID
MA=02:00:00:00:4a:01
MB=02:00:00:00:4b:01
MC=02:00:00:00:4c:01
}
pd=ggd$GL_ID
vx=ggv$GL_ID
MC2=02:00:00:00:4c:02	# C's second MAC
MS=02:00:00:00:4c:05	# a MAC B's guard allows (claimed)
N=10

# The frame sender: one python3, started once.  Per line
# "NS DEV KIND SRC ADDR N" it sends N frames of KIND from SRC (ADDR: the
# MAC named inside) out of DEV in netns NS (-: its own), then answers
# "sent N".
IFS= read -r -d '' SENDER_PY <<'PYEOF'
import ctypes, os, socket, struct, sys

libc = ctypes.CDLL(None, use_errno=True)
home = os.open("/proc/self/ns/net", os.O_RDONLY)
BC = b"\xff" * 6


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def eth(src, etype, payload):
    return BC + src + struct.pack("!H", etype) + payload


def arp(sha, hln=6):
    return struct.pack("!HHBBH", 1, 0x0800, hln, 4, 1) + sha + \
        bytes(hln - 6) + bytes([10, 0, 0, 3]) + bytes(hln) + bytes([10, 0, 0, 1])


def ip6(nh, payload):
    src = bytes.fromhex("fe800000000000000000000000000003")
    dst = bytes.fromhex("ff0200000000000000000001ff000001")
    return struct.pack("!IHBB", 6 << 28, len(payload), nh, 255) + src + dst + payload


def nd(kind, addr):
    tgt = bytes.fromhex("fe800000000000000000000000000001")
    if kind in ("ns", "ns_hbh", "ns_frag"):
        body = struct.pack("!BBHI", 135, 0, 0, 0) + tgt + bytes([1, 1]) + addr
    elif kind == "na":
        body = struct.pack("!BBHI", 136, 0, 0, 0x20000000) + tgt + bytes([2, 1]) + addr
    elif kind == "ns_len0":
        body = struct.pack("!BBHI", 135, 0, 0, 0) + tgt + bytes([1, 0]) + addr
    elif kind == "udp6":
        return ip6(17, struct.pack("!HHHH", 1000, 2000, 12, 0) + b"data")
    if kind == "ns_hbh":
        return ip6(0, bytes([58, 0, 1, 4, 0, 0, 0, 0]) + body)
    if kind == "ns_frag":
        return ip6(44, struct.pack("!BBHI", 58, 0, 1, 7) + body)
    return ip6(58, body)


def frame(kind, src, addr):
    if kind == "eth":
        return eth(src, 0x88b5, bytes(46))
    if kind == "ip4":
        return eth(src, 0x0800, bytes(46))
    if kind == "arp":
        return eth(src, 0x0806, arp(addr))
    if kind == "arp_hln7":
        return eth(src, 0x0806, arp(addr + b"\0", 7))
    return eth(src, 0x86dd, nd(kind, addr))


print("ready", flush=True)
for line in sys.stdin:
    ns, dev, kind, src, addr, n = line.split()
    try:
        if ns != "-":
            fd = os.open("/run/netns/" + ns, os.O_RDONLY)
            if libc.setns(fd, 0x40000000):
                raise OSError(ctypes.get_errno(), "setns")
            os.close(fd)
        f = frame(kind, mac(src), mac(addr))
        with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
            s.bind((dev, 0))
            for _ in range(int(n)):
                s.send(f)
        print("sent %s" % n, flush=True)
    except OSError as e:
        print("error %s" % e, flush=True)
    finally:
        libc.setns(home, 0x40000000)
PYEOF

# xsend X KIND SRC ADDR N: N frames of KIND from guest X, source SRC
xsend()
{
	local ns=NS${1^^} line

	echo "${!ns} eth0 $2 $3 $4 $5" >&"${SENDER[1]}"
	read -r -t 60 line <&"${SENDER[0]}"
	[ "$line" = "sent $5" ] || ktap_print_msg "sender: ${line:-no answer}"
	gl_settle
}

# vsend DEV SRC: N frames from SRC out of DEV in this netns
vsend()
{
	local line

	echo "- $1 eth $2 $2 $N" >&"${SENDER[1]}"
	read -r -t 60 line <&"${SENDER[0]}"
	[ "$line" = "sent $N" ] || ktap_print_msg "sender: ${line:-no answer}"
	gl_settle
}

# stat PORT COUNTER: a port counter ("none" without it)
stat()
{
	gl_port_count "$sw" "$1" "$2"
}

# delta PORT COUNTER BEFORE: how much COUNTER grew
delta()
{
	local v

	v=$(stat "$1" "$2")
	[[ $v$3 =~ ^[0-9]+$ ]] && echo $((v - $3)) || echo "no $2 counter"
}

# guard PORT ARGS...: glctl port set SW port PORT mac_guard ARGS
guard()
{
	"$GLCTL" port set "$sw" port "$1" mac_guard "${@:2}"
}

# gjq PORT JQ: jq on the port's mac_guard object
gjq()
{
	"$GLCTL" -j port show "$sw" | jq -c --arg p "$1" \
		".[] | select(.ifname == \$p) | .mac_guard$2"
}

owner()
{
	gl_fdb_port "$sw" "$1" 2>/dev/null
}

setup()
{
	gl_switch_add "$sw" || return 1
	gl_guests_add "$sw" a b c || return 1
	"$GLCTL" set "$sw" ageing 1000000 || return 1
	coproc SENDER { exec python3 -u -c "$SENDER_PY"; }
	GL_PIDS+=("$SENDER_PID")
	read -r -t 60 line <&"${SENDER[0]}" && [ "$line" = ready ] || return 1
	for x in a b c; do
		gl_guest_send "$x" ff:ff:ff:ff:ff:ff 1
	done
	gl_settle
}

# C's guard lists MC: C's other sources are dropped, any ethertype
src_list()
{
	local d0

	guard "$pc" "$MC"
	gl_check_eq "port show: C's guard lists MC" "[\"$MC\"]" "$(gjq "$pc" .macs)"
	d0=$(stat "$pc" drop_mac_guard)
	gl_rx_mark a "$NSA" eth0
	xsend c eth "$MC" "$MC" $N
	gl_check_eq "C's $N frames from MC reach A" $N "$(gl_rx_delta a)"
	gl_rx_mark a "$NSA" eth0
	xsend c eth "$MB" "$MB" $N
	xsend c ip4 "$MC2" "$MC2" $N
	gl_check_eq "C's frames from B's MAC and from MC2 (IPv4): none reach A" 0 \
		"$(gl_rx_delta a)"
	gl_check_eq "... C's drop_mac_guard +$((2 * N))" $((2 * N)) \
		"$(delta "$pc" drop_mac_guard "$d0")"
	gl_check_eq "... B's MAC stays on B, MC2 is not learned" "$pb " \
		"$(owner "$MB") $(owner "$MC2")"
	gl_check_eq "a second guard of two MACs: MC2 passes" "[\"$MC\",\"$MC2\"]" \
		"$(guard "$pc" "$MC,$MC2" && gjq "$pc" .macs)"
	gl_check_fail "a multicast MAC is refused" "unicast MACs only" \
		"$GLCTL" port set "$sw" port "$pc" mac_guard 01:00:5e:00:00:01
}

# ARP: the sender hardware address must be allowed too
arp()
{
	local d0

	guard "$pc" "$MC"
	d0=$(stat "$pc" drop_arp_guard)
	gl_rx_mark a "$NSA" eth0
	xsend c arp "$MC" "$MC" $N
	gl_check_eq "C's ARP with sender MC reaches A" $N "$(gl_rx_delta a)"
	gl_rx_mark a "$NSA" eth0
	xsend c arp "$MC" "$MB" $N
	gl_check_eq "C's ARP from MC naming B's MAC as sender: none reach A" 0 \
		"$(gl_rx_delta a)"
	gl_check_eq "... C's drop_arp_guard +$N" $N "$(delta "$pc" drop_arp_guard "$d0")"
	gl_rx_mark a "$NSA" eth0
	xsend c arp_hln7 "$MC" "$MC" $N
	gl_check_eq "ARP with a 7-byte hardware address (malformed): none reach A" 0 \
		"$(gl_rx_delta a)"
	gl_check_eq "... C's drop_arp_guard +$((2 * N))" $((2 * N)) \
		"$(delta "$pc" drop_arp_guard "$d0")"
	gl_rx_mark a "$NSA" eth0
	xsend b arp "$MB" "$MC" $N
	gl_check_eq "B, without a guard, is not checked (ARP naming MC reaches A)" \
		$N "$(gl_rx_delta a)"
}

# ND: the link-layer address options, through extension headers
nd()
{
	local d0 k

	guard "$pc" "$MC"
	d0=$(stat "$pc" drop_nd_guard)
	for k in ns na ns_hbh; do
		gl_rx_mark a "$NSA" eth0
		xsend c "$k" "$MC" "$MC" $N
		gl_check_eq "C's $k with its own link-layer address reaches A" $N \
			"$(gl_rx_delta a)"
		gl_rx_mark a "$NSA" eth0
		xsend c "$k" "$MC" "$MB" $N
		gl_check_eq "C's $k naming B's MAC: none reach A" 0 "$(gl_rx_delta a)"
	done
	gl_rx_mark a "$NSA" eth0
	xsend c ns_frag "$MC" "$MC" $N
	gl_check_eq "a fragmented NS (RFC 6980): none reach A" 0 "$(gl_rx_delta a)"
	gl_rx_mark a "$NSA" eth0
	xsend c ns_len0 "$MC" "$MC" $N
	gl_check_eq "an NS with a zero-length option: none reach A" 0 "$(gl_rx_delta a)"
	gl_check_eq "... C's drop_nd_guard +$((5 * N))" $((5 * N)) \
		"$(delta "$pc" drop_nd_guard "$d0")"
	gl_rx_mark a "$NSA" eth0
	xsend c udp6 "$MC" "$MC" $N
	gl_check_eq "IPv6 that is not ND passes" $N "$(gl_rx_delta a)"
}

# sticky: the first sources become the list; not another port's MAC
sticky()
{
	guard "$pc" off sticky 1
	gl_check_eq "port show: sticky 1, no MAC yet" '{"macs":[],"sticky":1,"sticky_macs":[]}' \
		"$(gjq "$pc" '')"
	gl_rx_mark a "$NSA" eth0
	xsend c eth "$MB" "$MB" $N
	gl_check_eq "B's MAC (learned on B) does not stick: none reach A" 0 \
		"$(gl_rx_delta a)"
	xsend c eth "$MC2" "$MC2" $N
	gl_check_eq "C's first own source MC2 sticks: its $N frames reach A" $N \
		"$(gl_rx_delta a)"
	gl_check_eq "port show: sticky_macs [MC2]" "[\"$MC2\"]" "$(gjq "$pc" .sticky_macs)"
	gl_rx_mark a "$NSA" eth0
	xsend c eth "$MC" "$MC" $N
	gl_check_eq "the sticky slot is taken: MC is dropped" 0 "$(gl_rx_delta a)"
	gl_check_eq "MC2 is learned on C" "$pc" "$(owner "$MC2")"
	guard "$pc" off sticky 1
	xsend c eth "$MC" "$MC" 1
	gl_check_eq "setting the guard again clears the sticky MACs: MC sticks" \
		"[\"$MC\"]" "$(gjq "$pc" .sticky_macs)"
}

# a MAC B's guard allows is learned on B only, and B takes it
claimed()
{
	local r0

	guard "$pc" off
	guard "$pb" "$MB,$MS"
	r0=$(stat "$pc" learn_refused)
	xsend c eth "$MS" "$MS" 3
	gl_check_eq "C (no guard) sends from MS, which B's guard allows: not learned" \
		"" "$(owner "$MS")"
	gl_check_eq "... C's learn_refused +3" 3 "$(delta "$pc" learn_refused "$r0")"
	guard "$pc" "$MC,$MS"
	xsend c eth "$MS" "$MS" 1
	gl_check_eq "C's guard allows MS too (shared): learned on C" "$pc" "$(owner "$MS")"
	sleep 1.1	# the move hold-down
	xsend b eth "$MS" "$MS" 1
	gl_check_eq "... and B, whose guard allows it, takes it back" "$pb" "$(owner "$MS")"
	guard "$pb" off
	guard "$pc" "$MC"
	sleep 1.1
	xsend a eth "$MS" "$MS" 1
	gl_check_eq "B's guard off: B keeps MS, A may not take it (owner)" "$pb" \
		"$(owner "$MS")"
	gl_check_eq "B's guard off: port show has no mac_guard" null "$(gjq "$pb" '')"
}

# events: admin-only group, rate-limited; the drop tracepoint says why
events()
{
	local out=$GL_TMP/mon TR=/sys/kernel/tracing n

	guard "$pc" "$MC"
	# refused, glctl exits at once; the timeout only ends a monitor that
	# was wrongly let in (a loaded debug kernel can take seconds to start)
	timeout 30 setpriv --reuid 65534 --regid 65534 --clear-groups \
		--inh-caps=-all "$GLCTL" monitor guard >"$out.np" 2>&1
	gl_check "a user without CAP_NET_ADMIN: glctl monitor guard is refused (EPERM)" \
		grep -q "Operation not permitted (it needs CAP_NET_ADMIN" "$out.np" ||
		ktap_print_msg "glctl monitor guard as nobody said: $(head -c 300 "$out.np")"
	[ -d $TR/events ] || mount -t tracefs nodev $TR 2>/dev/null
	echo 1 >$TR/events/guestlan/guestlan_drop/enable
	echo >$TR/trace
	"$GLCTL" -j monitor guard >"$out" 2>&1 &
	GL_PIDS+=($!)
	local mon=$!
	sleep 2		# joined: a loaded debug kernel may take a while
	xsend c eth "$MB" "$MB" 200
	xsend c arp "$MC" "$MB" 1
	sleep 1.1
	xsend c arp "$MC" "$MB" 1
	sleep 0.5
	kill $mon
	wait $mon 2>/dev/null
	echo 0 >$TR/events/guestlan/guestlan_drop/enable
	gl_check_eq "an event names the port, mac-guard and B's MAC" 1 \
		"$(jq -s --arg p "$pc" --arg m "$MB" '[.[] | select(.ifname == $p and .reason == "mac-guard" and .mac == $m)] | length > 0 | if . then 1 else 0 end' "$out")"
	n=$(jq -s 'length' "$out")
	gl_check "201 refusals at once: rate-limited to a few events (got $n)" \
		test "$n" -lt 30 -a "$n" -ge 2
	gl_check_eq "the next second's event counts the suppressed ones" 1 \
		"$(jq -s '[.[] | select(.suppressed > 0)] | length > 0 | if . then 1 else 0 end' "$out")"
	gl_check "the drop tracepoint shows reason=mac-guard" \
		grep -q "port=$pc reason=mac-guard src=$MB" $TR/trace
	gl_check "... and reason=arp-guard" grep -q "port=$pc reason=arp-guard" $TR/trace
}

# the switch's template: new ports get a sticky guard, tunnel ports not
template()
{
	"$GLCTL" set "$sw" template-sticky 1
	gl_check_eq "show: port_template mac_guard sticky 1" 1 \
		"$("$GLCTL" -j show "$sw" | jq -r '.[0].port_template.mac_guard.sticky')"
	ip link add "$pd" type veth peer name "${pd}p" || return 1
	GL_DEVS+=("$pd")
	ip link set "$pd" master "$sw"
	gl_check_eq "a new port has a guard with sticky 1" 1 "$(gjq "$pd" .sticky)"
	ip link add "$vx" type vxlan id 43 local 10.98.0.1 dstport 4790 || return 1
	GL_DEVS+=("$vx")
	ip link set "$vx" master "$sw"
	gl_check_eq "a new vxlan port has none" null "$(gjq "$vx" '')"
	gl_check_eq "existing ports keep theirs (A: none)" null "$(gjq "$pa" '')"
	# never on an uplink: on a port marked one later the template's
	# guard rests, and applies again when the mark goes; U sends from
	# its veth peer V (no IPv6: only the frames sent here)
	local u=${pd}u v=${pd}v d0
	ip link add "$u" type veth peer name "$v" || return 1
	GL_DEVS+=("$u")
	sysctl -qw "net.ipv6.conf.$v.disable_ipv6=1" "net.ipv6.conf.$u.disable_ipv6=1"
	ip link set "$u" master "$sw"
	ip link set "$u" up
	gl_check_eq "another new port has a guard" 1 "$(gjq "$u" .sticky)"
	"$GLCTL" port set "$sw" port "$u" uplink on
	ip link set "$v" up
	d0=$(stat "$u" drop_mac_guard)
	vsend "$v" 02:00:00:00:4c:71
	vsend "$v" 02:00:00:00:4c:72
	gl_check_eq "marked uplink: its guard rests (frames from 2 MACs pass)" \
		"1 0" "$(gjq "$u" .sticky) $(delta "$u" drop_mac_guard "$d0")"
	"$GLCTL" port set "$sw" port "$u" uplink off
	vsend "$v" 02:00:00:00:4c:73
	vsend "$v" 02:00:00:00:4c:74
	gl_check_eq "no longer an uplink: it applies (one sticks, the other's $N dropped)" \
		"[\"02:00:00:00:4c:73\"] $N" \
		"$(gjq "$u" .sticky_macs) $(delta "$u" drop_mac_guard "$d0")"
	# the admin's own guard applies on an uplink
	"$GLCTL" port set "$sw" port "$u" mac_guard 02:00:00:00:4c:77
	"$GLCTL" port set "$sw" port "$u" uplink on
	vsend "$v" 02:00:00:00:4c:75
	gl_check_eq "the admin's guard applies on an uplink" $((2 * N)) \
		"$(delta "$u" drop_mac_guard "$d0")"
	"$GLCTL" set "$sw" template-sticky 0
	gl_check_eq "template-sticky 0 clears the template" null \
		"$("$GLCTL" -j show "$sw" | jq -c '.[0].port_template')"
}

# a guard turned off: C sends from anything again (learning rules apply)
clear()
{
	guard "$pc" off
	gl_check_eq "mac_guard off: no guard" null "$(gjq "$pc" '')"
	gl_rx_mark a "$NSA" eth0
	xsend c eth "$MC2" "$MC2" $N
	gl_check_eq "C's frames from MC2 reach A" $N "$(gl_rx_delta a)"
	gl_check_fail "17 MACs are refused (at most 16)" "at most 16 MACs" \
		"$GLCTL" port set "$sw" port "$pc" mac_guard \
		"$(for i in $(seq 10 26); do printf '02:00:00:00:99:%s,' "$i"; done | sed 's/,$//')"
}

# unpriv_guard GLCTL PY: what uid 65534 runs in its own user and network
# namespace (unshare -Urn; a bash of its own, given this function by
# declare -f): its own switch, port pa guarded to MA, whose veth peer va
# sends 10 frames from MC, 10 ARP and 10 hop-by-hop NS naming MC, while
# its glctl monitors the guard group of its namespace.  Prints
# "drop_mac_guard drop_arp_guard drop_nd_guard events".
unpriv_guard()
{
	local glctl=$1 py=$2 ma=02:00:00:00:4a:01 mc=02:00:00:00:4c:01 mon
	local out

	set -e
	out=$(mktemp)
	trap 'rm -f "$out"' EXIT
	# no IPv6 of its own: only the frames sent here reach the guard
	sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip link add sw type guestlan
	ip link set sw up
	ip link add pa type veth peer name va
	ip link set pa master sw up
	ip link set va address $ma up
	"$glctl" port set sw port pa mac_guard $ma
	"$glctl" -j monitor guard >"$out" &
	mon=$!
	sleep 2
	printf '%s\n' "- va eth $mc $mc 10" "- va arp $ma $mc 10" \
		"- va ns_hbh $ma $mc 10" | python3 -c "$py" >/dev/null
	sleep 0.5
	kill $mon
	wait $mon 2>/dev/null || true
	echo "$("$glctl" -j -s port show sw | jq -r '.[] | select(.ifname == "pa")
		| .stats | "\(.drop_mac_guard) \(.drop_arp_guard) \(.drop_nd_guard)"') $(jq -s length "$out")"
}

# a user in its own user and network namespace guards its own switch:
# what any local user can reach does what it says, and harms no host
unpriv()
{
	local what="unprivileged user, own switch" out mac arp nd ev
	local nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)

	if ! "${nobody[@]}" unshare -Urn true 2>/dev/null; then
		gl_check "$what: unshare -Urn works here" false
		return
	fi
	gl_dmesg_mark
	out=$("${nobody[@]}" unshare -Urn \
		bash -c "$(declare -f unpriv_guard); unpriv_guard \"\$@\"" \
		unpriv "$GLCTL" "$SENDER_PY" 2>"$GL_TMP/unpriv.err")
	[ -s "$GL_TMP/unpriv.err" ] && ktap_print_msg "$(cat "$GL_TMP/unpriv.err")"
	read -r mac arp nd ev <<<"$out"
	gl_check_eq "$what: frames from another source dropped" 10 "$mac"
	gl_check_eq "$what: ARP naming another sender dropped" 10 "$arp"
	gl_check_eq "$what: NS behind a hop-by-hop header dropped" 10 "$nd"
	gl_check "$what: its own guard group tells it (events: $ev)" \
		test "${ev:-0}" -ge 1
	gl_check "$what: no kernel warning" gl_dmesg_clean
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark
setup || ktap_exit_fail_msg "cannot set up the topology"
for t in $TESTS; do
	"$t"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
