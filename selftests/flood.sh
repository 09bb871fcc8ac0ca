#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Broadcast, multicast and unknown unicast reach every other running port
# exactly once, never the ingress port; flooded counters.  The host gets
# broadcast and multicast; unknown unicast only while the switch device is
# promiscuous (its own addresses are in the FDB, as a bridge's are).
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
pc=gpc$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MC=02:00:00:00:0c:01
N=20

ktap_print_header
ktap_set_plan 27

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB && gl_ns_add NSC || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" &&
	gl_guest_add "$sw" "$pc" "$NSC" "$MC" || ktap_exit_fail_msg "cannot add guests"

# flood_case NAME DST [HOST]: A sends N frames to DST; B and C get N, the
# host HOST (default N), A gets 0
flood_case()
{
	local name=$1 dst=$2 host=${3:-$N}
	local fa fb fc

	fa=$(gl_port_stat "$sw" "$pa" flooded)
	fb=$(gl_port_stat "$sw" "$pb" flooded)
	fc=$(gl_port_stat "$sw" "$pc" flooded)
	gl_cap_start A "$NSA" raw eth0 -s "$MA" -e "$GL_ETYPE"
	gl_cap_start B "$NSB" raw eth0 -s "$MA" -e "$GL_ETYPE"
	gl_cap_start C "$NSC" raw eth0 -s "$MA" -e "$GL_ETYPE"
	gl_cap_start H "" raw "$sw" -s "$MA" -e "$GL_ETYPE"
	gl_ns_send "$NSA" eth0 -s "$MA" -d "$dst" -n $N
	gl_settle
	gl_check_eq "$name: B and C receive $N each" "$N $N" "$(gl_cap_rx B) $(gl_cap_rx C)"
	gl_check_eq "$name: nothing back to A" 0 "$(gl_cap_rx A)"
	gl_check_eq "$name: host (switch device) receives $host" "$host" "$(gl_cap_stop H)"
	gl_check_eq "$name: flooded +$N on B and C, +0 on A" \
		"$((fa)) $((fb + N)) $((fc + N))" \
		"$(gl_port_stat "$sw" "$pa" flooded) $(gl_port_stat "$sw" "$pb" flooded) $(gl_port_stat "$sw" "$pc" flooded)"
}

flood_case broadcast ff:ff:ff:ff:ff:ff
flood_case multicast 01:00:5e:01:02:03
flood_case "unknown unicast" 02:00:00:00:ee:ee 0
ip link set "$sw" promisc on
flood_case "unknown unicast, switch device promiscuous" 02:00:00:00:ee:ee
ip link set "$sw" promisc off

# The host's unicast filter cannot be synced: a macvlan on the switch
# device takes a MAC that is static on port B, which allows no takeover
# (EBUSY).  Until the filter is whole again the host takes unknown
# unicast, as if promiscuous; a frame for the macvlan is B's meanwhile.
MV=02:00:00:00:0b:99
"$GLCTL" fdb add "$sw" mac "$MV" port "$pb"
ip link add link "$sw" name "gmv$GL_ID" address "$MV" type macvlan mode bridge &&
	sysctl -qw "net.ipv6.conf.gmv$GL_ID.disable_ipv6=1" &&	# it sends nothing
	ip link set "gmv$GL_ID" up
flood_case "unknown unicast, host's unicast filter not synced" 02:00:00:00:ee:ee
ip link del "gmv$GL_ID"
flood_case "unknown unicast, unicast filter synced again" 02:00:00:00:ee:ee 0
"$GLCTL" fdb del "$sw" mac "$MV"
gl_check "unknown destination not learned" gl_fdb_absent "$sw" 02:00:00:00:ee:ee

# a port whose link is down gets nothing
ip -n "$NSC" link set eth0 down
slowwait 10 bash -c "! ip link show '$pc' | grep -q LOWER_UP"
fc=$(gl_port_stat "$sw" "$pc" flooded)
gl_cap_start B "$NSB" raw eth0 -s "$MA" -e "$GL_ETYPE"
gl_ns_send "$NSA" eth0 -s "$MA" -n $N
gl_settle
gl_check_eq "port down: B still gets $N" $N "$(gl_cap_rx B)"
gl_check_eq "port down: nothing flooded to it" "$fc" "$(gl_port_stat "$sw" "$pc" flooded)"

gl_finished
