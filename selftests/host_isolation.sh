#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The host port never widens what the host side sees: lan0 is a member of
# VLAN 1 only, the guests talk on VLANs 10 and 20.  Upper devices of lan0
# (macvlans in bridge and private mode, a VLAN device with its own MAC) and
# a Linux bridge lan0 is a port of get no frame of VLANs 10/20 and no copy
# of unicast not addressed to them -- promiscuous or not, sniffed or not.
# Only a packet tap on lan0 in promiscuous mode (tcpdump -i lan0) sees the
# whole LAN, tagged; tcpdump -p sees nothing of it.
#
#   A, B (VLAN 10)   D, E (VLAN 20)   C (trunk 10, 20)   G (VLAN 1)
#      |    |           |    |            |                 |
#   +--+----+-----------+----+------------+-----------------+--+
#   |                  lan0 (guestlan, host port: VLAN 1)       |
#   +--+----------------+----------------+---------------+-----+
#      |                |                |               |
#   macvlan mvb      macvlan mvp     VLAN device       br0 (Linux bridge,
#   (bridge, in      (private, in    v20 with its      init netns) -- veth
#    netns NSM)       netns NSP)     own MAC           -- host O (netns NSO)
#
# Frames are counted on the receiving interfaces' counters; tcpdump only
# tells which frames (tags, addresses) the host's own trace saw.
#
# Run one case: TESTS="macvlan_bridge vlan_device" ./host_isolation.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$(dirname "$(readlink -f "$0")")/lib_promisc.sh"

ALL_TESTS="macvlan_bridge macvlan_private vlan_device bridge_master
	   host_tcpdump host_tcpdump_nopromisc"
declare -A PLAN=(
	[macvlan_bridge]=5 [macvlan_private]=5 [vlan_device]=7
	[bridge_master]=4 [host_tcpdump]=3 [host_tcpdump_nopromisc]=2
)
: "${TESTS:=$ALL_TESTS}"

gl_pr_require
gl_require_cmd tcpdump
gl_modprobe macvlan 8021q bridge

pg=gpg$GL_ID
MG=02:00:00:00:01:01
MV=02:00:00:00:99:01	# the macvlan's / VLAN device's own MAC
MO=02:00:00:00:98:01
BC=ff:ff:ff:ff:ff:ff
N=8

gl_plan_cases PLAN 1	# + the kernel log check
gl_dmesg_mark

gl_pr_topo || ktap_exit_fail_msg "cannot set up the topology"
gl_ns_add NSG || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pg" "$NSG" "$MG" || ktap_exit_fail_msg "cannot add guest G"

# promiscuity SWITCH: lan0's promiscuity count (implicit and explicit)
promiscuity()
{
	ip -d -j link show "$1" | jq -r '.[0].promiscuity'
}

# mv_add NAME MODE NS: a macvlan on lan0 with its own MAC, moved to NS
mv_add()
{
	local name=$1 mode=$2 ns=$3

	ip link add "$name" link "$sw" type macvlan mode "$mode" || return 1
	ip link set "$name" netns "$ns" || return 1
	ip -n "$ns" link set "$name" address "$MV" &&
		ip -n "$ns" link set "$name" up
}

