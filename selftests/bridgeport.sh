#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bridge-port roles: election and failover (exactly one role port, the
# active one, gets the frames for unknown destinations), unknown-unicast
# bridgeport-only, the port-set error codes, bridgeport-ntf events in
# "glctl -j monitor" and BRIDGEPORT=statechange uevents.
source "$(dirname "$(readlink -f "$0")")/lib_bp.sh"

bp_require_all
gl_require_cmd python3
sw=gs$GL_ID
ps=gps$GL_ID	# sender
pp=gpp$GL_ID	# plain port, never a role
pa=gpa$GL_ID	# role ports; ifindex pa < pb < pc
pb=gpb$GL_ID
pc=gpc$GL_ID
MS=02:00:00:00:05:01
MP=02:00:00:00:0f:01
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MC=02:00:00:00:0c:01
UU=02:00:00:00:ee:ee	# never seen as a source: unknown unicast
BC=ff:ff:ff:ff:ff:ff
N=5

ktap_print_header
ktap_set_plan 49

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSS && gl_ns_add NSP && gl_ns_add NSA && gl_ns_add NSB &&
	gl_ns_add NSC || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$ps" "$NSS" "$MS" && gl_guest_add "$sw" "$pp" "$NSP" "$MP" &&
	gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" &&
	gl_guest_add "$sw" "$pc" "$NSC" "$MC" || ktap_exit_fail_msg "cannot add guests"
gl_dmesg_mark
bp_mon_start "$sw" || ktap_exit_fail_msg "glctl monitor does not start"
bp_uev_start || ktap_exit_fail_msg "uevent reader does not start"

# uu DESC EXPECTED: N frames to the unknown MAC; frames sent out of
# P A B C ("-": not on the switch)
uu()
{
	gl_check_eq "$1: unknown unicast out of P A B C" "$2" \
		"$(bp_tx_counts "$sw" "$NSS" "$ps" "$MS" "$UU" $N "$pp" "$pa" "$pb" "$pc")"
}

I="none/inactive"

# 1. a secondary alone is active; a second secondary waits, even with a
#    lower ifindex (the active secondary stays while up)
bp_set "$sw" "$pc" role secondary
bp_check_states "C secondary alone: active" "$sw" "$I $I secondary/active" "$pa" "$pb" "$pc"
bp_set "$sw" "$pb" role secondary
bp_check_states "B secondary: standby, C stays active" "$sw" \
	"$I secondary/standby secondary/active" "$pa" "$pb" "$pc"
uu "B standby, C active" "$N $N 0 $N"

# 2. a primary takes over
bp_set "$sw" "$pa" role primary
bp_check_states "A primary: active, B and C standby" "$sw" \
	"primary/active secondary/standby secondary/standby" "$pa" "$pb" "$pc"
uu "A primary active" "$N $N 0 0"
gl_check_eq "A primary active: unknown unicast captured on P A B C" "$N $N 0 0" \
	"$(bp_rx_counts "$NSS" "$MS" "$UU" $N "$NSP" "$NSA" "$NSB" "$NSC")"

# 3. primary down: the secondary with the lowest ifindex (B)
ip link set "$pa" down
bp_check_states "A down: B active" "$sw" \
	"primary/inactive secondary/active secondary/standby" "$pa" "$pb" "$pc"
uu "A down" "$N 0 $N 0"
ip link set "$pa" up
bp_check_states "A up again: A active" "$sw" \
	"primary/active secondary/standby secondary/standby" "$pa" "$pb" "$pc"
uu "A up again" "$N $N 0 0"

# 4. primary removed from the switch
ip link set "$pa" nomaster
bp_check_states "A removed: B active" "$sw" "- secondary/active secondary/standby" \
	"$pa" "$pb" "$pc"
uu "A removed" "$N - $N 0"

# 5. the active secondary goes down, then up again
ip link set "$pb" down
bp_check_states "B down: C active" "$sw" "- secondary/inactive secondary/active" \
	"$pa" "$pb" "$pc"
uu "B down" "$N - 0 $N"
ip link set "$pb" up
bp_check_states "B up: standby, C stays active" "$sw" \
	"- secondary/standby secondary/active" "$pa" "$pb" "$pc"
uu "B up" "$N - 0 $N"

# 6. unknown-unicast bridgeport-only
"$GLCTL" set "$sw" unknown-unicast bridgeport-only
gl_check_eq "switch shows unknown-unicast bridgeport-only" bridgeport-only \
	"$(gl_sw_get "$sw" .unknown_unicast)"
uu "bridgeport-only" "0 - 0 $N"
gl_check_eq "bridgeport-only: broadcast still out of P, B, C" "$N - $N $N" \
	"$(bp_tx_counts "$sw" "$NSS" "$ps" "$MS" "$BC" $N "$pp" "$pa" "$pb" "$pc")"
