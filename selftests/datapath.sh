#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Datapath edges: the ingress priority and DEI bits survive the switch; a
# bridge_invisible sniffer gets no copy of a bridge port's unicast; unknown
# unicast with bridgeport-only and the active bridge port down is a counted
# drop (not accepted and lost); a tunnel port whose underlay runs through
# lan0 is a loop that the switch cuts (drop_loop) instead of recursing.
#
#     T1 (trunk 10)   T2 (trunk 10)   R (primary bridge port)   S (sniffer,
#        |               |               |                      bridge_invisible,
#   +----+---------------+---------------+---------+----+       grant, promisc)
#   |                lan0 (192.0.2.1/24)            |    +---- S
#   +----+----------------------------------+-------+
#        |                                  |
#        B (VLAN 1)                  vx0 (VXLAN port, underlay 192.0.2.2
#                                         routed out of lan0 itself)
#
# Counts come from interface and switch counters; tcpdump only reads tags.
# Run one case: TESTS="pcp host_loop" ./datapath.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$(dirname "$(readlink -f "$0")")/lib_promisc.sh"

ALL_TESTS="pcp invisible_copy uu_bridgeport_down host_loop"
declare -A PLAN=([pcp]=2 [invisible_copy]=2 [uu_bridgeport_down]=3 [host_loop]=3)
: "${TESTS:=$ALL_TESTS}"

gl_pr_require
gl_modprobe vxlan

sw=gs$GL_ID
pt1=gt1$GL_ID pt2=gt2$GL_ID pr=gpr$GL_ID ps=gps$GL_ID pb=gpb$GL_ID
MT1=02:00:00:00:71:01 MT2=02:00:00:00:72:01 MR=02:00:00:00:73:01
MS=02:00:00:00:74:01 MB=02:00:00:00:75:01
N=6

gl_plan_cases PLAN 1	# + the kernel log check
gl_dmesg_mark

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
for g in T1 T2 R S B; do
	gl_ns_add "NS$g" || ktap_exit_fail_msg "cannot create netns"
done
gl_guest_add "$sw" "$pt1" "$NST1" "$MT1" && gl_guest_add "$sw" "$pt2" "$NST2" "$MT2" &&
	gl_guest_add "$sw" "$pr" "$NSR" "$MR" && gl_guest_add "$sw" "$ps" "$NSS" "$MS" &&
	gl_guest_add "$sw" "$pb" "$NSB" "$MB" || ktap_exit_fail_msg "cannot add guests"
"$GLCTL" vlan add "$sw" port "$pt1" vid 10 && "$GLCTL" vlan add "$sw" port "$pt2" vid 10 ||
	ktap_exit_fail_msg "cannot make the trunks"

# The 802.1p priority (5) and DEI of a tagged frame are kept on egress.
pcp()
{
	gl_td_start P "$NST2" eth0 || ktap_print_msg "tcpdump did not start"
	# TCI 0xb00a: priority 5, DEI 1, VLAN 10
	gl_ns_send "$NST1" eth0 -s "$MT1" -d ff:ff:ff:ff:ff:ff -v 0xb00a -n $N
	gl_settle
	gl_td_stop P
	gl_td_text P
	gl_check_eq "T2 gets $N tagged VLAN 10 frames" $N "$(gl_td_count P "$MT1" ff:ff:ff:ff:ff:ff 10)"
	gl_check_eq "with priority 5 and DEI kept" $N \
		"$(grep -c "vlan 10, p 5, DEI" "$GL_TMP/P.txt")"
}

# bridge_invisible: no promiscuous copy of a bridge port's known unicast.
invisible_copy()
{
	local ptx

	"$GLCTL" port set "$sw" port "$pr" role primary &&
		"$GLCTL" port set "$sw" port "$ps" bridge_invisible on &&
		"$GLCTL" grant "$sw" port "$ps" promisc &&
		ip link set "$ps" promisc on ||
		{ ktap_test_fail "invisible: setup"; return; }
	"$GLCTL" fdb add "$sw" mac "$MB" vlan 1 port "$pb"
	gl_promisc_wait "$sw" "$ps" active
	ptx=$(gl_port_stat "$sw" "$ps" promisc_tx)
	gl_rx_mark B "$NSB" eth0
	gl_rx_mark S "$NSS" eth0
	gl_ns_send "$NSR" eth0 -s "$MR" -d "$MB" -n $N
	gl_settle
	gl_check_eq "R -> B known unicast: B gets $N" $N "$(gl_rx_delta B)"
	gl_check_eq "invisible sniffer S: no copy (rx, promisc_tx)" "0 $ptx" \
		"$(gl_rx_delta S) $(gl_port_stat "$sw" "$ps" promisc_tx)"
	ip link set "$ps" promisc off
	"$GLCTL" revoke "$sw" port "$ps" promisc
	"$GLCTL" port set "$sw" port "$ps" bridge_invisible off
	"$GLCTL" fdb del "$sw" mac "$MB" vlan 1
}