# macvlan_case MODE: a macvlan in its own netns gets nothing of VLANs
# 10/20, even while lan0 is promiscuous, and is reachable from VLAN 1
# without making lan0 promiscuous.
macvlan_case()
{
	local mode=$1 ns mv=mv$GL_ID

	gl_ns_add NSMV || { ktap_test_fail "macvlan $mode: netns"; return; }
	ns=$NSMV
	if ! mv_add "$mv" "$mode" "$ns"; then
		ktap_test_fail "macvlan $mode: cannot create it"
		cleanup_ns "$ns"
		return
	fi
	gl_check_eq "macvlan $mode: lan0 not promiscuous (unicast filter)" 0 \
		"$(promiscuity "$sw")"

	gl_rx_mark M "$ns" "$mv"
	gl_pr_traffic
	gl_settle
	gl_check_eq "macvlan $mode: no frame of VLANs 10/20" 0 "$(gl_rx_delta M)"

	gl_rx_mark M "$ns" "$mv"
	gl_ns_send "$NSG" eth0 -s "$MG" -d "$MV" -n $N
	gl_settle
	gl_check_eq "macvlan $mode: unicast to its MAC from VLAN 1 arrives" $N \
		"$(gl_rx_delta M)"

	gl_rx_mark M "$ns" "$mv"
	gl_ns_send "$NSG" eth0 -s "$MG" -d 02:00:00:00:97:01 -n $N
	gl_settle
	gl_check_eq "macvlan $mode: unknown unicast of VLAN 1 not for it: none" 0 \
		"$(gl_rx_delta M)"

	# lan0 promiscuous by hand: still nothing more for anyone but taps
	ip link set "$sw" promisc on
	gl_rx_mark M "$ns" "$mv"
	gl_rx_mark H "" "$sw"
	gl_pr_traffic
	gl_settle
	gl_check_eq "macvlan $mode, lan0 promisc: nothing of VLANs 10/20 (macvlan, host stack)" \
		"0 0" "$(gl_rx_delta M) $(gl_rx_delta H)"
	ip link set "$sw" promisc off
	cleanup_ns "$ns"
}

macvlan_bridge()
{
	macvlan_case bridge
}

macvlan_private()
{
	macvlan_case private
}

