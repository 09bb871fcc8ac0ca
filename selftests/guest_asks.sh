#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest asks for itself: a container guest's own plain tcpdump -i eth0,
# its own ip link set eth0 promisc on, or its own /dev/guestlan ioctl on
# eth0 is its request for promiscuous mode; with a grant it sees what it is
# granted, without one nothing extra, and it can find out why.
#
#        NSA     NSB          NSD     NSE          NSC (the guest asking)
#        eth0    eth0         eth0    eth0         eth0  <- tcpdump, ip link,
#         |       |            |       |            |       glctl promisc eth0
#        pa      pb           pd      pe           pc
#   +-----+-------+------------+-------+------------+-----+
#   |  VLAN 10 (access)       VLAN 20 (access)   trunk 10,20 |  lan0
#   +------------------------------------------------------+
#   X == Y: a veth pair whose both ends are ports (no guest on either)
#
# How many frames the guest got comes from its eth0 rx counter; its
# capture only says which (source, destination, tag).
# Run one case: TESTS="own_tcpdump ioctl" ./guest_asks.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$(dirname "$(readlink -f "$0")")/lib_promisc.sh"

ALL_TESTS="ungranted own_tcpdump tcpdump_p own_iplink vlan10_grant revoke
	   ioctl ioctl_owner other_ports both_ends_ports peer_moves"
declare -A PLAN=(
	[ungranted]=3 [own_tcpdump]=3 [tcpdump_p]=2 [own_iplink]=4
	[vlan10_grant]=3 [revoke]=2 [ioctl]=6 [ioctl_owner]=4
	[other_ports]=2 [both_ends_ports]=2 [peer_moves]=4
)
: "${TESTS:=$ALL_TESTS}"

gl_pr_require
gl_require_cmd setpriv python3

gl_plan_cases PLAN 1	# + the kernel log check
gl_dmesg_mark

gl_pr_topo || ktap_exit_fail_msg "cannot set up the topology"

BASE=$((2 * PR_NB))		# what C gets of gl_pr_traffic anyway
ALL=$((BASE + 4 * PR_N))	# ... plus every unicast once
ONLY10=$((BASE + 2 * PR_N))	# ... plus VLAN 10's unicast once

# round: C's eth0 frames during gl_pr_traffic (interface counter)
round()
{
	gl_rx_mark C "$NSC" eth0
	gl_pr_traffic
	gl_settle
	gl_rx_delta C
}

state()
{
	gl_promisc_state "$sw" "$pc"
}

wait_state()
{
	gl_promisc_wait "$sw" "$pc" "$1"
	state
}

# ioc NS IFINDEX ON: the /dev/guestlan SET ioctl by ifindex, from NS;
# prints "ok on state granted" or the errno name
ioc()
{
	ip netns exec "$1" python3 - "$2" "$3" <<'EOF'
import errno, fcntl, os, struct, sys
SET = 0xc010b701		# _IOWR(0xb7, 1, struct guestlan_promisc)
buf = bytearray(struct.pack("IIII", int(sys.argv[1]), int(sys.argv[2]), 0, 0))
try:
    fd = os.open("/dev/guestlan", os.O_RDWR)
    fcntl.ioctl(fd, SET, buf)
    print("ok %d %d %d" % struct.unpack("IIII", buf)[1:])
except OSError as e:
    print(errno.errorcode.get(e.errno, str(e.errno)))
EOF
}

# A guest without a grant runs tcpdump: requested, denied, nothing extra.
ungranted()
{
	local denied

	denied=$(gl_port_stat "$sw" "$pc" promisc_denied)
	gl_td_start_promisc T "$NSC" eth0
	gl_check_eq "no grant, guest's tcpdump -i eth0: requested" requested \
		"$(wait_state requested)"
	gl_check_eq "no grant: nothing extra arrives" $BASE "$(round)"
	gl_td_stop T
	gl_check "promisc_denied counted the guest's request" \
		test "$(gl_port_stat "$sw" "$pc" promisc_denied)" -gt "$denied"
	wait_state off >/dev/null
}