# bridgeport-only, active bridge port down: unknown unicast is dropped and
# counted (drop_filtered) on the ingress port, not accepted.
uu_bridgeport_down()
{
	local acc filt

	"$GLCTL" port set "$sw" port "$pr" role primary 2>/dev/null
	"$GLCTL" set "$sw" unknown-unicast bridgeport-only
	ip -n "$NSR" link set eth0 down
	slowwait 10 bash -c "! ip link show '$pr' | grep -q LOWER_UP"
	acc=$(gl_port_stat "$sw" "$pb" rx_accepted)
	filt=$(gl_port_stat "$sw" "$pb" drop_filtered)
	gl_ns_send "$NSB" eth0 -s "$MB" -d 02:00:00:00:7f:01 -n $N
	gl_settle
	gl_check_eq "bridge port down: drop_filtered +$N on B" $((filt + N)) \
		"$(gl_port_stat "$sw" "$pb" drop_filtered)"
	gl_check_eq "bridge port down: rx_accepted unchanged" "$acc" \
		"$(gl_port_stat "$sw" "$pb" rx_accepted)"
	gl_check "rx_packets = rx_accepted + ingress drops on B" reconciled "$pb"
	ip -n "$NSR" link set eth0 up
	"$GLCTL" set "$sw" unknown-unicast flood
	"$GLCTL" port set "$sw" port "$pr" role none
}

# reconciled PORT: the port's counters add up (every ingress drop counter
# present: a missing one would add as 0)
reconciled()
{
	"$GLCTL" -j -s port show "$sw" | jq -e --arg p "$1" '.[] | select(.ifname == $p) |
		.stats | [.drop_runt, .drop_bad_src, .drop_vlan, .drop_loop,
			  .drop_down, .drop_filtered, .drop_forged_src,
			  .drop_stacked_tag] as $d |
		($d | all(. != null)) and .rx_packets == .rx_accepted + ($d | add)' >/dev/null
}

# A VXLAN port whose underlay is routed out of lan0 itself: every flood
# goes back in.  (With "dev lan0" the VXLAN device would be stacked on the
# switch, which port add refuses outright.)
host_loop()
{
	local vx=gvx$GL_ID loops

	ip addr add 192.0.2.1/24 dev "$sw" &&
		ip neigh replace 192.0.2.2 lladdr 02:00:00:00:7e:01 dev "$sw" nud permanent &&
		ip link add "$vx" type vxlan id 42 remote 192.0.2.2 local 192.0.2.1 \
			dstport 4789 && gl_quiet "$vx" &&
		ip link set "$vx" up && ip link set "$vx" master "$sw" ||
		{ ktap_test_fail "loop: cannot set up the vxlan port"; return; }
	GL_DEVS=("$vx" "${GL_DEVS[@]}")
	loops=$(gl_sw_stat "$sw" drop_loop)
	gl_ns_send "$NSB" eth0 -s "$MB" -d ff:ff:ff:ff:ff:ff -n $N
	gl_settle
	gl_check "the loop is cut: drop_loop counted" \
		test "$(gl_sw_stat "$sw" drop_loop)" -gt "$loops"
	gl_check "no 'Dead loop' recursion in the kernel log" \
		bash -c "! dmesg | tail -n 200 | grep -q 'Dead loop on virtual device $vx'"
	ip link del "$vx"
	gl_rx_mark T2 "$NST2" eth0
	gl_ns_send "$NST1" eth0 -s "$MT1" -d ff:ff:ff:ff:ff:ff -n $N
	gl_settle
	gl_check_eq "the switch forwards normally afterwards" $N "$(gl_rx_delta T2)"
	ip addr del 192.0.2.1/24 dev "$sw"
}

for t in $TESTS; do
	"$t"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
