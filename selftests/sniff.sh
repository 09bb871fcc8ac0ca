#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host sniffing: while the switch device is promiscuous (tcpdump -i SWITCH),
# the host gets one copy of every frame crossing the switch on every VLAN,
# 802.1Q-tagged, except frames it gets anyway (its own VLAN 1, untagged);
# no guest gets anything extra; without tcpdump the host gets nothing.
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$(dirname "$(readlink -f "$0")")/lib_promisc.sh"

gl_pr_require

ktap_print_header
ktap_set_plan 7
gl_dmesg_mark

gl_pr_topo || ktap_exit_fail_msg "cannot set up the topology"
BC=ff:ff:ff:ff:ff:ff

gl_td_start H "" "$sw" || ktap_print_msg "tcpdump -i $sw did not start"
gl_td_start C "$NSC" eth0
gl_cap_start B "$NSB" raw eth0 -e "$GL_ETYPE"
gl_cap_start D "$NSD" raw eth0 -e "$GL_ETYPE"
gl_pr_traffic
# VLAN 1 (the host's own, untagged): C joins it untagged and broadcasts
"$GLCTL" vlan add "$sw" port "$pc" vid 1 pvid untagged
gl_ns_send "$NSC" eth0 -s "$MC" -d "$BC" -n 3
gl_settle
gl_td_stop H
gl_td_stop C

gl_check_eq "tcpdump -i $sw: every frame of VLANs 10 and 20 once, tagged" \
	"$(gl_pr_expect "$PR_N" "$PR_N" | sed "s/total=[0-9]*/total=$((4 * PR_N + 2 * PR_NB + 3))/")" \
	"$(gl_pr_summary H)"
gl_check_eq "tcpdump -i $sw: VLAN 1 broadcasts untagged, once" "3 0" \
	"$(gl_td_count H "$MC" "$BC" -) $(gl_td_count H "$MC" "$BC" 1)"
gl_check_eq "trunk C: no extra frames (broadcasts only)" \
	"$(gl_pr_expect 0 0)" "$(gl_pr_summary C)"
gl_check_eq "B: only A's unicast and broadcasts" $((PR_N + PR_NB)) "$(gl_cap_rx B)"
gl_check_eq "D: only E's unicast" "$PR_N" "$(gl_cap_rx D)"

gl_cap_start H2 "" raw "$sw" -e "$GL_ETYPE"
gl_pr_traffic
gl_settle
gl_check_eq "no tcpdump: the host gets nothing of VLANs 10 and 20" 0 "$(gl_cap_stop H2)"

gl_check "kernel log clean" gl_dmesg_clean

gl_finished