# Granted: the guest's own plain tcpdump sees every unicast exactly once.
own_tcpdump()
{
	"$GLCTL" grant "$sw" port "$pc" promisc
	gl_td_start_promisc T "$NSC" eth0
	gl_check_eq "granted, guest's tcpdump -i eth0: active" active \
		"$(wait_state active)"
	gl_check_eq "granted: C gets the LAN's unicast once per frame" $ALL "$(round)"
	gl_td_stop T
	gl_check_eq "what the guest's tcpdump saw" \
		"$(gl_pr_expect "$PR_N" "$PR_N")" "$(gl_pr_summary T)"
	wait_state off >/dev/null
}

# tcpdump -p does not ask.
tcpdump_p()
{
	"$GLCTL" grant "$sw" port "$pc" promisc
	gl_td_start T "$NSC" eth0	# -p in a guest netns (lib_promisc.sh)
	sleep 0.5
	gl_check_eq "granted, guest's tcpdump -p: off" off "$(state)"
	gl_check_eq "tcpdump -p: nothing extra" $BASE "$(round)"
	gl_td_stop T
}

# ip link set eth0 promisc on inside the guest, then off.
own_iplink()
{
	"$GLCTL" grant "$sw" port "$pc" promisc
	ip -n "$NSC" link set eth0 promisc on
	gl_check_eq "guest's ip link set eth0 promisc on: active" active \
		"$(wait_state active)"
	gl_check_eq "guest promisc on: the LAN's unicast once per frame" $ALL "$(round)"
	ip -n "$NSC" link set eth0 promisc off
	gl_check_eq "guest promisc off: off" off "$(wait_state off)"
	gl_check_eq "guest promisc off: nothing extra" $BASE "$(round)"
}

# A grant scoped to VLAN 10: never VLAN 20.
vlan10_grant()
{
	"$GLCTL" grant "$sw" port "$pc" promisc vlan 10
	ip -n "$NSC" link set eth0 promisc on
	gl_check_eq "VLAN 10 grant: active" active "$(wait_state active)"
	gl_td_start W "$NSC" eth0
	gl_check_eq "VLAN 10 grant: VLAN 10's unicast only" $ONLY10 "$(round)"
	gl_td_stop W
	gl_check_eq "VLAN 10 grant: which frames (never VLAN 20's unicast)" \
		"$(gl_pr_expect "$PR_N" 0)" "$(gl_pr_summary W)"
	ip -n "$NSC" link set eth0 promisc off
}

# Revoked while the guest asks: requested again, nothing extra.
revoke()
{
	"$GLCTL" grant "$sw" port "$pc" promisc
	ip -n "$NSC" link set eth0 promisc on
	wait_state active >/dev/null
	"$GLCTL" revoke "$sw" port "$pc" promisc
	gl_check_eq "revoked while asking: requested" requested "$(wait_state requested)"
	gl_check_eq "revoked: nothing extra" $BASE "$(round)"
	ip -n "$NSC" link set eth0 promisc off
	wait_state off >/dev/null
}

# The guest's own ioctl, on its own eth0: EPERM without a grant (and the
# request counted), toggles with one.
ioctl()
{
	local denied

	"$GLCTL" revoke "$sw" port "$pc" promisc 2>/dev/null
	denied=$(gl_port_stat "$sw" "$pc" promisc_denied)
	gl_check_fail "no grant: guest's glctl promisc eth0 on: EPERM" "not permitted" \
		ip netns exec "$NSC" "$GLCTL" promisc eth0 on
	gl_check_eq "no grant: the guest's ioctl request counted" $((denied + 1)) \
		"$(gl_port_stat "$sw" "$pc" promisc_denied)"
	"$GLCTL" grant "$sw" port "$pc" promisc
	gl_check "granted: guest's glctl promisc eth0 on" \
		ip netns exec "$NSC" "$GLCTL" promisc eth0 on
	gl_check_eq "the request is the switch's: no flag on its eth0, the port active" "false active" \
		"$(ip -n "$NSC" -j link show eth0 | jq -r '.[0].flags | index("PROMISC") != null') $(wait_state active)"
	gl_check_eq "the port device's own flag untouched" false "$(gl_user_promisc "$pc")"
	gl_check "guest's glctl promisc eth0 off" \
		ip netns exec "$NSC" "$GLCTL" promisc eth0 off
	wait_state off >/dev/null
}

