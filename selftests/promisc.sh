#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Promiscuous ports: without a grant, asking for promiscuous mode (ip link,
# SIOCSIFFLAGS, /dev/guestlan) gives nothing but the "requested" state, a
# promisc_denied count and a promisc-ntf event; with a grant for VLAN 10 the
# trunk port C gets every A<->B frame once, tagged, and nothing of VLAN 20;
# promisc off stops it; leaving VLAN 10 and joining it again, or a grant
# replaced by one for VLAN 20, moves the copies with it (the datapath's VLAN
# filter of grants) (promisc_revoke.sh: revoke, all-VLAN grants, host
# packet sockets).  A grant-set with a VLAN range (grant.range, reply-only)
# is refused and grants nothing: C, promiscuous, still sees no VLAN 20.
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$(dirname "$(readlink -f "$0")")/lib_promisc.sh"

gl_pr_require


ktap_print_header
ktap_set_plan 46
gl_dmesg_mark

gl_pr_topo || ktap_exit_fail_msg "cannot set up the topology"
gl_bg MON "$GLCTL" -j monitor
sleep 0.5

denied()
{
	gl_port_stat "$sw" "$pc" promisc_denied
}

ptx()
{
	gl_port_stat "$sw" "$pc" promisc_tx
}

none=$(gl_pr_expect 0 0)
only10=$(gl_pr_expect "$PR_N" 0)

gl_check_eq "not promiscuous: C gets only the broadcasts of its VLANs" \
	"$none" "$(gl_pr_round base)"
gl_check_eq "initial state off" off "$(gl_promisc_state "$sw" "$pc")"

# --- no grant ---------------------------------------------------------------
for way in iplink sioc; do
	d0=$(denied); t0=$(ptx)
	gl_check "no grant, $way: promisc on accepted" gl_promisc_set $way "$pc" on
	gl_check "no grant, $way: state requested" gl_promisc_wait "$sw" "$pc" requested
	gl_check_eq "no grant, $way: promisc_denied +1" $((d0 + 1)) "$(denied)"
	if [ $way = iplink ]; then
		gl_check_eq "no grant, $way: C gets what a normal port gets" \
			"$none" "$(gl_pr_round ng$way)"
		gl_check_eq "no grant, $way: promisc_tx unchanged" "$t0" "$(ptx)"
	fi
	gl_promisc_set $way "$pc" off
	gl_check "no grant, $way: off again" gl_promisc_wait "$sw" "$pc" off
done

d0=$(denied)
gl_check_fail "no grant, glctl promisc on: EPERM" "not permitted" \
	"$GLCTL" promisc "$pc" on
gl_check_eq "no grant, glctl: promisc_denied +1, flag not set, state off" \
	"$((d0 + 1)) false off" \
	"$(denied) $(gl_user_promisc "$pc") $(gl_promisc_state "$sw" "$pc")"

gl_check "promisc-ntf off -> requested seen by glctl monitor" \
	slowwait 5 grep -q "\"event\":\"promisc\".*\"ifname\":\"$pc\".*\"state\":\"requested\",\"prev_state\":\"off\"" \
	"$GL_TMP/MON.out"

# --- a grant with a VLAN range: reply-only, refused ---------------------------
# (issue 10: grant.range 10..10 in a grant-set was accepted and read as "no
# VLAN given", a grant for every VLAN: C saw VLAN 20)
range_grant()
{
	python3 "$GL_DIR/nl_fuzz.py" --header "$GL_TOP/uapi/linux/guestlan_netlink.h" \
		--grant-range "$(gl_ifindex "$sw")" "$(gl_ifindex "$pc")" "$1"
}
gl_check "grant-set with grant.range 10..10: refused, the extack names it" \
	range_grant 10
gl_check_eq "refused range grant: C has no grant" null \
	"$(gl_port_json "$sw" "$pc" .grant)"
gl_check "refused range grant, iplink: promisc on accepted" \
	gl_promisc_set iplink "$pc" on
gl_check "refused range grant, iplink: state requested" \
	gl_promisc_wait "$sw" "$pc" requested
gl_check_eq "refused range grant: C gets what a normal port gets" \
	"$none" "$(gl_pr_round range)"
gl_promisc_set iplink "$pc" off
gl_check "refused range grant: off again" gl_promisc_wait "$sw" "$pc" off

# --- grant for VLAN 10 -----------------------------------------------------
"$GLCTL" grant "$sw" port "$pc" promisc vlan 10 ||
	ktap_exit_fail_msg "grant failed"
gl_check_eq "grant alone: state stays off" off "$(gl_promisc_state "$sw" "$pc")"
gl_check "grant 10, then grant-set with grant.range 20..20: refused" \
	range_grant 20
gl_check_eq "grant 10 after the refused range: still VLAN 10 only" "[10]" \
	"$(gl_port_json "$sw" "$pc" '.grant.vlans | tostring')"

for way in iplink sioc glctl; do
	t0=$(ptx)
	gl_check "grant 10, $way: promisc on" gl_promisc_set $way "$pc" on
	gl_check "grant 10, $way: state active" gl_promisc_wait "$sw" "$pc" active
	gl_check_eq "grant 10, $way: C gets A<->B once each, no VLAN 20 unicast" \
		"$only10" "$(gl_pr_round g$way)"
	gl_check_eq "grant 10, $way: promisc_tx +$((2 * PR_N))" \
		$((t0 + 2 * PR_N)) "$(ptx)"
	gl_promisc_set $way "$pc" off
	gl_check "grant 10, $way: off again" gl_promisc_wait "$sw" "$pc" off
done

# after promisc off: next frames are not copied
gl_check_eq "promisc off: no more copies" "$none" "$(gl_pr_round off)"

# --- the datapath's VLAN filter of grants (a frame of a VLAN no grant
# covers skips the granted ports) follows memberships and grants ----------
only20=$(gl_pr_expect 0 "$PR_N")
"$GLCTL" vlan del "$sw" port "$pc" vid 10 &&
	"$GLCTL" vlan add "$sw" port "$pc" vid 10 ||
	ktap_exit_fail_msg "vlan del/add failed"
gl_promisc_set iplink "$pc" on
gl_check "VLAN 10 left and joined again, promisc on: state active" \
	gl_promisc_wait "$sw" "$pc" active
gl_check_eq "... C gets A<->B once each again" "$only10" "$(gl_pr_round rejoin)"
"$GLCTL" grant "$sw" port "$pc" promisc vlan 20 ||
	ktap_exit_fail_msg "grant 20 failed"
gl_check_eq "grant replaced by VLAN 20: D<->E, nothing of VLAN 10" \
	"$only20" "$(gl_pr_round g20)"
gl_promisc_set iplink "$pc" off
gl_check "grant 20: off again" gl_promisc_wait "$sw" "$pc" off

gl_check "promisc-ntf requested/off -> active seen by glctl monitor" \
	slowwait 5 grep -q "\"ifname\":\"$pc\".*\"state\":\"active\"" "$GL_TMP/MON.out"

gl_check "kernel log clean" gl_dmesg_clean

gl_finished