bp_set "$sw" "$pc" role none
bp_check_states "C role none: B active" "$sw" "secondary/active $I" "$pb" "$pc"
uu "bridgeport-only, B active" "0 - $N 0"
bp_set "$sw" "$pb" role none
filt=$(gl_port_stat "$sw" "$ps" drop_filtered)
uu "bridgeport-only, no bridge port" "0 - 0 0"
gl_check_eq "no bridge port: drop_filtered +$N on the ingress port" $((filt + N)) \
	"$(gl_port_stat "$sw" "$ps" drop_filtered)"
"$GLCTL" set "$sw" unknown-unicast flood
uu "flood again, no roles" "$N - $N $N"

# 7. events so far: the states each port went through, in order
seq_of()
{
	bp_mon_events "select(.event == \"bridgeport\" and .ifname == \"$1\") |
		.state" | tr -d '"' | xargs
}
uev_of()
{
	awk -v p="$1" '$1 == p { print $4 }' "$BP_UEV" | xargs
}
gl_check_eq "monitor: C's states in order" "active standby active inactive" "$(seq_of "$pc")"
gl_check_eq "monitor: B's states in order" \
	"standby active standby active inactive standby active inactive" "$(seq_of "$pb")"
gl_check_eq "monitor: A's states in order" "active inactive active inactive" "$(seq_of "$pa")"
gl_check "monitor: A primary takeover event complete" bp_mon_has \
	"select(.event == \"bridgeport\" and .switch == \"$sw\" and .ifname == \"$pa\" and
		.ifindex == $(gl_ifindex "$pa") and .role == \"primary\" and
		.state == \"active\" and .prev_state == \"inactive\")"
gl_check "monitor: C active -> standby on the takeover" bp_mon_has \
	"select(.event == \"bridgeport\" and .ifname == \"$pc\" and .role == \"secondary\" and
		.state == \"standby\" and .prev_state == \"active\")"
gl_check_eq "uevents: C's states in order" "active standby active inactive" "$(uev_of "$pc")"
gl_check_eq "uevents: B's states in order" \
	"standby active standby active inactive standby active inactive" "$(uev_of "$pb")"
gl_check_eq "uevents: A's states in order" "active inactive active inactive" "$(uev_of "$pa")"
gl_check "uevent: A primary active (BRIDGEPORT=statechange ROLE STATE)" \
	bp_uev_has "$pa statechange primary active"
gl_check "uevent: C role none inactive" bp_uev_has "$pc statechange none inactive"

# 8. error codes
ip link set "$pa" master "$sw"
bp_check_states "A back on the switch without a role" "$sw" "$I" "$pa"
bp_set "$sw" "$pa" role primary
bp_check_states "A primary again" "$sw" "primary/active" "$pa"
gl_check_fail "second primary refused (glctl)" "already has a primary|exists" \
	bp_set "$sw" "$pb" role primary
bp_check_errno "second primary: EEXIST" EEXIST "$sw" "$pb" role=primary
gl_check_fail "same role again refused (glctl)" "already has this role|busy" \
	bp_set "$sw" "$pa" role primary
bp_check_errno "same role again: EBUSY" EBUSY "$sw" "$pa" role=primary
bp_set "$sw" "$pb" flooding off
gl_check_fail "role with non-default VNIC characteristics refused (glctl)" \
	"characteristics|busy" bp_set "$sw" "$pb" role secondary
bp_check_errno "role with non-default VNIC characteristics: EBUSY" EBUSY \
	"$sw" "$pb" role=secondary
bp_set "$sw" "$pb" flooding on
gl_check_fail "VNIC characteristics on a role port refused (glctl)" \
	"characteristics|busy" bp_set "$sw" "$pa" flooding off
bp_check_errno "VNIC characteristics on a role port: EBUSY" EBUSY "$sw" "$pa" flooding=0
gl_check_eq "role port's characteristics unchanged" "true primary" \
	"$(bp_port "$sw" "$pa" '"\(.vnicc.flooding) \(.role)"')"
bp_set "$sw" "$pb" reflect_promisc secondary
gl_check_fail "role set directly with reflect_promisc refused (glctl)" \
	"promisc|not permitted" bp_set "$sw" "$pb" role secondary
bp_check_errno "role set directly with reflect_promisc: EPERM" EPERM \
	"$sw" "$pb" role=secondary
bp_set "$sw" "$pb" reflect_promisc none
bp_check_states "after the refusals: A primary active, B none" "$sw" \
	"primary/active $I" "$pa" "$pb"
gl_check "no kernel warnings" gl_dmesg_clean

gl_finished