# Without CAP_NET_ADMIN: only the grant's owner; a stranger is refused
# and not counted as the guest asking.
ioctl_owner()
{
	local denied as=(setpriv --reuid 4343 --regid 4343 --clear-groups)
	local own=(setpriv --reuid 4242 --regid 4242 --clear-groups)

	"$GLCTL" grant "$sw" port "$pc" promisc uid 4242
	denied=$(gl_port_stat "$sw" "$pc" promisc_denied)
	gl_check_fail "uid 4343 in the guest: EPERM" "not permitted" \
		ip netns exec "$NSC" "${as[@]}" "$GLCTL" promisc eth0 on
	gl_check_eq "the stranger is not counted" "$denied" \
		"$(gl_port_stat "$sw" "$pc" promisc_denied)"
	gl_check "owner uid 4242 in the guest: on" \
		ip netns exec "$NSC" "${own[@]}" "$GLCTL" promisc eth0 on
	gl_check_eq "owner: active" active "$(wait_state active)"
	ip netns exec "$NSC" "${own[@]}" "$GLCTL" promisc eth0 off
	wait_state off >/dev/null
}

# A container names devices in its own netns only: the host ports'
# ifindexes reach nothing of the switch from inside.
other_ports()
{
	local p idx res bad="" own

	own=$(ip netns exec "$NSC" cat /sys/class/net/eth0/ifindex)
	"$GLCTL" grant "$sw" port "$pa" promisc
	for p in "$pa" "$pb" "$pd" "$pe" "$sw"; do
		idx=$(gl_ifindex "$p")
		# the same number may name C's own eth0 in C's netns
		[ "$idx" = "$own" ] && continue
		res=$(ioc "$NSC" "$idx" 1)
		case "$res" in
		ENODEV | ENOTTY) ;;
		*) bad+=" $p($idx):$res" ;;
		esac
	done
	gl_check_eq "from C's netns no host port's ifindex works" "" "$bad"
	gl_check_eq "A's port untouched" "off false" \
		"$(gl_promisc_state "$sw" "$pa") $(gl_user_promisc "$pa")"
	"$GLCTL" revoke "$sw" port "$pa" promisc
}

# Both ends of a veth as ports: neither is a guest (the switch makes its
# ports promiscuous; that must not activate the other end's grant).
both_ends_ports()
{
	local x=gpx$GL_ID y=gpy$GL_ID

	ip link add "$x" type veth peer name "$y" && gl_quiet "$x" && gl_quiet "$y" &&
		ip link set "$x" up && ip link set "$y" up &&
		ip link set "$x" master "$sw" && ip link set "$y" master "$sw" ||
		{ ktap_test_fail "both ends: setup"; return; }
	GL_DEVS+=("$x")
	"$GLCTL" grant "$sw" port "$x" promisc
	sleep 0.6
	gl_check_eq "X granted, its peer Y a (promiscuous) port: X off" off \
		"$(gl_promisc_state "$sw" "$x")"
	ip link set "$y" promisc on
	sleep 0.6
	gl_check_eq "Y's user flag is Y asking, not X: X off" off \
		"$(gl_promisc_state "$sw" "$x")"
	ip link del "$x"
}

# The guest's interface moves to another netns and is renamed: still it.
peer_moves()
{
	"$GLCTL" grant "$sw" port "$pc" promisc
	gl_ns_add NSC2 || { ktap_test_fail "peer moves: netns"; return; }
	ip -n "$NSC" link set eth0 netns "$NSC2" &&
		ip -n "$NSC2" link set eth0 name guest0 &&
		ip -n "$NSC2" link set guest0 up ||
		{ ktap_test_fail "peer moves: move"; return; }
	ip -n "$NSC2" link set guest0 promisc on
	gl_check_eq "moved and renamed, promisc on: active" active "$(wait_state active)"
	ip -n "$NSC2" link set guest0 promisc off
	wait_state off >/dev/null
	gl_check "its own ioctl from the new netns works" \
		ip netns exec "$NSC2" "$GLCTL" promisc guest0 on
	gl_check_eq "asked by the ioctl: active" active "$(wait_state active)"
	ip netns exec "$NSC2" "$GLCTL" promisc guest0 off
	gl_check_eq "off again" off "$(wait_state off)"
	ip -n "$NSC2" link set guest0 name eth0
	ip -n "$NSC2" link set eth0 netns "$NSC"
	ip -n "$NSC" link set eth0 up
}

for t in $TESTS; do
	"$t"
	"$GLCTL" revoke "$sw" port "$pc" promisc 2>/dev/null
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
