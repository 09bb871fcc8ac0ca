#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Promiscuous ports, continued: revoking the grant of an active port stops
# the copies (state "requested", counted as denied); a packet socket on the
# port (tcpdump -i PORT on the host) is not the guest asking; a grant
# without VLANs covers every VLAN the port is in, and no more.
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$(dirname "$(readlink -f "$0")")/lib_promisc.sh"

gl_pr_require

ktap_print_header
ktap_set_plan 10
gl_dmesg_mark

gl_pr_topo || ktap_exit_fail_msg "cannot set up the topology"

denied()
{
	gl_port_stat "$sw" "$pc" promisc_denied
}

none=$(gl_pr_expect 0 0)
all=$(gl_pr_expect "$PR_N" "$PR_N")

"$GLCTL" grant "$sw" port "$pc" promisc vlan 10 ||
	ktap_exit_fail_msg "grant failed"

# revoke while active: requested again, counted as denied, no more copies
gl_promisc_set iplink "$pc" on
gl_check "grant 10, promisc on: state active" gl_promisc_wait "$sw" "$pc" active
d0=$(denied)
"$GLCTL" revoke "$sw" port "$pc" promisc
gl_check "revoke: state requested" gl_promisc_wait "$sw" "$pc" requested
gl_check_eq "revoke: promisc_denied +1" $((d0 + 1)) "$(denied)"
gl_check_eq "revoke: no more copies" "$none" "$(gl_pr_round revoked)"
gl_promisc_set iplink "$pc" off
gl_promisc_wait "$sw" "$pc" off

# a packet socket on the port (switch side) is not the guest asking
"$GLCTL" grant "$sw" port "$pc" promisc vlan 10
gl_td_start HOST "" "$pc" || ktap_print_msg "tcpdump -i $pc did not start"
sleep 0.6
gl_check_eq "tcpdump -i $pc on the host: state off" off "$(gl_promisc_state "$sw" "$pc")"
gl_check_eq "tcpdump -i $pc on the host: no copies to C" "$none" "$(gl_pr_round hosttd)"
gl_td_stop HOST
gl_check_eq "tcpdump -i $pc on the host: user flag not set" false "$(gl_user_promisc "$pc")"

# a grant without VLANs: every VLAN of the port
"$GLCTL" grant "$sw" port "$pc" promisc
gl_promisc_set iplink "$pc" on
gl_promisc_wait "$sw" "$pc" active
gl_check_eq "grant all VLANs: C gets A<->B and D<->E once each" "$all" "$(gl_pr_round gall)"
# take VLAN 20 away from C: the grant no longer covers it
"$GLCTL" vlan del "$sw" port "$pc" vid 20
gl_check_eq "grant all, C leaves VLAN 20: no VLAN 20 at all" \
	"ab=$PR_N ba=$PR_N de=0 ed=0 bc10=$PR_NB bc20=0 total=$((2 * PR_N + PR_NB))" \
	"$(gl_pr_round gall10)"
gl_promisc_set iplink "$pc" off

gl_check "kernel log clean" gl_dmesg_clean

gl_finished