# A VLAN device with its own MAC on lan0: nothing while lan0 is not in its
# VLAN; once lan0 joins VLAN 20, its broadcasts and unicast to its own MAC
# only -- never D<->E's unicast.
vlan_device()
{
	local v=v20$GL_ID

	ip link add link "$sw" name "$v" type vlan id 20 &&
		gl_quiet "$v" && ip link set "$v" address "$MV" &&
		ip link set "$v" up || { ktap_test_fail "vlan device: cannot create it"; return; }
	GL_DEVS=("$v" "${GL_DEVS[@]}")
	gl_check_eq "vlan device: lan0 not promiscuous (unicast filter)" 0 \
		"$(promiscuity "$sw")"

	gl_rx_mark V "" "$v"
	gl_pr_traffic
	gl_settle
	gl_check_eq "vlan device, lan0 not in VLAN 20: nothing" 0 "$(gl_rx_delta V)"

	"$GLCTL" vlan add "$sw" port "$sw" vid 20
	gl_check_eq "its MAC is a local entry of lan0 in VLAN 20" "$sw local" \
		"$(gl_fdb_entry "$sw" "$MV" 20 | jq -r '"\(.port) \((.flags // []) | join(","))"')"
	gl_rx_mark V "" "$v"
	gl_pr_traffic
	gl_settle
	gl_check_eq "vlan device, lan0 in VLAN 20: D's $PR_NB broadcasts, no D<->E unicast" \
		"$PR_NB" "$(gl_rx_delta V)"

	gl_rx_mark V "" "$v"
	gl_ns_send "$NSE" eth0 -s "$ME" -d "$MV" -n $N
	gl_settle
	gl_check_eq "vlan device: unicast from E to its MAC arrives" $N "$(gl_rx_delta V)"

	ip link set "$sw" promisc on
	gl_rx_mark V "" "$v"
	gl_pr_traffic
	gl_settle
	gl_check_eq "vlan device, lan0 promisc: still only the broadcasts" \
		"$PR_NB" "$(gl_rx_delta V)"
	ip link set "$sw" promisc off
	ip link del "$v"
	"$GLCTL" vlan del "$sw" port "$sw" vid 20
	gl_check "vlan device gone: its local entry too" \
		bash -c "! '$GLCTL' -j fdb show '$sw' | grep -qi '$MV'"
}

# O's count of test frames comes from the kernel: a packet socket in O whose
# filter passes only the test ethertype, read with PACKET_STATISTICS (which
# counts what the socket dropped too).  O's interface also gets what the
# bridge and the stack send on their own (an IGMP report of a device coming
# up, once in make check), which is none of this test's business; its rx
# counter is printed beside the count for the record.
o_start()
{
	gl_cap_start O "$NSO" raw eth0 -k -e "$GL_ETYPE"
}

o_got()
{
	local n all

	gl_settle
	n=$(gl_cap_stop O)
	all=$(gl_rx_delta O)
	[ "$all" = "$n" ] ||
		ktap_print_msg "O: $n test frames, $all frames in all" >&2
	echo "$n"
}

# lan0 as a port of a Linux bridge with an outside host O: the bridge makes
# lan0 promiscuous; O gets VLAN 1's broadcasts and nothing of VLANs 10/20.
bridge_master()
{
	local br=gbr$GL_ID po=gpo$GL_ID

	gl_ns_add NSO || { ktap_test_fail "bridge: netns"; return; }
	ip link add "$br" type bridge && gl_quiet "$br" &&
		gl_guest_add "" "$po" "$NSO" "$MO" &&
		ip link set "$po" master "$br" && ip link set "$sw" master "$br" &&
		ip link set "$br" up || { ktap_test_fail "bridge: cannot set it up"; return; }
	GL_DEVS=("$br" "${GL_DEVS[@]}")
	gl_check "bridge made lan0 promiscuous" test "$(promiscuity "$sw")" -ge 1
	busywait 10000 bash -c "ip link show '$br' | grep -q 'state UP'"

	o_start
	gl_pr_traffic
	gl_check_eq "bridge: host O gets nothing of VLANs 10/20" 0 "$(o_got)"

	o_start
	gl_ns_send "$NSG" eth0 -s "$MG" -d "$BC" -n $N
	gl_check_eq "bridge: host O gets G's $N VLAN-1 broadcasts" $N "$(o_got)"

	# a sniffer on lan0 meanwhile must not turn into copies for the bridge
	gl_td_start HB "" "$sw" || ktap_print_msg "tcpdump -i $sw did not start"
	o_start
	gl_pr_traffic
	gl_td_stop HB
	gl_check_eq "bridge, tcpdump -i lan0 running: host O still gets nothing" 0 "$(o_got)"
	ip link set "$sw" nomaster
	ip link del "$br"
	cleanup_ns "$NSO"
}

# tcpdump -i lan0 is the host's trace of the whole LAN, tagged -- with a
# macvlan on lan0 that gets none of it.
host_tcpdump()
{
	local ns mv=mv$GL_ID

	gl_ns_add NSMV && mv_add "$mv" bridge "$NSMV" ||
		{ ktap_test_fail "host tcpdump: macvlan"; return; }
	ns=$NSMV
	gl_td_start H "" "$sw" || ktap_print_msg "tcpdump -i $sw did not start"
	gl_rx_mark M "$ns" "$mv"
	gl_rx_mark H "" "$sw"
	gl_pr_traffic
	gl_settle
	gl_td_stop H
	gl_check_eq "tcpdump -i lan0: every frame of VLANs 10 and 20, tagged" \
		"$(gl_pr_expect "$PR_N" "$PR_N")" "$(gl_pr_summary H)"
	gl_check_eq "meanwhile the macvlan gets none of it" 0 "$(gl_rx_delta M)"
	gl_check_eq "and lan0's receive counters (the stack) none" 0 "$(gl_rx_delta H)"
	cleanup_ns "$ns"
}

# tcpdump -p: a tap without promiscuity sees what the host gets, no more.
host_tcpdump_nopromisc()
{
	gl_td_start HP "" "$sw" -p || ktap_print_msg "tcpdump -p -i $sw did not start"
	gl_pr_traffic
	gl_settle
	gl_td_stop HP
	gl_check_eq "tcpdump -p -i lan0: nothing of VLANs 10 and 20" \
		"ab=0 ba=0 de=0 ed=0 bc10=0 bc20=0 total=0" "$(gl_pr_summary HP)"
	gl_check_eq "lan0 not promiscuous after tcpdump -p" 0 "$(promiscuity "$sw")"
}

for t in $TESTS; do
	"$t"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
